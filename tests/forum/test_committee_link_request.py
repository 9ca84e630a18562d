"""A member whose committee link expired asks the organizers for a new one from the expired link's page,
and the organizers see it on their Steering committee page until they answer it."""
from __future__ import annotations

import datetime

import pytest

from forum.extensions import db
from forum.models import SteeringSignup
from forum.services.committee import committee_token
from tests.clock import app_today
from tests.conftest import member_client
from tests.html import by_test_id, parse, text_of

TODAY = app_today()


@pytest.fixture
def expired(app, organizer, make_forum):
    """Amina's committee link expired yesterday; Ben's link works; Carl's was switched off."""
    forum_id = make_forum(organizer, languages="en,fr")
    with app.app_context():
        people = {key: SteeringSignup(forum_id=forum_id, client_id=key, name=name, email=f"{key}@example.org",
                                      consents_to_owner_role=True, committee_link_version=1,
                                      committee_link_expires_on=expires_on, committee_link_revoked_at=revoked)
                  for key, name, expires_on, revoked in (
                      ("amina", "Amina Owner", TODAY - datetime.timedelta(days=1), None),
                      ("ben", "Ben Owner", TODAY + datetime.timedelta(days=30), None),
                      ("carl", "Carl Owner", TODAY - datetime.timedelta(days=1), datetime.datetime(2026, 1, 1)))}
        db.session.add_all(people.values())
        db.session.commit()
        return {"forum_id": forum_id, **{key: s.id for key, s in people.items()},
                "tokens": {key: committee_token(s) for key, s in people.items()}}


def marked(page, name: str) -> list:
    return page.select(f'[data-testid="{name}"]')


def requested_at(app, signup_id: int):
    with app.app_context():
        return db.session.get(SteeringSignup, signup_id).committee_link_requested_at


def test_a_member_asks_for_a_new_link_and_the_organizers_see_it_until_they_give_a_later_date(client, app, expired):
    token, forum_id = expired["tokens"]["amina"], expired["forum_id"]
    page = client.get(f"/c/{token}")
    assert page.status_code == 410 and page.headers["X-Robots-Tag"] == "noindex"
    html = parse(page)
    assert "This link worked until" in text_of(html.select_one("h1"))
    button = html.find("button", string="Ask the organizers for a new link")
    assert button is not None and button.find_parent("form")["action"] == f"/c/{token}/new-link"
    steering = parse(client.get(f"/forums/{forum_id}/steering"))
    assert marked(steering, "link-requests") == []

    answer = client.post(f"/c/{token}/new-link")
    assert answer.status_code == 302 and answer.headers["Location"] == f"/c/{token}"
    asked_at = requested_at(app, expired["amina"])
    assert asked_at is not None
    page = client.get(f"/c/{token}")
    assert page.status_code == 410
    html = parse(page)
    assert "Your request was sent to the organizers" in text_of(html.select_one(".flashes"))
    assert "You asked the organizers for a new link on" in by_test_id(str(html), "new-link-asked")
    assert html.find("button", string="Ask the organizers for a new link") is None

    client.post(f"/c/{token}/new-link")  # a second tap
    assert requested_at(app, expired["amina"]) == asked_at
    assert "You already asked the organizers for a new link." in text_of(parse(client.get(f"/c/{token}")))

    steering = parse(client.get(f"/forums/{forum_id}/steering"))
    assert by_test_id(str(steering), "link-requests") == \
        "1 member whose link expired asked for a new one: Amina Owner."
    assert "Amina Owner asked for a new link on" in by_test_id(str(steering), "link-requested")
    plan_page = client.get(f"/forums/{forum_id}/actions")
    assert by_test_id(plan_page, "link-requests").startswith(
        "1 member whose link expired asked for a new one: Amina Owner. Give them a new link")
    assert parse(plan_page).find("a", string="Give them a new link on the Steering committee page")["href"] == \
        f"/forums/{forum_id}/steering#roster-h"
    # an analyst, who cannot open the Steering committee page (the members' contacts), is not sent there
    analyst_page = member_client(app, forum_id, "analyst").get(f"/forums/{forum_id}/actions")
    assert analyst_page.status_code == 200 and marked(parse(analyst_page), "link-requests") == []

    later = (TODAY + datetime.timedelta(days=60)).isoformat()
    assert client.post(f"/forums/{forum_id}/steering/{expired['amina']}/link/expiry",
                       data={f"link{expired['amina']}-expires_on": later}).status_code == 302
    assert client.get(f"/c/{token}").status_code == 200  # the same link works again
    assert requested_at(app, expired["amina"]) is None
    steering = parse(client.get(f"/forums/{forum_id}/steering"))
    assert marked(steering, "link-requests") == [] and marked(steering, "link-requested") == []
    assert marked(parse(client.get(f"/forums/{forum_id}/actions")), "link-requests") == []


