"""An action item carried over to the next edition keeps its theme's name of last year as text; this year's analysis
links it to the theme continuing that one (its codebook code's), and its history says where it came from."""
from __future__ import annotations

import pytest
from sqlalchemy import delete, select

from forum.extensions import db
from forum.models import ActionItem, CodebookCode, Forum, IdeaTheme, Theme, Translated
from forum.services.analysis_runs import latest_run, run_analysis
from tests.forum.analysis_support import add_cards
from tests.forum.test_series import demo, start_edition  # noqa: F401 (the fixture)
from tests.html import parse, text_of

WORKSHOP = "Run an unconscious-bias workshop for hiring managers"
PLACEMENTS = "Pilot paid six-week placements with five employers"


def _themed_last_year(app, demo):
    """The workshop about last year's first theme, the placements about its second: the cards of both themes, the
    items' priority names, and the first theme's key, the second's and the first's label."""
    with app.app_context():
        run = latest_run(db.session.get(Forum, demo))
        first, second = run.themes[0], run.themes[1]
        names = {WORKSHOP: first.label, PLACEMENTS: second.label}
        for item in db.session.scalars(select(ActionItem).where(ActionItem.forum_id == demo)):
            if item.title.en in names:
                item.theme_id = (first if item.title.en == WORKSHOP else second).id
                item.priority_label = names[item.title.en]
        cards = [(idea.idea.text, None) for idea in db.session.scalars(
            select(IdeaTheme).where(IdeaTheme.theme_id.in_((first.id, second.id))))]
        db.session.commit()
        return cards, names, (first.key, second.key, first.label)


@pytest.mark.parametrize("lang, linked", [
    ("en", "Linked to this edition's theme that continues the previous edition's “{}”"),
    ("fr", "Rattachée au thème de cette édition qui prolonge « {} » de l'édition précédente"),
])
def test_this_year_s_analysis_links_a_carried_item_to_the_theme_continuing_its_own(client, app, demo, lang, linked):
    """Last year the workshop was about the first theme, the placements about the second. This year's codebook
    continues the first only (the organizer deleted the other's code): after this year's analysis the workshop is
    about this year's theme continuing the first, the placements keep last year's name as text."""
    cards, names, (first_key, second_key, first_label) = _themed_last_year(app, demo)
    edition = start_edition(client, demo)
    with app.app_context():
        db.session.execute(delete(CodebookCode).where(CodebookCode.forum_id == edition,
                                                      CodebookCode.source_theme_key == second_key))
        code = db.session.scalar(select(CodebookCode).where(CodebookCode.forum_id == edition,
                                                            CodebookCode.source_theme_key == first_key))
        db.session.commit()
        carried = {item.title.en: item for item in db.session.scalars(
            select(ActionItem).where(ActionItem.forum_id == edition))}
        assert carried[WORKSHOP].theme_id is None  # last year's name, as text, until this year's analysis
        add_cards(edition, cards)
        run_analysis(db.session.get(Forum, edition))
        theme = db.session.scalar(select(Theme).where(Theme.run_id == latest_run(db.session.get(Forum, edition)).id,
                                                      Theme.key == code.key))
        assert theme is not None
        db.session.expire_all()
        now = {item.title.en: item for item in db.session.scalars(
            select(ActionItem).where(ActionItem.forum_id == edition))}
        workshop, placements = now[WORKSHOP], now[PLACEMENTS]
        assert workshop.theme_id == theme.id and workshop.changes[-1].kind == "themed"
        assert (placements.theme_id, placements.priority_label) == (None, names[PLACEMENTS])
        assert "themed" not in {change.kind for change in placements.changes}
        theme_name, workshop_id = theme.label.in_(lang), workshop.id
    plan = parse(client.get(f"/forums/{edition}/actions?lang={lang}"))
    row = next(row for row in plan.select('[data-testid="action-row"]') if WORKSHOP in text_of(row.th)
               or "préjugés" in text_of(row.th))
    assert text_of(row.select("td")[0]) == theme_name
    history = parse(client.get(f"/forums/{edition}/actions/{workshop_id}?lang={lang}"))
    assert text_of(history.select('[data-testid="change"] p')[0]) == linked.format(first_label.in_(lang))


def test_this_year_s_analysis_keeps_the_organizers_own_wording_of_a_carried_item_s_priority(client, app, demo):
    """The organizers reworded the carried workshop's priority before this year's first analysis: their wording
    stays, the item is linked to no theme, and its history says nothing of one."""
    cards, _, _ = _themed_last_year(app, demo)
    edition = start_edition(client, demo)
    own = Translated("Our committee's own wording", "Nos propres mots")
    with app.app_context():
        workshop = next(item for item in db.session.scalars(select(ActionItem).where(ActionItem.forum_id == edition))
                        if item.title.en == WORKSHOP)
        workshop.priority_label, workshop_id = own, workshop.id
        db.session.commit()
        add_cards(edition, cards)
        run_analysis(db.session.get(Forum, edition))
        db.session.expire_all()
        workshop = db.session.get(ActionItem, workshop_id)
        assert (workshop.theme_id, workshop.priority_label) == (None, own)
        assert "themed" not in {change.kind for change in workshop.changes}
