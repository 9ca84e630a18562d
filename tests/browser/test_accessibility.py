"""axe-core on every page people use, in English and French, at the size they use it: participants,
committee members, reviewers, readers of the shared report and people unsubscribing on a phone,
facilitators on a phone and a tablet, organizers on a laptop. Pages are also checked in the states
people meet: a form shown again with its errors, a dot vote with every dot placed, a success message,
the capture page offline with cards waiting, a confirmation question, the wall once it shows results,
the themes board with a card picked.

All tests share one app with the demo forum (loaded once: a few seconds); each test walks several
pages in one browser context and reports every violation it met, page by page, at the end."""
from __future__ import annotations

import threading
from contextlib import contextmanager
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect
from sqlalchemy import select
from werkzeug.serving import make_server

from forum import create_app
from forum.auth.reset_tokens import reset_token
from forum.extensions import db
from forum.models import (ActionItem, EvaluationQuestion, Forum, IdeaCard, Job, Membership, Organization,
                          ReviewLink, SteeringSignup, Translated, utcnow)
from forum.services.analysis_runs import run_analysis
from forum.services.ballots import ItemChoice, create_ballot, open_ballot
from forum.services.committee import committee_token
from forum.services.demo import DEMO_EMAIL, DEMO_PASSWORD, load_demo, load_demo_action_plan, load_demo_series
from forum.services.evaluation_setup import open_evaluation, set_rating_open
from forum.services.forums import create_forum
from forum.services.mailing import Recipient, unsubscribe_token
from forum.services.members import invitation_token, invite
from forum.services.participation import AnswerValue, join, save_response
from forum.services.progress import progress_token
from forum.services.reports import report_draft, share_report
from forum.services.wall_link import make_link as make_wall_link
from tests.browser.accessibility import accessibility_report
from tests.browser.conftest import LAPTOP, PHONE, TABLET, go_offline
from tests.conftest import SECRET_KEY
from tests.forum.analysis_support import SMALL_FORUM_CARDS, add_cards

LANGUAGES = ["en", "fr"]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The app with the demo forum (analysed, with its committee, action plan and series), an open
    evaluation, an open session rating, an open dot vote, a review link and an organization."""
    app = create_app({
        "SECRET_KEY": SECRET_KEY,
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path_factory.mktemp('a11y') / 'browser.db'}",
        "RATELIMIT_ENABLED": False,
        "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": 9,  # shows the password reset form; nothing is sent
    })
    with app.app_context():
        db.create_all()
        forum, _created = load_demo()
        load_demo_action_plan(forum)
        load_demo_series(forum)
        db.session.commit()
        open_evaluation(forum.id)
        set_rating_open(forum.rounds[0].id, True)
        ballot_id = create_ballot(forum.id, title=Translated("Top priorities", "Priorités principales"), dots=3,
                                  max_per_item=2, items=[
                                      ItemChoice(Translated("Mentoring circles", "Cercles de mentorat")),
                                      ItemChoice(Translated("Paid internships", "Stages rémunérés"))])
        open_ballot(ballot_id)
        review = ReviewLink(forum_id=small_forum(forum.owner), reviewer_group="Newcomer council")
        organization = Organization(name="Four partners", forums=[forum],
                                    memberships=[Membership(user_id=forum.owner_id, role="organizer")])
        db.session.add_all([review, organization])
        db.session.commit()
        invitation, _new = invite(forum, "new.analyst@example.org", "analyst", by=forum.owner)
        db.session.commit()
        make_wall_link(forum)
        member = db.session.scalar(select(SteeringSignup).where(
            SteeringSignup.forum_id == forum.id, SteeringSignup.committee_link_version > 0).order_by(SteeringSignup.id))
        data = {
            "forum": forum.id, "code": forum.join_code, "round": forum.rounds[0].id,
            "closed_round": forum.rounds[1].id, "ballot": ballot_id,
            "table_token": forum.tables[0].capture_token, "table": forum.tables[0].id,
            "review": review.token, "small": review.forum_id, "progress": progress_token(forum),
            "shared": report_draft(db.session.get(Forum, review.forum_id)).share_token,  # the small forum's
            "organization": organization.id, "series": forum.series_id,
            "committee": committee_token(member), "invitation": invitation_token(invitation),
            "password_reset": reset_token(forum.owner),
            "unsubscribe": unsubscribe_token(Recipient.of(member, forum), "reminders"),
            "action": db.session.scalar(select(ActionItem.id).where(ActionItem.forum_id == forum.id)),
            "idea": db.session.scalar(select(IdeaCard.id).where(IdeaCard.forum_id == forum.id)),
            "wall_link": forum.wall_token,
        }
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    app.config["LIVE_URL"] = app.config["PUBLIC_URL"] = data["url"] = f"http://127.0.0.1:{server.server_port}"
    data["app"] = app
    yield data
    server.shutdown()
    thread.join(timeout=5)
    with app.app_context():
        db.engine.dispose()


def small_forum(owner) -> int:
    """A forum of eight cards, analysed, with an evaluation answer and an action item: its report has
    every kind of section and table the demo's has, at a size axe reads in a second, not seven."""
    forum = create_forum(owner, name="Small forum", languages="en,fr")
    db.session.commit()
    add_cards(forum.id, SMALL_FORUM_CARDS)
    assert run_analysis(forum).status == "done"
    open_evaluation(forum.id)
    rating = db.session.scalar(select(EvaluationQuestion.id).where(
        EvaluationQuestion.forum_id == forum.id, EvaluationQuestion.key == "rating"))
    join(forum.id, "phone-1", None)  # a phone that joined the forum
    save_response(forum.id, "phone-1", "client-1", {rating: AnswerValue(number=4)})
    db.session.add(ActionItem(forum_id=forum.id, title=Translated("Mentoring pilot", "Projet pilote de mentorat"),
                              position=1))
    db.session.commit()
    share_report(forum, True)
    db.session.commit()
    return forum.id


