"""The real Application, HTTP client and polling loop against the fake Bot API server.

Each test starts the bot in a thread with its own event loop (`serve()`, the
same function `python -m bot telegram` runs), pushes updates to the fake
server and checks what the bot sent back. After every test: no call was
refused by the (strict) fake server unless the test injected it, and the
token appears in no log line.
"""

from __future__ import annotations

import asyncio
import html
import io
import logging
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.holder import KnowledgeHolder
from bot.knowledge import KnowledgeBase, load_knowledge_base
from bot.messages import WORDINGS
from bot.telegram.app import build_application, serve
from bot.telegram.settings import telegram_settings
from tests.conftest import KNOWLEDGE, ROOT
from tests.fake_bot_api import BOT_ID, BOT_USERNAME, TOKEN, FakeBotApi
from tests.logs import captured_logs

FR, EN = WORDINGS["fr"], WORDINGS["en"]
ADMIN = 4242
WEBHOOK_SECRET = "s3cret_token"
PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")


@pytest.fixture(autouse=True)
def no_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    """HTTP_PROXY and friends would send the 127.0.0.1 traffic elsewhere."""
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)


@pytest.fixture
def logs() -> Iterator[io.StringIO]:
    """Everything logged during the test, through the same redacting filter as in production."""
    with captured_logs([TOKEN, WEBHOOK_SECRET], logging.DEBUG) as stream:
        yield stream
    assert TOKEN not in stream.getvalue() and WEBHOOK_SECRET not in stream.getvalue()


@pytest.fixture
def fake() -> Iterator[FakeBotApi]:
    with FakeBotApi() as api:
        yield api


class RunningBot:
    """The bot served in a thread, as `python -m bot telegram` serves it."""

    def __init__(self, fake: FakeBotApi, holder: KnowledgeHolder, **settings: str) -> None:
        values = {
            "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": fake.base_url, "BOT_ADMIN_IDS": str(ADMIN),
            "TELEGRAM_POLL_TIMEOUT": "1", "KNOWLEDGE_DIR": str(holder.folder), **settings,
        }
        self.fake = fake
        self.config = telegram_settings(values)
        self.application = build_application(self.config, holder)
        self.error: BaseException | None = None
        self._loop = asyncio.new_event_loop()
        self._stop: asyncio.Event | None = None
        self._thread = threading.Thread(target=self._run, name="bot-under-test", daemon=True)

    def _run(self) -> None:
        async def main() -> None:
            self._stop = asyncio.Event()
            await serve(self.application, self.config, self._stop)

        try:
            self._loop.run_until_complete(main())
        except BaseException as error:  # reported by stop()
            self.error = error
        finally:
            self._loop.close()

    def start(self, ready: str = "getUpdates") -> RunningBot:
        """Start, and wait until the bot calls `ready` (the first sign it is receiving updates)."""
        self._thread.start()
        self.fake.wait_for(lambda: self.fake.calls_to(ready) or self.error, what=f"the bot to call {ready}")
        if self.error:
            raise self.error
        return self

    def stop(self) -> None:
        """Stop as on SIGTERM: every update fetched is handled before this returns."""
        if self._thread.is_alive():
            self._loop.call_soon_threadsafe(lambda: self._stop.set() if self._stop else None)
            self._thread.join(timeout=15)
        assert not self._thread.is_alive(), "the bot did not stop"
        if self.error:
            raise self.error


@pytest.fixture(scope="module")
def holder(kb: KnowledgeBase) -> KnowledgeHolder:
    return KnowledgeHolder(KNOWLEDGE, kb)


@pytest.fixture
def bot(fake: FakeBotApi, holder: KnowledgeHolder, logs: io.StringIO) -> Iterator[RunningBot]:
    running = RunningBot(fake, holder).start()
    try:
        yield running
    finally:
        running.stop()
    assert fake.refusals == []
    assert all(c.params.get("parse_mode") == "HTML" for c in fake.sent())


def plain(markup: str) -> str:
    """What the user reads (tags dropped, entities decoded)."""
    from bot.telegram.render import _TAG

    return html.unescape(_TAG.sub("", markup))


# -- private chats ------------------------------------------------------------


