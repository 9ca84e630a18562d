"""The series comparison counts a theme's cards as the report does: the cards deleted since the analysis
are out of its size, and a theme whose every card was deleted is no theme of the edition."""
from __future__ import annotations

from forum.extensions import db
from forum.models import Forum, IdeaCard
from forum.services.idea_cards import delete_card
from forum.services.reports import report_input
from tests.forum.test_live_priorities import members_by_theme
from tests.forum.test_series import new_series
from tests.html import parse, text_of


def test_the_series_themes_leave_out_the_cards_deleted_since_the_analysis(app, client, analysed):
    forum_id, _ids = analysed
    with app.app_context():
        members = members_by_theme(forum_id)
        largest, emptied = (sorted(members, key=lambda key: (-len(members[key]), key))[i] for i in (0, -1))
        for card_id in members[largest][:1] + members[emptied]:
            delete_card(db.session.get(IdeaCard, card_id))
        report = report_input(db.session.get(Forum, forum_id), "en")
        in_report = {theme["label"]: sum(idea.theme == theme["key"] for idea in report.ideas)
                     for theme in report.themes}
    series_id = new_series(client)
    assert client.post(f"/series/{series_id}/forums", data={"forum_id": forum_id}).status_code == 302
    tracks = parse(client.get(f"/series/{series_id}")).select('[data-testid="theme-tracks"] > li')
    shown = {text_of(track.h3): text_of(track.select_one(".track-editions > li")).rsplit(" · ", 1)[1]
             for track in tracks}
    assert shown == {label: f"{count} card" if count == 1 else f"{count} cards" for label, count in in_report.items()}
    assert len(shown) == len(members) - 1
