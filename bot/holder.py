"""The knowledge base in service, and its replacement by a fresh one.

Faces read `holder.kb` once per question and keep that object until they
have answered, so a reload never changes the index under a question in
flight: it builds a new knowledge base aside and swaps one reference.

A reload keeps what still works: when the new version of an article's file
is broken, the version loaded before stays in service (and the problem is
reported), so that a half-saved edit never takes an article away.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from bot.articles import LoadProblem, load_articles, title_key
from bot.knowledge import KnowledgeBase, build_knowledge_base, load_knowledge_base
from bot.records import Article

if TYPE_CHECKING:
    from bot.messages import Wording

log = logging.getLogger(__name__)

# Past this many file names a notice says "+N" rather than listing them all.
NAMES_SHOWN = 5


@dataclass(frozen=True)
class ReloadReport:
    """What a reload changed. File names are those of the knowledge folder;
    `kept` are the articles whose new file is broken, still served in their
    previous version; `new_problems` are those the previous reload did not have."""

    articles_before: int
    articles_after: int
    passages_after: int
    problems: tuple[LoadProblem, ...]
    seconds: float
    added: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    kept: tuple[str, ...] = ()
    new_problems: tuple[LoadProblem, ...] = ()
    automatic: bool = False  # started by the folder watcher, not asked for

    @property
    def changed(self) -> bool:
        """Whether the articles in service changed."""
        return bool(self.added or self.updated or self.removed)

    def describe(self, wording: Wording) -> str:
        """The changes in one phrase of `wording`'s language ("added: a.md; removed: b.md")."""
        parts = [
            template.format(files=_names(files))
            for template, files in (
                (wording.changes_added, self.added),
                (wording.changes_updated, self.updated),
                (wording.changes_removed, self.removed),
                (wording.changes_kept, self.kept),
            )
            if files
        ]
        return wording.changes_separator.join(parts) or wording.changes_none


def _names(files: Sequence[str]) -> str:
    shown = ", ".join(files[:NAMES_SHOWN])
    return shown + (f" (+{len(files) - NAMES_SHOWN})" if len(files) > NAMES_SHOWN else "")


Listener = Callable[[ReloadReport], None]


class KnowledgeHolder:
    """Holds the knowledge base of a folder and reloads it on demand, from any thread."""

    def __init__(self, folder: Path, kb: KnowledgeBase | None = None) -> None:
        self.folder = folder
        # When the folder was last read (a file changed after it is not in service).
        self.loaded_ns = time.time_ns()
        self._kb = kb if kb is not None else load_knowledge_base(folder)
        self._reloading = threading.Lock()
        self._listeners: tuple[Listener, ...] = ()

    @property
    def kb(self) -> KnowledgeBase:
        """The knowledge base in service."""
        return self._kb

    @property
    def files(self) -> frozenset[str]:
        """The names of the files the last load saw: the articles in service and the broken files."""
        kb = self._kb
        folder = str(self.folder)
        return frozenset([a.path for a in kb.articles] + [p.path for p in kb.problems if p.path != folder])

    def add_listener(self, listener: Listener) -> None:
        """Call `listener(report)` after every reload, in the thread that reloaded."""
        self._listeners = (*self._listeners, listener)

    def remove_listener(self, listener: Listener) -> None:
        """Stop calling `listener`."""
        self._listeners = tuple(known for known in self._listeners if known != listener)

    def reload(self, automatic: bool = False) -> ReloadReport:
        """Re-read the folder, build a new knowledge base and swap it in.

        Concurrent calls are serialized; the swap itself is one assignment,
        atomic for the readers. The listeners hear of it once it is done.
        """
        with self._reloading:
            report = self._reload(automatic)
        for listener in self._listeners:
            try:
                listener(report)
            except Exception:  # one face's failure must not stop the others hearing of it
                log.exception("a reload listener failed")
        return report

    def _reload(self, automatic: bool) -> ReloadReport:
        started = time.perf_counter()
        read_at = time.time_ns()
        before = self._kb
        articles, problems = load_articles(self.folder)
        previous = {article.path: article for article in before.articles}
        fresh = {article.path: article for article in articles}
        kept = self._still_broken(previous, problems)
        # A kept article whose title a loaded one now has would answer twice;
        # its problem stays reported.
        titles = {title_key(article.title) for article in articles}
        kept = {name: article for name, article in kept.items() if title_key(article.title) not in titles}
        served = {**fresh, **kept}
        ordered = tuple(served[name] for name in sorted(served))
        if ordered != before.articles:
            kb = build_knowledge_base(ordered, problems)
        elif tuple(problems) != before.problems:
            kb = dataclasses.replace(before, problems=tuple(problems))
        else:
            kb = before
        self._kb = kb
        self.loaded_ns = read_at
        known = set(before.problems)
        return ReloadReport(
            articles_before=len(before.articles),
            articles_after=len(kb.articles),
            passages_after=len(kb.passages),
            problems=kb.problems,
            seconds=time.perf_counter() - started,
            added=tuple(sorted(name for name in fresh if name not in previous)),
            updated=tuple(sorted(name for name in fresh if name in previous and fresh[name] != previous[name])),
            removed=tuple(sorted(name for name in previous if name not in served)),
            kept=tuple(sorted(kept)),
            new_problems=tuple(problem for problem in kb.problems if problem not in known),
            automatic=automatic,
        )

    def _still_broken(self, previous: dict[str, Article], problems: Sequence[LoadProblem]) -> dict[str, Article]:
        """The articles in service whose file is there but failed to load: they stay as they were.

        A missing folder (being replaced, an unmounted disk) keeps them all.
        """
        if not self.folder.is_dir():
            return dict(previous)
        broken = {
            problem.path for problem in problems
            if problem.path in previous and _present(self.folder / problem.path)
        }
        return {name: previous[name] for name in broken}


def _present(path: Path) -> bool:
    """Whether a file (or a link, even a broken one) is there: a removed file is not broken, it is gone."""
    return path.exists() or path.is_symlink()
