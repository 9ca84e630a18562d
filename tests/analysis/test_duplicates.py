"""Near-duplicate cards across tables."""
import random

import numpy as np
import scipy.sparse as sp

from analysis import duplicates
from analysis.duplicates import find_near_duplicates, tables_raising
from analysis.examples import distinct_examples
from analysis.records import Idea


def test_same_thing_at_different_tables_is_grouped():
    ideas = [
        Idea(id="a1", text="Site visits to companies", table="1"),
        Idea(id="b7", text="Organize site visits to companies", table="2"),
        Idea(id="c3", text="Initiatives: Site visits to companies!", table="3"),
        Idea(id="d4", text="Funding for bridging programs", table="1"),
        Idea(id="e5", text="Mentoring by peers", table="4"),
    ]
    groups = find_near_duplicates(ideas)
    assert groups == [["a1", "b7", "c3"]]
    assert tables_raising(groups[0], ideas) == 3


def test_sample_forum_duplicates(sample_ideas):
    groups = find_near_duplicates(sample_ideas)
    assert len(groups) >= 5
    text = {idea.id: idea.text for idea in sample_ideas}
    assert all(len(g) >= 2 and g == sorted(g) for g in groups)
    sizes = [len(g) for g in groups]
    assert sizes == sorted(sizes, reverse=True)
    assert any(all("internet" in text[i].lower() for i in g) for g in groups)


def test_order_independent_and_deterministic(sample_ideas):
    shuffled = list(sample_ideas)
    random.Random(3).shuffle(shuffled)
    assert find_near_duplicates(shuffled) == find_near_duplicates(sample_ideas)


def test_higher_threshold_gives_fewer_links(sample_ideas):
    loose = sum(len(g) for g in find_near_duplicates(sample_ideas, threshold=0.5))
    strict = sum(len(g) for g in find_near_duplicates(sample_ideas, threshold=0.95))
    assert strict <= loose


def test_prefix_filter_finds_the_same_pairs_as_brute_force(sample_ideas):
    import numpy as np

    from analysis.duplicates import _candidate_pairs
    from analysis.preprocess import TextPreprocessor
    from analysis.vectorize import TermVectorizer

    X = TermVectorizer(TextPreprocessor(heading_weight=0.0), min_df=1, max_df=1.0).fit_transform(
        [i.text for i in sorted(sample_ideas, key=lambda i: i.id)]
    )
    for threshold in (0.4, 0.7, 0.9):
        S = (X @ X.T).toarray()
        brute = {(a, b) for a, b in zip(*np.nonzero(np.triu(S, 1) >= threshold))}
        i, j = _candidate_pairs(X, threshold)
        assert brute <= set(zip(i.tolist(), j.tolist()))


def test_edge_cases():
    assert find_near_duplicates([]) == []
    assert find_near_duplicates([Idea(id="x", text="alone")]) == []
    same = [Idea(id="2", text="Same text"), Idea(id="1", text="same   TEXT"), Idea(id="3", text="???"), Idea(id="4", text="???")]
    assert find_near_duplicates(same) == [["1", "2"], ["3", "4"]]


def test_ideas_without_a_table_add_no_table():
    """Imported ideas say no table: three of them are not "raised at 3 tables"."""
    ideas = [Idea(id="1", text="a"), Idea(id="2", text="a"), Idea(id="3", text="a", table="T")]
    assert tables_raising(["1", "2", "3"], ideas) == 1
    assert tables_raising(["1", "2"], ideas) == 0


def test_tables_raising_takes_a_mapping_of_ideas():
    ideas = [Idea(id="1", text="a", table="T"), Idea(id="2", text="a"), Idea(id="3", text="a", table="T"),
             Idea(id="4", text="b", table="U")]
    by_id = {idea.id: idea for idea in ideas}
    for group in (["1", "2", "3"], ["1", "3"], ["2", "4", "9"], []):
        assert tables_raising(group, by_id) == tables_raising(group, ideas)
    assert tables_raising(["1", "2", "3"], by_id) == 1


def test_a_flood_of_near_identical_cards_is_one_group():
    flood = [(f"f{n:05d}", f"idea number {n}") for n in range(20_000)]
    others = [("o1", "Mentoring circles for nurses"), ("o2", "Mentoring circles for nurses!"), ("o3", "Funding gaps")]
    groups = find_near_duplicates(flood + others)
    assert groups == [sorted(i for i, _ in flood), ["o1", "o2"]]


