"""Translator: expressions found in a question's terms, and what they become."""

from __future__ import annotations

from pathlib import Path

from bot.analysis import ENGLISH, FRENCH, Analyzer
from bot.lexicon import read_glossary, read_synonyms
from bot.translation import GLOSSARY, Translator, load_translator

ANALYZERS = {"fr": Analyzer(FRENCH), "en": Analyzer(ENGLISH)}


def translator(tmp_path: Path) -> Translator:
    glossary = tmp_path / "glossary.tsv"
    glossary.write_text(
        "boardroom coup\tputsch au conseil d'administration | coup de force au conseil d'administration\n"
        "board | board of directors\tconseil d'administration\n",
        encoding="utf-8",
    )
    synonyms = tmp_path / "synonyms.tsv"
    synonyms.write_text("fr\tputsch | coup d'État\n", encoding="utf-8")
    return Translator([*read_glossary(glossary), *read_synonyms(synonyms)], ANALYZERS)


def test_the_longest_expression_wins(tmp_path: Path) -> None:
    terms = ANALYZERS["fr"].terms("putsch au conseil d'administration")
    (match,) = translator(tmp_path).matches(terms, "fr")
    assert (match.start, match.stop, match.trust) == (0, len(terms), GLOSSARY)
    assert ANALYZERS["en"].terms("boardroom coup") in [list(t) for t in match.by_lang["en"]]


def test_an_expression_the_articles_cannot_hold_is_read_word_by_word(tmp_path: Path) -> None:
    fr = ANALYZERS["fr"]
    terms = fr.terms("putsch au conseil d'administration")
    # The articles say « coup d'État » and « conseil d'administration », never
    # « putsch » nor « coup de force »: the whole expression would find nothing.
    known = {*fr.terms("coup d'État dans la salle du conseil d'administration")}
    found = translator(tmp_path).matches(terms, "fr", known)
    assert [(m.start, m.stop) for m in found] == [(0, 1), (1, len(terms))]
    assert tuple(fr.terms("coup d'État")) in found[0].by_lang["fr"]
    # Words the articles hold keep the long expression.
    assert len(translator(tmp_path).matches(terms, "fr", {*terms})) == 1


def test_the_shipped_lexicon_keeps_words_that_stem_alike_apart() -> None:
    # « publication » stems as « publiquement » does, « post » as « poste »:
    # written on a line about messages, they made "publicly" a job and a job a message.
    shipped = load_translator(ANALYZERS)
    french = ANALYZERS["fr"]
    (publicly,) = shipped.matches(french.terms("publiquement"), "fr")
    (job,) = shipped.matches(french.terms("poste"), "fr")
    assert ("post",) not in publicly.by_lang["fr"]
    assert ("messag",) not in job.by_lang["fr"]
    (posted,) = shipped.matches(ANALYZERS["en"].terms("posted"), "en")
    assert ("post",) not in posted.by_lang["fr"]  # « posté » folds as « poste », a job


def test_an_expression_of_several_words_does_not_stand_for_its_one_searched_word() -> None:
    # « je ferai tout » was « ferai » once its stop words were gone: « Que fera
    # Altman ? » became a promise. "to-do list" was "list".
    shipped = load_translator(ANALYZERS)
    (will_do,) = shipped.matches(ANALYZERS["fr"].terms("fera"), "fr")
    (listed,) = shipped.matches(ANALYZERS["en"].terms("list"), "en")
    assert ("promet",) not in will_do.by_lang["fr"]
    assert ("plan",) not in listed.by_lang["fr"]
