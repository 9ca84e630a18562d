"""Browser fixtures: the app served on loopback by a real server thread, driven by Debian's Chromium."""
from __future__ import annotations

import copy
import os
import threading
import time

import pytest
from werkzeug.serving import make_server

from forum import create_app, ratelimit
from forum.extensions import db
from forum.operations import jobs, mail_on
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
# The browser contexts of the running test (``new_page``): closed before its server settles, so that no page of it
# still sends requests (a poll, a queued card) once the database is emptied for the next test.
OPEN_CONTEXTS = []


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


class FirstAnswerHeld:
    """Requests of ``page`` to ``url``: the first is read by the server at once and its answer kept back until
    ``let_go()`` (an answer that a busy server gives late); the later ones go through."""

    def __init__(self, page, url):
        self.route, self.answer = None, None
        page.route(url, self._handle)

    def _handle(self, route):
        if self.route is not None:
            route.continue_()
            return
        self.route = route
        self.answer = route.fetch()

    def read(self) -> bool:
        return self.answer is not None

    def let_go(self):
        self.route.fulfill(response=self.answer)


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


def composing_key(field, key):
    """``key`` pressed in ``field`` while an input method composes a word, as Chrome says it (``isComposing``)."""
    field.evaluate("(field, key) => field.dispatchEvent(new KeyboardEvent('keydown', "
                   "{key, isComposing: true, bubbles: true, cancelable: true}))", key)


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


class LiveServer:
    """``app`` served on 127.0.0.1 by a threaded server, which keeps the threads that answered its requests (the
    server closes each connection after its answer: a thread ends with its request)."""

    def __init__(self, app):
        self.app, self.answering, self.lock = app, [], threading.Lock()
        self.server = make_server("127.0.0.1", 0, self._kept, threaded=True)
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()
        app.config["LIVE_URL"] = app.config["PUBLIC_URL"] = f"http://127.0.0.1:{self.server.server_port}"

    def _kept(self, environ, start_response):
        with self.lock:
            self.answering.append(threading.current_thread())
        return self.app(environ, start_response)

    def settle(self, timeout: float = 60) -> bool:
        """Wait until the app runs nothing: the browser's contexts closed, every request answered, then the thread
        looking through the forums at start, the jobs and the mail done (not started: dropped). False when a request
        is still running after ``timeout`` seconds."""
        for context in list(OPEN_CONTEXTS):
            context.close()
        deadline = time.monotonic() + timeout
        while True:
            with self.lock:
                self.answering = [thread for thread in self.answering if thread.is_alive()]
                if not self.answering:
                    break
                thread = self.answering[0]
            thread.join(deadline - time.monotonic())
            if thread.is_alive():
                return False
        if (started := self.app.extensions.get(mail_on.STARTED)) is not None:
            started.join(timeout)
        jobs.stop_thread_pools(self.app)
        return True

    def stop(self):
        self.server.shutdown()
        self.thread.join(timeout=5)
        jobs.stop_thread_pools(self.app)
        with self.app.app_context():
            db.engine.dispose()


def serve_new_app(database_path) -> LiveServer:
    """A new app on a new SQLite file, served."""
    app = share_compiled_templates(create_app({
        "SECRET_KEY": SECRET_KEY,
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database_path}",
        "RATELIMIT_ENABLED": False,
        "PASSWORD_HASH_METHOD": TEST_PASSWORD_HASH,
    }))
    with app.app_context():
        db.create_all()
    return LiveServer(app)


def empty_tables(app):
    """Every row deleted, and the tables' ids counted from 1 again."""
    with app.app_context():
        db.session.remove()
        with db.engine.begin() as connection:
            connection.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
            for table in reversed(db.metadata.sorted_tables):
                connection.execute(table.delete())
            connection.exec_driver_sql("DELETE FROM sqlite_sequence")


class SharedLiveServer:
    """One served app per worker for the tests that keep the default settings (or change ``app.config``, read at
    request time): building and serving an app took a good part of a short browser test. After each test, once the
    app has settled (``LiveServer.settle``), its tables are emptied and its settings, extensions' entries, WSGI app
    and rate limit counters put back as they were, so the next test sees it as new. A test adding hooks or routes
    (which Flask refuses once an app has served) takes ``own_live_app``."""

    def __init__(self, tmp_path_factory):
        self.tmp_path_factory, self.live = tmp_path_factory, None

    def _serve(self):
        self.live = serve_new_app(self.tmp_path_factory.mktemp("live") / "browser.db")
        app = self.live.app
        self.config, self.extensions = copy.deepcopy(dict(app.config)), dict(app.extensions)
        self.wsgi_app = app.wsgi_app

    def lend(self):
        if self.live is None:
            self._serve()
        # lent: should tidying it fail, the next test gets a new one
        live, self.live = self.live, None
        app = live.app
        yield app
        if not live.settle():
            # a request the test left running (a stalled answer): that server and its database stay with it
            live.server.shutdown()
            return
        empty_tables(app)
        app.config.clear()
        app.config.update(copy.deepcopy(self.config))
        app.extensions.clear()
        app.extensions.update(self.extensions)
        app.wsgi_app = self.wsgi_app
        if (counter := app.extensions[ratelimit.EXTENSION]) is not None:
            counter.storage.reset()
        self.live = live

    def stop(self):
        if self.live is not None:
            self.live.stop()


@pytest.fixture(scope="session")
def shared_live_server(tmp_path_factory):
    shared = SharedLiveServer(tmp_path_factory)
    yield shared
    shared.stop()


@pytest.fixture
def live_app(shared_live_server):
    """The app on a file SQLite database, served on 127.0.0.1 by a threaded server: the worker's, emptied and put
    back as new after the test."""
    yield from shared_live_server.lend()


@pytest.fixture
def own_live_app(tmp_path):
    """A served app of the test's own, for a test that adds hooks or routes to it."""
    live = serve_new_app(tmp_path / "browser.db")
    yield live.app
    live.settle()
    live.stop()


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
        OPEN_CONTEXTS.append(context)
        page = context.new_page()
        page.on("console", lambda message: blocked.append(message.text)
                if "Content Security Policy" in message.text else None)
        return page

    yield make
    for context in contexts:
        context.close()
        OPEN_CONTEXTS.remove(context)
    assert blocked == [], "the Content-Security-Policy blocked: " + "; ".join(blocked)


@pytest.fixture
def page(new_page):
    return new_page(**LAPTOP)
