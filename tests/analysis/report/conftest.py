"""The sample forum's report input and its English document, shared by the report's tests."""
from __future__ import annotations

import pytest

from analysis.report.build import build_report
from tests.analysis.report.sample import sample_input


@pytest.fixture(scope="session")
def sample():
    return sample_input()


@pytest.fixture(scope="session")
def report_en(sample):
    return build_report(sample, "en")
