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
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

# rank-bm25's defaults for BM25Plus.
K1 = 1.5
B = 0.75
DELTA = 1.0


@dataclass(frozen=True)
class Alternative:
    """One way of saying a query concept in the index's terms, with its weight."""

    terms: tuple[str, ...]
    weight: float = 1.0


@dataclass(frozen=True)
class Concept:
    """One word (or expression) of the question and every way it may be written.

    A concept scores as its best alternative, so that a word with five
    translations counts no more than a word with one.
    """

    source: str
    alternatives: tuple[Alternative, ...]


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
    ) -> None:
        self.vocabulary = vocabulary
        self.indptr = indptr
        self.indices = indices
        self.contributions = contributions
        self.idf = idf
        self.size = size

    @classmethod
    def build(cls, corpus: Sequence[Sequence[str]], k1: float = K1, b: float = B) -> Index:
        """Index tokenized passages with BM25Plus's formula (rank-bm25 0.2.2)."""
        vocabulary: dict[str, int] = {}
        doc_ids: list[int] = []
        term_ids: list[int] = []
        freqs: list[int] = []
        lengths = np.zeros(len(corpus), dtype=np.int64)
        for doc, terms in enumerate(corpus):
            lengths[doc] = len(terms)
            counts: dict[int, int] = {}
            for term in terms:
                term_id = vocabulary.setdefault(term, len(vocabulary))
                counts[term_id] = counts.get(term_id, 0) + 1
            doc_ids.extend([doc] * len(counts))
            term_ids.extend(counts.keys())
            freqs.extend(counts.values())
        size = len(corpus)
        by_term = np.argsort(np.asarray(term_ids, dtype=np.int64), kind="stable")
        indices = np.asarray(doc_ids, dtype=np.int32)[by_term]
        tf = np.asarray(freqs, dtype=np.int64)[by_term]
        df = np.bincount(np.asarray(term_ids, dtype=np.int64), minlength=len(vocabulary))
        indptr = np.zeros(len(vocabulary) + 1, dtype=np.int64)
        np.cumsum(df, out=indptr[1:])
        # math.log of a Python float, as rank-bm25 computes it, for the same bits.
        idf = np.array([math.log((size + 1) / n) for n in df.tolist()], dtype=np.float64)
        average_length = float(lengths.sum()) / size if size else 1.0
        # rank-bm25's expression, element for element, without the delta.
        norm = k1 * (1 - b + b * lengths[indices] / average_length)
        saturation = tf * (k1 + 1) / (norm + tf)
        contributions = np.repeat(idf, df) * saturation
        return cls(vocabulary, indptr, indices.astype(np.int32), contributions, idf, size)

    def postings(self, term: str) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.float64]]:
        """The passages containing `term` and its score contribution to each."""
        term_id = self.vocabulary.get(term)
        if term_id is None:
            return _NO_DOCS, _NO_SCORES
        lo, hi = self.indptr[term_id], self.indptr[term_id + 1]
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

    def search(self, concepts: Sequence[Concept]) -> npt.NDArray[np.float64]:
        """Scores of every passage for a query of concepts: the sum over concepts of
        each concept's best weighted alternative."""
        total = np.zeros(self.size)
        for concept in concepts:
            parts = [self._alternative(alt) for alt in concept.alternatives]
            parts = [(d, v) for d, v in parts if len(d)]
            if not parts:
                continue
            if len(parts) == 1:
                docs, values = parts[0]
            else:
                docs, values = _best_per_doc(parts)
            total[docs] += values
        return total

    def _alternative(self, alternative: Alternative) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.float64]]:
        rows = [self.postings(term) for term in alternative.terms]
        if len(rows) == 1:
            docs, values = rows[0]
            return docs, values * alternative.weight
        # An expression ("conseil d'administration") scores as the sum of its words.
        docs = np.concatenate([d for d, _ in rows])
        values = np.concatenate([v for _, v in rows])
        unique, inverse = np.unique(docs, return_inverse=True)
        sums = np.bincount(inverse, weights=values).astype(np.float64)
        return unique.astype(np.int32), sums * alternative.weight

    def document_frequency(self, term: str) -> int:
        """How many passages contain `term`."""
        term_id = self.vocabulary.get(term)
        return 0 if term_id is None else int(self.indptr[term_id + 1] - self.indptr[term_id])


_NO_DOCS = np.zeros(0, dtype=np.int32)
_NO_SCORES = np.zeros(0, dtype=np.float64)


def _best_per_doc(
    parts: list[tuple[npt.NDArray[np.int32], npt.NDArray[np.float64]]],
) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.float64]]:
    docs = np.concatenate([d for d, _ in parts])
    values = np.concatenate([v for _, v in parts])
    order = np.lexsort((values, docs))
    docs, values = docs[order], values[order]
    # After sorting by (doc, value), the last entry of each doc is its best.
    last = np.ones(len(docs), dtype=bool)
    last[:-1] = docs[1:] != docs[:-1]
    return docs[last], values[last]
