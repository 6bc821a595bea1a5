"""Bulk analysis must give exactly the analyzer's terms and names, only faster."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.analysis import FRENCH, PROFILES, Analyzer, find_names
from bot.bulk import analyze_all, find_all_names

# Words, capitals, accents (composed and not), hyphens of three kinds,
# apostrophes, sentence ends, underscores, digits and odd letters.
_PIECES = st.sampled_from(
    ["Le", "conseil", "d’administration", "a-t-il", "week-end", "Week-End", "OpenAI", "Altman", "évincé",
     "e\u0301vince\u0301", "lui-même", "PDG", "–", "-", "\u2010", "\u2011", " ", "  ", ". ", "? ", "« ", " »",
     "\n", "l'", "_", "x_y", "2023", "Æsop", "œuvre", "ǅemal", "İstanbul", "ß", "\u00a0", "the", "Board", "…"]
)
_TEXTS = st.lists(_PIECES, max_size=30).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["fr", "en"]), _TEXTS), max_size=8))
def test_terms_are_the_analyzers_terms(texts: list[tuple[str, str]]) -> None:
    analyzers = {code: Analyzer(profile, {"altman", "openai"}) for code, profile in PROFILES.items()}
    vocabulary, ids, lengths = analyze_all(texts, analyzers)
    terms = sorted(vocabulary, key=vocabulary.__getitem__)
    cuts = np.cumsum(lengths)[:-1]
    found = [[terms[i] for i in part] for part in np.split(ids, cuts)] if len(lengths) else []
    assert found == [analyzers[lang].terms(text) for lang, text in texts]


@settings(max_examples=300, deadline=None)
@given(st.lists(_TEXTS, max_size=8))
def test_names_are_find_names(texts: list[str]) -> None:
    assert find_all_names(iter(texts)) == find_names(texts)


def test_a_word_is_analyzed_once_per_language() -> None:
    analyzer = Analyzer(FRENCH)
    calls = []
    original = analyzer.stem

    def counting(folded: str) -> str:
        calls.append(folded)
        return original(folded)

    analyzer.stem = counting  # type: ignore[method-assign]
    _, ids, lengths = analyze_all([("fr", "Le conseil, le conseil."), ("fr", "conseil")], {"fr": analyzer})
    assert calls == ["conseil"]
    assert lengths.tolist() == [2, 1] and len(set(ids.tolist())) == 1
