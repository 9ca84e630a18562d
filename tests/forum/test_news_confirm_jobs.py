"""The message asking to confirm an address for the forum's news is sent by a background job: the phone's save does
not wait for the mail server, still says the message is on its way, and a mail server refusing it fails the job as
it fails the other mail jobs."""
from __future__ import annotations

import threading
import time
from contextlib import contextmanager

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import Job
from forum.operations.job_messages import outcome_message
from forum.services import mailing
from tests.conftest import build_app
from tests.forum.participate.conftest import Phone
from tests.forum.test_news_confirm import ask, shown
from tests.forum.test_report_news import log_in, organizer_of_a_forum
from tests.html import parse, text_of
from tests.smtp_server import smtp_server


def jobs(app, kind: str = "news-confirm") -> list[Job]:
    with app.app_context():
        return list(db.session.scalars(select(Job).where(Job.kind == kind).order_by(Job.id)))


@pytest.fixture
def threaded_mail_app(database_url):
    """Jobs run on the web process's worker thread, as on a server without Redis."""
    with smtp_server() as (port, mailbox):
        for app in build_app(database_url, MAIL_SERVER="127.0.0.1", MAIL_PORT=port,
                             MAIL_DEFAULT_SENDER="forum@example.org", JOB_THREADS=1, JOB_IN_CHILD_PROCESS=True):
            app.mailbox = mailbox
            yield app


def test_the_save_does_not_wait_for_the_mail_server(threaded_mail_app, monkeypatch):
    app = threaded_mail_app
    _forum_id, code = organizer_of_a_forum(app)
    server_answers = threading.Event()
    real_connection = mailing.smtp_connection

    @contextmanager
    def slow_connection():
        assert server_answers.wait(20)  # a mail server taking its time
        with real_connection() as smtp:
            yield smtp

    monkeypatch.setattr(mailing, "smtp_connection", slow_connection)
    phone = Phone(app, code)
    phone.join()
    started = time.monotonic()
    home = ask(phone, "ana@example.org")
    assert time.monotonic() - started < 10
    # not sent yet: the phone is not told it was
    assert "We are sending a message to an…@example.org: open it once it arrives to confirm your address." in shown(
        home)
    assert "we are sending a message to it" in shown(phone.get())
    assert app.mailbox.messages == []  # the save answered before the mail server did
    [job] = jobs(app)
    assert job.status in ("queued", "running")
    assert "ana@example.org" not in str(job.parameters)  # nor the phone's token, nor the network's address

    server_answers.set()
    for _wait in range(100):
        if app.mailbox.messages and jobs(app)[0].status == "done":
            break
        time.sleep(0.1)
    [message] = app.mailbox.messages
    assert message["To"] == "ana@example.org"
    assert jobs(app)[0].status == "done" and jobs(app)[0].parameters["outcome"] == "sent"
    assert "once you confirm your address: we sent a message to it." in shown(phone.get())


