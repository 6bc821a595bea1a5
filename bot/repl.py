"""The interactive face: a prompt, line editing and history, answers in the terminal.

Driven through a pipe it prints no prompt and no colours, so that a script
can read its output line by line.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from bot.conversation import Conversation, Page
from bot.knowledge import KnowledgeBase
from bot.messages import WORDINGS, Wording
from bot.records import LANGUAGES
from bot.terminal import render_hits, render_passages, render_sources, render_timeline
from bot.timeline import timeline

PROMPT = "? "
HISTORY_FILE = Path.home() / ".newsbot_history"
COMMANDS_HELP = """\
:more             {more}
:context          {context}
:sources          {sources}
:timeline [name]  {timeline}
:lang fr|en|auto  {lang}
:help             {help}
:quit             {quit} (Ctrl-D)"""
COMMAND_WORDS = {
    "fr": {
        "more": "passages suivants pour la dernière question",
        "context": "le premier passage avec ses phrases voisines",
        "sources": "les articles chargés",
        "timeline": "les passages datés, dans l’ordre chronologique",
        "lang": "langue des réponses (auto : celle de la question)",
        "help": "cette aide",
        "quit": "quitter",
    },
    "en": {
        "more": "the next passages for the last question",
        "context": "the first passage with the sentences around it",
        "sources": "the articles loaded",
        "timeline": "the dated passages, in chronological order",
        "lang": "language of the replies (auto: the question's)",
        "help": "this help",
        "quit": "quit",
    },
}


class Repl:
    """A read-answer loop over one knowledge base."""

    def __init__(self, kb: KnowledgeBase, out: TextIO, color: bool, page_size: int = 3) -> None:
        self.kb = kb
        self.out = out
        self.color = color
        self.conversation = Conversation(page_size)
        self.commands: dict[str, Callable[[str], bool]] = {
            ":more": self._more,
            ":context": self._context,
            ":sources": self._sources,
            ":timeline": self._timeline,
            ":lang": self._lang,
            ":help": self._help,
            ":quit": self._quit,
            ":q": self._quit,
            ":exit": self._quit,
        }

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

    def _help(self, _: str) -> bool:
        lang = self.conversation.reply_lang
        self._say(WORDINGS[lang].help + "\n\n" + COMMANDS_HELP.format(**COMMAND_WORDS[lang]))
        return True

    def _quit(self, _: str) -> bool:
        return False

    def _say(self, text: str) -> None:
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


def _save_history(readline: object) -> None:
    with contextlib.suppress(OSError):
        readline.write_history_file(HISTORY_FILE)  # type: ignore[attr-defined]


def run_repl(kb: KnowledgeBase, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout) -> int:
    """Run the loop until :quit or end of input; returns the exit code."""
    interactive = stdin.isatty() and stdout.isatty()
    color = interactive and not os.environ.get("NO_COLOR")
    repl = Repl(kb, stdout, color)
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
    return 0