def test_a_replaced_link_answers_the_request(client, app, expired):
    token = expired["tokens"]["amina"]
    assert client.post(f"/c/{token}/new-link").status_code == 302
    assert requested_at(app, expired["amina"]) is not None
    assert client.post(f"/forums/{expired['forum_id']}/steering/{expired['amina']}/link/issue",
                       data={"confirmed": "yes"}).status_code == 302
    assert requested_at(app, expired["amina"]) is None
    assert client.get(f"/c/{token}").status_code == 403  # replaced: the organizers send the new one


def test_the_expired_links_page_and_its_answer_are_in_french(client, expired):
    token = expired["tokens"]["amina"]
    html = parse(client.get(f"/c/{token}?lang=fr"))
    assert html.find("button", string="Demander un nouveau lien aux organisateurs") is not None
    client.post(f"/c/{token}/new-link")
    html = parse(client.get(f"/c/{token}"))
    assert "Vous avez demandé un nouveau lien aux organisateurs le" in by_test_id(str(html), "new-link-asked")


def test_only_an_expired_link_may_ask(client, app, expired):
    carl, ben = expired["tokens"]["carl"], expired["tokens"]["ben"]
    assert client.post(f"/c/{carl}/new-link").status_code == 403  # switched off: the organizers chose so
    assert requested_at(app, expired["carl"]) is None
    assert client.post("/c/made-up/new-link").status_code == 404
    answer = client.post(f"/c/{ben}/new-link")  # a link that works just opens its page
    assert answer.status_code == 302 and answer.headers["Location"] == f"/c/{ben}"
    assert requested_at(app, expired["ben"]) is None


def test_the_reminder_and_the_digest_of_a_member_whose_link_expired_lead_to_asking_for_a_new_one(mail_app):
    """Before, they said "ask the organizers for your committee link" with no way to reach them."""
    from forum.models import ActionItem, Translated, User
    from forum.services.forums import create_forum
    from tests.conftest import PASSWORD

    with mail_app.app_context():
        owner = User(email="organizer@example.org", name="Olive Organizer")
        owner.set_password(PASSWORD)
        forum = create_forum(owner, name="Spring forum", languages="en,fr")
        db.session.flush()
        amina = SteeringSignup(forum_id=forum.id, client_id="a", name="Amina Owner", email="amina@example.org",
                               language="en", consents_to_owner_role=True, committee_link_version=1,
                               committee_link_expires_on=TODAY - datetime.timedelta(days=1))
        db.session.add(amina)
        db.session.flush()
        db.session.add(ActionItem(forum_id=forum.id, title=Translated("Mentoring pilot"), owner_signup_id=amina.id,
                                  due_date=TODAY - datetime.timedelta(days=2), status="in_progress"))
        db.session.commit()
        token = committee_token(amina)
    mail_app.test_cli_runner().invoke(args=["send-reminders"])
    reminder, digest = sorted(mail_app.mailbox.messages, key=lambda m: "this week" in m["Subject"])
    client = mail_app.test_client()
    for message in (reminder, digest):
        body = message.get_content()
        assert "Your committee link worked until" in body and "To ask the organizers for a new one, open it:" in body
        assert f"http://localhost/c/{token}?lang=en" in body
        page = client.get(f"/c/{token}?lang=en")
        assert page.status_code == 410 and "Ask the organizers for a new link" in page.text



