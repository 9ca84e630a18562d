"""A link made for a row of a deleted forum never opens a row created later, nor does a job still running for
it find a new forum's job: the signed links name an id, a job's supervisor and child hold one, and SQLite
would give a deleted row's id (the highest) to the next row of its table."""
from __future__ import annotations

import datetime

from forum.extensions import db
from forum.models import AnalysisRun, Forum, Invitation, Job, Participant, SteeringSignup
from forum.services.committee import committee_token
from forum.services.forum_deletion import delete_forum
from forum.services.jobs import record_progress
from forum.services.mailing import Recipient, unsubscribe_token
from forum.services.members import invitation_token
from forum.services.progress import progress_token


def forum_with_links(app, make_forum, owner_id: int) -> tuple[int, list[str]]:
    """A forum with a committee member, a participant, an invitation and a shared progress page, each
    the newest row of its table and on its first link version; returns its id and their links."""
    forum_id = make_forum(owner_id)
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        forum.progress_shared, forum.progress_link_version = True, 1
        member = SteeringSignup(forum_id=forum_id, client_id="member", name="Amina", email="amina@example.org",
                                consents_to_owner_role=True, committee_link_version=1)
        participant = Participant(forum_id=forum_id, device_token="phone-1", name="Ana", email="ana@example.org")
        invitation = Invitation(forum_id=forum_id, email="guest@example.org", role="viewer",
                                expires_at=datetime.datetime(2099, 1, 1))
        db.session.add_all([member, participant, invitation])
        db.session.commit()
        return forum_id, [f"/c/{committee_token(member)}", f"/progress/{progress_token(forum)}",
                          f"/unsubscribe/{unsubscribe_token(Recipient.of(member, forum), 'digest')}",
                          f"/unsubscribe/{unsubscribe_token(Recipient.of(participant, forum), 'news')}",
                          f"/invitations/{invitation_token(invitation)}"]


def test_the_links_of_a_deleted_forum_do_not_open_the_rows_of_a_forum_created_after_it(app, client, make_organizer,
                                                                                        make_forum):
    owner_id = make_organizer()
    deleted_id, deleted_links = forum_with_links(app, make_forum, owner_id)
    with app.app_context():
        delete_forum(db.session.get(Forum, deleted_id))
    _new_id, new_links = forum_with_links(app, make_forum, owner_id)
    assert [client.get(link).status_code for link in new_links] == [200] * 5
    assert [client.get(link).status_code for link in deleted_links] == [404] * 5


def running_analysis(forum_id: int) -> tuple[int, int]:
    """A running analysis job of the forum, and its run: (job id, run id)."""
    run = AnalysisRun(forum_id=forum_id, status="running", idea_count=2, parameters={"random_state": 0})
    db.session.add(run)
    db.session.flush()
    job = Job(forum_id=forum_id, kind="analysis", status="running", run_id=run.id, parameters={"random_state": 0})
    db.session.add(job)
    db.session.commit()
    return job.id, run.id


def test_a_job_of_a_deleted_forum_does_not_find_the_job_and_run_of_a_forum_created_after_it(app, make_organizer,
                                                                                            make_forum):
    owner_id = make_organizer()
    deleted_id = make_forum(owner_id)
    with app.app_context():
        old_job, old_run = running_analysis(deleted_id)
        delete_forum(db.session.get(Forum, deleted_id))
        new_job, _new_run = running_analysis(make_forum(owner_id))
        assert not record_progress(old_job, "themes", 60)  # its supervisor stops the child
        assert db.session.get(Job, new_job).stage is None
        assert db.session.get(AnalysisRun, old_run) is None  # the child's writes of its run find nothing
