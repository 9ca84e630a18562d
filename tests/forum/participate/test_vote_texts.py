"""A vote's texts in English and French, each item's context line, and each phone's own order of items."""
from __future__ import annotations

from sqlalchemy import select

from forum.extensions import db
from forum.models import Ballot
from tests.html import parse, text_of

ITEMS = ["Mentoring | Mentorat", "Paid internships | Stages rémunérés", "Bridging programs | Programmes relais",
         "Credential recognition | Reconnaissance des diplômes", "Employer awareness", "Networking | Réseautage",
         "Language training | Formation linguistique", "Job fairs | Salons de l'emploi"]


def create_vote(client, app, forum_id) -> tuple[int, dict[str, int]]:
    """An open vote on eight typed items, titled in both languages; returns (ballot id, English label -> item id)."""
    response = client.post(f"/forums/{forum_id}/votes", data={
        "title-en": "Which priorities matter most?", "title-fr": "Quelles priorités comptent le plus ?",
        "dots": "3", "max_per_item": "2", "extra_items": "\n".join(ITEMS)})
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        ballot = db.session.scalar(select(Ballot).where(Ballot.forum_id == forum_id))
        ballot_id, items = ballot.id, {item.label.en or item.label.fr: item.id for item in ballot.items}
    assert client.post(f"/forums/{forum_id}/votes/{ballot_id}/open").status_code == 302
    return ballot_id, items


def texts(ballot_id, items, **changes) -> dict:
    """The vote page's texts form: the titles, and a context line for mentoring in both languages."""
    data = {"title-en": "Which priorities matter most?", "title-fr": "Quelles priorités comptent le plus ?"}
    for line in ITEMS:
        english, _bar, french = (part.strip() for part in line.partition("|"))
        data[f"label_{items[english]}-en"], data[f"label_{items[english]}-fr"] = english, french
    data[f"context_{items['Mentoring']}-en"] = "Pairing newcomers with people in their field"
    data[f"context_{items['Mentoring']}-fr"] = "Jumeler les nouveaux arrivants avec des gens de leur domaine"
    data[f"context_{items['Networking']}-en"] = "Events and introductions"  # no French: French phones read it
    return {**data, **changes}


def item_order(page) -> list[int]:
    return [int(li["data-item"]) for li in parse(page).select("[data-testid=vote-item]")]


def test_the_organizer_edits_the_texts_and_sees_what_lacks_french(client, app, forum_setup):
    forum_id = forum_setup["id"]
    ballot_id, items = create_vote(client, app, forum_id)
    url = f"/forums/{forum_id}/votes/{ballot_id}"
    page = parse(client.get(f"{url}?lang=en"))
    assert len(page.select("[data-testid=ballot-item-texts]")) == 8
    employer = page.select_one(f"[data-testid=translated-label_{items['Employer awareness']}]")
    assert employer.select("[data-testid=missing-fr]") and employer.select_one("input[lang=fr]")["value"] == ""
    assert client.post(f"{url}/texts", data=texts(ballot_id, items)).status_code == 302
    refused = client.post(f"{url}/texts", data=texts(ballot_id, items, **{
        f"label_{items['Mentoring']}-en": "", f"label_{items['Mentoring']}-fr": ""}))
    assert refused.status_code == 422 and "Write it in English, in French or in both." in text_of(parse(refused))
    too_long = client.post(f"{url}/texts", data=texts(ballot_id, items, **{
        f"context_{items['Mentoring']}-fr": "x" * 301}))
    assert too_long.status_code == 422
    with app.app_context():
        mentoring = next(item for item in db.session.get(Ballot, ballot_id).items if item.id == items["Mentoring"])
        assert mentoring.context.fr == "Jumeler les nouveaux arrivants avec des gens de leur domaine"
    french = parse(client.get(f"{url}?lang=fr"))
    assert text_of(french.h1) == "Quelles priorités comptent le plus ?"
    assert [text_of(li.span) for li in french.select("[data-testid=ballot-item]")][:2] == ["Mentorat", "Stages rémunérés"]


