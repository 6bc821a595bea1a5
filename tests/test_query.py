"""From a question to its weighted concepts."""

from __future__ import annotations

import pytest

from bot.engine import answer
from bot.knowledge import KnowledgeBase
from bot.query import ANSWER_TYPE_WEIGHT, BACKGROUND_WEIGHT, LEXICON_WEIGHT, SPEECH_FRAME_WEIGHT, Query, build_query


def _query(kb: KnowledgeBase, question: str, lang: str) -> Query:
    return build_query(question, lang, kb.analyzers, kb.translator, kb.languages, kb.index.vocabulary)


def _weights(query: Query) -> dict[str, float]:
    """The weight of each concept's own words (its heaviest alternative)."""
    return {c.source: max(a.weight for a in c.alternatives) for c in query.concepts}


def test_a_second_question_joined_to_the_first_weighs_less(kb: KnowledgeBase) -> None:
    question = "Who was appointed interim chief executive by the board on Friday, and what was her prior title?"
    weights = _weights(_query(kb, question, "en"))
    assert weights["prior"] == weights["title"] == BACKGROUND_WEIGHT * LEXICON_WEIGHT
    assert weights["interim chief executive"] == 1.0
    french = _weights(_query(kb, "Qui a été nommé PDG par intérim, et quel était son poste avant ?", "fr"))
    assert french["poste"] == BACKGROUND_WEIGHT
    hits = answer(kb, question).hits
    assert hits and "Mira Murati" in hits[0].passage.text


def test_whom_someone_replaced_weighs_less_than_what_is_asked(kb: KnowledgeBase) -> None:
    # The answer is her successor's passage, which need not name her.
    weights = _weights(_query(kb, "Qui remplace Murati comme CEO intérimaire ?", "fr"))
    assert weights["murati"] == BACKGROUND_WEIGHT and weights["ceo"] == 1.0
    assert _weights(_query(kb, "Who replaced Mira Murati?", "en"))["mira"] == BACKGROUND_WEIGHT
    assert _weights(_query(kb, "Qui a remplacé Murati ?", "fr"))["murati"] == BACKGROUND_WEIGHT
    # A title or a preposition between them does not part the verb from the name.
    assert _weights(_query(kb, "Qui a remplacé Mme Murati ?", "fr"))["murati"] == BACKGROUND_WEIGHT
    assert _weights(_query(kb, "Qui a succédé à Murati ?", "fr"))["murati"] == BACKGROUND_WEIGHT
    assert _weights(_query(kb, "Qui a été nommé en remplacement de Murati ?", "fr"))["murati"] == BACKGROUND_WEIGHT
    # "after" only with the name at the end of its clause: "after Altman was fired" is a time.
    assert _weights(_query(kb, "Who took over as interim CEO after Murati?", "en"))["murati"] == BACKGROUND_WEIGHT
    assert _query(kb, "What did Brockman do after Altman was fired?", "en").replaced == frozenset()


def test_a_time_clause_weighs_less_than_what_is_asked(kb: KnowledgeBase) -> None:
    weights = _weights(_query(kb, "Qui a embauché Altman après son éviction ?", "fr"))
    assert weights["embauche"] == 1.0
    assert weights["altman"] == 1.0
    assert weights["eviction"] == BACKGROUND_WEIGHT
    weights = _weights(_query(kb, "Who became interim CEO right after Altman was fired?", "en"))
    assert weights["interim ceo"] == 1.0
    assert weights["altman"] == BACKGROUND_WEIGHT
    # An English word the lexicon renders weighs as its French renderings.
    assert weights["fired"] == BACKGROUND_WEIGHT * LEXICON_WEIGHT


def test_a_time_clause_ends_at_punctuation(kb: KnowledgeBase) -> None:
    weights = _weights(_query(kb, "After the weekend, who quit?", "en"))
    assert weights["weekend"] == BACKGROUND_WEIGHT * LEXICON_WEIGHT
    assert weights["quit"] == LEXICON_WEIGHT


