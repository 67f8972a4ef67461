# Two commands do all the set-up (README): `make demo` and `make test`.
# Nothing is needed beforehand but Python 3.11 with pip and venv.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DEMO_CALL ?= HORIZON-CL3-2025-01-DRS-04
# The pinned CPU build of torch goes in first: plain `torch` pulls a multi-GB CUDA build.
TORCH ?= torch==2.13.0

.PHONY: install dev demo test lint mutation clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.torch: $(BIN)/python
	$(BIN)/pip install --quiet $(TORCH)
	touch $@

install: $(VENV)/.torch
	$(BIN)/pip install --quiet .

dev: $(VENV)/.torch
	$(BIN)/pip install --quiet ".[dev]"

demo: install
	mkdir -p out
	HF_HUB_OFFLINE=1 $(BIN)/consortium suggest $(DEMO_CALL) --out out/demo-report.md

# Non-editable install, and the pytest script (not `python -m`, which would put the
# checkout on sys.path): the tests run against the installed package as users get it.
test: dev
	$(BIN)/pytest

lint: dev
	$(BIN)/ruff check consortium tests scripts
	$(BIN)/mypy

# Mutation testing of the pure core ([tool.mutmut] in pyproject.toml, docs/testing.md): slow,
# so not part of `make test` or CI. One module at a time, each mutant against the focused
# tests that reach it; prints every surviving mutant, then the kill rate per module.
# One module: make mutation MUTATE=consortium.score.conditions; inspect one survivor:
# .venv/bin/mutmut show NAME.
MUTATE ?= consortium.render.safety consortium.score.conditions consortium.score.coverage \
	consortium.score.diversity consortium.search.constraints consortium.search.rules \
	consortium.search.problem consortium.search.greedy consortium.calls.kinds \
	consortium.calls.conditions
JOBS ?= 2

mutation:
	test -x $(BIN)/mutmut || $(MAKE) dev
	rm -rf mutants mutants.log
	for m in $(MUTATE); do \
		$(BIN)/mutmut run --max-children $(JOBS) "$$m.*" >> mutants.log 2>&1 || exit 1; done
	$(BIN)/mutmut results
	$(BIN)/python tests/mutation_summary.py $(MUTATE)

clean:
	rm -rf $(VENV) out build dist *.egg-info mutants mutants.log
