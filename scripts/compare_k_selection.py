"""Compare ways of choosing the number of themes, on the sample forum's reference codings.

    python scripts/compare_k_selection.py [--ideas FILE] [--reference FILE] [--rules silhouette,gap,stability,sqrt,fixed15,merge15]

For each rule, the same settings as ``scripts/measure_themes.py``: fit on a random 70%
(rows shuffled), predict the other 30%, over 10 splits (NMI and AMI on the held-out 30%,
and over all ideas); and the whole forum over 5 seeds. NMI and AMI are means over both
codings. Rules (everything else in ``ThemeModel`` unchanged):

* ``silhouette``: the default (``analysis.cluster``): best mean cosine silhouette;
* ``gap``: silhouette minus the silhouette of the same k-means on a null copy of the data
  (each dimension permuted on its own, 3 copies), best difference: corrects for
  silhouette rising with k in many dimensions;
* ``stability``: k-means on 6 random 80% subsamples, each extended to all ideas, mean
  adjusted Rand index between them; the largest k within 0.05 of the most stable;
* ``sqrt``: k = round(sqrt(n)), a common rule of thumb;
* ``fixedK``: k = K (``fixed15``: the size of the human codebooks; an oracle, for reference);
* ``mergeK``: the default k-means, then the two themes with the closest centres merged
  until K remain.
"""
from __future__ import annotations

import argparse
import csv
import random
import statistics
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sklearn.metrics import adjusted_mutual_info_score as ami  # noqa: E402
from sklearn.metrics import adjusted_rand_score as ari  # noqa: E402
from sklearn.metrics import normalized_mutual_info_score as nmi  # noqa: E402

from analysis.cluster import SphericalKMeans, cosine_silhouette, default_k_range, spherical_kmeans  # noqa: E402
from analysis.io import read_ideas  # noqa: E402
from analysis.themes import ThemeModel  # noqa: E402

SAMPLE = Path(__file__).resolve().parents[1] / "tests" / "analysis" / "data"  # the sample forum


class RuleKMeans(SphericalKMeans):
    """``SphericalKMeans`` whose k comes from ``rule`` (see the module docstring)."""

    def __init__(self, rule="silhouette", **kwargs):
        super().__init__(**kwargs)
        self.rule = rule

    def fit(self, Z, y=None):
        if self.rule.startswith("merge"):
            rule, self.rule = self.rule, "silhouette"
            super().fit(Z)
            self.rule = rule
            self.labels_ = _merge(np.asarray(Z, dtype=np.float64), self.labels_, int(rule[5:]))
            self.n_clusters_ = int(self.labels_.max()) + 1
            return self
        return super().fit(Z)

    def _choose_k(self, Z, distinct):
        n = Z.shape[0]
        if self.rule == "silhouette":
            return super()._choose_k(Z, distinct)
        if self.rule == "sqrt":
            return int(round(np.sqrt(n))), None
        if self.rule.startswith("fixed"):
            return int(self.rule[5:]), None
        ks = [k for k in default_k_range(n) if 2 <= k < min(n, distinct + 1)]
        if len(ks) > self.max_candidates:
            ks = sorted({int(round(x)) for x in np.linspace(ks[0], ks[-1], self.max_candidates)})
        rng = np.random.default_rng(int(self.random_state) + 99)
        if self.rule == "gap":
            D = np.maximum(1.0 - Z @ Z.T, 0.0)
            nulls = []
            for _ in range(3):
                N = np.column_stack([rng.permutation(Z[:, j]) for j in range(Z.shape[1])])
                N /= np.maximum(np.linalg.norm(N, axis=1, keepdims=True), 1e-12)
                nulls.append((N, np.maximum(1.0 - N @ N.T, 0.0)))
            for k in ks:
                real = cosine_silhouette(Z, self._best_of(Z, k, self.n_init)[0], D)
                null = np.mean([cosine_silhouette(N, self._best_of(N, k, 3)[0], DN) for N, DN in nulls])
                self.scores_[k] = real - null
            return max(self.scores_, key=lambda k: (self.scores_[k], -k)), None
        if self.rule == "stability":
            for k in ks:
                runs = []
                for b in range(6):
                    rows = np.sort(rng.choice(n, int(0.8 * n), replace=False))
                    rng_b = np.random.default_rng([int(self.random_state), k, 500 + b])
                    _, centers, _ = spherical_kmeans(Z[rows], k, rng_b)
                    runs.append(np.argmax(Z @ centers.T, axis=1))
                self.scores_[k] = float(np.mean([ari(runs[a], runs[b]) for a in range(6) for b in range(a + 1, 6)]))
            top = max(self.scores_.values())
            return max(k for k, v in self.scores_.items() if v >= top - 0.05), None
        raise ValueError(f"unknown rule {self.rule!r}")


