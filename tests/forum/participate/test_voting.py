"""Dot voting: the organizer's ballot, each phone's own dots within the limits, live results."""
import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import Ballot, IdeaCard, Translated
from tests.html import parse, text_of


@pytest.fixture
def ballot(app, client, forum_setup):
    """An open ballot (3 dots, at most 2 per item) on a starred card and two typed items."""
    with app.app_context():
        card = IdeaCard(forum_id=forum_setup["id"], text="Paid internships for newcomers", starred=True)
        db.session.add_all([card, IdeaCard(forum_id=forum_setup["id"], text="Not starred")])
        db.session.commit()
        card_id = card.id
    page = client.get(f"/forums/{forum_setup['id']}/votes")
    assert "Paid internships for newcomers" in page.text and "Not starred" not in page.text
    created = client.post(f"/forums/{forum_setup['id']}/votes", data={
        "title-en": "Top priorities", "dots": "3", "max_per_item": "2", "idea_ids": [str(card_id)],
        "extra_items": "Mentoring circles\n\nA shared job board\n"})
    assert created.status_code == 302
    client.get(created.location)  # the vote's page, as after creating it: it shows the notes said on creating it
    ballot_id = int(created.location.rsplit("/", 1)[1])
    with app.app_context():
        items = {str(item.label): item.id for item in db.session.get(Ballot, ballot_id).items}
    return {"id": ballot_id, "items": items, "forum_id": forum_setup["id"]}


def open_ballot(client, ballot):
    assert client.post(f"/forums/{ballot['forum_id']}/votes/{ballot['id']}/open").status_code == 302


def dots(ballot, **by_label):
    return {f"item_{ballot['items'][label]}": n for label, n in by_label.items()}


def results(client, ballot):
    data = client.get(f"/forums/{ballot['forum_id']}/votes/{ballot['id']}/results.json").json
    return data["voters"], {item["label"]: item["dots"] for item in data["items"]}


def test_ballot_form_checks_its_limits(client, forum_setup):
    url = f"/forums/{forum_setup['id']}/votes"
    too_few = client.post(url, data={"title-en": "T", "dots": "3", "max_per_item": "2", "extra_items": "Only one"})
    assert too_few.status_code == 422 and "at least two items" in too_few.text
    more_than_dots = client.post(url, data={"title-en": "T", "dots": "2", "max_per_item": "3", "extra_items": "A\nB"})
    assert more_than_dots.status_code == 422 and "cannot be more than the dots" in more_than_dots.text
    foreign_card = client.post(url, data={"title-en": "T", "dots": "3", "max_per_item": "2", "idea_ids": ["99999"],
                                          "extra_items": "A\nB"})
    assert foreign_card.status_code == 422
    twice = client.post(url + "?lang=fr", data={"title-en": "T", "dots": "3", "max_per_item": "2",
                                                "extra_items": "Mentoring\nInternships\nmentoring | Mentorat"})
    assert twice.status_code == 422 and "« mentoring » est écrit deux fois" in twice.text.replace("\u00a0", " ")


def test_a_vote_created_twice_by_a_double_tap_is_created_once(app, client, forum_setup):
    """The form sent twice carries the same client id: the second lands on the vote the first created."""
    page = parse(client.get(f"/forums/{forum_setup['id']}/votes?lang=fr"))
    fields = {"title-en": "Top priorities", "dots": "3", "max_per_item": "2", "extra_items": "Mentoring\nInternships",
              "client_id": page.select_one("input[name=client_id]")["value"]}
    first = client.post(f"/forums/{forum_setup['id']}/votes", data=fields)
    again = client.post(f"/forums/{forum_setup['id']}/votes", data=fields)
    assert first.status_code == again.status_code == 302 and again.location == first.location
    with app.app_context():
        assert len(db.session.scalars(select(Ballot).where(Ballot.forum_id == forum_setup["id"])).all()) == 1
    tampered = client.post(f"/forums/{forum_setup['id']}/votes?lang=fr", data={**fields, "client_id": "x" * 65})
    assert tampered.status_code == 422
    assert [text_of(p) for p in parse(tampered).select("[data-form-problems] p")] == [
        "Ce formulaire est incomplet. Rechargez la page et réessayez."]


def test_a_draft_ballot_is_not_shown_to_participants(phone, ballot):
    device = phone()
    assert "Top priorities" not in device.get().text
    assert device.get(f"votes/{ballot['id']}").status_code == 404


