"""Telegram updates translated into calls to the engine, then rendered and sent.

Each handler reads what it needs from the update, asks `Conversation` (which
calls `bot.engine.answer`) through `Answerer`, renders with `render` and sends.
The knowledge base is read once per question (`holder.kb`), so a /reload, or
a reload by the folder watcher, never changes it under a question in flight.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import TypeVar

from telegram import (
    Bot,
    InlineQueryResultArticle,
    InputTextMessageContent,
    LinkPreviewOptions,
    Message,
    MessageEntity,
    ReplyParameters,
    Update,
)
from telegram.constants import ChatAction, ChatType, ParseMode
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.conversation import Conversation, Page
from bot.engine import answer
from bot.holder import KnowledgeHolder, ReloadReport
from bot.knowledge import KnowledgeBase
from bot.messages import WORDINGS, Wording
from bot.records import LANGUAGES, Answer
from bot.telegram import render
from bot.telegram.settings import TelegramSettings
from bot.telegram.state import ButtonData, ChatLanguages, ExpiringStore, RateLimiter, interface_lang
from bot.telegram.stats import Stats
from bot.timeline import timeline
from bot.watch import KnowledgeWatcher, start_watcher

log = logging.getLogger(__name__)
T = TypeVar("T")

Context = ContextTypes.DEFAULT_TYPE
# The updates the handlers below use; Telegram sends no others.
ALLOWED_UPDATES = ("message", "edited_message", "callback_query", "inline_query")
# answer() is CPU-bound Python: more threads than this only queue on the GIL.
ANSWER_WORKERS = 4
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
INLINE_CACHE_SECONDS = 30


class Answerer:
    """Runs the engine in worker threads, a bounded number at a time, so that a
    slow question never holds up the event loop (and the other chats)."""

    def __init__(self, stats: Stats, workers: int = ANSWER_WORKERS) -> None:
        self.stats = stats
        self._executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="answer")
        self._slots = asyncio.Semaphore(workers)

    async def ask(self, conversation: Conversation, kb: KnowledgeBase, question: str) -> Page:
        """The first page of the answer to `question` (the conversation keeps the rest)."""
        page, seconds = await self._timed(partial(conversation.ask, kb, question))
        self.stats.record(seconds, bool(page.answer.hits))
        return page

    async def answer(self, kb: KnowledgeBase, question: str, lang: str | None) -> Answer:
        """The engine's answer alone, for inline queries."""
        result, seconds = await self._timed(partial(answer, kb, question, lang))
        self.stats.record(seconds, bool(result.hits))
        return result

    async def _timed(self, work: Callable[[], T]) -> tuple[T, float]:
        started = time.perf_counter()
        async with self._slots:
            value = await asyncio.get_running_loop().run_in_executor(self._executor, work)
        return value, time.perf_counter() - started

    async def warm_up(self, kb: KnowledgeBase) -> None:
        """Answer one question per language (uncounted) so that the language detectors load
        now, not while the first users wait."""
        for wording in WORDINGS.values():
            await self._timed(partial(answer, kb, wording.examples[0], None))

    def close(self) -> None:
        """Let the worker threads go."""
        self._executor.shutdown(wait=False, cancel_futures=True)


