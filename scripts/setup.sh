#!/usr/bin/env bash
# Idempotent setup: Debian packages, the main environment (.venv, CPython 3.11), the CNTK
# environment (.venv-cntk, CPython 3.6) and the modern one (.venv-modern, CPython 3.12, numpy 2). A second run checks stamps and returns in seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

APT_PACKAGES=(r-base-core r-base-dev r-cran-reticulate r-cran-testthat r-cran-knitr
  r-cran-rmarkdown r-cran-roxygen2 r-cran-withr r-cran-processx r-cran-jsonlite
  pandoc qpdf tidy libopenmpi3)

say() { printf 'setup: %s\n' "$*" >&2; }

pyenv_python() {  # pyenv_python 3.11 -> path of the newest pyenv CPython 3.11.x, if any
  local root versions
  root=${PYENV_ROOT:-$HOME/.pyenv}
  command -v pyenv >/dev/null 2>&1 && root=$(pyenv root)
  versions=$(ls -d "$root"/versions/"$1".* 2>/dev/null | sort -V | tail -n 1)
  [ -n "$versions" ] && [ -x "$versions/bin/python" ] && echo "$versions/bin/python"
}

find_python() {  # find_python 3.11 [override] -> an interpreter of that version
  local wanted=$1 override=${2:-}
  if [ -n "$override" ]; then echo "$override"; return; fi
  pyenv_python "$wanted" || command -v "python$wanted" || true
}

stamp_of() { cat "$@" | sha256sum | cut -c1-16; }

