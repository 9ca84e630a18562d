"""Co-organizers: invitations by e-mail link, members' roles on a forum or an organization, handing a
forum over to another member, and organizations holding forums. A series' viewers are its members
too, invited the same way."""
from __future__ import annotations

from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import contains_eager

from analysis.matrix import label_key
from forum.database import retrying_once, writing
from forum.extensions import db
from forum.input_filters import normal_email
from forum.lazy_text import lazy_gettext as _l
from forum.models import Forum, Invitation, Membership, Organization, RemovedRole, Series, User, utcnow
from forum.roles import MEMBER_ROLES, SERIES_ROLES, highest
from forum.services import seen_values
from forum.services.added_once import added_by_form
from forum.services.errors import ServiceError
from forum.services.participation import FOREIGN_CLIENT_ID
from forum.services.signed_links import link_token, read_link_token

LINK_PURPOSE = "invitation"  # the link shown on the members page to copy: anyone who can see the page has it
MAILED_LINK_PURPOSE = "invitation-mailed"  # the link in the invitation's mail: only the address's owner reads it
Target = Forum | Organization | Series
TARGET_COLUMNS = {Forum: "forum_id", Organization: "organization_id", Series: "series_id"}


def target_column(target: Target) -> str:
    """The column of a membership or invitation that names ``target``."""
    return TARGET_COLUMNS[type(target)]


def _target_columns(target: Target) -> dict:
    return {target_column(target): target.id}


def _checked_role(role: str, *, series: bool = False) -> str:
    if series and role not in SERIES_ROLES:
        raise ServiceError(422, _l("A series has viewers only."), "unknown_role")
    if not series and role not in MEMBER_ROLES:
        raise ServiceError(422, _l("Choose a role: organizer, analyst or viewer."), "unknown_role")
    return role


def members_of(target: Target) -> list[Membership]:
    """The members with a role on ``target``, by name as a reader sorts them, accents and case aside ("Élodie"
    before "Zoé"; the database's order puts it after)."""
    return sorted(db.session.scalars(select(Membership).filter_by(**_target_columns(target)).join(Membership.user)
                                    .options(contains_eager(Membership.user))),
                  key=lambda membership: (label_key(membership.user.name or ""), membership.id))


def pending_invitations(target: Target) -> list[Invitation]:
    return [invitation for invitation in db.session.scalars(
        select(Invitation).filter_by(**_target_columns(target), accepted_at=None, revoked_at=None)
        .order_by(Invitation.created_at.desc())) if invitation.is_pending]


def _has_role_already(target: Target, email: str) -> bool:
    if not isinstance(target, Organization) and target.owner.email == email:
        return True
    return db.session.scalar(select(Membership.id).join(Membership.user)
                             .filter_by(**_target_columns(target)).where(User.email == email)) is not None


def invite(target: Target, email: str, role: str, *, by: User,
           client_id: str | None = None) -> tuple[Invitation, bool]:
    """(the invitation, whether it is new): a new one replaces an earlier pending one to the same address
    (its link stops working); the form sent again (the same ``client_id``), even at the very same instant,
    gives the invitation it made the first time, not new, so that it is mailed once."""
    _checked_role(role, series=isinstance(target, Series))
    if _has_role_already(target, email):
        raise ServiceError(409, _l("%(email)s can read this series already.", email=email)
                           if isinstance(target, Series) else
                           _l("%(email)s has a role here already: change it in the list of members.", email=email),
                           "already_member")

    def write() -> tuple[Invitation, bool]:
        sent = added_by_form(Invitation, client_id, **_target_columns(target))
        if sent:
            return sent, False
        for earlier in pending_invitations(target):
            if earlier.email == email:
                earlier.revoke()
        invitation = Invitation(**_target_columns(target), email=email, role=role, invited_by_id=by.id,
                                expires_at=utcnow() + timedelta(days=current_app.config["INVITATION_DAYS"]),
                                client_id=client_id)
        db.session.add(invitation)
        return invitation, True

    return retrying_once(write)


def invitation_token(invitation: Invitation, *, mailed: bool = False) -> str:
    """The token of the invitation's link: ``mailed``, the one in the mail to the invited address, which proves the
    address (``proves_address``); else the one the members page shows to copy, which the organizer has too."""
    return link_token(MAILED_LINK_PURPOSE if mailed else LINK_PURPOSE, invitation.id, 1)


def proves_address(token: str) -> bool:
    """Whether the invitation link came in the mail to the invited address (only its owner reads it)."""
    return read_link_token(MAILED_LINK_PURPOSE, token) is not None