def test_a_french_phone_sees_the_french_vote_with_context_in_its_own_stable_order(client, app, forum_setup, phone):
    forum_id = forum_setup["id"]
    ballot_id, items = create_vote(client, app, forum_id)
    client.post(f"/forums/{forum_id}/votes/{ballot_id}/texts", data=texts(ballot_id, items))
    french = phone()
    page = french.get(f"votes/{ballot_id}?lang=fr")
    html = parse(page)
    assert text_of(html.h1) == "Quelles priorités comptent le plus ?"
    labels = {int(li["data-item"]): text_of(li.label) for li in html.select("[data-testid=vote-item]")}
    assert labels[items["Mentoring"]] == "Mentorat" and labels[items["Employer awareness"]] == "Employer awareness"
    languages = {int(li["data-item"]): li.label.get("lang") for li in html.select("[data-testid=vote-item]")}
    assert languages[items["Employer awareness"]] == "en" and languages[items["Mentoring"]] is None  # read as English
    contexts = {int(li["data-item"]): text_of(li.select_one("[data-testid=item-context]"))
                for li in html.select("[data-testid=vote-item]") if li.select_one("[data-testid=item-context]")}
    assert contexts == {items["Mentoring"]: "Jumeler les nouveaux arrivants avec des gens de leur domaine",
                        items["Networking"]: "Events and introductions"}
    mentoring = html.select_one(f"#item_{items['Mentoring']}")
    assert mentoring["aria-describedby"] == f"item_{items['Mentoring']}-context"
    order = item_order(page)
    assert sorted(order) == sorted(items.values())
    assert item_order(french.get(f"votes/{ballot_id}")) == order  # a reload does not reshuffle
    others = [item_order(phone().get(f"votes/{ballot_id}")) for _ in range(4)]
    assert any(other != order for other in others)  # each phone its own order (8! orders)
    english = parse(phone().get(f"votes/{ballot_id}?lang=en"))
    assert text_of(english.h1) == "Which priorities matter most?"
    assert "Mentoring" in [text_of(li.label) for li in english.select("[data-testid=vote-item]")]

    # The results keep one order whatever order the phones saw: most dots first, then the vote's order.
    assert french.post(f"votes/{ballot_id}", data={f"item_{items['Job fairs']}": "2",
                                                   "client_id": "c1" * 8}).status_code in (200, 302, 303)
    results = client.get(f"/forums/{forum_id}/votes/{ballot_id}/results.json?lang=fr").json
    assert [item["id"] for item in results["items"]] == [items["Job fairs"]] + [
        items[line.partition("|")[0].strip()] for line in ITEMS if not line.startswith("Job fairs")]
    assert results["items"][0]["label"] == "Salons de l'emploi" and results["ballot"]["title"].startswith("Quelles")
    home = parse(french.get("?lang=fr"))
    assert "Vote : Quelles priorités comptent le plus ?" in text_of(home)


def test_a_vote_on_themes_gives_each_theme_an_example_idea_as_its_context(client, app, forum_setup, phone):
    from forum.models import Forum, IdeaCard
    from forum.services.analysis_runs import run_analysis
    from tests.forum.analysis_support import SMALL_FORUM_CARDS, add_cards

    forum_id = forum_setup["id"]
    with app.app_context():
        add_cards(forum_id, SMALL_FORUM_CARDS)
        run = run_analysis(db.session.get(Forum, forum_id))
        themes = {theme.id: db.session.get(IdeaCard, theme.representative_ids[0]).text for theme in run.themes}
    assert client.post(f"/forums/{forum_id}/votes", data={
        "title-en": "Themes", "dots": "3", "max_per_item": "2",
        "theme_ids": [str(i) for i in themes]}).status_code == 302
    with app.app_context():
        ballot = db.session.scalar(select(Ballot).where(Ballot.forum_id == forum_id))
        assert {item.theme_id: item.context.en for item in ballot.items} == themes
        ballot_id = ballot.id
    client.post(f"/forums/{forum_id}/votes/{ballot_id}/open")
    page = parse(phone().get(f"votes/{ballot_id}?lang=fr"))
    assert sorted(text_of(p) for p in page.select("[data-testid=item-context]")) == sorted(themes.values())


def test_a_one_dot_vote_speaks_of_one_dot_in_both_languages(client, app, forum_setup, phone):
    response = client.post(f"/forums/{forum_setup['id']}/votes", data={
        "title-en": "Your top priority", "dots": "1", "max_per_item": "1", "extra_items": "Mentoring\nInternships"})
    ballot_id = int(response.location.rsplit("/", 1)[1])
    assert client.post(f"/forums/{forum_setup['id']}/votes/{ballot_id}/open").status_code == 302
    device = phone()
    intro = {lang: text_of(parse(device.get(f"votes/{ballot_id}", query_string={"lang": lang})).select_one("section p"))
             for lang in ("en", "fr")}
    assert intro["en"].startswith("You have 1 dot. ") and intro["fr"].startswith("Vous avez 1 point. ")
    with app.app_context():
        items = [item.id for item in db.session.get(Ballot, ballot_id).items]
    over = device.send(f"votes/{ballot_id}", **{f"item_{item}": 1 for item in items})
    assert over.status_code == 422 and over.json["errors"]["form"] == [
        "Vous avez 1 point à placer\u00a0; retirez-en d'abord."]  # the language chosen last on this phone


def test_items_typed_without_a_bar_are_in_the_forum_s_own_language(client, app, organizer, make_forum):
    """On a forum in French only, "Mentorat" is the French label (not an English one the page then
    flags "French missing"); the same item twice is still refused."""
    forum_id = make_forum(organizer, languages="fr")
    response = client.post(f"/forums/{forum_id}/votes", data={
        "title-fr": "Vos priorités", "dots": "3", "max_per_item": "2",
        "extra_items": "Mentorat\nStages rémunérés | \nNetworking | Réseautage"})
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        ballot = db.session.scalar(select(Ballot).where(Ballot.forum_id == forum_id))
        assert [(item.label.en, item.label.fr) for item in ballot.items] == [
            (None, "Mentorat"), ("Stages rémunérés", None), ("Networking", "Réseautage")]
    twice = client.post(f"/forums/{forum_id}/votes", data={
        "title-fr": "Vos priorités", "dots": "3", "max_per_item": "2", "extra_items": "Mentorat\nmentorat"})
    assert twice.status_code == 422 and "“mentorat” is written twice" in text_of(parse(twice))