install_apt_packages() {
  local missing=()
  for package in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return
  say "installing Debian packages: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

build_main_venv() {
  local python stamp
  python=$(find_python 3.11 "${KERASBRIDGE_PYTHON311:-}")
  if [ -z "$python" ]; then
    say "no CPython 3.11 found (looked in pyenv's versions and PATH); set KERASBRIDGE_PYTHON311"; exit 1
  fi
  stamp=$(stamp_of requirements/main.txt pyproject.toml)
  if [ -f .venv/.kerasbridge-stamp ] && [ "$(cat .venv/.kerasbridge-stamp)" = "$stamp" ]; then return; fi
  say "building .venv from $python"
  [ -x .venv/bin/python ] || "$python" -m venv .venv
  .venv/bin/python -m pip install -q -r requirements/main.txt
  .venv/bin/python -m pip install -q --no-deps --no-build-isolation -e .
  .venv/bin/python -m pip check >/dev/null
  echo "$stamp" > .venv/.kerasbridge-stamp
}

build_modern_venv() {
  # The modern environment (.venv-modern): numpy 2, TensorFlow with tf_keras, PyTensor 3, on
  # CPython 3.12 (tests on what Python users install today; see requirements/modern.txt).
  local python stamp
  python=$(find_python 3.12 "${KERASBRIDGE_PYTHON_MODERN:-}")
  if [ -z "$python" ]; then
    say "no CPython 3.12 (pyenv's 3.12.x or python3.12; or set KERASBRIDGE_PYTHON_MODERN): the modern environment and its tests are skipped"
    rm -f .venv-modern/.kerasbridge-stamp
    return
  fi
  stamp=$(stamp_of requirements/modern.txt pyproject.toml)
  if [ -f .venv-modern/.kerasbridge-stamp ] && [ "$(cat .venv-modern/.kerasbridge-stamp)" = "$stamp" ]; then return; fi
  say "building .venv-modern from $python"
  [ -x .venv-modern/bin/python ] || "$python" -m venv .venv-modern
  .venv-modern/bin/python -m pip install -q -r requirements/modern.txt
  # setuptools comes in with TensorFlow; --no-build-isolation then needs no download.
  .venv-modern/bin/python -m pip install -q --no-deps --no-build-isolation -e .
  .venv-modern/bin/python -m pip check >/dev/null
  echo "$stamp" > .venv-modern/.kerasbridge-stamp
}

link_openmpi_for_cntk() {
  # CNTK 2.7 was built against OpenMPI 1.10: its libraries need libmpi.so.12 / libmpi_cxx.so.1
  # and it also dlopens "libmpi.so.12" by bare name. Debian 12's OpenMPI 4.1 serves both under
  # those names. The loader finds a renamed symlink only in its default folders (ldconfig's cache
  # is keyed by the SONAME, libmpi.so.40), so the two links go next to the real libraries; then
  # a plain python and an Rscript import cntk with no LD_LIBRARY_PATH.
  local libdir
  libdir=$(dirname "$(readlink -f /usr/lib/*-linux-gnu/libmpi.so.40 2>/dev/null | head -n 1)" 2>/dev/null || true)
  if [ -z "$libdir" ] || [ ! -e "$libdir/libmpi.so.40" ]; then
    say "libmpi.so.40 not found (Debian package libopenmpi3): CNTK cannot load"; return
  fi
  [ -e "$libdir/libmpi.so.12" ] && [ -e "$libdir/libmpi_cxx.so.1" ] && return
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo ln -sf libmpi.so.40 "$libdir/libmpi.so.12"
  $sudo ln -sf libmpi_cxx.so.40 "$libdir/libmpi_cxx.so.1"
}

build_cntk_venv() {
  local python stamp site
  python=$(find_python 3.6 "${KERASBRIDGE_PYTHON36:-}")
  if [ -z "$python" ]; then
    say "no CPython 3.6 interpreter (pyenv's 3.6.x or python3.6): the CNTK environment and the 3.6 tests are skipped"
    rm -f .venv-cntk/.kerasbridge-stamp
    return
  fi
  stamp=$(stamp_of requirements/cntk.txt pyproject.toml)
  if [ -f .venv-cntk/.kerasbridge-stamp ] && [ "$(cat .venv-cntk/.kerasbridge-stamp)" = "$stamp" ]; then
    link_openmpi_for_cntk; return
  fi
  say "building .venv-cntk from $python"
  [ -x .venv-cntk/bin/python ] || "$python" -m venv .venv-cntk
  # The venv's pip 18 would pick releases that no longer support 3.6; pip 21 honours Requires-Python.
  .venv-cntk/bin/python -m pip install -q "pip<22"
  .venv-cntk/bin/python -m pip install -q -r requirements/cntk.txt
  # setuptools for 3.6 cannot install a PEP 621 project in editable mode: a .pth file does the same.
  site=$(.venv-cntk/bin/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
  echo "$ROOT/bridge" > "$site/kerasbridge-dev.pth"
  link_openmpi_for_cntk
  echo "$stamp" > .venv-cntk/.kerasbridge-stamp
}

install_keras_oracle() {
  # Keras 2.3.1, the differential suite's oracle (tests/differential): its theano_backend runs in
  # .venv and its cntk_backend in .venv-cntk, in child processes that put this folder first on
  # sys.path. --no-deps into a folder of its own: it never shadows anything installed in .venv.
  # six: imported by Keras 2.3.1's utils/generic_utils.py, and missing from .venv-cntk.
  local target=.cache/keras-2.3.1 wanted="keras==2.3.1 six==1.16.0"
  [ "$(cat "$target/.kerasbridge-stamp" 2>/dev/null)" = "$wanted" ] && return
  say "installing $wanted into $target (the differential suite's oracle)"
  rm -rf "$target"
  # shellcheck disable=SC2086  # two requirements, split on purpose
  .venv/bin/python -m pip install -q --no-deps --no-compile --target "$target" $wanted
  echo "$wanted" > "$target/.kerasbridge-stamp"
}

install_keras_own_tests() {
  # Keras 2.3.1's own backend test file, which the differential suite runs against kerasbridge
  # (tests/differential/test_keras_own_tests.py). The wheel leaves tests out: it comes from
  # the source distribution, of which only this one file is kept.
  local target=.cache/keras-2.3.1-tests member=Keras-2.3.1/tests/keras/backend/backend_test.py
  [ "$(cat "$target/.kerasbridge-stamp" 2>/dev/null)" = "$member" ] && return
  say "fetching Keras 2.3.1's own backend tests into $target"
  rm -rf "$target"
  mkdir -p "$target/download"
  .venv/bin/python -m pip download -q --no-deps --no-binary :all: -d "$target/download" keras==2.3.1
  tar -xzf "$target/download/Keras-2.3.1.tar.gz" -C "$target" --strip-components=4 "$member"
  rm -rf "$target/download"
  echo "$member" > "$target/.kerasbridge-stamp"
}

install_r_package() {
  # The R package bundles the Python sources it runs discovery with (Rpkg/configure copies
  # them into inst/python at install time), so it is reinstalled when either side changes.
  local stamp
  # R's engine names come from the Python registry (writes Rpkg/R/engines.R when it changed).
  .venv/bin/python scripts/generate_r_engines.py
  stamp=$(cat pyproject.toml Rpkg/DESCRIPTION Rpkg/NAMESPACE Rpkg/configure Rpkg/tools/bundle-python.sh \
    Rpkg/R/*.R $(find bridge/kerasbridge -name '*.py' | sort) | sha256sum | cut -c1-16)
  if [ "$(cat .cache/rpkg-stamp 2>/dev/null)" = "$stamp" ] && Rscript -e 'quit(status = !requireNamespace("kerasbridge", quietly = TRUE))' 2>/dev/null; then
    return
  fi
  say "installing the R package"
  R CMD INSTALL --no-multiarch Rpkg >/dev/null 2>.cache/rpkg-install.log || {
    cat .cache/rpkg-install.log >&2; exit 1; }
  echo "$stamp" > .cache/rpkg-stamp
}

compile_bridge() {
  # Byte code of the package for each environment's Python, as pip writes for a regular install:
  # with the editable install (and PYTHONDONTWRITEBYTECODE, set on some machines) every start
  # would compile its modules again, ~45 ms of a first backend() (bench/r_backend.py).
  # compileall rewrites only what changed. CPython 3.6 gets the modules it can import (the core
  # and the CNTK engine: the other engines use newer syntax).
  local venv skip
  for venv in .venv .venv-modern .venv-cntk; do
    [ -x "$venv/bin/python" ] || continue
    skip='^$'
    [ "$venv" = .venv-cntk ] && skip='engines/(tensorflow|tf_keras|theano|jax)/'
    PYTHONDONTWRITEBYTECODE= "$venv/bin/python" -m compileall -q -x "$skip" bridge/kerasbridge >/dev/null
  done
}

register_environment() {
  # Discovery's "registry" source: how KERAS_BACKEND=cntk (from R or Python) finds .venv-cntk.
  local registry=${XDG_CONFIG_HOME:-$HOME/.config}/kerasbridge/environments.txt
  [ -x "$1/bin/python" ] || return 0
  mkdir -p "$(dirname "$registry")"
  grep -qxF "$1" "$registry" 2>/dev/null || echo "$1" >> "$registry"
}

mkdir -p .cache
install_apt_packages
build_main_venv
build_cntk_venv
build_modern_venv
compile_bridge
register_environment "$ROOT/.venv"
register_environment "$ROOT/.venv-cntk"
install_keras_oracle
install_keras_own_tests
install_r_package
