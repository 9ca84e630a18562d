"""Erase my answers: a phone takes back everything it sent to one forum, in one step, and every count drops."""
from __future__ import annotations

import json
import logging

import pytest
from sqlalchemy import select
from werkzeug.exceptions import ServiceUnavailable

from forum.extensions import db
import forum.services.analysis_runs as analysis_runs
import forum.services.participation as participation
from forum.models import ActionItem, AnalysisRun, Forum, MailOptOut, ReportChart, SentMail, SteeringSignup, Translated
from forum.organize.checklist import checklist
from forum.organize.counts import dashboard_counts
from forum.services.evaluation_results import results
from forum.services.action_plan import ItemFields, update_item
from forum.services.analysis_runs import run_analysis
from forum.services.committee import issue_link
from forum.services.errors import ServiceError
from forum.services.participation import erase_device
from forum.services.reports import live_evaluation, report_input
from tests.conftest import add_organizer
from tests.forum.analysis_support import SMALL_FORUM_CARDS, add_cards
from tests.forum.participate.conftest import Phone
from tests.forum.participate.test_voting import ballot, dots, open_ballot  # noqa: F401  (the ballot fixture)
from tests.forum.test_forum_deletion import rows_of, with_cascades
from tests.html import parse, text_of
from tests.races import race


def device_rows(forum_id: int, token: str) -> dict[str, set]:
    """Each table's rows of this device in this forum: the forum's rows (``rows_of``, any table) whose
    ``device_token`` is the device's, and every row that cascades from one (its answers), in any table."""
    owned, mine = rows_of(forum_id), {}
    for table in db.metadata.sorted_tables:
        if "device_token" in table.c and owned.get(table.name):
            (key,) = table.primary_key.columns
            found = set(db.session.scalars(select(key).where(key.in_(owned[table.name]),
                                                             table.c.device_token == token)))
            if found:
                mine[table.name] = found
    return with_cascades(mine)


def device_tables() -> set[str]:
    return {table.name for table in db.metadata.sorted_tables if "device_token" in table.c}


@pytest.fixture
def busy(app, client, forum_setup, ballot, phone, organizer, make_forum):  # noqa: F811
    """Two phones that each answered the evaluation and a session's rating, spent dots, signed up for the
    steering committee and shared their contact details; the first also answered another forum."""
    forum_id = forum_setup["id"]
    with app.app_context():
        round_id = db.session.get(Forum, forum_id).rounds[1].id
    client.post(f"/forums/{forum_id}/rounds/{round_id}/rating/open")
    open_ballot(client, ballot)
    phones = [phone(), phone()]
    for n, device in enumerate(phones):
        assert device.send("evaluation", q_rating=4 + n, q_wants_involvement="yes").status_code == 200
        assert device.send(f"sessions/{round_id}", **{f"q_session_{round_id}_rating": 3}).status_code == 200
        assert device.send(f"votes/{ballot['id']}", **dots(ballot, **{"Mentoring circles": 2})).status_code == 200
        assert device.send("steering-committee", name=f"Ana {n}", email=f"ana{n}@example.org").status_code == 200
        assert device.send("contact", share="yes", name=f"Ana {n}", email=f"ana{n}@example.org").status_code == 200
    other_id = make_forum(organizer, name="Autumn forum", languages="en,fr")
    with app.app_context():
        other_forum = db.session.get(Forum, other_id)
        other_forum.evaluation_open = True
        db.session.commit()
        other_code = other_forum.join_code
    elsewhere = Phone(app, other_code)
    elsewhere.client = phones[0].client  # the same phone, in another forum
    elsewhere.join()
    assert elsewhere.send("evaluation", q_rating=2).status_code == 200
    return {"forum_id": forum_id, "other_id": other_id, "round_id": round_id, "ballot": ballot, "phones": phones}


