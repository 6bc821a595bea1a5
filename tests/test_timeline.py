"""The chronology of dated passages, and its faces."""

from __future__ import annotations

import datetime

from bot.knowledge import KnowledgeBase
from bot.messages import WORDINGS
from bot.terminal import render_timeline
from bot.timeline import timeline


def test_the_seed_article_in_chronological_order(kb: KnowledgeBase) -> None:
    events = timeline(kb)
    days = [e.day for e in events]
    assert days == sorted(days)
    assert days == [datetime.date(2023, 11, d) for d in (17, 17, 18, 19, 20)]
    assert events[0].passage.text.startswith("La saga a débuté vendredi")


def test_a_range_and_an_article_filter(kb: KnowledgeBase) -> None:
    assert [e.day.day for e in timeline(kb, start=datetime.date(2023, 11, 18), end=datetime.date(2023, 11, 19))] == [
        18, 19,
    ]
    assert len(timeline(kb, article="sam altman")) == 5
    assert timeline(kb, article="no such article") == []


def test_rendered_with_dates_in_the_reply_language(kb: KnowledgeBase) -> None:
    french = render_timeline(timeline(kb), WORDINGS["fr"])
    english = render_timeline(timeline(kb), WORDINGS["en"])
    assert french.startswith("Chronologie :") and "17 novembre 2023" in french
    assert english.startswith("Timeline:") and "17 November 2023" in english
    assert render_timeline([], WORDINGS["en"]) == "No dated passage."
