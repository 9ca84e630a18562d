"""The Alembic migrations build exactly the models' schema, on SQLite and on PostgreSQL, and undo it."""
from __future__ import annotations

import json
import logging
import re
from contextlib import contextmanager

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.engine import make_url

from forum import create_app
from forum.extensions import db
from forum.models import User
from tests.conftest import SECRET_KEY, USE_POSTGRES
from tests.servers import free_port


@pytest.fixture
def empty_sqlite(tmp_path):
    return f"sqlite:///{tmp_path / 'migrated.db'}"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.skipif(
    not USE_POSTGRES, reason="runs with FORUM_TEST_DATABASE=postgresql"))])
def empty_database(request):
    """An empty SQLite database, and an empty PostgreSQL one when the tests run on PostgreSQL."""
    return request.getfixturevalue("empty_sqlite" if request.param == "sqlite" else "empty_postgres")


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


@contextmanager
def migrating(database_url):
    """An app on this database; afterwards its connections are closed and the loggers that
    Alembic's logging config disabled are given back to later tests."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": SECRET_KEY})
    try:
        yield app
    finally:
        with app.app_context():
            db.engine.dispose()
        for name in list(logging.root.manager.loggerDict):
            logging.getLogger(name).disabled = False


def upgrade_over(revision: str, statements, now: str) -> None:
    """Upgrade to ``revision``, write ``statements`` (``:now`` = ``now``) there, then upgrade to the head."""
    upgrade(revision=revision)
    with db.engine.begin() as connection:
        for statement in statements:
            connection.execute(text(statement), {"now": now})
    upgrade()


def test_migrations_on_an_empty_database(empty_database):
    with migrating(empty_database) as app:
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


def test_the_french_rounds_migration_translates_the_untouched_default_rounds(empty_sqlite):
    now = "2026-11-22 08:00:00"
    with migrating(empty_sqlite) as app:
        with app.app_context():
            upgrade(revision="6cabfb76ee92")  # the schema before rounds had French wording
            with db.engine.begin() as connection:
                connection.execute(text(
                    "INSERT INTO users (id, email, name, password_hash, created_at, updated_at)"
                    " VALUES (1, 'o@example.org', 'O', 'x', :now, :now)"), {"now": now})
                connection.execute(text(
                    "INSERT INTO forums (id, owner_id, name, languages, join_code, is_demo, report_out_limit,"
                    " evaluation_open, created_at, updated_at) VALUES (1, 1, 'F', 'en', 'ABCDEF', false, 7, false,"
                    " :now, :now)"), {"now": now})
                connection.execute(text(
                    "INSERT INTO rounds (forum_id, key, title, question, position, rating_open) VALUES"
                    " (1, 'best_practices', 'Best practices',"
                    "  'What works? Share best practices you have seen or used.', 0, false),"
                    " (1, 'challenges', 'Barriers we face', 'What gets in the way? Name the challenges and barriers.',"
                    "  1, false),"
                    " (1, 'own_round', 'Our own round', NULL, 2, false)"))
            upgrade()
            with db.engine.connect() as connection:
                rows = connection.execute(text("SELECT key, title_fr, question_fr FROM rounds ORDER BY position")).all()
        assert rows == [
            ("best_practices", "Pratiques exemplaires",
             "Qu'est-ce qui fonctionne ? Partagez les pratiques exemplaires que vous avez vues ou utilisées."),
            ("challenges", None, "Qu'est-ce qui fait obstacle ? Nommez les défis et les barrières."),  # title renamed
            ("own_round", None, None),
        ]


# An organizer and their forum, as rows written before the models of a later revision existed.
OWNER = ("INSERT INTO users (id, email, name, password_hash, created_at, updated_at)"
         " VALUES (1, 'o@example.org', 'O', 'x', :now, :now)")
OWNER_AND_FORUM = (
    OWNER,
    "INSERT INTO forums (id, owner_id, name, languages, join_code, is_demo, report_out_limit,"
    " evaluation_open, created_at, updated_at) VALUES (1, 1, 'F', 'en', 'ABCDEF', false, 7, false, :now, :now)",
)

# An English-and-French forum and a French-only one, once forum names were English and French columns.
OWNER_AND_TWO_FORUMS = (
    OWNER,
    "INSERT INTO forums (id, owner_id, name_en, name_fr, languages, join_code, is_demo, report_out_limit,"
    " evaluation_open, created_at, updated_at) VALUES"
    " (1, 1, 'Hiring forum', NULL, 'en,fr', 'ABCDEF', false, 7, false, :now, :now),"
    " (2, 1, NULL, 'Forum emploi', 'fr', 'BCDEFG', false, 7, false, :now, :now)",
)


# The organizer's forum once forum names were English and French columns.
OWNER_AND_ENGLISH_FORUM = (
    OWNER,
    "INSERT INTO forums (id, owner_id, name_en, languages, join_code, is_demo, report_out_limit,"
    " evaluation_open, created_at, updated_at) VALUES (1, 1, 'F', 'en', 'ABCDEF', false, 7, false, :now, :now)",
)

# Last year's forum (1) and its next edition (2), once a forum could be the next edition of another.
OWNER_AND_TWO_EDITIONS = (
    OWNER,
    "INSERT INTO forums (id, owner_id, name_en, languages, join_code, is_demo, report_out_limit,"
    " evaluation_open, created_at, updated_at) VALUES (1, 1, 'F 2025', 'en', 'ABCDEF', false, 7, false, :now, :now)",
    "INSERT INTO forums (id, owner_id, name_en, languages, join_code, is_demo, report_out_limit,"
    " evaluation_open, previous_forum_id, created_at, updated_at) VALUES (2, 1, 'F 2026', 'en', 'GHJKMN',"
    " false, 7, false, 1, :now, :now)",
)


def test_rows_referring_to_a_table_the_migrations_rebuild_survive(empty_sqlite):
    """SQLite's batch mode rebuilds action_items (a new foreign key): its follow-ups must not be cascade-deleted."""
    now = "2026-12-01 08:00:00"
    with migrating(empty_sqlite) as app:
        with app.app_context():
            upgrade_over("efe225fc7a10", (
                *OWNER_AND_FORUM,
                "INSERT INTO action_items (id, forum_id, title, status, position, created_at, updated_at)"
                " VALUES (1, 1, 'Mentoring pilot', 'in_progress', 1, :now, :now)",
                "INSERT INTO follow_ups (action_item_id, note, created_at, updated_at)"
                " VALUES (1, 'Met the employers', :now, :now)"), now)
            with db.engine.connect() as connection:
                notes = connection.execute(text("SELECT note FROM follow_ups")).scalars().all()
                titles = connection.execute(text("SELECT title_en FROM action_items")).scalars().all()
    assert notes == ["Met the employers"] and titles == ["Mentoring pilot"]