def counts(app, client, busy) -> dict:
    with app.app_context():
        forum = db.session.get(Forum, busy["forum_id"])
        dashboard = dashboard_counts(forum, "en")
        report = report_input(forum, "en")
        figures = {"participants": dashboard["participants"], "responses": dashboard["responses"],
                   "signups": dashboard["signups"], "results": results(forum)["responses"],
                   "ratings": results(forum, busy["round_id"])["responses"],
                   "report_joined": report.attendance.joined, "report_evaluated": report.attendance.evaluated}
    votes = client.get(f"/forums/{busy['forum_id']}/votes/{busy['ballot']['id']}/results.json").json
    figures.update(voters=votes["voters"], dots=sum(item["dots"] for item in votes["items"]))
    return figures


def test_erasing_takes_every_row_of_the_device_in_the_forum_and_nothing_else(app, busy):
    mine = busy["phones"][0].device
    with app.app_context():
        before, elsewhere = rows_of(busy["forum_id"]), rows_of(busy["other_id"])
        found = device_rows(busy["forum_id"], mine)
        # A table added later that keeps a device's rows fails here until this test fills it and
        # participation.erase_device erases it.
        assert device_tables() <= set(found), f"no row of the phone in {device_tables() - set(found)}"
        assert "answers" in found
        erased = erase_device(busy["forum_id"], mine)
        db.session.commit()
        assert erased.evaluation and erased.ratings == 1 and erased.ballots == 1 and erased.dots == 2
        assert erased.signup and erased.contact and not erased.committee_member
        assert device_rows(busy["forum_id"], mine) == {}
        after = rows_of(busy["forum_id"])
        assert after == {table: rows - found.get(table, set()) for table, rows in before.items()
                         if rows - found.get(table, set())}
        assert rows_of(busy["other_id"]) == elsewhere  # the same phone's answers to another forum stay
        assert erase_device(busy["forum_id"], mine) is None  # nothing left: said, not an error


def test_counts_results_and_the_report_drop(app, client, busy):
    before = counts(app, client, busy)
    assert before == {"participants": 2, "responses": 2, "signups": 2, "results": 2, "ratings": 2,
                      "report_joined": 2, "report_evaluated": 2, "voters": 2, "dots": 4}
    page = busy["phones"][0].get("erase")
    assert page.status_code == 200
    erased = busy["phones"][0].post("erase", data={})
    assert erased.status_code == 200 and "Your answers are erased" in erased.text
    assert counts(app, client, busy) == {key: 1 for key in before} | {"dots": 2}
    live = client.get(f"/forums/{busy['forum_id']}/evaluation/results")
    assert live.status_code == 200


def test_the_page_lists_what_goes_and_what_stays_in_english_and_french(busy):
    device = busy["phones"][0]
    assert "Erase my answers from this forum" in text_of(parse(device.get()))
    page = parse(device.get("erase"))
    goes = [text_of(item) for item in page.select("[data-testid=what-goes] li")]
    assert goes == ["Your answers to the forum's evaluation", "Your rating of 1 session", "Your dots in 1 vote",
                    "Your sign-up for the steering committee, with the name and e-mail address you gave",
                    "Your name, organization, stakeholder group, contact details and consents (to share your "
                    "contact details, to get the report by e-mail)",
                    "The record of the e-mails this forum sent to an address you gave here, unless another sign-up "
                    "or contact here still uses it (your unsubscribes stay, so that no mail you switched off comes "
                    "back)"]
    assert "The idea cards written at the tables" in text_of(page.select_one("[data-testid=what-stays]"))
    assert page.select_one("form[method=post] button").get_text(strip=True) == "Erase my answers"
    french = parse(device.get("erase?lang=fr"))
    assert text_of(french.select_one("h1")) == "Effacer mes réponses de ce forum"
    assert "Votre note de 1 séance" in text_of(french.select_one("[data-testid=what-goes]"))
    assert "fiches d'idées" in text_of(french.select_one("[data-testid=what-stays]"))
    done = device.post("erase?lang=fr", data={})
    assert "Vos réponses sont effacées" in done.text and "Rejoindre le forum à nouveau" in done.text


