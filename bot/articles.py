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
from dataclasses import dataclass
from pathlib import Path

from bot.records import LANGUAGES, Article

REQUIRED_FIELDS = ("title", "date", "lang", "source")
OPTIONAL_FIELDS = ("url",)
# A news article is a few thousand words; far larger is a mistake (a dump, a
# binary) that would slow every start-up.
MAX_FILE_BYTES = 5 * 1024 * 1024
ARTICLE_SUFFIX = ".md"


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
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
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
        raise ArticleError(last_line, "expected '---' closing the front matter before the end of the file")
    for key in REQUIRED_FIELDS:
        if not fields.get(key, ("", 0))[0]:
            at = fields[key][1] if key in fields else closing
            raise ArticleError(at, f"missing field {key!r} (expected: {', '.join(REQUIRED_FIELDS)})")
    date_text, date_line = fields["date"]
    try:
        date = datetime.date.fromisoformat(date_text)
    except ValueError:
        raise ArticleError(date_line, f"expected a date as YYYY-MM-DD, found {date_text!r}") from None
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
        data = resolved.read_bytes()
    except OSError as error:
        raise ArticleError(0, f"cannot be read ({error.strerror or error})") from None
    if b"\x00" in data:
        raise ArticleError(0, "is a binary file, expected UTF-8 text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ArticleError(line, "is not valid UTF-8 text (save the file as UTF-8)") from None
    return parse_article(text.replace("\r\n", "\n"), path.name)


def load_articles(folder: Path) -> tuple[list[Article], list[LoadProblem]]:
    """Every article of a folder (sorted by file name) and the problems met on the way."""
    if not folder.is_dir():
        return [], [LoadProblem(str(folder), 0, "the knowledge folder does not exist")]
    articles: list[Article] = []
    problems: list[LoadProblem] = []
    for path in sorted(folder.iterdir()):
        if path.suffix != ARTICLE_SUFFIX or path.name.startswith("."):
            continue
        if not path.is_file():
            continue
        try:
            articles.append(read_article(path, folder))
        except ArticleError as error:
            problems.append(LoadProblem(path.name, error.line, error.message))
    return articles, problems
