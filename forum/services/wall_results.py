"""The live results the organizer puts on the wall: a dot vote or a session's rating, as bars.

``Forum.wall_results`` names what is shown ("ballot:<id>" or "rating:<round id>"); the wall's
feed carries the results as plain JSON, worded in the wall page's language.
"""
from __future__ import annotations

from flask_babel import format_decimal, ngettext
from flask_babel import gettext as _

from forum.database import write_transaction
from forum.extensions import db
from forum.models import Ballot, Forum, Round
from forum.services import ballots, evaluation_results

MAX_ROWS = 8  # what a projector shows readably at 1366×768 under the wall's header


def parse_key(key: str | None) -> tuple[type, int] | None:
    """("ballot:5" →) the model and id a wall results key names, or None for a malformed one."""
    kind, _sep, item_id = (key or "").partition(":")
    model = {"ballot": Ballot, "rating": Round}.get(kind)
    return (model, int(item_id)) if model and item_id.isdigit() else None


def shown_item(forum: Forum) -> Ballot | Round | None:
    """The forum's ballot or round that the wall shows, if it still exists."""
    parsed = parse_key(forum.wall_results)
    item = db.session.get(*parsed) if parsed else None
    return item if item is not None and item.forum_id == forum.id else None


def show_on_wall(forum_id: int, key: str | None) -> None:
    """Put a ballot's or a session rating's results on the wall (``None``: back to the ideas)."""
    def write():
        db.session.get(Forum, forum_id).wall_results = key

    write_transaction(db.session, write)


def wall_results(forum: Forum, locale: str) -> dict | None:
    """{"key", "title", "summary", "rows": [{"id", "label", "value", "share", "text"}], "more"}."""
    item = shown_item(forum)
    if isinstance(item, Ballot):
        return _ballot(forum.wall_results, item)
    if isinstance(item, Round):
        return _rating(forum, forum.wall_results, item, locale)
    return None


def _ballot(key: str, ballot: Ballot) -> dict:
    result = ballots.results(ballot)
    rows = [{"id": str(row["id"]), "label": row["label"], "value": row["dots"], "share": row["share_of_top"],
             "text": ngettext("%(num)d dot", "%(num)d dots", row["dots"])} for row in result["items"]]
    summary = " · ".join((ngettext("%(num)d voter", "%(num)d voters", result["voters"]),
                          ngettext("%(num)d dot placed", "%(num)d dots placed", result["dots"])))
    return {"key": key, "title": ballot.title, "summary": summary, "rows": rows[:MAX_ROWS],
            "more": max(len(rows) - MAX_ROWS, 0)}


def _rating(forum: Forum, key: str, session_round: Round, locale: str) -> dict:
    summary = evaluation_results.results(forum, session_round.id, locale)
    rating = next((q for q in summary["questions"] if q["kind"] == "rating"), None)
    counts = [(row["value"], row["count"]) for row in rating["rows"]] if rating else []
    top = max((count for _value, count in counts), default=0)
    rows = [{"id": value, "label": f"{value} ★", "value": count, "share": round(count / top, 3) if top else 0.0,
             "text": ngettext("%(num)d response", "%(num)d responses", count)} for value, count in counts]
    words = [ngettext("%(num)d response", "%(num)d responses", summary["responses"])]
    if rating and rating["mean"] is not None:
        words.insert(0, _("average %(mean)s out of 5", mean=format_decimal(rating["mean"], "0.0")))
    return {"key": key, "title": _("Session rating: %(session)s", session=session_round.title_in(locale)),
            "summary": " · ".join(words), "rows": rows, "more": 0}
