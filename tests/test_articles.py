"""Article files: front matter, errors with file and line, folder loading."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from bot.articles import ArticleError, load_articles, parse_article

GOOD = "---\ntitle: Un titre\ndate: 2023-11-20\nlang: fr\nsource: Le Journal\n---\n\nLe texte. Une phrase.\n"


def test_a_valid_article_is_parsed() -> None:
    article = parse_article(GOOD, "a.md")
    assert article.title == "Un titre"
    assert article.date == datetime.date(2023, 11, 20)
    assert article.lang == "fr" and article.source == "Le Journal" and article.url is None
    assert article.body.strip() == "Le texte. Une phrase."
    assert article.body_line == 7


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("title: x\n", 1, "opening"),
        ("---\ntitle: x\n", 2, "closing"),
        (GOOD.replace("date: 2023-11-20", "date: 20/11/2023"), 3, "YYYY-MM-DD"),
        (GOOD.replace("date: 2023-11-20", "date: 2023-02-30"), 3, "YYYY-MM-DD"),
        (GOOD.replace("lang: fr", "lang: de"), 4, "fr, en"),
        (GOOD.replace("source: Le Journal\n", ""), 5, "missing field 'source'"),
        (GOOD.replace("title: Un titre", "title:"), 2, "missing field 'title'"),
        (GOOD.replace("lang: fr", "lang fr"), 4, "key: value"),
        (GOOD.replace("lang: fr", "author: moi"), 4, "unknown field"),
        (GOOD.replace("source: Le Journal", "source: Le Journal\nurl: ftp://x"), 6, "http"),
        (GOOD.replace("lang: fr", "lang: fr\nlang: en"), 5, "twice"),
        ("---\ntitle: a\ndate: 2023-01-01\nlang: fr\nsource: s\n---\n\n", 6, "text"),
    ],
)
def test_broken_front_matter_names_the_line(text: str, line: int, words: str) -> None:
    with pytest.raises(ArticleError) as caught:
        parse_article(text, "bad.md")
    assert caught.value.line == line
    assert words in caught.value.message


def test_a_broken_file_is_reported_and_the_others_load(tmp_path: Path) -> None:
    (tmp_path / "good.md").write_text(GOOD, encoding="utf-8")
    (tmp_path / "bad.md").write_text(GOOD.replace("lang: fr", "lang: xx"), encoding="utf-8")
    (tmp_path / "latin1.md").write_bytes(GOOD.replace("texte", "t\xe9xte").encode("latin-1"))
    (tmp_path / "binary.md").write_bytes(b"\x00\x01\x02")
    (tmp_path / "notes.txt").write_text("ignored", encoding="utf-8")
    articles, problems = load_articles(tmp_path)
    assert [a.path for a in articles] == ["good.md"]
    messages = {p.path: str(p) for p in problems}
    assert messages["bad.md"].startswith("bad.md:4: ")
    assert messages["latin1.md"].startswith("latin1.md:8: ") and "UTF-8" in messages["latin1.md"]
    assert "binary" in messages["binary.md"]


def test_a_link_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside.md"
    outside.write_text(GOOD, encoding="utf-8")
    folder = tmp_path / "knowledge"
    folder.mkdir()
    (folder / "link.md").symlink_to(outside)
    articles, problems = load_articles(folder)
    assert not articles and "outside" in problems[0].message


def test_a_missing_folder_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    articles, problems = load_articles(tmp_path / "nowhere")
    assert not articles and "does not exist" in problems[0].message


def test_windows_line_endings_and_bom_are_accepted(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_bytes(("\ufeff" + GOOD).replace("\n", "\r\n").encode("utf-8"))
    articles, problems = load_articles(tmp_path)
    assert not problems and articles[0].title == "Un titre"
