"""An operator's backups, restores and upgrades: a restore on another machine says when the links
people hold will not open there, and whether `flask db upgrade` is needed; an app whose database
is at an older migration says it is being updated (503) instead of failing page by page (500)."""
from __future__ import annotations

import logging
import os
import socket
import sqlite3
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import click
import pytest
from sqlalchemy import text

from forum import create_app
from forum.config import REPO_ROOT
from forum.extensions import db
from forum.models import Forum
from forum.operations.schema import migrations
from forum.services import progress
from tests.conftest import SECRET_KEY, USE_POSTGRES
from tests.html import parse

pytestmark = pytest.mark.skipif(USE_POSTGRES, reason="SQLite files and SQLite's backup API (PostgreSQL: pg_dump)")

FIRST_MIGRATION = "6cabfb76ee92"
OTHER_KEY = "another-installation-secret-key-0123456789abcdef"


def installation(sqlite_schema, tmp_path, name, key):
    """An app on its own SQLite file (the schema made by create_all, as in the other tests), as on
    another machine with its own secret key."""
    path = tmp_path / f"{name}.db"
    path.write_bytes(sqlite_schema.read_bytes())
    return create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}", "SECRET_KEY": key, "TESTING": True,
                       "RATELIMIT_ENABLED": False})


def shared_progress_link(app, make_forum_in) -> str:
    forum_id, _token = make_forum_in(app)
    with app.test_request_context():
        forum = db.session.get(Forum, forum_id)
        progress.share(forum, new_link=False)
        return f"/progress/{progress.progress_token(forum)}"


def test_a_restore_on_a_machine_with_another_key_says_the_links_will_not_open_there(
        sqlite_schema, tmp_path, make_forum_in):
    old = installation(sqlite_schema, tmp_path, "old", SECRET_KEY)
    link = shared_progress_link(old, make_forum_in)
    assert old.test_client().get(link).status_code == 200
    made = old.test_cli_runner().invoke(args=["backup", str(tmp_path / "backup.db")])
    assert made.exit_code == 0, made.output
    assert "Keep a copy of the SECRET_KEY setting with your backups" in made.output
    assert not (tmp_path / "backup.db-wal").exists()
    with sqlite3.connect(tmp_path / "backup.db") as copy:  # one self-contained file
        assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert stat.S_IMODE((tmp_path / "backup.db").stat().st_mode) == 0o600

    new = installation(sqlite_schema, tmp_path, "new", OTHER_KEY)
    restored = new.test_cli_runner().invoke(args=["restore", "--yes", str(tmp_path / "backup.db")])
    assert restored.exit_code == 0, restored.output
    assert "Warning: the backup was made with another secret key than this installation's" in restored.output
    assert new.test_client().get(link).status_code == 404  # what the warning is about

    same = installation(sqlite_schema, tmp_path, "same", SECRET_KEY)  # the old key given to the new machine
    restored = same.test_cli_runner().invoke(args=["restore", "--yes", str(tmp_path / "backup.db")])
    assert restored.exit_code == 0, restored.output
    assert "secret key" not in restored.output
    assert same.test_client().get(link).status_code == 200


def test_a_restore_onto_a_new_empty_database_says_nothing_will_be_lost_and_onto_one_with_data_asks_first(
        sqlite_schema, tmp_path, make_forum_in):
    old = installation(sqlite_schema, tmp_path, "old", SECRET_KEY)
    link = shared_progress_link(old, make_forum_in)
    assert old.test_cli_runner().invoke(args=["backup", str(tmp_path / "backup.db")]).exit_code == 0

    new = installation(sqlite_schema, tmp_path, "new", SECRET_KEY)  # as after `flask db upgrade` on a new machine
    with new.app_context():
        db.session.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)"))
        db.session.execute(text("INSERT INTO alembic_version VALUES (:revision)"), {"revision": migrations()[0]})
        db.session.commit()
    restored = new.test_cli_runner().invoke(args=["restore", str(tmp_path / "backup.db")])  # no --yes, no answer
    assert restored.exit_code == 0, restored.output
    assert restored.output.startswith("The database holds no data yet (a new installation): nothing will be lost.\n")
    assert "will be lost. Restore it?" not in restored.output
    assert new.test_client().get(link).status_code == 200

    again = new.test_cli_runner().invoke(args=["restore", str(tmp_path / "backup.db")], input="n\n")
    assert again.exit_code == 1  # it holds the forum now: asked, and answered no
    assert "Everything saved since that backup will be lost. Restore it? [y/N]: n\nAborted!" in again.output
    assert "no data yet" not in again.output

    missing = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'not-made-yet.db'}",
                          "SECRET_KEY": SECRET_KEY})
    onto_nothing = missing.test_cli_runner().invoke(args=["restore", str(tmp_path / "backup.db")])
    assert onto_nothing.exit_code == 0, onto_nothing.output
    assert "nothing will be lost" in onto_nothing.output


