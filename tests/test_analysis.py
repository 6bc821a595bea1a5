"""Analyzers: folding, elisions, compounds, stop words, stemming, names."""

from __future__ import annotations

import pytest

from bot.analysis import (
    ENGLISH,
    FRENCH,
    Analyzer,
    asked_measures,
    asks_first,
    find_names,
    fold,
    folded_words,
    gives_measure,
    is_shouted,
    mentions_number,
    mentions_phrase,
    quotes_a_word,
    split_words,
    tells_time,
)


def test_fold_removes_case_accents_and_ligatures() -> None:
    assert fold("ÉVINCÉ") == "evince"
    assert fold("Cœur") == "coeur"
    assert fold("e\u0301quipe") == "equipe"  # NFD input


def test_accents_and_capitals_do_not_change_terms() -> None:
    fr = Analyzer(FRENCH)
    assert fr.terms("Le conseil d’administration a évincé les employés") == fr.terms(
        "LE CONSEIL D'ADMINISTRATION A EVINCE LES EMPLOYES"
    )


def test_french_elisions_are_dropped() -> None:
    fr = Analyzer(FRENCH)
    assert fr.terms("l’éviction d’Altman qu’il jusqu’à lorsqu’il") == fr.terms("éviction Altman à")


def test_hyphenated_words_are_found_by_parts_and_whole() -> None:
    fr = Analyzer(FRENCH)
    terms = fr.terms("le week-end")
    assert "week" in terms and "end" in terms and "weekend" in terms
    assert [w.folded for w in split_words("capital-risque")] == ["capital", "risque", "capitalrisque"]


def test_stop_words_keep_content_words() -> None:
    en = Analyzer(ENGLISH)
    assert en.terms("What is the new research team at Microsoft?") == ["new", "research", "team", "microsoft"]
    fr = Analyzer(FRENCH)
    assert fr.terms("Qui a été nommé PDG ?") == ["nomm", "pdg"]
    # « toute l'affaire » is not about « échapper à tout contrôle ».
    assert fr.terms("le début de toute l’affaire") == ["debut", "affair"]
    # Elisions typed without their apostrophe are no unknown names.
    assert fr.terms("cest qui quil a nommé") == ["nomm"]
    assert en.terms("why didnt he stay") == ["stay"]
    # « MM. » (messieurs) is a title, not an acronym.
    assert fr.terms("MM. Pachocki et Sidor") == fr.terms("Pachocki et Sidor")
    # "even" is no « événements » (both stem as "even").
    assert en.terms("was brockman even in on it") == ["brockman"]
    # « quelqu'un » is a pronoun, no « quelques ».
    assert fr.terms("quelqu’un qui part") == ["part"]
    assert fr.terms("quelques jours") == ["quelqu", "jour"]


def test_stemming_conflates_inflections() -> None:
    fr = Analyzer(FRENCH)
    assert fr.terms("démissionner")[0] == fr.terms("démissionne")[0]
    en = Analyzer(ENGLISH)
    assert en.terms("fired")[0] == en.terms("firing")[0]


def test_feminine_participles_stem_as_masculine_ones_without_accents() -> None:
    fr = Analyzer(FRENCH)
    # Folded, « informée » is « informee », which Snowball alone leaves apart from « informé ».
    for words in (("informée", "informé", "informées", "informes"), ("signée", "signé", "SIGNEES", "signe")):
        assert len({fr.terms(w)[0] for w in words}) == 1, words


def test_names_are_not_stemmed() -> None:
    plain = Analyzer(FRENCH)
    assert plain.terms("OpenAI") == ["open"]  # the reason for the names list
    names = find_names(["Le géant OpenAI a vu Mira Murati partir.", "La société OpenAI."])
    assert {"openai", "murati", "mira"} <= names
    fr = Analyzer(FRENCH, names)
    assert fr.terms("openai MURATI") == ["openai", "murati"]


def test_words_seen_in_lower_case_or_only_at_sentence_start_are_not_names() -> None:
    names = find_names(["Conseil et conseil.", "Le vent. Pluie fine."])
    assert "conseil" not in names and "pluie" not in names and "le" not in names


def test_tokens_carry_offsets_of_the_original_text() -> None:
    fr = Analyzer(FRENCH)
    text = "Le PDG d’OpenAI"
    assert [text[t.start: t.end] for t in fr.tokens(text)] == ["PDG", "OpenAI"]


