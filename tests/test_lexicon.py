"""Lexicon files: readers, validation messages and the shipped data."""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

import pytest

from bot.lexicon import (
    LexiconEntry,
    LexiconError,
    default_lexicon_paths,
    read_default_lexicon,
    read_dictionary,
    read_glossary,
    read_synonyms,
)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def raises_at(location: str, fragment: str) -> pytest.RaisesExc[LexiconError]:
    """Expect a LexiconError naming `location` (file:line) and saying `fragment`."""
    return pytest.raises(LexiconError, match=rf"{location}: .*{fragment}")


# --- valid files -----------------------------------------------------------


def test_glossary_reads_sides_comments_and_line_numbers(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "g.tsv",
        "# a comment\n"
        "\n"
        "CEO | chief executive\tPDG | directeur général\n"
        "   # an indented comment\n"
        "board | board of directors\tconseil d'administration | conseil\n",
    )
    entries = read_glossary(path)
    assert entries == [
        LexiconEntry(
            "glossary",
            (("en", ("CEO", "chief executive")), ("fr", ("PDG", "directeur général"))),
            "g.tsv:3",
        ),
        LexiconEntry(
            "glossary",
            (("en", ("board", "board of directors")), ("fr", ("conseil d'administration", "conseil"))),
            "g.tsv:5",
        ),
    ]


def test_spacing_bom_crlf_and_decomposed_accents_are_normalised(tmp_path: Path) -> None:
    path = tmp_path / "g.tsv"
    text = "\ufefffired|sacked  \t  conseil\u00a0 d'administration |e\u0301vince\u0301\r\n"
    path.write_bytes(text.encode("utf-8"))
    [entry] = read_glossary(path)
    assert entry.expressions == (("en", ("fired", "sacked")), ("fr", ("conseil d'administration", "évincé")))
    assert entry.origin == "g.tsv:1"


def test_synonyms_read_language_and_expressions(tmp_path: Path) -> None:
    path = write(tmp_path, "s.tsv", "# header\nfr\tsalariés | employés | personnel\nen\tfired | sacked\n")
    assert read_synonyms(path) == [
        LexiconEntry("synonyms", (("fr", ("salariés", "employés", "personnel")),), "s.tsv:2"),
        LexiconEntry("synonyms", (("en", ("fired", "sacked")),), "s.tsv:3"),
    ]


def test_dictionary_lines_translate_their_headword(tmp_path: Path) -> None:
    path = write(tmp_path, "d.tsv", "en\tboard\tconseil | planche\nfr\tlicencier\tdismiss | fire | sack\n")
    assert read_dictionary(path) == [
        LexiconEntry("dictionary", (("en", ("board",)), ("fr", ("conseil", "planche"))), "d.tsv:1"),
        LexiconEntry("dictionary", (("fr", ("licencier",)), ("en", ("dismiss", "fire", "sack"))), "d.tsv:2"),
    ]


def test_languages_are_a_parameter(tmp_path: Path) -> None:
    glossary = write(tmp_path, "g.tsv", "Vorstand\tboard\n")
    assert read_glossary(glossary, columns=("de", "en"))[0].expressions == (("de", ("Vorstand",)), ("en", ("board",)))
    synonyms = write(tmp_path, "s.tsv", "de\tChef | Vorgesetzter\n")
    assert read_synonyms(synonyms, languages={"de"})[0].expressions == (("de", ("Chef", "Vorgesetzter")),)
    dictionary = write(tmp_path, "d.tsv", "de\tVorstand\tboard\n")
    assert read_dictionary(dictionary, targets={"de": "en"})[0].expressions == (
        ("de", ("Vorstand",)),
        ("en", ("board",)),
    )


# --- errors: each names file:line and what was expected ----------------------


