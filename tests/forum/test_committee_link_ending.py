"""A member whose committee link works for a week or less is told so before it stops: their page says until when
and how many days are left, with the request to the organizers for a new link right there (the expired link's
page's), and the reminder and the digest sent in that week say the same with the way to ask; nothing is said with
more than a week left."""
from __future__ import annotations

import datetime

import pytest

from forum.dates import long_date
from forum.extensions import db
from forum.models import ActionItem, SteeringSignup, Translated, User
from forum.services.committee import committee_token
from tests.clock import days_from_today
from tests.html import by_test_id, parse, text_of


def member_with_link(app, forum_id: int, days_left: int, language: str = "en") -> dict:
    with app.app_context():
        amina = SteeringSignup(forum_id=forum_id, client_id="a", name="Amina Owner", email="amina@example.org",
                               language=language, consents_to_owner_role=True, committee_link_version=1,
                               committee_link_expires_on=days_from_today(days_left))
        db.session.add(amina)
        db.session.commit()
        return {"id": amina.id, "token": committee_token(amina)}


def in_words(app, days: int, lang: str = "en") -> str:
    with app.test_request_context(f"/?lang={lang}"):
        return long_date(days_from_today(days))


def test_a_link_with_five_days_left_says_so_and_asks_for_a_new_one_from_the_page(client, app, organizer,
                                                                               make_forum):
    forum_id = make_forum(organizer, languages="en,fr")
    amina = member_with_link(app, forum_id, 5)
    token = amina["token"]
    html = parse(client.get(f"/c/{token}?lang=en"))
    ending = html.select_one("[data-testid=link-ending]")
    assert text_of(ending.select_one("strong")) == f"This link works until {in_words(app, 5)} (5 days left)."
    button = ending.find("button", string="Ask the organizers for a new link")
    assert button is not None and button.find_parent("form")["action"] == f"/c/{token}/new-link"
    assert not html.select("[data-testid=link-expires]")  # said once, plainly
    french = parse(client.get(f"/c/{token}?lang=fr")).select_one("[data-testid=link-ending]")
    assert text_of(french.select_one("strong")) == \
        f"Ce lien fonctionne jusqu'au {in_words(app, 5, 'fr')} (encore 5 jours)."
    assert french.find("button", string="Demander un nouveau lien aux organisateurs") is not None
    steering = parse(client.get(f"/forums/{forum_id}/steering?lang=en"))
    assert not steering.select("[data-testid=link-renewals]")

    answer = client.post(f"/c/{token}/new-link")
    assert answer.status_code == 302 and answer.headers["Location"] == f"/c/{token}#new-link"
    with app.app_context():
        asked_at = db.session.get(SteeringSignup, amina["id"]).committee_link_requested_at
    assert asked_at is not None
    page = client.get(f"/c/{token}?lang=en")
    assert page.status_code == 200  # the link still works: only asked for early
    html = parse(page)
    assert "Your request was sent to the organizers" in text_of(html.select_one(".flashes"))
    assert "You asked the organizers for a new link on" in by_test_id(str(html), "new-link-asked")
    assert html.find("button", string="Ask the organizers for a new link") is None
    client.post(f"/c/{token}/new-link")  # a second tap
    with app.app_context():
        assert db.session.get(SteeringSignup, amina["id"]).committee_link_requested_at == asked_at

    steering = client.get(f"/forums/{forum_id}/steering?lang=en")
    assert by_test_id(steering, "link-renewals") == \
        "1 member whose link works for a week or less asked for a new one: Amina Owner."
    assert by_test_id(steering, "link-renewal-requested").startswith("Amina Owner asked for a new link on")
    assert by_test_id(client.get(f"/forums/{forum_id}/actions?lang=en"), "link-renewals").startswith(
        "1 member whose link works for a week or less asked for a new one: Amina Owner.")
    french_steering = client.get(f"/forums/{forum_id}/steering?lang=fr")
    assert by_test_id(french_steering, "link-renewals") == (
        "1 membre dont le lien expire dans une semaine ou moins en demande un nouveau : Amina Owner.")

    # the organizers give it a later date: the request is answered, the page no longer warns
    later = days_from_today(60).isoformat()
    assert client.post(f"/forums/{forum_id}/steering/{amina['id']}/link/expiry",
                       data={f"link{amina['id']}-expires_on": later}).status_code == 302
    html = parse(client.get(f"/c/{token}?lang=en"))
    assert not html.select("[data-testid=link-ending]") and html.select("[data-testid=link-expires]")
    assert not parse(client.get(f"/forums/{forum_id}/steering")).select("[data-testid=link-renewals]")
    again = client.post(f"/c/{token}/new-link")  # the page left open: nothing to ask any more
    assert again.status_code == 302 and again.headers["Location"] == f"/c/{token}"
    with app.app_context():
        assert db.session.get(SteeringSignup, amina["id"]).committee_link_requested_at is None


