"""Fixtures for the theme tests: the sample forum's ideas copied into data/.

Imported by the test modules that use them (not a conftest, so other analysis tests keep
their own)."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from analysis.io import read_ideas

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def sample_ideas_path() -> Path:
    return DATA / "sample_ideas.csv"


@pytest.fixture(scope="session")
def sample_ideas():
    return read_ideas(DATA / "sample_ideas.csv")


@pytest.fixture(scope="session")
def sample_reference():
    with open(DATA / "sample_themes_reference.csv", encoding="utf-8") as handle:
        return {row["id"]: row for row in csv.DictReader(handle)}
