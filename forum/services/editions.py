"""A new edition of a forum, started from the previous one in one step: the only writes of that copy.

Copied: the forum's settings, its co-organizers' roles, rounds, tables (with new capture links), stakeholder groups,
evaluation questions, the vote setups whose items were typed (items that point at last year's themes or cards do not
carry over), the previous forum's corrected themes as this forum's codebook (or its codebook when it was never
analysed), the members of its steering committee the organizer chose (without their links), and its open action
items with their owners, follow-ups and history, each linked to the item it carries over (but the items an edition
started from it carried over already). The new edition is the previous one's owner's, whichever organizer starts it,
and joins the previous one's series (a series is made when a name is given and the previous forum has none). Every
column of a copied row is copied but its ids, links and state, so columns added later are carried too; the committee
members are copied field by field (personal data: a consent added later is not to be carried unasked).
"""
from __future__ import annotations

import datetime
import re

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import func, inspect, select
from sqlalchemy.orm import aliased

from analysis.report.actionplan import OPEN_STATUSES
from forum.database import retrying_once
from forum.extensions import db
from forum.input_filters import normal_email
from forum.lazy_text import lazy_gettext as _l
from forum.models import (ActionItem, ActionItemChange, Ballot, BallotItem, CodebookCode, EvaluationQuestion,
                          FollowUp, Forum, Job, Membership, Round, Series, StakeholderGroup, SteeringSignup, Table,
                          Translated, User, new_uuid)
from forum.services.accounts import check_may_own_another_forum
from forum.services.action_plan import carried_from_detail, carried_on, in_the_plan, record_change
from forum.services.codebook import MAX_CODES, carried_codes, carried_rows, merged_lookalikes
from forum.services.errors import ServiceError
from forum.services.forum_row import hold_forum_row
from forum.services.forums import new_join_code

# Never copied: what ties a row to its forum, to the form that made it (its client id) or to last year's
# people, votes and state.
NOT_COPIED = {"id", "forum_id", "created_at", "updated_at", "client_id"}
NOT_COPIED_BY_MODEL = {
    Forum: {"owner_id", "join_code", "is_demo", "evaluation_open", "current_round_id", "wall_results",
            "steering_model_decided_at", "progress_link_version", "progress_shared", "series_id",
            "previous_forum_id", "name", "name_fr", "date", "venue", "steering_model",
            "steering_model_note", "wall_link_off_at", "room_closed_at", "room_closed_on",
            "room_close_number", "room_not_over_at"},
    Round: {"rating_open"},
    Table: {"capture_token", "capture_revoked_at"},
    EvaluationQuestion: {"round_id"},
    Ballot: {"status", "opened_at", "closed_at"},
    BallotItem: {"ballot_id", "theme_id", "idea_id"},
    CodebookCode: {"source_forum_id", "source_theme_key"},
}


YEAR = re.compile(r"\b(?:19|20)\d\d\b")
YEAR_AND_SEPARATOR = re.compile(r"\s*[-–—,:]?\s*\b(?:19|20)\d\d\b\s*[-–—,:]?\s*")


def next_year(previous: Forum, today: datetime.date) -> int:
    """The year the next edition is likely held: this year, or the next one when the previous edition was
    held this year."""
    return max(today.year, previous.date.year + 1 if previous.date else today.year)


def proposed_names(previous: Forum, year: int) -> tuple[Translated, Translated]:
    """The names the next edition's form starts with: the previous forum's name with ``year`` for its year,
    and its name without a year for a series (last year's name had last year's year in both)."""

    def with_year(name: str | None) -> str | None:
        if not name:
            return name
        return YEAR.sub(str(year), name) if YEAR.search(name) else f"{name} {year}"

    def without_year(name: str | None) -> str | None:
        if not name:
            return name
        return YEAR_AND_SEPARATOR.sub(" ", name).strip() or name

    names = (previous.name.en, previous.name.fr)
    return Translated(*map(with_year, names)), Translated(*map(without_year, names))


def dated_name(previous: Forum, sent: Translated, proposed_year: int, date: datetime.date | None) -> Translated:
    """The name sent, in each language where it is the name proposed for ``proposed_year`` left as it was,
    with the year of the date typed instead (a date in another year than the one proposed)."""
    if date is None or date.year == proposed_year:
        return sent
    proposed, dated = proposed_names(previous, proposed_year)[0], proposed_names(previous, date.year)[0]
    versions = zip((sent.en, sent.fr), (proposed.en, proposed.fr), (dated.en, dated.fr))
    return Translated(*(new if text and text == was else text for text, was, new in versions))


