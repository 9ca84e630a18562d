# The two commands a newcomer needs: `make run` and `make test`.
PORT ?= 5000
PY := .venv/bin/python
export FLASK_APP := wsgi

.PHONY: run test test-sqlite test-postgres venv system-deps db demo bench clean

venv:
	@scripts/setup-venv

system-deps:
	@scripts/install-test-system-deps

db: venv
	@.venv/bin/flask db upgrade

demo: db
	@.venv/bin/flask load-demo

## Set up and run the app on SQLite with the demo forum, at http://127.0.0.1:$(PORT)
run: demo
	@echo "Forum Workbench on http://127.0.0.1:$(PORT)  (Ctrl-C to stop)"
	@.venv/bin/gunicorn --bind 127.0.0.1:$(PORT) --workers 2 --threads 8 --access-logfile - wsgi:app

## Set up and run every test, on SQLite and then on PostgreSQL
test: venv system-deps test-sqlite test-postgres

test-sqlite:
	$(PY) -m pytest

test-postgres:
	FORUM_TEST_DATABASE=postgresql $(PY) -m pytest -m "not browser" tests/forum

clean:
	rm -rf .venv instance .pytest_cache
