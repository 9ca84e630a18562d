"""Flask-Babel, finding the message catalog of the request's locale with less work per message."""
from __future__ import annotations

from functools import cached_property

from flask_babel import Babel, Domain, get_locale


class CatalogDomain(Domain):
    """Flask-Babel's message domain, whose catalogs are found by the locale object itself: Flask-Babel
    looks the request's state up once more and spells the locale's name again for every message.
    ``force_locale`` and ``refresh`` still apply: the locale is asked for each time."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.catalogs = {}

    def get_translations(self):
        locale = get_locale()
        if locale is None:  # outside a request
            return super().get_translations()
        try:
            return self.catalogs[locale]
        except KeyError:
            catalog = self.catalogs[locale] = super().get_translations()
            return catalog


class ForumBabel(Babel):
    @cached_property
    def domain_instance(self):
        return CatalogDomain(domain=self.domain)


def language_tag(language: str) -> str:
    """A language as HTML's ``lang`` names it ("fr", "fr-CA"), from Babel's name of it ("fr_CA")."""
    return language.replace("_", "-")
