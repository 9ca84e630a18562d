"""The error pages people open from a mail, on a small phone (360 px) in French and English: a committee member's
switched-off link says who gives a new one, and an unsubscribe or review link that is no longer valid offers no
"Home" leading to the organizers' login; each fits the screen and reads well to a screen reader."""
from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import expect

from forum.extensions import db
from forum.models import ReviewLink, SteeringSignup, utcnow
from forum.services.committee import committee_token
from tests.browser.accessibility import assert_accessible
from tests.browser.conftest import PHONE, assert_fits_across, owned_forum

SMALL_PHONE = {**PHONE, "viewport": {"width": 360, "height": 740}}
WHO_TO_ASK = {"fr": "Seuls les organisateurs du forum peuvent vous donner un nouveau lien",
              "en": "Only the forum's organizers can give you a new link"}
HOME = {"fr": "Accueil", "en": "Home"}
TITLES = {"fr": {"review": "Accès refusé — Forum Workbench", "unsubscribe": "Page introuvable — Forum Workbench",
                 "progress": "Page introuvable — Forum Workbench"},
          "en": {"review": "Access refused — Forum Workbench", "unsubscribe": "Page not found — Forum Workbench",
                 "progress": "Page not found — Forum Workbench"}}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_error_pages_opened_from_a_mail_fit_a_small_phone_and_lead_nowhere_a_stranger_cannot_go(new_page, live_app,
                                                                                                 live_url, lang):
    forum_id = owned_forum(live_app, "Recruter, retenir et faire progresser les professionnels formés à l'étranger")
    with live_app.app_context():
        amina = SteeringSignup(forum_id=forum_id, client_id="a", name="Amina Owner", email="amina@example.org",
                               consents_to_owner_role=True, language="fr", committee_link_version=1,
                               committee_link_revoked_at=datetime.datetime(2026, 1, 1))
        review = ReviewLink(forum_id=forum_id, reviewer_group="Conseil des nouveaux arrivants", revoked_at=utcnow())
        db.session.add_all([amina, review])
        db.session.commit()
        member_link, review_link = committee_token(amina), review.token
    phone = new_page(**SMALL_PHONE)
    phone.goto(f"{live_url}/c/{member_link}?lang={lang}")
    expect(phone.get_by_test_id("error-hint")).to_contain_text(WHO_TO_ASK[lang])
    expect(phone.get_by_text("amina@example.org")).to_have_count(0)
    assert_fits_across(phone, "a switched-off committee link")
    assert_accessible(phone, "a switched-off committee link")
    for address in (f"/review/{review_link}", "/unsubscribe/not-a-link", "/progress/not-a-link"):
        phone.goto(f"{live_url}{address}?lang={lang}")
        # what went wrong is the title and the focused heading, read once with the message it is described by: no
        # alert read again with the page
        title = TITLES[lang][address.split("/")[1]]
        expect(phone).to_have_title(title)
        heading = phone.get_by_role("heading", level=1)
        expect(heading).to_be_focused()
        # a short heading (the title's words), the message as body text: a long message as the heading took 9 lines
        expect(heading).to_have_text(title.removesuffix(" — Forum Workbench"))
        message = heading.evaluate("h => document.getElementById(h.getAttribute('aria-describedby')).textContent")
        expect(heading).to_have_accessible_description(message.strip())
        assert len(message.strip()) > 2 * len(title)
        assert heading.evaluate("h => h.getBoundingClientRect().height / parseFloat(getComputedStyle(h).lineHeight)") \
            < 1.5, "one line"
        expect(phone.get_by_role("alert")).to_have_count(0)
        expect(phone.get_by_role("link", name=HOME[lang], exact=True)).to_have_count(0)
        expect(phone.get_by_role("link", name="Forum Workbench", exact=True)).to_have_count(0)
        assert_fits_across(phone, address)
        assert_accessible(phone, address)
