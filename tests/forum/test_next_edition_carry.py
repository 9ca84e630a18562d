"""What a next edition carries from the previous one besides its open items: the committee's proposals never decided
on (into the new review queue), the members as themselves (whatever address they give later), the mail server's
refusals of last year's report news; and what its pages say of what came from last year (the dashboard's counts, the
public progress page)."""
from __future__ import annotations

import datetime

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import ActionItem, Forum, Job, SteeringSignup, Translated, new_uuid
from forum.services import committee
from forum.services.progress import progress_token
from forum.services.report_news import JOB_KIND, REFUSED_ADDRESSES
from tests.conftest import USE_POSTGRES
from tests.forum.test_series import demo, start_edition  # noqa: F401 (the fixture)
from tests.html import by_test_id, parse, text_of


def member_of(app, forum_id: int, name: str) -> int:
    with app.app_context():
        return db.session.scalar(select(SteeringSignup.id).where(SteeringSignup.forum_id == forum_id,
                                                                 SteeringSignup.name == name))


# ---- the committee's proposals never decided on -------------------------------------------------------------------

def propose(app, forum_id: int, member_id: int, title: str) -> int:
    with app.app_context():
        member = db.session.get(SteeringSignup, member_id)
        committee.issue_link(member)
        assert committee.propose_item(member, title, "Each partner names a contact.", "en", new_uuid())
        return db.session.scalar(select(ActionItem.id).where(ActionItem.forum_id == forum_id,
                                                             ActionItem.proposal == "pending"))


@pytest.mark.parametrize("lang, listed, carried_from, refusal", [
    ("en", "1 proposal of the steering committee still waiting for a decision, into the new edition's review queue, "
           "marked as carried over from this forum: accept or decline it there",
     "Carried over from Hire-Retain-Advance Internationally Trained Professionals",
     "This proposal was carried over to the forum's next edition, still waiting for a decision: accept or decline it "
     "there."),
    ("fr", "1 proposition du comité directeur toujours en attente d'une décision, dans la file d'examen de la "
           "nouvelle édition, marquée comme reportée de ce forum : acceptez-la ou refusez-la là-bas",
     "Reportée de Recruter, retenir et faire progresser les professionnels formés à l'étranger",
     "Cette proposition a été reportée à la prochaine édition du forum, toujours en attente d'une décision : "
     "acceptez-la ou refusez-la là-bas."),
])
def test_a_proposal_never_decided_on_waits_in_the_next_edition_s_review_queue(client, app, demo, lang, listed,
                                                                               carried_from, refusal):
    """Amina proposed an item; the organizers never decided before starting the next edition. Last year's plan takes
    no more proposals: hers goes to the new edition's queue, as hers, marked as carried over from last year, and is
    decided there only."""
    amina = member_of(app, demo, "Amina Haddad")
    original = propose(app, demo, amina, "Shared mentoring roster")
    page = parse(client.get(f"/forums/{demo}/next-edition?lang={lang}"))
    assert text_of(page.select_one('[data-testid="proposals-to-carry"]')) == listed
    edition = start_edition(client, demo)
    with app.app_context():
        [carried] = db.session.scalars(select(ActionItem).where(ActionItem.forum_id == edition,
                                                                ActionItem.proposal == "pending"))
        assert (carried.title.en, carried.carried_from_id, carried.proposed_by.name, carried.proposed_by.forum_id) \
            == ("Shared mentoring roster", original, "Amina Haddad", edition)
        assert carried.owner_signup_id == carried.proposed_by_signup_id
        assert [change.kind for change in carried.changes] == ["proposed", "carried"]
        carried_id, amina_there = carried.id, carried.proposed_by_signup_id
    queue = parse(client.get(f"/forums/{edition}/actions?lang={lang}")).select('[data-testid="proposal"]')
    assert len(queue) == 1 and "Shared mentoring roster" in text_of(queue[0])
    assert text_of(queue[0].select_one('[data-testid="carried-from"]')) == carried_from
    assert queue[0].select_one('[data-testid="carried-from"] a')["href"] == f"/forums/{demo}/actions/{original}"
    # last year's queue no longer offers it, and refuses a decision on it (a tab left open)
    assert not parse(client.get(f"/forums/{demo}/actions")).select('[data-testid="proposal"]')
    refused = client.post(f"/forums/{demo}/actions/{original}/accept?lang={lang}")
    assert refused.status_code == 409 and refusal in text_of(parse(refused).select_one("main"))
    # declining asks to confirm first: not for a proposal that cannot be declined here (it said it would be)
    asked = client.post(f"/forums/{demo}/actions/{original}/decline?lang={lang}")
    assert asked.status_code == 409 and refusal in text_of(parse(asked).select_one("main"))
    with app.app_context():
        assert db.session.get(ActionItem, original).proposal == "pending"
        last_year = committee.committee_token(db.session.get(SteeringSignup, amina))
    # Amina's page of last year says where it went
    mine = parse(client.get(f"/c/{last_year}?lang=en"))
    assert [text_of(li) for li in mine.select('[data-testid="proposals-carried-on"] li')] == ["Shared mentoring roster"]
    assert not mine.select('[data-testid="proposals-pending"]')
    # decided in the new edition, it joins that plan
    assert client.post(f"/forums/{edition}/actions/{carried_id}/accept").status_code == 302
    with app.app_context():
        accepted = db.session.get(ActionItem, carried_id)
        assert accepted.proposal is None and accepted.owner_signup_id == amina_there
    # a second edition started from last year's forum does not carry it again
    second = start_edition(client, demo, **{"name-en": "Forum 2020 bis", "again": "y"})
    with app.app_context():
        assert db.session.scalar(select(ActionItem.id).where(ActionItem.forum_id == second)) is None


