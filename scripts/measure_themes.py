"""Measure the themes against groupings people made: AMI at the number of themes output.

    python scripts/measure_themes.py --data DIR [--splits 6] [--seeds 1] [--only themes,codebook,rerun,novelty]

``--data`` holds ``sample-forum/`` (``ideas.csv``, ``themes_reference.csv`` with two
codings, ``themes_codebooks.json``) and ``dev-sets/<name>/`` (``ideas.jsonl``,
``reference.json``). Every figure is scikit-learn's ``adjusted_mutual_info_score``
(chance-corrected; plain NMI rises with the number of themes) at the number of top-level
themes the model outputs, with the model never told the reference:

* **themes**: the sample forum in held-out parts (rows shuffled, each split's half fitted on
  its own, AMI with ``coding_a`` and ``coding_b``; and each round on its own), and each dev
  set (whole and halves); beside it a naive baseline, scikit-learn's TF-IDF + k-means at the
  same number of themes, and the source's own number of groups; with ``--seeds N`` every
  fit is repeated with the model's ``random_state`` 0..N-1 (one seed's luck moves a figure by
  0.01-0.03; compare choices with 6-12);
* **codebook**: each of the sample's two codebooks given as ``codebook`` (key and description
  only), share of ideas put under the coder's key (a new theme counts as a miss), on the
  whole forum and on halves; beside it TF-IDF cosine to the descriptions alone;
* **novelty**: leave-one-code-out in codebook mode. For each code of each coder's codebook,
  the model is given the codebook without it: the share of that code's cards offered as new
  themes (novelty recall), the share of the other cards sent to new themes (false new) and the
  share of the other cards under the coder's key (accuracy on the kept codes); averaged over
  the codes, then the codings. Two forms of codebook: the coder's own (keys and descriptions,
  whole forum) and a carried one, as "Start the next edition" makes it: one half of the forum is
  last year (fitted with the full codebook; each theme becomes a code described by its key
  terms and three of its typical cards, as ``forum.services.codebook.carried_codes``), the other
  half is this year (halves x ``--splits``, each split's both directions);
* **rerun**: fit without six random ideas, then refit with them and ``previous=``: share of
  the earlier ideas that keep their theme id (and the model's own ``changes_``).
"""
from __future__ import annotations

import argparse
import csv
import json
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sklearn.cluster import KMeans  # noqa: E402
from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402
from sklearn.metrics import adjusted_mutual_info_score as ami  # noqa: E402
from sklearn.metrics.pairwise import cosine_similarity  # noqa: E402

from analysis.io import read_ideas  # noqa: E402
from analysis.themes import ThemeModel  # noqa: E402

CODINGS = ("coding_a", "coding_b")


def load_sample(data: Path):
    ideas = [(idea.id, idea.text, idea.round) for idea in read_ideas(data / "sample-forum" / "ideas.csv")]
    with open(data / "sample-forum" / "themes_reference.csv", encoding="utf-8") as handle:
        reference = {row["id"]: row for row in csv.DictReader(handle)}
    return [idea for idea in ideas if idea[0] in reference], reference


def load_dev(folder: Path):
    with open(folder / "ideas.jsonl", encoding="utf-8") as handle:
        ideas = [json.loads(line) for line in handle if line.strip()]
    reference = json.loads((folder / "reference.json").read_text(encoding="utf-8"))["assignments"]
    return [(idea["id"], idea["text"]) for idea in ideas], reference


def naive(texts, k, seed=0):
    """The baseline: scikit-learn's sublinear TF-IDF (English stop words) + k-means at k."""
    X = TfidfVectorizer(sublinear_tf=True, stop_words="english", min_df=2).fit_transform(texts)
    return KMeans(n_clusters=max(1, k), n_init=10, random_state=seed).fit_predict(X)


def fit_and_score(pairs, truths, seed, model_seeds=(0,)):
    """Fit on ``pairs`` (rows shuffled with ``seed``) once per model seed: ``(AMI per truth,
    the baseline's AMI per truth, k)`` for each."""
    rows = list(pairs)
    random.Random(seed).shuffle(rows)
    ids = [i for i, _ in rows]
    results = []
    for model_seed in model_seeds:
        model = ThemeModel(random_state=model_seed).fit([(i, t) for i, t in rows])
        predicted = [model.assignments_[i] for i in ids]
        baseline = naive([t for _, t in rows], model.n_themes_, seed + model_seed)
        ours = [ami([truth[i] for i in ids], predicted) for truth in truths]
        base = [ami([truth[i] for i in ids], baseline) for truth in truths]
        results.append((ours, base, model.n_themes_))
    return results


def report(name, results, n_groups):
    ours = [statistics.mean(r[0]) for r in results]
    base = [statistics.mean(r[1]) for r in results]
    ks = [r[2] for r in results]
    print(f"{name:<38} AMI {statistics.mean(ours):.3f} (min {min(ours):.3f})  themes {min(ks)}-{max(ks)}"
          f" (source {n_groups})   naive TF-IDF+k-means at same k: {statistics.mean(base):.3f}")
    return statistics.mean(ours)


