"""The Telegram Application: handlers registered, logging with secrets redacted,
flood control and retries, the knowledge folder watched, and the polling or
webhook loop. `run()` is what `python -m bot telegram` calls.
"""

from __future__ import annotations

import asyncio
import datetime
import importlib.util
import json
import logging
import os
import signal
import sys
from collections.abc import Awaitable, Callable, Coroutine, Iterable
from typing import Any, TextIO
from urllib.parse import quote

from telegram import BotCommand, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import InvalidToken, NetworkError, RetryAfter, TelegramError, TimedOut
from telegram.ext import (
    Application,
    ApplicationBuilder,
    BaseRateLimiter,
    CallbackQueryHandler,
    CommandHandler,
    Defaults,
    InlineQueryHandler,
    MessageHandler,
    SimpleUpdateProcessor,
    TypeHandler,
    filters,
)
from telegram.request import HTTPXRequest, RequestData

from bot.config import ConfigError
from bot.holder import KnowledgeHolder
from bot.messages import WORDINGS
from bot.telegram.handlers import ALLOWED_UPDATES, Handlers
from bot.telegram.settings import TelegramSettings
from bot.watch import DEFAULT_INTERVAL

log = logging.getLogger(__name__)

JSONResult = bool | dict[str, Any] | list[dict[str, Any]]
# Flood control: Telegram answers 429 with the seconds to wait; wait and retry this many times.
MAX_FLOOD_RETRIES = 3
MAX_FLOOD_WAIT = 120.0
# A request that failed on the network or a server error (5xx) is sent again,
# waiting longer each time, for up to this long in all: an answer outlives a
# minute of Bot API outage.
NETWORK_RETRY_SECONDS = 120.0
FIRST_NETWORK_WAIT = 0.5
LONGEST_NETWORK_WAIT = 15.0
# The last getUpdates of a stop confirms the updates handled; it is retried
# for this long (a stop must stay quick: process managers kill after ~10 s).
CONFIRM_RETRY_SECONDS = 5.0
# Updates handled at once (each question waits for a worker thread, see handlers.Answerer).
CONCURRENT_UPDATES = 64
# Polling waits while this many updates fetched are not handled yet (about two
# seconds of work here). PTB would otherwise fetch on and on ahead of the
# answers; each fetch confirms the previous batch to Telegram, so a process
# killed (not stopped) loses what it fetched, and a stopped one first answers
# it all: with 1,000 questions queued, SIGTERM took 12 s to exit, past the
# 10 s after which docker and systemd kill.
MAX_BACKLOG = 200
BACKLOG_PAUSE = 0.05
LONGEST_POLL_WAIT = 5.0
# deleteWebhook / setWebhook at start-up are retried this many times on network errors.
BOOTSTRAP_RETRIES = 5
REDACTED = "[REDACTED]"


class Redactor(logging.Filter):
    """Removes secrets (the bot token, the webhook secret) from every log record,
    its arguments and its traceback, whatever logger it comes from."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        # Each secret as written, URL-encoded, and (for the token) the part after "123456:".
        forms = {
            form for secret in secrets if secret
            for form in (secret, quote(secret, safe=""), secret.partition(":")[2]) if len(form) >= 8
        }
        self._secrets = sorted(forms, key=len, reverse=True)
        self._formatter = logging.Formatter()

    def redact(self, text: str) -> str:
        """`text` with every secret replaced."""
        for secret in self._secrets:
            text = text.replace(secret, REDACTED)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        record.msg, record.args = self.redact(message), None
        if record.exc_info:
            record.exc_text = self.redact(self._formatter.formatException(record.exc_info))
            record.exc_info = None
        elif record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


def configure_logging(secrets: Iterable[str], level: int = logging.INFO, stream: TextIO | None = None) -> Redactor:
    """Log to standard error with every secret redacted; httpx and httpcore (which log
    request URLs, and a Bot API URL holds the token) only from WARNING up."""
    redactor = Redactor(secrets)
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(redactor)
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    for noisy in ("httpx", "httpcore"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    logging.captureWarnings(True)
    return redactor


class Backlog(SimpleUpdateProcessor):
    """PTB's concurrent handling of updates, counting those fetched and those handled."""

    def __init__(self, concurrent: int) -> None:
        super().__init__(concurrent)
        self.fetched = 0
        self.handled = 0

    @property
    def waiting(self) -> int:
        """Updates fetched and not handled yet."""
        return self.fetched - self.handled

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        try:
            await super().do_process_update(update, coroutine)
        finally:
            self.handled += 1


