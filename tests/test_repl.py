"""The REPL driven through its standard input, as a pipe."""

from __future__ import annotations

import io
import os
import subprocess
import sys

from bot.holder import KnowledgeHolder
from bot.knowledge import KnowledgeBase
from bot.repl import Repl
from tests.conftest import KNOWLEDGE, ROOT


def _session(kb: KnowledgeBase, *lines: str) -> list[str]:
    out = io.StringIO()
    repl = Repl(KnowledgeHolder(KNOWLEDGE, kb), out, color=False)
    for line in lines:
        if not repl.handle(line):
            break
    return [block for block in out.getvalue().split("\n\n") if block.strip()]


def test_piped_session_answers_pages_and_quits() -> None:
    script = "Qui a remplacé Altman ?\n:more\n:sources\n:lang en\nBrockman\n:quit\nnever read\n"
    env = {**os.environ, "KNOWLEDGE_DIR": str(KNOWLEDGE)}
    env.pop("TELEGRAM_BOT_TOKEN", None)
    result = subprocess.run(
        [sys.executable, "-m", "bot", "repl"], input=script, capture_output=True, text=True,
        env=env, cwd=ROOT, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Voici ce que disent les articles" in out
    assert "Autres passages" in out or "pas d’autres passages" in out
    assert "Articles connus" in out and "2023" in out
    assert "I now answer in English." in out
    assert "Here is what the articles say" in out
    assert "\033[" not in out  # no colours through a pipe
    assert "never read" not in out


def test_end_of_input_ends_the_session_cleanly() -> None:
    env = {**os.environ, "KNOWLEDGE_DIR": str(KNOWLEDGE)}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "repl"], input="Brockman", capture_output=True, text=True,
        env=env, cwd=ROOT, timeout=60,
    )
    assert result.returncode == 0 and "Brockman" in result.stdout


def test_commands(kb: KnowledgeBase) -> None:
    blocks = _session(kb, ":more", ":context", ":help", ":lang xx", ":frobnicate", "Qui est Emmett Shear ?", ":context")
    assert blocks[0] == "Il n’y a pas d’autres passages pour cette question."
    assert ":lang fr|en|auto" in blocks[3] and ":reload" in blocks[3]
    assert blocks[4].startswith("Usage")
    assert "Commande inconnue : :frobnicate" in blocks[5]
    assert blocks[-2] == "Le passage dans son contexte :" and "Emmett Shear" in blocks[-1]


def test_more_pages_through_the_hits_then_says_there_are_no_more(kb: KnowledgeBase) -> None:
    blocks = _session(kb, "conseil d'administration", ":more", ":more", ":more", ":more", ":more", ":more", ":more")
    numbers = [line.split(".")[0] for block in blocks for line in block.splitlines() if line[:1].isdigit()]
    assert numbers == [str(n) for n in range(1, len(numbers) + 1)]  # nothing shown twice
    assert blocks[-1] == "Il n’y a pas d’autres passages pour cette question."


def test_empty_and_odd_input(kb: KnowledgeBase) -> None:
    blocks = _session(kb, "   ", "🙂🙂", "?" * 2000)
    assert len(blocks) == 2
    assert all("Traceback" not in b for b in blocks)


def test_colour_highlights_matched_words(kb: KnowledgeBase) -> None:
    out = io.StringIO()
    Repl(KnowledgeHolder(KNOWLEDGE, kb), out, color=True).handle("Qui est Emmett Shear ?")
    assert "\033[1mShear\033[0m" in out.getvalue()


def test_a_question_of_names_only_keeps_the_language_of_the_conversation(kb: KnowledgeBase) -> None:
    blocks = _session(kb, "Qui a remplacé Altman ?", "Emmett Shear")
    assert blocks.count("Voici ce que disent les articles :") == 2
    blocks = _session(kb, "Who replaced Altman?", "Emmett Shear")
    assert blocks.count("Here is what the articles say:") == 2
