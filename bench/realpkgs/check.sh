#!/usr/bin/env bash
# check.sh KNOT DEST OUT: run KNOT on the corpus fetch.sh made in DEST, one JSON file per target:
#   OUT/NAME.json        DEST/src/NAME (a wheel)
#   OUT/stdlib.json      this python3's standard library, without site-packages and test
#   OUT/crate-NAME.json  DEST/crates/vendor/NAME
# knot runs inside each target, so the paths in the JSON are relative to it (compare.py
# matches on them). Two targets at a time (the machine has 2 cores).
set -euo pipefail
[ $# -eq 3 ] || { echo "usage: check.sh KNOT DEST OUT" >&2; exit 2; }
knot=$(realpath "$1")
dest=$(realpath "$2")
mkdir -p "$3"
out=$(realpath "$3")
stdlib=$(python3 -c 'import sysconfig;print(sysconfig.get_paths()["stdlib"])')

# One target: check_one NAME DIR [KNOT ARGS...]. Exit 1 means findings; anything else is a warning.
check_one() {
  local name=$1 dir=$2 rc=0
  shift 2
  (cd "$dir" && "$knot" check --select ALL --preview --format json -q "$@" .) >"$out/$name.json" || rc=$?
  [ "$rc" -le 1 ] || echo "check.sh: warning: $name: knot exited $rc" >&2
}
export -f check_one
export knot out

# Targets as "NAME DIR [ARGS]" lines, fed to two workers.
shopt -s nullglob
{
  echo "stdlib $stdlib --exclude site-packages --exclude test"
  for d in "$dest"/src/*/; do echo "$(basename "$d") $d"; done
  for d in "$dest"/crates/vendor/*/; do echo "crate-$(basename "$d") $d"; done
} | xargs -P 2 -L 1 bash -c 'check_one "$@"' check_one
