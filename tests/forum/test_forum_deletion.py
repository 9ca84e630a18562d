"""Deleting a forum: its owner reads what goes, types its name, and every row of it goes, in any table."""
from __future__ import annotations

import datetime
import logging

import pytest
from sqlalchemy import func, select

from forum.extensions import db
from forum.models import (
    ActionItem, Ballot, BallotItem, CodebookCode, CorrectionStep, DeviceMove, Forum, Invitation, Job, MailOptOut,
    Participant, RemovedRole, ReportChart, ReportDraft, ReportPage, ReportText, ReviewComment, ReviewLink, RoomClosing, SentMail,
    Series, Translated, User, Vote, new_token, new_uuid,
)
from forum.services.action_plan import describe_change
from forum.services.analysis_runs import latest_run
from forum.services.committee import committee_token
from forum.services.demo import DEMO_EMAIL, DEMO_NAME, DEMO_PASSWORD, load_demo_action_plan
from forum.services.editions import new_edition
from forum.services.progress import progress_token
from tests.conftest import PASSWORD, add_organizer, build_app, csrf_token_from, member_client
from tests.forum.analysis_support import load_demo_forum
from tests.html import by_test_id, parse, text_of


def rows_of(forum_id: int) -> dict[str, set]:
    """Each table's rows that belong to the forum (their primary keys): the forum's own row and every row
    that cascades from one, found through the foreign keys of ``db.metadata`` (a table added later too)."""
    return with_cascades({"forums": {forum_id}})


def with_cascades(owned: dict[str, set]) -> dict[str, set]:
    """``owned`` (each table's primary keys) and every row that cascades from one of them, added to it."""
    grew = True
    while grew:
        grew = False
        for table in db.metadata.sorted_tables:
            (key,) = table.primary_key.columns
            for foreign_key in table.foreign_keys:
                parents = owned.get(foreign_key.column.table.name)
                if foreign_key.ondelete != "CASCADE" or not parents:
                    continue
                found = set(db.session.scalars(select(key).where(foreign_key.parent.in_(parents))))
                if not found <= owned.get(table.name, set()):
                    owned.setdefault(table.name, set()).update(found)
                    grew = True
    return owned


def cascading_tables() -> set[str]:
    """The tables whose rows can belong to a forum: reached from it through ON DELETE CASCADE keys."""
    reached, grew = {"forums"}, True
    while grew:
        grew = False
        for table in db.metadata.sorted_tables:
            if table.name not in reached and any(key.ondelete == "CASCADE" and key.column.table.name in reached
                                                 for key in table.foreign_keys):
                reached.add(table.name)
                grew = True
    return reached


def pointing_at(deleted: dict[str, set]) -> dict[str, int]:
    """Rows of any table whose foreign key still names a deleted row (should be none)."""
    found = {}
    for table in db.metadata.sorted_tables:
        for key in table.foreign_keys:
            gone = deleted.get(key.column.table.name)
            if gone:
                count = db.session.scalar(select(func.count()).select_from(table).where(key.parent.in_(gone)))
                if count:
                    found[f"{table.name}.{key.parent.name}"] = count
    return found


