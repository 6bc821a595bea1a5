"""The command line as a user or a script drives it: `python -m bot ...`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import GOLDEN, KNOWLEDGE, ROOT


def _bot(*args: str, stdin: str = "", env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "KNOWLEDGE_DIR": str(KNOWLEDGE), **(env or {})}
    environment.pop("TELEGRAM_BOT_TOKEN", None)
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin, capture_output=True, text=True, env=environment, cwd=ROOT, timeout=60,
    )


def test_ask_json_reads_questions_from_stdin_one_line_each() -> None:
    result = _bot("ask", "--json", stdin="Qui a été nommé PDG par intérim ?\n\nWho fired Sam Altman?\n!!!\n")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 3  # the blank line is skipped
    first, second, third = (json.loads(line) for line in lines)
    assert set(first) == {"question", "lang", "passages", "message", "truncated"}
    assert first["lang"] == "fr" and first["message"] is None
    assert 1 <= len(first["passages"]) <= 3
    passage = first["passages"][0]
    assert set(passage) == {"text", "date", "article_date", "title", "source", "url", "score"}
    assert "par intérim" in passage["text"]
    assert passage["article_date"] == "2023-11-20" and passage["url"] is None
    body = (KNOWLEDGE / "2023-11-20-altman-openai-microsoft.md").read_text(encoding="utf-8")
    assert all(p["text"] in body for p in first["passages"])
    assert second["lang"] == "en"
    assert third["passages"] == [] and third["message"]


def test_ask_top_k_and_forced_language() -> None:
    result = _bot("ask", "--json", "--top-k", "1", "--lang", "en", "Brockman")
    record = json.loads(result.stdout)
    assert record["lang"] == "en" and len(record["passages"]) == 1


def test_ask_prints_a_readable_answer() -> None:
    result = _bot("ask", "Qui est Emmett Shear ?")
    assert result.returncode == 0
    assert "Emmett Shear" in result.stdout and "2023" in result.stdout


def test_bad_usage_exits_2() -> None:
    assert _bot("ask", "--top-k", "0", "x").returncode == 2
    assert _bot("frobnicate").returncode == 2


def test_a_missing_knowledge_folder_is_a_clear_message(tmp_path: Path) -> None:
    result = _bot("ask", "x", env={"KNOWLEDGE_DIR": str(tmp_path / "nowhere")})
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and "nowhere" in result.stderr


def test_a_broken_article_is_reported_and_the_others_answer(tmp_path: Path) -> None:
    good = (KNOWLEDGE / "2023-11-20-altman-openai-microsoft.md").read_text(encoding="utf-8")
    (tmp_path / "good.md").write_text(good, encoding="utf-8")
    (tmp_path / "broken.md").write_text(good.replace("lang: fr", "lang: klingon"), encoding="utf-8")
    result = _bot("ask", "--json", "Qui est Emmett Shear ?", env={"KNOWLEDGE_DIR": str(tmp_path)})
    assert result.returncode == 0
    assert "broken.md:4:" in result.stderr
    assert json.loads(result.stdout)["passages"]


def test_index_describes_what_was_loaded() -> None:
    result = _bot("index")
    assert result.returncode == 0
    assert "articles: 1 (fr)" in result.stdout and "passages: 20" in result.stdout


def test_eval_prints_metrics_and_enforces_the_bar() -> None:
    result = _bot("eval", str(GOLDEN / "seed_fr.tsv"), "--quiet")
    assert result.returncode == 0 and "hit@1" in result.stdout
    failing = _bot("eval", str(GOLDEN / "seed_fr.tsv"), "--min-hit1", "1.01", "--quiet")
    assert failing.returncode == 1


def test_eval_reports_a_malformed_golden_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text("fr\tune question sans réponse attendue\n", encoding="utf-8")
    result = _bot("eval", str(bad))
    assert result.returncode == 2 and "bad.tsv:1" in result.stderr


def test_timeline_command() -> None:
    result = _bot("timeline", "--lang", "en", "--from", "2023-11-19")
    assert result.returncode == 0
    assert result.stdout.startswith("Timeline:") and "19 November 2023" in result.stdout
    assert "17 November 2023" not in result.stdout
    assert _bot("timeline", "--from", "19/11/2023").returncode == 2


def test_ask_json_date_is_the_day_the_passage_speaks_of() -> None:
    record = json.loads(_bot("ask", "--json", "--top-k", "1", "Que s'est-il passé le 19 novembre ?").stdout)
    assert record["passages"][0]["date"] == "2023-11-19"
    assert record["passages"][0]["article_date"] == "2023-11-20"
