"""An action item carried over to a later edition counts once, where it lives now: in the later edition's plan (done
there when it is done there), and in its own edition as carried over, never done, whatever status it was left with
there (an organizer may still mark it done or dropped in last year's plan). Series page, its download, the public
progress page and the report count it alike."""
from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import ActionItem, Forum
from forum.services.progress import progress_token
from tests.conftest import member_client
from tests.forum.test_series import carried_plans, figures
from tests.html import parse, text_of


def _mark_last_year_s_carried_items(app, last: int) -> None:
    """Last year's organizer marks both items carried to this year done and dropped there after the carry."""
    with app.app_context():
        carried = db.session.scalars(select(ActionItem).where(ActionItem.forum_id == last, ActionItem.id.in_(
            select(ActionItem.carried_from_id).where(ActionItem.carried_from_id.is_not(None)))).order_by(
            ActionItem.id)).all()
        assert len(carried) == 2
        carried[0].status, carried[1].status = "done", "dropped"
        db.session.commit()


def _csv(client, series_id: int) -> list[list[str]]:
    return list(csv.reader(io.StringIO(client.get(f"/series/{series_id}/figures.csv?lang=en")
                                       .get_data(as_text=True).lstrip("\ufeff"))))


def test_an_item_carried_over_and_done_in_the_next_edition_is_done_once_in_the_series(client, organizer, make_forum,
                                                                                       app):
    """By hand: last year 3 of 8 done, 2 carried to 2026 (1 done there). Marked done (and the other dropped) in last
    year's plan after the carry, they still count there as carried over, not done: 3 + 1 = 4 items done in all."""
    series_id, last, _this = carried_plans(app, organizer, make_forum, client)
    _mark_last_year_s_carried_items(app, last)
    shown = figures(client.get(f"/series/{series_id}?lang=en"))
    assert shown["plan_done"] == ["38% 3 of 8, 2 carried to 2026", "33% 1 of 3"]
    assert shown["carried_done"] == ["–", "50% 1 of 2 carried from 2025"]
    rows = _csv(client, series_id)
    assert [row[10:17] for row in rows[1:]] == [["8", "3", "38", "2", "0", "0", ""],
                                                ["3", "1", "33", "0", "2", "1", "50"]]
    assert sum(int(row[11]) for row in rows[1:]) == 4


@pytest.mark.parametrize("lang, bar, counts", [
    ("en", "38% done (3 of 8)", ["3 done", "1 in progress", "2 not started", "2 carried over to the next edition",
                                 "1 dropped (not counted)"]),
    ("fr", "38 % réalisé (3 sur 8)", ["3 terminées", "1 en cours", "2 pas commencées",
                                      "2 reportées à la prochaine édition", "1 abandonnée (non comptée)"]),
])
def test_last_year_s_progress_page_counts_an_item_carried_over_as_carried_not_as_its_old_status(
        client, organizer, make_forum, app, lang, bar, counts):
    series_id, last, _this = carried_plans(app, organizer, make_forum, client)
    _mark_last_year_s_carried_items(app, last)
    with app.app_context():
        forum = db.session.get(Forum, last)
        forum.progress_shared, forum.progress_link_version = True, 1
        db.session.commit()
        url = f"/progress/{progress_token(forum)}?lang={lang}"
    page = parse(client.get(url))
    assert " ".join(text_of(page.select_one("main .progress-line span")).split()) == bar
    assert [" ".join(text_of(li).split()) for li in page.select('[data-testid="status-counts"] li')] == counts
    # each item beside the counts: the 2 carried over say so, not the status they were left with here
    items = {text_of(item.h3): item for item in page.select('[data-testid="progress-item"]')}
    assert [title for title, item in items.items() if item.select('[data-testid="carried-to"]')] == ["Item 3", "Item 5"]
    assert not items["Item 3"].select('[data-testid="item-status"]') and not items["Item 5"].select(
        '[data-testid="item-status"]')
    shown = [text_of(item.select_one('[data-testid="item-status"]')) for item in items.values()
             if item.select('[data-testid="item-status"]')]
    assert len(shown) == 7 and shown.count({"en": "Done", "fr": "Terminée"}[lang]) == 3


@pytest.mark.parametrize("lang, done, carried", [
    ("en", "38% done: 3 of 8 action items", "Of the items not done, 2 were carried over"),
    ("fr", "38 % réalisé : 3 sur 8 actions", "Parmi les actions non terminées, 2 ont été reportées"),
])
def test_last_year_s_report_counts_an_item_carried_over_once(client, organizer, make_forum, app, lang, done, carried):
    series_id, last, _this = carried_plans(app, organizer, make_forum, client)
    _mark_last_year_s_carried_items(app, last)
    report = " ".join(client.get(f"/forums/{last}/report/download/md?report_lang={lang}").get_data(as_text=True)
                      .split())
    assert done in report and carried in report
    # the plan's grid beside the figures: 3 items done, the 2 carried over said so (not "done" nor "dropped")
    done_word, carried_word = {"en": ("| Done |", "| Carried over to the next edition |"),
                               "fr": ("| Terminée |", "| Reportée à la prochaine édition |")}[lang]
    assert report.count(done_word) == 3 and report.count(carried_word) == 2


