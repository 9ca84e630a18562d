"""Print every theme and sub-theme label the theme model outputs on the sample forum and the dev sets,
as a report's reader sees them (section -> subsection), with each theme's size and three typical cards.

    python scripts/audit_theme_labels.py --data /work/shared/data [--ref GIT_REF] [--brief | --count]

The fits (the same on every run, rows shuffled with fixed seeds): the sample forum whole, each of its
rounds, shuffled halves (3 shuffles), each dev set whole and in shuffled halves, and the sample and
each dev set whole with ``random_state`` 1 and 2. ``--ref`` runs the ``analysis`` package as it was at a
git commit (e.g. the one before a label fix), so the labels before and after a change can be compared:
``--ref e1d7685d`` (before issue 9's label audit) against no ``--ref`` (the working tree). ``--brief``
prints one line per label (``fit | section | subsection | size``) without cards, for diffing;
``--count`` the number of labels in each class of the audit (``READING`` and ``classes``).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# The audit's reading (issue 9), December 2026: every label these fits gave, before and after the label
# fixes, read as a report's heading; the ones that are not fine. A record of one person's reading, used
# only by --count: the analysis never sees it. Duplicates, length and coverage are counted by rule.
READING = {
    "verb or verb phrase": """Board public transportation|Change traffic lights|Ease traffic|Plan to work|Test newcomer|
        Turn higher-capacity bus routes|Connecting seaport|Program ends|Soft skills required depend|Express expectations|
        Public transportation moving forward""",
    "fragment": """Accepting of training|Accessible for people with disabilities|Artificialisation des terres tant|
        Bigger ones for families|Boston fun|City guarantee|City pretty|Cold waiting|Consommatrices d'espace|
        Faible coût environnemental|Future and extend|Hiring people with work|Incitations à l'utilisation|La bike lanes|
        Live time|MBTA transportation near|Members to Internet-accessible resources|Ones for families|Pack in the future|
        Pedestrianized street like downtown|People with work|Professional and coaching|Progressive d'un système|
        Progressivement l'usage des auxiliaires|Publiques en matière environnementale|Raised traffic|
        Savvy technology city|Technology city|Street in order|Support barriers|Time soon|Touch with service providers|
        Training on workplace|Usage unique|Way MBTA|Way MBTA employees|Émissions de gaz à effet|
        Recruitment process on hiring|Workshops on career|Touch with service|Mean bus|Accès à des véhicules|
        Just bike lanes and sidewalks|Students and MNLIC's bridging program""",
    "wrong case": """Green line|Mass ave|North station|Orange line|South station|Park street|Downtown crossing|
        Bus stop in Bringham circle""",
    "French error": "",
}
READ = {label.strip(): name for name, labels in READING.items() for label in labels.split("|") if label.strip()}
SUB_THEME_FEW = "sub-theme speaks for few of its cards"  # counted apart: "fine" stays comparable with earlier audits
_FUNCTION = set("a an and at by for from in of on or the to with à au aux avec d dans de des du en et l la le les ou "
                "par pour sur un une".split())


def _content(label: str) -> frozenset:
    import re

    words = re.findall(r"[^\W\d_]+", label.lower().replace("’", "'"))
    return frozenset(w[:-1] if len(w) > 3 and w.endswith(("s", "x")) else w for w in words
                     if w not in _FUNCTION and len(w) > 1)


def _nearly_same(a: frozenset, b: frozenset) -> bool:
    small, large = sorted((a, b), key=len)
    return bool(small) and small <= large and len(large) - len(small) <= 1


def classes(label: str, others, cards, sub_theme: bool = False) -> list[str]:
    """The audit's classes of one label (none: fine): the reading's, and by rule "duplicate" (the
    same content words as another label of the same fit, a theme, its sub-theme or another, or all of
    them and one more, or all but one of them: "Commuter rail" and "Commuter rail stations"),
    "too long" (more than 5 words or 45 characters), "speaks for few cards" (a top-level theme
    whose label's content words, all of them, appear in fewer than a fifth of its cards: a label
    on an incidental word or a cluster held by one; for a sub-theme, whose ``cards`` are its own,
    "sub-theme speaks for few of its cards")."""
    found = [READ[label]] if label in READ else []
    words = _content(label)
    if words and any(_nearly_same(words, _content(other)) for other in others):
        found.append("duplicate")
    if len(label.split()) > 5 or len(label) > 45:
        found.append("too long")
    if cards:
        stems = [w[:-1] if len(w) > 4 and w.endswith("e") else w for w in words]
        using = sum(all(stem in card.lower() for stem in stems) for card in cards)
        if using < len(cards) / 5:
            found.append(SUB_THEME_FEW if sub_theme else "speaks for few cards")
    return found


