#!/usr/bin/env bash
# Word documents per second: jbt (release build) filling Templates/verslag.docx with the full
# sample, beside docxtpl (Python) filling an equivalent template with the same data, in one run.
#   Benchmarks/docs.sh [COUNT]   (default 500; docxtpl gets COUNT/10)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
count="${1:-500}"
"$here/setup-venv.sh"
(cd "$repo" && swift build -c release --product jbt-bench >&2)
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$repo" && .build/release/jbt-bench docs "$count" --sample-json "$work/verslag.json")
"$here/.venv/bin/python" "$here/python/docs_docxtpl.py" "$work/verslag.json" "$(( count / 10 > 0 ? count / 10 : 1 ))" --keep "$work/docxtpl.docx"