def test_restore_says_whether_the_backup_needs_flask_db_upgrade(sqlite_schema, tmp_path):
    app = installation(sqlite_schema, tmp_path, "live", SECRET_KEY)
    head, _older = migrations()
    runner = app.test_cli_runner()
    for name, revision in (("current", head), ("older", FIRST_MIGRATION), ("newer", "0123456789ab")):
        with app.app_context():
            db.session.execute(text("CREATE TABLE IF NOT EXISTS alembic_version (version_num VARCHAR(32) NOT NULL)"))
            db.session.execute(text("DELETE FROM alembic_version"))
            db.session.execute(text("INSERT INTO alembic_version VALUES (:revision)"), {"revision": revision})
            db.session.commit()
        assert runner.invoke(args=["backup", str(tmp_path / f"{name}.db")]).exit_code == 0

    said = {name: runner.invoke(args=["restore", "--yes", str(tmp_path / f"{name}.db")]).output
            for name in ("current", "older", "newer")}
    assert "Its schema is this version's: the app can start on it." in said["current"]
    assert "flask db upgrade" not in said["current"]
    assert (f"Its schema is older than this version's (revision {FIRST_MIGRATION}, this version's is {head}): "
            "run `flask db upgrade` before starting the app") in said["older"]
    assert "Warning: it was made by a newer version of the app (revision 0123456789ab" in said["newer"]
    # The app's own commands refuse such a database as its pages do (the test below): the warning says so, and which
    # commands still run, the ways out.
    refusing = ("the app's `flask` commands refuse to run on it, all but `flask backup`, `flask db`, `flask health`, "
                "`flask restore` and `flask send-test-mail`, saying so and doing nothing")
    assert ("or restore a backup made by this one. Until then every page answers 503 saying so, and "
            f"{refusing} (a developer switching branches can serve it and run them anyway with "
            "FORUM_ALLOW_NEWER_SCHEMA=true).") in " ".join(said["newer"].split())
    assert f"(until then every page answers 503, \"being updated\", and {refusing})." in " ".join(said["older"].split())
    assert "secret key" not in "".join(said.values())  # made and restored with the same key


def test_a_restore_that_cannot_write_says_so_without_a_traceback(sqlite_schema, tmp_path, monkeypatch):
    """Python's backup waited for good while another process held the database."""
    app = installation(sqlite_schema, tmp_path, "live", SECRET_KEY)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["backup", str(tmp_path / "backup.db")]).exit_code == 0
    monkeypatch.setattr("forum.services.backups.LOCK_WAIT_SECONDS", 0.5, raising=False)
    holder = sqlite3.connect(tmp_path / "live.db", timeout=0)
    holder.execute("BEGIN EXCLUSIVE")  # another process holding the database for longer than the wait
    try:
        results = in_a_thread(lambda: runner.invoke(args=["restore", "--yes", str(tmp_path / "backup.db")]), 20)
    finally:
        holder.rollback()
        holder.close()
    assert results, "the restore was still waiting"
    result = results[0]
    assert result.exit_code == 1
    assert "The restore failed, and the database was left as it was: database is locked" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


