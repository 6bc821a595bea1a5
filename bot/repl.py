"""The interactive face: a prompt, line editing and history, answers in the terminal.

Driven through a pipe it prints no prompt and no colours, so that a script
can read its output line by line.

The knowledge base is read from a `KnowledgeHolder` once per question, so
`:reload` and the folder watcher (started at a terminal, or whenever
BOT_WATCH_INTERVAL is set) change it between two questions, never during one.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from bot.conversation import Conversation, Page
from bot.holder import KnowledgeHolder, ReloadReport
from bot.knowledge import KnowledgeBase
from bot.messages import WORDINGS, Wording
from bot.records import LANGUAGES
from bot.terminal import render_hits, render_passages, render_sources, render_timeline
from bot.timeline import timeline
from bot.watch import DEFAULT_INTERVAL, start_watcher

PROMPT = "? "
HISTORY_FILE = Path.home() / ".newsbot_history"
COMMANDS_HELP = """\
:more             {more}
:context          {context}
:sources          {sources}
:timeline [name]  {timeline}
:lang fr|en|auto  {lang}
:reload           {reload}
:help             {help}
:quit             {quit} (Ctrl-D)"""
COMMAND_WORDS = {
    "fr": {
        "more": "passages suivants pour la dernière question",
        "context": "le premier passage avec ses phrases voisines",
        "sources": "les articles chargés",
        "timeline": "les passages datés, dans l’ordre chronologique",
        "lang": "langue des réponses (auto : celle de la question)",
        "reload": "relire le dossier des articles",
        "help": "cette aide",
        "quit": "quitter",
    },
    "en": {
        "more": "the next passages for the last question",
        "context": "the first passage with the sentences around it",
        "sources": "the articles loaded",
        "timeline": "the dated passages, in chronological order",
        "lang": "language of the replies (auto: the question's)",
        "reload": "read the articles folder again",
        "help": "this help",
        "quit": "quit",
    },
}


class Repl:
    """A read-answer loop over the knowledge base a holder keeps."""

    def __init__(self, holder: KnowledgeHolder, out: TextIO, color: bool, page_size: int = 3,
                 interactive: bool = False) -> None:
        self.holder = holder
        self.out = out
        self.color = color
        self.interactive = interactive
        self.conversation = Conversation(page_size)
        self._writing = threading.Lock()  # the watcher's notices come from another thread
        self.commands: dict[str, Callable[[str], bool]] = {
            ":more": self._more,
            ":context": self._context,
            ":sources": self._sources,
            ":timeline": self._timeline,
            ":lang": self._lang,
            ":reload": self._reload,
            ":help": self._help,
            ":quit": self._quit,
            ":q": self._quit,
            ":exit": self._quit,
        }

    @property
    def kb(self) -> KnowledgeBase:
        """The knowledge base in service."""
        return self.holder.kb

    @property
    def wording(self) -> Wording:
        """The wording for the current reply language."""
        return WORDINGS[self.conversation.reply_lang]

    def handle(self, line: str) -> bool:
        """Process one input line; False when the user asked to quit."""
        line = line.strip()
        if not line:
            return True
        if line.startswith(":"):
            name, _, argument = line.partition(" ")
            command = self.commands.get(name.lower())
            if command is None:
                self._say(self.wording.unknown_command.format(command=name))
                return True
            return command(argument.strip())
        self._show(self.conversation.ask(self.kb, line), self.wording.answer_header)
        return True

    def _show(self, page: Page, header: str) -> None:
        wording = WORDINGS[page.answer.lang]
        lines = []
        if page.answer.truncated:
            lines.append(wording.truncated)
        if not page.answer.hits:
            lines.append(wording.reason(page.answer.reason))
        elif not page.hits:
            lines.append(wording.no_more)
        else:
            lines += [header, "", render_hits(page.hits, page.first, wording, self.color)]
            if page.remaining:
                lines += ["", f"(:more → {page.remaining})"]
        self._say("\n".join(lines))

    def _more(self, _: str) -> bool:
        page = self.conversation.more()
        if page is None:
            self._say(self.wording.no_more)
        else:
            self._show(page, WORDINGS[page.answer.lang].more_header)
        return True

    def _context(self, _: str) -> bool:
        found = self.conversation.context()
        if found is None:
            self._say(self.wording.no_more)
        else:
            focus, passages = found
            body = render_passages(passages, focus, self.wording, self.color)
            self._say(self.wording.context_header + "\n\n" + body)
        return True

    def _sources(self, _: str) -> bool:
        self._say(render_sources(self.kb.articles, self.wording))
        return True

    def _timeline(self, argument: str) -> bool:
        self._say(render_timeline(timeline(self.kb, argument or None), self.wording))
        return True

    def _lang(self, argument: str) -> bool:
        choice = argument.lower()
        if choice == "auto":
            self.conversation.lang = None
            self._say(self.wording.lang_auto)
        elif choice in LANGUAGES:
            self.conversation.lang = choice
            self._say(self.wording.lang_set)
        else:
            self._say(self.wording.lang_usage)
        return True

    def _reload(self, _: str) -> bool:
        report = self.holder.reload()
        wording = self.wording
        lines = [
            wording.reload_done.format(
                articles=report.articles_after, before=report.articles_before, passages=report.passages_after,
                problems=len(report.problems), seconds=report.seconds,
            ),
            wording.reload_changes.format(changes=report.describe(wording)),
            *(f"- {problem}" for problem in report.problems),
        ]
        self._say("\n".join(lines))
        return True

    def notice(self, report: ReloadReport) -> None:
        """Tell of a reload the watcher made (one line, and the files newly broken)."""
        if not report.automatic or not (report.changed or report.new_problems):
            return
        wording = self.wording
        lines = [wording.knowledge_changed.format(changes=report.describe(wording))]
        lines += [f"- {problem}" for problem in report.new_problems]
        if not self.interactive:
            self._say("\n".join(lines))
            return
        # At a terminal the cursor waits on the prompt line: the notice goes
        # below it, then the prompt and what was typed so far are shown again.
        with self._writing:
            self.out.write("\n" + "\n".join(lines) + "\n\n" + PROMPT + _typed_so_far())
            self.out.flush()

    def _help(self, _: str) -> bool:
        lang = self.conversation.reply_lang
        self._say(WORDINGS[lang].help + "\n\n" + COMMANDS_HELP.format(**COMMAND_WORDS[lang]))
        return True

    def _quit(self, _: str) -> bool:
        return False

    def _say(self, text: str) -> None:
        with self._writing:
            self.out.write(text + "\n\n")
            self.out.flush()


def _enable_line_editing() -> None:
    try:
        import readline
    except ImportError:  # Windows without pyreadline: plain input() still works
        return
    with contextlib.suppress(OSError):
        readline.read_history_file(HISTORY_FILE)
    readline.set_history_length(1000)
    import atexit

    atexit.register(_save_history, readline)


def _typed_so_far() -> str:
    try:
        import readline
    except ImportError:
        return ""
    return readline.get_line_buffer()


def _save_history(readline: object) -> None:
    with contextlib.suppress(OSError):
        readline.write_history_file(HISTORY_FILE)  # type: ignore[attr-defined]


def run_repl(holder: KnowledgeHolder, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout,
             watch_interval: float | None = None) -> int:
    """Run the loop until :quit or end of input; returns the exit code.

    The folder is watched every `watch_interval` seconds (0: never); when it
    is not given, only at a terminal, every DEFAULT_INTERVAL seconds.
    """
    interactive = stdin.isatty() and stdout.isatty()
    color = interactive and not os.environ.get("NO_COLOR")
    repl = Repl(holder, stdout, color, interactive=interactive)
    if watch_interval is None:
        watch_interval = DEFAULT_INTERVAL if interactive else 0.0
    holder.add_listener(repl.notice)
    watcher = start_watcher(holder, watch_interval)
    try:
        if interactive:
            _enable_line_editing()
            stdout.write(WORDINGS["fr"].help + "\n" + WORDINGS["en"].help + "\n(:help, :quit)\n\n")
        while True:
            try:
                line = input(PROMPT) if interactive else stdin.readline()
            except EOFError:
                break
            except KeyboardInterrupt:
                stdout.write("\n")
                continue
            if not interactive and not line:
                break
            if not repl.handle(line):
                break
    finally:
        if watcher is not None:
            watcher.stop()
        holder.remove_listener(repl.notice)
    return 0