def fill_every_table(forum: Forum) -> None:
    """Add to the demo forum a row in each table the demo leaves empty."""
    run, signup = latest_run(forum), forum.steering_signups[0]
    signup.committee_link_version = 1
    forum.wall_token, forum.progress_shared, forum.progress_link_version = new_token(), True, 1
    item = BallotItem(label=Translated("Lunch"))
    ballot = Ballot(forum_id=forum.id, title=Translated("Lunch or not"), status="open", items=[item])
    link = ReviewLink(forum_id=forum.id, reviewer_group="Newcomer council")
    now = datetime.datetime(2026, 1, 1)
    former_viewer = User(email="former@example.org", name="Farid Former")  # their role on the forum was removed
    former_viewer.set_password(PASSWORD)
    db.session.add(former_viewer)
    db.session.flush()
    db.session.add_all([
        ballot, link, Participant(forum_id=forum.id, device_token="phone-1", name="Ana"),
        ReviewComment(forum_id=forum.id, review_link=link, client_id=new_uuid(), text="More on housing, please",
                      email="reviewer@example.org", language="fr", reply="Added."),  # e-mailed the replies
        Invitation(forum_id=forum.id, email="guest@example.org", role="viewer", expires_at=now),
        MailOptOut(forum_id=forum.id, email="amina@example.org", topic="digest"),
        SentMail(forum_id=forum.id, topic="digest", period="2026-W01", email="amina@example.org"),
        SentMail(forum_id=forum.id, topic="replies", period="0123456789abcdef", email="reviewer@example.org"),
        Job(forum_id=forum.id, kind="analysis", status="running", run_id=run.id, started_at=now, heartbeat_at=now),
        CodebookCode(forum_id=forum.id, key="housing", label=Translated("Housing")),
        CorrectionStep(run_id=run.id, kind="rename", summary={}, before={}),
        ReportDraft(forum_id=forum.id, shared=True), ReportText(forum_id=forum.id, language="en"),
        ReportPage(forum_id=forum.id, page="shared", language="en", key="k", etag="e", body=b"<p>Kept</p>",
                   built_at=now),
        ReportChart(forum_id=forum.id, digest="d" * 64, png=b"\x89PNG"),
        RemovedRole(user_id=former_viewer.id, forum_id=forum.id),
    ])
    db.session.flush()
    db.session.add(Vote(ballot_id=ballot.id, item_id=item.id, device_token="phone-1", dots=2))
    ana = db.session.scalar(select(Participant).where(Participant.forum_id == forum.id,
                                                      Participant.device_token == "phone-1"))
    db.session.add(DeviceMove(forum_id=forum.id, participant_id=ana.id, code_digest="0" * 64,
                              from_device_digest="1" * 64, expires_at=now))  # a code to continue on another phone
    # what a "Close everything" closed, kept for its undo
    db.session.add(RoomClosing(forum_id=forum.id, kind="ballot", ballot_id=ballot.id))


@pytest.fixture
def full_forum(app, client):
    """The demo forum with a row in every table, and its next edition in a series, which carried over its
    open action items and its themes as codebook; its owner logged in. Returns (forum id, edition id)."""
    forum_id = load_demo_forum(app)
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        load_demo_action_plan(forum)
        fill_every_table(forum)
        db.session.commit()
        edition = new_edition(forum, forum.owner, name="Forum 2027", series_name="Annual forum")
        edition_id = edition.id
    co_organizer_of(app, forum_id)
    client.post("/login", data={"email": DEMO_EMAIL, "password": DEMO_PASSWORD})
    return forum_id, edition_id


def public_links(forum_id: int) -> list[str]:
    """Every link of the forum that works without an account."""
    forum = db.session.get(Forum, forum_id)
    draft = db.session.scalar(select(ReportDraft).where(ReportDraft.forum_id == forum_id))
    review = db.session.scalar(select(ReviewLink).where(ReviewLink.forum_id == forum_id))
    member = next(signup for signup in forum.steering_signups if signup.committee_link_version)
    return [f"/p/{forum.join_code}/", f"/join?code={forum.join_code}", f"/t/{forum.tables[0].capture_token}",
            f"/api/v1/capture/{forum.tables[0].capture_token}", f"/w/{forum.wall_token}", f"/review/{review.token}",
            f"/c/{committee_token(member)}", f"/progress/{progress_token(forum)}", f"/r/{draft.share_token}"]