def amina_item(app, expired, forum_id=None) -> int:
    """An action item of Amina's (expired link), in her forum or, with ``forum_id``, in another one."""
    from forum.models import ActionItem, Translated
    with app.app_context():
        item = ActionItem(forum_id=forum_id or expired["forum_id"], title=Translated("Mentoring pilot"),
                          owner_signup_id=expired["amina"], position=1, status="planned")
        db.session.add(item)
        db.session.commit()
        return item.id


def kept(page):
    section = parse(page).select_one('[data-testid="unsent-on-expired-link"]')
    assert section is not None
    return section


@pytest.mark.parametrize("what, form, heading, shown", [
    ("follow-ups", {"note": "Met three employers; next step in May."}, "Your follow-up was not logged",
     [("What happened", "Met three employers; next step in May.")]),
    ("give-back", {"reason": "I moved to another city."}, "The item was not given back",
     [("Why you cannot carry it out", "I moved to another city.")]),
    ("status", {"status": "done"}, "Your status was not saved", [])])
def test_what_a_member_sent_on_a_link_that_expired_meanwhile_is_shown_back_and_nothing_is_saved(
        client, app, expired, what, form, heading, shown):
    """Before, the page left open past the expiry sent the member to the expired page and what they typed
    was lost."""
    from forum.models import ActionItem
    token, item_id = expired["tokens"]["amina"], amina_item(app, expired)
    answer = client.post(f"/c/{token}/items/{item_id}/{what}",
                         data={f"item{item_id}-{key}": value for key, value in form.items()})
    assert answer.status_code == 410
    assert "This link worked until" in text_of(parse(answer).select_one("h1"))
    section = kept(answer)
    assert text_of(section.select_one("h2")) == heading
    assert "Your link had expired when you sent this, so nothing was saved." in text_of(section.select_one(
        '[role="alert"]'))
    assert "Action item: Mentoring pilot" in text_of(section)
    assert [(text_of(label), section.select_one(f'#{label["for"]}').get_text()) for label in
            section.select("label")] == shown
    if what == "status":
        assert by_test_id(str(section), "unsent-status") == "The status you chose: Done"
    with app.app_context():
        item = db.session.get(ActionItem, item_id)
        assert (item.status, item.follow_ups, item.owner_signup_id) == ("planned", [], expired["amina"])


def test_a_proposal_sent_on_a_link_that_expired_meanwhile_is_shown_back_in_french(client, app, expired):
    from forum.models import ActionItem
    token = expired["tokens"]["amina"]
    client.get(f"/c/{token}?lang=fr")
    answer = client.post(f"/c/{token}/proposals", data={"title": "Un atelier de CV", "description": "En juin."})
    assert answer.status_code == 410
    section = kept(answer)
    assert text_of(section.select_one("h2")) == "Votre proposition n'a pas été envoyée"
    assert [text_of(label) for label in section.select("label")] == ["Ce qui pourrait être fait", "Détails"]
    assert [area.get_text() for area in section.select("textarea")] == ["Un atelier de CV", "En juin."]
    with app.app_context():
        assert db.session.query(ActionItem).count() == 0


def test_only_what_the_member_sent_is_shown_back(client, app, expired, organizer, make_forum):
    """An empty form shows nothing back; another forum's item is not named; a link switched off is refused
    as before, without what was sent (the organizers chose to end it)."""
    token = expired["tokens"]["amina"]
    item_id = amina_item(app, expired)
    answer = client.post(f"/c/{token}/items/{item_id}/follow-ups", data={f"item{item_id}-note": ""})
    assert answer.status_code == 410 and parse(answer).select_one('[data-testid="unsent-on-expired-link"]') is None
    elsewhere = amina_item(app, expired, forum_id=make_forum(organizer, name="Another forum"))
    section = kept(client.post(f"/c/{token}/items/{elsewhere}/follow-ups",
                               data={f"item{elsewhere}-note": "Called the mayor"}))
    assert "Mentoring pilot" not in text_of(section)
    carl = expired["tokens"]["carl"]
    answer = client.post(f"/c/{carl}/items/{item_id}/follow-ups", data={f"item{item_id}-note": "Called the mayor"})
    assert answer.status_code == 403 and "Called the mayor" not in answer.text


