"""Answers as Telegram HTML (parse_mode=HTML), and the keyboards under them.

Every piece of article or user text goes through `escape`; the only tags are
the ones written here (b, i, a href), all allowed by Telegram. A message holds
at most 4,096 characters after entity parsing, counted here in UTF-16 code
units as Telegram counts entity offsets (never fewer than the characters).
Replies are built from whole passages under that budget; a passage too long
on its own is shortened as plain text before any markup is added, so that no
cut ever falls inside a tag or an entity.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.analysis import split_words
from bot.conversation import Page
from bot.holder import ReloadReport
from bot.messages import Wording
from bot.records import Article, Hit, Passage
from bot.telegram.state import ButtonData
from bot.telegram.stats import StatsSnapshot
from bot.timeline import Event

MESSAGE_LIMIT = 4096
ELLIPSIS = "…"
SEPARATOR = " · "
# A quote in /timeline or an inline result title is an excerpt, not the whole passage.
TIMELINE_QUOTE_CHARS = 300
INLINE_TITLE_CHARS = 120
INLINE_RESULTS = 10
_TAG = re.compile(r"<[^<>]*>")  # not [^>]*: from each unclosed "<" it would scan to the end
_LINK_SCHEMES = frozenset({"http", "https"})

# Button actions (callback_data is "<action>:<argument>", at most 64 bytes).
MORE = "more"
CONTEXT = "ctx"
EXAMPLE = "ex"


@dataclass(frozen=True)
class Reply:
    """A message ready to send, and how many of the page's passages it holds."""

    text: str
    shown: int = 0


def escape(text: str) -> str:
    """Text made safe for parse_mode=HTML: <, >, & and quotes escaped."""
    return html.escape(text, quote=True)


def utf16_length(text: str) -> int:
    """The length Telegram counts: UTF-16 code units (an emoji is often two)."""
    return len(text.encode("utf-16-le")) // 2


def visible_length(markup: str) -> int:
    """The length of a message after Telegram parses its HTML."""
    return utf16_length(html.unescape(_TAG.sub("", markup)))


def shorten(text: str, limit: int) -> str:
    """`text` cut to at most `limit` UTF-16 units, at a space when there is one
    in the last fifth, with an ellipsis; unchanged when it fits."""
    if utf16_length(text) <= limit:
        return text
    if limit <= 0:
        return ""
    room = limit - utf16_length(ELLIPSIS)
    cut, used = 0, 0
    for index, char in enumerate(text):
        used += utf16_length(char)
        if used > room:
            break
        cut = index + 1
    head = text[:cut]
    space = head.rfind(" ")
    if space > len(head) * 4 // 5:
        head = head[:space]
    return head.rstrip() + ELLIPSIS


def fit(markup: str, limit: int = MESSAGE_LIMIT) -> str:
    """The markup itself when it fits; else its text, shortened and escaped (a last resort
    for pathological titles or sources: the budgets below normally keep replies in)."""
    if visible_length(markup) <= limit:
        return markup
    return escape(shorten(html.unescape(_TAG.sub("", markup)), limit))


def highlight(text: str, matched: frozenset[str]) -> str:
    """`text` escaped, with the words whose folded form is in `matched` in bold."""
    pieces = []
    cut = 0
    for word in split_words(text):
        if word.folded in matched and word.start >= cut:
            pieces += [escape(text[cut: word.start]), "<b>", escape(text[word.start: word.end]), "</b>"]
            cut = word.end
    pieces.append(escape(text[cut:]))
    return "".join(pieces)


def article_title(article: Article, wording: Wording) -> str:
    """The article's title in quotation marks, a link when it has a web address."""
    title = escape(wording.quoted_title(article.title))
    if article.url and urlsplit(article.url).scheme.lower() in _LINK_SCHEMES:
        return f'<a href="{escape(article.url)}">{title}</a>'
    return title


