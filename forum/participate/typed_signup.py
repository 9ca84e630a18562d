"""What this device last typed in the steering sign-up form, kept on the device (a signed cookie per
forum), and the sign-up its own pages show.

An address already on the committee saves nothing (forum.services.participation), yet the device's pages
must read as after any sign-up, or they would tell whose address is on the committee. So every accepted
sign-up, saved or not, leaves the same cookie, and the pages show what it holds. It is never listed to
the organizers, counted, given a link or carried over: the database never sees it. Without the cookie
(cleared, a private tab closed, another browser with the device cookie) the pages show neither the cookie's
nor the saved sign-up's details, only that a sign-up was received from this device
(``participants.signup_sent_at``, marked for any accepted sign-up, saved or not, until it is withdrawn)."""
from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import timezone

from flask import request, url_for

from forum.models import Forum, SteeringSignup
from forum.participate.device import MAX_AGE, device_token
from forum.services.participation import signup_of
from forum.services.signed_links import read_signed_values, signed_values

PURPOSE = "typed-signup"


@dataclass(frozen=True)
class TypedSignup:
    """A sign-up as the device typed it: what the steering form, the home and the evaluation read."""

    name: str
    organization: str | None
    email: str
    group_id: int | None
    consents_to_owner_role: bool
    wants_news: bool
    typed_at: float  # seconds since the epoch
    wants_progress: bool = False  # not in the copies kept before the sign-up offered the progress updates
    withdrawn_at = None
    committee_link_active = False
    details_shown = True  # what the device typed, shown back to it

    @property
    def news_consent_at(self):
        return self.typed_at if self.wants_news else None

    @property
    def progress_consent_at(self):
        return self.typed_at if self.wants_progress else None


def _cookie(forum: Forum) -> str:
    return f"fw_signup_{forum.id}"


def _path(forum: Forum) -> str:
    """The forum's participant pages, the only ones that read its cookie: sent on every request, one per forum
    would fill the Cookie header past the server's limit. A forum's join code is never replaced."""
    return url_for("participate.home", code=forum.join_code)


def remember_typed(response, forum: Forum, *, name: str, organization: str | None, email: str,
                   group_id: int | None, consents_to_owner_role: bool, wants_news: bool, wants_progress: bool = False):
    """Keep on the device what it typed in an accepted sign-up (with the device's token and the forum's id,
    so another device or forum cannot read it as its own)."""
    token = signed_values(PURPOSE, device_token(), forum.id, name, organization or "", email, group_id or 0,
                          int(consents_to_owner_role), int(wants_news), time.time(), int(wants_progress))
    response.set_cookie(_cookie(forum), token, max_age=MAX_AGE, path=_path(forum), httponly=True, samesite="Lax",
                        secure=request.is_secure)
    return response


def forget_typed(response, forum: Forum):
    response.delete_cookie(_cookie(forum), path=_path(forum), httponly=True, samesite="Lax",
                           secure=request.is_secure)
    return response


def typed_signup(forum: Forum) -> TypedSignup | None:
    values = read_signed_values(PURPOSE, request.cookies.get(_cookie(forum), ""))
    # nine values in a copy kept before the sign-up offered the progress updates (none asked for then)
    if not values or len(values) not in (9, 10) or values[0] != device_token() or values[1] != forum.id:
        return None
    _device, _forum, name, organization, email, group_id, consents, wants_news, typed_at = values[:9]
    wants_progress = bool(values[9]) if len(values) == 10 else False
    return TypedSignup(name, organization or None, email, group_id or None, bool(consents), bool(wants_news),
                       typed_at, wants_progress)


@dataclass(frozen=True)
class ReceivedSignup:
    """A sign-up this device sent, shown without what it typed: the device's own copy is gone (cookies cleared,
    a private tab closed, another browser). Its saved record is not shown instead: there is none when the
    address was a member's, so showing it would tell whose address is on the committee."""

    name = organization = email = group_id = news_consent_at = progress_consent_at = withdrawn_at = None
    consents_to_owner_role = committee_link_active = details_shown = False


RECEIVED = ReceivedSignup()


def _withdrawn_since(saved: SteeringSignup | None, when: float) -> bool:
    """Whether the device's saved sign-up was withdrawn (by the device or the organizers) after ``when``."""
    return saved is not None and saved.withdrawn_at is not None \
        and saved.withdrawn_at.replace(tzinfo=timezone.utc).timestamp() >= when


def shown_signup(forum: Forum, participant) -> TypedSignup | ReceivedSignup | None:
    """The device's sign-up as its pages show it, the same for an address saved and a member's address (which
    saves nothing): what it last typed, kept on the device; else, without it, that one was sent from this
    device (``RECEIVED``); none once withdrawn, by the device or since by the organizers.

    A sign-up saved before ``participants.signup_sent_at`` was marked (one the migration's backfill could not
    tie to its participant, or saved by an instance still running the code before it) stands unwithdrawn
    without the mark: it was sent from this device too, so its pages read ``RECEIVED``, as the erase page
    already decides (``participation.device_traces``), not "Join the steering committee"."""
    saved = signup_of(forum.id, device_token())
    typed = typed_signup(forum)
    if typed is not None:
        return None if _withdrawn_since(saved, typed.typed_at) else typed
    sent_at = participant.signup_sent_at
    if sent_at is None:
        standing = saved is not None and saved.withdrawn_at is None and saved.removed_at is None
        return RECEIVED if standing else None
    if _withdrawn_since(saved, sent_at.replace(tzinfo=timezone.utc).timestamp()):
        return None
    return RECEIVED