def sent_on(page, action: str) -> dict[str, str]:
    """The fields the page's form posting to ``action`` sends (its CSRF token aside)."""
    form = parse(page).select_one(f'form[action="{action}"]')
    assert form is not None, action
    return {field["name"]: field["value"] for field in form.select("input[type=hidden]")
            if field["name"] != "csrf_token"}


NOTE = "Rencontré trois employeurs ; la suite en mai.\nAvec l'atelier <b>mentorat</b> & « CV »."


def test_what_was_sent_stays_shown_after_asking_for_a_new_link_and_switching_the_language(client, app, expired):
    """Before, asking for a new link (a redirect to the expired page) or switching the page's language (a link) lost
    what the member had typed: the page's forms now send it on, and nothing of it is saved."""
    from forum.models import ActionItem
    token, item_id = expired["tokens"]["amina"], amina_item(app, expired)
    answer = client.post(f"/c/{token}/items/{item_id}/follow-ups", data={f"item{item_id}-note": NOTE})
    assert answer.status_code == 410 and kept(answer).select_one("textarea").get_text() == NOTE

    # POST-redirect-GET: the expired link's page again, the confirmation said once, what was typed still shown
    redirected = client.post(f"/c/{token}/new-link", data=sent_on(answer, f"/c/{token}/new-link"))
    assert redirected.status_code == 302 and redirected.headers["Location"] == f"/c/{token}#unsent"
    assert requested_at(app, expired["amina"]) is not None  # the request succeeded
    asked = client.get(f"/c/{token}")
    assert asked.status_code == 410
    assert "Your request was sent to the organizers" in text_of(parse(asked).select_one(".flashes"))
    assert marked(parse(asked), "new-link-asked")
    section = kept(asked)
    assert text_of(section.select_one("h2")) == "Your follow-up was not logged"
    assert "Action item: Mentoring pilot" in text_of(section)
    assert [(text_of(label), section.select_one(f'#{label["for"]}').get_text()) for label in
            section.select("label")] == [("What happened", NOTE)]
    reloaded = client.get(f"/c/{token}")  # a reload asks nothing again, says the confirmation no more, keeps the note
    assert parse(reloaded).select_one(".flashes") is None and kept(reloaded).select_one("textarea").get_text() == NOTE

    in_french = client.post(f"/c/{token}/unsent?lang=fr", data=sent_on(asked, f"/c/{token}/unsent?lang=fr"),
                            follow_redirects=True)
    assert in_french.status_code == 410 and parse(in_french).select_one("html")["lang"] == "fr"
    section = kept(in_french)
    assert text_of(section.select_one("h2")) == "Votre suivi n'a pas été consigné"
    assert [(text_of(label), section.select_one(f'#{label["for"]}').get_text()) for label in
            section.select("label")] == [("Ce qui s'est passé", NOTE)]
    switch = parse(in_french).select_one(".lang-switch")
    assert switch.select_one("a") is None and text_of(switch.select_one("button[lang=en]")) == "English"
    in_english = client.post(f"/c/{token}/unsent?lang=en", data=sent_on(in_french, f"/c/{token}/unsent?lang=en"),
                             follow_redirects=True)
    assert kept(in_english).select_one("textarea").get_text() == NOTE
    assert text_of(parse(in_english).select_one("h1")).startswith("Spring forum: This link worked until")

    without_note = app.test_client().get(f"/c/{token}")  # nothing sent: the language switch is the usual link
    assert parse(without_note).select_one(f'.lang-switch a[href="/c/{token}?lang=fr"]') is not None
    with app.app_context():
        assert db.session.get(ActionItem, item_id).follow_ups == []


def extend_link(client, expired, key: str) -> None:
    later = (TODAY + datetime.timedelta(days=60)).isoformat()
    assert client.post(f"/forums/{expired['forum_id']}/steering/{expired[key]}/link/expiry",
                       data={f"link{expired[key]}-expires_on": later}).status_code == 302


def restored(page):
    return parse(page).select_one('[data-testid="unsent-restored"]')


def value_of(textarea) -> str:
    """A textarea's value, as a browser reads it: the line break WTForms writes after the tag is not part of it."""
    return textarea.get_text().removeprefix("\r\n")


