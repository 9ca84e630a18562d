"""Messages for the next page (Flask's flash), translated when that page shows them, in its language.

A message flashed as a finished string keeps the language of the request that made it. The page that shows it
may be in another: the redirect after a form did not arrive (a venue's Wi-Fi dropped it) and the person then
switched the language, or a page opened in one language shows what another tab's request left. A message given
lazily (``lazy_gettext`` / ``lazy_ngettext`` of forum/lazy_text.py, arguments included, lazy ones too) is kept in
the session as its text id and arguments (``kept``: what its ``LazyText`` says it is made of) and translated by
``shown_messages`` when shown.

Its pieces that depend on the language are kept the same way: a date (``day``), a clock time (``clock``), a
text entered in both languages (``in_page_language``), a number (``number``), a list of names (``listed``), sentences put together
(``joined``) and a message with a link (``with_link``); each is shown when the page is. A finished string is
shown as it is (a text typed by a person, or a message given no translation); a lazy text that does not say how
it is made (flask-babel's own) is kept as its text in each of the app's languages."""
from __future__ import annotations

import datetime

import flask
import flask_babel
from flask_babel import LazyString
from markupsafe import Markup, escape

from forum.lazy_text import MADE_BY, LazyText, shown_as


KEY = "_t"  # a kept message: {"_t": [the function's name, its arguments, its keyword arguments]}


@shown_as("day")
def _day(iso: str) -> str:
    from forum.dates import long_date
    return long_date(datetime.date.fromisoformat(iso))


@shown_as("clock")
def _clock(iso: str) -> str:
    from forum.dates import clock_time
    return clock_time(datetime.datetime.fromisoformat(iso))


@shown_as("in_page_language")
def _in_page_language(texts: dict) -> str | Markup:
    """The text in the page's language; shown in the other (it has none in the page's), in a span that says so
    (``lang``), escaped, so that a screen reader reads a quoted English title on a French page as English."""
    from forum.models.translated import Translated, page_language
    text, page = Translated.from_json(texts), page_language()
    language = text.shown_in(page)
    if language and language != page:
        return Markup('<span lang="{}">{}</span>').format(language, text.in_(page))
    return text.in_(page)


@shown_as("number")
def _number(value) -> str:
    return flask_babel.format_decimal(value)


@shown_as("listed")
def _listed(*names) -> str | Markup:
    from babel.lists import format_list
    if any(isinstance(name, Markup) for name in names):  # a name marked with its language: the others escaped
        return Markup(format_list([str(escape(name)) for name in names], locale=flask_babel.get_locale()))
    return format_list([str(name) for name in names], locale=flask_babel.get_locale())


@shown_as("joined")
def _joined(separator: str, *parts) -> str | Markup:
    if any(isinstance(part, Markup) for part in parts):
        return Markup(separator).join(part for part in parts if str(part))
    return separator.join(str(part) for part in parts if str(part))


@shown_as("with_link")
def _with_link(href: str, text, link_text) -> Markup:
    return Markup('{} <a href="{}">{}</a>').format(_kept_marks(text), href, _kept_marks(link_text))


def _kept_marks(text):
    """``text`` as a string, its language marks kept (``str()`` of a ``Markup`` is plain text, escaped again)."""
    return text if isinstance(text, Markup) else str(text)


# A message whose arguments hold a text marked with its language (``_in_page_language``: a ``Markup`` span) is put
# together as Markup: the translation and the other arguments escaped, the marked text kept. (gettext's own ``%``
# would make it a plain string, the span shown as text.)
_TRANSLATED_BY = {
    "gettext": lambda translations, string: translations.ugettext(string),
    "ngettext": lambda translations, singular, plural, num: translations.ungettext(singular, plural, num),
    "pgettext": lambda translations, context, string: translations.upgettext(context, string),
    "npgettext": lambda translations, context, singular, plural, num: translations.unpgettext(
        context, singular, plural, num),
}


def _with_marks(name: str, args: list, kwargs: dict) -> Markup:
    if name in ("ngettext", "npgettext"):
        kwargs = {"num": args[-1], **kwargs}
    return escape(_TRANSLATED_BY[name](flask_babel.get_domain().get_translations(), *args)) % kwargs


def day(value: datetime.date) -> LazyText:
    """A date in words in the page's language ("June 30, 2027" / "30 juin 2027")."""
    return LazyText("day", value.isoformat())


def clock(value: datetime.datetime) -> LazyText:
    """A stored time as the page's clock shows it ("14:05 EST")."""
    return LazyText("clock", value.isoformat())


def in_page_language(text) -> LazyText:
    """A text entered in both languages (``Translated``) in the page's, or in the other when it has none."""
    return LazyText("in_page_language", text.to_json())


def number(value) -> LazyText:
    """A number as the page's language writes it ("1,000" / "1\u202f000")."""
    return LazyText("number", value)


def listed(names) -> LazyText:
    """Names as a list in words ("English and French" / "anglais et français")."""
    return LazyText("listed", *names)


def joined(*parts, separator: str = " ") -> LazyText:
    """Messages shown one after another (the empty ones left out)."""
    return LazyText("joined", separator, *parts)


def with_link(text, href: str, link_text) -> LazyText:
    """A message followed by a link (``href`` an address within the app)."""
    return LazyText("with_link", href, text, link_text)


def kept(message):
    """``message`` as the session can keep it: a lazy text as its id and arguments, a text in both languages as
    both (``in_page_language``), anything else as it is."""
    if callable(getattr(message, "to_json", None)) and callable(getattr(message, "in_", None)):
        message = in_page_language(message)
    if isinstance(message, LazyText):
        return {KEY: [message.made_by, [kept(arg) for arg in message.args],
                      {key: kept(value) for key, value in message.kwargs.items()}]}
    if isinstance(message, LazyString):  # not one of ours: its text in each language, the page's shown
        from forum.models.translated import LANGUAGES, Translated

        def text_in(code: str) -> str:
            with flask_babel.force_locale(code):
                return str(message)
        return kept(Translated(**{code: text_in(code) for code in LANGUAGES}))
    return message


def flash(message, category: str = "message") -> None:
    flask.flash(kept(message), category)


def shown(message):
    """A kept message in the language of the page showing it."""
    if isinstance(message, dict) and KEY in message:
        name, args, kwargs = message[KEY]
        function = MADE_BY.get(name)
        if function is not None:
            args, kwargs = [shown(arg) for arg in args], {key: shown(value) for key, value in kwargs.items()}
            if name in _TRANSLATED_BY and any(isinstance(value, Markup) for value in kwargs.values()):
                return _with_marks(name, args, kwargs)
            return function(*args, **kwargs)
    if isinstance(message, list):
        return [shown(item) for item in message]
    return message


def marked(message):
    """A lazy text put into words for this page as a flashed one is: a text in both languages it quotes (a vote's
    title) marked with its language when that is not the page's (a heading quoting an English title on a French
    page)."""
    return shown(kept(message))


def shown_messages() -> list[tuple[str, object]]:
    """``get_flashed_messages(with_categories=True)``, translated for this page."""
    return [(category, shown(message)) for category, message in flask.get_flashed_messages(with_categories=True)]
