#!/usr/bin/env bash
# fetch.sh DEST: download the real-package corpus of packages.txt and crates.txt.
#   DEST/whl/      the wheels           DEST/src/NAME/  each wheel unzipped
#   DEST/crates/   a scratch crate whose vendor/ holds every crate of crates.txt and its deps
# A package or crate that cannot be had is skipped with a warning on stderr.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "${1:?usage: fetch.sh DEST}"
dest=$(cd "$1" && pwd)
mkdir -p "$dest/whl" "$dest/src"
warn() { echo "fetch.sh: warning: $*" >&2; }
entries() { grep -v -e '^[[:space:]]*#' -e '^[[:space:]]*$' "$1"; }

# Download one spec; print the path of its wheel (pip says "Saved X" or "File was already downloaded X").
download() {
  local log
  log=$(pip download --no-deps --only-binary :all: "$1" -d "$dest/whl" 2>&1) || return 1
  sed -n -e 's/^Saved //p' -e 's/^File was already downloaded //p' <<<"$log" | grep '\.whl$' | tail -1
}

# PyPI: pinned first, then the unpinned name; unzip into src/NAME unless it is there.
for spec in $(entries "$here/packages.txt"); do
  name=${spec%%==*}
  [ -d "$dest/src/$name" ] && continue
  if ! whl=$(download "$spec"); then
    [ "$spec" = "$name" ] && { warn "$name: no wheel, skipped"; continue; }
    warn "$spec: no wheel, trying the newest $name"
    whl=$(download "$name") || { warn "$name: no wheel, skipped"; continue; }
  fi
  rm -rf "$dest/src/$name.part"
  if unzip -q -o "$whl" -d "$dest/src/$name.part"; then mv "$dest/src/$name.part" "$dest/src/$name"
  else warn "$whl: cannot unzip, skipped"; fi
done

# Crates: a scratch library depending on every crate; drop a crate that does not resolve.
crates=$dest/crates
mkdir -p "$crates"
[ -f "$crates/Cargo.toml" ] || cargo init -q --lib --name realcrates "$crates"
# A crate a later round lists again is a duplicate key for cargo: keep its first line.
deps=$(entries "$here/crates.txt" | awk '!seen[$1]++')
cd "$crates"
while :; do
  # [package] as cargo init made it, then the dependencies left
  { sed '/^\[dependencies\]/q' Cargo.toml; echo "$deps"; } >Cargo.toml.new && mv Cargo.toml.new Cargo.toml
  rm -f Cargo.lock
  err=$(cargo generate-lockfile 2>&1) && break
  # The first dependency named in `backquotes` in cargo's error is the one to drop.
  bad=$(grep -o '`[A-Za-z0-9_-]*' <<<"$err" | tr -d '`' | grep -m1 -Fxf <(cut -d' ' -f1 <<<"$deps")) ||
    { echo "$err" >&2; exit 1; }
  warn "crate $bad does not resolve, dropped: $(grep -m1 error <<<"$err")"
  deps=$(grep -v "^$bad " <<<"$deps")
done
cargo vendor -q --locked vendor >/dev/null
echo "fetch.sh: $(ls "$dest/src" | wc -l) packages in $dest/src, $(ls vendor | wc -l) crates in $crates/vendor" >&2