def test_existing_owners_stay_owners_after_the_co_organizers_migration(empty_database):
    from forum.organize.access import forum_with_role

    now = "2026-12-04 08:00:00"
    with migrating(empty_database) as app:
        with app.app_context():
            upgrade_over("3b1f0c2d9a47", (  # the schema before co-organizers
                "INSERT INTO users (id, email, name, password_hash, created_at, updated_at)"
                " VALUES (1, 'o@example.org', 'O', 'x', :now, :now), (2, 'p@example.org', 'P', 'x', :now, :now)",
                "INSERT INTO forums (id, owner_id, name, languages, join_code, is_demo, report_out_limit,"
                " evaluation_open, created_at, updated_at) VALUES (1, 1, 'F', 'en', 'ABCDEF', false, 7,"
                " false, :now, :now)"), now)
            assert [forum_with_role(1, user)[1] for user in (1, 2)] == ["owner", None]
            db.session.remove()


def test_existing_tables_get_distinct_short_codes(empty_sqlite):
    now = "2026-12-04 08:00:00"
    with migrating(empty_sqlite) as app:
        with app.app_context():
            upgrade(revision="3b1f0c2d9a47")  # the schema before tables had a short code
            with db.engine.begin() as connection:
                for statement in OWNER_AND_FORUM:
                    connection.execute(text(statement), {"now": now})
                for number in range(1, 41):
                    connection.execute(text("INSERT INTO tables (forum_id, number, capture_token)"
                                            " VALUES (1, :n, :token)"), {"n": number, "token": f"token-{number}"})
            upgrade()
            with db.engine.connect() as connection:
                rows = connection.execute(text("SELECT capture_token, capture_code FROM tables")).all()
    codes = [code for _token, code in rows]
    assert len(rows) == 40 and len(set(codes)) == 40  # every table kept, each with its own code
    assert all(re.fullmatch(r"[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{7}", code) for code in codes)


def test_existing_texts_become_the_version_in_the_forums_language(empty_database):
    """Before texts had two languages a French forum's name, votes, themes and actions were typed in French."""
    now = "2026-12-04 08:00:00"
    with migrating(empty_database) as app:
        with app.app_context():
            upgrade_over("3b1f0c2d9a47", (
                "INSERT INTO users (id, email, name, password_hash, created_at, updated_at)"
                " VALUES (1, 'o@example.org', 'O', 'x', :now, :now)",
                "INSERT INTO forums (id, owner_id, name, description, languages, join_code, is_demo,"
                " report_out_limit, evaluation_open, created_at, updated_at) VALUES"
                " (1, 1, 'Hiring forum', 'About hiring', 'en,fr', 'ABCDEF', false, 7, false, :now, :now),"
                " (2, 1, 'Forum emploi', NULL, 'fr', 'BCDEFG', false, 7, false, :now, :now)",
                "INSERT INTO ballots (id, forum_id, title, dots_per_participant, max_dots_per_item, status,"
                " created_at, updated_at) VALUES (1, 1, 'Priorities', 3, 2, 'draft', :now, :now),"
                " (2, 2, 'Priorités', 3, 2, 'draft', :now, :now)",
                "INSERT INTO ballot_items (ballot_id, label, position) VALUES (1, 'Mentoring', 0),"
                " (2, 'Mentorat', 0)",
                "INSERT INTO action_items (forum_id, title, description, status, position, created_at,"
                " updated_at) VALUES (1, 'Pilot', NULL, 'not_started', 0, :now, :now),"
                " (2, 'Projet pilote', 'Avec les employeurs', 'not_started', 0, :now, :now)"), now)
            with db.engine.connect() as connection:
                def rows(sql):
                    return connection.execute(text(sql)).all()
                forums = rows("SELECT name_en, name_fr, description_en, description_fr FROM forums ORDER BY id")
                ballots = rows("SELECT title_en, title_fr FROM ballots ORDER BY id")
                items = rows("SELECT label_en, label_fr, context_en, context_fr FROM ballot_items ORDER BY id")
                actions = rows("SELECT title_en, title_fr, description_en, description_fr FROM action_items"
                               " ORDER BY id")
            downgrade(revision="3b1f0c2d9a47")
            with db.engine.connect() as connection:
                names_after_downgrade = connection.execute(text("SELECT name FROM forums ORDER BY id")).scalars().all()
    assert forums == [("Hiring forum", None, "About hiring", None), (None, "Forum emploi", None, None)]
    assert ballots == [("Priorities", None), (None, "Priorités")]
    assert items == [("Mentoring", None, None, None), (None, "Mentorat", None, None)]
    assert actions == [("Pilot", None, None, None), (None, "Projet pilote", None, "Avec les employeurs")]
    assert names_after_downgrade == ["Hiring forum", "Forum emploi"]


def test_series_names_and_codes_keep_their_texts_in_their_languages(empty_database):
    """A series' name and a code's label were one English column and a French one; a French forum's
    code with no French version had been typed in French."""
    now = "2026-12-04 08:00:00"
    with migrating(empty_database) as app:
        with app.app_context():
            upgrade_over("7d3e9b2c4a61", (
                *OWNER_AND_TWO_FORUMS,
                "INSERT INTO series (id, owner_id, name, name_fr, created_at, updated_at)"
                " VALUES (1, 1, 'Annual forum', 'Forum annuel', :now, :now)",
                "INSERT INTO codebook_codes (forum_id, key, label, label_fr, description, description_fr, position)"
                " VALUES (1, 'mentoring', 'Mentoring', 'Mentorat', 'Peer support', NULL, 0),"
                " (2, 'mentorat', 'Mentorat', NULL, 'Soutien par les pairs', NULL, 0),"
                " (2, 'stages', 'Internships', 'Stages', NULL, NULL, 1)"), now)
            with db.engine.connect() as connection:
                series = connection.execute(text("SELECT name_en, name_fr FROM series")).all()
                codes = connection.execute(text("SELECT label_en, label_fr, description_en, description_fr"
                                                " FROM codebook_codes ORDER BY id")).all()
            downgrade(revision="7d3e9b2c4a61")
            with db.engine.connect() as connection:
                labels_after_downgrade = connection.execute(
                    text("SELECT label, description FROM codebook_codes ORDER BY id")).all()
    assert series == [("Annual forum", "Forum annuel")]
    assert codes == [("Mentoring", "Mentorat", "Peer support", None), (None, "Mentorat", None, "Soutien par les pairs"),
                     ("Internships", "Stages", None, None)]
    assert labels_after_downgrade == [("Mentoring", "Peer support"), ("Mentorat", "Soutien par les pairs"),
                                      ("Internships", None)]


def test_a_series_description_keeps_its_text_in_its_language(empty_database):
    """A series' description was one column, typed in French when every edition is held in French first."""
    now = "2026-12-04 08:00:00"
    with migrating(empty_database) as app:
        with app.app_context():
            upgrade_over("5e8d1c3a7b29", (
                OWNER,
                "INSERT INTO series (id, owner_id, name_en, name_fr, description, created_at, updated_at) VALUES"
                " (1, 1, 'Annual forum', NULL, 'Every November', :now, :now),"
                " (2, 1, NULL, 'Forum annuel', 'Chaque novembre', :now, :now),"
                " (3, 1, 'No editions yet', NULL, 'To come', :now, :now)",
                "INSERT INTO forums (id, owner_id, name_en, name_fr, languages, join_code, is_demo, report_out_limit,"
                " evaluation_open, series_id, created_at, updated_at) VALUES"
                " (1, 1, 'Hiring forum', NULL, 'en,fr', 'ABCDEF', false, 7, false, 1, :now, :now),"
                " (2, 1, NULL, 'Forum emploi', 'fr', 'BCDEFG', false, 7, false, 2, :now, :now),"
                " (3, 1, NULL, 'Forum emploi 2', 'fr,en', 'CDEFGH', false, 7, false, 2, :now, :now)"), now)
            with db.engine.connect() as connection:
                upgraded = connection.execute(text("SELECT description_en, description_fr FROM series ORDER BY id")).all()
            downgrade(revision="5e8d1c3a7b29")
            with db.engine.connect() as connection:
                downgraded = connection.execute(text("SELECT description FROM series ORDER BY id")).scalars().all()
    assert upgraded == [("Every November", None), (None, "Chaque novembre"), ("To come", None)]
    assert downgraded == ["Every November", "Chaque novembre", "To come"]


