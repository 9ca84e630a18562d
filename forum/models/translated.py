"""Text an organizer types in English and French, stored as two columns (``<field>_en``, ``<field>_fr``).

``translatable("name", OneLine(200))`` maps both columns to one attribute holding a ``Translated``
value. ``str()`` of it is the text in the reader's language (the request's locale, or the one a mail
forces), falling back to the other language when that one is missing, so ``{{ forum.name }}`` in a
template reads right; code that renders another language than the page's (a report, an export) calls
``in_(lang)``.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import has_app_context
from flask_babel import get_locale
from sqlalchemy.orm import composite, mapped_column

LANGUAGES = ("en", "fr")


def page_language() -> str:
    """The request's language, or the one forced for a mail (``force_locale``) sent from the command line."""
    return str(get_locale() or LANGUAGES[0]) if has_app_context() else LANGUAGES[0]


@dataclass(frozen=True)
class Translated:
    en: str | None = None
    fr: str | None = None

    @classmethod
    def only(cls, language: str, text: str | None) -> Translated:
        """``text`` as the version in ``language`` (e.g. the analysis' label in the forum's language)."""
        return cls(**{language: text or None})

    @classmethod
    def of(cls, value: Translated | str | None, language: str) -> Translated:
        """``value`` as it is if it has both languages' slots, else a plain text as the ``language`` version."""
        return value if isinstance(value, Translated) else cls.only(language, value)

    @classmethod
    def from_json(cls, stored: dict) -> Translated:
        return cls(stored.get("en"), stored.get("fr"))

    def to_json(self) -> dict:
        """Both languages, for a JSON column (e.g. a correction step's labels)."""
        return {"en": self.en, "fr": self.fr}

    def in_(self, language: str) -> str:
        """The text in ``language``, or in the other language when it has none."""
        first = getattr(self, language, None) if language in LANGUAGES else None
        return first or self.en or self.fr or ""

    def shown_in(self, language: str) -> str | None:
        """The language ``in_(language)`` gives the text in (None: no text)."""
        if self.has(language):
            return language
        return next((code for code in LANGUAGES if self.has(code)), None)

    def has(self, language: str) -> bool:
        return bool(getattr(self, language, None))

    def missing(self, languages) -> list[str]:
        """Which of ``languages`` (e.g. the forum's) have no text, when some other one has."""
        return [code for code in languages if not self.has(code)] if self else []

    def truncated(self, length: int) -> Translated:
        return Translated(*(text[:length] if text else text for text in (self.en, self.fr)))

    def __bool__(self) -> bool:
        return bool(self.en or self.fr)

    def __str__(self) -> str:
        return self.in_(page_language())


def translatable(field: str, type_):
    """The ``<field>_en`` / ``<field>_fr`` columns as one ``Translated`` attribute."""
    return composite(Translated, mapped_column(f"{field}_en", type_), mapped_column(f"{field}_fr", type_))


def missing_in(languages, *texts: Translated) -> list[str]:
    """Which of ``languages`` one of ``texts`` (e.g. a round's title and question) has no text in."""
    return sorted({code for text in texts for code in text.missing(languages)})
