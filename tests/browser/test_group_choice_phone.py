"""A participant on a small phone (360 px) with its text at 200% says which stakeholder group they belong to, on
the "Who are you?" page a new phone opens after joining, in English and French: with the usual eight groups or
fewer they are radio buttons under a legend, each long name whole and chosen with the keyboard, without a search box
(a longer list has one: test_participant_group_search_phone)."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from forum.extensions import db
from forum.models import Forum, Participant, StakeholderGroup, Translated
from tests.browser.conftest import PHONE, assert_fits_across, owned_forum

SMALL_PHONE = {**PHONE, "viewport": {"width": 360, "height": 740}}
LONG = Translated("Professional immigrant networks and associations of internationally trained professionals",
                  "Réseaux professionnels d'immigrants et associations de professionnels formés à l'étranger")
WORDS = {"en": {"legend": "Your stakeholder group", "save": "Save", "none": "Prefer not to say"},
         "fr": {"legend": "Votre groupe d'intervenants", "save": "Enregistrer", "none": "Je préfère ne pas le dire"}}

# Whether any text inside the element is cut at its box (wider than the box it is drawn in).
CUT = "e => e.scrollWidth > e.clientWidth + 1"


def forum_with_groups(live_app, extra: int) -> tuple[str, int]:
    """A forum whose first group has a long name, with ``extra`` groups added to the usual eight."""
    forum_id = owned_forum(live_app, "Recruter et retenir")
    with live_app.app_context():
        forum = db.session.get(Forum, forum_id)
        forum.groups[0].name = LONG
        for number in range(extra):
            forum.groups.append(StakeholderGroup(key=f"extra_{number}", name=Translated(
                f"Added group {number}", f"Groupe ajouté {number}"), position=100 + number))
        db.session.commit()
        return forum.join_code, forum.groups[0].id


def group_of_the_phone(live_app, code):
    with live_app.app_context():
        return db.session.query(Participant.group_id).join(Forum).filter(Forum.join_code == code).scalar()


def large_text_phone(new_page, lang):
    phone = new_page(**SMALL_PHONE, locale={"en": "en-CA", "fr": "fr-CA"}[lang])
    devtools = phone.context.new_cdp_session(phone)
    devtools.send("Page.enable")
    devtools.send("Page.setFontSizes", {"fontSizes": {"standard": 32}})  # the phone's text at 200%
    return phone


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_with_eight_groups_the_phone_picks_its_group_among_radio_buttons(new_page, live_app, live_url, lang):
    code, long_id = forum_with_groups(live_app, extra=0)
    words, name = WORDS[lang], LONG.in_(lang)
    phone = large_text_phone(new_page, lang)
    phone.goto(f"{live_url}/join?code={code}&lang={lang}")
    expect(phone).to_have_url(f"{live_url}/p/{code}/about-you")  # a new phone is asked who it is
    main = phone.get_by_role("main")
    groups = main.get_by_role("group", name=words["legend"], exact=True)
    expect(groups.get_by_role("radio")).to_have_count(9)  # "Prefer not to say" and the eight groups
    expect(groups.get_by_role("radio", name=words["none"], exact=True)).to_be_checked()
    expect(main.get_by_role("combobox")).to_have_count(0)
    expect(main.get_by_role("searchbox")).to_have_count(0)  # a search box only for a long list
    choice = groups.get_by_role("radio", name=name, exact=True)
    label = groups.locator("label.option").filter(has=phone.get_by_role("radio", name=name, exact=True))
    assert not label.evaluate(CUT), "the long group name is cut"
    expect(label).to_contain_text(name)
    assert_fits_across(phone, f"about you with radio buttons, {lang}, text at 200%")
    groups.get_by_role("radio", name=words["none"], exact=True).focus()
    phone.keyboard.press("ArrowDown")  # the next group: the long one, first of the list
    expect(choice).to_be_checked()
    expect(choice).to_be_focused()
    main.get_by_role("button", name=words["save"], exact=True).click()
    expect(phone).to_have_url(f"{live_url}/p/{code}/")
    assert group_of_the_phone(live_app, code) == long_id
    phone.goto(f"{live_url}/p/{code}/about-you")
    expect(phone.get_by_role("main").get_by_role("radio", name=name, exact=True)).to_be_checked()
