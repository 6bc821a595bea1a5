"""Golden Q&A files: reading them and measuring the engine against them.

A golden file is UTF-8 text, one question per line::

    lang<TAB>question<TAB>expected

`expected` is a distinctive substring of the passage that should come first
(alternatives separated by " || "), or NONE when the knowledge base has no
answer. Lines starting with # and blank lines are ignored; a line `## name`
starts a section (e.g. `## dates`), reported apart by `python -m bot eval`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.engine import answer
from bot.knowledge import KnowledgeBase
from bot.records import LANGUAGES

NO_ANSWER = "NONE"
ALTERNATIVES = " || "


class GoldenError(ValueError):
    """A malformed golden file; the message names the file and line."""


@dataclass(frozen=True)
class GoldenQuestion:
    """One line of a golden file."""

    lang: str
    question: str
    expected: tuple[str, ...]  # empty: no answer expected
    origin: str  # "file:line"
    section: str = ""


@dataclass(frozen=True)
class Outcome:
    """How the engine did on one golden question."""

    item: GoldenQuestion
    rank: int | None  # 1-based rank of the first expected passage among the hits
    answered: bool
    first: str | None  # the text of the first passage given, if any

    @property
    def correct(self) -> bool:
        """A hit at rank 1, or no passage where none was expected."""
        return not self.answered if not self.item.expected else self.rank == 1


@dataclass(frozen=True)
class Metrics:
    """Scores of one language over a golden set."""

    lang: str
    questions: int  # questions with an expected answer
    hit1: float
    hit3: float
    mrr: float
    no_answer_expected: int
    no_answer_correct: int  # of those, how many got no passage
    wrongly_silent: int  # answerable questions that got no passage


def read_golden(path: Path) -> list[GoldenQuestion]:
    """Parse a golden file; raises GoldenError naming the file and line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise GoldenError(f"{path}: cannot be read as UTF-8 text ({error})") from None
    items = []
    section = ""
    for number, line in enumerate(lines, start=1):
        if line.startswith("## "):
            section = line[3:].strip()
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        where = f"{path}:{number}"
        if len(fields) != 3:
            raise GoldenError(
                f"{where}: expected 3 tab-separated fields (lang, question, expected), found {len(fields)}"
            )
        lang, question, expected = (f.strip() for f in fields)
        if lang not in LANGUAGES:
            raise GoldenError(f"{where}: expected a language among {', '.join(LANGUAGES)}, found {lang!r}")
        if not question or not expected:
            raise GoldenError(f"{where}: expected a question and an expected passage (or {NO_ANSWER})")
        wanted = () if expected == NO_ANSWER else tuple(s.strip() for s in expected.split(ALTERNATIVES.strip()))
        items.append(GoldenQuestion(lang, question, tuple(s for s in wanted if s), where, section))
    return items


def check_golden(kb: KnowledgeBase, items: Iterable[GoldenQuestion]) -> list[str]:
    """Expected substrings found in no passage: a typo in the golden file, or an
    article that changed under it."""
    texts = [p.text for p in kb.passages]
    return [
        f"{item.origin}: {needle!r} is in no passage"
        for item in items
        for needle in item.expected
        if not any(needle in text for text in texts)
    ]


def run(kb: KnowledgeBase, items: Iterable[GoldenQuestion]) -> list[Outcome]:
    """Ask every golden question (in its own language) and record where the answer came."""
    outcomes = []
    for item in items:
        result = answer(kb, item.question, lang=item.lang)
        texts = [hit.passage.text for hit in result.hits]
        rank = next((i for i, text in enumerate(texts, 1) if any(e in text for e in item.expected)), None)
        outcomes.append(Outcome(item, rank, bool(texts), texts[0] if texts else None))
    return outcomes


def metrics(outcomes: Sequence[Outcome], lang: str, section: str | None = None) -> Metrics:
    """hit@1, hit@3 and MRR over the answerable questions of `lang` (of one
    section, if given), and the no-answer counts."""
    mine = [o for o in outcomes if o.item.lang == lang and section in (None, o.item.section)]
    answerable = [o for o in mine if o.item.expected]
    silent = [o for o in mine if not o.item.expected]
    count = len(answerable) or 1
    return Metrics(
        lang=lang,
        questions=len(answerable),
        hit1=sum(o.rank == 1 for o in answerable) / count,
        hit3=sum(o.rank is not None and o.rank <= 3 for o in answerable) / count,
        mrr=sum(1 / o.rank for o in answerable if o.rank) / count,
        no_answer_expected=len(silent),
        no_answer_correct=sum(not o.answered for o in silent),
        wrongly_silent=sum(not o.answered for o in answerable),
    )
