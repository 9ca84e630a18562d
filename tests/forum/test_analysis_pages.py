"""The organizer's analysis pages: access, running, corrections and bad input."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import AnalysisRun, Forum, IdeaCard, IdeaTheme, Theme, Translated
from forum.services.analysis_runs import latest_run, run_analysis
from tests.conftest import csrf_token_from, member_client
from tests.forum.analysis_support import CLEAR_SUGGESTION_CARDS, SMALL_FORUM_CARDS, add_cards, group, theme_of
from tests.html import by_test_id, parse, text_of


def themes_of(app, forum_id):
    with app.app_context():
        run = latest_run(db.session.get(Forum, forum_id))
        return [(theme.id, theme.key, str(theme.label)) for theme in run.themes]


def named(theme_id, en, fr=None):
    """The theme name form's fields (forum.analysis_pages.forms.theme_label_form)."""
    return {f"theme{theme_id}-label-en": en, f"theme{theme_id}-label-fr": fr or ""}


def routes(forum_id, theme_id, idea_id):
    base = f"/forums/{forum_id}/analysis"
    return [
        ("get", base, None), ("post", f"{base}/run", None), ("get", f"{base}/themes", None),
        ("get", f"{base}/priorities", None),
        ("post", f"{base}/themes/{theme_id}/rename", named(theme_id, "x")),
        ("post", f"{base}/themes/{theme_id}/merge", {"into": theme_id}),
        ("post", f"{base}/themes/{theme_id}/cards", {"idea_ids": idea_id, "to": "new"}),
        ("post", f"{base}/themes/{theme_id}/group", {"idea_ids": idea_id, "group_id": 1}),
        ("post", f"{base}/cards/{idea_id}/suggestion/accept", None),
        ("post", f"{base}/cards/{idea_id}/suggestion/reject", None),
        ("post", f"{base}/suggestions/accept", {"band": "medium", "confirmed": "yes"}),
    ]


def test_every_page_needs_the_owner(app, client, auth, analysed, make_organizer):
    forum_id, ids = analysed
    theme_id = themes_of(app, forum_id)[0][0]
    auth.logout()
    for method, url, data in routes(forum_id, theme_id, ids[0]):
        response = getattr(client, method)(url, data=data)
        location = f"/login?next={url}" if method == "get" else "/login"
        assert response.status_code == 302 and response.headers["Location"] == location, url
    make_organizer("other@example.org", "Other")
    auth.login("other@example.org")
    for method, url, data in routes(forum_id, theme_id, ids[0]):  # another's forum: as if it did not exist
        assert getattr(client, method)(url, data=data).status_code == 404, url
    for method, url, data in routes(forum_id + 100, theme_id, ids[0]):
        assert getattr(client, method)(url, data=data).status_code == 404, url
    with app.app_context():
        assert db.session.scalar(select(Theme.label_en).where(Theme.id == theme_id)) != "x"
        assert len(db.session.scalars(select(AnalysisRun)).all()) == 1


def test_run_from_the_page_then_see_themes_and_priorities(app, client, organizer, make_forum):
    forum_id = make_forum(organizer)
    page = client.get(f"/forums/{forum_id}/analysis")
    assert page.status_code == 200 and b"needs at least two idea cards" in page.data
    response = client.post(f"/forums/{forum_id}/analysis/run", follow_redirects=True)
    assert response.status_code == 200 and b"nothing to analyse yet" in response.data
    assert b"No themes yet" in client.get(f"/forums/{forum_id}/analysis/themes").data
    assert b"No priorities yet" in client.get(f"/forums/{forum_id}/analysis/priorities").data
    with app.app_context():
        add_cards(forum_id, SMALL_FORUM_CARDS[:1])
    response = client.post(f"/forums/{forum_id}/analysis/run", follow_redirects=True)
    assert b"only one idea card" in response.data

    with app.app_context():
        add_cards(forum_id, SMALL_FORUM_CARDS[1:])
    response = client.post(f"/forums/{forum_id}/analysis/run")
    assert response.status_code == 302 and response.headers["Location"].endswith("/analysis/board")
    board = parse(client.get(response.headers["Location"]))
    assert "Analysis done" in text_of(board.select_one(".flashes"))
    assert sorted(text_of(card.select_one(".board-card-text")) for card in board.select('[data-testid="board-card"]')) \
        == sorted(text for text, _ in SMALL_FORUM_CARDS)
    html = client.get(f"/forums/{forum_id}/analysis/themes").get_data(as_text=True)
    assert "Representative ideas" in html
    for text, _ in SMALL_FORUM_CARDS:
        assert text in html
    assert "Suggested group:" in html  # untagged cards show their suggested group
    overview = client.get(f"/forums/{forum_id}/analysis").get_data(as_text=True)
    assert by_test_id(overview, "run-ideas") == "8"
    priorities = client.get(f"/forums/{forum_id}/analysis/priorities").get_data(as_text=True)
    assert parse(priorities).select('[data-testid="priority-explanation"]')
    for _, _, label in themes_of(app, forum_id):
        assert label in priorities
    # each ranked theme links to itself on the themes board
    board = parse(client.get(f"/forums/{forum_id}/analysis/board"))
    links = [link["href"] for link in parse(priorities).select("main h2 a")]
    assert links and all(link.startswith(f"/forums/{forum_id}/analysis/board#") for link in links)
    assert all(board.select_one(link.split("/board")[1]) for link in links)
    assert not parse(overview).select('[data-testid="changes-since"]')

    with app.app_context():
        db.session.get(IdeaCard, db.session.scalar(select(IdeaTheme.idea_id).limit(1))).deleted_at = db.func.now()
        db.session.commit()
        add_cards(forum_id, [("A card written after the analysis", None)])
    for url in (f"/forums/{forum_id}/analysis", f"/forums/{forum_id}/analysis/themes"):
        changes = by_test_id(client.get(url), "changes-since")
        assert changes.startswith("Since this analysis: 1 card added, 1 card deleted.")


