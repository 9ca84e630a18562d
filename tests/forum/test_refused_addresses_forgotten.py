"""The addresses the mail server refused for good, kept to try them no more (in the report news job's figures and on a
committee member's record), go with the person: a participant erasing their data, a member taken off the committee,
the forum deleted. Sent through the real loopback SMTP server (tests/smtp_server.py)."""
from __future__ import annotations

import logging

import pytest
from sqlalchemy import func, select

from forum.extensions import db
from forum.models import Forum, Job, SteeringSignup, User, utcnow
from forum.services import report_news
from forum.services.forum_deletion import delete_forum
from forum.services.participation import erase_device
from forum.services.report_news import REFUSED_ADDRESSES, queue_announcement, refused_addresses, send_for_job
from tests.forum.news_confirming import confirm_news_addresses
from tests.forum.participate.conftest import Phone
from tests.html import parse, text_of
from tests.races import race
from tests.forum.test_report_news import CONFIRM, log_in, organizer_of_a_forum, share_report


def _asking(app, code: str) -> dict[str, Phone]:
    """Ana asks for the news on her contact page, Bruno on his steering sign-up."""
    ana, bruno = Phone(app, code), Phone(app, code)
    ana.join()
    assert ana.post("contact", data={"wants_news": "y", "email": "ana@example.org"}).status_code == 302
    bruno.join()
    sent = bruno.post("steering-committee", data={"client_id": "bruno-signup-1", "name": "Bruno",
                                                  "email": "Bruno@example.org", "wants_news": "y", "group_id": 0})
    assert sent.status_code == 302, sent.text
    confirm_news_addresses(app)  # each owner confirms their address
    return {"ana": ana, "bruno": bruno}


def _all_refused(app, forum_id: int):
    """The news sent, both addresses refused for good ("550 No such mailbox")."""
    organizer = log_in(app)
    share_report(organizer, forum_id)
    app.mailbox.refused = ("ana@example.org", "bruno@example.org")
    organizer.post(f"/forums/{forum_id}/report/announce", data=CONFIRM, follow_redirects=True)
    with app.app_context():
        assert refused_addresses(db.session.get(Forum, forum_id)) == {"ana@example.org", "bruno@example.org"}
    return organizer


def test_a_participant_erasing_their_data_takes_their_refused_address_out_of_the_news_figures(mail_app):
    forum_id, code = organizer_of_a_forum(mail_app)
    phones = _asking(mail_app, code)
    _all_refused(mail_app, forum_id)
    assert phones["bruno"].post("erase").status_code == 200
    with mail_app.app_context():
        assert refused_addresses(db.session.get(Forum, forum_id)) == {"ana@example.org"}
        job = db.session.scalars(select(Job).where(Job.forum_id == forum_id, Job.kind == "news")).one()
        assert job.parameters[REFUSED_ADDRESSES] == ["ana@example.org"]
        assert job.parameters["refused_for_good"] == 2  # the count names nobody: it stays
    assert phones["ana"].post("erase").status_code == 200
    with mail_app.app_context():
        assert refused_addresses(db.session.get(Forum, forum_id)) == set()


def test_a_member_taken_off_the_committee_leaves_no_refused_address_behind(mail_app):
    """Bruno, made a committee member, had his reminders refused too: taken off the committee, neither the news
    figures nor his record keep his refused address; Ana's, on another record, stays."""
    forum_id, code = organizer_of_a_forum(mail_app)
    _asking(mail_app, code)
    organizer = _all_refused(mail_app, forum_id)
    with mail_app.app_context():
        bruno = db.session.scalars(select(SteeringSignup).where(SteeringSignup.forum_id == forum_id)).one()
        bruno.consents_to_owner_role, bruno.committee_link_version = True, 1
        bruno.mail_refused_email, bruno.mail_refused_at = "bruno@example.org", utcnow()
        db.session.commit()
        bruno_id = bruno.id
    removed = organizer.post(f"/forums/{forum_id}/steering/{bruno_id}/remove", data=CONFIRM)
    assert removed.status_code == 302
    with mail_app.app_context():
        bruno = db.session.get(SteeringSignup, bruno_id)
        assert bruno.removed_at is not None
        assert bruno.mail_refused_email is None and bruno.mail_refused_at is None
        assert refused_addresses(db.session.get(Forum, forum_id)) == {"ana@example.org"}