def test_group_names_keep_their_texts_in_their_languages(empty_database):
    """A group's name was one English column and a French one; a French forum's group with no French
    name had been named in French."""
    now = "2026-12-04 08:00:00"
    with migrating(empty_database) as app:
        with app.app_context():
            upgrade_over("b7e2d4f9a1c6", (
                *OWNER_AND_TWO_FORUMS,
                "INSERT INTO stakeholder_groups (forum_id, key, name, name_fr, position) VALUES"
                " (1, 'employers', 'Employers', 'Employeurs', 0), (1, 'funders', 'Funders', NULL, 1),"
                " (2, 'employeurs', 'Employeurs', NULL, 0), (2, 'colleges', 'Colleges', 'Collèges', 1)"), now)
            with db.engine.connect() as connection:
                upgraded = connection.execute(text("SELECT name_en, name_fr FROM stakeholder_groups ORDER BY id")).all()
            downgrade(revision="b7e2d4f9a1c6")
            with db.engine.connect() as connection:
                downgraded = connection.execute(text("SELECT name, name_fr FROM stakeholder_groups ORDER BY id")).all()
    assert upgraded == [("Employers", "Employeurs"), ("Funders", None), (None, "Employeurs"), ("Colleges", "Collèges")]
    assert downgraded == [("Employers", "Employeurs"), ("Funders", None), ("Employeurs", "Employeurs"),
                          ("Colleges", "Collèges")]


def test_round_titles_and_questions_keep_their_texts_in_their_languages(empty_database):
    """A round's title and question were English columns and French ones; a French forum's round with
    no French version had been typed in French."""
    now = "2026-12-04 08:00:00"
    with migrating(empty_database) as app:
        with app.app_context():
            upgrade_over("d3a8f5c2e7b4", (
                *OWNER_AND_TWO_FORUMS,
                "INSERT INTO rounds (forum_id, key, title, title_fr, question, question_fr, position, rating_open)"
                " VALUES (1, 'barriers', 'Barriers', 'Obstacles', 'What stops us?', NULL, 0, false),"
                " (2, 'obstacles', 'Obstacles', NULL, 'Qu''est-ce qui nous arrête ?', NULL, 0, false),"
                " (2, 'ideas', 'Ideas', 'Idées', NULL, NULL, 1, false)"), now)
            with db.engine.connect() as connection:
                upgraded = connection.execute(text("SELECT title_en, title_fr, question_en, question_fr FROM rounds"
                                                   " ORDER BY id")).all()
            downgrade(revision="d3a8f5c2e7b4")
            with db.engine.connect() as connection:
                downgraded = connection.execute(text("SELECT title, question FROM rounds ORDER BY id")).all()
    assert upgraded == [("Barriers", "Obstacles", "What stops us?", None),
                        (None, "Obstacles", None, "Qu'est-ce qui nous arrête ?"), ("Ideas", "Idées", None, None)]
    assert downgraded == [("Barriers", "What stops us?"), ("Obstacles", "Qu'est-ce qui nous arrête ?"), ("Ideas", None)]


def test_evaluation_questions_keep_their_prompts_and_choices_in_their_languages(empty_database):
    """A question's prompt was an English column and a French one, each choice a label and a label_fr;
    a French forum's question or choice with no French version had been typed in French."""
    now = "2026-12-04 08:00:00"
    annual = ('[{"value": "yes", "label": "Yes, every year", "label_fr": "Oui, chaque année"},'
              ' {"value": "maybe", "label": "Maybe", "label_fr": null}]')
    with migrating(empty_database) as app:
        with app.app_context():
            upgrade_over("e9c4b1d7a3f2", (
                *OWNER_AND_TWO_FORUMS,
                "INSERT INTO evaluation_questions (forum_id, key, kind, prompt, prompt_fr, choices, required, position)"
                f" VALUES (1, 'annual', 'choice', 'Every year?', 'Chaque année ?', '{annual}', false, 0),"
                " (1, 'takeaway', 'text', 'One take-away?', NULL, NULL, false, 1),"
                f" (2, 'annuel', 'choice', 'Chaque année ?', NULL, '{annual}', false, 0),"
                " (2, 'ideas', 'text', 'Ideas?', 'Des idées ?', 'null', false, 1)"), now)
            with db.engine.connect() as connection:
                upgraded = connection.execute(text("SELECT prompt_en, prompt_fr, choices FROM evaluation_questions"
                                                   " ORDER BY id")).all()
            downgrade(revision="e9c4b1d7a3f2")
            with db.engine.connect() as connection:
                downgraded = connection.execute(text("SELECT prompt, prompt_fr, choices FROM evaluation_questions"
                                                     " ORDER BY id")).all()

    def choices(stored):
        return json.loads(stored) if isinstance(stored, str) else stored  # SQLite gives the JSON text

    labels = [{"value": "yes", "label": {"en": "Yes, every year", "fr": "Oui, chaque année"}},
              {"value": "maybe", "label": {"en": "Maybe", "fr": None}}]
    french_labels = [{"value": "yes", "label": {"en": "Yes, every year", "fr": "Oui, chaque année"}},
                     {"value": "maybe", "label": {"en": None, "fr": "Maybe"}}]
    assert [(en, fr, choices(stored)) for en, fr, stored in upgraded] == [
        ("Every year?", "Chaque année ?", labels), ("One take-away?", None, None),
        (None, "Chaque année ?", french_labels), ("Ideas?", "Des idées ?", None)]
    assert [(prompt, fr, choices(stored)) for prompt, fr, stored in downgraded] == [
        ("Every year?", "Chaque année ?", json.loads(annual)), ("One take-away?", None, None),
        ("Chaque année ?", "Chaque année ?",
         [{"value": "yes", "label": "Yes, every year", "label_fr": "Oui, chaque année"},
          {"value": "maybe", "label": "Maybe", "label_fr": "Maybe"}]),
        ("Ideas?", "Des idées ?", None)]


