"""Counters behind the /stats admin command: questions, no-answer rate, latency, uptime."""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

LATENCY_WINDOW = 10_000  # the latest answers the percentiles are computed over


@dataclass(frozen=True)
class StatsSnapshot:
    """The counters at one moment; latencies in milliseconds."""

    questions: int
    unanswered: int
    p50_ms: float
    p90_ms: float
    p99_ms: float
    uptime_seconds: float

    @property
    def no_answer_rate(self) -> float:
        """The share of questions that got no passage (0 when none was asked)."""
        return self.unanswered / self.questions if self.questions else 0.0


class Stats:
    """Questions answered since start; fed from the event loop after each answer."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self.started = clock()
        self.questions = 0
        self.unanswered = 0
        self._latencies: deque[float] = deque(maxlen=LATENCY_WINDOW)

    def record(self, seconds: float, answered: bool) -> None:
        """Count one question, how long answering took and whether any passage was found."""
        self.questions += 1
        self.unanswered += not answered
        self._latencies.append(seconds)

    def snapshot(self) -> StatsSnapshot:
        """The current numbers."""
        ordered = sorted(self._latencies)
        return StatsSnapshot(
            questions=self.questions,
            unanswered=self.unanswered,
            p50_ms=percentile(ordered, 50) * 1000,
            p90_ms=percentile(ordered, 90) * 1000,
            p99_ms=percentile(ordered, 99) * 1000,
            uptime_seconds=self._clock() - self.started,
        )


def percentile(ordered: list[float], rank: float) -> float:
    """The nearest-rank percentile of sorted values (0 for none)."""
    if not ordered:
        return 0.0
    index = max(0, min(len(ordered) - 1, math.ceil(rank / 100 * len(ordered)) - 1))
    return ordered[index]