def _fits(data: Path):
    """(name, ideas, random_state) for every fit of the audit."""
    from analysis.io import read_ideas
    from analysis.records import Idea

    sample = read_ideas(data / "sample-forum" / "ideas.csv")
    yield "sample", sample, 0
    for round_name in sorted({idea.round for idea in sample if idea.round}):
        yield f"sample round {round_name}", [idea for idea in sample if idea.round == round_name], 0
    for shuffle in range(3):
        rows = list(sample)
        random.Random(shuffle).shuffle(rows)
        half = len(rows) // 2
        yield f"sample shuffle {shuffle} half 1", rows[:half], 0
        yield f"sample shuffle {shuffle} half 2", rows[half:], 0
    for seed in (1, 2):
        yield f"sample random_state {seed}", sample, seed
    for folder in sorted(p for p in (data / "dev-sets").iterdir() if (p / "ideas.jsonl").is_file()):
        with open(folder / "ideas.jsonl", encoding="utf-8") as handle:
            rows = [json.loads(line) for line in handle if line.strip()]
        ideas = [Idea(id=row["id"], text=row["text"]) for row in rows]
        yield folder.name, ideas, 0
        shuffled = list(ideas)
        random.Random(0).shuffle(shuffled)
        half = len(shuffled) // 2
        yield f"{folder.name} half 1", shuffled[:half], 0
        yield f"{folder.name} half 2", shuffled[half:], 0
        for seed in (1, 2):
            yield f"{folder.name} random_state {seed}", ideas, seed


def audit(data: Path, brief: bool, count: bool) -> None:
    from collections import Counter

    from analysis.themes import ThemeModel

    totals, n_labels = Counter(), 0
    for name, ideas, seed in _fits(data):
        texts = {idea.id: idea.text for idea in ideas}
        model = ThemeModel(random_state=seed).fit(ideas)
        children = {}
        for sub in model.subthemes_:
            children.setdefault(sub.parent, []).append(sub)
        if count:
            every = model.themes_ + model.subthemes_
            for theme in every:
                others = [t.label for t in every if t is not theme]
                cards = [texts[i] for i in theme.idea_ids] if theme.parent is not None else [
                    texts[i] for i, t in model.assignments_.items() if t == theme.id]
                found = classes(theme.label, others, cards, theme.parent is not None)
                totals.update(found)
                if found in ([], [SUB_THEME_FEW]):  # "fine" as the audits before this class counted it
                    totals["fine"] += 1
                if not found:
                    totals["fine, sub-themes' cards counted too"] += 1
                n_labels += 1
            continue
        if not brief:
            print(f"\n=== {name} ({len(ideas)} cards, random_state {seed}): {len(model.themes_)} themes")
        for theme in model.themes_:
            _show(name, theme.label, "", theme, texts, brief)
            for sub in children.get(theme.id, []):
                _show(name, theme.label, sub.label, sub, texts, brief)
    if count:
        print(f"{n_labels} labels")
        for name in ["fine", *READING, "duplicate", "too long", "speaks for few cards", SUB_THEME_FEW,
                     "fine, sub-themes' cards counted too"]:
            print(f"{name}: {totals[name]}")


def _show(fit, section, subsection, theme, texts, brief):
    if brief:
        print(f"{fit} | {section} | {subsection} | {theme.size}")
        return
    indent = "    " if subsection else ""
    print(f"{indent}{subsection or section}  ({theme.size})")
    for idea_id in theme.representative_ids[:3]:
        print(f"{indent}  - {texts[idea_id][:110]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True, help="folder with sample-forum/ and dev-sets/")
    parser.add_argument("--ref", help="run the analysis package as at this git commit")
    parser.add_argument("--brief", action="store_true", help="one line per label, no cards")
    parser.add_argument("--count", action="store_true", help="the number of labels in each class of the audit")
    args = parser.parse_args()
    if args.ref:
        with tempfile.TemporaryDirectory() as folder:
            archive = subprocess.run(["git", "-C", str(ROOT), "archive", args.ref, "analysis"],
                                     check=True, capture_output=True).stdout
            subprocess.run(["tar", "-x", "-C", folder], input=archive, check=True)
            command = [sys.executable, __file__, "--data", str(args.data.resolve())] + (
                ["--brief"] if args.brief else []) + (["--count"] if args.count else [])
            return subprocess.run(command, cwd=folder, env={**os.environ, "PYTHONPATH": folder}).returncode
    sys.path.insert(0, str(Path.cwd()) if (Path.cwd() / "analysis").is_dir() else str(ROOT))
    audit(args.data, args.brief, args.count)
    return 0


if __name__ == "__main__":
    sys.exit(main())
