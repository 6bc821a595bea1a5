"""The index must score as rank-bm25's BM25Plus.get_scores does (less its constant baseline),
and its pruned top-k search must find exactly what adding every row finds."""

from __future__ import annotations

import random

import numpy as np
import numpy.typing as npt
from rank_bm25 import BM25Plus

from bot.index import Alternative, Concept, Index, Ranked


def _corpus(seed: int, docs: int, vocabulary: int) -> list[list[str]]:
    rng = random.Random(seed)
    words = [f"w{i}" for i in range(vocabulary)]
    # Zipf-like: a few words in most documents (negative idf, epsilon floor), many rare.
    weights = [1 / (rank + 1) for rank in range(vocabulary)]
    return [rng.choices(words, weights, k=rng.randint(1, 25)) for _ in range(docs)]


def _ranking(scores: npt.NDArray[np.float64]) -> list[int]:
    # Rounded so that the last-bit noise of adding the baseline cannot reorder ties.
    return [int(i) for i in np.argsort(-np.round(scores, 9), kind="stable")]


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


def _dense(index: Index, concepts: list[Concept]) -> npt.NDArray[np.float64]:
    """The reference: every row added in full, concept by concept (the search before pruning)."""
    total = np.zeros(index.size)
    for concept in concepts:
        best: dict[int, float] = {}
        for alternative in concept.alternatives:
            sums: dict[int, float] = {}
            found: dict[int, list[float]] = {}
            for term in alternative.terms:
                docs, values = index.postings(term)
                for doc, value in zip(docs.tolist(), values.tolist(), strict=True):
                    sums[doc] = sums.get(doc, 0.0) + value
                    found.setdefault(doc, []).append(value)
            for doc, value in sums.items():
                if alternative.proportional and len(alternative.terms) > 1:
                    value = value * (len(found[doc]) / len(alternative.terms))
                if alternative.cap:
                    value = min(value, sum(sorted(found[doc], reverse=True)[: alternative.cap]))
                best[doc] = max(best.get(doc, 0.0), value * alternative.weight)
        for doc, value in best.items():
            total[doc] += value
    return total


def _expected_top(scores: npt.NDArray[np.float64], k: int) -> tuple[list[int], list[float]]:
    order = [i for i in np.lexsort((np.arange(len(scores)), -scores)).tolist() if scores[i] > 0][:k]
    return order, [float(scores[i]) for i in order]


def _concepts(rng: random.Random, vocabulary: list[str]) -> list[Concept]:
    concepts = []
    for _ in range(rng.randint(1, 7)):
        alternatives = tuple(
            Alternative(
                tuple(rng.sample(vocabulary, rng.choice((1, 1, 1, 2, 3)))),
                rng.choice((1.0, 0.8, 0.5, 0.24)),
                proportional=rng.random() < 0.5,
                cap=rng.choice((0, 0, 1, 2)),
            )
            for _ in range(rng.choice((1, 1, 2, 3)))
        )
        concepts.append(Concept("x", alternatives))
    return concepts


def test_search_finds_exactly_the_best_k_of_adding_every_row() -> None:
    corpus = _corpus(5, 3000, 2000)
    index = Index.build(corpus)
    rng = random.Random(2)
    # Common words (low ranks) and rare ones, so that pruning has work to do.
    vocabulary = sorted({w for doc in corpus for w in doc}, key=lambda w: int(w[1:]))
    for _ in range(150):
        concepts = _concepts(rng, vocabulary[: rng.choice((20, 200, 2000))])
        dense = _dense(index, concepts)
        for k in (1, 10, 200):
            found = index.search(concepts, k)
            ids, scores = _expected_top(dense, k)
            assert found.ids.tolist() == ids
            assert found.scores.tolist() == scores  # the same bits, not just close


def test_search_top_10_is_rank_bm25s_top_10() -> None:
    corpus = _corpus(9, 2000, 1500)
    index = Index.build(corpus)
    reference = BM25Plus(corpus)
    rng = random.Random(4)
    vocabulary = sorted({w for doc in corpus for w in doc})
    for _ in range(40):
        query = rng.sample(vocabulary, rng.randint(2, 8))
        found = index.search([Concept(t, (Alternative((t,)),)) for t in query], 10)
        expected = reference.get_scores(query)
        best = np.sort(expected)[::-1][: min(10, int((expected > index.baseline(query) + 1e-9).sum()))]
        # Every passage found is among rank-bm25's best (a tie for the last place may pick either);
        # passages matching no term are left out, rank-bm25 gives them all the same baseline.
        assert len(found.ids) == len(best) > 0
        assert all(expected[i] >= best[-1] - 1e-9 for i in found.ids.tolist())
        assert np.allclose(found.scores + index.baseline(query), best, rtol=1e-12)


def test_score_gives_the_search_scores_of_any_passages() -> None:
    corpus = _corpus(13, 500, 300)
    index = Index.build(corpus)
    rng = random.Random(6)
    vocabulary = sorted({w for doc in corpus for w in doc})
    for _ in range(30):
        concepts = _concepts(rng, vocabulary)
        ids = np.array(sorted(rng.sample(range(500), 40)), dtype=np.int64)
        assert index.score(concepts, ids).tolist() == _dense(index, concepts)[ids].tolist()


def test_search_with_single_alternatives_equals_plain_scores() -> None:
    corpus = _corpus(11, 200, 120)
    index = Index.build(corpus)
    query = ["w3", "w17", "w60"]
    concepts = [Concept(t, (Alternative((t,)),)) for t in query]
    everyone = np.arange(index.size, dtype=np.int64)
    assert np.array_equal(index.score(concepts, everyone), index.scores(query))
    ids, scores = _expected_top(index.scores(query), 5)
    assert index.search(concepts, 5).ids.tolist() == ids
    assert index.search(concepts, 5).scores.tolist() == scores