def copied_columns(row) -> dict:
    """The row's column values that a new edition takes over; a unique column (a link's token, a
    code) is never copied: the new row makes its own."""
    skip = NOT_COPIED | NOT_COPIED_BY_MODEL.get(type(row), set())
    return {column.key: getattr(row, column.key) for column in inspect(type(row)).column_attrs
            if column.key not in skip and not column.columns[0].unique}


def later_editions(forum: Forum) -> list[Forum]:
    """The editions started from ``forum`` ("Start the next edition"), oldest first: its open action items and
    committee were carried over to each of them."""
    return list(db.session.scalars(select(Forum).where(Forum.previous_forum_id == forum.id)
                                   .order_by(Forum.date.is_(None), Forum.date, Forum.id)))


def new_edition(previous: Forum, by: User, *, name: Translated | str, date: datetime.date | None = None,
                venue: str | None = None, series_name: Translated | str | None = None,
                client_id: str | None = None, again: bool = False, members: Collection[int] | None = None) -> Forum:
    """The next edition of ``previous`` (see the module docstring), started by ``by``; the form sent
    again (the same ``client_id``) gives the edition it made the first time. ``members``: the ids of the previous
    forum's sign-ups whose person carries on (``committee_to_carry``); None, every member who has not left. A forum
    that already has a next edition gets another one only when asked ``again``: that carries its committee over a
    second time, and only the open action items no edition carried over yet (409 otherwise)."""

    def write() -> Forum:
        # two editions started at once from the same forum: the second waits, then carries only what is left; a
        # phone erasing its data in the previous forum (``participation.erase_device``, which share-locks the row)
        # meanwhile: the edition waits for it and copies no mark of what it erased, or goes first and the erasure
        # clears the copies. What the request read of the forum before (its committee) is read again, as it is now.
        hold_forum_row(previous.id)
        db.session.expire_all()
        made = client_id and db.session.scalar(select(Forum).where(Forum.owner_id == previous.owner_id,
                                                                   Forum.client_id == client_id))
        if made:
            return made
        check_may_own_another_forum(previous.owner)
        if not again and later_editions(previous):
            raise ServiceError(409, _l("This forum already has a next edition, to which its open action items were "
                                       "carried over. Tick the box to start another one from it anyway."),
                               "already_continued")
        return _copy(previous, by, name, date, venue, series_name, client_id, members)

    return retrying_once(write)


def _copy(previous: Forum, by: User, name, date, venue, series_name, client_id, members) -> Forum:
    forum = Forum(**copied_columns(previous), owner=previous.owner, name=Translated.of(name, previous.main_language),
                  date=date, venue=venue, join_code=new_join_code(), previous_forum=previous, client_id=client_id)
    db.session.add(forum)
    forum.series = _series_for(previous, series_name)
    forum.rounds = [Round(**copied_columns(r)) for r in previous.rounds]
    forum.tables = [Table(**copied_columns(t)) for t in previous.tables]
    forum.groups = [StakeholderGroup(**copied_columns(g)) for g in previous.groups]
    rounds = {r.key: new for r, new in zip(previous.rounds, forum.rounds)}
    forum.questions = [EvaluationQuestion(**copied_columns(q), round=rounds.get(q.round.key) if q.round else None)
                       for q in previous.questions]
    forum.codebook = _codes_for(previous)
    db.session.flush()
    db.session.add_all(Membership(user_id=m.user_id, forum_id=forum.id, role=m.role) for m in db.session.scalars(
        select(Membership).where(Membership.forum_id == previous.id)))
    _copy_ballots(previous, forum)
    _carry_actions(previous, forum, by, members)
    return forum


def _series_for(previous: Forum, series_name: Translated | str | None) -> Series | None:
    if previous.series is not None:
        return previous.series
    if not series_name:
        return None
    series = Series(owner=previous.owner, name=Translated.of(series_name, previous.main_language))
    previous.series = series
    return series


def _codes_for(previous: Forum) -> list[CodebookCode]:
    """The previous forum's corrected themes as codes, those whose labels look alike made one code (as a typed or
    imported code is checked: two codes of one name would share the cards at random); its own codebook when it has
    no themes."""
    try:
        carried = carried_codes(previous)
    except ServiceError:
        return [CodebookCode(**copied_columns(code), source_forum_id=code.source_forum_id,
                             source_theme_key=code.source_theme_key) for code in previous.codebook]
    return carried_rows(merged_lookalikes(carried)[0][:MAX_CODES], previous, set())


def lookalike_themes(previous: Forum) -> list[list[Translated]]:
    """The labels of the previous forum's themes that the next edition's codebook makes one code each (their labels
    look alike, ``merged_lookalikes``), the label the code keeps first; none when it has no themes."""
    try:
        carried = carried_codes(previous)
    except ServiceError:
        return []
    return list(merged_lookalikes(carried)[1].values())


