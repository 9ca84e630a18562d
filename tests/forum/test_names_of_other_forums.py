"""A page of one forum or series names (and links) another forum only to a reader who may open that forum: an
invited viewer of this year's edition, or of the series' comparison, has no role on last year's forum and reads
nothing of it ("Started from", a carried action item's origin, its history)."""
from __future__ import annotations

from sqlalchemy import select

from forum.extensions import db
from forum.models import ActionItem
from tests.conftest import member_client
from tests.forum.test_series import demo, start_edition  # noqa: F401  (the demo fixture)
from tests.html import parse, text_of

LAST_YEAR = "Hire-Retain-Advance"  # the demo forum's name begins so


def series_viewer(app, series_id: int):
    return member_client(app, None, "viewer", "series-viewer@example.org", "Vera Viewer", series_id=series_id)


def test_the_dashboard_names_the_forum_it_started_from_only_to_those_who_may_open_it(client, app, demo):  # noqa: F811
    edition = start_edition(client, demo)
    mine = parse(client.get(f"/forums/{edition}"))
    started = mine.select_one("[data-testid=started-from]")
    assert LAST_YEAR in text_of(started) and started.select_one("a")["href"] == f"/forums/{demo}"
    french = parse(client.get(f"/forums/{edition}?lang=fr"))
    assert text_of(french.select_one("[data-testid=started-from]")).startswith("Préparé à partir de Recruter, retenir")
    viewer = member_client(app, edition, "viewer")
    page = viewer.get(f"/forums/{edition}")
    assert page.status_code == 200
    assert parse(page).select_one("[data-testid=started-from]") is None
    assert LAST_YEAR not in page.get_data(as_text=True)
    assert viewer.get(f"/forums/{demo}").status_code == 404  # the forum it would have named: unknown to them


def test_the_series_page_names_an_editions_origin_only_to_those_who_may_open_it(client, app, demo):  # noqa: F811
    edition = start_edition(client, demo, **{"series_name-en": "Annual ITP forum"})
    with app.app_context():
        from forum.models import Forum
        series_id = db.session.get(Forum, edition).series_id
        db.session.get(Forum, demo).series_id = None  # last year's forum is not one of the compared editions
        db.session.commit()
    mine = parse(client.get(f"/series/{series_id}"))
    [started] = mine.select("[data-testid=editions] [data-testid=started-from]")
    assert LAST_YEAR in text_of(started) and started.select_one("a")["href"] == f"/forums/{demo}"
    page = series_viewer(app, series_id).get(f"/series/{series_id}")
    assert page.status_code == 200 and "Forum 2020" in page.get_data(as_text=True)
    assert parse(page).select("[data-testid=started-from]") == []
    assert LAST_YEAR not in page.get_data(as_text=True)


def test_a_carried_item_names_last_years_forum_only_to_those_who_may_open_it(client, app, demo):  # noqa: F811
    edition = start_edition(client, demo)
    with app.app_context():
        carried = db.session.scalars(select(ActionItem).where(ActionItem.forum_id == edition)
                                     .order_by(ActionItem.position)).first().id
    viewer = member_client(app, edition, "viewer")
    page = viewer.get(f"/forums/{edition}/actions/{carried}")
    assert page.status_code == 200
    shown = parse(page)
    assert text_of(shown.select_one("[data-testid=carried-from]")) == "Carried over from another edition"
    assert any("Carried over from another edition" in text_of(line) for line in shown.select("[data-testid=change]"))
    assert LAST_YEAR not in page.get_data(as_text=True)
    french = viewer.get(f"/forums/{edition}/actions/{carried}?lang=fr").get_data(as_text=True)
    assert "Reportée d'une autre édition" in french and LAST_YEAR not in french
    # a viewer of last year's forum only: this year's edition is not named on its plan either
    last_years_viewer = member_client(app, demo, "analyst")
    plan = last_years_viewer.get(f"/forums/{demo}/actions").get_data(as_text=True)
    assert "Carried over to another edition" in plan and "Forum 2020" not in plan