def test_rename_shows_html_escaped_and_refuses_bad_names(app, client, analysed):
    forum_id, _ = analysed
    theme_id = themes_of(app, forum_id)[0][0]
    url = f"/forums/{forum_id}/analysis/themes/{theme_id}/rename"
    response = client.post(url, data=named(theme_id, "<script>alert(1)</script> Mentoring"), follow_redirects=True)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Mentoring" in html
    assert "&lt;script&gt;" in client.get(f"/forums/{forum_id}/analysis/priorities").get_data(as_text=True)
    for label, message in (("", "Give the theme a name"), ("   ", "Give the theme a name"),
                           ("x" * 500, "The English text is 500 characters long; the limit is 200.")):
        response = client.post(url, data=named(theme_id, label))
        assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert client.post(url).status_code == 422  # no field at all
    assert themes_of(app, forum_id)[0][2] == "<script>alert(1)</script> Mentoring"



def test_each_themes_disclosures_are_described_by_its_name(client, analysed):
    """A screen reader listing the page's controls hears which theme each "Rename or merge" and "All n cards"
    is for (one of each per theme, the same words)."""
    forum_id, _ = analysed
    page = parse(client.get(f"/forums/{forum_id}/analysis/themes"))
    sections = page.select("section.theme")
    assert sections
    for section in sections:
        heading = section.select_one("h2")
        assert [summary["aria-describedby"] for summary in section.select("details.theme-tools > summary, "
                                                                          "details.theme-cards > summary")] \
            == [heading["id"]] * 2

def test_renaming_a_theme_to_the_name_it_has_is_refused_with_the_reason(app, client, analysed):
    """It said "Theme renamed.", left a step that undid nothing, and told the other organizers' boards
    that the themes had changed."""
    forum_id, _ = analysed
    theme_id, _key, label = themes_of(app, forum_id)[0]
    with app.app_context():
        version = latest_run(db.session.get(Forum, forum_id)).themes_version
    page = client.post(f"/forums/{forum_id}/analysis/themes/{theme_id}/rename?lang=fr", data=named(theme_id, label))
    assert page.status_code == 422 and text_of(parse(page).select_one(".error-box")) == "Le thème porte déjà ce nom."
    board = client.post(f"/forums/{forum_id}/analysis/board/rename?lang=en", data={"theme": theme_id, "label": label},
                        headers={"Accept": "application/json"})
    assert board.status_code == 422 and board.get_json()["error"] == "The theme already has this name."
    with app.app_context():
        run = latest_run(db.session.get(Forum, forum_id))
        assert run.themes_version == version and not run.themes[0].label_is_manual
    assert not parse(client.get(f"/forums/{forum_id}/analysis/themes")).select('[data-testid="undo-last"]')


def test_move_split_merge_and_fix_group(app, client, analysed):
    forum_id, ids = analysed
    (first_id, _, _), (second_id, _, _) = themes_of(app, forum_id)[:2]
    with app.app_context():
        run = latest_run(db.session.get(Forum, forum_id))
        card = db.session.scalar(select(IdeaTheme.idea_id).where(IdeaTheme.theme_id == first_id).limit(1))
    response = client.post(f"/forums/{forum_id}/analysis/themes/{first_id}/cards",
                           data={"idea_ids": [str(card)], "to": str(second_id), "label": "ignored"})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"#theme-{second_id}")
    with app.app_context():
        run = latest_run(db.session.get(Forum, forum_id))
        assert theme_of(run, card).id == second_id
        members = sorted(db.session.scalars(select(IdeaTheme.idea_id).where(IdeaTheme.theme_id == second_id)))
    response = client.post(f"/forums/{forum_id}/analysis/themes/{second_id}/cards",
                           data={"idea_ids": [str(card)], "to": "new", "label": "Moved & split"})
    assert response.status_code == 302
    with app.app_context():
        run = latest_run(db.session.get(Forum, forum_id))
        new_theme = theme_of(run, card)
        assert new_theme.label == Translated("Moved & split") and new_theme.id != second_id
        new_id = new_theme.id
    assert "1 card moved to “Moved &amp; split”." in client.get(response.headers["Location"]).get_data(as_text=True)
    merge = {"into": second_id, "confirmed": "yes"}
    response = client.post(f"/forums/{forum_id}/analysis/themes/{new_id}/merge", data=merge)
    assert response.status_code == 302
    # A double submit: the merged theme is gone, nothing else changes.
    response = client.post(f"/forums/{forum_id}/analysis/themes/{new_id}/merge", data=merge)
    assert response.status_code == 404 and "This theme does not exist" in response.get_data(as_text=True)
    with app.app_context():
        run = latest_run(db.session.get(Forum, forum_id))
        assert db.session.get(Theme, new_id) is None and theme_of(run, card).id == second_id
        assert sorted(db.session.scalars(select(IdeaTheme.idea_id).where(IdeaTheme.theme_id == second_id))) == members
        government = group(forum_id, "government").id
        untagged = [card_id for card_id, (_, key) in zip(ids, SMALL_FORUM_CARDS) if key is None]
        home = theme_of(run, untagged[0]).id
        chosen = [card_id for card_id in untagged if theme_of(run, card_id).id == home]
    page = client.get(f"/forums/{forum_id}/analysis/themes").get_data(as_text=True)
    assert "Suggested group:" in page
    response = client.post(f"/forums/{forum_id}/analysis/themes/{home}/group",
                           data={"idea_ids": [str(i) for i in reversed(chosen)], "group_id": government})
    # back at the first card ticked on the page, to go on down the theme's cards
    assert response.status_code == 302 and response.headers["Location"].endswith(f"#card-{chosen[-1]}")
    with app.app_context():
        assert {db.session.get(IdeaCard, card_id).group_id for card_id in chosen} == {government}
        matrix = latest_run(db.session.get(Forum, forum_id)).results["matrix"]
        assert matrix["group_totals"]["government"] == len(chosen)  # the matrix follows the fixed groups
    page = client.get(f"/forums/{forum_id}/analysis/themes").get_data(as_text=True)
    assert ("filed under Government." in page) and "placed by you" in page


