"""The bot under load and faults, and what it must never leak or allow.

The soak test is `scripts/soak.py` at a small size: the real process
(`python -m bot telegram`) against the fake Bot API server injecting 429s,
5xx, dropped connections and slow responses, with a knowledge change, a
SIGTERM and restart, and an outage along the way; its figures are printed
(`pytest -s`). The full size is `python scripts/soak.py` (see bench/SOAK.md).

Then, against the bot in this process: BOT_ALLOWED_CHATS for every kind of
update, admin commands hidden from others, questions kept out of the logs
unless asked for, and /stats holding counters only.
"""

from __future__ import annotations

import importlib.util
import io
import logging
import sys
import time
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pytest

from bot.holder import KnowledgeHolder
from bot.knowledge import KnowledgeBase
from bot.messages import WORDINGS
from bot.telegram.app import Redactor
from bot.telegram.handlers import Handlers
from tests.conftest import KNOWLEDGE, ROOT
from tests.fake_bot_api import BOT_ID, BOT_USERNAME, TOKEN, FakeBotApi
from tests.test_telegram_e2e import ADMIN, PROXY_VARIABLES, RunningBot

FR, EN = WORDINGS["fr"], WORDINGS["en"]


def _load_soak() -> ModuleType:
    spec = importlib.util.spec_from_file_location("soak", ROOT / "scripts" / "soak.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["soak"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(autouse=True)
def no_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)


def test_soak_small() -> None:
    soak = _load_soak()
    config = soak.SoakConfig(chats=20, questions=300, per_burst=3, fault_rate=0.05, outage=2.0,
                             answer_timeout=60.0)
    figures = soak.run_soak(config, say=lambda line: None)
    print("\n" + figures.report())  # pytest -s shows it
    # Every question answered exactly once, in its own chat, through faults, a restart and an outage.
    assert (figures.answered, figures.duplicates, figures.lost, figures.apologies) == (300, 0, 0, 0)
    injected = {kind: count for kind, count in figures.faults.items() if kind != "outage"}
    assert sum(injected.values()) >= 10 and len(injected) >= 4, figures.faults
    assert figures.restarts == 1 and [p.exit_code for p in figures.processes] == [0, 0]
    assert figures.polls_in_outage >= 1 and figures.caught_up_seconds < 10
    # The article broken under load stayed in service, and the admin heard of it.
    assert figures.answerable_without_passages == 0
    assert figures.admin_notices >= 1 and figures.admin_notice_names_file
    # Nothing leaked: the token nowhere, no question in the logs; every message valid for Telegram.
    assert figures.token_in_logs == 0 and figures.token_in_requests == 0 and figures.log_lines > 0
    assert figures.questions_in_logs == 0 and figures.refusals == 0
    # Memory stays flat (the per-answer store is bounded; a leak would show in tens of MB per 1,000).
    assert figures.growth_mb_per_1000 < 20 and all(p.peak_mb < 500 for p in figures.processes)


# -- access and privacy, in this process ---------------------------------------


@pytest.fixture
def fake() -> Iterator[FakeBotApi]:
    with FakeBotApi() as api:
        yield api


@pytest.fixture
def holder(kb: KnowledgeBase) -> KnowledgeHolder:
    return KnowledgeHolder(KNOWLEDGE, kb)


