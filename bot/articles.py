"""Reading article files: front matter and body, with errors a person can act on.

An article is a UTF-8 Markdown file::

    ---
    title: Comment Sam Altman a été poussé d’OpenAI dans les bras de Microsoft
    date: 2023-11-20
    lang: fr
    source: Le Monde
    url: https://example.org/article   (optional)
    ---

    First paragraph of the body...

A broken file is reported with its name, the line and what was expected; the
other files load regardless.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from bot.records import LANGUAGES, Article

REQUIRED_FIELDS = ("title", "date", "lang", "source")
OPTIONAL_FIELDS = ("url",)
# A news article is a few thousand words; far larger is a mistake (a dump, a
# binary) that would slow every start-up.
MAX_FILE_BYTES = 5 * 1024 * 1024
ARTICLE_SUFFIX = ".md"
# An article's date is a day the dates of its sentences are counted from
# ("tomorrow", "last Friday"): at the ends of the calendar that arithmetic
# overflows, and such a date is a typo anyway.
FIRST_DATE = datetime.date(1000, 1, 1)
LAST_DATE = datetime.date(2999, 12, 31)
# C0 and C1 control characters, except tab and line feed.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class LoadProblem:
    """Why one file could not be loaded; `line` is 1-based, or 0 for the whole file."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