def test_deleting_a_forum_erases_every_row_of_it_and_keeps_the_other_edition(app, client, full_forum, caplog):
    forum_id, edition_id = full_forum
    page = client.get(f"/forums/{forum_id}/delete")
    assert page.status_code == 200
    counts = by_test_id(page, "delete-counts")
    for expected in ("197 idea cards", "26 evaluation responses", "1 vote", "4 action items",
                     "3 steering committee members", "1 review comment"):
        assert expected in counts
    links = by_test_id(page, "delete-links")
    assert "6 table capture links" in links and "1 review link" in links and "wall link" in links
    exports = parse(page).select('[data-testid="delete-exports"] a')
    assert f"/forums/{forum_id}/ideas/export.csv" in [a["href"] for a in exports]
    with app.app_context():
        links = public_links(forum_id)
        owned = rows_of(forum_id)
        assert set(owned) == cascading_tables()  # the forum has rows in every table that can hold its rows
        edition_rows = {name: len(ids) for name, ids in rows_of(edition_id).items()}
    # (not the review page, which groups the answers: seconds)
    assert all(client.get(link).status_code < 400 for link in links if not link.startswith("/review/")), links

    with caplog.at_level(logging.INFO):
        response = client.post(f"/forums/{forum_id}/delete", data={"name": DEMO_NAME.fr})  # either language
    assert response.status_code == 302 and response.headers["Location"] == "/forums"
    assert "Forum deleted." in client.get("/forums").get_data(as_text=True)
    assert f"forum {forum_id} deleted by user" in caplog.text and "Recruter" not in caplog.text

    with app.app_context():
        for table in db.metadata.sorted_tables:
            if table.name in owned:
                (key,) = table.primary_key.columns
                assert not db.session.scalar(select(func.count()).select_from(table)
                                             .where(key.in_(owned[table.name]))), table.name
        assert pointing_at(owned) == {}
        assert not db.session.scalar(select(func.count(ReviewComment.id)).where(  # the reviewer's address is gone
            ReviewComment.email == "reviewer@example.org"))
        assert {name: len(ids) for name, ids in rows_of(edition_id).items()} == edition_rows
        edition = db.session.get(Forum, edition_id)
        assert edition.previous_forum_id is None and [f.id for f in edition.series.forums] == [edition_id]
        assert db.session.scalar(select(func.count(Series.id))) == 1
        carried = db.session.scalars(select(ActionItem).where(ActionItem.forum_id == edition_id)).all()
        assert carried and all(item.carried_from_id is None for item in carried)
        history = [describe_change(change) for item in carried for change in item.changes if change.kind == "carried"]
        assert history and set(history) == {"Carried over from an edition since deleted"}
        assert db.session.scalar(select(func.count(User.id))) == 3  # the accounts stay (the former viewer's too), the roles went
    for link in links + [f"/forums/{forum_id}", f"/forums/{forum_id}/delete", f"/forums/{forum_id}/ideas"]:
        assert client.get(link).status_code == 404, link
    assert client.get(f"/forums/{edition_id}/actions").status_code == 200
    assert client.get(f"/forums/{edition_id}/actions/{carried[0].id}").status_code == 200


@pytest.fixture
def small_forum(app, organizer, make_forum):
    return make_forum(organizer, name="Spring forum")


def co_organizer_of(app, forum_id: int):
    """A test client logged in as a co-organizer of the forum (an organizer, not its owner)."""
    return member_client(app, forum_id, "organizer", "co@example.org", "Cora Organizer")


def forum_exists(app, forum_id: int) -> bool:
    with app.app_context():
        return db.session.get(Forum, forum_id) is not None


def test_only_the_owner_can_delete_the_forum(app, client, small_forum):
    assert "Delete this forum" in by_test_id(client.get(f"/forums/{small_forum}/settings"), "delete-forum")
    co_organizer = co_organizer_of(app, small_forum)
    note = by_test_id(co_organizer.get(f"/forums/{small_forum}/settings"), "delete-forum")
    assert "Only the forum's owner, Olive Organizer, can delete it." in note
    assert co_organizer.get(f"/forums/{small_forum}/delete").status_code == 403
    assert co_organizer.post(f"/forums/{small_forum}/delete", data={"name": "Spring forum"}).status_code == 403
    assert forum_exists(app, small_forum)


