"""Background jobs are shared: a web process runs one at a time (``JOB_THREADS``), the Redis workers a few. One
account may have at most ``JOBS_PER_ACCOUNT`` analyses and report builds waiting or under way at once, across all
its forums: an account signed up a moment ago, with many forums of made-up cards, used to queue an analysis in
each (and a report build) and keep everyone else's analyses waiting behind them. Past the bound nothing is
queued and the page says why, in English and French; another account's jobs are not held back."""
from __future__ import annotations

import pytest

import forum.analysis_pages.views as analysis_views
import forum.operations.job_views as job_views
from forum.extensions import db
from forum.models import AnalysisRun, Forum, Job, User
from forum.services.forums import create_forum
from tests.conftest import PASSWORD, build_app
from tests.forum.analysis_support import SMALL_FORUM_CARDS, add_cards
from tests.html import parse, text_of

SAID = {
    "en": "You already have 2 analyses or report files waiting or under way in your forums: nothing was started. "
          "Start this one once one of them is done.",
    "fr": "Vous avez déjà 2 analyses ou fichiers de rapport en attente ou en cours dans vos forums : rien n'a été "
          "lancé. Lancez celui-ci quand l'un d'eux sera terminé.",
}


@pytest.fixture
def bounded(database_url, monkeypatch):
    # every job waits for a worker (as when the web process's one worker is busy); forums of 2 cards are "large"
    monkeypatch.setattr(analysis_views, "submit", lambda app, job_id: None)
    monkeypatch.setattr(job_views, "submit", lambda app, job_id: None)
    yield from build_app(database_url, JOBS_PER_ACCOUNT=2, REPORT_JOB_MIN_CARDS=2)


def account_with_forums(app, email: str, forums: int):
    """A logged-in client of a new account owning ``forums`` forums with cards; and their ids."""
    with app.app_context():
        user = User(email=email, name="Someone")
        user.set_password(PASSWORD)
        db.session.add(user)
        made = [create_forum(user, name=f"Forum {n}", table_count=1) for n in range(forums)]
        db.session.commit()
        ids = [forum.id for forum in made]
        for forum_id in ids:
            add_cards(forum_id, SMALL_FORUM_CARDS)
    client = app.test_client()
    client.post("/login", data={"email": email, "password": PASSWORD})
    return client, ids


def queued(app) -> list[tuple[int, str]]:
    with app.app_context():
        return [(job.forum_id, job.kind) for job in db.session.query(Job).order_by(Job.id)]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_an_account_past_its_jobs_starts_no_analysis_and_is_told_why(bounded, lang):
    client, (first, second, third) = account_with_forums(bounded, "many@example.org", 3)
    for forum_id in (first, second):
        assert client.post(f"/forums/{forum_id}/analysis/run").status_code == 302
    refused = client.post(f"/forums/{third}/analysis/run?lang={lang}")
    assert refused.status_code == 302 and refused.headers["Location"].endswith(f"/forums/{third}/analysis")
    page = parse(client.get(refused.headers["Location"]).get_data(as_text=True))
    assert [text_of(p) for p in page.select(".flashes .flash-error")] == [SAID[lang]]
    assert queued(bounded) == [(first, "analysis"), (second, "analysis")]
    with bounded.app_context():
        assert db.session.query(AnalysisRun).filter(AnalysisRun.forum_id == third).count() == 0


def test_report_builds_count_too_and_other_accounts_are_not_held_back(bounded):
    client, (first, second, third) = account_with_forums(bounded, "many@example.org", 3)
    assert client.post(f"/forums/{first}/analysis/run").status_code == 302
    assert client.post(f"/forums/{second}/jobs/report/pdf", data={"report_lang": "en"}).status_code == 302
    refused = client.post(f"/forums/{third}/jobs/report/pdf", data={"report_lang": "en"})
    page = parse(client.get(refused.headers["Location"]).get_data(as_text=True))
    assert [text_of(p) for p in page.select(".flashes .flash-error")] == [SAID["en"]]
    assert queued(bounded) == [(first, "analysis"), (second, "report")]
    other, (own,) = account_with_forums(bounded, "other@example.org", 1)
    assert other.post(f"/forums/{own}/analysis/run").status_code == 302
    assert queued(bounded)[-1] == (own, "analysis")


