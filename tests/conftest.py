"""Fixtures: an app with a temporary database (SQLite by default, PostgreSQL when
FORUM_TEST_DATABASE=postgresql), a client, and factories for organizers and forums."""
from __future__ import annotations

import copy
import functools
import os
import shutil

import pytest

from forum import create_app
from forum.extensions import db
from forum.models import Membership, ReviewLink, SteeringSignup, User
from tests.compiled_templates import share_compiled_templates
from tests.html import parse

USE_POSTGRES = os.environ.get("FORUM_TEST_DATABASE", "sqlite") == "postgresql"
PASSWORD = "correct horse battery"
# As long as config.settle_secret_key asks of a key used with PostgreSQL.
SECRET_KEY = "test-secret-long-enough-for-postgresql"
# Passwords hashed cheaply (production: scrypt, about 0.3 s a hash and as much a check on these machines):
# tests/forum/test_auth.py checks the production setting.
TEST_PASSWORD_HASH = "pbkdf2:sha256:1000"
# /healthz says what it checked to a request bearing the token (build_app's apps have it): ``headers=OPERATOR``
HEALTH_TOKEN = "test-health-token-long-enough-for-the-check"
OPERATOR = {"Authorization": f"Bearer {HEALTH_TOKEN}"}


@pytest.fixture(scope="session")
def postgres_url():
    if not USE_POSTGRES:
        yield None
        return
    from tests.postgres import postgres_server

    with postgres_server() as url:
        yield url


@pytest.fixture(scope="session")
def sqlite_schema(tmp_path_factory):
    """An SQLite file with the schema, made once: copying it is much faster than create_all per test."""
    path = tmp_path_factory.mktemp("schema") / "schema.db"
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}", "SECRET_KEY": SECRET_KEY})
    with app.app_context():
        db.create_all()
        db.engine.dispose()
    return path


@pytest.fixture(scope="session")
def worker_database_url(tmp_path_factory, postgres_url):
    """This worker's test database: PostgreSQL's, or an SQLite file that each test gets afresh."""
    return postgres_url or f"sqlite:///{tmp_path_factory.mktemp('database') / 'test.db'}"


@pytest.fixture
def database_url(worker_database_url, request):
    """The test's database, with the schema and nothing else: on SQLite the schema's file copied over the last
    test's (no connection is open by then: each test's apps close theirs), on PostgreSQL emptied after each test."""
    if not USE_POSTGRES:
        path = worker_database_url.removeprefix("sqlite:///")
        for leftover in (f"{path}-wal", f"{path}-shm"):
            if os.path.exists(leftover):
                os.remove(leftover)
        shutil.copyfile(request.getfixturevalue("sqlite_schema"), f"{path}.new")
        os.replace(f"{path}.new", path)
    return worker_database_url


def testing_settings(database_url, **overrides) -> dict:
    config = {
        "TESTING": True,
        "SECRET_KEY": SECRET_KEY,
        "HEALTH_TOKEN": HEALTH_TOKEN,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        # Counted in the test's process, when a test turns them on (tests/forum/test_limits.py tests the default).
        "RATELIMIT_STORAGE_URI": "threadsafe-memory://",
        # Background jobs run inside the request, in the test's process (tests/forum/test_jobs.py runs
        # them as in production, in a child process with limits).
        "JOB_THREADS": 0,
        "JOB_IN_CHILD_PROCESS": False,
        "NEWS_CONFIRM_ON_START": False,  # on in the tests of forum.operations.mail_on only
        "PASSWORD_HASH_METHOD": TEST_PASSWORD_HASH,
        "PUBLIC_URL": "http://localhost",  # where the test client reaches the app: the links in mail point there
    }
    config.update(overrides)
    return config


def _new_app(database_url, **overrides):
    app = share_compiled_templates(create_app(testing_settings(database_url, **overrides)))
    with app.app_context():
        db.create_all()
    # A schema made by create_all is never judged behind (forum/operations/schema.py): the first
    # request skips the check, so the tests that count a request's queries count only its own.
    app.extensions["schema_up_to_date"] = True
    return app


