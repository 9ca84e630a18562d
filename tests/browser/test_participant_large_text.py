"""A participant with low vision: a small phone (360×740) with its text set to 200% (emulated by Chromium's own
default font size at 32 px, which the app's rem sizes follow as they follow the phone's text size), in French and
in English. A session's rating (its title in « »), the evaluation's choices, the contact page's
consents and the progress page's headings keep their words whole; the progress bars stay drawn; a vote's control
that gets the focus where the count of dots sticks at the top is not left hidden under it. Each question of the
evaluation sits inside its box (a question of two lines had its box's border run between them)."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from forum.extensions import db
from forum.models import ActionItem, EvaluationResponse, Forum, Translated
from forum.services.ballots import ItemChoice, create_ballot, open_ballot
from forum.services.evaluation_setup import set_rating_open
from forum.services.progress import progress_token, share
from tests.browser.conftest import PHONE, assert_fits_across, go_offline, in_viewport, owned_forum

SMALL_PHONE = {**PHONE, "viewport": {"width": 360, "height": 740}}


# The words (of up to 14 letters: not a pasted address; a French « » or ? held to its word by a no-break space is
# part of it) that a line break cut in two.
BROKEN_WORDS = """root => {
  const broken = [], walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const word of node.data.matchAll(/(?:[^\\s\\-–—]|\\u00a0|\\u202f){1,14}/g)) {
      const range = document.createRange();
      range.setStart(node, word.index);
      range.setEnd(node, word.index + word[0].length);
      const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
      if (lines.size > 1) broken.push(word[0]);
    }
  }
  return broken;
}"""


# The questions (a choice group's legend) whose text starts above the bottom of their box's top border.
QUESTIONS_ON_THEIR_BORDER = """groups => groups.filter(group => {
  const legend = group.querySelector('legend');
  return legend.getBoundingClientRect().top < group.getBoundingClientRect().top + parseFloat(getComputedStyle(group).borderTopWidth);
}).map(group => group.querySelector('legend').innerText)"""


def large_text_phone(new_page):
    """A page whose text is twice the usual size, from the first paint of every page it opens."""
    page = new_page(**SMALL_PHONE)
    devtools = page.context.new_cdp_session(page)
    devtools.send("Page.enable")
    devtools.send("Page.setFontSizes", {"fontSizes": {"standard": 32}})
    return page


def join(page, live_url, code, lang):
    page.goto(f"{live_url}/join?code={code}&lang={lang}")
    page.goto(f"{live_url}/p/{code}/?lang={lang}")


def evaluation_forum(live_app):
    """A French-named forum whose evaluation is open: (its join code, its first round's id)."""
    forum_id = owned_forum(live_app, "Recruter, retenir et faire progresser")
    with live_app.app_context():
        forum = db.session.get(Forum, forum_id)
        forum.evaluation_open = True
        db.session.commit()
        return forum.join_code, forum.rounds[0].id


def rating_in_french(new_page, live_app, live_url):
    """A participant with text at 200% joined the forum in French and ticked "4 – Très bien" in its open
    evaluation, not sent yet: (the page, the forum's join code)."""
    code, _round_id = evaluation_forum(live_app)
    page = large_text_phone(new_page)
    join(page, live_url, code, "fr")
    page.goto(f"{live_url}/p/{code}/evaluation")
    page.get_by_role("radio", name="4 – Très bien", exact=True).check()
    return page, code


def set_rating_open_in(live_app, round_id):
    with live_app.app_context():
        set_rating_open(round_id, True)
        db.session.commit()


@pytest.mark.parametrize("lang, session, rating_group, excellent, annual", [
    ("fr", "« Pratiques exemplaires »", "Dans l'ensemble, comment évaluez-vous ce forum ?", "5 – Excellent",
     "Oui, chaque année"),
    ("en", "“Best practices”", "Overall, how would you rate this forum?", "5 – Excellent", "Yes, every year"),
])
def test_the_ratings_and_the_consents_keep_their_words_whole(new_page, live_app, live_url, lang, session,
                                                             rating_group, excellent, annual):
    code, session_id = evaluation_forum(live_app)
    set_rating_open_in(live_app, session_id)
    page = large_text_phone(new_page)
    join(page, live_url, code, lang)
    page.goto(f"{live_url}/p/{code}/sessions/{session_id}")
    assert_fits_across(page, "session rating, text at 200%")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text(session)
    assert heading.evaluate(BROKEN_WORDS) == [], heading.inner_text()
    for choice in page.locator("form .option").all():
        assert choice.evaluate(BROKEN_WORDS) == [], choice.inner_text()

    page.goto(f"{live_url}/p/{code}/evaluation")
    assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == "32px"
    rating = page.get_by_role("group", name=rating_group, exact=True)
    expect(rating.get_by_role("radio", name=excellent, exact=True)).to_be_visible()
    expect(page.get_by_role("radio", name=annual, exact=True)).to_be_visible()
    assert_fits_across(page, "evaluation, text at 200%")
    for choice in page.locator("form .option").all():
        assert choice.evaluate(BROKEN_WORDS) == [], choice.inner_text()
    # each question inside its box, below its top border, not on it: a border ran between a long question's lines
    assert page.locator("fieldset.choice-group").evaluate_all(QUESTIONS_ON_THEIR_BORDER) == []

    page.goto(f"{live_url}/p/{code}/contact")
    assert_fits_across(page, "contact, text at 200%")
    consents = page.locator("form .consent label")
    expect(consents).to_have_count(3)  # sharing the contact, the report's news, news of what becomes of the ideas
    for consent in consents.all() + page.locator("form .consent .hint").all():
        assert consent.evaluate(BROKEN_WORDS) == [], consent.inner_text()


def test_the_progress_page_keeps_its_bars_and_whole_headings(new_page, live_app, live_url):
    forum_id = owned_forum(live_app, "Recruter, retenir et faire progresser")
    with live_app.app_context():
        forum = db.session.get(Forum, forum_id)
        db.session.add_all([
            ActionItem(forum_id=forum_id, position=1, status="done",
                       title=Translated(fr="Animer un atelier sur les préjugés pour les gestionnaires d'embauche"),
                       priority_label=Translated(fr="Sensibilisation des employeurs et préjugés")),
            ActionItem(forum_id=forum_id, position=2, status="in_progress",
                       title=Translated(fr="Publier un guide des stages rémunérés"),
                       priority_label=Translated(fr="Sensibilisation des employeurs et préjugés")),
        ])
        share(forum, new_link=False)
        db.session.commit()
        path = f"/progress/{progress_token(forum)}?lang=fr"
    page = large_text_phone(new_page)
    page.goto(f"{live_url}{path}")
    main = page.get_by_role("main")
    priority = main.get_by_role("heading", name="Sensibilisation des employeurs et préjugés", exact=True, level=2)
    expect(priority).to_be_visible()
    assert_fits_across(page, "progress, text at 200%")
    # a priority's bar is named by its title (its heading, which carries the title's language)
    for name in ("Avancement de tout le plan", "Sensibilisation des employeurs et préjugés"):
        bar = main.get_by_role("progressbar", name=name, exact=True)
        expect(bar).to_be_visible()
        assert bar.bounding_box()["width"] >= 100, name  # drawn, not squeezed out by its figures
    for heading in main.get_by_role("heading").all():
        assert heading.evaluate(BROKEN_WORDS) == [], heading.inner_text()


def test_a_vote_control_reached_backwards_is_not_under_the_count_of_dots(new_page, live_app, live_url):
    forum_id = owned_forum(live_app, "Recruter, retenir et faire progresser")
    labels = [f"Idée numéro {n} : des stages rémunérés dans les petites entreprises" for n in range(1, 7)]
    with live_app.app_context():
        forum = db.session.get(Forum, forum_id)
        ballot_id = create_ballot(forum_id, title=Translated(fr="Par où commencer ?"), dots=5, max_per_item=3,
                                  items=[ItemChoice(Translated(fr=label)) for label in labels])
        open_ballot(ballot_id)
        db.session.commit()
        code = forum.join_code
    page = large_text_phone(new_page)
    join(page, live_url, code, "fr")
    page.goto(f"{live_url}/p/{code}/votes/{ballot_id}")
    count = page.get_by_text("0 point utilisé sur 5", exact=True)
    expect(count).to_be_visible()
    assert_fits_across(page, "vote, text at 200%")
    hidden = []
    for label in labels:
        # Scrolled by hand until the item's "+" sits just under the stuck count, then the "+" gets the focus (as
        # Tab or Shift+Tab gives it, scrolling only when the browser thinks it is out of sight).
        add = page.get_by_role("button", name=f"Ajouter un point\u00a0: {label}", exact=True)
        add.evaluate("e => { window.scrollBy(0, e.getBoundingClientRect().top - 10); e.focus(); }")
        expect(add).to_be_focused()
        bar = count.bounding_box()
        if add.bounding_box()["y"] < bar["y"] + bar["height"] - 1:
            hidden.append(label)
    assert hidden == []


def test_sent_offline_the_answer_keeps_the_focus_and_its_message_hides_nothing(new_page, live_app, live_url):
    """Sent with the keyboard while offline: the Send button keeps the focus (it was disabled while sending, which
    dropped the focus to the page's start), and the message, taller than a third of the screen with text at 200%,
    stays in its place at the top of the page, brought into view, rather than pinned over the form."""
    page, _code = rating_in_french(new_page, live_app, live_url)
    go_offline(page)
    send = page.get_by_role("button", name="Envoyer mes réponses", exact=True)
    send.focus()
    page.keyboard.press("Enter")
    status = page.get_by_role("status").filter(has_text="Pas de connexion pour le moment.")
    expect(status).to_be_visible()
    page.wait_for_timeout(300)
    expect(send).to_be_focused()
    box = status.bounding_box()
    assert box["height"] > 740 / 3  # as tall as this test means
    assert 0 <= box["y"] < 740  # in view, from its first line
    send.evaluate("e => e.scrollIntoView({block: 'center'})")  # back down to the button: nothing lies over it
    assert in_viewport(send)
    assert status.bounding_box()["y"] + box["height"] <= send.bounding_box()["y"]


def test_a_slow_send_keeps_the_focus_on_its_button(new_page, live_app, live_url):
    """While the answers are on their way, the Send button is off (a second press sends nothing) yet keeps the
    keyboard's focus; the confirmation follows."""
    page, code = rating_in_french(new_page, live_app, live_url)
    held = []
    page.route(f"**/p/{code}/evaluation", lambda route: held.append(route) if route.request.method == "POST"
               else route.continue_())
    send = page.get_by_role("button", name="Envoyer mes réponses", exact=True)
    send.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").filter(has_text="Envoi")).to_be_visible()
    page.wait_for_timeout(500)  # frames drawn while the answer is awaited
    expect(send).to_be_focused()
    expect(send).to_have_attribute("aria-disabled", "true")
    page.keyboard.press("Enter")  # pressed again: nothing more is sent
    page.wait_for_timeout(300)
    assert len(held) == 1
    held[0].continue_()
    expect(page.get_by_role("status")).to_contain_text("Merci, vos réponses sont enregistrées.")
    with live_app.app_context():
        assert db.session.scalar(select(func.count(EvaluationResponse.id))) == 1


@pytest.mark.parametrize("app_js_late", [False, True])
def test_a_refused_sign_up_opens_at_the_top_of_its_error_box(new_page, live_app, live_url, app_js_late):
    """A sign-up sent back with problems: its error box, taller than the screen with text at 200%, is focused (read
    out first) and opens at its top, with its heading, not centred with the heading above the screen, whether
    the browser's own autofocus of the box came first or the page's scripts did (``app_js_late``: app.js comes
    after the autofocus, as on a slow connection)."""
    import time

    forum_id = owned_forum(live_app, "Recruter, retenir et faire progresser")
    with live_app.app_context():
        code = db.session.get(Forum, forum_id).join_code
    page = large_text_phone(new_page)
    join(page, live_url, code, "fr")
    page.goto(f"{live_url}/p/{code}/steering-committee?lang=fr")
    page.get_by_role("textbox", name="Votre courriel (obligatoire)", exact=True).fill("pas une adresse")
    if app_js_late:
        page.route("**/static/app.js*", lambda route: (time.sleep(0.4), route.continue_()))
    page.get_by_role("button", name="M'inscrire", exact=True).click()
    heading = page.get_by_text("Certaines réponses demandent votre attention.", exact=True)
    expect(heading).to_be_visible()
    problems = page.locator("#form-problems")
    expect(problems).to_be_focused()
    page.wait_for_load_state("load")
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    box = problems.bounding_box()
    assert box["height"] > 740  # as tall as this test means
    assert -1 <= box["y"] <= 1  # at the top of the screen, from its first line
    assert 0 <= heading.bounding_box()["y"] < 740
