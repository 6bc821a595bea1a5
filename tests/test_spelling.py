"""Typing slips in questions."""

from __future__ import annotations

import pytest

from bot.engine import answer
from bot.knowledge import KnowledgeBase
from bot.spelling import correction, is_slip, one_slip_away, unelided


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


def test_an_elision_typed_without_apostrophe_is_read_apart(kb: KnowledgeBase) -> None:
    french = kb.analyzers["fr"]
    found = {w: unelided(w, french, kb.translator, kb.index.vocabulary) for w in ("detat", "linfo", "demployes")}
    assert found == {"detat": "etat", "linfo": "info", "demployes": "employes"}
    # Before a consonant there is no elision, and English has none.
    assert unelided("dsutskever", french, kb.translator, kb.index.vocabulary) is None
    assert unelided("lemployees", kb.analyzers["en"], kb.translator, kb.index.vocabulary) is None


def test_a_capitalized_word_after_a_first_name_may_be_a_slip_in_the_surname(kb: KnowledgeBase) -> None:
    # "sheer" is an English word, so no slip for `correction`; after « Emmett » it is Shear.
    found = answer(kb, "Emmett Sheer ancien poste", "fr")
    assert found.hits and "Emmett Shear" in found.hits[0].passage.text
    # Lower case, or all in capitals: "hear" after "mira" is no « Shear ».
    heard = answer(kb, "when did mira hear about it", "en")
    assert "Mira qui l’a appris la veille au soir" in heard.hits[0].passage.text
    assert not answer(kb, "WHEN DID MIRA HEAR ABOUT IT", "en").missing