class Audit:
    """Runs axe on pages as a person meets them, keeps every report, fails once at the end."""

    def __init__(self, page, base: str, lang: str):
        self.page, self.base, self.lang, self.reports = page, base, lang, []

    def url(self, path: str) -> str:
        return f"{self.base}{path}{'&' if '?' in path else '?'}lang={self.lang}"

    def visit(self, path: str, where: str = "") -> None:
        response = self.page.goto(self.url(path))
        assert response.ok, f"{path}: {response.status}"
        self.check(where or path)

    def check(self, where: str = "") -> None:
        report = accessibility_report(self.page)
        if report:
            self.reports.append(f"== {where or urlsplit(self.page.url).path} ({self.lang})\n{report}")

    def done(self) -> None:
        assert not self.reports, "\n".join(self.reports)


def submit(page, button="main form [type=submit]") -> None:
    """Submit a form and wait for the page it leads to (forms sent by script go to one as well)."""
    with page.expect_navigation():
        page.locator(button).first.click()
    page.wait_for_load_state()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_participant_pages_on_a_phone(new_page, site, lang):
    page = new_page(**PHONE)
    audit = Audit(page, site["url"], lang)
    code = site["code"]
    audit.visit("/join")
    page.locator("input[name=code]").fill("ZZZ999")
    submit(page)
    audit.check("/join with an unknown code")
    page.locator("input[name=code]").fill(code)
    submit(page)
    audit.check("after joining")
    for path in ("", "about-you", "evaluation", f"sessions/{site['round']}", f"sessions/{site['closed_round']}",
                 f"votes/{site['ballot']}", "contact"):
        audit.visit(f"/p/{code}/{path}")
    page.locator("input[name=share]").check()
    page.locator("input[name=name]").fill("Léa Tremblay")
    page.locator("input[name=email]").fill("lea@example.org")
    submit(page)
    audit.check("contact details shared")
    audit.visit(f"/p/{code}/attendees")
    audit.visit(f"/p/{code}/steering-committee")
    page.locator("input[name=email]").fill("not-an-email")
    submit(page)
    expect(page.locator("[aria-invalid=true]").first).to_be_visible()
    audit.check("steering committee with an invalid email")
    page.locator("input[name=name]").fill("Léa Tremblay")
    page.locator("input[name=email]").fill(f"lea.{lang}@example.org")  # the site is shared: one address, one place
    submit(page)
    audit.check("steering committee signed up")
    audit.visit(f"/p/{code}/steering-committee")
    submit(page, "form[action$='/withdraw'] [type=submit]")
    expect(page.locator("section.confirm")).to_be_visible()
    audit.check("withdraw confirmation")
    audit.visit(f"/p/{code}/evaluation")
    submit(page)
    audit.check("evaluation sent")
    audit.visit(f"/p/{code}/votes/{site['ballot']}")
    page.locator("input[type=number]").first.fill("-1")
    submit(page)
    audit.check("vote refused")
    audit.visit(f"/p/{code}/sessions/{site['round']}")
    submit(page)
    expect(page.get_by_role("alert")).to_be_visible()
    audit.check("session rating sent empty")
    audit.visit(f"/p/{code}/votes/{site['ballot']}")
    for add in (0, 0, 1):  # 3 dots, at most 2 on one item: every + is off, read out as unavailable
        page.locator(".dot-plus").nth(add).click()
    expect(page.locator(".dot-plus[aria-disabled=true]")).to_have_count(2)
    audit.check("vote with every dot placed")
    audit.visit(f"/p/{code}/erase")
    submit(page, "form[action$='/erase'] [type=submit]")
    expect(page.locator("[data-forget-answers]")).to_be_visible()
    audit.check("answers erased")
    audit.visit(f"/p/{code}/erase")  # the back button: nothing left
    audit.visit(f"/unsubscribe/{site['unsubscribe']}")
    assert page.goto(audit.url("/p/NOPE99/")).status == 404
    audit.check("a forum code that does not exist: the error page")
    audit.done()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_committee_member_reviewer_and_public_links_on_a_phone(new_page, site, lang):
    page = new_page(**PHONE)
    page.context.set_default_timeout(60000)  # the report draws its charts on each load
    audit = Audit(page, site["url"], lang)
    audit.visit(f"/c/{site['committee']}")
    page.get_by_test_id("my-item").first.locator("textarea").first.fill("Met three employers")
    submit(page, "[data-testid=my-item] form:has(textarea) [type=submit]")
    audit.check("committee page after a follow-up")
    audit.visit(f"/progress/{site['progress']}")
    audit.visit(f"/r/{site['shared']}")
    audit.visit(f"/review/{site['review']}")
    submit(page, "a[href*='/comment']")
    audit.check("review comment page")
    submit(page)
    audit.check("review comment sent empty")
    audit.done()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_capture_page_on_a_phone_and_a_tablet(new_page, site, lang):
    page = new_page(**PHONE)
    audit = Audit(page, site["url"], lang)
    audit.visit("/table")
    page.locator("input[name=code]").fill("ZZZ ZZZZ")
    submit(page)
    audit.check("table code refused")
    audit.visit(f"/t/{site['table_token']}")
    go_offline(page)
    box = page.locator("textarea").first
    for text in ("Mentors for newcomers", "Paid internships"):
        box.fill(text)
        box.press("Enter")
    expect(page.locator("#sync-status")).to_have_attribute("data-pending", "2")
    audit.check("capture on a phone, offline with 2 cards waiting")
    page.set_viewport_size(TABLET["viewport"])
    audit.check("capture on a tablet, offline with 2 cards waiting")
    page.locator("#report-out-open").click()
    audit.check("report-out on a tablet, offline, nothing starred")
    page.locator("#report-out-close").click()
    page.locator(".star-button").first.click()
    page.locator("#report-out-open").click()
    page.set_viewport_size(PHONE["viewport"])
    expect(page.locator(".report-out-list li").first).to_be_visible()
    audit.check("report-out on a phone, offline, one card starred")
    page.context.set_offline(False)
    audit.done()


