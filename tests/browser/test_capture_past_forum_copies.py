"""A facilitator's phone kept a copy of every table link's page it opened, for offline reloads, forum after forum:
copies of links long dead and of forums long past stayed on it. A copy the server says is gone (the link replaced, its
forum deleted: 404) now goes, and so does a copy not opened for 30 days once a table link's page next loads, unless the
table's queue still holds cards not sent (they are sent once that page is open again). With the pages of two forums,
one whose links were replaced, on a 360 px French phone and an English tablet."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from playwright.sync_api import expect

from forum.capture.pages import PAGE_CACHES
from forum.extensions import db
from forum.models import Table, User
from forum.services.capture import reissue_link
from forum.services.forums import create_forum
from tests.browser.capture import (FRENCH_PHONE_AND_ENGLISH_TABLET, LOCALES, NEW_CARD, card, stored,
                                   wait_until_offline_ready)
from tests.browser.conftest import go_offline, wait_for_js

# The tokens of the table links whose pages this device keeps for offline reloads.
KEPT_LINKS = (f"caches.open('{PAGE_CACHES['link']}').then(c => c.keys())"
              ".then(keys => [...new Set(keys.map(k => new URL(k.url).pathname.split('/').pop()))].sort())")
SAVED = {"en": "All cards saved", "fr": "Toutes les fiches sont enregistrées"}
GONE = {"en": "This capture link does not exist. Ask the organizer for your table's link.",
        "fr": "Ce lien de saisie n'existe pas. Demandez à l'organisateur le lien de votre table."}


@pytest.fixture
def two_forums(live_app):
    """Last spring's forum, two tables, and this autumn's, one: {"spring": [(table id, token), …], "autumn": […]}."""
    with live_app.app_context():
        user = User(email="olive@example.org", name="Olive")
        user.set_password("spring-autumn-password")
        spring = create_forum(user, name="Spring forum", table_count=2)
        autumn = create_forum(user, name="Autumn forum", table_count=1)
        db.session.commit()
        return {name: [(table.id, table.capture_token) for table in forum.tables]
                for name, forum in (("spring", spring), ("autumn", autumn))}


def replace_links(live_app, tables):
    """The organizer replaces the capture links of the forum's `tables`: the old ones are unknown (404)."""
    with live_app.app_context():
        for table_id, _token in tables:
            reissue_link(db.session.get(Table, table_id))


def open_link(context, live_url, token, lang):
    """The table link's page opened on the device (a new tab), once kept for offline reloads."""
    page = context.new_page()
    page.goto(f"{live_url}/t/{token}?lang={lang}")
    expect(page.get_by_role("status")).to_have_text(SAVED[lang])
    wait_until_offline_ready(page)
    return page


@pytest.mark.parametrize("size, lang", FRENCH_PHONE_AND_ENGLISH_TABLET)
def test_the_copy_of_a_link_the_server_says_is_gone_goes(new_page, live_app, live_url, two_forums, size, lang):
    (_id1, spring_1), (_id2, spring_2) = two_forums["spring"]
    [(_id3, autumn)] = two_forums["autumn"]
    context = new_page(**size, locale=LOCALES[lang]).context
    open_link(context, live_url, spring_1, lang).close()
    spring_page = open_link(context, live_url, spring_2, lang)  # left open on the table
    autumn_page = open_link(context, live_url, autumn, lang)
    assert autumn_page.evaluate(KEPT_LINKS) == sorted([spring_1, spring_2, autumn])

    replace_links(live_app, two_forums["spring"])
    # The page left open hears it from the server (its regular look at the table's cards): its copy goes.
    expect(spring_page.get_by_role("alert")).to_contain_text(GONE[lang], timeout=10000)
    wait_for_js(autumn_page, f"({KEPT_LINKS}).then(kept => !kept.includes('{spring_2}'))")
    # The other one, opened again from the phone's history: the server's page says the link does not exist.
    old = context.new_page()
    assert old.goto(f"{live_url}/t/{spring_1}?lang={lang}").status == 404
    expect(old.get_by_role("heading", name=GONE[lang], exact=True)).to_be_visible()
    wait_for_js(autumn_page, f"({KEPT_LINKS}).then(kept => !kept.includes('{spring_1}'))")
    old.close()

    # This autumn's page is kept as it was: it reloads without a network, and its cards are sent.
    assert autumn_page.evaluate(KEPT_LINKS) == [autumn]
    go_offline(autumn_page)
    autumn_page.reload()
    box = autumn_page.get_by_label(NEW_CARD[lang], exact=True)
    box.fill("Mentorat")
    box.press("Enter")
    autumn_page.context.set_offline(False)
    expect(autumn_page.get_by_role("status")).to_have_text(SAVED[lang], timeout=20000)
    assert stored(live_app) == ["Mentorat"]