@pytest.mark.parametrize("days_left, said", [
    (7, "This link works until {date} (7 days left)."),
    (1, "This link works until {date} (1 day left)."),
    (0, "This link works until {date} (today is its last day)."),
    (8, None)])
def test_only_the_links_last_week_is_said(client, app, organizer, make_forum, days_left, said):
    forum_id = make_forum(organizer, languages="en,fr")
    token = member_with_link(app, forum_id, days_left)["token"]
    html = parse(client.get(f"/c/{token}?lang=en"))
    if said is None:
        assert not html.select("[data-testid=link-ending]")
        assert "Your link works until" in by_test_id(str(html), "link-expires")
        answer = client.post(f"/c/{token}/new-link")  # made by hand: nothing is asked
        assert answer.status_code == 302 and answer.headers["Location"] == f"/c/{token}"
        assert "there is no need for a new one yet" in text_of(parse(client.get(f"/c/{token}?lang=en")))
    else:
        assert text_of(html.select_one("[data-testid=link-ending] strong")) == \
            said.format(date=in_words(app, days_left))


def plan_of(app) -> dict:
    """Amina's link has 5 days left, Ben's 8, Carl's 3 and he asked for a new one already; each owns an overdue item;
    the forum's reminders are on."""
    from forum.services.forums import create_forum
    from tests.conftest import PASSWORD

    with app.app_context():
        owner = User(email="organizer@example.org", name="Olive Organizer")
        owner.set_password(PASSWORD)
        forum = create_forum(owner, name="Spring forum", languages="en,fr")
        db.session.flush()
        tokens = {}
        for key, name, days_left, asked in (("amina", "Amina Owner", 5, None), ("ben", "Ben Owner", 8, None),
                                            ("carl", "Carl Owner", 3, datetime.datetime(2026, 12, 1, 12))):
            member = SteeringSignup(forum_id=forum.id, client_id=key, name=name, email=f"{key}@example.org",
                                    language="en", consents_to_owner_role=True, committee_link_version=1,
                                    committee_link_expires_on=days_from_today(days_left),
                                    committee_link_requested_at=asked)
            db.session.add(member)
            db.session.flush()
            db.session.add(ActionItem(forum_id=forum.id, title=Translated(f"{name}'s item"), client_id=key,
                                      owner_signup_id=member.id, due_date=days_from_today(-2), status="in_progress"))
            tokens[key] = committee_token(member)
        db.session.commit()
        return tokens


def test_the_reminder_and_the_digest_in_the_links_last_week_say_so_with_the_way_to_ask(mail_app):
    tokens = plan_of(mail_app)
    mail_app.test_cli_runner().invoke(args=["send-reminders"])
    to = {(message["To"].addresses[0].addr_spec, "this week" in message["Subject"]):
          message.get_content().replace("\r\n", "\n") for message in mail_app.mailbox.messages}
    assert len(to) == 6  # a reminder and a digest each
    for digest in (False, True):
        body = to["amina@example.org", digest]
        assert f"This link works until {in_words(mail_app, 5)} (5 days left)." in body
        assert (f"To ask the organizers for a new one, open your page here:\n"
                f"http://localhost/c/{tokens['amina']}?lang=en#new-link") in body
        # nothing with more than a week left
        assert "This link works until" not in to["ben@example.org", digest]
        assert "#new-link" not in to["ben@example.org", digest]
        # asked already: the mail says so rather than asking again
        carl = to["carl@example.org", digest]
        assert f"This link works until {in_words(mail_app, 3)} (3 days left)." in carl
        assert "You asked the organizers for a new link on 1 December 2026." in carl and "#new-link" not in carl
    page = mail_app.test_client().get(f"/c/{tokens['amina']}?lang=en")
    assert page.status_code == 200 and 'id="new-link"' in page.text  # where the mail's link leads
