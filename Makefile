# The two commands a newcomer needs: `make run` and `make test`.
PORT ?= 5000
PY := .venv/bin/python
export FLASK_APP := wsgi

.PHONY: run test test-sqlite test-postgres venv system-deps db demo clean translations

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
	@PORT=$(PORT) .venv/bin/gunicorn --config gunicorn.conf.py wsgi:app

## Set up and run every test, on SQLite and then on PostgreSQL
test: venv system-deps test-sqlite test-postgres

# Every run on every CPU (pytest-xdist, a test file per worker; each worker has its own databases,
# servers and Chromium).
test-sqlite:
	$(PY) -m pytest -n auto --dist loadfile -m "not browser"
	$(PY) -m pytest -n auto --dist loadfile -m browser tests/browser

test-postgres:
	FORUM_TEST_DATABASE=postgresql $(PY) -m pytest -n auto --dist loadfile -m "not browser" tests/forum

## After changing user-facing text: refresh the catalogs, translate the new French entries, compile.
## Two domains: `messages` (the app, Flask-Babel) and `report` (analysis/report, in the report's language).
## The compiled .mo files are committed, so `make run` and `make test` need no build step.
translations: venv
	.venv/bin/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k _ln:1,2 -k lazy_ngettext:1,2 --sort-output --no-location \
		--project "Forum Workbench" -o translations/messages.pot .
	.venv/bin/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching
	.venv/bin/pybabel extract -F babel-report.cfg --sort-output --no-location \
		--project "Forum Workbench" -o translations/report.pot analysis/report
	.venv/bin/pybabel update -D report -i translations/report.pot -d translations --no-fuzzy-matching
	.venv/bin/pybabel compile -D "messages report" -d translations --statistics

clean:
	rm -rf .venv instance .pytest_cache