def test_a_second_tab_the_back_button_and_a_double_tap_are_told_nothing_is_left(app, client, busy):
    device = busy["phones"][1]
    assert device.post("erase", data={}).status_code == 200
    again = device.post("erase", data={})  # a double tap, or the form of a second tab
    assert again.status_code == 409 and "Nothing left to erase" in again.text
    back = device.get("erase")  # the back button: said, and the phone is not joined again
    assert back.status_code == 200 and "Nothing left to erase" in back.text
    assert counts(app, client, busy)["participants"] == 1
    assert "Join the forum again" in back.text
    assert device.client.get_cookie("fw_device") is None  # in no other forum: the phone keeps no id of ours


def test_a_phone_in_another_forum_keeps_its_device_cookie(busy):
    device = busy["phones"][0]
    signup_cookie = "fw_signup_%d" % busy["forum_id"]
    assert device.client.get_cookie(signup_cookie, path=device.url()) is not None
    assert device.post("erase", data={}).status_code == 200
    assert device.client.get_cookie("fw_device") is not None  # its other forum's answers stay editable
    assert device.client.get_cookie(signup_cookie, path=device.url()) is None


def test_a_phone_that_never_joined_and_an_unknown_code(app, forum_setup):
    stranger = Phone(app, forum_setup["code"])
    assert stranger.get("erase").status_code == 200
    refused = stranger.post("erase", data={})
    assert refused.status_code == 409 and "Nothing left to erase" in refused.text
    assert Phone(app, "ZZZZZZ").get("erase").status_code == 404
    assert Phone(app, "ZZZZZZ").post("erase", data={}).status_code == 404


def test_made_up_device_cookies_are_told_nothing_is_left_without_a_write(app, forum_setup, phone, monkeypatch):
    """Anyone with the join code can send the erase form with device cookies they make up, one per request (the
    per-phone limit counts each as a new phone): each is told nothing is left, and none takes the database's write
    lock (SQLite's, which every facilitator's card waits for). A phone with answers still erases them."""
    writes = []
    real = participation.retrying_once
    monkeypatch.setattr(participation, "retrying_once", lambda write: writes.append(write) or real(write))
    stranger = Phone(app, forum_setup["code"])
    for n in range(20):
        stranger.client.set_cookie("fw_device", f"made-up-device-{n:030d}")
        refused = stranger.post("erase", data={})
        assert refused.status_code == 409 and "Nothing left to erase" in refused.text
    assert writes == []
    device = phone()
    token, writes[:] = device.device, []  # joining wrote
    assert device.post("erase", data={}).status_code == 200 and len(writes) == 1
    with app.app_context():
        assert participation.participant_of(forum_setup["id"], token) is None


def test_erasing_needs_the_pages_csrf_token(csrf_app, make_forum):
    owner = add_organizer(csrf_app)
    forum_id = make_forum(owner)
    with csrf_app.app_context():
        code = db.session.get(Forum, forum_id).join_code
    device = Phone(csrf_app, code)
    device.join()
    assert device.post("erase", data={}).status_code == 400
    token = parse(device.get("erase")).select_one("input[name=csrf_token]")["value"]
    assert device.post("erase", data={"csrf_token": token}).status_code == 200


def test_erasing_after_the_evaluation_and_the_vote_closed(app, client, busy):
    client.post(f"/forums/{busy['forum_id']}/evaluation/close", data={"confirmed": "yes"})
    client.post(f"/forums/{busy['forum_id']}/votes/{busy['ballot']['id']}/close", data={"confirmed": "yes"})
    with app.app_context():
        forum = db.session.get(Forum, busy["forum_id"])
        assert not forum.evaluation_open
    assert busy["phones"][0].post("erase", data={}).status_code == 200
    figures = counts(app, client, busy)
    assert figures["results"] == figures["voters"] == figures["report_evaluated"] == 1 and figures["dots"] == 2


