"""The knowledge base in service, and its replacement by a fresh one.

Faces read `holder.kb` once per question and keep that object until they
have answered, so a reload never changes the index under a question in
flight: it builds a new knowledge base aside and swaps one reference.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from bot.articles import LoadProblem
from bot.knowledge import KnowledgeBase, load_knowledge_base


@dataclass(frozen=True)
class ReloadReport:
    """What a reload changed."""

    articles_before: int
    articles_after: int
    passages_after: int
    problems: tuple[LoadProblem, ...]
    seconds: float


class KnowledgeHolder:
    """Holds the knowledge base of a folder and reloads it on demand."""

    def __init__(self, folder: Path, kb: KnowledgeBase | None = None) -> None:
        self.folder = folder
        self._kb = kb if kb is not None else load_knowledge_base(folder)
        self._reloading = threading.Lock()

    @property
    def kb(self) -> KnowledgeBase:
        """The knowledge base in service."""
        return self._kb

    def reload(self) -> ReloadReport:
        """Re-read the folder, build a new knowledge base and swap it in.

        Concurrent calls are serialized; the swap itself is one assignment,
        atomic for the readers.
        """
        with self._reloading:
            before = self._kb
            fresh = load_knowledge_base(self.folder)
            self._kb = fresh
            return ReloadReport(
                articles_before=len(before.articles),
                articles_after=len(fresh.articles),
                passages_after=len(fresh.passages),
                problems=fresh.problems,
                seconds=fresh.build_seconds,
            )