FAILED_LATER = {
    "en": {"sending": "We are sending a message to an…@example.org: open it once it arrives to confirm your address.",
           "home": "Your address is not confirmed yet, and the message to confirm it could not be sent: save your "
                   "contact details again to get a new one.",
           "contact": "an…@example.org is not confirmed yet, and the message to confirm it could not be sent: save "
                      "this page again to get a new one.",
           "job": "The message asking to confirm an address could not be sent (the mail server refused it or could "
                  "not be reached, or the server was restarted)."},
    "fr": {"sending": "Nous envoyons un message à an…@example.org : ouvrez-le dès qu'il arrive pour confirmer votre "
                      "adresse.",
           "home": "Votre adresse n'est pas encore confirmée, et le message pour la confirmer n'a pas pu être envoyé : "
                   "enregistrez à nouveau vos coordonnées pour en recevoir un nouveau.",
           "contact": "an…@example.org n'est pas encore confirmée, et le message pour la confirmer n'a pas pu être "
                      "envoyé : enregistrez à nouveau cette page pour en recevoir un nouveau.",
           "job": "Le message demandant de confirmer une adresse n'a pas pu être envoyé (le serveur de courriel l'a "
                  "refusé ou était injoignable, ou le serveur a redémarré)."},
}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_message_that_fails_after_the_save_is_said_as_being_sent_then_as_not_sent(database_url, monkeypatch, lang):
    """The phone said "We sent a message" while the job had not sent it, and kept saying so once the mail server had
    refused it; the job's status words its failure as a mail's, not as an analysis's."""
    said = FAILED_LATER[lang]
    with smtp_server(refused=("ana@example.org",)) as (port, _mailbox):
        for app in build_app(database_url, MAIL_SERVER="127.0.0.1", MAIL_PORT=port,
                             MAIL_DEFAULT_SENDER="forum@example.org", JOB_THREADS=1, JOB_IN_CHILD_PROCESS=True):
            forum_id, code = organizer_of_a_forum(app)
            server_answers = threading.Event()
            real_connection = mailing.smtp_connection

            @contextmanager
            def slow_connection():
                assert server_answers.wait(20)
                with real_connection() as smtp:
                    yield smtp

            monkeypatch.setattr(mailing, "smtp_connection", slow_connection)
            phone = Phone(app, code)
            phone.join(**{"Accept-Language": lang})
            assert said["sending"] in shown(ask(phone, "ana@example.org", lang))
            server_answers.set()
            for _wait in range(100):
                if jobs(app)[0].status == "failed":
                    break
                time.sleep(0.1)
            [job] = jobs(app)
            assert job.status == "failed"
            assert said["home"] in shown(phone.get(f"?lang={lang}"))
            assert said["contact"] == text_of(parse(phone.get(f"contact?lang={lang}")).select_one(
                "[data-testid=news-unconfirmed]"))
            status = log_in(app).get(f"/forums/{forum_id}/jobs/{job.id}?lang={lang}").get_json()
            assert status["status"] == "failed" and status["message"].startswith(said["job"])


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_mail_server_refusing_the_message_fails_its_job(database_url, lang):
    with smtp_server(refused=("ana@example.org",)) as (port, mailbox):
        for app in build_app(database_url, MAIL_SERVER="127.0.0.1", MAIL_PORT=port,
                             MAIL_DEFAULT_SENDER="forum@example.org"):
            _forum_id, code = organizer_of_a_forum(app)
            phone = Phone(app, code)
            phone.join(**{"Accept-Language": lang})
            home = ask(phone, "ana@example.org", lang)
            assert mailbox.messages == []
            [job] = jobs(app)
            assert (job.status, job.failure) == ("failed", "error")
            assert job.parameters["outcome"] == "failed"
            told = ("n'a pas pu être envoyé pour l'instant" if lang == "fr" else
                    "the message to confirm it could not be sent just now")
            assert told in shown(home)


def test_the_message_does_not_wait_behind_an_analysis(threaded_mail_app):
    """The web process's job thread is busy (an analysis, a report): the confirmation message goes on its own."""
    from forum.operations import jobs as job_runner

    app = threaded_mail_app
    _forum_id, code = organizer_of_a_forum(app)
    analysis_ends = threading.Event()
    job_runner._thread_pool(app).submit(analysis_ends.wait, 30)  # the only job thread, taken
    try:
        phone = Phone(app, code)
        phone.join()
        ask(phone, "ana@example.org")
        for _wait in range(100):
            if app.mailbox.messages:
                break
            time.sleep(0.1)
        assert [message["To"] for message in app.mailbox.messages] == ["ana@example.org"]
    finally:
        analysis_ends.set()