def test_a_committee_members_record_stays_with_the_committee(app, busy):
    device = busy["phones"][0]
    with app.app_context():
        signup = db.session.scalar(select(SteeringSignup).where(SteeringSignup.device_token == device.device))
        signup.consents_to_owner_role, signup.committee_link_version = True, 1
        db.session.commit()
        signup_id = signup.id
    page = parse(device.get("erase"))
    assert "No sign-up for the steering committee to erase" in text_of(page.select_one("[data-testid=what-goes]"))
    assert "Your place on the steering committee" in text_of(page.select_one("[data-testid=what-stays]"))
    done = device.post("erase", data={})
    assert done.status_code == 200 and "stays with the committee" in done.text
    with app.app_context():
        kept = db.session.get(SteeringSignup, signup_id)
        assert kept.device_token is None and kept.withdrawn_at is None and kept.email == "ana0@example.org"
        assert device_rows(busy["forum_id"], device.device) == {}


def test_a_committee_member_is_told_how_many_of_their_items_are_open_and_how_many_done(app, busy):
    """The items that stay the member's are counted as the plan counts them ("2 open · 1 done"): an item done is not
    one they still have to carry, and a dropped one is neither."""
    device = busy["phones"][0]
    with app.app_context():
        signup = db.session.scalar(select(SteeringSignup).where(SteeringSignup.device_token == device.device))
        signup.consents_to_owner_role, signup.committee_link_version = True, 1
        db.session.add_all([ActionItem(forum_id=busy["forum_id"], title=Translated(f"Item {n}"), position=n,
                                       owner_signup_id=signup.id, status=status)
                            for n, status in enumerate(("not_started", "in_progress", "done", "dropped"))])
        db.session.commit()
    stays = {lang: [text_of(line) for line in parse(device.get(f"erase?lang={lang}")).select(
        "[data-testid=what-stays] li")] for lang in ("en", "fr")}
    assert "Your action items stay yours: 2 open · 1 done." in stays["en"][1]
    assert "Vos actions restent les vôtres : 2 en cours · 1 terminée." in stays["fr"][1]


def test_one_log_line_without_content_or_address(app, busy, caplog):
    device = busy["phones"][0]
    with caplog.at_level(logging.INFO, logger="forum.services.participation"):
        device.post("erase", data={}, environ_base={"REMOTE_ADDR": "203.0.113.7"})
    [line] = [record.getMessage() for record in caplog.records if record.name == "forum.services.participation"]
    assert f"forum {busy['forum_id']}" in line
    for secret in ("Ana", "ana0@example.org", "203.0.113.7", device.device):
        assert secret not in line


def test_the_checklist_says_test_answers_can_be_erased(app, forum_setup):
    with app.app_context(), app.test_request_context():
        step = next(step for step in checklist(db.session.get(Forum, forum_setup["id"])) if step.key == "try")
    assert "Erase my answers from this forum" in step.detail and "counts as one participant" not in step.detail


def test_an_error_on_the_erase_page_leads_back_to_its_forum(app, client, forum_setup, monkeypatch):
    def unavailable(*args, **kwargs):
        raise ServiceUnavailable()
    monkeypatch.setattr("forum.participate.erasure.device_traces", unavailable)
    answer = client.get(f"/p/{forum_setup['code']}/erase")
    assert answer.status_code == 503
    assert parse(answer).find("a", href=f"/p/{forum_setup['code']}/") is not None


