"""Someone who confirms their address after the report's news (or the latest progress update) went out gets it then,
once (a background job), and the confirmation page says what was sent; a second tap, or two confirmations at once,
send nothing more."""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import Job
from forum.services import news_confirm
from tests.forum.news_confirming import confirm_links, confirm_news_addresses
from tests.forum.participate.conftest import Phone
from tests.forum.test_news_confirm import ask, shown
from tests.forum.test_progress_news import CONFIRM, forum_with_a_plan, log_in
from tests.forum.test_report_news import share_report
from tests.html import by_test_id, parse
from tests.races import race

REPORT_SUBJECT = {"en": "The report of Spring forum is published", "fr": "Le rapport de Spring forum est publié"}
TOLD = {"en": "The report was e-mailed to you just now.", "fr": "Le rapport vient de vous être envoyé par courriel."}
UPDATE_TOLD = {"en": "The latest news of what became of the ideas was e-mailed to you just now.",
               "fr": "Les dernières nouvelles de ce que sont devenues les idées viennent de vous être envoyées par "
                     "courriel."}


def bea_is_told(app, code: str, **choices) -> None:
    """Bea asks for the news and confirms her address: the organizers' sending reaches her."""
    bea = Phone(app, code)
    bea.join()
    ask(bea, "bea@example.org", **choices)
    confirm_news_addresses(app)


def ana_asks(app, code: str, lang: str, **choices) -> str:
    """Ana asks for the news in ``lang`` and does not confirm yet; her confirmation link."""
    ana = Phone(app, code)
    ana.join(**{"Accept-Language": lang})
    ask(ana, "ana@example.org", lang, **choices)
    [link] = [link for message in app.mailbox.messages if message["To"] == "ana@example.org"
              for link in confirm_links(type("Box", (), {"messages": [message]}))]
    return link


def to(app, email: str) -> list:
    return [message for message in app.mailbox.messages if message["To"] == email]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_report_news_reaches_an_address_confirmed_after_it_went_out(mail_app, lang):
    forum_id, code = forum_with_a_plan(mail_app)
    bea_is_told(mail_app, code, wants_news="y")
    link = ana_asks(mail_app, code, lang, wants_news="y")
    organizer = log_in(mail_app)
    share_report(organizer, forum_id)
    assert organizer.post(f"/forums/{forum_id}/report/announce", data=CONFIRM).status_code == 302
    assert len(to(mail_app, "bea@example.org")) == 1
    assert len(to(mail_app, "ana@example.org")) == 1  # her confirmation message only: the news waits for her

    reader = mail_app.test_client()
    done = reader.post(link)
    assert done.status_code == 200
    assert by_test_id(done, "news-late") == TOLD[lang]
    [_confirmation, news] = to(mail_app, "ana@example.org")
    assert news["Subject"] == REPORT_SUBJECT[lang]
    assert f"lang={lang}" in news.get_content()

    again = reader.post(link)  # a second tap: nothing more is sent, nor said
    assert again.status_code == 200 and not parse(again).select("[data-testid=news-late]")
    assert len(to(mail_app, "ana@example.org")) == 2
    page = organizer.get(f"/forums/{forum_id}/report?lang=en")
    assert by_test_id(page, "news-nobody").startswith("Nobody is waiting")  # she was told: nobody is left


def test_nothing_is_sent_on_confirmation_before_the_news_went_out(mail_app):
    forum_id, code = forum_with_a_plan(mail_app)
    link = ana_asks(mail_app, code, "en", wants_news="y", wants_progress="y")
    organizer = log_in(mail_app)
    share_report(organizer, forum_id)  # shared, but its news not sent yet: the organizers send it when they choose
    done = mail_app.test_client().post(link)
    assert "Your address is confirmed" in shown(done) and not parse(done).select("[data-testid=news-late]")
    assert len(to(mail_app, "ana@example.org")) == 1
    with mail_app.app_context():
        assert db.session.scalar(select(Job).where(Job.kind == news_confirm.JOB_LATE)) is None


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_latest_progress_update_reaches_an_address_confirmed_after_it_went_out(mail_app, lang):
    forum_id, code = forum_with_a_plan(mail_app)
    bea_is_told(mail_app, code, wants_progress="y")
    link = ana_asks(mail_app, code, lang, wants_progress="y")
    organizer = log_in(mail_app)
    sent = organizer.post(f"/forums/{forum_id}/progress-news/send",
                          data={"note": "Thank you all", "last": "0", **CONFIRM})
    assert sent.status_code == 302
    assert len(to(mail_app, "bea@example.org")) == 1

    done = mail_app.test_client().post(link)
    assert by_test_id(done, "news-late") == UPDATE_TOLD[lang]
    [_confirmation, update] = to(mail_app, "ana@example.org")
    assert "Thank you all" in update.get_content()
    assert update["Subject"] == ("What became of the ideas of Spring forum" if lang == "en" else
                                 "Ce que sont devenues les idées de Spring forum")
    assert mail_app.test_client().post(link).status_code == 200
    assert len(to(mail_app, "ana@example.org")) == 2
    page = organizer.get(f"/forums/{forum_id}/progress-news?lang=en")
    assert not parse(page).select("[data-testid=progress-news-rest]")  # the update reached everyone it was meant for


