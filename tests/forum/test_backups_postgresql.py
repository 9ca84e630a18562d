"""A PostgreSQL database backed up with ``pg_dump`` and restored with ``pg_restore`` into a fresh database, as
README's "Backups" says: the links people were given (reviewers', the progress page's, committee members') still
open, the schema check finds this version's schema, and new rows get new ids."""
from __future__ import annotations

import subprocess

import pytest
from flask_migrate import upgrade
from sqlalchemy.engine import make_url

from forum import create_app
from forum.extensions import db
from forum.models import Forum, SteeringSignup, User
from forum.operations.schema import check_schema, migrations, schema_revision
from forum.services import progress, review
from forum.services.committee import committee_token
from forum.services.forums import create_forum
from tests.conftest import SECRET_KEY, USE_POSTGRES
from tests.forum.test_migrations import migrating, schema_differences
from tests.postgres import _bindir

pytestmark = pytest.mark.skipif(not USE_POSTGRES,
                                reason="runs with FORUM_TEST_DATABASE=postgresql (pg_dump, pg_restore)")


def libpq(url: str) -> str:
    """The URL as PostgreSQL's own programs take it (no ``+psycopg``)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@pytest.fixture
def live_and_fresh(postgres_url):
    """Two new databases on the test server: the live one, and a fresh one to restore into; dropped afterwards."""
    import psycopg

    names = ("forum_live", "forum_restored")
    with psycopg.connect(libpq(postgres_url), autocommit=True) as connection:
        for name in names:
            connection.execute(f"DROP DATABASE IF EXISTS {name}")
            connection.execute(f"CREATE DATABASE {name}")
    yield [make_url(postgres_url).set(database=name).render_as_string(hide_password=False) for name in names]
    with psycopg.connect(libpq(postgres_url), autocommit=True) as connection:
        for name in names:
            connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def app_on(url: str):
    return create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": SECRET_KEY, "TESTING": True,
                       "RATELIMIT_ENABLED": False})


def links_people_hold(app) -> tuple[int, list[str]]:
    """A forum with a reviewer's link, the progress page's and a committee member's, made as the organizer makes
    them: (its id, the links)."""
    with app.app_context():
        owner = User(email="owner@example.org", name="Olive Owner")
        owner.set_password("correct horse battery")
        db.session.add(owner)
        forum = create_forum(owner, name="Hiring ITPs forum", table_count=2)
        db.session.flush()
        review.create_link(forum, "Newcomer council")
        progress.share(forum, new_link=False)
        member = SteeringSignup(forum_id=forum.id, client_id="amina", name="Amina Member",
                                email="amina@example.org", consents_to_owner_role=True, committee_link_version=1)
        db.session.add(member)
        db.session.commit()
        forum = db.session.get(Forum, forum.id)
        return forum.id, [f"/review/{review.review_links(forum)[0].token}",
                          f"/progress/{progress.progress_token(forum)}", f"/c/{committee_token(member)}"]


def test_pg_dump_restored_with_pg_restore_into_a_fresh_database_keeps_the_links_and_the_schema(live_and_fresh,
                                                                                              tmp_path):
    live, fresh = live_and_fresh
    with migrating(live) as app, app.app_context():
        upgrade()  # `flask db upgrade`: the schema of a real installation, with Alembic's revision
    app = app_on(live)
    forum_id, links = links_people_hold(app)
    assert [app.test_client().get(link).status_code for link in links] == [200, 200, 200]
    with app.app_context():
        db.engine.dispose()

    dump, bindir = tmp_path / "forum.dump", _bindir()
    subprocess.run([f"{bindir}/pg_dump", "-Fc", "-f", str(dump), libpq(live)], check=True)  # README's commands
    restored = subprocess.run([f"{bindir}/pg_restore", "--clean", "--if-exists", "-d", libpq(fresh), str(dump)],
                              capture_output=True, text=True)
    assert restored.returncode == 0, restored.stderr

    app = app_on(fresh)
    client = app.test_client()
    assert [client.get(link).status_code for link in links] == [200, 200, 200]
    assert client.get("/review/not-a-link").status_code == 404  # (the 200s are the links', not any path's)
    assert client.get("/healthz").get_json() == {"status": "ok"}  # the database among the parts checked
    with app.app_context(), db.engine.connect() as connection:
        assert schema_revision(connection) == migrations()[0]
        check_schema(connection)  # this version's schema: no 503 "being updated", nor "a newer version"
    assert schema_differences(app) == []
    with app.app_context():  # the sequences came back too: new rows get ids of their own
        review.create_link(db.session.get(Forum, forum_id), "Employers' council")
        db.session.commit()
        assert len(review.review_links(db.session.get(Forum, forum_id))) == 2
        db.engine.dispose()
