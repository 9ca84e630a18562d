"""Links without a stored secret: the token is the id and version of what it opens, signed with
SECRET_KEY (itsdangerous). Raising the stored version switches every older token off. A table whose
ids are signed here declares NEVER_REUSED_IDS (forum.models.base): a deleted row's id given to a new
row, on its first version too, would let the old token open the new row."""
from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeSerializer, URLSafeTimedSerializer

EXPIRED = "expired"  # what read_timed_values returns for a token this app made that is too old


def _serializer(purpose: str) -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=purpose)


def link_token(purpose: str, row_id: int, version: int) -> str:
    return _serializer(purpose).dumps([row_id, version])


def read_link_token(purpose: str, token: str) -> tuple[int, int] | None:
    """The (id, version) a token was signed with, or None for a token this app never made."""
    try:
        row_id, version = _serializer(purpose).loads(token)
    except (BadSignature, ValueError, TypeError):
        return None
    if not (isinstance(row_id, int) and isinstance(version, int)):
        return None
    return row_id, version


def signed_values(purpose: str, *values: str | int) -> str:
    """A token holding ``values`` (readable by anyone, changeable by nobody without SECRET_KEY)."""
    return _serializer(purpose).dumps(list(values))


def read_signed_values(purpose: str, token: str) -> list | None:
    """The values a token of ``signed_values`` holds, or None for a token this app never made."""
    try:
        values = _serializer(purpose).loads(token)
    except (BadSignature, ValueError, TypeError):
        return None
    return values if isinstance(values, list) else None


def timed_values(purpose: str, *values: str | int) -> str:
    """A token holding ``values`` and when it was made, that read_timed_values refuses once too old."""
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=purpose).dumps(list(values))


def read_timed_values(purpose: str, token: str, max_age_seconds: int | None) -> list | str | None:
    """The values of a token of ``timed_values``; ``EXPIRED`` for one made more than ``max_age_seconds`` ago
    (signed by this app: not a tampered one), None for a token this app never made."""
    values = read_signed(purpose, token, max_age_seconds)
    return values if values == EXPIRED or isinstance(values, list) else None


def read_signed(purpose: str, token: str, max_age_seconds: int | None):
    """What a timed token signed by this app for ``purpose`` holds, whatever its shape; ``EXPIRED``, or None."""
    serializer = URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=purpose)
    try:
        return serializer.loads(token, max_age=max_age_seconds)
    except SignatureExpired:
        return EXPIRED
    except (BadSignature, ValueError, TypeError):
        return None


def read_timed_values_of_any_age(purpose: str, token: str) -> list | None:
    """The values of a token of ``timed_values`` however old it is (signed by this app: not a tampered one), None
    for a token this app never made. For reading what an expired link was for (to say where to go on), never
    for acting on it: what a link does is allowed by read_timed_values only."""
    try:  # (no max_age: the signature is checked, the age is not)
        values = URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=purpose).loads(token)
    except (BadSignature, ValueError, TypeError):
        return None
    return values if isinstance(values, list) else None