WRITER = """
import sqlite3, sys, time
writer = sqlite3.connect(sys.argv[1], timeout=30, isolation_level=None)
while True:
    writer.execute("INSERT INTO filler (v) VALUES ('a card')")
    time.sleep(0.002)
"""


def test_a_large_database_taking_writes_all_the_time_is_backed_up(sqlite_schema, tmp_path):
    """Copied in steps of 1,024 pages, the copy started over at every write of another process
    between two steps: a 60 MB database taking a card every few milliseconds was never backed up."""
    app = installation(sqlite_schema, tmp_path, "busy", SECRET_KEY)
    with sqlite3.connect(tmp_path / "busy.db") as setup:
        setup.execute("PRAGMA journal_mode = WAL")
        setup.execute("CREATE TABLE filler (id INTEGER PRIMARY KEY, v TEXT)")
        setup.executemany("INSERT INTO filler (v) VALUES (?)", ((f"{i:01000d}",) for i in range(60000)))
    setup.close()
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path / "busy.db")])
    try:
        time.sleep(0.5)
        results = in_a_thread(lambda: app.test_cli_runner().invoke(args=["backup", str(tmp_path / "backup.db")]), 30)
    finally:
        writer.kill()
        writer.wait()
    assert results, "the backup was still starting over after 30 s"
    assert results[0].exit_code == 0, results[0].output
    with sqlite3.connect(tmp_path / "backup.db") as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert copy.execute("SELECT count(*) FROM filler").fetchone()[0] > 60000
    copy.close()


def in_a_thread(call, seconds: float) -> list:
    """[call()] if it returns within ``seconds``, else [] (the thread is left to end on its own)."""
    results = []
    thread = threading.Thread(target=lambda: results.append(call()), daemon=True)
    thread.start()
    thread.join(timeout=seconds)
    return results


@pytest.fixture
def behind(sqlite_schema, tmp_path):
    """An app whose database is at the first migration, as after restoring an old backup or updating
    the code without `flask db upgrade`."""
    app = installation(sqlite_schema, tmp_path, "behind", SECRET_KEY)
    app.add_url_rule("/needs-a-new-column", "needs_a_new_column",
                     lambda: str(db.session.execute(text("SELECT column_added_later FROM forums")).all()))
    with app.app_context():
        db.session.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)"))
        db.session.execute(text("INSERT INTO alembic_version VALUES (:revision)"), {"revision": FIRST_MIGRATION})
        db.session.commit()
    return app


def set_revision(app, revision):
    with app.app_context():
        db.session.execute(text("UPDATE alembic_version SET version_num = :revision"), {"revision": revision})
        db.session.commit()


def test_a_database_at_an_older_migration_makes_every_page_say_it_is_being_updated(behind, caplog):
    client = behind.test_client()
    head, _older = migrations()
    with caplog.at_level(logging.ERROR):
        page = client.get("/login")
    assert page.status_code == 503 and page.headers["Retry-After"]
    assert "This site is being updated and is not ready yet. Nothing you sent was saved" in page.get_data(as_text=True)
    assert (f"The database's schema is at revision {FIRST_MIGRATION}, older than this version's {head}: "
            "run `flask db upgrade`.") in caplog.text
    assert "Traceback" not in caplog.text
    french = client.get("/join?lang=fr")
    assert french.status_code == 503
    assert "Ce site est en cours de mise à jour" in french.get_data(as_text=True)
    api = behind.test_client().post("/api/v1/capture/some-table-token/cards", json={"client_id": "x", "text": "idea"})
    assert api.status_code == 503  # the capture page's queue keeps the card and sends it again
    assert api.get_json()["error"].startswith("This site is being updated")
    assert client.get("/healthz").status_code == 503

    set_revision(behind, head)  # `flask db upgrade` ran: no restart needed
    assert client.get("/login").status_code == 200


