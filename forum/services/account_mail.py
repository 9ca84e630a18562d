"""An account's mail (the sign-up page's message, the link to confirm its address asked again or after accepting a
copied invitation link) as a job of the mail lane: its row (kind ``JOB_KIND``, the account's, no forum's) is queued
here and says what became of the message once sent (``outcome``), as the jobs mailing one person of a forum do. The
account's pages read the latest link to confirm its address from it (``confirmation_state``); an operator counts its
failures with the other mail jobs'. The messages themselves are written and sent by ``forum.auth.signup_mail``."""
from __future__ import annotations

from sqlalchemy import select

from forum.database import writing
from forum.extensions import db
from forum.models import Job, User
from forum.services.jobs import prune_person_jobs
from forum.services.news_confirm import QUEUED
from forum.services.review_mail import FAILED, SENT

JOB_KIND = "account-mail"
# What a job mails (its "mail" parameter): the link to confirm the account's address; or, to an address that has an
# account already, the notice or the takeover link, which of them decided when it is sent
CONFIRM, EXISTS = "confirm", "exists"
# ...and what became of it, besides SENT and FAILED (the mail server out of reach or busy: sending it again may do):
# the mail server refused the address for good (``forum.mail.refused_for_good``)
REFUSED = "refused"
__all__ = ["CONFIRM", "EXISTS", "FAILED", "QUEUED", "REFUSED", "SENT"]


def queue(user: User, mail: str, language: str, given_back: tuple = ()) -> Job:
    """The job sending ``mail`` to ``user``'s address as it is now, in ``language`` (the page's) where the message
    is in it; ``given_back``: the bound (``(setting, *key)`` as ``forum.ratelimit.give_back`` takes it) the request
    counted it against, given back when it is not sent."""
    with writing():
        prune_person_jobs(None)  # the accounts' finished mail jobs past their keeping
        job = Job(user_id=user.id, kind=JOB_KIND, status="queued", stage="queued",
                  parameters={"mail": mail, "language": language, "email": user.email,
                              "given_back": list(given_back)})
        db.session.add(job)
    return job


def confirmation_state(user: User) -> str:
    """What became of the latest link to confirm ``user``'s address as it is now: QUEUED while its job waits or
    runs, SENT, FAILED (not sent: the mail server out of reach or busy, its job lost), REFUSED (the address refused
    for good); "" when none was asked for at this address (or it was pruned, a week after)."""
    job = db.session.scalar(select(Job).where(Job.user_id == user.id, Job.kind == JOB_KIND,
                                              Job.parameters["mail"].as_string() == CONFIRM)
                            .order_by(Job.id.desc()).limit(1))
    if job is None or (job.parameters or {}).get("email") != user.email:
        return ""
    if job.active:
        return QUEUED
    return job.parameters.get("outcome") or (FAILED if job.status == "failed" else "")
