"""The one access rule of the organizer pages: each view names the action it needs (``@requires``),
and the signed-in user's role on the forum, read with the forum in one query, must allow it."""
from __future__ import annotations

from dataclasses import dataclass
from functools import wraps

from flask import abort, current_app, g, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import and_, or_, select
from werkzeug.exceptions import HTTPException

from forum.errors import RoleRemoved, abort_with
from forum.lazy_text import lazy_gettext as _l
from forum.extensions import db
from forum.models import Forum, Membership, Organization, Series
from forum.roles import ROLE_IN_SENTENCE, Action, highest, may
from forum.services.members import removed_from
from forum.services.series import reads_an_edition


@dataclass
class Access:
    """What this request was allowed: the forum (or organization, or series) and the user's role on it."""
    request: object
    role: str | None
    forum: Forum | None = None
    organization: Organization | None = None
    series: Series | None = None


def current_access() -> Access | None:
    # Kept on g, but only for the request that checked it (tests may keep an app context across requests).
    access = g.get("access")
    return access if access is not None and access.request is request._get_current_object() else None


def forum_with_role(forum_id: int, user_id: int) -> tuple[Forum | None, str | None]:
    """The forum and the user's role on it: owner, or the strongest membership on the forum or on its
    organization (None: no role)."""
    rows = db.session.execute(
        select(Forum, Membership.role).where(Forum.id == forum_id).outerjoin(Membership, and_(
            Membership.user_id == user_id,
            or_(Membership.forum_id == Forum.id, Membership.organization_id == Forum.organization_id)))
    ).all()
    if not rows:
        return None, None
    forum = rows[0][0]
    return forum, "owner" if forum.owner_id == user_id else highest(role for _forum, role in rows)


def organization_with_role(organization_id: int, user_id: int) -> tuple[Organization | None, str | None]:
    row = db.session.execute(
        select(Organization, Membership.role).where(Organization.id == organization_id).outerjoin(
            Membership, and_(Membership.organization_id == Organization.id, Membership.user_id == user_id))
    ).first()
    return (row[0], row[1]) if row else (None, None)


def series_with_role(series_id: int, user_id: int) -> tuple[Series | None, str | None]:
    """The series and the user's role on it: owner (its creator), or viewer of its comparison, invited to
    it or with a role on one of its editions at least (e.g. through their organization), who reads the
    comparison of those editions only (``forum.services.series.comparison_forums``). A series role gives none
    on its forums."""
    row = db.session.execute(
        select(Series, Membership.role, reads_an_edition(user_id)).where(Series.id == series_id).outerjoin(
            Membership, and_(Membership.series_id == Series.id, Membership.user_id == user_id))
    ).first()
    if row is None:
        return None, None
    series, invited, reads_editions = row
    return series, "owner" if series.owner_id == user_id else invited or ("viewer" if reads_editions else None)


def requires(action: Action, *, post: Action | None = None):
    """Name the action a page needs: ``action`` to read it, and ``post`` when the same URL also takes
    a form that needs more (a POST-only view names its one action)."""
    def decorate(view):
        @wraps(view)
        def checked(*args, **kwargs):
            if "organization_id" in kwargs:
                checked_organization(kwargs["organization_id"])
            elif "series_id" in kwargs:
                checked_series(kwargs["series_id"])
            else:
                owned_forum(kwargs["forum_id"])
            return view(*args, **kwargs)

        checked.required_actions = {"GET": action, "POST": post or action}
        return checked
    return decorate


def required_action(endpoint: str | None = None, method: str | None = None) -> Action:
    """The action a route needs; a route that names none is for organizers only."""
    view = current_app.view_functions.get(endpoint or request.endpoint)
    method = method or ("GET" if request.method in ("GET", "HEAD") else "POST")
    return getattr(view, "required_actions", {}).get(method, Action.MANAGE)


def _check(role: str | None, action: Action, refusal: str | None = None) -> None:
    """Someone with no role on the forum (organization, series) is answered as if it did not exist (404, the same
    page as for an id never used): who may not open it may not learn that it exists either, nor enumerate ids. A
    member whose role lacks the action (a viewer pressing an organizer's button) knows the forum and is told why
    (403); so is a viewer of the forum's series (``refusal``), who reads its comparison and is pointed there."""
    if role is None:
        if refusal:
            abort_with(403, refusal)
        abort(404)
    if not may(role, action):
        abort_with(403, _("Your role here (%(role)s) does not allow this page or change. "
                          "Ask one of the organizers.", role=ROLE_IN_SENTENCE[role]))


