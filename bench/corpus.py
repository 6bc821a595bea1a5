"""Deterministic synthetic news corpora and questions for the benchmarks.

Real archives cannot be shipped, so the benchmark makes its own: articles in
French-like and English-like words whose frequencies follow Zipf's law, with
the function words, accents, elisions, hyphenated compounds, names and dates
that make the analyzers, the sentence splitter and the date finder do their
real work. The same seed gives the same corpus, byte for byte, on any machine.

Questions are 2-8 words, mostly of middle frequency (the words people ask
about), with a very common word now and then.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from bot.analysis import PROFILES
from bot.sentences import ABBREVIATIONS

SEED = 20231120
# Words per language. Zipf's law over this many ranks gives, at a million
# sentences, a few words in most sentences and a long tail seen a handful of times.
VOCABULARY = 120_000
ZIPF_EXPONENT = 1.0
SENTENCE_WORDS = (10, 40)  # content and function words, inclusive
SENTENCES_PER_PARAGRAPH = (2, 5)
PARAGRAPHS_PER_ARTICLE = (4, 10)
FUNCTION_WORD_SHARE = 0.35
NAME_SHARE = 0.03
COMPOUND_SHARE = 0.01
DATED_SENTENCE_SHARE = 0.05
# Question words: ranks of "very common" and "middle frequency" words.
COMMON_RANKS = (0, 30)
MIDDLE_RANKS = (100, 30_000)
COMMON_SHARE = 0.15
QUESTION_WORDS = (2, 8)

_SYLLABLES = {
    "fr": (
        "b c d f g l m n p r s t v ch tr pl gr br cr dr fl j qu".split(),
        "a e i o u é è ê ou ai au eu oi an on in".split(),
        ["", "", "", "r", "s", "l", "n"],
        ["", "", "", "ment", "tion", "eur", "ence", "ique", "age", "ette", "eux", "ière", "é"],
    ),
    "en": (
        "b c d f g h l m n p r s t w th sh st br cl gr tr".split(),
        "a e i o u ee oo ea ai ou".split(),
        ["", "", "ck", "ng", "t", "d", "s", "ll", "rn"],
        ["", "", "", "ing", "ed", "ness", "ly", "er", "tion", "able", "ship", "ful"],
    ),
}
_FUNCTION_WORDS = {
    "fr": ("le la les de des du un une et à en dans sur pour par avec qui que ne pas il elle ils au aux "
           "est a été").split(),
    "en": "the of and to in a is that for on with as was by it at from be this have are not but".split(),
}
_MONTHS = {
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split(),
    "en": "January February March April May June July August September October November December".split(),
}


@dataclass(frozen=True)
class Article:
    """One synthetic article, ready to be written as a knowledge file."""

    name: str
    lang: str
    date: datetime.date
    title: str
    paragraphs: tuple[tuple[str, ...], ...]

    def markdown(self) -> str:
        """The article as the bot's Markdown knowledge file."""
        body = "\n\n".join(" ".join(sentences) for sentences in self.paragraphs)
        return (
            f"---\ntitle: {self.title}\ndate: {self.date.isoformat()}\nlang: {self.lang}\n"
            f"source: Bench Wire\n---\n\n{body}\n"
        )


@dataclass(frozen=True)
class Question:
    """A benchmark question: its text and language."""

    lang: str
    text: str