def test_start_greets_in_the_users_language_with_example_buttons(fake: FakeBotApi, bot: RunningBot) -> None:
    fake.send_text(1, "/start", language_code="en-GB")
    fake.send_text(2, "/help", language_code="fr")
    (english,) = fake.wait_sent(1)
    (french,) = fake.wait_sent(2)
    assert plain(english.text).startswith(EN.help)
    assert "/lang fr|en|auto" in english.text
    assert [label for label, _ in fake.buttons(english)] == list(EN.examples)
    assert plain(french.text).startswith(FR.help)
    example = fake.buttons(french)[0][1]
    fake.press(fake.message(french), example)
    answer = fake.wait_sent(2, 2)[1]
    assert answer.text.startswith("<b>" + html.escape(FR.answer_header) + "</b>")
    assert "<b>PDG</b> par <b>intérim</b>" in answer.text
    assert len(fake.calls_to("answerCallbackQuery")) == 1


def test_a_french_question_gets_quotes_with_dates_sources_and_buttons(fake: FakeBotApi, bot: RunningBot) -> None:
    question = fake.send_text(10, "Qui a été nommé PDG par intérim ?")
    (reply,) = fake.wait_sent(10)
    print("\nFrench reply HTML:\n" + reply.text)
    assert reply.params["parse_mode"] == "HTML"
    assert reply.text.startswith("<b>Voici ce que disent les articles :</b>\n\n1. « ")
    assert "<b>PDG</b> par <b>intérim</b>" in reply.text
    assert "<i>20 novembre 2023 · Site d’actualité non identifié (signé « v ») · « Comment Sam Altman" in reply.text
    assert reply.params["reply_parameters"]["message_id"] == question["message_id"]
    labels = [label for label, _ in fake.buttons(reply)]
    assert labels[-1] == "Contexte"
    typing = fake.calls_to("sendChatAction")
    assert typing and typing[0].params == {"chat_id": 10, "action": "typing"}
    assert typing[0].at <= reply.at


def test_an_english_question_more_twice_and_context(fake: FakeBotApi, bot: RunningBot) -> None:
    # Five passages answer: three on the first page, two behind "More".
    fake.send_text(11, "What did Microsoft do?", language_code="en")
    (reply,) = fake.wait_sent(11)
    print("\nEnglish reply HTML:\n" + reply.text)
    assert reply.text.startswith("<b>Here is what the articles say:</b>\n\n1. “")
    assert "<i>20 November 2023 · " in reply.text
    buttons = dict(fake.buttons(reply))
    more, context = buttons["More (2)"], buttons["Context"]
    assert more.startswith("more:") and len(more.encode()) <= 64 and "Microsoft" not in more
    message = fake.message(reply)
    fake.press(message, more)
    second = fake.wait_sent(11, 2)[1]
    assert second.text.startswith("<b>More passages:</b>\n\n4. “")
    assert [label for label, _ in fake.buttons(second)] == ["Context"]
    fake.press(message, more)  # the same button again
    third = fake.wait_sent(11, 3)[2]
    assert third.text == html.escape(EN.no_more)
    fake.press(message, context)
    fourth = fake.wait_sent(11, 4)[3]
    assert fourth.text.startswith("<b>The passage in context:</b>\n\n")
    assert fourth.text.count("<b>") == 2
    assert len(fake.calls_to("answerCallbackQuery")) == 3
    assert not fake.calls_to("editMessageText")


def test_nothing_found_says_so_and_suggests_rephrasing(fake: FakeBotApi, bot: RunningBot) -> None:
    fake.send_text(12, "Quelle est la recette de la tarte tatin ?")
    fake.send_text(13, "😀😀 !!!", language_code="en")
    (reply,) = fake.wait_sent(12)
    assert reply.text == html.escape(FR.no_match)
    assert "reformuler" in reply.text and "reply_markup" not in reply.params
    (other,) = fake.wait_sent(13)
    assert other.text in {html.escape(w.no_words) for w in (FR, EN)}


def test_an_edited_question_is_answered_again(fake: FakeBotApi, bot: RunningBot) -> None:
    question = fake.send_text(14, "Qui est Mira ?")
    fake.wait_sent(14)
    fake.edit_text(question, "Why was Sam Altman fired?")
    second = fake.wait_sent(14, 2)[1]
    assert second.text.startswith("<b>Here is what the articles say:</b>")
    assert second.params["reply_parameters"]["message_id"] == question["message_id"]


