"""A dot vote on items the organizer typed (not themes nor starred cards): its dots were counted in the report's
"voters" and "dots placed" figures, yet its results were in no format, and no priority's dots added up to them.
Every format now gives each such vote's results, as its results page ranks them (most dots first, whole percents of
the dots adding up to 100, the voters of each item), in English and French."""
from __future__ import annotations

import pytest

from forum.extensions import db
from forum.models import Theme
from forum.models.translated import Translated
from forum.services import ballots
from forum.services.participation import join
from tests.forum.test_report_figures_audit import _plain, formats

EXPECTED = {
    "en": ["Where should the next forum be held? (3 voters, 8 dots)", "Item Dots Share Voters",
           "City hall 5 63% 2", "Library 2 25% 2", "Community centre 1 12% 1", "Online 0 0% 0",
           "3 voters in the vote", "8 dots placed"],
    "fr": ["Où tenir le prochain forum ? (3 votants, 8 points)", "Option Points Part Votants",
           "Hôtel de ville 5 63 % 2", "Bibliothèque 2 25 % 2", "Centre communautaire 1 12 % 1", "En ligne 0 0 % 0",
           "3 votants au vote", "8 points attribués"],
}


PRIORITY_VOTE = {"en": "priority vote", "fr": "vote des priorités"}
BOTH = {"en": ["2 voters in the priority vote", "5 dots placed", "3 voters in the other vote",
               "8 dots placed in the other vote"],
        "fr": ["2 votants au vote des priorités", "5 points attribués", "3 votants à l'autre vote",
               "8 points attribués à l'autre vote"]}
STILL_OPEN = {"en": "This vote was still open on", "fr": "Ce vote était encore ouvert le"}


def _typed_ballot(forum_id: int, close: bool = True) -> int:
    labels = [Translated("City hall", "Hôtel de ville"), Translated("Library", "Bibliothèque"),
              Translated("Community centre", "Centre communautaire"), Translated("Online", "En ligne")]
    ballot = ballots.create_ballot(forum_id, title=Translated("Where should the next forum be held?",
                                                              "Où tenir le prochain forum ?"),
                                   dots=3, max_per_item=3, items=[ballots.ItemChoice(label=l) for l in labels])
    ballots.open_ballot(ballot)
    items = [item.id for item in db.session.get(ballots.Ballot, ballot).items]
    for device, placed in (("phone-1", {0: 3}), ("phone-2", {0: 2, 1: 1}), ("phone-3", {1: 1, 2: 1})):
        join(forum_id, device, "en")
        ballots.cast_dots(ballot, device, f"vote-{device}", {items[n]: dots for n, dots in placed.items()})
    if close:
        ballots.close_ballot(ballot)
    return ballot


@pytest.fixture
def typed_vote(app, forum_id):
    """A vote on four typed items: city hall 5 dots (2 voters), library 2 (2), community centre 1 (1), online 0."""
    with app.app_context():
        _typed_ballot(forum_id)
        db.session.commit()
    return forum_id


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_format_gives_the_results_of_a_vote_on_typed_items(client, typed_vote, lang):
    texts = formats(client, typed_vote, lang)
    for fmt in ("html", "docx", "pdf", "md"):
        for line in EXPECTED[lang]:
            assert _plain(line) in texts[fmt], (lang, fmt, line)
        said = [texts[fmt].index(_plain(line)) for line in EXPECTED[lang][2:6]]
        assert said == sorted(said), (lang, fmt)


def test_a_vote_on_typed_items_alone_is_no_priority_vote_in_the_figures(client, typed_vote):
    for lang in ("en", "fr"):
        texts = formats(client, typed_vote, lang)
        for fmt in ("html", "docx", "pdf", "md", "brief"):
            assert PRIORITY_VOTE[lang] not in texts[fmt], (lang, fmt)


@pytest.fixture
def both_votes(app, analysed):
    """The analysed small forum with a priority vote on its themes (2 phones, 5 dots) and a vote on typed items still
    open (3 phones, 8 dots; one phone voted in both)."""
    forum_id, _ids = analysed
    with app.app_context():
        themes = list(db.session.scalars(db.select(Theme).where(Theme.forum_id == forum_id)))
        ballot = ballots.create_ballot(forum_id, title=Translated("Priorities", "Priorités"), dots=3, max_per_item=3,
                                       items=[ballots.ItemChoice(label=theme.label, theme_id=theme.id)
                                              for theme in themes])
        ballots.open_ballot(ballot)
        items = [item.id for item in db.session.get(ballots.Ballot, ballot).items]
        for device, placed in (("phone-1", {0: 3}), ("phone-9", {0: 1, 1: 1})):
            join(forum_id, device, "en")
            ballots.cast_dots(ballot, device, f"priority-{device}", {items[n]: dots for n, dots in placed.items()})
        ballots.close_ballot(ballot)
        _typed_ballot(forum_id, close=False)
        db.session.commit()
    return forum_id


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_figures_count_the_priority_vote_apart_from_the_vote_on_typed_items(client, both_votes, lang):
    texts = formats(client, both_votes, lang)
    for fmt in ("html", "docx", "pdf", "md", "brief"):
        for figure in BOTH[lang]:
            assert _plain(figure) in texts[fmt], (lang, fmt, figure)
    for fmt in ("html", "docx", "pdf", "md"):
        # the typed vote still open is said under its results, not as the priority vote's
        assert texts[fmt].count(_plain(STILL_OPEN[lang])) == 1, (lang, fmt)
        assert "priority vote was still open" not in texts[fmt] and "vote des priorités était" not in texts[fmt]