def test_bad_ids_get_clear_4xx(app, client, analysed, make_organizer, make_forum):
    forum_id, ids = analysed
    theme_id = themes_of(app, forum_id)[0][0]
    other_forum = make_forum(make_organizer("other@example.org", "Other"), name="Someone else's")
    with app.app_context():
        other_ids = add_cards(other_forum, SMALL_FORUM_CARDS)
        other_run = run_analysis(db.session.get(Forum, other_forum))
        foreign_theme = other_run.themes[0].id
        foreign_group = group(other_forum, "employers").id
        own_group = group(forum_id, "employers").id
        in_first = str(db.session.scalar(select(IdeaTheme.idea_id).where(IdeaTheme.theme_id == theme_id).limit(1)))
    base = f"/forums/{forum_id}/analysis"
    cases = [
        (f"{base}/themes/999999/rename", named(999999, "x"), 404, "This theme does not exist"),
        (f"{base}/themes/{foreign_theme}/rename", named(foreign_theme, "x"), 404, "This theme does not exist"),
        (f"{base}/themes/{theme_id}/merge", {"into": foreign_theme}, 404, "This theme does not exist"),
        (f"{base}/themes/{theme_id}/merge", {"into": "abc"}, 422, "Choose an item"),
        (f"{base}/themes/{theme_id}/merge", {"into": theme_id}, 422, "Choose another theme"),
        (f"{base}/themes/{theme_id}/cards", {"to": "new"}, 422, "Tick the cards"),
        (f"{base}/themes/{theme_id}/group", {"group_id": own_group}, 422, "Tick the cards"),
        (f"{base}/themes/{theme_id}/cards", {"idea_ids": "1; drop", "to": "new"}, 422, "not valid"),
        (f"{base}/themes/{theme_id}/cards", {"idea_ids": str(other_ids[0]), "to": "new"}, 422, "not in this theme"),
        (f"{base}/themes/{theme_id}/cards", {"idea_ids": str(ids[0])}, 422, "Choose an item"),
        (f"{base}/themes/{theme_id}/cards", {"idea_ids": str(ids[0]), "to": foreign_theme}, 404, "does not exist"),
        (f"{base}/themes/{theme_id}/cards", {"idea_ids": str(ids[0]), "to": theme_id}, 422, "already in this theme"),
        (f"{base}/themes/{theme_id}/cards", {"idea_ids": in_first, "to": "new", "label": "y" * 201}, 422,
         "The English text is 201 characters long; the limit is 200."),
        (f"{base}/themes/{theme_id}/group", {"idea_ids": in_first, "group_id": foreign_group}, 404,
         "stakeholder group does not exist"),
        (f"{base}/themes/{theme_id}/group", {"idea_ids": in_first, "group_id": "9" * 40}, 422, "Choose an item"),
        (f"{base}/themes/{theme_id}/group", {"idea_ids": str(other_ids[0]), "group_id": own_group}, 422,
         "not in this theme"),
    ]
    for url, data, status, message in cases:
        response = client.post(url, data=data)
        assert response.status_code == status, (url, data, response.status_code)
        assert message in response.get_data(as_text=True), (url, data)

    # A theme of an earlier run: the page was open while the analysis ran again.
    with app.app_context():
        run_analysis(db.session.get(Forum, forum_id))
    response = client.post(f"{base}/themes/{theme_id}/rename", data=named(theme_id, "late"))
    assert response.status_code == 409 and "earlier analysis" in response.get_data(as_text=True)
    # A card deleted since the run is not on the page and cannot be moved.
    with app.app_context():
        current = latest_run(db.session.get(Forum, forum_id))
        card = db.session.scalar(select(IdeaTheme.idea_id).where(IdeaTheme.run_id == current.id).limit(1))
        db.session.get(IdeaCard, card).deleted_at = db.func.now()
        db.session.commit()
        home = theme_of(current, card).id
    response = client.post(f"{base}/themes/{home}/cards", data={"idea_ids": str(card), "to": "new"})
    assert response.status_code == 422 and "not in this theme" in response.get_data(as_text=True)
    assert not parse(client.get(f"{base}/themes")).select(f'input[name=idea_ids][value="{card}"]')


def test_ids_that_are_digits_only_in_unicode_get_a_422(client, analysed, app):
    """"²".isdigit() is True, but it is no id: the form gets a 422, not a 500."""
    forum_id, ids = analysed
    theme_id = themes_of(app, forum_id)[0][0]
    base = f"/forums/{forum_id}/analysis/themes/{theme_id}"
    for url, data, message in [(f"{base}/merge", {"into": "²"}, "Choose an item"),
                               (f"{base}/merge", {"into": "9" * 18}, "Choose an item"),
                               (f"{base}/cards", {"idea_ids": "²", "to": "new"}, "not valid")]:
        response = client.post(url, data=data)
        assert response.status_code == 422 and message in response.get_data(as_text=True), (url, data)


def test_forms_need_the_csrf_token(csrf_app, make_organizer, make_forum):
    client = csrf_app.test_client()
    owner = make_organizer()
    forum_id = make_forum(owner)
    with csrf_app.app_context():
        add_cards(forum_id, SMALL_FORUM_CARDS)
    client.post("/login", data={"email": "organizer@example.org", "password": "correct horse battery",
                                "csrf_token": csrf_token_from(client.get("/login").get_data(as_text=True))})
    assert client.post(f"/forums/{forum_id}/analysis/run").status_code == 400
    token = csrf_token_from(client.get(f"/forums/{forum_id}/analysis").get_data(as_text=True))
    assert client.post(f"/forums/{forum_id}/analysis/run", data={"csrf_token": token}).status_code == 302
    with csrf_app.app_context():
        theme_id = latest_run(db.session.get(Forum, forum_id)).themes[0].id
    url = f"/forums/{forum_id}/analysis/themes/{theme_id}/rename"
    assert client.post(url, data=named(theme_id, "No token")).status_code == 400
    token = csrf_token_from(client.get(f"/forums/{forum_id}/analysis/themes").get_data(as_text=True))
    assert client.post(url, data={**named(theme_id, "With token"), "csrf_token": token}).status_code == 302


