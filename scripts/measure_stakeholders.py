"""Measure stakeholder-group suggestions on cards the model has not seen.

    python scripts/measure_stakeholders.py [--data ideas.csv] [--dev-sets DIR] [--clf threshold=0.3]
                                           [--calibration] [--tagged-seeds 4] [--first-seed 0]
                                           [--tagged-share 0.3] [--forum-weight 1] [--nested]

The package's own copy of the sample is never used: the training cards are always the part of
``--data`` that is not being tested. Splits:

- **leave one round out** — train on every other round, suggest the held-out round's cards
  (closest to a later round of a forum: new question, new wording);
- **by heading** — 5 folds that keep cards sharing a heading ("Training/Programs: ...") on
  one side (stratified by group, 3 seeds);
- **30% tagged** — leave one round out, with 30% of the held-out round tagged by the forum
  (drawn with seed 0, or seeds 0 to N-1 pooled with ``--tagged-seeds N``; ``--first-seed S``
  starts at S, ``--tagged-share`` changes the 30%).

``--forum-weight W`` is ``suggest_groups``'s ``forum_weight`` (what one of the forum's own tagged
cards weighs, in shipped cards); only the tagged split has forum tags for it to move.

For each: accuracy with "not sure" counted as a miss, coverage (share answered), accuracy on
the answered cards, and the same model always answering; the plain TF-IDF + logistic
regression baseline and the majority group of the test cards for comparison. Then the share of
"not sure" on texts from another field (the development sets' ideas, ``--dev-sets``), and a
sweep of the threshold on the leave-one-round-out cards and the development sets, with the
highest threshold that costs at most one point of held-out accuracy.

``--nested`` scores each held-out round with the settings this script otherwise picks on held-out rounds
themselves, chosen instead on the *other* rounds only (by heading, 5 folds): ``suggest_groups``'
``self_training_weight`` (the most right among ``NESTED_WEIGHTS``, ties to the default) and then the
threshold (the sweep's rule below). A figure with no setting tuned on the cards it is measured on.

``--calibration`` adds, for each split, a reliability table of the confidence bands the app
shows (``analysis.records.CONFIDENCE_BANDS``, then "low", then "not sure"): how many
cards fell in each, their mean confidence and the share that was right, with the accuracy as
now and never saying "not sure".
"""
from __future__ import annotations

import argparse
import inspect
import os
import sys
import warnings
from collections import Counter
from dataclasses import replace
from pathlib import Path

for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

import numpy as np  # noqa: E402
from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.model_selection import StratifiedGroupKFold  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analysis.io import read_ideas  # noqa: E402
from analysis.records import CONFIDENCE_BANDS, DEFAULT_STAKEHOLDER_GROUPS, confidence_band  # noqa: E402
from analysis.stakeholders import heading_of, suggest_groups  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT / "forum" / "demo" / "ideas.csv"  # the sample forum
THRESHOLDS = tuple(round(0.01 * step, 2) for step in range(26)) + (0.3, 0.35)
CHANCE = 1.0 / len(DEFAULT_STAKEHOLDER_GROUPS)
# "Not sure" is a miss: the threshold is the highest one that costs at most this much held-out accuracy.
ACCURACY_COST = 0.01
NOT_SURE = "not sure"
# ``--nested``: the self-training weights tried on the training rounds, and the default among equals
NESTED_WEIGHTS = (0.0, 0.25, 0.5, 1.0, 2.0)
DEFAULT_SELF_TRAINING_WEIGHT = inspect.signature(suggest_groups).parameters["self_training_weight"].default


def _untag(ideas):
    return [replace(idea, stakeholder=None) for idea in ideas]


def _baseline(training, forum):
    vectorizer = TfidfVectorizer()
    model = LogisticRegression(max_iter=2000).fit(vectorizer.fit_transform([idea.text for idea in training]),
                                                  [idea.stakeholder for idea in training])
    return list(model.predict(vectorizer.transform([idea.text for idea in forum])))


