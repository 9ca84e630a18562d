"""Series of forums (the editions of a recurring forum): the only writes of a series and its editions."""
from __future__ import annotations

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import selectinload

from analysis.matrix import label_key
from forum.database import retrying_once, writing
from forum.extensions import db
from forum.lazy_text import lazy_gettext as _l
from forum.models import Forum, Membership, Series, Translated, User
from forum.services.added_once import added_by_form
from forum.services.errors import ServiceError


def by_name(all_series) -> list[Series]:
    """Series by name as the page shows it (in its language) and as a reader sorts it, accents and case aside
    ("Élan" before "Zénith"; the database's order puts it after)."""
    return sorted(all_series, key=lambda series: (label_key(str(series.name)), series.id))


def role_on_forum(user_id: int):
    """The condition on Forum that the user has a role on it: their own forum, a role on it or on its
    organization."""
    return or_(Forum.owner_id == user_id, exists().where(
        Membership.user_id == user_id,
        or_(Membership.forum_id == Forum.id, Membership.organization_id == Forum.organization_id)))


def reads_an_edition(user_id: int):
    """The condition that the user has a role on one of the series' editions at least: a network or funder given
    a role on an organization reads the comparison of its series, restricted to the editions they have a role on
    (``comparison_forums``), which shows nothing those editions' pages do not show them already. An edition added
    that they have no role on is left out of it, not the whole comparison."""
    return exists().where(Forum.series_id == Series.id, role_on_forum(user_id))


def reads_in_comparison(user_id: int):
    """The condition on Forum that ``user_id`` reads it as an edition in its series' comparison: every edition for
    the series' creator and the viewers the creator invited (the creator shares the whole comparison), else those
    they have a role on (``role_on_forum``). The one rule of ``comparison_forums`` and ``edition_counts``."""
    return and_(Forum.series_id.is_not(None), or_(
        exists().where(Series.id == Forum.series_id, Series.owner_id == user_id),
        exists().where(Membership.series_id == Forum.series_id, Membership.user_id == user_id),
        role_on_forum(user_id)))


def comparison_forums(series: Series, user_id: int) -> tuple[list[Forum], int]:
    """The editions ``user_id`` reads in the series' comparison (``reads_in_comparison``), oldest first, and how
    many of its editions are left out for them (counted, never named)."""
    forums = list(series.forums)
    readable = set(db.session.scalars(select(Forum.id).where(Forum.series_id == series.id,
                                                             reads_in_comparison(user_id))))
    shown = [forum for forum in forums if forum.id in readable]
    return shown, len(forums) - len(shown)


def edition_counts(all_series: list[Series], user_id: int) -> dict[int, int]:
    """How many editions of each series ``user_id`` reads in its comparison (``reads_in_comparison``, as
    ``comparison_forums``), by series id. A list of series counts no edition the series page would not show them
    (that page alone says how many are left out)."""
    ids = [series.id for series in all_series]
    if not ids:
        return {}
    readable = dict(db.session.execute(select(Forum.series_id, func.count(Forum.id))
                                       .where(Forum.series_id.in_(ids), reads_in_comparison(user_id))
                                       .group_by(Forum.series_id)).all())
    return {series.id: readable.get(series.id, 0) for series in all_series}


def series_of(user: User) -> list[Series]:
    return by_name(db.session.scalars(select(Series).where(Series.owner_id == user.id)))


def shared_series(user: User) -> list[Series]:
    """The series whose comparison ``user`` reads and did not create: invited to (a role on a series is a
    viewer's), or through a role on one of its editions at least."""
    invited = exists().where(Membership.series_id == Series.id, Membership.user_id == user.id)
    return by_name(db.session.scalars(select(Series).where(Series.owner_id != user.id,
                                                           or_(invited, reads_an_edition(user.id)))
                                      .options(selectinload(Series.forums), selectinload(Series.owner))))


def series_of_organization(organization_id: int, user: User) -> list[Series]:
    """The series holding a forum of the organization whose comparison ``user`` reads: made, invited to, or
    with a role on one of its editions (an organization's members have one on all its forums)."""
    holds = exists().where(Forum.series_id == Series.id, Forum.organization_id == organization_id)
    invited = exists().where(Membership.series_id == Series.id, Membership.user_id == user.id)
    return by_name(db.session.scalars(select(Series).where(holds, or_(Series.owner_id == user.id, invited,
                                                                      reads_an_edition(user.id)))
                                      .options(selectinload(Series.forums))))


def invited_to(user: User) -> set[int]:
    """The ids of the series whose comparison ``user`` was invited to read (the others of ``shared_series``
    they read through their roles on its editions)."""
    return set(db.session.scalars(select(Membership.series_id).where(Membership.user_id == user.id,
                                                                     Membership.series_id.is_not(None))))


def create_series(owner: User, *, name: Translated, description: Translated = Translated(),
                  client_id: str | None = None) -> Series:
    """A new series; the form sent again (the same ``client_id``) gives the one it created the first time."""
    owner_id = owner.id

    def write() -> Series:
        created = added_by_form(Series, client_id, owner_id=owner_id)
        if created:
            return created
        series = Series(owner=owner, name=name, description=description, client_id=client_id)
        db.session.add(series)
        return series

    return retrying_once(write)


def update_series(series: Series, *, name: Translated, description: Translated) -> None:
    with writing():
        series.name, series.description = name, description


def delete_series(series: Series) -> None:
    """The series goes; its forums stay, in no series. Its viewers and invitations go with it (the
    database's ON DELETE CASCADE)."""
    with writing():
        for forum in list(series.forums):
            forum.series = None
        db.session.delete(series)


def hand_over(series: Series, membership: Membership) -> None:
    """Hand the series to one of its viewers: they become its creator, the former creator one of its viewers."""
    if membership.series_id != series.id:
        raise ServiceError(404, _l("This person does not read this series."), "not_member")
    with writing():
        series.owner_id, membership.user_id = membership.user_id, series.owner_id


def add_forum(series: Series, forum: Forum) -> None:
    """Refused when the forum is in another series (a forum is an edition of one series)."""
    with writing():
        if forum.series_id not in (None, series.id):
            raise ServiceError(409, _l("%(forum)s is already in the series %(series)s. Remove it from there first.",
                                       forum=forum.name, series=forum.series.name), "in_another_series")
        forum.series = series


def remove_forum(series: Series, forum: Forum) -> None:
    with writing():
        if forum.series_id == series.id:
            forum.series = None
