"""Watching the knowledge folder: reload when its articles change.

A polling watcher with the standard library only: every few seconds it lists
the folder's article files with their size, modification time and inode, and
when that list changed (a file added, edited, removed, or replaced by an
editor's save-and-rename) it asks the holder to reload, in its own thread.
The faces keep answering meanwhile; the holder swaps the new knowledge base
in when it is ready.

Debounce: a change is acted on once the folder has looked the same for one
short pause, so that a file being copied or saved in several writes gives
one reload, not one per write (and a file caught half-written is reloaded
again when its final version lands).
"""

from __future__ import annotations

import logging
import math
import os
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

from bot.articles import ARTICLE_SUFFIX
from bot.config import ConfigError
from bot.holder import KnowledgeHolder, ReloadReport

log = logging.getLogger(__name__)

DEFAULT_INTERVAL = 2.0
MAX_INTERVAL = 3600.0
# The pause a change must survive before the reload (at most the interval itself).
SETTLE_SECONDS = 0.5
# Files written this close before the last load may have been read half-written:
# file systems stamp times coarsely, so they count as changed since.
CLOCK_SLACK_NS = 1_000_000_000


class FileState(NamedTuple):
    """What the watcher compares of one file."""

    name: str
    size: int
    mtime_ns: int
    inode: int


Snapshot = frozenset[FileState]


def watch_interval(values: Mapping[str, str]) -> float | None:
    """BOT_WATCH_INTERVAL in seconds: 0 turns the watcher off, None means not set.

    Raises ConfigError on a value that is not a number of seconds.
    """
    raw = values.get("BOT_WATCH_INTERVAL", "").strip()
    if not raw:
        return None
    try:
        seconds = float(raw)
    except ValueError:
        seconds = math.nan
    if not 0 <= seconds <= MAX_INTERVAL:  # also refuses nan
        raise ConfigError(
            f"BOT_WATCH_INTERVAL: expected the seconds between two looks at the knowledge folder, "
            f"from 0 (never look) to {MAX_INTERVAL:.0f}, found {raw!r}"
        )
    return seconds


def snapshot(folder: Path) -> Snapshot:
    """The article files of `folder` as the watcher compares them (empty if the folder is missing)."""
    states = set()
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.startswith(".") or not entry.name.endswith(ARTICLE_SUFFIX):
                    continue
                try:
                    info = entry.stat()  # follows links: an edit of the target counts
                except OSError:  # a broken link, or a file removed while listing
                    states.add(FileState(entry.name, -1, -1, -1))
                    continue
                states.add(FileState(entry.name, info.st_size, info.st_mtime_ns, info.st_ino))
    except OSError:
        return frozenset()
    return frozenset(states)


class KnowledgeWatcher:
    """Reloads `holder` in a background thread whenever its folder's articles change."""

    def __init__(self, holder: KnowledgeHolder, interval: float = DEFAULT_INTERVAL) -> None:
        if interval <= 0:
            raise ValueError("interval must be positive (a watcher that never looks is no watcher)")
        self.holder = holder
        self.interval = interval
        self.settle = min(SETTLE_SECONDS, interval)
        self.reloads = 0
        self._served = self._baseline()
        self._pending: Snapshot | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def _baseline(self) -> Snapshot | None:
        """The folder as the knowledge base in service knows it; None when it changed since
        the holder read it (the first look then reloads)."""
        current = snapshot(self.holder.folder)
        since = self.holder.loaded_ns - CLOCK_SLACK_NS
        names = {state.name for state in current}
        if names != self.holder.files or any(state.mtime_ns >= since for state in current):
            return None
        return current

    def start(self) -> KnowledgeWatcher:
        """Start watching in a daemon thread."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="knowledge-watcher", daemon=True)
            self._thread.start()
        return self

    def stop(self, timeout: float = 10.0) -> None:
        """Stop watching; waits for a reload in progress (up to `timeout` seconds)."""
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout)

    def __enter__(self) -> KnowledgeWatcher:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _run(self) -> None:
        wait = 0.0 if self._served is None else self.interval
        while not self._stop.wait(wait):
            try:
                self.check()
            except Exception:  # a bug in a reload must not end the watching
                log.exception("reloading the knowledge folder failed; the previous articles stay in service")
                self._served, self._pending = snapshot(self.holder.folder), None  # retried on the next change
            wait = self.settle if self._pending is not None else self.interval

    def check(self) -> ReloadReport | None:
        """Look once: reload when the folder changed and has not changed since the previous look.

        Returns the report of the reload, if one was made.
        """
        current = snapshot(self.holder.folder)
        if current == self._served:
            self._pending = None
            return None
        if current != self._pending:
            self._pending = current  # still changing, or just seen: look again after a pause
            return None
        report = self.holder.reload(automatic=True)
        self.reloads += 1
        # What was read is at least as new as `current`; a write during the
        # reload shows up as a difference at the next look.
        self._served, self._pending = current, None
        return report


def start_watcher(holder: KnowledgeHolder, interval: float | None) -> KnowledgeWatcher | None:
    """A started watcher of the holder's folder, or None when `interval` is 0 or None."""
    if not interval:
        return None
    return KnowledgeWatcher(holder, interval).start()
