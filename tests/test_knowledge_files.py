"""Corrupted knowledge files: each is reported with its file and the reason
(the line when there is one), and every other file loads."""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any

import pytest

from bot.articles import MAX_FILE_BYTES, LoadProblem, load_articles
from bot.knowledge import build_knowledge_base

GOOD = "---\ntitle: {title}\ndate: 2023-11-20\nlang: fr\nsource: Le Journal\n---\n\nLe texte. Une phrase.\n"


def article(title: str = "Un titre") -> str:
    return GOOD.format(title=title)


def problems_by_file(folder: Path) -> dict[str, LoadProblem]:
    articles, problems = load_articles(folder)
    assert len({p.path for p in problems}) == len(problems), "one problem per file"
    assert "good.md" in [a.path for a in articles], "the good file always loads"
    return {p.path: p for p in problems}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    knowledge = tmp_path / "knowledge"
    knowledge.mkdir()
    (knowledge / "good.md").write_text(article("Le bon article"), encoding="utf-8")
    return knowledge


CASES = [
    # (file name, bytes, line, words of the reason)
    ("truncated-front-matter.md", article()[:30].encode(), 3, "is the file truncated?"),
    ("truncated-in-a-character.md", article("Évincé").encode()[:12], 2, "ends in the middle of a character"),
    ("no-front-matter.md", b"Just some text.\n", 1, "expected '---' opening"),
    ("empty.md", b"", 0, "is empty"),
    ("blank.md", b"  \n\n\t\n", 0, "is empty"),
    ("latin1.md", article("Évincé").encode("latin-1"), 2, "not valid UTF-8"),
    ("utf16.md", article().encode("utf-16"), 0, "UTF-16"),
    ("binary.md", bytes(range(256)) * 4, 0, "binary"),
    ("png.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 0, "binary"),
    ("escape.md", article().replace("Le texte.", "Le \x1b[2J texte.").encode(), 8, "U+001B"),
    ("cp1252.md", article().replace("Le texte.", "L\u0092texte.").encode(), 8, "Windows-1252"),
    ("bell-in-title.md", article("Un\x07 titre").encode(), 2, "U+0007"),
    ("end-of-time.md", article().replace("2023-11-20", "9999-12-31").encode(), 3, "from 1000-01-01 to 2999-12-31"),
]


@pytest.mark.parametrize(("name", "data", "line", "words"), CASES, ids=[c[0] for c in CASES])
def test_a_corrupted_file_is_reported_with_its_reason_and_the_rest_loads(
        folder: Path, name: str, data: bytes, line: int, words: str) -> None:
    (folder / name).write_bytes(data)
    problem = problems_by_file(folder)[name]
    assert (problem.line, words in problem.message) == (line, True), str(problem)
    assert str(problem).startswith(f"{name}:{line}: " if line else f"{name}: ")


def test_all_at_once_and_the_knowledge_base_builds(folder: Path) -> None:
    for name, data, _, _ in CASES:
        (folder / name).write_bytes(data)
    articles, problems = load_articles(folder)
    assert [a.path for a in articles] == ["good.md"]
    assert sorted(p.path for p in problems) == sorted(name for name, *_ in CASES)
    kb = build_knowledge_base(articles, problems)
    assert len(kb.passages) == 2 and len(kb.problems) == len(CASES)


def test_a_fifty_megabyte_file_is_refused_without_being_read(folder: Path) -> None:
    with (folder / "huge.md").open("wb") as file:
        file.truncate(50 * 1024 * 1024)  # sparse: no 50 MB written
    problem = problems_by_file(folder)["huge.md"]
    assert problem.line == 0 and "larger than 5 MB" in problem.message


def test_a_file_growing_past_the_limit_while_read_is_refused(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # stat() says small (the file was still being written), the content is large.
    (folder / "growing.md").write_bytes(article().encode() + b"x" * (MAX_FILE_BYTES + 10))
    real_stat = Path.stat

    def small_stat(self: Path, **kwargs: bool) -> os.stat_result:
        info = real_stat(self, **kwargs)
        if self.name == "growing.md":
            return os.stat_result((info.st_mode, *[0] * 5, 100, *[0] * 3))
        return info

    monkeypatch.setattr(Path, "stat", small_stat)
    assert "larger than 5 MB" in problems_by_file(folder)["growing.md"].message


def test_links_out_of_the_folder_dangling_or_in_a_loop(folder: Path, tmp_path: Path) -> None:
    (tmp_path / "secret.md").write_text(article("Secret"), encoding="utf-8")
    (folder / "outside.md").symlink_to(tmp_path / "secret.md")
    (folder / "outside-relative.md").symlink_to(Path("..") / "secret.md")
    (folder / "dangling.md").symlink_to(folder / "nowhere.md")
    (folder / "loop-a.md").symlink_to(folder / "loop-b.md")
    (folder / "loop-b.md").symlink_to(folder / "loop-a.md")
    (folder / "inside.md").symlink_to(folder / "good.md")  # a link inside the folder is fine...
    problems = problems_by_file(folder)
    assert "outside the knowledge folder" in problems["outside.md"].message
    assert "outside the knowledge folder" in problems["outside-relative.md"].message
    assert "does not exist" in problems["dangling.md"].message
    assert "loop" in problems["loop-a.md"].message and "loop" in problems["loop-b.md"].message
    assert "same title as good.md" in problems["inside.md"].message  # ...but it is a duplicate
    assert all(p.line in (0, 2) for p in problems.values())


def test_duplicate_titles_report_the_second_file(folder: Path) -> None:
    (folder / "x-copy.md").write_text(article("Le bon article"), encoding="utf-8")
    (folder / "y-shouting.md").write_text(article("LE  BON ARTICLE"), encoding="utf-8")  # case and spaces aside
    (folder / "a-first.md").write_text(article("Un autre"), encoding="utf-8")
    (folder / "z-last.md").write_text(article("Un autre"), encoding="utf-8")
    articles, problems = load_articles(folder)
    assert [a.path for a in articles] == ["a-first.md", "good.md"]
    assert [str(p) for p in problems] == [
        "x-copy.md:2: has the same title as good.md; skipped",
        "y-shouting.md:2: has the same title as good.md; skipped",
        "z-last.md:2: has the same title as a-first.md; skipped",
    ]


def test_what_is_not_a_regular_file_is_skipped_without_blocking(folder: Path) -> None:
    (folder / "folder.md").mkdir()
    os.mkfifo(folder / "pipe.md")  # reading it would block until someone writes
    (folder / ".hidden.md").write_bytes(b"\x00")
    (folder / "notes.txt").write_bytes(b"\x00")
    assert problems_by_file(folder) == {}


def test_an_unreadable_file_says_so(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locked = folder / "locked.md"
    locked.write_text(article("Fermé"), encoding="utf-8")
    real_open = Path.open

    def refuse(path: Path, *args: Any, **kwargs: Any) -> Any:
        # chmod cannot lock root out (CI runs as root): refuse the way the OS would.
        if path.name == "locked.md":
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse)
    assert "cannot be read (Permission denied)" in problems_by_file(folder)["locked.md"].message


def test_line_ends_and_byte_order_mark_are_not_problems(folder: Path) -> None:
    (folder / "crlf.md").write_bytes(article("Windows").replace("\n", "\r\n").encode())
    (folder / "cr.md").write_bytes(article("Vieux Mac").replace("\n", "\r").encode())
    (folder / "bom.md").write_bytes(b"\xef\xbb\xbf" + article("Marque").encode())
    articles, problems = load_articles(folder)
    assert not problems and len(articles) == 4
    assert all("\r" not in a.body and "\ufeff" not in a.title for a in articles)
