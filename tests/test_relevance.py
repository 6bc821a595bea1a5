"""Telling an answer from noise: the signs that the best passage does not answer."""

from __future__ import annotations

import pytest

from bot.engine import answer
from bot.knowledge import KnowledgeBase
from bot.query import build_query
from bot.relevance import (
    acts_in,
    asked_words,
    does_what_is_asked,
    names_person,
    question_subject,
    question_topic,
    reaction_owner,
    says_it,
    speaker_terms,
)
from bot.roles import with_roles


def _number(kb: KnowledgeBase, start: str) -> int:
    return next(i for i, p in enumerate(kb.passages) if p.text.startswith(start))


@pytest.mark.parametrize(
    ("question", "subject"),
    [
        ("Comment Greg Brockman a-t-il réagi ?", ("greg", "brockman")),
        ("Pourquoi Mira Murati a-t-elle été choisie ?", ("mira", "murati")),
        ("comment a reagi greg brockman", ("greg", "brockman")),  # the subject after the verb
    ],
)
def test_a_question_word_before_the_subject_leaves_it_the_subject(
    kb: KnowledgeBase, question: str, subject: tuple[str, ...]
) -> None:
    assert question_subject(kb, question, "fr") == subject


def test_a_reaction_asked_with_the_subject_last_is_the_person_s_own(kb: KnowledgeBase) -> None:
    hits = answer(kb, "comment a reagi greg brockman", lang="fr").hits
    assert "Brockman a refusé de jouer le jeu" in hits[0].passage.text


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("Did Mira Murati sign the employee letter?", "en"),
        ("Mira Murati a-t-elle signé la lettre ?", "fr"),
        ("Est-ce que Mira Murati a signé la lettre ?", "fr"),
    ],
)
def test_what_someone_did_is_not_answered_by_a_passage_without_them(
    kb: KnowledgeBase, question: str, lang: str
) -> None:
    subject = question_subject(kb, question, lang)
    assert subject == ("mira", "murati")
    query = build_query(question, lang, kb.analyzers, kb.translator, kb.languages, kb.index.vocabulary)
    # The letter does not name her; the passage naming her says nothing of a letter.
    assert not names_person(kb, subject, query, _number(kb, "Un signal plus concret"))
    assert not names_person(kb, subject, query, _number(kb, "Le conseil d’administration a également annoncé"))
    assert answer(kb, question).hits == ()


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("Does the chief scientist regret the ouster?", "en"),
        ("Le scientifique en chef regrette-t-il son rôle dans l’éviction ?", "fr"),
    ],
)
def test_a_subject_named_by_a_role_is_the_person_who_holds_it(kb: KnowledgeBase, question: str, lang: str) -> None:
    query = build_query(question, lang, kb.analyzers, kb.translator, kb.languages, kb.index.vocabulary)
    assert question_subject(kb, question, lang) is None  # no name typed
    concepts = with_roles(query.concepts, kb.people, kb.index)
    assert question_subject(kb, question, lang, concepts=concepts) == ("ilya", "sutskever")
    # His own regret, not the call he invited Altman to.
    assert answer(kb, question).hits[0].passage.text.startswith("Parmi les signataires")


@pytest.mark.parametrize(
    ("question", "lang", "owner", "expected"),
    [
        ("Quelle a été la réaction de Google ?", "fr", ("google", "meet"), None),  # « sur Google Meet » is no deed
        ("What was Nadella's reaction?", "en", ("satya", "nadella"), "Leurs efforts ont toutefois été vains"),
        ("La réaction de Greg Brockman ?", "fr", ("greg", "brockman"), "Brockman a refusé de jouer le jeu"),
    ],
)
def test_whose_reaction_is_asked_must_speak_or_act_in_the_answer(
    kb: KnowledgeBase, question: str, lang: str, owner: tuple[str, ...], expected: str | None
) -> None:
    assert reaction_owner(kb, question, lang) == owner
    hits = answer(kb, question, lang=lang).hits
    if expected is None:
        assert hits == ()
    else:
        assert expected in hits[0].passage.text