def test_the_message_does_not_wait_behind_the_requests_made_while_mail_was_off(database_url, monkeypatch):
    """Mail comes on with many requests made while it was off (job news-confirm-all, their messages one after the
    other): a person asking now gets their message while that job still runs, not after it."""
    from forum.operations import mail_on
    from forum.services import news_confirm
    from tests.forum.test_news_confirm_mail_on import started_with_mail

    for off in build_app(database_url):  # mail off: the requests wait
        _forum_id, code = organizer_of_a_forum(off)
        for number in range(8):
            phone = Phone(off, code)
            phone.join()
            ask(phone, f"person{number}@example.org", wants_news="y")
        bulk_goes_on, real_message = threading.Event(), news_confirm.confirmation_message

        def slow_for_the_many(person, forum, topic):  # a slow mail server, for the many messages
            if person.email.startswith("person"):
                assert bulk_goes_on.wait(30)
            return real_message(person, forum, topic)

        monkeypatch.setattr(news_confirm, "confirmation_message", slow_for_the_many)
        with smtp_server() as (port, mailbox):
            app = started_with_mail(database_url, port, JOB_THREADS=1, JOB_IN_CHILD_PROCESS=True)
            try:
                app.test_client().get("/")  # mail on at start: the job for the 8 requests is queued
                for _wait in range(100):
                    if [job.status for job in jobs(app, "news-confirm-all")] == ["running"]:
                        break
                    time.sleep(0.1)
                assert [job.status for job in jobs(app, "news-confirm-all")] == ["running"]
                ana = Phone(app, code)
                ana.join()
                ask(ana, "ana@example.org")
                for _wait in range(100):
                    if mailbox.messages:
                        break
                    time.sleep(0.1)
                assert [message["To"] for message in mailbox.messages] == ["ana@example.org"]
                assert [job.status for job in jobs(app, "news-confirm-all")] == ["running"]
            finally:
                bulk_goes_on.set()
                app.extensions[mail_on.STARTED].join(20)
            for _wait in range(100):
                if [job.status for job in jobs(app, "news-confirm-all")] == ["done"]:
                    break
                time.sleep(0.1)
            assert [job.status for job in jobs(app, "news-confirm-all")] == ["done"]
            assert len(mailbox.messages) == 9
            with app.app_context():
                db.engine.dispose()


@pytest.mark.parametrize("lang, told", [
    ("en", "Your address an…@example.org is not confirmed yet, and the message to confirm it could not be sent just "
           "now: save this page again later."),
    ("fr", "Votre adresse an…@example.org n'est pas encore confirmée, et le message pour la confirmer n'a pas pu être "
           "envoyé pour l'instant")])
def test_a_phone_past_its_bound_is_told_so_at_once_with_the_job_on_a_thread(database_url, lang, told):
    """On a server the job runs on a thread after the answer: the bounds are counted in the request, so a phone past
    its share (here its network's) is told the message is held back (it was told "We sent a message" while nothing
    went)."""
    with smtp_server() as (port, mailbox):
        for app in build_app(database_url, MAIL_SERVER="127.0.0.1", MAIL_PORT=port,
                             MAIL_DEFAULT_SENDER="forum@example.org", JOB_THREADS=1, JOB_IN_CHILD_PROCESS=True,
                             RATELIMIT_ENABLED=True, PARTICIPANT_NEW_DEVICE_LIMIT="1000 per hour",
                             NEWS_CONFIRM_MAIL_NETWORK_LIMIT="1 per hour"):
            _forum_id, code = organizer_of_a_forum(app)
            phones = [Phone(app, code), Phone(app, code)]  # two phones on the venue's network
            for phone in phones:
                phone.join(**{"Accept-Language": lang})
            first = ask(phones[0], "bea@example.org", lang, wants_news="y")
            assert "be…@example.org" in shown(first) and "not confirmed yet" not in shown(first)
            second = ask(phones[1], "ana@example.org", lang, wants_news="y")
            assert told in shown(second)
            for _wait in range(100):
                if all(job.status == "done" for job in jobs(app)):
                    break
                time.sleep(0.1)
            assert len(jobs(app)) == 1  # nothing queued for the message held back
            assert [message["To"] for message in mailbox.messages] == ["bea@example.org"]
            assert "device" not in jobs(app)[0].parameters and "network" not in jobs(app)[0].parameters


