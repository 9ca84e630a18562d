"""The command line's stakeholders and evaluation contracts, run as a user would."""
import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.records import DEFAULT_STAKEHOLDER_GROUPS

ROOT = Path(__file__).resolve().parents[2]


def _run(*args):
    completed = subprocess.run([sys.executable, "-m", "analysis", *map(str, args)], cwd=ROOT,
                               capture_output=True, text=True, timeout=120)
    return completed


def test_stakeholders_json_keeps_tags_and_suggests_the_rest(tmp_path, sample_ideas_path):
    rows = list(csv.DictReader(sample_ideas_path.open(encoding="utf-8")))
    for index, row in enumerate(rows):
        if index % 3:
            row["stakeholder"] = ""
    path = tmp_path / "forum.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    completed = _run("stakeholders", path, "--json")
    assert completed.returncode == 0, completed.stderr
    result = json.loads(completed.stdout)
    assert list(result) == [row["id"] for row in rows]
    assert all(group in DEFAULT_STAKEHOLDER_GROUPS or group is None for group in result.values())
    assert all(result[row["id"]] == row["stakeholder"] for row in rows if row["stakeholder"])


def test_stakeholders_jsonl_in_french(tmp_path):
    path = tmp_path / "forum.jsonl"
    lines = [{"id": "a", "text": "Les employeurs offrent du mentorat"}, {"id": "b", "text": "Financement", "stakeholder": "government"}]
    path.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in lines), encoding="utf-8")
    completed = _run("stakeholders", path, "--json")
    assert completed.returncode == 0, completed.stderr
    result = json.loads(completed.stdout)
    assert result["b"] == "government" and result["a"] == "employers"


def test_evaluation_json_gives_the_published_figures(sample_evaluations_path):
    completed = _run("evaluation", sample_evaluations_path, "--json")
    assert completed.returncode == 0, completed.stderr
    result = json.loads(completed.stdout)
    assert result["responses"] == 26
    assert result["mean_rating"] == 4.19
    assert result["rating_counts"] == {"1": 0, "2": 0, "3": 2, "4": 17, "5": 7}
    assert (result["satisfied_share"], result["annual_share"], result["involvement_share"]) == (0.92, 0.88, 0.65)


@pytest.mark.parametrize("command", ["stakeholders", "evaluation"])
def test_missing_file_is_a_clear_error(command, tmp_path):
    completed = _run(command, tmp_path / "nope.csv", "--json")
    assert completed.returncode == 2
    assert "no such file" in completed.stderr
