"""Someone signs up on a laptop, logs in under the banner asking to confirm the address, opens the link mailed to
them (through a real SMTP server on loopback) and confirms it: the banner is gone. The owner of an address a stranger
signed up with takes the account over from the mail their own sign-up brings."""
import re
import threading
import time

from playwright.sync_api import expect

from tests.browser.accessibility import assert_accessible
from tests.browser.conftest import LAPTOP, assert_fits_across, log_in
from tests.smtp_server import smtp_server

PASSWORD = "s3cret-enough"


def arrived(mailbox, count: int) -> list:
    """The messages once ``count`` of them arrived: the sign-up page hands its mail to the mail lane's thread, which
    may send it after the page's answer."""
    deadline = time.monotonic() + 15
    while len(mailbox.messages) < count and time.monotonic() < deadline:
        threading.Event().wait(0.05)
    assert len(mailbox.messages) == count, [message["Subject"] for message in mailbox.messages]
    return list(mailbox.messages)


def sign_up(page, live_url, name, email, password, labels=("Your name", "Email", "Password", "Repeat the password",
                                                           "Create account"), lang="en"):
    page.goto(f"{live_url}/signup?lang={lang}")
    page.get_by_label(labels[0]).fill(name)
    page.get_by_label(labels[1], exact=True).fill(email)
    page.get_by_label(labels[2], exact=True).fill(password)
    page.get_by_label(labels[3]).fill(password)
    page.get_by_role("button", name=labels[4]).click()


def test_sign_up_log_in_and_confirm_the_address_on_a_laptop(new_page, live_app, live_url):
    with smtp_server() as (port, mailbox):
        live_app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_DEFAULT_SENDER="forum@example.org")
        page = new_page(**LAPTOP)
        page.goto(live_url + "/signup")
        page.get_by_label("Your name").fill("Amina Organizer")
        page.get_by_label("Email").fill("amina@example.org")
        page.get_by_label("Password", exact=True).fill(PASSWORD)
        page.get_by_label("Repeat the password").fill(PASSWORD)
        page.get_by_role("button", name="Create account").click()
        expect(page.get_by_role("heading", name="Check your e-mail")).to_be_visible()
        assert_fits_across(page, "the page after signing up")
        assert_accessible(page, "the page after signing up")

        log_in(page, live_url, "amina@example.org", PASSWORD)
        banner = page.get_by_role("region", name="Confirm your e-mail address")
        expect(banner).to_contain_text("amina@example.org")
        assert_fits_across(page, "the banner asking to confirm")
        assert_accessible(page, "the banner asking to confirm")

        [message] = arrived(mailbox, 1)
        link = re.search(r"http://127\.0\.0\.1:\d+/account/confirm/\S+", message.get_content()).group(0)
        page.goto(link)
        assert_accessible(page, "the page confirming the address")
        page.get_by_role("button", name="Confirm my address").click()
        expect(page.get_by_role("heading", name="My forums")).to_be_visible()
        expect(page.get_by_text("Your address amina@example.org is confirmed.")).to_be_visible()
        expect(page.get_by_role("region", name="Confirm your e-mail address")).to_have_count(0)