def test_a_passage_naming_the_subject_comes_first(kb: KnowledgeBase) -> None:
    # Named by his first name, by his last name in the passage.
    hits = answer(kb, "Did Ilya sign the employee letter?").hits
    assert hits[0].passage.text.startswith("Parmi les signataires")
    assert all("Sutskever" in h.passage.text for h in hits)


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("Did the board still trust Altman?", "en"),  # the subject is no person
        ("Le conseil fait-il encore confiance à Altman ?", "fr"),
        ("Est-ce que le conseil avait consulté Microsoft ?", "fr"),
        ("Who signed the letter?", "en"),  # not a question about what someone did
    ],
)
def test_other_questions_have_no_subject(kb: KnowledgeBase, question: str, lang: str) -> None:
    assert question_subject(kb, question, lang) is None
    assert answer(kb, question).hits


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("What did Mira Murati say publicly about the firing?", "en"),
        ("Qu'a déclaré Mira Murati sur le renvoi ?", "fr"),
    ],
)
def test_what_someone_said_is_not_answered_by_a_passage_that_only_names_them(
    kb: KnowledgeBase, question: str, lang: str
) -> None:
    query = build_query(question, lang, kb.analyzers, kb.translator, kb.languages, kb.index.vocabulary)
    assert question_subject(kb, question, lang, query.wants_quote) == ("mira", "murati")
    assert question_subject(kb, question, lang) is None  # only a question about speech has a speaker
    assert answer(kb, question).hits == ()
    # Her words are not in the article; Nadella's are.
    assert answer(kb, "Qu'a tweeté Satya Nadella ?").hits[0].passage.text.startswith("Leurs efforts")


def test_a_quotation_answers_a_question_about_its_speaker_s_words(kb: KnowledgeBase) -> None:
    # Sutskever's tweet shares no word with the question but is his.
    hits = answer(kb, "What does Sutskever say he'll do now?").hits
    assert any(hit.passage.text.startswith("Parmi les signataires") for hit in hits[:3])
    # Brockman's quotation names Mira; it is not hers.
    assert "mira" not in speaker_terms(kb, _number(kb, "«\u00a0Pour autant"))


def test_words_before_the_name_are_no_part_of_the_subject(kb: KnowledgeBase) -> None:
    question = "Qu'a déclaré publiquement Mira Murati après sa nomination ?"
    assert question_subject(kb, question, "fr", speech=True) == ("mira", "murati")
    assert question_subject(kb, "Comment monsieur Brockman a-t-il réagi ?", "fr") == ("greg", "brockman")


def test_a_name_that_is_no_person_is_no_subject(kb: KnowledgeBase) -> None:
    # "new" is a word of "New York Times", which is no one.
    assert question_subject(kb, "is the new ceo going to shake up the management", "en") is None
    assert answer(kb, "is the new ceo going to shake up the management").hits


def test_the_verb_asking_for_speech_is_no_word_of_the_speaker(kb: KnowledgeBase) -> None:
    # « on lui a dit qu'il était viré » names Sutskever and says « dit », but
    # the words are not his: his own tweet answers.
    question = "Qu'est-ce que Sutskever a dit après coup"
    query = build_query(question, "fr", kb.analyzers, kb.translator, kb.languages, kb.index.vocabulary)
    subject = question_subject(kb, question, "fr", query.wants_quote)
    assert subject == ("ilya", "sutskever")
    assert not names_person(kb, subject, query, _number(kb, "Selon M. Brockman"))
    assert answer(kb, question).hits[0].passage.text.startswith("Parmi les signataires")


def test_a_date_is_no_word_between_a_speaker_and_their_words(kb: KnowledgeBase) -> None:
    # « un message d'Altman daté du 19 novembre, dans lequel il déclarait : « … » »
    assert "altman" in speaker_terms(kb, _number(kb, "Au milieu de l’incertitude"))


def test_someone_absent_is_no_speaker(kb: KnowledgeBase) -> None:
    # « sans M. Brockman, où on lui a dit qu'il était « viré » »: not his word.
    assert "brockman" not in speaker_terms(kb, _number(kb, "Selon M. Brockman"))
    assert "google" not in speaker_terms(kb, _number(kb, "Selon M. Brockman"))
    assert "brockman" in speaker_terms(kb, _number(kb, "Les événements ont rapidement"))


def test_est_ce_que_may_be_typed_without_its_hyphen(kb: KnowledgeBase) -> None:
    assert question_subject(kb, "qu'est ce qu'altman a écrit dans ce tweet", "fr", True) == ("sam", "altman")
    assert question_subject(kb, "est ce que mira murati a signé la lettre", "fr") == ("mira", "murati")


@pytest.mark.parametrize(
    "question", ["ilya sutskever a dit quoi apres coup", "Que promet Sutskever ?", "Sutskever a réagi comment ?"]
)
def test_a_speaker_is_read_from_chat_and_plain_forms(kb: KnowledgeBase, question: str) -> None:
    assert question_subject(kb, question, "fr", True) == ("ilya", "sutskever")


