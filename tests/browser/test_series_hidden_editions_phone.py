"""A funder with a role on the partnership's forums reads the series' comparison on their phone, in French; an
edition of another organizer joins the series: they still read the figures of the editions they may read, and a
note on the phone says how many are not shown and whom to ask, without naming it."""
from __future__ import annotations

from playwright.sync_api import expect

from forum.extensions import db
from forum.models import Membership, Organization, Translated, User
from forum.services import series as series_service
from forum.services import text_models
from forum.services.forums import create_forum
from tests.browser.conftest import PHONE, assert_fits_across, log_in
from tests.forum.test_series import answered

PASSWORD = "correct horse battery"


def test_a_funder_on_a_phone_reads_the_editions_they_may_and_is_told_one_is_not_shown(new_page, live_app, live_url):
    with live_app.app_context():
        users = {}
        for email, name in (("creator@example.org", "Cora Creator"), ("funder@example.org", "Fran Bailleur"),
                            ("other@example.org", "Otto Other")):
            users[email] = User(email=email, name=name)
            users[email].set_password(PASSWORD)
        db.session.add_all(users.values())
        db.session.flush()
        forums = [create_forum(users["creator@example.org"], name=f"Forum {year}", table_count=1, languages="en,fr")
                  for year in (2025, 2026)]
        db.session.add(Organization(name="Partnership", forums=forums,
                                    memberships=[Membership(user_id=users["funder@example.org"].id, role="viewer")]))
        db.session.commit()
        answered(forums[0].id, {"rating": 5}, {"rating": 4})
        answered(forums[1].id, {"rating": 4}, {"rating": 4}, {"rating": 3})
        series = series_service.create_series(users["creator@example.org"],
                                              name=Translated(en="Employment forums", fr="Forums de l'emploi"))
        for forum in forums:
            series_service.add_forum(series, forum)
        hidden = create_forum(users["other@example.org"], name="Confidential summit", table_count=1)
        db.session.commit()
        series_service.add_forum(series, hidden)
        series_id = series.id
    text_models.match_themes  # the first comparison imports scikit-learn: here, not within a click's timeout

    funder = new_page(**PHONE)
    log_in(funder, live_url, "funder@example.org", PASSWORD)
    funder.goto(f"{live_url}/series/{series_id}?lang=fr")
    expect(funder.get_by_role("heading", level=1)).to_have_text("Forums de l'emploi")
    note = funder.get_by_test_id("hidden-editions")
    expect(note).to_be_visible()
    expect(note).to_have_text("1 édition de cette série n'est pas affichée\u00a0: vous n'avez aucun rôle sur elle. "
                              "Demandez à Cora Creator, qui a fait la série, de vous partager toute la comparaison, "
                              "ou aux organisateurs de cette édition un rôle sur elle.")
    chart = funder.locator('[data-chart="mean_rating"]')
    expect(chart).to_be_visible()  # the phone reads the charts
    expect(chart.locator(".bar-row .num")).to_have_text(["4,50", "3,67"])
    expect(funder.locator("main")).not_to_contain_text("Confidential summit")
    assert_fits_across(funder, "series comparison with an edition not shown")