@pytest.mark.parametrize("size, lang", FRENCH_PHONE_AND_ENGLISH_TABLET)
def test_copies_not_opened_for_thirty_days_go_unless_their_table_still_has_cards_to_send(
        new_page, live_app, live_url, two_forums, size, lang):
    (_id1, spring_1), (_id2, spring_2) = two_forums["spring"]
    [(_id3, autumn)] = two_forums["autumn"]
    context = new_page(**size, locale=LOCALES[lang]).context
    open_link(context, live_url, spring_1, lang).close()
    # At the spring forum's second table the Wi-Fi dropped: its last card never left the phone.
    unsent = open_link(context, live_url, spring_2, lang)
    go_offline(unsent)
    unsent.get_by_label(NEW_CARD[lang], exact=True).fill("Garderie sur place")
    unsent.get_by_label(NEW_CARD[lang], exact=True).press("Enter")
    expect(unsent.get_by_role("status")).to_have_attribute("data-pending", "1")
    unsent.close()
    context.set_offline(False)

    # Another table link's page loads the same month: nothing goes.
    page = open_link(context, live_url, autumn, lang)
    page.wait_for_timeout(500)
    assert page.evaluate(KEPT_LINKS) == sorted([spring_1, spring_2, autumn])
    page.close()

    # A month and a day later, the autumn forum's page loads: the spring forum's first table goes; its second table,
    # whose card was never sent, stays.
    later = context.new_page()
    later.clock.install(time=datetime.now(timezone.utc) + timedelta(days=31))
    later.goto(f"{live_url}/t/{autumn}?lang={lang}")
    expect(later.get_by_role("status")).to_have_text(SAVED[lang])
    wait_for_js(later, f"({KEPT_LINKS}).then(kept => !kept.includes('{spring_1}'))")
    assert later.evaluate(KEPT_LINKS) == sorted([spring_2, autumn])
    assert later.evaluate(f"localStorage.getItem('fw-capture:opened:{spring_1}')") is None

    # The table whose card waits: its page, kept, opens without a network and sends the card once back online.
    go_offline(later)
    later.goto(f"{live_url}/t/{spring_2}?lang={lang}")
    expect(later.locator(".capture-card.pending")).to_have_count(1)
    later.context.set_offline(False)
    expect(later.get_by_role("status")).to_have_text(SAVED[lang], timeout=20000)
    assert stored(live_app) == ["Garderie sur place"]


EDIT, EDITOR = {"en": "Edit", "fr": "Modifier"}, {"en": "Edit this card", "fr": "Modifier cette fiche"}


@pytest.mark.parametrize("size, lang", FRENCH_PHONE_AND_ENGLISH_TABLET)
def test_a_copy_not_opened_for_thirty_days_stays_while_a_card_s_edit_typed_on_it_is_not_saved(
        new_page, live_app, live_url, two_forums, size, lang):
    """A facilitator began correcting a card at the spring forum's first table and the tab was closed before Save:
    the edit is kept on the phone (the page opens its editor again) and counts as not sent, as a card in the queue
    does: the copy of that link's page stays past 30 days, so the edit can still be opened and saved offline."""
    (_id1, spring_1), (_id2, spring_2) = two_forums["spring"]
    [(_id3, autumn)] = two_forums["autumn"]
    context = new_page(**size, locale=LOCALES[lang]).context
    editing = open_link(context, live_url, spring_1, lang)
    box = editing.get_by_label(NEW_CARD[lang], exact=True)
    box.fill("Garderie")
    box.press("Enter")
    expect(editing.get_by_role("status")).to_have_text(SAVED[lang], timeout=20000)
    card(editing, "Garderie").get_by_role("button", name=EDIT[lang], exact=True).click()
    editing.get_by_label(EDITOR[lang], exact=True).fill("Garderie sur place")
    editing.close()  # before Save: the edit is kept on the phone, not sent
    open_link(context, live_url, spring_2, lang).close()

    later = context.new_page()
    later.clock.install(time=datetime.now(timezone.utc) + timedelta(days=31))
    later.goto(f"{live_url}/t/{autumn}?lang={lang}")
    expect(later.get_by_role("status")).to_have_text(SAVED[lang])
    wait_for_js(later, f"({KEPT_LINKS}).then(kept => !kept.includes('{spring_2}'))")
    assert later.evaluate(KEPT_LINKS) == sorted([spring_1, autumn])

    # The link with the edit, kept, opens without a network on its editor and the text typed.
    go_offline(later)
    later.goto(f"{live_url}/t/{spring_1}?lang={lang}")
    expect(later.get_by_label(EDITOR[lang], exact=True)).to_have_value("Garderie sur place")


