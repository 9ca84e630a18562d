"""The report's fixed text in English and French: gettext's domain ``report`` and Babel's formats.

The report's language is chosen per report, independently of the organizer's interface language,
and this package never imports Flask: its strings have their own catalog
(``translations/<lang>/LC_MESSAGES/report.po``, extracted by ``make translations``), loaded with
``babel.support.Translations``. English is the source text, so it needs no catalog.
"""
from __future__ import annotations

import datetime
from functools import lru_cache
from pathlib import Path

from babel.dates import format_date, format_time
from babel.numbers import format_decimal, format_percent
from babel.support import NullTranslations, Translations

from analysis.report.marks import concat, fill

LANGUAGE_NAMES = {"en": "English", "fr": "Français"}  # each report language named in itself
LANGUAGES = tuple(LANGUAGE_NAMES)
DOMAIN = "report"
TRANSLATIONS_DIR = Path(__file__).resolve().parents[2] / "translations"


def N_(message: str) -> str:
    """Marks a message for extraction where it is defined; it is translated where it is used."""
    return message


def check_language(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ValueError(f"unknown report language {lang!r} (choose from {', '.join(LANGUAGES)})")
    return lang


class Wording:
    """The report's messages and formats in one language (``wording(lang)`` keeps one per language)."""

    def __init__(self, lang: str):
        self.lang = check_language(lang)
        self._catalog: NullTranslations = Translations.load(TRANSLATIONS_DIR, [lang], DOMAIN)

    def gettext(self, message: str, **values) -> str:
        text = self._catalog.gettext(message)
        return fill(*self._counts(text, values)) if values else text  # a value in another language stays marked

    def ngettext(self, singular: str, plural: str, num: int, **values) -> str:
        return fill(*self._counts(self._catalog.ngettext(singular, plural, num), dict(values, num=num)))

    def _counts(self, text: str, values: dict) -> tuple[str, dict]:
        """The message with its whole numbers (``%(name)d``) written as the language writes them ("1,500",
        "1 500"), as the app's pages do."""
        for name, value in values.items():
            if isinstance(value, int) and not isinstance(value, bool) and f"%({name})d" in text:
                text, values = text.replace(f"%({name})d", f"%({name})s"), dict(values, **{name: self.number(value)})
        return text, values

    def number(self, value: int) -> str:
        """A count: 1,500 / 1 500 (a narrow no-break space in French)."""
        return format_decimal(value, locale=self.lang)

    def pgettext(self, context: str, message: str) -> str:
        return self._catalog.pgettext(context, message)

    def date(self, value: datetime.date | None) -> str:
        """8 November 2019 / 8 novembre 2019 (1er in French)."""
        if value is None:
            return ""
        pattern = (self.pgettext("date of the first day of a month", "d MMMM y") if value.day == 1
                   else self.gettext("d MMMM y"))
        return format_date(value, pattern, locale=self.lang)

    def datetime(self, value: datetime.datetime | None) -> str:
        """8 November 2019, 14:05 / 8 novembre 2019 à 14:05 (the clock time as given: UTC in the app)."""
        if value is None:
            return ""
        return self.gettext("%(date)s, %(time)s", date=self.date(value.date()),
                            time=format_time(value, "HH:mm", locale=self.lang))

    def decimal(self, value: float | None, digits: int = 2) -> str:
        return "–" if value is None else format_decimal(value, "0." + "0" * digits, locale=self.lang)

    def percent(self, points: int | None) -> str:
        """A whole percent (``analysis.report.shares``): 88% / 88 % with a no-break space in French."""
        return "–" if points is None else format_percent(points / 100, locale=self.lang)

    def quoted(self, text: str) -> str:
        return self.gettext("“%(text)s”", text=text)

    def join(self, items: list[str]) -> str:
        """a, b and c / a, b et c"""
        items = [item for item in items if item]
        if len(items) <= 1:
            return items[0] if items else ""
        listed = concat(items[0], *(part for item in items[1:-1] for part in (", ", item)))
        return self.gettext("%(items)s and %(last)s", items=listed, last=items[-1])


@lru_cache(maxsize=None)
def wording(lang: str) -> Wording:
    return Wording(lang)


def file_kind(kind: str, lang: str) -> str:
    """The word that names a download of the report (``kind`` "report"), of its one-page brief
    ("brief") or of the action plan ("action_plan") in its file name, in the download's language."""
    w = wording(lang)
    if kind == "brief":
        return w.pgettext("a download's file name: the forum brief", "brief")
    if kind == "action_plan":
        return w.pgettext("a download's file name: the steering committee's action plan", "action plan")
    return w.pgettext("a download's file name: the post-forum report", "report")


# ---- sentences the report shares with the app's pages ----------------------------------------

STATUS_LABELS = {"not_started": N_("Not started"), "in_progress": N_("In progress"), "done": N_("Done"),
                 "dropped": N_("Dropped")}


def status_label(status: str, w: Wording) -> str:
    """An action item's status in the report's language (the app's pages word it in the page's)."""
    return w.gettext(STATUS_LABELS[status]) if status in STATUS_LABELS else status


def priority_explanation(w: Wording, *, ideas: int, groups: int, tables: int | None = None,
                         tables_total: int | None = None, dots: int | None = None, round_ideas: int | None = None,
                         round_title: str | None = None, suggested_groups: int = 0) -> str:
    """Why a priority ranks where it does: the tables and stakeholder groups that raised it, its
    ideas, its dots and its ideas in the priorities round. A part is left out when its figure is
    None (the forum has no data for it); the tables too when none raised it (cards imported
    without a table). ``suggested_groups`` of the ``groups`` come only from the analysis'
    suggestions for untagged ideas, and are said so."""
    groups_text = w.ngettext("%(num)d stakeholder group", "%(num)d stakeholder groups", groups)
    if suggested_groups:
        groups_text = w.ngettext("%(groups)s (%(num)d suggested by the analysis)",
                                 "%(groups)s (%(num)d suggested by the analysis)", suggested_groups, groups=groups_text)
    if tables and (tables_total or 0) > 1:
        pieces = [w.gettext("raised at %(count)d of %(tables)s by %(groups)s", count=tables, groups=groups_text,
                            tables=w.ngettext("%(num)d table", "%(num)d tables", tables_total))]
    elif tables:  # the forum's one table: not "1 of 1 table"
        pieces = [w.gettext("raised at %(tables)s by %(groups)s", groups=groups_text,
                            tables=w.ngettext("%(num)d table", "%(num)d tables", tables))]
    else:
        pieces = [w.gettext("raised by %(groups)s", groups=groups_text)]
    pieces.append(w.ngettext("%(num)d idea", "%(num)d ideas", ideas))
    if dots is not None:
        # the dots participants placed on their phones: said as such, a bare "4 points" told the reader nothing
        pieces.append(w.ngettext("%(num)d dot in the priority vote", "%(num)d dots in the priority vote", dots))
    if round_ideas is not None:
        pieces.append(w.ngettext("%(num)d idea in the “%(round)s” round", "%(num)d ideas in the “%(round)s” round",
                                 round_ideas, round=round_title or ""))
    return w.gettext("; ").join(pieces)  # French sets a space before a semicolon


def tables_not_counted(w: Wording, tabled: int, ideas: int) -> str:
    """Why tables are not counted although some ideas say which table wrote them (``analysis.priorities.tables_known``:
    too few do, as in a forum whose other ideas were imported without a table)."""
    return w.ngettext("Tables are not counted: the table is known for only %(tabled)d of the %(num)d idea.",
                      "Tables are not counted: the table is known for only %(tabled)d of the %(num)d ideas.",
                      ideas, tabled=tabled)


def ranked_priority_explanation(item: dict, w: Wording, round_title: str | None = None) -> str:
    """``priority_explanation`` of a priority as ``analysis.priorities.rank_priorities`` returns it
    (a component is None when the forum has no data for it). A run stored before the figures were
    kept has its English sentence instead."""
    if "tables_total" not in item:
        return item.get("explanation") or ""
    counts, components = item["counts"], item["components"]

    def figure(name):
        return counts[name] if components[name] is not None else None

    return priority_explanation(w, ideas=counts["ideas"], groups=counts["groups"], tables=figure("tables"),
                                tables_total=item["tables_total"], dots=figure("votes"),
                                round_ideas=figure("priority_round"), round_title=round_title,
                                suggested_groups=counts.get("suggested_groups", 0))