def test_memberships_and_invitations_keep_their_target_and_take_a_series_as_a_third(empty_database):
    """Existing roles on a forum or an organization stay; a membership names exactly one of a forum, an
    organization or a series; going down, the series' viewers and invitations go (no place for them)."""
    now = "2026-12-05 08:00:00"
    with migrating(empty_database) as app:
        with app.app_context():
            upgrade_over("d4f6a8c0e2b4", (
                *OWNER_AND_TWO_FORUMS,
                "INSERT INTO users (id, email, name, password_hash, created_at, updated_at)"
                " VALUES (2, 'm@example.org', 'M', 'x', :now, :now)",
                "INSERT INTO organizations (id, name, created_at, updated_at) VALUES (1, 'Partnership', :now, :now)",
                "INSERT INTO memberships (user_id, forum_id, organization_id, role, created_at, updated_at)"
                " VALUES (2, 1, NULL, 'analyst', :now, :now), (2, NULL, 1, 'viewer', :now, :now)",
                "INSERT INTO invitations (forum_id, email, role, expires_at, created_at, updated_at)"
                " VALUES (2, 'i@example.org', 'viewer', :now, :now, :now)"), now)
            with db.engine.begin() as connection:
                connection.execute(text("INSERT INTO series (id, owner_id, name_en, created_at, updated_at)"
                                        " VALUES (1, 1, 'Annual forum', :now, :now)"), {"now": now})
                connection.execute(text(
                    "INSERT INTO memberships (user_id, series_id, role, created_at, updated_at)"
                    " VALUES (2, 1, 'viewer', :now, :now)"), {"now": now})
                connection.execute(text(
                    "INSERT INTO invitations (series_id, email, role, expires_at, created_at, updated_at)"
                    " VALUES (1, 'f@example.org', 'viewer', :now, :now, :now)"), {"now": now})
            with pytest.raises(IntegrityError), db.engine.begin() as connection:  # a forum and a series
                connection.execute(text(
                    "INSERT INTO memberships (user_id, forum_id, series_id, role, created_at, updated_at)"
                    " VALUES (1, 2, 1, 'viewer', :now, :now)"), {"now": now})
            downgrade(revision="d4f6a8c0e2b4")
            with db.engine.connect() as connection:
                memberships = connection.execute(text(
                    "SELECT forum_id, organization_id, role FROM memberships ORDER BY id")).all()
                invitations = connection.execute(text("SELECT forum_id, email FROM invitations")).all()
    assert memberships == [(1, None, "analyst"), (None, 1, "viewer")]
    assert invitations == [(2, "i@example.org")]


def test_db_upgrade_with_postgresql_out_of_reach_ends_in_two_lines_naming_the_server():
    """The operator read a long traceback; its last line was clear, the rest was noise."""
    port = free_port()  # nothing listens there: the connection is refused
    with migrating(f"postgresql+psycopg://forum@127.0.0.1:{port}/forum") as app:
        upgrade_command = app.test_cli_runner().invoke(args=["db", "upgrade"])
    assert upgrade_command.exit_code == 1
    assert upgrade_command.output.strip().splitlines() == [
        f"Error: Could not reach the database server at 127.0.0.1:{port} (database 'forum'): Connection refused.",
        f"Check that PostgreSQL is running on 127.0.0.1:{port} and accepts connections from this machine, and "
        "that DATABASE_URL names the right host, port, database, user and password."]


def test_line_breaks_stored_in_one_line_columns_become_spaces_and_texts_keep_theirs(empty_database):
    now = "2026-12-06 03:00:00"
    with migrating(empty_database) as app:
        with app.app_context():
            upgrade_over("e3a5c7e9f1b2", (  # the schema before the one-line rule held for every write
                "INSERT INTO users (id, email, name, password_hash, created_at, updated_at)"
                " VALUES (1, 'o@example.org', 'Alex \r\n\r\nClick here', 'x', :now, :now)",
                "INSERT INTO forums (id, owner_id, name_en, name_fr, venue, description_en, languages, join_code,"
                " is_demo, report_out_limit, evaluation_open, created_at, updated_at) VALUES"
                " (1, 1, 'Hiring\nforum', 'Forum\u2028emploi', 'Hall A\n', 'Two\nlines', 'en,fr', 'ABCDEF', false, 7,"
                "  false, :now, :now),"
                " (2, 1, 'Hiring\nforum', 'Forum 100%_\v', NULL, NULL, 'en,fr', 'BCDEFG', false, 7, false, :now, :now)"),
                now)
            with db.engine.connect() as connection:
                users = connection.execute(text("SELECT name FROM users")).scalars().all()
                forums = connection.execute(text("SELECT name_en, name_fr, venue, description_en FROM forums"
                                                 " ORDER BY id")).all()
    assert users == ["Alex Click here"]
    assert [tuple(row) for row in forums] == [("Hiring forum", "Forum emploi", "Hall A", "Two\nlines"),
                                              ("Hiring forum", "Forum 100%_", None, None)]


def test_a_folded_value_that_would_equal_another_in_a_unique_key_gets_a_number(empty_database):
    """"A1\n" beside "A1" (an import's ids in one forum), or an address typed with a line break beside the
    same address: folding both to one value would break the unique key and stop `flask db upgrade`."""
    now = "2026-12-06 03:00:00"
    long = "x" * 98
    with migrating(empty_database) as app:
        with app.app_context():
            upgrade_over("e3a5c7e9f1b2", (
                "INSERT INTO users (id, email, name, password_hash, created_at, updated_at) VALUES"
                " (1, 'o@example.org', 'O', 'x', :now, :now), (2, 'o@example.org\n', 'P', 'x', :now, :now)",
                "INSERT INTO forums (id, owner_id, name_en, languages, join_code, is_demo, report_out_limit,"
                " evaluation_open, created_at, updated_at) VALUES"
                " (1, 1, 'Hiring forum', 'en', 'ABCDEF', false, 7, false, :now, :now),"
                " (2, 1, 'Other forum', 'en', 'BCDEFG', false, 7, false, :now, :now)",
                "INSERT INTO idea_cards (id, forum_id, client_id, external_id, text, starred, source, created_at,"
                " updated_at) VALUES"
                " (1, 1, 'c1', 'A1', 'One', false, 'import', :now, :now),"
                " (2, 1, 'c2', 'A1\r\n', 'Two', false, 'import', :now, :now),"
                " (3, 1, 'c3', 'A1\n', 'Three', false, 'import', :now, :now),"
                " (4, 2, 'c4', 'A1\n', 'Other forum', false, 'import', :now, :now),"
                f" (5, 1, 'c5', '{long} y', 'Long', false, 'import', :now, :now),"
                f" (6, 1, 'c6', '{long}\ny', 'Long too', false, 'import', :now, :now)"),
                now)
            with db.engine.connect() as connection:
                emails = connection.execute(text("SELECT email FROM users ORDER BY id")).scalars().all()
                ids = connection.execute(text("SELECT external_id FROM idea_cards ORDER BY id")).scalars().all()
    assert emails == ["o@example.org", "o@example.org (2)"]
    assert ids == ["A1", "A1 (2)", "A1 (3)", "A1", f"{long} y", "x" * 96 + " (2)"]


def autoincremented(connection) -> set[str]:
    return set(connection.execute(text("SELECT name FROM sqlite_master WHERE type = 'table'"
                                       " AND sql LIKE '%AUTOINCREMENT%'")).scalars())


