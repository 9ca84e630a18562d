"""Browser fixtures: the app served on loopback by a real server thread, driven by Debian's Chromium."""
from __future__ import annotations

import os
import threading
import time

import pytest
from werkzeug.serving import make_server

from forum import create_app
from forum.extensions import db
from tests.compiled_templates import share_compiled_templates
from tests.conftest import SECRET_KEY, TEST_PASSWORD_HASH, add_review_link

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
TABLET = {"viewport": {"width": 820, "height": 1180}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
LAPTOP = {"viewport": {"width": 1280, "height": 800}}


OWNER_PASSWORD = "correct horse battery"


def owned_forum(live_app, name: str, email: str = "owner@example.org") -> int:
    """A forum in English and French owned by Olive Organizer (``email``, OWNER_PASSWORD); its id."""
    from forum.models import User
    from forum.services.forums import create_forum

    with live_app.app_context():
        owner = User(email=email, name="Olive Organizer")
        owner.set_password(OWNER_PASSWORD)
        forum_id = create_forum(owner, name=name, languages="en,fr").id
        db.session.commit()
        return forum_id


def french_review_comment_form(new_page, live_app, live_url, phone=PHONE):
    """A reviewer on a ``phone`` in French opens a review link of a new forum ("Forum de printemps", for the "Conseil des
    nouveaux arrivants") and, by its "Priorités principales" section's link, that section's comment form; returns the
    page and the link's token."""
    forum_id = owned_forum(live_app, "Forum de printemps")
    token = add_review_link(live_app, forum_id, "Conseil des nouveaux arrivants")
    page = new_page(**phone, locale="fr-CA")
    page.goto(f"{live_url}/review/{token}?lang=fr")
    page.locator("#priorities").get_by_role("link", name="Commenter cette section Priorités principales",
                                            exact=True).click()
    return page, token


def french_review_comment_sent(new_page, live_app, live_url, phone=PHONE):
    """As `french_review_comment_form`, then the reviewer types a comment there and sends it; returns the page and
    the message under the section that says the comment was sent."""
    page, _token = french_review_comment_form(new_page, live_app, live_url, phone=phone)
    page.get_by_label("Votre commentaire", exact=True).fill("Ajoutez le mentorat pour les femmes.")
    page.get_by_role("button", name="Envoyer le commentaire", exact=True).click()
    return page, page.locator("#priorities").get_by_text(
        "Merci\u00a0: votre commentaire a été transmis à l'organisateur.", exact=True)


def log_in(page, live_url, email, password):
    page.goto(f"{live_url}/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def accept_invitation_in_french(new_page, link, summary, name, password):
    """Someone without an account opens an invitation ``link`` in French on a laptop, reads that it is the one
    meant (its summary contains ``summary``), and creates their account to accept it; returns their page."""
    from playwright.sync_api import expect

    page = new_page(**LAPTOP)
    page.goto(link + "?lang=fr")
    expect(page.get_by_test_id("invitation-summary")).to_contain_text(summary)
    page.get_by_label("Votre nom").fill(name)
    page.get_by_label("Mot de passe", exact=True).fill(password)
    page.get_by_label("Répétez le mot de passe").fill(password)
    page.get_by_role("button", name="Créer mon compte et accepter").click()
    return page


def wait_for_js(page, expression: str, timeout_ms: int = 15_000):
    """Wait until ``expression`` (or the promise it gives) is truthy in the page.

    Playwright's ``wait_for_function`` re-checks a predicate with the page's own ``eval``, which
    our Content-Security-Policy forbids: it fails whenever the first check is false. Each check
    here goes through ``page.evaluate`` instead, which the CSP does not apply to."""
    deadline = time.monotonic() + timeout_ms / 1000
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout_ms} ms: {expression}")
        page.wait_for_timeout(50)


def wait_until(page, condition, timeout_ms: int = 15_000):
    """Wait (letting the page's events in) until ``condition()`` holds in the test: e.g. a request held back by a
    route has reached the test's route handler."""
    deadline = time.monotonic() + timeout_ms / 1000
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout_ms} ms: {condition}")
        page.wait_for_timeout(50)


# With is_mobile, Chromium zooms a page wider than the phone out until all of it shows: innerWidth and
# innerHeight then grow with the page, so `scrollWidth <= innerWidth` and Playwright's to_be_in_viewport
# pass on a page that scrolls sideways. documentElement.clientWidth/clientHeight stay the phone's own
# size (the layout viewport at scale 1): measure against them.
WIDEST = """() => {
    const width = document.documentElement.clientWidth;
    const wide = [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > width + 1);
    const named = e => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`;
    return {scroll: document.documentElement.scrollWidth, width, wide: wide.slice(0, 5).map(named)};
}"""


def assert_fits_across(page, where: str = ""):
    """The page does not scroll sideways, even in an ``is_mobile`` context; else it names what sticks out."""
    sizes = page.evaluate(WIDEST)
    assert sizes["scroll"] <= sizes["width"], (where, sizes)


def in_viewport(locator) -> bool:
    """The element's whole box is on the screen, measured so that ``is_mobile`` cannot zoom it in."""
    return locator.evaluate("e => { const r = e.getBoundingClientRect(), html = document.documentElement;"
                            " return r.top >= 0 && r.left >= 0 && r.bottom <= html.clientHeight"
                            " && r.right <= html.clientWidth; }")


def go_offline(page):
    """Cut the network and wait until the page itself knows it (Chromium applies it asynchronously)."""
    page.context.set_offline(True)
    wait_for_js(page, "navigator.onLine === false")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture
def live_app(tmp_path):
    """The app on a file SQLite database, served on 127.0.0.1 by a threaded server."""
    app = share_compiled_templates(create_app({
        "SECRET_KEY": SECRET_KEY,
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'browser.db'}",
        "RATELIMIT_ENABLED": False,
        "PASSWORD_HASH_METHOD": TEST_PASSWORD_HASH,
    }))
    with app.app_context():
        db.create_all()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    app.config["LIVE_URL"] = app.config["PUBLIC_URL"] = f"http://127.0.0.1:{server.server_port}"
    yield app
    server.shutdown()
    thread.join(timeout=5)
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def live_url(live_app):
    return live_app.config["LIVE_URL"]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser):
    """``new_page(**context_options)``: a page in a fresh context (e.g. ``new_page(**PHONE)``).
    Any script or style the Content-Security-Policy blocked on it fails the test."""
    contexts, blocked = [], []

    def make(**options):
        context = browser.new_context(**options)
        context.set_default_timeout(10000)
        contexts.append(context)
        page = context.new_page()
        page.on("console", lambda message: blocked.append(message.text)
                if "Content Security Policy" in message.text else None)
        return page

    yield make
    for context in contexts:
        context.close()
    assert blocked == [], "the Content-Security-Policy blocked: " + "; ".join(blocked)


@pytest.fixture
def page(new_page):
    return new_page(**LAPTOP)