def test_stickers_photos_voice_and_files_get_a_hint(fake: FakeBotApi, bot: RunningBot) -> None:
    fake.send_other(15, sticker={"file_id": "s", "file_unique_id": "s", "type": "regular", "width": 1, "height": 1,
                                 "is_animated": False, "is_video": False})
    fake.send_other(15, voice={"file_id": "v", "file_unique_id": "v", "duration": 1})
    fake.send_other(15, photo=[{"file_id": "p", "file_unique_id": "p", "width": 1, "height": 1}], language_code="en")
    fake.send_other(15, document={"file_id": "d", "file_unique_id": "d"}, language_code="en")
    replies = fake.wait_sent(15, 4)
    assert sorted(r.text for r in replies) == sorted([html.escape(FR.non_text)] * 2 + [html.escape(EN.non_text)] * 2)


def test_lang_sources_and_timeline(fake: FakeBotApi, bot: RunningBot) -> None:
    fake.send_text(16, "/lang en")
    fake.wait_sent(16)
    fake.send_text(16, "Qui a été nommé PDG par intérim ?")
    replies = fake.wait_sent(16, 2)
    assert replies[0].text == html.escape(EN.lang_set)
    assert replies[1].text.startswith("<b>Here is what the articles say:</b>")
    for command in ("/lang auto", "/lang klingon", "/sources", "/timeline"):
        fake.send_text(17, command)
        fake.wait_sent(17, len(fake.sent(17)) + 1)
    auto, usage, sources, chronology = (c.text for c in fake.sent(17))
    assert auto == html.escape(FR.lang_auto)
    assert usage == html.escape(FR.telegram_lang_usage)
    assert plain(sources).startswith("Articles connus :\n• 20 novembre 2023 · fr · Site d’actualité")
    assert plain(chronology).startswith("Chronologie :\n\n17 novembre 2023\n• « ")


def test_ask_anywhere_and_unknown_commands(fake: FakeBotApi, bot: RunningBot) -> None:
    fake.send_text(18, "/ask Why was Sam Altman fired?")
    fake.send_text(19, "/ask")
    fake.send_text(20, "/frobnicate now")
    assert fake.wait_sent(18)[0].text.startswith("<b>Here is what the articles say:</b>")
    assert plain(fake.wait_sent(19)[0].text) == FR.ask_usage.format(example=FR.examples[0])
    assert plain(fake.wait_sent(20)[0].text) == FR.telegram_unknown_command.format(command="/frobnicate")


def test_admin_commands_are_unknown_commands_for_others(fake: FakeBotApi, bot: RunningBot) -> None:
    fake.send_text(21, "/stats")
    fake.send_text(21, "/reload")
    refusals = fake.wait_sent(21, 2)
    assert sorted(plain(r.text) for r in refusals) == sorted(
        FR.telegram_unknown_command.format(command=c) for c in ("/stats", "/reload"))
    fake.send_text(ADMIN, "Why was Sam Altman fired?", language_code="en")
    fake.wait_sent(ADMIN)
    fake.send_text(ADMIN, "/stats", language_code="en")
    stats = fake.wait_sent(ADMIN, 2)[1]
    assert plain(stats.text).startswith("Questions: ") and "Without an answer: " in stats.text
    fake.send_text(ADMIN, "/reload", language_code="en")
    reload = fake.wait_sent(ADMIN, 3, timeout=20)[2]
    assert plain(reload.text).startswith("Reloaded: 1 articles (before: 1), 20 passages, 0 files with errors")


def test_an_expired_button_says_so(fake: FakeBotApi, bot: RunningBot) -> None:
    fake.send_text(22, "Qui a été nommé PDG par intérim ?")
    (reply,) = fake.wait_sent(22)
    query = fake.press(fake.message(reply), "more:AAAAAAAA", language_code="en")
    answered = fake.wait_for(lambda: fake.calls_to("answerCallbackQuery"), what="the callback answer")
    assert answered[0].params == {"callback_query_id": query, "text": EN.button_expired, "show_alert": True}
    time.sleep(0.2)
    assert len(fake.sent(22)) == 1


# -- groups -------------------------------------------------------------------


