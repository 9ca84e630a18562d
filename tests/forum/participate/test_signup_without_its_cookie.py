"""A device that signed up for the steering committee reads its pages the same whether the address it typed was
saved or was a committee member's (which saves nothing), with the device's copy of what it typed (its
``fw_signup_<forum>`` cookie) and once that copy is gone (cookies cleared, a private tab closed, a second
browser with the same device cookie): every answer compared, status, headers, cookies and text, in English and
French."""
from __future__ import annotations

import re

import pytest

from forum.extensions import db
from forum.models import SteeringSignup
from tests.html import parse, text_of

MEMBER, ORDINARY = "amina@example.org", "ahmed@example.org"
RECEIVED = {
    "en": "A sign-up was received from this phone. For your privacy, its details are shown only in the browser "
          "that sent it. To change them, send the form again; you can also withdraw.",
    "fr": "Une inscription a été reçue de ce téléphone. Pour protéger votre vie privée, ses détails ne sont "
          "affichés que dans le navigateur qui l'a envoyée. Pour les modifier, envoyez de nouveau le "
          "formulaire\u00a0; vous pouvez aussi la retirer.",
}


@pytest.fixture
def amina(app, forum_setup):
    """A member carried over from last edition (no device on this one), with a committee link."""
    with app.app_context():
        member = SteeringSignup(forum_id=forum_setup["id"], client_id="carried", name="Amina Owner",
                                email=MEMBER, consents_to_owner_role=True, committee_link_version=1)
        db.session.add(member)
        db.session.commit()
        return member.id


def drop_typed(device, forum_setup):
    """What clearing the cookies of the forum's pages (but not the device cookie) leaves."""
    device.client.delete_cookie(f"fw_signup_{forum_setup['id']}", path=device.url())


def observed(answer, address: str) -> tuple:
    """All an answer shows: its status, its headers (each cookie's name and attributes, not its signed value nor
    the second it expires at; not the request's own id), and its body, with the typed address, the form's fresh
    client id and the session's CSRF token written alike."""
    headers = []
    for name, value in answer.headers.items():
        if name == "Set-Cookie":
            value = re.sub(r"Expires=[^;]*", "Expires=…", re.sub(r"^([^=]+)=[^;]*", r"\1=…", value))
        if name != "X-Request-ID":  # each request's own
            headers.append((name, value))
    body = answer.get_data(as_text=True).replace(address, "ADDRESS")
    body = re.sub(r'name="csrf_token" value="[^"]*"', 'name="csrf_token"', body)  # each session's own
    body = re.sub(r'(name="client_id"[^>]*value=")[^"]*"', r'\1CLIENT"', body)
    if "Content-Length" in answer.headers:  # the body's, compared once its tokens are written alike
        headers.remove(("Content-Length", answer.headers["Content-Length"]))
    return answer.status_code, sorted(headers), body


def pages(device, lang: str, address: str) -> list:
    """The device's own pages that could say something of its sign-up (the erase page lists what erasing takes)."""
    return [observed(device.get(f"{path}?lang={lang}"), address)
            for path in ("", "steering-committee", "evaluation", "contact", "erase")]