def test_an_older_backup_restored_under_a_serving_process_is_caught_at_its_next_error(behind, caplog):
    head, _older = migrations()
    set_revision(behind, head)
    client = behind.test_client()
    assert client.get("/login").status_code == 200  # the process found the schema up to date
    set_revision(behind, FIRST_MIGRATION)  # an older backup restored into the live file meanwhile
    with caplog.at_level(logging.ERROR):
        page = client.get("/needs-a-new-column")
    assert page.status_code == 503
    assert "being updated" in page.get_data(as_text=True)
    assert "Traceback" not in caplog.text
    assert client.get("/login").status_code == 503  # and every page says so until the upgrade


NEWER = "0123456789ab"  # a revision this version does not know: a newer version's migration


def test_a_database_upgraded_by_a_newer_version_makes_every_page_say_so_instead_of_serving_it(behind, caplog):
    """A newer installation's backup restored here (or the code rolled back after `flask db upgrade`): the app
    ran on a schema it was not written for. Anyone may open a page, so the page says it in plain words only: the
    revision, what to run and the setting that serves it anyway are for the operator, in the log."""
    set_revision(behind, NEWER)
    client = behind.test_client()
    with caplog.at_level(logging.ERROR):
        page = client.get("/login")
    assert page.status_code == 503 and page.headers["Retry-After"]
    shown = parse(page).select_one("#error-message").get_text()
    assert ("This site is unavailable: its database was upgraded by a newer version of Forum Workbench than the one "
            "running here. Nothing you sent was saved. The site's administrators will find what to do in its "
            "log.") == shown
    assert ("The database was upgraded by a newer version of Forum Workbench (revision 0123456789ab is not one of "
            "this version's migrations): run that version, or restore a backup made by this one. To run this "
            "version on it anyway (a developer switching branches), set FORUM_ALLOW_NEWER_SCHEMA=true.") in caplog.text
    assert "Traceback" not in caplog.text
    french = client.get("/join?lang=fr")
    assert french.status_code == 503
    assert parse(french).select_one("#error-message").get_text().startswith(
        "Ce site est indisponible\u00a0: sa base de données a été mise à jour par une version plus récente de Forum "
        "Workbench que celle qui tourne ici.")
    api = behind.test_client().post("/api/v1/capture/some-table-token/cards", json={"client_id": "x", "text": "idea"})
    assert api.status_code == 503  # the capture page's queue keeps the card and sends it again
    assert api.get_json()["reason"] == "newer_schema"
    assert api.get_json()["error"].startswith("This site is unavailable: its database was upgraded")
    for answer in (page, french, api):  # nothing an operator alone needs, nor a stranger should learn
        said = answer.get_data(as_text=True)
        assert NEWER not in said and "ALLOW_NEWER_SCHEMA" not in said and "flask" not in said.lower()
    assert client.get("/healthz").status_code == 503

    set_revision(behind, migrations()[0])  # a backup made by this version restored: no restart needed
    assert client.get("/login").status_code == 200
    assert client.get("/healthz").status_code == 200


def test_a_newer_backup_restored_under_a_serving_process_is_caught_at_its_next_error(behind, caplog):
    set_revision(behind, migrations()[0])
    client = behind.test_client()
    assert client.get("/login").status_code == 200
    set_revision(behind, NEWER)  # a newer version's backup restored into the live file meanwhile
    with caplog.at_level(logging.ERROR):
        page = client.get("/needs-a-new-column")
    assert page.status_code == 503
    assert "upgraded by a newer version" in page.get_data(as_text=True)
    assert "Traceback" not in caplog.text
    assert client.get("/login").status_code == 503


def test_a_developer_switching_branches_serves_a_newer_schema_with_the_setting(behind, monkeypatch):
    set_revision(behind, NEWER)  # another branch's migration ran on the developer's database
    assert behind.test_client().get("/login").status_code == 503  # off by default
    monkeypatch.setenv("FORUM_ALLOW_NEWER_SCHEMA", "true")
    app = create_app({"SQLALCHEMY_DATABASE_URI": behind.config["SQLALCHEMY_DATABASE_URI"], "SECRET_KEY": SECRET_KEY,
                      "TESTING": True, "RATELIMIT_ENABLED": False})
    assert app.config["ALLOW_NEWER_SCHEMA"] is True
    client = app.test_client()
    assert client.get("/login").status_code == 200
    assert client.get("/healthz").status_code == 200
    set_revision(app, FIRST_MIGRATION)  # an older schema is refused all the same: its pages would fail
    assert client.get("/healthz").status_code == 503


