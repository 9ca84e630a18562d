"""A forum with twelve stakeholder groups whose names are long and French: on a 360 px phone, the "Who are you?"
page offered them in a list box (<select size>), which an iPhone shows as a drop-down and a wheel picker cutting each
long name. They are now radio buttons with each name whole, and a search box above them narrows the list as the
participant types (accents aside), says how many match, and chooses the one match with Enter; with the keyboard and
by the names a screen reader reads. A forum with eight groups or fewer has no search box (test_group_choice_phone)."""
from __future__ import annotations

from playwright.sync_api import expect

from forum.extensions import db
from forum.models import Forum, Participant, StakeholderGroup, Translated
from tests.browser.accessibility import assert_accessible
from tests.browser.conftest import PHONE, assert_fits_across, owned_forum

SMALL_PHONE = {**PHONE, "viewport": {"width": 360, "height": 740}}
GROUPS = [
    "Employeurs du secteur privé, des petites et moyennes entreprises et des grandes sociétés",
    "Organismes d'aide à l'établissement et à l'emploi des personnes immigrantes",
    "Professionnels formés à l'étranger et personnes nouvellement arrivées au Canada",
    "Réseaux professionnels d'immigrants et associations de professionnels formés à l'étranger",
    "Collèges, universités et établissements d'enseignement postsecondaire de la région",
    "Ministères et organismes des gouvernements fédéral, provincial et municipal",
    "Ordres professionnels et organismes de réglementation des professions et des métiers",
    "Partenariats multisectoriels et tables de concertation locales en immigration",
    "Fondations, bailleurs de fonds et organismes philanthropiques communautaires",
    "Chambres de commerce, associations d'affaires et regroupements d'employeurs",
    "Syndicats, centrales syndicales et associations de travailleuses et de travailleurs",
    "Bibliothèques publiques, centres communautaires et services municipaux de proximité",
]
CUT = "e => e.scrollWidth > e.clientWidth + 1"


def forum_with_twelve_groups(live_app) -> tuple[str, dict[str, int]]:
    forum_id = owned_forum(live_app, "Recruter et retenir")
    with live_app.app_context():
        forum = db.session.get(Forum, forum_id)
        for group, name in zip(forum.groups, GROUPS):
            group.name = Translated(name, name)
        for number, name in enumerate(GROUPS[len(forum.groups):]):
            forum.groups.append(StakeholderGroup(key=f"extra_{number}", name=Translated(name, name),
                                                 position=100 + number))
        db.session.commit()
        assert len(forum.groups) == 12
        return forum.join_code, {group.name.in_("fr"): group.id for group in forum.groups}


def group_of_the_phone(live_app, code):
    with live_app.app_context():
        return db.session.query(Participant.group_id).join(Forum).filter(Forum.join_code == code).scalar()


def test_twelve_long_french_group_names_are_radio_buttons_with_a_search_box(new_page, live_app, live_url):
    code, ids = forum_with_twelve_groups(live_app)
    phone = new_page(**SMALL_PHONE, locale="fr-CA")
    phone.goto(f"{live_url}/join?code={code}&lang=fr")
    expect(phone).to_have_url(f"{live_url}/p/{code}/about-you")
    main = phone.get_by_role("main")
    groups = main.get_by_role("group", name="Votre groupe d'intervenants", exact=True)
    expect(groups.get_by_role("radio")).to_have_count(13)  # "Je préfère ne pas le dire" and the twelve groups
    expect(main.get_by_role("listbox")).to_have_count(0)
    expect(main.get_by_role("combobox")).to_have_count(0)
    for name in GROUPS:
        label = groups.locator("label.option").filter(has=phone.get_by_role("radio", name=name, exact=True))
        expect(label).to_be_visible()
        assert not label.evaluate(CUT), f"cut: {name}"
    assert_fits_across(phone, "twelve long French group names")
    assert_accessible(phone, "twelve long French group names")

    search = groups.get_by_role("searchbox", name="Trouver votre groupe", exact=True)
    found = phone.locator(f"#{search.get_attribute('aria-describedby')}")
    search.fill("reseaux")  # without its accent
    expect(found).to_have_text("1 groupe correspond. Avec votre choix actuel, 2 sont affichés.")
    expect(groups.get_by_role("radio")).to_have_count(2)  # the match, and the choice made (none yet)
    expect(groups.get_by_role("radio", name=GROUPS[3], exact=True)).to_be_visible()
    search.fill("organismes")
    expect(found).to_have_text("4 groupes correspondent. Avec votre choix actuel, 5 sont affichés.")
    search.fill("zzz")
    expect(found).to_have_text("Aucun groupe ne correspond. Votre choix actuel reste affiché\u00a0: modifiez ou "
                               "effacez la recherche pour voir les autres.")
    assert_fits_across(phone, "no group matches")

    # Enter chooses the one match (and does not send the form)
    search.fill("chambres commerce")
    search.press("Enter")
    chosen = groups.get_by_role("radio", name=GROUPS[9], exact=True)
    expect(chosen).to_be_checked()
    expect(chosen).to_be_focused()
    expect(phone).to_have_url(f"{live_url}/p/{code}/about-you")

    # the keyboard among the narrowed list: the chosen group stays shown, the arrow goes to the next match
    search.fill("ordres")
    expect(groups.get_by_role("radio")).to_have_count(2)
    phone.keyboard.press("Tab")
    expect(chosen).to_be_focused()
    phone.keyboard.press("ArrowUp")
    ordres = groups.get_by_role("radio", name=GROUPS[6], exact=True)
    expect(ordres).to_be_checked()
    expect(ordres).to_be_focused()
    search.fill("")
    expect(groups.get_by_role("radio")).to_have_count(13)
    expect(found).to_have_text("")
    main.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(phone).to_have_url(f"{live_url}/p/{code}/")
    assert group_of_the_phone(live_app, code) == ids[GROUPS[6]]
    phone.goto(f"{live_url}/p/{code}/about-you")
    expect(phone.get_by_role("main").get_by_role("radio", name=GROUPS[6], exact=True)).to_be_checked()


def test_the_search_box_in_english(new_page, live_app, live_url):
    code, _ids = forum_with_twelve_groups(live_app)
    phone = new_page(**SMALL_PHONE, locale="en-CA")
    phone.goto(f"{live_url}/join?code={code}&lang=en")
    groups = phone.get_by_role("main").get_by_role("group", name="Your stakeholder group", exact=True)
    search = groups.get_by_role("searchbox", name="Find your group", exact=True)
    search.fill("Professionnels")
    expect(phone.locator(f"#{search.get_attribute('aria-describedby')}")).to_have_text(
        "3 groups match. With your current choice, 4 are shown.")
    assert_fits_across(phone, "the search in English")