def journey(phone, forum_setup, lang: str, address: str) -> list:
    """Sign up, read the pages, lose the copy, read them again, send again, lose it again, withdraw."""
    device = phone()
    seen = [observed(device.send(f"steering-committee?lang={lang}", name="Probe", email=address), address)]
    seen += pages(device, lang, address)
    drop_typed(device, forum_setup)
    seen += pages(device, lang, address)
    seen.append(observed(device.send(f"steering-committee?lang={lang}", name="Probe", email=address), address))
    seen += pages(device, lang, address)
    drop_typed(device, forum_setup)
    seen.append(observed(device.post(f"steering-committee/withdraw?lang={lang}"), address))
    seen.append(observed(device.post(f"steering-committee/withdraw?lang={lang}", data={"confirmed": "yes"}),
                         address))
    seen += pages(device, lang, address)
    return seen


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_answer_is_the_same_for_a_members_address_and_another_with_and_without_the_cookie(
        app, phone, forum_setup, amina, lang):
    assert len(MEMBER) == len(ORDINARY)
    member, ordinary = journey(phone, forum_setup, lang, MEMBER), journey(phone, forum_setup, lang, ORDINARY)
    for step, (seen_member, seen_ordinary) in enumerate(zip(member, ordinary)):
        assert seen_member == seen_ordinary, f"step {step}"


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("address", [MEMBER, ORDINARY])
def test_without_the_cookie_the_pages_say_a_sign_up_was_received_without_its_details(
        app, phone, forum_setup, amina, lang, address):
    device = phone()
    device.send("steering-committee", name="Probe", email=address, organization="Probe Org")
    drop_typed(device, forum_setup)
    steering = device.get(f"steering-committee?lang={lang}")
    page = parse(steering)
    assert page.select_one(".flash-success").get_text().strip() == RECEIVED[lang]
    assert address not in steering.get_data(as_text=True) and "Probe" not in steering.get_data(as_text=True)
    assert page.select_one("input[name=email]").get("value", "") == ""
    home = parse(device.get("?lang=en")).select_one('a[href$="/steering-committee"] .task-state')
    assert text_of(home) == "You signed up for the steering committee"
    contact = device.get("contact").get_data(as_text=True)
    assert address not in contact and "Probe" not in contact
    again = device.send("steering-committee?lang=en", name="Probe", email=address)
    assert again.json["message"] == "Your sign-up is updated."


def test_a_second_browser_with_the_device_cookie_only_reads_the_same_for_both(app, phone, forum_setup, amina):
    seen = []
    for address in (MEMBER, ORDINARY):
        device = phone()
        device.send("steering-committee", name="Probe", email=address)
        second = app.test_client()
        second.set_cookie("fw_device", device.device)
        seen.append([observed(second.get(device.url(path)), address) for path in ("", "steering-committee")])
        assert RECEIVED["en"] in seen[-1][1][2]
    assert seen[0] == seen[1]



def _signup_line(device) -> str:
    lines = [text_of(li) for li in parse(device.get("erase?lang=en")).select('[data-testid="what-goes"] li')]
    return next(line for line in lines if "sign-up" in line)


@pytest.mark.parametrize("address", [MEMBER, ORDINARY])
def test_the_erase_page_names_the_sign_up_alike_without_the_cookie_and_after_withdrawing(
        app, phone, forum_setup, amina, address):
    device = phone()
    device.send("steering-committee", name="Probe", email=address)
    assert _signup_line(device) == "Your sign-up for the steering committee, with the name and e-mail address you gave"
    drop_typed(device, forum_setup)
    assert _signup_line(device) == "Your sign-up for the steering committee, with the name and e-mail address you gave"
    device.post("steering-committee/withdraw", data={"confirmed": "yes"})
    assert _signup_line(device) == ("Any sign-up for the steering committee sent from this phone, even withdrawn, "
                                    "with the name and e-mail address given")


@pytest.mark.parametrize("lang, signed_up", [("en", "You signed up for the steering committee"),
                                             ("fr", "Vous êtes inscrit·e au comité directeur")])
def test_a_sign_up_saved_before_the_sent_mark_reads_as_received_not_join(app, phone, forum_setup, lang, signed_up):
    """A sign-up saved before ``participants.signup_sent_at`` existed, which the migration's backfill left unmarked
    (or that an instance still on the older code saved): without the device's copy, its pages read as any sign-up
    received from this phone (as the erase page already did), not "Join the steering committee"."""
    from forum.models import Participant
    device = phone()
    device.send("steering-committee", name="Probe", email=ORDINARY)
    drop_typed(device, forum_setup)
    with app.app_context():  # as the row was before the mark
        db.session.query(Participant).filter_by(device_token=device.device).update({"signup_sent_at": None})
        db.session.commit()
    home = parse(device.get(f"?lang={lang}")).select_one('a[href$="/steering-committee"] .task-state')
    assert text_of(home) == signed_up
    steering = parse(device.get(f"steering-committee?lang={lang}"))
    assert steering.select_one(".flash-success").get_text().strip() == RECEIVED[lang]
    withdraw = device.post(f"steering-committee/withdraw?lang={lang}", data={"confirmed": "yes"})
    assert withdraw.status_code in (302, 303)
    home = parse(device.get(f"?lang={lang}")).select_one('a[href$="/steering-committee"] .task-state')
    assert text_of(home) == {"en": "Join the steering committee", "fr": "Rejoindre le comité directeur"}[lang]