def test_deleting_the_forum_deletes_its_news_figures_with_the_refused_addresses(mail_app):
    forum_id, code = organizer_of_a_forum(mail_app)
    _asking(mail_app, code)
    _all_refused(mail_app, forum_id)
    with mail_app.app_context():
        delete_forum(db.session.get(Forum, forum_id))
        assert db.session.scalar(select(func.count(Job.id)).where(Job.forum_id == forum_id)) == 0
        assert not [parameters for parameters in db.session.scalars(select(Job.parameters))
                    if "bruno@example.org" in str(parameters)]
        assert db.session.scalar(select(func.count(User.id))) == 1


def _bruno_on_the_committee(app, forum_id: int, *, refused: bool) -> int:
    """Bruno's sign-up made a committee member's record (a committee link), his reminders' address marked refused
    for good when ``refused``."""
    with app.app_context():
        bruno = db.session.scalars(select(SteeringSignup).where(SteeringSignup.forum_id == forum_id)).one()
        bruno.consents_to_owner_role, bruno.committee_link_version = True, 1
        if refused:
            bruno.mail_refused_email, bruno.mail_refused_at = "bruno@example.org", utcnow()
        db.session.commit()
        return bruno.id


def test_a_committee_member_erasing_their_data_leaves_no_refused_mark_on_the_record_the_committee_keeps(mail_app):
    """Bruno, a committee member whose address the mail server refused (his reminders and the report's news), erases
    his phone's data: his record stays as the committee's, but neither it (the mark, its copy of his address, his
    request for the news) nor the news figures keep what the mail server said of his address; Ana's stays."""
    forum_id, code = organizer_of_a_forum(mail_app)
    phones = _asking(mail_app, code)
    _all_refused(mail_app, forum_id)
    bruno_id = _bruno_on_the_committee(mail_app, forum_id, refused=True)
    asked = text_of(parse(phones["bruno"].get("erase")).select_one("[data-testid=what-goes]"))
    assert ("From your committee member's record: your request to get the report by e-mail, and any note that the "
            "mail server refused your address") in asked
    erased = phones["bruno"].post("erase")
    assert erased.status_code == 200
    assert "Your steering committee member's record stays with the committee" in erased.text
    with mail_app.app_context():
        bruno = db.session.get(SteeringSignup, bruno_id)
        assert bruno.device_token is None and bruno.withdrawn_at is None  # still the committee's member
        assert bruno.mail_refused_email is None and bruno.mail_refused_at is None
        assert bruno.news_consent_at is None
        assert refused_addresses(db.session.get(Forum, forum_id)) == {"ana@example.org"}
        job = db.session.scalars(select(Job).where(Job.forum_id == forum_id, Job.kind == "news")).one()
        assert job.parameters[REFUSED_ADDRESSES] == ["ana@example.org"]
        assert not [value for value in job.parameters.values() if "bruno" in str(value).lower()]


def test_a_committee_member_erasing_their_data_takes_their_refused_mark_even_without_a_news_refusal(mail_app):
    """Only his reminders were refused (the news went to him): the mark on the kept record goes all the same."""
    forum_id, code = organizer_of_a_forum(mail_app)
    phones = _asking(mail_app, code)
    bruno_id = _bruno_on_the_committee(mail_app, forum_id, refused=True)
    assert phones["bruno"].post("erase").status_code == 200
    with mail_app.app_context():
        bruno = db.session.get(SteeringSignup, bruno_id)
        assert bruno.mail_refused_email is None and bruno.mail_refused_at is None


