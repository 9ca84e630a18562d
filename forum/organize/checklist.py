"""The "Getting ready" checklist a forum's dashboard shows until the forum starts: the setup steps in
the order an organizer does them, each with its state read from the data and the page where it is done.
A step the app cannot check (a poster printed, a phone tried) is a plain link, never ticked."""
from __future__ import annotations

from dataclasses import dataclass

from flask import url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import exists, or_, select

from forum.dates import today
from forum.extensions import db
from forum.lazy_text import lazy_gettext as _l
from forum.models import Ballot, Forum, Invitation, Membership, SteeringSignup
from forum.services.defaults import DEFAULT_GROUPS, DEFAULT_QUESTIONS, DEFAULT_ROUNDS
from forum.services.participation import (RoomReading, forum_under_way, read_room, room_end_reason,
                                          something_happened)
from forum.urls import phone_url, unreachable_host

DONE, TO_DO, OPTIONAL, LINK = "done", "to_do", "optional", "link"
STATE_LABELS = {DONE: _l("Done"), TO_DO: _l("To do"), OPTIONAL: _l("Optional"), LINK: _l("Not checked by the app")}


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    state: str
    detail: str
    href: str
    link_label: str

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])


def has_happened(forum: Forum) -> bool:
    """Something came of the forum: a card was captured (deleted ones too) or a participant answered the
    evaluation or a session's rating."""
    return bool(db.session.scalar(select(something_happened(forum.id))))


BEFORE, DURING, AFTER = "before", "during", "after"
# Why an undated forum is after it besides ``participation.room_end_reason``'s reasons: nothing happened in its room
# for QUIET_BEFORE_OVER after something ended there; its final report or progress page is out.
QUIET, PUBLISHED = "quiet", "published"


def stage(forum: Forum) -> str:
    """Where the forum is (``stage_and_reason``)."""
    return stage_and_reason(forum)[0]


def stage_and_reason(forum: Forum) -> tuple[str, str | None]:
    """Where the forum is and why (``stage_reason_and_room``)."""
    return stage_reason_and_room(forum)[:2]


def stage_reason_and_room(forum: Forum) -> tuple[str, str | None, RoomReading | None]:
    """Where the forum is, for the dashboard to put first what the organizer needs now: ``before`` (setting
    up: no card nor answer yet, whatever its date, e.g. a forum entered with a past date), ``during`` (cards or
    answers are arriving), ``after`` (it happened and its day is over, or, on its day or without a date, the room's
    work is over: everything closed and nothing reopened, ``room_end_reason``; or, without a date, it is over for
    the participants' phones too, ``forum_under_way``: QUIET or PUBLISHED). A forum ahead of its day is not after
    it: cards there are the facilitators practising. With ``after``, why it is after the forum when read from its
    room (None: its day has passed), for the dashboard to say; and the room's reading it was read from (None when
    the room was not read), for the dashboard's "Not yet" to name the end it answers (``participation.latest_end``).
    On the forum's day or without a date, the dashboard's live part polls it: one query then (``read_room``);
    on another day, one as well (``has_happened``)."""
    if forum.date is not None:
        day = today(forum)
        if forum.date != day:
            if not has_happened(forum):
                return BEFORE, None, None
            return (AFTER, None, None) if forum.date < day else (DURING, None, None)
    room = read_room(forum)
    if not room.happened:
        return BEFORE, None, room
    reason = room_end_reason(forum, room)
    if reason is not None:
        return AFTER, reason, room
    if forum.date is None and not forum_under_way(forum, room=room):
        return AFTER, PUBLISHED if forum.progress_shared or room.report_out else QUIET, room
    return DURING, None, room


def _as_created(items, defaults, texts) -> bool:
    """Whether the forum still holds exactly the setup a new forum starts with (nobody changed it)."""
    return [texts(item) for item in items] == [tuple(default) for default in defaults]