def test_a_question_that_is_all_time_clause_keeps_its_weights(kb: KnowledgeBase) -> None:
    weights = _weights(_query(kb, "depuis le limogeage d'Altman", "fr"))
    assert set(weights.values()) == {1.0}


def test_the_date_a_when_question_asks_for_weighs_less(kb: KnowledgeBase) -> None:
    # « daté du 19 novembre » is no date of the coup.
    assert _weights(_query(kb, "exact date of the board coup?", "en"))["date"] == ANSWER_TYPE_WEIGHT


def test_the_word_naming_the_kind_of_answer_weighs_less(kb: KnowledgeBase) -> None:
    weights = _weights(_query(kb, "Quelle entreprise a recruté Altman ?", "fr"))
    assert weights["entreprise"] == ANSWER_TYPE_WEIGHT
    assert weights["recrute"] == 1.0


def test_the_verb_framing_a_question_about_speech_weighs_less(kb: KnowledgeBase) -> None:
    weights = _weights(_query(kb, "What did Sutskever say he regrets?", "en"))
    assert weights["say"] == SPEECH_FRAME_WEIGHT * LEXICON_WEIGHT
    assert weights["sutskever"] == weights["regrets"] == 1.0  # « regrets » is French too
    weights = _weights(_query(kb, "Qu'a dit Sutskever ensuite ?", "fr"))
    assert weights["dit"] == SPEECH_FRAME_WEIGHT
    # What was said to someone is part of the question, and "tweet" is where.
    weights = _weights(_query(kb, "How was Altman told he was out?", "en"))
    assert weights["told"] == LEXICON_WEIGHT  # not framed down
    weights = _weights(_query(kb, "What did Brockman tweet?", "en"))
    assert weights["tweet"] == LEXICON_WEIGHT  # rendered « tweet » by the lexicon


def test_a_translation_leaves_out_its_modifiers(kb: KnowledgeBase) -> None:
    query = _query(kb, "Who's the boss of Microsoft?", "en")
    renderings = {a.terms for c in query.concepts for a in c.alternatives}
    assert ("patron",) in renderings
    assert not any("grand" in terms for terms in renderings)  # « grand patron »: « grande » alone is not the boss
    assert ("pdg",) in renderings


def test_a_translation_counts_at_most_as_its_best_word(kb: KnowledgeBase) -> None:
    (board,) = _query(kb, "board", "en").concepts
    caps = {a.terms: a.cap for a in board.alternatives}
    assert caps[("conseil", "administr")] == 1  # one thing said in two French words
    (conseil,) = _query(kb, "conseil", "fr").concepts
    assert {a.cap for a in conseil.alternatives if a.terms == ("conseil",)} == {0}  # the word as typed
    (patron,) = _query(kb, "patron", "fr").concepts
    assert {a.cap for a in patron.alternatives if a.terms == ("directeur", "general")} == {0}  # a synonym


def test_an_acronym_is_kept_unless_the_whole_question_is_in_capitals(kb: KnowledgeBase) -> None:
    assert "ca" in _weights(_query(kb, "Brockman a-t-il été exclu du CA ?", "fr"))
    assert "ca" not in _weights(_query(kb, "BROCKMAN A-T-IL ETE EXCLU DU CA", "fr"))


def test_questions_about_how_the_story_ended_are_marked(kb: KnowledgeBase) -> None:
    assert _query(kb, "Altman est-il finalement revenu à la tête d'OpenAI ?", "fr").outcome_words == {"finalement"}
    assert _query(kb, "Qui a finalement pris la tête d'OpenAI ?", "fr").wants_now
    assert _query(kb, "What did the board say Altman did wrong?", "en").wants_reason
    assert _query(kb, "Did Altman end up back as CEO?", "en").outcome_words == {"end", "up"}
    assert _query(kb, "Qui a été nommé PDG par intérim ?", "fr").outcome_words == frozenset()
    # Only the phrase: "up" alone asks for no outcome.
    assert _query(kb, "Who set up the new team?", "en").outcome_words == frozenset()