def test_a_wrong_name_is_refused_beside_the_field_and_nothing_is_deleted(app, client, small_forum):
    assert client.get(f"/forums/{small_forum}/delete").status_code == 200 and forum_exists(app, small_forum)
    for typed, message in (("Spring", "This is not the forum's name: nothing was deleted."),
                           ("", "Type the forum's name to delete it.")):
        response = client.post(f"/forums/{small_forum}/delete", data={"name": typed})
        assert response.status_code == 422
        assert text_of(parse(response).select_one("#name-error")) == message
        assert parse(response).select_one("#name")["aria-invalid"] == "true"
    assert forum_exists(app, small_forum)
    assert client.post(f"/forums/{small_forum}/delete", data={"name": "  spring FORUM "}).status_code == 302
    assert not forum_exists(app, small_forum)


@pytest.mark.parametrize("typed", ["Forum d’essai", "forum  d'essai", "Forum dʼessai", "Ｆｏｒｕｍ d‘essai"])
def test_a_name_that_looks_the_same_deletes_the_forum(app, client, organizer, make_forum, typed):
    """A phone's smart apostrophe, a doubled space or full-width letters: the name typed looks like the one shown."""
    forum_id = make_forum(organizer, name="Forum d'essai")
    assert client.post(f"/forums/{forum_id}/delete", data={"name": typed}).status_code == 302
    assert not forum_exists(app, forum_id)


def test_a_name_differing_by_more_than_its_look_is_refused(app, client, organizer, make_forum):
    forum_id = make_forum(organizer, name="Forum d'essai")
    for typed in ("Forum dessai", "Forum d essai", "Forum d'essais"):
        assert client.post(f"/forums/{forum_id}/delete", data={"name": typed}).status_code == 422
    assert forum_exists(app, forum_id)


def test_deleting_needs_the_csrf_token(csrf_app, make_organizer, make_forum):
    client = csrf_app.test_client()
    forum_id = make_forum(make_organizer())
    client.post("/login", data={"email": "organizer@example.org", "password": PASSWORD,
                                "csrf_token": csrf_token_from(client.get("/login").get_data(as_text=True))})
    assert client.post(f"/forums/{forum_id}/delete", data={"name": "Spring forum"}).status_code == 400
    assert forum_exists(csrf_app, forum_id)
    token = csrf_token_from(client.get(f"/forums/{forum_id}/delete").get_data(as_text=True))
    response = client.post(f"/forums/{forum_id}/delete", data={"name": "Spring forum", "csrf_token": token})
    assert response.status_code == 302
    assert not forum_exists(csrf_app, forum_id)


def test_a_job_whose_forum_was_deleted_ends_quietly(app, small_forum):
    """Its supervisor's heartbeat learns the job is gone (and stops the child); its last writes find no row."""
    from forum.operations.job_child import perform
    from forum.services import jobs as job_records
    from forum.services.forum_deletion import delete_forum

    with app.app_context():
        job = Job(forum_id=small_forum, kind="report", status="running", parameters={"format": "html", "lang": "en"})
        db.session.add(job)
        db.session.commit()
        job_id = job.id
        assert job_records.record_progress(job_id, "report", 20)
        delete_forum(db.session.get(Forum, small_forum))
        assert job_records.record_progress(job_id) is False
        job_records.store_result(job_id, b"", "report.html", "text/html")
        job_records.finish(job_id, seconds=1.0, peak_memory_mb=None)
        job_records.fail(job_id, "crashed", "The job stopped unexpectedly.")
        assert perform(job_id, lambda **message: None) == 0


