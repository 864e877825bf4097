# kerasbridge: the two commands are `make demo` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON := .venv/bin/python

.PHONY: setup demo test test-fast lint bench docs clean

setup:
	@scripts/setup.sh

demo: setup
	@echo "== Python: from kerasbridge import backend as K"
	@$(PYTHON) examples/demo.py
	@echo; echo "== R: library(kerasbridge); K <- backend()   (the venv found by discovery, as if activated)"
	@VIRTUAL_ENV=$(CURDIR)/.venv Rscript examples/demo.R

test: setup
	@scripts/test.sh

test-fast: setup
	@$(PYTHON) -m pytest -m "not slow" -q

lint: setup
	@scripts/lint.sh

docs: setup
	@docs/render.sh

bench: setup
	@$(PYTHON) bench/run.py

clean:
	rm -rf .venv .venv-cntk .cache
