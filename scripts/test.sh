#!/usr/bin/env bash
# The whole test suite. Each engine runs in a pytest session of its own, because one process
# holds one engine (Theano and PyTensor cannot share a process; CNTK needs CPython 3.6).
# Sessions run in two lanes at once (the machines have 2 cores); each session's output is
# printed whole when it ends, and a last line adds the sessions up.
# Usage: scripts/test.sh [extra pytest arguments, passed to every session]
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
REPORTS=$ROOT/.cache/reports
mkdir -p "$REPORTS" "$ROOT/.cache/pytest-tmp"
rm -f "$REPORTS"/*.xml "$REPORTS"/*.log "$REPORTS"/*.rc "$REPORTS"/conformance-*.json \
  "$REPORTS"/differential-*.json

# Tests never read the user's keras.json: they get their own folder, and choose engines explicitly.
export KERAS_HOME=$ROOT/.cache/keras-home
# Compile caches (Theano, PyTensor) and discovery's cache: per user, outside the clone, so a new
# clone starts warm (a cold Theano cache costs minutes; its entries are keyed by their code).
export KERASBRIDGE_CACHE_DIR=${KERASBRIDGE_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/kerasbridge-tests}
# Keras 2.3.1's answers to the differential cases (tests/differential): computed once per machine
# (cold: ~6 min on 2 cores, ~40 s with a warm Theano cache), shared by every session and lane.
export KERASBRIDGE_ORACLE_CACHE=${KERASBRIDGE_ORACLE_CACHE:-$KERASBRIDGE_CACHE_DIR/differential}
# Each conformance session writes conformance-<engine>.json, and each differential session
# differential-<engine>.json: the engine reference is built from them.
export KERASBRIDGE_CONFORMANCE_REPORT=$REPORTS
unset KERAS_BACKEND KERAS_IMPLEMENTATION KERAS_PYTHON KERASBRIDGE_THEANO_LIBRARY

EXTRA=("$@")
MAIN=$ROOT/.venv/bin/python
PY36=$ROOT/.venv-cntk/bin/python
MODERN=$ROOT/.venv-modern/bin/python

session() {  # session NAME PYTHON [VAR=VALUE...] -- PYTEST ARGS...
  local name=$1 python=$2 started=$SECONDS; shift 2
  local assignments=()
  while [ "$1" != "--" ]; do assignments+=("$1"); shift; done
  shift
  # Each session gets its own --basetemp: by default pytest removes all but the newest three
  # of its temporary folders when a session starts, which would pull them from under a session
  # still running in the other lane.
  env "${assignments[@]}" "$python" -m pytest -q -p no:cacheprovider \
    --basetemp="$ROOT/.cache/pytest-tmp/$name" --junitxml="$REPORTS/$name.xml" \
    "$@" "${EXTRA[@]}" > "$REPORTS/$name.log" 2>&1
  echo $? > "$REPORTS/$name.rc"
  printf '=== %s finished (exit %s, %d s): %s\n' "$name" "$(cat "$REPORTS/$name.rc")" \
    $((SECONDS - started)) "$(tail -n 1 "$REPORTS/$name.log")"
}

lane_main() {
  # CNTK's own tests need CPython 3.6: they run in the cntk session.
  # Its own compile cache: Theano and PyTensor lock their cache while compiling, and the R tests'
  # Theano processes would otherwise queue behind the other lane's sessions.
  session main "$MAIN" KERAS_BACKEND=tensorflow KERASBRIDGE_CACHE_DIR="$KERASBRIDGE_CACHE_DIR/main-lane" \
    -- tests --ignore=tests/engines/test_cntk_engine.py \
    --ignore=tests/docs/test_vignettes.py --ignore=tests/install
  session jax "$MAIN" KERAS_BACKEND=jax -- tests/conformance tests/differential
  modern_sessions_main
}

# .venv-modern (CPython 3.12, numpy 2, PyTensor 3): the conformance suite on the engines that
# install there, and the core's, discovery's and installation tests. tf_keras-modern (6-7 min)
# runs in the main lane, the other four in the engines lane, which evens the lanes (the main
# lane was 160 s longer with core-modern in it). Their conformance measurements stay off: the
# engine reference is built from .venv's sessions.
QUIET=KERASBRIDGE_CONFORMANCE_REPORT=

modern_ready() {  # modern_ready "SESSION NAMES": true when .venv-modern exists, else says SKIPPED
  [ -x "$MODERN" ] && return 0
  echo "=== $1: SKIPPED: no .venv-modern (setup found no CPython 3.12)"
  return 1
}

modern_sessions_main() {
  modern_ready "tf_keras-modern" || return 0
  session tf_keras-modern "$MODERN" "$QUIET" KERAS_IMPLEMENTATION=tensorflow -- tests/conformance
}

modern_sessions_engines() {
  modern_ready "tensorflow-modern, pytensor-modern, jax-modern and core-modern" || return 0
  session tensorflow-modern "$MODERN" "$QUIET" KERAS_BACKEND=tensorflow -- tests/conformance
  session pytensor-modern "$MODERN" "$QUIET" KERAS_BACKEND=theano KERASBRIDGE_THEANO_LIBRARY=pytensor \
    -- tests/conformance
  session jax-modern "$MODERN" "$QUIET" KERAS_BACKEND=jax -- tests/conformance
  session core-modern "$MODERN" "$QUIET" -- tests/core tests/discovery tests/install
}

lane_engines() {
  session tf_keras "$MAIN" KERAS_IMPLEMENTATION=tensorflow -- tests/conformance tests/differential
  session theano "$MAIN" KERAS_BACKEND=theano KERASBRIDGE_THEANO_LIBRARY=theano \
    -- tests/conformance tests/differential
  session pytensor "$MAIN" KERAS_BACKEND=theano KERASBRIDGE_THEANO_LIBRARY=pytensor \
    -- tests/conformance tests/differential
  if [ -x "$PY36" ]; then
    session core-python3.6 "$PY36" -- tests/core tests/discovery
    session cntk "$PY36" KERAS_BACKEND=cntk -- tests/conformance tests/differential \
      tests/engines/test_cntk_engine.py
  else
    echo "=== core-python3.6 and cntk: SKIPPED: no .venv-cntk (setup found no CPython 3.6)"
  fi
  modern_sessions_engines
}

# Static checks first (seconds): a lint or type error fails the run at once, before the
# sessions' quarter of an hour. A run narrowed by extra arguments skips them.
if [ ${#EXTRA[@]} -gt 0 ]; then
  echo "=== lint: not run (arguments narrow this run; scripts/lint.sh runs it alone)"
elif ! scripts/lint.sh; then
  echo "test: stopped: scripts/lint.sh found the problems above (ruff, mypy). Fix them, or run"
  echo "scripts/test.sh with pytest arguments (e.g. -k guard) to run tests without the checks."
  exit 1
fi

lane_engines &
lane_main
wait
# Last, once every engine session has written its report: render the vignettes on the real
# engines (a broken example fails here) with the engine reference built from those reports.
session docs "$MAIN" -- tests/docs/test_vignettes.py

failed=()
for log in "$REPORTS"/*.log; do
  name=$(basename "$log" .log)
  printf '\n======================== %s ========================\n' "$name"
  cat "$log"
  status=$(cat "$REPORTS/$name.rc")
  # pytest's 5 means "no test selected": fine when arguments narrowed the run, a failure otherwise.
  [ "$status" = 0 ] || { [ "$status" = 5 ] && [ ${#EXTRA[@]} -gt 0 ]; } || failed+=("$name")
done

echo
"$MAIN" scripts/junit_total.py "$REPORTS"/*.xml
if [ ${#failed[@]} -gt 0 ]; then
  echo "failed sessions: ${failed[*]}"
  exit 1
fi
