"""The ``analysis`` functions that fit text models (scikit-learn, numpy, scipy), imported on first use.

Importing them takes seconds, which starting the app, a ``flask`` command or a page showing stored
results should not pay: services read them as ``text_models.ThemeModel`` and so on, and the first
such read (an analysis job, a theme correction, a series comparison) imports the module behind it.
"""
from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from analysis.duplicates import find_near_duplicates, tables_raising
    from analysis.stakeholders import suggest_groups
    from analysis.theme_matching import EditionTheme, match_themes
    from analysis.themes import ThemeModel, group_texts

_HOMES = {
    "ThemeModel": "analysis.themes",
    "group_texts": "analysis.themes",
    "suggest_groups": "analysis.stakeholders",
    "find_near_duplicates": "analysis.duplicates",
    "tables_raising": "analysis.duplicates",
    "EditionTheme": "analysis.theme_matching",
    "match_themes": "analysis.theme_matching",
}

__all__ = sorted(_HOMES)


def __getattr__(name: str):
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(_HOMES[name]), name)
    globals()[name] = value
    return value


def import_all() -> None:
    """Import every model now: a server's master calls it before it forks its workers (gunicorn.conf.py), so that
    no worker's first theme correction or analysis pays the seconds of importing scikit-learn."""
    for name in __all__:
        __getattr__(name)