def test_what_was_sent_is_filled_in_again_once_when_the_link_works_again(client, app, expired):
    """The note Amina typed while her link had expired was dropped as her link worked again: her working page now
    fills it in again in the item's follow-up form, says so once, and forgets it."""
    token, item_id = expired["tokens"]["amina"], amina_item(app, expired)
    answer = client.post(f"/c/{token}/items/{item_id}/follow-ups", data={f"item{item_id}-note": NOTE})
    client.post(f"/c/{token}/new-link", data=sent_on(answer, f"/c/{token}/new-link"))
    assert kept(client.get(f"/c/{token}")) is not None
    extend_link(client, expired, "amina")
    page = client.get(f"/c/{token}?lang=fr")
    assert page.status_code == 200
    section = restored(page)
    assert text_of(section.select_one("h2")) == "Votre suivi n'a pas été consigné"
    assert "Votre lien fonctionne de nouveau" in text_of(section)
    assert section.select_one("a")["href"] == f"#item-{item_id}"
    assert value_of(parse(page).select_one(f'#item-{item_id} textarea[name="item{item_id}-note"]')) == NOTE
    reloaded = client.get(f"/c/{token}")  # shown once
    assert reloaded.status_code == 200 and restored(reloaded) is None
    assert value_of(parse(reloaded).select_one(f'textarea[name="item{item_id}-note"]')) == ""
    with app.app_context():
        from forum.models import ActionItem
        assert db.session.get(ActionItem, item_id).follow_ups == []  # nothing saved on its own


def test_a_proposal_sent_on_an_expired_link_is_filled_in_again_when_it_works(client, app, expired):
    token = expired["tokens"]["amina"]
    answer = client.post(f"/c/{token}/proposals", data={"title": "A CV workshop", "description": "In June."})
    client.post(f"/c/{token}/new-link", data=sent_on(answer, f"/c/{token}/new-link"))
    extend_link(client, expired, "amina")
    page = parse(client.get(f"/c/{token}"))
    assert page.select_one('[data-testid="unsent-restored"] a')["href"] == "#propose"
    assert page.select_one('#propose input[name="title"]')["value"] == "A CV workshop"
    assert value_of(page.select_one('#propose textarea[name="description"]')) == "In June."


def test_two_members_on_one_device_keep_each_their_own_note(client, app, expired):
    """Amina and Ben share a computer and their links expired: Ben's note no longer replaces Amina's."""
    from forum.models import ActionItem, Translated
    with app.app_context():
        db.session.get(SteeringSignup, expired["ben"]).committee_link_expires_on = TODAY - datetime.timedelta(days=1)
        ben_item = ActionItem(forum_id=expired["forum_id"], title=Translated("Job fair"),
                              owner_signup_id=expired["ben"], position=2)
        db.session.add(ben_item)
        db.session.commit()
        ben_item = ben_item.id
    amina, ben, item_id = expired["tokens"]["amina"], expired["tokens"]["ben"], amina_item(app, expired)
    answer = client.post(f"/c/{amina}/items/{item_id}/follow-ups", data={f"item{item_id}-note": NOTE})
    client.post(f"/c/{amina}/new-link", data=sent_on(answer, f"/c/{amina}/new-link"))
    answer = client.post(f"/c/{ben}/items/{ben_item}/follow-ups", data={f"item{ben_item}-note": "Booked the hall."})
    client.post(f"/c/{ben}/new-link", data=sent_on(answer, f"/c/{ben}/new-link"))
    assert kept(client.get(f"/c/{amina}")).select_one("textarea").get_text() == NOTE
    assert kept(client.get(f"/c/{ben}")).select_one("textarea").get_text() == "Booked the hall."
    extend_link(client, expired, "amina")
    page = parse(client.get(f"/c/{amina}"))
    assert value_of(page.select_one(f'textarea[name="item{item_id}-note"]')) == NOTE
    assert kept(client.get(f"/c/{ben}")).select_one("textarea").get_text() == "Booked the hall."  # still Ben's