def test_a_reader_of_last_year_only_counts_no_item_carried_to_an_edition_they_may_not_open(client, organizer,
                                                                                            make_forum, app):
    """For a viewer of last year alone, this year's edition is not in the list: its items carried there are counted
    as they stand in last year's plan, the figure says nothing of a later edition, and the download's columns agree
    with the editions it holds."""
    series_id, last, _this = carried_plans(app, organizer, make_forum, client)
    viewer = member_client(app, last, "viewer")
    page = viewer.get(f"/series/{series_id}?lang=en")
    assert figures(page)["plan_done"] == ["38% 3 of 8"]
    assert not parse(page).select('[data-testid="carried-explained"]')
    assert "2026" not in text_of(parse(page).select_one('[data-testid="series-figures"]'))
    assert [row[10:17] for row in _csv(viewer, series_id)[1:]] == [["8", "3", "38", "0", "0", "0", ""]]


@pytest.mark.parametrize("lang, words", [("en", "Carried over from"), ("fr", "Reportée de")])
def test_this_year_s_plan_says_which_items_were_carried_from_last_year(client, organizer, make_forum, app, lang,
                                                                       words):
    """On this year's action plan and steering committee pages, each item carried over says where from, linked to it
    there for an organizer who may open last year's forum; a viewer of this year alone reads "another edition"."""
    series_id, last, this = carried_plans(app, organizer, make_forum, client)
    with app.app_context():
        origins = {item.id: item.carried_from_id for item in db.session.scalars(
            select(ActionItem).where(ActionItem.forum_id == this))}
    for page_path in (f"/forums/{this}/actions?lang={lang}", f"/forums/{this}/steering?lang={lang}"):
        rows = parse(client.get(page_path)).select('[data-testid="action-row"]')
        marks = {int(row.select_one("a")["href"].rsplit("/", 1)[1]): row.select_one('[data-testid="carried-from"]')
                 for row in rows}
        assert {item for item, mark in marks.items() if mark} == {i for i, origin in origins.items() if origin}
        for item, mark in marks.items():
            if mark:
                assert " ".join(text_of(mark).split()) == f"{words} Jobs forum"
                assert mark.select_one("a")["href"] == f"/forums/{last}/actions/{origins[item]}"
    viewer = member_client(app, this, "viewer")
    marks = parse(viewer.get(f"/forums/{this}/actions?lang=en")).select('[data-testid="carried-from"]')
    assert [text_of(mark) for mark in marks] == ["Carried over from another edition"] * 2
    assert not any(mark.select_one("a") for mark in marks)


def test_an_item_carried_over_needs_no_owner_in_last_year_s_plan(client, organizer, make_forum, app):
    """Last year's open items without an owner ask for one, but not those the next edition carried over: an owner
    is found for them there."""
    series_id, last, _this = carried_plans(app, organizer, make_forum, client)
    rows = parse(client.get(f"/forums/{last}/actions?lang=en")).select('[data-testid="action-row"]')
    asking = [text_of(row.select_one("a")) for row in rows if row.select('[data-testid="needs-owner"]')]
    assert asking == ["Item 4", "Item 6", "Item 7"]


@pytest.mark.parametrize("lang, told", [
    ("en", "Its status there is the one the progress page, the report and the series count: here it counts as "
           "carried over, whatever its status."),
    ("fr", "C'est son état là-bas que comptent la page d'avancement, le rapport et la série : ici, elle compte "
           "comme reportée, quel que soit son état."),
])
def test_an_organizer_editing_an_item_carried_over_is_told_its_status_here_no_longer_counts(
        client, organizer, make_forum, app, lang, told):
    series_id, last, _this = carried_plans(app, organizer, make_forum, client)
    with app.app_context():
        carried = db.session.scalar(select(ActionItem.carried_from_id).where(ActionItem.carried_from_id.is_not(None))
                                    .order_by(ActionItem.id).limit(1))
    page = parse(client.get(f"/forums/{last}/actions/{carried}?lang={lang}"))
    assert " ".join(told.split()) in " ".join(text_of(page.select_one('[data-testid="carried-to"]')).split())


def test_the_progress_page_marks_each_carried_item_and_shows_its_date_and_owner_without_its_old_status(
        client, organizer, make_forum, app):
    """``progress_by_priority`` says which items are carried over (``carried``), for the page to leave their old
    status out: a carried item's line keeps its due date and its publicly named owner, with one separator."""
    import datetime

    from forum.models import SteeringSignup
    from forum.services.progress import progress_by_priority

    _series_id, last, _this = carried_plans(app, organizer, make_forum, client)
    with app.app_context():
        forum = db.session.get(Forum, last)
        forum.progress_shared, forum.progress_link_version = True, 1
        owner = SteeringSignup(forum_id=last, client_id="o", name="Amina Owner", email="amina@example.org",
                               consents_to_owner_role=True, named_publicly=True)
        db.session.add(owner)
        db.session.flush()
        item = next(i for i in db.session.scalars(select(ActionItem).where(ActionItem.forum_id == last))
                    if i.title.en == "Item 3")
        item.due_date, item.owner_signup_id = datetime.date(2026, 3, 14), owner.id
        db.session.commit()
        items = [i for p in progress_by_priority(forum, "en") for i in p["items"]]
        assert {i["title"]: i["carried"] for i in items} == {f"Item {n}": n in (3, 5) for n in range(9)}
        url = f"/progress/{progress_token(forum)}?lang=en"
    page = parse(client.get(url))
    shown = {text_of(li.h3): li for li in page.select('[data-testid="progress-item"]')}
    assert " ".join(text_of(shown["Item 3"].select_one('[data-testid="item-status"]')).split()) == \
        "Due: 14 March 2026 · Owner: Amina Owner"
    assert " ".join(text_of(shown["Item 2"].select_one('[data-testid="item-status"]')).split()) == "Done"
