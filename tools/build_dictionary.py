"""Build ``bot/data/dictionary.tsv`` from Debian's FreeDict English/French dictionaries.

This is a development-time script: the bot only reads the generated TSV file
and never needs the FreeDict packages at run time.

How to rerun it (as root, on a Debian/Ubuntu machine)::

    apt-get update
    apt-get install -y dict-freedict-eng-fra dict-freedict-fra-eng
    .venv/bin/python tools/build_dictionary.py

The packages install ``freedict-eng-fra`` and ``freedict-fra-eng`` into
``/usr/share/dictd/`` as a dictd ``.index`` file (tab-separated headword,
base64 offset, base64 length) and a ``.dict.dz`` file (gzip-compatible
text).  Each article looks like::

    fire /faiər/
    1. partir
    2. licencier, renvoyer, suspendre
    3. feu

or, in the French-English dictionary, with a grammar tag and notes::

    verlan /vɛʀlɑ̃/ <n, masc>
    1. back-slang
    2.
     french slang formed by reversal of syllables

The output has one line per (source language, headword)::

    en<TAB>fire<TAB>partir | licencier | feu | incendie | tirer | renvoyer

Options: ``--dictd-dir`` (default ``/usr/share/dictd``), ``--output``
(default ``bot/data/dictionary.tsv`` next to this script's project) and
``--max-translations`` (default 6).
"""

from __future__ import annotations

import argparse
import gzip
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = PROJECT_ROOT / "bot" / "data" / "dictionary.tsv"
DEFAULT_DICTD_DIR = Path("/usr/share/dictd")

# (dictd database name, Debian package, source language, target language)
SOURCES: tuple[tuple[str, str, str, str], ...] = (
    ("freedict-eng-fra", "dict-freedict-eng-fra", "en", "fr"),
    ("freedict-fra-eng", "dict-freedict-fra-eng", "fr", "en"),
)

_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_B64_VALUE = {char: value for value, char in enumerate(_B64)}

# Headword line: "headword /pronunciation/ <grammar>"; both tails are optional
# and the pronunciation may itself contain parentheses or spaces.
_HEADWORD_LINE = re.compile(r"^(?P<head>.*?)(?:\s+/[^/]*/)?(?:\s+<[^>]*>)?\s*$")
_SENSE_LINE = re.compile(r"^(?P<number>\d+)\.\s*(?P<text>.*)$")
_DOMAIN_TAG = re.compile(r"\[[^\]]*\]")
_PARENTHESES = re.compile(r"\([^()]*\)")
_SPACES = re.compile(r"\s+")
# Typographic hyphens and apostrophes would make the same word look different
# from what users type, so they are folded to ASCII.
_FOLD = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2013": "-", "\u2019": "'"})
# Misspellings noticed in the FreeDict data while checking the output by hand.
_CORRECTIONS = {
    "démissioner": "démissionner",
    "àraisonde": "à raison de",
    "au milie de": "au milieu de",
    "légerement": "légèrement",
    "fleuveNelson": "fleuve Nelson",
}
# Anything outside letters, digits and a little punctuation is a sign of a
# mangled entry rather than a word.
_WORD_OK = re.compile(r"^[^\W_](?:[\w' .-]*[\w.])?$")


def decode_base64_number(text: str) -> int:
    """Decode dictd's base64 numbers (offsets and lengths in the index)."""
    value = 0
    for char in text:
        value = value * 64 + _B64_VALUE[char]
    return value


@dataclass
class Article:
    """One dictionary article: a headword and its senses, in order."""

    headword: str
    senses: list[list[str]] = field(default_factory=list)


def read_articles(index_path: Path, dict_path: Path) -> Iterator[tuple[str, str]]:
    """Yield (index headword, article text) for every index line."""
    with gzip.open(dict_path, "rb") as handle:
        data = handle.read()
    with index_path.open(encoding="utf-8") as index:
        for line in index:
            headword, offset, length = line.rstrip("\n").split("\t")
            start = decode_base64_number(offset)
            end = start + decode_base64_number(length)
            yield headword, data[start:end].decode("utf-8")


