"""An organizer signs up, creates a forum, imports the sample forum's files and sees the counts."""
from pathlib import Path

from playwright.sync_api import expect

from tests.browser.conftest import log_in

DEMO = Path(__file__).resolve().parents[2] / "forum" / "demo"


def sign_up_and_create_forum(page, live_url, name, email, forum_name, venue=""):
    page.goto(live_url + "/signup")
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill("s3cret-enough")
    page.get_by_label("Repeat the password").fill("s3cret-enough")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="Check your e-mail")).to_be_visible()
    log_in(page, live_url, email, "s3cret-enough")  # an unconfirmed account may log in and create one forum
    expect(page.get_by_role("heading", name="My forums")).to_be_visible()
    page.get_by_role("link", name="New forum").click()
    page.get_by_role("group", name="Name").get_by_label("English").fill(forum_name)
    page.get_by_label("Venue").fill(venue)
    page.get_by_role("button", name="Create forum").click()
    expect(page.get_by_role("heading", name=forum_name)).to_be_visible()


def test_sign_up_create_forum_import_and_see_counts(page, live_url):
    sign_up_and_create_forum(page, live_url, "Amina Organizer", "amina@example.org",
                             "Hire, retain, advance — 2026", venue="Toronto")
    expect(page.get_by_test_id("count-ideas")).to_have_text("0")

    page.get_by_role("navigation", name="Forum").get_by_role("link", name="Import").click()
    page.get_by_label("What the file holds").select_option("ideas")
    page.get_by_label("CSV file").set_input_files(str(DEMO / "ideas.csv"))
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_test_id("valid-count")).to_contain_text("197 ready to import")
    page.get_by_role("button", name="Import 197 rows").click()
    expect(page.get_by_test_id("count-ideas")).to_have_text("197")

    page.get_by_role("navigation", name="Forum").get_by_role("link", name="Import").click()
    page.get_by_label("What the file holds").select_option("evaluations")
    page.get_by_label("CSV file").set_input_files(str(DEMO / "evaluations.csv"))
    page.get_by_role("button", name="Check the file").click()
    page.get_by_role("button", name="Import 26 rows").click()
    expect(page.get_by_test_id("count-responses")).to_have_text("26")
    expect(page.get_by_test_id("count-ideas")).to_have_text("197")
    # The counts by round are on the dashboard too.
    expect(page.get_by_role("row", name="Best practices")).to_be_visible()


def test_bad_rows_are_reported_and_nothing_is_written(page, live_url, tmp_path):
    sign_up_and_create_forum(page, live_url, "Sam", "sam@example.org", "Small forum")

    bad = tmp_path / "bad.csv"
    bad.write_text("id,round,stakeholder,text\n1,best_practices,employers,Mentoring works\n"
                   "2,nonsense,employers,Unknown round here\n3,challenges,,\n", encoding="utf-8")
    page.get_by_role("navigation", name="Forum").get_by_role("link", name="Import").click()
    page.get_by_label("CSV file").set_input_files(str(bad))
    page.get_by_role("button", name="Check the file").click()
    problems = page.get_by_role("alert")
    expect(problems).to_contain_text("unknown round 'nonsense'")
    expect(problems).to_contain_text("the text is empty")
    page.get_by_role("navigation", name="Forum").get_by_role("link", name="Dashboard").click()
    expect(page.get_by_test_id("count-ideas")).to_have_text("0")


def test_describe_a_stakeholder_group_and_a_code_in_english_and_french(page, live_url):
    """The descriptions the analysis reads are typed in one box per language; a missing one is flagged."""
    sign_up_and_create_forum(page, live_url, "Lea", "lea@example.org", "Bilingual forum")
    page.get_by_role("navigation", name="Forum").get_by_role("link", name="Stakeholder groups").click()
    employers = page.locator(".setup-list > li").first
    described = employers.get_by_role("group", name="Who the group is and what it does")
    expect(described).to_contain_text("Left empty, it uses its own: “Employers, companies")
    described.get_by_label("English").fill("Companies hiring engineers")
    employers.get_by_role("button", name="Save").click()
    employers = page.locator(".setup-list > li").first
    expect(employers.get_by_test_id("missing-translation")).to_have_text("French missing")
    employers.get_by_role("group", name="Who the group is and what it does").get_by_label("French").fill(
        "Entreprises qui embauchent des ingénieurs")
    employers.get_by_role("button", name="Save").click()
    expect(page.locator(".setup-list > li").first.get_by_test_id("missing-translation")).to_have_count(0)
    page.goto(page.url.split("#")[0].split("?")[0] + "?lang=fr")  # the save came back to its row (#item-N)
    french = page.locator(".setup-list > li").first.get_by_role("group", name="Qui est le groupe et ce qu'il fait")
    expect(french.get_by_label("Français")).to_have_value("Entreprises qui embauchent des ingénieurs")

    page.get_by_role("navigation", name="Forum").get_by_role("link", name="Livre de codes").click()
    adding = page.locator("section", has=page.get_by_role("heading", name="Ajouter un code"))
    adding.get_by_role("group", name="Intitulé").get_by_label("Français").fill("Mentorat")
    adding.get_by_role("button", name="Ajouter").click()
    code = page.get_by_test_id("codes").locator("li").first
    expect(code.locator(".code-label span").first).to_have_text("Mentorat")
    expect(code.locator("h2").get_by_test_id("missing-translation")).to_have_text("Anglais manquant")