@pytest.fixture
def info_logs() -> Iterator[io.StringIO]:
    """What is logged at INFO and above, as in production (httpx turned down)."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(Redactor([TOKEN]))
    root, quiet = logging.getLogger(), logging.getLogger("httpx")
    levels = root.level, quiet.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    quiet.setLevel(logging.WARNING)
    try:
        yield stream
    finally:
        root.removeHandler(handler)
        root.setLevel(levels[0])
        quiet.setLevel(levels[1])
    assert TOKEN not in stream.getvalue() and TOKEN.partition(":")[2] not in stream.getvalue()


def _handlers(bot: RunningBot) -> Handlers:
    for group in bot.application.handlers.values():
        for handler in group:
            owner = getattr(handler.callback, "__self__", None)
            if isinstance(owner, Handlers):
                return owner
    raise AssertionError("no Handlers registered")


def _bot_message(fake: FakeBotApi, chat_id: int) -> dict[str, Any]:
    """A message of the bot in a chat, with a More button under it (for a callback)."""
    message = fake.new_message(chat_id, "1. « … »", user_id=BOT_ID)
    message["from"] = {"id": BOT_ID, "is_bot": True, "first_name": "NewsBot", "username": BOT_USERNAME}
    return message


def test_allowed_chats_hold_for_every_kind_of_update(fake: FakeBotApi, holder: KnowledgeHolder,
                                                    info_logs: io.StringIO) -> None:
    allowed, other = 80, 81
    bot = RunningBot(fake, holder, BOT_ALLOWED_CHATS=str(allowed)).start()
    try:
        question = fake.send_text(other, "Qui a été nommé PDG par intérim ?")
        fake.edit_text(question, "Who became interim CEO?")
        fake.send_text(other, "/start")
        fake.send_text(other, "/reload")
        fake.send_text(-1000 - other, f"@{BOT_USERNAME} Qui est Emmett Shear ?", user_id=allowed)  # an allowed user
        fake.press(_bot_message(fake, other), "more:AAAAAAAA")
        fake.press(_bot_message(fake, other), "ex:fr0")
        fake.inline(other, "Who was fired?")
        fake.send_other(other, sticker={"file_id": "s", "file_unique_id": "s", "type": "regular", "width": 1,
                                        "height": 1, "is_animated": False, "is_video": False})
        # What is allowed, after the rest: once it is answered, the rest was seen and dropped.
        fake.send_text(allowed, "Qui a été nommé PDG par intérim ?")
        served = fake.inline(allowed, "Who was fired?")
        fake.send_text(allowed, "/reload")  # not an admin: an unknown command, like any other
        fake.send_text(ADMIN, "/stats", language_code="en")  # an admin is served in any chat
        fake.wait_sent(allowed, 2)
        fake.wait_sent(ADMIN)
        fake.wait_for(lambda: fake.calls_to("answerInlineQuery"), what="the allowed inline query")
        time.sleep(0.3)
    finally:
        bot.stop()
    assert all(c.chat_id in (allowed, ADMIN) for c in fake.sent()), [c.chat_id for c in fake.sent()]
    assert not [c for c in fake.calls if c.method in ("sendChatAction", "answerCallbackQuery")
                and c.chat_id not in (allowed, None)]
    assert not fake.calls_to("answerCallbackQuery")  # neither press was served
    (inline,) = fake.calls_to("answerInlineQuery")
    assert inline.params["inline_query_id"] == served
    replies = {c.text for c in fake.sent(allowed)}
    assert FR.telegram_unknown_command.format(command="/reload") in replies  # no hint the command exists
    assert info_logs.getvalue().count("not in BOT_ALLOWED_CHATS") >= 8
    assert fake.refusals == []


def test_admin_commands_look_like_unknown_ones_to_others(fake: FakeBotApi, holder: KnowledgeHolder,
                                                        info_logs: io.StringIO) -> None:
    bot = RunningBot(fake, holder).start()
    try:
        for command in ("/reload", "/stats", "/frobnicate", f"/reload@{BOT_USERNAME}"):
            fake.send_text(90, command, language_code="en")
        replies = fake.wait_sent(90, 4)
        group = -1090
        fake.send_text(group, "/reload", user_id=90)  # a bare command in a group may be another bot's
        fake.send_text(group, f"/stats@{BOT_USERNAME}", user_id=90, language_code="en")
        (in_group,) = fake.wait_sent(group)
        time.sleep(0.2)
    finally:
        bot.stop()
    texts = sorted(r.text for r in replies)
    assert texts == sorted(EN.telegram_unknown_command.format(command=c)
                           for c in ("/reload", "/stats", "/frobnicate", "/reload"))
    assert in_group.text == EN.telegram_unknown_command.format(command="/stats")
    assert len(fake.sent(group)) == 1


@pytest.mark.parametrize("opt_in", [False, True], ids=["default", "BOT_LOG_QUESTIONS=yes"])
def test_questions_reach_the_logs_only_when_asked_to(fake: FakeBotApi, holder: KnowledgeHolder,
                                                    info_logs: io.StringIO, opt_in: bool) -> None:
    question = "Qui a remplacé Altman à la tête de la société ?"
    settings = {"BOT_LOG_QUESTIONS": "yes"} if opt_in else {}
    bot = RunningBot(fake, holder, **settings).start()
    try:
        fake.send_text(91, question)
        fake.inline(91, "Zorglub " + question)
        fake.send_text(91, "/ask Et Brockman ?")
        fake.wait_sent(91, 2)
        fake.wait_for(lambda: fake.calls_to("answerInlineQuery"), what="the inline answer")
        handlers = _handlers(bot)
        fake.send_text(ADMIN, "/stats", language_code="en")
        (stats,) = fake.wait_sent(ADMIN)
    finally:
        bot.stop()
    logged = info_logs.getvalue()
    assert (question in logged) is opt_in
    assert ("Brockman" in logged) is opt_in
    assert "Zorglub" not in logged  # inline queries are never logged
    # /stats: counters and latencies, nothing of what was asked.
    numbers = {name: value for name, value in vars(handlers.stats).items() if not callable(value)}
    assert all(isinstance(v, int | float) or all(isinstance(x, float) for x in v) for v in numbers.values())
    assert "Altman" not in stats.text and stats.text.startswith("Questions: 3")
