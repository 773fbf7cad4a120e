#!/usr/bin/env bash
# One-command setup: a virtual environment in .venv with spinscope and its dev tools.
set -euo pipefail
cd "$(dirname "$0")"
PYTHON="${PYTHON:-python3.11}"
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade "pip==25.3"
.venv/bin/python -m pip install --quiet -e ".[dev]"
.venv/bin/spinscope --version