class Handlers:
    """The bot's handlers and the state they share."""

    def __init__(self, config: TelegramSettings, holder: KnowledgeHolder, watch_interval: float = 0.0) -> None:
        self.config = config
        self.holder = holder
        self.watch_interval = watch_interval
        self.stats = Stats()
        self.answerer = Answerer(self.stats)
        self.answers: ExpiringStore[Conversation] = ExpiringStore()
        self.limiter = RateLimiter(config.questions_per_minute)
        self.languages = ChatLanguages()
        self.last_update_id: int | None = None  # the latest update seen, confirmed to Telegram on stopping
        self._watcher: KnowledgeWatcher | None = None
        self._listening: Callable[[ReloadReport], None] | None = None

    # -- life -----------------------------------------------------------------

    def start_watching(self, bot: Bot) -> None:
        """Hear of every reload (and watch the folder when `watch_interval` is set):
        automatic ones are logged and their new problems told to the admins."""
        loop = asyncio.get_running_loop()

        def heard(report: ReloadReport) -> None:  # in the reloading thread
            if report.automatic and (report.changed or report.new_problems) and not loop.is_closed():
                asyncio.run_coroutine_threadsafe(self._reloaded(bot, report), loop)

        self._listening = heard
        self.holder.add_listener(heard)
        self._watcher = start_watcher(self.holder, self.watch_interval)

    def close(self) -> None:
        """Stop watching and let the worker threads go."""
        if self._watcher is not None:
            self._watcher.stop()
        if self._listening is not None:
            self.holder.remove_listener(self._listening)
        self.answerer.close()

    async def _reloaded(self, bot: Bot, report: ReloadReport) -> None:
        """Log a reload the watcher made; tell the admins of files newly broken."""
        log.info("knowledge folder changed: %s", report.describe(WORDINGS["en"]))
        for problem in report.new_problems:
            log.warning("knowledge file not loaded: %s", problem)
        if not report.new_problems:
            return
        for admin in sorted(self.config.admin_ids):
            wording = WORDINGS[interface_lang(self.languages.get(admin), None)]
            try:
                await bot.send_message(admin, render.reload_notice(report, wording))
            except TelegramError as error:  # e.g. the admin never started a chat with the bot
                log.warning("could not tell admin %s of the reload: %s", admin, error)

    # -- gate -----------------------------------------------------------------

    async def note_update(self, update: Update, context: Context) -> None:
        """Remember the latest update seen (every update passes here first)."""
        if self.last_update_id is None or update.update_id > self.last_update_id:
            self.last_update_id = update.update_id

    async def gate(self, update: Update, context: Context) -> None:
        """Drop updates from chats outside BOT_ALLOWED_CHATS (admins always pass)."""
        allowed = self.config.allowed_chats
        if allowed is None:
            return
        chat, user = update.effective_chat, update.effective_user
        if user is not None and user.id in self.config.admin_ids:
            return
        if chat is not None and chat.id in allowed:
            return
        if chat is None and user is not None and user.id in allowed:
            return
        log.info("update from chat %s ignored: not in BOT_ALLOWED_CHATS", chat.id if chat else None)
        raise ApplicationHandlerStop

    # -- commands -------------------------------------------------------------

    async def start(self, update: Update, context: Context) -> None:
        """/start and /help: what the bot does, its commands and example questions as buttons."""
        message, chat = update.effective_message, update.effective_chat
        if message is None or chat is None:
            return
        wording = self._wording(update)
        text = render.render_help(wording, in_group=chat.type != ChatType.PRIVATE)
        await message.reply_html(text, reply_markup=render.examples_keyboard(wording))

    async def lang(self, update: Update, context: Context) -> None:
        """/lang fr|en|auto: the language of this chat's replies."""
        message, chat = update.effective_message, update.effective_chat
        if message is None or chat is None:
            return
        choice = (context.args or [""])[0].lower()
        if choice == "auto":
            self.languages.set(chat.id, None)
            text = self._wording(update).lang_auto
        elif choice in LANGUAGES:
            self.languages.set(chat.id, choice)
            text = WORDINGS[choice].lang_set
        else:
            text = self._wording(update).telegram_lang_usage
        await message.reply_html(render.escape(text))

    async def sources(self, update: Update, context: Context) -> None:
        """/sources: the articles held, with their dates."""
        if update.effective_message is None:
            return
        text = render.render_sources(self.holder.kb.articles, self._wording(update))
        await update.effective_message.reply_html(text, link_preview_options=NO_PREVIEW)

    async def timeline(self, update: Update, context: Context) -> None:
        """/timeline [article]: the dated passages in order of their days."""
        if update.effective_message is None:
            return
        wanted = " ".join(context.args or []) or None
        events = await asyncio.to_thread(timeline, self.holder.kb, wanted)
        text = render.render_timeline(events, self._wording(update))
        await update.effective_message.reply_html(text)

    async def ask(self, update: Update, context: Context) -> None:
        """/ask question: a question, in any chat."""
        message = update.effective_message
        if message is None or message.text is None:
            return
        question = _after_command(message)
        if not question:
            wording = self._wording(update)
            text = wording.ask_usage.format(example=wording.examples[0])
            await message.reply_html(render.escape(text))
            return
        await self._answer(update, context, question)

    async def reload(self, update: Update, context: Context) -> None:
        """/reload (admins): re-read the knowledge folder, off the event loop."""
        if update.effective_message is None:
            return
        report = await asyncio.to_thread(self.holder.reload)
        log.info("knowledge reloaded: %d articles, %d problems; %s", report.articles_after, len(report.problems),
                 report.describe(WORDINGS["en"]))
        await update.effective_message.reply_html(render.reload_notice(report, self._wording(update)))

    async def show_stats(self, update: Update, context: Context) -> None:
        """/stats (admins): questions, no-answer rate, latency percentiles, uptime."""
        if update.effective_message is None:
            return
        text = render.render_stats(self.stats.snapshot(), self._wording(update))
        await update.effective_message.reply_html(text)

    async def unknown_command(self, update: Update, context: Context) -> None:
        """A command the bot does not know (or that this user may not use)."""
        message, chat = update.effective_message, update.effective_chat
        if message is None or chat is None or not message.text:
            return
        command, _, addressee = message.text.split()[0].partition("@")
        if addressee and addressee.lower() != (context.bot.username or "").lower():
            return  # meant for another bot
        if chat.type != ChatType.PRIVATE and not addressee:
            return  # in a group, a bare /command may be any bot's
        text = self._wording(update).telegram_unknown_command.format(command=command)
        await message.reply_html(render.escape(text))

    # -- messages -------------------------------------------------------------

    async def private_text(self, update: Update, context: Context) -> None:
        """Any text in a private chat (new or edited) is a question."""
        message = update.effective_message
        if message is None or message.text is None or _sent_via(message, context):
            return
        await self._answer(update, context, message.text)

    async def group_text(self, update: Update, context: Context) -> None:
        """In groups: a message that mentions the bot or replies to it is a question; the rest is chatter."""
        message = update.effective_message
        if message is None or message.text is None or _sent_via(message, context):
            return
        mentions = [
            text for entity, text in message.parse_entities([MessageEntity.MENTION, MessageEntity.TEXT_MENTION]).items()
            if text.lower() == f"@{context.bot.username}".lower()
            or (entity.user is not None and entity.user.id == context.bot.id)
        ]
        replied = message.reply_to_message
        to_bot = replied is not None and replied.from_user is not None and replied.from_user.id == context.bot.id
        if not mentions and not to_bot:
            return
        question = message.text
        for mention in mentions:
            question = question.replace(mention, " ")
        if not question.strip():
            await self.start(update, context)
            return
        await self._answer(update, context, question)

    async def non_text(self, update: Update, context: Context) -> None:
        """Stickers, photos, voice, files...: a one-line hint."""
        if update.effective_message is None:
            return
        await update.effective_message.reply_html(render.escape(self._wording(update).non_text))

    # -- buttons and inline mode ----------------------------------------------

    async def button(self, update: Update, context: Context) -> None:
        """A press on More, Context or an example question."""
        query, chat = update.callback_query, update.effective_chat
        if query is None:
            return
        data = ButtonData.decode(query.data)
        if data is None or chat is None:
            await query.answer()
            return
        if data.action == render.EXAMPLE:
            await query.answer()
            question = _example(data.argument)
            if question:
                await self._answer(update, context, question)
            return
        conversation = self.answers.get(data.argument)
        if conversation is None:
            wording = WORDINGS[interface_lang(self.languages.get(chat.id), query.from_user.language_code)]
            await query.answer(wording.button_expired, show_alert=True)
            return
        await query.answer()
        wording = WORDINGS[conversation.reply_lang]
        if data.action == render.MORE:
            page = conversation.more()
            if page is None:
                return
            reply = render.render_page(page, wording, wording.more_header)
            shown = _account(conversation, page, reply)
            await context.bot.send_message(
                chat.id, reply.text, reply_markup=render.answer_keyboard(data.argument, shown, wording)
                if shown.hits else None,
            )
        elif data.action == render.CONTEXT:
            found = await asyncio.to_thread(conversation.context)  # cuts the article again: off the loop
            if found is None:
                return
            focus, passages = found
            await context.bot.send_message(chat.id, render.render_context(focus, passages, wording))

    async def inline_query(self, update: Update, context: Context) -> None:
        """`@bot question` in any chat: the top passages, each ready to insert as a quote."""
        query = update.inline_query
        if query is None:
            return
        text = query.query.strip()
        if not text:
            await query.answer([], cache_time=INLINE_CACHE_SECONDS)
            return
        chosen = self.languages.get(query.from_user.id)
        result = await self.answerer.answer(self.holder.kb, text, chosen)
        wording = WORDINGS[result.lang]
        results = [
            InlineQueryResultArticle(
                id=str(number),
                title=render.inline_title(hit),
                description=render.inline_description(hit, wording),
                input_message_content=InputTextMessageContent(
                    render.inline_quote(hit, wording), parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW,
                ),
            )
            for number, hit in enumerate(result.hits[: render.INLINE_RESULTS])
        ]
        try:
            await query.answer(results, cache_time=INLINE_CACHE_SECONDS, is_personal=chosen is not None)
        except BadRequest as error:  # the user typed on: this query is no longer wanted
            log.debug("inline answer refused: %s", error)

    # -- errors ---------------------------------------------------------------

    async def on_error(self, update: object, context: Context) -> None:
        """Log the error (the token is redacted by the log filter) and apologize to the user."""
        error = context.error
        if isinstance(error, Forbidden):
            log.info("a chat refused a message (bot blocked or removed): %s", error)
            return
        log.error("error while handling an update", exc_info=error)
        if not isinstance(update, Update) or update.effective_chat is None:
            return
        try:
            await context.bot.send_message(update.effective_chat.id, render.escape(self._wording(update).error))
        except TelegramError as failure:
            log.warning("could not send the apology: %s", failure)

    # -- the question ---------------------------------------------------------

    async def _answer(self, update: Update, context: Context, question: str) -> None:
        """Answer a question in the update's chat: rate limit, typing, engine off the loop, render, send."""
        chat, user, message = update.effective_chat, update.effective_user, update.message or update.edited_message
        if chat is None:
            return
        reply_to = ReplyParameters(message.message_id, allow_sending_without_reply=True) if message else None
        if user is not None and not self.limiter.allow(user.id):
            wording = WORDINGS[interface_lang(self.languages.get(chat.id), user.language_code, question)]
            await context.bot.send_message(chat.id, render.escape(wording.rate_limited), reply_parameters=reply_to)
            return
        await _typing(context, chat.id)
        if self.config.log_questions:
            log.info("question in chat %s: %r", chat.id, question)
        conversation = Conversation(self.config.page_size)
        conversation.lang = self.languages.get(chat.id)
        page = await self.answerer.ask(conversation, self.holder.kb, question)
        wording = WORDINGS[page.answer.lang]
        reply = render.render_page(page, wording, wording.answer_header)
        shown = _account(conversation, page, reply)
        key = self.answers.put(conversation) if page.answer.hits else None
        await context.bot.send_message(
            chat.id, reply.text, reply_parameters=reply_to,
            reply_markup=render.answer_keyboard(key, shown, wording),
        )

    def _wording(self, update: Update, text: str = "") -> Wording:
        """The wording for the bot's own sentences in this update's chat."""
        chat, user = update.effective_chat, update.effective_user
        chosen = self.languages.get(chat.id) if chat else None
        return WORDINGS[interface_lang(chosen, user.language_code if user else None, text)]