def invitation_for_token(token: str) -> Invitation:
    """The invitation a link (mailed or copied) opens; 404 for a link never made, 410 once revoked, used or
    expired."""
    signed = read_link_token(MAILED_LINK_PURPOSE, token) or read_link_token(LINK_PURPOSE, token)
    invitation = db.session.get(Invitation, signed[0]) if signed else None
    if invitation is None:
        raise ServiceError(404, _l("This invitation link is not valid. Check that it was copied whole."),
                           "unknown_link")
    if invitation.accepted_at is not None:
        raise ServiceError(410, _l("This invitation has been accepted already. Log in to see the forum."),
                           "invitation_used")
    if not invitation.is_pending:
        raise ServiceError(410, _l("This invitation has expired or was withdrawn. Ask the organizer for a "
                                   "new one."), "invitation_off")
    return invitation


def is_invited(invitation: Invitation, user: User) -> bool:
    """Is ``user``'s account the invited address (addresses compared as accounts store them)?"""
    return normal_email(user.email) == normal_email(invitation.email)


def accept(invitation: Invitation, user: User) -> None:
    """Give ``user`` the invited role (the owner stays owner; an existing member takes the new role)."""
    if not is_invited(invitation, user):
        raise ServiceError(403, _l("This invitation is for %(email)s: log in with that address to accept it.",
                                   email=invitation.email), "other_account")
    with writing():
        target = invitation.target
        owner = getattr(target, "owner_id", None) == user.id  # a forum's or a series'; organizations have none
        membership = db.session.scalar(select(Membership).filter_by(user_id=user.id,
                                                                     **_target_columns(target)))
        if membership is not None:
            membership.change_role(invitation.role)
        elif not owner:
            db.session.add(Membership(user_id=user.id, role=invitation.role, **_target_columns(target)))
        invitation.accept(user.id)


def revoke_invitation(invitation: Invitation) -> None:
    with writing():
        invitation.revoke()


def _an_organizer_stays(membership: Membership, role_after: str | None) -> None:
    """Refuse a change that would leave the membership's organization without an organizer. Called
    inside the write, with the organization's row locked (on PostgreSQL; SQLite's write lock is the
    whole database's) and the roles read afresh, so two organizers demoting each other at the same
    moment cannot both pass."""
    if membership.organization_id is None or role_after == "organizer":
        return
    db.session.execute(select(Organization.id).where(Organization.id == membership.organization_id)
                       .with_for_update())
    others = db.session.scalar(select(func.count(Membership.id)).where(
        Membership.organization_id == membership.organization_id, Membership.role == "organizer",
        Membership.id != membership.id))
    if not others:
        raise ServiceError(409, _l("An organization needs at least one organizer."), "last_organizer")


def change_role(membership: Membership, role: str) -> None:
    _checked_role(role)
    with writing():
        _an_organizer_stays(membership, role)
        membership.change_role(role)


def remove_member(membership: Membership) -> None:
    """The member's role taken away, and the removal remembered (``RemovedRole``, one per person and forum,
    organization or series: its time renewed when removed again): what they open of it afterwards says their role
    was removed (``removed_from``), not that it does not exist. A role on an organization is remembered for the
    organization and for each forum it holds at that moment: a forum it is given later was never theirs."""
    with writing():
        _an_organizer_stays(membership, None)
        target = {column: getattr(membership, column) for column in TARGET_COLUMNS.values()
                  if getattr(membership, column) is not None}
        targets = [target]
        if membership.organization_id is not None:  # and each forum it holds now, none it is given later
            targets += [{"forum_id": forum_id} for forum_id in db.session.scalars(
                select(Forum.id).where(Forum.organization_id == membership.organization_id))]
        for each in targets:
            removed = db.session.scalar(select(RemovedRole).filter_by(user_id=membership.user_id, **each))
            if removed is None:
                db.session.add(RemovedRole(user_id=membership.user_id, removed_at=utcnow(), **each))
            else:
                removed.removed_at = utcnow()
        db.session.delete(membership)


def removed_from(user_id: int, forum: Forum | None = None, organization: Organization | None = None,
                 series: Series | None = None) -> bool:
    """Whether the user, who has no role on this forum (on it, or on the organization that held it then:
    ``remove_member`` remembers its forums), organization or series, had one and was removed from it: what they open
    of it is refused saying so (403), where someone who never had a role is answered 404.

    A removal made before removals were remembered (``RemovedRole``, 2026-12-07) left no record of its own, but a role
    is given by an accepted invitation (``accept``, whose record stays) and taken away only by ``remove_member``: an
    invitation the user accepted, to a role they no longer have, was such a removal. Of those removals, one from an
    organization is told on the organization only (which forums it held then is not known), and one of an
    organization's creator (a role no invitation gave) is not told."""
    target = next(target for target in (forum, organization, series) if target is not None)
    column = target_column(target)
    remembered = select(RemovedRole.id).where(RemovedRole.user_id == user_id,
                                              getattr(RemovedRole, column) == target.id)
    accepted = select(Invitation.id).where(Invitation.accepted_by_id == user_id,
                                           getattr(Invitation, column) == target.id)
    return db.session.scalar(select(or_(remembered.exists(), accepted.exists())))


