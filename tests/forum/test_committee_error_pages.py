"""A steering committee member's error pages (their link switched off, expired or never issued, an item not theirs, a
path under /c/ that is no page of the link) lead nowhere a member cannot go: "Home" led to the organizers' login, and
a member has no account. They lead to the forum's public progress page when the organizers shared it, else only back,
in English and French."""
from __future__ import annotations

import datetime

import pytest

from forum.extensions import db
from forum.models import Forum, SteeringSignup
from forum.services.progress import progress_token
from tests.forum.test_committee import plan  # noqa: F401 (a fixture)
from tests.html import parse, text_of

PROGRESS = {"en": "See the public progress page", "fr": "Voir la page publique d'avancement"}


def links_onwards(page) -> list[tuple[str, str]]:
    """The error page's links, but "Go back" and the language switch: the header's name and the way on."""
    html = parse(page)
    return [(link["href"], text_of(link)) for link in html.select("main a, a.brand")
            if not link.has_attr("data-action") and not link.has_attr("hreflang")]


def share_progress(app, forum_id: int) -> str:
    """Share the forum's progress page; its address."""
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        forum.progress_shared = True
        db.session.commit()
        return f"/progress/{progress_token(forum)}"


def change_amina(app, plan, **fields) -> None:  # noqa: F811
    with app.app_context():
        amina = db.session.get(SteeringSignup, plan["amina"])
        for name, value in fields.items():
            setattr(amina, name, value)
        db.session.commit()


def refused_pages(app, client, plan) -> dict[str, object]:  # noqa: F811
    """Amina's link switched off, a link never issued, and a path under /c/ that is no page of the link, asked for as
    someone who is not logged in."""
    client.post("/logout")
    token = plan["token"]
    change_amina(app, plan, committee_link_revoked_at=datetime.datetime(2024, 1, 1))
    return {"switched off": (403, f"/c/{token}"), "never issued": (404, "/c/not-a-link"),
            "no such page": (405, f"/c/{token}/mail")}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_members_error_page_has_no_home_link_to_the_organizers_login(app, client, plan, lang):  # noqa: F811
    for what, (status, path) in refused_pages(app, client, plan).items():
        page = client.get(f"{path}?lang={lang}")
        assert page.status_code == status, what
        assert links_onwards(page) == [], (what, links_onwards(page))
        assert parse(page).select_one("span.brand") is not None  # the header's name is no link either
        assert text_of(parse(page).select_one(".error-links")) == {"en": "Go back", "fr": "Retour"}[lang]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_members_error_page_leads_to_the_public_progress_page_once_it_is_shared(app, client, plan, lang):  # noqa: F811
    progress = share_progress(app, plan["forum_id"])
    assert client.get(progress).status_code == 200
    token = plan["token"]
    theirs = client.post(f"/c/{token}/items/{plan['theirs']}/give-back?lang={lang}",
                         data={f"item{plan['theirs']}-reason": "No time", f"item{plan['theirs']}-client_id": "x"})
    assert theirs.status_code == 403  # Ben's item: refused, Amina's link working (its status: on her page)
    assert links_onwards(theirs) == [(progress, "Forum Workbench"), (progress, PROGRESS[lang])]
    no_item = client.post(f"/c/{token}/items/999/give-back?lang={lang}")
    assert no_item.status_code == 404
    assert links_onwards(no_item) == [(progress, "Forum Workbench"), (progress, PROGRESS[lang])]
    no_page = client.get(f"/c/{token}/settings?lang={lang}")  # no page of the link: its forum is not looked for
    assert no_page.status_code == 404 and links_onwards(no_page) == []
    for what, (status, path) in refused_pages(app, client, plan).items():
        page = client.get(f"{path}?lang={lang}")
        assert page.status_code == status, what
        expected = [(progress, "Forum Workbench"), (progress, PROGRESS[lang])] if what == "switched off" else []
        assert links_onwards(page) == expected, (what, links_onwards(page))


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_an_expired_links_page_leads_to_the_public_progress_page_once_it_is_shared(app, client, plan, lang):  # noqa: F811
    client.post("/logout")
    change_amina(app, plan, committee_link_expires_on=datetime.date(2020, 1, 31))
    expired = client.get(f"/c/{plan['token']}?lang={lang}")
    assert expired.status_code == 410 and links_onwards(expired) == []
    progress = share_progress(app, plan["forum_id"])
    expired = client.get(f"/c/{plan['token']}?lang={lang}")
    assert expired.status_code == 410 and links_onwards(expired) == [(progress, PROGRESS[lang])]


SWITCHED_OFF_HINT = {
    "en": "Only the forum's organizers can give you a new link: ask the person who invited you to the steering "
          "committee or sent you this link, the way you usually reach them. This page shows no one's contact details, "
          "as anyone who has the link can open it.",
    "fr": "Seuls les organisateurs du forum peuvent vous donner un nouveau lien : demandez-le à la personne qui "
          "vous a proposé de rejoindre le comité directeur ou qui vous a envoyé ce lien, par le moyen habituel. Cette "
          "page n'affiche les coordonnées de personne, car quiconque a le lien peut l'ouvrir."}


SIGN_UP_AGAIN_HINT = {
    "en": "To sign up again, open the forum's page on your phone and choose “Join the steering committee”.",
    "fr": "Pour vous réinscrire, ouvrez la page du forum sur votre téléphone et choisissez « Rejoindre le comité "
          "directeur »."}  # text_of: the no-break spaces read as spaces


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_switched_off_links_page_says_who_to_ask_and_shows_no_ones_contact(app, client, plan, lang):  # noqa: F811
    """The forum's settings hold no contact of its organizers, and whoever holds the link may not be the member: the
    page points the member to the person they know, and names no one."""
    refused_pages(app, client, plan)  # Amina's link switched off, no one logged in
    page = client.get(f"/c/{plan['token']}?lang={lang}")
    assert page.status_code == 403
    assert text_of(parse(page).select_one('[data-testid="error-hint"]')) == SWITCHED_OFF_HINT[lang]
    shown = text_of(parse(page).select_one("body"))
    assert "@" not in shown and "Amina" not in shown and "organizer@" not in page.get_data(as_text=True)
    assert client.get(f"/c/{plan['token']}", headers={"Accept": "application/json"}).get_json()["reason"] == \
        "link_revoked"
    with app.app_context():  # a member who withdrew is told where to sign up again, not who to ask for a link
        db.session.get(SteeringSignup, plan["amina"]).withdrawn_at = datetime.datetime(2024, 2, 1)
        db.session.commit()
    withdrew = client.get(f"/c/{plan['token']}?lang={lang}")
    assert withdrew.status_code == 403
    assert text_of(parse(withdrew).select_one('[data-testid="error-hint"]')) == SIGN_UP_AGAIN_HINT[lang]
