"""Who may do what on a forum: the actions each role allows. Every organizer page names the action
it needs (forum.organize.access.requires) and is checked against this one table."""
from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from forum.lazy_text import lazy_gettext as _l



class Action(StrEnum):
    VIEW = "view"          # read the forum's pages, without contacts or settings
    ANALYSE = "analyse"    # run the analysis, correct themes and ideas, edit, review and share the report
    CONTACTS = "contacts"  # sign-ups, registrations, e-mail addresses, committee links, contact exports
    MANAGE = "manage"      # settings, setup, capture links, imports, evaluation, votes, wall, action plan
    MEMBERS = "members"    # invite co-organizers, change or remove their roles
    OWN = "own"            # hand the forum to another member, put it in an organization


ORGANIZER_ACTIONS = frozenset({Action.VIEW, Action.ANALYSE, Action.CONTACTS, Action.MANAGE, Action.MEMBERS})
ROLE_ACTIONS: dict[str, frozenset[Action]] = {
    "viewer": frozenset({Action.VIEW}),
    "analyst": frozenset({Action.VIEW, Action.ANALYSE}),
    "organizer": ORGANIZER_ACTIONS,
    "owner": ORGANIZER_ACTIONS | {Action.OWN},
}
# The roles an organizer can give (a forum has one owner, who hands it over instead), most powerful first.
MEMBER_ROLES = {"organizer": _l("Organizer"), "analyst": _l("Analyst"), "viewer": _l("Viewer")}
ROLE_LABELS = {"owner": _l("Forum owner"), **MEMBER_ROLES}
# What each of them may do on a forum (ROLE_ACTIONS in words), shown beside the choice of a role when inviting.
ROLE_DESCRIPTIONS = {
    "organizer": _l("Settings and setup, participants' contacts, the steering committee and the action plan, and "
                    "inviting others. Only the forum's owner hands it over, deletes it or puts it in an "
                    "organization."),
    "analyst": _l("Runs the analysis, corrects themes and ideas, edits, reviews and shares the report. No settings, "
                  "no participants' contacts."),
    "viewer": _l("Reads the forum's pages without changing anything. No participants' contacts."),
}
# The same roles given on an organization, which hold on every forum of it (``highest``); an organization has no
# owner, and its members never own its forums through it.
ORGANIZATION_ROLE_DESCRIPTIONS = {
    "organizer": _l("On every forum of the organization: settings and setup, participants' contacts, the steering "
                    "committee and the action plan, and inviting others. Only a forum's owner hands it over or "
                    "deletes it."),
    "analyst": _l("On every forum of the organization: runs the analysis, corrects themes and ideas, edits, reviews "
                  "and shares the report. No settings, no participants' contacts."),
    "viewer": _l("Reads the pages of every forum of the organization without changing anything. No participants' "
                 "contacts."),
}
# On a series, its creator ("owner") and the viewers they invite, who read the editions' comparison and
# nothing of the forums themselves (a series role gives no role on its forums).
SERIES_ROLES = {"viewer": _l("Viewer")}
# A role inside a sentence ("invites you to work on it as analyst", "avec le rôle analyste"): lower case in
# English and French alike, where the labels above head a column or a badge.
ROLE_IN_SENTENCE = {"owner": _l("forum owner"), "organizer": _l("organizer"), "analyst": _l("analyst"),
                    "viewer": _l("viewer")}
RANK = ("viewer", "analyst", "organizer", "owner")


def may(role: str | None, action: Action) -> bool:
    return role is not None and action in ROLE_ACTIONS[role]


def highest(roles: Iterable[str | None]) -> str | None:
    """The strongest of a user's roles (on the forum itself and through its organization)."""
    known = [role for role in roles if role in ROLE_ACTIONS]
    return max(known, key=RANK.index) if known else None