class Generator:
    """Makes articles and questions from one seed."""

    def __init__(self, seed: int = SEED, vocabulary: int = VOCABULARY) -> None:
        self.seed = seed
        rng = np.random.default_rng(seed)
        self.words = {lang: _vocabulary(rng, lang, vocabulary) for lang in ("fr", "en")}
        weights = 1.0 / np.arange(1, vocabulary + 1) ** ZIPF_EXPONENT
        self._cumulative = np.cumsum(weights / weights.sum())
        self.names = [w.capitalize() for w in _vocabulary(rng, "en", 3000, prefix="k")]

    def _ranks(self, rng: np.random.Generator, count: int) -> npt.NDArray[np.int64]:
        ranks = np.searchsorted(self._cumulative, rng.random(count), side="right")
        return np.minimum(ranks, len(self._cumulative) - 1).astype(np.int64)

    def articles(self, sentences: int) -> Iterator[Article]:
        """Articles holding `sentences` sentences in all (the last one is cut short)."""
        rng = np.random.default_rng(self.seed + 1)
        made = 0
        number = 0
        while made < sentences:
            lang = "fr" if rng.random() < 0.5 else "en"
            date = datetime.date(2020, 1, 1) + datetime.timedelta(days=int(rng.integers(0, 1500)))
            paragraphs = []
            for _ in range(int(rng.integers(PARAGRAPHS_PER_ARTICLE[0], PARAGRAPHS_PER_ARTICLE[1] + 1))):
                count = min(int(rng.integers(SENTENCES_PER_PARAGRAPH[0], SENTENCES_PER_PARAGRAPH[1] + 1)),
                            sentences - made)
                if count <= 0:
                    break
                paragraphs.append(tuple(self._sentence(rng, lang) for _ in range(count)))
                made += count
            title = self._sentence(rng, lang, words=6).rstrip(".")
            yield Article(f"{number:07d}.md", lang, date, title, tuple(paragraphs))
            number += 1

    def _sentence(self, rng: np.random.Generator, lang: str, words: int | None = None) -> str:
        count = words or int(rng.integers(SENTENCE_WORDS[0], SENTENCE_WORDS[1] + 1))
        vocabulary = self.words[lang]
        function = _FUNCTION_WORDS[lang]
        ranks = self._ranks(rng, count)
        draws = rng.random((count, 3))
        out: list[str] = []
        for i in range(count):
            kind, extra, pick = draws[i]
            if kind < FUNCTION_WORD_SHARE:
                word = function[int(pick * len(function))]
            elif kind < FUNCTION_WORD_SHARE + NAME_SHARE:
                word = self.names[int(pick * len(self.names))]
            else:
                word = vocabulary[int(ranks[i])]
                if extra < COMPOUND_SHARE and i + 1 < count:
                    word += "-" + vocabulary[int(ranks[(i + 1) % count])]
                elif lang == "fr" and extra > 0.97 and word[0] in "aeiouéè":
                    word = ("l’" if extra > 0.985 else "d'") + word
            out.append(word)
        if words is None and rng.random() < DATED_SENTENCE_SHARE:
            month = _MONTHS[lang][int(rng.integers(0, 12))]
            day = int(rng.integers(1, 29))
            out.extend(["le", str(day), month] if lang == "fr" else ["on", month, str(day)])
        # End on a content word, so that no abbreviation ("no.", "art.") hides the period.
        out.append(vocabulary[int(ranks[0])])
        out[0] = out[0][0].upper() + out[0][1:]
        return " ".join(out) + "."

    def questions(self, count: int, seed_offset: int = 2) -> list[Question]:
        """`count` questions, alternating French and English."""
        rng = np.random.default_rng(self.seed + seed_offset)
        questions = []
        for number in range(count):
            lang = ("fr", "en")[number % 2]
            words = []
            for _ in range(int(rng.integers(QUESTION_WORDS[0], QUESTION_WORDS[1] + 1))):
                if rng.random() < COMMON_SHARE:
                    rank = int(rng.integers(*COMMON_RANKS))
                else:
                    # Log-uniform over the middle ranks: as many questions about
                    # words seen a thousand times as about words seen ten times.
                    low, high = np.log(MIDDLE_RANKS[0]), np.log(MIDDLE_RANKS[1])
                    rank = int(np.exp(rng.uniform(low, high)))
                words.append(self.words[lang][min(rank, len(self.words[lang]) - 1)])
            questions.append(Question(lang, " ".join(words).capitalize() + " ?"))
        return questions


def _vocabulary(rng: np.random.Generator, lang: str, size: int, prefix: str = "") -> list[str]:
    """`size` distinct made-up words of a language: not function or stop words,
    nor abbreviations, at least four letters."""
    onsets, vowels, codas, suffixes = _SYLLABLES[lang]
    reserved = PROFILES[lang].stopwords | set(_FUNCTION_WORDS[lang]) | {a.lower() for a in ABBREVIATIONS}
    seen: set[str] = set()
    words: list[str] = []
    while len(words) < size:
        batch = rng.integers(0, 1 << 30, size=(size, 9))
        for row in batch.tolist():
            syllables = 1 + row[0] % 3
            word = prefix + "".join(
                onsets[row[1 + 2 * s] % len(onsets)] + vowels[row[2 + 2 * s] % len(vowels)]
                for s in range(syllables)
            )
            word += codas[row[7] % len(codas)] + suffixes[row[8] % len(suffixes)]
            if len(word) >= 4 and word not in seen and word not in reserved:
                seen.add(word)
                words.append(word)
                if len(words) == size:
                    break
    return words


def write_knowledge(folder: Path, articles: Iterator[Article]) -> tuple[int, int]:
    """Write the articles as knowledge files; returns (articles, bytes written)."""
    folder.mkdir(parents=True, exist_ok=True)
    count = size = 0
    for article in articles:
        data = article.markdown().encode("utf-8")
        (folder / article.name).write_bytes(data)
        count += 1
        size += len(data)
    return count, size
