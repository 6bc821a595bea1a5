"""Reading and validating the lexicon files that translate question terms.

Three kinds of file ship in ``bot/data`` (each one documents its format in a
comment header):

``glossary.tsv``
    Hand-checked English/French equivalences for the news domain, one per line:
    ``english expressions<TAB>french expressions``, each side being one or more
    expressions separated by ``|``. Every expression of a side translates every
    expression of the other side.
``synonyms.tsv``
    Expressions that mean the same in one language: ``lang<TAB>expr | expr``.
``shorthand.tsv``
    Texting shorthand read as its full form in questions (« pk », "b4"):
    ``lang<TAB>full form<TAB>shorthand | shorthand``; not a translation, so
    read apart (`read_shorthand`) rather than with the three others.
``dictionary.tsv``
    A general dictionary generated from FreeDict by ``tools/build_dictionary.py``:
    ``lang<TAB>headword<TAB>translation | translation``, lang being the
    headword's language.

Common rules: UTF-8 (a leading byte-order mark is tolerated), lines whose
first non-blank character is ``#`` are comments, blank lines are ignored,
whitespace around and inside expressions is normalised. Any problem raises
`LexiconError`, whose message starts with ``file:line:`` and says what was
expected, so that whoever edits a file can fix it without reading this code.

The format is meant to be extended by users: they may add lines or whole
files read with the same functions, and the language codes accepted are a
parameter (`KNOWN_LANGUAGES` by default), so a glossary between other
languages needs no change here.
"""

from __future__ import annotations

import gc
import unicodedata
from collections.abc import Callable, Collection, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "DICTIONARY_TARGETS",
    "GLOSSARY_COLUMNS",
    "KNOWN_LANGUAGES",
    "READERS",
    "LexiconEntry",
    "LexiconError",
    "default_lexicon_paths",
    "read_default_lexicon",
    "read_dictionary",
    "read_glossary",
    "read_shorthand",
    "read_synonyms",
    "shorthand_path",
]

KNOWN_LANGUAGES: frozenset[str] = frozenset({"en", "fr"})
# The glossary's columns carry no language code, so their order is the format.
GLOSSARY_COLUMNS: tuple[str, str] = ("en", "fr")
# A dictionary line names only its headword's language; the other side is
# implied by the language pair the file belongs to.
DICTIONARY_TARGETS: Mapping[str, str] = {"en": "fr", "fr": "en"}

_SEPARATOR = "|"
_CANONICAL_SEPARATOR = " | "
# Whitespace other than the space, the tab (field separator) and line ends.
_ODD_SPACES = frozenset(chr(code) for code in range(0x3001) if chr(code).isspace()) - frozenset(" \t\n\r")
_ODD_SPACES_TO_SPACE = dict.fromkeys(map(ord, _ODD_SPACES), " ")
_DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True, slots=True)
class LexiconEntry:
    """One line of a lexicon file.

    ``expressions`` groups the line's expressions by language, in file order,
    e.g. ``(("en", ("CEO", "chief executive")), ("fr", ("PDG",)))``.
    ``origin`` is ``"glossary.tsv:12"``: file name and line number, so a
    surprising translation can be traced back to the line that produced it.
    """

    kind: str  # "glossary" | "synonyms" | "dictionary"
    expressions: tuple[tuple[str, tuple[str, ...]], ...]
    origin: str


class LexiconError(ValueError):
    """A lexicon file that does not follow its format.

    The message reads ``path:line: what is wrong (what was expected)``; the
    path and line number are also kept as attributes for programs.
    """

    def __init__(self, path: Path, line: int, problem: str) -> None:
        super().__init__(f"{path}:{line}: {problem}")
        self.path = path
        self.line = line
        self.problem = problem


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a file is parsed.

    Parsing allocates tens of thousands of small tuples, and every young-
    generation collection rescans them for cycles they cannot have (they hold
    only strings): about a fifth of the dictionary's load time. The previous
    state is restored, so a caller that disabled the collector keeps it off.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _lines(path: Path) -> list[tuple[int, str]]:
    """The (line number, content) pairs of the non-blank, non-comment lines."""
    data = path.read_bytes()
    try:
        # Decoding the whole file at once is much faster than line by line;
        # the slow search for the culprit only happens on failure.
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        offset = error.start + (3 if data.startswith(b"\xef\xbb\xbf") else 0)
        bad_line = data.count(b"\n", 0, offset) + 1
        column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
        raise LexiconError(
            path,
            bad_line,
            f"not valid UTF-8 (byte 0x{data[offset]:02x} at byte {column} of the line); save the file as UTF-8",
        ) from None
    # Accents typed on some systems arrive decomposed; one spelling per word
    # keeps duplicate checks and lookups honest.
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    # No-break and other exotic spaces (French typography, copy-paste from the
    # web) would make two spellings of one expression look different. A few
    # substring tests are far cheaper than a regular expression over the file.
    if any(space in text for space in _ODD_SPACES):
        text = text.translate(_ODD_SPACES_TO_SPACE)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    # split("\n") rather than splitlines(): the latter also breaks on form
    # feeds and Unicode separators, which would shift the line numbers that
    # error messages and origins report.
    lines: list[tuple[int, str]] = []
    for number, line in enumerate(text.split("\n"), start=1):
        # Most lines start with a letter; strip() only when the first
        # character leaves a doubt.
        if not line or line[0] == "#":
            continue
        if line[0].isspace():
            stripped = line.strip()
            if not stripped or stripped[0] == "#":
                continue
        lines.append((number, line))
    return lines