def test_spend_change_and_retry_dots(client, phone, ballot):
    open_ballot(client, ballot)
    device = phone()
    page = device.get(f"votes/{ballot['id']}")
    assert "You have 3 dots" in page.text and parse(page).select("input[type=number]")
    first = device.send(f"votes/{ballot['id']}", client_id="vote-client-1",
                        **dots(ballot, **{"Mentoring circles": 2, "A shared job board": 1}))
    assert first.status_code == 200 and first.json["spent"] == 3
    # The same submission again (a retry) is not counted twice.
    device.send(f"votes/{ballot['id']}", client_id="vote-client-1",
                **dots(ballot, **{"Mentoring circles": 2, "A shared job board": 1}))
    assert results(client, ballot) == (1, {"Mentoring circles": 2, "A shared job board": 1,
                                           "Paid internships for newcomers": 0})
    # Changing one's mind replaces the dots.
    device.send(f"votes/{ballot['id']}", **dots(ballot, **{"Paid internships for newcomers": 2}))
    assert results(client, ballot)[1]["Paid internships for newcomers"] == 2
    assert results(client, ballot)[1]["Mentoring circles"] == 0
    assert "2 of 3 dots spent" in device.get().text


def test_dots_over_the_limits_are_refused(client, phone, ballot):
    open_ballot(client, ballot)
    device = phone()
    over_total = device.send(f"votes/{ballot['id']}", **dots(ballot, **{"Mentoring circles": 2,
                                                                         "A shared job board": 2}))
    assert over_total.status_code == 422 and "3 dots to spend" in over_total.json["errors"]["form"][0]
    over_item = device.send(f"votes/{ballot['id']}", **dots(ballot, **{"Mentoring circles": 3}))
    assert over_item.status_code == 422
    negative = device.send(f"votes/{ballot['id']}", **dots(ballot, **{"Mentoring circles": -1}))
    assert negative.status_code == 422
    assert negative.json["errors"][f"item_{ballot['items']['Mentoring circles']}"] == ["Put from 0 to 2 dots on one item."]
    letters = device.send(f"votes/{ballot['id']}", **dots(ballot, **{"Mentoring circles": "abc"}))
    assert letters.status_code == 422
    assert letters.json["errors"][f"item_{ballot['items']['Mentoring circles']}"] == ["Not a valid integer value."]
    assert results(client, ballot) == (0, {"Mentoring circles": 0, "A shared job board": 0,
                                           "Paid internships for newcomers": 0})


def test_another_phone_cannot_use_the_first_phones_dots(client, phone, ballot):
    open_ballot(client, ballot)
    first, second = phone(), phone()
    first.send(f"votes/{ballot['id']}", client_id="first-phone-vote", **dots(ballot, **{"Mentoring circles": 2}))
    replay = second.send(f"votes/{ballot['id']}", client_id="first-phone-vote",
                         **dots(ballot, **{"A shared job board": 2}))
    assert replay.status_code == 409
    own = second.send(f"votes/{ballot['id']}", **dots(ballot, **{"Mentoring circles": 2, "A shared job board": 1}))
    assert own.status_code == 200
    assert results(client, ballot) == (2, {"Mentoring circles": 4, "A shared job board": 1,
                                           "Paid internships for newcomers": 0})


def test_closed_ballot_keeps_its_dots(client, phone, ballot):
    open_ballot(client, ballot)
    device = phone()
    device.send(f"votes/{ballot['id']}", **dots(ballot, **{"Mentoring circles": 1}))
    client.post(f"/forums/{ballot['forum_id']}/votes/{ballot['id']}/close", data={"confirmed": "yes"})
    for lang, heading, text in (("en", "The vote “Top priorities” is closed",
                                 "Anything you already sent is saved."),
                                ("fr", "Le vote « Quelles priorités comptent le plus ? » est fermé",
                                 "Ce que vous avez déjà envoyé est enregistré.")):
        page = parse(device.get(f"votes/{ballot['id']}?lang={lang}"))
        assert (text_of(page.select_one("h1")), text_of(page.select_one("h1").find_next("p"))) == (heading, text)
    assert device.send(f"votes/{ballot['id']}", **dots(ballot, **{"Mentoring circles": 2})).status_code == 409
    assert results(client, ballot)[1]["Mentoring circles"] == 1


def test_closing_a_vote_is_asked_first(app, client, ballot):
    """A mis-tap on a phone mid-forum does not close the vote: a page asks, like Close everything."""
    open_ballot(client, ballot)
    url = f"/forums/{ballot['forum_id']}/votes/{ballot['id']}/close"
    asked = parse(client.post(f"{url}?lang=fr"))
    assert text_of(asked.h1) == "Fermer le vote « Quelles priorités comptent le plus ? » ?"
    assert asked.select_one(f"form[action='{url}?lang=fr'] input[name=confirmed]")["value"] == "yes"
    assert asked.select_one("a.button")["href"] == f"/forums/{ballot['forum_id']}/votes/{ballot['id']}"
    with app.app_context():
        assert db.session.get(Ballot, ballot["id"]).status == "open"
    assert client.post(url, data={"confirmed": "yes"}).status_code == 302
    with app.app_context():
        assert db.session.get(Ballot, ballot["id"]).status == "closed"