def test_lorsque_opens_a_time_clause(kb: KnowledgeBase) -> None:
    weights = _weights(_query(kb, "Comment Brockman a-t-il réagi lorsqu'on l'a écarté du conseil ?", "fr"))
    assert weights["brockman"] == weights["reagi"] == 1.0
    assert weights["ecarte conseil"] == BACKGROUND_WEIGHT


def test_une_fois_and_once_open_a_time_clause_past_a_title(kb: KnowledgeBase) -> None:
    # The full stop of « M. » ends no clause: Altman is background here.
    weights = _weights(_query(kb, "Une fois M. Altman remercié, à qui le conseil a-t-il confié la boîte ?", "fr"))
    assert weights["altman"] == BACKGROUND_WEIGHT
    assert weights["conseil"] == 1.0
    weights = _weights(_query(kb, "Once Mr. Altman was fired, who ran the company?", "en"))
    assert weights["altman"] == BACKGROUND_WEIGHT
    assert weights["ran company"] == 1.0


def test_when_inside_a_question_that_asks_no_date_opens_a_time_clause(kb: KnowledgeBase) -> None:
    weights = _weights(_query(kb, "Qu'est-ce qu'il a tweeté Greg quand il a claqué la porte ?", "fr"))
    assert weights["tweete"] == 1.0
    assert weights["claque porte"] == BACKGROUND_WEIGHT
    weights = _weights(_query(kb, "When did Brockman quit?", "en"))
    assert weights["quit"] == LEXICON_WEIGHT


def test_a_clause_before_a_colon_where_the_asker_speaks_of_themself_is_no_word_of_the_question(
    kb: KnowledgeBase,
) -> None:
    scene = _weights(_query(kb, "Pour ma frise : quel jour de la semaine l'affaire a-t-elle éclaté ?", "fr"))
    assert "frise" not in scene and scene["eclate"] == 1.0
    assert "podcast" not in _weights(_query(kb, "For my podcast: how does the piece describe OpenAI?", "en"))
    # A topic set out before the colon is a word of the question.
    assert "lettre salaries" in _weights(_query(kb, "La lettre des salariés : combien de signataires ?", "fr"))


def test_a_source_clause_weighs_less_and_a_span_question_keeps_its_clause(kb: KnowledgeBase) -> None:
    weights = _weights(_query(kb, "Quand les cadres dirigeants ont-ils été prévenus, selon Brockman ?", "fr"))
    assert weights["brockman"] == BACKGROUND_WEIGHT
    assert weights["cadres dirigeants"] == 1.0
    # « il » of « a-t-il ajouté » is Brockman: the passage need not name him.
    answered = answer(kb, "Quand les cadres dirigeants ont-ils été prévenus de la décision, selon Brockman ?", "fr")
    assert "l’équipe de direction en a été informée" in answered.hits[0].passage.text
    weights = _weights(_query(kb, "How long after DevDay did the news of his removal break?", "en"))
    assert weights["devday"] == 1.0


def test_d_apres_and_according_to_open_a_source_clause_and_are_no_words(kb: KnowledgeBase) -> None:
    weights = _weights(_query(kb, "D'après la presse américaine, qui a orchestré ce putsch ?", "fr"))
    assert "apres" not in weights  # « d'après » is not « après »
    assert weights["presse"] == BACKGROUND_WEIGHT
    assert weights["putsch"] == 1.0
    weights = _weights(_query(kb, "Is Altman going to Microsoft alone, according to Nadella?", "en"))
    assert weights["nadella"] == BACKGROUND_WEIGHT
    assert "according" not in weights


