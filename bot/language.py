"""French/English language guess for short user questions.

Two off-the-shelf detectors, both restricted to French and English, vote:
simplemma (dictionary lookups, good on real words, blind to names) and
py3langid (character n-grams, always has an opinion, shaky on 2-3 words).
When they disagree, or simplemma has nothing to say, a tiny list of strongly
marked function words breaks the tie. Anything short of a clear agreement is
reported as not confident so the caller can search in both languages.

Both detectors are imported lazily: simplemma costs ~60 ms to import and
py3langid pulls in numpy plus a ~0.6 s model load, which a process that never
asks a question (CLI, tests of other modules) should not pay.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

# typing alone costs ~2 ms to import and is only needed by the type checker.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = ["LanguageGuess", "detect_language", "lemma"]

# simplemma wants a tuple; py3langid gets list(_LANGS).
_LANGS = ("fr", "en")

# Deterministic answer for input with nothing to judge (empty, emoji, digits).
# French because the knowledge base is mostly French; confident=False anyway.
DEFAULT_LANG = "fr"

# Questions are 2-10 words; a pasted article only needs its opening to be
# classified, and capping keeps the worst-case cost of one call bounded.
_MAX_CHARS = 1000

# A py3langid vote is "thin" when P(fr) is within this distance of 0.5, i.e.
# between 0.2 and 0.8: short name-heavy questions often land at 0.6-0.7.
_THIN_MARGIN = 0.3

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})


def _word_set(words: str) -> frozenset[str]:
    """Whitespace-separated words as a set; keeps the lists below readable."""
    return frozenset(words.split())


# Words rather than n-grams: a single "the" or "les" settles most
# two-word questions that the statistical detectors find ambiguous.
# Only words that are (nearly) never words of the other language: "a", "on",
# "plus", "comment", "son", "car", "un" (UN), "or" (Ballon d'Or) are left out.
_FR_WORDS = _word_set(
    """
    le la les du des au aux une et ou où mais ni
    de en dans sur par pour avec sans chez
    qui que quoi quel quelle quels quelles quand pourquoi combien
    est sont ont été ete était etait sera suis avait
    il ils elle elles nous vous je tu lui leur leurs se ses
    ce cet cette ces ça ca ne pas tout tous toute rien
    """
)
_EN_WORDS = _word_set(
    """
    the is are was were be been being has have had do does did
    will would can could should
    who whom whose what when where why how which
    this that these those it its of to in for with from by about at and not
    there their they he she his her him any my your our
    whats whos hows wheres dont didnt doesnt isnt wasnt
    """
)

_WORD_RE = re.compile(r"[^\W\d_]+")
# l'affaire, d'OpenAI, qu'a, c'est, s'est, n'a ... (input already folded to ')
_FR_ELISION_RE = re.compile(r"\b(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu)'(?=[^\W\d_])")
# what's, didn't, they're, we've, it'll, I'm, he'd, Altman's
_EN_CONTRACTION_RE = re.compile(r"[^\W\d_]'(?:s|t|re|ve|ll|m|d)\b")
# French typography: « guillemets » and a space before ? ! : ;
# ("Ilya Sutskever ?"), the only cue left in a question made of a name.
_FR_TYPO_RE = re.compile(r"[«»]|\s[?!:;]")


@dataclass(frozen=True)
class LanguageGuess:
    """Language of a question and whether the guess is safe to rely on."""

    lang: str  # "fr" or "en"
    # False when the two detectors disagree or the margin is thin: the caller
    # then searches both ways.
    confident: bool


_identifier: Any = None
_identifier_lock = threading.Lock()


def _get_identifier() -> Any:
    """py3langid identifier restricted to fr/en, built once on first use."""
    global _identifier
    if _identifier is None:
        # The lock only matters for the first concurrent calls in the server;
        # without it two threads could each spend 0.6 s loading the model.
        with _identifier_lock:
            if _identifier is None:
                from py3langid.langid import (  # type: ignore[import-untyped, unused-ignore]
                    LanguageIdentifier,
                )

                # Its model, unpacked once into the cache folder (see detector_cache.py).
                from bot.detector_cache import langid_model

                ptc, pc, classes, nextmove, row, output = langid_model(_LANGS)
                # norm_probs: we need a comparable 0..1 margin, not raw
                # log-scores; set_languages renormalises over fr/en only.
                identifier = LanguageIdentifier(ptc, pc, classes, nextmove, output, norm_probs=True, tk_row=row)
                identifier.set_languages(list(_LANGS))
                _identifier = identifier
    return _identifier


_strategy: Any = None
_lookup: Any = None
_dictionaries: Any = None
_dictionaries_lock = threading.Lock()


def _shared_dictionaries() -> Any:
    """simplemma's dictionaries, unpacked once into the cache folder (see
    detector_cache.py) and shared by detection and lemmas."""
    global _dictionaries
    if _dictionaries is None:
        from bot.detector_cache import Dictionaries

        with _dictionaries_lock:
            if _dictionaries is None:
                _dictionaries = Dictionaries()
    return _dictionaries


@lru_cache(maxsize=65536)
def lemma(word: str, lang: str) -> str | None:
    """The dictionary form of a lower-case `word` of `lang` ("travaillent" gives
    "travailler", "told" gives "tell"), or None when simplemma's dictionary
    does not hold the word: no guessing from endings, so names stay unknown.
    Cached: a lookup costs tens of µs and question words come back again and again."""
    from simplemma.strategies import DictionaryLookupStrategy

    global _lookup
    if _lookup is None:
        _lookup = DictionaryLookupStrategy(dictionary_factory=_shared_dictionaries())
    found: str | None = _lookup.get_lemma(word, lang)
    return found


@lru_cache(maxsize=65536)
def is_common_word(typed: str, lang: str) -> bool:
    """Whether simplemma's dictionary of `lang` holds the word `typed` as a
    common word: "doing" (do), "anyone"; not "elon", nor "paris", whose
    dictionary form is a name ("Paris"). A word typed without its accents
    counts when one of its accented spellings does ("declenche", "nouveautes")."""
    base = dictionary_form(typed, lang)
    return base is not None and not base[:1].isupper()


def dictionary_form(typed: str, lang: str) -> str | None:
    """The dictionary form of the word `typed` (or of one of its accented
    spellings) in simplemma's dictionary of `lang`: "do" for "doing",
    "Paris" for "paris"; None when the dictionary does not hold it."""
    word = typed.lower()
    # English words have no accents to leave out: one lookup, not hundreds.
    spellings = accented_spellings(word) if lang in _ACCENTED else iter((word,))
    for spelling in spellings:
        base = lemma(spelling, lang)
        if base is not None:
            return base
    return None


# Languages whose words people type without their accents.
_ACCENTED = frozenset({"fr"})
# The accented letters a plain one may stand for when accents are left out.
_ACCENTS = {"a": "àâ", "e": "éèê", "i": "îï", "o": "ô", "u": "ùû", "c": "ç"}
# At most this many spellings are tried (a word of 12 letters with 5 e's has 1,024).
MAX_SPELLINGS = 256


def accented_spellings(word: str) -> Iterator[str]:
    """`word` as typed, then the spellings its unaccented letters may stand
    for, one accent more at a time (« declenche » is soon « déclenché »), at
    most MAX_SPELLINGS in all."""
    yield word
    count = 1
    seen = {word}
    frontier = [word]
    while frontier:
        following = []
        for current in frontier:
            for i, letter in enumerate(current):
                for accented in _ACCENTS.get(letter, ""):
                    variant = current[:i] + accented + current[i + 1:]
                    if variant in seen:
                        continue
                    if count == MAX_SPELLINGS:
                        return
                    seen.add(variant)
                    following.append(variant)
                    count += 1
                    yield variant
        frontier = following


def _langdetect(text: str) -> list[tuple[str, float]]:
    """`simplemma.langdetect(text, lang=("fr", "en"))`, its dictionaries read from the cache folder."""
    from simplemma.language_detector import LanguageDetector
    from simplemma.strategies import DefaultStrategy
    from simplemma.token_sampler import MostCommonTokenSampler, RelaxedMostCommonTokenSampler

    global _strategy
    if _strategy is None:
        _strategy = DefaultStrategy(dictionary_factory=_shared_dictionaries())
    strategy = _strategy
    results: list[tuple[str, float]] = []
    # As simplemma.langdetect: a second, relaxed sampling only breaks a tie.
    for sampler in (MostCommonTokenSampler(), RelaxedMostCommonTokenSampler()):
        found = LanguageDetector(_LANGS, sampler, strategy).proportion_in_each_language(text)
        results = sorted(found.items(), key=lambda item: (item[0] == "unk", -item[1]))
        if len(results) == 1 or results[0][1] != results[1][1]:
            break
    return results


def _clean(text: str) -> str:
    """Bounded text without control characters, apostrophes folded to '."""
    text = text[:_MAX_CHARS]
    if not text.isprintable():
        # Control characters (NUL, newlines, tabs) become spaces so words stay
        # apart; format characters and lone surrogates (soft hyphen, ZWJ,
        # U+D800) are invisible inside words, so they go, before they reach
        # the detectors' UTF-8 encoders.
        text = "".join(
            " " if cat == "Cc" else "" if cat in ("Cf", "Cs") else ch
            for ch, cat in ((ch, unicodedata.category(ch)) for ch in text)
        )
    # Curly apostrophes (U+2019) would otherwise hide elisions like qu'a, d'OpenAI.
    return text.translate(_APOSTROPHES)