def test_what_was_sent_is_not_shown_again_once_the_link_worked(client, app, expired):
    token, item_id = expired["tokens"]["amina"], amina_item(app, expired)
    answer = client.post(f"/c/{token}/items/{item_id}/follow-ups", data={f"item{item_id}-note": NOTE})
    client.post(f"/c/{token}/new-link", data=sent_on(answer, f"/c/{token}/new-link"))
    assert kept(client.get(f"/c/{token}")) is not None
    extend_link(client, expired, "amina")
    assert client.get(f"/c/{token}").status_code == 200
    with app.app_context():  # expired again: the page does not bring the old note back
        db.session.get(SteeringSignup, expired["amina"]).committee_link_expires_on = TODAY - datetime.timedelta(days=1)
        db.session.commit()
    again = client.get(f"/c/{token}")
    assert again.status_code == 410 and parse(again).select_one('[data-testid="unsent-on-expired-link"]') is None


def test_a_note_too_long_for_the_cookie_is_shown_on_the_answer_itself(client, app, expired):
    """A long note does not fit in the session cookie: rather than lose it, the answer to the request shows it."""
    import random
    token, item_id = expired["tokens"]["amina"], amina_item(app, expired)
    letters = random.Random(4).choices("abcdefghijklmnopqrstuvwxyzéèàçABCDEFGHIJKLMNOPQRSTUVWXYZ ", k=5000)
    long_note = "".join(letters).strip()
    answer = client.post(f"/c/{token}/items/{item_id}/follow-ups", data={f"item{item_id}-note": long_note})
    asked = client.post(f"/c/{token}/new-link", data=sent_on(answer, f"/c/{token}/new-link"))
    assert asked.status_code == 200 and requested_at(app, expired["amina"]) is not None
    assert kept(asked).select_one("textarea").get_text() == long_note
    assert all(len(value) < 4093 for value in asked.headers.getlist("Set-Cookie"))


def test_a_status_and_a_proposal_stay_shown_in_the_other_language(client, app, expired):
    token, item_id = expired["tokens"]["amina"], amina_item(app, expired)
    answer = client.post(f"/c/{token}/items/{item_id}/status", data={f"item{item_id}-status": "done"})
    in_french = client.post(f"/c/{token}/unsent?lang=fr", data=sent_on(answer, f"/c/{token}/unsent?lang=fr"),
                            follow_redirects=True)
    assert by_test_id(in_french.text, "unsent-status") == "L'état que vous avez choisi : Terminée"
    answer = client.post(f"/c/{token}/proposals?lang=en", data={"title": "A CV workshop", "description": "In June."})
    in_french = client.post(f"/c/{token}/unsent?lang=fr", data=sent_on(answer, f"/c/{token}/unsent?lang=fr"),
                            follow_redirects=True)
    section = kept(in_french)
    assert text_of(section.select_one("h2")) == "Votre proposition n'a pas été envoyée"
    assert [area.get_text() for area in section.select("textarea")] == ["A CV workshop", "In June."]


def test_what_is_sent_on_is_only_ever_shown_back(client, app, expired, organizer, make_forum):
    """Fields made up by hand: an unknown kind shows nothing; another forum's item is not named; a link that works
    opens its page; a link switched off is refused as before."""
    token = expired["tokens"]["amina"]
    answer = client.post(f"/c/{token}/unsent", data={"unsent-kind": "committee.mail", "unsent-note": "Hello"},
                         follow_redirects=True)
    assert answer.status_code == 410 and "Hello" not in answer.text
    # nothing shown back: the language switch is a link, to the link's page (not to a form's address: a 405)
    assert parse(answer).select_one(f'.lang-switch a[href="/c/{token}?lang=fr"]') is not None
    elsewhere = amina_item(app, expired, forum_id=make_forum(organizer, name="Another forum"))
    section = kept(client.post(f"/c/{token}/unsent", data={"unsent-kind": "committee.item_follow_up",
                                                          "unsent-item": str(elsewhere), "unsent-note": "Hello"},
                                          follow_redirects=True))
    assert "Mentoring pilot" not in text_of(section) and section.select_one("textarea").get_text() == "Hello"
    works = client.post(f"/c/{expired['tokens']['ben']}/unsent", data={"unsent-kind": "committee.propose",
                                                                      "unsent-title": "Hello"})
    assert works.status_code == 302 and works.headers["Location"].endswith(f"/c/{expired['tokens']['ben']}")
    off = client.post(f"/c/{expired['tokens']['carl']}/unsent", data={"unsent-kind": "committee.propose",
                                                                     "unsent-title": "Hello"})
    assert off.status_code == 403 and "Hello" not in off.text


