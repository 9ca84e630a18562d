"""An organizer goes from the analysis to a downloaded report, a shared link and an action item with an owner."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from analysis.report import charts
from analysis.report.wording import wording
from forum.extensions import db
from forum.models import Forum, SteeringSignup, User
from tests.clock import days_from_today
from tests.conftest import PASSWORD


def demo_forum_for_organizer(app) -> int:
    from forum.services.demo import load_demo

    with app.app_context():
        forum, _ = load_demo()
        user = User(email="amina@example.org", name="Amina Organizer")
        user.set_password(PASSWORD)
        db.session.add(user)
        db.session.flush()
        forum = db.session.get(Forum, forum.id)
        forum.owner_id = user.id
        db.session.add(SteeringSignup(forum_id=forum.id, client_id="signup-1", name="Rosa Lead", email="rosa@example.org",
                                      organization="Newcomer Centre", consents_to_owner_role=True))
        db.session.commit()
        return forum.id


def test_from_analysis_to_report_and_action_item(page, live_app, live_url, tmp_path):
    forum_id = demo_forum_for_organizer(live_app)
    page.goto(live_url + "/login")
    page.get_by_label("Email").fill("amina@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{live_url}/forums/{forum_id}")
    nav = page.get_by_role("navigation", name="Forum")

    nav.get_by_role("link", name="Analysis").click()
    page.get_by_role("button", name="Run the analysis").click()
    page.wait_for_url("**/analysis/board", timeout=60000)  # the analysis shows its themes board when done
    nav.get_by_role("link", name="Analysis").click()
    expect(page.get_by_test_id("run-ideas")).to_have_text("197")

    nav.get_by_role("link", name="Report").click()
    expect(page.get_by_role("heading", name="Post-forum report")).to_be_visible()
    expect(page.get_by_text("Built from the analysis of")).to_be_visible()
    # The first file after the analysis draws the charts: built as a job, whose page follows it, then offers the file.
    charts._cached_png.cache_clear()  # the server's process drew the same demo charts in another test
    page.get_by_role("link", name="Download PDF English").click()
    expect(page.get_by_role("heading", name="Putting the report together")).to_be_visible()
    with page.expect_download(timeout=60000) as download_info:
        page.get_by_role("link", name="Download the report").click(timeout=60000)
    pdf = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(pdf)
    assert pdf.name.endswith("-report-en.pdf") and pdf.read_bytes().startswith(b"%PDF")
    page.get_by_role("link", name="Go to the report page").click()

    page.get_by_label("Executive summary").fill("Our forum in one paragraph, written by us.")
    page.get_by_role("button", name="Save the report").click()
    expect(page.get_by_text("Report saved.")).to_be_visible()
    page.get_by_role("button", name="Share by link").click()
    share_url = page.get_by_test_id("share-url").input_value()
    reader = page.context.new_page()
    reader.goto(share_url)
    expect(reader.get_by_role("heading", name="Executive summary")).to_be_visible()
    expect(reader.get_by_text("Our forum in one paragraph, written by us.")).to_be_visible()
    expect(reader.get_by_text("4.19", exact=True)).to_be_visible()
    reader.close()
    # The French report has its own texts: still drafted from the data, not the English summary.
    page.get_by_test_id("report-languages").get_by_role("link", name="Français").click()
    expect(page.get_by_role("heading", name="Texts you write, in Français")).to_be_visible()
    expect(page.get_by_label("Executive summary")).to_have_value(re.compile("a réuni"))

    nav.get_by_role("link", name="Action plan").click()
    page.get_by_role("group", name="What will be done").get_by_label("English").fill("Launch a mentoring pilot with five employers")
    page.get_by_label("Owner (steering committee members who agreed to own actions)").select_option(label="Rosa Lead (Newcomer Centre)")
    due = days_from_today(115)  # months ahead whatever day the tests run: the table shows it as a date
    page.get_by_label("Due date").fill(due.isoformat())
    page.get_by_label("Status").select_option(label="In progress")
    page.get_by_role("button", name="Add the action item").click()
    expect(page.get_by_text("Action item added.")).to_be_visible()
    row = page.get_by_role("row", name="Launch a mentoring pilot")
    expect(row).to_contain_text("Rosa Lead")
    expect(row).to_contain_text(wording("en").date(due))
    expect(row).to_contain_text("In progress")

    nav.get_by_role("link", name="Steering committee").click()
    member = page.get_by_role("region", name="Members").get_by_role("row", name="Rosa Lead")
    expect(member).to_contain_text("rosa@example.org")
    expect(member.get_by_role("cell").nth(4)).to_have_text("1 open · 0 done")  # actions owned (the link follows)
    page.screenshot(path=str(tmp_path / "steering.png"), full_page=True)
