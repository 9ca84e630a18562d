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
    assert set(out) == {"themes", "assignments"}
    assert set(out["assignments"]) == set(ids)
    theme_ids = {t["id"] for t in out["themes"]}
    assert set(out["assignments"].values()) <= theme_ids
    for theme in out["themes"]:
        assert set(theme) == {"id", "label", "terms", "size", "representative_ids"}
        assert isinstance(theme["label"], str) and theme["label"]
        assert all(isinstance(t, str) for t in theme["terms"])
        assert theme["size"] == sum(1 for v in out["assignments"].values() if v == theme["id"])


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
    assert len(out["themes"]) >= 5
    assert run_themes(path, "--seed", "0") == out
    fixed = run_themes(path, "--n-themes", "12")
    assert len(fixed["themes"]) == 12


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
