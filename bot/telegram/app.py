"""The Telegram Application: handlers registered, logging with secrets redacted,
flood control, and the polling or webhook loop. `run()` is what
`python -m bot telegram` calls.
"""

from __future__ import annotations

import asyncio
import datetime
import importlib.util
import logging
import os
import signal
import sys
from collections.abc import Callable, Coroutine, Iterable
from typing import Any, TextIO
from urllib.parse import quote

from telegram import BotCommand, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import InvalidToken, NetworkError, RetryAfter, TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    BaseRateLimiter,
    CallbackQueryHandler,
    CommandHandler,
    Defaults,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.config import ConfigError
from bot.holder import KnowledgeHolder
from bot.messages import WORDINGS
from bot.telegram.handlers import ALLOWED_UPDATES, Handlers
from bot.telegram.settings import TelegramSettings

log = logging.getLogger(__name__)

JSONResult = bool | dict[str, Any] | list[dict[str, Any]]
# Flood control: Telegram answers 429 with the seconds to wait; wait and retry this many times.
MAX_FLOOD_RETRIES = 3
MAX_FLOOD_WAIT = 120.0
# Updates handled at once (each question waits for a worker thread, see handlers.Answerer).
CONCURRENT_UPDATES = 64
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


class FloodRetry(BaseRateLimiter[None]):
    """Honours Telegram's flood control: on RetryAfter, wait the time it asks and
    send again (a few times). It does not throttle ahead of time."""

    def __init__(self, retries: int = MAX_FLOOD_RETRIES, max_wait: float = MAX_FLOOD_WAIT) -> None:
        self.retries = retries
        self.max_wait = max_wait

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
        for attempt in range(self.retries + 1):
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as error:
                # The public `retry_after` warns until PTB_TIMEDELTA is set; PTB's own
                # network loop reads the timedelta the same way.
                wait = error._retry_after.total_seconds()
                if attempt == self.retries or wait > self.max_wait:
                    raise
                log.warning("flood control on %s: waiting %.1f s before retrying", endpoint, wait)
                await asyncio.sleep(wait)
        raise AssertionError("unreachable")


def build_application(config: TelegramSettings, holder: KnowledgeHolder) -> Application[Any, Any, Any, Any, Any, Any]:
    """The Application with every handler registered (not started)."""
    # Opt in to PTB's coming time periods as timedelta: without it, every RetryAfter
    # PTB builds emits a deprecation warning (PTB reads this variable at run time).
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    handlers = Handlers(config, holder)
    application = (
        ApplicationBuilder()
        .token(config.token)
        .defaults(Defaults(parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True)))
        .base_url(f"{config.api_base_url}/bot")
        .base_file_url(f"{config.api_base_url}/file/bot")
        .rate_limiter(FloodRetry())
        .concurrent_updates(CONCURRENT_UPDATES)
        .post_init(lambda application: _prepare(application, handlers))
        .post_shutdown(lambda _: _close(handlers))
        .build()
    )
    admins = filters.User(user_id=config.admin_ids)
    groups = filters.ChatType.GROUPS
    private = filters.ChatType.PRIVATE
    messages = filters.UpdateType.MESSAGE | filters.UpdateType.EDITED_MESSAGE
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
    """After getMe, before the first update: the command menu, and the engine warmed up."""
    await _set_commands(application)
    await handlers.answerer.warm_up(handlers.holder.kb)


async def _close(handlers: Handlers) -> None:
    handlers.answerer.close()


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
    application; then the reverse and post_shutdown), but waiting on an event
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
    finally:
        if application.post_shutdown:
            await application.post_shutdown(application)


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


def run(config: TelegramSettings, holder: KnowledgeHolder) -> int:
    """Run the bot until SIGINT or SIGTERM; returns the exit code (0 ok, 1 failure).
    Raises ConfigError when the configuration is at fault (exit code 2)."""
    configure_logging(config.secrets)
    if config.webhook and not _webhook_server_available():
        raise ConfigError(
            "TELEGRAM_WEBHOOK_URL is set but webhook mode needs the 'webhooks' extra of python-telegram-bot: "
            "pip install 'python-telegram-bot[webhooks]' (or leave TELEGRAM_WEBHOOK_URL empty to poll)"
        )
    application = build_application(config, holder)
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
