"""Going back to the previous analysis run: its themes and placements come back with the corrections made
to it, the re-run and its corrections go, and the action plan's items follow the previous run's themes."""
from __future__ import annotations

import pytest
from sqlalchemy import delete, select

from forum.extensions import db
from forum.models import ActionItem, AnalysisRun, Forum, IdeaTheme, Theme, Translated
from forum.services.analysis_runs import latest_run, run_analysis
from forum.services.theme_corrections import rename_theme
from tests.forum.test_analysis_pages import member_client
from tests.html import parse, text_of


def placements(run) -> dict[int, str]:
    return dict(db.session.execute(select(IdeaTheme.idea_id, Theme.key).join(Theme, Theme.id == IdeaTheme.theme_id)
                                   .where(IdeaTheme.run_id == run.id)).all())


def test_going_back_restores_the_previous_run_with_its_corrections(app, client, analysed):
    forum_id, _ids = analysed
    base = f"/forums/{forum_id}/analysis"
    with app.app_context():
        first = latest_run(db.session.get(Forum, forum_id))
        first_id, kept_key = first.id, first.themes[0].key
        rename_theme(first.themes[0], "Named before the re-run")
        db.session.add(ActionItem(forum_id=forum_id, title=Translated(en="Mentoring"), theme_id=first.themes[0].id))
        db.session.commit()
        before = placements(first)
        second = run_analysis(db.session.get(Forum, forum_id))
        second_id = second.id
        rename_theme(second.themes[-1], "Named on the re-run")
        db.session.commit()
        assert db.session.scalar(select(Theme.run_id).join(ActionItem, ActionItem.theme_id == Theme.id)) == second_id

    overview = parse(client.get(base))
    assert text_of(overview.select_one("[data-testid=go-back] button")) == "Go back to the previous run"
    asked = client.post(f"{base}/runs/{second_id}/go-back")
    assert asked.status_code == 200 and "Go back to the previous analysis?" in text_of(parse(asked))
    assert "Stakeholder groups filed on cards since stay as they are." in text_of(parse(asked))  # not undone
    # its button says what it does (a bare "Go back", in French "Retour", read as leaving the page)
    assert text_of(parse(asked).select_one(".confirm button[type=submit]")) == "Go back to the previous run"
    asked_fr = client.post(f"{base}/runs/{second_id}/go-back", headers={"Accept-Language": "fr"})
    assert text_of(parse(asked_fr).select_one(".confirm button[type=submit]")) == "Revenir à l'analyse précédente"
    assert "Les fiches gardent les groupes d'intervenants sous lesquels elles ont été classées depuis." in \
        text_of(parse(asked_fr))
    with app.app_context():
        assert latest_run(db.session.get(Forum, forum_id)).id == second_id  # nothing before it is confirmed

    done = client.post(f"{base}/runs/{second_id}/go-back", data={"confirmed": "yes"}, follow_redirects=True)
    assert done.status_code == 200 and "Back to the previous analysis" in text_of(parse(done))
    with app.app_context():
        latest = latest_run(db.session.get(Forum, forum_id))
        assert latest.id == first_id and db.session.get(AnalysisRun, second_id) is None
        assert placements(latest) == before
        kept = db.session.scalar(select(Theme).where(Theme.run_id == first_id, Theme.key == kept_key))
        assert str(kept.label) == "Named before the re-run" and kept.label_is_manual
        assert "Named on the re-run" not in [str(theme.label) for theme in latest.themes]
        assert db.session.scalar(select(ActionItem.theme_id)) == kept.id  # the plan's item followed its theme

    assert client.post(f"{base}/runs/{second_id}/go-back", data={"confirmed": "yes"}).status_code == 404
    nothing_earlier = client.post(f"{base}/runs/{first_id}/go-back", data={"confirmed": "yes"})
    assert nothing_earlier.status_code == 409
    assert "There is no earlier analysis to go back to." in nothing_earlier.get_data(as_text=True)


def test_going_back_from_a_run_that_is_not_the_latest_or_as_a_viewer_is_refused(app, client, analysed):
    forum_id, _ids = analysed
    base = f"/forums/{forum_id}/analysis"
    with app.app_context():
        first_id = latest_run(db.session.get(Forum, forum_id)).id
        second_id = run_analysis(db.session.get(Forum, forum_id)).id
        third_id = run_analysis(db.session.get(Forum, forum_id)).id
    viewer = member_client(app, forum_id, "viewer")
    assert viewer.post(f"{base}/runs/{third_id}/go-back", data={"confirmed": "yes"}).status_code == 403
    stale = client.post(f"{base}/runs/{second_id}/go-back", data={"confirmed": "yes"})
    assert stale.status_code == 409 and "ran again since this page was shown" in stale.get_data(as_text=True)
    with app.app_context():
        assert latest_run(db.session.get(Forum, forum_id)).id == third_id
        assert db.session.get(AnalysisRun, first_id) and db.session.get(AnalysisRun, second_id)


