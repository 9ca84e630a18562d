"""What a phone is told after asking for the forum's news at an address its owner has not confirmed yet: that a
message goes to it to confirm it (forum.services.news_confirm), the address masked as the unsubscribe pages mask it.
The message is sent by a background job: the save does not wait for the mail server, and is told that the message is
being sent until the job sent it (``news_confirm.message_state`` says what became of it on the pages read later)."""
from __future__ import annotations

from flask import current_app

from forum import ratelimit
from forum.lazy_text import lazy_gettext as _l
from forum.operations.jobs import submit
from forum.participate.device import device_or_address, device_token
from forum.public.unsubscribe import masked
from forum.services import news_confirm
from forum.services.participation import signup_of


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
    return _told(outcome, masked(email)) if email else ""


def _told(outcome: str, email: str):
    """What the phone is told of the message asking to confirm ``email`` (masked), by what became of it."""
    if outcome == news_confirm.QUEUED:  # its job has not sent it yet (a worker takes it up): it may still fail
        return _l("We are sending a message to %(email)s: open it once it arrives to confirm your address. No news is "
                  "e-mailed to it until you do.", email=email)
    if outcome in (news_confirm.SENT, news_confirm.ALREADY_SENT):
        return _l("We sent a message to %(email)s: open it to confirm your address. No news is e-mailed to it until "
                  "you do.", email=email)
    if outcome in (news_confirm.HELD_BACK, news_confirm.FAILED):
        return _l("Your address %(email)s is not confirmed yet, and the message to confirm it could not be sent just "
                  "now: save this page again later. No news is e-mailed to it until it is confirmed.", email=email)
    return ""


def signup_mail_state(forum_id: int, shown) -> str:
    """What became of the mail to the address of the device's steering sign-up, for its later pages (the steering
    page, the home page's task): the mail server refused the address for good (as the committee's mail found it,
    ``SteeringSignup.mail_refused``), or the message asking to confirm it for the news went, is on its way or could
    not be sent (``news_confirm.message_state``); "" when there is nothing to say, and for a sign-up whose details
    this browser does not show (``typed_signup.shown_signup``) or that saved nothing (a member's address)."""
    if shown is None or not shown.details_shown:
        return ""
    signup = signup_of(forum_id, device_token())
    email = news_confirm.address_of("s", signup.id) if signup is not None and signup.withdrawn_at is None else ""
    if not email or email != (shown.email or "").strip().lower():
        return ""
    if signup.mail_refused:
        return _l("The mail server refused %(email)s: no message can reach it. Check the address and send this form "
                  "again.", email=masked(email))
    if not news_confirm.waiting_for_confirmation(signup):
        return ""
    return _told(news_confirm.message_state(signup), masked(email))
