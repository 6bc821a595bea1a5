"""The index must score exactly as rank-bm25's BM25Okapi.get_scores does."""

from __future__ import annotations

import random

import numpy as np
from rank_bm25 import BM25Okapi

from bot.index import Alternative, Concept, Index


def _corpus(seed: int, docs: int, vocabulary: int) -> list[list[str]]:
    rng = random.Random(seed)
    words = [f"w{i}" for i in range(vocabulary)]
    # Zipf-like: a few words in most documents (negative idf, epsilon floor), many rare.
    weights = [1 / (rank + 1) for rank in range(vocabulary)]
    return [rng.choices(words, weights, k=rng.randint(1, 25)) for _ in range(docs)]


def test_scores_are_bit_identical_to_rank_bm25() -> None:
    corpus = _corpus(7, 400, 300)
    reference = BM25Okapi(corpus)
    index = Index.build(corpus)
    rng = random.Random(1)
    vocabulary = sorted({w for doc in corpus for w in doc})
    for _ in range(50):
        query = rng.sample(vocabulary, rng.randint(1, 6)) + ["never-seen"]
        expected = reference.get_scores(query)
        assert np.array_equal(index.scores(query), expected)


def test_repeated_query_terms_count_as_often_as_in_rank_bm25() -> None:
    corpus = _corpus(3, 50, 40)
    query = ["w1", "w1", "w5"]
    assert np.array_equal(Index.build(corpus).scores(query), BM25Okapi(corpus).get_scores(query))


def test_a_tiny_corpus_with_negative_idf_terms_matches_too() -> None:
    corpus = [["conseil", "altman"], ["conseil", "brockman"], ["conseil"], ["murati"]]
    query = ["conseil", "murati", "altman"]
    assert np.array_equal(Index.build(corpus).scores(query), BM25Okapi(corpus).get_scores(query))


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