# A row of forum ``:forum`` (with id ``:id``, or a new one for NULL) in each table whose ids are never reused.
ROW_IN = {
    "steering_signups": "INSERT INTO steering_signups (id, forum_id, client_id, name, email, consents_to_owner_role,"
                        " created_at, updated_at) VALUES (:id, :forum, 'c' || :forum, 'Amina', 'a@example.org',"
                        " true, :now, :now)",
    "participants": "INSERT INTO participants (id, forum_id, registered, shares_contact, created_at, updated_at)"
                    " VALUES (:id, :forum, false, false, :now, :now)",
    "invitations": "INSERT INTO invitations (id, forum_id, email, role, expires_at, created_at, updated_at)"
                   " VALUES (:id, :forum, 'i@example.org', 'viewer', :now, :now, :now)",
    "jobs": "INSERT INTO jobs (id, forum_id, kind, status, progress, created_at, updated_at)"
            " VALUES (:id, :forum, 'report', 'running', 0, :now, :now)",
    "analysis_runs": "INSERT INTO analysis_runs (id, forum_id, status, idea_count, created_at, updated_at)"
                     " VALUES (:id, :forum, 'done', 2, :now, :now)",
}


def test_the_tables_whose_ids_outlive_their_rows_never_reuse_an_id_once_migrated(empty_sqlite):
    """On SQLite the migration rebuilds them with AUTOINCREMENT, as the models declare, keeping their rows
    and ON DELETE CASCADE: once the highest forum is deleted, its ids are not given to new rows."""
    now = "2026-12-06 08:00:00"
    with migrating(empty_sqlite) as app, app.app_context():
        upgrade(revision="548e20bb56bb")  # the schema before
        with db.engine.begin() as connection:
            for statement in OWNER_AND_TWO_FORUMS:
                connection.execute(text(statement), {"now": now})
            for statement in ROW_IN.values():
                connection.execute(text(statement), {"id": 5, "forum": 2, "now": now})
        upgrade()
        declared = {table.name for table in db.metadata.sorted_tables
                    if table.dialect_options["sqlite"]["autoincrement"]}
        tables = ["forums", *ROW_IN]

        def ids(connection):
            return {table: connection.execute(text(f"SELECT id FROM {table}")).scalars().all() for table in tables}

        with db.engine.begin() as connection:
            migrated, kept = autoincremented(connection), ids(connection)
            connection.execute(text("DELETE FROM forums WHERE id = 2"))
            left = ids(connection)
            connection.execute(text("INSERT INTO forums (owner_id, name_en, languages, join_code, is_demo,"
                                    " report_out_limit, evaluation_open, created_at, updated_at)"
                                    " VALUES (1, 'New forum', 'en', 'CDEFGH', false, 7, false, :now, :now)"),
                               {"now": now})
            new_forum = connection.execute(text("SELECT max(id) FROM forums")).scalar()
            for statement in ROW_IN.values():
                connection.execute(text(statement), {"id": None, "forum": new_forum, "now": now})
            new = ids(connection)
        downgrade(revision="548e20bb56bb")
        with db.engine.connect() as connection:
            downgraded = autoincremented(connection)
    assert migrated == declared == set(tables)
    assert kept == {"forums": [1, 2], **{table: [5] for table in ROW_IN}}
    assert left == {"forums": [1], **{table: [] for table in ROW_IN}}
    assert new == {"forums": [1, 3], **{table: [6] for table in ROW_IN}}
    assert downgraded == set()


def test_devices_signed_up_before_are_marked_as_having_sent_a_sign_up(empty_database):
    """Their pages then say a sign-up was received from them once their copy of it is gone, as for new ones."""
    now = "2026-12-06 08:00:00"
    with migrating(empty_database) as app, app.app_context():
        upgrade_over("a7c9e1f3b5d8", (  # the schema before the mark
            *OWNER_AND_ENGLISH_FORUM,
            "INSERT INTO participants (id, forum_id, device_token, registered, shares_contact, created_at,"
            " updated_at) VALUES (1, 1, 'signed', false, false, :now, :now),"
            " (2, 1, 'withdrew', false, false, :now, :now), (3, 1, 'never', false, false, :now, :now)",
            "INSERT INTO steering_signups (forum_id, client_id, device_token, name, email, consents_to_owner_role,"
            " withdrawn_at, created_at, updated_at) VALUES"
            " (1, 'a', 'signed', 'A', 'a@example.org', false, NULL, :now, :now),"
            " (1, 'b', 'withdrew', 'B', 'b@example.org', false, :now, :now, :now),"
            " (1, 'c', NULL, 'C', 'c@example.org', false, NULL, :now, :now)"), now)
        with db.engine.connect() as connection:
            marks = [(token, str(sent)[:19] if sent else None) for token, sent in connection.execute(text(
                "SELECT device_token, signup_sent_at FROM participants ORDER BY id"))]
        downgrade(revision="a7c9e1f3b5d8")
        with db.engine.connect() as connection:
            columns = {column["name"] for column in inspect(connection).get_columns("participants")}
    assert marks == [("signed", now), ("withdrew", None), ("never", None)]
    assert "signup_sent_at" not in columns


def test_evaluation_questions_are_asked_after_the_retired_mark_is_added_and_kept_when_it_is_undone(empty_database):
    """Every question stays on the form (not retired) once the column comes; a downgrade drops the mark and
    keeps the questions, the retired one among them, with their answers."""
    now = "2026-12-06 10:00:00"
    with migrating(empty_database) as app, app.app_context():
        upgrade_over("c9e1a3b5d7f2", (  # the schema before the mark
            *OWNER_AND_ENGLISH_FORUM,
            "INSERT INTO evaluation_questions (id, forum_id, key, kind, prompt_en, required, position)"
            " VALUES (1, 1, 'rating', 'rating', 'How was it?', false, 0), (2, 1, 'funders', 'yes_no',"
            " 'Invite funders?', false, 1)",
            "INSERT INTO evaluation_responses (id, forum_id, scope, client_id, source, created_at, updated_at)"
            " VALUES (1, 1, 'forum', 'c1', 'participant', :now, :now)",
            "INSERT INTO answers (response_id, question_id, number, text) VALUES (1, 2, 1, 'yes')"), now)
        with db.engine.begin() as connection:
            upgraded = list(connection.execute(text("SELECT id, retired_at FROM evaluation_questions ORDER BY id")))
            connection.execute(text("UPDATE evaluation_questions SET retired_at = :now WHERE id = 2"), {"now": now})
        downgrade(revision="c9e1a3b5d7f2")
        with db.engine.connect() as connection:
            columns = {column["name"] for column in inspect(connection).get_columns("evaluation_questions")}
            kept = list(connection.execute(text("SELECT id, key FROM evaluation_questions ORDER BY id")))
            answers = list(connection.execute(text("SELECT question_id, text FROM answers")))
    assert upgraded == [(1, None), (2, None)]
    assert "retired_at" not in columns
    assert kept == [(1, "rating"), (2, "funders")] and answers == [(2, "yes")]


