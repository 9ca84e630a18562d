"""What an operator relies on: settings from the environment, /healthz, request logs without
secrets, private database files, backup and restore, and the per-forum card quota."""
from __future__ import annotations

import datetime
import json
import logging
import re
import sqlite3
import stat
import uuid

import pytest
from sqlalchemy import event, func, select, text
from sqlalchemy.exc import OperationalError

from forum import create_app
from forum.config import REPO_ROOT, SettingsError
from forum.extensions import db
from forum.models import IdeaCard
from tests.conftest import HEALTH_TOKEN, OPERATOR, SECRET_KEY, USE_POSTGRES, build_app
from tests.forum.test_import_views import confirm_fields, upload

sqlite_only = pytest.mark.skipif(USE_POSTGRES, reason="SQLite files and SQLite's backup API")


def test_every_setting_can_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("FORUM_CARD_QUOTA", "1234")
    monkeypatch.setenv("FORUM_JOB_QUEUE", "other-queue")
    monkeypatch.setenv("FORUM_RATELIMIT_ENABLED", "false")
    monkeypatch.setenv("FORUM_COOKIES_SECURE", "1")
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": SECRET_KEY})
    assert app.config["COOKIES_SECURE"]
    assert app.config["CARD_QUOTA"] == 1234  # read as JSON: a number, not the string "1234"
    assert app.config["JOB_QUEUE"] == "other-queue"
    assert app.config["RATELIMIT_ENABLED"] is False


def test_a_login_s_longest_life_comes_from_the_environment_in_seconds(monkeypatch, database_url):
    """FORUM_LOGIN_MAX_AGE=3600 (read as a number) made every signed-in request fail: the code reads a timedelta."""
    from forum.models import User
    from tests.conftest import PASSWORD

    monkeypatch.setenv("FORUM_LOGIN_MAX_AGE", "3600")
    for app in build_app(database_url):
        assert app.config["LOGIN_MAX_AGE"] == datetime.timedelta(hours=1)
        with app.app_context():
            user = User(email="olive@example.org", name="Olive")
            user.set_password(PASSWORD)
            db.session.add(user)
            db.session.commit()
        client = app.test_client()
        assert client.post("/login", data={"email": "olive@example.org", "password": PASSWORD}).status_code == 302
        assert client.get("/forums").status_code == 200


@pytest.mark.parametrize("variable, value, said", [
    ("FORUM_CARD_QUOTA", "lots", "FORUM_CARD_QUOTA='lots' is not a number."),
    ("FORUM_LOGIN_MAX_AGE", "a day", "FORUM_LOGIN_MAX_AGE='a day' is not a number of seconds."),
    ("FORUM_RATELIMIT_ENABLED", "yes", "FORUM_RATELIMIT_ENABLED='yes': write true or false."),
    ("FORUM_REDIS_URL", "localhost:6379", "FORUM_REDIS_URL='localhost:6379' is not a Redis URL"),
    ("MAIL_PORT", "smtp", "MAIL_PORT='smtp' is not a whole number."),
    ("MAIL_SERVER", "smtp.example.org", "MAIL_SERVER is set but FORUM_PUBLIC_URL is not"),
    ("FORUM_DATABASE_POOLER", "pgbouncer", "FORUM_DATABASE_POOLER='pgbouncer': write transaction"),
])
def test_a_setting_the_app_cannot_use_stops_it_at_start_naming_the_variable(monkeypatch, variable, value, said):
    monkeypatch.setenv(variable, value)
    with pytest.raises(SettingsError, match=re.escape(said)):
        create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": SECRET_KEY})


def test_the_public_url_follows_the_port_make_run_serves_on(monkeypatch):
    """`make run PORT=8080` handed out invitation links to copy on port 5000, where nothing answered."""
    monkeypatch.delenv("FORUM_PUBLIC_URL", raising=False)
    monkeypatch.setenv("PORT", "8080")
    assert create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": SECRET_KEY}).config["PUBLIC_URL"] == \
        "http://127.0.0.1:8080"
    monkeypatch.setenv("FORUM_PUBLIC_URL", "https://forum.example.org")
    assert create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": SECRET_KEY}).config["PUBLIC_URL"] == \
        "https://forum.example.org"


def test_a_database_server_needs_a_secret_key_set_for_every_instance(monkeypatch):
    """Each instance generating its own key would log people out between them and break signed links."""
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("FORUM_SECRET_KEY", raising=False)
    with pytest.raises(SettingsError, match="SECRET_KEY is not set"):
        create_app({"SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://forum@127.0.0.1:9/forum"})
    monkeypatch.setenv("SECRET_KEY", "one key for every instance and every worker")
    app = create_app({"SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://forum@127.0.0.1:9/forum"})
    assert app.config["SECRET_KEY"] == "one key for every instance and every worker"


