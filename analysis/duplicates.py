"""Near-duplicate idea cards: cards that say the same thing, at one table or several.

``find_near_duplicates`` compares TF-IDF vectors (the same preprocessing as the themes:
stems, stop words, acronyms, phrases; right after ``ThemeModel.fit`` on the same ideas it
reuses that parse) by cosine similarity and links pairs at or above
``threshold`` (default 0.7); repeating headings are ignored. Groups are formed around the
card with the most near-copies (no chaining: A~B and B~C do not join A and C through B
unless one card is close to both).

To stay near-linear on large inputs it uses *prefix filtering* (Bayardo et al., "Scaling
up all pairs similarity search"): terms are ordered rarest first, and each card indexes
only its rarest terms until the weight left in its remaining terms can no longer reach
the threshold on its own. Two cards with cosine >= threshold always share an indexed
term in both prefixes, so a sparse product of the small prefix matrices gives every
candidate pair, and exact cosines are then computed for the candidates only.
"""
from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import scipy.sparse as sp

from analysis.themes import _pairs
from analysis._threads import single_blas_thread
from analysis.preprocess import TextPreprocessor
from analysis.vectorize import TermVectorizer

DEFAULT_THRESHOLD = 0.7


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


def _similar_pairs(X, threshold, max_block_nnz=4_000_000, max_pairs=None):
    """All pairs ``i < j`` with cosine >= threshold: candidates from the prefix product,
    exact cosines per block of rows, so memory stays bounded by ``max_block_nnz``.
    ``max_pairs``: stop once that many pairs are found (thousands of copies of one text
    would otherwise make pairs by the hundred million)."""
    P = _prefix_matrix(X, threshold)
    P.data[:] = 1.0
    PT = P.T.tocsr()
    n = X.shape[0]
    col_counts = np.diff(PT.indptr).astype(np.float64)
    row_cost = np.asarray(P @ col_counts).ravel()  # candidates each row can produce (upper bound)
    out_i, out_j = [], []
    start = found = 0
    while start < n:
        end, cost = start, 0.0
        while end < n and (end == start or cost + row_cost[end] <= max_block_nnz):
            cost += row_cost[end]
            end += 1
        C = (P[start:end] @ PT).tocoo()
        mask = C.col > C.row + start
        rows, cols = C.row[mask], C.col[mask]
        if len(rows):
            block = X[start:end]
            sims = np.asarray(block[rows].multiply(X[cols]).sum(axis=1)).ravel()
            keep = sims >= threshold - 1e-9
            out_i.append(rows[keep] + start)
            out_j.append(cols[keep])
            found += int(keep.sum())
            if max_pairs is not None and found >= max_pairs:
                break
        start = end
    if not out_i:
        return np.zeros(0, dtype=int), np.zeros(0, dtype=int)
    return np.concatenate(out_i)[:max_pairs], np.concatenate(out_j)[:max_pairs]


def _candidate_pairs(X, threshold):
    """Candidate pairs from the prefix filter alone (kept for tests of the filter)."""
    P = _prefix_matrix(X, threshold)
    P.data[:] = 1.0
    C = sp.triu(P @ P.T.tocsr(), k=1).tocoo()
    return C.row, C.col


def _star_groups(n, i, j, max_group_size=None) -> list[list[int]]:
    """Groups without chaining: the card with the most near-copies (ties: lowest row) takes
    all its still-free near-copies, and so on. A links to B links to C does not put A and C
    together unless one of them is similar to both."""
    neighbours = [[] for _ in range(n)]
    for a, b in zip(i.tolist(), j.tolist()):
        neighbours[a].append(b)
        neighbours[b].append(a)
    order = sorted((r for r in range(n) if neighbours[r]), key=lambda r: (-len(neighbours[r]), r))
    taken = [False] * n
    groups = []
    for r in order:
        if taken[r]:
            continue
        members = ([r] + [m for m in sorted(set(neighbours[r])) if not taken[m]])[:max_group_size]
        if len(members) < 2:
            continue
        for m in members:
            taken[m] = True
        groups.append(members)
    return groups


def find_near_duplicates(ideas, threshold: float = DEFAULT_THRESHOLD, vectorizer=None, *,
                         max_pairs: int | None = None, max_group_size: int | None = None) -> list[list[str]]:
    """Groups of idea ids whose texts say the same thing (cosine >= ``threshold``).

    Each group is sorted; groups are sorted by size (largest first), then by first id.
    The result does not depend on the order of ``ideas``. Ideas with identical cleaned
    text are always grouped, whatever the threshold. ``max_pairs`` bounds the similar pairs
    looked at and ``max_group_size`` the cards in a group (the rest of a larger group stay free
    to form further groups), so that thousands of copies of one text cost bounded time and memory.
    """
    with single_blas_thread():
        return _find_near_duplicates(ideas, threshold, vectorizer, max_pairs, max_group_size)


def _find_near_duplicates(ideas, threshold, vectorizer, max_pairs=None, max_group_size=None):
    pairs = sorted(_pairs(ideas))
    n = len(pairs)
    if n < 2:
        return []
    ids = [i for i, _ in pairs]
    texts = [t for _, t in pairs]
    if vectorizer is None:  # headings ("Career Advancement: ...") say where a card was filed, not what it says
        vectorizer = TermVectorizer(TextPreprocessor(heading_weight=0.0), min_df=1, max_df=1.0)
    X = vectorizer.fit_transform(texts).tocsr()
    X.sort_indices()
    i, j = _similar_pairs(X, threshold, max_pairs=max_pairs)
    # identical normalised texts (including texts with no terms at all) always match
    same = {}
    for row, text in enumerate(texts):
        same.setdefault(" ".join(text.lower().split()), []).append(row)
    extra = [(g[0], r) for g in same.values() for r in g[1:]]
    if extra:
        i = np.concatenate([i, np.array([a for a, _ in extra], dtype=int)])
        j = np.concatenate([j, np.array([b for _, b in extra], dtype=int)])
    groups = [sorted(ids[r] for r in g) for g in _star_groups(n, i, j, max_group_size)]
    groups.sort(key=lambda g: (-len(g), g[0]))
    return groups


def tables_raising(group, ideas) -> int:
    """How many distinct tables raised a group of idea ids (untagged ideas count as one each).

    ``ideas``: the ideas, or a mapping of idea id -> idea. A list is walked whole for each
    group; for many groups, build the mapping once and pass it.
    """
    if isinstance(ideas, Mapping):
        members = [ideas[idea_id] for idea_id in set(group) if idea_id in ideas]
    else:
        wanted = set(group)
        members = [idea for idea in ideas if idea.id in wanted]
    tables = set()
    for idea in members:
        table = getattr(idea, "table", None)
        tables.add(("table", table) if table else ("idea", idea.id))
    return len(tables)
