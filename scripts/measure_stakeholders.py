"""Measure stakeholder-group suggestions on the sample forum, cross-validated.

    python scripts/measure_stakeholders.py [--folds 5] [--seeds 5] [--data ideas.csv]

For every seed, the sample's cards are split into stratified folds. For each fold the
*shipped* training cards are the other folds only (the package's own copy of the sample is
never used here), and the held-out fold plays the new forum:

- text only      — no card of the forum is tagged;
- 30% / 50% tagged — that share of the forum's cards (stratified at random) keeps its tag;
  the rest are scored.
- baseline       — plain TF-IDF + logistic regression trained on the other folds (text only).

"mixed tables" / "tables by group" give the forum's cards simulated tables: spread at random,
or one table per group with 20% of cards at a random table (tables per round are a signal the
suggestions use when the input has a ``table`` column).

"by heading" repeats the settings with folds that keep cards sharing a heading
("Training/Programs: ...") together, so no heading is seen in both training and test: closer
to a forum never seen, whose headings and wording are new.

Prints accuracy and macro-F1 (mean ± standard deviation over seeds).
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path

for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")  # one thread per process: the seeds run in parallel

import numpy as np  # noqa: E402
from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.metrics import accuracy_score, f1_score  # noqa: E402
from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analysis.io import read_ideas  # noqa: E402
from analysis.stakeholders import heading_of, suggest_groups  # noqa: E402

DEFAULT_DATA = Path(__file__).resolve().parent.parent / "analysis" / "data" / "stakeholder_training.csv"


def _score(truth, predicted):
    return accuracy_score(truth, predicted), f1_score(truth, predicted, average="macro", zero_division=0)


def _tag_share(forum, share, rng):
    """Indexes of the forum's cards that keep their tag: ``share`` of each group, at random."""
    keep = []
    labels = np.array([idea.stakeholder for idea in forum])
    for label in sorted(set(labels)):
        members = np.flatnonzero(labels == label)
        rng.shuffle(members)
        keep.extend(members[: int(round(share * len(members)))].tolist())
    return set(keep)


SETTINGS = ["text only", "30% tagged", "50% tagged", "baseline TF-IDF+LR",
            "text only, by heading", "30% tagged, by heading", "50% tagged, by heading", "baseline, by heading",
            "text only, mixed tables", "30% tagged, mixed tables",
            "text only, tables by group", "30% tagged, tables by group"]


def _with_tables(forum, mode, rng, tables=6, noise=0.2):
    """Simulated tables: "mixed" (cards spread at random over the tables) or "by group" (each
    group sits at its own table, and ``noise`` of the cards land at a random table)."""
    groups = sorted({idea.stakeholder for idea in forum})
    seated = []
    for idea in forum:
        if mode == "mixed" or rng.random() < noise:
            table = f"T{rng.integers(tables)}"
        else:
            table = f"T-{groups.index(idea.stakeholder)}"
        seated.append(replace(idea, table=table))
    return seated


