"""The records that flow between the engine's modules.

They are small frozen dataclasses so that a passage or an answer can be shared
between threads (the Telegram face answers off the event loop) without copies.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

LANGUAGES: tuple[str, ...] = ("fr", "en")


@dataclass(frozen=True)
class Article:
    """One news article of the knowledge base, as read from its file."""

    path: str
    title: str
    date: datetime.date
    lang: str
    source: str
    url: str | None
    body: str
    body_line: int  # 1-based line of the file where the body starts


@dataclass(frozen=True)
class Passage:
    """A quotable unit: one sentence, or a quotation kept with its attribution.

    `text` is a verbatim slice of the article body: `article.body[start:end]`.
    """

    text: str
    article: Article
    paragraph: int
    position: int  # index of the passage within its article
    start: int
    end: int
    dates: tuple[datetime.date, ...] = ()

    @property
    def day(self) -> datetime.date:
        """The day the passage speaks of: its first own date, else the article's."""
        return self.dates[0] if self.dates else self.article.date


@dataclass(frozen=True)
class Hit:
    """A passage found for a question, with its score and the words that matched."""

    passage: Passage
    score: float
    matched: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Answer:
    """What the engine says to a question; every face renders this and nothing else.

    `hits` are all the passages judged relevant, best first; a face shows a page
    of them at a time. `reason` is set when there are no hits and says why
    (see `messages.py` for the wording).
    """

    question: str
    lang: str
    hits: tuple[Hit, ...]
    reason: str | None = None
    truncated: bool = False  # the question was cut to its first characters
    missing: tuple[str, ...] = ()  # words of the question the articles never mention
