"""Cutting an article body into quotable passages.

A passage is a sentence, except that a quotation of several sentences stays
whole with its attribution: « Je regrette… Je n'ai jamais eu… » is one answer,
and its halves would mean little alone. Every passage is an exact slice of
the body, so quoting it is quoting the article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Where a sentence may end: terminal punctuation, then closing quotes or
# brackets (possibly after a French typographic space), then white space.
# It starts only at the first mark of a run, and takes the run whole (possessive
# quantifiers): otherwise a run of n marks with no space after costs n² steps.
_END = re.compile(r"(?<![.!?…])[.!?…]++(?:[\s\u00a0\u202f]?[»”\"')\]])*+(?=\s)")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\u00a0\u202f]*\n\s*")
# Words after which a period does not end a sentence (compared case-sensitively
# without the final period). Single capitals (initials) are handled apart.
ABBREVIATIONS = frozenset(
    """
    M MM Mme Mmes Mlle Mlles Me Dr Drs Pr Prof St Ste Mr Mrs Ms Mt Jr Sr Sgt Gen Col Capt Lt
    Gov Sen Rep Rev Hon vs etc cf ex env av apr J.-C p pp n° no No nos Nos art chap vol fig
    éd ed eds janv févr avr juil sept oct nov déc Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec
    Inc Corp Ltd Co Cie
    """.split()
)
_OPENING = "«“"
_CLOSING = "»”"


@dataclass(frozen=True)
class Span:
    """A passage's place in the body: paragraph number and character offsets."""

    paragraph: int
    start: int
    end: int


def paragraphs(body: str) -> list[tuple[int, int]]:
    """The (start, end) offsets of the body's paragraphs, blank lines between."""
    spans = []
    start = 0
    for match in _PARAGRAPH_BREAK.finditer(body):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(body)))
    return [(s, e) for s, e in (_strip(body, s, e) for s, e in spans) if e > s]


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _word_before(text: str, position: int) -> str:
    start = position
    while start > 0 and not text[start - 1].isspace() and text[start - 1] not in _OPENING + "(":
        start -= 1
    return text[start:position]


def _is_abbreviation(text: str, period: int) -> bool:
    word = _word_before(text, period)
    if word in ABBREVIATIONS:
        return True
    # Initials and dotted acronyms: "J.", "U.S", "J.-C"
    letters = word.replace(".", "").replace("-", "")
    return len(letters) >= 1 and letters.isalpha() and (len(letters) == 1 or "." in word) and letters.isupper()


def _starts_sentence(text: str, position: int, end: int) -> bool:
    while position < end and text[position].isspace():
        position += 1
    if position >= end:
        return True
    char = text[position]
    return char.isupper() or char.isdigit() or char in _OPENING + "\"'(—–-"


def _sentence_ends(text: str, start: int, end: int, respect_quotes: bool) -> list[int]:
    """Offsets just after each sentence end inside text[start:end]."""
    ends: list[int] = []
    depth = 0
    straight_open = False
    last = start
    for match in _END.finditer(text, start, end):
        if respect_quotes:
            for char in text[last: match.start()]:
                if char in _OPENING:
                    depth += 1
                elif char in _CLOSING:
                    depth = max(0, depth - 1)
                elif char == '"':
                    straight_open = not straight_open
            for char in match.group():
                if char in _CLOSING:
                    depth = max(0, depth - 1)
                elif char == '"':
                    straight_open = not straight_open
            last = match.end()
        if depth > 0 or straight_open:
            continue
        if match.group()[0] == "." and _is_abbreviation(text, match.start()):
            continue
        if _starts_sentence(text, match.end(), end):
            ends.append(match.end())
    return ends


def split_passages(body: str) -> list[Span]:
    """The passages of an article body, in order."""
    spans: list[Span] = []
    for number, (start, end) in enumerate(paragraphs(body)):
        ends = _sentence_ends(body, start, end, respect_quotes=True)
        quotes_open = body.count("«", start, end) > body.count("»", start, end)
        if quotes_open:
            # An unbalanced quotation would swallow the rest of the paragraph.
            ends = _sentence_ends(body, start, end, respect_quotes=False)
        cut = start
        for stop in [*ends, end]:
            s, e = _strip(body, cut, stop)
            if e > s:
                spans.append(Span(number, s, e))
            cut = stop
    return spans