def test_a_failed_run_is_shown_with_what_to_do_not_its_raw_error(app, client, analysed, monkeypatch):
    from forum.services import analysis_runs

    forum_id, _ = analysed
    monkeypatch.setattr(analysis_runs, "derived_results", lambda *a, **k: 1 / 0)
    response = client.post(f"/forums/{forum_id}/analysis/run", follow_redirects=True)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "The analysis failed" in html and "ZeroDivisionError" not in html
    assert "run it again, and if it fails again, tell the administrator" in html
    assert "Last analysis" in html  # the previous run is still there


def test_priority_explanations_are_written_in_the_pages_language(app, forum_id):
    from forum.analysis_pages.rows import priority_explanation

    item = {"explanation": "stored English", "tables_total": 6,
            "counts": {"tables": 4, "groups": 1, "ideas": 9, "votes": 3, "priority_round": 2},
            "components": {"tables": 0.67, "groups": 0.5, "ideas": 1.0, "votes": 1.0, "priority_round": 1.0}}
    no_tables_or_dots = dict(item, components=dict(item["components"], tables=None, votes=None, priority_round=None))
    with app.test_request_context("/?lang=en"):
        forum = db.session.get(Forum, forum_id)
        assert priority_explanation(item, forum, "en") == (
            "raised at 4 of 6 tables by 1 stakeholder group; 9 ideas; 3 dots in the priority vote; "
            "2 ideas in the “Priorities” round")
        assert priority_explanation(no_tables_or_dots, forum, "en") == "raised by 1 stakeholder group; 9 ideas"
        # A run stored before explanations were translated keeps its English sentence.
        assert priority_explanation({k: v for k, v in item.items() if k != "tables_total"}, forum, "en") == \
            "stored English"
    with app.test_request_context("/?lang=fr"):
        forum = db.session.get(Forum, forum_id)
        assert priority_explanation(item, forum, "fr") == (
            "soulevée à 4 des 6 tables par 1 groupe d'intervenants\u00a0; 9 idées\u00a0; "
            "3 points au vote des priorités\u00a0; "
            "2 idées dans le tour «\u00a0Priorités\u00a0»")


def test_the_themes_page_names_groups_and_rounds_in_french(client, analysed):
    forum_id, _ids = analysed
    english = client.get(f"/forums/{forum_id}/analysis/themes?lang=en").get_data(as_text=True)
    assert "Employers" in english and "Best practices ·" in english
    french = client.get(f"/forums/{forum_id}/analysis/themes?lang=fr").get_data(as_text=True)
    assert "Employeurs" in french and "Pratiques exemplaires ·" in french
    assert "Employers" not in french and "Best practices ·" not in french


def test_a_not_sure_suggestion_is_stored_and_shown_as_not_sure(app, client, organizer, make_forum):
    forum_id = make_forum(organizer)
    other_field = "Why are there no protected bike lanes on the avenue near the bridge?"
    with app.app_context():
        ids = add_cards(forum_id, SMALL_FORUM_CARDS + ((other_field, None),))
    assert client.post(f"/forums/{forum_id}/analysis/run").status_code == 302
    with app.app_context():
        run = latest_run(db.session.get(Forum, forum_id))
        assert run.results["stakeholder_suggestions"][str(ids[-1])]["group"] is None
        placement = db.session.scalar(select(IdeaTheme).where(IdeaTheme.run_id == run.id,
                                                              IdeaTheme.idea_id == ids[-1]))
        assert placement.suggested_group_key is None and placement.group_confidence is not None
    def card_text(page):
        return text_of(parse(page).find(id=f"card-{ids[-1]}"))

    assert "Suggested group: not sure" in card_text(client.get(f"/forums/{forum_id}/analysis/themes"))
    french = card_text(client.get(f"/forums/{forum_id}/analysis/themes?lang=fr"))
    assert "Groupe suggéré : l'analyse n'est pas sûre" in french  # as the report words it
    assert client.get(f"/forums/{forum_id}/report/preview").status_code == 200
    assert client.get(f"/forums/{forum_id}/report/download/docx?lang=fr").status_code == 200


def test_a_themes_group_breakdown_counts_tags_suggestions_and_not_sure_apart(app, client, organizer, make_forum):
    forum_id = make_forum(organizer)
    other_field = "Why are there no protected bike lanes on the avenue near the bridge?"
    with app.app_context():
        add_cards(forum_id, SMALL_FORUM_CARDS + ((other_field, None),))
        run = run_analysis(db.session.get(Forum, forum_id))
        suggested = sum(s["group"] is not None for s in run.results["stakeholder_suggestions"].values())
    tagged = sum(key is not None for _, key in SMALL_FORUM_CARDS)
    assert suggested
    for lang, not_sure, marker in (("en", "Not sure", "suggested by the analysis"),
                                   ("fr", "L'analyse n'est pas sûre", "suggérée")):
        page = parse(client.get(f"/forums/{forum_id}/analysis/themes?lang={lang}"))
        entries = [text_of(li) for li in page.select('[data-testid="group-breakdown"] li')]
        assert entries.count(f"{not_sure} 1") == 1
        counted = {"tagged": 0, "suggested": 0}
        for entry in entries:
            if entry.startswith(not_sure):
                continue
            total, _, note = entry.partition("(")
            shown = int(note.split()[0]) if note else 0
            assert not note or marker in note
            counted["suggested"] += shown
            counted["tagged"] += int(total.split()[-1]) - shown
        assert counted == {"tagged": tagged, "suggested": suggested}


def components(priority) -> list[str]:
    """What a priority's score is made of, as the page lists it ("Dots: 6", "Dots: no data")."""
    return [text_of(item) for item in priority.select("ul.components li")]