def test_groups_answer_ask_mentions_and_replies_never_chatter(fake: FakeBotApi, holder: KnowledgeHolder,
                                                              logs: io.StringIO) -> None:
    group = -1001
    bot = RunningBot(fake, holder).start()
    try:
        fake.send_text(group, "Salut tout le monde, qui a vu le match ?", user_id=5)
        fake.send_text(group, "Sam Altman a-t-il été renvoyé ?", user_id=5)  # a question, but not to the bot
        fake.send_text(group, "/ask@other_bot Qui est Mira ?", user_id=5)
        fake.send_text(group, "/frobnicate", user_id=5)  # a bare command may be another bot's
        fake.send_text(group, f"@{BOT_USERNAME} Qui a été nommé PDG par intérim ?", user_id=5)
        mention = fake.wait_sent(group)[0]
        assert mention.text.startswith("<b>Voici ce que disent les articles :</b>")
        fake.send_text(group, "Et pourquoi Altman a-t-il été renvoyé ?", user_id=6, reply_to=fake.message(mention))
        fake.wait_sent(group, 2)
        fake.send_text(group, f"/ask@{BOT_USERNAME} Who was fired?", user_id=7, language_code="en")
        fake.wait_sent(group, 3)
        fake.send_text(group, "/ask Who is Mira Murati?", user_id=7, language_code="en")
        fake.wait_sent(group, 4)
        fake.send_text(group, "Merci !", user_id=6, reply_to=fake.new_message(group, "hello", user_id=8))
        fake.send_text(group, f"/start@{BOT_USERNAME}", user_id=6)
        fake.wait_sent(group, 5)
    finally:
        bot.stop()  # every update fetched is handled before this returns
    replies = fake.sent(group)
    assert len(replies) == 5
    assert FR.telegram_group_help in plain(replies[4].text)
    assert all(r.params["reply_parameters"]["message_id"] for r in replies[:4])
    assert fake.refusals == []


# -- inline mode --------------------------------------------------------------


def test_inline_queries_offer_quotes_with_date_and_source(fake: FakeBotApi, bot: RunningBot) -> None:
    query = fake.inline(30, "Why was Sam Altman fired?")
    empty = fake.inline(30, "   ")
    answers = fake.wait_for(lambda: len(fake.calls_to("answerInlineQuery")) == 2 and fake.calls_to("answerInlineQuery"),
                            what="two inline answers")
    by_id = {a.params["inline_query_id"]: a.params for a in answers}
    results = by_id[query]["results"]
    assert 1 <= len(results) <= 10
    first = results[0]
    # The board's reason, dated the day it was given (the article is of the 20th).
    assert first["type"] == "article" and first["title"].startswith("La saga a débuté vendredi")
    assert first["description"].startswith("17 November 2023 (article of 20 November 2023) · ")
    content = first["input_message_content"]
    assert content["parse_mode"] == "HTML"
    assert content["message_text"].startswith("“") and "<i>17 November 2023 (article of 20 November 2023) · " in (
        content["message_text"]
    )
    assert by_id[empty]["results"] == []
    # A quote the user then posts through the bot is not taken for a question.
    fake.send_text(31, "“Quote”", via_bot={"id": BOT_ID, "is_bot": True, "first_name": "NewsBot",
                                            "username": BOT_USERNAME})
    time.sleep(0.3)
    assert fake.sent(31) == []


# -- robustness ---------------------------------------------------------------


def test_flood_control_is_honoured_then_the_answer_goes_through(fake: FakeBotApi, bot: RunningBot) -> None:
    fake.fail("sendMessage", 429, retry_after=1, description="Too Many Requests: retry after 1")
    fake.send_text(40, "Qui a été nommé PDG par intérim ?")
    (reply,) = fake.wait_sent(40, timeout=10)
    attempts = [c for c in fake.calls if c.method == "sendMessage" and c.chat_id == 40]
    assert [c.refused for c in attempts] == ["injected 429", None]
    assert attempts[1].at - attempts[0].at >= 1.0
    assert reply.text.startswith("<b>Voici")


def test_server_errors_and_dropped_connections_while_polling_are_retried(fake: FakeBotApi, bot: RunningBot,
                                                                         logs: io.StringIO) -> None:
    fake.fail("getUpdates", 502)
    fake.drop("getUpdates")
    refused = fake.wait_for(
        lambda: (r := [c.refused for c in fake.calls if c.method == "getUpdates" and c.refused]) and len(r) == 2 and r,
        timeout=10, what="both faults")
    assert refused == ["injected 502", "dropped"]
    fake.send_text(41, "Qui a été nommé PDG par intérim ?")
    fake.wait_sent(41, timeout=15)
    assert "polling failed" in logs.getvalue()