# ---- the dashboard's counts -------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang, new, carried", [
    ("en", "1 new steering committee sign-up", "3 committee members carried from 2019"),
    ("fr", "1 nouvelle inscription au comité directeur", "3 membres du comité reportés de 2019"),
])
def test_the_new_edition_s_dashboard_tells_new_sign_ups_from_members_carried_over(client, app, demo, lang, new,
                                                                                   carried):
    edition = start_edition(client, demo)
    with app.app_context():
        db.session.add(SteeringSignup(forum_id=edition, client_id=new_uuid(), name="Nadia New",
                                      email="nadia@example.org"))
        db.session.commit()
    page = parse(client.get(f"/forums/{edition}?lang={lang}"))
    assert text_of(page.select_one('[data-testid="count-signups"]')) == new
    assert text_of(page.select_one('[data-testid="count-carried-members"]')) == carried
    # last year's dashboard (no member carried into it) keeps its one figure
    page = parse(client.get(f"/forums/{demo}?lang=en"))
    assert text_of(page.select_one('[data-testid="count-signups"]')) == "3 steering committee sign-ups"
    assert not page.select('[data-testid="count-carried-members"]')


@pytest.mark.parametrize("lang, carry_on, signed_up", [
    ("en", "3 members of the previous edition's committee carry on.", "1 participant signed up to help."),
    ("fr", "3 membres du comité de l'édition précédente continuent.", "1 participant s'est porté volontaire."),
])
def test_the_new_edition_s_report_does_not_count_members_carried_over_as_signed_up_there(client, app, demo, lang,
                                                                                          carry_on, signed_up):
    """The way forward said "4 participants signed up to help" of a forum where one did, and proposed forming the
    committee that came along from last year."""
    from analysis.report.drafts import draft_way_forward
    from forum.services.reports import report_input

    edition = start_edition(client, demo)
    with app.app_context():
        db.session.add(SteeringSignup(forum_id=edition, client_id=new_uuid(), name="Nadia New",
                                      email="nadia@example.org"))
        db.session.commit()
        drafted = draft_way_forward(report_input(db.session.get(Forum, edition), lang), lang).split("\n\n")
        last_year = draft_way_forward(report_input(db.session.get(Forum, demo), "en"), "en").split("\n\n")
    assert drafted[1:3] == [carry_on, signed_up]
    assert "previous edition" in drafted[0] or "édition précédente" in drafted[0]
    assert last_year[:2] == ["We propose that a steering committee turns the top priorities into an action plan: "
                             "tangible steps, who is responsible for each, deadlines and follow-ups.",
                             "3 participants signed up to help."]


