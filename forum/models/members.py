"""Who besides the owner works on a forum: organizations holding forums, members with a role,
and invitations sent by e-mail link. A series has members too: viewers of its comparison."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Integer, UniqueConstraint
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from forum.extensions import db
from forum.models.base import NEVER_REUSED_IDS, Timestamps, utcnow
from forum.models.one_line import OneLine

# Exactly one of forum_id, organization_id and series_id: a role on one forum, on every forum of an
# organization, or on a series' comparison (and not on its forums).
ONE_TARGET = ("(CASE WHEN forum_id IS NULL THEN 0 ELSE 1 END + CASE WHEN organization_id IS NULL THEN 0 ELSE 1 END"
              " + CASE WHEN series_id IS NULL THEN 0 ELSE 1 END) = 1")


class Organization(Timestamps, db.Model):
    """A partnership holding several forums: its members get their role on all of them."""

    __tablename__ = "organizations"
    __table_args__ = (UniqueConstraint("client_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(OneLine(200), nullable=False)
    client_id: Mapped[str | None] = mapped_column(OneLine(64))  # of the form that created it: sent twice, created once

    forums = relationship("Forum", back_populates="organization", order_by="Forum.created_at.desc()")
    memberships = relationship("Membership", back_populates="organization", cascade="all, delete-orphan")

    def rename(self, name: str) -> None:
        self.name = name


class PersonsRole:
    """A person's role on one forum, on every forum of an organization, or on a series' comparison (exactly one of
    them, ``ONE_TARGET``): a role they have (``Membership``) or one they were removed from (``RemovedRole``). One per
    person and target; gone with the person, or with what it was a role on. Its columns come first in the table
    (``sort_order``), before the table's own."""

    @declared_attr.directive
    def __table_args__(cls):
        return (UniqueConstraint("user_id", "forum_id"), UniqueConstraint("user_id", "organization_id"),
                UniqueConstraint("user_id", "series_id"), CheckConstraint(ONE_TARGET, name="one_target"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True, sort_order=-1)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True, nullable=False,
                                         sort_order=-1)
    forum_id: Mapped[int | None] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), index=True,
                                                 sort_order=-1)
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"),
                                                        index=True, sort_order=-1)
    series_id: Mapped[int | None] = mapped_column(ForeignKey("series.id", ondelete="CASCADE"), index=True,
                                                  sort_order=-1)


class Membership(PersonsRole, Timestamps, db.Model):
    """A user's role (organizer, analyst or viewer) on a forum or an organization, or viewer of a series."""

    __tablename__ = "memberships"

    role: Mapped[str] = mapped_column(OneLine(12), nullable=False)

    user = relationship("User")
    forum = relationship("Forum")
    organization = relationship("Organization", back_populates="memberships")
    series = relationship("Series")

    def change_role(self, role: str) -> None:
        self.role = role


class Invitation(Timestamps, db.Model):
    """An e-mailed invitation to take a role on a forum, an organization or a series; its link is signed
    (forum.services.members) and works until it expires, is revoked or is accepted."""

    __tablename__ = "invitations"
    __table_args__ = (CheckConstraint(ONE_TARGET, name="one_target"), UniqueConstraint("forum_id", "client_id"),
                      UniqueConstraint("organization_id", "client_id"), UniqueConstraint("series_id", "client_id"),
                      NEVER_REUSED_IDS)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    forum_id: Mapped[int | None] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), index=True)
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"),
                                                        index=True)
    series_id: Mapped[int | None] = mapped_column(ForeignKey("series.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(OneLine(254), nullable=False)
    role: Mapped[str] = mapped_column(OneLine(12), nullable=False)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    expires_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    accepted_at: Mapped[datetime | None] = mapped_column(DateTime)
    accepted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)
    client_id: Mapped[str | None] = mapped_column(OneLine(64))  # of the invite form: sent twice, invited once

    forum = relationship("Forum")
    organization = relationship("Organization")
    series = relationship("Series")
    invited_by = relationship("User", foreign_keys=[invited_by_id])

    @property
    def target(self):
        return self.forum or self.organization or self.series

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > utcnow()

    def revoke(self) -> None:
        self.revoked_at = utcnow()

    def accept(self, user_id: int) -> None:
        self.accepted_at, self.accepted_by_id = utcnow(), user_id


class RemovedRole(PersonsRole, db.Model):
    """A role someone was removed from (``forum.services.members.remove_member``): opening its forum, organization or
    series again (a form left open, a bookmark), they are told that their role was removed (403), not answered as
    someone who never had one (404)."""

    __tablename__ = "removed_roles"

    removed_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
