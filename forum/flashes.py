"""Messages for the next page (Flask's flash), translated when that page shows them, in its language.

A message flashed as a finished string keeps the language of the request that made it. The page that shows it
may be in another: the redirect after a form did not arrive (a venue's Wi-Fi dropped it) and the person then
switched the language, or a page opened in one language shows what another tab's request left. A message given
lazily (``lazy_gettext`` / ``lazy_ngettext``, arguments included, lazy ones too) is kept in the session as its
text id and arguments (``kept``) and translated by ``shown_messages`` when shown. A finished string is shown as
it is."""
from __future__ import annotations

import flask
import flask_babel
from flask_babel import LazyString

KEY = "_t"  # a kept message: {"_t": [the gettext function's name, its arguments, its keyword arguments]}
TRANSLATIONS = frozenset({"gettext", "ngettext", "pgettext", "npgettext"})


def kept(message):
    """``message`` as the session can keep it: a lazy text as its id and arguments, anything else as it is."""
    if isinstance(message, LazyString) and getattr(message._func, "__name__", None) in TRANSLATIONS:
        return {KEY: [message._func.__name__, [kept(arg) for arg in message._args],
                      {name: kept(value) for name, value in message._kwargs.items()}]}
    return message


def flash(message, category: str = "message") -> None:
    flask.flash(kept(message), category)


def shown(message):
    """A kept message in the language of the page showing it."""
    if isinstance(message, dict) and KEY in message:
        name, args, kwargs = message[KEY]
        if name in TRANSLATIONS:
            return getattr(flask_babel, name)(*[shown(arg) for arg in args],
                                              **{key: shown(value) for key, value in kwargs.items()})
    return message


def shown_messages() -> list[tuple[str, object]]:
    """``get_flashed_messages(with_categories=True)``, translated for this page."""
    return [(category, shown(message)) for category, message in flask.get_flashed_messages(with_categories=True)]