def test_erased_open_answers_leave_the_stored_analysis_runs(app, forum_setup, phone):
    """The report's stored analysis keeps the open answers it summarized and grouped: erasing takes the
    phone's out of every run of the forum, and the report groups what is left again."""
    mine, theirs = "The parking garage was far too expensive", "The mentoring table opened doors for me"
    phones = [phone(), phone()]
    for device, liked in zip(phones, (mine, theirs)):
        assert device.send("evaluation", q_rating=4, q_liked_most=liked).status_code == 200
    with app.app_context():
        add_cards(forum_setup["id"], SMALL_FORUM_CARDS)
        for _ in range(2):  # an earlier run and the latest
            assert run_analysis(db.session.get(Forum, forum_setup["id"])).status == "done"
        stored = [json.dumps(run.results) for run in db.session.scalars(select(AnalysisRun))]
        assert len(stored) == 2 and all(mine in text and theirs in text for text in stored)
    assert phones[0].post("erase", data={}).status_code == 200
    with app.app_context():
        runs = list(db.session.scalars(select(AnalysisRun)))
        assert all(mine not in json.dumps(run.results) and theirs in json.dumps(run.results) for run in runs)
        assert runs[-1].results["evaluation"]["text_answers"]["liked_most"] == [theirs]
        forum = db.session.get(Forum, forum_setup["id"])
        grouped = live_evaluation(forum, runs[-1])["grouped_answers"]
        assert [quote for group in grouped["liked_most"] for quote in group["quotes"]] == [theirs]


@pytest.mark.parametrize("organizer_write", ["committee_link", "item_owner"])
def test_erasing_and_making_the_sign_up_a_members_record_at_once_never_lose_the_member(
        app, forum_setup, phone, monkeypatch, organizer_write):
    """An organizer gives a sign-up a committee link (or an item to own) while its phone erases its answers: the
    erasing locks the sign-up before deciding, and the organizer's write locks it too, so either the sign-up
    became a member's record first and stays, or it was erased first and the organizer is told (409), never a
    member's link or item quietly left without its sign-up (PostgreSQL: the row lock; SQLite: the write lock)."""
    device = phone()
    device.send("steering-committee", name="Ana", email="ana@example.org", consents_to_owner_role=True)
    with app.app_context():
        signup_id = db.session.scalar(select(SteeringSignup.id).where(SteeringSignup.device_token == device.device))
        item = ActionItem(forum_id=forum_setup["id"], title=Translated("Pair every newcomer with a mentor"))
        db.session.add(item)
        db.session.commit()
        item_id = item.id
    outcome = {}

    def erase():
        with app.app_context():
            outcome["erased"] = erase_device(forum_setup["id"], device.device)

    def organize():
        with app.app_context():
            try:
                if organizer_write == "committee_link":
                    issue_link(db.session.get(SteeringSignup, signup_id))
                else:
                    item = db.session.get(ActionItem, item_id)
                    update_item(item, ItemFields(title=item.title, description=None, theme_id=None, lead_group_id=None,
                                                 owner_signup_id=signup_id, due_date=None, status=item.status), by=None)
                outcome["organizer"] = "done"
            except ServiceError as refused:
                outcome["organizer"] = refused.status
            finally:
                db.session.remove()

    # The erase is held once it has decided the sign-up is no committee member's; the organizer's write waits for
    # the erasing's lock, or (without it) writes meanwhile.
    race(monkeypatch, participation, "is_committee_member", erase, organize)
    with app.app_context():
        signup = db.session.get(SteeringSignup, signup_id)
        owner = db.session.get(ActionItem, item_id).owner_signup_id
    if outcome["organizer"] == "done":
        assert signup is not None, "the organizer's write went through, yet the sign-up was erased"
        assert signup.committee_link_active or owner == signup_id
    else:
        assert outcome["organizer"] == 409 and signup is None and owner is None


def test_answers_erased_while_the_analysis_runs_are_not_stored_by_it(app, forum_setup, phone, monkeypatch):
    """The analysis reads the answers, then takes minutes: a phone erasing its answers meanwhile finds no run to
    take them out of yet, so the run checks, as it stores its results, which answers are still there."""
    mine, theirs = "The parking garage was far too expensive", "The mentoring table opened doors for me"
    phones = [phone(), phone()]
    for device, liked in zip(phones, (mine, theirs)):
        assert device.send("evaluation", q_rating=4, q_liked_most=liked).status_code == 200
    real = analysis_runs._evaluation

    def erased_meanwhile(*args):
        summary = real(*args)
        assert erase_device(forum_setup["id"], phones[0].device) is not None
        return summary

    monkeypatch.setattr(analysis_runs, "_evaluation", erased_meanwhile)
    with app.app_context():
        add_cards(forum_setup["id"], SMALL_FORUM_CARDS)
        run = run_analysis(db.session.get(Forum, forum_setup["id"]))
        assert run.status == "done"
        assert mine not in json.dumps(run.results) and theirs in json.dumps(run.results)
        assert run.results["evaluation"]["text_answers"]["liked_most"] == [theirs]
        assert "liked_most" not in run.results["evaluation"]["grouped_answers"]


