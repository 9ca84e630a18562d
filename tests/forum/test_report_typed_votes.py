"""A dot vote on items the organizer typed (not themes nor starred cards): its dots were counted in the report's
"voters" and "dots placed" figures, yet its results were in no format, and no priority's dots added up to them.
Every format now gives each such vote's results, as its results page ranks them (most dots first, whole percents of
the dots adding up to 100, the voters of each item), in English and French."""
from __future__ import annotations

import pytest

from forum.extensions import db
from forum.models.translated import Translated
from forum.services import ballots
from forum.services.participation import join
from tests.forum.test_report_figures_audit import _plain, formats

EXPECTED = {
    "en": ["Where should the next forum be held? (3 voters, 8 dots)", "Item Dots Share Voters",
           "City hall 5 63% 2", "Library 2 25% 2", "Community centre 1 12% 1", "Online 0 0% 0",
           "3 voters in the priority vote", "8 dots placed"],
    "fr": ["Où tenir le prochain forum ? (3 votants, 8 points)", "Option Points Part Votants",
           "Hôtel de ville 5 63 % 2", "Bibliothèque 2 25 % 2", "Centre communautaire 1 12 % 1", "En ligne 0 0 % 0",
           "3 votants au vote des priorités", "8 points attribués"],
}


@pytest.fixture
def typed_vote(app, forum_id):
    """A vote on four typed items: city hall 5 dots (2 voters), library 2 (2), community centre 1 (1), online 0."""
    with app.app_context():
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
        ballots.close_ballot(ballot)
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
