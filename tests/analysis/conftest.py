"""Shared fixtures of the analysis tests: the sample forum's files in data/ and small corpora."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from analysis.io import read_evaluations, read_ideas
from analysis.records import Idea

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def sample_ideas_path() -> Path:
    """The sample forum's 197 idea cards, every one tagged with a round and a stakeholder group."""
    return DATA / "sample_ideas.csv"


@pytest.fixture(scope="session")
def sample_ideas(sample_ideas_path):
    return read_ideas(sample_ideas_path)


@pytest.fixture(scope="session")
def sample_reference():
    """Two codings of the sample's ideas made by people: idea id → row."""
    with open(DATA / "sample_themes_reference.csv", encoding="utf-8") as handle:
        return {row["id"]: row for row in csv.DictReader(handle)}


@pytest.fixture(scope="session")
def sample_evaluations_path() -> Path:
    """The sample forum's 26 evaluation responses."""
    return DATA / "evaluations.csv"


@pytest.fixture(scope="session")
def sample_evaluations(sample_evaluations_path):
    return read_evaluations(sample_evaluations_path)


@pytest.fixture
def ideas_from():
    """``ideas_from(texts, prefix)``: untagged ideas with ids ``prefix0``, ``prefix1``, ..."""

    def make(texts, prefix=""):
        return [Idea(id=f"{prefix}{n}", text=text) for n, text in enumerate(texts)]

    return make
