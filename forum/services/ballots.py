"""Dot voting: the organizer's ballots (create, open, close, delete) and the dots a device places.

A device's dots are stored as its whole allocation: each submission replaces the previous one,
so a retried submission (same client id, same dots) changes nothing and is never counted twice.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from analysis.report.shares import whole_percents
from forum.extensions import db
from forum.database import retrying_once, writing
from forum.lazy_text import lazy_gettext as _l
from forum.models import Ballot, BallotItem, Forum, IdeaCard, Participant, Round, Theme, Translated, Vote
from forum.services.added_once import added_by_form
from forum.services.analysis_records import on_a_live_item
from forum.services.analysis_runs import latest_run
from forum.services.participation import DOTS_ERASED_MEANWHILE, DOTS_MOVED_MEANWHILE, FOREIGN_CLIENT_ID, gone_meanwhile
from forum.services import seen_values
from forum.services.errors import ServiceError
from forum.services.forum_end import opened_by_hand
from forum.services.closing_lock import VOTE_LOCK, hold_alone, hold_shared

LABEL_MAX = 300
MAX_ITEMS = 60


@dataclass(frozen=True)
class ItemChoice:
    """Something an organizer can put on a ballot."""

    label: Translated
    idea_id: int | None = None
    theme_id: int | None = None
    context: Translated = Translated()


def candidate_ideas(forum_id: int) -> list[IdeaCard]:
    """The forum's starred cards, by round in the forum's order (cards of no round last), then as they came."""
    return list(db.session.scalars(select(IdeaCard).outerjoin(Round, Round.id == IdeaCard.round_id).where(
        IdeaCard.forum_id == forum_id, IdeaCard.starred.is_(True), IdeaCard.deleted_at.is_(None),
    ).order_by(Round.id.is_(None), Round.position, Round.id, IdeaCard.id).options(selectinload(IdeaCard.round))))



def example_ideas(forum: Forum, themes: list[Theme]) -> dict[int, Translated]:
    """Theme id → its most representative card's text (in the forum's main language), a theme's
    context line on a vote until the organizer writes another."""
    first = {theme.id: theme.representative_ids[0] for theme in themes if theme.representative_ids}
    texts = dict(db.session.execute(select(IdeaCard.id, IdeaCard.text).where(
        IdeaCard.id.in_(set(first.values())), IdeaCard.deleted_at.is_(None))).all()) if first else {}
    return {theme_id: Translated.only(forum.main_language, texts[idea_id])
            for theme_id, idea_id in first.items() if idea_id in texts}


def candidate_themes(forum: Forum) -> list[Theme]:
    """The themes of the latest finished analysis run (by position), if there is one."""
    run = latest_run(forum)
    return list(run.themes) if run else []


def create_ballot(forum_id: int, *, title: Translated, dots: int, max_per_item: int, items: list[ItemChoice],
                  client_id: str | None = None) -> int:
    """The new ballot's id; the form sent again (the same ``client_id``) gives the one it created the first time."""

    def write() -> int:
        created = added_by_form(Ballot, client_id, forum_id=forum_id)
        if created:
            return created.id
        ballot = Ballot(forum_id=forum_id, title=title, dots_per_participant=dots, max_dots_per_item=max_per_item,
                        client_id=client_id)
        ballot.items = [BallotItem(label=item.label.truncated(LABEL_MAX), context=item.context.truncated(LABEL_MAX),
                                   idea_id=item.idea_id, theme_id=item.theme_id, position=i)
                        for i, item in enumerate(items)]
        db.session.add(ballot)
        db.session.flush()
        return ballot.id

    return retrying_once(write)


def texts_of(ballot: Ballot) -> dict:
    """The vote's texts as its texts form sets them: "title", and "label_<item id>", "context_<item id>"."""
    return {"title": ballot.title, **{f"{name}_{item.id}": getattr(item, name)
                                      for item in ballot.items for name in ("label", "context")}}


def texts_mark(ballot: Ballot) -> str:
    """What the vote's texts form keeps of the texts it showed (``seen_values.mark``)."""
    return seen_values.mark(texts_of(ballot))


