"""Shared column helpers for the models."""
from __future__ import annotations

import re
import secrets
import uuid
from datetime import datetime, timezone

from sqlalchemy import DateTime
from sqlalchemy.orm import Mapped, mapped_column


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


# What a device may send as the client id of something it adds (a card, a form): ``new_uuid``'s shape and the
# capture queue's; a whole value only (``fullmatch``).
CLIENT_ID_PATTERN = re.compile(r"[A-Za-z0-9_-]{8,64}")


def new_uuid() -> str:
    return str(uuid.uuid4())


def new_token(nbytes: int = 24) -> str:
    """An unguessable URL-safe token (capture links, review links, shared reports)."""
    return secrets.token_urlsafe(nbytes)


# A table whose ids outlive its rows (signed into a link, held by a running job): SQLite would give the
# id of a deleted row, when it was the highest, to the next row, so an old link would open a new row.
# AUTOINCREMENT never reuses one; PostgreSQL's sequences never do.
NEVER_REUSED_IDS = {"sqlite_autoincrement": True}

# No 0/O, 1/I/L: short codes are read aloud and typed on phones.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_short_code(length: int) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


class Timestamps:
    """created_at / updated_at, stored as naive UTC."""

    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow, nullable=False)