def run_seed(ideas, folds, seed, params):
    """Scores of every setting for one seed: {setting: (accuracy, macro-F1)}."""
    labels = np.array([idea.stakeholder for idea in ideas])
    headings = [heading_of(idea.text) or f"card-{idea.id}" for idea in ideas]
    if True:
        splits = {
            "random": StratifiedKFold(folds, shuffle=True, random_state=seed).split(ideas, labels),
            "heading": StratifiedGroupKFold(folds, shuffle=True, random_state=seed).split(ideas, labels, headings),
        }
        collected = {name: ([], []) for name in SETTINGS}
        for kind, split in splits.items():
            for train_index, test_index in split:
                training = [ideas[i] for i in train_index]
                forum = [ideas[i] for i in test_index]
                truth = [idea.stakeholder for idea in forum]
                untagged = [replace(idea, stakeholder=None) for idea in forum]
                # baseline
                vectorizer = TfidfVectorizer()
                baseline = LogisticRegression(max_iter=2000).fit(
                    vectorizer.fit_transform([idea.text for idea in training]), labels[train_index])
                predicted = baseline.predict(vectorizer.transform([idea.text for idea in forum]))
                name = "baseline TF-IDF+LR" if kind == "random" else "baseline, by heading"
                collected[name][0].extend(truth)
                collected[name][1].extend(predicted)
                # text only
                result = suggest_groups(untagged, training=training, **params)
                name = "text only" if kind == "random" else "text only, by heading"
                collected[name][0].extend(truth)
                collected[name][1].extend(result[idea.id].group for idea in forum)
                if kind == "random":
                    for mode, label in (("mixed", "mixed tables"), ("group", "tables by group")):
                        rng = np.random.default_rng(seed * 7919 + len(test_index))
                        seated = _with_tables(forum, mode, rng)
                        result = suggest_groups([replace(idea, stakeholder=None) for idea in seated],
                                                training=training, **params)
                        collected[f"text only, {label}"][0].extend(truth)
                        collected[f"text only, {label}"][1].extend(result[idea.id].group for idea in forum)
                        keep = _tag_share(forum, 0.3, rng)
                        partial = [idea if index in keep else replace(idea, stakeholder=None)
                                   for index, idea in enumerate(seated)]
                        result = suggest_groups(partial, training=training, **params)
                        for index, idea in enumerate(forum):
                            if index not in keep:
                                collected[f"30% tagged, {label}"][0].append(idea.stakeholder)
                                collected[f"30% tagged, {label}"][1].append(result[idea.id].group)
                suffix = "" if kind == "random" else ", by heading"
                for share, name in ((0.3, "30% tagged" + suffix), (0.5, "50% tagged" + suffix)):
                    rng = np.random.default_rng(seed * 1000 + len(test_index))
                    keep = _tag_share(forum, share, rng)
                    partial = [idea if index in keep else replace(idea, stakeholder=None)
                               for index, idea in enumerate(forum)]
                    result = suggest_groups(partial, training=training, **params)
                    for index, idea in enumerate(forum):
                        if index not in keep:
                            collected[name][0].append(idea.stakeholder)
                            collected[name][1].append(result[idea.id].group)
    return {name: _score(truth, predicted) for name, (truth, predicted) in collected.items()}


def run(ideas, folds, seeds, params, jobs=1):
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        per_seed = list(pool.map(run_seed, *zip(*[(ideas, folds, seed, params) for seed in range(seeds)])))
    return {name: [scores[name] for scores in per_seed] for name in SETTINGS}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default=str(DEFAULT_DATA), help="tagged ideas CSV (default: the shipped sample)")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=2, help="processes (one seed each)")
    parser.add_argument("--param", action="append", default=[], help="suggest_groups keyword, e.g. forum_weight=2")
    parser.add_argument("--clf", action="append", default=[], help="StakeholderClassifier keyword, e.g. C=2")
    args = parser.parse_args(argv)
    params = {}
    for item in args.param:
        key, value = item.split("=", 1)
        params[key] = float(value)
    if args.clf:
        params["classifier_params"] = {key: float(value) for key, value in (item.split("=", 1) for item in args.clf)}
    ideas = [idea for idea in read_ideas(args.data) if idea.stakeholder]
    start = time.perf_counter()
    scores = run(ideas, args.folds, args.seeds, params, args.jobs)
    elapsed = time.perf_counter() - start
    print(f"{len(ideas)} tagged cards, {args.folds}-fold stratified CV, {args.seeds} seeds"
          f"{', params ' + str(params) if params else ''}")
    print(f"{'setting':<26} {'accuracy':>15} {'macro-F1':>15}")
    for name, values in scores.items():
        values = np.array(values)
        print(f"{name:<26} {values[:, 0].mean():>8.3f} ± {values[:, 0].std():.3f} "
              f"{values[:, 1].mean():>8.3f} ± {values[:, 1].std():.3f}")
    print(f"({elapsed:.1f} s)")


if __name__ == "__main__":
    main()
