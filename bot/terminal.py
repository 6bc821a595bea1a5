"""Rendering answers as text for a terminal (bold matched words on a TTY)."""

from __future__ import annotations

from collections.abc import Sequence

from bot.analysis import split_words
from bot.messages import Wording
from bot.records import Article, Hit, Passage
from bot.timeline import Event

BOLD = "\033[1m"
DIM = "\033[2m"
RESET = "\033[0m"


def highlight(text: str, matched: frozenset[str], color: bool) -> str:
    """`text` with the words whose folded form is in `matched` in bold."""
    if not color or not matched:
        return text
    pieces = []
    cut = 0
    for word in split_words(text):
        if word.folded in matched and word.start >= cut:
            pieces += [text[cut: word.start], BOLD, text[word.start: word.end], RESET]
            cut = word.end
    pieces.append(text[cut:])
    return "".join(pieces)


def citation(passage: Passage, wording: Wording) -> str:
    """The line under a quote: its day, its source and its article."""
    article = passage.article
    parts = [wording.dateline(passage), article.source, wording.quoted_title(article.title)]
    if article.url:
        parts.append(article.url)
    return " · ".join(parts)


def render_hits(hits: Sequence[Hit], first_number: int, wording: Wording, color: bool) -> str:
    """Numbered quotes, each followed by its citation."""
    blocks = []
    for number, hit in enumerate(hits, start=first_number):
        quote = highlight(hit.passage.text, hit.matched, color)
        line = citation(hit.passage, wording)
        if color:
            line = DIM + line + RESET
        blocks.append(f"{number}. {wording.quote_open}{quote}{wording.quote_close}\n   {line}")
    return "\n\n".join(blocks)


def render_passages(passages: Sequence[Passage], focus: Passage, wording: Wording, color: bool) -> str:
    """A run of neighbouring passages, the focused one in bold."""
    lines = []
    for passage in passages:
        text = passage.text
        if color and passage.position == focus.position:
            text = BOLD + text + RESET
        lines.append(text)
    return "\n".join(lines) + "\n   " + citation(focus, wording)


def render_sources(articles: Sequence[Article], wording: Wording) -> str:
    """The articles held, one per line with date, language and source."""
    if not articles:
        return wording.no_articles
    lines = [wording.sources_header]
    for article in sorted(articles, key=lambda a: (a.date, a.title)):
        url = f" · {article.url}" if article.url else ""
        lines.append(
            f"- {wording.day(article.date)} · {article.lang} · {article.source} · "
            f"{wording.quoted_title(article.title)}{url}"
        )
    return "\n".join(lines)


def render_timeline(events: Sequence[Event], wording: Wording) -> str:
    """The dated passages under their days, oldest first."""
    if not events:
        return wording.timeline_empty
    lines = [wording.timeline_header]
    day = None
    for event in events:
        if event.day != day:
            day = event.day
            lines += ["", wording.day(day)]
        article = event.passage.article
        lines.append(f"- {wording.quote_open}{event.passage.text}{wording.quote_close}")
        lines.append(f"  {article.source} · {wording.quoted_title(article.title)} ({wording.day(article.date)})")
    return "\n".join(lines)
