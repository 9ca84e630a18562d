"""The addresses the mail server refused for good, kept to try them no more (in the report news job's figures and on a
committee member's record), go with the person: a participant erasing their data, a member taken off the committee,
the forum deleted. Sent through the real loopback SMTP server (tests/smtp_server.py)."""
from __future__ import annotations

from sqlalchemy import func, select

from forum.extensions import db
from forum.models import Forum, Job, SteeringSignup, User, utcnow
from forum.services.forum_deletion import delete_forum
from forum.services.report_news import REFUSED_ADDRESSES, refused_addresses
from tests.forum.participate.conftest import Phone
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
