"""A forum's rounds, tables and stakeholder groups: the only writes of how a forum is set up."""
from __future__ import annotations

from sqlalchemy import func, select

from forum.database import retrying_once, writing
from forum.extensions import db
from forum.lazy_text import lazy_gettext as _l
from forum.models import Forum, IdeaCard, Round, StakeholderGroup, Table
from forum.services import seen_values
from forum.services.seen_values import ChangedMeanwhile
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


# The highest table number (the table form's limit).
TABLE_NUMBER_MAX = 999


def add_tables(forum: Forum, count: int, facilitators: list[str], client_id: str | None = None) -> list[Table]:
    """``count`` new tables numbered after the forum's last, the first ones given the ``facilitators`` in order;
    all or none (refused when the numbers would pass ``TABLE_NUMBER_MAX``). The form sent again (the same
    ``client_id``) gives the tables it added the first time."""
    client_ids = [f"{client_id}-{n}" for n in range(1, count + 1)] if client_id else [None] * count

    def write():
        if client_id:
            added = db.session.scalars(select(Table).where(Table.forum_id == forum.id, Table.client_id.in_(client_ids))
                                       .order_by(Table.number)).all()
            if added:
                return added
        first = max((table.number for table in forum.tables), default=0) + 1
        if first + count - 1 > TABLE_NUMBER_MAX:
            raise ServiceError(422, _l("These tables would be numbered %(first)d to %(last)d, and table numbers go up "
                                       "to %(max)d. Nothing was added.", first=first, last=first + count - 1,
                                       max=TABLE_NUMBER_MAX), "table_number_too_high")
        tables = [Table(number=first + index, client_id=client_ids[index],
                        facilitator_name=facilitators[index] if index < len(facilitators) else None)
                  for index in range(count)]
        forum.tables.extend(tables)
        db.session.flush()
        return tables

    return retrying_once(write)


# What an item's edit form sets, field by field; a text in both languages is two slots ("title.en", "title.fr").
FIELDS = {"rounds": ("title", "question"), "tables": ("number", "facilitator_name"), "groups": ("name", "description")}


def _values(kind: str, value_of) -> dict:
    """The fields an item's edit form sets, from the item (``value_of`` its getattr) or the form's values."""
    return {name: value_of(name) for name in FIELDS[kind]}


def seen_mark(kind: str, item) -> str:
    """What an item's edit form keeps of what it showed (``seen_values.mark``), so that its save tells a field
    someone else changed meanwhile (kept as they left it) from one this form changed."""
    return seen_values.mark(_values(kind, lambda name: getattr(item, name)))


def _merged(kind: str, item, values: dict, seen: dict[str, str]) -> tuple[dict, list[str]]:
    """The form's ``values`` with each field someone else changed since the form was shown (and the form left as it
    showed it) as it is now; and the slots the form left so. ``ChangedMeanwhile`` when both changed a field."""
    merged, kept, clashes = seen_values.merged(_values(kind, lambda name: getattr(item, name)),
                                               _values(kind, values.get), seen)
    if clashes:
        raise ChangedMeanwhile(clashes)
    values = dict(values)
    for name in FIELDS[kind]:
        values[name] = seen_values.value_of(merged, name, values.get(name))
    return values, kept


def saved_text(kind: str, item, slot: str) -> str:
    """What the item holds now in ``slot`` (empty: nothing)."""
    return seen_values.slots(_values(kind, lambda name: getattr(item, name)))[slot]


def update_item(forum: Forum, kind: str, item, values: dict, seen: str | None = None) -> list[str]:
    """Save an item's form. ``seen``: the form's ``seen_mark`` (None: not checked); a field someone else changed
    since is kept as they left it when this form did not change it, and refused (``ChangedMeanwhile``) when it did,
    rather than silently undone. Returns the slots kept so."""
    model, _column = KINDS[kind]
    with writing():
        # the item's row locked and read again as it now stands (PostgreSQL; SQLite's writers take turns); FOR NO
        # KEY UPDATE, so that the cards being written in it (their foreign key holds its row FOR KEY SHARE) go on
        db.session.scalar(select(model).where(model.id == item.id).with_for_update(key_share=True)
                          .execution_options(populate_existing=True))
        kept = []
        marks = seen_values.read_mark(seen)
        if marks is not None:
            values, kept = _merged(kind, item, values, marks)
        _apply(forum, kind, item, values)
        return kept


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


def name_mark(name: str | None) -> str:
    """What the form naming every table's facilitator keeps of each name it showed."""
    return seen_values.digest(name or "")


def name_facilitators(forum: Forum, names: dict[int, str | None], seen: dict[int, str] | None = None) -> list[Table]:
    """Every table's facilitator at once (``names``: table id → name, empty for none). ``seen``: each table's
    ``name_mark`` as the form showed it; a name someone else changed since is kept when the form left it as it
    showed it, and refused (``ChangedMeanwhile``, slots "table<id>") when the form changed it too. Returns the
    tables whose name was kept so."""
    seen = seen or {}
    with writing():
        # the forum's tables locked and read again as they now stand (PostgreSQL; SQLite's writers take turns).
        # FOR NO KEY UPDATE: two saves (or a save and a facilitator's account given to a table) still take turns,
        # but the cards being written at the tables, whose foreign key holds a table's row FOR KEY SHARE, are not
        # waited for (FOR UPDATE waited for every table's cards to pause).
        tables = db.session.scalars(select(Table).where(Table.forum_id == forum.id).order_by(Table.number)
                                    .with_for_update(key_share=True).execution_options(populate_existing=True)).all()
        kept, clashes, changes = [], [], {}
        for table in tables:
            if table.id not in names:
                continue
            mine, now, shown = names[table.id] or "", table.facilitator_name or "", seen.get(table.id)
            if shown is None or shown == seen_values.digest(now) or mine == now:
                changes[table] = mine or None
            elif seen_values.digest(mine) == shown:
                kept.append(table)
            else:
                clashes.append(f"table{table.id}")
        if clashes:
            raise ChangedMeanwhile(clashes)
        for table, name in changes.items():
            table.facilitator_name = name
        return kept
