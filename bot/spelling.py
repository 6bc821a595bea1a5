"""Typing slips in a question: "Altmann", "brokman", « sutskevar ».

A word of a question that no article, no lexicon and no dictionary knows is
either a name the articles lack ("Elon Musk": then there is no answer) or a
slip of the keyboard. One letter away from a name the articles hold, or
from a word they or the lexicon hold, it is read as that; otherwise it is
left as typed.
"""

from __future__ import annotations

from collections.abc import Container, Mapping

from bot.analysis import Analyzer
from bot.language import dictionary_form
from bot.translation import Translator

# Shorter words are one letter away from too many others ("musk": "mask").
MIN_LENGTH = 5
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
# An elided word leans on a vowel or a mute h (folded: no accents).
_ELIDED_BEFORE = frozenset("aeiouyh")


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
    # The dictionaries last: a look-up tries every accented spelling. A name
    # they hold ("Paris") is no slip either.
    return not any(dictionary_form(typed, lang) for lang in analyzers)


def unelided(word: str, analyzer: Analyzer, translator: Translator, known: Container[str]) -> str | None:
    """The word after an elision typed without its apostrophe (« detat »,
    « linfo », « demployes »): the unknown folded `word` less an elision of
    `analyzer`'s language, when the rest is a word of the articles, the
    lexicon or the dictionary; None otherwise."""
    for elision in analyzer.profile.elisions:
        rest = word[len(elision):]
        if not word.startswith(elision) or rest[:1] not in _ELIDED_BEFORE or len(rest) < 2:
            continue
        if (
            analyzer.is_stopword(rest)
            or analyzer.stem(rest) in known
            or translator.knows(analyzer.stem(rest), analyzer.lang)
            or dictionary_form(rest, analyzer.lang)
        ):
            return rest
    return None


def surname_slip(word: str, analyzer: Analyzer) -> str | None:
    """The name of the articles one slip away from the folded `word`, typed
    after a first name ("Emmett Sheer"), when there is exactly one; `word`
    may be a word of the language ("sheer"), which `correction` leaves."""
    if len(word) < MIN_LENGTH - 1:
        return None
    found = one_slip_away(word) & analyzer.names
    return next(iter(found)) if len(found) == 1 else None


def correction(
    word: str, analyzer: Analyzer, translator: Translator, known: Container[str], indexed: bool = True
) -> str | None:
    """The word one slip away from the unknown folded `word`, with the same
    first letter (people rarely miss that one: « tarte tatin » is no « matin »):
    a name of the articles ("altmann": "altman") first, else a word of the
    articles, else one the lexicon knows ("resgin": "resign"); None when
    there is none, or several that mean different things. `indexed`: the
    articles are (also) in the word's language, so their words are its words."""
    found: dict[int, set[str]] = {}
    for candidate in one_slip_away(word):
        if candidate[:1] != word[:1] or analyzer.is_stopword(candidate):
            continue
        term = analyzer.stem(candidate)
        if candidate in analyzer.names and term in known:
            rank = 0
        elif indexed and term in known:
            rank = 1
        elif translator.knows(term, analyzer.lang):
            rank = 2
        else:
            continue
        found.setdefault(rank, set()).add(candidate)
    if not found:
        return None
    best = found[min(found)]
    return min(best) if len({analyzer.stem(c) for c in best}) == 1 else None
