"""An account someone made with another person's address, never confirmed, does not lock the address's owner out:
signing up with their address (or opening an invitation mailed to it) gives them a link to take the account over,
which says what it holds, gives it their name and password, confirms the address and logs the stranger out. The
sign-up page answers the same in every case, and its mail is sent in the mail lane, never in the request."""
from __future__ import annotations

from sqlalchemy import update

from forum.extensions import db
from forum.models import User
from tests.conftest import PASSWORD, build_app
from tests.forum.test_account_confirmation import (SIGNUP, _invitation_path, _invited_by_eve, _links,
                                                   _signed_up, _user)
from tests.html import parse, text_of

OWNER = {**SIGNUP, "name": "Amina Owner", "password": "mine-for-real-7", "confirm": "mine-for-real-7"}


def _stranger_with_a_forum(mail_app, email=SIGNUP["email"]):
    """A stranger signs up with ``email`` (never confirmed), logs in and creates a forum; their client."""
    stranger, _ = _signed_up(mail_app, email=email, name="Stranger")
    assert stranger.post("/forums/new", data={"name-en": "Stranger's forum", "languages": "en",
                                              "report_out_limit": 7}).status_code == 302
    return stranger


def _takeover_path(message) -> str:
    [link] = [link for link in _links(message) if link.startswith("/account/take-over/")]
    return link


def test_the_owner_signing_up_takes_over_the_account_a_stranger_made_with_their_address(mail_app):
    stranger = _stranger_with_a_forum(mail_app)
    owner, newcomer = mail_app.test_client(), mail_app.test_client()
    answers = [owner.post("/signup", data=OWNER), newcomer.post("/signup", data={**OWNER, "email": "zoe@example.org"})]
    assert [(a.status_code, a.headers["Location"]) for a in answers] == [(302, "/signup/sent")] * 2
    assert owner.get("/signup/sent").get_data() == newcomer.get("/signup/sent").get_data()
    [offer] = [message for message in mail_app.mailbox.messages[1:] if message["To"] == "amina@example.org"]
    assert offer["Subject"] == "A Forum Workbench account has your address: take it over"
    body = offer.get_content()
    assert "nobody has confirmed that the address is theirs" in body
    assert "The account holds: “Stranger's forum”." in body
    path = _takeover_path(offer)

    page = owner.get(path)
    assert page.status_code == 200 and not _user(mail_app).address_confirmed  # opening the link changes nothing
    html = parse(page)
    assert text_of(html.select_one("h1")) == "Take over the account of amina@example.org"
    assert "The account holds: “Stranger's forum”." in text_of(html.select_one('[data-testid="account-holdings"]'))
    assert html.select_one("input[name=name]")["value"] == "Stranger"

    taken = owner.post(path, data={"name": "Amina Owner", "password": OWNER["password"], "confirm": OWNER["password"]})
    assert taken.status_code == 302 and taken.headers["Location"] == "/login?email=amina@example.org"
    assert "The account is yours" in text_of(parse(owner.get("/login")).select_one(".flashes"))
    assert stranger.get("/forums").status_code == 302  # logged out everywhere
    assert stranger.post("/login", data={"email": "amina@example.org", "password": PASSWORD}).status_code == 422
    assert owner.post("/login", data={"email": "amina@example.org", "password": OWNER["password"]}).status_code == 302
    user = _user(mail_app)
    assert user.address_confirmed and user.name == "Amina Owner"
    assert "Stranger's forum" in text_of(parse(owner.get("/forums")))  # theirs to delete now
    for used in (owner.get(path), owner.post(path)):
        assert used.status_code == 404 and "not valid any more" in used.get_data(as_text=True)


def test_an_expired_takeover_link_says_to_sign_up_again_only_while_the_address_is_unconfirmed(mail_app):
    """Signing up again mails a new link only for an account still unconfirmed: once confirmed, the expired link says
    it is not valid any more (log in), in English and French."""
    _stranger_with_a_forum(mail_app)
    owner = mail_app.test_client()
    owner.post("/signup", data=OWNER)
    path = _takeover_path(mail_app.mailbox.messages[-1])
    mail_app.config["ADDRESS_CONFIRM_MAX_AGE_SECONDS"] = -1
    unconfirmed = owner.get(path)
    assert unconfirmed.status_code == 410 and "Sign up again with your address" in unconfirmed.get_data(as_text=True)
    with mail_app.app_context():
        db.session.execute(update(User).values(email_confirmed_at=db.func.now()))
        db.session.commit()
    for lang, said in (("en", "not valid any more"), ("fr", "n'est plus valide")):
        confirmed = owner.get(f"{path.split('?')[0]}?lang={lang}")
        assert confirmed.status_code == 404 and said in text_of(parse(confirmed))


def test_the_takeover_mail_and_page_in_french(mail_app):
    """In the language of the page the owner signed up on, not the account's, which whoever made it chose."""
    _stranger_with_a_forum(mail_app)
    with mail_app.app_context():
        db.session.execute(update(User).values(locale="en"))
        db.session.commit()
    owner = mail_app.test_client()
    owner.get("/signup?lang=fr")
    owner.post("/signup", data=OWNER)
    offer = mail_app.mailbox.messages[-1]
    assert offer["Subject"] == "Un compte Forum Workbench a votre adresse\u00a0: prenez-le en main"
    assert "Le compte contient\u00a0: «\u00a0Stranger's forum\u00a0»." in offer.get_content()
    path = _takeover_path(offer)
    assert path.endswith("?lang=fr")  # the page speaks the mail's language, whichever browser opens it
    page = parse(owner.get(path))
    assert text_of(page.select_one("h1")) == "Prendre en main le compte de amina@example.org"
    assert page.find("button", string="Prendre en main le compte")
    owner.post(path, data={"name": "Amina", "password": OWNER["password"], "confirm": OWNER["password"]})
    assert _user(mail_app).locale == "fr"  # the owner's language from now on, not the stranger's