def test_members_carried_over_before_are_linked_to_last_year_s_sign_up_and_the_link_is_undone(empty_database):
    """A next edition started before the column came carried its members by their address: each is linked to last
    year's sign-up of that address still on the committee (their latest), a member who signed up this year is not;
    a downgrade drops the column and keeps the members."""
    now = "2026-12-06 19:00:00"
    with migrating(empty_database) as app, app.app_context():
        upgrade_over("a2c4e6f8b0d3", (  # the schema before the link
            *OWNER_AND_TWO_EDITIONS,
            "INSERT INTO steering_signups (id, forum_id, client_id, name, email, consents_to_owner_role, withdrawn_at,"
            " created_at, updated_at) VALUES"
            " (1, 1, 'a', 'Ana', 'ana@example.org', true, NULL, :now, :now),"
            " (2, 1, 'b', 'Bo', 'bo@example.org', true, :now, :now, :now),"
            " (3, 2, 'c', 'Ana', ' Ana@Example.org', true, NULL, :now, :now),"
            " (4, 2, 'd', 'Bo', 'bo@example.org', false, NULL, :now, :now),"
            " (5, 2, 'e', 'Cy', 'cy@example.org', false, NULL, :now, :now)"), now)
        with db.engine.connect() as connection:
            links = list(connection.execute(text(
                "SELECT id, carried_from_signup_id FROM steering_signups ORDER BY id")))
        downgrade(revision="a2c4e6f8b0d3")
        with db.engine.connect() as connection:
            columns = {column["name"] for column in inspect(connection).get_columns("steering_signups")}
            kept = list(connection.execute(text("SELECT id FROM steering_signups ORDER BY id")))
    assert links == [(1, None), (2, None), (3, 1), (4, None), (5, None)]
    assert "carried_from_signup_id" not in columns and [row[0] for row in kept] == [1, 2, 3, 4, 5]


def test_forums_closed_before_the_close_was_kept_have_none_and_a_downgrade_keeps_the_forums(empty_database):
    """The moment an organizer closed everything is kept from this revision on: forums already there have none
    (their dashboard reads the room as it did); a downgrade drops it and keeps the forums."""
    now = "2026-12-06 20:00:00"
    with migrating(empty_database) as app, app.app_context():
        upgrade_over("62bf6ba6f49b", OWNER_AND_ENGLISH_FORUM, now)  # the schema before the column
        with db.engine.begin() as connection:
            upgraded = list(connection.execute(text("SELECT id, room_closed_at FROM forums")))
            connection.execute(text("UPDATE forums SET room_closed_at = :now WHERE id = 1"), {"now": now})
        downgrade(revision="62bf6ba6f49b")
        with db.engine.connect() as connection:
            columns = {column["name"] for column in inspect(connection).get_columns("forums")}
            kept = list(connection.execute(text("SELECT id, join_code FROM forums")))
        upgrade()  # and up again
        with db.engine.connect() as connection:
            again = list(connection.execute(text("SELECT id, room_closed_at FROM forums")))
    assert upgraded == [(1, None)] and again == [(1, None)]
    assert "room_closed_at" not in columns and kept == [(1, "ABCDEF")]


def test_members_carried_over_before_stay_carried_and_a_downgrade_keeps_the_members(empty_database):
    """The members still linked to last year's sign-up are marked carried over when the column comes (one whose
    sign-up was deleted before had lost the link: not marked); a downgrade drops the mark and keeps the members."""
    now = "2026-12-06 23:00:00"
    with migrating(empty_database) as app, app.app_context():
        upgrade_over("566051169570", (  # the schema before the mark
            *OWNER_AND_TWO_EDITIONS,
            "INSERT INTO steering_signups (id, forum_id, client_id, name, email, consents_to_owner_role,"
            " created_at, updated_at) VALUES (1, 1, 'a', 'Ana', 'ana@example.org', true, :now, :now)",
            "INSERT INTO steering_signups (id, forum_id, client_id, name, email, consents_to_owner_role,"
            " carried_from_signup_id, created_at, updated_at) VALUES"
            " (2, 2, 'b', 'Ana', 'ana@example.org', true, 1, :now, :now),"
            " (3, 2, 'c', 'Cy', 'cy@example.org', false, NULL, :now, :now)"), now)
        with db.engine.connect() as connection:
            marks = list(connection.execute(text("SELECT id, carried_over FROM steering_signups ORDER BY id")))
        downgrade(revision="566051169570")
        with db.engine.connect() as connection:
            columns = {column["name"] for column in inspect(connection).get_columns("steering_signups")}
            kept = list(connection.execute(text("SELECT id, carried_from_signup_id FROM steering_signups ORDER BY id")))
    assert [(signup_id, bool(carried)) for signup_id, carried in marks] == [(1, False), (2, True), (3, False)]
    assert "carried_over" not in columns and kept == [(1, None), (2, 1), (3, None)]


def test_what_a_close_closed_is_recorded_from_this_revision_and_a_downgrade_keeps_the_forums_close(empty_database):
    """What "Close everything" closed is recorded from this revision on (for "Reopen what this closed"): a forum
    closed before has no record; a downgrade drops the records and keeps the forum and the moment of its close."""
    now = "2026-12-06 23:00:00"
    with migrating(empty_database) as app, app.app_context():
        upgrade_over("b8d0f2a4c6e9", (  # the schema before the records
            OWNER,
            "INSERT INTO forums (id, owner_id, name_en, languages, join_code, is_demo, report_out_limit,"
            " evaluation_open, room_closed_at, created_at, updated_at) VALUES (1, 1, 'F', 'en', 'ABCDEF', false, 7,"
            " false, :now, :now, :now)"), now)
        with db.engine.begin() as connection:
            upgraded = list(connection.execute(text("SELECT id FROM room_closings")))
            connection.execute(text("INSERT INTO room_closings (forum_id, kind) VALUES (1, 'evaluation')"))
        downgrade(revision="b8d0f2a4c6e9")
        with db.engine.connect() as connection:
            tables = set(inspect(connection).get_table_names())
            kept = [tuple(row) for row in connection.execute(text("SELECT id, room_closed_at FROM forums"))]
        upgrade()  # and up again
        with db.engine.connect() as connection:
            again = list(connection.execute(text("SELECT id FROM room_closings")))
    assert upgraded == [] and again == []
    assert "room_closings" not in tables and [row[0] for row in kept] == [1] and kept[0][1] is not None


def test_forums_closed_before_the_day_of_the_close_was_kept_read_it_from_its_moment_and_a_downgrade_keeps_it(
        empty_database):
    """The day of a close, its number and an organizer's "Not yet" are kept from this revision on: a forum closed
    before has no day (read from the moment of its close, as before), number 0 and no "Not yet"; a downgrade drops
    them and keeps the forum and the moment of its close."""
    now = "2026-12-07 02:00:00"
    with migrating(empty_database) as app, app.app_context():
        upgrade_over("a7be6a06b07b", (  # the schema before the columns
            OWNER,
            "INSERT INTO forums (id, owner_id, name_en, languages, join_code, is_demo, report_out_limit,"
            " evaluation_open, room_closed_at, created_at, updated_at) VALUES (1, 1, 'F', 'en', 'ABCDEF', false, 7,"
            " false, :now, :now, :now)"), now)
        with db.engine.begin() as connection:
            upgraded = [tuple(row) for row in connection.execute(
                text("SELECT id, room_closed_on, room_close_number, room_not_over_at FROM forums"))]
        downgrade(revision="a7be6a06b07b")
        with db.engine.connect() as connection:
            columns = {column["name"] for column in inspect(connection).get_columns("forums")}
            kept = [tuple(row) for row in connection.execute(text("SELECT id, room_closed_at FROM forums"))]
    assert upgraded == [(1, None, 0, None)]
    assert not {"room_closed_on", "room_close_number", "room_not_over_at"} & columns
    assert [row[0] for row in kept] == [1] and kept[0][1] is not None


