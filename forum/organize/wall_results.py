"""The live results on the wall, as bars: a dot vote's items or a session rating's stars, worded in
the wall page's language (what is shown: forum.services.wall_results)."""
from __future__ import annotations

from flask_babel import format_decimal, ngettext
from flask_babel import gettext as _

from forum.models import Ballot, Forum, Round
from forum.services import ballots, evaluation_results
from forum.services.wall_results import shown_item

MAX_ROWS = 8  # what a projector shows readably at 1366×768 under the wall's header


def wall_results(forum: Forum, locale: str) -> dict | None:
    """{"key", "title", "summary", "rows": [{"id", "label", "value", "share", "text"}], "more"}."""
    item = shown_item(forum)
    if isinstance(item, Ballot):
        return _ballot(forum.wall_results, item, locale)
    if isinstance(item, Round):
        return _rating(forum, forum.wall_results, item, locale)
    return None


def _ballot(key: str, ballot: Ballot, locale: str) -> dict:
    result = ballots.results(ballot, locale)
    rows = [{"id": str(row["id"]), "label": row["label"], "value": row["dots"], "share": row["share_of_top"],
             "text": ngettext("%(num)d dot", "%(num)d dots", row["dots"])} for row in result["items"]]
    summary = " · ".join((ngettext("%(num)d voter", "%(num)d voters", result["voters"]),
                          ngettext("%(num)d dot placed", "%(num)d dots placed", result["dots"])))
    return {"key": key, "title": ballot.title.in_(locale), "summary": summary, "rows": rows[:MAX_ROWS],
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
    return {"key": key, "title": _("Session rating: %(session)s", session=session_round.title.in_(locale)),
            "summary": " · ".join(words), "rows": rows, "more": 0}
