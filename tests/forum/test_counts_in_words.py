"""Counts read as a person writes them, in English and French: "1 card", and in French "0 fiche"
and "1 fiche" (French puts 0 and 1 in the singular)."""
from __future__ import annotations

from forum.models import Translated
from forum.services.ballots import ItemChoice, create_ballot
from tests.forum.analysis_support import add_cards
from tests.html import parse, text_of


def test_card_counts_agree_with_their_number(client, forum_id, in_app):
    in_app(lambda: add_cards(forum_id, [("Mentoring circles for newcomers", None)]))
    ideas = parse(client.get(f"/forums/{forum_id}/ideas?lang=en"))
    assert text_of(ideas.select_one("[data-testid=result-count]")).startswith("1 card ·")
    deleted = parse(client.get(f"/forums/{forum_id}/ideas?lang=fr&deleted=1"))
    assert text_of(deleted.select_one("[data-testid=result-count]")).startswith("0 fiche ·")
    rounds = parse(client.get(f"/forums/{forum_id}/rounds?lang=fr"))
    rounds = [text_of(count) for count in rounds.select(".row-actions .muted")]
    assert rounds[:2] == ["1 fiche", "0 fiche"]
    capture = parse(client.get(f"/forums/{forum_id}/capture?lang=fr"))
    assert "0 fiche" in [text_of(p) for p in capture.select("p.muted.small")]


def test_an_analysis_with_one_theme_says_so_in_the_singular(client, forum_id, in_app):
    in_app(lambda: add_cards(forum_id, [("Mentoring circles for newcomers", None),
                                        ("Mentoring programs for newcomers", None)]))
    response = client.post(f"/forums/{forum_id}/analysis/run?lang=fr")
    assert response.status_code == 302
    page = parse(client.get(f"/forums/{forum_id}/analysis/themes?lang=fr"))
    assert "Analyse terminée : 1 thème tiré de 2 fiches." in [text_of(flash) for flash in page.select(".flash")]
    assert text_of(page.select_one("main p.muted")).startswith("1 thème tiré de 2 fiches, analyse du ")


def test_a_one_dot_vote_says_dot_in_the_singular(client, forum_id, in_app):
    ballot_id = in_app(lambda: create_ballot(forum_id, title=Translated("Top priority"), dots=1, max_per_item=1,
                                             items=[ItemChoice(Translated("Mentoring")), ItemChoice(Translated("Jobs"))]))
    page = parse(client.get(f"/forums/{forum_id}/votes/{ballot_id}?lang=fr"))
    assert text_of(page.select_one("main h1 + p.muted")).startswith("1 point par participant, au plus 1 sur un même élément.")
    page = parse(client.get(f"/forums/{forum_id}/votes/{ballot_id}?lang=en"))
    assert text_of(page.select_one("main h1 + p.muted")).startswith("1 dot per participant, at most 1 on one item.")
