"""Near-duplicate idea cards: cards that say the same thing, at one table or several.

``find_near_duplicates`` compares TF-IDF vectors (the same preprocessing as the themes:
stems, stop words, acronyms, phrases; given the themes' fitted preprocessor,
``ThemeModel.preprocessor_``, it reuses that fit's parse of the same ideas) by cosine
similarity and links pairs at or above
``threshold`` (default 0.7); repeating headings are ignored. Groups are formed around the
card with the most near-copies (no chaining: A~B and B~C do not join A and C through B
unless one card is close to both).

To stay near-linear on large inputs it uses *prefix filtering* (Bayardo et al., "Scaling
up all pairs similarity search"): terms are ordered rarest first, and each card indexes
only its rarest terms until the weight left in its remaining terms can no longer reach
the threshold on its own. Two cards with cosine >= threshold always share an indexed
term in both prefixes, so a sparse product of the small prefix matrices gives every
candidate pair, and exact cosines are then computed for the candidates only, by one
sparse product per block of cards over rows that keep each term's candidates apart.
"""
from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import scipy.sparse as sp

from analysis.themes import _pairs
from analysis._collector import collector_paused
from analysis._threads import single_blas_thread
from analysis.preprocess import TextPreprocessor
from analysis.vectorize import TermVectorizer

DEFAULT_THRESHOLD = 0.7
MAX_PARTNERS = 100  # most similar later cards kept per card (a forum's real near-copies are a handful)


def _prefix_matrix(X: sp.csr_matrix, threshold: float) -> sp.csr_matrix:
    """Keep, per row, the rarest terms while the norm of the terms from there on can still
    reach the threshold (vectorised over all rows)."""
    X = X.tocsr()
    n, m = X.shape
    if X.nnz == 0:
        return sp.csr_matrix(X.shape)
    rows = np.repeat(np.arange(n), np.diff(X.indptr))
    cols, data = X.indices, X.data
    df = np.bincount(cols, minlength=m)
    rank = np.empty(m, dtype=np.int64)
    rank[np.lexsort((np.arange(m), df))] = np.arange(m)  # rare first, ties by column
    order = np.lexsort((rank[cols], rows))  # by row, then rarest term first
    rows, cols, data = rows[order], cols[order], data[order]
    squares = data**2
    row_totals = np.bincount(rows, weights=squares, minlength=n)
    before = np.cumsum(squares) - squares  # squares of earlier entries, all rows
    row_start = np.concatenate([[0.0], np.cumsum(row_totals)[:-1]])
    suffix = np.sqrt(np.maximum(row_totals[rows] - (before - row_start[rows]), 0.0))
    keep = suffix >= threshold - 1e-9
    return sp.csr_matrix((data[keep], (rows[keep], cols[keep])), shape=X.shape)