def _field_count_error(path: Path, number: int, found: int, count: int, layout: str) -> LexiconError:
    """The error for a line with the wrong number of tab-separated fields."""
    hint = " (are the fields separated by spaces instead of a tab?)" if found == 1 else ""
    return LexiconError(path, number, f"expected {count} tab-separated fields ({layout}), found {found}{hint}")


def _expressions(path: Path, number: int, field: str, what: str) -> tuple[str, ...]:
    """Split one field into expressions, rejecting empty and repeated ones."""
    expressions = tuple(field.split(_CANONICAL_SEPARATOR))
    # Fast path for the spelling that the shipped files use: no stray bar, no
    # padding, no double space, nothing empty or repeated. It is what makes
    # the 17,000-line dictionary load quickly; anything else takes the
    # careful path below, which normalises or explains the problem.
    if (
        field.count(_SEPARATOR) == len(expressions) - 1
        and "  " not in field
        and field == field.strip()
        and "" not in expressions
        and len(set(expressions)) == len(expressions)
    ):
        return expressions
    # Runs of spaces are folded so that "conseil  d'administration" and
    # "conseil d'administration" are the same expression.
    expressions = tuple([" ".join(part.split()) for part in field.split(_SEPARATOR)])
    if "" in expressions:
        if len(expressions) == 1:
            raise LexiconError(path, number, f"empty {what} (expected at least one expression)")
        raise LexiconError(
            path, number, f"empty expression in {what} (expected text between each '{_SEPARATOR}' separator)"
        )
    seen: set[str] = set()
    for expression in expressions:
        if expression in seen:
            raise LexiconError(path, number, f"expression {expression!r} appears twice in {what} (expected each once)")
        seen.add(expression)
    return expressions


def _language(path: Path, number: int, field: str, languages: Collection[str]) -> str:
    """Check a language code field."""
    code = field.strip()
    if code not in languages:
        expected = ", ".join(sorted(languages))
        raise LexiconError(path, number, f"unknown language code {code!r} (expected one of: {expected})")
    return code


def read_glossary(path: Path, columns: tuple[str, str] = GLOSSARY_COLUMNS) -> list[LexiconEntry]:
    """Read a bilingual glossary: ``left expressions<TAB>right expressions``.

    ``columns`` names the languages of the two columns (English then French
    for the shipped glossary). Raises `LexiconError` on a malformed line and
    `OSError` if the file cannot be read.
    """
    name = path.name
    left, right = columns
    layout = f"{left} expressions<TAB>{right} expressions"
    left_side, right_side = f"the {left} side", f"the {right} side"
    entries: list[LexiconEntry] = []
    with _collector_paused():
        for number, line in _lines(path):
            fields = line.split("\t")
            if len(fields) != 2:
                raise _field_count_error(path, number, len(fields), 2, layout)
            first, second = fields
            expressions = (
                (left, _expressions(path, number, first, left_side)),
                (right, _expressions(path, number, second, right_side)),
            )
            entries.append(LexiconEntry("glossary", expressions, f"{name}:{number}"))
    return entries


