"""``python -m analysis themes FILE --json``: the stable command-line contract."""
import json
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_themes(path, *extra):
    result = subprocess.run(
        [sys.executable, "-m", "analysis", "themes", str(path), "--json", *extra],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def check_contract(out, ids):
    assert set(out) <= {"themes", "assignments", "changes", "codebook_keys"}
    assert set(out["assignments"]) == set(ids)
    top = {t["id"] for t in out["themes"] if "parent" not in t}
    assert set(out["assignments"].values()) <= top
    for theme in out["themes"]:
        if "parent" in theme:  # a sub-theme: its parent's ideas, split
            assert set(theme) == {"id", "label", "terms", "size", "representative_ids", "parent", "idea_ids"}
            assert theme["parent"] in top
            assert all(out["assignments"][i] == theme["parent"] for i in theme["idea_ids"])
            assert theme["size"] == len(theme["idea_ids"])
        else:
            assert set(theme) == {"id", "label", "terms", "size", "representative_ids"}
            assert theme["size"] == sum(1 for v in out["assignments"].values() if v == theme["id"])
        assert isinstance(theme["label"], str) and theme["label"]
        assert all(isinstance(t, str) for t in theme["terms"])


IDEAS = [
    ("m1", "Mentoring by ITPs who succeeded"), ("m2", "Peer mentoring for newcomers"), ("m3", "Mentoring programs with PINs"),
    ("f1", "Funding for SPOs is short"), ("f2", "More funding for bridging programs"), ("f3", "Funding gaps for agencies"),
    ("c1", "Credential recognition is slow"), ("c2", "Regulators should speed up credential recognition"),
    ("h1", "<i>Réseautage</i> &amp; mentorat"), ("h2", "Financement des organismes"),
]


def test_csv(tmp_path):
    path = tmp_path / "ideas.csv"
    lines = ["id,round,table,stakeholder,text"] + [f'{i},challenges,{n % 3},,"{t}"' for n, (i, t) in enumerate(IDEAS)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    check_contract(run_themes(path), [i for i, _ in IDEAS])


def test_jsonl_and_row_order(tmp_path):
    rows = [{"id": i, "text": t, "table": str(n % 3)} for n, (i, t) in enumerate(IDEAS)]
    first = tmp_path / "a.jsonl"
    first.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    random.Random(1).shuffle(rows)
    second = tmp_path / "b.jsonl"
    second.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    out = run_themes(first)
    check_contract(out, [i for i, _ in IDEAS])
    assert run_themes(second) == out


def test_sample_forum(tmp_path, sample_ideas_path, sample_ideas):
    path = tmp_path / "sample.csv"
    shutil.copy(sample_ideas_path, path)
    out = run_themes(path)
    check_contract(out, [i.id for i in sample_ideas])
    top = [t for t in out["themes"] if "parent" not in t]
    assert 6 <= len(top) <= 16
    assert any("parent" in t for t in out["themes"])  # the large themes have sub-themes
    assert run_themes(path, "--seed", "0") == out
    fixed = run_themes(path, "--n-themes", "12")
    assert len([t for t in fixed["themes"] if "parent" not in t]) == 12


def test_previous_keeps_theme_ids_and_reports_changes(tmp_path, sample_ideas_path, sample_ideas):
    lines = sample_ideas_path.read_text(encoding="utf-8").splitlines()
    earlier_file, all_file = tmp_path / "earlier.csv", tmp_path / "all.csv"
    earlier_file.write_text("\n".join(lines[:-6]) + "\n", encoding="utf-8")
    all_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    earlier = run_themes(earlier_file)
    previous = tmp_path / "previous.json"
    previous.write_text(json.dumps(earlier), encoding="utf-8")
    again = run_themes(all_file, "--previous", str(previous))
    check_contract(again, [i.id for i in sample_ideas])
    kept = sum(again["assignments"][i] == t for i, t in earlier["assignments"].items())
    assert kept >= 0.9 * len(earlier["assignments"])
    labels = {t["id"]: t["label"] for t in earlier["themes"]}
    for theme in again["themes"]:
        if theme["id"] in labels:
            assert theme["label"] == labels[theme["id"]]
    assert again["changes"]["new_ideas"] == 6
    assert again["changes"]["moved"] + again["changes"]["kept"] == len(earlier["assignments"])


def themes_with_codebook(tmp_path, codes: list[dict], suffix: str) -> dict:
    """``themes --json --codebook`` on IDEAS, the codebook written as JSON or as CSV (every cell quoted)."""
    path = tmp_path / f"codebook{suffix}"
    if suffix == ".json":
        path.write_text(json.dumps({"themes": codes}), encoding="utf-8")
    else:
        path.write_text("key,label,description\n" + "".join(f'{c["key"]},"{c["label"]}","{c["description"]}"\n'
                                                            for c in codes), encoding="utf-8")
    ideas = tmp_path / "ideas.jsonl"
    ideas.write_text("\n".join(json.dumps({"id": i, "text": t}) for i, t in IDEAS) + "\n", encoding="utf-8")
    out = run_themes(ideas, "--codebook", str(path))
    check_contract(out, [i for i, _ in IDEAS])
    return out


@pytest.mark.parametrize("suffix", [".json", ".csv"])
def test_codebook_keys_become_theme_ids(tmp_path, suffix):
    codes = [{"key": "mentoring", "label": "Mentoring", "description": "Mentors, mentoring programs and peer support"},
             {"key": "funding", "label": "Financement", "description": "Funding of agencies and programs, financement"},
             {"key": "credentials", "label": "Credentials", "description": "Recognition of credentials by regulators"}]
    out = themes_with_codebook(tmp_path, codes, suffix)
    assert out["assignments"]["m2"] == "mentoring" and out["assignments"]["f2"] == "funding"
    assert out["assignments"]["c2"] == "credentials"
    assert {t["label"] for t in out["themes"] if t["id"] == "funding"} == {"Financement"}
    # the output says which codes coded it: given back with --previous, a code given then (even one that took
    # no card) is told from a code added since
    assert out["codebook_keys"] == ["mentoring", "funding", "credentials"]


def test_a_codebook_label_and_description_may_be_given_per_language(tmp_path):
    codes = [{"key": "mentoring", "label": {"en": "Mentoring", "fr": "Mentorat"},
              "description": {"en": "Mentors, mentoring programs and peer support", "fr": "mentors et pairs"}},
             {"key": "funding", "label": {"fr": "Financement"}, "description": "Funding of agencies and programs"},
             {"key": "credentials", "label": "Credentials", "description": "Recognition of credentials by regulators"}]
    path = tmp_path / "codebook.json"
    path.write_text(json.dumps({"themes": codes}), encoding="utf-8")
    ideas = tmp_path / "ideas.jsonl"
    ideas.write_text("\n".join(json.dumps({"id": i, "text": t}) for i, t in IDEAS) + "\n", encoding="utf-8")
    out = run_themes(ideas, "--codebook", str(path))
    check_contract(out, [i for i, _ in IDEAS])
    assert out["assignments"]["m2"] == "mentoring" and out["assignments"]["f2"] == "funding"
    labels = {t["id"]: t["label"] for t in out["themes"]}
    # English cards: the English label where the codebook has one, else the one it has
    assert labels["mentoring"] == "Mentoring" and labels["funding"] == "Financement"
    assert not any("{" in label for label in labels.values())


@pytest.mark.parametrize("suffix", [".json", ".csv"])
def test_a_codebook_label_or_description_of_any_length_is_kept_whole(tmp_path, suffix):
    """The analysis has no column to fit: the app refuses a label over 200 characters and a description
    over 2,000 (forum.services.codebook), the command line takes them as they are, never cut."""
    label = "Mentoring, peer support and the first job: " + "é😀 " * 100  # 343 characters
    codes = [{"key": "mentoring", "label": label.strip(), "description": "Mentors, mentoring programs " * 200},
             {"key": "funding", "label": "F" * 201, "description": "Funding of agencies and programs"},
             {"key": "credentials", "label": "Credentials", "description": "Recognition of credentials by regulators"}]
    out = themes_with_codebook(tmp_path, codes, suffix)
    labels = {t["id"]: t["label"] for t in out["themes"]}
    assert labels["mentoring"] == label.strip() and labels["funding"] == "F" * 201
    assert out["assignments"]["m2"] == "mentoring"


@pytest.mark.parametrize("content", ['{"themes": [{"label": "no key"}]}', "not json", "label,description\nA,b\n",
                                     '{"themes": [{"key": "a", "label": ["Funding", "Financement"]}]}',
                                     '{"themes": [{"key": "a", "label": "A", "description": {"en": 3}}]}',
                                     '{"themes": [{"key": "\\u200b\\u202e", "label": "Funding"}]}'])
def test_bad_codebook_is_a_clear_error(tmp_path, content):
    path = tmp_path / ("codebook.csv" if content.startswith("label") else "codebook.json")
    path.write_text(content, encoding="utf-8")
    check_clear_error(tmp_path, "--codebook", path)


def check_clear_error(tmp_path, option, path):
    ideas = tmp_path / "ideas.jsonl"
    ideas.write_text("\n".join(json.dumps({"id": i, "text": t}) for i, t in IDEAS) + "\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "analysis", "themes", str(ideas), option, str(path)],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert result.stderr.startswith("error: ") and "Traceback" not in result.stderr


@pytest.mark.parametrize("count", [1, 2])
def test_tiny_files(tmp_path, count):
    path = tmp_path / "tiny.jsonl"
    path.write_text("\n".join(json.dumps({"id": i, "text": t}) for i, t in IDEAS[:count]) + "\n")
    out = run_themes(path)
    check_contract(out, [i for i, _ in IDEAS[:count]])
    assert len(out["themes"]) == 1


def test_no_heavy_imports_on_the_themes_path(tmp_path, sample_ideas_path):
    code = (
        "import sys, io, contextlib; from analysis.__main__ import main\n"
        f"with contextlib.redirect_stdout(io.StringIO()): main(['themes', {str(sample_ideas_path)!r}, '--json'])\n"
        "print(sorted(m for m in ('matplotlib', 'flask', 'sqlalchemy', 'torch') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_same_output_whatever_the_hash_seed(tmp_path, sample_ideas_path):
    import os

    outputs = set()
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        result = subprocess.run(
            [sys.executable, "-m", "analysis", "themes", str(sample_ideas_path), "--json"],
            cwd=ROOT, capture_output=True, text=True, timeout=120, env=env,
        )
        assert result.returncode == 0, result.stderr
        outputs.add(result.stdout)
    assert len(outputs) == 1


@pytest.mark.parametrize("content", ["[1, 2]", '{"themes": [{"label": "no id"}]}', "{",
                                     '{"themes": [], "assignments": {}, "codebook_keys": "mentoring"}'])
def test_bad_previous_file_is_a_clear_error(tmp_path, content):
    path = tmp_path / "previous.json"
    path.write_text(content, encoding="utf-8")
    check_clear_error(tmp_path, "--previous", path)


def test_a_re_run_reads_the_codes_the_earlier_run_was_coded_with(tmp_path):
    codes = [{"key": "mentoring", "label": "Mentoring", "description": "Mentors, mentoring programs and peer support"},
             {"key": "childcare", "label": "Childcare", "description": "Childcare and daycare for parents in class"}]
    first = themes_with_codebook(tmp_path, codes, ".json")
    assert "childcare" not in first["assignments"].values()  # given, and took no card
    previous = tmp_path / "previous.json"
    previous.write_text(json.dumps(first), encoding="utf-8")
    again = run_themes(tmp_path / "ideas.jsonl", "--codebook", str(tmp_path / "codebook.json"),
                       "--previous", str(previous))
    check_contract(again, [i for i, _ in IDEAS])
    assert again["codebook_keys"] == ["mentoring", "childcare"] and again["changes"]["moved"] == 0