def test_organizer_page_and_json_show_live_results(client, phone, ballot):
    open_ballot(client, ballot)
    phone().send(f"votes/{ballot['id']}", **dots(ballot, **{"A shared job board": 2}))
    page = client.get(f"/forums/{ballot['forum_id']}/votes/{ballot['id']}")
    assert "1 voter" in page.text and parse(page).select("[data-live]")
    partial = client.get(f"/forums/{ballot['forum_id']}/votes/{ballot['id']}?partial=1")
    assert parse(partial).find("html") is None  # only the results, to swap into the open page
    assert parse(partial).select_one("[data-version]")["data-version"].startswith("open:1:")
    data = client.get(f"/forums/{ballot['forum_id']}/votes/{ballot['id']}/results.json").json
    assert data["items"][0] == {"id": ballot["items"]["A shared job board"], "label": "A shared job board", "context": None,
                                "dots": 2, "voters": 1, "share_of_top": 1.0}
    assert data["ballot"]["status"] == "open" and data["dots"] == 2


def test_ballot_list_counts_items_and_voters(client, phone, ballot):
    open_ballot(client, ballot)
    for device in (phone(), phone()):
        device.send(f"votes/{ballot['id']}", **dots(ballot, **{"Mentoring circles": 1}))
    page = client.get(f"/forums/{ballot['forum_id']}/votes").text
    assert ["3", "2"] in [[text_of(cell) for cell in row.select("td.num")] for row in parse(page).find_all("tr")]


def test_delete_and_foreign_organizer(app, client, ballot, make_organizer, auth):
    make_organizer("other@example.org")
    auth.logout()
    auth.login("other@example.org")
    assert client.get(f"/forums/{ballot['forum_id']}/votes/{ballot['id']}").status_code == 404
    assert client.get(f"/forums/{ballot['forum_id']}/votes/{ballot['id']}/results.json").status_code == 404
    assert client.post(f"/forums/{ballot['forum_id']}/votes/{ballot['id']}/delete").status_code == 404
    auth.logout()
    auth.login()
    url = f"/forums/{ballot['forum_id']}/votes/{ballot['id']}/delete"
    asked = client.post(url)
    assert asked.status_code == 200 and "Delete the vote “Top priorities”?" in asked.text
    assert "The vote and the 0 dots placed on it are deleted. This cannot be undone." in asked.text
    with app.app_context():
        assert db.session.scalar(select(Ballot.id)) == ballot["id"]  # nothing deleted before confirming
    assert client.post(url, data={"confirmed": "yes"}).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(Ballot.id)) is None


def test_themes_of_the_latest_finished_analysis_can_be_voted_on(app, client, forum_setup):
    from forum.models import AnalysisRun, Theme

    with app.app_context():
        old = AnalysisRun(forum_id=forum_setup["id"], status="done")
        latest = AnalysisRun(forum_id=forum_setup["id"], status="done")
        db.session.add_all([old, latest])
        db.session.flush()
        db.session.add_all([
            Theme(run_id=old.id, forum_id=forum_setup["id"], key="t0", label=Translated("Outdated theme")),
            Theme(run_id=latest.id, forum_id=forum_setup["id"], key="t1", label=Translated("Mentoring"), position=0),
            Theme(run_id=latest.id, forum_id=forum_setup["id"], key="t2", label=Translated("Credentials"), position=1)])
        db.session.commit()
        theme_ids = list(db.session.scalars(select(Theme.id).where(Theme.run_id == latest.id)))
    page = client.get(f"/forums/{forum_setup['id']}/votes")
    assert "Themes of the latest analysis" in page.text and "Outdated theme" not in page.text
    created = client.post(f"/forums/{forum_setup['id']}/votes", data={
        "title-en": "Themes", "dots": "3", "max_per_item": "2", "theme_ids": [str(i) for i in theme_ids]})
    assert created.status_code == 302
    with app.app_context():
        ballot = db.session.scalar(select(Ballot))
        assert [(str(item.label), item.theme_id) for item in ballot.items] == list(zip(["Mentoring", "Credentials"],
                                                                                 theme_ids))


