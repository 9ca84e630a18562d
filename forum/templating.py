"""What every template may use: the locale, languages, the languages organizer-typed texts lack
(missing_languages), the texts of a long field's character count, small formatting filters."""
from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, urlencode, urlsplit

from flask import Flask, current_app, request
from jinja2 import pass_context
from flask_babel import format_decimal, format_percent, get_locale, get_translations
from markupsafe import Markup, escape

from forum.dates import clock_time, local_date, long_date, long_datetime, time_tag
from forum.flashes import shown_messages
from forum.models import Translated, missing_in
from forum.urls import phone_url, safe_local_url, this_page


def register(app: Flask) -> None:
    @app.context_processor
    def inject():
        return {"current_locale": str(get_locale()), "languages": app.config["LANGUAGES"],
                "url_with_language": url_with_language, "missing_languages": missing_in,
                "character_count_texts": character_count_texts, "phone_url": phone_url,
                "this_page": this_page, "shown_messages": shown_messages}

    @app.template_filter("lang_attribute")
    def lang_attribute(value: Translated | str | None) -> Markup:
        """` lang="en"` on an element showing a text in the other language than the page's (a missing
        translation), so that screen readers pronounce it right. ``value``: the text, or the language
        it is shown in."""
        page = str(get_locale())
        shown = value.shown_in(page) if isinstance(value, Translated) else value
        return Markup(f' lang="{shown}"') if shown and shown != page else Markup("")

    @app.template_filter("in_its_language")
    def in_its_language(value: Translated) -> Markup:
        """The text, in a span with its lang_attribute when it has one: for a text inside a sentence or a
        label of the page's language (a session's name in "Rate the session …")."""
        attribute = lang_attribute(value)
        return Markup(f"<span{attribute}>{escape(value)}</span>") if attribute else escape(value)

    for date_filter in (long_date, long_datetime, time_tag, local_date, clock_time):
        app.add_template_filter(on_the_pages_forum(date_filter), date_filter.__name__)

    app.add_template_filter(unbroken_hyphens)

    app.add_template_filter(script_json)

    @app.template_filter("pct")
    def pct(value: float | None) -> str:
        """A share as a percentage in the page's language ("92%", "92 %")."""
        return "–" if value is None else format_percent(value)

    @app.template_filter("decimal")
    def decimal(value: float | None, places: int = 2) -> str:
        """A figure with ``places`` decimals in the page's language ("4.19", "4,19")."""
        return "–" if value is None else format_decimal(value, "0." + "0" * places)


# What may not stay as it is in JSON inlined in a page's <script>: what HTML reads as markup ("</script>", "<!--",
# an entity), as Flask's ``tojson`` escapes it, and the line and paragraph separators, which JavaScript source older
# than ES2019 refuses in a string (the block is read with JSON.parse, which takes them: escaped all the same).
_SCRIPT_UNSAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "'": "\\u0027",
                                "\u2028": "\\u2028", "\u2029": "\\u2029"})


def script_json(value) -> Markup:
    """``tojson`` keeping the other characters as they are (UTF-8, as the page): a French text's "é" is 2 bytes, not
    the 6 of "\\u00e9" (the participant pages' messages, inlined in every page: about 0.5 KB a page in French)."""
    return Markup(json.dumps(value, ensure_ascii=False, sort_keys=True).translate(_SCRIPT_UNSAFE))


HYPHENATED_WORD = re.compile(r"(\w+(?:-\w+)+)")


def unbroken_hyphens(text: str) -> Markup:
    """A printed text whose hyphenated words (« ci-dessous ») never break at their hyphen: browsers may
    end a line after any hyphen, which a poster read from a few steps away makes hard to follow."""
    parts = HYPHENATED_WORD.split(str(text))
    return Markup("").join(Markup('<span class="nowrap">%s</span>') % part if index % 2 else escape(part)
                           for index, part in enumerate(parts))


def character_count_texts() -> dict[str, list[str]]:
    """The hint under a long text field (app.js's character count) in the page's language: each text
    for 0, 1 and 2 or more characters, with ``%(num)d`` where the number goes. The server picks the
    plural form of each (English says "0 characters", French "0 caractère"), which is all English
    and French need."""
    translations = get_translations()

    def ngettext(singular: str, plural: str) -> list[str]:  # its name has pybabel extract both texts
        return [translations.ngettext(singular, plural, n) for n in (0, 1, 2)]

    return {"left": ngettext("You have %(num)d character left", "You have %(num)d characters left"),
            "over": ngettext("You have %(num)d character too many", "You have %(num)d characters too many")}


@pass_context
def url_with_language(context, code: str) -> str:
    """This page's address (keeping its query, e.g. a filter or ?code=) in another language.

    A page shown in answer to a form (with its errors) has the form's address, which may take only
    POST: a link there would open a 405. Its language link goes to the page the form was on, the
    template's ``page_url`` (the committee's and the public pages send no Referer), else the
    Referer when it is this site's."""
    path, args = request.path, request.args.to_dict(flat=False)
    if request.method != "GET" and not _opens_with_get(path):
        page = context.get("page_url") or _referrer_on_this_site()
        if page:
            split = urlsplit(page)
            path, args = split.path, parse_qs(split.query)
    args["lang"] = [code]
    return f"{path}?{urlencode(args, doseq=True)}"


def _opens_with_get(path: str) -> bool:
    return current_app.url_map.bind_to_environ(request.environ).test(path, method="GET")


def _referrer_on_this_site() -> str | None:
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc == request.host and referrer.scheme == request.scheme:
        return safe_local_url(f"{referrer.path}?{referrer.query}", None)  # "/\\x" is another site to a browser
    return None


def on_the_pages_forum(date_filter):
    """``date_filter`` on the clock of the forum the page is about (the template's ``forum``; the
    deployment's on a page of no forum)."""
    @pass_context
    def on_its_clock(context, value, *args, **kwargs):
        return date_filter(value, *args, forum=context.get("forum"), **kwargs)
    return on_its_clock
