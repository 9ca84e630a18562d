"""A keyed digest of an e-mail address, for what must recognise an address without keeping it: the record of a
steering committee member who left keeps this instead of their address, so that an import of sign-ups does not
sign them up again (``participation.forget_address_of_leaver``, ``registrations.plan_signup_import``).

HMAC-SHA256 of the forum's id and the normalized address, with a key derived from SECRET_KEY for this purpose alone
(as ``backups.key_fingerprint`` derives its own): without the key, the digest cannot be checked against a list of
guessed addresses, and the same address gives unrelated digests in two forums. A new SECRET_KEY makes the digests
kept so far unrecognisable (an import may then sign those people up again), as it switches off every link."""
from __future__ import annotations

import hashlib
import hmac

from flask import current_app

from forum.input_filters import normal_email

PURPOSE = b"forum-workbench: the addresses of steering committee members who left"


def _key() -> bytes:
    secret = current_app.config["SECRET_KEY"]
    return hmac.new(secret.encode() if isinstance(secret, str) else secret, PURPOSE, hashlib.sha256).digest()


def address_digest(forum_id: int, address: str) -> str:
    """The digest of ``address`` (trimmed and lower-cased first) in forum ``forum_id``: 64 hexadecimal digits."""
    message = f"{forum_id}\n{normal_email(address)}".encode("utf-8")
    return hmac.new(_key(), message, hashlib.sha256).hexdigest()