def log_in(page, audit):
    page.goto(audit.url("/login"))
    page.locator("#email").fill(DEMO_EMAIL)
    page.locator("#password").fill(DEMO_PASSWORD)
    submit(page)
    page.wait_for_url(lambda url: "/login" not in url)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_organizer_pages_on_a_laptop(new_page, site, lang):
    page = new_page(**LAPTOP)
    page.context.set_default_timeout(60000)
    audit = Audit(page, site["url"], lang)
    audit.visit("/signup")
    submit(page)
    audit.check("sign-up with errors")
    audit.visit("/password/reset")
    submit(page)
    audit.check("password reset with errors")
    audit.visit(f"/password/reset/{site['password_reset']}")
    audit.visit(f"/invitations/{site['invitation']}")
    audit.visit("/login")
    page.locator("#email").fill(DEMO_EMAIL)
    page.locator("#password").fill("wrong password")
    submit(page)
    audit.check("login refused")
    log_in(page, audit)
    forum, small = f"/forums/{site['forum']}", f"/forums/{site['small']}"
    # The pages that list every card are read on the small forum: the same templates, a fraction of axe's time.
    for path in ("/forums", forum, f"{forum}/settings", f"{forum}/tables", f"{forum}/rounds", f"{forum}/groups",
                 f"{forum}/evaluation", f"{forum}/evaluation/preview",
                 f"{forum}/rounds/{site['closed_round']}/rating/preview", f"{forum}/votes/{site['ballot']}/preview",
                 f"{small}/ideas", f"{small}/analysis/themes", f"{small}/analysis/board", f"{forum}/participants",
                 f"{forum}/participants/poster",
                 f"{forum}/steering", f"{forum}/report", f"{forum}/review", f"{forum}/actions", f"{forum}/wall",
                 f"/organizations/{site['organization']}", f"/organizations/{site['organization']}/settings"):
        audit.visit(path)
    audit.done()