def test_the_jobs_keep_no_trace_of_the_phone_go_with_an_erasure_and_are_pruned_once_old(mail_app, monkeypatch):
    """A confirmation job kept digests of the phone's token and network address (an IPv4 address is found from its
    SHA-256 by trying them all) beside the record, for good, even once the person erased their data."""
    from datetime import timedelta

    from forum.models import Participant, utcnow
    from forum.participate import news_confirm as phone_side
    from forum.services import news_confirm

    app = mail_app
    _forum_id, code = organizer_of_a_forum(app)
    phone = Phone(app, code)
    phone.join()
    ask(phone, "ana@example.org")
    [sent] = jobs(app)
    assert sent.status == "done" and set(sent.parameters) == {"kind", "record_id", "period", "outcome"}
    with app.app_context():  # finished a week ago: pruned when the next is queued
        db.session.get(Job, sent.id).finished_at = utcnow() - timedelta(days=8)
        db.session.commit()

    monkeypatch.setattr(phone_side, "submit", lambda app, job_id: None)  # the job waits for its thread
    other = Phone(app, code)
    other.join()
    ask(other, "bea@example.org")
    [waiting] = jobs(app)
    assert waiting.status == "queued" and waiting.id != sent.id
    with app.app_context():
        record_id = db.session.scalar(select(Participant.id).where(Participant.email == "bea@example.org"))
        db.session.add(Job(forum_id=waiting.forum_id, kind=news_confirm.JOB_LATE, status="queued",
                           parameters={"kind": "p", "record_id": record_id, "topics": ["news"]}))
        db.session.commit()
    assert other.post("erase", data={"confirm": "y"}).status_code in (200, 302)
    assert jobs(app) == [] and jobs(app, news_confirm.JOB_LATE) == []


def test_a_double_tap_queues_one_confirmation_job(mail_app, monkeypatch):
    """The first tap's job still waits for its thread when the second tap arrives: no second job, no second
    message."""
    from forum.participate import news_confirm as phone_side

    app = mail_app
    _forum_id, code = organizer_of_a_forum(app)
    phone = Phone(app, code)
    phone.join()
    monkeypatch.setattr(phone_side, "submit", lambda app, job_id: None)  # the jobs wait for their thread
    for _tap in range(2):
        assert "We are sending a message to an…@example.org" in shown(ask(phone, "ana@example.org"))  # not yet sent
    assert len(jobs(app)) == 1


def test_a_job_waiting_for_an_address_changed_since_sends_nothing_and_the_new_one_gets_its_message(
        mail_app, monkeypatch):
    """The phone saves another address while the first one's job still waits: each address has its own job (a
    double tap's check does not swallow the new one), and the first sends nothing to an address no longer kept."""
    from forum.operations.jobs import run_job
    from forum.participate import news_confirm as phone_side

    app = mail_app
    _forum_id, code = organizer_of_a_forum(app)
    phone = Phone(app, code)
    phone.join()
    monkeypatch.setattr(phone_side, "submit", lambda app, job_id: None)  # the jobs wait for their thread
    ask(phone, "bea@example.org")
    ask(phone, "ana@example.org")
    waiting = jobs(app)
    assert len(waiting) == 2
    for job in waiting:
        run_job(app, job.id)
    assert [message["To"] for message in app.mailbox.messages] == ["ana@example.org"]
    assert [job.parameters["outcome"] for job in jobs(app)] == ["not_asked", "sent"]


def test_a_phone_asking_for_news_leaves_the_other_forums_jobs_to_the_full_tidy(mail_app, make_organizer, make_forum):
    """The full tidy reads every forum's jobs: not in a phone's write, where every other phone's waits for it."""
    from datetime import timedelta

    from forum.models import utcnow
    from forum.services.jobs import tidy_jobs

    app = mail_app
    _forum_id, code = organizer_of_a_forum(app)
    stale = utcnow() - timedelta(minutes=5)
    with app.app_context():
        lost = Job(forum_id=make_forum(make_organizer("other@example.org")), kind="report", status="running",
                   created_at=stale, started_at=stale, heartbeat_at=stale, parameters={})
        db.session.add(lost)
        db.session.commit()
        lost_id = lost.id
    phone = Phone(app, code)
    phone.join()
    assert "a message to an…@example.org" in shown(ask(phone, "ana@example.org"))
    with app.app_context():
        assert db.session.get(Job, lost_id).status == "running"
        assert tidy_jobs() == (1, 0)  # flask tidy-jobs
@pytest.mark.parametrize(("kind", "said"), [
    ("news-confirm", "The message asking to confirm an address could not be sent"),
    ("news-late", "The news could not be sent to the address just confirmed"),
    ("news-confirm-all", "The messages asking to confirm the addresses given while mail was off could not be sent"),
    ("analysis", "The analysis stopped on an unexpected error."),
])
def test_a_failed_job_is_worded_by_its_kind(app, kind, said):
    """Every failed job but the report's and the news' was worded as an analysis that stopped."""
    with app.test_request_context("/?lang=en"):
        assert outcome_message(Job(kind=kind, status="failed", failure="error", id=7)).startswith(said)