MIXED = {"en": ["2 voters in the priority vote", "4 dots placed", "1 voter on the other items",
                "2 dots placed on the other items", "4 dots in the priority vote",
                "Where shall we meet, and what matters most? (1 voter, 2 dots)", "City hall 2 100% 1",
                "The priority vote was still open on", "This vote was still open on"],
         "fr": ["2 votants au vote des priorités", "4 points attribués", "1 votant aux autres options",
                "2 points attribués aux autres options", "4 points au vote des priorités",
                "Où se retrouver, et qu'est-ce qui compte le plus ? (1 votant, 2 points)", "Hôtel de ville 2 100 % 1",
                "Le vote des priorités était encore ouvert le", "Ce vote était encore ouvert le"]}


def _mixed_ballot(forum_id: int, typed: list[Translated], placed_by: dict[str, dict[int, int]]) -> None:
    """A vote, left open, on the forum's first theme then the ``typed`` items; ``placed_by``: each phone's dots by the
    item's place (0: the theme)."""
    theme = db.session.scalars(db.select(Theme).where(Theme.forum_id == forum_id).order_by(Theme.id)).first()
    items = [ballots.ItemChoice(label=theme.label, theme_id=theme.id)] + [ballots.ItemChoice(label=label)
                                                                         for label in typed]
    ballot = ballots.create_ballot(forum_id, title=Translated("Where shall we meet, and what matters most?",
                                                              "Où se retrouver, et qu'est-ce qui compte le plus ?"),
                                   dots=3, max_per_item=3, items=items)
    ballots.open_ballot(ballot)
    ids = [item.id for item in db.session.get(ballots.Ballot, ballot).items]
    for device, placed in placed_by.items():
        join(forum_id, device, "en")
        ballots.cast_dots(ballot, device, f"mixed-{device}", {ids[n]: dots for n, dots in placed.items()})


@pytest.fixture
def mixed_vote(app, analysed):
    """The analysed small forum with one vote, still open, mixing a theme and two typed items (the organizer's form
    allows it): phone-1 3 dots on the theme, phone-2 1 on the theme and 2 on "City hall"."""
    forum_id, _ids = analysed
    with app.app_context():
        _mixed_ballot(forum_id, [Translated("City hall", "Hôtel de ville"), Translated("Online", "En ligne")],
                      {"phone-1": {0: 3}, "phone-2": {0: 1, 1: 2}})
        db.session.commit()
    return forum_id


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_vote_mixing_a_theme_and_typed_items_counts_each_dot_by_its_item(client, mixed_vote, lang):
    """The theme's dots are priority dots (the priorities rank with them), the typed item's other dots; the vote, open,
    is said open as the priority vote; its results list only its typed items. It was all "other" before: the figures
    said no priority vote while the theme ranked with 4 dots, and the priority vote's open note was gone."""
    texts = formats(client, mixed_vote, lang)
    for fmt in ("html", "docx", "pdf", "md"):
        for line in MIXED[lang]:
            assert _plain(line) in texts[fmt], (lang, fmt, line)
        # the theme is not a row of the typed items' table (its dots are the priorities')
        assert "Online 0 0% 0" in texts[fmt] if lang == "en" else "En ligne 0 0 % 0" in texts[fmt], (lang, fmt)
        assert ("3 voters" if lang == "en" else "3 votants") not in texts[fmt], (lang, fmt)
    for figure in MIXED[lang][:4]:
        assert _plain(figure) in texts["brief"], (lang, figure)


ONE_TYPED_ITEM = {"en": ["2 voters on the other item", "3 dots placed on the other item"],
                  "fr": ["2 votants à l'autre option", "3 points attribués à l'autre option"]}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_vote_mixing_a_theme_and_one_typed_item_says_its_dots_are_on_the_other_item(app, client, analysed, lang):
    """The typed item's dots are in the same vote as the theme's: no "other vote" to speak of ("1 voter in the other
    vote" read as if there were two votes), and its one item is said in the singular."""
    forum_id, _ids = analysed
    with app.app_context():
        _mixed_ballot(forum_id, [Translated("City hall", "Hôtel de ville")],
                      {"phone-1": {0: 2, 1: 1}, "phone-2": {1: 2}})
        db.session.commit()
    texts = formats(client, forum_id, lang)
    for fmt in ("html", "docx", "pdf", "md", "brief"):
        for figure in ONE_TYPED_ITEM[lang]:
            assert _plain(figure) in texts[fmt], (lang, fmt, figure)
        assert ("other vote" if lang == "en" else "autre vote") not in texts[fmt], (lang, fmt)