@pytest.mark.parametrize("lang, carried, done", [
    ("en", "Carried over to the next edition", "Done"),
    ("fr", "Reportée à la prochaine édition", "Terminée"),
])
def test_last_year_s_plan_exported_says_which_items_the_next_edition_carried_over(client, app, demo, lang, carried,
                                                                                   done):
    """Last year's plan in Excel read "In progress" for the items now followed up in the new edition, while its
    page, report and progress page say they were carried over: counted in Excel, last year's plan had open work."""
    import csv
    import io

    start_edition(client, demo)
    exported = client.get(f"/forums/{demo}/actions.csv?lang={lang}").get_data(as_text=True).lstrip("\ufeff")
    header, *rows = list(csv.reader(io.StringIO(exported)))
    status = header.index({"en": "Status", "fr": "État"}[lang])
    assert sorted(row[status] for row in rows) == [carried] * 3 + [done]


@pytest.mark.parametrize("lang, new, carried", [
    ("en", "0 new steering committee sign-ups", "3 committee members carried from 2019"),
    ("fr", "0 nouvelle inscription au comité directeur", "3 membres du comité reportés de 2019"),
])
def test_a_member_stays_carried_when_last_year_s_sign_up_is_deleted(client, app, demo, lang, new, carried):
    """Lucía's sign-up of last year (no committee link, nothing in the plan names it) is erased by her phone after the
    new edition carried her over: the link to it goes, but she is still a member carried from last year, not a new
    sign-up; and so are all three once last year's forum is deleted."""
    from forum.services.forum_deletion import delete_forum
    from forum.services.participation import erase_device

    edition = start_edition(client, demo)
    lucia = member_of(app, demo, "Lucía Romero")
    with app.app_context():
        db.session.get(SteeringSignup, lucia).device_token = "lucia-phone"
        db.session.commit()
        assert erase_device(demo, "lucia-phone").signup
        assert db.session.get(SteeringSignup, lucia) is None
        there = db.session.get(SteeringSignup, member_of(app, edition, "Lucía Romero"))
        assert there.carried_from_signup_id is None and there.carried_over
    page = parse(client.get(f"/forums/{edition}?lang={lang}"))
    assert text_of(page.select_one('[data-testid="count-signups"]')) == new
    assert text_of(page.select_one('[data-testid="count-carried-members"]')) == carried
    with app.app_context():
        delete_forum(db.session.get(Forum, demo))
    page = parse(client.get(f"/forums/{edition}?lang={lang}"))
    assert text_of(page.select_one('[data-testid="count-signups"]')) == new


def test_a_viewer_without_a_role_on_last_year_s_forum_is_not_told_its_year(client, app, demo):
    from tests.conftest import member_client

    edition = start_edition(client, demo)
    viewer = member_client(app, edition, "viewer")
    page = parse(viewer.get(f"/forums/{edition}?lang=en"))
    assert text_of(page.select_one('[data-testid="count-carried-members"]')) == \
        "3 committee members carried from the previous edition"


# ---- the public progress page ------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang, count, unnamed, named", [
    ("en", "3 items were carried over from the forum's previous edition, where they were not finished.",
     "Carried over from the forum's previous edition",
     "Carried over from the forum's previous edition: Hire-Retain-Advance Internationally Trained Professionals"),
    ("fr", "3 actions ont été reportées de l'édition précédente du forum, où elles n'étaient pas terminées.",
     "Reportée de l'édition précédente du forum",
     "Reportée de l'édition précédente du forum : Recruter, retenir et faire progresser les professionnels "
     "formés à l'étranger"),
])
def test_the_new_edition_s_progress_page_says_which_items_came_from_last_year(client, app, demo, lang, count, unnamed,
                                                                              named):
    edition = start_edition(client, demo)
    assert client.post(f"/forums/{demo}/progress-page/off", data={"confirmed": "yes"}).status_code == 302
    with app.app_context():
        db.session.add(ActionItem(forum_id=edition, title=Translated("A new item this year", "Une action nouvelle"),
                                  position=9))
        db.session.commit()
    client.post(f"/forums/{edition}/progress-page/share")
    with app.app_context():
        progress = f"/progress/{progress_token(db.session.get(Forum, edition))}"

    def marks():
        page = parse(client.get(f"{progress}?lang={lang}"))
        items = page.select('main [data-testid="progress-item"]')
        return page, {text_of(item.h3): item.select('[data-testid="carried-from"]') for item in items}

    page, by_item = marks()
    assert text_of(page.select_one('[data-testid="carried-from-count"]')) == count
    assert len(by_item) == 4 and [len(found) for found in by_item.values()].count(1) == 3
    assert not by_item.get("A new item this year", by_item.get("Une action nouvelle"))
    # last year's page is not shared: it is neither named nor linked on this public page
    assert all(text_of(found[0]) == unnamed and not found[0].select("a") for found in by_item.values() if found)
    client.post(f"/forums/{demo}/progress-page/share")
    with app.app_context():
        last_year = f"/progress/{progress_token(db.session.get(Forum, demo))}"
    _page, by_item = marks()
    assert all(text_of(found[0]) == named and found[0].a["href"] == last_year for found in by_item.values() if found)