# PostgreSQL: the ids counted from 1 again, as in a new database.
RESTART_SEQUENCES = ("SELECT setval(c.oid, 1, false) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                     " WHERE c.relkind = 'S' AND n.nspname = current_schema()")


def _empty_database(app):
    """On PostgreSQL every row deleted (children first) and the sequences restarted, in one round trip: a TRUNCATE of
    every table, which makes new files for each table and index, took about five times as long."""
    with app.app_context():
        db.session.remove()
        if USE_POSTGRES:
            deletes = [f'DELETE FROM "{table.name}"' for table in reversed(db.metadata.sorted_tables)]
            db.session.connection().exec_driver_sql("; ".join([*deletes, RESTART_SEQUENCES]))
            db.session.commit()
        db.engine.dispose()


def build_app(database_url, **overrides):
    """An app of its own on a fresh schema (for settings of the test's own, or a test that adds routes); yields it
    and empties the database afterwards."""
    app = _new_app(database_url, **overrides)
    yield app
    _empty_database(app)


class SharedApp:
    """One app per worker for the tests that use the default settings: building an app compiles its two hundred
    routes, which took most of a short test's time. After each test the database is emptied and the app's settings
    and extensions' entries are put back as they were, so a test sees the app as new (one that adds routes, which
    Flask refuses once an app has served a request, takes ``build_app``'s own app)."""

    def __init__(self, database_url, **overrides):
        self.app = _new_app(database_url, **overrides)
        self.config = copy.deepcopy(dict(self.app.config))
        self.extensions = dict(self.app.extensions)

    def lend(self):
        yield self.app
        _empty_database(self.app)
        self.app.config.clear()
        self.app.config.update(copy.deepcopy(self.config))
        self.app.extensions.clear()
        self.app.extensions.update(self.extensions)


@pytest.fixture(scope="session")
def shared_apps(worker_database_url):
    """The worker's shared apps, made when first asked for: by the overrides they were built with."""
    apps = {}

    def lend(**overrides):
        key = tuple(sorted(overrides.items()))
        if key not in apps:
            apps[key] = SharedApp(worker_database_url, **overrides)
        return apps[key].lend()

    return lend


@pytest.fixture
def app(database_url, shared_apps):
    yield from shared_apps()


@pytest.fixture
def csrf_app(database_url, shared_apps):
    """An app with CSRF protection on, as in production."""
    yield from shared_apps(WTF_CSRF_ENABLED=True)


@pytest.fixture
def own_app(database_url):
    """An app of the test's own, for a test that adds routes or hooks to it."""
    yield from build_app(database_url)


@pytest.fixture
def app_ctx(app):
    """Run the whole test inside an app context; yields the app.

    For tests that call services and models directly. A test client request made meanwhile would
    reuse this context (its ``g`` and database session), so tests of views keep their own blocks.
    """
    with app.app_context():
        yield app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def add_organizer(app, email="organizer@example.org", name="Olive Organizer") -> int:
    """Create an organizer account (password ``PASSWORD``) in ``app``'s database; returns its id."""
    with app.app_context():
        user = User(email=email, name=name)
        user.set_password(PASSWORD)
        db.session.add(user)
        db.session.commit()
        return user.id


def add_review_link(app, forum_id: int, reviewer_group: str = "Newcomer council") -> str:
    """A review link of the forum for ``reviewer_group``, stored in ``app``'s database; returns its token."""
    with app.app_context():
        link = ReviewLink(forum_id=forum_id, reviewer_group=reviewer_group)
        db.session.add(link)
        db.session.commit()
        return link.token


def add_committee_member(forum_id: int, name: str = "Amina Owner", email: str = "amina@example.org",
                         client_id: str = "a", **columns) -> SteeringSignup:
    """Inside an app context: a member of the forum's steering committee who agreed to own actions (``columns`` set
    the rest, e.g. ``language="fr"``, ``committee_link_version=1``), added and flushed, so it has its id."""
    member = SteeringSignup(forum_id=forum_id, client_id=client_id, name=name, email=email,
                            consents_to_owner_role=True, **columns)
    db.session.add(member)
    db.session.flush()
    return member


def member_client(app, forum_id: int | None, role: str, email: str | None = None, name: str | None = None, *,
                  series_id: int | None = None):
    """A test client logged in as a new account (``<role>@example.org`` unless ``email`` is given) with ``role``
    on the forum, or on the series ``series_id`` (then ``forum_id`` is None)."""
    email = email or f"{role}@example.org"
    user_id = add_organizer(app, email, name or role.title())
    with app.app_context():
        db.session.add(Membership(user_id=user_id, forum_id=forum_id, series_id=series_id, role=role))
        db.session.commit()
    member = app.test_client()
    member.post("/login", data={"email": email, "password": PASSWORD})
    return member


@pytest.fixture
def make_organizer(app):
    """Create an organizer account: ``make_organizer("a@example.org")`` returns its id."""
    return functools.partial(add_organizer, app)


class Auth:
    def __init__(self, client):
        self.client = client

    def login(self, email="organizer@example.org", password=PASSWORD):
        return self.client.post("/login", data={"email": email, "password": password})

    def logout(self):
        return self.client.post("/logout")


@pytest.fixture
def auth(client):
    return Auth(client)


@pytest.fixture
def make_forum(app):
    """Create a forum with the defaults for an organizer id; returns the forum id."""
    from forum.services.forums import create_forum

    def make(owner_id, name="Spring forum", table_count=3, **fields):
        with app.app_context():
            forum = create_forum(db.session.get(User, owner_id), name=name, table_count=table_count, **fields)
            db.session.commit()
            return forum.id

    return make


@pytest.fixture
def organizer(make_organizer, auth):
    """A logged-in organizer; returns their id."""
    user_id = make_organizer()
    auth.login()
    return user_id


def csrf_token_from(html: str) -> str:
    field = parse(html).select_one("input[name=csrf_token]")
    assert field and field["value"], "no CSRF token in the page"
    return field["value"]