def test_a_size_before_a_noun_is_no_word_of_the_question(kb: KnowledgeBase) -> None:
    # « plus grande confiance » says nothing of « ce grand raout ».
    assert "grand" not in _weights(_query(kb, "Qu'a-t-il présenté à ce grand raout ?", "fr"))
    assert "big" not in _weights(_query(kb, "Were the big backers kept in the dark?", "en"))
    # Alone, it is all there is to search.
    assert "grand" in _weights(_query(kb, "le plus grand", "fr"))


def test_an_english_word_the_lexicon_renders_is_not_searched_as_spelled_in_french(kb: KnowledgeBase) -> None:
    # "post" is no « poste »; a name or a cognate keeps its spelling.
    query = _query(kb, "What did Brockman post online when he quit?", "en")
    (post,) = [c for c in query.concepts if c.source == "post"]
    assert max(a.weight for a in post.alternatives) == LEXICON_WEIGHT  # « poste » only as a job, a rendering
    assert "je démissionne" in answer(kb, "What did Brockman post online when he quit?", "en").hits[0].passage.text
    (name,) = [c for c in _query(kb, "What did Brockman post?", "en").concepts if c.source == "brockman"]
    assert ("brockman",) in {a.terms for a in name.alternatives}


def test_a_possessor_described_not_named_weighs_less(kb: KnowledgeBase) -> None:
    question = "What's the new boss's game plan for the next month?"
    weights = _weights(_query(kb, question, "en"))
    assert weights["game plan"] == 1.0
    assert max(weights["boss"], weights["new"]) <= BACKGROUND_WEIGHT
    assert "Shear a annoncé un plan" in answer(kb, question, "en").hits[0].passage.text
    # A name is what the question is about: "What is Ilya Sutskever's job?"
    assert _weights(_query(kb, "What is Ilya Sutskever's job?", "en"))["sutskever"] == 1.0


def test_someone_described_by_a_new_role_is_asked_about_not_for(kb: KnowledgeBase) -> None:
    weights = _weights(_query(kb, "Que prévoit le nouveau patron par intérim pour son premier mois ?", "fr"))
    assert weights["prevoit"] == 1.0
    assert max(w for source, w in weights.items() if "patron" in source) <= BACKGROUND_WEIGHT
    answered = answer(kb, "c'est quoi le plan du nouveau patron", "fr")
    assert answered.hits[0].passage.text.startswith("Shear a annoncé un plan")
    # All there is to ask: who the new boss is.
    assert "Emmett Shear" in answer(kb, "Qui est le nouveau patron d'OpenAI ?", "fr").hits[0].passage.text


def test_a_passive_inside_a_relative_clause_is_not_the_question_s(kb: KnowledgeBase) -> None:
    assert _query(kb, "Altman a-t-il été chassé ?", "fr").passive
    question = "Altman était-il l’un des fondateurs de la boîte dont il a été chassé ?"
    assert not _query(kb, question, "fr").passive
    # « les fondateurs d'OpenAI ont retweeté un message d'Altman » is about others.
    assert "qu’il avait cofondée" in answer(kb, question, "fr").hits[0].passage.text


def test_a_count_of_time_is_what_follows_how_many(kb: KnowledgeBase) -> None:
    assert _query(kb, "Combien de jours après le DevDay ?", "fr").counts_time
    assert not _query(kb, "How many people use ChatGPT every week?", "en").counts_time
    # « moins de quinze jours » counts no people.
    assert answer(kb, "Combien de gens utilisent ChatGPT chaque semaine ?", "fr").hits == ()


def test_an_exam_s_nommez_or_identifiez_asks_who_and_is_no_word(kb: KnowledgeBase) -> None:
    query = _query(kb, "Nommez le responsable scientifique présenté comme l’artisan du putsch.", "fr")
    assert query.wants_person
    assert "nommez" not in _weights(query)  # no « nommé »
    assert _query(kb, "Identifiez les autres administrateurs qui ont voté l’éviction.", "fr").wants_others


