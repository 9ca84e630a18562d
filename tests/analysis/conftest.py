"""Shared fixtures for the analysis tests: the sample forum's ideas copied into data/."""
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
def sample_ideas(sample_ideas_path):
    return read_ideas(sample_ideas_path)


@pytest.fixture(scope="session")
def sample_reference():
    with open(DATA / "sample_themes_reference.csv", encoding="utf-8") as handle:
        return {row["id"]: row for row in csv.DictReader(handle)}
