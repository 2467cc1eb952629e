#!/usr/bin/env bash
# Benchmarks: jbt against the CP-SAT reference, every solution checked by the independent validator.
#
#   Benchmarks/run.sh [INSTANCE ...] [--quick] [--national] [--greedy]
#
#   (no arguments)  every instance in Benchmarks/instances/: jbt, CP-SAT 10 s and CP-SAT 60 s
#   --quick         the small instances only, CP-SAT 10 s only
#   --national      the national preset (42 regions, 52 weeks, ~14,500 cases; generated to /tmp):
#                   jbt only, seconds and peak RSS under /usr/bin/time -v
#   --greedy        also jbt-bench's greedy baselines
#
# Sets up Benchmarks/.venv (OR-Tools), builds jbt-bench in release mode unless $JBT_BENCH names a
# binary to use instead, and leaves solutions, logs and summary.json in out/bench/.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"

"$here/setup-venv.sh"

if [ -z "${JBT_BENCH:-}" ]; then
    echo "run.sh: swift build -c release --product jbt-bench" >&2
    (cd "$repo" && swift build -c release --product jbt-bench)
    JBT_BENCH="$repo/.build/release/jbt-bench"
fi

# The national run measures peak memory with GNU time.
for arg in "$@"; do
    if [ "$arg" = "--national" ] && [ ! -x /usr/bin/time ]; then
        sudo=""; [ "$(id -u)" = "0" ] || sudo="sudo"
        $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq time
    fi
done

exec "$here/.venv/bin/python" "$here/python/compare.py" --jbt "$JBT_BENCH" "$@"
