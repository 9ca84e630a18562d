"""An organizer signs up, creates a forum, imports the sample forum's files and sees the counts."""
from pathlib import Path

from playwright.sync_api import expect

DEMO = Path(__file__).resolve().parents[2] / "forum" / "demo"


def sign_up_and_create_forum(page, live_url, name, email, forum_name, venue=""):
    page.goto(live_url + "/signup")
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill("s3cret-enough")
    page.get_by_label("Repeat the password").fill("s3cret-enough")
    page.get_by_role("button", name="Create account").click()
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