def test_glossary_wrong_field_count(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.tsv", "# ok\nCEO\tPDG\nCEO PDG\n")
    with raises_at("bad.tsv:3", r"expected 2 tab-separated fields .*found 1.*spaces instead of a tab"):
        read_glossary(path)
    path = write(tmp_path, "bad.tsv", "CEO\tPDG\tpatron\n")
    with raises_at("bad.tsv:1", "expected 2 tab-separated fields.*found 3"):
        read_glossary(path)


def test_synonyms_and_dictionary_wrong_field_count(tmp_path: Path) -> None:
    with raises_at("s.tsv:2", "expected 2 tab-separated fields"):
        read_synonyms(write(tmp_path, "s.tsv", "fr\ta | b\nfr\ta | b\tc\n"))
    with raises_at("d.tsv:1", r"expected 3 tab-separated fields \(lang<TAB>headword<TAB>"):
        read_dictionary(write(tmp_path, "d.tsv", "en\tboard\n"))


def test_empty_expression(tmp_path: Path) -> None:
    with raises_at("g.tsv:2", "empty expression in the fr side"):
        read_glossary(write(tmp_path, "g.tsv", "a\tb\nCEO\tPDG |  | patron\n"))
    with raises_at("g.tsv:1", "empty expression in the en side"):
        read_glossary(write(tmp_path, "g.tsv", "CEO |\tPDG\n"))
    with raises_at("d.tsv:1", "empty expression in the translations"):
        read_dictionary(write(tmp_path, "d.tsv", "en\tboard\tconseil | | planche\n"))


def test_empty_side_and_empty_headword(tmp_path: Path) -> None:
    with raises_at("g.tsv:1", "empty the en side .*expected at least one expression"):
        read_glossary(write(tmp_path, "g.tsv", "  \tPDG\n"))
    with raises_at("d.tsv:1", "empty headword"):
        read_dictionary(write(tmp_path, "d.tsv", "en\t \tconseil\n"))


def test_repeated_expression_within_a_side(tmp_path: Path) -> None:
    with raises_at("g.tsv:1", "'PDG' appears twice in the fr side"):
        read_glossary(write(tmp_path, "g.tsv", "CEO\tPDG | patron | PDG\n"))


def test_unknown_language_code(tmp_path: Path) -> None:
    with raises_at("s.tsv:1", r"unknown language code 'de' \(expected one of: en, fr\)"):
        read_synonyms(write(tmp_path, "s.tsv", "de\tChef | Vorgesetzter\n"))
    with raises_at("d.tsv:2", "unknown language code 'english'"):
        read_dictionary(write(tmp_path, "d.tsv", "en\tboard\tconseil\nenglish\tboard\tconseil\n"))


def test_bad_encoding_reports_the_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.tsv"
    path.write_bytes("# glossaire\nCEO\tPDG\nemployees\tsalariés\n".encode("latin-1"))
    with raises_at("latin1.tsv:3", r"not valid UTF-8 \(byte 0xe9 at byte 17 of the line\)"):
        read_glossary(path)


def test_bad_encoding_after_a_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "bom.tsv"
    path.write_bytes(b"\xef\xbb\xbffr\tPDG | patron\nfr\tsalari\xe9s | employ\xe9s\n")
    with raises_at("bom.tsv:2", r"byte 0xe9 at byte 10 of the line"):
        read_synonyms(path)


def test_synonyms_need_two_expressions(tmp_path: Path) -> None:
    with raises_at("s.tsv:1", "only one expression"):
        read_synonyms(write(tmp_path, "s.tsv", "fr\tpatron\n"))


def test_dictionary_has_one_headword_per_line(tmp_path: Path) -> None:
    with raises_at("d.tsv:1", "several headwords"):
        read_dictionary(write(tmp_path, "d.tsv", "en\tfire | sack\tvirer\n"))


def test_error_keeps_path_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, "g.tsv", "\n\nonly one field\n")
    with pytest.raises(LexiconError) as caught:
        read_glossary(path)
    assert caught.value.path == path
    assert caught.value.line == 3
    assert isinstance(caught.value, ValueError)