def test_odd_input_gives_no_terms() -> None:
    fr = Analyzer(FRENCH)
    assert fr.terms("") == []
    assert fr.terms("?!… 🙂 -- ''") == []


def test_numbers_in_digits_or_words() -> None:
    assert mentions_number("plus de 500 employés", FRENCH)
    assert mentions_number("moins de quinze jours", FRENCH)
    assert mentions_number("a plan in three points", ENGLISH)
    assert not mentions_number("un plan pour une entreprise", FRENCH)
    assert not mentions_number("one of the founders", ENGLISH)


def test_numbers_inside_skipped_spans_do_not_count() -> None:
    text = "un message daté du 19 novembre"
    day = (text.index("19"), len(text))
    assert not mentions_number(text, FRENCH, [day])
    assert mentions_number("500 employés, le 19 novembre", FRENCH, [(15, 28)])


def test_a_question_word_is_also_found_by_its_dictionary_form() -> None:
    fr = Analyzer(FRENCH, names={"altman"})
    # The stemmer leaves « travaillent » whole; its lemma meets « travaille ».
    assert fr.stem("travaillent") != fr.stem("travaille")
    assert fr.lemma_term("Travaillent") == fr.stem("travaille")
    assert Analyzer(ENGLISH).lemma_term("told") == Analyzer(ENGLISH).stem("tell")
    assert fr.lemma_term("travaille") is None  # same term as typed: nothing to add
    assert fr.lemma_term("Altman") is None  # names are never looked up
    assert fr.lemma_term("xqzwv") is None


def test_phrases_are_found_as_whole_words_whatever_the_case_and_accents() -> None:
    assert mentions_phrase(folded_words("Pour quelle RAISON a-t-il été viré ?"), FRENCH.reason_questions)
    assert mentions_phrase(folded_words("une déclaration selon laquelle Altman"), FRENCH.reason_markers)
    assert not mentions_phrase(folded_words("une carte"), ("car",))  # « car » is not in « carte »
    assert mentions_phrase(folded_words("How come he left?"), ENGLISH.reason_questions)


def test_questions_for_a_measure_and_passages_that_give_it() -> None:
    assert asked_measures(folded_words("Quel est le salaire de Sam Altman ?"), FRENCH) == ("money",)
    assert asked_measures(folded_words("Combien Microsoft a-t-il investi dans OpenAI ?"), FRENCH) == ("money",)
    assert asked_measures(folded_words("How much is Sam Altman paid?"), ENGLISH) == ("money",)
    assert asked_measures(folded_words("What is OpenAI worth?"), ENGLISH) == ("money",)
    assert asked_measures(folded_words("What compensation did Microsoft offer Altman?"), ENGLISH) == ("money",)
    # "The money people" are investors; "how much money" asks an amount.
    assert asked_measures(folded_words("What were the money people up to?"), ENGLISH) == ()
    assert asked_measures(folded_words("How much money did Microsoft put in?"), ENGLISH) == ("money",)
    assert asked_measures(folded_words("Combien d'argent Microsoft a-t-il mis ?"), FRENCH) == ("money",)
    assert asked_measures(folded_words("QUEL AGE A SAM ALTMAN"), FRENCH) == ("age",)
    assert asked_measures(folded_words("How old is Sam Altman?"), ENGLISH) == ("age",)
    assert asked_measures(folded_words("Combien d'employés ont signé la lettre ?"), FRENCH) == ()
    assert asked_measures(folded_words("How much is Microsoft paying to hire Altman?"), ENGLISH) == ("money",)
    # Whether a push paid off asks no amount; a share of the staff is no stake.
    assert asked_measures(folded_words("Did the campaign to bring Altman back pay off?"), ENGLISH) == ()
    assert asked_measures(folded_words("Was the severance paid off?"), ENGLISH) == ("money",)
    assert asked_measures(folded_words("Quelle part des effectifs a signé la lettre ?"), FRENCH) == ()
    assert asked_measures(folded_words("Quelle part du capital Microsoft détient-il ?"), FRENCH) == ("stake",)
    # A yes-or-no question, not one for an amount:
    assert asked_measures(folded_words("Microsoft a-t-il investi dans OpenAI ?"), FRENCH) == ()
    assert asked_measures(folded_words("How many investors backed Altman?"), ENGLISH) == ()
    # What the asker holds is the setting of the question, not what it asks:
    question = "I hold MSFT stock. What was going on behind closed doors?"
    assert asked_measures(folded_words(question), ENGLISH, question) == ()
    question = "Je suis un petit porteur avec quelques actions Microsoft. Qu'a fait Altman ?"
    assert asked_measures(folded_words(question), FRENCH, question) == ()
    question = "Comment l'action Microsoft a-t-elle réagi en Bourse ?"
    assert asked_measures(folded_words(question), FRENCH, question) == ("stock",)
    # An hour, not a period:
    question = "At what time was Altman fired?"
    assert asked_measures(folded_words(question), ENGLISH, question) == ("time",)
    question = "Over what time frame does Shear's plan run?"
    assert asked_measures(folded_words(question), ENGLISH, question) == ()
    assert gives_measure("Microsoft a investi 13 milliards de dollars", "money", FRENCH)
    assert gives_measure("a $10bn investment", "money", ENGLISH)
    assert not gives_measure("plus de 500 des 770 employés", "money", FRENCH)
    assert gives_measure("Sam Altman, 38 ans, a cofondé OpenAI", "age", FRENCH)
    assert not gives_measure("Sam Altman a cofondé OpenAI", "age", FRENCH)
    assert not gives_measure("38 ans", "weight", FRENCH)  # a measure the language does not know