def test_priorities_count_the_dots_placed_after_the_analysis(app, client, analysed):
    from forum.models import Ballot, BallotItem, Vote

    forum_id, _ids = analysed
    url = f"/forums/{forum_id}/analysis/priorities"
    before = parse(client.get(url)).select(".priority")
    assert before and all("Dots: no data" in components(item) for item in before)
    (theme_id, _key, label), *_ = themes_of(app, forum_id)
    with app.app_context():
        ballot = Ballot(forum_id=forum_id, title=Translated("Top priorities"), status="open",
                        items=[BallotItem(label=Translated(label), theme_id=theme_id)])
        db.session.add(ballot)
        db.session.flush()
        db.session.add_all(Vote(ballot_id=ballot.id, item_id=ballot.items[0].id, device_token=f"phone-{n}", dots=2)
                           for n in range(3))
        db.session.commit()
    first = parse(client.get(url)).select_one(".priority")
    assert text_of(first.h2) == f"1. {label}"  # the voted theme now ranks first
    assert "Dots: 6" in components(first)
    assert "6 dots" in text_of(first.select_one('[data-testid="priority-explanation"]'))


def test_a_priority_raised_at_no_recorded_table_says_nothing_of_tables(app, forum_id):
    from forum.analysis_pages.rows import priority_explanation

    imported = {"tables_total": 4, "counts": {"tables": 0, "groups": 2, "ideas": 5, "votes": 0, "priority_round": 0},
                "components": {"tables": 0.0, "groups": 0.5, "ideas": 1.0, "votes": None, "priority_round": None}}
    with app.test_request_context("/?lang=en"):
        forum = db.session.get(Forum, forum_id)
        assert priority_explanation(imported, forum, "en") == "raised by 2 stakeholder groups; 5 ideas"


def test_a_merge_is_confirmed_first_and_can_be_undone(app, client, analysed):
    from forum.models import Ballot, BallotItem

    forum_id, _ids = analysed
    (target_id, _, target_label), (source_id, _, source_label) = themes_of(app, forum_id)[:2]
    with app.app_context():
        run = latest_run(db.session.get(Forum, forum_id))
        source_cards = sorted(db.session.scalars(select(IdeaTheme.idea_id).where(IdeaTheme.theme_id == source_id)))
        target_cards = sorted(db.session.scalars(select(IdeaTheme.idea_id).where(IdeaTheme.theme_id == target_id)))
        ballot = Ballot(forum_id=forum_id, title=Translated("Priorities"),
                        items=[BallotItem(label=Translated(source_label), theme_id=source_id)])
        db.session.add(ballot)
        db.session.commit()
        item_id = ballot.items[0].id
    url = f"/forums/{forum_id}/analysis/themes/{source_id}/merge"

    asked = client.post(url, data={"into": target_id})
    page = parse(asked)
    assert asked.status_code == 200
    assert text_of(page.select_one(".confirm h1")) == f"Merge “{source_label}” into “{target_label}”?"
    assert f"Its {len(source_cards)} card" in text_of(page.select_one(".confirm"))
    assert page.select('form input[name=confirmed][value=yes]')
    assert page.select(f'form input[name=into][value="{target_id}"]')  # confirming posts the same choice again
    with app.app_context():
        assert db.session.get(Theme, source_id) is not None  # nothing merged yet

    assert client.post(url, data={"into": target_id, "confirmed": "yes"}).status_code == 302
    themes = client.get(f"/forums/{forum_id}/analysis/themes")
    assert by_test_id(themes, "undo-last") == \
        f"Last change: merging “{source_label}” into “{target_label}”. Undo"

    undone = client.post(f"/forums/{forum_id}/analysis/undo")
    assert undone.status_code == 302
    assert f"Undone: merging “{source_label}” into “{target_label}”." in text_of(
        parse(client.get(undone.location)).select_one(".flashes"))
    with app.app_context():
        run = latest_run(db.session.get(Forum, forum_id))
        restored = theme_of(run, source_cards[0])
        assert str(restored.label) == source_label and restored.id != target_id
        assert sorted(db.session.scalars(select(IdeaTheme.idea_id).where(IdeaTheme.theme_id == restored.id))) \
            == source_cards
        assert sorted(db.session.scalars(select(IdeaTheme.idea_id).where(IdeaTheme.theme_id == target_id))) \
            == target_cards
        assert db.session.get(BallotItem, item_id).theme_id == restored.id  # its dots count for it again
    again = client.post(f"/forums/{forum_id}/analysis/undo")
    assert again.status_code == 422 and "nothing to undo" in again.get_data(as_text=True)
    assert not parse(client.get(f"/forums/{forum_id}/analysis/themes")).select('[data-testid="undo-last"]')


def test_setting_the_group_of_ticked_cards_can_be_undone(app, client, analysed):
    """The group select starts on the first group: a tick too many, or the wrong button, re-tagged cards
    for good, a facilitator's tag included. Undo gives each card back the group it had, or none."""
    forum_id, ids = analysed
    with app.app_context():
        run = latest_run(db.session.get(Forum, forum_id))
        theme = theme_of(run, ids[0])
        cards = sorted(db.session.scalars(select(IdeaTheme.idea_id).where(IdeaTheme.theme_id == theme.id)))
        before = {card_id: db.session.get(IdeaCard, card_id).group_id for card_id in cards}
        government = group(forum_id, "government").id
        theme_id = theme.id
    assert None in before.values() and set(before.values()) - {None, government}  # untagged and tagged cards
    response = client.post(f"/forums/{forum_id}/analysis/themes/{theme_id}/group",
                           data={"idea_ids": [str(card_id) for card_id in cards], "group_id": government})
    assert response.status_code == 302
    with app.app_context():
        assert {db.session.get(IdeaCard, card_id).group_id for card_id in cards} == {government}
    for lang, shown in (("fr", f"Dernière modification : classement de {len(cards)} fiches sous Gouvernement. "
                               "Annuler"),
                        ("en", f"Last change: filing {len(cards)} cards under Government. Undo")):
        assert by_test_id(client.get(f"/forums/{forum_id}/analysis/themes?lang={lang}"), "undo-last") == shown

    undone = client.post(f"/forums/{forum_id}/analysis/undo")
    assert undone.status_code == 302
    assert f"Undone: filing {len(cards)} cards under Government." in text_of(
        parse(client.get(undone.location)).select_one(".flashes"))
    with app.app_context():
        assert {card_id: db.session.get(IdeaCard, card_id).group_id for card_id in cards} == before
        matrix = latest_run(db.session.get(Forum, forum_id)).results["matrix"]
        assert matrix["group_totals"].get("government", 0) == sum(g == government for g in before.values())