def _copy_ballots(previous: Forum, forum: Forum) -> None:
    """Vote setups whose items were typed; items on last year's themes or cards are left out."""
    ballots = db.session.scalars(select(Ballot).where(Ballot.forum_id == previous.id).order_by(Ballot.id))
    for ballot in ballots:
        items = [item for item in ballot.items if item.theme_id is None and item.idea_id is None]
        if items:
            db.session.add(Ballot(**copied_columns(ballot), forum_id=forum.id,
                                  items=[BallotItem(**copied_columns(item)) for item in items]))


def _by_address(previous: Forum) -> list[list[SteeringSignup]]:
    """The previous forum's committee members who have not left, one list of sign-ups per e-mail address (a person
    who signed up twice), in the order they signed up."""
    by_email: dict[str, list[SteeringSignup]] = {}
    for signup in _in_sign_up_order(previous):
        if signup.withdrawn_at is None:
            by_email.setdefault(normal_email(signup.email), []).append(signup)
    return list(by_email.values())


def _in_sign_up_order(previous: Forum) -> list[SteeringSignup]:
    return sorted(previous.steering_signups, key=lambda signup: (signup.created_at, signup.id))


def _latest(signups: list[SteeringSignup]) -> SteeringSignup:
    return max(signups, key=lambda signup: (signup.updated_at, signup.id))


@dataclass(frozen=True)
class CommitteeToCarry:
    """The previous forum's committee as the next edition's form offers it: the members who may carry on (one
    sign-up per person, their latest) and those who left (named, never carried: they left, and no address is
    kept of them)."""

    members: list[SteeringSignup]
    left: list[SteeringSignup]


def committee_to_carry(previous: Forum) -> CommitteeToCarry:
    """What the next edition's form offers of the previous forum's committee (a member who left and signed up again
    under the same name is offered once, as a member)."""
    members = [_latest(signups) for signups in _by_address(previous)]
    carried_names = {member.name for member in members}
    left = [signup for signup in _in_sign_up_order(previous)
            if signup.withdrawn_at is not None and signup.name not in carried_names]
    return CommitteeToCarry(members, left)


def _carry_committee(previous: Forum, forum: Forum, chosen: Collection[int] | None) -> dict[int, int]:
    """Last year's steering committee members who have not withdrawn and were ``chosen`` (by any of their sign-ups' ids;
    all when None), as this edition's members, one per e-mail address (a person who signed up twice, as their latest
    sign-up says): who they are, whether they own items, their group by key, the mark of an address the mail server
    refused for good (their address being the same), for a reminder or digest or for last year's report news, and the
    sign-up they were carried over from (``carried_from_signup_id``: who they are, whatever address they give later).
    Not their committee link (an organizer makes one for this edition: that invites them), device, consent to be
    named publicly or to get news: those were given for last year's forum. Returns this edition's sign-up id for each
    of last year's."""
    groups = {group.key: group for group in forum.groups}
    refused_by_news, news_refused_at = _refused_by_news(previous)
    members = {}
    for signups in _by_address(previous):  # one person (one address) signed up twice is one member
        if chosen is not None and not {signup.id for signup in signups} & set(chosen):
            continue
        latest = _latest(signups)
        member = SteeringSignup(
            forum=forum, client_id=new_uuid(), name=latest.name, organization=latest.organization,
            email=latest.email, group=groups.get(latest.group.key) if latest.group else None,
            consents_to_owner_role=any(signup.consents_to_owner_role for signup in signups), language=latest.language,
            carried_from_signup_id=latest.id, carried_over=True)
        # the mail server's word on their address, refused for good (for a reminder or digest, or for the report's
        # news): this edition does not try it once more
        refusals = [signup for signup in signups if signup.mail_refused]
        if refusals or normal_email(latest.email) in refused_by_news:
            member.mail_refused_email = normal_email(latest.email)
            member.mail_refused_at = max((signup.mail_refused_at for signup in refusals if signup.mail_refused_at),
                                         default=None) or news_refused_at
        members.update((signup.id, member) for signup in signups)
    db.session.add_all(members.values())
    db.session.flush()
    return {old: member.id for old, member in members.items()}


def _refused_by_news(previous: Forum) -> tuple[set[str], datetime.datetime | None]:
    """The addresses the mail server refused for good when the previous forum's report news was sent
    (``report_news.refused_addresses``), and when the last news job refusing any ended."""
    from forum.services.report_news import JOB_KIND, REFUSED_ADDRESSES, refused_addresses  # it reads the reports

    refused = {normal_email(address) for address in refused_addresses(previous)}
    if not refused:
        return set(), None
    jobs = db.session.scalars(select(Job).where(Job.forum_id == previous.id, Job.kind == JOB_KIND))
    return refused, max((job.finished_at or job.updated_at for job in jobs
                         if (job.parameters or {}).get(REFUSED_ADDRESSES)), default=None)