@pytest.mark.parametrize("then_fails", [False, True], ids=["then-finishes", "then-fails"])
def test_an_analysis_job_whose_forum_is_deleted_while_it_runs_ends_quietly(app, small_forum, then_fails):
    """The owner deletes the forum (another request, its own session) while its analysis runs: storing
    the results, or recording a failure, finds no run and the job ends without an error."""
    from forum.operations.job_child import perform
    from forum.services.analysis_runs import start_run
    from forum.services.forum_deletion import delete_forum
    from tests.forum.analysis_support import SMALL_FORUM_CARDS, add_cards

    def say(stage=None, **_message):
        if stage != "themes":
            return
        with app.app_context():
            delete_forum(db.session.get(Forum, small_forum))
        if then_fails:
            raise RuntimeError("the analysis stops after the forum went")

    with app.app_context():
        add_cards(small_forum, SMALL_FORUM_CARDS)
        run_id = start_run(db.session.get(Forum, small_forum))
        job = Job(forum_id=small_forum, kind="analysis", status="running", run_id=run_id, parameters={})
        db.session.add(job)
        db.session.commit()
        assert perform(job.id, say) == 0
    assert not forum_exists(app, small_forum)


@pytest.fixture
def child_app(database_url):
    yield from build_app(database_url, JOB_IN_CHILD_PROCESS=True)


def test_the_supervisor_stops_the_child_of_a_job_whose_forum_was_deleted(child_app, make_forum_in):
    """The forum goes while its job's child process starts: the supervisor's first report from the child
    finds no job, stops the child and ends without an error."""
    from forum.operations.jobs import _supervise
    from forum.services import jobs as job_records
    from forum.services.forum_deletion import delete_forum

    forum_id, _token = make_forum_in(child_app)
    with child_app.app_context():
        job = Job(forum_id=forum_id, kind="report", status="queued", parameters={"format": "html", "lang": "en"})
        db.session.add(job)
        db.session.commit()
        job_id = job.id
        assert job_records.claim(job_id)
        delete_forum(db.session.get(Forum, forum_id))
        _supervise(child_app, job_id)
        assert db.session.get(Job, job_id) is None


@pytest.mark.parametrize("lang, warned, flashed, empty, listed", [
    ("en", "This is the only edition of the series Annual forum: the series stays, with no edition, until its "
           "owner adds a forum to it or deletes it.",
     "The series Annual forum has no edition left. Add a forum to it or delete it",
     "This series has no edition: add one of your forums to it below, or delete the series if it is no longer "
     "needed. Delete the series", "No edition: add a forum to it or delete it"),
    ("fr", "C'est la seule édition de la série Forum annuel\u00a0: la série reste, sans édition, jusqu'à ce que "
           "son propriétaire y ajoute un forum ou la supprime.",
     "La série Forum annuel n'a plus d'édition. Y ajouter un forum ou la supprimer",
     "Cette série n'a aucune édition\u00a0: ajoutez-y un de vos forums ci-dessous, ou supprimez la série si elle "
     "ne sert plus. Supprimer la série", "Aucune édition\u00a0: y ajouter un forum ou la supprimer"),
])
def test_deleting_the_only_edition_of_a_series_says_so_and_leads_to_the_empty_series(app, client, organizer,
                                                                                    make_forum, lang, warned,
                                                                                    flashed, empty, listed):
    """The series stayed behind with no edition and nothing said so: the deletion page warns, the message after
    it links to the series, whose page and list entry say it is empty and offer to delete it."""
    def words(text):
        return " ".join(text.split())

    forum_id = make_forum(organizer, name="Forum 2026")
    series_id = int(client.post("/series", data={"name-en": "Annual forum", "name-fr": "Forum annuel"})
                    .headers["Location"].rsplit("/", 1)[1])
    client.post(f"/series/{series_id}/forums", data={"forum_id": forum_id})
    assert by_test_id(client.get(f"/forums/{forum_id}/delete?lang={lang}"), "delete-series") == words(warned)

    done = client.post(f"/forums/{forum_id}/delete?lang={lang}", data={"name": "Forum 2026"}, follow_redirects=True)
    [note] = [flash for flash in parse(done).select(".flash") if "Annual" in text_of(flash) or "annuel" in text_of(flash)]
    assert text_of(note) == words(flashed) and note.a["href"] == f"/series/{series_id}"

    assert by_test_id(client.get(f"/series/{series_id}?lang={lang}"), "no-editions") == words(empty)
    assert by_test_id(client.get(f"/series?lang={lang}"), "series-editions") == words(listed)
    asked = parse(client.post(f"/series/{series_id}/delete?lang=en", data={}))
    assert text_of(asked.select_one(".confirm p")) == \
        "It has no edition: only the series goes, and those who read it lose access."
    assert client.post(f"/series/{series_id}/delete", data={"confirmed": "yes"}).status_code == 302
    with app.app_context():
        assert db.session.get(Series, series_id) is None