# For page.evaluate: the names of what the device keeps for a table (its choices, its last list, the box's draft…).
TABLE_NOTES = ("Object.keys(localStorage).filter(k => k.startsWith('fw-capture:table:{}:'))"
               ".map(k => k.split(':').slice(3).join(':')).filter(n => !n.startsWith('tab:')).sort()")
TYPED = {"en": "Typed in the box, not saved as a card yet",
         "fr": "Tapé dans la zone de texte, pas encore enregistré comme fiche"}
COPY, COPIED = {"en": "Copy the text typed", "fr": "Copier le texte tapé"}, {"en": "Copied", "fr": "Copié"}
KEPT_HEADING = {"en": "Kept on this device, not sent yet 1", "fr": "Gardées sur cet appareil, pas encore envoyées 1"}


@pytest.mark.parametrize("size, lang", FRENCH_PHONE_AND_ENGLISH_TABLET)
def test_a_past_forum_s_notes_go_with_its_pages_but_a_text_typed_and_never_saved_stays_to_copy(
        new_page, live_app, live_url, two_forums, size, lang):
    """A facilitator's tablet kept every table's choices, last list and half-typed draft, forum after forum. Once a
    table's page copies go (30 days unopened, or gone from the server), what the device keeps of that table goes too,
    unless a text typed in its box was never saved: that stays, and the page of its link lists it, to copy."""
    (spring_1_id, spring_1), (spring_2_id, spring_2) = two_forums["spring"]
    [(autumn_id, autumn)] = two_forums["autumn"]
    context = new_page(**size, locale=LOCALES[lang]).context
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    # The spring forum's first table: a card saved, then an idea half typed as the forum ended.
    typing = open_link(context, live_url, spring_1, lang)
    box = typing.get_by_label(NEW_CARD[lang], exact=True)
    box.fill("Mentorat")
    box.press("Enter")
    expect(typing.get_by_role("status")).to_have_text(SAVED[lang], timeout=20000)
    box.fill("Garderie sur pl")
    typing.close()
    # Its second table: its last card sent, the box empty.
    sent = open_link(context, live_url, spring_2, lang)
    box = sent.get_by_label(NEW_CARD[lang], exact=True)
    box.fill("Stages payés")
    box.press("Enter")
    expect(sent.get_by_role("status")).to_have_text(SAVED[lang], timeout=20000)
    assert "snapshot" in sent.evaluate(TABLE_NOTES.format(spring_2_id))
    sent.close()

    later = context.new_page()
    later.clock.install(time=datetime.now(timezone.utc) + timedelta(days=31))
    later.goto(f"{live_url}/t/{autumn}?lang={lang}")
    expect(later.get_by_role("status")).to_have_text(SAVED[lang])
    wait_for_js(later, f"({KEPT_LINKS}).then(kept => kept.length === 1)")
    wait_for_js(later, f"({TABLE_NOTES.format(spring_2_id)}).length === 0")
    assert later.evaluate(f"localStorage.getItem('fw-capture:link:{spring_2}')") is None
    # the text typed and never saved stays, with what finds its table from its link and the account it was typed for;
    # nothing else of that table
    assert later.evaluate(TABLE_NOTES.format(spring_1_id)) == ["draft", "draft-pasted", "label", "owner"]
    assert later.evaluate(f"localStorage.getItem('fw-capture:link:{spring_1}')") == str(spring_1_id)
    assert "snapshot" in later.evaluate(TABLE_NOTES.format(autumn_id))  # the open page's table keeps its own

    # The spring forum's links were replaced since: the old link's page lists the text typed, to copy.
    replace_links(live_app, two_forums["spring"])
    assert later.goto(f"{live_url}/t/{spring_1}?lang={lang}").status == 404
    expect(later.get_by_role("heading", name=KEPT_HEADING[lang], exact=True)).to_be_visible()
    expect(later.get_by_role("textbox", name=TYPED[lang], exact=True)).to_have_value("Garderie sur pl")
    copy = later.get_by_role("button", name=COPY[lang], exact=True)
    copy.focus()
    later.keyboard.press("Enter")
    expect(later.locator("#kept-draft-copied")).to_have_text(COPIED[lang])
    assert later.evaluate("navigator.clipboard.readText()") == "Garderie sur pl"