def test_a_modifier_of_the_question_counts_only_with_its_noun(kb: KnowledgeBase) -> None:
    query = _query(kb, "Qui est le grand patron de Microsoft ?", "fr")
    (boss,) = [c for c in query.concepts if c.source == "grand patron"]
    by_terms = {a.terms: a for a in boss.alternatives}
    assert by_terms[("patron",)].weight == 1.0 and not by_terms[("patron",)].proportional
    # « plus grande confiance » holds half of « grand patron », and counts for half.
    assert by_terms[("grand", "patron")].proportional


def test_courtesies_are_no_words_of_the_question(kb: KnowledgeBase) -> None:
    polite = _query(kb, "Could you kindly tell me what the directors reproached Mr Altman for?", "en")
    assert set(_weights(polite)) == {"directors", "reproached", "altman"}
    assert not polite.wants_quote  # "tell me" asks for an answer, not for what someone told
    polite = _query(kb, "Pourriez-vous me dire, s'il vous plaît, qui a remplacé Altman ?", "fr")
    assert set(_weights(polite)) == {"remplace", "altman"}
    # Only the whole phrase: what someone was told is part of the question.
    assert "told" in _weights(_query(kb, "How was Altman told he was out?", "en"))


def test_what_someone_is_blamed_for_is_a_reason(kb: KnowledgeBase) -> None:
    assert _query(kb, "Le conseil reproche quoi exactement à Sam Altman ?", "fr").wants_reason
    assert _query(kb, "What did the board blame Altman for?", "en").wants_reason
    assert not _query(kb, "Who replaced Altman?", "en").wants_reason


def test_an_expression_is_found_through_its_verb_s_dictionary_form(kb: KnowledgeBase) -> None:
    # « vouloir du mal » is in the lexicon, « voulait … du mal » only as typed.
    query = _query(kb, "Le scientifique en chef voulait-il du mal à OpenAI ?", "fr")
    (harm,) = [c for c in query.concepts if "mal" in c.source]
    assert any(a.terms == ("nuir",) for a in harm.alternatives)


def test_a_promise_is_a_question_about_speech(kb: KnowledgeBase) -> None:
    assert _query(kb, "Qu'est-ce que Sutskever promet de faire désormais ?", "fr").wants_quote
    assert _query(kb, "what does sutskever promise now", "en").wants_quote


def test_how_someone_announced_something_asks_for_their_words(kb: KnowledgeBase) -> None:
    # His tweet « je démissionne », not the board's « Brockman … quitterait son poste ».
    for question, lang in (
        ("Comment Brockman a-t-il annoncé qu'il partait ?", "fr"),
        ("How did Brockman announce he was quitting?", "en"),
    ):
        assert _query(kb, question, lang).wants_quote
        assert "je démissionne" in answer(kb, question).hits[0].passage.text


def test_chat_fillers_are_no_words_of_the_question(kb: KnowledgeBase) -> None:
    assert set(_weights(_query(kb, "wsh sutskever a signé la lettre lui aussi ???", "fr"))) == {
        "sutskever", "signe", "lettre"
    }
    assert "lol" not in _weights(_query(kb, "the guy who led the coup also signed the letter?? lol", "en"))
    # Québec's « pis », « coudonc », « tsé » ask nothing either.
    quebec = _query(kb, "pis le boss de microsoft y'a dit quoi coudonc", "fr")
    assert set(_weights(quebec)) == {"boss", "microsoft", "dit"}
    # « concrètement » is no « concret »: filler adverbs ask nothing either.
    assert "concretement" not in _weights(_query(kb, "altman va faire quoi chez microsoft concrètement", "fr"))
    assert "actually" not in _weights(_query(kb, "did altman actually co-found openai", "en"))
    assert _query(kb, "so who's running openai now", "en").wants_person  # "so" opens no question


def test_a_word_of_the_articles_typed_as_two_is_read_as_one(kb: KnowledgeBase) -> None:
    # The seed article writes « DevDay » and « OpenAI ».
    assert set(_weights(_query(kb, "what did sam announce at dev day", "en"))) == {"sam", "announce", "devday"}
    assert "openai" in _weights(_query(kb, "qui dirige open ai", "fr"))
    # Words the articles hold apart stay apart.
    assert {"new", "york"} <= set(_weights(_query(kb, "what did the new york times say", "en")))


