"""Background jobs (analysis runs, report builds): their state, progress, result and what they cost."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import JSON, DateTime, Float, ForeignKey, Integer, LargeBinary, Text
from sqlalchemy.orm import Mapped, mapped_column

from forum.extensions import db
from forum.models.base import NEVER_REUSED_IDS, Timestamps, utcnow
from forum.models.one_line import OneLine

# A started job whose supervisor has not written for this long has lost its process.
HEARTBEAT_EVERY = timedelta(seconds=5)
LOST_AFTER = timedelta(seconds=60)
# A job queued this long ago is asked whether it is still in its lane (behind a long job) or was dropped from it (its
# queue emptied, its web process restarted): dropped, it ends failed and stops blocking the next one
# (forum.services.jobs.fail_lost_jobs).
UNCLAIMED_AFTER = timedelta(minutes=10)


class Job(Timestamps, db.Model):
    __tablename__ = "jobs"
    __table_args__ = NEVER_REUSED_IDS

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # None for an account's mail (``user_id``), which belongs to no forum
    forum_id: Mapped[int | None] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), index=True)
    # the account an "account-mail" job mails (forum.auth.account_mail), deleted with it
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # "analysis", "report", "news", "progress" (by mail), "news-confirm" and "news-late" (one person's mail),
    # "account-mail" (an account's)
    kind: Mapped[str] = mapped_column(OneLine(20), nullable=False)
    status: Mapped[str] = mapped_column(OneLine(10), default="queued", nullable=False)  # queued, running, done, failed
    stage: Mapped[str | None] = mapped_column(OneLine(40))
    progress: Mapped[int] = mapped_column(Integer, default=0, nullable=False)  # percent
    parameters: Mapped[dict | None] = mapped_column(JSON)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("analysis_runs.id", ondelete="SET NULL"))
    failure: Mapped[str | None] = mapped_column(OneLine(20))  # memory, time, crashed, lost, expired, unqueued, error
    result: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)  # a built report file
    result_name: Mapped[str | None] = mapped_column(OneLine(200))
    result_type: Mapped[str | None] = mapped_column(OneLine(100))
    error: Mapped[str | None] = mapped_column(Text)
    peak_memory_mb: Mapped[float | None] = mapped_column(Float)
    seconds: Mapped[float | None] = mapped_column(Float)
    started_at: Mapped[datetime | None] = mapped_column(DateTime)
    heartbeat_at: Mapped[datetime | None] = mapped_column(DateTime)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)

    @property
    def lost(self) -> bool:
        """Its process stopped without saying so (a killed worker, a restarted server). A queued job is never judged
        by its age alone: it may wait behind a long one in its lane (forum.services.jobs.fail_lost_jobs)."""
        return (self.status == "running"
                and utcnow() - (self.heartbeat_at or self.started_at or self.created_at) > LOST_AFTER)

    @property
    def active(self) -> bool:
        return self.status in ("queued", "running") and not self.lost
