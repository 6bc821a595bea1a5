"""The knowledge base in chronological order: the dated passages, day by day."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from bot.knowledge import KnowledgeBase
from bot.records import Passage


@dataclass(frozen=True)
class Event:
    """A passage under one of the days it speaks of."""

    day: datetime.date
    passage: Passage


def timeline(
    kb: KnowledgeBase,
    article: str | None = None,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> list[Event]:
    """Passages with dates of their own, in order of the days they speak of.

    `article` keeps one article (its file name or a part of its title, case
    ignored); `start` and `end` bound the days, both included. A passage that
    speaks of two days appears under each.
    """
    wanted = article.casefold() if article else None
    events = [
        Event(day, passage)
        for passage in kb.passages
        if wanted is None or wanted == passage.article.path.casefold() or wanted in passage.article.title.casefold()
        for day in passage.dates
        if (start is None or day >= start) and (end is None or day <= end)
    ]
    events.sort(key=lambda e: (e.day, e.passage.article.date, e.passage.article.path, e.passage.position))
    return events