def test_questions_about_how_things_stand_now_are_marked(kb: KnowledgeBase) -> None:
    assert _query(kb, "who is running openai now", "en").wants_now
    assert _query(kb, "Que veut faire Sutskever désormais ?", "fr").wants_now
    assert not _query(kb, "who is running openai", "en").wants_now


def test_questions_about_what_someone_wanted_are_marked(kb: KnowledgeBase) -> None:
    assert _query(kb, "Qu'exigeaient les signataires de la lettre ?", "fr").wants_aim
    assert _query(kb, "what did the letter demand", "en").wants_aim
    assert not _query(kb, "Qui a signé la lettre ?", "fr").wants_aim
    # What someone tried to do is their aim; whether trying worked is not.
    assert _query(kb, "Les investisseurs, qu'est-ce qu'ils essayaient de faire ?", "fr").wants_aim
    assert _query(kb, "What were the investors trying to do behind the scenes?", "en").wants_aim
    assert not _query(kb, "Did it work, trying to bring Altman back?", "en").wants_aim


def test_going_to_marks_the_future_unless_a_name_follows(kb: KnowledgeBase) -> None:
    assert set(_weights(_query(kb, "What is Altman going to do at Microsoft?", "en"))) == {"altman", "microsoft"}
    assert "going" in _weights(_query(kb, "is altman going to microsoft alone", "en"))


def test_questions_about_whether_something_worked_are_marked(kb: KnowledgeBase) -> None:
    worked = _query(kb, "Did the push to reinstate Altman work?", "en")
    assert worked.wants_success and "work" not in _weights(worked)  # not about jobs
    assert _query(kb, "La mobilisation pour réintégrer Altman a-t-elle porté ses fruits ?", "fr").wants_success
    assert not _query(kb, "How many people work at OpenAI?", "en").wants_success
    assert _query(kb, "Did the investors manage to bring Altman back?", "en").wants_success
    assert _query(kb, "Les investisseurs sont-ils parvenus à le faire revenir ?", "fr").wants_success


def test_what_happened_inside_a_longer_question_is_background(kb: KnowledgeBase) -> None:
    weights = _weights(_query(kb, "Y aura-t-il une enquête sur ce qui s'est passé ?", "fr"))
    assert weights == {"enquete": 1.0, "passe": BACKGROUND_WEIGHT}  # « aura » is an auxiliary
    weights = _weights(_query(kb, "Will somebody look into how this all happened?", "en"))
    assert weights["happened"] == BACKGROUND_WEIGHT


def test_what_a_how_many_question_counts_is_no_name(kb: KnowledgeBase) -> None:
    # "How many OpenAI staff…" counts staff (« employés »), not OpenAI.
    counted = _query(kb, "How many OpenAI staff signed the letter?", "en").counted
    assert ("employ",) in counted and ("openai",) not in counted


def test_a_modifier_is_no_name_in_the_other_language(kb: KnowledgeBase) -> None:
    # "new" would otherwise match the « New » of « New York Times ».
    query = _query(kb, "What's the new Microsoft team called", "en")
    (new,) = [c for c in query.concepts if c.source == "new"]
    assert ("new",) not in {a.terms for a in new.alternatives}
    assert answer(kb, "What did the New York Times report?").hits[0].passage.text.startswith("Selon les rapports")


def test_how_big_asks_for_a_number(kb: KnowledgeBase) -> None:
    assert _query(kb, "How big is OpenAI's workforce?", "en").wants_number
    assert "770 employés" in answer(kb, "How big is OpenAI's workforce?").hits[0].passage.text


