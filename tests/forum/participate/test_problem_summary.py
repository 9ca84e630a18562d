"""A form sent back with problems says in its box, which takes the focus, which questions they are
and what each needs, each question a link to its answer: a screen reader hears them at once."""
from tests.forum.test_committee import plan  # noqa: F401  (a fixture)
from tests.html import parse, text_of

from .conftest import client_id_in
from .test_blank_answers import REQUIRED, require
from .test_voting import ballot, dots, open_ballot  # noqa: F401  (ballot is a fixture)


def summary(page) -> list[tuple[str, str]]:
    """Each problem of the box as (its link's target, its text, no-break spaces read as spaces)."""
    return [(item.a["href"], text_of(item)) for item in parse(page).select("#form-problems li")]


def test_the_evaluation_s_problems_are_listed_in_french_with_links_to_their_questions(app, phone, forum_setup):
    require(app, forum_setup["id"], "rating")
    require(app, forum_setup["id"], "takeaway")
    device = phone()
    client_id = client_id_in(device.get("evaluation?lang=fr").text)
    page = device.post("evaluation?lang=fr", data={"client_id": client_id, "q_takeaway": " "})
    assert page.status_code == 422
    assert summary(page) == [
        ("#q_rating-0", f"Dans l'ensemble, comment évaluez-vous ce forum ? — {REQUIRED['fr']}"),
        ("#q_takeaway", f"Quelle est une chose que vous retenez d'aujourd'hui ? — {REQUIRED['fr']}")]
    assert parse(page).select_one("#q_rating-0")  # the first choice, which a link's click focuses


def test_a_refused_number_of_dots_is_listed_with_its_item(client, phone, ballot):  # noqa: F811
    open_ballot(client, ballot)
    device = phone()
    page = device.post(f"votes/{ballot['id']}", data={"client_id": "vote-client-1",
                                                       **dots(ballot, **{"A shared job board": 5})})
    assert page.status_code == 422
    assert summary(page) == [(f"#item_{ballot['items']['A shared job board']}",
                              "A shared job board — Put from 0 to 2 dots on one item.")]



def test_a_refused_committee_sign_up_lists_its_fields_in_french(phone):
    device = phone()
    client_id = client_id_in(device.get("steering-committee?lang=fr").text)
    page = device.post("steering-committee?lang=fr", data={"client_id": client_id, "name": " ", "email": "kim@"})
    assert page.status_code == 422
    assert summary(page) == [("#name", "Votre nom — Indiquez votre nom."),
                             ("#email", "Votre courriel — Ce n'est pas une adresse courriel valide.")]


def test_a_refused_proposal_lists_its_field_on_the_members_page(client, plan):
    page = client.post(f"/c/{plan['token']}/proposals", data={"client_id": "proposal-1", "title": " "})
    assert page.status_code == 422
    assert summary(page) == [("#title", "What could be done — This field is required.")]
    assert parse(page).select_one("#title")