def test_an_action_item_about_a_merged_theme_follows_it_and_comes_back_with_the_undo(app, client, analysed):
    """The action plan's item lost its theme when the theme was merged away (and the undo did not give it
    back): its form then offered no theme, and the plan named a theme the board no longer has."""
    from forum.models import ActionItem

    forum_id, _ids = analysed
    (target_id, _, target_label), (source_id, source_key, _) = themes_of(app, forum_id)[:2]
    with app.app_context():
        item = ActionItem(forum_id=forum_id, title=Translated("Pair every newcomer with a mentor"), theme_id=source_id)
        db.session.add(item)
        db.session.commit()
        item_id = item.id
    merged = client.post(f"/forums/{forum_id}/analysis/board/merge",
                         data={"theme": source_id, "into": target_id}, headers={"Accept": "application/json"})
    assert merged.status_code == 200
    with app.app_context():
        assert db.session.get(ActionItem, item_id).theme_id == target_id
    form = parse(client.get(f"/forums/{forum_id}/actions/{item_id}"))
    assert text_of(form.select_one("select[name=theme_id] option[selected]")).startswith(target_label)

    assert client.post(f"/forums/{forum_id}/analysis/undo").status_code == 302
    restored = {key: theme_id for theme_id, key, _label in themes_of(app, forum_id)}[source_key]
    with app.app_context():
        assert db.session.get(ActionItem, item_id).theme_id == restored


def test_an_action_item_about_a_theme_follows_it_into_the_next_run(app, client, analysed):
    """It stayed on the earlier run's theme: its form offered no theme (saving it dropped the link) and
    the plan kept the name the theme had then."""
    from forum.models import ActionItem

    forum_id, ids = analysed
    with app.app_context():
        theme = theme_of(latest_run(db.session.get(Forum, forum_id)), ids[0])
        item = ActionItem(forum_id=forum_id, title=Translated("Pair every newcomer with a mentor"), theme_id=theme.id)
        db.session.add(item)
        db.session.commit()
        item_id, key, theme_id = item.id, theme.key, theme.id
    client.post(f"/forums/{forum_id}/analysis/themes/{theme_id}/rename",
                data={f"theme{theme_id}-label-en": "Mentoring"})
    with app.app_context():
        assert run_analysis(db.session.get(Forum, forum_id)).status == "done"
        run = latest_run(db.session.get(Forum, forum_id))
        moved = db.session.get(ActionItem, item_id).theme
        assert (moved.run_id, moved.key) == (run.id, key)
    client.post(f"/forums/{forum_id}/analysis/themes/{moved.id}/rename", data={f"theme{moved.id}-label-en": "Mentors"})
    form = parse(client.get(f"/forums/{forum_id}/actions/{item_id}"))
    assert text_of(form.select_one("select[name=theme_id] option[selected]")) == "Mentors"


def test_a_viewer_reads_the_themes_without_the_correction_forms(app, client, analysed):
    """Moving cards, setting their group and undoing are refused to a viewer (403): the page shows them
    the themes and their cards without those forms and without the cards' tick boxes."""
    forum_id, ids = analysed
    (target_id, _, _), (source_id, _, _) = themes_of(app, forum_id)[:2]
    client.post(f"/forums/{forum_id}/analysis/themes/{source_id}/merge", data={"into": target_id, "confirmed": "yes"})
    assert by_test_id(client.get(f"/forums/{forum_id}/analysis/themes"), "undo-last")  # the organizer may undo
    viewer = member_client(app, forum_id, "viewer")
    page = parse(viewer.get(f"/forums/{forum_id}/analysis/themes"))
    assert len(page.select("[data-testid=card]")) == len(ids)
    assert not page.select("main form[method=post]") and not page.select("main input[type=checkbox]")


def test_an_analyst_is_not_sent_to_the_import_they_may_not_open(app, client, organizer, make_forum):
    """Too few cards to analyse: the organizer gets a link to the import, an analyst (refused there) none."""
    forum_id = make_forum(organizer)
    import_url = f"/forums/{forum_id}/import"
    assert parse(client.get(f"/forums/{forum_id}/analysis")).select(f"a[href='{import_url}']")
    analyst = member_client(app, forum_id, "analyst")
    page = analyst.get(f"/forums/{forum_id}/analysis")
    assert b"needs at least two idea cards" in page.data and not parse(page).select(f"a[href='{import_url}']")


def open_suggestion(app, forum_id, band_lower=0.0):
    """(card id, suggested group key) of the untagged cards the latest run suggests a group for."""
    from forum.services.theme_corrections import open_suggestions
    with app.app_context():
        return open_suggestions(latest_run(db.session.get(Forum, forum_id)), band_lower)


