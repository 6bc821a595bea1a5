"""Property-based tests (Hypothesis) over arbitrary and hostile Unicode.

Targets: the analyzers, the sentence splitter, the date extractor, the
language detector, the question cleaner, the article parser, and the whole
answer() path (over the repository's articles and over generated ones),
rendered in every face. Each must never raise, always give well-formed
results, and quote only verbatim substrings of the articles.

Text comes from three sources: Hypothesis' own Unicode text, lone surrogates
included; strings assembled from hostile pieces (abbreviations, quotes,
bidirectional and zero-width marks, combining accents, emoji, HTML and
Markdown, control characters, dates); and, for answer(), words of the articles
mixed with those pieces, so that answers with passages are exercised too.

`pytest -s tests/test_properties.py` prints the examples run per target and their time.
"""

from __future__ import annotations

import datetime
import json
import math
import time
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.analysis import PROFILES, Analyzer, find_names, fold, split_words
from bot.articles import ArticleError, parse_article
from bot.cli import answer_to_json
from bot.conversation import page_of
from bot.dates import find_dates, find_question_dates, is_when_question
from bot.engine import EMPTY, MAX_HITS, MAX_QUESTION_CHARS, NO_MATCH, NO_WORDS, answer, clean_question
from bot.knowledge import KnowledgeBase, build_knowledge_base
from bot.language import detect_language
from bot.messages import WORDINGS
from bot.records import LANGUAGES, Answer
from bot.sentences import split_passages
from bot.telegram import render
from bot.terminal import render_hits
from tests.conftest import KNOWLEDGE
from tests.fake_bot_api import check_text

F = TypeVar("F", bound=Callable[..., None])

HOSTILE = [
    "M.", "M. ", "Mme ", "MM. ", "J.-C.", "U.S.", "etc.", "p. ", "n° ", "...", "…", "!?", "?!", ". ", "! ", "? ",
    "«", "»", "« ", " »", "“", "”", '"', "'", "’", "(", ")", "[", "]", "—", "-",
    "\u200f", "\u200e", "\u202e", "\u2066", "\u200d", "\u200b", "\u2028", "\u2029", "\ufeff", "\u00a0", "\u202f",
    "e\u0301", "\u0301", "\u0327", "😀", "👩\u200d💻", "🇫🇷", "\U000e0041",
    "<b>", "</b>", "<a href='x'>", "</a>", "&amp;", "&", "<", ">", "**", "__", "`", "```", "[x](http://e.org)",
    "\x00", "\x07", "\x1b[31m", "\r", "\n", "\n\n", "\t", " ", "  ",
    "17 ", "1er ", "2023", "17/11/2023", "2023-11-20", " novembre ", " November ", "Nov. 20, ", "lundi ", "Monday ",
    "hier", "yesterday", "la veille", "the day before", "demain", "vendredi prochain", "le 31 décembre",
    "Altman", "OpenAI", "PDG", "CEO", "a-t-il", "week-end", "l'", "d’", "qu'", "12,5 %", "1 200", "Qui ", "Who ",
    "quand ", "when ",
]
ANY_TEXT = st.text(st.characters(exclude_categories=()), max_size=200)  # lone surrogates included
HOSTILE_TEXT = st.lists(st.sampled_from(HOSTILE), max_size=60).map("".join)
TEXT = st.one_of(st.text(max_size=300), ANY_TEXT, HOSTILE_TEXT)
# What a valid article may hold (control characters are refused, see test_knowledge_files.py).
PRINTABLE_PIECES = [p for p in HOSTILE if not any(unicodedata.category(c) == "Cc" and c not in "\n\t" for c in p)]
ARTICLE_TEXT = st.one_of(
    st.lists(st.sampled_from(PRINTABLE_PIECES), max_size=60).map("".join),
    st.text(st.characters(exclude_categories=("Cc", "Cs"), include_characters="\n\t"), max_size=150),
)
DATES = st.dates(datetime.date(1000, 1, 1), datetime.date(2999, 12, 31))  # what articles.py accepts

# Per target: the seconds of each example run, and when the first began and the
# last ended (the wall time, Hypothesis' generation and shrinking included).
RUNS: defaultdict[str, list[float]] = defaultdict(list)
SPANS: dict[str, list[float]] = {}


def counted(target: str) -> Callable[[F], F]:
    """Count the examples a property runs and their time under `target`."""
    def decorate(test: F) -> F:
        @wraps(test)
        def run(*args: Any, **kwargs: Any) -> None:
            started = time.perf_counter()
            SPANS.setdefault(target, [started, started])
            try:
                test(*args, **kwargs)
            finally:
                SPANS[target][1] = time.perf_counter()
                RUNS[target].append(SPANS[target][1] - started)
        return run  # type: ignore[return-value]
    return decorate