def update_ballot_texts(ballot_id: int, *, title: Translated,
                        items: dict[int, tuple[Translated, Translated]], seen: str | None = None) -> list[str]:
    """The vote's title and each item's label and context line (item id -> (label, context)). ``seen``: the form's
    ``texts_mark`` (None: not checked); a text someone else changed since is kept as they left it when this form
    did not change it, and refused (``ChangedMeanwhile``) when it did, rather than silently undone. Returns the
    slots kept so ("label_12.fr")."""
    with writing():
        # the vote's row locked and read again as it now stands (PostgreSQL; SQLite's writers take turns)
        # FOR NO KEY UPDATE: the texts change no key, so the phones' dots (whose votes' foreign key holds the row
        # FOR KEY SHARE) are not waited for
        ballot = db.session.scalar(select(Ballot).where(Ballot.id == ballot_id).with_for_update(key_share=True)
                                   .execution_options(populate_existing=True))
        if ballot is None:
            raise ServiceError(404, BALLOT_GONE, "deleted")
        mine = {"title": title, **{f"{name}_{item_id}": text for item_id, (label, context) in items.items()
                                   for name, text in (("label", label), ("context", context))}}
        kept, marks = [], seen_values.read_mark(seen)
        if marks is not None:
            merged, kept, clashes = seen_values.merged(texts_of(ballot), mine, marks)
            if clashes:
                raise seen_values.ChangedMeanwhile(clashes)
            mine = {name: seen_values.value_of(merged, name, text) for name, text in mine.items()}
        ballot.title = mine["title"]
        for item in ballot.items:
            if item.id in items:
                item.label, item.context = mine[f"label_{item.id}"], mine[f"context_{item.id}"]
        return kept


BALLOT_GONE = _l("This vote is no longer in the forum: someone may have deleted it while you had the page open.")


def vote_for_dots(ballot_id: int) -> Ballot | None:
    """The vote as it now stands, for a phone's dots, held shared until they are written (``closing_lock``)."""
    hold_shared(VOTE_LOCK, ballot_id)
    return db.session.scalar(select(Ballot).where(Ballot.id == ballot_id).execution_options(populate_existing=True))


def open_ballot(ballot_id: int) -> None:
    with writing():
        hold_alone(VOTE_LOCK, ballot_id)  # the dots under way (refused) go first, those sent after find it open
        ballot = db.session.get(Ballot, ballot_id)
        ballot.open()
        opened_by_hand(ballot.forum_id, "ballot", ballot_id=ballot.id)  # "Reopen what this closed" leaves it now


def close_ballot(ballot_id: int) -> None:
    with writing():
        hold_alone(VOTE_LOCK, ballot_id)
        db.session.get(Ballot, ballot_id).close()


def delete_ballot(ballot_id: int) -> None:
    with writing():
        hold_alone(VOTE_LOCK, ballot_id)
        db.session.delete(db.session.get(Ballot, ballot_id))


def allocation_of(ballot_id: int, device_token: str | None) -> dict[int, int]:
    if not device_token:
        return {}
    rows = db.session.execute(select(Vote.item_id, Vote.dots).where(
        Vote.ballot_id == ballot_id, Vote.device_token == device_token))
    return dict(rows.all())


VOTE_CLOSED = _l("This vote closed before these dots arrived, so they were not counted.")


