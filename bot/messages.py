"""Everything the bot says in its own words, in French and in English.

Faces pick a `Wording` by the answer's language and never write user-facing
sentences of their own, so the two languages cannot drift apart.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from bot.dates import format_day
from bot.engine import EMPTY, MAX_QUESTION_CHARS, NO_MATCH, NO_WORDS
from bot.records import Passage


@dataclass(frozen=True)
class Wording:
    """The bot's sentences in one language."""

    lang: str
    answer_header: str
    no_match: str
    empty: str
    no_words: str
    truncated: str
    no_more: str
    more_header: str
    context_header: str
    article_dated: str  # "{day}"
    quote_open: str
    quote_close: str
    sources_header: str
    no_articles: str
    timeline_header: str
    timeline_empty: str
    lang_set: str  # "{lang}"
    lang_auto: str
    lang_usage: str
    unknown_command: str  # "{command}"
    help: str
    error: str
    examples: tuple[str, ...]
    # The Telegram face (bot/telegram/)
    button_more: str
    button_context: str
    telegram_help: str  # the commands, one a line
    telegram_group_help: str
    examples_header: str
    telegram_lang_usage: str
    telegram_unknown_command: str  # "{command}"
    ask_usage: str  # "{example}"
    rate_limited: str
    non_text: str
    button_expired: str
    sources_more: str  # "{count}"
    reload_done: str  # "{articles}", "{before}", "{passages}", "{problems}", "{seconds}"
    reload_changes: str  # "{changes}": after /reload and :reload
    knowledge_changed: str  # "{changes}": when the folder watcher reloaded
    changes_added: str  # "{files}"
    changes_updated: str  # "{files}"
    changes_removed: str  # "{files}"
    changes_kept: str  # "{files}": new file broken, previous version still served
    changes_none: str
    changes_separator: str
    stats_report: str  # "{questions}", "{unanswered}", "{percent}", "{p50}", "{p90}", "{p99}", "{uptime}"

    def reason(self, reason: str | None) -> str:
        """The sentence for an answer without passages."""
        return {EMPTY: self.empty, NO_WORDS: self.no_words, NO_MATCH: self.no_match}.get(reason or "", self.no_match)

    def day(self, day: datetime.date) -> str:
        """A day written out: « 17 novembre 2023 », "17 November 2023"."""
        return format_day(day, self.lang)

    def dateline(self, passage: Passage) -> str:
        """The day a passage speaks of, and its article's date when that differs."""
        text = self.day(passage.day)
        if passage.day != passage.article.date:
            text += " (" + self.article_dated.format(day=self.day(passage.article.date)) + ")"
        return text

    def quoted_title(self, title: str) -> str:
        """An article title in this language's quotation marks."""
        return f"{self.quote_open}{title}{self.quote_close}"


FRENCH = Wording(
    lang="fr",
    answer_header="Voici ce que disent les articles :",
    no_match=(
        "Je n’ai rien trouvé dans les articles qui réponde à cette question. "
        "Essayez de la reformuler, avec un nom, un lieu ou une date."
    ),
    empty="Posez une question sur l’actualité, par exemple : Qui a été nommé PDG par intérim ?",
    no_words="Je n’ai trouvé aucun mot à chercher dans ce message. Posez une question avec des mots.",
    truncated=f"(Question trop longue : seuls les {MAX_QUESTION_CHARS} premiers caractères ont été lus.)",
    no_more="Il n’y a pas d’autres passages pour cette question.",
    more_header="Autres passages :",
    context_header="Le passage dans son contexte :",
    article_dated="article du {day}",
    quote_open="« ",
    quote_close=" »",
    sources_header="Articles connus :",
    no_articles="Aucun article n’est chargé.",
    timeline_header="Chronologie :",
    timeline_empty="Aucun passage daté.",
    lang_set="Je réponds désormais en français.",
    lang_auto="Je réponds désormais dans la langue de la question.",
    lang_usage="Usage : :lang fr, :lang en ou :lang auto",
    unknown_command="Commande inconnue : {command}. Tapez :help pour la liste.",
    help=(
        "Posez une question en français ou en anglais sur les articles ; je réponds par des "
        "passages cités mot pour mot, avec leur date et leur source."
    ),
    error="Désolé, une erreur s’est produite. Réessayez dans un instant.",
    examples=(
        "Qui a été nommé PDG par intérim ?",
        "Pourquoi Sam Altman a-t-il été renvoyé ?",
        "Que s’est-il passé le 19 novembre ?",
    ),
    button_more="Plus de passages",
    button_context="Contexte",
    telegram_help=(
        "/ask question — poser une question (dans un groupe)\n"
        "/lang fr|en|auto — langue des réponses (auto : celle de la question)\n"
        "/sources — les articles connus\n"
        "/timeline — la chronologie des passages datés\n"
        "/help — cette aide"
    ),
    telegram_group_help=(
        "Dans un groupe, je ne réponds qu’à /ask, aux messages qui me mentionnent "
        "et aux réponses à mes messages."
    ),
    examples_header="Quelques exemples :",
    telegram_lang_usage="Usage : /lang fr, /lang en ou /lang auto",
    telegram_unknown_command="Commande inconnue : {command}. Tapez /help pour la liste.",
    ask_usage="Écrivez la question après /ask, par exemple : /ask {example}",
    rate_limited="Vous posez beaucoup de questions à la fois : attendez quelques secondes, puis réessayez.",
    non_text="Je ne lis que du texte : écrivez votre question.",
    button_expired="Ce bouton a expiré : posez la question à nouveau.",
    sources_more="… et {count} autres.",
    reload_done=(
        "Rechargé : {articles} articles (avant : {before}), {passages} passages, "
        "{problems} fichiers en erreur, en {seconds:.1f} s."
    ),
    reload_changes="Changements : {changes}.",
    knowledge_changed="Les articles ont changé, la base est rechargée : {changes}.",
    changes_added="ajoutés : {files}",
    changes_updated="mis à jour : {files}",
    changes_removed="retirés : {files}",
    changes_kept="version précédente gardée (le nouveau fichier est en erreur) : {files}",
    changes_none="aucun article n’a changé",
    changes_separator=" ; ",
    stats_report=(
        "Questions : {questions}\n"
        "Sans réponse : {unanswered} ({percent:.0f} %)\n"
        "Temps de réponse : médiane {p50:.0f} ms, 90 % {p90:.0f} ms, 99 % {p99:.0f} ms\n"
        "En service depuis {uptime}"
    ),
)