@pytest.mark.parametrize("lang, proposed", [
    ("en", "Proposed by the steering committee at the forum's previous edition"),
    ("fr", "Proposée par le comité directeur à l'édition précédente du forum"),
])
def test_a_proposal_of_last_year_accepted_this_year_is_not_counted_as_left_unfinished(client, app, demo, lang,
                                                                                       proposed):
    """Amina's proposal, never decided on last year, is accepted in the new edition: it is new work, not an item of
    last year's plan left unfinished. The progress page says it was proposed last year and still counts 3 items carried
    over; the report's count and the series' figures leave it out too."""
    from forum.models import Series
    from forum.services.action_plan import action_item_records
    from forum.services.series_comparison import editions_of

    propose(app, demo, member_of(app, demo, "Amina Haddad"), "Shared mentoring roster")
    edition = start_edition(client, demo, **{"series_name-en": "Hire-Retain-Advance forum"})
    with app.app_context():
        carried = db.session.scalar(select(ActionItem.id).where(ActionItem.forum_id == edition,
                                                                ActionItem.proposal == "pending"))
    assert client.post(f"/forums/{edition}/actions/{carried}/accept").status_code == 302
    client.post(f"/forums/{edition}/progress-page/share")
    with app.app_context():
        progress = f"/progress/{progress_token(db.session.get(Forum, edition))}"
    page = parse(client.get(f"{progress}?lang={lang}"))
    assert text_of(page.select_one('[data-testid="carried-from-count"]')).startswith(
        {"en": "3 items were carried over", "fr": "3 actions ont été reportées"}[lang])
    [item] = [item for item in page.select('main [data-testid="progress-item"]')
              if text_of(item.h3) == "Shared mentoring roster"]
    assert not item.select('[data-testid="carried-from"]')
    assert text_of(item.select_one('[data-testid="proposed-last-year"]')) == proposed
    with app.app_context():
        [row] = [row for row in action_item_records(db.session.get(Forum, edition)) if row["id"] == carried]
        assert not row["carried_from"] and row["proposed_last_year"]  # the report counts what carried_from says
        assert sum(row["carried_from"] for row in action_item_records(db.session.get(Forum, edition))) == 3
        series = db.session.get(Forum, edition).series
        [_last_year, this_year] = editions_of(db.session.get(Series, series.id))
        assert this_year.plan == 4 and this_year.carried == 3


@pytest.mark.parametrize("lang, proposed_at, carried_from, accepted", [
    ("en", "Proposed by the steering committee at Hire-Retain-Advance Internationally Trained Professionals",
     "Carried over from Hire-Retain-Advance Internationally Trained Professionals", "Accepted the proposal"),
    ("fr", "Proposée par le comité directeur à Recruter, retenir et faire progresser les professionnels formés à "
           "l'étranger",
     "Reportée de Recruter, retenir et faire progresser les professionnels formés à l'étranger",
     "A accepté la proposition"),
])
def test_a_proposal_of_last_year_accepted_here_is_this_edition_s_item_on_the_organizers_lists(
        client, app, demo, lang, proposed_at, carried_from, accepted):
    """Accepted in the new edition, Amina's proposal of last year is this edition's item: the action plan's and the
    steering committee's lists show it as any item added here (no "Carried over from" under its title, which the items
    left unfinished last year keep); its page says where the committee proposed it, and its history that it was
    carried over, then accepted."""
    original = propose(app, demo, member_of(app, demo, "Amina Haddad"), "Shared mentoring roster")
    edition = start_edition(client, demo)
    with app.app_context():
        carried = db.session.scalar(select(ActionItem.id).where(ActionItem.forum_id == edition,
                                                                ActionItem.proposal == "pending"))
    assert client.post(f"/forums/{edition}/actions/{carried}/accept").status_code == 302

    for page in (f"/forums/{edition}/actions?lang={lang}", f"/forums/{edition}/steering?lang={lang}"):
        rows = {text_of(row.select_one("th a")): row for row in parse(client.get(page)).select(
            '[data-testid="action-row"]')}
        assert not rows["Shared mentoring roster"].select('[data-testid="carried-from"]'), page
        left_unfinished = [title for title, row in rows.items() if row.select('[data-testid="carried-from"]')]
        assert len(left_unfinished) == 3 and all(
            text_of(rows[title].select_one('[data-testid="carried-from"]')) == carried_from
            for title in left_unfinished), page

    item = parse(client.get(f"/forums/{edition}/actions/{carried}?lang={lang}"))
    assert not item.select('[data-testid="carried-from"]')
    assert text_of(item.select_one('[data-testid="proposed-at"]')) == proposed_at
    assert item.select_one('[data-testid="proposed-at"] a')["href"] == f"/forums/{demo}/actions/{original}"
    history = [text_of(line.p) for line in item.select('[data-testid="change"]')]
    assert history[:2] == [accepted, carried_from]


