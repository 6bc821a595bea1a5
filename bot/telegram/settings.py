"""The Telegram bot's settings, read from the environment and `.env` and checked
before anything starts. Every setting is documented in `.env.example`.

A bad value is one `ConfigError` naming the setting and what was expected; the
token itself is never repeated in a message.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from bot.config import ConfigError, knowledge_folder

TOKEN_PATTERN = re.compile(r"^\d+:[A-Za-z0-9_-]{30,}$")
SECRET_TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
DEFAULT_API_BASE_URL = "https://api.telegram.org"
DEFAULT_PAGE_SIZE = 3
MAX_PAGE_SIZE = 10
DEFAULT_QUESTIONS_PER_MINUTE = 20
DEFAULT_POLL_TIMEOUT = 10.0
DEFAULT_WEBHOOK_LISTEN = "127.0.0.1"
DEFAULT_WEBHOOK_PORT = 8443
_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"", "0", "false", "no", "off"})


@dataclass(frozen=True)
class WebhookSettings:
    """Where Telegram posts updates (public URL) and where the bot listens for them."""

    url: str
    listen: str
    port: int
    path: str
    secret_token: str = field(repr=False)


@dataclass(frozen=True)
class TelegramSettings:
    """Everything the Telegram face needs besides the knowledge base itself."""

    token: str = field(repr=False)
    api_base_url: str = DEFAULT_API_BASE_URL
    admin_ids: frozenset[int] = frozenset()
    allowed_chats: frozenset[int] | None = None
    knowledge_dir: Path = Path("knowledge")
    page_size: int = DEFAULT_PAGE_SIZE
    log_questions: bool = False
    questions_per_minute: int = DEFAULT_QUESTIONS_PER_MINUTE
    poll_timeout: float = DEFAULT_POLL_TIMEOUT
    webhook: WebhookSettings | None = None

    @property
    def secrets(self) -> tuple[str, ...]:
        """The values that must never appear in a log line."""
        return (self.token,) + ((self.webhook.secret_token,) if self.webhook else ())


def check_token(token: str | None) -> str:
    """The token, or a ConfigError saying what is wrong with it (without repeating it)."""
    token = (token or "").strip()
    if not token:
        raise ConfigError(
            "TELEGRAM_BOT_TOKEN is not set: ask @BotFather for a token and put it in .env "
            "(see .env.example) or in the environment."
        )
    if not TOKEN_PATTERN.match(token):
        raise ConfigError(
            "TELEGRAM_BOT_TOKEN does not look like a bot token: expected the bot's number, a colon "
            "and at least 30 letters, digits, '-' or '_', as @BotFather gives it."
        )
    return token


def telegram_settings(values: Mapping[str, str]) -> TelegramSettings:
    """Parse and check the settings; raises ConfigError on the first bad one."""
    return TelegramSettings(
        token=check_token(values.get("TELEGRAM_BOT_TOKEN")),
        api_base_url=_base_url(values.get("TELEGRAM_API_BASE_URL", "")),
        admin_ids=_ids("BOT_ADMIN_IDS", values.get("BOT_ADMIN_IDS", "")) or frozenset(),
        allowed_chats=_ids("BOT_ALLOWED_CHATS", values.get("BOT_ALLOWED_CHATS", "")),
        knowledge_dir=knowledge_folder(values),
        page_size=_whole("BOT_PAGE_SIZE", values.get("BOT_PAGE_SIZE", ""), DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE),
        log_questions=_flag("BOT_LOG_QUESTIONS", values.get("BOT_LOG_QUESTIONS", "")),
        questions_per_minute=_whole(
            "BOT_QUESTIONS_PER_MINUTE", values.get("BOT_QUESTIONS_PER_MINUTE", ""),
            DEFAULT_QUESTIONS_PER_MINUTE, 1, 10_000,
        ),
        poll_timeout=_seconds("TELEGRAM_POLL_TIMEOUT", values.get("TELEGRAM_POLL_TIMEOUT", ""), DEFAULT_POLL_TIMEOUT),
        webhook=_webhook(values),
    )


def _base_url(raw: str) -> str:
    url = raw.strip().rstrip("/") or DEFAULT_API_BASE_URL
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigError(
            f"TELEGRAM_API_BASE_URL: expected the address of a Bot API server such as {DEFAULT_API_BASE_URL} "
            f"or http://localhost:8081, found {raw.strip()!r}"
        )
    if parts.path.endswith("/bot") or re.search(r"/bot\d", parts.path):
        raise ConfigError(
            "TELEGRAM_API_BASE_URL: give the server's address only, without '/bot' or the token "
            f"(for example {DEFAULT_API_BASE_URL})"
        )
    return url


def _ids(name: str, raw: str) -> frozenset[int] | None:
    """Whole numbers separated by commas or spaces; None when the setting is empty."""
    items = [item for item in re.split(r"[\s,;]+", raw.strip()) if item]
    if not items:
        return None
    ids = set()
    for item in items:
        try:
            ids.add(int(item))
        except ValueError:
            raise ConfigError(
                f"{name}: expected Telegram ids (whole numbers, e.g. 123456789 or -1001234567890) "
                f"separated by commas, found {item!r}"
            ) from None
    return frozenset(ids)


def _whole(name: str, raw: str, default: int, low: int, high: int) -> int:
    if not raw.strip():
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        value = low - 1
    if not low <= value <= high:
        raise ConfigError(f"{name}: expected a whole number from {low} to {high}, found {raw.strip()!r}")
    return value


def _seconds(name: str, raw: str, default: float) -> float:
    if not raw.strip():
        return default
    try:
        value = float(raw.strip())
    except ValueError:
        value = -1.0
    if not 0 <= value <= 50:
        raise ConfigError(f"{name}: expected a number of seconds from 0 to 50, found {raw.strip()!r}")
    return value


def _flag(name: str, raw: str) -> bool:
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ConfigError(f"{name}: expected yes or no (1/0, true/false, on/off), found {raw.strip()!r}")


def _webhook(values: Mapping[str, str]) -> WebhookSettings | None:
    url = values.get("TELEGRAM_WEBHOOK_URL", "").strip()
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.netloc:
        raise ConfigError(
            f"TELEGRAM_WEBHOOK_URL: Telegram only posts to https:// addresses, found {url!r} "
            "(leave it empty to poll instead)"
        )
    path = values.get("TELEGRAM_WEBHOOK_PATH", "").strip().strip("/") or parts.path.strip("/")
    if not path:
        raise ConfigError(
            "TELEGRAM_WEBHOOK_PATH: expected a hard-to-guess path for the local webhook server, "
            "e.g. telegram-3f9c2a (or put one at the end of TELEGRAM_WEBHOOK_URL)"
        )
    secret = values.get("TELEGRAM_WEBHOOK_SECRET", "").strip()
    if not SECRET_TOKEN_PATTERN.match(secret):
        raise ConfigError(
            "TELEGRAM_WEBHOOK_SECRET: webhook mode needs a secret of 1 to 256 letters, digits, '-' or '_' "
            "(e.g. the output of: python -c 'import secrets; print(secrets.token_urlsafe(32))')"
        )
    listen = values.get("TELEGRAM_WEBHOOK_LISTEN", "").strip() or DEFAULT_WEBHOOK_LISTEN
    port = _whole("TELEGRAM_WEBHOOK_PORT", values.get("TELEGRAM_WEBHOOK_PORT", ""), DEFAULT_WEBHOOK_PORT, 1, 65535)
    return WebhookSettings(url=url, listen=listen, port=port, path=path, secret_token=secret)