def test_a_burst_of_new_voters_is_flagged_on_the_results(app, client, phone, ballot):
    from datetime import timedelta

    from forum.models import Participant

    app.config.update(VOTER_BURST_SIZE=3, VOTER_BURST_SECONDS=60)
    open_ballot(client, ballot)
    for _ in range(3):
        assert phone().send(f"votes/{ballot['id']}", **dots(ballot, **{"Mentoring circles": 1})).status_code == 200
    page = client.get(f"/forums/{ballot['forum_id']}/votes/{ballot['id']}")
    assert page.text.count('data-testid="voter-burst"') == 1 and "3 voters joined the forum between" in page.text
    with app.app_context():  # the same three voters, joining minutes apart: no burst
        for minutes, participant in enumerate(db.session.scalars(select(Participant))):
            participant.created_at -= timedelta(minutes=2 * minutes)
        db.session.commit()
    page = client.get(f"/forums/{ballot['forum_id']}/votes/{ballot['id']}?partial=1")
    assert 'data-testid="voter-burst"' not in page.text and "3 voters" in page.text


def test_a_typed_item_that_shows_nothing_is_no_item(client, forum_setup):
    url = f"/forums/{forum_setup['id']}/votes"
    invisible = client.post(url, data={"title-en": "T", "dots": "3", "max_per_item": "2",
                                       "extra_items": "Mentoring\n\u200b\n\u2060 | \ufeff\n \u200f "})
    assert invisible.status_code == 422 and "at least two items" in invisible.text


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_refused_number_of_dots_is_marked_invalid_for_screen_readers(client, phone, ballot, lang):
    """The page sent back without script: the refused item's number says it is invalid and reads out its message."""
    open_ballot(client, ballot)
    device = phone()
    refused = device.post(f"votes/{ballot['id']}?lang={lang}", data={
        "client_id": "vote-client-1", **dots(ballot, **{"Mentoring circles": 3, "A shared job board": 1})})
    assert refused.status_code == 422
    page = parse(refused)
    mentoring = page.select_one(f"#item_{ballot['items']['Mentoring circles']}")
    assert mentoring["aria-invalid"] == "true"
    assert f"{mentoring['id']}-error" in mentoring["aria-describedby"].split()
    assert text_of(page.select_one(f"#{mentoring['id']}-error")) == {
        "en": "Put from 0 to 2 dots on one item.", "fr": "Placez de 0 à 2 points sur un même élément."}[lang]
    assert not page.select_one(f"#item_{ballot['items']['A shared job board']}").has_attr("aria-invalid")


def test_the_results_as_json_are_a_plain_export_link_not_one_of_the_votes_buttons(client, ballot):
    page = parse(client.get(f"/forums/{ballot['forum_id']}/votes/{ballot['id']}"))
    json_url = f"/forums/{ballot['forum_id']}/votes/{ballot['id']}/results.json"
    [link] = [a for a in page.find_all("a") if a.get("href") == json_url]
    assert text_of(link) == "Results as JSON" and "button" not in link.get("class", [])
    assert link.find_parent(class_="actions") is None
    assert link.find_parent(attrs={"data-testid": "ballot-exports"}) is not None


@pytest.mark.parametrize("lang, headings", [
    ("en", ["Collaboration ideas", "Best practices", "Challenges", "No round"]),
    ("fr", ["Idées de collaboration", "Pratiques exemplaires", "Défis", "Sans tour"])])
def test_the_starred_cards_to_vote_on_are_listed_under_their_round_in_the_forums_order(app, client, forum_setup,
                                                                                      lang, headings):
    with app.app_context():
        from forum.models import Forum

        forum = db.session.get(Forum, forum_setup["id"])
        rounds = {r.key: r for r in forum.rounds}
        rounds["collaboration"].position = -1  # moved first by the organizer: the forum's order, not the rounds' ids
        db.session.add_all([
            IdeaCard(forum_id=forum.id, round_id=rounds["challenges"].id, text="Credentials take years", starred=True),
            IdeaCard(forum_id=forum.id, text="A card of no round", starred=True),
            IdeaCard(forum_id=forum.id, round_id=rounds["best_practices"].id, text="Paid internships", starred=True),
            IdeaCard(forum_id=forum.id, round_id=rounds["collaboration"].id, text="Shared job board", starred=True),
            IdeaCard(forum_id=forum.id, round_id=rounds["challenges"].id, text="No Canadian experience",
                     starred=True),
            IdeaCard(forum_id=forum.id, round_id=rounds["challenges"].id, text="Not starred"),
        ])
        db.session.commit()
    page = parse(client.get(f"/forums/{forum_setup['id']}/votes?lang={lang}"))
    groups = page.select("fieldset.choice-group [role=group]")
    assert [text_of(page.select_one("#" + group["aria-labelledby"])) for group in groups] == headings
    assert all(page.select_one("#" + group["aria-labelledby"]).name == "h3" for group in groups)
    assert [[text_of(label) for label in group.select("label.option")] for group in groups] == [
        ["Shared job board"], ["Paid internships"], ["Credentials take years", "No Canadian experience"],
        ["A card of no round"]]
