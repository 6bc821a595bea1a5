"""Analyzing a whole knowledge base at once: the same terms and names as
`Analyzer.terms` and `find_names`, at a fraction of the cost.

A million sentences hold some twenty million words but only a few hundred
thousand distinct ones, and analyzing a word (folding, stop words, stemming)
does not depend on its neighbours. So each distinct run of words joined by
single hyphens (the unit `split_words` works on: "week-end" yields "week",
"end" and "weekend") is analyzed once, by the analyzer itself, and every later
occurrence costs a dictionary look-up. tests/test_bulk.py checks that the
terms and names are those of the analyzer on random texts.
"""

from __future__ import annotations

import itertools
import re
from array import array
from collections.abc import Iterable, Mapping

import numpy as np
import numpy.typing as npt

from bot.analysis import HYPHENS, SENTENCE_START, WORD, Analyzer, fold, is_acronym

# A word, then any words each joined to the previous one by exactly one hyphen.
_JOIN = "".join(re.escape(h) for h in sorted(HYPHENS))
_CHAIN = re.compile(f"{WORD.pattern}(?:[{_JOIN}]{WORD.pattern})*")
# The same in a text without "_": a word character is then any of \w (which
# holds "_"), and one class is 2.5 times faster than `WORD`'s alternation.
_WORD_NO_UNDERSCORE = re.compile("[\\w\\u0300-\\u036f]+")
_CHAIN_NO_UNDERSCORE = re.compile(f"[\\w\\u0300-\\u036f]+(?:[{_JOIN}][\\w\\u0300-\\u036f]+)*")


def analyze_all(
    texts: Iterable[tuple[str, str]], analyzers: Mapping[str, Analyzer]
) -> tuple[dict[str, int], npt.NDArray[np.int32], npt.NDArray[np.int64]]:
    """The terms of many (language, text) pairs, as `Index.from_term_ids` takes
    them: the vocabulary (term -> id), every text's term ids one text after
    another, and each text's number of terms."""
    vocabulary: dict[str, int] = {}
    known: dict[str, dict[str, tuple[int, ...]]] = {lang: {} for lang in analyzers}
    # A text all in capitals has no acronyms (see `Analyzer.tokens`): its words are cut apart.
    shouted: dict[str, dict[str, tuple[int, ...]]] = {lang: {} for lang in analyzers}
    ids = array("i")
    lengths = array("q")
    for lang, text in texts:
        shouting = text.isupper()
        seen = (shouted if shouting else known)[lang]
        chains = (_CHAIN if "_" in text else _CHAIN_NO_UNDERSCORE).findall(text)
        try:
            parts = [seen[chain] for chain in chains]
        except KeyError:
            analyzer = analyzers[lang]
            for chain in chains:
                if chain not in seen:
                    terms = _terms(analyzer, chain, acronyms=not shouting)
                    seen[chain] = tuple(vocabulary.setdefault(t, len(vocabulary)) for t in terms)
            parts = [seen[chain] for chain in chains]
        before = len(ids)
        ids.extend(itertools.chain.from_iterable(parts))
        lengths.append(len(ids) - before)
    return vocabulary, np.frombuffer(ids, dtype=np.int32).copy(), np.frombuffer(lengths, dtype=np.int64).copy()


def _terms(analyzer: Analyzer, chain: str, acronyms: bool) -> list[str]:
    """`analyzer.terms(chain)` for one chain of words, with or without
    `acronyms`; a single word (most of them) skips the cutting into words."""
    if any(h in chain for h in HYPHENS):
        return analyzer.terms(chain, acronyms)
    folded = fold(chain)
    return [] if analyzer.is_stopword(folded) and not (acronyms and is_acronym(chain)) else [analyzer.stem(folded)]


def find_all_names(texts: Iterable[str]) -> set[str]:
    """`find_names` of the texts, each distinct word folded once."""
    lower: set[str] = set()
    inside: set[str] = set()
    for text in texts:
        for match in (WORD if "_" in text else _WORD_NO_UNDERSCORE).finditer(text):
            word = match.group()
            if not word[0].isupper():
                lower.add(word)
                continue
            # A capital not at the start of the text nor of a sentence: a name's.
            start = match.start()
            if start > 0 and not SENTENCE_START.search(text[max(0, start - 3): start]):
                inside.add(word)
    seen_lower = {fold(word) for word in lower}
    return {fold(word) for word in inside} - seen_lower
