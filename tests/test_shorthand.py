"""Texting shorthand: the file's reader, the rewriting, and questions typed so."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.knowledge import KnowledgeBase
from bot.lexicon import LexiconError, read_shorthand, shorthand_path
from bot.shorthand import spelled_out


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "shorthand.tsv"
    path.write_text(text, encoding="utf-8")
    return path


def test_reader_folds_case(tmp_path: Path) -> None:
    table = read_shorthand(write(tmp_path, "# c\nfr\tpourquoi\tPK | pq\nen\tbefore\tb4\n"))
    assert table == {"fr": {"pk": "pourquoi", "pq": "pourquoi"}, "en": {"b4": "before"}}


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("fr\tpourquoi\n", "expected 3 tab-separated fields"),
        ("de\twarum\twrm\n", "unknown language code 'de'"),
        ("fr\tpourquoi\tpk\nfr\tparce que\tPK\n", "'PK' is already given"),
        ("fr\tparce que\tpas que\n", "'pas que' has several words"),
        ("fr\t \tpk\n", "empty full form"),
    ],
)
def test_reader_names_the_line_and_what_was_expected(tmp_path: Path, text: str, fragment: str) -> None:
    path = write(tmp_path, text)
    line = text.count("\n")
    with pytest.raises(LexiconError, match=rf"shorthand.tsv:{line}: .*{fragment}"):
        read_shorthand(path)


def test_shorthand_is_spelled_out_in_the_case_typed() -> None:
    assert spelled_out("pk altman sest fait virer", "fr") == "pourquoi altman s’est fait virer"
    assert spelled_out("PK IL EST PARTI", "fr") == "POURQUOI IL EST PARTI"
    assert spelled_out("Qd a commencé tt ça ?", "fr") == "Quand a commencé tout ça ?"
    assert spelled_out("were investors asked b4", "en") == "were investors asked before"


def test_only_whole_words_of_the_question_language_are_read() -> None:
    assert spelled_out("were investors asked b4", "fr") == "were investors asked b4"
    assert spelled_out("pk did he go", "en") == "pk did he go"
    # « U.S. », an elision and a compound hold no shorthand.
    assert spelled_out("what did the U.S. say about u", "en") == "what did the U.S. say about you"
    assert spelled_out("c’est qui, peut-être ?", "fr") == "c’est qui, peut-être ?"
    assert spelled_out("Qui a été nommé PDG par intérim ?", "fr") == "Qui a été nommé PDG par intérim ?"


def test_no_shipped_shorthand_is_a_word_of_the_article(kb: KnowledgeBase) -> None:
    """A shorthand that is a word of its language would be rewritten in every
    question using that word: the seed article's words are a sample of it."""
    table = read_shorthand(shorthand_path())
    for passage in kb.passages:
        words = {w.casefold() for w in passage.text.replace("’", " ").replace("'", " ").split()}
        assert not words & table[passage.article.lang].keys(), passage.text