def test_deleting_one_of_two_editions_keeps_the_series_quietly(app, client, organizer, make_forum):
    first, second = make_forum(organizer, name="Forum 2025"), make_forum(organizer, name="Forum 2026")
    series_id = int(client.post("/series", data={"name-en": "Annual forum"}).headers["Location"].rsplit("/", 1)[1])
    for forum_id in (first, second):
        client.post(f"/series/{series_id}/forums", data={"forum_id": forum_id})
    assert by_test_id(client.get(f"/forums/{first}/delete"), "delete-series") == \
        "The series Annual forum keeps its other editions."
    done = client.post(f"/forums/{first}/delete", data={"name": "Forum 2025"}, follow_redirects=True)
    assert [text_of(flash) for flash in parse(done).select(".flash")] == ["Forum deleted."]


def test_deleting_the_only_edition_of_someone_elses_series_names_who_can_tidy_it(app, client, organizer, make_forum):
    """After a hand-over the series is another account's: its page is not the forum owner's to open, so the
    message says its owner can tidy it, without a link to the page nor the owner's name (not theirs to learn)."""
    forum_id = make_forum(organizer, name="Forum 2026")
    other = add_organizer(app, "network@example.org", "Nina Network")
    with app.app_context():
        series = Series(owner_id=other, name=Translated("Network comparison"), forums=[db.session.get(Forum, forum_id)])
        db.session.add(series)
        db.session.commit()
    done = client.post(f"/forums/{forum_id}/delete", data={"name": "Forum 2026"}, follow_redirects=True)
    notes = [flash for flash in parse(done).select(".flash") if "Network comparison" in text_of(flash)]
    assert [text_of(note) for note in notes] == ["The series Network comparison has no edition left. Its owner can "
                                                 "add a forum to it or delete it."]
    assert not notes[0].select("a") and "Nina" not in done.get_data(as_text=True)


def export_links(page) -> list[tuple[str, str]]:
    return [(text_of(a), a["href"]) for a in parse(page).select('[data-testid="delete-exports"] a')]


