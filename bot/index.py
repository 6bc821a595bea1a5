"""A BM25 index over passages, with rank-bm25's scores and without its loop.

rank-bm25's `BM25Plus.get_scores` defines every score here (idf, document
lengths, k1, b), but it loops in Python over every passage for every question
term. This index computes each term's contribution to each passage containing
it once, at build time, and stores them as a sparse term-by-passage matrix: a
question then only adds up the rows of its terms.

Why BM25Plus: on a knowledge base of a few dozen sentences, BM25Okapi's idf
turns negative for words in over half of them and is floored to a constant,
which flattened useful words; on the golden sets BM25Plus (and BM25L) found
the right passage first more often (README, "Ranking").

BM25Plus gives every passage `idf * delta` for each query term, whether or
not the passage contains it. That is the same for every passage, so it changes
no ranking; it is left out, which keeps the scores sparse and makes 0 mean
"nothing matched". `scores(q) + baseline(q)` equals `get_scores(q)`
(tests/test_index.py checks it, and that the rankings are identical).

`search` returns only the best passages, and finds them without adding up
every row in full (max-score pruning): each term's best contribution is known
from the build, so once the rarest terms have put k passages above what the
remaining, common terms could add at most, a passage those rarest terms did
not match cannot enter the best k, and the common terms' long rows are only
looked into for the few passages still in the running. Those sums are
rough (float32, half the memory traffic); the few passages that may be among
the k best are then added up again exactly, in the query's order. The k
passages and their scores are exactly those of adding every row, bit for bit
(tests/test_index.py).
"""

from __future__ import annotations

import math
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

# rank-bm25's defaults for BM25Plus.
K1 = 1.5
B = 0.75
DELTA = 1.0

# Pruning compares float32 sums of the contributions, added in another order
# than the query's; this slack (far above their rounding, far below any real
# score gap) keeps it exact.
_SLACK = 1e-5
# Measured costs that choose between adding a row in full and looking into it
# for the passages in the running: a binary search step ~3 ns (counted twice,
# for the look-ups into the longer rows after it), adding a posting ~8 ns.
_LOOK_NS = 6.0
_ADD_NS = 8.0

Ids = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]
Rough = npt.NDArray[np.float32]
Sums = npt.NDArray[np.floating[Any]]  # rough or exact


@dataclass(frozen=True)
class Alternative:
    """One way of saying a query concept in the index's terms, with its weight."""

    terms: tuple[str, ...]
    weight: float = 1.0
    # A rendering of several words (a translation: "board" as « conseil
    # d'administration ») counts in proportion to the share of its words a
    # passage holds: « conseil » alone is not the board of directors. The
    # question's own words count in full, each word for what it is worth.
    proportional: bool = False
    # It counts at most as its `cap` best words (0: no cap): "chaos" said as
    # « échapper à tout contrôle » is one word of the question, not three.
    cap: int = 0


@dataclass(frozen=True)
class Concept:
    """One word (or expression) of the question and every way it may be written.

    A concept scores as its best alternative, so that a word with five
    translations counts no more than a word with one.
    """

    source: str
    alternatives: tuple[Alternative, ...]


@dataclass(frozen=True)
class Ranked:
    """The best passages for a query: ids and scores, best first (ties: lower id
    first), only passages with a score above 0."""

    ids: Ids
    scores: Floats

    @property
    def best(self) -> float:
        """The best score, 0.0 when nothing matched."""
        return float(self.scores[0]) if len(self.scores) else 0.0


# A query concept resolved to term rows: (weight, row ids, words, cap) per
# alternative, where `words` is how many words a proportional alternative has
# (unknown ones included) and 0 for one that scores as the sum of its rows,
# and `cap` how many of its best rows it counts at most (0: all).
_Resolved = list[tuple[float, list[int], int, int]]