def _news_sending_to_a_refused_bruno(app, who: str) -> tuple[int, int, str]:
    """Ana and Bruno ask for the news (Bruno a plain sign-up, or a committee member whose record stays), the mail server
    refuses Bruno's address for good, and the news job is queued: (forum id, job id, Bruno's device)."""
    forum_id, code = organizer_of_a_forum(app)
    phones = _asking(app, code)
    share_report(log_in(app), forum_id)
    if who == "member":
        _bruno_on_the_committee(app, forum_id, refused=False)
    app.mailbox.refused = ("bruno@example.org",)
    with app.app_context():
        job, created = queue_announcement(db.session.get(Forum, forum_id))
        assert created
        return forum_id, job.id, phones["bruno"].device


def _erase_and_send(app, forum_id: int, job_id: int, device: str):
    def erase():
        with app.app_context():
            try:
                assert erase_device(forum_id, device) is not None
            finally:
                db.session.remove()

    def send():
        with app.app_context():
            try:
                send_for_job(db.session.get(Job, job_id), db.session.get(Forum, forum_id))
            finally:
                db.session.remove()

    return erase, send


@pytest.mark.parametrize("who", ["participant", "member"])
def test_a_news_job_started_before_someone_erased_their_data_neither_mails_them_nor_keeps_their_address(
        mail_app, monkeypatch, who):
    """The news job is starting while Bruno's phone erases its data: the erasure is held once it took his address out
    of the news figures (in its transaction, its locks held); the job, which read Bruno among those waiting, waits
    for it to write its first figures, then finds Bruno gone when it claims his message: it is not sent (so not
    refused), counted as gone, and his address is in no figure. Ana is told."""
    forum_id, job_id, device = _news_sending_to_a_refused_bruno(mail_app, who)
    erase, send = _erase_and_send(mail_app, forum_id, job_id, device)
    race(monkeypatch, report_news, "forget_refused_addresses", erase, send)
    with mail_app.app_context():
        job = db.session.get(Job, job_id)
        assert (job.parameters["sent"], job.parameters["gone"], job.parameters["refused_for_good"]) == (1, 1, 0)
        assert job.parameters[REFUSED_ADDRESSES] == []
        assert refused_addresses(db.session.get(Forum, forum_id)) == set()
        assert not [value for value in job.parameters.values() if "bruno" in str(value).lower()]
    assert [message["To"] for message in mail_app.mailbox.messages] == ["ana@example.org"]


@pytest.mark.parametrize("who", ["participant", "member"])
def test_a_news_job_still_sending_never_writes_back_the_address_of_someone_who_erased_their_data(
        mail_app, monkeypatch, who):
    """The news job has just been refused Bruno's address for good and not yet written its figures when Bruno's phone
    erases its data: its write of the figures, checked once the job's row is locked (which the erasure locks too),
    finds nobody asking the news at his address any more and leaves it out; the count of refusals stays (it names
    nobody)."""
    forum_id, job_id, device = _news_sending_to_a_refused_bruno(mail_app, who)
    erase, send = _erase_and_send(mail_app, forum_id, job_id, device)
    # The job is held once its messages are sent (Bruno's refused), before it writes its figures
    race(monkeypatch, report_news, "deliver", send, erase)
    with mail_app.app_context():
        job = db.session.get(Job, job_id)
        assert (job.parameters["sent"], job.parameters["refused_for_good"]) == (1, 1)
        assert job.parameters[REFUSED_ADDRESSES] == []
        assert refused_addresses(db.session.get(Forum, forum_id)) == set()


def test_the_app_log_of_news_the_mail_server_refused_names_the_records_by_id_never_the_address(mail_app, caplog):
    """The log outlives any erasure: its line for each refused message names whose record (kind and id) and the
    forum, and the mail server's answer without the address it quoted."""
    forum_id, code = organizer_of_a_forum(mail_app)
    _asking(mail_app, code)
    with caplog.at_level(logging.WARNING, logger="forum.mail"):
        _all_refused(mail_app, forum_id)
    lines = sorted(record.getMessage() for record in caplog.records if record.name == "forum.mail")
    assert len(lines) == 2
    assert lines[0].startswith("mail not sent (news to participant #") and f", forum #{forum_id})" in lines[0]
    assert lines[1].startswith("mail not sent (news to sign-up #") and "<address>" in lines[1]
    assert "No such mailbox" in lines[1]
    assert not [line for line in lines if "example.org" in line]
