"""The app's lazy texts: made when a module or a request writes them, put into words only when they are shown,
in the language of the page then (a form's label, a service's message, a message flashed for the next page).

A ``LazyText`` says how it is made, and the app reads that and nothing else: ``made_by``, the name of its
function (``gettext``, ``ngettext``, or one registered with ``shown_as``: a date in words, an action item's
status label…), and its ``args`` and ``kwargs``. forum/flashes.py keeps a flashed one in the session as that name
and those arguments (plain JSON) and the page that shows it translates it. So the app's modules take
``lazy_gettext`` / ``lazy_ngettext`` from here, not from flask-babel, whose lazy strings keep their text id where
only flask-babel reads it (tests/forum/test_flashes.py checks it)."""
from __future__ import annotations

from typing import Callable

import flask_babel
from flask_babel import LazyString

MADE_BY: dict[str, Callable] = {"gettext": flask_babel.gettext, "ngettext": flask_babel.ngettext,
                                "pgettext": flask_babel.pgettext, "npgettext": flask_babel.npgettext}


class LazyText(LazyString):
    """A text put into words when shown, by the function registered as ``made_by`` given ``args`` and
    ``kwargs``; it behaves as a string (flask-babel's ``LazyString``) wherever one is expected."""

    def __init__(self, made_by: str, *args, **kwargs):
        super().__init__(MADE_BY[made_by], *args, **kwargs)
        self.made_by, self.args, self.kwargs = made_by, args, kwargs


def shown_as(name: str):
    """Register a function of JSON-able arguments that gives a text in the page's language (e.g. an action
    item's status label) as ``name``, so that ``LazyText(name, ...)`` is put into words by it and can be kept by a
    flashed message."""
    def register(function: Callable) -> Callable:
        MADE_BY[name] = function
        return function
    return register


def lazy_gettext(string: str, **variables) -> LazyText:
    """``gettext(string, **variables)`` when shown."""
    return LazyText("gettext", string, **variables)


def lazy_ngettext(singular: str, plural: str, num: int, **variables) -> LazyText:
    """``ngettext(singular, plural, num, **variables)`` when shown."""
    return LazyText("ngettext", singular, plural, num, **variables)