def test_who_the_people_of_a_kind_are_is_answered_by_a_passage_naming_the_kind(kb: KnowledgeBase) -> None:
    # « d'autres membres du personnel » are no members of the board.
    question = "Qui sont les autres membres du conseil d'administration d'OpenAI ?"
    query = build_query(question, "fr", kb.analyzers, kb.translator, kb.languages, kb.index.vocabulary)
    assert query.kind is not None and query.kind.source.startswith("membres")
    assert answer(kb, question).hits == ()
    # The kind and its complement, whole: « membres du CA ».
    short = build_query("qui sont les autres membres du CA", "fr", kb.analyzers, kb.translator, kb.languages)
    assert short.kind is not None and short.kind.source == "membres ca"
    assert answer(kb, "qui sont les autres membres du CA").hits == ()
    assert answer(kb, "Qui est le PDG de Microsoft ?").hits[0].passage.text.startswith("Leurs efforts")
    assert build_query("Qui a viré Altman ?", "fr", kb.analyzers, kb.translator, kb.languages).kind is None


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("Which other board members voted to remove Altman?", "en"),
        ("Quels autres administrateurs, en plus de Sutskever, ont voté le renvoi d'Altman ?", "fr"),
        ("En dehors de M. Sutskever, quels sont les noms des autres administrateurs d'OpenAI ?", "fr"),
        # A name or a possessive before the kind names no kind; "besides" asks for others.
        ("Who else sits on OpenAI's board besides Sutskever?", "en"),
        ("who sat on the board that ousted him apart from Ilya", "en"),
        ("Qui siège au conseil d'administration d'OpenAI en plus de Sutskever ?", "fr"),
        ("À part Sutskever, quels membres du conseil ont voté le renvoi ?", "fr"),
        ("Besides Sutskever, which directors voted in favour of Altman's removal?", "en"),
    ],
)
def test_who_the_others_of_a_kind_are_needs_one_named_next_to_it(kb: KnowledgeBase, question: str, lang: str) -> None:
    # Brockman and Sutskever are named near « conseil » in several passages,
    # but none names another member of the board.
    query = build_query(question, lang, kb.analyzers, kb.translator, kb.languages, kb.index.vocabulary)
    assert query.wants_others and query.kind is not None
    assert answer(kb, question, lang).hits == ()


def test_who_the_other_researchers_are_is_told_next_to_the_kind(kb: KnowledgeBase) -> None:
    for question, lang in (
        ("Quels autres chercheurs ont suivi monsieur Altman dans l'aventure ?", "fr"),
        ("which other researchers are following him to microsoft", "en"),
    ):
        assert "Szymon Sidor" in answer(kb, question, lang).hits[0].passage.text
    # « qui d'autre » names no kind.
    query = build_query("Qui d'autre suit Sam chez Microsoft ?", "fr", kb.analyzers, kb.translator, kb.languages)
    assert not query.wants_others and query.kind is None


def test_who_the_person_of_a_kind_is_needs_someone_named(kb: KnowledgeBase) -> None:
    # The article tells of « l'embauche d'un enquêteur indépendant », not who he is.
    assert answer(kb, "Who is the independent investigator Shear hired?").hits == ()
    assert "Satya Nadella" in answer(kb, "Who is the CEO of Microsoft?").hits[0].passage.text
    # So does a question asking a name: the article never names the investigator.
    assert answer(kb, "Comment s'appelle l'enquêteur indépendant choisi par Shear ?").hits == ()
    assert "Satya Nadella" in answer(kb, "Comment s'appelle le patron de Microsoft ?").hits[0].passage.text
    # Companies are who investors are: « dont Microsoft et … Thrive Capital ».
    for question in (
        "c est qui les investisseurs qui voulaient le faire revenir",
        "who are the investors that wanted him back",
    ):
        assert "Thrive Capital" in answer(kb, question).hits[0].passage.text


@pytest.mark.parametrize(
    ("question", "lang"),
    [("did brockman quit", "en"), ("Greg Brockman a-t-il démissionné ?", "fr"), ("brockman a démissionné ?", "fr")],
)
def test_a_person_s_own_words_answer_what_they_did(kb: KnowledgeBase, question: str, lang: str) -> None:
    query = build_query(question, lang, kb.analyzers, kb.translator, kb.languages, kb.index.vocabulary)
    subject = question_subject(kb, question, lang)
    assert subject == ("greg", "brockman")
    tweet = _number(kb, "Les événements ont rapidement")
    assert says_it(kb, subject, query, tweet)
    assert not says_it(kb, subject, query, _number(kb, "Le conseil d’administration a également annoncé"))
    assert answer(kb, question).hits[0].passage is kb.passages[tweet]


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("How did Brockman respond to the board's decision?", "en"),
        ("Comment Brockman a-t-il réagi ?", "fr"),
        # What the time clause tells is no word of his: « écarté du conseil » is the board's doing.
        ("Comment Brockman a-t-il réagi lorsqu’on l’a écarté du conseil ?", "fr"),
    ],
)
def test_any_words_of_a_person_answer_how_they_reacted(kb: KnowledgeBase, question: str, lang: str) -> None:
    query = build_query(question, lang, kb.analyzers, kb.translator, kb.languages, kb.index.vocabulary)
    assert query.wants_reaction
    brockman = ("greg", "brockman")
    assert says_it(kb, brockman, query, _number(kb, "Les événements ont rapidement"))
    assert not says_it(kb, brockman, query, _number(kb, "M. Brockman a ensuite été informé"))
    assert answer(kb, question, lang).hits[0].passage is kb.passages[_number(kb, "Les événements ont rapidement")]


