"""Benchmark: a full theme analysis and near-duplicate detection on synthetic ideas.

    python benchmarks/bench_themes.py [--n 100000] [--seed 0] [--rounds 2]

The ideas are SYNTHETIC: a deterministic generator mixes a topic's words (15 base topics,
each split into 4 sub-topics with their own made-up jargon), shared forum words, made-up
long-tail words, acronyms, headings and exact or light near-copies; they are not real forum data.
Prints wall time and peak memory (the process's maximum resident set size, ru_maxrss,
which includes numpy's buffers; tracemalloc is not used because it slows Python code down) of ``ThemeModel().fit`` followed by ``find_near_duplicates``,
then of the floor on the same ideas, plain scikit-learn (sublinear TF-IDF, TruncatedSVD to 100
dimensions, MiniBatchKMeans with 40 clusters), and the ratio. Each runs in its own process, one
after the other, so each peak is its own. ``--part ours`` or ``--part floor`` runs one of them;
``--rounds N`` alternates them N times. A round whose runs fell on either side of a change in the
host's own speed (``host_speed.py``) is measured again, up to ``--repeats`` times.
Targets: at most 2.5x the floor's time, under 2 GB.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis._threads import single_blas_thread  # noqa: E402
from analysis.duplicates import find_near_duplicates  # noqa: E402
from analysis.records import Idea  # noqa: E402
from analysis.themes import ThemeModel  # noqa: E402
import host_speed  # noqa: E402  (benchmarks/, this script's directory)

TOPICS = [
    "mentoring mentor coaching coach buddy peer alumni network networking referrals connections",
    "funding grants money budget incentives subsidy wage financial support resources capacity",
    "credentials licensing licence regulator recognition assessment exams accreditation equivalency",
    "internship placement shadowing volunteer experience trial practicum work exposure",
    "language english french communication accent presentation writing pronunciation fluency",
    "soft skills culture workplace norms etiquette confidence teamwork feedback expectations",
    "employers hiring bias attitudes managers recruiters awareness diversity inclusion",
    "bridging programs college courses training upgrading certificate curriculum",
    "retention promotion advancement career leadership succession growth ladder",
    "information portal website navigation directory resources guide awareness",
    "pre arrival overseas abroad immigration planning orientation before landing",
    "collaboration partnership agencies councils network coordination sharing",
    "childcare transportation housing settlement family wellbeing barriers",
    "evidence data research evaluation outcomes measure tracking success stories",
    "policy government advocacy funding rules status permits ministry",
]
SHARED = "newcomers ITPs SPOs PINs employers agencies program support need more better help create offer improve".split()
HEADINGS = ["Career Advancement", "Training/Programs", "Initiatives", "For clients (ITPs)", "Regarding funding"]
FILLER = "the for with to of and a in on more better".split()


SYLLABLES = "ka lo mi ne ru sa ti vo pe da zu ri mo la be".split()


def long_tail(rng: random.Random, size: int = 20000) -> list[str]:
    """Made-up rare words (organisation names, places, jargon) with a Zipf-like use."""
    words = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def synthetic_ideas(n: int, seed: int = 0) -> list[Idea]:
    rng = random.Random(seed)
    tail = long_tail(rng)
    # 100k ideas come from many forums: each base topic splits into sub-topics with
    # their own jargon (drawn from the long tail), as real forums in different sectors do
    topics = []
    for base in TOPICS:
        for _ in range(4):
            topics.append(base.split() + rng.sample(tail, 25))
    weights = [1.0 / (rank + 1) for rank in range(len(tail))]
    ideas = []
    for i in range(n):
        if ideas and rng.random() < 0.05:  # a near-copy of an earlier card, another table
            source = ideas[rng.randrange(len(ideas))]
            text = source.text + rng.choice(["", ".", " (again)", " !"])
        else:
            main = topics[rng.randrange(len(topics))]
            other = topics[rng.randrange(len(topics))]
            words = rng.sample(main, rng.randint(3, 6)) + rng.sample(other, rng.randint(0, 1))
            words += rng.sample(SHARED, rng.randint(1, 3)) + rng.sample(FILLER, rng.randint(1, 3))
            words += rng.choices(tail, weights=weights, k=rng.randint(1, 3))
            rng.shuffle(words)
            text = " ".join(words).capitalize()
            if rng.random() < 0.15:
                text = f"{rng.choice(HEADINGS)}: {text}"
        ideas.append(Idea(id=f"s{i:06d}", text=text, table=str(rng.randrange(40)), round=rng.choice(["best_practices", "challenges"])))
    return ideas


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_ours(ideas) -> dict:
    started, cpu_started = time.perf_counter(), time.process_time()
    model = ThemeModel(random_state=0).fit(ideas)
    fitted, cpu_fitted = time.perf_counter(), time.process_time()
    groups = find_near_duplicates(ideas, preprocessor=model.preprocessor_)
    done, cpu_done = time.perf_counter(), time.process_time()
    print(f"themes: {model.n_themes_} (largest: {model.themes_[0].label!r}, {model.themes_[0].size} ideas)")
    print(f"near-duplicate groups: {len(groups)} covering {sum(len(g) for g in groups)} ideas")
    print(f"{'':22}{'wall':>8}{'CPU':>9}")
    print(f"ThemeModel.fit        {fitted - started:7.1f} s {cpu_fitted - cpu_started:7.1f} s")
    print(f"find_near_duplicates  {done - fitted:7.1f} s {cpu_done - cpu_fitted:7.1f} s")
    return {"seconds": done - started, "cpu_seconds": cpu_done - cpu_started, "themes_seconds": fitted - started,
            "duplicates_seconds": done - fitted}


def run_floor(ideas) -> dict:
    """Plain scikit-learn on the same texts: what any themes pipeline costs at the least."""
    from sklearn.cluster import MiniBatchKMeans
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.preprocessing import normalize

    started, cpu_started = time.perf_counter(), time.process_time()
    with single_blas_thread():  # as the analysis runs: BLAS threads only wait on a shared 2-core machine
        X = TfidfVectorizer(sublinear_tf=True).fit_transform([idea.text for idea in ideas])
        reduced = normalize(TruncatedSVD(n_components=100, random_state=0).fit_transform(X))
        labels = MiniBatchKMeans(n_clusters=40, random_state=0).fit_predict(reduced)
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    print(f"floor: {X.shape[1]} terms, {len(set(labels.tolist()))} clusters")
    return {"seconds": seconds, "cpu_seconds": cpu_seconds}


def run_part(part: str, n: int, seed: int) -> dict:
    ideas = synthetic_ideas(n, seed)
    before = peak_mb()
    figures = (run_ours if part == "ours" else run_floor)(ideas)
    return {**figures, "peak_mb": peak_mb(), "ideas_mb": before, "load": os.getloadavg()[0]}


def run_in_process(part: str, args) -> dict:
    print(f"\n=== {'ThemeModel.fit + find_near_duplicates' if part == 'ours' else 'the floor: plain scikit-learn'}")
    output = subprocess.run([sys.executable, __file__, "--part", part, "--n", str(args.n), "--seed", str(args.seed)],
                            check=True, capture_output=True, text=True).stdout.strip().splitlines()
    print("\n".join(output[:-1]))
    figures = json.loads(output[-1])
    print(f"wall {figures['seconds']:.1f} s, CPU {figures['cpu_seconds']:.1f} s, peak RSS {figures['peak_mb']:.0f} MB "
          f"({figures['ideas_mb']:.0f} MB with the ideas alone); load average {figures['load']:.1f}")
    return figures


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--part", choices=["ours", "floor"], help="run only this part, in this process")
    parser.add_argument("--rounds", type=int, default=1, help="measure ours and the floor this many times, alternating")
    parser.add_argument("--repeats", type=int, default=2,
                        help="times a round is measured again when the host's speed changed during it")
    args = parser.parse_args(argv)
    if args.part:
        figures = run_part(args.part, args.n, args.seed)
        print(json.dumps(figures))
        return 0
    print(f"{args.n} synthetic ideas (generator seed {args.seed})")
    rounds = [host_speed.steady_round(["ours", "floor"], lambda part: run_in_process(part, args), args.repeats)
              for _ in range(args.rounds)]
    ratios = [results["ours"]["seconds"] / results["floor"]["seconds"] for results, _held in rounds]
    print("\n=== ours against the floor")
    for (results, held), ratio in zip(rounds, ratios):
        ours, floor = results["ours"], results["floor"]
        print(f"{ours['seconds']:.1f} s ({ours['themes_seconds']:.1f} themes + {ours['duplicates_seconds']:.1f} "
              f"near-duplicates) against {floor['seconds']:.1f} s = {ratio:.1f}x (CPU time "
              f"{ours['cpu_seconds'] / floor['cpu_seconds']:.1f}x); peak {ours['peak_mb']:.0f} MB against "
              f"{floor['peak_mb']:.0f} MB{'' if held else ' (the host changed speed during this round)'}")
    peak = max(results["ours"]["peak_mb"] for results, _held in rounds)
    print(f"goal <= 2.5x: {'OK' if max(ratios) <= 2.5 else 'MISSED'}; goal < 2048 MB: "
          f"{'OK' if peak < 2048 else 'MISSED'}")
    print("(wall time grows when other work shares the cores: compare the ratios, on a quiet machine)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
