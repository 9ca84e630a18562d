"""An account's mail is a job of the mail lane, whatever asks for it (the sign-up page, the banner's "Send the link
again", an account made from a copied invitation link): the request sends nothing itself, and the job's row says what
became of the message. The banner says it (on its way, sent, not sent, the address refused for good) and offers to
send it again when that can help; `flask health` counts the failed ones with the other mail jobs'."""
from __future__ import annotations

import json

from sqlalchemy import select

from forum.extensions import db
from forum.models import Job
from tests.conftest import PASSWORD, build_app
from tests.forum.test_account_confirmation import SIGNUP, _confirm_path, _invitation_path, _invited_by_eve
from tests.forum.test_account_takeover import HeldMail
from tests.html import parse, text_of


def _banner(client, lang="en"):
    return parse(client.get(f"/forums?lang={lang}")).select_one(".address-banner")


def _state(client, lang="en") -> str:
    said = _banner(client, lang).select_one('[role="status"]')
    return text_of(said) if said is not None else ""


def _send_again_offered(client) -> bool:
    return any(text_of(button) == "Send the link again" for button in _banner(client).select("button"))


def _account_mail_jobs(app) -> list[tuple[str, str, str | None]]:
    with app.app_context():
        return [(job.status, job.parameters["mail"], job.parameters.get("outcome"))
                for job in db.session.scalars(select(Job).where(Job.kind == "account-mail").order_by(Job.id))]


def _logged_in(app):
    client = app.test_client()
    assert client.post("/signup", data=SIGNUP).headers["Location"] == "/signup/sent"
    assert client.post("/login", data={"email": SIGNUP["email"], "password": SIGNUP["password"]}).status_code == 302
    return client


def test_send_the_link_again_hands_it_to_the_mail_lane_and_the_banner_says_it_is_on_its_way(database_url,
                                                                                             monkeypatch):
    from forum.operations import jobs
    from tests.smtp_server import smtp_server

    lane = HeldMail()
    monkeypatch.setattr(jobs, "_thread_pool", lambda app, lane_name=jobs.WORK: lane if lane_name == jobs.MAIL else None)
    with smtp_server() as (port, mailbox):
        for app in build_app(database_url, MAIL_SERVER="127.0.0.1", MAIL_PORT=port,
                             MAIL_DEFAULT_SENDER="forum@example.org", JOB_THREADS=1):
            client = _logged_in(app)
            lane.run()
            assert len(mailbox.messages) == 1 and _state(client) == ""  # sent: the banner's usual sentence
            assert "Open the link we sent to amina@example.org." in text_of(_banner(client))

            again = client.post("/account/confirm", data={"next": "/forums"})
            assert again.status_code == 302 and again.headers["Location"] == "/forums"
            assert len(mailbox.messages) == 1 and len(lane.held) == 1  # nothing sent by the request
            assert _state(client) == "A link to confirm your address is on its way to amina@example.org."
            assert _state(client, "fr") == "Un lien pour confirmer votre adresse est en route vers amina@example.org."
            lane.run()
            assert len(mailbox.messages) == 2 and _state(client) == ""
            assert client.post(_confirm_path(mailbox.messages[-1])).status_code == 302
            assert _banner(client) is None


def test_a_sign_up_mail_not_sent_is_a_failed_job_and_the_banner_offers_to_send_it_again(mail_app):
    mail_app.mailbox.busy = ("amina@example.org",)  # 452: try again later
    client = _logged_in(mail_app)
    assert mail_app.mailbox.messages == []
    assert _account_mail_jobs(mail_app) == [("failed", "confirm", "failed")]
    assert _state(client) == ("The link to confirm your address could not be sent to amina@example.org just now. "
                              "Send it again in a few minutes.")
    assert _state(client, "fr") == ("Le lien pour confirmer votre adresse n'a pas pu être envoyé à amina@example.org "
                                    "pour l'instant. Envoyez-le de nouveau dans quelques minutes.")
    assert _send_again_offered(client)

    mail_app.mailbox.busy = ()
    assert client.post("/account/confirm").status_code == 302
    assert [message["To"] for message in mail_app.mailbox.messages] == ["amina@example.org"]
    assert _account_mail_jobs(mail_app)[-1] == ("done", "confirm", "sent") and _state(client) == ""


def test_an_address_refused_for_good_is_said_and_no_new_link_offered(mail_app):
    mail_app.mailbox.refused = ("amina@example.org",)  # 550 No such mailbox
    client = _logged_in(mail_app)
    assert _account_mail_jobs(mail_app) == [("failed", "confirm", "refused")]
    assert _state(client) == ("The mail server refused amina@example.org: no message can reach it, so no link can "
                              "confirm it. Ask the person who runs this server to confirm your address.")
    assert "Le serveur de courriel a refusé amina@example.org" in _state(client, "fr")
    assert not _send_again_offered(client)


