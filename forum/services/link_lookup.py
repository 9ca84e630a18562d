"""What the unguessable links share (a table's capture link, the wall's view-only link): the lookup by
token and its two refusals, whose reasons the unknown-link rate limits go by."""
from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from forum.services.errors import ServiceError

TOKEN_MAX_LENGTH = 64  # new_token()'s are shorter: a longer one is not looked up

Found = TypeVar("Found")


def open_link(token: str, find: Callable[[str], Found | None], is_off: Callable[[Found], bool],
              unknown: str, switched_off: str) -> Found:
    """What ``find(token)`` found: 404 ``unknown`` when nothing (reason "link_unknown"), 403
    ``switched_off`` when ``is_off(found)`` (reason "link_revoked")."""
    found = find(token) if len(token) <= TOKEN_MAX_LENGTH else None
    if found is None:
        raise ServiceError(404, unknown, "link_unknown")
    if is_off(found):
        raise ServiceError(403, switched_off, "link_revoked")
    return found