def started(database: Path, **environment) -> str:
    """What the app's log says as gunicorn loads wsgi.py on ``database``."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("FORUM_")}
    env.update(DATABASE_URL=f"sqlite:///{database}", SECRET_KEY=SECRET_KEY, **environment)
    done = subprocess.run([sys.executable, "-c", "import wsgi"], cwd=REPO_ROOT, env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stderr


def test_the_log_says_at_start_when_the_database_is_at_another_versions_schema(behind, tmp_path):
    database = tmp_path / "behind.db"
    head, _older = migrations()
    assert f"Every page will answer 503 until the database is upgraded. The database's schema is at revision " \
           f"{FIRST_MIGRATION}, older than this version's {head}: run `flask db upgrade`." in started(database)
    set_revision(behind, NEWER)
    assert ("Every page will answer 503. The database was upgraded by a newer version of Forum Workbench (revision "
            "0123456789ab is not one of this version's migrations)") in started(database)
    assert ("serving it anyway because FORUM_ALLOW_NEWER_SCHEMA is set"
            in started(database, FORUM_ALLOW_NEWER_SCHEMA="true"))
    set_revision(behind, head)
    assert started(database) == ""


def flask_command(database: Path, *args: str) -> subprocess.CompletedProcess:
    """``flask --app wsgi …`` on ``database``, as an operator runs it."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("FORUM_")}
    env.update(DATABASE_URL=f"sqlite:///{database}", SECRET_KEY=SECRET_KEY)
    return subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", *args], cwd=REPO_ROOT, env=env,
                          capture_output=True, text=True, timeout=180)


def test_the_start_line_is_for_the_app_served_not_for_the_flask_command_that_upgrades_the_database(behind, tmp_path):
    """`flask db upgrade` loads wsgi.py too: the operator running it to fix the schema is not told that every page
    answers 503 until they do. `flask run` serves the app: it says so (as gunicorn does, test above)."""
    old = tmp_path / "old.db"
    made = flask_command(old, "db", "upgrade", FIRST_MIGRATION)
    assert made.returncode == 0, made.stderr
    upgraded = flask_command(old, "db", "upgrade")
    assert upgraded.returncode == 0, upgraded.stderr
    assert f"Running upgrade {FIRST_MIGRATION} ->" in upgraded.stderr
    assert "Every page will answer 503" not in upgraded.stderr
    assert started(old) == ""  # upgraded: nothing to say when served

    with socket.socket() as taken:  # `flask run` loads the app, then cannot listen on a port in use: it serves nothing
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        run = flask_command(tmp_path / "behind.db", "run", "--host", "127.0.0.1", "--port",
                            str(taken.getsockname()[1]))
    assert run.returncode != 0 and "in use" in run.stderr
    assert "Every page will answer 503 until the database is upgraded." in run.stderr


def test_the_check_at_start_leaves_no_connection_for_gunicorns_workers_to_share(behind):
    """wsgi.py runs it in gunicorn's master before it forks (preload_app): a pooled connection left open there
    was inherited by every worker, whose statements then mixed on one PostgreSQL socket."""
    from forum.operations.schema import report_at_start

    report_at_start(behind)
    with behind.app_context():
        assert db.engine.pool.checkedin() == 0


NEWER_SAID = ("Error: The database was upgraded by a newer version of Forum Workbench (revision 0123456789ab is not "
              "one of this version's migrations): run that version, or restore a backup made by this one. To run this "
              "version on it anyway (a developer switching branches), set FORUM_ALLOW_NEWER_SCHEMA=true. Nothing was "
              "done.")