# ---- last year's report news refused for good ---------------------------------------------------------------------

def test_an_address_last_year_s_report_news_found_refused_for_good_is_carried_as_refused(client, app, demo):
    """Daniel's mailbox did not exist when last year's report news was sent: this year's reminders and news do not
    try it again, as for an address the reminders found refused; Amina's, which took the news, is tried."""
    with app.app_context():
        db.session.add(Job(forum_id=demo, kind=JOB_KIND, status="done",
                           parameters={"total": 2, "refused_for_good": 1,
                                       REFUSED_ADDRESSES: ["daniel.osei@example.org"]}))
        db.session.commit()
    edition = start_edition(client, demo)
    with app.app_context():
        members = {m.name: m for m in db.session.get(Forum, edition).steering_signups}
        assert members["Daniel Osei"].mail_refused and members["Daniel Osei"].mail_refused_at is not None
        assert not members["Amina Haddad"].mail_refused
    page = parse(client.get(f"/forums/{edition}/steering"))
    refused = [text_of(row.select_one("th")) for row in page.select("tr") if row.select('[data-testid="mail-refused"]')]
    assert refused == ["Daniel Osei"]


def test_erasing_last_year_s_sign_up_takes_the_refused_mark_the_next_edition_copied_from_it(client, app, demo):
    """Lucía's reminders were refused last year; the new edition carried her over with the mark. Her phone then
    erases its data in last year's forum: the copy of the mark goes with it (Daniel's, of the new edition's own
    reminders, refused after he was carried, stays)."""
    from forum.models import utcnow
    from forum.services.participation import erase_device

    lucia, daniel = member_of(app, demo, "Lucía Romero"), member_of(app, demo, "Daniel Osei")
    with app.app_context():
        last_year = db.session.get(SteeringSignup, lucia)
        last_year.mail_refused_email, last_year.mail_refused_at = "lucia.romero@example.org", utcnow()
        last_year.device_token = "lucia-phone"
        db.session.commit()
    edition = start_edition(client, demo)
    with app.app_context():
        members = {m.name: m for m in db.session.get(Forum, edition).steering_signups}
        assert members["Lucía Romero"].mail_refused
        there, daniel_there = members["Lucía Romero"].id, members["Daniel Osei"]
        daniel_there.mail_refused_email, daniel_there.mail_refused_at = "daniel.osei@example.org", utcnow()
        db.session.get(SteeringSignup, daniel).device_token = "daniel-phone"
        db.session.commit()
        daniel_there = daniel_there.id
        assert erase_device(demo, "lucia-phone").signup
        assert erase_device(demo, "daniel-phone").committee_member
        carried = db.session.get(SteeringSignup, there)
        assert carried.mail_refused_email is None and carried.mail_refused_at is None and carried.carried_over
        assert db.session.get(SteeringSignup, daniel_there).mail_refused


# ---- the member, whatever address they give -----------------------------------------------------------------------

