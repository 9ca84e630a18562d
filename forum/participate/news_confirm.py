"""What a phone is told after asking for the forum's news at an address its owner has not confirmed yet: that a
message goes to it to confirm it (forum.services.news_confirm), the address masked as the unsubscribe pages mask it.
The message is sent by a background job: the save does not wait for the mail server, and is told that the message is
being sent until the job sent it (``news_confirm.message_state`` says what became of it on the pages read later)."""
from __future__ import annotations

from flask import current_app

from forum import ratelimit
from forum.lazy_text import lazy_gettext as _l
from forum.operations.jobs import submit
from forum.participate.device import device_or_address
from forum.public.unsubscribe import masked
from forum.services import news_confirm


def confirmation_asked(kind: str, record_id: int):
    """Ask the owner of the address the saved record (``kind`` "p" a participant, "s" a sign-up) gives for news to
    confirm it, within the phone's and the network's shares of the bounds (counted in this request, so a phone past
    them is told at once; only the message is queued, as a background job);
    what the phone is told of it ("" when there is nothing to tell: no news asked for, the address confirmed already,
    mail off)."""
    outcome, job = news_confirm.queue_confirmation(kind, record_id, device_or_address(), ratelimit.remote_network())
    if job is not None:
        submit(current_app._get_current_object(), job.id)
        outcome = news_confirm.job_outcome(job.id) or outcome  # the job ran already (no worker threads: tests)
    email = news_confirm.address_of(kind, record_id)
    if not email:
        return ""
    if outcome == news_confirm.QUEUED:  # its job has not sent it yet (a worker takes it up): it may still fail
        return _l("We are sending a message to %(email)s: open it once it arrives to confirm your address. No news is "
                  "e-mailed to it until you do.", email=masked(email))
    if outcome in (news_confirm.SENT, news_confirm.ALREADY_SENT):
        return _l("We sent a message to %(email)s: open it to confirm your address. No news is e-mailed to it until "
                  "you do.", email=masked(email))
    if outcome in (news_confirm.HELD_BACK, news_confirm.FAILED):
        return _l("Your address %(email)s is not confirmed yet, and the message to confirm it could not be sent just "
                  "now: save this page again later. No news is e-mailed to it until it is confirmed.",
                  email=masked(email))
    return ""