# Every command of forum/cli.py, with arguments it would otherwise run with (forum 1 does not exist: refused
# before it is looked for).
APP_COMMANDS = [["load-demo"], ["import-ideas", "1", str(REPO_ROOT / "forum" / "demo" / "ideas.csv")],
                ["import-evaluations", "1", str(REPO_ROOT / "forum" / "demo" / "evaluations.csv")],
                ["report", "1", "--format", "md", "-o", "report.md"], ["analyse", "1"],
                ["create-organizer", "chair@example.org", "Chair Person", "--password", "long-enough-pw"],
                ["set-password", "chair@example.org", "--password", "a new passphrase"],
                ["send-reminders", "--dry-run"]]


def test_the_apps_commands_refuse_a_database_upgraded_by_a_newer_version_but_migrations_and_restore_work(
        behind, tmp_path):
    """As every page answers 503: a command run on it would write rows a newer version does not expect. The
    operator is told what the log says, with exit code 1; `flask db`, `flask backup` and `flask restore` (the ways
    out) still work, and once a backup made by this version is restored the commands run again."""
    from forum.models import User

    set_revision(behind, migrations()[0])
    runner = behind.test_cli_runner()
    assert runner.invoke(args=["backup", str(tmp_path / "this-version.db")]).exit_code == 0
    set_revision(behind, NEWER)
    for args in APP_COMMANDS:
        result = runner.invoke(args=args)
        assert result.exit_code == 1 and result.output.strip() == NEWER_SAID, (args, result.output)
    with behind.app_context():
        assert db.session.query(User).count() == 0 and db.session.query(Forum).count() == 0  # nothing was done

    @click.command("added-later")  # a command a later forum/cli_*.py adds is checked as well, unasked
    def added_later():
        click.echo("ran")

    behind.cli.add_command(added_later)
    result = runner.invoke(args=["added-later"])
    assert result.exit_code == 1 and result.output.strip() == NEWER_SAID  # and did not run

    heads = runner.invoke(args=["db", "heads"])  # (reads no database: the others set alembic's logging up in here)
    assert heads.exit_code == 0 and "Nothing was done" not in heads.output
    assert runner.invoke(args=["backup", str(tmp_path / "newer.db")]).exit_code == 0  # kept before restoring over it
    restored = runner.invoke(args=["restore", "--yes", str(tmp_path / "this-version.db")])
    assert restored.exit_code == 0, restored.output
    created = runner.invoke(args=APP_COMMANDS[5])
    assert created.exit_code == 0 and "Created organizer chair@example.org." in created.output
    assert runner.invoke(args=["added-later"]).output == "ran\n"


def test_the_flask_command_refuses_a_newer_schema_with_a_non_zero_exit_code_and_serves_it_with_the_setting(
        behind, tmp_path, monkeypatch):
    set_revision(behind, NEWER)
    demo = flask_command(tmp_path / "behind.db", "load-demo")  # as an operator runs it, through wsgi.py
    assert demo.returncode == 1 and NEWER_SAID in demo.stderr and "Created" not in demo.stdout

    monkeypatch.setenv("FORUM_ALLOW_NEWER_SCHEMA", "true")  # a developer switching branches
    app = create_app({"SQLALCHEMY_DATABASE_URI": behind.config["SQLALCHEMY_DATABASE_URI"], "SECRET_KEY": SECRET_KEY,
                      "TESTING": True})
    result = app.test_cli_runner().invoke(args=["send-reminders", "--dry-run"])
    assert result.exit_code == 0 and "0 message(s) would be sent" in result.output


def test_the_apps_commands_refuse_a_database_at_an_older_migration_until_it_is_upgraded(behind, tmp_path):
    """They would fail halfway on a column the migration adds: they say what to run instead, as the log does."""
    head, _older = migrations()
    result = behind.test_cli_runner().invoke(args=["send-reminders", "--dry-run"])
    assert result.exit_code == 1
    assert result.output.strip() == (f"Error: The database's schema is at revision {FIRST_MIGRATION}, older than this "
                                     f"version's {head}: run `flask db upgrade`. Nothing was done.")
    current = flask_command(tmp_path / "behind.db", "db", "current")  # (in this process: alembic's logging set-up)
    assert current.returncode == 0 and FIRST_MIGRATION in current.stdout + current.stderr