class PacedPolling(HTTPXRequest):
    """The connection getUpdates goes through (PTB gives it its own).

    - A long poll waits while `backlog` has MAX_BACKLOG updates or more still to
      handle, so that Telegram keeps the rest, unconfirmed, for this process or
      the next.
    - A long poll that fails on the network or with a server error is tried
      again after 0.5 s, 1 s, 2 s... at most LONGEST_POLL_WAIT apart. PTB's own
      loop waits up to 30 s between failures: after an outage of a minute the
      bot would sit idle for half a minute more.
    """

    def __init__(self, backlog: Backlog, limit: int = MAX_BACKLOG) -> None:
        super().__init__(connection_pool_size=1)
        self.backlog = backlog
        self.limit = limit

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = HTTPXRequest.DEFAULT_NONE,
        write_timeout: Any = HTTPXRequest.DEFAULT_NONE,
        connect_timeout: Any = HTTPXRequest.DEFAULT_NONE,
        pool_timeout: Any = HTTPXRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        # Only long polls wait and retry: the short one of a stop confirms what was handled.
        long_poll = request_data is not None and bool(request_data.parameters.get("timeout"))
        pause = FIRST_NETWORK_WAIT
        while True:
            while long_poll and self.backlog.waiting >= self.limit:
                await asyncio.sleep(BACKLOG_PAUSE)
            try:
                status, payload = await super().do_request(
                    url, method, request_data, read_timeout, write_timeout, connect_timeout, pool_timeout)
            except TimedOut:
                raise
            except NetworkError as error:
                if not long_poll:
                    raise
                failure = str(error)
            else:
                if not (long_poll and status >= 500):
                    break
                failure = f"HTTP {status}"
            log.warning("polling failed (%s); retrying in %.1f s", failure, pause)
            await asyncio.sleep(pause)
            pause = min(pause * 2, LONGEST_POLL_WAIT)
        if status == 200:
            self.backlog.fetched += _count_updates(payload)
        return status, payload


def _count_updates(payload: bytes) -> int:
    try:
        result = json.loads(payload).get("result")
    except (ValueError, AttributeError):
        return 0
    return len(result) if isinstance(result, list) else 0


class Retries(BaseRateLimiter[None]):
    """Sends a request again when it failed for a reason that passes.

    - Flood control (429): wait the time Telegram asks, a few times.
    - Network errors and server errors (5xx, connection refused or dropped):
      wait 0.5 s, 1 s, 2 s... (at most LONGEST_NETWORK_WAIT) for up to
      NETWORK_RETRY_SECONDS in all, so that an answer survives an outage.

    A request that timed out is not sent again: Telegram may have received it,
    and a reply sent twice is worse than a reply late. Other errors (400, 403)
    would fail the same way again. It does not throttle ahead of time.
    getUpdates never comes here (PTB's polling loop retries it itself).
    """

    def __init__(self, retries: int = MAX_FLOOD_RETRIES, max_wait: float = MAX_FLOOD_WAIT,
                 network_seconds: float = NETWORK_RETRY_SECONDS) -> None:
        self.retries = retries
        self.max_wait = max_wait
        self.network_seconds = network_seconds

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, JSONResult]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: None,
    ) -> JSONResult:
        floods = 0
        waited = 0.0
        pause = FIRST_NETWORK_WAIT
        while True:
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as error:
                # The public `retry_after` warns until PTB_TIMEDELTA is set; PTB's own
                # network loop reads the timedelta the same way.
                wait = error._retry_after.total_seconds()
                if floods == self.retries or wait > self.max_wait:
                    raise
                floods += 1
                log.warning("flood control on %s: waiting %.1f s before retrying", endpoint, wait)
                await asyncio.sleep(wait)
            except TimedOut:
                raise
            except NetworkError as error:
                if waited + pause > self.network_seconds:
                    raise
                log.warning("%s failed (%s); retrying in %.1f s", endpoint, error, pause)
                await asyncio.sleep(pause)
                waited += pause
                pause = min(pause * 2, LONGEST_NETWORK_WAIT)


