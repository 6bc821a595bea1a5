"""Capturing what the bot logs, through the same redacting filter as in production."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from bot.telegram.app import Redactor


@contextmanager
def captured_logs(secrets: Sequence[str], level: int) -> Iterator[io.StringIO]:
    """Every record of `level` and above logged inside the block, secrets redacted."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    handler.addFilter(Redactor(list(secrets)))
    root = logging.getLogger()
    previous = root.level
    root.addHandler(handler)
    root.setLevel(level)
    try:
        yield stream
    finally:
        root.removeHandler(handler)
        root.setLevel(previous)
