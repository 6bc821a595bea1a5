"""The command line: `python -m bot [repl|ask|eval|index|telegram]`.

With no subcommand it starts the main job: the Telegram bot when a token is
configured, else the REPL. Exit codes: 0 ok, 1 failure (e.g. an evaluation
below its bar), 2 bad usage or configuration.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from bot.config import ConfigError, knowledge_folder, settings
from bot.conversation import DEFAULT_PAGE_SIZE
from bot.engine import answer
from bot.evaluation import GoldenError, check_golden, metrics, read_golden, run
from bot.holder import KnowledgeHolder
from bot.knowledge import KnowledgeBase, load_knowledge_base
from bot.messages import WORDINGS
from bot.records import LANGUAGES, Answer
from bot.terminal import render_hits, render_timeline
from bot.timeline import timeline
from bot.watch import watch_interval

USAGE_ERROR = 2


def _load(folder: Path, err: TextIO) -> KnowledgeBase:
    kb = load_knowledge_base(folder)
    for problem in kb.problems:
        err.write(f"warning: {problem}\n")
    if not kb.articles:
        err.write(
            f"error: no article could be loaded from {folder}/. Add Markdown files there "
            "(see README, 'Adding an article') or set KNOWLEDGE_DIR.\n"
        )
        raise SystemExit(USAGE_ERROR)
    return kb


def answer_to_json(result: Answer, top_k: int) -> dict[str, object]:
    """The `ask --json` record of an answer."""
    wording = WORDINGS[result.lang]
    return {
        "question": result.question,
        "lang": result.lang,
        "passages": [
            {
                "text": hit.passage.text,
                "date": hit.passage.day.isoformat(),
                "article_date": hit.passage.article.date.isoformat(),
                "title": hit.passage.article.title,
                "source": hit.passage.article.source,
                "url": hit.passage.article.url,
                "score": round(hit.score, 4),
            }
            for hit in result.hits[:top_k]
        ],
        "message": None if result.hits else wording.reason(result.reason),
        "truncated": result.truncated,
    }


def _render_text(result: Answer, top_k: int) -> str:
    wording = WORDINGS[result.lang]
    lines = [wording.truncated] if result.truncated else []
    if result.hits:
        lines += [wording.answer_header, "", render_hits(result.hits[:top_k], 1, wording, color=False)]
    else:
        lines.append(wording.reason(result.reason))
    return "\n".join(lines)


def cmd_ask(args: argparse.Namespace, kb: KnowledgeBase, out: TextIO) -> int:
    """Answer the question given, or every line of standard input."""
    questions = [" ".join(args.question)] if args.question else None
    source = questions if questions is not None else sys.stdin
    for line in source:
        question = line.rstrip("\n")
        if questions is None and not question.strip():
            continue
        result = answer(kb, question, lang=args.lang)
        if args.json:
            out.write(json.dumps(answer_to_json(result, args.top_k), ensure_ascii=False) + "\n")
        else:
            out.write(_render_text(result, args.top_k) + "\n\n")
        out.flush()
    return 0


def cmd_eval(args: argparse.Namespace, kb: KnowledgeBase, out: TextIO) -> int:
    """Run golden files and print hit@1, hit@3, MRR per language and the failures."""
    items = []
    for path in args.files:
        try:
            items += read_golden(Path(path))
        except GoldenError as error:
            sys.stderr.write(f"error: {error}\n")
            return USAGE_ERROR
    stale = check_golden(kb, items)
    for line in stale:
        sys.stderr.write(f"warning: {line}\n")
    outcomes = run(kb, items)
    failed_bar = False
    for lang in LANGUAGES:
        m = metrics(outcomes, lang)
        if not m.questions and not m.no_answer_expected:
            continue
        out.write(
            f"{lang}: {m.questions} questions  hit@1 {m.hit1:.3f}  hit@3 {m.hit3:.3f}  MRR {m.mrr:.3f}  "
            f"no-answer {m.no_answer_correct}/{m.no_answer_expected} right, "
            f"{m.wrongly_silent} answerable left unanswered\n"
        )
        failed_bar |= m.questions > 0 and m.hit1 < args.min_hit1
        for section in dict.fromkeys(o.item.section for o in outcomes if o.item.section):
            part = metrics(outcomes, lang, section)
            if part.questions:
                out.write(f"  {section}: {part.questions} questions  hit@1 {part.hit1:.3f}  MRR {part.mrr:.3f}\n")
    failures = [o for o in outcomes if not o.correct]
    if failures and not args.quiet:
        out.write("\nfailures:\n")
        for o in failures:
            expected = " || ".join(o.item.expected) or "NONE"
            got = (o.first or "NONE")[:100]
            out.write(f"- {o.item.origin} [{o.item.lang}] {o.item.question}\n    expected: {expected}\n"
                      f"    rank: {o.rank}  first: {got}\n")
    return 1 if failed_bar else 0


def cmd_index(args: argparse.Namespace, kb: KnowledgeBase, out: TextIO) -> int:
    """Print what was loaded."""
    languages = ", ".join(sorted(kb.languages))
    out.write(
        f"articles: {len(kb.articles)} ({languages})\n"
        f"passages: {len(kb.passages)}\n"
        f"vocabulary: {len(kb.index.vocabulary)} terms\n"
        f"lexicon: {kb.translator.size} expressions\n"
        f"problems: {len(kb.problems)}\n"
        f"build time: {kb.build_seconds * 1000:.1f} ms\n"
    )
    return 0


def cmd_timeline(args: argparse.Namespace, kb: KnowledgeBase, out: TextIO) -> int:
    """Print the dated passages in chronological order."""
    events = timeline(kb, args.article, getattr(args, "from"), args.to)
    out.write(render_timeline(events, WORDINGS[args.lang]) + "\n")
    return 0


def cmd_repl(holder: KnowledgeHolder, values: dict[str, str], out: TextIO) -> int:
    """Start the interactive loop (watching the knowledge folder, see bot/watch.py)."""
    from bot.repl import run_repl

    try:
        interval = watch_interval(values)
    except ConfigError as error:
        sys.stderr.write(f"error: {error}\n")
        return USAGE_ERROR
    return run_repl(holder, stdout=out, watch_interval=interval)


def cmd_telegram(values: dict[str, str]) -> int:
    """Run the Telegram bot until SIGTERM or Ctrl-C."""
    # Imported here: the other commands must not pay for (or need) the Telegram stack.
    from bot.telegram.app import run
    from bot.telegram.settings import telegram_settings

    try:
        config = telegram_settings(values)
        interval = watch_interval(values)
        holder = KnowledgeHolder(config.knowledge_dir, _load(config.knowledge_dir, sys.stderr))
        return run(config, holder, interval)
    except ConfigError as error:
        sys.stderr.write(f"error: {error}\n")
        return USAGE_ERROR


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description="Answer questions about news articles.")
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("repl", help="ask questions interactively")
    ask = sub.add_parser("ask", help="answer one question, or one per line of standard input")
    ask.add_argument("question", nargs="*", help="the question (default: read lines from standard input)")
    ask.add_argument("--json", action="store_true", help="one JSON object per question")
    ask.add_argument("--top-k", type=_positive, default=DEFAULT_PAGE_SIZE, help="passages per answer (default 3)")
    ask.add_argument("--lang", choices=LANGUAGES, help="the question's language (default: detected)")
    evaluate = sub.add_parser("eval", help="measure answers against golden Q&A files")
    evaluate.add_argument("files", nargs="+", help="golden files (lang<TAB>question<TAB>expected)")
    evaluate.add_argument("--min-hit1", type=float, default=0.0, help="exit 1 if a language's hit@1 is below this")
    evaluate.add_argument("--quiet", action="store_true", help="print the metrics only")
    sub.add_parser("index", help="print what was loaded from the knowledge folder")
    chronology = sub.add_parser("timeline", help="the dated passages in chronological order")
    chronology.add_argument("--article", help="only this article (file name, or part of its title)")
    chronology.add_argument("--from", type=_day, help="first day, YYYY-MM-DD")
    chronology.add_argument("--to", type=_day, help="last day, YYYY-MM-DD")
    chronology.add_argument("--lang", choices=LANGUAGES, default="fr", help="language of the dates (default fr)")
    sub.add_parser("telegram", help="run the Telegram bot (settings: see .env.example)")
    return parser


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("expected a whole number of at least 1")
    return value


def _day(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, found {text!r}") from None


COMMANDS = {"ask": cmd_ask, "eval": cmd_eval, "index": cmd_index, "timeline": cmd_timeline}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit code."""
    args = _parser().parse_args(argv)
    try:
        values = settings()
    except ConfigError as error:
        sys.stderr.write(f"error: {error}\n")
        return USAGE_ERROR
    command = args.command or ("telegram" if values.get("TELEGRAM_BOT_TOKEN", "").strip() else "repl")
    if command == "telegram":
        return cmd_telegram(values)
    folder = knowledge_folder(values)
    kb = _load(folder, sys.stderr)
    if command == "repl":
        return cmd_repl(KnowledgeHolder(folder, kb), values, sys.stdout)
    try:
        return COMMANDS[command](args, kb, sys.stdout)
    except BrokenPipeError:
        # The reader went away (`| head`): not a failure of ours. Point stdout
        # at nothing so that flushing it at exit does not complain again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