def test_participants_before_the_progress_news_have_not_asked_and_a_downgrade_keeps_them(empty_database):
    """Nobody has asked for news of what becomes of the ideas when the column comes (the report's news they asked
    for stays theirs); a downgrade drops the request and keeps the participants and their report news."""
    now = "2026-12-07 02:40:00"
    with migrating(empty_database) as app, app.app_context():
        upgrade_over("c5e1d7a3f9b4", (  # the schema before the request
            OWNER,
            "INSERT INTO forums (id, owner_id, name_en, languages, join_code, is_demo, report_out_limit,"
            " evaluation_open, created_at, updated_at) VALUES (1, 1, 'F', 'en', 'ABCDEF', false, 7, false, :now,"
            " :now)",
            "INSERT INTO participants (id, forum_id, device_token, email, registered, shares_contact,"
            " news_consent_at, created_at, updated_at) VALUES (1, 1, 'ana', 'ana@example.org', false, false, :now,"
            " :now, :now)"), now)
        with db.engine.begin() as connection:
            upgraded = list(connection.execute(text("SELECT id, progress_consent_at FROM participants")))
            connection.execute(text("UPDATE participants SET progress_consent_at = :now"), {"now": now})
        downgrade(revision="c5e1d7a3f9b4")
        with db.engine.connect() as connection:
            columns = {column["name"] for column in inspect(connection).get_columns("participants")}
            kept = [(row[0], row[1], row[2] is not None) for row in connection.execute(text(
                "SELECT id, email, news_consent_at FROM participants"))]
        upgrade()  # and up again
        with db.engine.connect() as connection:
            again = list(connection.execute(text("SELECT id, progress_consent_at FROM participants")))
    assert upgraded == [(1, None)] and again == [(1, None)]
    assert "progress_consent_at" not in columns and kept == [(1, "ana@example.org", True)]


def test_members_who_left_before_the_digest_was_kept_have_none_and_a_downgrade_keeps_the_sign_ups(empty_database):
    """A committee member's record kept once they left holds a keyed digest of their address from this revision on.
    Those who left before lost their address already: nothing is left to make theirs from (NULL), nor for anyone
    else; a downgrade drops the column and keeps the sign-ups."""
    now = "2026-12-07 03:00:00"
    with migrating(empty_database) as app, app.app_context():
        upgrade_over("d8f2b4c6a1e3-1", (  # the schema before the digest (its down revision)
            *OWNER_AND_TWO_FORUMS,
            "INSERT INTO steering_signups (id, forum_id, client_id, name, email, consents_to_owner_role, withdrawn_at,"
            " created_at, updated_at) VALUES"
            " (1, 1, 'a', 'Ana', '', true, :now, :now, :now),"
            " (2, 1, 'b', 'Bo', 'bo@example.org', true, NULL, :now, :now)"), now)
        with db.engine.connect() as connection:
            upgraded = list(connection.execute(text(
                "SELECT id, left_address_digest FROM steering_signups ORDER BY id")))
        downgrade(revision="d8f2b4c6a1e3-1")
        with db.engine.connect() as connection:
            columns = {column["name"] for column in inspect(connection).get_columns("steering_signups")}
            kept = list(connection.execute(text("SELECT id, name FROM steering_signups ORDER BY id")))
    assert upgraded == [(1, None), (2, None)]
    assert "left_address_digest" not in columns and [tuple(row) for row in kept] == [(1, "Ana"), (2, "Bo")]


def test_addresses_that_asked_for_news_before_confirmation_count_as_confirmed_and_a_downgrade_keeps_them(
        empty_database):
    """Addresses given for the news before the owner was asked to confirm them were given by the person at the forum:
    they count as confirmed (from when they asked), so the organizers' news keeps reaching them; a record that asked
    for nothing, or has no address, is not; a downgrade drops the column and keeps the records and their requests."""
    now = "2026-12-07 03:30:00"
    with migrating(empty_database) as app, app.app_context():
        upgrade_over("d8f2b4c6a1e3", (  # the schema before the confirmation
            *OWNER_AND_TWO_FORUMS,
            "INSERT INTO participants (id, forum_id, device_token, email, registered, shares_contact,"
            " news_consent_at, progress_consent_at, created_at, updated_at) VALUES"
            " (1, 1, 'ana', 'ana@example.org', false, false, :now, NULL, :now, :now),"
            " (2, 1, 'bo', 'bo@example.org', false, false, NULL, :now, :now, :now),"
            " (3, 1, 'cy', 'cy@example.org', false, true, NULL, NULL, :now, :now),"
            " (4, 1, 'dee', NULL, false, false, :now, NULL, :now, :now)",
            "INSERT INTO steering_signups (id, forum_id, client_id, name, email, consents_to_owner_role,"
            " news_consent_at, created_at, updated_at) VALUES"
            " (1, 1, 'a', 'Eve', 'eve@example.org', false, :now, :now, :now),"
            " (2, 1, 'b', 'Fay', 'fay@example.org', false, NULL, :now, :now)"), now)
        with db.engine.connect() as connection:
            participants = [(row[0], row[1] is not None) for row in connection.execute(text(
                "SELECT id, email_confirmed_at FROM participants ORDER BY id"))]
            signups = [(row[0], row[1] is not None) for row in connection.execute(text(
                "SELECT id, email_confirmed_at FROM steering_signups ORDER BY id"))]
        downgrade(revision="d8f2b4c6a1e3")
        with db.engine.connect() as connection:
            columns = {column["name"] for column in inspect(connection).get_columns("participants")} | {
                column["name"] for column in inspect(connection).get_columns("steering_signups")}
            kept = [(row[0], row[1] is not None) for row in connection.execute(text(
                "SELECT id, news_consent_at FROM participants ORDER BY id"))]
        upgrade()
    assert participants == [(1, True), (2, True), (3, False), (4, False)]
    assert signups == [(1, True), (2, False)]
    assert "email_confirmed_at" not in columns and kept == [(1, True), (2, False), (3, False), (4, True)]