def test_a_when_or_why_question_has_its_subject_too(kb: KnowledgeBase) -> None:
    assert question_subject(kb, "When did Mira Murati first join OpenAI?", "en") == ("mira", "murati")
    # No passage says she joined: « l'équipe … à l'exception de Mira » is about being told.
    assert answer(kb, "When did Mira Murati first join OpenAI?", "en").hits == ()


def test_a_subject_after_its_title_is_still_the_subject(kb: KnowledgeBase) -> None:
    question = "Le cofondateur Greg Brockman suivra-t-il Altman dans sa nouvelle aventure ?"
    assert question_subject(kb, question, "fr") == ("greg", "brockman")
    assert question_subject(kb, "Quel poste Emmett Shear occupait-il auparavant ?", "fr") is None


def test_a_person_acts_in_a_passage_unless_only_named_after_a_preposition(kb: KnowledgeBase) -> None:
    brockman = ("greg", "brockman")
    assert acts_in(kb, brockman, _number(kb, "Les événements ont rapidement"))
    assert not acts_in(kb, brockman, _number(kb, "Selon M. Brockman"))  # « selon », « sans M. Brockman »
    assert "je démissionne" in answer(kb, "Brockman a réagi comment", "fr").hits[0].passage.text


def test_a_person_whose_deed_a_noun_of_the_question_names_does_it(kb: KnowledgeBase) -> None:
    question = "Was Brockman involved in the board's move against Altman?"
    query = build_query(question, "en", kb.analyzers, kb.translator, kb.languages, kb.index.vocabulary)
    coup = _number(kb, "Selon les rapports de The Verge")
    brockman = ("greg", "brockman")
    assert not acts_in(kb, brockman, coup)  # « sans la participation de Brockman »
    asked = asked_words(kb, query)
    assert does_what_is_asked(kb, brockman, asked, coup)
    assert not does_what_is_asked(kb, brockman, asked, _number(kb, "Selon M. Brockman"))
    assert answer(kb, question, "en").hits[0].passage is kb.passages[coup]


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("Et Brockman, il devenait quoi d’après le conseil ?", "fr"),
        ("and brockman, he got fired too?", "en"),
        ("Et Brockman, qu'est-ce qu'on lui a dit à lui ?", "fr"),
        ("And Brockman, what did they tell him?", "en"),
        ("What was Brockman told about his seat on the board?", "en"),
    ],
)
def test_a_person_set_out_first_is_the_topic(kb: KnowledgeBase, question: str, lang: str) -> None:
    assert question_topic(kb, question, lang) == ("greg", "brockman")
    assert question_subject(kb, question, lang) is None


def test_the_topic_prefers_what_they_did_without_ruling_out_the_rest(kb: KnowledgeBase) -> None:
    # No passage says « bossait », yet « Aleksander Madry » is the answer.
    assert "Aleksander Madry" in answer(kb, "madry il bossait sur quoi chez openai", "fr").hits[0].passage.text
    told = answer(kb, "What was Brockman told about his seat on the board?", "en").hits[0].passage.text
    assert told.startswith("M. Brockman a ensuite été informé")
    assert answer(kb, "Et Brockman, il devenait quoi d’après le conseil ?", "fr").hits[0].passage.text.startswith(
        "M. Brockman a ensuite été informé"
    )


def test_an_active_question_looks_at_the_first_mention_of_its_subject(kb: KnowledgeBase) -> None:
    # « les fondateurs d'OpenAI ont retweeté un message d'Altman … pour suivre Altman »
    retweet = _number(kb, "Au milieu de l’incertitude")
    altman = ("sam", "altman")
    assert acts_in(kb, altman, retweet) and not acts_in(kb, altman, retweet, first=True)
    found = answer(kb, "Altman faisait-il partie des fondateurs d'OpenAI ?", "fr")
    assert "qu’il avait cofondée" in found.hits[0].passage.text
    # In the passive, he is acted upon wherever he is named.
    assert build_query("Altman a-t-il été renvoyé ?", "fr", kb.analyzers, kb.translator, kb.languages).passive