class Index:
    """Precomputed BM25 contributions as CSR rows, one row per term."""

    def __init__(
        self,
        vocabulary: dict[str, int],
        indptr: npt.NDArray[np.int64],
        indices: npt.NDArray[np.int32],
        contributions: npt.NDArray[np.float64],
        idf: npt.NDArray[np.float64],
        size: int,
        maxima: npt.NDArray[np.float64] | None = None,
        rough: npt.NDArray[np.float32] | None = None,
    ) -> None:
        self.vocabulary = vocabulary
        self.indptr = indptr
        self.indices = indices
        self.contributions = contributions
        self.idf = idf
        self.size = size
        # Each term's largest contribution: the bound that pruning relies on.
        self.maxima = _row_maxima(indptr, contributions) if maxima is None else maxima
        # Choosing the candidates adds float32 copies of the contributions: half
        # the memory traffic of float64, whose exact sums then rank the few chosen.
        self.rough = contributions.astype(np.float32) if rough is None else rough
        self._buffers = threading.local()

    @classmethod
    def build(cls, corpus: Sequence[Sequence[str]], k1: float = K1, b: float = B) -> Index:
        """Index tokenized passages with BM25Plus's formula (rank-bm25 0.2.2)."""
        vocabulary: dict[str, int] = {}
        ids = [vocabulary.setdefault(term, len(vocabulary)) for terms in corpus for term in terms]
        lengths = np.fromiter((len(terms) for terms in corpus), dtype=np.int64, count=len(corpus))
        return cls.from_term_ids(vocabulary, np.asarray(ids, dtype=np.int64), lengths, k1, b)

    @classmethod
    def from_term_ids(
        cls,
        vocabulary: dict[str, int],
        term_ids: npt.NDArray[np.integer],
        lengths: npt.NDArray[np.int64],
        k1: float = K1,
        b: float = B,
    ) -> Index:
        """Index passages given as one array of term ids, passage after passage,
        and the number of terms of each passage. Every term of `vocabulary`
        must occur somewhere."""
        size = len(lengths)
        terms = len(vocabulary)
        # One sort of (term, passage) keys gives the rows, passages ascending in
        # each, with repeated terms of a passage side by side to be counted.
        keys = np.asarray(term_ids, dtype=np.int64) * max(size, 1)
        keys += np.repeat(np.arange(size, dtype=np.int64), lengths)
        keys.sort()
        first = np.ones(len(keys), dtype=bool)
        first[1:] = keys[1:] != keys[:-1]
        starts = np.flatnonzero(first)
        del first
        tf = np.diff(np.append(starts, len(keys)))
        keys = keys[starts]
        del starts
        row_of = keys // max(size, 1)
        indices = (keys - row_of * max(size, 1)).astype(np.int32)
        del keys
        df = np.bincount(row_of, minlength=terms)
        del row_of
        indptr = np.zeros(terms + 1, dtype=np.int64)
        np.cumsum(df, out=indptr[1:])
        # math.log of a Python float, as rank-bm25 computes it, for the same bits.
        idf = np.array([math.log((size + 1) / n) for n in df.tolist()], dtype=np.float64)
        average_length = float(lengths.sum()) / size if size else 1.0
        # rank-bm25's expression, element for element, without the delta:
        # idf * (tf * (k1 + 1) / (k1 * (1 - b + b * length / average) + tf)),
        # worked out in place (a million passages make arrays of 100+ MB).
        norm = lengths[indices].astype(np.float64)
        norm *= b
        norm /= average_length
        norm += 1 - b
        norm *= k1
        norm += tf
        contributions = tf.astype(np.float64)
        del tf
        contributions *= k1 + 1
        contributions /= norm
        del norm
        contributions *= np.repeat(idf, df)
        return cls(vocabulary, indptr, indices, contributions, idf, size)

    def postings(self, term: str) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.float64]]:
        """The passages containing `term` and its score contribution to each."""
        term_id = self.vocabulary.get(term)
        if term_id is None:
            return _NO_DOCS, _NO_SCORES
        return self._row(term_id)

    def _row(self, term_id: int) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.float64]]:
        lo, hi = int(self.indptr[term_id]), int(self.indptr[term_id + 1])
        return self.indices[lo:hi], self.contributions[lo:hi]

    def baseline(self, terms: Sequence[str], delta: float = DELTA) -> float:
        """What BM25Plus gives every passage for these terms, matched or not."""
        return sum(float(self.idf[self.vocabulary[t]]) * delta for t in terms if t in self.vocabulary)

    def scores(self, terms: Sequence[str]) -> npt.NDArray[np.float64]:
        """BM25Plus scores of every passage for a plain list of terms, less the baseline."""
        total = np.zeros(self.size)
        for term in terms:
            docs, values = self.postings(term)
            total[docs] += values
        return total

    def score(self, concepts: Sequence[Concept], ids: npt.NDArray[np.integer]) -> Floats:
        """The scores of the passages `ids` (sorted ascending) for a query of
        concepts: the sum over concepts of each concept's best weighted
        alternative, an alternative of several terms scoring as their sum."""
        return self._exact(self._resolve(concepts), np.asarray(ids, dtype=np.int32))

    def search(self, concepts: Sequence[Concept], k: int) -> Ranked:
        """The `k` best passages for a query of concepts (see `score`)."""
        resolved = self._resolve(concepts)
        if k <= 0 or not resolved or not self.size:
            return Ranked(np.zeros(0, dtype=np.int64), np.zeros(0))
        bounds = [self._bound(alternatives) for alternatives in resolved]
        lengths = [sum(self._length(row) for _, rows, _, _ in alts for row in rows) for alts in resolved]
        # Short rows first: they are cheap to add in full, and the rare terms
        # they hold are the ones that raise the threshold fastest.
        order = sorted(range(len(resolved)), key=lambda c: (lengths[c], -bounds[c]))
        acc = self._accumulator()
        added: list[npt.NDArray[np.int32]] = []  # rows added into `acc`, to put its zeros back
        try:
            candidates, rough, rest, threshold = self._add_rows(resolved, order, bounds, lengths, k, acc, added)
        finally:
            if sum(len(docs) for docs in added) > self.size // 16:
                acc.fill(0.0)
            else:
                for docs in added:
                    acc[docs] = 0.0
        if rest:
            # The long rows of common terms, looked into for the passages still
            # in the running only; each row looked into lowers what the others
            # can add, and so thins the running further.
            rest.sort(key=lambda c: -bounds[c])
            remaining = sum(bounds[c] for c in rest)
            approximate: Sums = rough
            for c in rest:
                alive = approximate + remaining >= _below(threshold)
                candidates, approximate = candidates[alive], approximate[alive]
                approximate = approximate + self._concept_lookup(resolved[c], candidates)
                remaining -= bounds[c]
                threshold = max(threshold, _kth_largest(approximate, k))
            candidates = candidates[approximate >= _below(threshold)]
        # The sums above are rough (float32, added in another order than the
        # query's): the few passages that may be among the k best are added
        # up again, exactly and in order.
        return _top(candidates, self._exact(resolved, candidates), k)

    def _add_rows(
        self,
        resolved: list[_Resolved],
        order: list[int],
        bounds: list[float],
        lengths: list[int],
        k: int,
        acc: Rough,
        added: list[npt.NDArray[np.int32]],
    ) -> tuple[npt.NDArray[np.int32], Rough, list[int], float]:
        """Add the concepts' rows in full into `acc`, in `order`, until the rest
        are cheaper to look into for the passages still in the running.

        Returns the passages in the running (sorted), their sums so far, the
        concepts left to look into (none if every row was added), and the
        k-th best sum so far (a score that k passages reach at least).
        """
        remaining = sum(bounds)  # the most the concepts not added yet can add
        pool = np.zeros(0, dtype=np.int32)  # every passage whose sum may be among the k best
        kth = 0.0  # the k-th best sum so far (0 while fewer than k passages were touched)
        for position, c in enumerate(order):
            # A passage no row touched scores at most `remaining`: once that is
            # under the k-th best sum so far, only touched passages can win.
            if position and remaining < _below(kth):
                cut = _below(kth) - remaining
                # The next row is the shortest left: look into it (and so into
                # the longer ones after it) once that is cheaper than adding it.
                looking = _estimate_at_least(acc, added, cut) * _LOOK_NS * math.log2(lengths[c] + 1)
                if looking < _ADD_NS * lengths[c]:
                    running = self._at_least(acc, added, cut)
                    return running, acc[running], order[position:], kth
            docs, values = self._concept_postings(resolved[c])
            np.add.at(acc, docs, values)  # faster than gathering and scattering back
            sums = acc[docs]
            added.append(docs)
            remaining -= bounds[c]
            pool, kth = _best_k(acc, pool, docs, sums, kth, k)
        pool = np.sort(pool)  # a copy: the pool may be a row of the index itself
        return pool, acc[pool], [], kth

    def _at_least(self, acc: Rough, rows: list[npt.NDArray[np.int32]], cut: float) -> npt.NDArray[np.int32]:
        """The passages of `rows` whose sum in `acc` is at least `cut` (> 0), ascending."""
        if sum(len(docs) for docs in rows) > self.size // 16:
            return np.flatnonzero(acc >= cut).astype(np.int32)  # one pass over all is cheaper
        return _union([docs[acc[docs] >= cut] for docs in rows])

    def bound(self, concept: Concept) -> float:
        """The most a concept adds to any passage (0 when no term of it is indexed)."""
        resolved = self._resolve([concept])
        return self._bound(resolved[0]) if resolved else 0.0

    def best_contribution(self, term: str) -> float:
        """The most `term` adds to any passage (0 when it is not indexed)."""
        term_id = self.vocabulary.get(term)
        return 0.0 if term_id is None else float(self.maxima[term_id])

    def document_frequency(self, term: str) -> int:
        """How many passages contain `term`."""
        term_id = self.vocabulary.get(term)
        return 0 if term_id is None else int(self.indptr[term_id + 1] - self.indptr[term_id])

    def _resolve(self, concepts: Sequence[Concept]) -> list[_Resolved]:
        """The concepts as term rows, unknown terms and empty concepts left out."""
        resolved = []
        for concept in concepts:
            alternatives = []
            for alternative in concept.alternatives:
                rows = [self.vocabulary[t] for t in alternative.terms if t in self.vocabulary]
                words = len(alternative.terms) if alternative.proportional and len(alternative.terms) > 1 else 0
                cap = alternative.cap if 0 < alternative.cap < len(rows) else 0
                # A weight of 0 adds nothing (weights are never negative).
                if rows and alternative.weight > 0:
                    alternatives.append((alternative.weight, rows, words, cap))
            if alternatives:
                resolved.append(alternatives)
        return resolved

    def _length(self, row: int) -> int:
        return int(self.indptr[row + 1] - self.indptr[row])

    def _bound(self, alternatives: _Resolved) -> float:
        """The most a concept can add to any passage."""
        return max(0.0, *(weight * sum(float(self.maxima[row]) for row in rows) for weight, rows, _, _ in alternatives))

    def _concept_postings(self, alternatives: _Resolved) -> tuple[npt.NDArray[np.int32], Rough]:
        """The passages a concept matches and roughly what it adds to each (float32)."""
        parts = [self._alternative_postings(weight, rows, words, cap) for weight, rows, words, cap in alternatives]
        if len(parts) == 1:
            return parts[0]
        return _best_per_doc(parts)

    def _alternative_postings(
        self, weight: float, rows: list[int], words: int, cap: int
    ) -> tuple[npt.NDArray[np.int32], Rough]:
        spans = [(int(self.indptr[row]), int(self.indptr[row + 1])) for row in rows]
        if len(spans) == 1:
            lo, hi = spans[0]
            values = self.rough[lo:hi]
            scale = weight / words if words else weight
            return self.indices[lo:hi], values if scale == 1.0 else values * np.float32(scale)
        # An expression ("conseil d'administration") scores as the sum of its words.
        docs = np.concatenate([self.indices[lo:hi] for lo, hi in spans])
        values = np.concatenate([self.rough[lo:hi] for lo, hi in spans])
        unique, inverse = np.unique(docs, return_inverse=True)
        sums: Floats = np.bincount(inverse, weights=values).astype(np.float64)
        if words:
            sums = sums * (np.bincount(inverse).astype(np.float64) / words)
        if cap:
            by_row = np.zeros((len(spans), len(unique)))
            offsets = np.cumsum([0] + [hi - lo for lo, hi in spans])
            for i in range(len(spans)):
                by_row[i, inverse[offsets[i]: offsets[i + 1]]] = values[offsets[i]: offsets[i + 1]]
            sums = np.minimum(sums, _best_rows(by_row, cap))
        return unique.astype(np.int32), sums.astype(np.float32) * np.float32(weight)

    def _exact(self, resolved: list[_Resolved], ids: npt.NDArray[np.int32]) -> Floats:
        """Scores of sorted passages `ids`, added concept after concept in query
        order: the same float operations as adding whole rows, so the same bits."""
        total = np.zeros(len(ids))
        if len(ids):
            for alternatives in resolved:
                total += self._concept_lookup(alternatives, ids)
        return total

    def _concept_lookup(self, alternatives: _Resolved, ids: npt.NDArray[np.int32]) -> Floats:
        """What a concept adds to each of the sorted passages `ids`."""
        best: Floats | None = None
        for weight, rows, words, cap in alternatives:
            found = [self._lookup(row, ids) for row in rows]
            value = found[0]
            for more in found[1:]:
                value = value + more
            if words:
                value = value * (sum((f > 0).astype(np.float64) for f in found) / words)
            if cap:
                value = np.minimum(value, _best_rows(np.vstack(found), cap))
            value = value * weight
            best = value if best is None else np.maximum(best, value)
        return np.zeros(len(ids)) if best is None else best

    def _lookup(self, row: int, ids: npt.NDArray[np.int32]) -> Floats:
        """A term's contribution to each of the sorted passages `ids` (0 if absent)."""
        docs, values = self._row(row)
        if not len(docs):
            return np.zeros(len(ids))
        # Same dtypes on both sides: otherwise numpy converts the whole row first.
        at = np.searchsorted(docs, ids)
        np.minimum(at, len(docs) - 1, out=at)
        return np.where(docs[at] == ids, values[at], 0.0)

    def _accumulator(self) -> Rough:
        """A zeroed rough score per passage, one per thread, kept between
        questions: callers put back the zeros they disturbed."""
        buffers = self._buffers
        if getattr(buffers, "acc", None) is None:
            buffers.acc = np.zeros(self.size, dtype=np.float32)
        acc: Rough = buffers.acc
        return acc


