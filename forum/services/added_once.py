"""What an add form already added: the form carries a client id (``AddedOnce``), so the same form sent
twice (a double tap, a resend after a lost answer) finds the row its first sending made."""
from __future__ import annotations

from sqlalchemy import select

from forum.extensions import db


def added_by_form(model, client_id: str | None, **scope):
    """The ``model`` row within ``scope`` (its forum, organization or series columns) that the form
    named ``client_id`` added, or None (a form without a client id is never matched)."""
    if not client_id:
        return None
    return db.session.scalar(select(model).filter_by(client_id=client_id, **scope))