def transfer_ownership(forum: Forum, membership: Membership) -> None:
    """Hand the forum to a member of it: they become its owner, the former owner one of its organizers."""
    if membership.forum_id != forum.id:
        raise ServiceError(404, _l("This person is not a member of this forum."), "not_member")
    with writing():
        former = forum.owner_id
        forum.transfer_to(membership.user_id)
        membership.user_id = former
        membership.change_role("organizer")


def create_organization(name: str, *, by: User, client_id: str | None = None) -> Organization:
    """A new organization, ``by`` its organizer; the form sent again (the same ``client_id``) gives the
    one it created the first time (another person's client id is refused)."""
    creator_id = by.id

    def write() -> Organization:
        created = added_by_form(Organization, client_id)
        if created and not any(m.user_id == creator_id for m in created.memberships):
            raise ServiceError(409, FOREIGN_CLIENT_ID)
        if created:
            return created
        organization = Organization(name=name, client_id=client_id)
        organization.memberships = [Membership(user_id=creator_id, role="organizer")]
        db.session.add(organization)
        return organization

    return retrying_once(write)


def organization_mark(organization: Organization) -> str:
    """What the organization's settings form keeps of the name it showed (``seen_values.mark``)."""
    return seen_values.mark({"name": organization.name})


def rename_organization(organization: Organization, name: str, seen: str | None = None) -> list[str]:
    """Rename the organization. ``seen``: the form's ``organization_mark`` (None: not checked); a name someone else
    gave since is kept when this form left the name as it showed it, and refused (``seen_values.ChangedMeanwhile``)
    when it changed it too, rather than silently undone. Returns the fields kept so (["name"] or [])."""
    with writing():
        # the organization's row locked and read again as it now stands (PostgreSQL; SQLite's writers take turns)
        db.session.scalar(select(Organization).where(Organization.id == organization.id).with_for_update()
                          .execution_options(populate_existing=True))
        kept, marks = [], seen_values.read_mark(seen)
        if marks is not None:
            merged, kept, clashes = seen_values.merged({"name": organization.name}, {"name": name}, marks)
            if clashes:
                raise seen_values.ChangedMeanwhile(clashes)
            name = merged["name"]
        organization.rename(name)
        return kept


def delete_organization(organization: Organization) -> list[Forum]:
    """Delete the organization; its forums stay, each with its owner alone (the roles the organization
    gave end, roles given on a forum itself stay). Returns the forums it held."""
    with writing():
        forums = list(organization.forums)
        for forum in forums:
            forum.move_to_organization(None)
        db.session.execute(delete(Invitation).where(Invitation.organization_id == organization.id))
        db.session.delete(organization)
    return forums


def organizations_of(user: User, *, role: str | None = None) -> list[tuple[Organization, str]]:
    """The organizations ``user`` has a role in, with that role, by name as a reader sorts them, accents and case
    aside."""
    query = (select(Organization, Membership.role).join(Membership, Membership.organization_id == Organization.id)
             .where(Membership.user_id == user.id))
    if role:
        query = query.where(Membership.role == role)
    return sorted(((organization, member_role) for organization, member_role in db.session.execute(query)),
                  key=lambda row: (label_key(row[0].name or ""), row[0].id))


def move_to_organization(forum: Forum, organization_id: int | None, *, by: User) -> None:
    """Put the forum in one of the organizations ``by`` organizes (its members get their role on it), or
    take it out (None)."""
    if organization_id is not None and organization_id not in {
            organization.id for organization, _role in organizations_of(by, role="organizer")}:
        raise ServiceError(403, _l("You can only put a forum in an organization you organize."), "not_organizer")
    with writing():
        forum.move_to_organization(organization_id)


def shared_forums(user: User) -> list[tuple[Forum, str]]:
    """Forums others own on which ``user`` has a role (on the forum, or through its organization; a series
    role gives none: its forum_id and organization_id are NULL, which equals nothing)."""
    rows = db.session.execute(
        select(Forum, Membership.role).join(Membership, or_(
            Membership.forum_id == Forum.id, Membership.organization_id == Forum.organization_id))
        .where(Membership.user_id == user.id, Forum.owner_id != user.id).order_by(Forum.created_at.desc()))
    roles: dict[int, list] = {}
    for forum, role in rows:
        roles.setdefault(forum.id, [forum]).append(role)
    return [(forum, highest(forum_roles)) for forum, *forum_roles in roles.values()]