@pytest.mark.parametrize("lang, lines", [
    ("en", ["1 idea card, with its theme and stakeholder groups: ideas (Excel) · ideas (CSV)",
            "1 response to the evaluation, one row each: evaluation answers (Excel) · evaluation answers (CSV)",
            "2 session ratings, one row per answer: session ratings (Excel) · session ratings (CSV)",
            "The results of the dot vote, one row per item: Lunch or not (Excel) · Lunch or not (CSV)",
            "1 action item, with its owners' addresses: action plan (Excel) · action plan (CSV)",
            "The report: its downloads, in Word, PDF and Markdown"]),
    ("fr", ["1 fiche d'idée, avec son thème et ses groupes d'intervenants : idées (Excel) · idées (CSV)",
            "1 réponse à l'évaluation, une ligne chacune : réponses à l'évaluation (Excel) · réponses à "
            "l'évaluation (CSV)",
            "2 évaluations de séances, une ligne par réponse : évaluations des séances (Excel) · évaluations des "
            "séances (CSV)",
            "Les résultats du vote par points, une ligne par élément : Déjeuner ou pas (Excel) · Déjeuner ou pas "
            "(CSV)",
            "1 action, avec l'adresse de ses responsables : plan d'action (Excel) · plan d'action (CSV)",
            "Le rapport : ses téléchargements, en Word, PDF et Markdown"]),
])
def test_the_deletion_page_offers_every_export_worth_keeping(app, client, organizer, make_forum, lang, lines):
    """Only the ideas' exports were offered before deleting: now the evaluation's answers, the session ratings
    and each vote's results (as files, no longer their pages), the action plan and the report too, and only those
    that hold something: not a vote whose only dots are on a card since deleted (they count nowhere). Every link
    opens."""
    from forum.models import EvaluationResponse, IdeaCard
    from forum.participate.answers import AnswerValue
    from forum.services.evaluation_setup import session_questions, set_rating_open
    from forum.services.participation import join, save_response

    forum_id = make_forum(organizer, name="Forum 2026", languages="en,fr")
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        rating = next(q.id for q in forum.questions if q.round_id is None and q.kind == "rating")
        first_round = forum.rounds[0].id
        forum.evaluation_open = True
        item = BallotItem(label=Translated("Lunch"))
        ballot = Ballot(forum_id=forum_id, title=Translated("Lunch or not", "Déjeuner ou pas"),
                        status="open", items=[item])
        unvoted = Ballot(forum_id=forum_id, title=Translated("Nobody voted"), status="open",
                         items=[BallotItem(label=Translated("Dinner"))])
        deleted = IdeaCard(forum_id=forum_id, text="Deleted", deleted_at=datetime.datetime(2026, 1, 1))
        db.session.add(deleted)
        db.session.flush()
        on_deleted = BallotItem(label=Translated("Deleted"), idea_id=deleted.id)
        db.session.add_all([IdeaCard(forum_id=forum_id, text="Mentoring circles"), ballot, unvoted,
                            Ballot(forum_id=forum_id, title=Translated("Only a deleted card"), status="open",
                                   items=[on_deleted]),
                            ActionItem(forum_id=forum_id, title=Translated("Launch the circles")),
                            ActionItem(forum_id=forum_id, title=Translated("A member's proposal"),
                                       proposal="pending"), ReportDraft(forum_id=forum_id, shared=False)])
        db.session.commit()
        db.session.add_all([Vote(ballot_id=ballot.id, item_id=item.id, device_token="phone-1", dots=2),
                            Vote(ballot_id=on_deleted.ballot_id, item_id=on_deleted.id, device_token="phone-2",
                                 dots=1)])
        db.session.commit()
        ballot_id = ballot.id
        for device in ("phone-1", "phone-2"):
            join(forum_id, device, None)
        save_response(forum_id, "phone-1", "answer-1", {rating: AnswerValue(number=4)})
        set_rating_open(first_round, True)
        session_rating = next(q.id for q in session_questions(first_round) if q.kind == "rating")
        for device in ("phone-1", "phone-2"):
            save_response(forum_id, device, f"{device}-session", {session_rating: AnswerValue(number=5)},
                          round_id=first_round)
        assert db.session.scalar(select(func.count(EvaluationResponse.id))) == 3
    page = client.get(f"/forums/{forum_id}/delete?lang={lang}")
    exports = parse(page).select_one('[data-testid="delete-exports"]')
    assert [text_of(line) for line in exports.select("li")] == lines
    assert [href for _text, href in export_links(page)] == [
        f"/forums/{forum_id}/ideas/export.xlsx", f"/forums/{forum_id}/ideas/export.csv",
        f"/forums/{forum_id}/evaluation/answers.xlsx", f"/forums/{forum_id}/evaluation/answers.csv",
        f"/forums/{forum_id}/evaluation/session-ratings.xlsx", f"/forums/{forum_id}/evaluation/session-ratings.csv",
        f"/forums/{forum_id}/votes/{ballot_id}/results.xlsx", f"/forums/{forum_id}/votes/{ballot_id}/results.csv",
        f"/forums/{forum_id}/actions.xlsx", f"/forums/{forum_id}/actions.csv", f"/forums/{forum_id}/report#get-h"]
    for _text, href in export_links(page):
        assert client.get(href.split("#")[0]).status_code == 200, href