def test_questions_for_a_year_or_a_time_of_day_want_one_in_the_passage() -> None:
    assert asked_measures(folded_words("En quelle année OpenAI a-t-elle été créée ?"), FRENCH) == ("year",)
    assert asked_measures(folded_words("What year was ChatGPT released?"), ENGLISH) == ("year",)
    assert asked_measures(folded_words("A QUELLE HEURE a commencé la réunion"), FRENCH) == ("time",)
    question = "At what time did the meeting start?"
    assert asked_measures(folded_words(question), ENGLISH, question) == ("time",)
    assert asked_measures(folded_words("When exactly did the board move — day and time?"), ENGLISH) == ("time",)
    assert asked_measures(folded_words("What exact time did the coup start?"), ENGLISH) == ("time",)
    assert asked_measures(folded_words("Altman viré quand ? jour et heure"), FRENCH) == ("time",)
    assert asked_measures(folded_words("Quel jour Altman a-t-il été renvoyé ?"), FRENCH) == ()
    for stock in ("L'action Microsoft a-t-elle grimpé ?", "comment a reagi le cours de l action microsoft en bourse"):
        assert asked_measures(folded_words(stock), FRENCH, stock) == ("stock",)
    assert asked_measures(folded_words("How did Microsoft's stock react?"), ENGLISH) == ("stock",)
    board = "Que regrette Sutskever dans les actions du conseil ?"
    assert asked_measures(folded_words(board), FRENCH, board) == ()
    assert gives_measure("the shares fell 12.5% after the announcement", "stock", ENGLISH)
    assert not gives_measure("ma participation aux actions du conseil", "stock", FRENCH)
    assert asked_measures(folded_words("Où se trouve le siège d'OpenAI ?"), FRENCH) == ("place",)
    assert asked_measures(folded_words("Brockman a-t-il conservé son siège au conseil ?"), FRENCH) == ()  # a seat
    based = "where is openai based"
    assert asked_measures(folded_words(based), ENGLISH, based) == ("place",)
    assert gives_measure("OpenAI, basée à San Francisco", "place", FRENCH)
    assert not gives_measure("Je n’ai jamais eu l’intention de nuire à OpenAI.", "place", FRENCH)
    assert asked_measures(folded_words("Quelle part du capital d'OpenAI Microsoft détient-il ?"), FRENCH) == ("stake",)
    assert asked_measures(folded_words("What stake does Thrive Capital hold?"), ENGLISH) == ("stake",)
    assert asked_measures(folded_words("Roughly what share of the workforce signed?"), ENGLISH) == ()
    for founded in ("When was OpenAI founded?", "Quand OpenAI a-t-elle été fondée ?", "openai créée quand"):
        profile = ENGLISH if founded.startswith("When") else FRENCH
        assert asked_measures(folded_words(founded), profile, founded) == ("year",)
    assert asked_measures(folded_words("When did the saga start?"), ENGLISH, "When did the saga start?") == ()
    dollars = "microsoft a mis combien de $$"
    assert asked_measures(folded_words(dollars), FRENCH, dollars) == ("money",)
    assert gives_measure("OpenAI, fondée en 2015 à San Francisco", "year", FRENCH)
    assert not gives_measure("plus de 500 des 770 employés", "year", FRENCH)
    assert not gives_measure("le vendredi 17 novembre", "year", FRENCH)
    assert gives_measure("a débuté à midi le vendredi 17 novembre", "time", FRENCH)
    assert gives_measure("la réunion a commencé à 14h30", "time", FRENCH)
    assert gives_measure("The call started at 9:15", "time", ENGLISH)
    assert gives_measure("on Friday afternoon", "time", ENGLISH)
    assert not gives_measure("le vendredi 17 novembre", "time", FRENCH)


