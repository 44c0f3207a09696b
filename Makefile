# The two set-up commands (see README.md):
#   make demo   create .venv, install radstats, run the main job on bundled data
#   make test   install R (Debian packages) and the test dependencies, run the whole suite
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: demo test install install-test r browser fixtures check-fixtures parity-report bench

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

install: $(PY)
	$(PY) -m pip install -q -e .

demo: install
	$(VENV)/bin/radstats demo --out out/demo

r:
	bash reference_r/install_r.sh

browser:
	bash .ci/install_chromium.sh

# rpy2 (extra r) builds against R, so it is installed only where R is: without it the
# live R tests skip, unless RADSTATS_REQUIRE_R=1 (as in CI) makes that a failure.
install-test: $(PY) r browser
	$(PY) -m pip install -q -e ".[dev]"
	if command -v R >/dev/null; then $(PY) -m pip install -q -e ".[r]"; fi
	$(PY) -m pip install -q torch==2.13.0  # pinned before monai can pull another torch
	$(PY) -m pip install -q -e ".[imaging,deep]"

test: install-test
	$(PY) -m pytest -q

fixtures: r
	$(MAKE) -C reference_r all

check-fixtures: r
	$(MAKE) -C reference_r check

parity-report: install-test
	mkdir -p out && $(VENV)/bin/python -m tests.parity.report --out out/parity_errors.csv

bench: install-test
	$(VENV)/bin/radstats-bench speed