def build_application(config: TelegramSettings, holder: KnowledgeHolder,
                      watch_interval: float = 0.0) -> Application[Any, Any, Any, Any, Any, Any]:
    """The Application with every handler registered (not started). With a
    `watch_interval`, it watches the knowledge folder while it runs."""
    # Opt in to PTB's coming time periods as timedelta: without it, every RetryAfter
    # PTB builds emits a deprecation warning (PTB reads this variable at run time).
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    handlers = Handlers(config, holder, watch_interval)
    backlog = Backlog(CONCURRENT_UPDATES)
    application = (
        ApplicationBuilder()
        .token(config.token)
        .defaults(Defaults(parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True)))
        .base_url(f"{config.api_base_url}/bot")
        .base_file_url(f"{config.api_base_url}/file/bot")
        .rate_limiter(Retries())
        .concurrent_updates(backlog)
        .get_updates_request(PacedPolling(backlog))
        .post_init(lambda application: _prepare(application, handlers))
        .post_stop(lambda application: _confirm_handled(application, handlers))
        .post_shutdown(lambda _: _close(handlers))
        .build()
    )
    admins = filters.User(user_id=config.admin_ids)
    groups = filters.ChatType.GROUPS
    private = filters.ChatType.PRIVATE
    messages = filters.UpdateType.MESSAGE | filters.UpdateType.EDITED_MESSAGE
    application.add_handler(TypeHandler(Update, handlers.note_update), group=-2)
    application.add_handler(TypeHandler(Update, handlers.gate), group=-1)
    application.add_handlers([
        CommandHandler(["start", "help"], handlers.start),
        CommandHandler("lang", handlers.lang),
        CommandHandler("sources", handlers.sources),
        CommandHandler("timeline", handlers.timeline),
        CommandHandler("ask", handlers.ask),
        CommandHandler("reload", handlers.reload, filters=admins & filters.UpdateType.MESSAGE),
        CommandHandler("stats", handlers.show_stats, filters=admins & filters.UpdateType.MESSAGE),
        MessageHandler(filters.COMMAND & filters.UpdateType.MESSAGE, handlers.unknown_command),
        MessageHandler(private & filters.TEXT & ~filters.COMMAND & messages, handlers.private_text),
        MessageHandler(groups & filters.TEXT & ~filters.COMMAND & messages, handlers.group_text),
        MessageHandler(
            private & filters.UpdateType.MESSAGE & ~filters.TEXT & ~filters.StatusUpdate.ALL, handlers.non_text
        ),
        CallbackQueryHandler(handlers.button),
        InlineQueryHandler(handlers.inline_query),
    ])
    application.add_error_handler(handlers.on_error)
    return application


async def _prepare(application: Application[Any, Any, Any, Any, Any, Any], handlers: Handlers) -> None:
    """After getMe, before the first update: the command menu, the engine warmed up,
    and the knowledge folder watched (its reloads told to the admins)."""
    await _set_commands(application)
    await handlers.answerer.warm_up(handlers.holder.kb)
    handlers.start_watching(application.bot)


async def _close(handlers: Handlers) -> None:
    handlers.close()


def polling_options(config: TelegramSettings) -> dict[str, Any]:
    """The arguments of Updater.start_polling."""
    return {
        "timeout": datetime.timedelta(seconds=config.poll_timeout),
        "allowed_updates": list(ALLOWED_UPDATES),
        "drop_pending_updates": False,
        "bootstrap_retries": BOOTSTRAP_RETRIES,
        "error_callback": _polling_error,
    }


def _polling_error(error: TelegramError) -> None:
    """A failed getUpdates: PTB waits and tries again; one line is enough."""
    log.warning("polling failed (%s: %s); retrying", type(error).__name__, error)