def test_question_words_typed_as_on_a_phone_are_function_words() -> None:
    fr = Analyzer(FRENCH)
    assert all(fr.is_stopword(w) for w in ("koi", "pk", "ki", "qd"))
    assert mentions_phrase(folded_words("pk altman a ete vire"), FRENCH.reason_questions)
    assert Analyzer(ENGLISH).is_stopword("whats")


def test_a_name_with_a_bare_possessive_s_is_the_name() -> None:
    fr = Analyzer(FRENCH, names={"murati"})
    assert fr.stem("muratis") == "murati"
    assert fr.stem("employes") == fr.stem("employe")  # other words are stemmed as usual


def test_folded_words_read_a_compound_as_its_parts() -> None:
    assert folded_words("Que s'est-il passé ?") == ("que", "s", "est", "il", "passe")
    assert mentions_phrase(folded_words("Que s'est-il passé ?"), FRENCH.summary_questions)
    assert mentions_phrase(folded_words("que s est il passe"), FRENCH.summary_questions)


def test_a_word_in_capitals_is_an_acronym_even_if_it_spells_a_stop_word() -> None:
    fr, en = Analyzer(FRENCH), Analyzer(ENGLISH)
    assert "ca" in fr.terms("Brockman a été exclu du CA")
    assert "ca" not in fr.terms("ça alors, ca va")
    assert "us" in en.terms("the US government")
    assert "us" not in en.terms("tell us more")
    assert "a" not in fr.terms("A Paris")  # one capital letter is no acronym


def test_questions_about_what_came_first() -> None:
    def folded(text: str) -> list[str]:
        return [w.folded for w in split_words(text) if not w.parts]

    assert asks_first(folded("Who was first named interim CEO?"), ENGLISH)
    assert asks_first(folded("Qui a été nommé PDG par intérim en premier ?"), FRENCH)
    assert asks_first(folded("Qui a été la première à l'apprendre ?"), FRENCH)
    assert not asks_first(folded("What will Shear do in his first 30 days?"), ENGLISH)
    assert not asks_first(folded("Quel est le programme pour le premier mois ?"), FRENCH)
    assert not asks_first([], ENGLISH)  # a question of punctuation only


def test_a_moment_without_a_date() -> None:
    assert tells_time("l’équipe en a été informée peu de temps après", FRENCH)
    assert tells_time("à l’exception de Mira qui l’a appris la veille au soir", FRENCH)
    assert tells_time("It started at noon.", ENGLISH)
    assert not tells_time("Le conseil a ajouté qu’il n’a plus confiance.", FRENCH)


@pytest.mark.parametrize(
    ("text", "shouted"),
    [
        ("QUI EST EMMETT SHEAR ?", True),
        ("ALTMAN VIRE VIA QUOI visio", True),  # a word in lower case among capitals
        ("OpenAI CEO fired", False),
        ("le CA a viré Altman", False),
        ("Did the US and the UK comment?", False),
    ],
)
def test_a_question_nearly_all_in_capitals_is_shouted(text: str, shouted: bool) -> None:
    assert is_shouted(text) is shouted


def test_a_word_quoted_on_its_own_is_told_from_a_statement() -> None:
    assert quotes_a_word("où on lui a dit qu’il était « viré ».")
    assert not quotes_a_word("tweetant que « sur la base des nouvelles d’aujourd’hui, je démissionne ».")
    assert not quotes_a_word("Il a dit qu’il était viré.")