def _open_items(previous: Forum):
    """The query of the previous plan's open items."""
    return select(ActionItem).where(ActionItem.forum_id == previous.id, in_the_plan(),
                                    ActionItem.status.in_(OPEN_STATUSES))


@dataclass(frozen=True)
class CarriedAlready:
    """Open items of the previous plan that an edition started from it carried over already."""

    forum: Forum
    count: int


def items_to_carry(previous: Forum) -> tuple[int, list[CarriedAlready]]:
    """How many of the previous plan's open items a new edition would carry over, and the items it would not as
    an edition started from it carried them already (the edition, how many), the earliest edition first."""
    later = aliased(ActionItem)
    rows = db.session.execute(select(later.forum_id, func.count(func.distinct(ActionItem.id)))
                              .select_from(ActionItem).join(later, later.carried_from_id == ActionItem.id)
                              .where(ActionItem.forum_id == previous.id, in_the_plan())
                              .group_by(later.forum_id).order_by(later.forum_id)).all()
    to_carry = db.session.scalar(select(func.count()).select_from(_open_items(previous).where(~carried_on())
                                                                  .subquery()))
    return to_carry, [CarriedAlready(db.session.get(Forum, forum_id), count) for forum_id, count in rows]


def _carry_actions(previous: Forum, forum: Forum, by: User, chosen: Collection[int] | None) -> None:
    """The previous plan's open items, each linked to its origin, with their owner (a member carried
    over; none when the organizer did not carry them on), follow-up log and history; the lead group is matched by
    key; then its pending proposals (``_carry_proposals``). An item an edition carried over
    already (started twice from the same forum) is not carried again: it is followed up there."""
    groups = {group.key: group for group in forum.groups}
    members = _carry_committee(previous, forum, chosen)
    items = db.session.scalars(_open_items(previous).where(~carried_on()).order_by(ActionItem.position, ActionItem.id))
    for position, item in enumerate(items, start=1):
        lead = groups.get(item.lead_group.key) if item.lead_group else None
        carried = ActionItem(forum_id=forum.id, title=item.title, description=item.description,
                             priority_label=item.theme.label.truncated(200) if item.theme else item.priority_label,
                             lead_group=lead, owner_signup_id=members.get(item.owner_signup_id),
                             due_date=item.due_date, status=item.status, position=position, carried_from=item)
        carried.follow_ups = [FollowUp(note=f.note, author=f.author, status_change=f.status_change, language=f.language,
                                       given_back=f.given_back, author_signup_id=members.get(f.author_signup_id),
                                       created_at=f.created_at, updated_at=f.updated_at) for f in item.follow_ups]
        carried.changes = [ActionItemChange(kind=c.kind, detail=c.detail, author_user_id=c.author_user_id,
                                            author_signup_id=members.get(c.author_signup_id),
                                            created_at=c.created_at) for c in item.changes]
        db.session.add(carried)
        record_change(carried, "carried", by, carried_from_detail(previous))
    _carry_proposals(previous, forum, by, members)


def pending_proposals_to_carry(previous: Forum):
    """The query of the previous plan's proposals still waiting for the organizers' decision, but those an edition
    started from it carried over already."""
    return select(ActionItem).where(ActionItem.forum_id == previous.id, ActionItem.proposal == "pending",
                                    ~carried_on())


def proposals_to_carry(previous: Forum) -> int:
    """How many of the previous plan's pending proposals a new edition would carry over to its review queue."""
    return db.session.scalar(select(func.count()).select_from(pending_proposals_to_carry(previous).subquery()))


def _carry_proposals(previous: Forum, forum: Forum, by: User, members: dict[int, int]) -> None:
    """The committee's proposals the organizers never decided on, into this edition's review queue (where its
    organizers accept or decline them: last year's plan takes no more), as proposed by the member carried over and
    linked to the original, whose page then says so; their history, and a line saying where they come from."""
    for item in db.session.scalars(pending_proposals_to_carry(previous).order_by(ActionItem.created_at, ActionItem.id)):
        carried = ActionItem(forum_id=forum.id, title=item.title, description=item.description, proposal="pending",
                             proposed_by_signup_id=members.get(item.proposed_by_signup_id),
                             owner_signup_id=members.get(item.owner_signup_id), carried_from=item,
                             created_at=item.created_at)
        carried.changes = [ActionItemChange(kind=c.kind, detail=c.detail, author_user_id=c.author_user_id,
                                            author_signup_id=members.get(c.author_signup_id),
                                            created_at=c.created_at) for c in item.changes]
        db.session.add(carried)
        record_change(carried, "carried", by, carried_from_detail(previous))