def _mostly_upper(text: str) -> bool:
    """True for shouted text ("QUI EST EMMETT SHEAR ?"), not for "OpenAI"."""
    return sum(ch.isupper() for ch in text) > sum(ch.islower() for ch in text)


def _py3langid_fr(text: str) -> float:
    """Probability of French according to py3langid, fr/en only."""
    for lang, prob in _get_identifier().rank(text):
        if lang == "fr":
            return float(prob)
    return 0.5


def _simplemma_vote(text: str) -> str | None:
    """Language with more dictionary hits, or None when simplemma cannot tell."""
    scores = dict(_langdetect(text))
    fr, en = scores.get("fr", 0.0), scores.get("en", 0.0)
    if fr == en:
        # Typically 0 == 0: only names or words shorter than 3 letters.
        return None
    return "fr" if fr > en else "en"


def _marker_vote(text: str) -> str | None:
    """Vote from function words, elisions and typography; None on a tie."""
    words = _WORD_RE.findall(text)
    fr = sum(w in _FR_WORDS for w in words)
    en = sum(w in _EN_WORDS for w in words)
    fr += len(_FR_ELISION_RE.findall(text)) + len(_FR_TYPO_RE.findall(text))
    en += len(_EN_CONTRACTION_RE.findall(text))
    if fr == en:
        return None
    return "fr" if fr > en else "en"


