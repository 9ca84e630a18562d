"""Organizer pages with wide tables at 390 px, in French: the table scrolls in its own box, the page
itself never scrolls sideways (a hidden label inside a table used to push the page wider)."""
from __future__ import annotations

import pytest

from analysis.report.wording import wording
from forum.extensions import db
from forum.models import ActionItem, Ballot, Forum, Membership, Series, SteeringSignup, Translated, User
from forum.services.ballots import ItemChoice, create_ballot
from tests.browser.conftest import OWNER_PASSWORD, PHONE, log_in, owned_forum
from tests.clock import days_from_today


# weeks ahead, whatever day the tests run: the plan's table shows it as a date (not "due in 3 days" nor overdue)
DUE = days_from_today(55)


@pytest.fixture
def busy_forum(live_app) -> int:
    """A forum in a series, with an analyst, a committee member who owns an item, its action plan and a vote."""
    forum_id = owned_forum(live_app, "Forum sur l'embauche des professionnels formés à l'étranger")
    with live_app.app_context():
        analyst = User(email="analyste-principale@example.org", name="Amélie Analyste-Principale")
        analyst.set_password(OWNER_PASSWORD)
        forum = db.session.get(Forum, forum_id)
        forum.series = Series(owner_id=forum.owner_id, name=Translated("Annual forum", "Forum annuel"))
        member = SteeringSignup(forum_id=forum_id, client_id="m", name="Béatrice Membre-du-Comité",
                                organization="Conseil régional des employeurs", email="beatrice@example.org",
                                consents_to_owner_role=True, committee_link_version=1,
                                committee_link_expires_on=days_from_today(90))
        db.session.add_all([analyst, member])
        db.session.flush()
        db.session.add_all([Membership(user_id=analyst.id, forum_id=forum_id, role="analyst"),
                            ActionItem(forum_id=forum_id, owner_signup_id=member.id, status="in_progress",
                                       title=Translated("Mentoring pilot", "Projet pilote de mentorat"),
                                       due_date=DUE),
                            Ballot(forum_id=forum_id, status="open", title=Translated(
                                "Top priorities", "Priorités principales pour l'an prochain"))])
        db.session.commit()
        return forum_id


def test_wide_organizer_tables_scroll_inside_the_page_at_390_px(new_page, live_app, live_url, busy_forum):
    phone = new_page(**PHONE)
    log_in(phone, live_url, "owner@example.org", OWNER_PASSWORD)
    with live_app.app_context():
        series_id = db.session.get(Forum, busy_forum).series_id
    for path in (f"/forums/{busy_forum}/members", f"/forums/{busy_forum}/steering", f"/forums/{busy_forum}/actions",
                 f"/forums/{busy_forum}/evaluation", f"/forums/{busy_forum}/votes", f"/series/{series_id}", "/forums"):
        phone.goto(f"{live_url}{path}?lang=fr")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390, path
    phone.goto(f"{live_url}/forums/{busy_forum}/actions?lang=fr")
    assert phone.locator("[data-testid=action-row] time").inner_text() == wording("fr").date(DUE)
    # the plan is a card per item on a phone: its owner and status show without scrolling the table sideways, each
    # after its column's name
    row = phone.get_by_test_id("action-row")
    for name in ("Responsable\u00a0: Béatrice Membre-du-Comité", "État\u00a0: En cours"):
        cell = row.get_by_role("cell", name=name, exact=True)
        assert cell.evaluate("c => c.getBoundingClientRect().right <= document.documentElement.clientWidth"), name


def test_names_typed_without_spaces_wrap_at_390_px(new_page, live_app, live_url):
    """A forum, round, stakeholder group, series and vote item named with one 200-character word (a pasted
    link, a name typed without spaces) wrap: the forum's name heads every page, the rounds name the
    dashboard's rows, the ideas' filters and the evaluation's buttons, the series its page's heading."""
    word = "Supercalifragilistic" * 10
    forum_id = owned_forum(live_app, word)
    with live_app.app_context():
        forum = db.session.get(Forum, forum_id)
        forum.rounds[0].title = Translated(word, word)
        forum.groups[0].name = Translated(word, word)
        forum.series = Series(owner_id=forum.owner_id, name=Translated(word, word))
        ballot_id = create_ballot(forum_id, title=Translated("Priorities"), dots=3, max_per_item=2,
                                  items=[ItemChoice(Translated(word, word))])
        db.session.commit()
        series_id = forum.series_id
    phone = new_page(**PHONE)
    log_in(phone, live_url, "owner@example.org", OWNER_PASSWORD)
    for lang in ("en", "fr"):
        for path in (f"/forums/{forum_id}", f"/forums/{forum_id}/ideas", f"/forums/{forum_id}/evaluation", "/forums",
                     f"/series/{series_id}", f"/forums/{forum_id}/votes/{ballot_id}"):
            phone.goto(f"{live_url}{path}?lang={lang}")
            assert phone.evaluate("document.documentElement.scrollWidth") <= 390, (lang, path)