def _rounds_unchanged(forum: Forum) -> bool:
    return _as_created(forum.rounds, DEFAULT_ROUNDS, lambda r: (r.key, r.title.en, r.title.fr, r.question.en,
                                                                 r.question.fr))


def _groups_unchanged(forum: Forum) -> bool:
    return not any(g.description.en or g.description.fr for g in forum.groups) and \
        _as_created(forum.groups, DEFAULT_GROUPS, lambda g: (g.key, g.name.en, g.name.fr))


def _questions_unchanged(forum: Forum) -> bool:
    questions = [q for q in forum.questions if q.round_id is None]
    return [(q.key, q.prompt.en, q.prompt.fr) for q in questions] == [d[:1] + d[2:4] for d in DEFAULT_QUESTIONS]


def _has_co_organizer(forum: Forum) -> bool:
    """Someone besides the owner organizes it: a member or an invitation still open, on the forum or on its
    organization."""
    on_forum = or_(Membership.forum_id == forum.id, Membership.organization_id == forum.organization_id) \
        if forum.organization_id else Membership.forum_id == forum.id
    if db.session.scalar(select(exists().where(on_forum, Membership.role == "organizer",
                                               Membership.user_id != forum.owner_id))):
        return True
    invited = or_(Invitation.forum_id == forum.id, Invitation.organization_id == forum.organization_id) \
        if forum.organization_id else Invitation.forum_id == forum.id
    return any(invitation.is_pending for invitation in db.session.scalars(
        select(Invitation).where(invited, Invitation.role == "organizer")))


def _setup_state(items, unchanged: bool, complete: bool) -> str:
    return DONE if items and complete and not unchanged else TO_DO


def checklist(forum: Forum) -> list[Step]:
    def page(endpoint, anchor="", **values):
        return url_for(endpoint, forum_id=forum.id, _anchor=anchor or None, **values)

    rounds, tables, groups = forum.rounds, forum.tables, forum.groups
    questions = [q for q in forum.questions if q.round_id is None]
    rounds_unchanged, groups_unchanged = _rounds_unchanged(forum), _groups_unchanged(forum)
    questions_unchanged = _questions_unchanged(forum)
    without_question = [r for r in rounds if not (r.question.en or r.question.fr)]
    without_facilitator = [t for t in tables if not t.facilitator_name and t.facilitator_user_id is None]
    has_vote = db.session.scalar(select(exists().where(Ballot.forum_id == forum.id)))
    co_organizer = _has_co_organizer(forum)
    join_page = phone_url("participate.join")  # where phones join, as on the poster

    def setup_detail(items, unchanged: bool, counted: str, missing: str) -> str:
        if unchanged:
            return _("The starting suggestion, not changed yet: check it.")
        return counted if items else missing

    steps = [
        Step("date", _("The forum's date and venue"),
             DONE if forum.date and forum.venue else TO_DO,
             _("Both are set.") if forum.date and forum.venue else
             _("Set when and where the forum takes place."),
             page("organize.forum_settings", "date"), _("Open the settings")),
        Step("rounds", _("Rounds and their questions"),
             _setup_state(rounds, rounds_unchanged, not without_question),
             ngettext("%(num)d round has no question.", "%(num)d rounds have no question.", len(without_question))
             if without_question else
             setup_detail(rounds, rounds_unchanged, ngettext("%(num)d round", "%(num)d rounds", len(rounds)),
                          _("No rounds yet.")),
             page("organize.setup_list", kind="rounds"), _("Open the rounds")),
        Step("tables", _("Tables and their facilitators"),
             DONE if tables and not without_facilitator else TO_DO,
             _("No tables yet.") if not tables else
             ngettext("%(num)d table has no facilitator.", "%(num)d tables have no facilitator.",
                      len(without_facilitator)) if without_facilitator else
             ngettext("%(num)d table", "%(num)d tables", len(tables)),
             page("organize.setup_list", "facilitators-h" if tables else "add", kind="tables"), _("Open the tables")),
        Step("capture", _("Print the tables' capture links and QR codes"), LINK,
             _("One card per table, for its facilitator."),
             page("organize.capture_links"), _("Open the capture links")),
        Step("groups", _("Stakeholder groups"),
             _setup_state(groups, groups_unchanged, True),
             setup_detail(groups, groups_unchanged, ngettext("%(num)d group", "%(num)d groups", len(groups)),
                          _("No stakeholder groups yet.")),
             page("organize.setup_list", kind="groups"), _("Open the stakeholder groups")),
        Step("evaluation", _("The evaluation's questions"),
             _setup_state(questions, questions_unchanged, True),
             setup_detail(questions, questions_unchanged,
                          ngettext("%(num)d question", "%(num)d questions", len(questions)), _("No questions yet.")),
             page("organize.evaluation_setup", "questions"), _("Open the evaluation")),
        Step("sessions", _("Sessions to rate"), OPTIONAL,
             _("Each round can be rated as it ends: you open its rating on the day."),
             page("organize.evaluation_setup", "sessions"), _("Open the session ratings")),
        Step("vote", _("A vote on priorities"), DONE if has_vote else OPTIONAL,
             _("A vote is prepared.") if has_vote else _("Prepare one if participants will vote."),
             page("organize.ballot_list"), _("Open the votes")),
        Step("members", _("A co-organizer"), DONE if co_organizer else OPTIONAL,
             _("Someone else organizes it with you.") if co_organizer else
             _("Invite someone to organize it with you."),
             page("organize.members_page", "invite-h"), _("Open the members")),
        *_committee_step(forum, page),
        Step("poster", _("Print the join poster"), LINK,
             _("Participants join from its QR code or code."),
             page("organize.join_poster"), _("Open the poster")),
        Step("try", _("Try the participant side on a phone"), LINK, _try_detail(forum, join_page),
             join_page, _("Open the join page")),
    ]
    return steps