def test_a_board_still_showing_the_run_gone_back_from_cannot_correct_the_restored_run(app, client, analysed):
    """The restored run may have the themes version the stale board shows: the run it posts tells them apart."""
    forum_id, _ids = analysed
    base = f"/forums/{forum_id}/analysis"
    json = {"Accept": "application/json"}
    with app.app_context():
        first = latest_run(db.session.get(Forum, forum_id))
        first_id, first_theme = first.id, first.themes[0].id
    renamed = client.post(f"{base}/board/rename", data={"run": first_id, "version": 0, "theme": first_theme,
                                                         "label": "Named before the re-run"}, headers=json)
    assert renamed.status_code == 200
    with app.app_context():
        second = run_analysis(db.session.get(Forum, forum_id))
        second_id, second_theme = second.id, second.themes[-1].id
    renamed = client.post(f"{base}/board/rename", data={"run": second_id, "version": 0, "theme": second_theme,
                                                         "label": "Named on the re-run"}, headers=json)
    stale_version = renamed.json["version"]
    client.post(f"{base}/runs/{second_id}/go-back", data={"confirmed": "yes"})
    with app.app_context():
        assert latest_run(db.session.get(Forum, forum_id)).themes_version == stale_version  # the version alone passes

    undone = client.post(f"{base}/undo", data={"run": second_id, "version": stale_version}, headers=json)
    assert undone.status_code == 409 and undone.json["reason"] == "rerun"  # the board then shows the restored run
    unsaid = client.post(f"{base}/undo", data={"version": stale_version}, headers=json)  # a version needs its run
    assert unsaid.status_code == 409 and unsaid.json["reason"] == "stale"
    split = client.post(f"{base}/board/card", data={"run": second_id, "version": stale_version,
                                                     "card": _ids[0], "to": "new"}, headers=json)
    assert split.status_code == 409
    form_undo = client.post(f"{base}/undo", data={"run": second_id})  # the themes page's form, without JavaScript
    assert form_undo.status_code == 409
    with app.app_context():
        restored = latest_run(db.session.get(Forum, forum_id))
        assert "Named before the re-run" in [str(theme.label) for theme in restored.themes]
        assert restored.themes_version == stale_version


def test_going_back_keeps_the_stakeholder_corrections_of_the_run_removed_and_says_so(app, client, analysed):
    from forum.models import IdeaCard
    from forum.services.theme_corrections import accept_suggestions, open_suggestions, reject_suggestion

    forum_id, _ids = analysed
    base = f"/forums/{forum_id}/analysis"
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        first_id = latest_run(forum).id
        second = run_analysis(forum)
        second_id = second.id
        (filed, filed_group), (refused, refused_group) = list(open_suggestions(second).items())[:2]
        accept_suggestions(second, [filed])
        reject_suggestion(second, refused)  # "Not this group"
        db.session.commit()
        group_of_filed = db.session.get(IdeaCard, filed).group_id

    asked = text_of(parse(client.post(f"{base}/runs/{second_id}/go-back")))
    assert "Stakeholder groups filed on cards since stay as they are." in asked
    assert "Suggestions set aside since (“Not this group”) stay set aside." in asked
    done = client.post(f"{base}/runs/{second_id}/go-back", data={"confirmed": "yes"}, follow_redirects=True)
    said = text_of(parse(done).select_one(".flash-success"))
    assert "1 card keeps the stakeholder group filed on it since" in said
    assert "1 suggestion set aside since stays set aside." in said
    with app.app_context():
        restored = latest_run(db.session.get(Forum, forum_id))
        assert restored.id == first_id
        assert db.session.get(IdeaCard, filed).group_id == group_of_filed  # the card's own tag stays
        # was offered again, so "Accept all suggestions shown" filed the card under the group refused
        assert refused not in open_suggestions(restored)
        assert restored.results["stakeholder_suggestions"][str(refused)]["rejected"] == refused_group
        # its matrices count the cards as they are now: the refused card no longer under that group
        counts = restored.results["matrix"]["group_totals"]
        assert counts.get("untagged") == 1, counts
        assert run_analysis(db.session.get(Forum, forum_id)).results["stakeholder_suggestions"][str(refused)][
            "group"] != refused_group  # nor suggested again by the next run


