"""Helpers for the analysis tests: the demo forum, small forums, and reading a stored run back."""
from __future__ import annotations

from sqlalchemy import select

from forum.extensions import db
from forum.models import Forum, IdeaCard, IdeaTheme, StakeholderGroup, Theme

SMALL_FORUM_CARDS = (
    ("Mentoring programs pair newcomers with experienced professionals", "employers"),
    ("Mentoring by senior staff helps internationally trained professionals", None),
    ("Paid internships give Canadian experience", "service_providers"),
    ("Internships with employers build Canadian experience", None),
    ("Bridging programs at colleges for nurses", "colleges"),
    ("Bridging programs shorten licensing for engineers", None),
    ("Credential recognition takes too long", "itps"),
    ("Recognition of foreign credentials is slow and costly", None),
)

# A small forum whose suggestions are sure or not for plain reasons, for the tests of accepting
# suggestions by band: two cards raised under each of two headings whose first card the facilitators
# tagged (employers, colleges) lean on it, so they are suggested with high confidence; the last card
# names no one to act, so its suggestion is low.
CLEAR_SUGGESTION_CARDS = (
    ("Employers: hire internationally trained engineers", "employers"),
    ("Employers: offer newcomers paid work placements", None),
    ("Employers: mentor new staff trained abroad", None),
    ("Colleges: run bridging programs for nurses", "colleges"),
    ("Colleges: offer licensing exam preparation classes", None),
    ("Colleges: open evening courses for working newcomers", None),
    ("Credential recognition takes too long", "itps"),
    ("Everyone should work together on this", None),
)


def load_demo_forum(app) -> int:
    """The demo forum (all 197 sample cards and 26 evaluation responses); returns its id."""
    from forum.services.demo import load_demo

    with app.app_context():
        forum, _ = load_demo()
        return forum.id


def add_cards(forum_id: int, cards) -> list[int]:
    """Add cards ``(text, group key or None)`` to a forum (inside an app context); returns their ids."""
    forum = db.session.get(Forum, forum_id)
    groups = {group.key: group for group in forum.groups}
    rows = [IdeaCard(forum_id=forum_id, text=text, round_id=forum.rounds[0].id,
                     group_id=groups[key].id if key else None, source="organizer") for text, key in cards]
    db.session.add_all(rows)
    db.session.commit()
    return [row.id for row in rows]


def snapshot(run) -> dict[str, tuple[str, tuple[int, ...]]]:
    """theme key → (label, sorted card ids) of a stored run."""
    members: dict[str, list[int]] = {}
    for idea_id, key in db.session.execute(select(IdeaTheme.idea_id, Theme.key).join(Theme)
                                           .where(IdeaTheme.run_id == run.id)):
        members.setdefault(key, []).append(idea_id)
    return {theme.key: (str(theme.label), tuple(sorted(members.get(theme.key, ())))) for theme in
            db.session.scalars(select(Theme).where(Theme.run_id == run.id))}


def theme_of(run, idea_id: int) -> Theme:
    return db.session.scalar(select(Theme).join(IdeaTheme).where(IdeaTheme.run_id == run.id,
                                                                 IdeaTheme.idea_id == idea_id))


def group(forum_id: int, key: str) -> StakeholderGroup:
    return db.session.scalar(select(StakeholderGroup).where(StakeholderGroup.forum_id == forum_id,
                                                            StakeholderGroup.key == key))
