"""Two organizers saving the same form at once: what a form keeps of the values it showed, and how its save is
merged with a change someone else made meanwhile, field by field, rather than silently undoing it.

A form's fields are flattened into slots ("title.en", "title.fr", "number"), each a text; the page keeps a short
digest of each slot as it showed it (``mark``), in a hidden field. On save (``merged``), a slot nobody else changed
takes the form's value; one someone else changed since is kept as they left it when the form left it as it showed
it, and is a clash when the form changed it too (the caller refuses the save with a 409 naming those slots)."""
from __future__ import annotations

import hashlib

from forum.lazy_text import lazy_gettext as _l
from forum.models import Translated
from forum.models.translated import LANGUAGES
from forum.services.errors import ServiceError

CHANGED_MEANWHILE = _l("Someone else (or you, in another tab) changed this while you were editing it, so your changes "
                       "were not saved.")


class ChangedMeanwhile(ServiceError):
    """A save refused (409) as someone else (or the same organizer in another tab) changed the same field since the
    form was shown: ``slots``, those fields ("question.fr", "number"), which the page names with what they hold
    now."""

    def __init__(self, slots: list[str]):
        super().__init__(409, CHANGED_MEANWHILE, "changed_meanwhile")
        self.slots = slots


def slots(values: dict) -> dict[str, str]:
    """``values`` (field name -> a ``Translated``, text, number or None) as texts by slot."""
    flat = {}
    for name, value in values.items():
        if isinstance(value, Translated):
            flat.update({f"{name}.{code}": getattr(value, code) or "" for code in LANGUAGES})
        else:
            flat[name] = "" if value is None else str(value)
    return flat


def slot_language(slot: str) -> str | None:
    """The language a slot's text is written in ("title.fr": "fr"), None for a slot of no language ("number")."""
    _name, _sep, language = slot.partition(".")
    return language if language in LANGUAGES else None


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def mark(values: dict) -> str:
    """What a form keeps of the ``values`` it shows: each slot's short digest."""
    return " ".join(f"{slot}={digest(text)}" for slot, text in slots(values).items())


def read_mark(posted: str | None) -> dict[str, str] | None:
    """A form's ``mark`` as it came back (None: none, not checked)."""
    pairs = [part.partition("=") for part in (posted or "").split()]
    return {slot: shown for slot, _sep, shown in pairs} or None


def merged(now: dict, mine: dict, seen: dict[str, str]) -> tuple[dict[str, str], list[str], list[str]]:
    """(the slots to save, those kept as someone else left them, those both changed): ``now`` the values saved,
    ``mine`` the form's, ``seen`` its ``read_mark``."""
    saved, wanted = slots(now), slots(mine)
    result, kept, clashes = {}, [], []
    for slot, text in wanted.items():
        shown, current = seen.get(slot), saved.get(slot, "")
        if shown is None or shown == digest(current) or text == current:
            result[slot] = text  # nobody else changed it (or both made it the same)
        elif digest(text) == shown:
            result[slot] = current  # the other's change stands: this form left the field as it showed it
            kept.append(slot)
        else:
            clashes.append(slot)
    return result, kept, clashes


def value_of(merged_slots: dict[str, str], name: str, like) -> Translated | str | None:
    """Field ``name`` back from merged slots, of the kind of ``like`` (the form's value)."""
    if isinstance(like, Translated):
        return Translated(**{code: merged_slots[f"{name}.{code}"] or None for code in LANGUAGES})
    if isinstance(like, int) and not isinstance(like, bool):
        return int(merged_slots[name])
    return merged_slots[name] or None
