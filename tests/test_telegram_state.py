"""State behind buttons, rate limits, chat languages and the /stats counters."""

from __future__ import annotations

import re

import pytest

from bot.telegram.state import ButtonData, ChatLanguages, ExpiringStore, RateLimiter, interface_lang
from bot.telegram.stats import Stats, percentile


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_store_keys_are_short_and_values_come_back() -> None:
    store: ExpiringStore[str] = ExpiringStore()
    keys = {store.put(f"value {n}") for n in range(200)}
    assert len(keys) == 200
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{8}", key) for key in keys)
    key = store.put("question")
    assert store.get(key) == "question"
    assert store.get("nope") is None


def test_store_forgets_after_the_ttl_without_use() -> None:
    clock = Clock()
    store: ExpiringStore[int] = ExpiringStore(ttl=60, clock=clock)
    kept, dropped = store.put(1), store.put(2)
    clock.now += 50
    assert store.get(kept) == 1  # a use renews it
    clock.now += 50
    assert store.get(kept) == 1
    assert store.get(dropped) is None
    clock.now += 61
    assert len(store) == 0


def test_store_is_bounded_and_drops_the_least_recently_used() -> None:
    store: ExpiringStore[int] = ExpiringStore(capacity=3)
    keys = [store.put(n) for n in range(3)]
    store.get(keys[0])
    store.put(3)
    assert len(store) == 3
    assert store.get(keys[1]) is None
    assert store.get(keys[0]) == 0


def test_rate_limiter_allows_a_burst_then_refills_per_user() -> None:
    clock = Clock()
    limiter = RateLimiter(per_minute=3, clock=clock)
    assert [limiter.allow(1) for _ in range(4)] == [True, True, True, False]
    assert limiter.allow(2)  # another user is not affected
    clock.now += 20  # one question's worth at 3 a minute
    assert limiter.allow(1)
    assert not limiter.allow(1)
    clock.now += 3600
    assert [limiter.allow(1) for _ in range(4)] == [True, True, True, False]  # never more than the burst


def test_rate_limiter_memory_is_bounded() -> None:
    limiter = RateLimiter(per_minute=1, capacity=10)
    for user in range(100):
        limiter.allow(user)
    assert len(limiter._buckets) == 10
    with pytest.raises(ValueError):
        RateLimiter(per_minute=0)


def test_chat_languages() -> None:
    languages = ChatLanguages(capacity=2)
    assert languages.get(1) is None
    languages.set(1, "en")
    assert languages.get(1) == "en"
    languages.set(1, None)
    assert languages.get(1) is None
    for chat in (1, 2, 3):
        languages.set(chat, "fr")
    assert languages.get(1) is None and languages.get(3) == "fr"
    with pytest.raises(ValueError):
        languages.set(1, "de")


def test_button_data_round_trip_and_limit() -> None:
    data = ButtonData("more", "abcdEFGH")
    assert data.encode() == "more:abcdEFGH"
    assert ButtonData.decode("more:abcdEFGH") == data
    assert ButtonData.decode("garbage") is None
    assert ButtonData.decode(None) is None
    with pytest.raises(ValueError):
        ButtonData("more", "é" * 40).encode()


def test_interface_language_prefers_the_choice_then_telegram_then_the_text() -> None:
    assert interface_lang("en", "fr-FR") == "en"
    assert interface_lang(None, "fr-CA") == "fr"
    assert interface_lang(None, "en-GB", "Bonjour, qui a été nommé ?") == "en"
    assert interface_lang(None, "de", "Who was fired yesterday?") == "en"
    assert interface_lang(None, None, "Qui a été renvoyé hier ?") == "fr"


def test_stats_count_questions_no_answers_and_latency() -> None:
    clock = Clock()
    stats = Stats(clock=clock)
    assert stats.snapshot().no_answer_rate == 0.0
    for n in range(1, 101):
        stats.record(n / 1000, answered=n % 4 != 0)
    clock.now += 90
    snap = stats.snapshot()
    assert (snap.questions, snap.unanswered) == (100, 25)
    assert snap.no_answer_rate == 0.25
    assert (snap.p50_ms, snap.p90_ms, snap.p99_ms) == pytest.approx((50, 90, 99))
    assert snap.uptime_seconds == 90


def test_percentile_nearest_rank() -> None:
    assert percentile([], 50) == 0.0
    assert percentile([3.0], 99) == 3.0
    assert percentile([1.0, 2.0, 3.0, 4.0], 50) == 2.0
    assert percentile([1.0, 2.0, 3.0, 4.0], 100) == 4.0