def _checked(kind: str, target_id: int, with_role):
    """The forum or organization (``kind``) of this request, read once with the user's role on it."""
    access = current_access()
    if access is not None and getattr(access, kind) is not None and getattr(access, kind).id == target_id:
        return getattr(access, kind)
    target, role = with_role(target_id, current_user.id)
    if target is None:
        abort(404)
    # a viewer of the forum's series is pointed to its comparison, even when once removed from the forum itself
    series_only = _series_only(target) if role is None and kind == "forum" else None
    if role is None and series_only is None and removed_from(current_user.id, **{kind: target}):
        raise RoleRemoved(str(REMOVED[kind]))
    _check(role, required_action(), series_only)
    g.access = Access(request._get_current_object(), role, **{kind: target})
    return target


# What someone whose role was removed is told when they open (or send a form to) what it was a role on: they knew it
# (someone who never had a role is answered 404, as for an id never used).
REMOVED = {"forum": _l("You no longer have access to this forum (your role was removed)."),
           "organization": _l("You no longer have access to this organization's forums (your role was removed)."),
           "series": _l("You no longer have access to this series' comparison (your role was removed).")}


def owned_forum(forum_id: int) -> Forum:
    """The forum of this request, when the user's role allows what the route does (404 without a role on it, as for
    a forum that does not exist; 403 for a role that does not allow it).
    Every organizer view calls it (through ``requires`` or itself); the forum and role are read once."""
    return _checked("forum", forum_id, forum_with_role)


def checked_organization(organization_id: int) -> Organization:
    """The organization of this request, when the user's role in it allows what the route does."""
    return _checked("organization", organization_id, organization_with_role)


def checked_series(series_id: int) -> Series:
    """The series of this request, when the user's role on it allows what the route does: its creator
    does everything, a viewer reads the comparison page."""
    return _checked("series", series_id, series_with_role)


def _series_only(forum: Forum) -> str | None:
    """Why a viewer or the creator of the forum's series, who has no role on the forum, is refused it (None: neither).
    They know the forum from the series (the edition is named there), so they are told why rather than answered 404."""
    if forum.series_id is None or (forum.series.owner_id != current_user.id and db.session.scalar(
            select(Membership.id).filter_by(series_id=forum.series_id, user_id=current_user.id)) is None):
        return None
    return _("You can read the comparison of the series “%(series)s”, not its forums. For more, ask the forum's "
             "organizers for a role on it.", series=forum.series.name)


def owned_child(forum: Forum, model, child_id: int, missing: str | None = None):
    """A round, table, group, card, review link or comment that must belong to ``forum``: 404 otherwise, saying
    ``missing`` when given (what is gone, and what to do)."""
    child = db.session.get(model, child_id)
    if child is None or child.forum_id != forum.id:
        if missing:
            abort_with(404, missing)
        abort(404)
    return child


def may_open(forum: Forum | None, roles: dict | None = None) -> bool:
    """Whether the signed-in user may open this forum's pages (a role on it allows its dashboard): a page of
    another forum names or links it only then, and says nothing of it otherwise. ``roles``: the user's roles
    looked up already (forum id -> role), filled in here."""
    if forum is None:
        return False
    roles = {} if roles is None else roles
    if forum.id not in roles:
        roles[forum.id] = forum_with_role(forum.id, current_user.id)[1]
    return may(roles[forum.id], Action.VIEW)


def named_editions(forums: list[Forum], roles: dict | None = None) -> list[dict]:
    """Other editions for a page to name: each ``{"forum": forum}`` for a reader with a role on it (``may_open``),
    ``{"forum": None}`` (named by no word) otherwise. ``roles``: as ``may_open``'s, shared by a page's lists."""
    roles = {} if roles is None else roles
    return [{"forum": forum if may_open(forum, roles) else None} for forum in forums]


def current_role() -> str | None:
    access = current_access()
    return access.role if access else None


def can(action: str) -> bool:
    """In templates: may the user do this on the page's forum, organization or series?"""
    return may(current_role(), Action(action))


def may_post(url: str) -> bool:
    """In templates: may the user send this form (buttons and forms a role cannot use are left out)?
    True on pages without a forum, organization or series role to check."""
    role = current_role()
    if role is None:
        return True
    try:
        endpoint, _args = current_app.url_map.bind("").match(url.split("?")[0], method="POST")
    except HTTPException:
        return True
    return may(role, required_action(endpoint, "POST"))


def page_allowed(endpoint: str) -> bool:
    """In templates: may the user open this page of the forum (the menu shows only those)?"""
    return may(current_role(), required_action(endpoint, "GET"))