def test_a_forum_with_nothing_to_export_says_so_and_a_saved_report_is_offered(app, client, organizer, make_forum):
    forum_id = make_forum(organizer, name="Forum 2026")
    page = client.get(f"/forums/{forum_id}/delete?lang=en")
    assert by_test_id(page, "delete-exports") == "Nothing to export: this forum has no idea cards, evaluation " \
                                                 "answers, votes, action items, attendee list, committee sign-ups or " \
                                                 "report."
    assert export_links(page) == []
    with app.app_context():  # its texts saved: the report is the organizers' own writing, worth keeping
        db.session.add(ReportDraft(forum_id=forum_id, shared=False))
        db.session.commit()
    assert export_links(client.get(f"/forums/{forum_id}/delete?lang=en")) == [
        ("its downloads, in Word, PDF and Markdown", f"/forums/{forum_id}/report#get-h")]


@pytest.mark.parametrize("lang, lines", [
    ("en", ["1 attendee who agreed to share their contact details: attendee list (Excel) · attendee list (CSV)",
            "2 steering committee sign-ups, with their addresses: committee sign-ups (Excel) · committee sign-ups "
            "(CSV)"]),
    ("fr", ["1 participant ayant accepté de partager ses coordonnées : liste des participants (Excel) · liste des "
            "participants (CSV)",
            "2 inscriptions au comité directeur, avec leur adresse : inscriptions au comité (Excel) · inscriptions "
            "au comité (CSV)"]),
])
def test_the_deletion_page_offers_the_attendee_list_and_the_committee_sign_ups(app, client, organizer, make_forum,
                                                                                lang, lines):
    """The attendee list and the steering committee's sign-ups go with the forum: their downloads were not
    offered before deleting it. Only those sharing their details count (a registered person who did not agree
    is on no export), and a withdrawn sign-up is on none; every link opens."""
    from forum.models import SteeringSignup
    forum_id = make_forum(organizer, name="Forum 2026", languages="en,fr")
    with app.app_context():
        db.session.add_all([
            Participant(forum_id=forum_id, name="Ana Shares", email="ana@example.org", registered=True,
                        shares_contact=True, contact_consent_at=datetime.datetime(2026, 1, 1)),
            Participant(forum_id=forum_id, name="Bo Private", email="bo@example.org", registered=True),
            SteeringSignup(forum_id=forum_id, client_id="s1", name="Amina", email="amina@example.org"),
            SteeringSignup(forum_id=forum_id, client_id="s2", name="Chen", email="chen@example.org"),
            SteeringSignup(forum_id=forum_id, client_id="s3", name="Gone", email="gone@example.org",
                           withdrawn_at=datetime.datetime(2026, 1, 2))])
        db.session.commit()
    page = client.get(f"/forums/{forum_id}/delete?lang={lang}")
    exports = parse(page).select_one('[data-testid="delete-exports"]')
    assert [text_of(line) for line in exports.select("li")] == lines
    assert [href for _text, href in export_links(page)] == [
        f"/forums/{forum_id}/participants/attendees.xlsx", f"/forums/{forum_id}/participants/attendees.csv",
        f"/forums/{forum_id}/participants/steering-committee.xlsx",
        f"/forums/{forum_id}/participants/steering-committee.csv"]
    for _text, href in export_links(page):
        assert client.get(href).status_code == 200, href
    assert "Ana Shares" in client.get(f"/forums/{forum_id}/participants/attendees.csv").get_data(as_text=True)