@pytest.mark.parametrize(
    ("question", "call"),
    [
        ("What is Altman's new team at Microsoft called?", False),
        ("new msft team what is it called", False),
        ("Who called Altman to the meeting?", True),
    ],
)
def test_called_ending_a_question_asks_a_name_not_a_call(kb: KnowledgeBase, question: str, call: bool) -> None:
    assert any(c.source == "called" for c in _query(kb, question, "en").concepts) is call


@pytest.mark.parametrize(
    ("question", "coup"),
    [
        ("Du coup c'est qui le nouveau chef d'OpenAI ?", False),
        ("Qui a mené le coup d'État ?", True),
        ("Qui est à l'origine du coup d'État ?", True),
    ],
)
def test_du_coup_means_so_unless_a_coup_follows(kb: KnowledgeBase, question: str, coup: bool) -> None:
    assert any("coup" in c.source for c in _query(kb, question, "fr").concepts) is coup


@pytest.mark.parametrize(
    ("question", "lang", "kind"),
    [
        ("Who's the one who actually invited Altman to that video call?", "en", None),
        ("Besides an independent investigation, what other reform did Shear commit to?", "en", None),
        ("Which other board members voted to remove Altman?", "en", "board members"),
        ("Quels autres administrateurs ont voté le renvoi ?", "fr", "administrateurs"),
    ],
)
def test_the_kind_of_people_asked_about(kb: KnowledgeBase, question: str, lang: str, kind: str | None) -> None:
    found = _query(kb, question, lang).kind
    assert (found.source if found else None) == kind


def test_a_hyphenated_compound_counts_once(kb: KnowledgeBase) -> None:
    # « week-end » is indexed as "week", "end" and "weekend".
    query = _query(kb, "Qu'est-ce qui s'est passé ce week-end ?", "fr")
    renderings = [a.terms for c in query.concepts if "week" in c.source for a in c.alternatives]
    assert ("weekend",) in renderings and not any("week" in terms for terms in renderings)
    hits = answer(kb, "Qui c'est le PDG qui a été evincé de OpenAI ce weekend?").hits
    assert hits and "Sam Altman évincé" in hits[0].passage.text


def test_c_est_qui_asks_who_anywhere_in_the_question(kb: KnowledgeBase) -> None:
    query = _query(kb, "les autres membres du board c'est qui, noms svp", "fr")
    assert query.wants_person and query.wants_others and query.kind is not None
    assert not answer(kb, "les autres membres du board c'est qui, noms svp").hits


def test_comment_s_appelle_asks_a_name_not_about_a_call(kb: KnowledgeBase) -> None:
    query = _query(kb, "Comment s'appelle le patron de Microsoft ?", "fr")
    assert query.wants_name and all("appel" not in c.source for c in query.concepts)
    assert any("appel" in c.source for c in _query(kb, "Qui était dans l'appel ?", "fr").concepts)


def test_par_rapport_a_is_no_report(kb: KnowledgeBase) -> None:
    # « par rapport à » compares; « rapports » are The Verge's.
    query = _query(kb, "L'équipe de direction a été prévenue à quel moment par rapport à Altman ?", "fr")
    assert all("rapport" not in c.source for c in query.concepts)


@pytest.mark.parametrize(
    ("question", "lang", "wanted"),
    [
        ("Where did Sam Altman end up after getting the boot?", "en", True),
        ("he went where after that?", "en", True),
        ("Il est parti où après, le chef ?", "fr", True),
        ("altman il est parti bosser ou finalement ?", "fr", True),
        # Relative, not asking; where from; where before.
        ("How long before he was fired was that show where he went on stage?", "en", False),
        ("Brockman participait-il à l'appel où Altman est parti ?", "fr", False),
        ("Shear, il vient d'où ?", "fr", False),
        ("where did emmett shear work before", "en", False),
    ],
)
def test_a_question_asks_where_someone_went(kb: KnowledgeBase, question: str, lang: str, wanted: bool) -> None:
    assert _query(kb, question, lang).wants_place is wanted


