"""The Telegram settings: defaults, parsing, and errors that never repeat the token."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.config import ConfigError, read_dotenv
from bot.telegram.settings import DEFAULT_API_BASE_URL, TelegramSettings, check_token, telegram_settings

TOKEN = "123456:TEST-TOKEN-abcdefghijklmnopqrstuvwxyz0123"


def parse(**values: str) -> TelegramSettings:
    return telegram_settings({"TELEGRAM_BOT_TOKEN": TOKEN, **values})


def test_defaults() -> None:
    config = parse()
    assert config.token == TOKEN
    assert config.api_base_url == DEFAULT_API_BASE_URL
    assert config.admin_ids == frozenset() and config.allowed_chats is None
    assert config.knowledge_dir == Path("knowledge")
    assert (config.page_size, config.log_questions, config.webhook) == (3, False, None)
    assert TOKEN not in repr(config)
    assert config.secrets == (TOKEN,)


@pytest.mark.parametrize(
    "token", ["", "   ", "abc", "123456:short", "12a:" + "x" * 40, TOKEN + " extra", "123456:" + "é" * 35])
def test_missing_or_malformed_token_is_one_sentence_without_the_token(token: str) -> None:
    with pytest.raises(ConfigError) as error:
        parse(TELEGRAM_BOT_TOKEN=token)
    message = str(error.value)
    assert message.startswith("TELEGRAM_BOT_TOKEN ")
    assert "\n" not in message
    assert not token.strip() or token.strip() not in message


def test_the_token_format() -> None:
    assert check_token(f"  {TOKEN}\n") == TOKEN
    assert check_token("1:" + "A" * 30) == "1:" + "A" * 30


def test_lists_numbers_and_flags() -> None:
    config = parse(BOT_ADMIN_IDS="42, 43 44", BOT_ALLOWED_CHATS="-1001234567890,42", BOT_PAGE_SIZE="5",
                   BOT_LOG_QUESTIONS="yes", BOT_QUESTIONS_PER_MINUTE="7", TELEGRAM_POLL_TIMEOUT="1.5",
                   KNOWLEDGE_DIR="/srv/news", TELEGRAM_API_BASE_URL="http://127.0.0.1:8081/")
    assert config.admin_ids == frozenset({42, 43, 44})
    assert config.allowed_chats == frozenset({-1001234567890, 42})
    assert (config.page_size, config.log_questions, config.questions_per_minute) == (5, True, 7)
    assert config.poll_timeout == 1.5
    assert config.knowledge_dir == Path("/srv/news")
    assert config.api_base_url == "http://127.0.0.1:8081"


@pytest.mark.parametrize(("name", "value"), [
    ("BOT_ADMIN_IDS", "42,bob"), ("BOT_ALLOWED_CHATS", "@group"), ("BOT_PAGE_SIZE", "0"), ("BOT_PAGE_SIZE", "many"),
    ("BOT_PAGE_SIZE", "11"), ("BOT_LOG_QUESTIONS", "maybe"), ("TELEGRAM_POLL_TIMEOUT", "-1"),
    ("TELEGRAM_API_BASE_URL", "api.telegram.org"), ("TELEGRAM_API_BASE_URL", "https://api.telegram.org/bot"),
    ("TELEGRAM_API_BASE_URL", f"https://api.telegram.org/bot{TOKEN}"), ("BOT_QUESTIONS_PER_MINUTE", "0"),
])
def test_bad_values_name_the_setting(name: str, value: str) -> None:
    with pytest.raises(ConfigError) as error:
        parse(**{name: value})
    assert str(error.value).startswith(name + ":")
    assert TOKEN not in str(error.value)


def test_webhook_settings() -> None:
    config = parse(TELEGRAM_WEBHOOK_URL="https://bot.example.org/hooks/s3cret-path",
                   TELEGRAM_WEBHOOK_SECRET="abc_DEF-1", TELEGRAM_WEBHOOK_PORT="9000")
    assert config.webhook is not None
    assert (config.webhook.url, config.webhook.path, config.webhook.listen, config.webhook.port) == (
        "https://bot.example.org/hooks/s3cret-path", "hooks/s3cret-path", "127.0.0.1", 9000)
    assert config.secrets == (TOKEN, "abc_DEF-1")
    assert "abc_DEF-1" not in repr(config)
    explicit = parse(TELEGRAM_WEBHOOK_URL="https://bot.example.org/", TELEGRAM_WEBHOOK_PATH="/tg-123/",
                     TELEGRAM_WEBHOOK_SECRET="s", TELEGRAM_WEBHOOK_LISTEN="0.0.0.0")
    assert explicit.webhook is not None and (explicit.webhook.path, explicit.webhook.listen) == ("tg-123", "0.0.0.0")


@pytest.mark.parametrize(("values", "name"), [
    ({"TELEGRAM_WEBHOOK_URL": "http://bot.example.org/x", "TELEGRAM_WEBHOOK_SECRET": "s"}, "TELEGRAM_WEBHOOK_URL"),
    ({"TELEGRAM_WEBHOOK_URL": "https://bot.example.org/x"}, "TELEGRAM_WEBHOOK_SECRET"),
    ({"TELEGRAM_WEBHOOK_URL": "https://bot.example.org/x", "TELEGRAM_WEBHOOK_SECRET": "no spaces"},
     "TELEGRAM_WEBHOOK_SECRET"),
    ({"TELEGRAM_WEBHOOK_URL": "https://bot.example.org", "TELEGRAM_WEBHOOK_SECRET": "s"}, "TELEGRAM_WEBHOOK_PATH"),
    ({"TELEGRAM_WEBHOOK_URL": "https://b.org/x", "TELEGRAM_WEBHOOK_SECRET": "s", "TELEGRAM_WEBHOOK_PORT": "70000"},
     "TELEGRAM_WEBHOOK_PORT"),
])
def test_bad_webhook_settings(values: dict[str, str], name: str) -> None:
    with pytest.raises(ConfigError) as error:
        parse(**values)
    assert str(error.value).startswith(name + ":")


def test_env_example_documents_every_setting_and_parses() -> None:
    root = Path(__file__).resolve().parent.parent
    example = root / ".env.example"
    values = read_dotenv(example)
    names = set(re.findall(r'"((?:TELEGRAM|BOT)_[A-Z_]+)"', (root / "bot/telegram/settings.py").read_text("utf-8")))
    names.add("KNOWLEDGE_DIR")
    assert names <= set(values), names - set(values)
    config = telegram_settings({**values, "TELEGRAM_BOT_TOKEN": TOKEN})
    assert config == parse(KNOWLEDGE_DIR="knowledge")
