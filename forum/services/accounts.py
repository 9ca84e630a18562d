"""Organizer accounts."""
from __future__ import annotations

from forum.extensions import db
from forum.models import User


def create_organizer(email: str, name: str, password: str) -> User:
    """Create and commit an organizer account; ``email`` is already normalised."""
    user = User(email=email, name=name)
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    return user
