#!/usr/bin/env bash
# Invitation messages per second: jbt (libical, release build) beside Python icalendar producing
# the same events, in one run.   Benchmarks/invites.sh [COUNT]   (default 3000)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
count="${1:-3000}"
"$here/setup-venv.sh"
(cd "$here/.." && swift build -c release --product jbt-bench >&2)
"$here/../.build/release/jbt-bench" invites "$count"
"$here/.venv/bin/python" "$here/python/invites_icalendar.py" "$count"
