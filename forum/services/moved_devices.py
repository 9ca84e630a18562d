"""Which phones' answers to a forum continue on another phone (``services.device_moves``), read apart from the moves
themselves: a phone's answer, dots or sign-up refused because the phone is gone from the forum says why in words of
its own, the answers erased or moved (``services.participation.gone_meanwhile``)."""
from __future__ import annotations

import hashlib

from sqlalchemy import exists, select

from forum.extensions import db
from forum.models import DeviceMove


def digest(*parts: object) -> str:
    return hashlib.sha256("\n".join(str(part) for part in parts).encode("utf-8")).hexdigest()


def device_digest(device_token: str) -> str:
    return digest("device", device_token)


def moved_away(forum_id: int, device_token: str | None) -> bool:
    """Whether what this device sent to the forum continues on another phone (and it has not joined again since)."""
    return bool(device_token) and bool(db.session.scalar(select(exists().where(
        DeviceMove.forum_id == forum_id, DeviceMove.from_device_digest == device_digest(device_token),
        DeviceMove.used_at.is_not(None)))))
