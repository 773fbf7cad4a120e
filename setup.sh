#!/usr/bin/env bash
# One-command setup: a virtual environment in .venv with spinscope and its dev tools.
set -euo pipefail
cd "$(dirname "$0")"
PYTHON="${PYTHON:-python3.11}"
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade "pip==25.3"
# torch first: its pinned CPU build lies on this machine's disk; a looser resolution
# would fetch a CUDA build of several GB
.venv/bin/python -m pip install --quiet "torch==2.13.0"
.venv/bin/python -m pip install --quiet -e ".[dev]" -c constraints.txt
# the browser tests (HTML report) drive Debian's Chromium through Playwright
if ! command -v chromium >/dev/null; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        { apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
            apt-get install -y -qq --no-install-recommends chromium >/dev/null; } \
            || echo "note: could not install Chromium; the browser tests need it" >&2
    else
        echo "note: install Chromium (Debian: apt-get install chromium) for the browser tests" >&2
    fi
fi
.venv/bin/spinscope --version