def test_more_organizer_pages_and_states_in_french(new_page, site):
    """The organizer's other pages and the states of forms, in French only (to keep the run short):
    their templates are the same in both languages, and French has the longer words."""
    page = new_page(**LAPTOP)
    page.context.set_default_timeout(60000)
    audit = Audit(page, site["url"], "fr")
    log_in(page, audit)
    forum, small = f"/forums/{site['forum']}", f"/forums/{site['small']}"
    for path in (f"{forum}/capture", f"{forum}/import", f"{forum}/evaluation/results",
                 f"{forum}/ideas/{site['idea']}/edit", f"{forum}/codebook", f"{forum}/analysis",
                 f"{small}/analysis/priorities", f"{forum}/members", f"{forum}/votes",
                 f"{forum}/votes/{site['ballot']}",
                 f"{small}/report/preview", f"{forum}/next-edition", "/series", f"/series/{site['series']}",
                 "/organizations/new", "/account/password", "/capture"):
        audit.visit(path)
    audit.visit("/forums/new")
    submit(page)
    audit.check("new forum with errors")
    audit.visit(f"{forum}/actions/{site['action']}")
    submit(page, "form[action$='/delete'] [type=submit]")
    expect(page.locator("section.confirm")).to_be_visible()
    audit.check("deleting an action item: the question")
    audit.visit(f"{forum}/settings")
    submit(page)
    audit.check("settings saved")
    audit.visit(f"{forum}/delete")
    submit(page, "[data-testid=delete-form] [type=submit]")
    audit.check("deleting the forum: a wrong name refused")
    audit.visit(f"{small}/import")
    page.locator("input[type=file]").set_input_files(files=[{
        "name": "ideas.csv", "mimeType": "text/csv",
        "buffer": b"text,round\nMentors for newcomers,\n,no_such_round\n"}])
    submit(page)
    expect(page.get_by_test_id("problem-count")).to_contain_text("1")
    audit.check("import: the file's rows and their problems")
    audit.visit(f"{small}/analysis/themes")
    page.locator("details.theme-tools summary").first.click()
    audit.check("themes with a theme's tools open")
    audit.done()