def test_the_invitation_page_offers_the_takeover_of_an_unconfirmed_account(mail_app):
    _eve, mailed, copied = _invited_by_eve(mail_app, "victim@example.org")
    _stranger_with_a_forum(mail_app, "victim@example.org")
    owner = mail_app.test_client()
    page = parse(owner.get(_invitation_path(mailed)))
    assert "nobody confirmed that the address is theirs" in text_of(page.select_one('[data-testid="takeover-offer"]'))
    takeover = page.find("a", string="Take over the account")["href"]
    taken = owner.post(takeover, data={"name": "Vic", "password": OWNER["password"], "confirm": OWNER["password"]})
    assert taken.headers["Location"].startswith("/login?email=victim@example.org&next=/invitations/")
    logged_in = owner.post(taken.headers["Location"], data={"email": "victim@example.org",
                                                            "password": OWNER["password"]})
    assert logged_in.headers["Location"] == _invitation_path(mailed)
    assert owner.post(_invitation_path(mailed)).headers["Location"] == "/forums/1"
    # a copied link proves nothing
    refused = mail_app.test_client().post(copied, data={"name": "X", "password": PASSWORD, "confirm": PASSWORD})
    assert refused.status_code == 410  # (accepted meanwhile)


def test_the_invitation_s_copied_link_does_not_tell_the_account_is_unconfirmed(mail_app):
    """Whoever holds a copied link (not the address's owner, perhaps) is not told that the invitee's account can be
    taken over: the same answer as for a confirmed account."""
    _eve, _mailed, copied = _invited_by_eve(mail_app, "victim@example.org")
    _stranger_with_a_forum(mail_app, "victim@example.org")
    page = parse(mail_app.test_client().get(copied))
    assert not page.select('[data-testid="takeover-offer"]')  # a copied link proves nothing
    refused = mail_app.test_client().post(copied, data={"name": "X", "password": PASSWORD, "confirm": PASSWORD})
    assert refused.status_code == 422
    said = text_of(parse(refused))
    assert "An account with this email exists already. Log in to accept." in said
    assert "take the account over" not in said and "nobody confirmed" not in said


class HeldMail:
    """The mail lane's thread, holding what is handed to it until the test runs it."""

    def __init__(self):
        self.held = []

    def submit(self, function, *args):
        self.held.append((function, args))

    def run(self):
        while self.held:
            function, args = self.held.pop(0)
            function(*args)


def test_the_sign_up_page_hands_its_mail_to_the_mail_lane_in_every_case(database_url, monkeypatch):
    """Whatever the address (new, its account confirmed, its account not), the request only hands one message to the
    mail lane and sends nothing itself: a slow mail server slows no answer, nor tells one case from another."""
    from forum.operations import jobs
    from tests.smtp_server import smtp_server

    lane = HeldMail()
    monkeypatch.setattr(jobs, "_thread_pool", lambda app, lane_name=jobs.WORK: lane if lane_name == jobs.MAIL else None)
    with smtp_server() as (port, mailbox):
        for app in build_app(database_url, MAIL_SERVER="127.0.0.1", MAIL_PORT=port,
                             MAIL_DEFAULT_SENDER="forum@example.org", JOB_THREADS=1):
            with app.app_context():
                confirmed = User(email="olive@example.org", name="Olive")
                confirmed.set_password(PASSWORD)
                db.session.add(confirmed)
                db.session.commit()
            for sent, email in enumerate(("amina@example.org", "olive@example.org", "amina@example.org")):
                answer = app.test_client().post("/signup", data={**OWNER, "email": email})
                assert answer.headers["Location"] == "/signup/sent"
                assert len(mailbox.messages) == sent and len(lane.held) == 1  # nothing sent by the request
                lane.run()
            assert [(message["To"], message["Subject"]) for message in mailbox.messages] == [
                ("amina@example.org", "Confirm your Forum Workbench address"),
                ("olive@example.org", "Your Forum Workbench account"),
                ("amina@example.org", "A Forum Workbench account has your address: take it over")]
            # which message is decided when it is sent: an address confirmed meanwhile gets the notice, no takeover
            app.test_client().post("/signup", data=OWNER)
            with app.app_context():
                db.session.execute(update(User).values(email_confirmed_at=db.func.now()))
                db.session.commit()
            lane.run()
            assert (mailbox.messages[-1]["To"], mailbox.messages[-1]["Subject"]) == (
                "amina@example.org", "Your Forum Workbench account")


def test_with_redis_the_sign_up_s_mail_waits_in_the_forum_mail_queue(database_url):
    """With Redis, the message is a job of the mail lane's RQ queue (forum-mail), sent by its worker."""
    from rq import Queue

    from forum.operations.jobs import redis_connection, run_job
    from tests.redis_server import redis_server
    from tests.smtp_server import smtp_server

    with redis_server() as url, smtp_server() as (port, mailbox):
        for app in build_app(database_url, REDIS_URL=url + "/0", MAIL_SERVER="127.0.0.1", MAIL_PORT=port,
                             MAIL_DEFAULT_SENDER="forum@example.org"):
            assert app.test_client().post("/signup", data=OWNER).headers["Location"] == "/signup/sent"
            [job] = Queue("forum-mail", connection=redis_connection(app.config["REDIS_URL"])).jobs
            assert job.func_name == "forum.operations.jobs.run_queued_job" and mailbox.messages == []
            run_job(app, *job.args)  # what the worker does, with this test's app
            assert [message["Subject"] for message in mailbox.messages] == ["Confirm your Forum Workbench address"]
