#!/usr/bin/env bash
# The docs target: renders the vignettes to HTML with knitr, rmarkdown and pandoc, every chunk
# evaluated on the real engines. Each vignette renders in its own R process (reticulate binds
# one Python per process). Output: .cache/docs/<name>.html, with each render's log next to it.
#
#   docs/render.sh                 every vignette
#   docs/render.sh backends        some of them (names without .Rmd)
#
# The engine reference is built first from the conformance reports in .cache/reports
# (KERASBRIDGE_REPORTS to use another folder), which the test command writes.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=${KERASBRIDGE_DOCS_DIR:-$ROOT/.cache/docs}
PYTHON=$ROOT/.venv/bin/python
mkdir -p "$OUT"

# The pages use the project's main environment as if it were activated, their own keras.json
# folder, and the project's caches (discovery results, Theano's compiled code).
export VIRTUAL_ENV=$ROOT/.venv
export PATH=$ROOT/.venv/bin:$PATH
export KERAS_HOME=$OUT/keras-home
export KERASBRIDGE_CACHE_DIR=${KERASBRIDGE_CACHE_DIR:-$ROOT/.cache}
export TF_CPP_MIN_LOG_LEVEL=3
unset KERAS_BACKEND KERAS_IMPLEMENTATION KERAS_PYTHON KERASBRIDGE_THEANO_LIBRARY RETICULATE_PYTHON

if [ $# -gt 0 ]; then names=("$@"); else names=(backends python reference); fi

started=$SECONDS
"$PYTHON" docs/reference.py --reports "${KERASBRIDGE_REPORTS:-$ROOT/.cache/reports}" \
  --output "$OUT/reference.json" || exit 1

failed=()
for name in "${names[@]}"; do
  if Rscript docs/render.R "vignettes/$name.Rmd" "$OUT" > "$OUT/$name.log" 2>&1; then
    tail -n 1 "$OUT/$name.log"
  else
    failed+=("$name")
    echo "FAILED: vignettes/$name.Rmd (log: $OUT/$name.log)"
    tail -n 25 "$OUT/$name.log"
  fi
done
echo "docs: ${#names[@]} vignette(s) in $((SECONDS - started)) s, ${#failed[@]} failed"
[ ${#failed[@]} -eq 0 ]