class Tally:
    """Truth, the best group, its confidence and the baseline's answer for every scored card."""

    def __init__(self):
        self.rows = []

    def add(self, truth, suggestion, baseline):
        best = suggestion.alternatives[0][0] if suggestion.alternatives else suggestion.group
        self.rows.append((truth, best, suggestion.confidence, suggestion.group, baseline))

    def line(self, name):
        truth = np.array([row[0] for row in self.rows], dtype=object)
        best = np.array([row[1] for row in self.rows], dtype=object)
        answered = np.array([row[3] is not None for row in self.rows])
        right = answered & (best == truth)
        baseline = np.mean([row[4] == row[0] for row in self.rows])
        majority = Counter(truth).most_common(1)[0][1] / len(truth)
        on_answered = right.sum() / answered.sum() if answered.any() else float("nan")
        return (f"{name:<32} {right.mean():>6.3f} {answered.mean():>8.2f} {on_answered:>9.3f} "
                f"{np.mean(best == truth):>8.3f} {baseline:>8.3f} {majority:>8.3f}  (n={len(truth)})")

    def reliability(self, name):
        """For each confidence band the app shows (and "not sure"): how many cards fell in it, their
        mean confidence and the share whose shown group (for "not sure", the best guess) was right."""
        truth = np.array([row[0] for row in self.rows], dtype=object)
        best = np.array([row[1] for row in self.rows], dtype=object)
        confidence = np.array([row[2] for row in self.rows], dtype=float)
        band = np.array([NOT_SURE if row[3] is None else confidence_band(row[2]) for row in self.rows], dtype=object)
        right = best == truth
        lines = [f"  {name} (n={len(truth)})"]
        for label in (*CONFIDENCE_BANDS, "low", NOT_SURE):
            inside = band == label
            if inside.any():
                lines.append(f"    {label:<9} {inside.sum():>4} {inside.mean():>7.0%}"
                             f"   mean confidence {confidence[inside].mean():.2f}   right {right[inside].mean():.2f}")
            else:
                lines.append(f"    {label:<9} {0:>4} {0:>7.0%}")
        answered = band != NOT_SURE
        gap = sum(abs(confidence[band == label].mean() - right[band == label].mean()) * (band == label).sum()
                  for label in set(band[answered].tolist())) / max(answered.sum(), 1)
        lines.append(f"    accuracy as now {np.mean(right & answered):.3f}, never \"not sure\" {right.mean():.3f};"
                     f" expected calibration error over the answered bands {gap:.3f}")
        return "\n".join(lines)

    def sweep(self):
        truth = np.array([row[0] for row in self.rows], dtype=object)
        best = np.array([row[1] for row in self.rows], dtype=object)
        sure = _sureness(np.array([row[2] for row in self.rows]))
        return {t: (np.mean((sure >= t) & (best == truth)), np.mean(sure >= t)) for t in THRESHOLDS}


def _sureness(confidence):
    """How far the best group's probability is from an equal share toward certainty (what
    ``StakeholderClassifier.threshold`` is compared with)."""
    return (confidence - CHANCE) / (1.0 - CHANCE) + 1e-9


def leave_one_round_out(ideas, params, tagged_share=0.0, seeds=1, first_seed=0):
    tally = Tally()
    for seed in range(first_seed, first_seed + seeds) if tagged_share else (0,):
        _one_round_out(tally, ideas, params, tagged_share, seed)
    return tally


def _one_round_out(tally, ideas, params, tagged_share, seed):
    for held in sorted({idea.round for idea in ideas}):
        training = [idea for idea in ideas if idea.round != held]
        forum = [idea for idea in ideas if idea.round == held]
        keep = set()
        if tagged_share:
            rng = np.random.default_rng(seed)
            keep = set(rng.choice(len(forum), int(round(tagged_share * len(forum))), replace=False).tolist())
        given = [idea if index in keep else replace(idea, stakeholder=None) for index, idea in enumerate(forum)]
        result = suggest_groups(given, training=training, **params)
        scored = [idea for index, idea in enumerate(forum) if index not in keep]
        for idea, base in zip(scored, _baseline(training, scored)):
            tally.add(idea.stakeholder, result[idea.id], base)


def by_heading(ideas, params, seeds=3, folds=5):
    tally = Tally()
    labels = [idea.stakeholder for idea in ideas]
    headings = [f"{idea.round}|{heading_of(idea.text) or idea.id}" for idea in ideas]
    for seed in range(seeds):
        split = StratifiedGroupKFold(folds, shuffle=True, random_state=seed).split(ideas, labels, headings)
        for train_index, test_index in split:
            training = [ideas[i] for i in train_index]
            forum = [ideas[i] for i in test_index]
            result = suggest_groups(_untag(forum), training=training, **params)
            for idea, base in zip(forum, _baseline(training, forum)):
                tally.add(idea.stakeholder, result[idea.id], base)
    return tally


def highest_threshold(sweep) -> float:
    """The highest threshold of a ``Tally.sweep()`` whose accuracy is at most ``ACCURACY_COST`` below the best."""
    always = max(accuracy for accuracy, _ in sweep.values())
    return max(threshold for threshold, (accuracy, _) in sweep.items() if accuracy >= always - ACCURACY_COST - 1e-9)


def most_right(accuracies: dict, default):
    """The setting with the highest accuracy; among equals, the one nearest ``default``."""
    return max(accuracies, key=lambda setting: (round(accuracies[setting], 9), -abs(setting - default)))


def nested_rounds(ideas, params):
    """Each round held out and scored with the self-training weight and the threshold chosen on the
    other rounds alone (by heading, 5 folds, one seed); per round (name, weight, threshold, right, cards)."""
    out = []
    for held in sorted({idea.round for idea in ideas}):
        training = [idea for idea in ideas if idea.round != held]
        forum = [idea for idea in ideas if idea.round == held]
        inner = {weight: by_heading(training, {**params, "self_training_weight": weight}, seeds=1)
                 for weight in NESTED_WEIGHTS}
        weight = most_right({w: np.mean([row[3] == row[0] for row in tally.rows]) for w, tally in inner.items()},
                            DEFAULT_SELF_TRAINING_WEIGHT)
        threshold = highest_threshold(inner[weight].sweep())
        chosen = {**params, "self_training_weight": weight,
                  "classifier_params": {**params.get("classifier_params", {}), "threshold": threshold}}
        result = suggest_groups(_untag(forum), training=training, **chosen)
        out.append((held, weight, threshold, sum(result[idea.id].group == idea.stakeholder for idea in forum),
                    len(forum)))
    return out