def citation(passage: Passage, wording: Wording) -> str:
    """The line under a quote: its day, its source and its article, in italics."""
    parts = [escape(wording.dateline(passage)), escape(passage.article.source), article_title(passage.article, wording)]
    return "<i>" + SEPARATOR.join(parts) + "</i>"


def quote(hit: Hit, wording: Wording, number: int | None = None, room: int | None = None) -> str:
    """One quoted passage with its citation; with `room`, the passage is shortened
    so that the block shows at most that many characters."""
    text = hit.passage.text
    prefix = f"{number}. " if number is not None else ""

    def block(body: str) -> str:
        opening, closing = escape(wording.quote_open), escape(wording.quote_close)
        return f"{prefix}{opening}{highlight(body, hit.matched)}{closing}\n{citation(hit.passage, wording)}"

    if room is not None:
        overhead = visible_length(block(""))
        text = shorten(text, room - overhead)
    return block(text)


def render_page(page: Page, wording: Wording, header: str) -> Reply:
    """A page of an answer: the header, then as many whole quotes as fit."""
    head = [escape(wording.truncated)] if page.answer.truncated else []
    if not page.answer.hits:
        return Reply(fit("\n\n".join([*head, escape(wording.reason(page.answer.reason))])))
    if not page.hits:
        return Reply(fit(escape(wording.no_more)))
    head.append(f"<b>{escape(header)}</b>")
    blocks: list[str] = []
    room = MESSAGE_LIMIT - visible_length("\n\n".join(head))
    for number, hit in enumerate(page.hits, start=page.first):
        block = quote(hit, wording, number)
        cost = visible_length(block) + 2  # the blank line before it
        if cost > room:
            if blocks:
                break
            block = quote(hit, wording, number, room=room - 2)
            cost = visible_length(block) + 2
        blocks.append(block)
        room -= cost
    return Reply(fit("\n\n".join(head + blocks)), shown=len(blocks))


def render_context(focus: Passage, passages: Sequence[Passage], wording: Wording) -> str:
    """The first passage of an answer among its neighbours, itself in bold."""
    header = f"<b>{escape(wording.context_header)}</b>\n\n"
    tail = "\n" + citation(focus, wording)
    texts = [p.text for p in passages]
    room = MESSAGE_LIMIT - visible_length(header + tail) - len(texts)
    if sum(utf16_length(t) for t in texts) > room:
        share = room // max(1, len(texts))
        texts = [shorten(t, share) for t in texts]
    lines = [
        f"<b>{escape(text)}</b>" if passage.position == focus.position else escape(text)
        for passage, text in zip(passages, texts, strict=True)
    ]
    return fit(header + "\n".join(lines) + tail)


def _listing(header: str, items: Sequence[str], wording: Wording) -> str:
    """A header and as many items as fit, then "… and N more"."""
    reserve = visible_length(escape(wording.sources_more.format(count=len(items)))) + 1
    room = MESSAGE_LIMIT - visible_length(header) - reserve
    kept: list[str] = []
    for item in items:
        cost = visible_length(item) + 1
        if cost > room:
            break
        kept.append(item)
        room -= cost
    lines = [header, *kept]
    if len(kept) < len(items):
        lines.append(escape(wording.sources_more.format(count=len(items) - len(kept))))
    return fit("\n".join(lines))


def render_sources(articles: Sequence[Article], wording: Wording) -> str:
    """The articles held, oldest first, each with its date, language and source."""
    if not articles:
        return escape(wording.no_articles)
    items = [
        f"• <b>{escape(wording.day(a.date))}</b>{SEPARATOR}{escape(a.lang)}{SEPARATOR}{escape(a.source)}"
        f"{SEPARATOR}{article_title(a, wording)}"
        for a in sorted(articles, key=lambda a: (a.date, a.title))
    ]
    return _listing(f"<b>{escape(wording.sources_header)}</b>", items, wording)


