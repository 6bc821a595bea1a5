"""Typing slips in questions."""

from __future__ import annotations

import pytest

from bot.engine import answer
from bot.knowledge import KnowledgeBase
from bot.spelling import correction, is_slip, one_slip_away


def test_one_slip_away_covers_the_four_kinds_of_slip() -> None:
    near = one_slip_away("altman")
    assert {"altan", "latman", "altmen", "altmann"} <= near  # deleted, swapped, replaced, inserted
    assert "altman" not in near


def test_a_slip_in_a_name_is_read_as_the_name(kb: KnowledgeBase) -> None:
    fr = kb.analyzers["fr"]
    known = kb.index.vocabulary
    assert is_slip("altmann", "Altmann", kb.analyzers, kb.translator, known)
    assert correction("altmann", fr, kb.translator, known) == "altman"
    assert correction("sutskevar", fr, kb.translator, known) == "sutskever"
    # Known words, short ones and names of no article are left as typed.
    assert not is_slip("altman", "Altman", kb.analyzers, kb.translator, known)
    assert not is_slip("musk", "Musk", kb.analyzers, kb.translator, known)
    assert correction("pichai", fr, kb.translator, known) is None
    assert correction("tatin", fr, kb.translator, known) is None  # « matin » starts otherwise
    assert correction("demisionne", fr, kb.translator, known) == "demissionne"
    assert not is_slip("paris", "paris", kb.analyzers, kb.translator, known)  # a name the dictionary knows


@pytest.mark.parametrize(
    ("question", "start"),
    [
        ("did brokman quit", "Les événements ont rapidement"),
        ("sutskevar a signé la lettre ?", "Parmi les signataires"),
        ("what did nadela tweet", "Leurs efforts ont toutefois"),
        ("qui est murrati", "Le conseil d’administration a également annoncé"),
        ("who became the interm ceo", "Dans le même temps"),  # a word of the lexicon
        ("quand a commencé la sagaa", "La saga a débuté"),  # a word of the articles
    ],
)
def test_questions_with_a_slip_are_answered(kb: KnowledgeBase, question: str, start: str) -> None:
    assert any(hit.passage.text.startswith(start) for hit in answer(kb, question).hits[:3])


@pytest.mark.parametrize(
    "question",
    ["Who is Elon Musk?", "Qui est Sundar Pichai ?", "what happened in paris", "recette de la tarte tatin"],
)
def test_names_no_article_holds_still_get_no_answer(kb: KnowledgeBase, question: str) -> None:
    assert answer(kb, question).hits == ()
