"""A fake Telegram Bot API server on 127.0.0.1, run in a thread, strict like Telegram.

The bot under test talks to it over real HTTP with its real client
(TELEGRAM_API_BASE_URL=http://127.0.0.1:<port>). The test pushes updates
(`send_text`, `press`, `inline`...), which the bot fetches with getUpdates
(offsets honoured: an update is dropped once a later offset confirms it), and
reads back every call the bot made (`calls`, `sent`).

Strictness, checked on every call and answered with Telegram's own errors:

- text with parse_mode=HTML must be valid: only Telegram's tags (b, strong, i,
  em, u, ins, s, strike, del, a href, code, pre, blockquote, tg-spoiler, span
  class="tg-spoiler", tg-emoji), properly nested, and only the entities &lt;
  &gt; &amp; &quot; and numeric ones. Stricter than Telegram: a bare '>' or
  '&' in the text is refused too, since the bot is meant to escape every one;
- at most 4,096 characters after entity parsing (counted in UTF-16 units, as
  Telegram counts entity offsets), and not empty;
- callback_data of at most 64 bytes;
- editing a message to the same text and keyboard: "message is not modified";
- answering a callback or an inline query twice, or one that does not exist.

Faults can be injected per method (`fail`: a status such as 429 with
retry_after, or 502; `drop`: the connection closed without a response;
`slow`: the response delayed), at random over a whole run (`chaos`: a share
of the calls gets one of those, from a seeded generator, counted in
`injected`), or for every call during a time window (`outage`: the Bot API
down). A failed call is never carried out, so the bot may safely send it again.
Every refusal is also kept in `refusals` so that a test can assert there was none.
"""

from __future__ import annotations

import html
import itertools
import json
import random
import re
import sys
import threading
import time
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