def examples(count: int) -> Callable[[F], F]:
    decorate: Callable[[F], F] = settings(max_examples=count, deadline=None,
                                          suppress_health_check=[HealthCheck.too_slow])
    return decorate


@pytest.fixture(scope="module")
def article_files(kb: KnowledgeBase) -> dict[str, str]:
    """The text of each article's file, as on disk."""
    return {a.path: (KNOWLEDGE / a.path).read_text(encoding="utf-8-sig") for a in kb.articles}


@pytest.fixture(scope="module")
def article_words(kb: KnowledgeBase) -> list[str]:
    words = {a.body[w.start: w.end] for a in kb.articles for w in split_words(a.body)}
    return sorted(words)


# -- analyzers ------------------------------------------------------------------


ANALYZERS = {code: Analyzer(profile, {"altman", "openai"}) for code, profile in PROFILES.items()}


@examples(1000)
@given(TEXT)
@counted("analyzers")
def test_analyzers(text: str) -> None:
    for word in split_words(text):
        assert 0 <= word.start < word.end <= len(text)
        assert word.folded == word.folded.casefold()
        assert not word.parts or word.folded == "".join(word.parts)
    for analyzer in ANALYZERS.values():
        for token in analyzer.tokens(text):
            assert 0 <= token.start < token.end <= len(text)
            assert token.term
    assert all(isinstance(name, str) and name for name in find_names([text, text.upper()]))
    assert fold(text) == fold(fold(text)) or not text.isprintable()


def test_a_lone_combining_mark_is_no_index_term() -> None:
    assert ANALYZERS["fr"].terms("\u0301 x") == ["x"]


# -- sentence splitter ----------------------------------------------------------


@examples(1000)
@given(TEXT)
@counted("sentence splitter")
def test_sentence_splitter(body: str) -> None:
    spans = split_passages(body)
    covered = 0
    previous_end = 0
    for span in spans:
        assert previous_end <= span.start < span.end <= len(body)
        text = body[span.start: span.end]
        assert not text[0].isspace() and not text[-1].isspace()
        covered += sum(not c.isspace() for c in text)
        previous_end = span.end
    # Every visible character is in exactly one passage: nothing dropped, nothing twice.
    assert covered == sum(not c.isspace() for c in body)
    assert [s.paragraph for s in spans] == sorted(s.paragraph for s in spans)


# -- date extractor -------------------------------------------------------------


@examples(1000)
@given(TEXT, DATES, st.sampled_from(["fr", "en"]))
@counted("date extractor")
def test_date_extractor(text: str, reference: datetime.date, lang: str) -> None:
    for mention in find_dates(text, lang, reference):
        assert 0 <= mention.start < mention.end <= len(text)
        assert isinstance(mention.day, datetime.date)
    for query in find_question_dates(text):
        assert 0 <= query.start < query.end <= len(text)
        assert query.month is None or 1 <= query.month <= 12
        assert query.day is None or 1 <= query.day <= 31
    assert isinstance(is_when_question(text), bool)


def test_date_extractor_at_the_ends_of_the_calendar() -> None:
    assert find_dates("demain", "fr", datetime.date.max) == []
    assert find_dates("hier", "fr", datetime.date.min) == []


# -- language detector ----------------------------------------------------------


@examples(500)
@given(TEXT)
@counted("language detector")
def test_language_detector(text: str) -> None:
    guess = detect_language(text)
    assert guess.lang in LANGUAGES and isinstance(guess.confident, bool)
    if not any(c.isalpha() for c in text):
        assert not guess.confident


# -- the question ---------------------------------------------------------------


@examples(1000)
@given(TEXT)
@counted("question cleaner")
def test_question_cleaner(raw: str) -> None:
    question = clean_question(raw)
    assert len(question.text) <= MAX_QUESTION_CHARS
    assert not any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in question.text)
    assert question.text == question.text.strip() and "  " not in question.text
    assert clean_question(question.text).text == question.text


def questions(words: list[str]) -> st.SearchStrategy[str]:
    """Questions of the articles' own words, hostile pieces, or anything at all."""
    pieces = st.one_of(st.sampled_from(words), st.sampled_from(HOSTILE), st.sampled_from([" ", " ? ", ", "]))
    of_words = st.lists(pieces, min_size=1, max_size=14).map(" ".join)
    return st.one_of(of_words, of_words, TEXT, st.text(min_size=480, max_size=700))


def check_answer(result: Answer, raw: str, files: dict[str, str]) -> None:
    """Well-formed, and every quote a verbatim substring of its article's file."""
    assert result.lang in LANGUAGES
    assert (result.reason is None) == bool(result.hits)
    assert result.hits or result.reason in (EMPTY, NO_WORDS, NO_MATCH)
    assert len(result.hits) <= MAX_HITS
    assert result.truncated == clean_question(raw).truncated
    scores = [hit.score for hit in result.hits]
    assert all(math.isfinite(s) and s > 0 for s in scores) and scores == sorted(scores, reverse=True)
    for hit in result.hits:
        passage = hit.passage
        assert passage.text == passage.article.body[passage.start: passage.end] and passage.text.strip()
        assert passage.text in files[passage.article.path]


