"""Measure theme quality against the sample forum's two reference codings.

    python scripts/measure_themes.py [--ideas FILE] [--reference FILE] [--splits 10] [--train 0.7] [--n-themes K]

By default it reads the sample forum's ideas and its two reference codings (the copies in
``tests/analysis/data``). Prints normalized mutual information (NMI, scikit-learn's
``normalized_mutual_info_score``) with ``coding_a``, ``coding_b`` and their mean:

* held-out: fit on a random 70% of the ideas (rows shuffled), ``predict`` the other 30%,
  NMI on the held-out 30% only; repeated over several split seeds;
* fit + predict, all: the same splits scored over all ideas (the 70% as fitted, the 30% as
  predicted), which is less inflated by the small held-out set;
* whole forum: fit on all ideas, rows shuffled, for several model seeds;
* chance: NMI of the same predicted theme sizes dealt out at random (the floor; it is high
  for small held-out sets with many themes, so compare against it); AMI: adjusted mutual
  information, chance-corrected (0 = chance), mean over both codings;
* stability: NMI between whole-forum runs with different seeds, and between runs on
  shuffled rows with the same seed (must be 1.0).
The number of themes is chosen automatically unless ``--n-themes`` is given.
"""
from __future__ import annotations

import argparse
import csv
import itertools
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sklearn.metrics import adjusted_mutual_info_score as ami  # noqa: E402
from sklearn.metrics import normalized_mutual_info_score as nmi  # noqa: E402

from analysis.io import read_ideas  # noqa: E402
from analysis.themes import ThemeModel  # noqa: E402

SAMPLE = Path(__file__).resolve().parents[1] / "tests" / "analysis" / "data"  # the sample forum


def mean_sd(values):
    values = list(values)
    sd = statistics.stdev(values) if len(values) > 1 else 0.0
    return f"{statistics.mean(values):.3f} ± {sd:.3f}"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ideas", type=Path, default=SAMPLE / "sample_ideas.csv", help="ideas CSV or JSONL")
    parser.add_argument("--reference", type=Path, default=SAMPLE / "sample_themes_reference.csv",
                        help="CSV: id, coding_a, coding_b (two groupings made by people)")
    parser.add_argument("--splits", type=int, default=10)
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--train", type=float, default=0.7)
    parser.add_argument("--n-themes", type=int, default=None)
    args = parser.parse_args(argv)
    ideas = read_ideas(args.ideas)
    with open(args.reference, encoding="utf-8") as handle:
        reference = {row["id"]: row for row in csv.DictReader(handle)}
    ideas = [idea for idea in ideas if idea.id in reference]
    codings = ("coding_a", "coding_b")

    def score(ids, predicted):
        values = [nmi([reference[i][c] for i in ids], predicted) for c in codings]
        # chance level: the same predicted theme sizes dealt out at random (NMI rises with the
        # number of themes and falls with the number of ideas, so this is the floor to beat)
        chance = []
        for repeat in range(20):
            dealt = list(predicted)
            random.Random(repeat).shuffle(dealt)
            chance.extend(nmi([reference[i][c] for i in ids], dealt) for c in codings)
        adjusted = statistics.mean(ami([reference[i][c] for i in ids], predicted) for c in codings)
        return values + [sum(values) / len(values), statistics.mean(chance), adjusted]

    rows = []
    started = time.perf_counter()
    # held-out splits
    held, held_all, ks = [], [], []
    for split in range(args.splits):
        shuffled = list(ideas)
        random.Random(split).shuffle(shuffled)
        cut = int(round(args.train * len(shuffled)))
        train, test = shuffled[:cut], shuffled[cut:]
        model = ThemeModel(n_themes=args.n_themes, random_state=split).fit(train)
        predicted = model.predict(test)
        held.append(score([i.id for i in test], predicted))
        held_all.append(score([i.id for i in train] + [i.id for i in test], [model.assignments_[i.id] for i in train] + predicted))
        ks.append(model.n_themes_)
    split = f"{int(args.train * 100)}/{100 - int(args.train * 100)}"
    rows.append((f"held-out {split} x{args.splits}", held, ks))
    rows.append((f"fit {split} + predict, all", held_all, ks))
    # whole forum, rows shuffled
    whole, ks, runs = [], [], {}
    for seed in range(args.seeds):
        shuffled = list(ideas)
        random.Random(1000 + seed).shuffle(shuffled)
        model = ThemeModel(n_themes=args.n_themes, random_state=seed).fit(shuffled)
        ids = sorted(model.assignments_)
        runs[seed] = [model.assignments_[i] for i in ids]
        whole.append(score(ids, runs[seed]))
        ks.append(model.n_themes_)
    rows.append((f"whole forum x{args.seeds} seeds", whole, ks))

    print(f"{len(ideas)} ideas from {args.ideas}; number of themes: {'auto' if args.n_themes is None else args.n_themes}")
    print(f"{'setting':<26} {'NMI coding_a':>16} {'NMI coding_b':>16} {'NMI mean':>16} {'chance':>7} {'AMI':>6}   themes (k)")
    for name, values, ks in rows:
        cols = [mean_sd(v[c] for v in values) for c in range(3)]
        chance = statistics.mean(v[3] for v in values)
        adjusted = statistics.mean(v[4] for v in values)
        print(f"{name:<26} {cols[0]:>16} {cols[1]:>16} {cols[2]:>16} {chance:>7.3f} {adjusted:>6.3f}   {min(ks)}-{max(ks)} (mean {statistics.mean(ks):.1f})")

    seed_nmi = [nmi(runs[a], runs[b]) for a, b in itertools.combinations(sorted(runs), 2)]
    order_nmi = []
    for seed in range(3):
        base = ThemeModel(n_themes=args.n_themes, random_state=seed).fit(ideas)
        for shuffle in range(3):
            shuffled = list(ideas)
            random.Random(shuffle + 77).shuffle(shuffled)
            other = ThemeModel(n_themes=args.n_themes, random_state=seed).fit(shuffled)
            ids = sorted(base.assignments_)
            order_nmi.append(nmi([base.assignments_[i] for i in ids], [other.assignments_[i] for i in ids]))
    print(f"{'stability across seeds':<26} NMI between runs {mean_sd(seed_nmi)} (min {min(seed_nmi):.3f})")
    print(f"{'stability across row order':<26} NMI between runs min {min(order_nmi):.3f} (must be 1.000)")
    reference_agreement = nmi([reference[i.id]["coding_a"] for i in ideas], [reference[i.id]["coding_b"] for i in ideas])
    print(f"{'coding_a vs coding_b':<26} NMI {reference_agreement:.3f} (human agreement)")
    print(f"time {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
