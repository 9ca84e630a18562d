"""A steering-committee sign-up can ask for the progress updates (news of what becomes of the ideas) on its own form,
as a participant's contact page can: its address is confirmed first (the same message and link), the updates then
reach it, the phone's copy of the form keeps the choice, a form sent again without that copy keeps it unless the
person says no, and withdrawing or erasing stops them."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import SteeringSignup
from tests.forum.news_confirming import confirm_links
from tests.forum.participate.conftest import Phone
from tests.forum.participate.test_signup_without_its_cookie import drop_typed
from tests.forum.test_news_confirm import shown
from tests.forum.test_progress_news import CONFIRM, forum_with_a_plan, log_in
from tests.html import by_test_id, parse, text_of

LABEL = {"en": "E-mail me news of what becomes of the ideas (at most a few times a year)",
         "fr": "M'envoyer par courriel des nouvelles de ce que deviennent les idées (quelques fois par an au plus)"}
TOLD = {"en": "We sent a message to br…@example.org: open it to confirm your address.",
        "fr": "Nous avons envoyé un message à br…@example.org\u00a0: ouvrez-le pour confirmer votre adresse."}


def sign_up(phone: Phone, lang: str, **fields):
    data = {"client_id": "bruno-signup-1", "name": "Bruno", "email": "bruno@example.org", "group_id": 0, **fields}
    answer = phone.post(f"steering-committee?lang={lang}", data=data)
    assert answer.status_code == 302, answer.text
    return phone.client.get(answer.headers["Location"])


def asks_progress(app) -> bool:
    with app.app_context():
        signup = db.session.scalar(select(SteeringSignup).where(SteeringSignup.email == "bruno@example.org"))
        return signup.progress_consent_at is not None


def send_update(app, forum_id: int, last: str = "0"):
    organizer = log_in(app)
    assert organizer.post(f"/forums/{forum_id}/progress-news/send",
                          data={"note": "Spring news", "last": last, **CONFIRM}).status_code == 302
    return organizer


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_sign_up_asks_for_the_progress_updates_and_gets_them_once_confirmed(mail_app, lang):
    forum_id, code = forum_with_a_plan(mail_app)
    phone = Phone(mail_app, code)
    phone.join(**{"Accept-Language": lang})
    form = parse(phone.get(f"steering-committee?lang={lang}"))
    box = form.select_one("input[name=wants_progress]")
    assert text_of(form.select_one(f"label[for={box['id']}]")) == LABEL[lang]
    assert box["aria-describedby"] == "progress-hint" and not box.has_attr("checked")

    home = sign_up(phone, lang, wants_progress="y")
    assert " ".join(TOLD[lang].split()) in shown(home)
    [message] = mail_app.mailbox.messages
    assert message["To"] == "bruno@example.org"
    assert parse(phone.get("steering-committee")).select_one("input[name=wants_progress]").has_attr("checked")
    organizer = log_in(mail_app)
    assert by_test_id(organizer.get(f"/forums/{forum_id}/progress-news?lang=en"), "progress-news-unconfirmed") \
        .startswith("1 person has not confirmed their address yet")

    [link] = confirm_links(mail_app.mailbox)
    assert mail_app.test_client().post(link).status_code == 200
    mail_app.mailbox.messages.clear()
    send_update(mail_app, forum_id)
    [update] = mail_app.mailbox.messages
    assert update["To"].addresses[0].addr_spec == "bruno@example.org" and "Spring news" in update.get_content()
    assert "/unsubscribe/" in update.get_content()


def test_the_choice_is_kept_by_a_form_sent_again_without_the_phones_copy(app):
    forum_id, code = forum_with_a_plan(app)
    forum_setup = {"id": forum_id, "code": code}
    phone = Phone(app, code)
    phone.join()
    sign_up(phone, "en", wants_progress="y")
    assert asks_progress(app)
    drop_typed(phone, forum_setup)
    page = parse(phone.get("steering-committee"))
    kept = page.select_one("input[name=wants_progress][checked]")
    assert kept["value"] == "keep" and text_of(page.select_one("fieldset#wants_progress legend")) == LABEL["en"]
    sign_up(phone, "en", consents_to_owner_role="keep", wants_news="keep", wants_progress="keep")
    assert asks_progress(app)
    sign_up(phone, "en", consents_to_owner_role="keep", wants_news="keep", wants_progress="no")
    assert not asks_progress(app)
    sign_up(phone, "en", consents_to_owner_role="no", wants_news="no", wants_progress="yes")
    assert asks_progress(app)
    # all three chosen: the phone knows again all it sent, and shows the box ticked
    assert parse(phone.get("steering-committee")).select_one("input[name=wants_progress]").has_attr("checked")


def test_withdrawing_or_erasing_stops_the_updates(mail_app):
    forum_id, code = forum_with_a_plan(mail_app)
    phone = Phone(mail_app, code)
    phone.join()
    sign_up(phone, "en", wants_progress="y")
    assert mail_app.test_client().post(confirm_links(mail_app.mailbox)[0]).status_code == 200
    assert phone.post("steering-committee/withdraw", data=CONFIRM).status_code in (200, 302)
    organizer = log_in(mail_app)
    assert parse(organizer.get(f"/forums/{forum_id}/progress-news?lang=en")).select(
        "[data-testid=progress-news-nobody]")

    sign_up(phone, "en", wants_progress="y")  # signed up again: confirmed already, the updates again
    page = organizer.get(f"/forums/{forum_id}/progress-news?lang=en")
    assert by_test_id(page, "progress-news-count") == "1 person will get this message:"
    assert phone.post("erase", data={"confirm": "y"}).status_code in (200, 302)
    with mail_app.app_context():
        assert db.session.scalar(select(SteeringSignup).where(SteeringSignup.email == "bruno@example.org")) is None
    assert parse(organizer.get(f"/forums/{forum_id}/progress-news?lang=en")).select(
        "[data-testid=progress-news-nobody]")
