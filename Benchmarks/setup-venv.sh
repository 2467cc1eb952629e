#!/usr/bin/env bash
# Creates Benchmarks/.venv (if absent) and installs Benchmarks/python/requirements.txt into it.
# Idempotent: a venv whose installed requirements match the file is left alone.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
venv="$here/.venv"
req="$here/python/requirements.txt"
stamp="$venv/.requirements.installed"

python="${PYTHON:-python3}"
if [ ! -x "$venv/bin/python" ]; then
    echo "setup-venv: creating $venv" >&2
    "$python" -m venv "$venv"
fi
# Reinstall only when requirements.txt changed since the last successful install.
if [ -f "$stamp" ] && cmp -s "$req" "$stamp"; then
    exit 0
fi
echo "setup-venv: installing $(grep -v '^#' "$req" | xargs)" >&2
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$req"
cp "$req" "$stamp"
