# voices: two commands on a fresh machine with Python 3.11 and make.
#   make demo   set up .venv, ingest the bundled samples, classify, report (terminal + report.html)
#   make test   set up .venv and run the whole test suite
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEMO_CORPUS := demo.duckdb

.PHONY: demo test install models bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

demo: $(STAMP)
	rm -f $(DEMO_CORPUS) $(DEMO_CORPUS).wal
	$(BIN)/voices ingest corpora/samples/thread.txt corpora/samples/wordpress-export.xml \
		corpora/samples/comments.html corpora/samples/consultation.csv corpora/samples/consultation.xlsx \
		--corpus $(DEMO_CORPUS)
	$(BIN)/voices corpus --corpus $(DEMO_CORPUS)
	$(BIN)/voices classify --corpus $(DEMO_CORPUS)
	$(BIN)/voices report --corpus $(DEMO_CORPUS) --format table
	$(BIN)/voices report --corpus $(DEMO_CORPUS) --format html --out report.html
	@echo "report.html written"

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q

# Rebuild the shipped models from corpora/labelled/ (deterministic).
models: $(STAMP)
	bash scripts/build_models.sh

bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) $(DEMO_CORPUS) $(DEMO_CORPUS).wal report.html .pytest_cache