def dev_set_confidences(directory: Path, params) -> dict[str, tuple[np.ndarray, Counter]]:
    found = {}
    for path in sorted(directory.glob("*/ideas.jsonl")):
        result = suggest_groups(read_ideas(path), **params)
        found[path.parent.name] = (np.array([s.confidence for s in result.values()]),
                                   Counter(s.group for s in result.values()))
    return found


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default=str(DEFAULT_DATA), help="tagged ideas CSV with a round column")
    parser.add_argument("--dev-sets", default="", help="a folder of data sets (each a folder with an untagged ideas.jsonl)")
    parser.add_argument("--calibration", action="store_true",
                        help="print a reliability table of the app's confidence bands on each held-out split")
    parser.add_argument("--tagged-seeds", type=int, default=1,
                        help="draws of the tagged cards (seeds 0, 1, ... from --first-seed), pooled; default 1")
    parser.add_argument("--first-seed", type=int, default=0,
                        help="seed of the first draw of the tagged cards; default 0")
    parser.add_argument("--tagged-share", type=float, default=0.3,
                        help="share of the held-out round tagged by the forum in the tagged split; default 0.3")
    parser.add_argument("--forum-weight", type=float, default=None,
                        help="suggest_groups' forum_weight (a forum tag weighs this many shipped cards)")
    parser.add_argument("--nested", action="store_true",
                        help="also score each round with settings chosen on the other rounds only (about 45 s of CPU)")
    parser.add_argument("--clf", action="append", default=[], help="StakeholderClassifier keyword, e.g. threshold=0.3")
    args = parser.parse_args(argv)
    params = {}
    if args.clf:
        params["classifier_params"] = {key: float(value) for key, value in (item.split("=", 1) for item in args.clf)}
    if args.forum_weight is not None:
        params["forum_weight"] = args.forum_weight
    ideas = [idea for idea in read_ideas(args.data) if idea.stakeholder]
    print(f"{len(ideas)} tagged cards from {args.data}{', ' + str(params) if params else ''}")
    print(f"{'split':<32} {'acc':>6} {'coverage':>8} {'acc ans.':>9} {'always':>8} {'TF-IDF':>8} {'majority':>8}")
    rounds = leave_one_round_out(ideas, params)
    splits = {"leave one round out": rounds,
              f"leave one round out, {args.tagged_share:.0%} tagged": leave_one_round_out(
                  ideas, params, tagged_share=args.tagged_share, seeds=args.tagged_seeds, first_seed=args.first_seed),
              "by heading (5 folds x 3 seeds)": by_heading(ideas, params)}
    for name, tally in splits.items():
        print(tally.line(name))
    if args.nested:
        with warnings.catch_warnings():  # a group with fewer cards than folds is expected here
            warnings.simplefilter("ignore", UserWarning)
            nested = nested_rounds(ideas, params)
        for held, weight, threshold, right, cards in nested:
            print(f"  nested, {held}: self-training weight {weight}, threshold {threshold}: {right}/{cards}")
        right, cards = (sum(row[index] for row in nested) for index in (3, 4))
        print(f"{'leave one round out, nested':<32} {right / cards:>6.3f}"
              f"  (n={cards}; settings chosen on the other rounds)")
    print("acc = right answers / all cards (\"not sure\" is a miss); acc ans. = right / answered;")
    print("always = the same model never saying \"not sure\"")
    if args.calibration:
        print("\nreliability of the confidence bands the app shows: band, cards, share of cards, their mean")
        print("confidence, share whose shown group was right (for \"not sure\", the best guess)")
        for name, tally in splits.items():
            print(tally.reliability(name))
    dev = dev_set_confidences(Path(args.dev_sets), params) if args.dev_sets and Path(args.dev_sets).is_dir() else {}
    for name, (_confidence, groups) in dev.items():
        share = groups[None] / sum(groups.values())
        common = ", ".join(f"{group}: {count}" for group, count in groups.most_common(4))
        print(f"{name}: \"not sure\" for {share:.0%} of {sum(groups.values())} texts ({common})")
    print("\nthreshold sweep: leave-one-round-out accuracy / coverage; \"not sure\" share on each dev set")
    sweep = rounds.sweep()
    for threshold, (accuracy, coverage) in sweep.items():
        shares = "  ".join(f"{name} {np.mean(_sureness(confidence) < threshold):.2f}"
                           for name, (confidence, _) in dev.items())
        print(f"  {threshold:<5} {accuracy:.3f} / {coverage:.2f}   {shares}")
    print(f"highest threshold costing at most {ACCURACY_COST:.2f} of held-out accuracy: {highest_threshold(sweep)}")


if __name__ == "__main__":
    main()
