"""Filters shared by every form."""
from __future__ import annotations


def clean_text(value):
    """Trim spaces (phones add one after autocomplete) and drop NUL characters, which PostgreSQL refuses."""
    return value.replace("\x00", "").strip() if isinstance(value, str) else value
