"""Cards deleted after the analysis leave the report's themes, sub-themes and priorities: a sub-theme
counts the ideas still in it, a theme whose every card was deleted is neither counted nor ranked."""
from __future__ import annotations

from collections import defaultdict

import pytest
from sqlalchemy.orm.attributes import flag_modified

from forum.extensions import db
from forum.models import Forum, IdeaCard
from forum.services.analysis_runs import latest_run, run_assignments
from forum.services.idea_cards import delete_card
from forum.services.reports import report_input
from tests.html import parse, text_of


def delete_cards(ids) -> None:
    for card_id in ids:
        delete_card(db.session.get(IdeaCard, card_id))


@pytest.fixture
def trimmed(app, analysed):
    """The small forum's largest theme given a sub-theme of all its cards, one of which is then deleted,
    and every card of the smallest theme deleted; returns (forum id, the largest theme's key, its label
    and how many of its cards are left, the emptied theme's label)."""
    forum_id, _ = analysed
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        run = latest_run(forum)
        members = defaultdict(list)
        for card_id, key in run_assignments(run).items():
            members[key].append(int(card_id))
        largest, smallest = (sorted(members, key=lambda key: (-len(members[key]), key))[i] for i in (0, -1))
        run.results = dict(run.results, subthemes=[{"parent": largest, "label": "Peer mentors",
                                                    "idea_ids": members[largest]}])
        flag_modified(run, "results")
        db.session.commit()
        delete_cards(members[largest][:1] + members[smallest])
        labels = {theme.key: str(theme.label) for theme in run.themes}
        return forum_id, largest, labels[largest], len(members[largest]) - 1, labels[smallest], len(members)


def test_deleted_cards_leave_the_reports_themes_sub_themes_and_priorities(app, client, trimmed):
    forum_id, largest, label, left, emptied, theme_count = trimmed
    with app.app_context():
        data = report_input(db.session.get(Forum, forum_id), "en")
    assert emptied not in [theme["label"] for theme in data.themes]
    assert [p["rank"] for p in data.priorities] == list(range(1, len(data.priorities) + 1))
    for lang, themes_word in (("en", "themes"), ("fr", "thèmes")):
        report = client.get(f"/forums/{forum_id}/report/download/md?report_lang={lang}").get_data(as_text=True)
        assert f"- {label} → Peer mentors ({left})" in report.splitlines(), lang
        assert f"- **{theme_count - 1}** {themes_word}" in report.splitlines(), lang
        assert f". {emptied}" not in report, lang  # not among the priorities


@pytest.mark.parametrize("lang, themes_word", [("en", "themes"), ("fr", "thèmes")])
def test_the_analysis_page_counts_the_themes_the_report_counts(client, trimmed, lang, themes_word):
    """The emptied theme is left out, as the report leaves it out of its "N themes"."""
    forum_id, *_, theme_count = trimmed
    figure = parse(client.get(f"/forums/{forum_id}/analysis?lang={lang}")).select_one(
        "[data-testid=run-themes]").parent
    assert text_of(figure) == f"{theme_count - 1} {themes_word}"


NO_PRIORITY = {"en": "2 of the dots placed count for no priority: they went to themes whose ideas were all deleted "
                     "since the analysis ran, or to ideas in no theme.",
               "fr": "2 des points attribués ne comptent pour aucune priorité : ils sont allés à des thèmes dont toutes "
                     "les idées ont été supprimées depuis l'analyse, ou à des idées hors thème."}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_dots_on_a_theme_whose_cards_were_all_deleted_are_said_to_count_for_no_priority(app, client, analysed, lang):
    """Dots placed on a theme whose every card was deleted since: counted in the dots placed (as the vote's results
    page counts them), in no priority (as on the priorities page), and the figures say so."""
    from forum.models import Theme
    from forum.models.translated import Translated
    from forum.services import ballots
    from forum.services.participation import join
    from tests.forum.test_report_figures_audit import _plain, formats

    forum_id, _ = analysed
    with app.app_context():
        run = latest_run(db.session.get(Forum, forum_id))
        members = defaultdict(list)
        for card_id, key in run_assignments(run).items():
            members[key].append(int(card_id))
        smallest = sorted(members, key=lambda key: (-len(members[key]), key))[-1]
        themes = list(db.session.scalars(db.select(Theme).where(Theme.run_id == run.id)))
        ballot = ballots.create_ballot(forum_id, title=Translated("Priorities", "Priorités"), dots=3, max_per_item=3,
                                       items=[ballots.ItemChoice(label=theme.label, theme_id=theme.id)
                                              for theme in themes])
        ballots.open_ballot(ballot)
        item_of = {item.theme_id: item.id for item in db.session.get(ballots.Ballot, ballot).items}
        emptied = next(theme.id for theme in themes if theme.key == smallest)
        kept = next(theme.id for theme in themes if theme.key != smallest)
        join(forum_id, "phone-1", "en")
        ballots.cast_dots(ballot, "phone-1", "vote-1", {item_of[emptied]: 2, item_of[kept]: 1})
        ballots.close_ballot(ballot)
        db.session.commit()
        delete_cards(members[smallest])
        data = report_input(db.session.get(Forum, forum_id), lang)
    assert data.vote["priority"]["dots"] == 3 and sum(p["votes"] for p in data.priorities) == 1
    texts = formats(client, forum_id, lang)
    for fmt in ("html", "docx", "pdf", "md", "brief"):
        assert _plain(NO_PRIORITY[lang]) in texts[fmt], (lang, fmt)