TOKEN = "123456:TEST-TOKEN-abcdefghijklmnopqrstuvwxyz0123"
BOT_ID = 123456
BOT_USERNAME = "newsbot_test_bot"
MESSAGE_LIMIT = 4096
CALLBACK_DATA_LIMIT = 64
ALLOWED_TAGS = frozenset(
    {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre", "blockquote", "tg-spoiler",
     "span", "tg-emoji"}
)
# Parameters Telegram takes as plain strings; the others are JSON-encoded by the client.
TEXT_PARAMETERS = frozenset(
    {"text", "caption", "parse_mode", "callback_query_id", "inline_query_id", "action", "url", "secret_token",
     "next_offset", "language_code", "switch_pm_text", "switch_pm_parameter", "inline_message_id"}
)
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)((?:\s+[A-Za-z-]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'))?)*)\s*>")
_ATTRIBUTE = re.compile(r"([A-Za-z-]+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'))?")
_ENTITY = re.compile(r"&(?:lt|gt|amp|quot|#[0-9]{1,7}|#x[0-9A-Fa-f]{1,6});")


class ApiError(Exception):
    """A refusal, sent back as Telegram does: {"ok": false, "error_code": ..., "description": ...}."""

    def __init__(self, code: int, description: str, parameters: dict[str, Any] | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters


def bad_request(detail: str) -> ApiError:
    return ApiError(400, f"Bad Request: {detail}")


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def parse_html(text: str) -> str:
    """The plain text of a parse_mode=HTML message; raises ApiError like Telegram on bad markup."""
    plain: list[str] = []
    stack: list[str] = []
    position = 0
    while position < len(text):
        char = text[position]
        if char == "<":
            match = _TAG.match(text, position)
            if match is None:
                raise bad_request(f"can't parse entities: Unexpected '<' at byte offset {position}")
            closing, name, attributes = match.group(1), match.group(2).lower(), match.group(3)
            if name not in ALLOWED_TAGS:
                raise bad_request(f'can\'t parse entities: Unsupported start tag "{name}" at byte offset {position}')
            if closing:
                if not stack or stack[-1] != name:
                    raise bad_request(
                        f'can\'t parse entities: Can\'t find end tag corresponding to start tag "{stack[-1]}"'
                        if stack else f"can't parse entities: Unmatched end tag at byte offset {position}"
                    )
                stack.pop()
            else:
                _check_attributes(name, attributes, position)
                if name == "a" and "a" in stack:
                    raise bad_request("can't parse entities: nested links are not allowed")
                stack.append(name)
            position = match.end()
        elif char == "&":
            match = _ENTITY.match(text, position)
            if match is None:
                raise bad_request(f"can't parse entities: unsupported HTML entity at byte offset {position}")
            plain.append(html.unescape(match.group()))
            position = match.end()
        elif char == ">":
            raise bad_request(f"can't parse entities: unescaped '>' at byte offset {position} (strict fake)")
        else:
            plain.append(char)
            position += 1
    if stack:
        raise bad_request(f'can\'t parse entities: Can\'t find end tag corresponding to start tag "{stack[-1]}"')
    return "".join(plain)


def _check_attributes(name: str, attributes: str, position: int) -> None:
    found = {m.group(1).lower(): html.unescape(m.group(2) or m.group(3) or "") for m in _ATTRIBUTE.finditer(attributes)}
    allowed = {"a": {"href"}, "span": {"class"}, "code": {"class"}, "pre": set(), "blockquote": {"expandable"},
               "tg-emoji": {"emoji-id"}}.get(name, set())
    unknown = set(found) - allowed
    if unknown:
        first = sorted(unknown)[0]
        raise bad_request(f"can't parse entities: unsupported attribute {first!r} at byte offset {position}")
    if name == "a" and not found.get("href"):
        raise bad_request("can't parse entities: a link without href")
    if name == "span" and found.get("class") != "tg-spoiler":
        raise bad_request('can\'t parse entities: Tag "span" must have class "tg-spoiler"')


def check_text(text: str | None, parse_mode: str | None) -> str:
    """The text as Telegram would show it, after the checks Telegram makes."""
    if text is None:
        raise bad_request("message text is empty")
    plain = parse_html(text) if (parse_mode or "").upper() == "HTML" else text
    if not plain.strip():
        raise bad_request("message text is empty")
    if utf16_length(plain) > MESSAGE_LIMIT:
        raise bad_request("message is too long")
    return plain


def check_keyboard(markup: Any) -> None:
    if markup is None:
        return
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    for row in markup.get("inline_keyboard", []):
        for button in row:
            if not button.get("text"):
                raise bad_request("BUTTON_TEXT_EMPTY")
            data = button.get("callback_data")
            if data is not None and not 1 <= len(data.encode("utf-8")) <= CALLBACK_DATA_LIMIT:
                raise bad_request("BUTTON_DATA_INVALID")


@dataclass
class Call:
    """One request the bot made."""

    method: str
    params: dict[str, Any]
    at: float
    refused: str | None = None
    result: Any = None
    delayed: float = 0.0  # seconds the response was held back (slow fault)

    @property
    def chat_id(self) -> int | None:
        value = self.params.get("chat_id")
        return int(value) if value is not None else None

    @property
    def text(self) -> str:
        return str(self.params.get("text", ""))


@dataclass
class Fault:
    status: int = 0
    retry_after: int | None = None
    description: str = ""
    drop: bool = False
    delay: float = 0.0  # a slow response: served after this many seconds

    @property
    def kind(self) -> str:
        return "drop" if self.drop else "slow" if self.delay else str(self.status)


@dataclass(frozen=True)
class Chaos:
    """Random faults: each call of `methods` fails with probability `rate`, the
    kind drawn from `kinds` ("429", a 5xx status, "drop" or "slow")."""

    rate: float
    methods: frozenset[str]
    kinds: tuple[str, ...]
    retry_after: int
    slow_seconds: float
    rng: random.Random

    def draw(self, method: str) -> Fault | None:
        if method not in self.methods or self.rng.random() >= self.rate:
            return None
        kind = self.rng.choice(self.kinds)
        if kind == "drop":
            return Fault(drop=True)
        if kind == "slow":
            return Fault(delay=self.slow_seconds * (0.5 + self.rng.random()))
        status = int(kind)
        return Fault(status, self.retry_after if status == 429 else None)


@dataclass
class _Stored:
    text: str
    markup: Any


@dataclass
class FakeBotApi:
    """The server and everything it saw. Use as a context manager or start()/stop()."""

    token: str = TOKEN
    calls: list[Call] = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)
    pushed_at: dict[int, float] = field(default_factory=dict)  # update_id -> when it was pushed

    def __post_init__(self) -> None:
        self._lock = threading.Condition()
        self._updates: deque[dict[str, Any]] = deque()
        self._update_ids = itertools.count(1)
        self._message_ids: defaultdict[int, Iterator[int]] = defaultdict(lambda: itertools.count(1))
        self._messages: dict[tuple[int, int], _Stored] = {}
        self._callbacks: dict[str, bool] = {}  # id -> answered
        self._inline: dict[str, bool] = {}
        self._faults: defaultdict[str, deque[Fault]] = defaultdict(deque)
        self._chaos: Chaos | None = None
        self._outage_until = 0.0
        self._outage_fault = Fault(502)
        self.outage_window = (0.0, 0.0)  # (start, end) of the last outage, monotonic seconds
        # Fault kind ("429", "502", "drop", "slow"..., "outage" for calls during an outage) -> calls hit.
        self.injected: Counter[str] = Counter()
        self.delivered: defaultdict[int, int] = defaultdict(int)  # update_id -> times sent in getUpdates
        self.confirmed_offset = 0
        self._stopping = False
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- life -----------------------------------------------------------------

    def start(self) -> FakeBotApi:
        api = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # else headers and body meet delayed ACKs: 40 ms a call

            def do_POST(self) -> None:
                api._serve(self)

            do_GET = do_POST

            def log_message(self, format: str, *args: Any) -> None:
                pass

        class Server(ThreadingHTTPServer):
            daemon_threads = True
            request_queue_size = 256  # the bot opens many connections at once

            def handle_error(self, request: Any, client_address: Any) -> None:
                # A client gone mid-request (a bot process stopped or killed) is no error of ours.
                if not isinstance(sys.exc_info()[1], ConnectionError):
                    super().handle_error(request, client_address)

        self._server = Server(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), name="fake-bot-api",
                                        daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        with self._lock:
            self._stopping = True
            self._lock.notify_all()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def __enter__(self) -> FakeBotApi:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    # -- faults ---------------------------------------------------------------

    def fail(self, method: str, status: int, retry_after: int | None = None, description: str = "",
             times: int = 1) -> None:
        """The next `times` calls of `method` get this error instead of being served."""
        with self._lock:
            for _ in range(times):
                self._faults[method.lower()].append(Fault(status, retry_after, description))

    def drop(self, method: str, times: int = 1) -> None:
        """The next `times` calls of `method` see their connection closed without a response."""
        with self._lock:
            for _ in range(times):
                self._faults[method.lower()].append(Fault(drop=True))

    def slow(self, method: str, seconds: float, times: int = 1) -> None:
        """The next `times` calls of `method` are served after `seconds`."""
        with self._lock:
            for _ in range(times):
                self._faults[method.lower()].append(Fault(delay=seconds))

    def chaos(self, rate: float, methods: Iterable[str] = ("getUpdates", "sendMessage", "sendChatAction"),
              kinds: Iterable[str] = ("429", "500", "502", "503", "drop", "slow"), seed: int = 1,
              retry_after: int = 1, slow_seconds: float = 0.3) -> None:
        """From now on, a share `rate` of the calls of `methods` gets a random fault (rate 0: none)."""
        with self._lock:
            self._chaos = Chaos(rate, frozenset(m.lower() for m in methods), tuple(kinds), retry_after,
                                slow_seconds, random.Random(seed)) if rate > 0 else None

    def outage(self, seconds: float, status: int = 502, drop: bool = False) -> None:
        """From now on and for `seconds`, every call fails: with `status`, or its connection dropped."""
        with self._lock:
            self.outage_window = (time.monotonic(), time.monotonic() + seconds)
            self._outage_until = self.outage_window[1]
            self._outage_fault = Fault(drop=True) if drop else Fault(status)

    @property
    def in_outage(self) -> bool:
        return time.monotonic() < self._outage_until

    # -- what the test sends --------------------------------------------------

    def push(self, update: dict[str, Any]) -> int:
        """Queue an update for getUpdates; returns its update_id."""
        with self._lock:
            update_id = next(self._update_ids)
            self._updates.append({"update_id": update_id, **update})
            self.pushed_at[update_id] = time.monotonic()
            self._lock.notify_all()
            return update_id

    def new_message(self, chat_id: int, text: str | None = None, *, user_id: int | None = None,
                    language_code: str | None = "fr", chat_type: str | None = None,
                    reply_to: dict[str, Any] | None = None, **content: Any) -> dict[str, Any]:
        """A message from a user (not queued): entities for /commands and @mentions as Telegram adds them."""
        user_id = user_id if user_id is not None else chat_id
        with self._lock:
            message_id = next(self._message_ids[chat_id])
        kind = chat_type or ("private" if chat_id > 0 else "supergroup")
        chat: dict[str, Any] = {"id": chat_id, "type": kind}
        if kind == "private":
            chat["first_name"] = f"User{user_id}"
        else:
            chat["title"] = f"Group {chat_id}"
        sender: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": f"User{user_id}"}
        if language_code:
            sender["language_code"] = language_code
        message: dict[str, Any] = {"message_id": message_id, "date": int(time.time()), "chat": chat,
                                   "from": sender, **content}
        if text is not None:
            message["text"] = text
            entities = _entities(text)
            if entities:
                message["entities"] = entities
        if reply_to is not None:
            message["reply_to_message"] = reply_to
        return message

    def send_text(self, chat_id: int, text: str, **options: Any) -> dict[str, Any]:
        """A user writes `text` in a chat; returns the message."""
        message = self.new_message(chat_id, text, **options)
        self.push({"message": message})
        return message

    def edit_text(self, message: dict[str, Any], text: str) -> dict[str, Any]:
        """The user edits one of their messages."""
        edited = {**message, "text": text, "edit_date": int(time.time())}
        edited.pop("entities", None)
        entities = _entities(text)
        if entities:
            edited["entities"] = entities
        self.push({"edited_message": edited})
        return edited

    def send_other(self, chat_id: int, **content: Any) -> dict[str, Any]:
        """A user sends a sticker, a photo, a voice note... (`content` is the message's field)."""
        message = self.new_message(chat_id, None, **content)
        self.push({"message": message})
        return message

    def press(self, message: dict[str, Any], data: str, user_id: int | None = None,
              language_code: str = "fr") -> str:
        """A user presses the inline button with this callback_data under one of the bot's messages."""
        user_id = user_id if user_id is not None else message["chat"]["id"]
        query_id = f"cb{next(self._update_ids)}"
        with self._lock:
            self._callbacks[query_id] = False
        self.push({"callback_query": {
            "id": query_id, "chat_instance": "ci", "data": data, "message": message,
            "from": {"id": user_id, "is_bot": False, "first_name": f"User{user_id}", "language_code": language_code},
        }})
        return query_id

    def inline(self, user_id: int, query: str, language_code: str = "en") -> str:
        """A user types `@bot query` in some chat."""
        query_id = f"iq{next(self._update_ids)}"
        with self._lock:
            self._inline[query_id] = False
        self.push({"inline_query": {
            "id": query_id, "query": query, "offset": "",
            "from": {"id": user_id, "is_bot": False, "first_name": f"User{user_id}", "language_code": language_code},
        }})
        return query_id

    # -- what the test reads --------------------------------------------------

    def calls_to(self, method: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method.lower() == method.lower() and c.refused is None]

    def sent(self, chat_id: int | None = None) -> list[Call]:
        """The sendMessage calls that succeeded (in one chat when given)."""
        return [c for c in self.calls_to("sendMessage") if chat_id is None or c.chat_id == chat_id]

    def message(self, call: Call) -> dict[str, Any]:
        """The Message object a sendMessage call created (to press its buttons or reply to it)."""
        assert isinstance(call.result, dict)
        return call.result

    def wait_for(self, condition: Callable[[], Any], timeout: float = 10.0, what: str = "condition") -> Any:
        """Poll until `condition()` is truthy; fails the test after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = condition()
            if value:
                return value
            with self._lock:  # woken by every call served
                self._lock.wait(min(0.05, max(0.0, deadline - time.monotonic())))
        raise AssertionError(f"timed out waiting for {what}; calls: {[c.method for c in self.calls][-20:]}")

    def wait_sent(self, chat_id: int, count: int = 1, timeout: float = 10.0) -> list[Call]:
        """Wait until `count` messages were sent to `chat_id`; returns them all."""
        return list(self.wait_for(lambda: len(self.sent(chat_id)) >= count and self.sent(chat_id), timeout,
                                  f"{count} message(s) to chat {chat_id}"))

    def buttons(self, call: Call) -> list[tuple[str, str]]:
        """(label, callback_data) of the inline keyboard sent with a message."""
        markup = call.params.get("reply_markup") or {}
        return [(b["text"], b.get("callback_data", "")) for row in markup.get("inline_keyboard", []) for b in row]

    # -- serving --------------------------------------------------------------

    def _serve(self, request: BaseHTTPRequestHandler) -> None:
        length = int(request.headers.get("Content-Length") or 0)
        body = request.rfile.read(length) if length else b""
        path = request.path.split("?")[0]
        prefix = f"/bot{self.token}/"
        if not path.startswith("/bot"):
            self._respond(request, 404, {"ok": False, "error_code": 404, "description": "Not Found"})
            return
        if not path.startswith(prefix):
            self._respond(request, 401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
            return
        method = path[len(prefix):]
        params = _decode(body, request.headers.get("Content-Type", ""))
        call = Call(method, params, time.monotonic())
        with self._lock:
            self.calls.append(call)
            fault = self._faults[method.lower()].popleft() if self._faults[method.lower()] else None
            kind = ""
            if fault is None and time.monotonic() < self._outage_until:
                fault, kind = self._outage_fault, "outage"
            if fault is None and self._chaos is not None:
                fault = self._chaos.draw(method.lower())
            if fault is not None:
                self.injected[kind or fault.kind] += 1
        if fault is not None and fault.delay:
            time.sleep(fault.delay)
            call.delayed = fault.delay
            fault = None
        if fault is not None and fault.drop:
            call.refused = "outage: dropped" if kind else "dropped"
            request.close_connection = True
            return
        if fault is not None:
            call.refused = f"outage: {fault.status}" if kind else f"injected {fault.status}"
            payload: dict[str, Any] = {"ok": False, "error_code": fault.status,
                                       "description": fault.description or _reason(fault.status)}
            if fault.retry_after is not None:
                payload["parameters"] = {"retry_after": fault.retry_after}
            self._respond(request, fault.status, payload)
            return
        try:
            result = self._dispatch(method.lower(), params)
        except ApiError as error:
            call.refused = error.description
            with self._lock:
                self.refusals.append(f"{method}: {error.description}")
            payload = {"ok": False, "error_code": error.code, "description": error.description}
            if error.parameters:
                payload["parameters"] = error.parameters
            self._respond(request, error.code, payload)
            return
        call.result = result
        self._respond(request, 200, {"ok": True, "result": result})
        with self._lock:
            self._lock.notify_all()

    def _respond(self, request: BaseHTTPRequestHandler, status: int, payload: dict[str, Any]) -> None:
        data = json.dumps(payload).encode("utf-8")
        try:
            head = (f"HTTP/1.1 {status} {HTTPStatus(status).phrase}\r\nContent-Type: application/json\r\n"
                    f"Content-Length: {len(data)}\r\n\r\n")
            request.wfile.write(head.encode("ascii") + data)  # one write: one TCP segment
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (cancelled long poll)
            request.close_connection = True

    def _dispatch(self, method: str, p: dict[str, Any]) -> Any:
        if method == "getme":
            return {"id": BOT_ID, "is_bot": True, "first_name": "NewsBot", "username": BOT_USERNAME,
                    "can_join_groups": True, "can_read_all_group_messages": False, "supports_inline_queries": True}
        if method == "getupdates":
            return self._get_updates(p)
        if method in ("deletewebhook", "setwebhook", "setmycommands", "deletemycommands", "close", "logout"):
            if method == "setmycommands":
                for command in p.get("commands", []):
                    if not re.fullmatch(r"[a-z0-9_]{1,32}", command["command"]) or not 1 <= len(
                            command["description"]) <= 256:
                        raise bad_request("BOT_COMMAND_INVALID")
            return True
        if method == "getwebhookinfo":
            return {"url": "", "has_custom_certificate": False, "pending_update_count": 0}
        if method == "sendchataction":
            if "chat_id" not in p or p.get("action") not in {"typing", "upload_photo", "upload_document"}:
                raise bad_request("wrong parameter action in request")
            return True
        if method == "sendmessage":
            return self._send_message(p)
        if method == "editmessagetext":
            return self._edit_message(p)
        if method == "answercallbackquery":
            self._answer_once(self._callbacks, str(p.get("callback_query_id")))
            if len(str(p.get("text", ""))) > 200:
                raise bad_request("MESSAGE_TOO_LONG")
            return True
        if method == "answerinlinequery":
            self._check_inline_results(p.get("results", []))
            self._answer_once(self._inline, str(p.get("inline_query_id")))
            return True
        raise ApiError(404, "Not Found")

    def _get_updates(self, p: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(p.get("offset") or 0)
        limit = int(p.get("limit") or 100)
        timeout = float(p.get("timeout") or 0)
        deadline = time.monotonic() + timeout
        with self._lock:
            if offset:
                self.confirmed_offset = max(self.confirmed_offset, offset)
                while self._updates and self._updates[0]["update_id"] < offset:
                    self._updates.popleft()
            while not self._updates and not self._stopping:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._lock.wait(left)
            batch = list(itertools.islice(self._updates, limit))
            for update in batch:
                self.delivered[update["update_id"]] += 1
            return batch

    def _send_message(self, p: dict[str, Any]) -> dict[str, Any]:
        if "chat_id" not in p:
            raise bad_request("chat_id is empty")
        chat_id = int(p["chat_id"])
        plain = check_text(p.get("text"), p.get("parse_mode"))
        check_keyboard(p.get("reply_markup"))
        with self._lock:
            message_id = next(self._message_ids[chat_id])
            self._messages[(chat_id, message_id)] = _Stored(str(p["text"]), p.get("reply_markup"))
        message: dict[str, Any] = {
            "message_id": message_id, "date": int(time.time()), "text": plain,
            "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"},
            "from": {"id": BOT_ID, "is_bot": True, "first_name": "NewsBot", "username": BOT_USERNAME},
        }
        if p.get("reply_markup"):
            message["reply_markup"] = p["reply_markup"]
        return message

    def _edit_message(self, p: dict[str, Any]) -> dict[str, Any]:
        chat_id, message_id = int(p.get("chat_id", 0)), int(p.get("message_id", 0))
        plain = check_text(p.get("text"), p.get("parse_mode"))
        check_keyboard(p.get("reply_markup"))
        with self._lock:
            stored = self._messages.get((chat_id, message_id))
            if stored is None:
                raise bad_request("message to edit not found")
            if stored.text == p["text"] and stored.markup == p.get("reply_markup"):
                raise bad_request(
                    "message is not modified: specified new message content and reply markup are exactly the "
                    "same as a current content and reply markup of the message"
                )
            self._messages[(chat_id, message_id)] = _Stored(str(p["text"]), p.get("reply_markup"))
        return {"message_id": message_id, "date": int(time.time()), "text": plain,
                "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"}}

    def _answer_once(self, queries: dict[str, bool], query_id: str) -> None:
        with self._lock:
            if queries.get(query_id, True):
                raise bad_request("query is too old and response timeout expired or query ID is invalid")
            queries[query_id] = True

    def _check_inline_results(self, results: list[dict[str, Any]]) -> None:
        if len(results) > 50:
            raise bad_request("RESULTS_TOO_MUCH")
        ids = [r.get("id", "") for r in results]
        if len(set(ids)) != len(ids) or any(not 1 <= len(i.encode()) <= 64 for i in ids):
            raise bad_request("RESULT_ID_INVALID")
        for result in results:
            content = result.get("input_message_content") or {}
            check_text(content.get("message_text"), content.get("parse_mode"))
            if not result.get("title"):
                raise bad_request("RESULT_TITLE_EMPTY")
            check_keyboard(result.get("reply_markup"))


def _decode(body: bytes, content_type: str) -> dict[str, Any]:
    if not body:
        return {}
    if content_type.startswith("application/json"):
        decoded = json.loads(body)
        assert isinstance(decoded, dict)
        return decoded
    params: dict[str, Any] = {}
    for key, values in parse_qs(body.decode("utf-8"), keep_blank_values=True).items():
        value = values[-1]
        if key in TEXT_PARAMETERS:
            params[key] = value
            continue
        try:
            params[key] = json.loads(value)
        except ValueError:
            params[key] = value
    return params


def _entities(text: str) -> list[dict[str, Any]]:
    """The entities Telegram's clients attach: a leading /command and @mentions (offsets in UTF-16 units)."""
    entities = []
    for match in re.finditer(r"(?:^/[A-Za-z0-9_]+(?:@[A-Za-z0-9_]+)?)|(?:@[A-Za-z0-9_]{5,})", text):
        kind = "bot_command" if match.group().startswith("/") else "mention"
        entities.append({"type": kind, "offset": utf16_length(text[: match.start()]),
                         "length": utf16_length(match.group())})
    return entities


def _reason(status: int) -> str:
    return {429: "Too Many Requests: retry later", 500: "Internal Server Error", 502: "Bad Gateway",
            503: "Service Unavailable"}.get(status, "Error")