_NO_DOCS = np.zeros(0, dtype=np.int32)
_NO_SCORES = np.zeros(0, dtype=np.float64)


def _best_rows(by_row: npt.NDArray[np.floating[Any]], count: int) -> Floats:
    """Per column, the sum of its `count` largest values."""
    return np.asarray(-np.sort(-by_row, axis=0)[:count].sum(axis=0), dtype=np.float64)


def _row_maxima(indptr: npt.NDArray[np.int64], contributions: Floats) -> Floats:
    maxima = np.zeros(len(indptr) - 1)
    filled = indptr[:-1] < indptr[1:]
    if filled.any():
        maxima[filled] = np.maximum.reduceat(contributions, indptr[:-1][filled])
    return maxima


def _below(threshold: float) -> float:
    """A hair under `threshold`: pruning against it stays exact despite rounding."""
    return threshold * (1 - _SLACK) - _SLACK


def _union(rows: list[npt.NDArray[np.int32]]) -> npt.NDArray[np.int32]:
    """The passages of sorted rows, once each, ascending."""
    if len(rows) == 1:
        return rows[0]
    ids = np.concatenate(rows)
    ids.sort()
    first = np.ones(len(ids), dtype=bool)
    first[1:] = ids[1:] != ids[:-1]
    return ids[first]