def render_timeline(events: Sequence[Event], wording: Wording) -> str:
    """The dated passages in order of the days they speak of, day by day."""
    if not events:
        return escape(wording.timeline_empty)
    items: list[str] = []
    day = None
    for event in events:
        excerpt = escape(wording.quote_open + shorten(event.passage.text, TIMELINE_QUOTE_CHARS) + wording.quote_close)
        line = f"• {excerpt} <i>{escape(event.passage.article.source)}</i>"
        if event.day != day:
            day = event.day
            line = f"\n<b>{escape(wording.day(day))}</b>\n" + line
        items.append(line)
    return _listing(f"<b>{escape(wording.timeline_header)}</b>", items, wording)


def render_help(wording: Wording, in_group: bool) -> str:
    """What the bot does, its commands and, in groups, when it speaks."""
    parts = [escape(wording.help), escape(wording.telegram_help)]
    if in_group:
        parts.append(escape(wording.telegram_group_help))
    parts.append(f"<b>{escape(wording.examples_header)}</b>")
    return fit("\n\n".join(parts))


def render_stats(snapshot: StatsSnapshot, wording: Wording) -> str:
    """The /stats reply."""
    minutes = int(snapshot.uptime_seconds // 60)
    uptime = f"{minutes // 60} h {minutes % 60:02d} min"
    return escape(wording.stats_report.format(
        questions=snapshot.questions, unanswered=snapshot.unanswered, percent=snapshot.no_answer_rate * 100,
        p50=snapshot.p50_ms, p90=snapshot.p90_ms, p99=snapshot.p99_ms, uptime=uptime,
    ))


def render_reload(report: ReloadReport, wording: Wording) -> str:
    """The /reload reply, with the files that failed to load."""
    lines = [wording.reload_done.format(
        articles=report.articles_after, before=report.articles_before, passages=report.passages_after,
        problems=len(report.problems), seconds=report.seconds,
    )]
    lines += [f"• {problem}" for problem in report.problems]
    return _listing(escape(lines[0]), [escape(line) for line in lines[1:]], wording)


def reload_notice(report: ReloadReport, wording: Wording) -> str:
    """The reload's figures and problems (render_reload) and what changed: the
    changes first when the watcher reloaded (they are the news), last after /reload."""
    figures = render_reload(report, wording)
    if report.automatic:
        return fit(escape(wording.knowledge_changed.format(changes=report.describe(wording)))
                          + "\n" + figures)
    return fit(figures + "\n" + escape(wording.reload_changes.format(changes=report.describe(wording))))


def inline_quote(hit: Hit, wording: Wording) -> str:
    """The message an inline result inserts: the quote, then its day and source."""
    return fit(quote(Hit(hit.passage, hit.score), wording))


def inline_title(hit: Hit) -> str:
    """The plain-text title of an inline result: the start of the passage."""
    return shorten(hit.passage.text, INLINE_TITLE_CHARS)


def inline_description(hit: Hit, wording: Wording) -> str:
    """The plain-text line under an inline result's title."""
    return SEPARATOR.join([wording.dateline(hit.passage), hit.passage.article.source])


def answer_keyboard(key: str | None, page: Page, wording: Wording) -> InlineKeyboardMarkup | None:
    """"More" when passages remain and "Context" for the first passage; the
    buttons carry only the key of the answer kept server-side."""
    if key is None or not page.answer.hits:
        return None
    row = []
    if page.remaining > 0:
        label = f"{wording.button_more} ({page.remaining})"
        row.append(InlineKeyboardButton(label, callback_data=ButtonData(MORE, key).encode()))
    row.append(InlineKeyboardButton(wording.button_context, callback_data=ButtonData(CONTEXT, key).encode()))
    return InlineKeyboardMarkup([row])


def examples_keyboard(wording: Wording) -> InlineKeyboardMarkup:
    """The example questions as buttons, one a row."""
    return InlineKeyboardMarkup([
        [InlineKeyboardButton(example, callback_data=ButtonData(EXAMPLE, f"{wording.lang}{index}").encode())]
        for index, example in enumerate(wording.examples)
    ])