def test_open_items_of_members_who_left_before_they_gave_them_back_go_back_and_the_history_says_when(empty_database):
    """Members who left before leaving gave their open items back still owned them: those items lose their owner, as
    leaving does it now (not the items done or dropped, carried over to a later edition, or proposals), each item's
    history saying so on the day its owner left; a member still on the committee keeps theirs. A downgrade gives no
    item back to anyone."""
    now, left, removed = "2026-12-07 09:40:00", "2026-11-30 10:00:00", "2026-12-01 11:00:00"
    with migrating(empty_database) as app, app.app_context():
        upgrade(revision="a7c9e1b3d5f2")  # the schema before
        with db.engine.begin() as connection:
            for statement in (
                    *OWNER_AND_TWO_EDITIONS,
                    "INSERT INTO steering_signups (id, forum_id, client_id, name, email, consents_to_owner_role,"
                    " withdrawn_at, removed_at, created_at, updated_at) VALUES"
                    " (1, 1, 'a', 'Ana', '', true, :left, NULL, :now, :now),"
                    " (2, 1, 'b', 'Bo', '', true, :removed, :removed, :now, :now),"
                    " (3, 1, 'c', 'Cy', 'cy@example.org', true, NULL, NULL, :now, :now),"
                    " (4, 2, 'd', 'Cy', 'cy@example.org', true, NULL, NULL, :now, :now)",
                    "INSERT INTO action_items (id, forum_id, title_en, status, position, proposal, owner_signup_id,"
                    " carried_from_id, created_at, updated_at) VALUES"
                    " (1, 1, 'Mentoring pilot', 'not_started', 1, NULL, 1, NULL, :now, :now),"
                    " (2, 1, 'Placement fund', 'in_progress', 2, NULL, 1, NULL, :now, :now),"
                    " (3, 1, 'Job fair', 'done', 3, NULL, 1, NULL, :now, :now),"
                    " (4, 1, 'Newsletter', 'dropped', 4, NULL, 1, NULL, :now, :now),"
                    " (5, 1, 'Bridging course', 'in_progress', 5, NULL, 1, NULL, :now, :now),"
                    " (6, 1, 'Her proposal', 'not_started', 6, 'pending', 1, NULL, :now, :now),"
                    " (7, 1, 'Employer panel', 'in_progress', 7, NULL, 2, NULL, :now, :now),"
                    " (8, 1, 'Career map', 'in_progress', 8, NULL, 3, NULL, :now, :now),"
                    " (9, 2, 'Bridging course', 'in_progress', 1, NULL, 4, 5, :now, :now)"):
                connection.execute(text(statement), {"now": now, "left": left, "removed": removed})
        upgrade()
        with db.engine.connect() as connection:
            owners = list(connection.execute(text("SELECT id, owner_signup_id FROM action_items ORDER BY id")))
            history = [(row[0], row[1], row[2], row[3], row[4], str(row[5])[:19]) for row in connection.execute(text(
                "SELECT action_item_id, kind, detail, author_user_id, author_signup_id, created_at"
                " FROM action_item_changes ORDER BY action_item_id"))]
        downgrade(revision="a7c9e1b3d5f2")
        with db.engine.connect() as connection:
            after_downgrade = list(connection.execute(text("SELECT id, owner_signup_id FROM action_items ORDER BY id")))
    assert [tuple(row) for row in owners] == [(1, None), (2, None), (3, 1), (4, 1), (5, 1), (6, 1), (7, None), (8, 3),
                                              (9, 4)]
    assert history == [(1, "given_back", None, None, 1, left), (2, "given_back", None, None, 1, left),
                       (7, "unowned", "Bo", None, None, removed)]
    assert [tuple(row) for row in after_downgrade] == [tuple(row) for row in owners]


def test_existing_accounts_count_as_confirmed_after_the_address_confirmation_migration(empty_database):
    now = "2026-12-07 08:00:00"
    with migrating(empty_database) as app:
        with app.app_context():
            upgrade_over("a7c9e1b3d5f2", (  # the schema before sign-up asked to confirm the address
                "INSERT INTO users (id, email, name, password_hash, session_token, created_at, updated_at)"
                " VALUES (1, 'o@example.org', 'O', 'x', 't', :now, :now)",), now)
            user = db.session.get(User, 1)
            assert user.address_confirmed and str(user.email_confirmed_at) == now
            db.session.remove()


def test_the_codes_to_continue_on_another_phone_come_with_their_table_and_a_downgrade_keeps_the_participants(
        empty_database):
    """The codes to continue on another phone get their table (cascading from the forum and the participant); a
    downgrade drops it and keeps the participants, whose answers stay on the phone that holds them."""
    now = "2026-12-07 10:30:00"
    with migrating(empty_database) as app, app.app_context():
        upgrade_over("f3b5d7e9a1c2", (  # the schema before the codes
            OWNER,
            "INSERT INTO forums (id, owner_id, name_en, languages, join_code, is_demo, report_out_limit,"
            " evaluation_open, created_at, updated_at) VALUES (1, 1, 'F', 'en', 'ABCDEF', false, 7, false, :now,"
            " :now)",
            "INSERT INTO participants (id, forum_id, device_token, registered, shares_contact, created_at,"
            " updated_at) VALUES (1, 1, 'ana', false, false, :now, :now)"), now)
        with db.engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO device_moves (id, forum_id, participant_id, code_digest, from_device_digest, created_at,"
                " expires_at) VALUES (1, 1, 1, 'c', 'd', :now, :now)"), {"now": now})
            connection.execute(text("DELETE FROM participants WHERE id = 1"))
            cascaded = list(connection.execute(text("SELECT id FROM device_moves")))
            connection.execute(text("INSERT INTO participants (id, forum_id, device_token, registered,"
                                    " shares_contact, created_at, updated_at) VALUES (2, 1, 'bo', false, false, :now,"
                                    " :now)"), {"now": now})
        downgrade(revision="f3b5d7e9a1c2")
        with db.engine.connect() as connection:
            tables = set(inspect(connection).get_table_names())
            kept = list(connection.execute(text("SELECT id, device_token FROM participants")))
        upgrade()  # and up again
        with db.engine.connect() as connection:
            again = list(connection.execute(text("SELECT id FROM device_moves")))
    assert cascaded == [] and "device_moves" not in tables
    assert [tuple(row) for row in kept] == [(2, "bo")] and again == []


def test_accounts_mail_jobs_belong_to_no_forum_and_go_with_the_account_and_a_downgrade_keeps_the_forums_jobs(
        empty_database):
    """An account's mail job (no forum) is deleted with its account; a downgrade deletes those jobs (the column then
    needs a forum) and keeps the forums' own."""
    now = "2026-12-07 17:00:00"
    job = ("INSERT INTO jobs (id, forum_id, {user}kind, status, progress, created_at, updated_at) VALUES ({id}, {forum},"
           " {user_id}'{kind}', 'done', 100, :now, :now)")
    with migrating(empty_database) as app, app.app_context():
        upgrade_over("a4c6e8f0b2d5", (  # the schema before accounts' mail jobs
            OWNER, "INSERT INTO users (id, email, name, password_hash, created_at, updated_at)"
                   " VALUES (2, 'p@example.org', 'P', 'x', :now, :now)",
            "INSERT INTO forums (id, owner_id, name_en, languages, join_code, is_demo, report_out_limit,"
            " evaluation_open, created_at, updated_at) VALUES (1, 1, 'F', 'en', 'ABCDEF', false, 7, false, :now, :now)",
            job.format(id=1, forum=1, user="", user_id="", kind="report")), now)
        with db.engine.begin() as connection:
            for job_id, user_id in ((2, 1), (3, 2)):
                connection.execute(text(job.format(id=job_id, forum="NULL", user="user_id, ", user_id=f"{user_id}, ",
                                                   kind="account-mail")), {"now": now})
            connection.execute(text("DELETE FROM users WHERE id = 2"))
            left = [row[0] for row in connection.execute(text("SELECT id FROM jobs ORDER BY id"))]
        downgrade(revision="a4c6e8f0b2d5")
        with db.engine.connect() as connection:
            kept = [row[0] for row in connection.execute(text("SELECT id FROM jobs"))]
        upgrade()  # and up again
    assert left == [1, 2] and kept == [1]
