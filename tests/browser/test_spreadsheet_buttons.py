"""The spreadsheet downloads beside each table, in French (the longest words), on a phone (390 px) and a
laptop: nothing pushed sideways, each link named for a screen reader, and the Excel file the viewer's
button gives is the plan without contacts."""
from __future__ import annotations

import pytest

from forum.extensions import db
from forum.models import ActionItem, Membership, SteeringSignup, Translated, User
from tests.browser.conftest import LAPTOP, OWNER_PASSWORD, PHONE, assert_fits_across, log_in, owned_forum
from tests.clock import days_from_today


@pytest.fixture
def forum_with_plan(live_app):
    forum_id = owned_forum(live_app, "Forum sur l'embauche des professionnels formés à l'étranger")
    with live_app.app_context():
        signup = SteeringSignup(forum_id=forum_id, client_id="signup-1", name="Ana Ruiz", email="ana@example.org",
                                consents_to_owner_role=True)
        viewer = User(email="viewer@example.org", name="Vera Viewer")
        viewer.set_password(OWNER_PASSWORD)
        db.session.add_all([signup, viewer])
        db.session.flush()
        db.session.add_all([
            Membership(user_id=viewer.id, forum_id=forum_id, role="viewer"),
            ActionItem(forum_id=forum_id, title=Translated("Projet pilote de mentorat"), owner_signup_id=signup.id,
                       due_date=days_from_today(84))])  # months ahead, whatever day the tests run
        db.session.commit()
    return forum_id


@pytest.mark.parametrize("size", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_the_spreadsheet_buttons_fit_in_french(live_url, new_page, forum_with_plan, size):
    page = new_page(**size)
    log_in(page, live_url, "owner@example.org", OWNER_PASSWORD)
    page.goto(f"{live_url}/forums/{forum_with_plan}/actions?lang=fr")
    for name in ("Exporter vers Excel (XLSX)", "Exporter en CSV", "Échéances pour votre agenda (iCalendar)"):
        assert page.get_by_role("link", name=name, exact=True).is_visible(), name
    assert page.get_by_test_id("plan-without-contacts").is_visible()
    assert_fits_across(page, "action plan")
    page.goto(f"{live_url}/forums/{forum_with_plan}/participants?lang=fr")
    for name in ("Télécharger les inscriptions (Excel)", "Télécharger les inscriptions (CSV)"):
        assert page.get_by_role("link", name=name, exact=True).is_visible(), name
    assert_fits_across(page, "participants")


def test_a_viewer_downloads_the_plan_in_excel_from_a_phone(live_url, new_page, forum_with_plan):
    from tests.xlsx import read_xlsx

    page = new_page(**PHONE, accept_downloads=True)
    log_in(page, live_url, "viewer@example.org", OWNER_PASSWORD)
    page.goto(f"{live_url}/forums/{forum_with_plan}/actions?lang=fr")
    # the calendar too, without the owners' names, since viewers may have it
    assert page.get_by_role("link", name="Échéances pour votre agenda (iCalendar)", exact=True).is_visible()
    assert_fits_across(page, "action plan, viewer")
    with page.expect_download() as info:
        page.get_by_role("link", name="Exporter vers Excel (XLSX)", exact=True).click()
    download = info.value
    assert download.suggested_filename.endswith("plan-d-action.xlsx")
    with open(download.path(), "rb") as handle:
        book = read_xlsx(handle.read())
    assert "Courriel du responsable" not in book.header and book.rows[1][0] == "Projet pilote de mentorat"


def test_the_evaluation_answers_download_fits_on_a_phone_in_french(live_app, live_url, new_page, forum_with_plan):
    from forum.models import Answer, EvaluationResponse, Forum

    with live_app.app_context():
        rating = next(q for q in db.session.get(Forum, forum_with_plan).questions if q.kind == "rating")
        db.session.add(EvaluationResponse(forum_id=forum_with_plan, client_id="r1",
                                          answers=[Answer(question_id=rating.id, number=5)]))
        db.session.commit()
    page = new_page(**PHONE)
    log_in(page, live_url, "viewer@example.org", OWNER_PASSWORD)
    page.goto(f"{live_url}/forums/{forum_with_plan}/evaluation/results?lang=fr")
    export = page.get_by_test_id("evaluation-export")
    assert export.get_by_role("link", name="Excel (XLSX)", exact=True).is_visible()
    assert export.get_by_role("link", name="CSV", exact=True).is_visible()
    assert_fits_across(page, "evaluation results")