def test_a_concept_scores_as_its_best_alternative_not_the_sum() -> None:
    corpus = [["vire"], ["evince"], ["vire", "evince"], ["autre"]]
    index = Index.build(corpus)
    fired = Concept("fired", (Alternative(("vire",), 0.8), Alternative(("evince",), 0.8)))
    scores = index.score([fired], np.arange(4, dtype=np.int64))
    vire, evince = index.scores(["vire"]), index.scores(["evince"])
    for doc in range(4):
        assert scores[doc] == max(0.8 * vire[doc], 0.8 * evince[doc])
    assert sorted(index.search([fired], 10).ids.tolist()) == [0, 1, 2]  # "autre" matched nothing


def test_a_multiword_alternative_sums_its_words() -> None:
    corpus = [["conseil", "administr"], ["conseil"], ["administr"], ["x"]]
    index = Index.build(corpus)
    board = Concept("board", (Alternative(("conseil", "administr")),))
    everyone = np.arange(4, dtype=np.int64)
    assert np.allclose(index.score([board], everyone), index.scores(["conseil", "administr"]))
    assert index.search([board], 1).ids.tolist() == [0]


def test_a_proportional_alternative_counts_the_share_of_its_words_found() -> None:
    corpus = [["conseil", "administr"], ["conseil"], ["administr", "x"], ["x"]]
    index = Index.build(corpus)
    board = Concept("board", (Alternative(("conseil", "administr"), 0.8, proportional=True),))
    plain = Concept("board", (Alternative(("conseil", "administr"), 0.8),))
    everyone = np.arange(4, dtype=np.int64)
    full, half = index.score([board], everyone), index.score([plain], everyone)
    assert full[0] == half[0] and full[1] == half[1] / 2 and full[2] == half[2] / 2 and full[3] == 0
    # A word the index does not know still counts as a word of the expression.
    unknown = Concept("b", (Alternative(("conseil", "inconnu"), 1.0, proportional=True),))
    assert index.score([unknown], everyone)[1] == index.scores(["conseil"])[1] / 2
    assert index.search([board], 4).ids.tolist() == [0, 1, 2]


def test_a_capped_alternative_counts_at_most_its_best_words() -> None:
    corpus = [["echapp", "control", "x"], ["chaos", "x"], ["echapp"], ["x"]]
    index = Index.build(corpus)
    chaos = Concept("chaos", (Alternative(("echapp", "tout", "control"), 0.8, proportional=True, cap=1),))
    uncapped = Concept("chaos", (Alternative(("echapp", "tout", "control"), 0.8, proportional=True),))
    everyone = np.arange(4, dtype=np.int64)
    capped, full = index.score([chaos], everyone), index.score([uncapped], everyone)
    best_word = max(index.postings("echapp")[1][0], index.postings("control")[1][0])
    assert capped[0] == min(full[0] / 0.8, best_word) * 0.8 < full[0]
    assert capped[2] == full[2]  # one word found: the share is below the cap
    assert index.search([chaos], 4).scores.tolist() == [capped[0], capped[2]]


def test_building_from_term_ids_equals_building_from_terms() -> None:
    corpus = _corpus(17, 300, 100)
    built = Index.build(corpus)
    vocabulary: dict[str, int] = {}
    ids = np.array([vocabulary.setdefault(t, len(vocabulary)) for doc in corpus for t in doc], dtype=np.int32)
    lengths = np.array([len(doc) for doc in corpus], dtype=np.int64)
    made = Index.from_term_ids(vocabulary, ids, lengths)
    assert made.vocabulary == built.vocabulary
    for name in ("indptr", "indices", "contributions", "idf", "maxima"):
        assert np.array_equal(getattr(made, name), getattr(built, name)), name


def test_unknown_terms_and_empty_index() -> None:
    index = Index.build([["a"]])
    assert index.scores(["zzz"]).tolist() == [0.0]
    assert index.document_frequency("zzz") == 0
    assert index.search([Concept("z", (Alternative(("zzz",)),))], 10).ids.tolist() == []
    assert index.search([Concept("a", (Alternative(("a",)),))], 0).ids.tolist() == []
    empty = Index.build([])
    assert empty.size == 0
    nothing = empty.search([Concept("a", (Alternative(("a",)),))], 10)
    assert nothing.ids.size == 0 and nothing.best == 0.0
    assert isinstance(nothing, Ranked)


def test_contributions_are_rank_bm25s_expression_bit_for_bit() -> None:
    corpus = _corpus(21, 300, 200)
    index = Index.build(corpus)
    reference = BM25Plus(corpus)
    lengths = np.array([len(doc) for doc in corpus])
    for term, row in list(index.vocabulary.items())[:50]:
        docs, values = index.postings(term)
        tf = np.array([corpus[d].count(term) for d in docs.tolist()])
        # rank-bm25's get_scores expression for one term, less its idf * delta.
        norm = reference.k1 * (1 - reference.b + reference.b * lengths[docs] / reference.avgdl)
        expected = reference.idf[term] * (tf * (reference.k1 + 1) / (norm + tf))
        assert values.tolist() == expected.tolist()
        assert index.maxima[row] == values.max()


def test_search_never_writes_into_the_index() -> None:
    # A cached index is mapped read-only from disk (cache.py).
    index = Index.build(_corpus(23, 300, 150))
    for array in (index.indptr, index.indices, index.contributions, index.rough, index.maxima):
        array.flags.writeable = False
    for k in (1, 10, 1000):
        found = index.search([Concept(t, (Alternative((t,)),)) for t in ("w1", "w40", "w90")], k)
        assert 0 < len(found.ids) <= k
