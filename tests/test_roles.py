"""Roles read from the articles, and questions that name a person by role."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from bot.engine import answer
from bot.index import Concept
from bot.knowledge import KnowledgeBase, load_knowledge_base
from bot.query import build_query
from bot.roles import FULL_NAME, People, Role, with_full_names, with_roles


def _write(folder: Path, name: str, lang: str, body: str) -> None:
    (folder / name).write_text(
        f"---\ntitle: Un titre\ndate: 2024-05-02\nlang: {lang}\nsource: Test\n---\n\n{body}\n", encoding="utf-8"
    )


def test_roles_are_read_from_appositions(kb: KnowledgeBase) -> None:
    roles = {(r.head, r.complement): r.person for r in kb.people.roles}
    # « le scientifique en chef de l'entreprise, Ilya Sutskever »
    assert roles[("scientif", "chef"), ()] == ("ilya", "sutskever")
    # « Mira Murati, directrice technique de l'entreprise, »
    assert roles[("directric", "techniqu"), ()] == ("mira", "murati")
    # « le PDG de Microsoft, Satya Nadella »: a named complement is kept.
    assert roles[("pdg",), ("microsoft",)] == ("satya", "nadella")
    # « le PDG Sam Altman », « cofondateur »: one word is no role to go by.
    assert all(len(r.head) + len(r.complement) >= 2 for r in kb.people.roles)


def test_roles_in_english_and_before_a_name_without_comma(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "a.md",
        "en",
        "The company said its chief financial officer Jane Doerr had resigned. "
        "Sales are led by Mark Plum, head of sales at Acme, who stays.",
    )
    roles = {(r.head, r.complement): r.person for r in load_knowledge_base(tmp_path).people.roles}
    assert roles == {(("chief", "financi", "offic"), ()): ("jane", "doerr"), (("head",), ("acme",)): ("mark", "plum")}


def test_a_verb_after_a_name_is_no_role(tmp_path: Path) -> None:
    _write(tmp_path, "a.md", "fr", "Selon la presse, Emmett Shear, a annoncé un plan, puis il est parti.")
    assert load_knowledge_base(tmp_path).people.roles == ()


def test_a_role_given_to_two_people_names_neither(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "a.md",
        "fr",
        "Le directeur financier de Zorglub, Paul Durand, est parti. "
        "Le directeur financier de Zorglub, Anne Petit, reste.",
    )
    assert load_knowledge_base(tmp_path).people.roles == ()


def test_the_person_scores_at_best_what_the_role_scores(kb: KnowledgeBase) -> None:
    query = build_query("the chief scientist", "en", kb.analyzers, kb.translator, kb.languages, kb.index.vocabulary)
    (role,) = with_roles(query.concepts, kb.people, kb.index)
    everywhere = np.arange(kb.index.size)
    people = Concept(role.source, tuple(a for a in role.alternatives if a.terms == ("sutskever",)))
    assert kb.index.score([people], everywhere).max() == pytest.approx(kb.index.bound(query.concepts[0]))


def test_a_question_without_a_role_is_left_alone(kb: KnowledgeBase) -> None:
    query = build_query("Who is the CEO?", "en", kb.analyzers, kb.translator, kb.languages, kb.index.vocabulary)
    assert with_roles(query.concepts, kb.people, kb.index) == query.concepts
    lone = Role(("pdg",), ("microsoft",), ("satya", "nadella"))
    # "CEO" without "Microsoft" is not Microsoft's CEO.
    assert with_roles(query.concepts, People(roles=(lone,)), kb.index) == query.concepts


@pytest.mark.parametrize(
    "question",
    [
        "What does the chief scientist say he regrets?",
        "Le directeur scientifique a-t-il signé la lettre ?",
    ],
)
def test_a_question_naming_someone_by_role_finds_the_person(kb: KnowledgeBase, question: str) -> None:
    hits = answer(kb, question).hits
    assert hits[0].passage.text.startswith("Parmi les signataires de la lettre se trouvait Sutskever")


def test_people_are_known_by_any_part_of_their_name(kb: KnowledgeBase) -> None:
    assert kb.people.person(["ilya"]) == kb.people.person(["sutskever"]) == ("ilya", "sutskever")
    assert kb.people.person(["mira", "murati"]) == ("mira", "murati")
    assert kb.people.person(["board"]) is None
    # Two people at once are no one person.
    assert kb.people.person(["mira", "sutskever"]) is None


def test_a_full_name_counts_as_one_person(kb: KnowledgeBase) -> None:
    query = build_query("Greg Brockman a-t-il démissionné ?", "fr", kb.analyzers, kb.translator, kb.languages,
                        kb.index.vocabulary)
    (name, *rest) = with_full_names(query.concepts, kb.people, kb.index)
    assert name.source == "greg brockman" and [c.source for c in rest] == ["demissionne"]
    full = next(i for i, p in enumerate(kb.passages) if "Greg Brockman" in p.text)
    surname = next(i for i, p in enumerate(kb.passages) if p.text.startswith("Les événements ont rapidement"))
    scores = kb.index.score([name], np.array(sorted([full, surname])))
    by_passage = dict(zip(sorted([full, surname]), scores, strict=True))
    # The full name counts at most FULL_NAME times the surname at its best,
    # not the rare first name on top of it.
    assert by_passage[full] <= FULL_NAME * kb.index.best_contribution("brockman") * 1.0001
    assert by_passage[full] < by_passage[surname] + kb.index.best_contribution("greg")


def test_names_of_two_people_or_in_the_wrong_order_stay_apart(kb: KnowledgeBase) -> None:
    for question in ("Brockman Greg", "Greg Altman", "Mira Sutskever"):
        query = build_query(question, "en", kb.analyzers, kb.translator, kb.languages, kb.index.vocabulary)
        assert with_full_names(query.concepts, kb.people, kb.index) == query.concepts


def test_a_first_name_alone_is_read_as_the_full_name(kb: KnowledgeBase) -> None:
    # The letter's passage names him « Sutskever » only.
    query = build_query("ilya a signé la lettre ?", "fr", kb.analyzers, kb.translator, kb.languages,
                        kb.index.vocabulary)
    (name, *rest) = with_full_names(query.concepts, kb.people, kb.index)
    assert name.source == "ilya" and {a.terms for a in name.alternatives} >= {("sutskever",), ("ilya", "sutskever")}
    assert [c.source for c in rest] == ["signe", "lettre"]
    # A word that is no first name, or one before someone else's name, stays as typed.
    for question in ("la lettre ?", "Mira Sutskever"):
        query = build_query(question, "en", kb.analyzers, kb.translator, kb.languages, kb.index.vocabulary)
        assert with_full_names(query.concepts, kb.people, kb.index) == query.concepts


def test_a_common_word_is_a_name_only_within_a_full_name(kb: KnowledgeBase) -> None:
    names = kb.analyzers["fr"].names
    # « Mira » (a verb form too) and « The Verge » name someone, « coup d'État » no one.
    assert {"mira", "murati", "the", "verge", "altman"} <= names
    assert "etat" not in names