def _committee_step(forum: Forum, page) -> list[Step]:
    """A next edition's steering committee, carried over from the previous one without its links: the members who
    may own action items need a link of this edition to update the items carried over (last year's refuses it and
    sends them here). No step for a forum that was not started from another one, or with no such member."""
    if forum.previous_forum_id is None:
        return []
    owners = list(db.session.scalars(select(SteeringSignup).where(
        SteeringSignup.forum_id == forum.id, SteeringSignup.consents_to_owner_role.is_(True),
        SteeringSignup.withdrawn_at.is_(None), SteeringSignup.removed_at.is_(None))))
    if not owners:
        return []
    without = [member for member in owners if not member.committee_link_active]
    return [Step("committee", _("Committee links for the steering committee carried over"),
                 TO_DO if without else DONE,
                 ngettext("%(num)d member who owns or may own action items has no link of this edition yet: until "
                          "they get one, they cannot update the items carried over to them.",
                          "%(num)d members who own or may own action items have no link of this edition yet: until "
                          "they get one, they cannot update the items carried over to them.", len(without))
                 if without else _("Every member who owns or may own action items has a link of this edition."),
                 page("organize.steering"), _("Open the steering committee"))]


def _try_detail(forum: Forum, join_page: str) -> str:
    """Where a phone joins (FORUM_PUBLIC_URL's address when it is set, as on the join poster), and a warning
    when that is an address phones most likely cannot reach (this computer's own, or a name without a domain)."""
    detail = _("On your phone, open %(address)s and join with the code %(code)s, as participants will. Your phone "
               "counts as a participant until you erase your test answers: on its forum page, “Erase my answers "
               "from this forum”.", address=join_page.split("://", 1)[-1], code=forum.join_code)
    host = unreachable_host()
    if host:
        detail += " " + _("A phone may not reach %(host)s: open this page at the address phones use, or ask "
                          "whoever runs the server to set FORUM_PUBLIC_URL.", host=host)
    return detail