def mail_log(forum_id: int) -> set[tuple]:
    return {(mail.topic, mail.email) for mail in db.session.scalars(select(SentMail).where(SentMail.forum_id == forum_id))}


def test_the_log_of_mail_sent_to_the_erased_addresses_goes_and_unsubscribes_stay(app, busy):
    """The forum logs each message it sent by address (so that none goes twice): the erased phone's sign-up's and
    contact's address leaves that log with them; the same address on a record that stays (another phone's
    sign-up) keeps its log; an unsubscribe stays, so that no mail switched off comes back."""
    forum_id, other_id = busy["forum_id"], busy["other_id"]
    with app.app_context():
        db.session.add_all([
            SentMail(forum_id=forum_id, topic="news", period="report", email="ana0@example.org"),
            SentMail(forum_id=forum_id, topic="digest", period="2026-W48", email="ana0@example.org"),
            SentMail(forum_id=forum_id, topic="news", period="report", email="ana1@example.org"),
            SentMail(forum_id=other_id, topic="news", period="report", email="ana0@example.org"),
            MailOptOut(forum_id=forum_id, topic="digest", email="ana0@example.org"),
        ])
        db.session.commit()
    page = parse(busy["phones"][0].get("erase?lang=fr"))
    assert "Les traces des courriels que ce forum a envoyés" in text_of(page.select_one("[data-testid=what-goes]"))
    assert busy["phones"][0].post("erase", data={}).status_code == 200
    assert busy["phones"][1].send("steering-committee", name="Ana", email="ANA1@example.org").status_code == 200
    with app.app_context():
        assert mail_log(forum_id) == {("news", "ana1@example.org")}
        assert mail_log(other_id) == {("news", "ana0@example.org")}  # another forum's log
        assert db.session.scalar(select(MailOptOut.email).where(MailOptOut.forum_id == forum_id)) == "ana0@example.org"


def test_an_address_another_record_of_the_forum_still_uses_keeps_its_mail_log(app, busy, phone):
    forum_id, device = busy["forum_id"], busy["phones"][0]
    assert device.send("contact", share="yes", name="Ana", email="ana.private@example.org").status_code == 200
    same_person = phone()  # the same person's second phone, with the sign-up's address
    assert same_person.send("contact", share="yes", name="Ana", email="Ana0@example.org").status_code == 200
    with app.app_context():
        db.session.add_all([SentMail(forum_id=forum_id, topic="news", period="report", email=email)
                            for email in ("ana0@example.org", "ana.private@example.org")])
        db.session.commit()
    assert device.post("erase", data={}).status_code == 200
    with app.app_context():
        assert mail_log(forum_id) == {("news", "ana0@example.org")}


def test_a_phone_erasing_its_answers_drops_the_forums_kept_report_charts(app, forum_setup, phone):
    """Kept charts hold the evaluation's and the votes' counts as drawn: the erased answers must not live on in them
    (forum.services.report_charts)."""
    device = phone()
    assert device.send("evaluation", q_rating=4).status_code == 200
    with app.app_context():
        db.session.add(ReportChart(forum_id=forum_setup["id"], digest="d" * 64, png=b"\x89PNG"))
        db.session.commit()
    assert device.post("erase", data={}).status_code == 200
    with app.app_context():
        assert db.session.scalar(select(ReportChart.id)) is None
