#!/bin/sh
# Copies the kerasbridge Python package of the surrounding repository into inst/python/.
#
# Why: before any interpreter is bound, the R package runs discovery
# (`python -m kerasbridge envs --json`) with whatever Python is at hand, which usually does not
# have kerasbridge installed. Discovery needs only the standard library, so the installed R package
# carries the sources and puts them on that Python's path. install_kerasbridge() pip-installs the
# same copy, so the R package and the Python package it installs are always the same version.
#
# The copy is generated (git-ignored, never edited). Run from the R package folder: ./configure
# (which R CMD INSTALL runs) calls this script. Inside a tarball made by R CMD build there is no
# repository around the package: the copy made before the build is used as it is.
set -e

source_root=${KERASBRIDGE_SOURCE_ROOT:-..}
bundle=inst/python

if [ ! -f "$source_root/bridge/kerasbridge/__init__.py" ]; then
  if [ -f "$bundle/bridge/kerasbridge/__init__.py" ]; then
    echo "kerasbridge: using the Python sources already bundled in $bundle"
    exit 0
  fi
  echo "kerasbridge: cannot find the kerasbridge Python sources: expected" \
    "$source_root/bridge/kerasbridge/__init__.py (the R package builds from Rpkg/ inside the" \
    "kerasbridge repository; set KERASBRIDGE_SOURCE_ROOT to the repository's root)." >&2
  exit 1
fi

rm -rf "$bundle"
mkdir -p "$bundle/bridge"
cp -R "$source_root/bridge/kerasbridge" "$bundle/bridge/"
cp "$source_root/pyproject.toml" "$bundle/"
if [ -f "$source_root/README.md" ]; then
  cp "$source_root/README.md" "$bundle/"
else
  echo "kerasbridge Python package (bundled by the kerasbridge R package)." > "$bundle/README.md"
fi
find "$bundle" -name __pycache__ -type d -prune -exec rm -rf {} +
find "$bundle" -name '*.py[co]' -type f -exec rm -f {} +
echo "kerasbridge: bundled the Python sources of $source_root into $bundle"
