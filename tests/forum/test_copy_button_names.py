"""The organizers' pages with several Copy buttons name each for what it copies (a screen reader listed them all as
"Copy"): each committee member's link, each review link, each table's capture link, code and short link, the join
code and link. The button still reads "Copy" (its name starts with it, as speech input expects), in English and
French."""
from __future__ import annotations

import pytest

from forum.extensions import db
from forum.models import ReviewLink, SteeringSignup
from tests.html import parse, text_of

COPY = {"en": "Copy", "fr": "Copier"}


def copy_names(page) -> dict[str, str]:
    """Each Copy button's accessible name, by the id of the field it copies; every button reads "Copy"."""
    buttons = parse(page).select("button[data-copy]")
    assert buttons and {text_of(button) for button in buttons} <= set(COPY.values())
    return {button["data-copy"]: button.get("aria-label") for button in buttons}


@pytest.mark.parametrize("lang, amina, daniel", [
    ("en", "Copy Amina Owner's committee link", "Copy Daniel Roy's committee link"),
    ("fr", "Copier le lien de comité de Amina Owner", "Copier le lien de comité de Daniel Roy")])
def test_each_members_copy_button_is_named_for_the_member(app, client, organizer, make_forum, lang, amina, daniel):
    forum_id = make_forum(organizer)
    with app.app_context():
        members = [SteeringSignup(forum_id=forum_id, client_id=name[0], name=name, email=f"{name[0]}@example.org",
                                  consents_to_owner_role=True, committee_link_version=1)
                   for name in ("Amina Owner", "Daniel Roy")]
        db.session.add_all(members)
        db.session.commit()
        ids = [member.id for member in members]
    page = client.get(f"/forums/{forum_id}/steering?lang={lang}")
    assert page.status_code == 200
    names = copy_names(page)
    assert names[f"link-{ids[0]}"] == amina and names[f"link-{ids[1]}"] == daniel
    assert text_of(parse(page).select_one(f'button[data-copy="link-{ids[0]}"]')) == COPY[lang]


@pytest.mark.parametrize("lang, name", [("en", "Copy the review link for {}"),
                                        ("fr", "Copier le lien de relecture pour {}")])
def test_each_review_links_copy_button_is_named_for_its_group(app, client, organizer, make_forum, lang, name):
    forum_id = make_forum(organizer)
    with app.app_context():
        links = [ReviewLink(forum_id=forum_id, reviewer_group=group) for group in ("Board", "Newcomer council")]
        db.session.add_all(links)
        db.session.commit()
        ids = {link.id: link.reviewer_group for link in links}
    names = copy_names(client.get(f"/forums/{forum_id}/review?lang={lang}"))
    assert {names[f"review-link-{link_id}"] for link_id in ids} == {name.format(group) for group in ids.values()}


@pytest.mark.parametrize("lang, link, code, short", [
    ("en", "Copy the capture link of {}", "Copy the code of {}", "Copy the short link of {}"),
    ("fr", "Copier le lien de saisie de {}", "Copier le code de {}", "Copier le lien court de {}")])
def test_each_tables_copy_buttons_are_named_for_the_table_and_what_they_copy(app, client, organizer, make_forum,
                                                                              lang, link, code, short):
    from forum.models import Forum

    forum_id = make_forum(organizer)
    with app.app_context():
        tables = {table.id: table.label for table in db.session.get(Forum, forum_id).tables}
    names = copy_names(client.get(f"/forums/{forum_id}/capture?lang={lang}"))
    assert len(tables) == 3 and len(set(names.values())) == len(names) == 9
    for table_id, label in tables.items():
        assert names[f"link-{table_id}"] == link.format(label)
        assert names[f"code-{table_id}"] == code.format(label)
        assert names[f"short-{table_id}"] == short.format(label)


@pytest.mark.parametrize("lang, code, link", [
    ("en", "Copy the forum code", "Copy the link with the code"),
    ("fr", "Copier le code du forum", "Copier le lien avec le code")])
def test_the_join_code_and_links_copy_buttons_are_told_apart(client, organizer, make_forum, lang, code, link):
    forum_id = make_forum(organizer)
    names = copy_names(client.get(f"/forums/{forum_id}/participants?lang={lang}"))
    assert names == {"join-code-copy": code, "join-url-copy": link}