def test_a_member_who_changed_address_is_still_led_to_the_next_edition(client, app, demo):
    """Amina gave a new address to the new edition's organizers: her page of last year still leads to her page there
    (it was found by matching the addresses), for the plan and for each of her items carried over."""
    amina = member_of(app, demo, "Amina Haddad")
    edition = start_edition(client, demo)
    with app.app_context():
        last_year = db.session.get(SteeringSignup, amina)
        committee.issue_link(last_year)
        [there] = db.session.scalars(select(SteeringSignup).where(SteeringSignup.forum_id == edition,
                                                                  SteeringSignup.carried_from_signup_id == amina))
        there.email = "amina@newpartner.example.org"
        db.session.commit()
        committee.issue_link(there)
        old_token, new_token = committee.committee_token(last_year), committee.committee_token(there)
    page = parse(client.get(f"/c/{old_token}?lang=en"))
    assert page.select_one('[data-testid="plan-goes-on"] a')["href"] == f"/c/{new_token}"
    links = [a["href"] for a in page.select('[data-testid="carried-on"] a')]
    assert links and set(links) == {f"/c/{new_token}"}
    # someone else who has Amina's old address now in the new edition is not her
    with app.app_context():
        there = db.session.get(SteeringSignup, there.id)
        committee.revoke_link(there)
        other = SteeringSignup(forum_id=edition, client_id=new_uuid(), name="Someone else",
                               email="amina.haddad@example.org", consents_to_owner_role=True)
        db.session.add(other)
        db.session.commit()
        committee.issue_link(other)
    page = parse(client.get(f"/c/{old_token}?lang=en"))
    assert page.select_one('[data-testid="plan-goes-on"] a') is None and not page.select('[data-testid="carried-on"] a')


@pytest.mark.parametrize("first, then", [("declined", True), (None, False)])  # None: accepted into the plan
def test_a_proposal_another_organizer_decided_meanwhile_is_not_decided_twice(app, demo, first, then):
    """Two organizers decide the same proposal at once (two tabs, two laptops): the second request read it pending,
    but waits for the first's decision before writing: 409, and the first decision stands (the second overwrote it,
    the history saying both 'accepted' and 'declined')."""
    from sqlalchemy import update

    from forum.models import ActionItemChange, User
    from forum.services import action_plan
    from forum.services.errors import ServiceError

    amina = member_of(app, demo, "Amina Haddad")
    item_id = propose(app, demo, amina, "Shared mentoring roster")
    with app.app_context():
        item = db.session.get(ActionItem, item_id)  # the second organizer's request read it: still pending
        assert item.proposal == "pending"
        organizer = db.session.scalar(select(User).order_by(User.id))
        with db.engine.begin() as other:  # meanwhile the first organizer's decision is written
            other.execute(update(ActionItem).where(ActionItem.id == item_id).values(proposal=first))
        with pytest.raises(ServiceError) as refused:
            action_plan.decide_proposal(item, then, by=organizer)
        assert refused.value.status == 409 and refused.value.reason == "already_decided"
    with app.app_context():
        assert db.session.get(ActionItem, item_id).proposal == first
        assert db.session.scalars(select(ActionItemChange.kind).where(ActionItemChange.action_item_id == item_id)
                                  ).all() == ["proposed"]


def sent_while_the_next_edition_starts(app, forum_id: int, write, carried_item_id: int | None = None):
    """Run ``write`` (a member's write, no argument) in another thread while an organizer starts the next edition as
    ``new_edition`` does: last year's forum row locked, the new edition written (and the item ``carried_item_id``
    copied over), committed 1.5 s after ``write`` started. Returns what ``write`` returned once it got through, or the
    status of the ``ServiceError`` it raised."""
    import threading

    from sqlalchemy.orm import Session

    from forum.services.errors import ServiceError

    def send():
        with app.app_context():
            try:
                return write()
            except ServiceError as error:
                return error.status
            finally:
                db.session.remove()

    with app.app_context():
        with Session(db.engine) as starting:
            # locked as new_edition locks it (forum_row.hold_forum_row: FOR NO KEY UPDATE)
            previous = starting.scalar(select(Forum).where(Forum.id == forum_id).with_for_update(key_share=True))
            edition = Forum(owner_id=previous.owner_id, name=Translated("Forum 2020"), join_code="RACE2020",
                            previous_forum_id=forum_id)
            starting.add(edition)
            starting.flush()
            if carried_item_id is not None:
                starting.add(ActionItem(forum_id=edition.id, title=Translated("Mentoring pilot"), position=1,
                                        status="planned", carried_from_id=carried_item_id))
                starting.flush()
            answers = []
            sender = threading.Thread(target=lambda: answers.append(send()))
            sender.start()
            sender.join(1.5)  # the write waits for the edition
            starting.commit()
        sender.join(10)
    assert not sender.is_alive() and len(answers) == 1
    return answers[0]


