"""After a merge, a theme's sub-themes hold only its own ideas: the report lists the merged theme's ideas apart, as the
themes board shows the cards of no sub-theme apart, so the sub-themes' counts add up to the theme's ideas."""
from __future__ import annotations

from collections import defaultdict

import pytest
from sqlalchemy.orm.attributes import flag_modified

from forum.extensions import db
from forum.models import Forum, Theme
from forum.services.analysis_runs import latest_run, run_assignments
from forum.services.theme_corrections import merge_themes

OTHERS = {"en": "{label} → {num} other ideas, in no sub-theme", "fr": "{label} → {num} autres idées, hors sous-thème"}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_merged_themes_ideas_are_listed_apart_from_the_sub_themes(app, client, analysed, lang):
    forum_id, _ = analysed
    with app.app_context():
        run = latest_run(db.session.get(Forum, forum_id))
        members = defaultdict(list)
        for card_id, key in run_assignments(run).items():
            members[key].append(int(card_id))
        largest, smallest = (sorted(members, key=lambda key: (-len(members[key]), key))[i] for i in (0, -1))
        run.results = dict(run.results, subthemes=[{"key": "s1", "parent": largest, "label": "Peer mentors",
                                                    "idea_ids": members[largest]}])
        flag_modified(run, "results")
        db.session.commit()
        themes = {theme.key: theme for theme in db.session.scalars(db.select(Theme).where(Theme.run_id == run.id))}
        label = themes[largest].label.in_(lang)
        merge_themes(themes[largest], themes[smallest])
        db.session.commit()
    report = client.get(f"/forums/{forum_id}/report/download/md?report_lang={lang}").get_data(as_text=True)
    lines = report.splitlines()
    assert f"- {label} → Peer mentors ({len(members[largest])})" in lines, lang
    assert "- " + OTHERS[lang].format(label=label, num=len(members[smallest])) in lines, lang