def check_faces(result: Answer) -> None:
    """Rendered safely in every face: Telegram HTML as strict as Telegram, the terminal
    without control characters, JSON that reads back."""
    wording = WORDINGS[result.lang]
    page = page_of(result, 0, 3)
    reply = render.render_page(page, wording, wording.answer_header)
    check_text(reply.text, "HTML")  # raises on bad markup, an empty or an overlong message
    for hit in result.hits[:2]:
        check_text(render.inline_quote(hit, wording), "HTML")
        assert render.inline_title(hit)
    if result.hits:
        shown = render_hits(result.hits[:3], 1, wording, color=False)
        assert not any(unicodedata.category(c) == "Cc" and c not in "\n\t" for c in shown)
    record = answer_to_json(result, 3)
    assert json.loads(json.dumps(record, ensure_ascii=False)) == record


@pytest.fixture(scope="module")
def question_strategy(article_words: list[str]) -> st.SearchStrategy[str]:
    return questions(article_words)


def test_answer_path(kb: KnowledgeBase, article_files: dict[str, str],
                     question_strategy: st.SearchStrategy[str]) -> None:
    answered = []

    @examples(600)
    @given(question_strategy, st.sampled_from([None, "fr", "en"]))
    @counted("answer() and the faces")
    def prop(raw: str, lang: str | None) -> None:
        result = answer(kb, raw, lang=lang)
        check_answer(result, raw, article_files)
        check_faces(result)
        answered.append(bool(result.hits))

    prop()
    assert any(answered) and not all(answered)  # both kinds of answers were exercised


# -- generated articles, end to end ---------------------------------------------


TITLES = st.text(st.characters(exclude_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=60).filter(
    lambda t: t.strip() and t.strip() not in ("---",) and not t.strip().startswith("#"))
BODIES = st.lists(ARTICLE_TEXT, min_size=1, max_size=6).map("\n\n".join)


@pytest.fixture(scope="module")
def translator(kb: KnowledgeBase) -> Any:
    return kb.translator


def test_generated_articles_end_to_end(translator: Any) -> None:
    built = []

    @examples(150)
    @given(TITLES, BODIES, DATES, st.sampled_from(["fr", "en"]), st.data())
    @counted("articles: parse, build, answer")
    def prop(title: str, body: str, day: datetime.date, lang: str, data: st.DataObject) -> None:
        text = f"---\ntitle: {title.strip()}\ndate: {day.isoformat()}\nlang: {lang}\nsource: S\n---\n\n{body}\n"
        try:
            article = parse_article(text, "generated.md")
        except ArticleError as error:
            assert error.line >= 0 and error.message
            return
        assert article.body in text
        kb = build_knowledge_base([article], translator=translator)
        built.append(len(kb.passages))
        words = [article.body[w.start: w.end] for w in split_words(article.body)] or ["rien"]
        raw = data.draw(st.lists(st.sampled_from(words), min_size=1, max_size=6).map(" ".join))
        result = answer(kb, raw)
        check_answer(result, raw, {"generated.md": text})
        check_faces(result)

    prop()
    assert len(built) >= 30, len(built)  # most generated articles were valid


@examples(1000)
@given(st.one_of(TEXT, st.builds(lambda a, b: f"---\n{a}\n---\n{b}", TEXT, TEXT)))
@counted("article parser")
def test_article_parser(text: str) -> None:
    try:
        article = parse_article(text, "x.md")
    except ArticleError as error:
        assert error.line >= 0 and error.message
        return
    assert article.lang in LANGUAGES and article.body.strip() and article.title


# -- the figures ----------------------------------------------------------------


def test_report_examples_per_target() -> None:
    """Last in the file: how many examples each target ran, and in how long."""
    if not RUNS:
        pytest.skip("run with the properties above")
    lines = ["", f"{'target':32} {'examples':>9} {'in the code':>12} {'ms/example':>11} {'wall':>7}"]
    for target, times in RUNS.items():
        wall = SPANS[target][1] - SPANS[target][0]
        lines.append(f"{target:32} {len(times):9d} {sum(times):10.2f} s {sum(times) / len(times) * 1000:11.2f} "
                     f"{wall:5.2f} s")
    total = sum(len(t) for t in RUNS.values())
    walls = sum(end - start for start, end in SPANS.values())
    lines.append(f"{'total':32} {total:9d} {sum(sum(t) for t in RUNS.values()):10.2f} s {'':11} {walls:5.2f} s")
    print("\n".join(lines))
    assert all(len(times) >= 20 for times in RUNS.values())