def test_a_suggested_group_is_accepted_from_its_card_and_undone(app, client, analysed):
    forum_id, _ids = analysed
    suggested = open_suggestion(app, forum_id)
    card_id, key = next(iter(suggested.items()))
    base = f"/forums/{forum_id}/analysis"
    card = parse(client.get(f"{base}/themes")).find(id=f"card-{card_id}")
    assert "confidence" in text_of(card) and "%" not in text_of(card)  # a band, not a model's "100 %"
    assert [text_of(button) for button in card.select("[data-testid=suggestion-actions] button")] == [
        "Accept", "Not this group"]
    response = client.post(f"{base}/cards/{card_id}/suggestion/accept")
    assert response.status_code == 302 and response.location.endswith(f"#card-{card_id}")
    with app.app_context():
        filed = db.session.get(IdeaCard, card_id).group
        assert filed.key == key
        name_en, name_fr = filed.name.en, filed.name.fr
        matrix = latest_run(db.session.get(Forum, forum_id)).results["matrix"]
    assert card_id not in open_suggestion(app, forum_id)
    page = client.get(f"{base}/themes")
    assert not parse(page).find(id=f"card-{card_id}").select("[data-testid=suggestion-actions]")
    assert by_test_id(page, "undo-last") == f"Last change: filing 1 card under {name_en}. Undo"
    assert by_test_id(client.get(f"{base}/themes?lang=fr"), "undo-last") == (
        f"Dernière modification : classement d'une fiche sous {name_fr}. Annuler")
    assert client.post(f"{base}/undo").status_code == 302
    with app.app_context():
        assert db.session.get(IdeaCard, card_id).group_id is None
    assert open_suggestion(app, forum_id) == suggested
    assert matrix  # the filed card counted as a tag while it was one


def test_not_this_group_sets_a_suggestion_aside_for_the_page_the_report_and_the_next_run(app, client, analysed):
    from forum.services.reports import report_input
    forum_id, _ids = analysed
    suggested = open_suggestion(app, forum_id)
    card_id, key = next(iter(suggested.items()))
    base = f"/forums/{forum_id}/analysis"
    response = client.post(f"{base}/cards/{card_id}/suggestion/reject?lang=fr")
    assert response.status_code == 302 and response.location.endswith(f"#card-{card_id}")
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        run = latest_run(forum)
        name_en, name_fr = next((g.name.en, g.name.fr) for g in forum.groups if g.key == key)
        assert db.session.get(IdeaCard, card_id).group_id is None
        assert run.results["stakeholder_suggestions"][str(card_id)]["rejected"] == key
        assert run.results["matrix"]["group_totals"].get(key, 0) == sum(
            1 for other, k in suggested.items() if k == key and other != card_id) + sum(
            1 for _, k in SMALL_FORUM_CARDS if k == key)
        idea = next(i for i in report_input(forum, "en").ideas if i.id == card_id)
        assert (idea.group, idea.suggested_group, idea.group_not_sure) == (None, None, False)
    assert card_id not in open_suggestion(app, forum_id)
    flashed = parse(client.get(f"{base}/themes?lang=fr"))
    assert f"Suggestion écartée : la fiche n'est pas classée sous {name_fr}." in text_of(flashed)
    assert f"Sans groupe (vous avez indiqué : pas {name_fr})" in text_of(flashed.find(id=f"card-{card_id}"))
    page = client.get(f"{base}/themes?lang=en")
    assert not parse(page).find(id=f"card-{card_id}").select("[data-testid=suggestion-actions]")
    assert by_test_id(page, "undo-last") == f"Last change: setting aside the suggested group {name_en} of a card. Undo"

    assert client.post(f"{base}/undo").status_code == 302
    assert open_suggestion(app, forum_id) == suggested
    with app.app_context():
        run = latest_run(db.session.get(Forum, forum_id))
        assert "rejected" not in run.results["stakeholder_suggestions"][str(card_id)]

    client.post(f"{base}/cards/{card_id}/suggestion/reject")
    with app.app_context():
        rerun = run_analysis(db.session.get(Forum, forum_id))
        assert rerun.results["stakeholder_suggestions"][str(card_id)]["rejected"] == key
    assert open_suggestion(app, forum_id).get(card_id) != key


@pytest.fixture
def clearly_suggested(app, organizer, make_forum):
    """A logged-in organizer's forum of ``CLEAR_SUGGESTION_CARDS``, analysed: (forum id, card id by text)."""
    forum_id = make_forum(organizer)
    with app.app_context():
        ids = add_cards(forum_id, CLEAR_SUGGESTION_CARDS)
        assert run_analysis(db.session.get(Forum, forum_id)).status == "done"
    return forum_id, {text: card_id for (text, _), card_id in zip(CLEAR_SUGGESTION_CARDS, ids)}


def test_accept_all_suggestions_shown_says_how_many_asks_first_and_is_undone_in_one_step(app, client,
                                                                                        clearly_suggested):
    from forum.services.theme_corrections import CONFIDENCE_BANDS
    forum_id, card = clearly_suggested
    base = f"/forums/{forum_id}/analysis"
    everything = open_suggestion(app, forum_id)
    medium = open_suggestion(app, forum_id, CONFIDENCE_BANDS["medium"])
    # The cards raised under a tagged card's heading are sure enough; the card naming no one is left out.
    vague = card["Everyone should work together on this"]
    assert set(everything) - set(medium) == {vague}
    assert sorted(medium) == sorted(card[text] for text, key in CLEAR_SUGGESTION_CARDS if key is None
                                    and card[text] != vague)
    form = parse(client.get(f"{base}/themes")).select_one("[data-testid=accept-suggestions]")
    assert f"Suggestions of medium or high confidence (50% or more): {len(medium)} cards" in text_of(form)
    high = open_suggestion(app, forum_id, CONFIDENCE_BANDS["high"])
    assert form.select_one("input[name=band][checked]")["value"] == ("high" if high else "medium")  # one with cards
    asked = client.post(f"{base}/suggestions/accept", data={"band": "medium"})
    assert asked.status_code == 200 and f"File {len(medium)} cards under their suggested groups?" in text_of(
        parse(asked))
    french = client.post(f"{base}/suggestions/accept?lang=fr", data={"band": "medium"})
    assert f"Classer {len(medium)} fiches sous leur groupe suggéré ?" in text_of(parse(french))
    assert "(50 % ou plus)" in text_of(parse(french))
    client.get(f"{base}/themes?lang=en")
    assert open_suggestion(app, forum_id) == everything  # nothing filed before it is confirmed

    done = client.post(f"{base}/suggestions/accept", data={"band": "medium", "confirmed": "yes"})
    assert done.status_code == 302
    with app.app_context():
        keys = {card_id: getattr(db.session.get(IdeaCard, card_id).group, "key", None) for card_id in everything}
    assert keys == {card_id: medium.get(card_id) for card_id in everything}
    assert by_test_id(client.get(f"{base}/themes"), "undo-last") == (
        f"Last change: filing {len(medium)} cards under their suggested groups. Undo")
    assert client.post(f"{base}/undo").status_code == 302
    assert open_suggestion(app, forum_id) == everything