def test_two_confirmations_at_once_send_the_news_once(mail_app, monkeypatch):
    """Ana taps the button on two devices at the same moment: one of them marks her address confirmed and queues the
    news; the other waits for its lock, then finds it confirmed, and sends nothing (PostgreSQL: the row locks)."""
    forum_id, code = forum_with_a_plan(mail_app)
    bea_is_told(mail_app, code, wants_news="y")
    link = ana_asks(mail_app, code, "en", wants_news="y")
    organizer = log_in(mail_app)
    share_report(organizer, forum_id)
    assert organizer.post(f"/forums/{forum_id}/report/announce", data=CONFIRM).status_code == 302
    answers, lock = [], threading.Lock()

    def tap():
        answer = mail_app.test_client().post(link)
        with lock:
            answers.append((answer.status_code, shown(answer)))

    race(monkeypatch, news_confirm, "_unconfirmed", tap, tap)
    assert [status for status, _text in answers] == [200, 200]
    assert sum(TOLD["en"] in text for _status, text in answers) == 1
    assert len(to(mail_app, "ana@example.org")) == 2  # her confirmation message, and the news once
    with mail_app.app_context():
        assert len(db.session.scalars(select(Job).where(Job.kind == news_confirm.JOB_LATE)).all()) == 1


def test_a_crash_before_the_late_news_is_queued_leaves_it_for_the_next_tap(mail_app, monkeypatch):
    """The marking, the log's removal and the job were three transactions: a crash after the first left the address
    confirmed with nothing queued, and the next tap found nothing new: the report never reached it."""
    forum_id, code = forum_with_a_plan(mail_app)
    bea_is_told(mail_app, code, wants_news="y")
    link = ana_asks(mail_app, code, "en", wants_news="y")
    organizer = log_in(mail_app)
    share_report(organizer, forum_id)
    assert organizer.post(f"/forums/{forum_id}/report/announce", data=CONFIRM).status_code == 302
    real_queue_job = news_confirm.queue_person_job

    def crash(*args, **kwargs):
        raise RuntimeError("the process died")

    monkeypatch.setattr(news_confirm, "queue_person_job", crash)
    reader = mail_app.test_client()
    try:
        crashed = reader.post(link)
    except RuntimeError:
        crashed = None
    assert crashed is None or crashed.status_code == 500
    monkeypatch.setattr(news_confirm, "queue_person_job", real_queue_job)
    done = reader.post(link)
    assert done.status_code == 200 and by_test_id(done, "news-late") == TOLD["en"]
    assert [message["Subject"] for message in to(mail_app, "ana@example.org")][1:] == [REPORT_SUBJECT["en"]]


def test_a_confirmation_queuing_the_late_news_leaves_the_other_forums_jobs_to_the_full_tidy(
        mail_app, make_organizer, make_forum):
    """The news-late job is queued in the tap's write: the full tidy, reading every forum's jobs, is not done there."""
    from datetime import timedelta

    from forum.models import utcnow
    from forum.services.jobs import tidy_jobs

    forum_id, code = forum_with_a_plan(mail_app)
    bea_is_told(mail_app, code, wants_news="y")
    link = ana_asks(mail_app, code, "en", wants_news="y")
    organizer = log_in(mail_app)
    share_report(organizer, forum_id)
    assert organizer.post(f"/forums/{forum_id}/report/announce", data=CONFIRM).status_code == 302
    stale = utcnow() - timedelta(minutes=5)
    with mail_app.app_context():
        lost = Job(forum_id=make_forum(make_organizer("other@example.org")), kind="report", status="running",
                   created_at=stale, started_at=stale, heartbeat_at=stale, parameters={})
        db.session.add(lost)
        db.session.commit()
        lost_id = lost.id
    mail_app.extensions.pop("jobs_tidied_at", None)  # a minute since the process last tidied every forum's jobs
    done = mail_app.test_client().post(link)
    assert by_test_id(done, "news-late") == TOLD["en"]
    with mail_app.app_context():
        assert db.session.get(Job, lost_id).status == "running"
        assert tidy_jobs() == (1, 0)  # flask tidy-jobs
