"""Join tapped twice on a phone (360 px, in French and English) while the first answer is slow: one participant, and
the person sees "Who are you?", the step a new phone is asked first. The phone used to show the second tap's
answer, which found the record the first had made and opened the forum's page: "Who are you?" was never seen."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from forum.models import Participant
from tests.browser.conftest import wait_until
from tests.browser.test_participant_phone import SMALL_PHONE, count, forum  # noqa: F401  (forum: a fixture)

JOIN_POST = re.compile(r".*/join(\?.*)?$")
WORDS = {
    "en": {"code": "Forum code (required)", "join": "Join", "joining": "Joining the forum…", "who": "Who are you?"},
    "fr": {"code": "Code du forum (obligatoire)", "join": "Rejoindre", "joining": "Connexion au forum…",
           "who": "Qui êtes-vous\u00a0?"},
}


def hold_first_join(page):
    """The first join POST reaches the server, but its answer is held back (a slow network) until ``release()``;
    any later one is answered at once. Returns (the posts seen, release)."""
    posts, held = [], []

    def slow(route):
        if route.request.method != "POST":
            return route.continue_()
        posts.append(route.request.post_data)
        answer = route.fetch(max_redirects=0)  # the server has joined the phone: its answer is on its way
        if len(posts) == 1:
            held.append((route, answer))
        else:
            route.fulfill(response=answer)

    def release():
        route, answer = held.pop()
        try:
            route.fulfill(response=answer)
        except Exception:  # noqa: BLE001  the page left that request for the second one: its answer is dropped
            pass

    page.route(JOIN_POST, slow)
    return posts, release, held


def tap(page, locator_box):
    """A finger's tap on the button where it is: the page's own, not Playwright's, which waits for the navigation
    the first tap started to finish before it taps again."""
    page.touchscreen.tap(locator_box["x"] + locator_box["width"] / 2, locator_box["y"] + locator_box["height"] / 2)


def participants(live_app, forum_id):
    return count(live_app, select(func.count(Participant.id)).where(Participant.forum_id == forum_id))


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_join_tapped_twice_while_the_answer_is_slow_joins_once_and_asks_who_you_are(
        new_page, live_app, live_url, forum, lang):
    words = WORDS[lang]
    page = new_page(**SMALL_PHONE, locale="fr-CA" if lang == "fr" else "en-CA")
    page.goto(f"{live_url}/join?lang={lang}")
    posts, release, held = hold_first_join(page)
    page.get_by_label(words["code"], exact=True).fill(forum["code"])
    join = page.get_by_role("button", name=words["join"], exact=True)
    where = join.bounding_box()
    tap(page, where)
    wait_until(page, lambda: held)
    tap(page, where)  # the second tap, the first answer still on its way
    page.wait_for_timeout(700)
    assert len(posts) == 1, posts
    release()
    expect(page.get_by_role("heading", name=words["who"], exact=True)).to_be_visible()
    assert participants(live_app, forum["id"]) == 1


def test_a_second_join_the_phone_sent_anyway_still_asks_who_you_are(new_page, live_app, live_url, forum):
    """The server's side: a page that let the second tap through (an older copy of it, a reload of the join while the
    answer was slow) sends two joins from one phone: still one participant, and its answer asks "Who are you?"."""
    page = new_page(**SMALL_PHONE, locale="en-CA")
    page.goto(f"{live_url}/join?lang=en")
    page.evaluate("document.querySelectorAll('form[data-once]').forEach(f => f.removeAttribute('data-once'))")  # the older page
    posts, release, held = hold_first_join(page)
    page.get_by_label("Forum code (required)", exact=True).fill(forum["code"])
    where = page.get_by_role("button", name="Join", exact=True).bounding_box()
    tap(page, where)
    wait_until(page, lambda: held)
    tap(page, where)
    expect(page.get_by_role("heading", name="Who are you?", exact=True)).to_be_visible()
    release()
    assert len(posts) == 2, posts
    expect(page.get_by_role("heading", name="Who are you?", exact=True)).to_be_visible()
    assert participants(live_app, forum["id"]) == 1