def test_suggestion_forms_refuse_bad_ids_viewers_and_posts_without_csrf(app, client, analysed, make_organizer,
                                                                        make_forum, csrf_app):
    forum_id, ids = analysed
    base = f"/forums/{forum_id}/analysis"
    card_id = next(iter(open_suggestion(app, forum_id)))
    other_forum = make_forum(make_organizer("other@example.org", "Other"), name="Someone else's")
    with app.app_context():
        other_ids = add_cards(other_forum, SMALL_FORUM_CARDS)
        run_analysis(db.session.get(Forum, other_forum))
    tagged = ids[0]  # the small forum's first card has a facilitator's tag
    cases = [
        (f"{base}/cards/999999/suggestion/accept", {}, 404, "This card does not exist"),
        (f"{base}/cards/{other_ids[1]}/suggestion/accept", {}, 404, "This card does not exist"),
        (f"{base}/cards/{other_ids[1]}/suggestion/reject", {}, 404, "This card does not exist"),
        (f"{base}/cards/{tagged}/suggestion/accept", {}, 409, "no suggested group"),
        (f"{base}/cards/{tagged}/suggestion/reject", {}, 409, "no suggested group"),
        (f"{base}/suggestions/accept", {"band": "certain"}, 422, "Choose an item"),
        (f"{base}/suggestions/accept", {}, 422, "Choose an item"),
    ]
    for url, data, status, message in cases:
        response = client.post(url, data=data)
        assert response.status_code == status, (url, response.status_code)
        assert message in response.get_data(as_text=True), url
    viewer = member_client(app, forum_id, "viewer")
    for url in (f"{base}/cards/{card_id}/suggestion/accept", f"{base}/cards/{card_id}/suggestion/reject"):
        assert viewer.post(url).status_code == 403
    assert viewer.post(f"{base}/suggestions/accept", data={"band": "medium", "confirmed": "yes"}).status_code == 403
    assert not parse(viewer.get(f"{base}/themes")).select("[data-testid=suggestion-actions]")
    assert open_suggestion(app, forum_id).get(card_id)  # nothing was filed nor set aside


def test_suggestion_forms_need_the_csrf_token(csrf_app, make_organizer, make_forum):
    client = csrf_app.test_client()
    forum_id = make_forum(make_organizer())
    with csrf_app.app_context():
        add_cards(forum_id, SMALL_FORUM_CARDS)
        run_analysis(db.session.get(Forum, forum_id))
    client.post("/login", data={"email": "organizer@example.org", "password": "correct horse battery",
                                "csrf_token": csrf_token_from(client.get("/login").get_data(as_text=True))})
    card_id = next(iter(open_suggestion(csrf_app, forum_id)))
    base = f"/forums/{forum_id}/analysis"
    for url, data in ((f"{base}/cards/{card_id}/suggestion/accept", {}),
                      (f"{base}/cards/{card_id}/suggestion/reject", {}),
                      (f"{base}/suggestions/accept", {"band": "medium", "confirmed": "yes"})):
        assert client.post(url, data=data).status_code == 400, url
    token = csrf_token_from(client.get(f"{base}/themes").get_data(as_text=True))
    assert client.post(f"{base}/cards/{card_id}/suggestion/accept", data={"csrf_token": token}).status_code == 302


def test_accept_all_suggestions_of_one_group_files_only_that_groups_and_says_how_many(app, client,
                                                                                      clearly_suggested):
    from forum.services.theme_corrections import CONFIDENCE_BANDS
    forum_id, _card = clearly_suggested
    base = f"/forums/{forum_id}/analysis"
    everything = open_suggestion(app, forum_id)
    medium = open_suggestion(app, forum_id, CONFIDENCE_BANDS["medium"])
    keys = sorted(set(medium.values()))
    assert keys == ["colleges", "employers"]  # suggestions of two groups to choose from, two cards each
    form = parse(client.get(f"{base}/themes")).select_one("[data-testid=accept-suggestions]")
    offered = [option["value"] for option in form.select("select[name=group] option")]
    assert offered[0] == "" and sorted(offered[1:]) == keys
    key = keys[0]
    chosen = [card_id for card_id, suggested in medium.items() if suggested == key]
    with app.app_context():
        name = str(next(g.name for g in db.session.get(Forum, forum_id).groups if g.key == key))
    number = f"{len(chosen)} card{'s' if len(chosen) > 1 else ''}"

    asked = client.post(f"{base}/suggestions/accept", data={"band": "medium", "group": key})
    assert asked.status_code == 200 and f"File {number} under {name}?" in text_of(parse(asked))
    assert open_suggestion(app, forum_id) == everything
    done = client.post(f"{base}/suggestions/accept", data={"band": "medium", "group": key, "confirmed": "yes"},
                       follow_redirects=True)
    assert f"{number} filed under {name}." in text_of(parse(done))
    with app.app_context():
        filed = {card_id: getattr(db.session.get(IdeaCard, card_id).group, "key", None) for card_id in everything}
    assert filed == {card_id: key if card_id in chosen else None for card_id in everything}

    refused = client.post(f"{base}/suggestions/accept", data={"band": "medium", "group": "no-such-group",
                                                              "confirmed": "yes"})
    assert refused.status_code == 422 and "Choose an item" in refused.get_data(as_text=True)
    assert open_suggestion(app, forum_id) == {card_id: k for card_id, k in everything.items() if card_id not in chosen}