def clean_expression(text: str) -> str:
    """Strip notes, domain tags and punctuation noise from one expression."""
    text = text.translate(_FOLD)
    text = _DOMAIN_TAG.sub(" ", text)
    # Nested parentheses are rare; two passes remove them too.
    text = _PARENTHESES.sub(" ", text)
    text = _PARENTHESES.sub(" ", text)
    text = _SPACES.sub(" ", text).strip(" ,;:")
    return _CORRECTIONS.get(text, text)


def is_usable(expression: str) -> bool:
    """Tell whether a cleaned expression is a word or phrase worth keeping."""
    if not expression or len(expression) > 60:
        return False
    # "il y a ...", "... ago": patterns with a hole, not translations.
    if "..." in expression or "…" in expression:
        return False
    # Affixes such as "-able" or "-ness" are not searchable words.
    if expression.startswith("-") or expression.endswith("-"):
        return False
    if any(char in expression for char in '()[]<>"=/\t|'):
        return False
    return bool(_WORD_OK.match(expression))


def split_translations(text: str) -> list[str]:
    """Split a sense line on commas that are not inside parentheses."""
    parts: list[str] = []
    depth = 0
    current: list[str] = []
    for char in text:
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        if char in ",;" and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def parse_article(text: str) -> Article | None:
    """Parse one article; return None for metadata or unparsable articles."""
    lines = text.split("\n")
    match = _HEADWORD_LINE.match(lines[0])
    if match is None:
        return None
    article = Article(headword=clean_expression(match.group("head")))
    for line in lines[1:]:
        # Indented lines are notes or usage examples belonging to the sense
        # above; they explain rather than translate, so they are dropped.
        if not line.strip() or line[:1].isspace():
            continue
        sense = _SENSE_LINE.match(line)
        body = sense.group("text") if sense else line
        if '"' in body:
            continue
        translations = [clean_expression(part) for part in split_translations(body)]
        usable = [item for item in translations if is_usable(item)]
        if usable:
            article.senses.append(usable)
    return article


def pick_translations(senses: list[list[str]], limit: int) -> list[str]:
    """Pick up to ``limit`` translations, taking one per sense in turn.

    Round-robin over senses keeps the rarer senses represented instead of
    letting the first long sense fill every slot.
    """
    chosen: list[str] = []
    seen: set[str] = set()
    depth = 0
    while len(chosen) < limit and any(depth < len(sense) for sense in senses):
        for sense in senses:
            if depth < len(sense) and len(chosen) < limit:
                candidate = sense[depth]
                if candidate.casefold() not in seen:
                    seen.add(candidate.casefold())
                    chosen.append(candidate)
        depth += 1
    return chosen


@dataclass
class Header:
    """What the dictionary says about itself in its 00database* entries."""

    short: str = ""  # e.g. "English-French FreeDict Dictionary ver. 0.1.6"
    edition: str = ""
    copyright: str = ""
    licence: str = ""
    authors: list[str] = field(default_factory=list)  # from the changelog, oldest first


def read_header(dictd_dir: Path, database: str) -> Header:
    """Read name, edition, copyright and licence from the 00database* entries."""
    header = Header()
    index_path = dictd_dir / f"{database}.index"
    dict_path = dictd_dir / f"{database}.dict.dz"
    for headword, text in read_articles(index_path, dict_path):
        if headword == "00databaseshort":
            header.short = text.strip().splitlines()[-1].strip()
        elif headword == "00databaseinfo":
            found = re.search(r"^Edition:\s*(\S+)", text, re.MULTILINE)
            header.edition = found.group(1) if found else ""
            # The "Availability:" paragraph: a copyright sentence, then the licence.
            found = re.search(r"Availability:\s*(Copyright.*?)\s*(Available under.*?)\n\s*\n", text, re.DOTALL)
            if found:
                header.copyright = _SPACES.sub(" ", found.group(1)).strip()
                header.licence = _SPACES.sub(" ", found.group(2)).strip()
            # "Copyright ... by various authors listed below": the changelog names them.
            names = re.findall(r"^\s*\*\s*\d{4}-\d{2}-\d{2}\s+(.+?)(?:\s+ver\.\s*\S+)?:\s*$", text, re.MULTILINE)
            header.authors = list(dict.fromkeys(name for name in reversed(names) if not name.startswith("ver.")))
    return header


