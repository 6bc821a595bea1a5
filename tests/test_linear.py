"""Every analyzer stays linear in the length of its input, whatever the input.

Three checks, none of them a wall-clock budget:

1. Static: every regular expression of the bot package (compiled at module
   level, in a class, or written inline in a call to `re`) is parsed, and a
   quantified group that contains a quantifier of variable length (the shape
   of catastrophic backtracking, e.g. `(a+)*`, `(\\s?x)*`) fails the test
   unless it is listed in REVIEWED with the reason it cannot backtrack.
2. Work counted: the Python lines executed by the bot's code (sys.settrace),
   on inputs of size n and 8n built from pathological pieces (runs of
   abbreviations, digits, punctuation, quotes, apostrophes, combining accents,
   markup...). Linear code executes about 8 times as many lines; the bound is 10.
3. Work timed as a ratio: the CPU time (of this thread, so other processes do
   not count) per character at 8n over that at n, for each analyzer and for
   each regular expression run over the whole input. Linear stays near 1; a
   quadratic one is near 8; the bound is 3.

"""

from __future__ import annotations

import ast
import datetime
import importlib
import math
import pkgutil
import re
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from re import _constants as sre_constants  # type: ignore[attr-defined]  # the parser behind re (3.11+)
from re import _parser as sre_parse  # type: ignore[attr-defined]
from types import FrameType, ModuleType
from typing import Any

import pytest

import bot
from bot.analysis import PROFILES, Analyzer, find_names, split_words
from bot.articles import ArticleError, parse_article
from bot.dates import find_dates, find_question_dates, is_when_question
from bot.engine import answer, clean_question
from bot.knowledge import KnowledgeBase, cut_passages
from bot.language import detect_language
from bot.records import Article
from bot.sentences import split_passages
from bot.telegram import render

BOT_FOLDER = Path(bot.__file__).resolve().parent
SIZE = 500  # n; the large input is 8n
GROWTH = 8
# Nested quantifiers that were reviewed: why each cannot backtrack catastrophically.
# Keyed by the pattern's text, so that any change to one asks for a new review.
REVIEWED = {
    r"(?:[^\W_]|[\u0300-\u036f])+(?:[\-‐‑](?:[^\W_]|[\u0300-\u036f])+)*":
        "bot.bulk._CHAIN: each repetition starts with a hyphen, which the letters cannot match",
    r"[\w\u0300-\u036f]+(?:[\-‐‑][\w\u0300-\u036f]+)*":
        "bot.bulk._CHAIN_NO_UNDERSCORE: each repetition starts with a hyphen, which the letters cannot match",
}
PIECES = [
    "M. ", "M.", "Mme ", "J.-C. ", "U.S.", "etc. ", ".", "!", "?", "…", ". ", "?!", ".»", "1", "1 ", "17/", "1-",
    "1er ", "2023-", "1.5", "« ", "»", "“", '"', "'", "’", "(", "a", "a ", "a-", "aé-", "e\u0301", "\u0301",
    "😀", "\u200d", "\u200f", "<", "&", "*", "_", "`", "\n", "\n\n", " ", "\u00a0", ",", "lundi ", "Nov. ",
    "la veille ", "le 17 novembre, le lendemain ", "hier ", "when ", "quand ", "Altman ", "l'", "qu'a ",
    "a-t-il ", "---\n",
]
REFERENCE = datetime.date(2023, 11, 20)
ANALYZERS = {code: Analyzer(profile, {"altman", "openai"}) for code, profile in PROFILES.items()}
HEADER = "---\ntitle: T\ndate: 2023-11-20\nlang: fr\nsource: S\n---\n\n"


