"""Typing slips in a question: "Altmann", "brokman", « sutskevar ».

A word of a question that no article, no lexicon and no dictionary knows is
either a name the articles lack ("Elon Musk": then there is no answer) or a
slip of the keyboard. One letter away from a name the articles hold, it is
read as that name; otherwise it is left as typed.
"""

from __future__ import annotations

from collections.abc import Container, Mapping

from bot.analysis import Analyzer
from bot.language import is_common_word
from bot.translation import Translator

# Shorter words are one letter away from too many others ("musk": "mask").
MIN_LENGTH = 5
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def one_slip_away(word: str) -> set[str]:
    """The words one letter deleted, swapped with its neighbour, replaced or
    inserted away from `word` (folded, so without accents)."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deleted = {a + b[1:] for a, b in splits if b}
    swapped = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    replaced = {a + c + b[1:] for a, b in splits if b for c in _LETTERS}
    inserted = {a + c + b for a, b in splits for c in _LETTERS}
    return (deleted | swapped | replaced | inserted) - {word}


def is_slip(
    word: str, typed: str, analyzers: Mapping[str, Analyzer], translator: Translator, known: Container[str]
) -> bool:
    """Whether the folded `word` (`typed` so) may be a slip: long enough to
    tell, and known to no article, lexicon or dictionary of any language."""
    if len(word) < MIN_LENGTH or not word.isalpha():
        return False
    for lang, analyzer in analyzers.items():
        term = analyzer.stem(word)
        if term in known or translator.knows(term, lang):
            return False
    # The dictionaries last: a look-up tries every accented spelling.
    return not any(is_common_word(typed, lang) for lang in analyzers)


def correction(word: str, analyzer: Analyzer, known: Container[str]) -> str | None:
    """The name of the articles one slip away from the unknown folded `word`
    ("altmann": "altman"); None when there is none, or more than one.

    Only names: a word of the articles one slip away is as likely a word
    they lack (« tarte tatin » is no « matin »), while a name no article
    holds ends the search with nothing to quote."""
    found = {
        candidate
        for candidate in one_slip_away(word)
        if candidate in analyzer.names and analyzer.stem(candidate) in known
    }
    return found.pop() if len(found) == 1 else None