def package_version(package: str) -> str:
    """Return the installed Debian package version, or "unknown"."""
    try:
        result = subprocess.run(
            ["dpkg-query", "-W", "-f", "${Version}", package],
            check=True,
            capture_output=True,
            text=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return result.stdout.strip() or "unknown"


def build_direction(dictd_dir: Path, database: str, limit: int) -> dict[str, list[str]]:
    """Return headword -> translations for one dictionary, merging homographs."""
    merged: dict[str, list[list[str]]] = {}
    index_path = dictd_dir / f"{database}.index"
    dict_path = dictd_dir / f"{database}.dict.dz"
    for index_headword, text in read_articles(index_path, dict_path):
        if index_headword.startswith("00database"):
            continue
        article = parse_article(text)
        if article is None or not is_usable(article.headword) or not article.senses:
            continue
        # Homographs ("conseiller" the verb and the noun) are separate
        # articles; one line per headword keeps lookups simple.
        merged.setdefault(article.headword, []).extend(article.senses)
    result: dict[str, list[str]] = {}
    for headword, senses in merged.items():
        translations = pick_translations(senses, limit)
        if translations:
            result[headword] = translations
    return result


def main(argv: list[str] | None = None) -> int:
    """Parse both FreeDict dictionaries and write the TSV file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--dictd-dir", type=Path, default=DEFAULT_DICTD_DIR)
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--max-translations", type=int, default=6)
    args = parser.parse_args(argv)

    header = [
        "# Bilingual English<->French general dictionary for the news bot.",
        "# Generated by tools/build_dictionary.py; do not edit by hand, rerun the script.",
        "# Format: UTF-8; '#' starts a comment line; one entry per line:",
        "#   lang<TAB>headword<TAB>translation | translation | ...",
        "# lang is the headword's language (en or fr); translations are in the other one.",
        "#",
        "# Source: the FreeDict project (https://freedict.org/), via Debian packages:",
    ]
    body: list[str] = []
    counts: dict[str, int] = {}
    for database, package, source, target in SOURCES:
        index_path = args.dictd_dir / f"{database}.index"
        if not index_path.exists():
            print(f"error: {index_path} not found; apt-get install -y {package}", file=sys.stderr)
            return 1
        info = read_header(args.dictd_dir, database)
        header += [
            f"#   {info.short} (edition {info.edition}), Debian package {package} "
            f"{package_version(package)}, {source}->{target};",
            f"#     {info.copyright}",
            f"#     Authors named in its changelog: {', '.join(info.authors)}.",
            f"#     {info.licence}",
        ]
        entries = build_direction(args.dictd_dir, database, args.max_translations)
        counts[source] = len(entries)
        for headword in sorted(entries, key=lambda word: (word.casefold(), word)):
            body.append(f"{source}\t{headword}\t{' | '.join(entries[headword])}")
    header += [
        "# License: GPL-2.0-or-later (GNU General Public License version 2.0 or any later",
        "# version), as for both source dictionaries; this derived file is under the same license.",
        "# Cleaning: pronunciations, grammar tags, domain tags, parenthesised notes and",
        f"# usage examples removed; at most {args.max_translations} translations per headword, one per sense in turn.",
        f"# Headwords: en {counts.get('en', 0)}, fr {counts.get('fr', 0)}.",
    ]
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text("\n".join(header + body) + "\n", encoding="utf-8")
    print(f"wrote {args.output}: en {counts.get('en', 0)} headwords, fr {counts.get('fr', 0)} headwords")
    return 0


if __name__ == "__main__":
    sys.exit(main())