def test_caps_bound_the_group_size_and_the_pairs():
    copies = [Idea(id=f"{i:04d}", text=f"Mentoring programs for newcomers, idea number {i}") for i in range(400)]
    assert [len(group) for group in find_near_duplicates(copies)] == [400]
    capped = find_near_duplicates(copies, max_group_size=50)
    assert all(len(group) <= 50 for group in capped) and len(capped) >= 2
    assert [len(group) for group in find_near_duplicates(copies, max_pairs=100)] == [400]  # copies cost no pairs
    words = "alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november oscar papa " \
            "quebec romeo sierra tango".split()
    near = [Idea(id=f"{a}-{b}", text=f"Mentoring programs for newcomers and new arrivals, with mentors from "
                                     f"local employers, {a} {b}") for a in words for b in words]
    unbounded = find_near_duplicates(near, threshold=0.2)
    few_pairs = find_near_duplicates(near, threshold=0.2, max_pairs=100)
    # without max_pairs a card still keeps only its MAX_PARTNERS closest later cards: every card is
    # grouped, a few of them apart from the largest group
    assert sum(len(group) for group in unbounded) == len(near) and len(unbounded[0]) > 0.9 * len(near)
    assert len(few_pairs[0]) < len(unbounded[0])


def test_similar_pairs_are_the_brute_force_pairs_and_each_card_keeps_its_closest_partners(sample_ideas):
    import numpy as np

    from analysis.duplicates import _similar_pairs
    from analysis.preprocess import TextPreprocessor
    from analysis.vectorize import TermVectorizer

    texts = [i.text for i in sorted(sample_ideas, key=lambda i: i.id)]
    texts += [f"Mentoring programs for newcomers and new arrivals, {a} {b}" for a in "abcdefgh" for b in "ijklmnop"]
    X = TermVectorizer(TextPreprocessor(heading_weight=0.0), min_df=1, max_df=1.0).fit_transform(texts).tocsr()
    X.sort_indices()
    S = np.triu((X @ X.T).toarray(), 1)
    for threshold in (0.4, 0.7):
        brute = set(zip(*np.nonzero(S >= threshold - 1e-9)))
        # small blocks, so that several blocks (and drops of the earlier cards) are exercised
        i, j = _similar_pairs(X, threshold, max_block_nnz=500)
        assert set(zip(i.tolist(), j.tolist())) == brute
        i, j = _similar_pairs(X, threshold, max_partners=3)
        kept = set(zip(i.tolist(), j.tolist()))
        for row in {a for a, _ in brute}:
            partners = sorted((-S[row, b], b) for a, b in brute if a == row)
            assert {(row, b) for _, b in partners[:3]} == {pair for pair in kept if pair[0] == row}


def _rows(*rows, columns=4):
    return sp.csr_matrix(np.array(rows, dtype=float).reshape(len(rows), columns))


def test_identical_rows_are_one_row_and_rows_that_differ_are_not():
    X = _rows([0.6, 0.8, 0, 0], [0, 0, 0, 0], [0.6, 0.8, 0, 0], [0.8, 0.6, 0, 0], [0, 0.6, 0.8, 0], [0, 0, 0, 0])
    first, index = duplicates._identical_rows(X, ["a b", "No terms", "a b", "b a", "b c", "no   TERMS"])
    assert first.tolist() == [0, 1, 3, 4] and index.tolist() == [0, 1, 0, 2, 3, 1]


def test_rows_whose_projections_collide_are_told_apart_by_their_entries(monkeypatch):
    """Every row of the same length gets the same sums here: only the entry comparison separates them."""
    monkeypatch.setattr(duplicates.np.random, "default_rng", lambda seed: _ZeroNormals())
    X = _rows([0.6, 0.8, 0, 0], [0.8, 0.6, 0, 0], [0.6, 0.8, 0, 0], [0, 0.6, 0.8, 0], [0.8, 0.6, 0, 0])
    first, index = duplicates._identical_rows(X, [""] * 5)
    assert first.tolist() == [0, 1, 3] and index.tolist() == [0, 1, 0, 2, 1]


class _ZeroNormals:
    def standard_normal(self, shape):
        return np.zeros(shape)


def test_examples_skip_a_card_that_differs_only_in_case_punctuation_or_spacing():
    ideas = [Idea(id="1", text="More mentoring programs"), Idea(id="2", text="more  mentoring programs!"),
             Idea(id="3", text="Paid internships"), Idea(id="4", text="MORE MENTORING PROGRAMS."),
             Idea(id="5", text="Mentoring for women")]
    assert [i.id for i in distinct_examples(ideas, 3)] == ["1", "3", "5"]
    assert [i.id for i in distinct_examples(ideas)] == ["1", "3", "5"]
    assert [i.id for i in distinct_examples(reversed(ideas), 2)] == ["5", "4"]  # the order decides
