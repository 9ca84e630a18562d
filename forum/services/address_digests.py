"""Keyed digests of e-mail addresses, for what must recognise an address without keeping or showing it. One
normalization of the address (``normal_email``: trimmed and lower-cased) and one way of keying, for each use:

- ``address_digest``: the record of a steering committee member who left keeps this instead of their address, so
  that an import of sign-ups does not sign them up again (``participation.forget_address_of_leaver``,
  ``registrations.plan_signup_import``). HMAC-SHA256 of the forum's id and the address, with a key derived from
  SECRET_KEY for this purpose alone (as ``backups.key_fingerprint`` derives its own): the same address gives
  unrelated digests in two forums.
- ``unsubscribe_address_mark``: an unsubscribe link names the address it was mailed to without showing it (a token
  is readable by anyone; ``mailing.unsubscribe_token``). Keyed with SECRET_KEY itself and a prefix naming the
  purpose, as the links mailed so far were: a new derivation would switch every one of them off.

Without the key, neither can be checked against a list of guessed addresses. A new SECRET_KEY makes the digests
kept so far unrecognisable (an import may then sign those people up again), as it switches off every link."""
from __future__ import annotations

import hashlib
import hmac

from flask import current_app

from forum.input_filters import normal_email

PURPOSE = b"forum-workbench: the addresses of steering committee members who left"
# an unsubscribe link's mark: SECRET_KEY itself as the key, this prefix before the address (kept as issued)
UNSUBSCRIBE_PREFIX = b"unsubscribe-address:"


def _secret() -> bytes:
    secret = current_app.config["SECRET_KEY"]
    return secret.encode() if isinstance(secret, str) else secret


def _key(purpose: bytes | None) -> bytes:
    """The key for ``purpose``, derived from SECRET_KEY; None: SECRET_KEY itself (the unsubscribe marks')."""
    return _secret() if purpose is None else hmac.new(_secret(), purpose, hashlib.sha256).digest()


def keyed_digest(address: str, *, purpose: bytes | None, before: bytes = b"") -> str:
    """HMAC-SHA256 of ``before`` and the normalized ``address`` with the key of ``purpose``: 64 hexadecimal digits."""
    message = before + normal_email(address).encode("utf-8")
    return hmac.new(_key(purpose), message, hashlib.sha256).hexdigest()


def address_digest(forum_id: int, address: str) -> str:
    """The digest of a member who left's ``address`` (trimmed and lower-cased first) in forum ``forum_id``: 64
    hexadecimal digits."""
    return keyed_digest(address, purpose=PURPOSE, before=f"{forum_id}\n".encode("utf-8"))


def unsubscribe_address_mark(address: str) -> str:
    """The short mark (16 hexadecimal digits) of the address an unsubscribe link was mailed to."""
    return keyed_digest(address, purpose=None, before=UNSUBSCRIBE_PREFIX)[:16]