@pytest.mark.skipif(not USE_POSTGRES, reason="PostgreSQL's row lock (SQLite's writers take turns)")
def test_a_proposal_sent_while_the_next_edition_is_being_started_waits_for_it(app, demo):
    """Amina sends a proposal on last year's page while an organizer starts the next edition (which holds last year's
    forum row while it carries the pending proposals over). It used to pass the check that no edition goes on, then be
    written once the edition was, unseen by its carry: a proposal stranded in last year's queue, in a plan nobody
    keeps any more. It now waits for the edition, then is refused as any proposal made there then (409)."""
    amina = member_of(app, demo, "Amina Haddad")
    with app.app_context():
        committee.issue_link(db.session.get(SteeringSignup, amina))
        db.session.commit()

    def propose():
        return committee.propose_item(db.session.get(SteeringSignup, amina), "Shared roster", None, "en", new_uuid())

    assert sent_while_the_next_edition_starts(app, demo, propose) == 409
    with app.app_context():
        assert db.session.scalar(select(ActionItem.id).where(ActionItem.forum_id == demo,
                                                             ActionItem.proposal == "pending")) is None


@pytest.mark.skipif(not USE_POSTGRES, reason="PostgreSQL's row lock (SQLite's writers take turns)")
@pytest.mark.parametrize("change", ["status", "follow_up", "give_back"])
def test_a_member_s_change_made_while_the_next_edition_is_being_started_waits_for_it(app, demo, change):
    """Amina marks her item done (or logs a follow-up, or gives it back) on last year's page while an organizer starts
    the next edition, which copies the open items over with their status and follow-ups. The change was written to
    last year's item after its copy was made: lost to the plan that goes on. It now waits for the edition, then is
    refused as on any item carried over (409), the edition's copy being the one to change."""
    from forum.models import FollowUp

    amina = member_of(app, demo, "Amina Haddad")
    with app.app_context():
        item = ActionItem(forum_id=demo, title=Translated("Mentoring pilot"), owner_signup_id=amina, position=99,
                          status="planned")
        db.session.add(item)
        db.session.commit()
        item_id = item.id

    def change_it():
        member, mine = db.session.get(SteeringSignup, amina), db.session.get(ActionItem, item_id)
        return {"status": lambda: committee.set_status(member, mine, "done"),
                "follow_up": lambda: committee.log_follow_up(member, mine, "Met employers.", new_uuid()),
                "give_back": lambda: committee.give_back(member, mine, "No time.", new_uuid())}[change]()

    assert sent_while_the_next_edition_starts(app, demo, change_it, carried_item_id=item_id) == 409
    with app.app_context():
        mine = db.session.get(ActionItem, item_id)
        assert (mine.status, mine.owner_signup_id) == ("planned", amina)
        assert db.session.scalar(select(FollowUp.id).where(FollowUp.action_item_id == item_id)) is None


def test_a_member_who_signed_up_twice_with_a_pasted_address_in_capitals_is_led_to_the_next_edition(client, app,
                                                                                                        demo):
    """Amina signed up twice, once with her address in capitals, accent and all, pasted with a no-break space and a
    tab around it: she is one member in the next edition (carried over from her latest sign-up), and the page of her
    first sign-up leads there too. The addresses match as the app matches them everywhere (``normal_email``), on both
    sides: not by the database's trim(), which takes off spaces only."""
    amina = member_of(app, demo, "Amina Haddad")
    with app.app_context():
        first = db.session.get(SteeringSignup, amina)
        first.email = "élodie.amina@example.org"
        db.session.commit()
        again = SteeringSignup(forum_id=demo, client_id=new_uuid(), name="Amina Haddad",
                               email="\u00a0ÉLODIE.AMINA@example.org\t", consents_to_owner_role=True)
        db.session.add(again)
        db.session.flush()
        again.updated_at = first.updated_at + datetime.timedelta(hours=1)  # her latest
        db.session.commit()
        committee.issue_link(db.session.get(SteeringSignup, amina))
    edition = start_edition(client, demo)
    with app.app_context():
        [there] = db.session.scalars(select(SteeringSignup).where(SteeringSignup.forum_id == edition,
                                                                  SteeringSignup.name == "Amina Haddad"))
        assert there.carried_from_signup_id != amina  # from her latest sign-up
        committee.issue_link(there)
        old_token = committee.committee_token(db.session.get(SteeringSignup, amina))
        new_token = committee.committee_token(there)
    page = parse(client.get(f"/c/{old_token}?lang=en"))
    assert page.select_one('[data-testid="plan-goes-on"] a')["href"] == f"/c/{new_token}"
    links = [a["href"] for a in page.select('[data-testid="carried-on"] a')]
    assert links and set(links) == {f"/c/{new_token}"}