def read_synonyms(path: Path, languages: Collection[str] = KNOWN_LANGUAGES) -> list[LexiconEntry]:
    """Read synonyms within one language: ``lang<TAB>expr | expr | ...``.

    A line needs at least two expressions: one alone says nothing. Raises
    `LexiconError` on a malformed line and `OSError` if the file cannot be read.
    """
    name = path.name
    entries: list[LexiconEntry] = []
    with _collector_paused():
        for number, line in _lines(path):
            fields = line.split("\t")
            if len(fields) != 2:
                raise _field_count_error(path, number, len(fields), 2, "lang<TAB>expression | expression | ...")
            code, field = fields
            lang = _language(path, number, code, languages)
            expressions = _expressions(path, number, field, "the synonyms")
            if len(expressions) < 2:
                raise LexiconError(
                    path, number, f"only one expression (expected at least two separated by '{_SEPARATOR}')"
                )
            entries.append(LexiconEntry("synonyms", ((lang, expressions),), f"{name}:{number}"))
    return entries


def read_dictionary(path: Path, targets: Mapping[str, str] = DICTIONARY_TARGETS) -> list[LexiconEntry]:
    """Read a general dictionary: ``lang<TAB>headword<TAB>translation | ...``.

    One entry per line: ``((lang, (headword,)), (target, translations))``
    where ``targets`` maps each headword language to its translations'
    language. Raises `LexiconError` on a malformed line and `OSError` if the
    file cannot be read.
    """
    name = path.name
    layout = "lang<TAB>headword<TAB>translation | translation | ..."
    entries: list[LexiconEntry] = []
    with _collector_paused():
        for number, line in _lines(path):
            # The checks are inlined here, with the careful helpers called only
            # when something looks off, because this loop runs 17,000 times at
            # start-up.
            fields = line.split("\t")
            if len(fields) != 3:
                raise _field_count_error(path, number, len(fields), 3, layout)
            code, head, field = fields
            target = targets.get(code)
            if target is None:
                lang = _language(path, number, code, targets)
                target = targets[lang]
            else:
                lang = code
            headword = head if "  " not in head and head == head.strip() else " ".join(head.split())
            if not headword:
                raise LexiconError(path, number, "empty headword (expected a word or phrase in the second field)")
            if _SEPARATOR in headword:
                raise LexiconError(
                    path, number, "several headwords (expected one; put alternatives on their own lines)"
                )
            translations = _expressions(path, number, field, "the translations")
            expressions = ((lang, (headword,)), (target, translations))
            entries.append(LexiconEntry("dictionary", expressions, f"{name}:{number}"))
    return entries


def read_shorthand(path: Path, languages: Collection[str] = KNOWN_LANGUAGES) -> dict[str, dict[str, str]]:
    """Read texting shorthand: ``lang<TAB>full form<TAB>shorthand | ...``.

    Returns, by language, each shorthand (case-folded) and its full form. A
    shorthand is one word, given once per language. Raises `LexiconError` on
    a malformed line and `OSError` if the file cannot be read.
    """
    found: dict[str, dict[str, str]] = {lang: {} for lang in languages}
    for number, line in _lines(path):
        fields = line.split("\t")
        if len(fields) != 3:
            raise _field_count_error(path, number, len(fields), 3, "lang<TAB>full form<TAB>shorthand | ...")
        code, full, field = fields
        lang = _language(path, number, code, languages)
        full = " ".join(full.split())
        if not full:
            raise LexiconError(path, number, "empty full form (expected the words the shorthand stands for)")
        for shorthand in _expressions(path, number, field, "the shorthands"):
            if " " in shorthand:
                raise LexiconError(path, number, f"shorthand {shorthand!r} has several words (expected one word)")
            key = shorthand.casefold()
            if key in found[lang]:
                raise LexiconError(path, number, f"shorthand {shorthand!r} is already given (expected each once)")
            found[lang][key] = full
    return found


READERS: Mapping[str, Callable[[Path], list[LexiconEntry]]] = {
    "glossary": read_glossary,
    "synonyms": read_synonyms,
    "dictionary": read_dictionary,
}


def default_lexicon_paths() -> dict[str, Path]:
    """The lexicon files shipped with the bot, by kind."""
    # Plain paths rather than importlib.resources: the package is installed
    # in editable mode or run from the tree, and callers want real files.
    return {kind: _DATA_DIR / f"{kind}.tsv" for kind in READERS}


def shorthand_path() -> Path:
    """The texting shorthand file shipped with the bot."""
    return _DATA_DIR / "shorthand.tsv"


def read_default_lexicon() -> list[LexiconEntry]:
    """Every entry of the shipped files, glossary first, then synonyms, then dictionary."""
    entries: list[LexiconEntry] = []
    for kind, path in default_lexicon_paths().items():
        entries.extend(READERS[kind](path))
    return entries
