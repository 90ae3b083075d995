# The two commands of the README: `make run` and `make test`. Both set everything up from
# nothing but python3 and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install data run test bench lock clean screenshots

$(STAMP): pyproject.toml requirements.lock
	@echo "==> creating $(VENV) and installing the pinned dependencies (first time: a few minutes)"
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[dev]'
	touch $(STAMP)
	@echo "==> dependencies installed"

install: $(STAMP)

# Validates the fact file and the pamphlet. The lexical index (the default retrieval) is built in
# memory when the server starts; the hybrid's vector index (CLINIC_BOT_RETRIEVAL=hybrid) is built here.
data: install
	@echo "==> checking the fact file and the pamphlet"
	$(BIN)/clinic-bot contacts > /dev/null
	@if [ "$$(echo "$${CLINIC_BOT_RETRIEVAL:-lexical}" | tr A-Z a-z)" = hybrid ]; then \
		echo "==> building the pamphlet vector index (first time: about a minute; later: a quick check)"; \
		$(BIN)/clinic-bot index build; \
	else echo "==> retrieval: lexical (the search index is built in memory at start, in about a second)"; fi

run: data
	@echo "==> serving on http://$(HOST):$(PORT)/ (Ctrl-C stops; /readyz says ready once the search index is loaded)"
	$(BIN)/clinic-bot serve --host $(HOST) --port $(PORT)

test: install
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python benchmarks/cli_wall_time.py
	$(BIN)/python benchmarks/emergency.py
	$(BIN)/python benchmarks/engine_latency.py
	$(BIN)/python benchmarks/retrieval.py
	$(BIN)/python benchmarks/answers.py
	$(BIN)/python benchmarks/line_webhook.py
	$(BIN)/python benchmarks/understanding.py
	$(BIN)/python benchmarks/load.py

# The README's screenshots, taken by the browser tests' own code (needs Debian's chromium).
screenshots: install
	CLINIC_BOT_SCREENSHOTS=docs/screenshots $(BIN)/python -m pytest tests/browser -k "emergency or quote or reported"

# Refresh requirements.lock after changing dependency ranges in pyproject.toml.
lock: install
	$(BIN)/python -m pip freeze --exclude-editable > requirements.lock

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
