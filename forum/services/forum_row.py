"""The forum's row locked until the write ends, so that the organizers' writes that must take turns on one forum do
(two starts of a report build or an analysis, two tabs adding codes, a decision and the next edition carrying the
plan over, two saves of the settings; PostgreSQL; SQLite's writers take turns already).

FOR NO KEY UPDATE: these writes change no key of the row, so the phones' writes under way, whose foreign key holds
the forum's row FOR KEY SHARE (a first answer's response, a sign-up, a participant joining), are not waited for, nor
do they wait. Held FOR UPDATE, every one of these writes waited for the burst of first answers to pause
(benchmarks/README.md, "Organizer actions during a burst of first answers"). Two of these writes, and a write holding
the row FOR SHARE (``participation.erase_device``), still wait for each other."""
from __future__ import annotations

from sqlalchemy import select

from forum.extensions import db
from forum.models import Forum


def hold_forum_row(forum_id: int) -> None:
    """The forum's row locked until the write ends; nothing read."""
    db.session.scalar(select(Forum.id).where(Forum.id == forum_id).with_for_update(key_share=True))


def forum_locked(forum_id: int) -> Forum | None:
    """The forum, its row locked until the write ends and read again as it now stands."""
    return db.session.scalar(select(Forum).where(Forum.id == forum_id).with_for_update(key_share=True)
                             .execution_options(populate_existing=True))
