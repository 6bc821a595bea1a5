"""Query translation: the terms of a question, said in the articles' languages.

The lexicon files (see `lexicon.py`) are compiled into index terms with the
same analyzers as the articles, so that "fired", "Fired" and "firing" all find
the entry "fire", and « conseil d'administration » becomes the terms the index
holds for it. Sources rank by trust: the hand-checked glossary and synonyms
first; the general dictionary only for words the glossary does not know.
"""

from __future__ import annotations

from collections.abc import Container, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from bot.analysis import Analyzer
from bot.lexicon import LexiconEntry, default_lexicon_paths, read_dictionary, read_glossary, read_synonyms

Terms = tuple[str, ...]
# Trust levels, best first.
GLOSSARY = 0
DICTIONARY = 1


@dataclass
class Expansion:
    """Every way of writing one source expression, by language."""

    trust: int
    by_lang: dict[str, set[Terms]] = field(default_factory=dict)


@dataclass(frozen=True)
class Match:
    """A run of question terms found in the lexicon: terms[start:stop]."""

    start: int
    stop: int
    trust: int
    by_lang: Mapping[str, frozenset[Terms]]


class Translator:
    """Finds the lexicon's expressions in a question's terms and their renderings."""

    def __init__(self, entries: Sequence[LexiconEntry], analyzers: Mapping[str, Analyzer]) -> None:
        table: dict[tuple[str, Terms], Expansion] = {}
        self.longest = 1
        for entry in entries:
            self._add(entry, analyzers, table)
        self._table: Mapping[tuple[str, Terms], Expansion] = table
        self.size = len(table)
        self._words: Container[tuple[str, str]] = {(lang, term) for lang, key in table for term in key}

    def _add(
        self, entry: LexiconEntry, analyzers: Mapping[str, Analyzer], table: dict[tuple[str, Terms], Expansion]
    ) -> None:
        trust = DICTIONARY if entry.kind == "dictionary" else GLOSSARY
        sides: list[tuple[str, set[Terms]]] = []
        for lang, expressions in entry.expressions:
            analyzer = analyzers.get(lang)
            if analyzer is None:
                return
            # Written with care: a word in capitals there is an acronym (« CA »).
            analyzed = {tuple(analyzer.terms(e, acronyms=True)) for e in expressions}
            analyzed.discard(())
            sides.append((lang, analyzed))
        # A dictionary line translates its headword only; a glossary line is
        # symmetrical, and expressions on one side are synonyms of each other.
        sources = sides[:1] if trust == DICTIONARY else sides
        for lang, keys in sources:
            for key in keys:
                expansion = table.get((lang, key))
                if expansion is None or expansion.trust > trust:
                    expansion = table[(lang, key)] = Expansion(trust)
                elif expansion.trust < trust:
                    continue  # the glossary already says how to translate this
                for target_lang, targets in sides:
                    expansion.by_lang.setdefault(target_lang, set()).update(targets)
                self.longest = max(self.longest, len(key))

    @classmethod
    def restored(
        cls,
        table: Mapping[tuple[str, Terms], Expansion],
        words: Container[tuple[str, str]],
        longest: int,
        size: int,
    ) -> Translator:
        """A translator from a table compiled earlier (see `bot.cache`): `table`
        maps (language, terms) to its expansion, `words` holds every (language,
        term) of its keys."""
        translator = cls((), {})
        translator._table = table
        translator._words = words
        translator.longest = longest
        translator.size = size
        return translator

    def expansions(self) -> Iterator[tuple[tuple[str, Terms], Expansion]]:
        """Every (language, terms) key of the lexicon with its expansion."""
        return iter(self._table.items())

    def knows(self, term: str, lang: str) -> bool:
        """Whether the lexicon has the term in any of its expressions of `lang`."""
        return (lang, term) in self._words

    def matches(self, terms: Sequence[str], lang: str, known: Container[str] | None = None) -> list[Match]:
        """The lexicon expressions in `terms`, longest first, left to right, not overlapping.

        With `known` (the terms the articles hold), an expression of several
        terms is taken only when the articles could hold one of its renderings
        whole; otherwise its words are looked up on their own: « putsch au
        conseil d'administration », which no article says, is read as
        « putsch » and « conseil d'administration »."""
        found: list[Match] = []
        position = 0
        while position < len(terms):
            for length in range(min(self.longest, len(terms) - position), 0, -1):
                key = tuple(terms[position: position + length])
                expansion = self._table.get((lang, key))
                if (
                    expansion is not None
                    and length > 1
                    and known is not None
                    and not any(all(t in known for t in r) for rs in expansion.by_lang.values() for r in rs)
                ):
                    continue
                if expansion is not None:
                    by_lang = {code: frozenset(t) for code, t in expansion.by_lang.items()}
                    found.append(Match(position, position + length, expansion.trust, by_lang))
                    position += length
                    break
            else:
                position += 1
        return found


@lru_cache(maxsize=1)
def _default_entries() -> tuple[LexiconEntry, ...]:
    paths = default_lexicon_paths()
    return (
        *read_glossary(paths["glossary"]),
        *read_synonyms(paths["synonyms"]),
        *read_dictionary(paths["dictionary"]),
    )


def load_translator(analyzers: Mapping[str, Analyzer]) -> Translator:
    """The translator for the shipped lexicon files (read once per process)."""
    return Translator(_default_entries(), analyzers)