def _account(conversation: Conversation, page: Page, reply: render.Reply) -> Page:
    """The page as sent: a reply may hold fewer passages than the page (message
    length limit), and the rest come with the next "More"."""
    if not page.hits:
        return page
    conversation.shown = page.first - 1 + reply.shown
    return Page(page.answer, page.hits[: reply.shown], page.first)


def _after_command(message: Message) -> str:
    """The text after the leading /command."""
    text = message.text or ""
    first = text.split(maxsplit=1)
    return first[1].strip() if len(first) > 1 else ""


def _example(argument: str) -> str | None:
    """The example question an "ex" button names ("fr0", "en2"...)."""
    lang, index = argument[:2], argument[2:]
    wording = WORDINGS.get(lang)
    if wording is None or not index.isdigit() or int(index) >= len(wording.examples):
        return None
    return wording.examples[int(index)]


def _sent_via(message: Message, context: Context) -> bool:
    """Whether the message was posted through the bot's own inline mode (a quote, not a question)."""
    return message.via_bot is not None and message.via_bot.id == context.bot.id


async def _typing(context: Context, chat_id: int) -> None:
    """Show "typing…" while answering; a failure here must not stop the answer."""
    try:
        await context.bot.send_chat_action(chat_id, ChatAction.TYPING)
    except TelegramError as error:
        log.debug("typing indicator failed: %s", error)