def _similar_pairs(X, threshold, max_block_nnz=4_000_000, max_pairs=None, max_partners=MAX_PARTNERS):
    """Pairs ``i < j`` with cosine >= threshold, at most ``max_partners`` (the most similar)
    per ``i``, so that the pairs kept stay linear in the cards. Candidates are the pairs sharing
    a prefix term; their exact cosines come from one sparse product per block of rows (see
    ``_entry_rows``), so memory stays bounded by ``max_block_nnz`` candidates.
    ``max_pairs``: stop once that many pairs are found (thousands of copies of one text
    would otherwise make pairs by the hundred million)."""
    P = _prefix_matrix(X, threshold)
    P.data[:] = 1.0
    n = X.shape[0]
    R, card = _entry_rows(X, P)
    col_counts = np.diff(P.tocsc().indptr).astype(np.float64)
    row_cost = np.asarray(P @ col_counts).ravel()  # candidates each row can produce (upper bound)
    # the product only needs later cards: the entries of earlier ones are dropped from the
    # right-hand side now and then (each drop copies the rest once)
    drop_every = max(1, n // 8)
    out_i, out_j = [], []
    start = found = 0
    later_from = -1
    while start < n:
        if later_from < 0 or start - later_from >= drop_every:
            later_from, first_entry = start, P.indptr[start]
            later = R[first_entry:].T.tocsr()
        end, cost = start, 0.0
        while end < n and (end == start or cost + row_cost[end] <= max_block_nnz):
            cost += row_cost[end]
            end += 1
        C = R[P.indptr[start]:P.indptr[end]] @ later
        # most candidates fall short: only the close ones are told their cards
        close = np.flatnonzero(C.data >= threshold - 1e-9)
        rows = card[np.searchsorted(C.indptr, close, side="right") - 1 + P.indptr[start]]
        cols = card[C.indices[close] + first_entry]
        keep = cols > rows
        if keep.any():
            # a pair sharing several prefix terms comes once per term
            pair, first = np.unique(rows[keep].astype(np.int64) * n + cols[keep], return_index=True)
            sims = C.data[close[keep]][first]
            rows, cols = _most_similar(pair // n - start, pair % n, sims, max_partners)
            out_i.append(rows + start)
            out_j.append(cols)
            found += len(rows)
            if max_pairs is not None and found >= max_pairs:
                break
        start = end
    if not out_i:
        return np.zeros(0, dtype=int), np.zeros(0, dtype=int)
    return np.concatenate(out_i)[:max_pairs], np.concatenate(out_j)[:max_pairs]


def _entry_rows(X, P) -> tuple[sp.csr_matrix, np.ndarray]:
    """One row per prefix entry (card ``i``, term ``t``): card i's whole vector, its columns
    moved into a range of their own for term t. The product of two such rows is then the two
    cards' cosine when both entries are of the same term, and zero otherwise, so that one sparse
    product (in C) gives the exact cosine of every candidate pair; also the card of each entry.
    Size: the prefix entries times the card lengths."""
    n, m = X.shape
    card = np.repeat(np.arange(n), np.diff(P.indptr))
    lengths = np.diff(X.indptr)[card]
    indptr = np.concatenate([[0], np.cumsum(lengths)])
    source = np.repeat(X.indptr[card] - indptr[:-1], lengths) + np.arange(indptr[-1])
    keys = np.repeat(P.indices.astype(np.int64), lengths) * m + X.indices[source]
    order = np.argsort(keys, kind="stable")
    columns = np.empty(len(keys), dtype=np.int64)
    columns[order] = np.cumsum(np.concatenate([[True], keys[order][1:] != keys[order][:-1]])) - 1
    R = sp.csr_matrix((X.data[source], columns, indptr), shape=(len(card), int(columns.max(initial=-1)) + 1))
    return R, card


def _most_similar(rows, cols, sims, max_partners):
    """Of each row's pairs, the ``max_partners`` most similar (ties: the lower column), by row."""
    order = np.lexsort((cols, -sims, rows))
    rows, cols = rows[order], cols[order]
    keep = np.arange(len(rows)) - np.searchsorted(rows, rows, side="left") < max_partners
    return rows[keep], cols[keep]


def _candidate_pairs(X, threshold):
    """Candidate pairs from the prefix filter alone (kept for tests of the filter)."""
    P = _prefix_matrix(X, threshold)
    P.data[:] = 1.0
    C = sp.triu(P @ P.T.tocsr(), k=1).tocoo()
    return C.row, C.col


def _star_groups(n, i, j, copies=None) -> list[list[int]]:
    """Groups without chaining: the card with the most near-copies (ties: lowest row) takes
    all its still-free near-copies, and so on. A links to B links to C does not put A and C
    together unless one of them is similar to both. ``copies``: how many identical cards each
    row stands for (a row with several copies is a group even without other near-copies)."""
    copies = np.ones(n, dtype=int) if copies is None else np.asarray(copies)
    neighbours = [[] for _ in range(n)]
    for a, b in zip(i.tolist(), j.tolist()):
        neighbours[a].append(b)
        neighbours[b].append(a)
    reach = [int(copies[r]) - 1 + sum(int(copies[m]) for m in neighbours[r]) for r in range(n)]
    order = sorted((r for r in range(n) if reach[r]), key=lambda r: (-reach[r], r))
    taken = [False] * n
    groups = []
    for r in order:
        if taken[r]:
            continue
        members = [r] + [m for m in sorted(set(neighbours[r])) if not taken[m]]
        if sum(int(copies[m]) for m in members) < 2:
            continue
        for m in members:
            taken[m] = True
        groups.append(members)
    return groups


def _parts(group, size):
    return [group[start:start + size] for start in range(0, len(group), size)]


def _identical_rows(X, texts) -> tuple[np.ndarray, np.ndarray]:
    """``(first row of each distinct vector, distinct index of every row)``: cards with the same
    term vector (or, without any term, the same normalised text) are one row for the pair search,
    so a flood of near-identical cards ("idea number 1", "idea number 2", ...) costs one row, not
    the square of their number in pairs.

    Rows are looked up by two random projections of their vector (equal vectors add the same
    numbers in the same order, so they get equal sums); a row whose sums match an earlier row's
    is compared with it entry by entry, and told apart by its entries if it differs."""
    n = X.shape[0]
    lengths = np.diff(X.indptr)
    rounded = np.round(X.data, 9)
    owners = np.repeat(np.arange(n), lengths)
    projections = np.random.default_rng(0).standard_normal((2, X.shape[1]))
    sums = [np.bincount(owners, weights=projection[X.indices] * rounded, minlength=n).tolist()
            for projection in projections]

    def entries(row):
        start, end = X.indptr[row], X.indptr[row + 1]
        return X.indices[start:end].tobytes(), rounded[start:end].tobytes()

    seen: dict[tuple, tuple[int, int]] = {}  # key -> (distinct index, its first row)
    index = np.empty(n, dtype=int)
    for row, (length, first_sum, second_sum) in enumerate(zip(lengths.tolist(), *sums)):
        if length == 0:
            key = ("text", " ".join(texts[row].lower().split()))
        else:
            key = (length, first_sum, second_sum)
            earlier = seen.get(key)
            if earlier is not None and entries(earlier[1]) != entries(row):
                key = entries(row)
        index[row] = seen.setdefault(key, (len(seen), row))[0]
    first = np.empty(len(seen), dtype=int)
    for distinct, row in seen.values():
        first[distinct] = row
    return first, index


def find_near_duplicates(ideas, threshold: float = DEFAULT_THRESHOLD, vectorizer=None,
                         preprocessor=None, *, max_pairs: int | None = None,
                         max_group_size: int | None = None) -> list[list[str]]:
    """Groups of idea ids whose texts say the same thing (cosine >= ``threshold``).

    Each group is sorted; groups are sorted by size (largest first), then by first id.
    The result does not depend on the order of ``ideas``. Ideas with identical cleaned
    text are always grouped, whatever the threshold. ``preprocessor``: a fitted
    ``TextPreprocessor`` to use instead of fitting one (``ThemeModel.preprocessor_`` after a
    fit on the same ideas: their parse is then reused, not repeated). ``max_pairs`` bounds the
    similar pairs looked at and ``max_group_size`` the cards in a group (a larger group is cut
    into groups of at most that many cards), so that thousands of near-copies cost bounded time
    and memory.
    """
    with single_blas_thread(), collector_paused():
        return _find_near_duplicates(ideas, threshold, vectorizer, preprocessor, max_pairs, max_group_size)


def _find_near_duplicates(ideas, threshold, vectorizer, preprocessor, max_pairs=None, max_group_size=None):
    pairs = sorted(_pairs(ideas))
    n = len(pairs)
    if n < 2:
        return []
    ids = [i for i, _ in pairs]
    texts = [t for _, t in pairs]
    if vectorizer is None:  # headings ("Career Advancement: ...") say where a card was filed, not what it says
        if preprocessor is None:
            vectorizer = TermVectorizer(TextPreprocessor(), min_df=1, max_df=1.0, heading_weight=0.0, action_weight=1.0)
        else:
            vectorizer = TermVectorizer(preprocessor, min_df=1, max_df=1.0, heading_weight=0.0, action_weight=1.0,
                                        refit_preprocessor=False)
    X = vectorizer.fit_transform(texts).tocsr()
    X.sort_indices()
    first, index = _identical_rows(X, texts)
    i, j = _similar_pairs(X[first], threshold, max_pairs=max_pairs)
    copies = np.bincount(index, minlength=len(first))
    members = [[] for _ in first]
    for row, distinct in enumerate(index.tolist()):
        members[distinct].append(ids[row])
    groups = [sorted(idea_id for d in group for idea_id in members[d]) for group in _star_groups(len(first), i, j, copies)]
    if max_group_size is not None:
        groups = [part for group in groups for part in _parts(group, max_group_size) if len(part) >= 2]
    groups.sort(key=lambda g: (-len(g), g[0]))
    return groups


def tables_raising(group, ideas) -> int:
    """How many distinct tables raised a group of idea ids (ideas without a table, imported, add none:
    "raised at 3 tables" must be true).

    ``ideas``: the ideas, or a mapping of idea id -> idea. A list is walked whole for each
    group; for many groups, build the mapping once and pass it.
    """
    if isinstance(ideas, Mapping):
        members = [ideas[idea_id] for idea_id in set(group) if idea_id in ideas]
    else:
        wanted = set(group)
        members = [idea for idea in ideas if idea.id in wanted]
    return len({idea.table for idea in members if getattr(idea, "table", None)})
