"""A correction step in words, in the language of the page showing it (for the undo button and its announcement,
and the message flashed after an undo: forum/flashes.py)."""
from __future__ import annotations


from forum.lazy_text import lazy_gettext as _l
from forum.lazy_text import lazy_ngettext as _ln
from forum.models import CorrectionStep, Translated


def step_message(step: CorrectionStep) -> str:
    summary = {key: Translated.from_json(value) if isinstance(value, dict) else value
               for key, value in step.summary.items()}  # labels in both languages, shown in the page's
    if step.kind == "rename":
        return _l("renaming “%(old)s” to “%(new)s”.", old=summary["from"], new=summary["to"])
    if step.kind == "merge":
        return _l("merging “%(source)s” into “%(target)s”.", source=summary["from"], target=summary["to"])
    if step.kind == "split":
        return _ln("splitting %(num)d card off “%(source)s” as a new theme.",
                        "splitting %(num)d cards off “%(source)s” as a new theme.",
                        summary["count"], source=summary["from"])
    if step.kind == "groups" and "to" not in summary:
        return _ln("filing %(num)d card under its suggested group.",
                        "filing %(num)d cards under their suggested groups.", summary["count"])
    if step.kind == "reject":
        return _l("setting aside the suggested group %(group)s of a card.", group=summary["to"])
    if step.kind == "groups":
        return _ln("filing %(num)d card under %(group)s.", "filing %(num)d cards under %(group)s.",
                        summary["count"], group=summary["to"])
    return _ln("moving %(num)d card from “%(source)s” to “%(target)s”.",
                    "moving %(num)d cards from “%(source)s” to “%(target)s”.",
                    summary["count"], source=summary["from"], target=summary["to"])