def test_an_item_id_made_of_other_digits_shows_the_text_back_without_naming_an_item(client, app, expired):
    """str.isdigit() says yes to "²" (which int() refuses: it was a 500) and to Arabic-Indic or full-width digits
    (which int() reads as the item's id)."""
    token = expired["tokens"]["amina"]
    item_id = str(amina_item(app, expired))
    arabic_indic, full_width = (item_id.translate({ord("0") + n: base + n for n in range(10)})
                                for base in (0x660, 0xFF10))
    for item in ("²", arabic_indic, full_width):
        answer = client.post(f"/c/{token}/unsent", data={"unsent-kind": "committee.item_follow_up",
                                                         "unsent-item": item, "unsent-note": "Hello"},
                             follow_redirects=True)
        assert answer.status_code == 410
        section = kept(answer)
        assert section.select_one("textarea").get_text() == "Hello" and "Action item:" not in text_of(section)


def test_an_expired_link_names_only_the_members_own_item(client, app, expired):
    """The id of another member's item (or of an item without an owner), sent by hand on an expired link, is not
    named: the expired link would otherwise list the plan's items one id at a time."""
    from forum.models import ActionItem, Translated
    token = expired["tokens"]["amina"]
    with app.app_context():
        items = [ActionItem(forum_id=expired["forum_id"], title=Translated(title), owner_signup_id=owner, position=n,
                            status="planned") for n, (title, owner) in enumerate((("Ben's secret item", expired["ben"]),
                                                                                  ("Nobody's item", None)), 1)]
        db.session.add_all(items)
        db.session.commit()
        ids = [item.id for item in items]
    for item_id in ids:
        for answer in (client.post(f"/c/{token}/unsent", data={"unsent-kind": "committee.item_follow_up",
                                                               "unsent-item": str(item_id), "unsent-note": "Hello"},
                                   follow_redirects=True),
                       client.post(f"/c/{token}/items/{item_id}/follow-ups",
                                   data={f"item{item_id}-note": "Hello", f"item{item_id}-client_id": "c" * 32})):
            assert answer.status_code == 410
            section = kept(answer)
            assert section.select_one("textarea").get_text() == "Hello"
            assert "Action item:" not in text_of(section) and "item" not in text_of(parse(answer).main)


def keep_amina_note(client, app, expired) -> str:
    """Amina's follow-up sent on her expired link, then a new link asked for: her note kept in the session."""
    token, item_id = expired["tokens"]["amina"], amina_item(app, expired)
    answer = client.post(f"/c/{token}/items/{item_id}/follow-ups", data={f"item{item_id}-note": NOTE})
    assert parse(answer).select_one('[data-testid="unsent-kept-for"]') is None  # not kept yet: only shown
    assert client.post(f"/c/{token}/new-link", data=sent_on(answer, f"/c/{token}/new-link")).status_code == 302
    return token


def test_an_organizers_logout_on_a_shared_computer_leaves_no_members_note_behind(client, app, expired):
    """The organizer (logged in on this client) and Amina share a computer: the organizer's logout empties the
    session, Amina's kept note with it; the language the device was used in stays, as nothing personal."""
    token = keep_amina_note(client, app, expired)
    assert kept(client.get(f"/c/{token}")).select_one("textarea").get_text() == NOTE
    assert client.get(f"/forums?lang=fr").status_code == 200
    with client.session_transaction() as session:
        assert "committee_unsent" in session and session["lang"] == "fr"
    assert client.post("/logout").status_code == 302
    with client.session_transaction() as session:
        assert set(session) <= {"lang", "_flashes"} and session["lang"] == "fr"
    after = client.get(f"/c/{token}")
    assert after.status_code == 410 and parse(after).select_one('[data-testid="unsent-on-expired-link"]') is None
    assert NOTE not in after.get_data(as_text=True)
    assert parse(client.get("/login")).select_one("html")["lang"] == "fr"


