"""An organizer starts the next edition of the demo forum from its dashboard, in one step, then reads the
series page on a phone (360 px) in French: figures side by side, bars, themes across the editions."""
from __future__ import annotations

from playwright.sync_api import expect

from forum.services.demo import DEMO_EMAIL, DEMO_PASSWORD, load_demo, load_demo_action_plan
from tests.browser.conftest import LAPTOP, PHONE

SMALL_PHONE = {**PHONE, "viewport": {"width": 360, "height": 780}}


def log_in(page, live_url, lang="en"):
    page.goto(f"{live_url}/login?lang={lang}")
    page.get_by_label("Email" if lang == "en" else "Courriel").fill(DEMO_EMAIL)
    page.get_by_label("Password" if lang == "en" else "Mot de passe").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in" if lang == "en" else "Se connecter").click()


def test_the_next_edition_in_one_step_then_the_series_on_a_french_phone(new_page, live_app, live_url):
    with live_app.app_context():
        forum, _created = load_demo()
        load_demo_action_plan(forum)
        forum_id = forum.id

    laptop = new_page(**LAPTOP)
    log_in(laptop, live_url)
    laptop.goto(f"{live_url}/forums/{forum_id}")
    laptop.get_by_role("link", name="Start the next edition").click()
    expect(laptop.get_by_test_id("edition-copies")).to_contain_text("6 tables (with new capture links)")
    laptop.get_by_test_id("translated-name").get_by_label("English").fill("Hire-Retain-Advance 2020")
    laptop.get_by_label("Date").fill("2020-11-06")
    laptop.get_by_test_id("translated-series_name").get_by_label("English").fill("Hire-Retain-Advance forum")
    laptop.get_by_role("button", name="Create the new edition").click()
    expect(laptop.get_by_text("The new edition is ready")).to_be_visible()
    expect(laptop.get_by_role("heading", name="Hire-Retain-Advance 2020", exact=True)).to_be_visible()
    laptop.get_by_role("link", name="Codebook").click()
    expect(laptop.get_by_test_id("codes").locator("li").first).to_contain_text("Carried over from a theme of")
    laptop.get_by_role("link", name="Action plan").click()
    expect(laptop.get_by_test_id("action-row")).to_have_count(3)  # the demo plan's open items
    laptop.get_by_role("link", name="Dashboard").click()
    laptop.get_by_test_id("forum-series").click()
    expect(laptop.get_by_role("heading", name="Hire-Retain-Advance forum", exact=True)).to_be_visible()
    series_url = laptop.url

    phone = new_page(**SMALL_PHONE)
    log_in(phone, live_url, "fr")
    phone.goto(series_url + "?lang=fr")
    expect(phone.get_by_role("heading", name="Graphiques")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360  # nothing runs off the side
    rating = phone.locator('[data-chart="mean_rating"]')
    expect(rating).to_contain_text("Note moyenne (sur 5)")
    expect(rating.locator(".bar-row").first).to_contain_text("4,19")
    bar = rating.locator(".bar > span").first.bounding_box()
    assert bar["width"] > 0 and bar["x"] + bar["width"] <= 360
    expect(phone.locator('[data-chart="carried_done"]')).to_contain_text("0 sur 3 reportées")
    expect(phone.get_by_role("heading", name="Les thèmes d'une édition à l'autre")).to_be_visible()
    expect(phone.get_by_test_id("theme-tracks").locator("> li").first).to_contain_text("pas encore d'analyse")
    # every control on the page is large enough to touch
    small = phone.evaluate("""() => [...document.querySelectorAll(
            'main button, main select, main input:not([type=hidden])')]
        .map(e => e.getBoundingClientRect()).filter(r => r.width && r.height < 36).length""")
    assert small == 0