class ArticleError(ValueError):
    """A file that is not a valid article."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def parse_article(text: str, path: str) -> Article:
    """Parse the text of one article file; raises ArticleError with the line at fault."""
    if not text.strip():
        raise ArticleError(0, "is empty; expected a front matter between '---' lines, then the article's text")
    control = _CONTROL.search(text)
    if control is not None:
        at = text.count("\n", 0, control.start()) + 1
        code = ord(control.group())
        hint = " (text decoded as Windows-1252? save the file as UTF-8)" if 0x80 <= code <= 0x9F else ""
        # Refused rather than dropped: a quote must be the article's words, and an
        # escape sequence would reach the terminal of whoever reads the answer.
        raise ArticleError(at, f"contains the control character U+{code:04X}{hint}; remove it")
    lines = text.split("\n")
    if lines[0].strip() != "---":
        raise ArticleError(1, "expected '---' opening the front matter on the first line")
    fields: dict[str, tuple[str, int]] = {}
    closing = 0
    for number, raw in enumerate(lines[1:], start=2):
        line = raw.strip()
        if line == "---":
            closing = number
            break
        if not line or line.startswith("#"):
            continue
        key, colon, value = line.partition(":")
        key = key.strip().lower()
        if not colon or not key.isidentifier():
            raise ArticleError(number, f"expected 'key: value' in the front matter, found {line[:60]!r}")
        if key not in REQUIRED_FIELDS + OPTIONAL_FIELDS:
            known = ", ".join(REQUIRED_FIELDS + OPTIONAL_FIELDS)
            raise ArticleError(number, f"unknown field {key!r} (known fields: {known})")
        if key in fields:
            raise ArticleError(number, f"field {key!r} given twice (first on line {fields[key][1]})")
        fields[key] = (_unquote(value.strip()), number)
    if not closing:
        last_line = len(lines) - 1 if lines[-1] == "" else len(lines)
        raise ArticleError(
            last_line, "expected '---' closing the front matter before the end of the file (is the file truncated?)"
        )
    for key in REQUIRED_FIELDS:
        if not fields.get(key, ("", 0))[0]:
            at = fields[key][1] if key in fields else closing
            raise ArticleError(at, f"missing field {key!r} (expected: {', '.join(REQUIRED_FIELDS)})")
    date_text, date_line = fields["date"]
    try:
        date = datetime.date.fromisoformat(date_text)
    except ValueError:
        raise ArticleError(date_line, f"expected a date as YYYY-MM-DD, found {date_text!r}") from None
    if not FIRST_DATE <= date <= LAST_DATE:
        raise ArticleError(date_line, f"expected a date from {FIRST_DATE} to {LAST_DATE}, found {date_text!r}")
    lang, lang_line = fields["lang"]
    if lang not in LANGUAGES:
        raise ArticleError(lang_line, f"expected lang to be one of {', '.join(LANGUAGES)}, found {lang!r}")
    url = fields.get("url", ("", 0))[0] or None
    if url is not None and not url.startswith(("http://", "https://")):
        raise ArticleError(fields["url"][1], f"expected url to start with http:// or https://, found {url!r}")
    body = "\n".join(lines[closing:])
    if not body.strip():
        raise ArticleError(closing, "expected the article's text after the front matter")
    return Article(
        path=path,
        title=fields["title"][0],
        date=date,
        lang=lang,
        source=fields["source"][0],
        url=url,
        body=body,
        body_line=closing + 1,
    )


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value


def read_article(path: Path, root: Path) -> Article:
    """Read and parse one file; raises ArticleError (line 0: the file as a whole)."""
    try:
        resolved = path.resolve()
        if not resolved.is_relative_to(root.resolve()):
            raise ArticleError(0, "is a link to a file outside the knowledge folder; skipped")
        if resolved.stat().st_size > MAX_FILE_BYTES:
            raise ArticleError(0, f"is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB; skipped")
        with resolved.open("rb") as file:
            # At most one byte past the limit: a file still being written may
            # have grown since stat().
            data = file.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise ArticleError(0, f"cannot be read ({error.strerror or error})") from None
    except RuntimeError:  # Path.resolve() on a loop of symbolic links
        raise ArticleError(0, "is a loop of symbolic links; skipped") from None
    if len(data) > MAX_FILE_BYTES:
        raise ArticleError(0, f"is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB; skipped")
    return parse_article(decode_article(data), path.name)


def decode_article(data: bytes) -> str:
    """The text of an article file's bytes; raises ArticleError when they are not UTF-8 text."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ArticleError(0, "is UTF-16 text, expected UTF-8 (save the file as UTF-8)")
    if b"\x00" in data:
        raise ArticleError(0, "is a binary file, expected UTF-8 text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        if error.end == len(data) and error.reason == "unexpected end of data":
            raise ArticleError(line, "ends in the middle of a character (is the file truncated?)") from None
        raise ArticleError(line, "is not valid UTF-8 text (save the file as UTF-8)") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")  # Windows and old Mac line ends


def load_articles(folder: Path) -> tuple[list[Article], list[LoadProblem]]:
    """Every article of a folder (sorted by file name) and the problems met on the way.

    Of two files with the same title, the second (by file name) is reported
    and left out: it is most often a copy, and would answer every question twice.
    """
    if not folder.is_dir():
        return [], [LoadProblem(str(folder), 0, "the knowledge folder does not exist")]
    articles: list[Article] = []
    problems: list[LoadProblem] = []
    titles: dict[str, str] = {}  # normalized title -> file name
    for path in sorted(folder.iterdir()):
        if path.suffix != ARTICLE_SUFFIX or path.name.startswith("."):
            continue
        if path.is_symlink() and not path.exists():
            problems.append(LoadProblem(path.name, 0, "is a link to a file that does not exist (or a loop of links)"))
            continue
        if not path.is_file():
            continue  # a folder, a pipe, a device: not an article, and reading a pipe would block
        try:
            article = read_article(path, folder)
        except ArticleError as error:
            problems.append(LoadProblem(path.name, error.line, error.message))
            continue
        key = title_key(article.title)
        if key in titles:
            line = _field_line(path, "title")
            problems.append(LoadProblem(path.name, line, f"has the same title as {titles[key]}; skipped"))
            continue
        titles[key] = path.name
        articles.append(article)
    return articles, problems


def title_key(title: str) -> str:
    """A title compared loosely: case, accents' composition and spacing do not count."""
    return " ".join(unicodedata.normalize("NFC", title).casefold().split())


def _field_line(path: Path, name: str) -> int:
    """The line of a front matter field, 0 if not found (the file is read again: a rare error path)."""
    try:
        with path.open("rb") as file:
            lines = file.read(MAX_FILE_BYTES).decode("utf-8-sig", errors="replace").splitlines()
    except OSError:
        return 0
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() == "---":
            break
        if line.partition(":")[0].strip().lower() == name:
            return number
    return 0
