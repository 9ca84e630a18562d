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