POSTGRESQL_URL = "postgresql+psycopg://forum@127.0.0.1:9/forum"


@pytest.mark.parametrize("key, said", [
    ("any-long-random-text", "SECRET_KEY is a well-known example value"),
    ("changeme", "SECRET_KEY is a well-known example value"),
    ("Secret", "SECRET_KEY is a well-known example value"),
    ("a" * 31, "SECRET_KEY is only 31 characters long (at least 32 are needed)"),
])
@pytest.mark.parametrize("database_url", [POSTGRESQL_URL, "sqlite://"])
def test_a_key_anyone_could_guess_is_refused_whatever_the_database(monkeypatch, key, said, database_url):
    """Whoever knows the key signs a session cookie as any organizer; an embedded SQLite deployment is
    reachable by a few hundred people too."""
    monkeypatch.setenv("SECRET_KEY", key)
    with pytest.raises(SettingsError, match=re.escape(said)) as refused:
        create_app({"SQLALCHEMY_DATABASE_URI": database_url})
    assert 'python -c "import secrets; print(secrets.token_hex(32))"' in str(refused.value)


def test_a_key_given_in_the_config_is_checked_too():
    with pytest.raises(SettingsError, match="SECRET_KEY is a well-known example value"):
        create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "dev"})


def test_a_long_random_key_starts_the_app_on_a_database_server_and_on_sqlite(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "a" * 32)
    assert create_app({"SQLALCHEMY_DATABASE_URI": POSTGRESQL_URL}).config["SECRET_KEY"] == "a" * 32
    assert create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"}).config["SECRET_KEY"] == "a" * 32


def test_healthz_answers_without_login_and_checks_the_database(client, app):
    response = client.get("/healthz", headers=OPERATOR)
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok", "mail_jobs_failed_last_day": 0}


def test_healthz_counts_the_failed_mail_jobs_for_the_operator_only(client, app):
    """A load balancer asks every few seconds: its answer is the status, so the jobs table is not read for it."""
    with app.app_context():
        engine = db.engine
    on_jobs = []

    def record(connection, cursor, statement, *args):
        if re.search(r"\bjobs\b", statement):
            on_jobs.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        assert client.get("/healthz").get_json() == {"status": "ok"}
        assert on_jobs == []
        assert client.get("/healthz", headers=OPERATOR).get_json()["mail_jobs_failed_last_day"] == 0
        assert on_jobs
    finally:
        event.remove(engine, "before_cursor_execute", record)


def test_failed_mail_jobs_that_cannot_be_counted_are_said_so_to_the_operator(client, monkeypatch, caplog):
    def cannot_count(since):
        raise OperationalError("SELECT count(jobs.id) FROM jobs", {}, Exception("no such table: jobs"))

    monkeypatch.setattr("forum.operations.health.failed_mail_jobs", cannot_count)
    response = client.get("/healthz", headers=OPERATOR)
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok", "mail_jobs_failed_last_day": "error"}
    assert "health check failed" in caplog.text