def test_an_error_gets_an_apology_and_a_redacted_traceback(fake: FakeBotApi, bot: RunningBot, logs: io.StringIO,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.conversation import Conversation

    def broken(self: Conversation, kb: KnowledgeBase, question: str) -> Any:
        raise RuntimeError(f"boom with {TOKEN} inside")

    monkeypatch.setattr(Conversation, "ask", broken)
    fake.send_text(42, "Who was fired?", language_code="en")
    (reply,) = fake.wait_sent(42)
    assert reply.text == html.escape(EN.error)
    text = logs.getvalue()
    assert "Traceback" in text and "RuntimeError: boom with [REDACTED] inside" in text


def test_a_slow_question_does_not_hold_up_other_chats(fake: FakeBotApi, bot: RunningBot,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.conversation import Conversation

    ask = Conversation.ask

    def slow_sometimes(self: Conversation, kb: KnowledgeBase, question: str) -> Any:
        if "slowly" in question:
            time.sleep(1.0)
        return ask(self, kb, question)

    monkeypatch.setattr(Conversation, "ask", slow_sometimes)
    fake.send_text(48, "Who was fired, slowly?", language_code="en")
    time.sleep(0.1)
    fake.send_text(49, "Who was fired?", language_code="en")
    quick = fake.wait_sent(49)[0]
    slow = fake.wait_sent(48, timeout=5)[0]
    assert quick.at < slow.at


def test_stopping_answers_the_questions_already_received(fake: FakeBotApi, holder: KnowledgeHolder,
                                                         logs: io.StringIO, monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.conversation import Conversation

    ask = Conversation.ask

    def slow(self: Conversation, kb: KnowledgeBase, question: str) -> Any:
        time.sleep(0.5)
        return ask(self, kb, question)

    monkeypatch.setattr(Conversation, "ask", slow)
    bot = RunningBot(fake, holder).start()
    update_id = fake.push({"message": fake.new_message(51, "Who was fired?", language_code="en")})
    fake.wait_for(lambda: fake.calls_to("sendChatAction"), what="the bot to start answering")
    bot.stop()  # while the question is being answered
    assert len(fake.sent(51)) == 1
    assert fake.calls_to("getUpdates")[-1].params["offset"] == update_id + 1  # confirmed: not fetched again


def test_rate_limit_per_user_is_polite(fake: FakeBotApi, holder: KnowledgeHolder, logs: io.StringIO) -> None:
    bot = RunningBot(fake, holder, BOT_QUESTIONS_PER_MINUTE="2").start()
    try:
        for _ in range(3):
            fake.send_text(43, "Who was fired?", language_code="en")
        fake.send_text(44, "Who was fired?", language_code="en")
        replies = fake.wait_sent(43, 3)
        fake.wait_sent(44)
    finally:
        bot.stop()
    assert sorted(r.text == html.escape(EN.rate_limited) for r in replies) == [False, False, True]


def test_only_allowed_chats_are_served(fake: FakeBotApi, holder: KnowledgeHolder, logs: io.StringIO) -> None:
    bot = RunningBot(fake, holder, BOT_ALLOWED_CHATS="45").start()
    try:
        fake.send_text(46, "Who was fired?")
        fake.inline(46, "Who was fired?")
        fake.send_text(ADMIN, "/stats")
        fake.send_text(45, "Who was fired?")
        fake.wait_sent(45)
        fake.wait_sent(ADMIN)
    finally:
        bot.stop()
    assert fake.sent(46) == [] and not fake.calls_to("answerInlineQuery")


def test_escaping_of_article_and_user_text(fake: FakeBotApi, tmp_path: Path, logs: io.StringIO) -> None:
    (tmp_path / "2024-01-02-tricky.md").write_text(
        "---\ntitle: Les <balises> & « guillemets » 😀\ndate: 2024-01-02\nlang: fr\n"
        "source: Journal \"L'Écho\" & <Cie>\nurl: https://example.org/a?b=1&c=<2>\n---\n\n"
        "Le 1er janvier, la société AT&T a écrit « <b>rien</b> » avec un émoji 🎉 et un signe 3 > 2.\n\n"
        "La société Zorglub & fils a payé 5 € < 10 € pour « l’émoji 🎉 ».\n",
        encoding="utf-8",
    )
    kb = load_knowledge_base(tmp_path)
    assert not kb.problems
    bot = RunningBot(fake, KnowledgeHolder(tmp_path, kb)).start()
    try:
        fake.send_text(47, "Qu’a écrit la société AT&T <b> « rien » 🎉 ?")
        (reply,) = fake.wait_sent(47)
        fake.inline(47, "société Zorglub & fils <i>")
        fake.wait_for(lambda: fake.calls_to("answerInlineQuery"), what="the inline answer")
        fake.send_text(47, "/sources")
        fake.wait_sent(47, 2)
    finally:
        bot.stop()
    assert fake.refusals == []  # the strict fake parsed every message
    shown = plain(reply.text)
    assert "AT&T a écrit « <b>rien</b> » avec un émoji 🎉 et un signe 3 > 2." in shown
    assert "Journal \"L'Écho\" & <Cie>" in shown
    # "b" is a word of the question too: the escaped tag's letters are highlighted, safely.
    assert "« &lt;<b>b</b>&gt;<b>rien</b>&lt;/<b>b</b>&gt; »" in reply.text and "<b>AT</b>&amp;T" in reply.text
    assert '<a href="https://example.org/a?b=1&amp;c=&lt;2&gt;">« Les &lt;balises&gt; &amp;' in reply.text
    inline_text = fake.calls_to("answerInlineQuery")[0].params["results"][0]["input_message_content"]["message_text"]
    assert "Zorglub &amp; fils a payé 5 € &lt; 10 €" in inline_text
    assert "Les <balises> & « guillemets » 😀" in plain(fake.sent(47)[1].text)


def test_fifty_chats_asking_four_questions_at_once(fake: FakeBotApi, bot: RunningBot) -> None:
    questions = {  # question -> the start of the expected reply
        "Qui a été nommé PDG par intérim ?": "<b>" + html.escape(FR.answer_header) + "</b>",
        "Why was Sam Altman fired?": "<b>" + html.escape(EN.answer_header) + "</b>",
        "Que s’est-il passé le 19 novembre ?": "<b>" + html.escape(FR.answer_header) + "</b>",
        "Quelle est la recette de la tarte tatin ?": html.escape(FR.no_match),
    }
    chats = range(1000, 1050)
    asked: dict[tuple[int, int], tuple[str, float]] = {}  # (chat, message id) -> (question, when asked)
    started = time.monotonic()
    for round_ in range(4):
        for chat in chats:
            question = list(questions)[(chat + round_) % 4]
            message = fake.send_text(chat, question, language_code=None)
            asked[(chat, message["message_id"])] = (question, time.monotonic())
    fake.wait_for(lambda: len(fake.sent()) >= 200, timeout=30, what="200 answers")
    elapsed = time.monotonic() - started
    bot.stop()  # handles whatever was still fetched: nothing more may come
    replies = fake.sent()
    answered = Counter((r.chat_id, r.params["reply_parameters"]["message_id"]) for r in replies)
    assert answered == Counter(asked.keys())  # every question exactly once, in its own chat
    latencies = []
    for reply in replies:
        question, asked_at = asked[(reply.chat_id or 0, reply.params["reply_parameters"]["message_id"])]
        assert reply.text.startswith(questions[question]), question
        latencies.append(reply.at - asked_at)
    assert all(count == 1 for count in fake.delivered.values())  # no update was fetched twice
    print(f"\n50 chats x 4 questions: {len(replies) / elapsed:.0f} questions/s ({elapsed:.2f} s for 200), "
          f"slowest answer {max(latencies) * 1000:.0f} ms, median {statistics.median(latencies) * 1000:.0f} ms "
          f"(from the question's arrival at the fake server to the reply)")


def test_webhook_mode_accepts_only_telegrams_secret(fake: FakeBotApi, holder: KnowledgeHolder,
                                                   logs: io.StringIO) -> None:
    pytest.importorskip("tornado", reason="webhook mode needs python-telegram-bot[webhooks]")
    import httpx

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    bot = RunningBot(fake, holder, TELEGRAM_WEBHOOK_URL="https://bot.example.org/tg-hook-123",
                     TELEGRAM_WEBHOOK_SECRET=WEBHOOK_SECRET, TELEGRAM_WEBHOOK_PORT=str(port)).start("setWebhook")
    (hook,) = fake.calls_to("setWebhook")
    assert hook.params["url"] == "https://bot.example.org/tg-hook-123"
    assert hook.params["secret_token"] == WEBHOOK_SECRET
    update = {"update_id": 1, "message": fake.new_message(60, "Who was fired?", language_code="en")}
    url = f"http://127.0.0.1:{port}/tg-hook-123"
    try:
        with httpx.Client(trust_env=False) as client:
            def post(secret: str) -> int:
                for _ in range(50):  # the server may take a moment to listen
                    try:
                        return client.post(url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": secret}
                                           ).status_code
                    except httpx.ConnectError:
                        time.sleep(0.05)
                raise AssertionError("the webhook server never listened")

            assert post("wrong") == 403
            assert post(WEBHOOK_SECRET) == 200
        (reply,) = fake.wait_sent(60)
        assert reply.text.startswith("<b>Here is what the articles say:</b>")
    finally:
        bot.stop()
    assert not fake.calls_to("getUpdates")
    assert "setWebhook" in logs.getvalue()  # logged (at DEBUG), with its secret redacted (see `logs`)


# -- the process --------------------------------------------------------------


def _environment(fake: FakeBotApi | None, **extra: str) -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items()
                   if k.upper() not in PROXY_VARIABLES
                   and (k == "BOT_CACHE_DIR" or not k.startswith(("TELEGRAM_", "BOT_")))}
    environment.update({"KNOWLEDGE_DIR": str(KNOWLEDGE), "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_POLL_TIMEOUT": "1"})
    if fake is not None:
        environment["TELEGRAM_API_BASE_URL"] = fake.base_url
    environment.update(extra)
    return environment


def test_python_m_bot_telegram_answers_and_stops_on_sigterm(fake: FakeBotApi, tmp_path: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "telegram"], cwd=tmp_path, env=_environment(fake, BOT_LOG_QUESTIONS="0"),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        fake.wait_for(lambda: fake.calls_to("getUpdates") or process.poll() is not None, timeout=20,
                      what="the bot to poll")
        fake.send_text(50, "Qui a été nommé PDG par intérim ?")
        fake.wait_sent(50, timeout=10)
        process.send_signal(signal.SIGTERM)
        stdout, stderr = process.communicate(timeout=15)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, stderr
    assert TOKEN not in stdout + stderr and TOKEN.split(":")[1] not in stdout + stderr
    assert "is answering (polling)" in stderr and "stopping" in stderr
    assert "PDG" not in stderr  # questions are not logged unless BOT_LOG_QUESTIONS is on
    last = fake.calls_to("getUpdates")[-1]
    assert last.params.get("offset") == max(fake.pushed_at) + 1  # the update was confirmed before exiting
    assert fake.refusals == []


def test_a_bad_or_refused_token_is_one_sentence_and_exit_code_2(fake: FakeBotApi, tmp_path: Path) -> None:
    bad = subprocess.run([sys.executable, "-m", "bot"], cwd=tmp_path, capture_output=True, text=True, timeout=30,
                         env=_environment(None, TELEGRAM_BOT_TOKEN="not-a-token"))
    assert bad.returncode == 2
    assert bad.stderr.startswith("error: TELEGRAM_BOT_TOKEN does not look like a bot token")
    assert bad.stderr.count("\n") == 1 and "not-a-token" not in bad.stderr
    other = "654321:" + "Z" * 35
    refused = subprocess.run([sys.executable, "-m", "bot", "telegram"], cwd=tmp_path, capture_output=True,
                             text=True, timeout=30, env=_environment(fake, TELEGRAM_BOT_TOKEN=other))
    assert refused.returncode == 2
    assert "error: Telegram refused TELEGRAM_BOT_TOKEN" in refused.stderr
    assert other not in refused.stderr and "Traceback" not in refused.stderr


def test_other_commands_do_not_import_telegram() -> None:
    code = ("import sys, io; from bot.cli import main; sys.stdout = io.StringIO(); "
            "main(['ask', 'Qui ?']); sys.stdout = sys.__stdout__; "
            "print(sorted(m for m in sys.modules if m == 'telegram' or m.startswith(('telegram.', 'bot.telegram'))))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=30,
                            env=_environment(None))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
