"""The index must score as rank-bm25's BM25Plus.get_scores does (less its constant baseline)."""

from __future__ import annotations

import random

import numpy as np
import numpy.typing as npt
from rank_bm25 import BM25Plus

from bot.index import Alternative, Concept, Index


def _corpus(seed: int, docs: int, vocabulary: int) -> list[list[str]]:
    rng = random.Random(seed)
    words = [f"w{i}" for i in range(vocabulary)]
    # Zipf-like: a few words in most documents (negative idf, epsilon floor), many rare.
    weights = [1 / (rank + 1) for rank in range(vocabulary)]
    return [rng.choices(words, weights, k=rng.randint(1, 25)) for _ in range(docs)]


def _ranking(scores: npt.NDArray[np.float64]) -> list[int]:
    # Rounded so that the last-bit noise of adding the baseline cannot reorder ties.
    return np.argsort(-np.round(scores, 9), kind="stable").tolist()


def _check(corpus: list[list[str]], query: list[str]) -> None:
    index = Index.build(corpus)
    expected = BM25Plus(corpus).get_scores(query)
    ours = index.scores(query)
    assert np.allclose(ours + index.baseline(query), expected, rtol=1e-12, atol=1e-12)
    assert _ranking(ours) == _ranking(expected)


def test_scores_equal_rank_bm25_for_every_passage() -> None:
    corpus = _corpus(7, 400, 300)
    rng = random.Random(1)
    vocabulary = sorted({w for doc in corpus for w in doc})
    for _ in range(50):
        _check(corpus, [*rng.sample(vocabulary, rng.randint(1, 6)), "never-seen"])


def test_repeated_query_terms_count_as_often_as_in_rank_bm25() -> None:
    _check(_corpus(3, 50, 40), ["w1", "w1", "w5"])


def test_a_tiny_corpus_with_terms_in_most_passages() -> None:
    _check([["conseil", "altman"], ["conseil", "brockman"], ["conseil"], ["murati"]], ["conseil", "murati", "altman"])


def test_a_passage_without_any_query_term_scores_zero() -> None:
    index = Index.build([["a", "b"], ["c"]])
    assert index.scores(["a"]).tolist()[1] == 0.0


def test_search_with_single_alternatives_equals_plain_scores() -> None:
    corpus = _corpus(11, 200, 120)
    index = Index.build(corpus)
    query = ["w3", "w17", "w60"]
    concepts = [Concept(t, (Alternative((t,)),)) for t in query]
    assert np.array_equal(index.search(concepts), index.scores(query))


def test_a_concept_scores_as_its_best_alternative_not_the_sum() -> None:
    corpus = [["vire"], ["evince"], ["vire", "evince"], ["autre"]]
    index = Index.build(corpus)
    fired = Concept("fired", (Alternative(("vire",), 0.8), Alternative(("evince",), 0.8)))
    scores = index.search([fired])
    vire, evince = index.scores(["vire"]), index.scores(["evince"])
    for doc in range(4):
        assert scores[doc] == max(0.8 * vire[doc], 0.8 * evince[doc])


def test_a_multiword_alternative_sums_its_words() -> None:
    corpus = [["conseil", "administr"], ["conseil"], ["administr"], ["x"]]
    index = Index.build(corpus)
    board = Concept("board", (Alternative(("conseil", "administr")),))
    assert np.allclose(index.search([board]), index.scores(["conseil", "administr"]))


def test_unknown_terms_and_empty_index() -> None:
    index = Index.build([["a"]])
    assert index.scores(["zzz"]).tolist() == [0.0]
    assert index.document_frequency("zzz") == 0
    empty = Index.build([])
    assert empty.size == 0
    assert empty.search([Concept("a", (Alternative(("a",)),))]).size == 0