def _signals(text: str) -> tuple[float, str | None, str | None] | None:
    """(py3langid P(fr), simplemma vote, marker vote), or None if no letters.

    Kept separate from the decision so tests can score each detector alone.
    """
    cleaned = _clean(text)
    if not any(ch.isalpha() for ch in cleaned):
        return None
    # Capitals hurt the n-gram model and the word lists, so they see lowercase.
    lowered = cleaned.lower()
    # simplemma is the exception: its token sampler drops capitalised tokens,
    # i.e. names, which are noise for it (measured: ~82% -> ~89% alone on the
    # test questions). Only shouted text, where that filter would eat every
    # word, is lowercased for it.
    for_lemmas = lowered if _mostly_upper(cleaned) else cleaned
    return _py3langid_fr(lowered), _simplemma_vote(for_lemmas), _marker_vote(lowered)


def detect_language(text: str) -> LanguageGuess:
    """Guess whether a short question is French or English.

    Designed for 2-10 word chat questions, including name-heavy ones, text
    without accents or question mark, ALL CAPS, curly apostrophes and « »
    quotes. Never raises: input without letters gets ``DEFAULT_LANG`` with
    ``confident=False``. ``confident`` is True only when both detectors agree
    with a clear n-gram margin and no function word points the other way.
    """
    try:
        signals = _signals(text)
    except Exception:
        # A language guess must never break a reply; logged, not swallowed.
        # logging is imported here: not worth its import cost on the happy path.
        import logging

        logging.getLogger(__name__).exception("language detection failed")
        return LanguageGuess(DEFAULT_LANG, False)
    if signals is None:
        return LanguageGuess(DEFAULT_LANG, False)
    p_fr, lemma_vote, marker_vote = signals
    ngram_vote = "fr" if p_fr >= 0.5 else "en"

    thin = abs(p_fr - 0.5) < _THIN_MARGIN
    if lemma_vote == ngram_vote:
        lang = ngram_vote
    elif marker_vote is not None:
        lang = marker_vote
    elif thin and lemma_vote is not None:
        # A thin n-gram margin on two or three words is close to a coin flip;
        # a dictionary hit on a real word ("Brockman quit?") says more.
        lang = lemma_vote
    else:
        # Otherwise py3langid: the better of the two alone on short
        # questions, and unlike simplemma it always has an opinion.
        lang = ngram_vote

    # Two independent sources must back the answer and none may contradict
    # it: py3langid with a clear margin, plus simplemma or, when simplemma
    # found no known word (names only), the function words.
    backed = lemma_vote == lang or (lemma_vote is None and marker_vote == lang)
    confident = ngram_vote == lang and not thin and backed and marker_vote in (None, lang)
    return LanguageGuess(lang, confident)
