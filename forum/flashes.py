"""Messages for the next page (Flask's flash), translated when that page shows them, in its language.

A message flashed as a finished string keeps the language of the request that made it. The page that shows it
may be in another: the redirect after a form did not arrive (a venue's Wi-Fi dropped it) and the person then
switched the language, or a page opened in one language shows what another tab's request left. A message given
lazily (``lazy_gettext`` / ``lazy_ngettext``, arguments included, lazy ones too) is kept in the session as its
text id and arguments (``kept``) and translated by ``shown_messages`` when shown.

Its pieces that depend on the language are kept the same way: a date (``day``), a clock time (``clock``), a
text entered in both languages (``in_page_language``), a number (``number``), a list of names (``listed``), sentences put together
(``joined``) and a message with a link (``with_link``); each is shown when the page is. A finished string is
shown as it is (a text typed by a person, or a message given no translation)."""
from __future__ import annotations

import datetime

import flask
import flask_babel
from flask_babel import LazyString
from markupsafe import Markup

KEY = "_t"  # a kept message: {"_t": [the function's name, its arguments, its keyword arguments]}
TRANSLATIONS = frozenset({"gettext", "ngettext", "pgettext", "npgettext"})


def _day(iso: str) -> str:
    from forum.dates import long_date
    return long_date(datetime.date.fromisoformat(iso))


def _clock(iso: str) -> str:
    from forum.dates import clock_time
    return clock_time(datetime.datetime.fromisoformat(iso))


def _in_page_language(texts: dict) -> str:
    from forum.models.translated import Translated, page_language
    return Translated.from_json(texts).in_(page_language())


def _number(value) -> str:
    return flask_babel.format_decimal(value)


def _listed(*names) -> str:
    from babel.lists import format_list
    return format_list([str(name) for name in names], locale=flask_babel.get_locale())


def _joined(separator: str, *parts) -> str:
    return separator.join(str(part) for part in parts if str(part))


def _with_link(href: str, text, link_text) -> Markup:
    return Markup('{} <a href="{}">{}</a>').format(str(text), href, str(link_text))


SHOWN_BY = {"day": _day, "clock": _clock, "number": _number, "in_page_language": _in_page_language, "listed": _listed,
            "joined": _joined, "with_link": _with_link}  # the name a kept message gives each
NAME_OF = {function: name for name, function in SHOWN_BY.items()}


def shown_as(name: str):
    """Register a function of JSON-able arguments that gives a text in the page's language (e.g. an action
    item's status label), so that a lazy text made with it (``LazyString(function, ...)``) can be kept."""
    def register(function):
        SHOWN_BY[name], NAME_OF[function] = function, name
        return function
    return register


def day(value: datetime.date) -> LazyString:
    """A date in words in the page's language ("June 30, 2027" / "30 juin 2027")."""
    return LazyString(_day, value.isoformat())


def clock(value: datetime.datetime) -> LazyString:
    """A stored time as the page's clock shows it ("14:05 EST")."""
    return LazyString(_clock, value.isoformat())


def in_page_language(text) -> LazyString:
    """A text entered in both languages (``Translated``) in the page's, or in the other when it has none."""
    return LazyString(_in_page_language, text.to_json())


def number(value) -> LazyString:
    """A number as the page's language writes it ("1,000" / "1\u202f000")."""
    return LazyString(_number, value)


def listed(names) -> LazyString:
    """Names as a list in words ("English and French" / "anglais et français")."""
    return LazyString(_listed, *names)


def joined(*parts, separator: str = " ") -> LazyString:
    """Messages shown one after another (the empty ones left out)."""
    return LazyString(_joined, separator, *parts)


def with_link(text, href: str, link_text) -> LazyString:
    """A message followed by a link (``href`` an address within the app)."""
    return LazyString(_with_link, href, text, link_text)


def kept(message):
    """``message`` as the session can keep it: a lazy text as its id and arguments, a text in both languages as
    both (``in_page_language``), anything else as it is."""
    if callable(getattr(message, "to_json", None)) and callable(getattr(message, "in_", None)):
        message = in_page_language(message)
    if isinstance(message, LazyString):
        function = message._func
        name = NAME_OF.get(function) or (function.__name__ if getattr(function, "__name__", None) in TRANSLATIONS
                                         else None)
        if name:
            return {KEY: [name, [kept(arg) for arg in message._args],
                          {key: kept(value) for key, value in message._kwargs.items()}]}
    return message


def flash(message, category: str = "message") -> None:
    flask.flash(kept(message), category)


def shown(message):
    """A kept message in the language of the page showing it."""
    if isinstance(message, dict) and KEY in message:
        name, args, kwargs = message[KEY]
        function = getattr(flask_babel, name) if name in TRANSLATIONS else SHOWN_BY.get(name)
        if function is not None:
            return function(*[shown(arg) for arg in args], **{key: shown(value) for key, value in kwargs.items()})
    if isinstance(message, list):
        return [shown(item) for item in message]
    return message


def shown_messages() -> list[tuple[str, object]]:
    """``get_flashed_messages(with_categories=True)``, translated for this page."""
    return [(category, shown(message)) for category, message in flask.get_flashed_messages(with_categories=True)]
