"""The Alembic migrations build exactly the models' schema, on SQLite and on PostgreSQL, and undo it."""
from __future__ import annotations

import logging

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect
from sqlalchemy.engine import make_url

from forum import create_app
from forum.extensions import db
from tests.conftest import USE_POSTGRES


@pytest.fixture
def empty_sqlite(tmp_path):
    return f"sqlite:///{tmp_path / 'migrated.db'}"


@pytest.fixture
def empty_postgres(postgres_url):
    """A new, empty database on the test server, dropped afterwards."""
    import psycopg

    url = make_url(postgres_url)
    admin = url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute("DROP DATABASE IF EXISTS forum_migrations")
        connection.execute("CREATE DATABASE forum_migrations")
    yield url.set(database="forum_migrations").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute("DROP DATABASE IF EXISTS forum_migrations WITH (FORCE)")


def schema_differences(app) -> list:
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True, "compare_server_default": True})
        return compare_metadata(context, db.metadata)


def check_upgrade_and_downgrade(database_url):
    logging_state = logging.root.manager.loggerDict.copy()
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "x"})
    try:
        with app.app_context():
            upgrade()
            tables = set(inspect(db.engine).get_table_names())
            assert {table.name for table in db.metadata.sorted_tables} | {"alembic_version"} == tables
        assert schema_differences(app) == []
        with app.app_context():
            downgrade(revision="base")
            assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
            upgrade()  # and up again, as after a rollback of a release
        assert schema_differences(app) == []
    finally:
        with app.app_context():
            db.engine.dispose()
        # Alembic's logging config disables the loggers that existed; give them back to later tests.
        for name in logging_state:
            logger = logging.getLogger(name)
            logger.disabled = False


def test_migrations_on_an_empty_sqlite_database(empty_sqlite):
    check_upgrade_and_downgrade(empty_sqlite)


@pytest.mark.skipif(not USE_POSTGRES, reason="runs with FORUM_TEST_DATABASE=postgresql")
def test_migrations_on_an_empty_postgresql_database(empty_postgres):
    check_upgrade_and_downgrade(empty_postgres)
