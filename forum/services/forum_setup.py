"""A forum's rounds, tables and stakeholder groups: the only writes of how a forum is set up."""
from __future__ import annotations

from sqlalchemy import func, select

from forum.database import retrying_once, writing
from forum.extensions import db
from forum.lazy_text import lazy_gettext as _l
from forum.models import Forum, IdeaCard, Round, StakeholderGroup, Table
from forum.services.added_once import added_by_form
from forum.services.errors import ServiceError
from forum.services.forums import move_in_order, slugify, unique_key

# kind -> (model, the card column that points to it); each kind is named like the forum's relationship
KINDS = {
    "rounds": (Round, IdeaCard.round_id),
    "tables": (Table, IdeaCard.table_id),
    "groups": (StakeholderGroup, IdeaCard.group_id),
}


def items_of(forum: Forum, kind: str) -> list:
    return getattr(forum, kind)


def _apply(forum: Forum, kind: str, item, values: dict) -> None:
    """Copy a form's ``values`` onto the item; refused when a table number is taken."""
    if kind == "rounds":
        item.title, item.question = values["title"], values["question"]
        if not item.key:
            item.key = unique_key(slugify(item.title.in_(forum.main_language)), {r.key for r in forum.rounds})
    elif kind == "tables":
        if any(t.number == values["number"] and t is not item for t in forum.tables):
            raise ServiceError(409, _l("There is already a table %(number)s.", number=values["number"]),
                               "table_number_taken")
        item.number, item.facilitator_name = values["number"], values["facilitator_name"] or None
    else:
        item.name, item.description = values["name"], values["description"]
        if not item.key:
            item.key = unique_key(slugify(item.name.in_(forum.main_language)), {g.key for g in forum.groups})


def add_item(forum: Forum, kind: str, values: dict):
    """The new round, table or group, at the end of its list; the form sent again (the same
    ``values["client_id"]``) gives the item it added the first time."""
    model, _column = KINDS[kind]
    client_id = values.get("client_id") or None

    def write():
        added = added_by_form(model, client_id, forum_id=forum.id)
        if added:
            return added
        item = model(forum_id=forum.id, client_id=client_id)
        if kind != "tables":  # tables are ordered by number
            item.position = len(items_of(forum, kind))
        _apply(forum, kind, item, values)
        items_of(forum, kind).append(item)
        return item

    return retrying_once(write)


def update_item(forum: Forum, kind: str, item, values: dict) -> None:
    with writing():
        _apply(forum, kind, item, values)


def check_deletable(forum: Forum, kind: str, item) -> None:
    """Refused while idea cards use the item (deleted cards included: they can be restored)."""
    _model, column = KINDS[kind]
    cards = db.session.scalar(select(func.count(IdeaCard.id)).where(IdeaCard.forum_id == forum.id,
                                                                    column == item.id))
    if cards:
        raise ServiceError(409, _l("%(count)s idea cards use this; it cannot be deleted. Rename it instead.",
                                   count=cards), "in_use")


def delete_item(forum: Forum, kind: str, item) -> None:
    with writing():
        check_deletable(forum, kind, item)
        items_of(forum, kind).remove(item)


def move_item(forum: Forum, kind: str, item, up: bool) -> None:
    """Swap the item with the one before (``up``) or after it."""
    with writing():
        move_in_order(items_of(forum, kind), item, up)


def name_facilitators(forum: Forum, names: dict[int, str | None]) -> None:
    """Every table's facilitator at once (``names``: table id → name, empty for none)."""
    with writing():
        for table in forum.tables:
            if table.id in names:
                table.facilitator_name = names[table.id] or None
