"""Starting the app leaves the text models (scikit-learn and the rest) unimported until a job needs them,
and the PostgreSQL and Redis clients unimported on SQLite without Redis, and leaves the database work of
the first requests done: the ORM's mappers configured, the prebuilt statements compiled (gunicorn's master
does it once, before forking the workers)."""
from __future__ import annotations

import subprocess
import sys

from forum.config import REPO_ROOT
from forum.services import text_models

HEAVY = ("sklearn", "scipy", "numpy", "matplotlib")

STARTUP = """
import sys
from forum import create_app
create_app({"SECRET_KEY": "startup-test-key-long-enough-to-be-accepted", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
print(" ".join(name for name in %r if name in sys.modules))
"""


def test_create_app_imports_no_text_model_library():
    started = subprocess.run([sys.executable, "-c", STARTUP % (HEAVY,)], cwd=REPO_ROOT, capture_output=True,
                             text=True, check=True)
    assert started.stdout.split() == []


WITHOUT_SERVERS = """
import sys
from forum import create_app
app = create_app({"SECRET_KEY": "startup-test-secret-key-long-enough-to-be-accepted", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
app.add_url_rule("/fails", view_func=lambda: 1 / 0)
print(app.test_client().get("/fails").status_code, *(name for name in ("psycopg", "redis") if name in sys.modules))
"""


def test_an_app_on_sqlite_without_redis_loads_neither_client_even_to_judge_an_error():
    """An error is judged a server out of reach (503) or not (500) without importing their drivers."""
    started = subprocess.run([sys.executable, "-c", WITHOUT_SERVERS], cwd=REPO_ROOT, capture_output=True,
                             text=True, check=True)
    assert started.stdout.split() == ["500"]


PREPARED = """
from sqlalchemy import inspect
from forum import create_app
from forum.extensions import db
from forum.models import Answer
from forum.prebuilt import compile_all
app = create_app({"SECRET_KEY": "startup-test-key-long-enough-to-be-accepted", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
with app.app_context():
    print(inspect(Answer).configured, compile_all(db.engine.dialect))
"""


def test_create_app_configures_the_mappers_and_compiles_the_prebuilt_statements():
    started = subprocess.run([sys.executable, "-c", PREPARED], cwd=REPO_ROOT, capture_output=True, text=True,
                             check=True)
    assert started.stdout.split() == ["True", "0"]  # nothing left to compile


def test_every_text_model_name_is_found_in_its_module():
    for name in text_models.__all__:
        assert getattr(text_models, name).__name__ == name
