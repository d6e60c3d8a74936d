#!/usr/bin/env bash
# Set up everything the test suite needs, then run it: the README's second command.
#
#   bash tools/test.sh [PYTEST ARGS...]
#
# 1. a virtual environment with styrgraf and its development tools (.venv);
# 2. the outside programs the tests drive, where they are missing (tools/test-peers.sh);
# 3. the whole suite. pytest's "no tests collected" (exit 5) counts as a failure.
set -uo pipefail
cd "$(dirname "$0")/.."

python3 -m venv .venv && .venv/bin/pip install -q -e '.[dev]' || exit 1
bash tools/test-peers.sh || exit 1

.venv/bin/python -m pytest "$@"
status=$?
if [ "$status" -eq 5 ]; then
    echo "pytest collected no tests" >&2
    exit 1
fi
exit "$status"