async def serve(application: Application[Any, Any, Any, Any, Any, Any], config: TelegramSettings,
                stop: asyncio.Event) -> None:
    """Receive and handle updates until `stop` is set, then stop cleanly: the updates
    already fetched are handled and confirmed to Telegram, none is fetched twice.

    The same steps as Application.run_polling / run_webhook (post_init, updater,
    application; then the reverse, post_stop and post_shutdown), but waiting on an event
    rather than owning the event loop, so that the tests run exactly this.
    """
    try:
        async with application:  # initialize (getMe) ... shutdown
            if application.post_init:
                await application.post_init(application)
            updater = application.updater
            if updater is None:
                raise RuntimeError("the application has no updater")
            hook = config.webhook
            if hook:
                await updater.start_webhook(
                    listen=hook.listen, port=hook.port, url_path=hook.path, webhook_url=hook.url,
                    secret_token=hook.secret_token, allowed_updates=list(ALLOWED_UPDATES),
                    bootstrap_retries=BOOTSTRAP_RETRIES,
                )
            else:
                await updater.start_polling(**polling_options(config))
            await application.start()
            log.info("@%s is answering (%s)", application.bot.username, "webhook" if hook else "polling")
            try:
                await stop.wait()
            finally:
                log.info("stopping")
                if updater.running:
                    await updater.stop()
                await application.stop()
                if application.post_stop:
                    await application.post_stop(application)
    finally:
        if application.post_shutdown:
            await application.post_shutdown(application)


async def _confirm_handled(application: Application[Any, Any, Any, Any, Any, Any], handlers: Handlers) -> None:
    """Tell Telegram that every update handled is done with, so that the next
    start does not fetch (and answer) it again.

    PTB's updater makes this call once when it stops, and only logs a failure;
    a Bot API hiccup at that moment would have the next process answer again
    every update of the last batch. So it is made again here, with retries.
    """
    last = handlers.last_update_id
    if last is None or handlers.config.webhook:  # with a webhook, Telegram knows what was received
        return
    deadline = asyncio.get_running_loop().time() + CONFIRM_RETRY_SECONDS
    pause = FIRST_NETWORK_WAIT
    while True:
        try:
            await application.bot.get_updates(offset=last + 1, limit=1, timeout=0,
                                              allowed_updates=list(ALLOWED_UPDATES))
            return
        except TelegramError as error:
            if isinstance(error, InvalidToken) or asyncio.get_running_loop().time() + pause > deadline:
                log.warning("could not confirm the updates handled (%s): the next start may answer "
                            "the last ones again", error)
                return
            await asyncio.sleep(pause)
            pause = min(pause * 2, LONGEST_NETWORK_WAIT)


async def _set_commands(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """The command menu in French and English (from the wording of /help)."""
    try:
        for lang, wording in WORDINGS.items():
            commands = []
            for line in wording.telegram_help.splitlines():
                head, _, description = line.partition(" — ")
                commands.append(BotCommand(head.split()[0].lstrip("/"), description.strip()))
            await application.bot.set_my_commands(commands, language_code=lang)
            if lang == "en":
                await application.bot.set_my_commands(commands)
    except TelegramError as error:
        log.warning("could not set the command menu: %s", error)


def _webhook_server_available() -> bool:
    return importlib.util.find_spec("tornado") is not None


async def _serve_until_signal(application: Application[Any, Any, Any, Any, Any, Any],
                              config: TelegramSettings) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    await serve(application, config, stop)


def run(config: TelegramSettings, holder: KnowledgeHolder, watch_interval: float | None = None) -> int:
    """Run the bot until SIGINT or SIGTERM; returns the exit code (0 ok, 1 failure).
    The knowledge folder is watched every `watch_interval` seconds (None: the
    default, 0: never). Raises ConfigError when the configuration is at fault (exit code 2)."""
    configure_logging(config.secrets)
    if config.webhook and not _webhook_server_available():
        raise ConfigError(
            "TELEGRAM_WEBHOOK_URL is set but webhook mode needs the 'webhooks' extra of python-telegram-bot: "
            "pip install 'python-telegram-bot[webhooks]' (or leave TELEGRAM_WEBHOOK_URL empty to poll)"
        )
    interval = DEFAULT_INTERVAL if watch_interval is None else watch_interval
    application = build_application(config, holder, interval)
    try:
        asyncio.run(_serve_until_signal(application, config))
    except InvalidToken:
        raise ConfigError("Telegram refused TELEGRAM_BOT_TOKEN (unauthorized): check it with @BotFather") from None
    except NetworkError as error:
        log.error("could not reach the Bot API at %s: %s", config.api_base_url, error)
        return 1
    except Exception:  # logged here so that the traceback goes through the redacting filter
        log.exception("the bot stopped on an unexpected error")
        return 1
    return 0
