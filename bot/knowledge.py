"""The knowledge base: articles cut into passages, analyzed and indexed.

This is the indexing-time half of the data flow; `engine.py` is the
question-time half. A `KnowledgeBase` is immutable: a reload builds a new one
and swaps it in, so questions in flight finish on the old one.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import time
from array import array
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, overload

import numpy as np
import numpy.typing as npt

from bot import cache
from bot.analysis import PROFILES, Analyzer
from bot.articles import LoadProblem, load_articles
from bot.bulk import analyze_all, find_all_names
from bot.dates import find_dates
from bot.index import Index
from bot.language import is_common_word
from bot.records import Article, Passage
from bot.roles import People, find_people
from bot.sentences import split_passages
from bot.translation import Translator, load_translator

# Up to this many passages are made once and kept; past it, on access (a
# million Passage objects would take seconds to make and ~0.5 GB to keep).
EAGER_PASSAGES = 20_000
RECENT_PASSAGES = 4096


class PassageTable(Sequence[Passage]):
    """The passages of the knowledge base, in order, kept as columns of numbers.

    `table[i]` is a `Passage` like any other (its text a slice of its
    article's body); it is made when asked for unless the table is small.
    """

    def __init__(self, articles: Sequence[Article], columns: Mapping[str, npt.NDArray[Any]]) -> None:
        self.articles = articles
        self.columns = columns
        self._article = columns["article"]
        self._paragraph = columns["paragraph"]
        self._position = columns["position"]
        self._start = columns["start"]
        self._end = columns["end"]
        self._date_ptr = columns["date_ptr"]
        self._dates = columns["dates"]
        self._made: tuple[Passage, ...] | None = None
        self._recent: dict[int, Passage] = {}
        if len(self._article) <= EAGER_PASSAGES:
            self._made = tuple(self._make(i) for i in range(len(self._article)))

    def __len__(self) -> int:
        return len(self._article)

    @overload
    def __getitem__(self, number: int) -> Passage: ...
    @overload
    def __getitem__(self, number: slice) -> Sequence[Passage]: ...
    def __getitem__(self, number: int | slice) -> Passage | Sequence[Passage]:
        if isinstance(number, slice):
            return [self[i] for i in range(*number.indices(len(self)))]
        if self._made is not None:
            return self._made[number]
        if number < 0:
            number += len(self)
        if not 0 <= number < len(self):
            raise IndexError("passage number out of range")
        # A question asks for its candidates several times (re-ranking, hits,
        # highlighting): the last few thousand made are kept.
        passage = self._recent.get(number)
        if passage is None:
            if len(self._recent) >= RECENT_PASSAGES:
                self._recent.clear()
            passage = self._recent[number] = self._make(number)
        return passage

    def __iter__(self) -> Iterator[Passage]:
        if self._made is not None:
            return iter(self._made)
        return (self._make(i) for i in range(len(self)))

    def _make(self, number: int) -> Passage:
        article = self.articles[int(self._article[number])]
        start, end = int(self._start[number]), int(self._end[number])
        lo, hi = int(self._date_ptr[number]), int(self._date_ptr[number + 1])
        return Passage(
            article.body[start:end],
            article,
            int(self._paragraph[number]),
            int(self._position[number]),
            start,
            end,
            tuple(datetime.date.fromordinal(d) for d in self._dates[lo:hi].tolist()),
        )


@dataclass(frozen=True)
class KnowledgeBase:
    """Everything the engine needs to answer, built once from the articles."""

    articles: tuple[Article, ...]
    passages: Sequence[Passage]
    analyzers: Mapping[str, Analyzer]
    index: Index
    translator: Translator
    problems: tuple[LoadProblem, ...] = ()
    build_seconds: float = 0.0
    days: Mapping[datetime.date, tuple[int, ...]] = field(default_factory=dict)  # day -> passage numbers
    people: People = field(default_factory=People)  # who the articles name, and their roles (roles.py)

    @functools.cached_property
    def languages(self) -> frozenset[str]:
        """The languages of the articles held (asked at every question: worked out once)."""
        return frozenset(article.lang for article in self.articles)

    @functools.cached_property
    def _persons_by_term(self) -> dict[str, tuple[tuple[str, ...], ...]]:
        # People among the names the articles give in full: two or three
        # words, none a function word or a modifier ("The Verge", "New York
        # Times" are no one). Worked out once: an archive names thousands.
        found: dict[str, list[tuple[str, ...]]] = {}
        for name in self.people.names:
            if len(name) in (2, 3) and not any(
                a.is_stopword(w) or w in a.profile.modifiers for a in self.analyzers.values() for w in name
            ):
                for term in name:
                    found.setdefault(term, []).append(name)
        return {term: tuple(names) for term, names in found.items()}

    def is_person(self, name: tuple[str, ...]) -> bool:
        """Whether a name the articles give in full is a person's ("New York Times" is not)."""
        return name in self._persons_by_term.get(name[0], ())

    def persons_named(self, terms: frozenset[str]) -> set[tuple[str, ...]]:
        """The people whose full name `terms` (a passage's) hold."""
        return {
            name for term in terms for name in self._persons_by_term.get(term, ()) if terms.issuperset(name)
        }


def cut_passages(article: Article) -> list[Passage]:
    """The passages of one article, each with the days it speaks of."""
    passages = []
    for position, span in enumerate(split_passages(article.body)):
        text = article.body[span.start: span.end]
        days = tuple(dict.fromkeys(m.day for m in find_dates(text, article.lang, article.date)))
        passages.append(Passage(text, article, span.paragraph, position, span.start, span.end, days))
    return passages


def neighbours(passage: Passage, radius: int = 1) -> list[Passage]:
    """The passage with up to `radius` passages of its article on each side.

    It cuts the article again rather than looking into a knowledge base, so
    that it still works after a reload replaced the one the passage came from.
    """
    passages = cut_passages(passage.article)
    return passages[max(0, passage.position - radius): passage.position + radius + 1]


def build_knowledge_base(
    articles: Sequence[Article],
    problems: Sequence[LoadProblem] = (),
    translator: Translator | None = None,
    cache_folder: Path | None = None,
) -> KnowledgeBase:
    """Cut, analyze and index the articles; the compiled lexicon is read from,
    or kept in, `cache_folder` when one is given."""
    started = time.perf_counter()
    table = passage_table(articles)
    analyzers, people = analyzers_and_people(table)
    vocabulary, term_ids, lengths = analyze_all(passage_texts(table, titles=False), analyzers)
    index = Index.from_term_ids(vocabulary, term_ids, lengths)
    if translator is None:
        translator = cached_translator(analyzers, cache_folder)
    seconds = time.perf_counter() - started
    return assemble_knowledge_base(table, analyzers, index, translator, tuple(problems), seconds, people)


def analyzers_and_people(table: PassageTable) -> tuple[dict[str, Analyzer], People]:
    """The analyzers, which keep the articles' names whole, and the people the articles name.

    A word always written with a capital is a name, unless it is a common
    word of the articles' languages outside any full name: « Mira » (Mira
    Murati) and « The Verge » are names, the « État » of « coup d'État » is
    not (a question rendered as « état-major » names no one)."""
    names = find_all_names(text for _, text in passage_texts(table))
    analyzers = {code: Analyzer(profile, names) for code, profile in PROFILES.items()}
    people = find_people(table, analyzers)
    languages = {article.lang for article in table.articles}
    common = {name for name in names - people.terms if any(is_common_word(name, lang) for lang in languages)}
    if common:
        analyzers = {code: Analyzer(profile, names - common) for code, profile in PROFILES.items()}
    return analyzers, people


def passage_table(articles: Sequence[Article]) -> PassageTable:
    """The passages of the articles, each with the days it speaks of."""
    columns = {name: array("i") for name in ("article", "paragraph", "position", "start", "end", "dates")}
    date_ptr = array("q", [0])
    for number, article in enumerate(articles):
        for passage in cut_passages(article):
            for name, value in (("article", number), ("paragraph", passage.paragraph),
                                ("position", passage.position), ("start", passage.start), ("end", passage.end)):
                columns[name].append(value)
            columns["dates"].extend(day.toordinal() for day in passage.dates)
            date_ptr.append(len(columns["dates"]))
    arrays: dict[str, npt.NDArray[Any]] = {
        name: np.frombuffer(values, dtype=np.int32).copy() for name, values in columns.items()
    }
    arrays["date_ptr"] = np.frombuffer(date_ptr, dtype=np.int64).copy()
    return PassageTable(tuple(articles), arrays)


def passage_texts(table: PassageTable, titles: bool = True) -> Iterator[tuple[str, str]]:
    """(language, text) of the titles, then of the passages, without making passages."""
    if titles:
        yield from ((article.lang, article.title) for article in table.articles)
    articles = table.articles
    columns = table.columns
    for number, start, end in zip(columns["article"].tolist(), columns["start"].tolist(), columns["end"].tolist(),
                                  strict=True):
        article = articles[number]
        yield article.lang, article.body[start:end]


def cached_translator(analyzers: Mapping[str, Analyzer], folder: Path | None) -> Translator:
    """The compiled lexicon: from the cache when it holds it, else compiled (and kept)."""
    if folder is None:
        return load_translator(analyzers)
    key = cache.translator_key(analyzers)
    translator = cache.fetch_translator(folder, key)
    if translator is None:
        translator = load_translator(analyzers)
        cache.store_translator(folder, key, translator)
    return translator


def assemble_knowledge_base(
    table: PassageTable,
    analyzers: Mapping[str, Analyzer],
    index: Index,
    translator: Translator,
    problems: tuple[LoadProblem, ...],
    seconds: float,
    people: People,
) -> KnowledgeBase:
    """The knowledge base of parts already built (by `build_knowledge_base`,
    from a cache entry, or stage by stage as the benchmark does to time them),
    with its index of passages by the days they speak of."""
    days: dict[datetime.date, list[int]] = {}
    date_ptr, ordinals = table.columns["date_ptr"], table.columns["dates"].tolist()
    for number in np.flatnonzero(np.diff(date_ptr)).tolist():
        for ordinal in ordinals[int(date_ptr[number]): int(date_ptr[number + 1])]:
            days.setdefault(datetime.date.fromordinal(ordinal), []).append(number)
    return KnowledgeBase(
        articles=tuple(table.articles),
        passages=table,
        analyzers=analyzers,
        index=index,
        translator=translator,
        problems=problems,
        build_seconds=seconds,
        days={day: tuple(numbers) for day, numbers in sorted(days.items())},
        people=people,
    )


def load_knowledge_base(folder: Path, cache_folder: Path | None = None) -> KnowledgeBase:
    """Read every article of `folder` and build the knowledge base; broken files
    are listed in `problems` and left out.

    What a build makes is kept in the cache (`cache_folder`, by default
    `cache.cache_folder()`) and read back by the next start while the
    articles, the lexicon and the code are the same.
    """
    started = time.perf_counter()
    where = cache.cache_folder() if cache_folder is None else cache_folder
    files = cache.read_knowledge_files(folder)
    key = cache.knowledge_key(files)
    contents = {file.name: file.data for file in files}
    del files  # the bodies are taken from `contents`, each file's bytes let go once read
    entry = cache.fetch(where, key, contents)
    if entry is not None:
        return dataclasses.replace(_from_entry(entry, where), build_seconds=time.perf_counter() - started)
    del contents
    articles, problems = load_articles(folder)
    kb = build_knowledge_base(articles, problems, cache_folder=where)
    # Kept only if no file changed while the build read them.
    files = cache.read_knowledge_files(folder)
    if cache.knowledge_key(files) == key:
        cache.store(where, key, files, cache_entry(kb))
    return kb


_INDEX_ARRAYS = ("indptr", "indices", "contributions", "idf", "maxima", "rough")
_PASSAGE_ARRAYS = ("article", "paragraph", "position", "start", "end", "date_ptr", "dates")


def cache_entry(kb: KnowledgeBase) -> cache.Entry:
    """What the cache keeps of a knowledge base this module built."""
    if not isinstance(kb.passages, PassageTable):
        raise TypeError("only a knowledge base built here can be cached")
    arrays = {f"index.{name}": getattr(kb.index, name) for name in _INDEX_ARRAYS}
    arrays.update({f"passages.{name}": kb.passages.columns[name] for name in _PASSAGE_ARRAYS})
    arrays["index.size"] = np.array([kb.index.size], dtype=np.int64)
    terms = sorted(kb.index.vocabulary, key=kb.index.vocabulary.__getitem__)
    names = kb.analyzers[next(iter(kb.analyzers))].names
    return cache.Entry(kb.articles, kb.problems, tuple(names), terms, arrays, kb.people)


def _from_entry(entry: cache.Entry, folder: Path) -> KnowledgeBase:
    """The knowledge base a cache entry holds."""
    arrays = entry.arrays
    analyzers = {code: Analyzer(profile, entry.names) for code, profile in PROFILES.items()}
    vocabulary = {term: number for number, term in enumerate(entry.terms)}
    index = Index(
        vocabulary, arrays["index.indptr"], arrays["index.indices"], arrays["index.contributions"],
        arrays["index.idf"], int(arrays["index.size"][0]), arrays["index.maxima"], arrays["index.rough"],
    )
    table = PassageTable(entry.articles, {name: arrays[f"passages.{name}"] for name in _PASSAGE_ARRAYS})
    translator = cached_translator(analyzers, folder)
    return assemble_knowledge_base(table, analyzers, index, translator, entry.problems, 0.0, entry.people)