ENGLISH = Wording(
    lang="en",
    answer_header="Here is what the articles say:",
    no_match=(
        "I found nothing in the articles that answers this question. "
        "Try rephrasing it, with a name, a place or a date."
    ),
    empty="Ask a question about the news, for example: Who became interim CEO?",
    no_words="I found no words to search for in this message. Please ask a question in words.",
    truncated=f"(Question too long: only its first {MAX_QUESTION_CHARS} characters were read.)",
    no_more="There are no more passages for this question.",
    more_header="More passages:",
    context_header="The passage in context:",
    article_dated="article of {day}",
    quote_open="“",
    quote_close="”",
    sources_header="Articles held:",
    no_articles="No article is loaded.",
    timeline_header="Timeline:",
    timeline_empty="No dated passage.",
    lang_set="I now answer in English.",
    lang_auto="I now answer in the language of each question.",
    lang_usage="Usage: :lang fr, :lang en or :lang auto",
    unknown_command="Unknown command: {command}. Type :help for the list.",
    help=(
        "Ask a question in English or French about the articles; I answer with passages "
        "quoted word for word, with their date and source."
    ),
    error="Sorry, something went wrong. Please try again in a moment.",
    examples=(
        "Who became interim CEO of OpenAI?",
        "Why was Sam Altman fired?",
        "What happened on November 19?",
    ),
    button_more="More",
    button_context="Context",
    telegram_help=(
        "/ask question — ask a question (in a group)\n"
        "/lang fr|en|auto — language of the replies (auto: the question's)\n"
        "/sources — the articles held\n"
        "/timeline — the dated passages in order\n"
        "/help — this help"
    ),
    telegram_group_help=(
        "In a group I only answer /ask, messages that mention me and replies to my messages."
    ),
    examples_header="Try one of these:",
    telegram_lang_usage="Usage: /lang fr, /lang en or /lang auto",
    telegram_unknown_command="Unknown command: {command}. Type /help for the list.",
    ask_usage="Write the question after /ask, for example: /ask {example}",
    rate_limited="You are asking many questions at once: please wait a few seconds, then try again.",
    non_text="I only read text: please type your question.",
    button_expired="This button has expired: please ask the question again.",
    sources_more="… and {count} more.",
    reload_done=(
        "Reloaded: {articles} articles (before: {before}), {passages} passages, "
        "{problems} files with errors, in {seconds:.1f} s."
    ),
    reload_changes="Changes: {changes}.",
    knowledge_changed="The articles changed and were reloaded: {changes}.",
    changes_added="added: {files}",
    changes_updated="updated: {files}",
    changes_removed="removed: {files}",
    changes_kept="previous version kept (the new file has errors): {files}",
    changes_none="no article changed",
    changes_separator="; ",
    stats_report=(
        "Questions: {questions}\n"
        "Without an answer: {unanswered} ({percent:.0f}%)\n"
        "Answer time: median {p50:.0f} ms, 90% {p90:.0f} ms, 99% {p99:.0f} ms\n"
        "Up for {uptime}"
    ),
)

WORDINGS: dict[str, Wording] = {"fr": FRENCH, "en": ENGLISH}
