"""The benchmark (bench/) is not part of the suite, but it must keep running: a tiny run here."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from bench.corpus import Generator

ROOT = Path(__file__).resolve().parent.parent


def test_the_corpus_is_the_same_for_a_seed() -> None:
    first = [a.markdown() for a in Generator(vocabulary=2000).articles(120)]
    second = [a.markdown() for a in Generator(vocabulary=2000).articles(120)]
    assert first == second
    assert sum(len(p) for a in Generator(vocabulary=2000).articles(120) for p in a.paragraphs) == 120
    questions = Generator(vocabulary=2000).questions(20)
    assert {q.lang for q in questions} == {"fr", "en"}
    assert all(2 <= len(q.text.split()) - 1 <= 8 for q in questions)


def test_the_benchmark_runs_on_a_tiny_corpus(tmp_path: Path) -> None:
    results = tmp_path / "RESULTS.md"
    results.write_text("# Benchmark results\n\nold figures\n\n## Reading these numbers (by hand)\n\n- a reading\n")
    command = [sys.executable, "-m", "bench.run", "--sizes", "300", "--questions", "12", "--sample", "12",
               "--baselines", "rank-bm25", "--seed-runs", "0", "--vocabulary", "3000", "--out", str(tmp_path),
               "--results", str(results)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    measured = json.loads((tmp_path / "results.json").read_text())["results"][0]
    assert measured["rank-bm25"]["top10_checked"] == measured["rank-bm25"]["top10_equal"] == 12
    assert measured["build"]["passages"] == 300
    text = results.read_text()
    assert "| 300 |" in text and "Machine:" in text
    assert "old figures" not in text and text.endswith("## Reading these numbers (by hand)\n\n- a reading\n")