STALE_REFUSAL = {
    "en": ("Nothing was removed: the analysis ran again since this page was shown.",
           "The analysis you wanted to leave is not the latest any more. Open the analysis page to see the latest: if "
           "it made the themes worse, go back from there."),
    "fr": ("Rien n'a été supprimé : l'analyse a été relancée depuis l'affichage de cette page.",
           "L'analyse que vous vouliez quitter n'est plus la dernière. Ouvrez la page d'analyse pour voir la dernière : "
           "si elle a rendu les thèmes moins bons, revenez en arrière depuis là."),
}
RUNNING_REFUSAL = {
    "en": ("Nothing was removed: the analysis is running.",
           "When it ends, open the analysis page: if the new analysis made the themes worse, go back from there."),
    "fr": ("Rien n'a été supprimé : l'analyse est en cours.",
           "Quand elle sera terminée, ouvrez la page d'analyse : si la nouvelle analyse a rendu les thèmes moins bons, "
           "revenez en arrière depuis là."),
}


def refusal(page) -> tuple[str, str]:
    """An error page's message and what it says to do."""
    return text_of(page.select_one(".error-page #error-message")), text_of(page.select_one("[data-testid=error-hint]"))


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_refused_go_back_says_what_to_do_and_links_to_where_it_is_done(app, client, analysed, lang):
    """Going back from a run that another run replaced since the page was shown, or while the analysis runs, is
    refused before it is asked and once confirmed. The refusal said "Reload the page" (which sends the refused form
    again) or "choose again", untranslated, on a page leading Home: it says that nothing was removed and to go
    back from the analysis page, and links to it (its earlier analyses, where going back is offered)."""
    forum_id, _ids = analysed
    base = f"/forums/{forum_id}/analysis"
    with app.app_context():
        shown = run_analysis(db.session.get(Forum, forum_id)).id  # the page shows this run
        latest = run_analysis(db.session.get(Forum, forum_id)).id  # then another tab runs the analysis again
    for data in ({}, {"confirmed": "yes"}):
        refused = client.post(f"{base}/runs/{shown}/go-back?lang={lang}", data=data)
        page = parse(refused)
        assert refused.status_code == 409 and refusal(page) == STALE_REFUSAL[lang]
        assert not page.select("input[name=confirmed]")  # not asked
        onwards = page.select(".error-links a")[-1]
        assert onwards["href"] == f"{base}#history-heading"
        assert text_of(onwards) == {"en": "Open the analysis page", "fr": "Ouvrir la page d'analyse"}[lang]
    with app.app_context():
        assert latest_run(db.session.get(Forum, forum_id)).id == latest
        db.session.add(AnalysisRun(forum_id=forum_id, status="running"))
        db.session.commit()
    refused = client.post(f"{base}/runs/{latest}/go-back?lang={lang}", data={"confirmed": "yes"})
    assert refused.status_code == 409 and refusal(parse(refused)) == RUNNING_REFUSAL[lang]
    assert parse(refused).select(".error-links a")[-1]["href"] == f"{base}#history-heading"
    # the page it links to shows the latest run, and offers going back from it once the analysis is over
    overview = parse(client.get(f"{base}?lang={lang}"))
    assert not overview.select("[data-testid=go-back]")
    with app.app_context():
        db.session.execute(delete(AnalysisRun).where(AnalysisRun.status == "running"))
        db.session.commit()
    form = parse(client.get(f"{base}?lang={lang}")).select_one("[data-testid=go-back]")
    assert form["action"] == f"{base}/runs/{latest}/go-back"


def test_a_board_showing_the_run_gone_back_from_says_so_not_that_the_analysis_ran_again(app, client, analysed):
    """A board still showing the run an organizer went back from: its correction is refused, and the board then
    shows the previous run; the refusal said "The analysis was run again meanwhile", which it was not."""
    forum_id, ids = analysed
    base = f"/forums/{forum_id}/analysis"
    with app.app_context():
        second_id = run_analysis(db.session.get(Forum, forum_id)).id
    client.post(f"{base}/runs/{second_id}/go-back", data={"confirmed": "yes"})
    for lang, said in (("en", "An organizer went back to the previous analysis meanwhile, so nothing was changed: "
                              "the board now shows that analysis, with its own corrections. Make your change again "
                              "there if it is still needed."),
                       ("fr", "Un organisateur est revenu à l'analyse précédente entre-temps, donc rien n'a été "
                              "modifié : le tableau montre maintenant cette analyse, avec ses propres corrections. "
                              "Refaites votre modification là si elle est encore utile.")):
        moved = client.post(f"{base}/board/card?lang={lang}", headers={"Accept": "application/json"},
                            data={"run": second_id, "version": 0, "card": ids[0], "to": "new"})
        assert moved.status_code == 409 and moved.json["reason"] == "rerun"
        assert " ".join(moved.json["error"].split()) == said