def cast_dots(ballot_id: int, device_token: str, client_id: str, allocation: dict[int, int]) -> None:
    """Replace this device's dots on the ballot with ``allocation`` (item id -> dots).

    The caller has checked each item belongs to the ballot and the limits; they are checked
    again here inside the write transaction so that nothing over the limits is ever stored.
    """

    def write():
        # The vote read as it now stands and held shared until the dots are written: a close waits for the dots under
        # way, and dots sent after it see the vote closed (on PostgreSQL a close went through meanwhile, and the dots
        # were written into the closed vote, changing its final results)
        ballot = vote_for_dots(ballot_id)
        if ballot is None:  # deleted since the phone's page was opened
            raise ServiceError(404, BALLOT_GONE, "deleted")
        if ballot.status != "open":
            raise ServiceError(409, VOTE_CLOSED)
        # Only for a device still in the forum, whose row stays locked until the dots are written: an erase
        # (erase_device) went first, or waits. FOR NO KEY UPDATE, not the KEY SHARE of the device's other answers
        # (participation.OPEN_WITH_QUESTIONS_FOR_DEVICE): the device's dots are several rows checked together
        # against its limit, so two submissions of the device at once take turns (on PostgreSQL each read "no dots
        # yet" and added its own: a phone with 3 dots kept 6); its other answers need not wait for its dots.
        if db.session.scalar(select(Participant.id).where(
                Participant.forum_id == ballot.forum_id, Participant.device_token == device_token)
                .with_for_update(key_share=True)) is None:
            raise gone_meanwhile(ballot.forum_id, device_token, DOTS_ERASED_MEANWHILE, DOTS_MOVED_MEANWHILE)
        item_ids = {item.id for item in ballot.items}
        wanted = {item_id: dots for item_id, dots in allocation.items() if dots}
        if (set(wanted) - item_ids or sum(wanted.values()) > ballot.dots_per_participant
                or any(not 0 < dots <= ballot.max_dots_per_item for dots in wanted.values())):
            raise ServiceError(422, _l("These dots do not fit the vote's limits."))
        foreign = db.session.scalar(select(Vote.id).where(
            Vote.client_id == client_id, Vote.device_token != device_token))
        if foreign is not None:
            raise ServiceError(409, FOREIGN_CLIENT_ID)
        votes = {vote.item_id: vote for vote in db.session.scalars(select(Vote).where(
            Vote.ballot_id == ballot_id, Vote.device_token == device_token))}
        for item_id, vote in votes.items():
            if item_id not in wanted:
                db.session.delete(vote)
        for item_id, dots in wanted.items():
            vote = votes.get(item_id) or Vote(ballot_id=ballot_id, item_id=item_id, device_token=device_token)
            vote.dots, vote.client_id = dots, client_id
            db.session.add(vote)

    retrying_once(write)


def voter_counts(forum_id: int) -> dict[int, int]:
    """Ballot id → how many devices placed dots on it, for every ballot of the forum in one query
    (``results`` counts them for one ballot)."""
    return dict(db.session.execute(
        select(Vote.ballot_id, func.count(func.distinct(Vote.device_token)))
        .join(Ballot, Ballot.id == Vote.ballot_id).join(BallotItem, BallotItem.id == Vote.item_id)
        .where(Ballot.forum_id == forum_id, on_a_live_item()).group_by(Vote.ballot_id)).all())


def ballots_open(forum_id: int) -> bool:
    """Whether participants can still place dots in one of the forum's votes."""
    return db.session.scalar(select(func.count(Ballot.id)).where(Ballot.forum_id == forum_id,
                                                                 Ballot.status == "open")) > 0


def is_priority_item(item: BallotItem) -> bool:
    """Whether an item's dots are priority dots: an item on a theme or a card, whose dots count in the priorities'
    dots (the analysis counts them whatever else the vote holds); an item the organizer typed, such as where to hold
    the next forum, has its dots counted apart, as the vote's own results."""
    return item.theme_id is not None or item.idea_id is not None


def has_priority_items(ballot: Ballot) -> bool:
    """Whether some of a vote's dots may count in the priorities: one of its items is a theme or a card
    (``is_priority_item``); a vote may mix them with typed items."""
    return any(is_priority_item(item) for item in ballot.items)


def has_typed_items(ballot: Ballot) -> bool:
    """Whether a vote has an item the organizer typed, whose results the report gives apart."""
    return not all(is_priority_item(item) for item in ballot.items)


def priority_vote_open(forum_id: int) -> bool:
    """Whether participants can still place dots that count in the priorities: an open vote with an item on a theme
    or a card (``has_priority_items``), whatever else it holds."""
    return any(has_priority_items(ballot) for ballot in db.session.scalars(
        select(Ballot).where(Ballot.forum_id == forum_id, Ballot.status == "open").options(selectinload(Ballot.items))))


