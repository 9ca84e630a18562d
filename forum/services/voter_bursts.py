"""Bursts of new voters: many of a ballot's voters joining the forum within a few seconds of each
other, as when one person votes from many cookie-less browsers (or a whole room scans the QR code
at once). Shown to the organizer, who knows which it was."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from forum.extensions import db
from forum.models import Ballot, Participant, Vote


@dataclass(frozen=True)
class Burst:
    start: datetime
    end: datetime
    voters: int


def voter_bursts(ballot: Ballot, size: int, seconds: int) -> list[Burst]:
    """Groups of at least ``size`` voters who joined within ``seconds`` of the group's first."""
    joined = list(db.session.scalars(
        select(Participant.created_at).where(
            Participant.forum_id == ballot.forum_id,
            Participant.device_token.in_(select(Vote.device_token).where(Vote.ballot_id == ballot.id)),
        ).order_by(Participant.created_at)))
    window, bursts, first = timedelta(seconds=seconds), [], 0
    while first < len(joined):
        last = first
        while last + 1 < len(joined) and joined[last + 1] - joined[first] <= window:
            last += 1
        if last - first + 1 >= size:
            bursts.append(Burst(joined[first], joined[last], last - first + 1))
            first = last + 1
        else:
            first += 1
    return bursts
