#!/usr/bin/env bash
# Times `knot check` against ruff's concurrency subset on this machine's CPython standard library
# (without site-packages and test directories), alternating runs, and prints medians, the
# knot/ruff ratio, throughput and peak memory. See bench/README.md.
set -euo pipefail
cd "$(dirname "$0")"
BENCH_DIR=$(pwd)
RUNS=${RUNS:-7}
PYTHON=${PYTHON:-python3}
RUFF_SELECT="ASYNC,RUF006,SIM115,PLW1510,PLW1509"

# 1. ruff, from PyPI, in a local virtualenv.
if [ ! -x .venv/bin/ruff ]; then
    "$PYTHON" -m venv .venv
    .venv/bin/pip install --quiet ruff
fi
RUFF="$BENCH_DIR/.venv/bin/ruff"

# 2. The corpus: the stdlib of the interpreter, minus site-packages/ and the test/ package.
STDLIB=$("$PYTHON" -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')
if [ ! -d corpus ]; then
    mkdir -p corpus
    (cd "$STDLIB" && find . -name '*.py' -not -path './site-packages/*' -not -path './test/*' -print0) \
        | (cd "$STDLIB" && xargs -0 cp --parents -t "$BENCH_DIR/corpus")
fi
FILES=$(find corpus -name '*.py' | wc -l)
LINES=$(find corpus -name '*.py' -print0 | xargs -0 cat | wc -l)

# 3. knot, release build.
(cd .. && cargo build --release --quiet)
KNOT="$BENCH_DIR/../target/release/knot"

if ! [ -x /usr/bin/time ]; then
    apt-get install -y -qq time >/dev/null
fi

# One timed run: prints "wall_seconds peak_rss_kib". Exit status 1 (findings) is expected.
measure() {
    local log
    log=$(mktemp)
    /usr/bin/time -f '%e %M' -o "$log" "$@" >/dev/null 2>&1 || true
    tail -n 1 "$log"
    rm -f "$log"
}

knot_times=()
ruff_times=()
knot_rss=0
ruff_rss=0
for _ in $(seq "$RUNS"); do
    read -r t m < <(measure "$KNOT" check --quiet corpus)
    knot_times+=("$t")
    [ "$m" -gt "$knot_rss" ] && knot_rss=$m
    read -r t m < <(measure "$RUFF" check --no-cache --isolated --select "$RUFF_SELECT" --quiet corpus)
    ruff_times+=("$t")
    [ "$m" -gt "$ruff_rss" ] && ruff_rss=$m
done

"$PYTHON" - "$FILES" "$LINES" "$knot_rss" "$ruff_rss" "${knot_times[*]}" "${ruff_times[*]}" <<'PY'
import statistics, sys
files, lines, knot_rss, ruff_rss = (int(x) for x in sys.argv[1:5])
knot = [float(x) for x in sys.argv[5].split()]
ruff = [float(x) for x in sys.argv[6].split()]
k, r = statistics.median(knot), statistics.median(ruff)
print(f"corpus: {files} files, {lines} lines; {len(knot)} alternating runs each")
print(f"knot: median {k:.3f} s  ({files / k:,.0f} files/s, {lines / k:,.0f} lines/s)  peak RSS {knot_rss / 1024:.1f} MiB  runs {knot}")
print(f"ruff: median {r:.3f} s  ({files / r:,.0f} files/s, {lines / r:,.0f} lines/s)  peak RSS {ruff_rss / 1024:.1f} MiB  runs {ruff}")
print(f"ratio knot/ruff: {k / r:.2f}x wall, {knot_rss / max(ruff_rss, 1):.2f}x memory")
PY
