"""Telegram HTML rendering: escaping, highlighting, the 4,096-character budget, keyboards."""

from __future__ import annotations

import datetime
import html

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.conversation import Page, page_of
from bot.engine import answer
from bot.holder import ReloadReport
from bot.knowledge import KnowledgeBase
from bot.messages import WORDINGS
from bot.records import Answer, Article, Hit, Passage
from bot.telegram import render
from bot.telegram.stats import StatsSnapshot
from bot.timeline import timeline
from tests.fake_bot_api import ApiError, check_text, parse_html

FR, EN = WORDINGS["fr"], WORDINGS["en"]
NASTY = 'AT&T <b>not bold</b> "quoted" \'single\' « guillemets » 😀🇫🇷 a > b && c < d &amp;'


def article(body: str = "x", title: str = "Titre", source: str = "Source", url: str | None = None,
            lang: str = "fr") -> Article:
    return Article("a.md", title, datetime.date(2023, 11, 20), lang, source, url, body, 6)


def hit(text: str, matched: frozenset[str] = frozenset(), art: Article | None = None, position: int = 0,
        dates: tuple[datetime.date, ...] = ()) -> Hit:
    art = art or article(text)
    return Hit(Passage(text, art, 0, position, 0, len(text), dates), 1.0, matched)


def first_page(hits: list[Hit], lang: str = "fr", size: int = 3) -> Page:
    return page_of(Answer("q", lang, tuple(hits)), 0, size)


def telegram_accepts(markup: str) -> str:
    """The text as Telegram shows it; fails the test if Telegram would refuse the message."""
    try:
        return check_text(markup, "HTML")
    except ApiError as error:
        raise AssertionError(f"{error.description}\n{markup[:500]}") from None


def test_highlight_escapes_everything_and_bolds_matched_words() -> None:
    markup = render.highlight(NASTY, frozenset({"bold", "guillemets"}))
    assert "&lt;b&gt;not <b>bold</b>&lt;/b&gt;" in markup
    assert "« <b>guillemets</b> »" in markup
    assert "&amp;amp;" in markup and "&quot;quoted&quot;" in markup and "😀🇫🇷" in markup
    assert telegram_accepts(markup) == NASTY


@given(st.text(), st.frozensets(st.sampled_from(["a", "b", "sam", "e", "the", "1"])))
def test_any_text_renders_to_valid_html_showing_the_same_text(text: str, matched: frozenset[str]) -> None:
    markup = render.highlight(text, matched)
    if text.strip():
        assert check_text(markup, "HTML") == text
    assert html.unescape(markup.replace("<b>", "").replace("</b>", "")) == text


def test_a_reply_quotes_passages_with_date_source_and_title() -> None:
    art = article(title="Altman & co <3", source="Le « Monde »", url="https://example.org/a?x=1&y=2")
    hits = [hit("Sam Altman a été renvoyé.", frozenset({"altman"}), art, 0, (datetime.date(2023, 11, 17),)),
            hit("Microsoft l’a recruté.", frozenset(), art, 1)]
    reply = render.render_page(first_page(hits), FR, FR.answer_header)
    assert reply.shown == 2
    assert reply.text.startswith("<b>Voici ce que disent les articles :</b>\n\n1. « Sam <b>Altman</b> a été renvoyé. »")
    assert "<i>17 novembre 2023 (article du 20 novembre 2023) · Le « Monde » · " in reply.text
    assert '<a href="https://example.org/a?x=1&amp;y=2">« Altman &amp; co &lt;3 »</a></i>' in reply.text
    assert "\n\n2. « Microsoft l’a recruté. »\n<i>20 novembre 2023 · " in reply.text
    telegram_accepts(reply.text)


def test_a_title_without_web_address_or_with_another_scheme_is_not_a_link() -> None:
    assert "<a " not in render.article_title(article(url=None), EN)
    assert "<a " not in render.article_title(article(url="javascript:alert(1)"), EN)
    assert render.article_title(article(title="T", url="http://x.org"), EN) == '<a href="http://x.org">“T”</a>'


