"""Compare ways of choosing the number of top-level themes, by AMI at the number output.

    python scripts/compare_k_selection.py --data DIR [--splits 3]

Same data and scoring as ``scripts/measure_themes.py`` (the sample forum's halves against
both codings, each dev set whole), one line per rule; everything else in ``ThemeModel`` is
unchanged. Rules:

* ``default``: ``analysis.cluster.top_level_k``, about 0.9 * sqrt(n), 8-16 once there are six cards a theme;
* ``silhouette``: the best cosine silhouette over k = 6..16 (on a subsample when large);
* ``sqrt``: k = round(sqrt(n));
* ``half-sqrt``: k = round(sqrt(n) / 2), at least 2.
"""
from __future__ import annotations

import argparse
import math
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sklearn.metrics import adjusted_mutual_info_score as ami  # noqa: E402

from analysis.themes import ThemeModel  # noqa: E402
from scripts.measure_themes import CODINGS, halves, load_dev, load_sample  # noqa: E402

RULES = {
    "default": lambda n: {},
    "silhouette": lambda n: {"k_range": range(6, 17)},
    "sqrt": lambda n: {"n_themes": max(2, round(math.sqrt(n)))},
    "half-sqrt": lambda n: {"n_themes": max(2, round(math.sqrt(n) / 2))},
}


def score(pairs, truths, rule):
    model = ThemeModel(random_state=0, **RULES[rule](len(pairs))).fit(pairs)
    ids = [i for i, _ in pairs]
    predicted = [model.assignments_[i] for i in ids]
    return statistics.mean(ami([truth[i] for i in ids], predicted) for truth in truths), model.n_themes_


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", required=True, help="a folder with sample-forum/ and dev-sets/<name>/")
    parser.add_argument("--splits", type=int, default=3)
    args = parser.parse_args(argv)
    data = Path(args.data)
    ideas, reference = load_sample(data)
    truths = [{i: reference[i][c] for i in reference} for c in CODINGS]
    sets = [("sample halves", [h for s in range(args.splits) for h in halves([(i, t) for i, t, _ in ideas], s)], truths)]
    for folder in sorted((data / "dev-sets").iterdir()):
        if (folder / "reference.json").exists():
            pairs, truth = load_dev(folder)
            sets.append((folder.name, [pairs], [truth]))
    print(f"{'rule':<12}" + "".join(f"{name:>28}" for name, _, _ in sets))
    for rule in RULES:
        cells = []
        for _, parts, part_truths in sets:
            results = [score(part, part_truths, rule) for part in parts]
            cells.append(f"AMI {statistics.mean(r[0] for r in results):.3f} k {min(r[1] for r in results)}-"
                         f"{max(r[1] for r in results)}")
        print(f"{rule:<12}" + "".join(f"{cell:>28}" for cell in cells))
    return 0


if __name__ == "__main__":
    sys.exit(main())
