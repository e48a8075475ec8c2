# voices: two commands on a fresh machine with Python 3.11 and make.
#   make demo   set up .venv, ingest the bundled samples, classify, report (terminal + report.html)
#   make test   set up .venv and run the whole test suite
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEMO_CORPUS := demo.duckdb

.PHONY: demo test install bytecode models bench clean

install: $(STAMP) bytecode

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

# An editable install compiles src/ on import; where PYTHONDONTWRITEBYTECODE is set
# (as on our CI machines) that happened on every command, 0.35 s of `voices classify`
# on a 9-comment thread. compileall writes the bytecode anyway, and only for changed files.
bytecode: $(STAMP)
	@$(BIN)/python -m compileall -q src/voices

demo: $(STAMP) bytecode
	rm -f $(DEMO_CORPUS) $(DEMO_CORPUS).wal
	$(BIN)/voices ingest corpora/samples/thread.txt corpora/samples/wordpress-export.xml \
		corpora/samples/comments.html corpora/samples/consultation.csv corpora/samples/consultation.xlsx \
		--corpus $(DEMO_CORPUS)
	$(BIN)/voices corpus --corpus $(DEMO_CORPUS)
	$(BIN)/voices classify --corpus $(DEMO_CORPUS)
	$(BIN)/voices report --corpus $(DEMO_CORPUS) --format table
	$(BIN)/voices report --corpus $(DEMO_CORPUS) --format html --out report.html
	@echo "report.html written"

test: $(STAMP) bytecode
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q

# Rebuild the shipped models from corpora/labelled/ (deterministic).
models: $(STAMP)
	bash scripts/build_models.sh

bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) $(DEMO_CORPUS) $(DEMO_CORPUS).wal report.html .pytest_cache
