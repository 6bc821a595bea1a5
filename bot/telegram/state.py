"""What the Telegram face remembers between updates, all of it bounded.

- `ExpiringStore`: the state behind inline buttons. Telegram's callback_data
  holds at most 64 bytes, so a button carries a short random key and the
  answer it refers to stays here, for a while and up to a number of entries.
- `RateLimiter`: a token bucket per user, so that one person cannot keep the
  answering threads busy for everyone else.
- `ChatLanguages`: the /lang choice of each chat.

All of it lives in memory and is meant to be used from the event loop only
(no locks); a restart forgets it, and old buttons then say they expired.
"""

from __future__ import annotations

import secrets
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from bot.language import detect_language
from bot.records import LANGUAGES

T = TypeVar("T")
Clock = Callable[[], float]

BUTTON_TTL_SECONDS = 6 * 3600.0
BUTTON_CAPACITY = 10_000
KEY_BYTES = 6  # 8 url-safe characters: "more:" + key stays far below 64 bytes


class ExpiringStore(Generic[T]):
    """Values under short random keys, forgotten after `ttl` seconds without use
    or when more than `capacity` are held (the least recently used go first)."""

    def __init__(self, ttl: float = BUTTON_TTL_SECONDS, capacity: int = BUTTON_CAPACITY,
                 clock: Clock = time.monotonic) -> None:
        self.ttl = ttl
        self.capacity = capacity
        self._clock = clock
        self._entries: OrderedDict[str, tuple[float, T]] = OrderedDict()

    def put(self, value: T) -> str:
        """Keep `value` and return its key (8 characters, safe in callback_data)."""
        self._expire()
        key = secrets.token_urlsafe(KEY_BYTES)
        while key in self._entries:
            key = secrets.token_urlsafe(KEY_BYTES)
        self._entries[key] = (self._clock(), value)
        while len(self._entries) > self.capacity:
            self._entries.popitem(last=False)
        return key

    def get(self, key: str) -> T | None:
        """The value under `key`, or None if it never existed or has expired."""
        entry = self._entries.get(key)
        if entry is None:
            return None
        now = self._clock()
        if now - entry[0] > self.ttl:
            del self._entries[key]
            return None
        self._entries[key] = (now, entry[1])
        self._entries.move_to_end(key)
        return entry[1]

    def __len__(self) -> int:
        self._expire()
        return len(self._entries)

    def _expire(self) -> None:
        now = self._clock()
        while self._entries:
            key, (used, _) = next(iter(self._entries.items()))
            if now - used <= self.ttl:
                break
            del self._entries[key]


class RateLimiter:
    """At most `per_minute` questions a minute for each user, with bursts of up to
    `per_minute` (a token bucket refilled continuously)."""

    def __init__(self, per_minute: int, capacity: int = 100_000, clock: Clock = time.monotonic) -> None:
        if per_minute < 1:
            raise ValueError("per_minute must be at least 1")
        self.per_minute = per_minute
        self.capacity = capacity
        self._clock = clock
        self._buckets: OrderedDict[int, tuple[float, float]] = OrderedDict()  # user -> (tokens, when)

    def allow(self, user_id: int) -> bool:
        """Whether the user may ask now; counts the question if so."""
        now = self._clock()
        tokens, then = self._buckets.get(user_id, (float(self.per_minute), now))
        tokens = min(float(self.per_minute), tokens + (now - then) * self.per_minute / 60.0)
        allowed = tokens >= 1.0
        self._buckets[user_id] = (tokens - 1.0 if allowed else tokens, now)
        self._buckets.move_to_end(user_id)
        while len(self._buckets) > self.capacity:
            self._buckets.popitem(last=False)
        return allowed


class ChatLanguages:
    """The reply language each chat chose with /lang (absent: the question's)."""

    def __init__(self, capacity: int = 100_000) -> None:
        self.capacity = capacity
        self._choices: OrderedDict[int, str] = OrderedDict()

    def get(self, chat_id: int) -> str | None:
        """The chat's chosen language, or None for "the language of each question"."""
        return self._choices.get(chat_id)

    def set(self, chat_id: int, lang: str | None) -> None:
        """Remember a choice; None goes back to the language of each question."""
        if lang is None:
            self._choices.pop(chat_id, None)
            return
        if lang not in LANGUAGES:
            raise ValueError(f"unknown language {lang!r}")
        self._choices[chat_id] = lang
        self._choices.move_to_end(chat_id)
        while len(self._choices) > self.capacity:
            self._choices.popitem(last=False)


@dataclass(frozen=True)
class ButtonData:
    """What an inline button's callback_data says: an action and its argument."""

    action: str
    argument: str

    def encode(self) -> str:
        """The callback_data string (checked against Telegram's 64-byte limit)."""
        data = f"{self.action}:{self.argument}"
        if len(data.encode("utf-8")) > 64:
            raise ValueError("callback_data longer than 64 bytes")
        return data

    @staticmethod
    def decode(data: str | None) -> ButtonData | None:
        """The button behind a callback_data string, None if it is not one of ours."""
        action, colon, argument = (data or "").partition(":")
        return ButtonData(action, argument) if colon and action else None


def interface_lang(chosen: str | None, language_code: str | None, text: str = "") -> str:
    """The language for the bot's own sentences (help, hints, refusals): the
    chat's /lang choice, else the user's Telegram language, else a guess from
    what they wrote."""
    if chosen in LANGUAGES:
        return chosen
    code = (language_code or "").split("-")[0].lower()
    if code in LANGUAGES:
        return code
    return detect_language(text).lang