def halves(items, seed):
    rows = list(items)
    random.Random(seed).shuffle(rows)
    cut = len(rows) // 2
    return rows[:cut], rows[cut:]


def measure_themes(data: Path, splits: int, model_seeds=(0,)):
    ideas, reference = load_sample(data)
    truths = [{i: reference[i][c] for i in reference} for c in CODINGS]
    pairs = [(i, t) for i, t, _ in ideas]
    groups = len({reference[i]["coding_a"] for i in reference})
    print(f"-- themes (sample forum: {len(ideas)} ideas, reference codings of {groups} and "
          f"{len({reference[i]['coding_b'] for i in reference})} themes)")
    for c, coding in enumerate(CODINGS):
        results = [r for s in range(splits) for part in halves(pairs, s)
                   for r in fit_and_score(part, [truths[c]], 100 + s, model_seeds)]
        report(f"sample, halves x{splits}, {coding}", results, groups)
    for round_name in sorted({r for _, _, r in ideas if r}):
        part = [(i, t) for i, t, r in ideas if r == round_name]
        results = [r for s in range(3) for r in fit_and_score(part, truths, s, model_seeds)]
        report(f"sample, round {round_name} ({len(part)}) both codings", results, groups)
    results = [r for s in range(3) for r in fit_and_score(pairs, truths, s, model_seeds)]
    report("sample, whole forum, both codings", results, groups)
    dev_scores = []
    for folder in sorted((data / "dev-sets").iterdir()):
        if not (folder / "reference.json").exists():
            continue
        pairs, truth = load_dev(folder)
        n_groups = len(set(truth.values()))
        whole = [r for s in range(3) for r in fit_and_score(pairs, [truth], s, model_seeds)]
        dev_scores.append(report(f"{folder.name} ({len(pairs)}), whole", whole, n_groups))
        parts = [r for s in range(splits // 2 or 1) for part in halves(pairs, s)
                 for r in fit_and_score(part, [truth], 200 + s, model_seeds)]
        report(f"{folder.name}, halves", parts, n_groups)
    if dev_scores:
        print(f"{'dev sets, mean AMI (whole)':<38} {statistics.mean(dev_scores):.3f}")


def description_baseline(texts, codes):
    """TF-IDF cosine of each idea to each code's description alone: the best code."""
    vectorizer = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit(texts + [d for _, d in codes])
    sims = cosine_similarity(vectorizer.transform(texts), vectorizer.transform([d for _, d in codes]))
    return [codes[j][0] for j in sims.argmax(axis=1)]


def measure_codebook(data: Path, splits: int):
    ideas, reference = load_sample(data)
    books = json.loads((data / "sample-forum" / "themes_codebooks.json").read_text(encoding="utf-8"))
    print("-- codebook mode (sample forum, given only each coder's codebook: keys and descriptions)")
    for coding in CODINGS:
        codes = sorted(books[coding].items())
        codebook = [{"key": key, "description": text} for key, text in codes]
        for name, parts in (("whole forum", [ideas]),
                            (f"halves x{splits}", [h for s in range(splits) for h in halves(ideas, 300 + s)])):
            ours, base, new = [], [], []
            for part in parts:
                rows = sorted(part)
                model = ThemeModel(random_state=0, codebook=codebook).fit([(i, t) for i, t, _ in rows])
                keys = [reference[i][coding] for i, _, _ in rows]
                ours.append(statistics.mean(model.assignments_[i] == k for (i, _, _), k in zip(rows, keys)))
                guess = description_baseline([t for _, t, _ in rows], codes)
                base.append(statistics.mean(g == k for g, k in zip(guess, keys)))
                new.append(sum(t.size for t in model.themes_ if t.origin != "codebook") / len(rows))
            print(f"{coding}, {name:<14} under the coder's key {statistics.mean(ours):.1%} (min {min(ours):.1%});"
                  f" offered as new themes {statistics.mean(new):.1%};"
                  f" TF-IDF to descriptions alone {statistics.mean(base):.1%}")


def carried_codebook(rows, codebook):
    """``codebook`` as a next edition carries it over from a forum of ``rows``: each theme of a
    fit with it becomes a code keyed as the code it was coded from, described by its key terms
    (8) and its three most typical cards, like ``forum.services.codebook.carried_codes``."""
    model = ThemeModel(random_state=0, codebook=codebook).fit([(i, t) for i, t, _ in rows])
    texts = {i: t for i, t, _ in rows}
    carried = []
    for theme in model.themes_:
        if theme.origin != "codebook" or theme.parent is not None:
            continue
        words = ", ".join(theme.terms[:8])
        examples = [texts[i] for i in theme.representative_ids[:3]]
        carried.append({"key": theme.id, "label": theme.label,
                        "description": " ".join(filter(None, [words, *examples]))})
    return carried


def left_out(rows, codebook, keys, model_seeds):
    """Per code of ``codebook`` left out, over the model seeds: (novelty recall, false new, kept
    accuracy) on ``rows`` whose coder's keys are ``keys``; a code without cards is skipped."""
    results = {}
    for code in codebook:
        mine = [k == code["key"] for k in keys]
        if not any(mine):
            continue
        given = [c for c in codebook if c["key"] != code["key"]]
        for seed in model_seeds:
            model = ThemeModel(random_state=seed, codebook=given).fit([(i, t) for i, t, _ in rows])
            new = {i for t in model.themes_ if t.origin != "codebook" and t.parent is None for i in t.idea_ids}
            recall = statistics.mean(i in new for (i, _, _), m in zip(rows, mine) if m)
            others = [(i, k) for (i, _, _), k, m in zip(rows, keys, mine) if not m]
            false_new = statistics.mean(i in new for i, _ in others)
            kept = statistics.mean(model.assignments_[i] == k for i, k in others)
            results.setdefault(code["key"], []).append((recall, false_new, kept))
    return results


def measure_novelty(data: Path, splits: int, model_seeds=(0,)):
    ideas, reference = load_sample(data)
    books = json.loads((data / "sample-forum" / "themes_codebooks.json").read_text(encoding="utf-8"))
    print("-- novelty: leave-one-code-out in codebook mode (sample forum; recall = the left-out code's"
          " cards offered as new themes)")
    summary = {}
    for coding in CODINGS:
        codebook = [{"key": key, "description": text} for key, text in sorted(books[coding].items())]
        rows = sorted(ideas)
        forms = {"coder's codebook, whole forum":
                 [left_out(rows, codebook, [reference[i][coding] for i, _, _ in rows], model_seeds)]}
        carried = []
        for s in range(splits):
            for last, this in (halves(ideas, 500 + s), halves(ideas, 500 + s)[::-1]):
                this = sorted(this)
                carried.append(left_out(this, carried_codebook(sorted(last), codebook),
                                        [reference[i][coding] for i, _, _ in this], model_seeds))
        forms[f"carried codebook, halves x{splits}"] = carried
        for form, runs in forms.items():
            per_code = {}
            for run in runs:
                for key, values in run.items():
                    per_code.setdefault(key, []).extend(values)
            means = [[statistics.mean(v[j] for v in values) for j in range(3)] for values in per_code.values()]
            figures = [statistics.mean(m[j] for m in means) for j in range(3)]
            summary.setdefault(form, []).append(figures)
            print(f"{coding}, {form:<32} novelty recall {figures[0]:.1%}; other cards sent to new themes"
                  f" {figures[1]:.1%}; kept codes under the coder's key {figures[2]:.1%} ({len(means)} codes)")
    for form, figures in summary.items():
        print(f"both codings, {form:<32} novelty recall {statistics.mean(f[0] for f in figures):.1%};"
              f" false new {statistics.mean(f[1] for f in figures):.1%};"
              f" kept accuracy {statistics.mean(f[2] for f in figures):.1%}")


def measure_rerun(data: Path, splits: int):
    ideas, _ = load_sample(data)
    pairs = [(i, t) for i, t, _ in ideas]
    print("-- re-run with six new ideas and previous= (sample forum)")
    kept, moved = [], []
    for s in range(splits):
        rows = list(pairs)
        random.Random(400 + s).shuffle(rows)
        earlier, new = rows[6:], rows[:6]
        first = ThemeModel(random_state=0).fit(earlier)
        previous = {"themes": [{"id": t.id, "label": t.label} for t in first.themes_],
                    "assignments": first.assignments_}
        again = ThemeModel(random_state=0, previous=previous).fit(earlier + new)
        kept.append(statistics.mean(again.assignments_[i] == first.assignments_[i] for i, _ in earlier))
        moved.append(again.changes_["moved"])
    print(f"earlier ideas keeping their theme id: {statistics.mean(kept):.1%} (min {min(kept):.1%});"
          f" moved per run (changes_): {statistics.mean(moved):.1f}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", required=True, help="a folder with sample-forum/ and dev-sets/<name>/")
    parser.add_argument("--splits", type=int, default=6)
    parser.add_argument("--seeds", type=int, default=1,
                        help="themes, novelty: fit with random_state 0..SEEDS-1")
    parser.add_argument("--only", default="themes,codebook,rerun", help="any of themes,codebook,rerun,novelty")
    args = parser.parse_args(argv)
    data = Path(args.data)
    started = time.perf_counter()
    parts = {"themes": lambda data, splits: measure_themes(data, splits, range(args.seeds)),
             "codebook": measure_codebook, "rerun": measure_rerun,
             "novelty": lambda data, splits: measure_novelty(data, splits, range(args.seeds))}
    for name in args.only.split(","):
        parts[name](data, args.splits)
    print(f"time {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