def _merge(Z, labels, target):
    """Merge the two themes with the most similar centres until ``target`` remain."""
    labels = np.asarray(labels).copy()
    while len(np.unique(labels)) > target:
        classes = np.unique(labels)
        centers = np.array([Z[labels == c].mean(axis=0) for c in classes])
        centers /= np.linalg.norm(centers, axis=1, keepdims=True)
        sims = centers @ centers.T
        np.fill_diagonal(sims, -np.inf)
        a, b = np.unravel_index(np.argmax(sims), sims.shape)
        labels[labels == classes[b]] = classes[a]
    return np.unique(labels, return_inverse=True)[1]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ideas", type=Path, default=SAMPLE / "sample_ideas.csv", help="ideas CSV or JSONL")
    parser.add_argument("--reference", type=Path, default=SAMPLE / "sample_themes_reference.csv",
                        help="CSV: id, coding_a, coding_b (two groupings made by people)")
    parser.add_argument("--rules", default="silhouette,gap,stability,sqrt,fixed15,merge15")
    args = parser.parse_args(argv)
    with open(args.reference, encoding="utf-8") as handle:
        reference = {row["id"]: row for row in csv.DictReader(handle)}
    ideas = [idea for idea in read_ideas(args.ideas) if idea.id in reference]

    def score(ids, predicted):
        codings = ("coding_a", "coding_b")
        return (statistics.mean(nmi([reference[i][c] for i in ids], predicted) for c in codings),
                statistics.mean(ami([reference[i][c] for i in ids], predicted) for c in codings))

    print(f"{len(ideas)} ideas; NMI / AMI, means over both codings")
    print(f"{'rule':<11} {'held-out 30%':>13} {'fit 70 + predict, all':>22} {'k':>6} {'whole forum':>13} {'k':>6}")
    for rule in args.rules.split(","):
        held, fitted_all, whole, ks, whole_ks = [], [], [], [], []
        for split in range(10):
            shuffled = list(ideas)
            random.Random(split).shuffle(shuffled)
            cut = int(round(0.7 * len(shuffled)))
            train, test = shuffled[:cut], shuffled[cut:]
            model = ThemeModel(random_state=split, clusterer=RuleKMeans(rule, random_state=split)).fit(train)
            predicted = model.predict(test)
            held.append(score([i.id for i in test], predicted))
            fitted_all.append(score([i.id for i in train + test], [model.assignments_[i.id] for i in train] + predicted))
            ks.append(model.n_themes_)
        for seed in range(5):
            shuffled = list(ideas)
            random.Random(1000 + seed).shuffle(shuffled)
            model = ThemeModel(random_state=seed, clusterer=RuleKMeans(rule, random_state=seed)).fit(shuffled)
            ids = sorted(model.assignments_)
            whole.append(score(ids, [model.assignments_[i] for i in ids]))
            whole_ks.append(model.n_themes_)

        def pair(values):
            return f"{statistics.mean(v[0] for v in values):.3f} / {statistics.mean(v[1] for v in values):.3f}"

        ranges = f"{min(ks):>3}-{max(ks):<2}", f"{min(whole_ks):>3}-{max(whole_ks):<2}"
        print(f"{rule:<11} {pair(held):>13} {pair(fitted_all):>22} {ranges[0]} {pair(whole):>13} {ranges[1]}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
