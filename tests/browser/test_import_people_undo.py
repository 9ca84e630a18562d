"""An organizer imports the steering committee's paper sign-ups, finds one was the wrong file, and undoes the
import from its message: the page counts what goes and names the member given a link since, who stays."""
from __future__ import annotations

from playwright.sync_api import expect

from forum.extensions import db
from tests.browser.conftest import OWNER_PASSWORD, assert_fits_across, log_in, owned_forum


def test_an_organizer_clicks_through_the_undo_of_a_sign_up_import(page, live_app, live_url, tmp_path):
    from forum.models import SteeringSignup
    from forum.services.committee import issue_link

    forum_id = owned_forum(live_app, "Sign-up forum")
    paper = tmp_path / "paper sign-ups.csv"
    paper.write_text("name,email,organization,owner_role\n"
                     "Amina Diallo,amina@example.org,COSTI,yes\n"
                     "Chen Li,chen@example.org,,no\n"
                     "Dana Roy,dana@example.org,ACCES,no\n")
    log_in(page, live_url, "owner@example.org", OWNER_PASSWORD)
    page.goto(f"{live_url}/forums/{forum_id}/participants")
    page.get_by_role("link", name="Import sign-ups collected on paper or through another form (CSV or Excel)",
                     exact=True).click()
    expect(page.get_by_label("What the file holds", exact=True)).to_have_value("signups")
    page.get_by_label("CSV file or Excel workbook (.xlsx)", exact=True).set_input_files(str(paper))
    page.get_by_role("button", name="Check the file", exact=True).click()
    expect(page.get_by_test_id("valid-count")).to_have_text("3 ready to import")
    page.get_by_role("button", name="Import 3 rows", exact=True).click()
    undo = page.get_by_role("link", name="Undo this import", exact=True)
    expect(undo).to_be_visible()

    with live_app.app_context():  # meanwhile a co-organizer gave Amina her committee link
        issue_link(db.session.scalar(db.select(SteeringSignup).where(SteeringSignup.email == "amina@example.org")))
    undo.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Undo the import of")
    expect(page.get_by_test_id("undo-count")).to_contain_text(
        "2 steering committee sign-ups of this import are still here")
    expect(page.get_by_test_id("undo-people").get_by_role("listitem")).to_have_text(
        ["Chen Li — chen@example.org", "Dana Roy (ACCES) — dana@example.org"])
    kept = page.get_by_test_id("undo-kept")
    expect(kept.get_by_role("heading", name="Staying on the committee", exact=True)).to_be_visible()
    expect(kept.get_by_role("listitem")).to_have_text(
        ["Amina Diallo — amina@example.org: a committee link was made for them"])
    assert_fits_across(page, "the undo of a sign-up import")

    delete = page.get_by_role("button", name="Delete the 2 imported sign-ups", exact=True)
    delete.focus()
    page.keyboard.press("Enter")  # by keyboard
    expect(page.get_by_role("heading", name="Import from a CSV file or an Excel workbook", exact=True)).to_be_visible()
    flashes = page.locator(".flashes")
    expect(flashes).to_contain_text("2 imported steering committee sign-ups were deleted")
    expect(flashes).to_contain_text("1 sign-up of this import stays on the committee, with what was attached to it "
                                    "since: Amina Diallo.")

    page.go_back()  # the undo page again, as a second tab would show it
    page.reload()
    expect(page.get_by_test_id("undo-count")).to_have_text("No sign-up of this import was left to delete.")
    expect(page.get_by_role("button", name="Delete the 2 imported sign-ups", exact=True)).to_have_count(0)
    page.goto(f"{live_url}/forums/{forum_id}/participants")
    expect(page.get_by_role("main")).to_contain_text("Amina Diallo")
    expect(page.get_by_role("main")).not_to_contain_text("Dana Roy")