def test_a_finished_job_makes_room_again(bounded):
    client, (first, second, third) = account_with_forums(bounded, "many@example.org", 3)
    for forum_id in (first, second, third):
        client.post(f"/forums/{forum_id}/analysis/run")
    assert queued(bounded) == [(first, "analysis"), (second, "analysis")]
    with bounded.app_context():
        job = db.session.query(Job).filter(Job.forum_id == first).one()
        job.status = "done"
        db.session.get(AnalysisRun, job.run_id).status = "done"
        db.session.commit()
    client.post(f"/forums/{third}/analysis/run")
    assert queued(bounded)[-1] == (third, "analysis")


def test_a_lost_job_makes_room_and_the_count_loads_no_job(bounded):
    """A job whose process died (``Job.lost``) is not counted; the count is the database's: no job of the instance
    is loaded to count an account's (every queued job of every account was read at each start)."""
    from datetime import timedelta

    from sqlalchemy import event

    from forum.models import utcnow
    from forum.services.jobs import jobs_under_way

    client, (first, second, third) = account_with_forums(bounded, "many@example.org", 3)
    other, (own,) = account_with_forums(bounded, "other@example.org", 1)
    assert other.post(f"/forums/{own}/analysis/run").status_code == 302
    for forum_id in (first, second):
        client.post(f"/forums/{forum_id}/analysis/run")
    with bounded.app_context():
        user_id = db.session.scalar(db.select(User.id).where(User.email == "many@example.org"))
        loaded = []

        def count_load(job, context):
            loaded.append(job.id)

        event.listen(Job, "load", count_load)
        try:
            assert jobs_under_way(user_id) == 2
        finally:
            event.remove(Job, "load", count_load)
        assert loaded == []
        lost = db.session.query(Job).filter(Job.forum_id == first).one()
        lost.status, lost.started_at = "running", utcnow() - timedelta(minutes=5)
        lost.heartbeat_at = lost.started_at
        db.session.commit()
        assert jobs_under_way(user_id) == 1
    assert client.post(f"/forums/{third}/analysis/run").status_code == 302
    assert queued(bounded)[-1] == (third, "analysis")


def test_two_starts_at_once_from_two_tabs_never_pass_the_bound(database_url, monkeypatch):
    """Two report builds started at the same moment from two of the account's forums (two tabs), one place left:
    the second start waits for the first one's count and insert (the account's row is held), then is refused.
    Without the lock both counted the same jobs on PostgreSQL and both were queued (SQLite's write lock held them
    one after the other already)."""
    from forum.services import jobs
    from tests.races import race

    monkeypatch.setattr(job_views, "submit", lambda app, job_id: None)
    for app in build_app(database_url, JOBS_PER_ACCOUNT=1, REPORT_JOB_MIN_CARDS=2):
        tab, (first, second) = account_with_forums(app, "many@example.org", 2)
        other_tab = app.test_client()
        other_tab.post("/login", data={"email": "many@example.org", "password": PASSWORD})
        answers = []

        def build(client, forum_id):
            return lambda: answers.append(client.post(f"/forums/{forum_id}/jobs/report/pdf",
                                                      data={"report_lang": "en"}).status_code)

        race(monkeypatch, jobs, "jobs_under_way", build(tab, first), build(other_tab, second))
        assert answers == [302, 302]
        assert len(queued(app)) == 1


def test_a_job_dropped_from_its_lane_in_another_forum_makes_room_at_once(bounded):
    """A job no longer in its lane (its web process restarted, its queue emptied) ends "expired" at the next sweep:
    one in another of the account's forums counted against its bound until the full sweep, up to a minute later.
    The account's own jobs are swept as it starts one."""
    import time
    from datetime import timedelta

    from forum.models import utcnow

    client, (first, second, third) = account_with_forums(bounded, "many@example.org", 3)
    for forum_id in (first, second):
        client.post(f"/forums/{forum_id}/analysis/run")
    with bounded.app_context():  # queued long ago and held by no process (as after a restart): dropped
        dropped = db.session.query(Job).filter(Job.forum_id == first).one()
        dropped.created_at = utcnow() - timedelta(minutes=20)
        db.session.commit()
    bounded.extensions["jobs_tidied_at"] = time.monotonic()  # every forum's were swept a moment ago
    assert client.post(f"/forums/{third}/analysis/run").status_code == 302
    assert queued(bounded)[-1] == (third, "analysis")
    with bounded.app_context():
        assert db.session.query(Job.failure).filter(Job.forum_id == first).scalar() == "expired"