# ---- a phone erasing its data while the next edition is started ----------------------------------------------------

def _daniel_refused_and_erasing(app, demo) -> int:
    """Daniel, a committee member (his record stays when he erases), whose reminders and last year's report news were
    refused for good; his phone is about to erase its data. Returns his sign-up's id."""
    from forum.models import utcnow

    daniel = member_of(app, demo, "Daniel Osei")
    with app.app_context():
        signup = db.session.get(SteeringSignup, daniel)
        signup.mail_refused_email, signup.mail_refused_at = "daniel.osei@example.org", utcnow()
        signup.device_token = "daniel-phone"
        db.session.add(Job(forum_id=demo, kind=JOB_KIND, status="done",
                           parameters={"total": 2, "refused_for_good": 1,
                                       REFUSED_ADDRESSES: ["daniel.osei@example.org"]}))
        db.session.commit()
    return daniel


@pytest.mark.skipif(not USE_POSTGRES, reason="PostgreSQL's row locks (SQLite's writers take turns)")
@pytest.mark.parametrize("first", ["erasure", "edition"])
def test_an_erasure_while_the_next_edition_is_started_leaves_no_copy_of_a_refused_mark(app, demo, monkeypatch,
                                                                                      first):
    """Daniel's phone erases its data in last year's forum at the very moment an organizer starts the next edition.
    The erasure takes the mail server's word on his address off the record the committee keeps and out of the news
    figures; the edition copies his record, with that word, to this year's committee. Whichever starts first, the
    new edition ends with no mark of his erased address: the edition waited for the erasure and copied what was left,
    or went first and the erasure, waiting for it, cleared the copy (both take the previous forum's row)."""
    from forum.models import User
    from forum.services import editions, participation
    from forum.services.participation import erase_device
    from tests.races import race

    daniel = _daniel_refused_and_erasing(app, demo)
    done, failures = {}, []

    def erase():
        with app.app_context():
            try:
                done["erased"] = erase_device(demo, "daniel-phone")
            except Exception as error:  # noqa: BLE001 - reported by the test, not lost in the thread
                failures.append(error)
            finally:
                db.session.remove()

    def start():
        with app.app_context():
            try:
                previous = db.session.get(Forum, demo)
                done["edition"] = editions.new_edition(previous, db.session.get(User, previous.owner_id),
                                                       name="Forum 2020", client_id=new_uuid()).id
            except Exception as error:  # noqa: BLE001
                failures.append(error)
            finally:
                db.session.remove()

    if first == "erasure":  # held once it has locked his record, before it is written
        race(monkeypatch, participation, "_forget_carried_refusals", erase, start)
    else:  # held once it has read last year's news refusals, before it reads the committee
        race(monkeypatch, editions, "_refused_by_news", start, erase)
    assert failures == []
    assert done["erased"] is not None and done["erased"].committee_member
    with app.app_context():
        [carried] = db.session.scalars(select(SteeringSignup).where(SteeringSignup.forum_id == done["edition"],
                                                                    SteeringSignup.carried_from_signup_id == daniel))
        assert (carried.mail_refused_email, carried.mail_refused_at) == (None, None)
        kept = db.session.get(SteeringSignup, daniel)
        assert kept.mail_refused_email is None and kept.device_token is None
        job = db.session.scalars(select(Job).where(Job.forum_id == demo, Job.kind == JOB_KIND)).one()
        assert job.parameters[REFUSED_ADDRESSES] == []
