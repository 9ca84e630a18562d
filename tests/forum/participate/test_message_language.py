"""A message for the next page is translated when that page shows it: a participant whose redirect after
sending the evaluation did not arrive (the venue's Wi-Fi), and who then switches to French, reads
"saved" in French on the French page, not in English; the same for the way to the login page."""
from __future__ import annotations

from tests.html import parse

from .conftest import client_id_in
from .test_voting import ballot, dots, open_ballot  # noqa: F401  (a fixture)


def flashes(response) -> list[str]:
    return [flash.get_text(strip=True) for flash in parse(response.get_data(as_text=True)).select(".flash")]


def test_the_saved_message_is_in_the_language_of_the_page_that_shows_it(phone):
    device = phone()
    answers = {"client_id": client_id_in(device.get("evaluation?lang=en").text), "q_rating": "4",
               "q_annual": "yes", "q_wants_involvement": "yes"}
    assert device.post("evaluation", data=answers).status_code == 302  # its redirect lost on the way
    french = device.get("?lang=fr")  # the language switch, tapped next
    assert parse(french.get_data(as_text=True)).html["lang"] == "fr"
    assert flashes(french) == ["Merci, vos réponses sont enregistrées."]


def test_a_message_with_figures_keeps_them_in_the_other_language(client, phone, ballot):  # noqa: F811
    open_ballot(client, ballot)
    device = phone()
    form = {"client_id": client_id_in(device.get(f"votes/{ballot['id']}?lang=en").text),
            **dots(ballot, **{"Mentoring circles": 2})}
    assert device.post(f"votes/{ballot['id']}", data=form).status_code == 302
    assert flashes(device.get("?lang=fr")) == ["Vos points sont enregistrés (2 sur 3)."]


def test_the_word_on_the_way_to_the_login_page_is_in_the_language_it_is_read_in(client):
    assert client.get("/capture?lang=en").status_code == 302
    assert flashes(client.get("/login?lang=fr")) == ["Connectez-vous pour ouvrir cette page."]


def test_a_json_answer_names_the_language_of_its_message(app, phone, forum_setup):
    """The phone's script marks the message it writes with the language the server wrote it in (a French page
    may be answered in English: answers sent from the queue once the person's language was no longer known):
    saved, refused for its answers, refused for the forum (closed meanwhile)."""
    from forum.extensions import db
    from forum.models import Forum

    device = phone()
    french, english = {"Accept-Language": "fr-CA"}, {"Accept-Language": "en-CA"}

    def send(headers, rating="4"):
        return device.post("evaluation", json={"client_id": "abcdefgh12", "q_rating": rating}, headers=headers)

    saved = send(french)
    assert (saved.json["message"], saved.json["lang"]) == ("Merci, vos réponses sont enregistrées.", "fr")
    assert (send(english).json["message"], send(english).json["lang"]) == ("Your answers are updated.", "en")
    refused = send(french, "9")
    assert refused.status_code == 422 and refused.json["lang"] == "fr"
    with app.app_context():
        db.session.get(Forum, forum_setup["id"]).evaluation_open = False
        db.session.commit()
    closed = send(french)
    assert closed.status_code == 409 and closed.json["lang"] == "fr" and closed.json["error"]