def test_a_kept_note_is_forgotten_a_day_after_and_the_page_says_so(client, app, expired, monkeypatch):
    import time
    from types import SimpleNamespace

    from forum.committee import views

    token = keep_amina_note(client, app, expired)
    page = client.get(f"/c/{token}")
    assert text_of(by_test_id_in(page, "unsent-kept-for")) == \
        "This browser forgets it within a day: copy it if you will need it later."
    assert by_test_id_in(client.get(f"/c/{token}?lang=fr"), "unsent-kept-for").get_text() == \
        "Ce navigateur l'oublie d'ici un jour\u00a0: copiez-le si vous en aurez besoin plus tard."
    now = time.time()
    monkeypatch.setattr(views, "time", SimpleNamespace(time=lambda: now + views.KEPT_NOTE_SECONDS - 60))
    assert kept(client.get(f"/c/{token}")).select_one("textarea").get_text() == NOTE  # still within the day
    monkeypatch.setattr(views, "time", SimpleNamespace(time=lambda: now + views.KEPT_NOTE_SECONDS + 60))
    later = client.get(f"/c/{token}")
    assert later.status_code == 410 and parse(later).select_one('[data-testid="unsent-on-expired-link"]') is None
    with client.session_transaction() as session:
        assert "committee_unsent" not in session  # dropped from the cookie, not only left unshown


def by_test_id_in(page, test_id: str):
    element = parse(page).select_one(f'[data-testid="{test_id}"]')
    assert element is not None, test_id
    return element


def test_the_expired_pages_language_switch_redirects_and_a_reload_sends_nothing_again(client, app, expired):
    """The switch (a form while the page shows what the member had sent) answered its POST with the page: a reload
    sent the form again (the browser asks to resend). It now redirects to the page in the other language, what was
    sent kept for it in the session as after asking for a new link; nothing is saved."""
    from forum.models import ActionItem
    token, item_id = expired["tokens"]["amina"], amina_item(app, expired)
    answer = client.post(f"/c/{token}/items/{item_id}/follow-ups", data={f"item{item_id}-note": NOTE})
    switched = client.post(f"/c/{token}/unsent?lang=fr", data=sent_on(answer, f"/c/{token}/unsent?lang=fr"))
    assert switched.status_code == 302 and switched.headers["Location"] == f"/c/{token}?lang=fr#unsent"
    for _reload in range(2):
        page = client.get(f"/c/{token}?lang=fr")
        assert page.status_code == 410 and parse(page).select_one("html")["lang"] == "fr"
        section = kept(page)
        assert text_of(section.select_one("h2")) == "Votre suivi n'a pas été consigné"
        assert section.select_one("textarea").get_text() == NOTE
    back = client.post(f"/c/{token}/unsent?lang=en", data=sent_on(page, f"/c/{token}/unsent?lang=en"))
    assert back.status_code == 302 and back.headers["Location"] == f"/c/{token}?lang=en#unsent"
    assert kept(client.get(f"/c/{token}")).select_one("textarea").get_text() == NOTE
    assert text_of(parse(client.get(f"/c/{token}")).select_one("h2")) == "Your follow-up was not logged"
    with app.app_context():
        assert db.session.get(ActionItem, item_id).follow_ups == []


def test_a_note_too_long_for_the_cookie_is_shown_on_the_language_switchs_answer(client, app, expired):
    import random
    token, item_id = expired["tokens"]["amina"], amina_item(app, expired)
    long_note = "".join(random.Random(5).choices("abcdefghijklmnopqrstuvwxyzéèàç ", k=5000)).strip()
    answer = client.post(f"/c/{token}/items/{item_id}/follow-ups", data={f"item{item_id}-note": long_note})
    switched = client.post(f"/c/{token}/unsent?lang=fr", data=sent_on(answer, f"/c/{token}/unsent?lang=fr"))
    assert switched.status_code == 410 and parse(switched).select_one("html")["lang"] == "fr"
    assert kept(switched).select_one("textarea").get_text() == long_note