def test_replies_are_built_from_whole_passages_under_the_limit() -> None:
    hits = [hit(f"Passage {n} " + "mot " * 450, frozenset({"mot"})) for n in range(3)]  # ~1,800 characters each
    reply = render.render_page(first_page(hits), FR, FR.answer_header)
    assert reply.shown == 2
    shown = telegram_accepts(reply.text)
    assert render.utf16_length(shown) <= render.MESSAGE_LIMIT
    assert "Passage 0 " + "mot " * 449 in shown and "Passage 1" in shown and "Passage 2" not in shown


@pytest.mark.parametrize("unit", ["&<>\"'", "😀", "é", "a "])
def test_a_passage_too_long_alone_is_shortened_outside_any_tag_or_entity(unit: str) -> None:
    text = unit * (12_000 // len(unit))
    reply = render.render_page(first_page([hit(text, frozenset({"a"}))]), EN, EN.answer_header)
    assert reply.shown == 1
    shown = telegram_accepts(reply.text)
    assert render.utf16_length(shown) <= render.MESSAGE_LIMIT
    assert render.utf16_length(shown) > render.MESSAGE_LIMIT - 300  # shortened, not dropped
    assert render.ELLIPSIS in shown


def test_an_absurd_title_still_gives_a_message_telegram_accepts() -> None:
    art = article(title="T" * 5000, source="S" * 5000)
    reply = render.render_page(first_page([hit("court", art=art)]), FR, FR.answer_header)
    assert render.utf16_length(telegram_accepts(reply.text)) <= render.MESSAGE_LIMIT


def test_no_answer_says_why_and_a_truncated_question_says_so() -> None:
    empty = Answer("?", "en", (), "no_match", truncated=True)
    reply = render.render_page(page_of(empty, 0, 3), EN, EN.answer_header)
    assert reply.shown == 0
    assert reply.text == html.escape(EN.truncated) + "\n\n" + html.escape(EN.no_match)
    assert "rephras" in reply.text
    done = page_of(Answer("q", "fr", (hit("x"),)), 1, 3)
    assert render.render_page(done, FR, FR.more_header).text == html.escape(FR.no_more)


def test_more_pages_keep_numbering(kb: KnowledgeBase) -> None:
    result = answer(kb, "What did Microsoft do?")
    assert len(result.hits) > 3
    reply = render.render_page(page_of(result, 3, 3), EN, EN.more_header)
    assert reply.text.startswith("<b>More passages:</b>\n\n4. “")


def test_real_answers_render_to_valid_html(kb: KnowledgeBase) -> None:
    questions = ["Qui a été nommé PDG par intérim ?", "Why was Sam Altman fired?",
                 "Que s’est-il passé le 19 novembre ?"]
    for question in questions:
        result = answer(kb, question)
        wording = WORDINGS[result.lang]
        reply = render.render_page(page_of(result, 0, 3), wording, wording.answer_header)
        telegram_accepts(reply.text)
        assert reply.text.count("<b>") >= 2  # the header and at least one matched word


def test_context_puts_the_focus_in_bold_between_its_neighbours() -> None:
    art = article()
    passages = [hit(t, art=art, position=i).passage for i, t in enumerate(["Avant <1>.", "Le cœur & tout.", "Après."])]
    markup = render.render_context(passages[1], passages, FR)
    assert markup.startswith(
        "<b>Le passage dans son contexte :</b>\n\nAvant &lt;1&gt;.\n<b>Le cœur &amp; tout.</b>\nAprès.")
    telegram_accepts(markup)
    long = [hit("mot " * 2000, art=art, position=i).passage for i in range(3)]
    assert render.utf16_length(telegram_accepts(render.render_context(long[1], long, FR))) <= render.MESSAGE_LIMIT


def test_sources_list_fits_and_counts_what_is_left_out() -> None:
    articles = [Article(f"{n}.md", f"Article {n} <&>", datetime.date(2023, 1, 1) + datetime.timedelta(n), "en",
                        "Src & co", f"https://example.org/{n}", "b", 6) for n in range(300)]
    markup = render.render_sources(articles, EN)
    shown = telegram_accepts(markup)
    assert render.utf16_length(shown) <= render.MESSAGE_LIMIT
    assert shown.startswith("Articles held:\n• 1 January 2023 · en · Src & co · “Article 0 <&>”")
    assert shown.rstrip().endswith("more.") and "… and " in shown
    assert render.render_sources([], EN) == html.escape(EN.no_articles)


def test_timeline_groups_passages_by_day(kb: KnowledgeBase) -> None:
    events = timeline(kb)
    markup = render.render_timeline(events, FR)
    shown = telegram_accepts(markup)
    assert shown.startswith("Chronologie :\n\n17 novembre 2023\n• « ")
    assert render.render_timeline([], FR) == html.escape(FR.timeline_empty)


def test_help_stats_and_reload_replies() -> None:
    assert telegram_accepts(render.render_help(FR, in_group=True)).count("/lang") == 1
    assert FR.telegram_group_help not in render.render_help(FR, in_group=False)
    stats = render.render_stats(StatsSnapshot(10, 4, 3.2, 8.9, 15.0, 3725.0), EN)
    assert telegram_accepts(stats) == (
        "Questions: 10\nWithout an answer: 4 (40%)\nAnswer time: median 3 ms, 90% 9 ms, 99% 15 ms\nUp for 1 h 02 min"
    )
    report = ReloadReport(1, 2, 40, (), 0.25)
    assert telegram_accepts(render.render_reload(report, FR)) == (
        "Rechargé : 2 articles (avant : 1), 40 passages, 0 fichiers en erreur, en 0.2 s."
    )


def test_keyboards_carry_short_keys_never_the_question() -> None:
    result = Answer("Une très longue question " * 20, "fr", tuple(hit(f"p{n}") for n in range(5)))
    page = page_of(result, 0, 3)
    keyboard = render.answer_keyboard("abcdEFGH", page, FR)
    assert keyboard is not None
    buttons = [b for row in keyboard.inline_keyboard for b in row]
    assert [(b.text, b.callback_data) for b in buttons] == [("Plus de passages (2)", "more:abcdEFGH"),
                                                           ("Contexte", "ctx:abcdEFGH")]
    last = page_of(result, 3, 3)
    labels = [b.text for row in render.answer_keyboard("k", last, FR).inline_keyboard for b in row]  # type: ignore[union-attr]
    assert labels == ["Contexte"]
    assert render.answer_keyboard(None, page, FR) is None
    examples = render.examples_keyboard(EN)
    assert [row[0].callback_data for row in examples.inline_keyboard] == ["ex:en0", "ex:en1", "ex:en2"]
    assert [row[0].text for row in examples.inline_keyboard] == list(EN.examples)


def test_inline_results_insert_the_quote_with_date_and_source() -> None:
    art = article(title="T & t", source="S <s>", url="https://e.org")
    one = hit("Un « passage » & 😀 " + "long " * 40, frozenset({"passage"}), art)
    markup = render.inline_quote(one, FR)
    assert "<b>" not in markup  # the inserted quote is not highlighted
    assert telegram_accepts(markup).endswith("20 novembre 2023 · S <s> · « T & t »")
    assert render.inline_title(one).endswith(render.ELLIPSIS)
    assert render.inline_description(one, FR) == "20 novembre 2023 · S <s>"


def test_shorten_counts_utf16_units_and_cuts_at_a_space() -> None:
    assert render.shorten("abc", 3) == "abc"
    assert render.shorten("😀😀😀", 4) == "😀…"
    assert render.shorten("one two three four five", 14) == "one two three…"
    assert render.shorten("x", 0) == ""
    assert parse_html(render.escape(render.shorten("&" * 10, 5))) == "&&&&…"