def test_an_invitee_joining_from_a_copied_link_confirms_the_address_by_mail(new_page, live_app, live_url):
    """The members page shows the invitation's link to its inviter too: an account made from that copy joins the
    forum but proves nothing, so it is mailed the link to confirm its address, under the banner meanwhile."""
    from forum.extensions import db
    from forum.models import User
    from forum.services.forums import create_forum

    with live_app.app_context():
        owner = User(email="owner@example.org", name="Olive Organizer")
        owner.set_password(PASSWORD)
        forum_id = create_forum(owner, name="Spring forum").id
        db.session.commit()
    with smtp_server() as (port, mailbox):
        live_app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_DEFAULT_SENDER="forum@example.org")
        organizer = new_page(**LAPTOP)
        log_in(organizer, live_url, "owner@example.org", PASSWORD)
        organizer.goto(f"{live_url}/forums/{forum_id}/members")
        organizer.get_by_label("Email", exact=True).fill("ana@example.org")
        organizer.get_by_role("radio", name="Viewer", exact=True).check()
        organizer.get_by_role("button", name="Invite", exact=True).click()
        copied = organizer.get_by_label("Invitation link for ana@example.org", exact=True).input_value()

        invitee = new_page(**LAPTOP)
        invitee.goto(copied)
        invitee.get_by_label("Your name").fill("Ana Viewer")
        invitee.get_by_label("Password", exact=True).fill(PASSWORD)
        invitee.get_by_label("Repeat the password").fill(PASSWORD)
        invitee.get_by_role("button", name="Create my account and accept").click()
        expect(invitee.get_by_role("region", name="Confirm your e-mail address")).to_contain_text("ana@example.org")
        assert_accessible(invitee, "the forum of an invitee whose address waits for confirmation")

        message = arrived(mailbox, 2)[-1]
        assert message["Subject"] == "Confirm your Forum Workbench address"
        invitee.goto(re.search(r"http://127\.0\.0\.1:\d+/account/confirm/\S+", message.get_content()).group(0))
        invitee.get_by_role("button", name="Confirm my address").click()
        expect(invitee.get_by_text("Your address ana@example.org is confirmed.")).to_be_visible()
        expect(invitee.get_by_role("region", name="Confirm your e-mail address")).to_have_count(0)


def test_the_owner_of_an_address_takes_over_the_account_a_stranger_made_with_it(new_page, live_app, live_url):
    """A stranger signs up with Amina's address and makes a forum; Amina, signing up in French, gets the same page
    and a mail whose link lets her take the account over: the page says what it holds, her password ends the
    stranger's login, and the forum is hers to delete."""
    from forum.extensions import db
    from forum.models import User
    from forum.services.forums import create_forum

    with smtp_server() as (port, mailbox):
        live_app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_DEFAULT_SENDER="forum@example.org")
        stranger = new_page(**LAPTOP)
        sign_up(stranger, live_url, "Stranger", "amina@example.org", "stranger-pass-1")
        log_in(stranger, live_url, "amina@example.org", "stranger-pass-1")
        expect(stranger.get_by_role("heading", name="My forums")).to_be_visible()
        with live_app.app_context():
            account = db.session.scalar(db.select(User).where(User.email == "amina@example.org"))
            create_forum(account, name="Stranger's forum")
            db.session.commit()

        owner = new_page(**LAPTOP)
        sign_up(owner, live_url, "Amina", "amina@example.org", PASSWORD, lang="fr",
                labels=("Votre nom", "Courriel", "Mot de passe", "Répétez le mot de passe", "Créer le compte"))
        expect(owner.get_by_role("heading", name="Consultez vos courriels")).to_be_visible()
        offer = arrived(mailbox, 2)[-1]
        assert offer["Subject"] == "Un compte Forum Workbench a votre adresse\u00a0: prenez-le en main"
        owner.goto(re.search(r"http://127\.0\.0\.1:\d+/account/take-over/\S+", offer.get_content()).group(0))
        expect(owner.get_by_role("heading", name="Prendre en main le compte de amina@example.org")).to_be_visible()
        expect(owner.get_by_test_id("account-holdings")).to_contain_text(
            "Le compte contient\u00a0: «\u00a0Stranger's forum\u00a0».")
        assert_fits_across(owner, "the takeover page")
        assert_accessible(owner, "the takeover page")
        owner.get_by_label("Votre nom").fill("Amina Owner")
        owner.get_by_label("Nouveau mot de passe", exact=True).fill(PASSWORD)
        owner.get_by_label("Répétez le nouveau mot de passe").fill(PASSWORD)
        owner.get_by_role("button", name="Prendre en main le compte").click()
        expect(owner.get_by_text("Le compte est à vous", exact=False)).to_be_visible()
        owner.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
        owner.get_by_role("button", name="Se connecter").click()
        expect(owner.get_by_role("heading", name="Mes forums")).to_be_visible()
        expect(owner.get_by_role("link", name="Stranger's forum")).to_be_visible()
        expect(owner.get_by_role("region", name="Confirmez votre adresse courriel")).to_have_count(0)

        stranger.reload()
        expect(stranger.get_by_role("button", name="Log in")).to_be_visible()  # logged out everywhere