def test_the_notice_to_an_address_with_an_account_is_a_job_its_banner_does_not_tell(mail_app):
    """The sign-up of an address whose account nobody confirmed mails its owner the takeover link: a job of that
    account, which its banner (read by whoever made the account) leaves out."""
    client = _logged_in(mail_app)
    mail_app.mailbox.busy = ("amina@example.org",)
    mail_app.test_client().post("/signup", data={**SIGNUP, "name": "Amina Owner"})
    assert _account_mail_jobs(mail_app) == [("done", "confirm", "sent"), ("failed", "exists", "failed")]
    assert _state(client) == "" and "Open the link we sent" in text_of(_banner(client))


def test_a_copied_invitation_link_s_account_is_mailed_its_link_by_a_job(mail_app):
    _eve, _mailed, copied = _invited_by_eve(mail_app, "victim@example.org")
    mail_app.mailbox.busy = ("victim@example.org",)
    stranger = mail_app.test_client()
    assert stranger.post(copied, data={"name": "Vic", "password": PASSWORD, "confirm": PASSWORD}).status_code == 302
    assert _account_mail_jobs(mail_app)[-1] == ("failed", "confirm", "failed")  # (Eve's sign-up's is first)
    assert "could not be sent to victim@example.org" in _state(stranger)


def test_a_mailed_invitation_link_s_account_is_confirmed_and_mailed_nothing(mail_app):
    _eve, mailed, _copied = _invited_by_eve(mail_app, "victim@example.org")
    jobs = _account_mail_jobs(mail_app)
    mail_app.test_client().post(_invitation_path(mailed), data={"name": "Vic", "password": PASSWORD,
                                                                "confirm": PASSWORD})
    assert _account_mail_jobs(mail_app) == jobs


def test_flask_health_counts_the_failed_account_mail_with_the_other_mail_jobs(mail_app):
    runner = mail_app.test_cli_runner()
    assert json.loads(runner.invoke(args=["health"]).output)["mail_jobs_failed_last_day"] == 0
    mail_app.mailbox.busy = ("amina@example.org",)
    _logged_in(mail_app)
    assert json.loads(runner.invoke(args=["health"]).output)["mail_jobs_failed_last_day"] == 1


def test_with_redis_out_of_reach_the_sign_up_s_link_is_sent_by_this_process(database_url):
    """The account is made: its message must not be lost because the job queue is down."""
    from tests.forum.test_outages import NOBODY_LISTENING
    from tests.smtp_server import smtp_server

    with smtp_server() as (port, mailbox):
        for app in build_app(database_url, REDIS_URL=f"redis://{NOBODY_LISTENING}/0", MAIL_SERVER="127.0.0.1",
                             MAIL_PORT=port, MAIL_DEFAULT_SENDER="forum@example.org"):
            assert app.test_client().post("/signup", data=SIGNUP).headers["Location"] == "/signup/sent"
            assert [message["To"] for message in mailbox.messages] == ["amina@example.org"]
            assert _account_mail_jobs(app) == [("done", "confirm", "sent")]


def test_flask_tidy_jobs_deletes_an_account_s_mail_jobs_a_week_after_they_ended(mail_app):
    from datetime import timedelta

    from forum.models import utcnow

    _logged_in(mail_app)
    mail_app.test_client().post("/signup", data=SIGNUP)  # a second job, of the same account
    with mail_app.app_context():
        first, second = db.session.scalars(select(Job).where(Job.kind == "account-mail").order_by(Job.id))
        first.finished_at, second.finished_at = utcnow() - timedelta(days=8), utcnow() - timedelta(days=6)
        kept = second.id
        db.session.commit()
    output = mail_app.test_cli_runner().invoke(args=["tidy-jobs"]).output
    assert "1 finished job(s) older than their keeping" in output
    with mail_app.app_context():
        assert list(db.session.scalars(select(Job.id).where(Job.kind == "account-mail"))) == [kept]


def test_with_redis_send_the_link_again_waits_in_the_forum_mail_queue_for_its_worker(database_url):
    from rq import Queue

    from forum.operations.jobs import redis_connection, run_job
    from tests.redis_server import redis_server
    from tests.smtp_server import smtp_server

    with redis_server() as url, smtp_server() as (port, mailbox):
        for app in build_app(database_url, REDIS_URL=url + "/0", MAIL_SERVER="127.0.0.1", MAIL_PORT=port,
                             MAIL_DEFAULT_SENDER="forum@example.org"):
            queue = Queue("forum-mail", connection=redis_connection(app.config["REDIS_URL"]))
            client = _logged_in(app)
            [signed_up] = queue.jobs
            run_job(app, *signed_up.args)  # what the worker does, with this test's app
            queue.empty()
            assert client.post("/account/confirm").status_code == 302
            [again] = queue.jobs
            assert again.func_name == "forum.operations.jobs.run_queued_job" and len(mailbox.messages) == 1
            assert _state(client) == "A link to confirm your address is on its way to amina@example.org."
            run_job(app, *again.args)
            assert len(mailbox.messages) == 2 and _state(client) == ""
