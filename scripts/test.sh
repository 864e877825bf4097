#!/usr/bin/env bash
# The whole test suite. Each engine runs in a pytest session of its own, because one process
# holds one engine (Theano and PyTensor cannot share a process; CNTK needs CPython 3.6).
# A last line adds the sessions up. Usage: scripts/test.sh [extra pytest arguments]
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
REPORTS=$ROOT/.cache/reports
mkdir -p "$REPORTS"
rm -f "$REPORTS"/*.xml

# Tests never read the user's keras.json: they get their own folder, and choose engines explicitly.
export KERAS_HOME=$ROOT/.cache/keras-home
export KERASBRIDGE_CACHE_DIR=$ROOT/.cache
export TF_CPP_MIN_LOG_LEVEL=${TF_CPP_MIN_LOG_LEVEL:-2}
unset KERAS_BACKEND KERAS_IMPLEMENTATION KERAS_PYTHON KERASBRIDGE_THEANO_LIBRARY

failed=()

session() {  # session NAME PYTHON [VAR=VALUE...] -- PYTEST ARGS...
  local name=$1 python=$2; shift 2
  local assignments=()
  while [ "$1" != "--" ]; do assignments+=("$1"); shift; done
  shift
  printf '\n=== %s ===\n' "$name"
  if ! env "${assignments[@]}" "$python" -m pytest -q -p no:cacheprovider \
      --junitxml="$REPORTS/$name.xml" "$@" "${EXTRA[@]}"; then
    failed+=("$name")
  fi
}

EXTRA=("$@")
MAIN=$ROOT/.venv/bin/python
PY36=$ROOT/.venv-cntk/bin/python

# CNTK's own tests need CPython 3.6: they run in the cntk session below.
session main "$MAIN" KERAS_BACKEND=tensorflow -- tests --ignore=tests/engines/test_cntk_engine.py
if [ -x "$PY36" ]; then
  session core-python3.6 "$PY36" -- tests/core tests/discovery
  session cntk "$PY36" KERAS_BACKEND=cntk -- tests/conformance tests/engines/test_cntk_engine.py
else
  echo "=== core-python3.6 and cntk: SKIPPED: no .venv-cntk (setup found no CPython 3.6) ==="
fi

"$MAIN" scripts/junit_total.py "$REPORTS"/*.xml
if [ ${#failed[@]} -gt 0 ]; then
  echo "failed sessions: ${failed[*]}"
  exit 1
fi
