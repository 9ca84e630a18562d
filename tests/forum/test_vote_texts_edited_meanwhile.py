"""Two organizers editing a vote's texts at once: a text only the other changed is kept as they left it, a text
both changed is refused (409) with what it holds now and the form keeping what was typed, and a vote deleted
meanwhile says so (404)."""
from __future__ import annotations

import pytest

from forum.extensions import db
from forum.models import Ballot, BallotItem, Translated
from tests.conftest import member_client
from tests.html import parse, text_of

FRENCH = {"Accept-Language": "fr-CA,fr;q=0.9"}


@pytest.fixture
def ballot(app, forum_id):
    """A vote of two items; returns (its id, the items' ids)."""
    with app.app_context():
        vote = Ballot(forum_id=forum_id, title=Translated("Lunch or not", "Dîner ou pas"), status="draft",
                      items=[BallotItem(label=Translated("Lunch", "Dîner")),
                             BallotItem(label=Translated("No lunch", "Pas de dîner"), position=1)])
        db.session.add(vote)
        db.session.commit()
        return vote.id, [item.id for item in vote.items]


def texts_form(page) -> dict:
    form = parse(page).select_one("#texts form")
    return {field["name"]: field.get("value", "") for field in form.select("input[name]")}


def test_vote_texts_changed_meanwhile_are_kept_or_refused_not_overwritten(app, client, forum_id, ballot):
    ballot_id, (lunch, no_lunch) = ballot
    page, url = f"/forums/{forum_id}/votes/{ballot_id}", f"/forums/{forum_id}/votes/{ballot_id}/texts"
    mine = texts_form(client.get(page))
    claire = member_client(app, forum_id, "organizer", "claire@example.org", "Claire Tremblay")
    assert claire.post(url, data={**texts_form(claire.get(page)), f"label_{lunch}-fr": "Déjeuner"}).status_code == 302

    saved = client.post(url, data={**mine, "title-en": "Lunch, or not?"}, follow_redirects=True)
    assert ("Saved. Someone else changed Item 1 (French) meanwhile, which you had left as it was: their change is "
            "kept.") in text_of(parse(saved).select_one(".flashes"))
    with app.app_context():
        vote = db.session.get(Ballot, ballot_id)
        assert (vote.title.en, vote.items[0].label.fr) == ("Lunch, or not?", "Déjeuner")

    mine = texts_form(client.get(page, headers=FRENCH))
    assert claire.post(url, data={**texts_form(claire.get(page)), f"label_{no_lunch}-en": "Skip lunch"}
                       ).status_code == 302
    refused = client.post(url, data={**mine, f"label_{no_lunch}-en": "No lunch break"}, headers=FRENCH)
    assert refused.status_code == 409
    box = parse(refused).select_one("#texts [data-testid=changed-meanwhile]")
    assert box["role"] == "alert" and parse(refused).select_one("details#texts").has_attr("open")
    assert [(text_of(dt), text_of(dd)) for dt, dd in zip(box.select("dt"), box.select("dd"))] == [
        ("Élément 2 (Anglais)", "Skip lunch")]
    kept = texts_form(refused)
    assert kept[f"label_{no_lunch}-en"] == "No lunch break"
    with app.app_context():
        assert db.session.get(Ballot, ballot_id).items[1].label.en == "Skip lunch"
    assert client.post(url, data=kept).status_code == 302  # saved again from that page, it replaces Claire's
    with app.app_context():
        assert db.session.get(Ballot, ballot_id).items[1].label.en == "No lunch break"


def test_a_vote_deleted_meanwhile_says_so(app, client, forum_id, ballot):
    ballot_id, _items = ballot
    page, url = f"/forums/{forum_id}/votes/{ballot_id}", f"/forums/{forum_id}/votes/{ballot_id}/texts"
    mine = texts_form(client.get(page))
    claire = member_client(app, forum_id, "organizer", "claire@example.org", "Claire Tremblay")
    assert claire.post(f"{page}/delete", data={"confirmed": "yes"}).status_code == 302
    gone = client.post(url, data={**mine, "title-en": "Lunch?"})
    assert gone.status_code == 404
    assert ("This vote is no longer in the forum: someone may have deleted it while you had the page open. Nothing "
            "was saved.") in text_of(parse(gone).select_one("main"))
    closed = client.post(f"{page}/close", data={"confirmed": "yes"})
    assert closed.status_code == 404
    assert "This vote is no longer in the forum" in text_of(parse(closed).select_one("main"))
