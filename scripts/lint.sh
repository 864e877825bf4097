#!/usr/bin/env bash
# Static checks, run by the test command before the tests (and by `make lint`): ruff's lint
# rules and format check over every Python file, and mypy over the typed core (pyproject.toml
# [tool.mypy] lists it). Exits non-zero when any of them finds something.
set -uo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-.venv/bin/python}
PATHS=(bridge tests bench examples docs scripts)
status=0
run() {
  echo "+ $*"
  "$@" || status=1
}
run "$PYTHON" -m ruff check "${PATHS[@]}"
run "$PYTHON" -m ruff format --check "${PATHS[@]}"
run "$PYTHON" -m mypy
if [ $status -ne 0 ]; then
  echo "lint: FAILED (fix the findings above; \`.venv/bin/ruff format <files>\` applies the formatting)"
else
  echo "lint: passed"
fi
exit $status