def text_of(piece: str, size: int) -> str:
    return piece * (size // len(piece) + 1)


# -- the patterns of the bot package --------------------------------------------


def bot_modules() -> Iterator[ModuleType]:
    for info in pkgutil.walk_packages(bot.__path__, "bot."):
        if not info.name.endswith("__main__"):  # running it would start the bot
            yield importlib.import_module(info.name)


def _patterns_in(value: Any, name: str, seen: set[int]) -> Iterator[tuple[str, re.Pattern[str]]]:
    if id(value) in seen:
        return
    seen.add(id(value))
    if isinstance(value, re.Pattern):
        yield name, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _patterns_in(item, f"{name}[{key!r}]", seen)
    elif isinstance(value, list | tuple | set | frozenset):
        for number, item in enumerate(value):
            yield from _patterns_in(item, f"{name}[{number}]", seen)


def compiled_patterns() -> dict[str, re.Pattern[str]]:
    """Every pattern held by a module or a class of the bot package, by name."""
    found: dict[str, re.Pattern[str]] = {}
    for module in bot_modules():
        for name, value in vars(module).items():
            holders = vars(value).items() if isinstance(value, type) and value.__module__ == module.__name__ else [
                ("", value)]
            for attribute, item in holders:
                qualified = f"{module.__name__}.{name}" + (f".{attribute}" if attribute else "")
                found.update(_patterns_in(item, qualified, set()))
    return found


def inline_patterns() -> dict[str, re.Pattern[str]]:
    """Patterns written as string literals in calls such as re.search(r"...", text)
    (and in re.compile calls: found here too when they are inside a function)."""
    found: dict[str, re.Pattern[str]] = {}
    for path in sorted(BOT_FOLDER.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "re" and node.args
                    and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                where = f"{path.relative_to(BOT_FOLDER.parent)}:{node.lineno}"
                found[where] = re.compile(node.args[0].value)
    return found


def all_patterns() -> dict[str, re.Pattern[str]]:
    found = compiled_patterns()
    held = {(p.pattern, p.flags) for p in found.values()}
    found.update({name: p for name, p in inline_patterns().items() if (p.pattern, p.flags) not in held})
    return found


PATTERNS = all_patterns()


def nested_quantifiers(pattern: re.Pattern[str]) -> list[str]:
    """The nested quantifiers of a pattern that could backtrack: a repeat of more
    than one (greedy or lazy) around a repeat of variable length, outside atomic
    groups and possessive repeats."""
    found: list[str] = []
    repeats = (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT)

    def bound(high: int) -> str:
        return "∞" if high == sre_constants.MAXREPEAT else str(high)

    def walk(items: Any, outer: str | None) -> None:
        for op, value in items:
            if op in repeats:
                low, high, body = value
                if outer is not None and high != low:
                    found.append(f"{{{low},{bound(high)}}} inside {outer}")
                walk(body, f"{{{low},{bound(high)}}}" if high > 1 else outer)
            elif op == sre_constants.POSSESSIVE_REPEAT or op == sre_constants.ATOMIC_GROUP:
                walk(value[2] if op == sre_constants.POSSESSIVE_REPEAT else value, None)
            elif op == sre_constants.SUBPATTERN:
                walk(value[3], outer)
            elif op == sre_constants.BRANCH:
                for branch in value[1]:
                    walk(branch, outer)
            elif op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT):
                walk(value[1], outer)
            elif op == sre_constants.GROUPREF_EXISTS:
                walk(value[1], outer)
                if value[2] is not None:
                    walk(value[2], outer)

    walk(sre_parse.parse(pattern.pattern, pattern.flags), None)
    return found


def test_the_scan_finds_the_patterns_and_flags_nested_quantifiers() -> None:
    assert len(PATTERNS) >= 40 and "bot.sentences._END" in PATTERNS and "bot.dates._FUTURE['fr']" in PATTERNS
    for bad in (r"(a+)+b", r"(?:\s?x)*", r"(?:a|b*)+", r"((?:ab?)+)*", r"(?=(a+)+)x"):
        assert nested_quantifiers(re.compile(bad)), bad
    for fine in (r"a+b*", r"(?:ab)*", r"(?:a{3})+", r"(?>(a+))*", r"(?:a++)*", r"(?:x|y)+", r"(?:ab?)?"):
        assert not nested_quantifiers(re.compile(fine)), fine


def test_no_pattern_nests_quantifiers_unless_reviewed() -> None:
    flagged = {name: nested_quantifiers(p) for name, p in PATTERNS.items() if p.pattern not in REVIEWED}
    flagged = {name: found for name, found in flagged.items() if found}
    assert not flagged, f"nested quantifiers (make them possessive/atomic, or review them in REVIEWED): {flagged}"
    unused = set(REVIEWED) - {p.pattern for p in PATTERNS.values()}
    assert not unused, f"REVIEWED lists patterns that are gone: {unused}"


# -- work, counted and timed ------------------------------------------------------


def count_lines(work: Callable[[], object]) -> int:
    """Lines of the bot package's code that `work` executes."""
    lines = 0
    folder = str(BOT_FOLDER)

    def local(frame: FrameType, event: str, arg: object) -> Any:
        nonlocal lines
        if event == "line":
            lines += 1
        return local

    def tracer(frame: FrameType, event: str, arg: object) -> Any:
        return local if frame.f_code.co_filename.startswith(folder) else None

    previous = sys.gettrace()
    sys.settrace(tracer)
    try:
        work()
    finally:
        sys.settrace(previous)
    return lines


def cpu_seconds(work: Callable[[], object], repeat: int, trials: int = 2) -> float:
    """The least CPU time of this thread over `trials` runs of `repeat` calls."""
    best = math.inf
    for _ in range(trials):
        started = time.thread_time()
        for _ in range(repeat):
            work()
        best = min(best, time.thread_time() - started)
    return best


def growth(run: Callable[[str], object], piece: str, size: int = SIZE, looks: int = 3) -> float:
    """CPU time per character at GROWTH * size over that at size (about 1 when linear)."""
    small, large = text_of(piece, size), text_of(piece, size * GROWTH)
    once = cpu_seconds(lambda: run(small), 1, trials=1)
    repeat = max(1, min(100, math.ceil(0.00025 / max(once, 1e-7))))  # at least ~0.25 ms measured
    base = cpu_seconds(lambda: run(small), repeat)
    ratio = math.inf
    for _ in range(looks):  # another look only when over the bound (a pause of the machine)
        ratio = min(ratio, cpu_seconds(lambda: run(large), repeat, trials=1) / max(base, 1e-9) / GROWTH)
        if ratio <= LINEAR:
            break
    return ratio


LINEAR = 3.0  # the bound on growth(): linear code is near 1, quadratic near GROWTH
# The pieces timed (the line counts above use them all).
TIMED = [
    "M. ", "J.-C. ", "U.S.", ".", "!", "…", "?!", ". ", "1", "17/", "1-", "« ", '"', "’", "(", "a", "a-",
    "e\u0301", "\u200d", "<", "&", "\n", " ", "Nov. ", "la veille ", "qu'a ",
]


def _article(body: str) -> Article:
    return Article("x.md", "T", REFERENCE, "fr", "S", None, body, 8)


def _parse(body: str) -> object:
    try:
        return parse_article(HEADER + body, "x.md")
    except ArticleError as error:
        return error


ANALYSES: dict[str, Callable[[str], object]] = {
    "split_passages": split_passages,
    "cut_passages": lambda text: cut_passages(_article(text)),
    "split_words": split_words,
    "terms(fr)": ANALYZERS["fr"].terms,
    "terms(en)": ANALYZERS["en"].terms,
    "find_names": lambda text: find_names([text]),
    "find_dates(fr)": lambda text: find_dates(text, "fr", REFERENCE),
    "find_dates(en)": lambda text: find_dates(text, "en", REFERENCE),
    "find_question_dates": find_question_dates,
    "is_when_question": is_when_question,
    "detect_language": detect_language,
    "clean_question": clean_question,
    "parse_article": _parse,
    "highlight": lambda text: render.highlight(text, frozenset({"a", "altman", "e"})),
    "shorten": lambda text: render.shorten(text, len(text) // 2),
}


@pytest.fixture(scope="module")
def with_answer(kb: KnowledgeBase) -> dict[str, Callable[[str], object]]:
    return {**ANALYSES, "answer": lambda text: answer(kb, text)}


@pytest.mark.parametrize("piece", [pytest.param(p, id=repr(p)) for p in PIECES])
def test_lines_executed_grow_linearly(with_answer: dict[str, Callable[[str], object]], piece: str) -> None:
    small, large = text_of(piece, 200), text_of(piece, 200 * GROWTH)
    over = {}
    for name, run in with_answer.items():
        counts = count_lines(lambda: run(small)), count_lines(lambda: run(large))  # noqa: B023 (called at once)
        if counts[1] > 10 * max(counts[0], 50):  # linear: about 8 times as many (and a floor for constant work)
            over[name] = counts
    assert not over, f"lines executed (n, 8n) grow faster than the input: {over}"


def _matches(pattern: re.Pattern[str]) -> Callable[[str], object]:
    return lambda text: sum(1 for _ in pattern.finditer(text))


def _over(run: Callable[[str], object], pieces: list[str], size: int = SIZE, looks: int = 3) -> dict[str, float]:
    ratios = {piece: growth(run, piece, size, looks) for piece in pieces}
    return {piece: round(ratio, 1) for piece, ratio in ratios.items() if ratio > LINEAR}


@pytest.mark.parametrize("name", [*ANALYSES, "answer"])
def test_analyzer_time_per_character_stays_flat(with_answer: dict[str, Callable[[str], object]], name: str) -> None:
    over = _over(with_answer[name], TIMED)
    assert not over, f"{name}: CPU time per character grows from n to {GROWTH}n, by: {over}"


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_pattern_time_per_character_stays_flat(name: str) -> None:
    over = _over(_matches(PATTERNS[name]), TIMED)
    assert not over, f"{name}: CPU time per character grows from n to {GROWTH}n, by: {over}"


def test_a_hundred_thousand_characters_on_one_line(kb: KnowledgeBase) -> None:
    """The sizes of the issue, once each, with a bound on CPU time that only a quadratic step would pass."""
    for piece in ("M. ", "1", "« ", "’", "e\u0301 ", "Altman a-t-il <b>&"):
        line = text_of(piece, 100_000)
        started = time.thread_time()
        for run in ANALYSES.values():
            run(line)
        answer(kb, line)
        assert time.thread_time() - started < 20, piece
