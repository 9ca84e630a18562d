"""Benchmark: a full theme analysis and near-duplicate detection on synthetic ideas.

    python benchmarks/bench_themes.py [--n 100000] [--seed 0]

The ideas are SYNTHETIC: a deterministic generator mixes a topic's words (15 base topics,
each split into 4 sub-topics with their own made-up jargon), shared forum words, made-up
long-tail words, acronyms, headings and exact or light near-copies; they are not real forum data.
Prints wall time and peak memory (the process's maximum resident set size, ru_maxrss,
which includes numpy's buffers; tracemalloc is not used because it slows Python code down) of ``ThemeModel().fit`` followed by ``find_near_duplicates``.
Targets: under 60 s and under 2 GB on a 2-core machine.
"""
from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis.duplicates import find_near_duplicates  # noqa: E402
from analysis.records import Idea  # noqa: E402
from analysis.themes import ThemeModel  # noqa: E402

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


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    ideas = synthetic_ideas(args.n, args.seed)
    print(f"{len(ideas)} synthetic ideas (generator seed {args.seed})")

    started, cpu_started = time.perf_counter(), time.process_time()
    model = ThemeModel(random_state=0).fit(ideas)
    fitted, cpu_fitted = time.perf_counter(), time.process_time()
    groups = find_near_duplicates(ideas, preprocessor=model.preprocessor_)
    done, cpu_done = time.perf_counter(), time.process_time()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"themes: {model.n_themes_} (largest: {model.themes_[0].label!r}, {model.themes_[0].size} ideas)")
    print(f"near-duplicate groups: {len(groups)} covering {sum(len(g) for g in groups)} ideas")
    print(f"{'':22}{'wall':>8}{'CPU':>9}")
    print(f"ThemeModel.fit        {fitted - started:7.1f} s {cpu_fitted - cpu_started:7.1f} s")
    print(f"find_near_duplicates  {done - fitted:7.1f} s {cpu_done - cpu_fitted:7.1f} s")
    print(f"total                 {done - started:7.1f} s {cpu_done - cpu_started:7.1f} s   (target < 60 s wall)")
    print(f"load average during the run: {os.getloadavg()[0]:.1f} (wall time grows when other work shares the cores)")
    print(f"peak RSS (ru_maxrss)  {rss_mb:7.0f} MB   (target < 2048 MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