# --- the shipped files -------------------------------------------------------


@pytest.fixture(scope="module")
def glossary() -> list[LexiconEntry]:
    return read_glossary(default_lexicon_paths()["glossary"])


def test_shipped_files_exist_and_load(glossary: list[LexiconEntry]) -> None:
    paths = default_lexicon_paths()
    assert set(paths) == {"glossary", "synonyms", "dictionary"}
    assert all(path.is_file() for path in paths.values())
    synonyms = read_synonyms(paths["synonyms"])
    dictionary = read_dictionary(paths["dictionary"])
    assert len(synonyms) >= 100
    assert {entry.expressions[0][0] for entry in synonyms} == {"en", "fr"}
    assert len(read_default_lexicon()) == len(glossary) + len(synonyms) + len(dictionary)


def test_glossary_is_large_enough(glossary: list[LexiconEntry]) -> None:
    assert len(glossary) >= 500
    assert all(entry.kind == "glossary" and entry.origin.startswith("glossary.tsv:") for entry in glossary)


@pytest.mark.parametrize(
    ("english", "french"),
    [
        ("CEO", "PDG"),
        ("CEO", "directeur général"),
        ("board", "conseil d'administration"),
        ("fired", "viré"),
        ("fired", "limogé"),
        ("ousted", "évincé"),
        ("employees", "employés"),
        ("employees", "salariés"),
        ("resign", "démissionner"),
        ("interim", "par intérim"),
        ("chief scientist", "scientifique en chef"),
        ("Monday", "lundi"),
        ("November", "novembre"),
        ("weekend", "week-end"),
        ("the day before", "la veille"),
        ("coup", "putsch"),
        ("artificial intelligence", "intelligence artificielle"),
        ("AI", "IA"),
        ("generative AI", "IA générative"),
    ],
)
def test_glossary_has_key_pairs(glossary: list[LexiconEntry], english: str, french: str) -> None:
    assert any(
        english in dict(entry.expressions)["en"] and french in dict(entry.expressions)["fr"] for entry in glossary
    ), f"no glossary line translates {english!r} as {french!r}"


def test_glossary_lines_have_two_full_sides_without_repeats() -> None:
    # Checked on the raw text, independently of the reader's own validation.
    text = default_lexicon_paths()["glossary"].read_text(encoding="utf-8")
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        sides = line.split("\t")
        assert len(sides) == 2, f"glossary.tsv:{number}: {line!r}"
        for side in sides:
            expressions = [expression.strip().casefold() for expression in side.split("|")]
            assert all(expressions), f"glossary.tsv:{number}: empty expression in {side!r}"
            repeated = [e for e, count in Counter(expressions).items() if count > 1]
            assert not repeated, f"glossary.tsv:{number}: {repeated} repeated in {side!r}"


def test_dictionary_covers_both_directions_and_is_clean() -> None:
    path = default_lexicon_paths()["dictionary"]
    entries = read_dictionary(path)
    by_lang = Counter(entry.expressions[0][0] for entry in entries)
    assert by_lang["en"] > 5000 and by_lang["fr"] > 5000
    for entry in entries:
        translations = entry.expressions[1][1]
        assert 1 <= len(translations) <= 6, entry.origin
        assert not any(char in t for t in translations for char in "()[]<>/"), entry.origin
    header = path.read_text(encoding="utf-8").split("\n", 30)[:30]
    credits = "\n".join(line for line in header if line.startswith("#"))
    assert "FreeDict" in credits and "GPL-2.0-or-later" in credits


def test_reading_everything_is_fast() -> None:
    # The budget is 100 ms on a developer machine; the bound here is loose so
    # that a busy CI runner does not fail it, yet it catches an accidental
    # quadratic loop or per-line file access.
    best = min(_time_all() for _ in range(3))
    assert best < 1.0


def _time_all() -> float:
    start = time.perf_counter()
    read_default_lexicon()
    return time.perf_counter() - start
