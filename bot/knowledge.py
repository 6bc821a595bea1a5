"""The knowledge base: articles cut into passages, analyzed and indexed.

This is the indexing-time half of the data flow; `engine.py` is the
question-time half. A `KnowledgeBase` is immutable: a reload builds a new one
and swaps it in, so questions in flight finish on the old one.
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bot.analysis import PROFILES, Analyzer, find_names
from bot.articles import LoadProblem, load_articles
from bot.dates import find_dates
from bot.index import Index
from bot.records import Article, Passage
from bot.sentences import split_passages
from bot.translation import Translator, load_translator


@dataclass(frozen=True)
class KnowledgeBase:
    """Everything the engine needs to answer, built once from the articles."""

    articles: tuple[Article, ...]
    passages: tuple[Passage, ...]
    analyzers: Mapping[str, Analyzer]
    index: Index
    translator: Translator
    problems: tuple[LoadProblem, ...] = ()
    build_seconds: float = 0.0
    days: Mapping[datetime.date, tuple[int, ...]] = field(default_factory=dict)  # day -> passage numbers

    @property
    def languages(self) -> frozenset[str]:
        """The languages of the articles held."""
        return frozenset(article.lang for article in self.articles)


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
) -> KnowledgeBase:
    """Cut, analyze and index the articles."""
    started = time.perf_counter()
    passages: list[Passage] = []
    for article in articles:
        passages.extend(cut_passages(article))
    names = find_names([a.title for a in articles] + [p.text for p in passages])
    analyzers = {code: Analyzer(profile, names) for code, profile in PROFILES.items()}
    corpus = [analyzers[p.article.lang].terms(p.text) for p in passages]
    index = Index.build(corpus)
    if translator is None:
        translator = load_translator(analyzers)
    days: dict[datetime.date, list[int]] = {}
    for number, passage in enumerate(passages):
        for day in passage.dates:
            days.setdefault(day, []).append(number)
    return KnowledgeBase(
        articles=tuple(articles),
        passages=tuple(passages),
        analyzers=analyzers,
        index=index,
        translator=translator,
        problems=tuple(problems),
        build_seconds=time.perf_counter() - started,
        days={day: tuple(numbers) for day, numbers in sorted(days.items())},
    )


def load_knowledge_base(folder: Path) -> KnowledgeBase:
    """Read every article of `folder` and build the knowledge base; broken files
    are listed in `problems` and left out."""
    articles, problems = load_articles(folder)
    return build_knowledge_base(articles, problems)