def test_where_someone_went_is_answered_by_whom_they_joined(kb: KnowledgeBase) -> None:
    found = answer(kb, "altman il est parti bosser ou finalement ?", "fr")
    assert "avait recruté Altman pour diriger" in found.hits[0].passage.text


def test_a_common_word_is_not_spelled_into_a_name_of_the_other_language(kb: KnowledgeBase) -> None:
    # The French stemmer makes "same" « sam », Altman's first name: "Ilya,
    # the same guy" would name Sam, and Ilya would be read as no one.
    question = "did Ilya, the same guy who led the coup, sign the letter too?"
    query = _query(kb, question, "en")
    assert "sam" not in {term for concept in query.concepts for alt in concept.alternatives for term in alt.terms}
    assert "se trouvait Sutskever lui-même" in answer(kb, question).hits[0].passage.text
    # A name with an s ("madrys job") is still the name.
    assert any("madry" in alt.terms for c in _query(kb, "whats madrys job", "en").concepts for alt in c.alternatives)


def test_someone_described_is_asked_about_when_the_rest_is_a_time_clause(kb: KnowledgeBase) -> None:
    # « nouveau PDG par intérim » describes whom the question asks about; the
    # clause « après Murati » is the background, not the other way round.
    weights = _weights(_query(kb, "nouveau pdg interim apres murati?", "fr"))
    assert weights["nouveau pdg"] == 1.0 and weights["murati"] == BACKGROUND_WEIGHT
    found = answer(kb, "Qui est le nouveau PDG par intérim après Murati ?", "fr")
    assert "Emmett Shear" in found.hits[0].passage.text


def test_a_question_about_sources_also_looks_for_the_words_of_reports(kb: KnowledgeBase) -> None:
    assert "(reported)" in _weights(_query(kb, "sources?? qui a balancé l'info", "fr"))
    assert "(reported)" in _weights(_query(kb, "Which outlets broke the story?", "en"))
    # Where a person comes from is no source.
    assert "(reported)" not in _weights(_query(kb, "D'où vient Emmett Shear ?", "fr"))
    found = answer(kb, "sources?? qui a balancé l'info", "fr")
    assert "Selon les rapports de The Verge" in found.hits[0].passage.text


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("J'ai entendu ce matin à la radio qu'Altman avait été viré, c'était quel jour ?", "fr"),
        ("I heard this morning that Altman got fired, what day was that?", "en"),
    ],
)
def test_the_askers_own_day_is_no_word_of_the_question(kb: KnowledgeBase, question: str, lang: str) -> None:
    # « ce matin » is when the asker heard the news, not « le matin du lundi 20 novembre ».
    assert not {"matin", "morning"} & set(_weights(_query(kb, question, lang)))
    assert "La saga a débuté vendredi" in answer(kb, question, lang).hits[0].passage.text


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("Quel est l'effectif salarié total d'OpenAI ?", "fr"),
        ("Quel est le nombre de signataires de la lettre ?", "fr"),
        ("What was the number of staff who signed?", "en"),
    ],
)
def test_a_number_or_headcount_asked_without_how_many_wants_a_number(
    kb: KnowledgeBase, question: str, lang: str
) -> None:
    assert _query(kb, question, lang).wants_number
    assert "770 employés" in answer(kb, question, lang).hits[0].passage.text


def test_a_duration_asked_wants_a_number(kb: KnowledgeBase) -> None:
    question = "Sur quelle durée porte le plan d’action du nouveau PDG intérimaire ?"
    assert _query(kb, question, "fr").wants_number
    assert "pour les 30 prochains jours" in answer(kb, question, "fr").hits[0].passage.text


@pytest.mark.parametrize(("question", "lang"), [("altman fired reason", "en"), ("Altman renvoi motif conseil", "fr")])
def test_a_reason_asked_in_keywords_wants_a_reason(kb: KnowledgeBase, question: str, lang: str) -> None:
    assert _query(kb, question, lang).wants_reason
    assert "n’a pas toujours été franc" in answer(kb, question, lang).hits[0].passage.text