def test_the_wall_showing_results_and_the_board_moving_a_card_in_french(new_page, site):
    """Two pages that change under the organizer's hands: the wall once it shows a vote's results
    (it switches by itself at its next poll), and the themes board while a card is picked with the
    keyboard, its "Move here" buttons shown."""
    page = new_page(**LAPTOP)
    page.context.set_default_timeout(60000)
    audit = Audit(page, site["url"], "fr")
    log_in(page, audit)
    forum, small = f"/forums/{site['forum']}", f"/forums/{site['small']}"
    audit.visit(f"{forum}/votes/{site['ballot']}")
    submit(page, "form[action$='/wall/results'] [type=submit]")
    expect(page.get_by_test_id("on-the-wall")).to_be_visible()
    wall = page.context.new_page()
    wall.goto(audit.url(f"{forum}/wall"))
    expect(wall.locator(".wall-results-view")).to_be_visible(timeout=15000)
    audit.page = wall
    audit.check("the wall showing a vote's results")
    wall.goto(audit.url(f"/w/{site['wall_link']}"))  # the room's computer, by the wall link, no login
    expect(wall.locator(".wall-results-view")).to_be_visible(timeout=15000)
    audit.check("the wall opened by its link, showing a vote's results")
    audit.page = page
    page.goto(audit.url(f"{forum}/votes/{site['ballot']}"))
    submit(page, "form[action$='/wall/results'] [type=submit]")  # taken off the wall again
    audit.visit(f"{small}/analysis/board")
    grip = page.get_by_test_id("board-card").first.locator(".grip")
    grip.focus()
    page.keyboard.press("Enter")
    expect(grip).to_have_attribute("aria-pressed", "true")
    audit.check("the themes board with a card picked by the keyboard")
    audit.done()


@contextmanager
def report_being_built(app, forum_id: int):
    """A report build running for the forum, its process beating (held as tests/forum/test_jobs.py
    holds a job: its row, and no process to end it), and the forum large enough that its files are
    built in the background; ``move(progress)`` moves it on. Both undone at the end."""
    min_cards = app.config["REPORT_JOB_MIN_CARDS"]
    with app.app_context():
        job = Job(forum_id=forum_id, kind="report", status="running", stage="report", progress=40,
                  parameters={"format": "pdf", "lang": "en"}, started_at=utcnow(), heartbeat_at=utcnow())
        db.session.add(job)
        db.session.commit()
        job_id = job.id

    def move(progress: int) -> None:
        with app.app_context():
            db.session.get(Job, job_id).progress = progress
            db.session.commit()

    app.config["REPORT_JOB_MIN_CARDS"] = 1
    try:
        yield job_id, move
    finally:
        app.config["REPORT_JOB_MIN_CARDS"] = min_cards
        with app.app_context():
            db.session.delete(db.session.get(Job, job_id))
            db.session.commit()


BUILDING = {"en": "Building the report…", "fr": "Préparation du rapport…"}
REPORT_BAR = {"en": "Progress of the report file", "fr": "Avancement du fichier du rapport"}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_report_page_while_a_report_is_built_in_the_background(new_page, site, lang):
    """Its progress bar, named, follows the job; the status under it says what the job does, and is
    not written again (read out again) at each poll while that stays the same."""
    page = new_page(**LAPTOP)
    audit = Audit(page, site["url"], lang)
    log_in(page, audit)
    small = site["small"]
    with report_being_built(site["app"], small) as (job_id, move):
        page.goto(audit.url(f"/forums/{small}/report"))
        bar, stage = page.get_by_role("progressbar", name=REPORT_BAR[lang]), page.get_by_role("status")
        expect(bar).to_have_attribute("value", "40")
        expect(stage).to_have_text(BUILDING[lang])
        page.evaluate("""window.stageChanges = 0;
            new MutationObserver(() => stageChanges++).observe(document.getElementById('job-stage'),
                {childList: true, characterData: true, subtree: true});""")
        move(60)
        expect(bar).to_have_attribute("value", "60")
        with page.expect_response(lambda response: response.url.endswith(f"/jobs/{job_id}")):
            pass  # one more poll, the same stage
        assert page.evaluate("stageChanges") == 0
        expect(page.locator(".job-progress [aria-live=polite]")).to_have_text(BUILDING[lang])
        audit.check("the report while a report is built in the background")
    audit.done()