def test_healthz_tells_anyone_up_or_down_and_what_was_checked_only_to_the_bearer_of_its_token(tmp_path):
    """The parts of the deployment and the job queues' names are the operator's: a load balancer needs the status."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/forum.db", "SECRET_KEY": SECRET_KEY,
                      "TESTING": True, "HEALTH_TOKEN": HEALTH_TOKEN})
    client = app.test_client()
    (tmp_path / "forum.db").unlink()
    (tmp_path / "forum.db").mkdir()  # a directory where the file was: SQLite cannot open it
    with app.app_context():
        db.engine.dispose()
    for headers in ({}, {"Authorization": "Bearer not-the-token"}, {"Authorization": HEALTH_TOKEN}):
        response = client.get("/healthz", headers=headers)
        assert response.status_code == 503 and response.get_json() == {"status": "error"}
    response = client.get("/healthz", headers=OPERATOR)
    assert response.status_code == 503
    # the rate limits' file beside it is still there: counted by every process of the machine, and healthy
    assert response.get_json() == {"status": "error", "database": "error", "rate_limits": "ok"}
    said = app.test_cli_runner().invoke(args=["health"])
    assert said.exit_code == 1 and json.loads(said.output) == response.get_json()
    app.config["HEALTH_TOKEN"] = ""  # unset: nobody is told more
    assert client.get("/healthz", headers={"Authorization": "Bearer "}).get_json() == {"status": "error"}


@pytest.mark.parametrize("settings, said", [
    ({"SQLALCHEMY_DATABASE_URI": "sqlite://"},
     "The SQLite database and the rate limits' counters file (FORUM_RATELIMIT_STORAGE_URI unset, or machine-file://) "
     "need SQLite 3.35.0 or later, but this Python's sqlite3 module has SQLite 3.34.1. Run the app with a Python "
     "whose sqlite3 module has a newer one (Debian 12's, Ubuntu 22.04's)."),
    ({"SQLALCHEMY_DATABASE_URI": POSTGRESQL_URL},
     "The rate limits' counters file (FORUM_RATELIMIT_STORAGE_URI unset, or machine-file://) needs SQLite 3.35.0 or "
     "later, but this Python's sqlite3 module has SQLite 3.34.1. Run the app with a Python whose sqlite3 module has a "
     "newer one (Debian 12's, Ubuntu 22.04's), or count the rate limits in Redis "
     "(FORUM_RATELIMIT_STORAGE_URI=redis://127.0.0.1:6379/1)."),
    ({"SQLALCHEMY_DATABASE_URI": POSTGRESQL_URL, "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:9/1"}, None),
])
def test_an_sqlite_older_than_returning_is_refused_at_start_naming_the_minimum(monkeypatch, settings, said):
    """Debian 11's Python has SQLite 3.34: the upserts' and the counters' RETURNING failed at the first card or
    request ("near RETURNING: syntax error")."""
    import sqlite3

    monkeypatch.setattr(sqlite3, "sqlite_version_info", (3, 34, 1))
    monkeypatch.setattr(sqlite3, "sqlite_version", "3.34.1")
    config = {"SECRET_KEY": SECRET_KEY, **settings}
    if said is None:  # neither the database nor the counters on SQLite
        assert create_app(config).config["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:9/1"
        return
    with pytest.raises(SettingsError) as refused:
        create_app(config)
    assert str(refused.value) == said


def test_a_short_health_token_is_refused_at_start(monkeypatch):
    monkeypatch.setenv("FORUM_HEALTH_TOKEN", "short")
    with pytest.raises(SettingsError, match="FORUM_HEALTH_TOKEN is only 5 characters long"):
        create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": SECRET_KEY})


def test_healthz_says_503_when_the_code_was_updated_without_upgrading_the_database(client, app, caplog):
    from alembic.script import ScriptDirectory

    head = ScriptDirectory(str(REPO_ROOT / "migrations")).get_current_head()
    with app.app_context():
        db.session.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)"))
        db.session.execute(text("INSERT INTO alembic_version VALUES ('6cabfb76ee92')"))  # the first migration
        db.session.commit()
    try:
        response = client.get("/healthz", headers=OPERATOR)
        assert response.status_code == 503 and response.get_json()["database"] == "error"
        assert f"older than this version's {head}: run `flask db upgrade`" in caplog.text
        with app.app_context():
            db.session.execute(text("UPDATE alembic_version SET version_num = :head"), {"head": head})
            db.session.commit()
        assert client.get("/healthz").status_code == 200
    finally:
        with app.app_context():
            db.session.execute(text("DROP TABLE alembic_version"))
            db.session.commit()


def test_one_json_log_line_per_request_without_secrets(client, app, caplog):
    requests_log = logging.getLogger("forum.requests")  # it writes to stderr only, not to the root logger
    requests_log.addHandler(caplog.handler)
    try:
        client.get("/t/secret-capture-token?lang=fr", headers={"X-Request-ID": "abc-123"})
        client.get("/healthz")
    finally:
        requests_log.removeHandler(caplog.handler)
    lines = [json.loads(record.getMessage()) for record in caplog.records if record.name == "forum.requests"]
    assert [line["path"] for line in lines] == ["/t/…", "/healthz"]
    assert lines[0]["request_id"] == "abc-123" and lines[0]["method"] == "GET" and lines[0]["status"] == 404
    assert lines[1]["status"] == 200 and lines[1]["duration_ms"] >= 0 and len(lines[1]["request_id"]) == 32
    assert "secret-capture-token" not in caplog.text and "lang=fr" not in caplog.text


def test_a_request_id_ending_in_a_line_break_is_replaced(client, caplog):
    requests_log = logging.getLogger("forum.requests")
    requests_log.addHandler(caplog.handler)
    try:
        client.get("/healthz", environ_overrides={"HTTP_X_REQUEST_ID": "abc-123\n"})
    finally:
        requests_log.removeHandler(caplog.handler)
    [line] = [json.loads(record.getMessage()) for record in caplog.records if record.name == "forum.requests"]
    assert len(line["request_id"]) == 32


def test_no_link_that_holds_a_secret_is_logged_with_it(app):
    """Every route taking a token or a code (a committee member's link needs no password: a log line
    holding it would be a key) is logged with that part hidden."""
    from forum.operations.request_log import logged_path

    secret_routes = [rule for rule in app.url_map.iter_rules() if {"token", "code"} & rule.arguments]
    assert len(secret_routes) > 20
    for rule in secret_routes:
        values = {name: "SeCrEt123" if name in ("token", "code") else 1 for name in rule.arguments}
        path = app.url_map.bind("localhost").build(rule.endpoint, values)
        assert "SeCrEt123" not in logged_path(path), rule.rule


@sqlite_only
def test_a_new_database_file_is_readable_by_its_owner_only(tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/new.db", "SECRET_KEY": SECRET_KEY})
    with app.app_context():
        db.create_all()
    for name in ("new.db", "new.db-wal"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600, name


@sqlite_only
def test_backup_then_restore_brings_back_the_saved_cards(app, runner, make_organizer, make_forum, tmp_path, count):
    forum_id = make_forum(make_organizer())
    add_cards(app, forum_id, 3)
    result = runner.invoke(args=["backup", str(tmp_path / "backup.db")])
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE((tmp_path / "backup.db").stat().st_mode) == 0o600
    with sqlite3.connect(tmp_path / "backup.db") as copy:
        assert copy.execute("SELECT count(*) FROM idea_cards").fetchone()[0] == 3

    add_cards(app, forum_id, 2)
    assert count(IdeaCard) == 5
    again = runner.invoke(args=["backup", str(tmp_path / "backup.db")])
    assert again.exit_code == 1 and "exists already" in again.output  # never overwrites a backup
    refused = runner.invoke(args=["restore", "--yes", str(tmp_path / "backup.db-not-there")])
    assert refused.exit_code == 2
    result = runner.invoke(args=["restore", "--yes", str(tmp_path / "backup.db")])
    assert result.exit_code == 0, result.output
    assert count(IdeaCard) == 3


@sqlite_only
def test_restore_refuses_a_file_that_is_not_a_backup(runner, tmp_path, app):
    (tmp_path / "notes.txt").write_text("not a database")
    result = runner.invoke(args=["restore", "--yes", str(tmp_path / "notes.txt")])
    assert result.exit_code == 1 and "not an SQLite database" in result.output


def test_backup_and_restore_on_postgresql_point_to_its_own_tools(tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://forum@127.0.0.1:9/forum",
                      "SECRET_KEY": SECRET_KEY})
    (tmp_path / "forum.dump").write_bytes(b"PGDMP")
    backup = app.test_cli_runner().invoke(args=["backup", str(tmp_path / "backup.db")])
    assert backup.exit_code == 1 and "The database is not SQLite: back it up with pg_dump" in backup.output
    restore = app.test_cli_runner().invoke(args=["restore", "--yes", str(tmp_path / "forum.dump")])
    assert restore.exit_code == 1 and "The database is not SQLite: restore it with pg_restore" in restore.output


def add_cards(app, forum_id, n):
    with app.app_context():
        db.session.add_all(IdeaCard(forum_id=forum_id, client_id=str(uuid.uuid4()), text=f"idea {i}", source="import")
                           for i in range(n))
        db.session.commit()


@pytest.fixture
def small_quota_app(database_url):
    yield from build_app(database_url, CARD_QUOTA=3)


def test_capture_beyond_the_card_quota_is_a_clear_409(small_quota_app, make_forum_in):
    app = small_quota_app
    forum_id, token = make_forum_in(app)
    client = app.test_client()
    sent = [client.post(f"/api/v1/capture/{token}/cards", json={"client_id": str(uuid.uuid4()), "text": f"idea {i}"})
            for i in range(4)]
    assert [response.status_code for response in sent] == [201, 201, 201, 409]
    assert sent[3].get_json()["reason"] == "quota" and "at most 3 idea cards" in sent[3].get_json()["error"]
    with app.app_context():
        assert db.session.scalar(select(func.count(IdeaCard.id))) == 3


def test_an_import_beyond_the_card_quota_is_refused_whole(small_quota_app, make_forum_in):
    app = small_quota_app
    forum_id, _token = make_forum_in(app, login=True)
    client = app.client
    page = upload(client, forum_id, b"text\none\ntwo\nthree\nfour\n").get_data(as_text=True)
    response = client.post(f"/forums/{forum_id}/import/confirm", data=confirm_fields(page))
    assert response.status_code == 409
    assert "at most 3 idea cards; these 4 would go beyond that" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(IdeaCard.id))) == 0


@sqlite_only
def test_backup_into_a_folder_that_does_not_exist_says_so_in_one_line(runner, tmp_path, app):
    target = tmp_path / "not-made" / "backup.db"
    result = runner.invoke(args=["backup", str(target)])
    assert result.exit_code == 1, result.output  # was a FileNotFoundError's traceback
    assert result.stderr == f"Error: Cannot write {target}: there is no folder {target.parent}.\n"