def vote_totals(forum_id: int) -> dict | None:
    """The forum's dot votes as the report's figures give them: the votes participants placed dots in, how many
    devices placed dots (each counted once across the votes) and the dots placed, in all, on the items of themes or
    cards (``"priority"``, ``is_priority_item``: the priorities' dots) and on the items the organizer typed
    (``"other"``), item by item, so a vote mixing both counts its dots on each side as the analysis does; dots on a
    deleted card count nowhere, as in the results. None when no dot was placed."""
    rows = db.session.execute(
        select(Vote.ballot_id, Vote.device_token, Vote.dots,
               or_(BallotItem.theme_id.is_not(None), BallotItem.idea_id.is_not(None)))
        .join(Ballot, Ballot.id == Vote.ballot_id).join(BallotItem, BallotItem.id == Vote.item_id)
        .where(Ballot.forum_id == forum_id, Vote.dots > 0, on_a_live_item())).all()
    if not rows:
        return None

    def totals(chosen) -> dict:
        return {"votes": len({ballot_id for ballot_id, *_ in chosen}),
                "voters": len({device for _ballot, device, *_ in chosen}),
                "dots": sum(int(dots) for _ballot, _device, dots, _priority in chosen)}

    return dict(totals(rows), priority=totals([row for row in rows if row[3]]),
                other=totals([row for row in rows if not row[3]]))


def results(ballot: Ballot, language: str, typed_only: bool = False) -> dict:
    """Dots and voters per item, most dots first (ties keep the ballot's order); texts in ``language``.
    An item whose card was deleted is left out, with its dots (and a device that voted only for it).
    ``typed_only``: only the items the organizer typed, their dots and their voters (the report's results of a
    vote that also holds themes or cards, whose dots count in the priorities)."""
    typed = [BallotItem.theme_id.is_(None), BallotItem.idea_id.is_(None)] if typed_only else []
    live_votes = (select(Vote.item_id, Vote.dots, Vote.device_token).join(BallotItem, BallotItem.id == Vote.item_id)
                  .where(Vote.ballot_id == ballot.id, on_a_live_item(), *typed).subquery())
    rows = db.session.execute(select(live_votes.c.item_id, func.sum(live_votes.c.dots), func.count())
                              .group_by(live_votes.c.item_id))
    totals = {item_id: (int(dots), voters) for item_id, dots, voters in rows}
    voters = db.session.scalar(select(func.count(func.distinct(live_votes.c.device_token)))) or 0
    deleted = set(db.session.scalars(select(IdeaCard.id).where(
        IdeaCard.id.in_([item.idea_id for item in ballot.items if item.idea_id]), IdeaCard.deleted_at.is_not(None))))
    items = [{"id": item.id, "label": item.label.in_(language), "context": item.context.in_(language) or None,
              "dots": totals.get(item.id, (0, 0))[0],
              "voters": totals.get(item.id, (0, 0))[1]} for item in ballot.items
             if item.idea_id not in deleted and not (typed_only and is_priority_item(item))]
    items.sort(key=lambda item: -item["dots"])
    top = max((item["dots"] for item in items), default=0)
    for item in items:
        item["share_of_top"] = round(item["dots"] / top, 3) if top else 0.0
    return {
        "ballot": {"id": ballot.id, "title": ballot.title.in_(language), "status": ballot.status,
                   "dots_per_participant": ballot.dots_per_participant,
                   "max_dots_per_item": ballot.max_dots_per_item},
        "voters": voters,
        "dots": sum(item["dots"] for item in items),
        "items": items,
    }


def results_table(ballot: Ballot, language: str) -> tuple[list[str], list[list]]:
    """A vote's results for a spreadsheet, headers in the page's language and items in ``language``: one row per
    item in the results page's order (most dots first), with its rank (equal dots, equal rank: 1, 2, 2, 4), its
    dots, its share of all the dots in whole percents that add up to 100 (the report's rounding) and how many
    voters placed dots on it. No rows while nobody has placed a dot: an empty ranking is no result."""
    summary = results(ballot, language)
    header = [gettext("Rank"), gettext("Item"), gettext("Dots"), gettext("Share of the dots (%)"),
              gettext("Voters")]
    if not summary["dots"]:
        return header, []
    items = summary["items"]
    rows = []
    for index, (item, percent) in enumerate(zip(items, whole_percents([item["dots"] for item in items]))):
        rank = rows[-1][0] if rows and items[index - 1]["dots"] == item["dots"] else index + 1
        rows.append([rank, item["label"], item["dots"], percent, item["voters"]])
    return header, rows
