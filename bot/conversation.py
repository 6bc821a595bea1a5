"""What a face remembers between two messages: the last answer, how much of it
was shown, and the language the user chose. The REPL keeps one; the Telegram
bot keeps one per chat."""

from __future__ import annotations

from dataclasses import dataclass

from bot.engine import answer
from bot.knowledge import KnowledgeBase, neighbours
from bot.records import Answer, Hit, Passage

DEFAULT_PAGE_SIZE = 3


@dataclass(frozen=True)
class Page:
    """A slice of an answer's hits: `hits` are numbered from `first` (1-based)."""

    answer: Answer
    hits: tuple[Hit, ...]
    first: int

    @property
    def remaining(self) -> int:
        """How many hits come after this page."""
        return len(self.answer.hits) - (self.first - 1) - len(self.hits)


def page_of(result: Answer, shown: int, size: int) -> Page:
    """The hits of `result` after the first `shown`, at most `size` of them."""
    return Page(result, result.hits[shown: shown + size], shown + 1)


class Conversation:
    """One user's exchange with the bot."""

    def __init__(self, page_size: int = DEFAULT_PAGE_SIZE) -> None:
        self.page_size = page_size
        self.lang: str | None = None  # None: the language of each question
        self.last: Answer | None = None
        self.shown = 0

    def ask(self, kb: KnowledgeBase, question: str) -> Page:
        """Answer a question and return its first page."""
        self.last = answer(kb, question, lang=self.lang, fallback=self.last.lang if self.last else None)
        self.shown = 0
        return self.more() or page_of(self.last, 0, self.page_size)

    def more(self) -> Page | None:
        """The next page of the last answer (None before any question)."""
        if self.last is None:
            return None
        page = page_of(self.last, self.shown, self.page_size)
        self.shown += len(page.hits)
        return page

    def context(self, radius: int = 1) -> tuple[Passage, list[Passage]] | None:
        """The best passage of the last answer with its neighbours (None if there is none)."""
        if self.last is None or not self.last.hits:
            return None
        focus = self.last.hits[0].passage
        return focus, neighbours(focus, radius)

    @property
    def reply_lang(self) -> str:
        """The language to speak in when no question decides it."""
        if self.lang:
            return self.lang
        return self.last.lang if self.last else "fr"