def _estimate_at_least(acc: Rough, rows: list[npt.NDArray[np.int32]], cut: float) -> float:
    """Roughly how many passages of `rows` have a sum of at least `cut`, from a sample."""
    estimate = 0.0
    for docs in rows:
        sample = docs[:: max(1, len(docs) // 512)]
        estimate += len(docs) * float(np.count_nonzero(acc[sample] >= cut)) / max(1, len(sample))
    return estimate


def _best_k(
    acc: Rough,
    pool: npt.NDArray[np.int32],
    docs: npt.NDArray[np.int32],
    sums: Rough,
    kth: float,
    k: int,
) -> tuple[npt.NDArray[np.int32], float]:
    """The pool and the k-th best sum after the row `docs` raised its passages'
    sums to `sums`. The pool holds every passage whose sum is at least a hair
    under the k-th best (ties included): only it and the row's passages that
    pass the old k-th sum can be in it afterwards, for sums only grow."""
    if len(pool):
        at = np.minimum(np.searchsorted(docs, pool), len(docs) - 1)
        pool = pool[docs[at] != pool]  # the row's passages come back with their new sums
    entrants = docs[sums >= _below(kth)] if kth > 0 else docs
    ids = np.concatenate((pool, entrants)) if len(pool) else entrants
    if len(ids) < k:
        return ids, 0.0
    values = acc[ids]
    kth = float(np.partition(values, len(ids) - k)[len(ids) - k])
    return ids[values >= _below(kth)], kth


def _kth_largest(scores: Sums, k: int) -> float:
    """The k-th largest of `scores` (0 if there are fewer)."""
    if len(scores) < k:
        return 0.0
    return float(np.partition(scores, len(scores) - k)[len(scores) - k])


def _top(ids: npt.NDArray[np.int32], scores: Floats, k: int) -> Ranked:
    """The k best of `ids` (ascending) by score, ties to the lower id, scores above 0 only."""
    positive = scores > 0
    ids, scores = ids[positive], scores[positive]
    if len(ids) > k:
        kth = np.partition(scores, len(scores) - k)[len(scores) - k]
        keep = scores >= kth
        ids, scores = ids[keep], scores[keep]
    order = np.lexsort((ids, -scores))[:k]
    return Ranked(ids[order].astype(np.int64), scores[order])


def _best_per_doc(parts: list[tuple[npt.NDArray[np.int32], Rough]]) -> tuple[npt.NDArray[np.int32], Rough]:
    docs = np.concatenate([d for d, _ in parts])
    values = np.concatenate([v for _, v in parts])
    order = np.lexsort((values, docs))
    docs, values = docs[order], values[order]
    # After sorting by (doc, value), the last entry of each doc is its best.
    last = np.ones(len(docs), dtype=bool)
    last[:-1] = docs[1:] != docs[:-1]
    return docs[last], values[last]
