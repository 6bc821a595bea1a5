"""The days a news sentence speaks of, and the days a question asks about.

A hand-written extractor for French and English, with no dependency. Matching
ignores accents and case: the text is folded character by character into a
string of the same length, so every offset found in the folded string is an
offset in the original one.

What a sentence speaks of is resolved against the article's publication date
(the *reference*):

* Explicit dates: « vendredi 17 novembre », « 1er décembre 2023 »,
  "Monday, Nov. 20, 2023", "20 November", "20/11/2023", "2023-11-20", and
  pairs such as « les 17 et 18 novembre » or "Nov. 17-18".
* A missing year is the one that puts the date nearest the reference, where a
  date later than the reference by more than a few days counts as farther
  than it is (news mostly tells what happened). When the sentence is clearly
  in the future tense that handicap is lifted; when it is clearly in the past
  tense such a date is taken only if no other year is valid. A weekday given
  with the date must agree with the year: the neighbouring years are tried
  next, and if none agrees the inferred year stands.
* A weekday alone (« vendredi », "on Friday") is the latest such day on or
  before the reference, or the next one after it when the sentence is clearly
  future (« prochain », "next", a future verb and no past one). Habitual or
  named days are not dates: « le lundi », « chaque lundi », « du lundi au
  vendredi », « mardi gras », "every Monday", "Black Friday".
* « hier », « aujourd’hui », « demain », "yesterday", "today", "tomorrow"…
  count from the reference, except inside quotation marks, where the speaker's
  today is the day they spoke, which the sentence rarely tells.
* « la veille », « le lendemain », "the day before", "the next day"… count
  from another event, not from the reference: they are resolved only against a
  date given in the same sentence (« la veille du 20 novembre », or the latest
  date before them), and yield nothing otherwise.

Left out on purpose, because they are more often wrong than right: a day
number without a month (« le 20 », « lundi 20 »), a month without a day, a
year alone, weekends, weekday abbreviations ("Sat", "Sun", "Wed"), "May",
"March" and "Mar" written in lower case in a text, « mars » and « mai » in
English text, and "may"/"march" in French text.

Every pattern is compiled once, at import, and none nests quantifiers, so each
runs in time linear in the text.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from bisect import bisect_left, bisect_right, insort
from collections.abc import Iterable, Iterator
from contextlib import suppress
from dataclasses import dataclass
from typing import Literal, NamedTuple

__all__ = [
    "DateMention",
    "DayQuery",
    "find_dates",
    "find_question_dates",
    "format_day",
    "is_when_question",
]


@dataclass(frozen=True)
class DateMention:
    """A day a text speaks of, and where in the text the words that say it are.

    In « les 17 et 18 novembre » each day is a mention: the first one's words
    run from « 17 » to the month, the second one's from « 18 ».
    """

    day: datetime.date
    start: int
    end: int


@dataclass(frozen=True)
class DayQuery:
    """A day (or a set of days) a question asks about; None means "any"."""

    year: int | None
    month: int | None
    day: int | None
    weekday: int | None  # 0 = Monday, as datetime.date.weekday()
    start: int
    end: int

    def matches(self, day: datetime.date) -> bool:
        """Whether `day` is one of the days the question asks about."""
        return (
            (self.year is None or day.year == self.year)
            and (self.month is None or day.month == self.month)
            and (self.day is None or day.day == self.day)
            and (self.weekday is None or day.weekday() == self.weekday)
        )


# --------------------------------------------------------------------------
# Folding: one character in, one character out, so offsets survive.


def _build_tables() -> tuple[dict[int, str], dict[int, str]]:
    fold: dict[int, str] = {}
    lower: dict[int, str] = {}
    for code in range(0x41, 0x250):
        char = chr(code)
        low = char.lower()
        if len(low) == 1 and low != char:
            lower[code] = low
        base = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c)).lower()
        if len(base) == 1 and base != char:
            fold[code] = base
    for char in "\u2019\u2018\u02bc\u00b4\u2032`":
        fold[ord(char)] = lower[ord(char)] = "'"
    # French typography puts no-break spaces around « » : and before ; ! ?
    for char in "\u00a0\u202f\u2007\u2009\u200a\u2002\u2003\u2004\u2005\u2006\u2008":
        fold[ord(char)] = lower[ord(char)] = " "
    for char in "\u2010\u2011\u2012\u2013":
        fold[ord(char)] = lower[ord(char)] = "-"
    return fold, lower


_FOLD, _LOWER = _build_tables()


def _fold(text: str) -> str:
    """Lower case, no accents, plain apostrophes and spaces; same length as `text`."""
    return text.translate(_FOLD)


# --------------------------------------------------------------------------
# Vocabulary (folded).

_MONTHS: dict[str, int] = {
    "janvier": 1, "janv": 1, "fevrier": 2, "fevr": 2, "fev": 2, "mars": 3, "avril": 4, "avr": 4,
    "mai": 5, "juin": 6, "juillet": 7, "juil": 7, "aout": 8, "septembre": 9, "sept": 9,
    "octobre": 10, "novembre": 11, "decembre": 12,
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
_ABBREVIATIONS = frozenset(
    {"janv", "fevr", "fev", "avr", "juil", "sept", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "oct",
     "nov", "dec"}
)  # fmt: skip
_ENGLISH_MONTHS = frozenset(
    {"january", "jan", "february", "feb", "march", "mar", "april", "apr", "may", "june", "jun", "july", "jul",
     "august", "aug", "september", "sep", "sept", "october", "oct", "november", "nov", "december", "dec"}
)  # fmt: skip
# English words that are also verbs ("may", "march") or the French abbreviation
# of « mardi » ("Mar"): in a text they are months only when capitalised.
_CAPITALISED_ONLY = frozenset({"may", "march", "mar"})
# Words that are months in one language and something else in the other:
# « Mars » is a planet and "Mai" a name in English; French has no "may".
_NOT_IN_ENGLISH = frozenset({"mars", "mai"})
_NOT_IN_FRENCH = _CAPITALISED_ONLY

_WEEKDAYS: dict[str, int] = {
    "lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5, "dimanche": 6,
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
}  # fmt: skip

# Days counted from the publication date.
_FROM_REFERENCE: dict[str, int] = {
    "avant-hier": -2, "avant hier": -2, "apres-demain": 2, "apres demain": 2, "hier": -1,
    "aujourd'hui": 0, "aujourd hui": 0, "demain": 1, "ce matin": 0, "ce soir": 0,
    "cet apres-midi": 0, "cet apres midi": 0,
    "the day before yesterday": -2, "the day after tomorrow": 2, "yesterday": -1, "today": 0,
    "tomorrow": 1, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0, "last night": -1,
}  # fmt: skip
# Days counted from another event of the same sentence.
_FROM_EVENT: dict[str, int] = {
    "l'avant-veille": -2, "la veille": -1, "le lendemain": 1, "le surlendemain": 2,
    "the day before": -1, "the previous day": -1, "the day after": 1, "the next day": 1,
    "the following day": 1,
}  # fmt: skip

# Words before a lone weekday that make it habitual, generic or a named day.
_WEEKDAY_NOT_AFTER = frozenset(
    {"le", "les", "chaque", "tous", "un", "une", "every", "each", "the", "a", "following", "previous", "preceding",
     "same", "black", "good", "cyber", "super", "ash", "fat", "holy", "maundy", "easter", "palm", "bloody",
     "giving"}
)  # fmt: skip
_QUESTION_WEEKDAY_NOT_AFTER = frozenset(
    {"black", "good", "cyber", "super", "ash", "fat", "holy", "maundy", "easter", "palm", "bloody", "giving"}
)
# Words after a lone weekday that make it a named day or one relative to another event.
_WEEKDAY_NOT_BEFORE = frozenset(
    {"gras", "saint", "noir", "suivant", "suivante", "precedent", "precedente", "d'apres", "d'avant", "times",
     "telegraph", "express", "mirror", "post", "paques", "pentecote", "rameaux"}
)  # fmt: skip
_QUESTION_WEEKDAY_NOT_BEFORE = frozenset({"gras", "saint", "paques", "pentecote", "rameaux"})
# Words before a date without a year that make it any year's.
_RECURRING_AFTER = frozenset({"un", "chaque", "every", "each"})
_FUTURE_BEFORE = frozenset({"next", "coming"})
_PAST_BEFORE = frozenset({"last", "past"})
_FUTURE_AFTER = frozenset({"prochain", "prochaine", "next"})
_PAST_AFTER = frozenset({"dernier", "derniere", "last"})


def _alternation(words: Iterable[str]) -> str:
    # Longest first, so that "avant-hier" is tried before "hier".
    return "|".join(re.escape(w).replace(r"\ ", r"\s{1,3}") for w in sorted(words, key=lambda w: (-len(w), w)))


def _month_pattern(tokens: frozenset[str]) -> str:
    full = _alternation({t for t in tokens if t not in _ABBREVIATIONS})
    short = _alternation({t for t in tokens if t in _ABBREVIATIONS})
    # An abbreviation may keep its period; a full name never takes one (it would
    # be the sentence's).
    return rf"(?P<mon>(?:{full})\b|(?:{short})\b\.?)"


_WD = rf"(?:{_alternation(_WEEKDAYS)})"
_DAY = r"(?:3[01]|[12][0-9]|0?[1-9])"
_ORD = r"(?:er|st|nd|rd|th)?"
_YEAR = r"(?:1[0-9]{3}|20[0-9]{2})"
# A day number is not a date when it is part of a larger number, a fraction,
# a time or a decimal.
_NUMBER_BEFORE = r"(?<![\w/.,:-])"
_NUMBER_AFTER = r"(?![\w]|[.,/]\d)"
_YEAR_AFTER = r"(?:\s{0,3},?\s{0,3}(?P<y>" + _YEAR + r")(?!\d))?"


def _day_first(months: frozenset[str]) -> re.Pattern[str]:
    # « vendredi 17 novembre 2023 », « les 17 et 18 novembre », "Monday the 20th of November"
    return re.compile(
        rf"(?:\b(?P<wd>{_WD})\b(?:\s{{0,3}},\s{{0,3}}|\s{{1,3}})(?:the\s{{1,3}})?)?"
        rf"{_NUMBER_BEFORE}(?P<d1>{_DAY}){_ORD}"
        rf"(?:\s{{0,3}}(?:[-&,]|et|au|a|ou|and|to|or)\s{{0,3}}(?:(?:le|the)\s{{1,3}})?(?:(?P<wd2>{_WD})\s{{1,3}})?"
        rf"(?P<d2>{_DAY}){_ORD})?"
        rf"(?:\s{{1,3}}of)?\s{{1,3}}{_month_pattern(months)}{_YEAR_AFTER}"
    )


def _month_first(months: frozenset[str]) -> re.Pattern[str]:
    # "Monday, Nov. 20, 2023", "November 17 and 18", "May 5th"
    return re.compile(
        rf"(?:\b(?P<wd>{_WD})\b(?:\s{{0,3}},\s{{0,3}}|\s{{1,3}}))?"
        rf"\b{_month_pattern(months)}\s{{0,3}}(?:the\s{{1,3}})?"
        rf"(?P<d1>{_DAY}){_ORD}{_NUMBER_AFTER}"
        rf"(?:\s{{0,3}}(?:[-&]|and|to|or|through)\s{{0,3}}(?P<d2>{_DAY}){_ORD}{_NUMBER_AFTER})?"
        rf"{_YEAR_AFTER}"
    )


_ALL_MONTHS = frozenset(_MONTHS)
_FR_MONTHS = _ALL_MONTHS - _NOT_IN_FRENCH
_EN_MONTHS = _ALL_MONTHS - _NOT_IN_ENGLISH

_ISO = re.compile(rf"(?<![\w/.-])(?P<y>{_YEAR})(?P<s>[-/.])(?P<m>1[0-2]|0?[1-9])(?P=s)(?P<d>{_DAY})(?!\d|[-/.,]\d)")
_NUMERIC = re.compile(
    rf"{_NUMBER_BEFORE}(?P<a>\d{{1,2}})(?P<s>[/.-])(?P<b>\d{{1,2}})(?P=s)(?P<y>\d{{4}}|\d{{2}})(?!\d|[-/.,]\d)"
)
# "17/11" without a year: free in a question; in a text only after « le »,
# « du » or a weekday, since elsewhere it is as likely a score or a ratio.
_DAY_MONTH_TEXT = re.compile(rf"\b(?:le|du|{_WD}),?\s{{1,3}}(?P<a>\d{{1,2}})/(?P<b>\d{{1,2}})(?!\d|[/.,]\d)")
_DAY_MONTH_QUESTION = re.compile(rf"{_NUMBER_BEFORE}(?P<a>\d{{1,2}})/(?P<b>\d{{1,2}})(?!\d|[/.,]\d)")
_MONTH_YEAR = re.compile(rf"\b{_month_pattern(_ALL_MONTHS)}\s{{0,3}},?\s{{0,3}}(?P<y>{_YEAR})(?!\d)")
# In a question only: « en novembre », "in November" (a month), and « le 17 ? »,
# "on the 17th" (a day of any month).
_IN_MONTH = re.compile(rf"\b(?:en|in|during|au\s{{1,3}}mois\s{{1,3}}de)\s{{1,3}}{_month_pattern(_ALL_MONTHS)}")
_DAY_ALONE = re.compile(
    rf"\ble\s{{1,3}}(?P<d>{_DAY})(?:er)?(?=\s{{0,3}}(?:[?!.,;)]|\Z|et\b|ou\b))"
    rf"|\bthe\s{{1,3}}(?P<d2>{_DAY})(?:st|nd|rd|th)\b"
)
_WEEKDAY = re.compile(rf"\b(?P<wd>{_WD})\b")
_WEEKDAY_RANGE = re.compile(
    rf"\b(?:de|from|between)\s{{1,3}}(?P<w1>{_WD})\b(?:\s{{1,3}}(?:soir|matin|night|morning|evening))?"
    rf"\s{{1,3}}(?:a|to|and|until|till)\s{{1,3}}(?P<w2>{_WD})\b"
)
_HABITUAL_RANGE = re.compile(
    rf"\bdu\s{{1,3}}{_WD}\s{{1,3}}au\s{{1,3}}{_WD}\b|\b{_WD}\s{{1,3}}(?:through|thru)\s{{1,3}}{_WD}\b"
)
_RELATIVE = re.compile(rf"(?<![\w-])(?P<rel>{_alternation(_FROM_REFERENCE)})(?![\w-])")
_EVENT = re.compile(rf"(?<![\w'-])(?P<rel>{_alternation(_FROM_EVENT)})(?!\w|\s{{1,3}}(?:yesterday|tomorrow)\b)")
_OF_NEXT = re.compile(r"\s{0,3}(?:de\s|du\s|d'|of\s)\s{0,3}")
_PREVIOUS_WORD = re.compile(r"([\w'-]{1,20})[\s,]{0,4}\Z")
_NEXT_WORDS = re.compile(r"[\s,]{0,4}([\w'-]{1,20})(?:\s{1,3}([\w'-]{1,20}))?")

_DAY_FIRST = {"fr": _day_first(_FR_MONTHS), "en": _day_first(_EN_MONTHS), "any": _day_first(_ALL_MONTHS)}
_MONTH_FIRST = _month_first(_ENGLISH_MONTHS)

# Sentence ends, for the tense of a sentence and the reach of « la veille ».
_SENTENCE_END = re.compile(r"[!?\n]|\.(?=\s{1,5}[A-ZÀ-ÖØ-Þ«\"“]|\s{0,5}\Z)")
_QUOTE = re.compile(r"[«»“”\"]")

# Tense markers, matched on the lower-cased text with its accents: in French
# « a » is a verb and « à » is not.
_FRENCH_FUTURE = (
    r"sera|seront|serai|serons|serez|aura|auront|fera|feront|ira|iront|pourra|pourront|devra|devront|faudra|"
    r"prendra|prendront|viendra|viendront|tiendra|tiendront|rendra|rendront|verra|verront|va|vont|doit|doivent|"
    r"demain|prochain|prochaine|prochains|prochaines|prévu|prévue|prévus|prévues"
)
_ENGLISH_FUTURE = r"will|shall|won't|tomorrow|next|upcoming|scheduled|expected|going\s{1,3}to"
_FRENCH_PAST = (
    r"a|ont|s'est|se\s{1,3}sont|s'était|s'étaient|avait|avaient|était|étaient|fut|furent|eut|eurent|ai|avons|avez"
    r"|hier|dernier|dernière"
)
_ENGLISH_PAST = r"was|were|had|did|said|told|ago|yesterday|last|earlier|previously|has\s{1,3}been|have\s{1,3}been"
# Regular French futures (« annoncera », « réuniront »); not used on English
# text, where "camera" and "era" would pass for them.
_FRENCH_FUTURE_ENDING = r"|\b\w{3,}(?:era|eront|ira|iront)\b"
# Imperfects (« il pleuvait ») and English simple pasts ("closed"), less the
# nouns and adjectives that end alike.
_FRENCH_PAST_ENDING = (
    r"|\b(?!(?:lait|fait|souhait|portrait|trait|retrait|attrait|abstrait|parfait|extrait|forfait|bienfait|méfait"
    r"|distrait)\b)\w{2,}(?:ait|aient)\b"
)
_ENGLISH_PAST_ENDING = (
    r"|\b(?!(?:need|seed|speed|feed|indeed|hundred|bed|red|shed|proceed|exceed|succeed|embed|united|scheduled"
    r"|expected|planned|slated|advanced|limited|based|related|interested|concerned|detailed)\b)\w{2,}ed\b"
)
_FUTURE = {
    "fr": re.compile(rf"\b(?:{_FRENCH_FUTURE})\b{_FRENCH_FUTURE_ENDING}"),
    "en": re.compile(rf"\b(?:{_ENGLISH_FUTURE})\b|'ll\b"),
    "any": re.compile(rf"\b(?:{_FRENCH_FUTURE}|{_ENGLISH_FUTURE})\b|'ll\b"),
}
_PAST = {
    "fr": re.compile(rf"\b(?:{_FRENCH_PAST})\b{_FRENCH_PAST_ENDING}"),
    "en": re.compile(rf"\b(?:{_ENGLISH_PAST})\b{_ENGLISH_PAST_ENDING}"),
    "any": re.compile(rf"\b(?:{_FRENCH_PAST}|{_ENGLISH_PAST})\b"),
}

# A date later than the reference by at most this many days is not handicapped:
# news speaks of the coming days as readily as of the past ones.
_GRACE_DAYS = 7
# Otherwise each day after the reference counts this many times in a sentence of
# no clear tense, so "le 15 décembre" read on 20 November is this December, but
# « le 15 mars » is last March.
_FUTURE_PENALTY = 3

_Mode = Literal["fr", "en", "any"]
_Tense = Literal["past", "neutral", "future"]


def _mode(lang: str) -> _Mode:
    lang = lang.lower()
    if lang.startswith("fr"):
        return "fr"
    if lang.startswith("en"):
        return "en"
    return "any"


# --------------------------------------------------------------------------
# Candidates: matches of every pattern, of which the best non-overlapping are kept.


class _Candidate(NamedTuple):
    priority: int
    start: int
    end: int
    kind: str
    match: re.Match[str]


def _select(candidates: list[_Candidate], length: int) -> list[_Candidate]:
    """The candidates that overlap no candidate of a better priority, by position."""
    taken = bytearray(length + 1)
    kept: list[_Candidate] = []
    for cand in sorted(candidates, key=lambda c: (c.priority, c.start, -c.end)):
        if taken.find(1, cand.start, cand.end) == -1:
            taken[cand.start : cand.end] = b"\x01" * (cand.end - cand.start)
            kept.append(cand)
    kept.sort(key=lambda c: c.start)
    return kept


def _month_ok(text: str, match: re.Match[str], question: bool) -> bool:
    token = match.group("mon").rstrip(".")
    # "May", "March", "Mar" are months in a text only when capitalised.
    return question or token not in _CAPITALISED_ONLY or text[match.start("mon")].isupper()


def _candidates(text: str, fold: str, mode: _Mode, question: bool) -> list[_Candidate]:
    found: list[_Candidate] = []

    def add(priority: int, kind: str, matches: Iterator[re.Match[str]]) -> None:
        found.extend(_Candidate(priority, m.start(), m.end(), kind, m) for m in matches)

    add(0, "iso", _ISO.finditer(fold))
    add(1, "numeric", _NUMERIC.finditer(fold))
    add(2, "text", (m for m in _DAY_FIRST["any" if question else mode].finditer(fold) if _month_ok(text, m, question)))
    if question or mode != "fr":
        add(2, "text", (m for m in _MONTH_FIRST.finditer(fold) if _month_ok(text, m, question)))
    if question:
        add(3, "daymonth", _DAY_MONTH_QUESTION.finditer(fold))
        add(4, "monthyear", _MONTH_YEAR.finditer(fold))
        add(5, "month", _IN_MONTH.finditer(fold))
        add(5, "dayalone", _DAY_ALONE.finditer(fold))
    else:
        for m in _DAY_MONTH_TEXT.finditer(fold):
            found.append(_Candidate(3, m.start("a"), m.end(), "daymonth", m))
        add(4, "relative", _RELATIVE.finditer(fold))
        add(5, "habitual", _HABITUAL_RANGE.finditer(fold))
        add(5, "range", _WEEKDAY_RANGE.finditer(fold))
        add(7, "event", _EVENT.finditer(fold))
    add(6, "weekday", _WEEKDAY.finditer(fold))
    return found


# --------------------------------------------------------------------------
# Context of one text: sentences, tense, quotations.


class _Context:
    def __init__(self, text: str, mode: _Mode) -> None:
        self.text = text
        self.fold = _fold(text)
        self.mode = mode
        self._ends: list[int] | None = None
        self._tenses: dict[int, _Tense] = {}
        self._quotes: list[tuple[int, int]] | None = None

    def sentence(self, position: int) -> tuple[int, int]:
        """The (start, end) of the sentence around `position`."""
        if self._ends is None:
            self._ends = [m.start() for m in _SENTENCE_END.finditer(self.text)]
        i = bisect_right(self._ends, position - 1)
        start = self._ends[i - 1] + 1 if i else 0
        end = self._ends[i] if i < len(self._ends) else len(self.text)
        return start, end

    def tense(self, position: int) -> _Tense:
        """Clearly future, clearly past, or neither, for the sentence around `position`."""
        start, end = self.sentence(position)
        if start not in self._tenses:
            low = self.text[start:end].translate(_LOWER)
            future = _FUTURE[self.mode].search(low) is not None
            past = _PAST[self.mode].search(low) is not None
            self._tenses[start] = "future" if future and not past else "past" if past and not future else "neutral"
        return self._tenses[start]

    def quoted(self, position: int) -> bool:
        """Whether `position` is inside quotation marks."""
        if self._quotes is None:
            self._quotes = _quotations(self.text)
        i = bisect_right(self._quotes, (position, len(self.text) + 1)) - 1
        return i >= 0 and self._quotes[i][0] <= position < self._quotes[i][1]

    def previous_word(self, position: int) -> tuple[str, int]:
        """The word before `position` (folded) and where it starts."""
        match = _PREVIOUS_WORD.search(self.fold, max(0, position - 26), position)
        return (match.group(1), match.start()) if match else ("", position)

    def next_words(self, position: int) -> tuple[str, str]:
        match = _NEXT_WORDS.match(self.fold, position)
        if not match:
            return "", ""
        return match.group(1), match.group(2) or ""


def _quotations(text: str) -> list[tuple[int, int]]:
    """Spans between quotation marks, sorted and disjoint."""
    spans: list[tuple[int, int]] = []
    opened: int | None = None
    closer = ""
    for match in _QUOTE.finditer(text):
        mark, at = match.group(), match.start()
        if opened is not None:
            if mark == closer or (mark == "»" and closer == "”"):
                spans.append((opened, at))
                opened = None
            continue
        if mark in "«“":
            opened, closer = at, "»" if mark == "«" else "”"
        elif mark == '"':
            opened, closer = at, '"'
        elif at + 1 < len(text) and text[at + 1].isalpha():
            # « d’»occasion » : a closing mark typed for an opening one.
            opened, closer = at, mark
        elif not spans:
            # The end of a quotation that began before the text did.
            spans.append((0, at))
    if opened is not None:
        spans.append((opened, len(text)))
    return spans


# --------------------------------------------------------------------------
# Resolution.


def _date(year: int, month: int, day: int) -> datetime.date | None:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _infer_year(
    month: int, day: int, reference: datetime.date, tense: _Tense, weekday: int | None
) -> datetime.date | None:
    """The date of `day` `month` nearest the reference, as the module docstring explains."""
    candidates = [d for d in (_date(y, month, day) for y in range(reference.year - 1, reference.year + 2)) if d]

    def cost(d: datetime.date) -> tuple[int, int]:
        delta = (d - reference).days
        if delta <= _GRACE_DAYS:
            return abs(delta), delta
        factor = {"future": 1, "neutral": _FUTURE_PENALTY, "past": 1000}[tense]
        return delta * factor, delta

    candidates.sort(key=cost)
    if weekday is not None:
        for candidate in candidates:
            if candidate.weekday() == weekday:
                return candidate
    return candidates[0] if candidates else None


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        year += 2000 if year < 70 else 1900
    return year


def _weekday_of(match: re.Match[str], group: str) -> int | None:
    word = match.group(group)
    return _WEEKDAYS[word] if word else None


def _text_dates(ctx: _Context, cand: _Candidate, reference: datetime.date) -> list[DateMention]:
    """« vendredi 17 novembre 2023 », "Nov. 17-18": one or two mentions."""
    m = cand.match
    month = _MONTHS[m.group("mon").rstrip(".")]
    first, second = int(m.group("d1")), m.group("d2")
    wd1 = _weekday_of(m, "wd")
    wd2 = _weekday_of(m, "wd2") if "wd2" in m.re.groupindex else None
    if m.group("y"):
        year = int(m.group("y"))
    else:
        before = ctx.previous_word(cand.start)[0]
        if wd1 is None and (before in _RECURRING_AFTER or (before == "les" and not second)):
            return []  # « né un 29 février », « tous les 14 juillet »: any year's
        tense = ctx.tense(cand.start)
        anchor = _infer_year(month, first, reference, tense, wd1)
        if anchor is None and second:
            anchor = _infer_year(month, int(second), reference, tense, wd2)
        elif second and wd1 is None and wd2 is not None:
            anchor = _infer_year(month, int(second), reference, tense, wd2) or anchor
        if anchor is None:
            return []
        year = anchor.year
    mentions = []
    day = _date(year, month, first)
    if day:
        mentions.append(DateMention(day, cand.start, cand.end))
    if second:
        other = _date(year, month, int(second))
        start = m.start("wd2") if wd2 is not None else m.start("d2")
        if other:
            mentions.append(DateMention(other, start, cand.end))
    return mentions


def _numeric_date(ctx: _Context, cand: _Candidate, reference: datetime.date) -> DateMention | None:
    """20/11/2023: day first in French, and in English whichever reading is valid, or nearer."""
    m = cand.match
    if m.group("s") != "/" and len(m.group("y")) == 2:
        return None  # 3.11.20 is a version number more often than a date
    a, b, year = int(m.group("a")), int(m.group("b")), _year(m.group("y"))
    day_first, month_first = _date(year, b, a), _date(year, a, b)
    day: datetime.date | None
    if ctx.mode == "en" and day_first and month_first:
        day = min((month_first, day_first), key=lambda d: abs((d - reference).days))
    else:
        day = day_first or month_first
    return DateMention(day, cand.start, cand.end) if day else None


def _resolve_weekday(
    ctx: _Context, start: int, end: int, weekday: int, reference: datetime.date
) -> datetime.date | None:
    """A lone weekday: the latest on or before the reference, unless the sentence says otherwise."""
    before, before_start = ctx.previous_word(start)
    after, after2 = ctx.next_words(end)
    if before in _WEEKDAY_NOT_AFTER or after in _WEEKDAY_NOT_BEFORE or after2 in _WEEKDAY_NOT_BEFORE:
        return None
    if before == "du" and ctx.previous_word(before_start)[0] == "journal":
        return None  # le Journal du dimanche
    back = (reference.weekday() - weekday) % 7
    ahead = (weekday - reference.weekday()) % 7 or 7
    if before in _PAST_BEFORE or after in _PAST_AFTER:
        return reference - datetime.timedelta(days=back or 7)
    if before in _FUTURE_BEFORE or after in _FUTURE_AFTER or ctx.tense(start) == "future":
        return reference + datetime.timedelta(days=ahead)
    return reference - datetime.timedelta(days=back)


def _resolve(ctx: _Context, cand: _Candidate, reference: datetime.date) -> list[DateMention]:
    m = cand.match
    if cand.kind == "iso":
        day = _date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        return [DateMention(day, cand.start, cand.end)] if day else []
    if cand.kind == "numeric":
        mention = _numeric_date(ctx, cand, reference)
        return [mention] if mention else []
    if cand.kind == "text":
        return _text_dates(ctx, cand, reference)
    if cand.kind == "daymonth":
        a, b = int(m.group("a")), int(m.group("b"))
        month, day_number = (a, b) if ctx.mode == "en" and _date(2000, a, b) else (b, a)
        day = _infer_year(month, day_number, reference, ctx.tense(cand.start), None)
        return [DateMention(day, cand.start, cand.end)] if day else []
    if cand.kind == "relative":
        word = m.group("rel")
        if ctx.quoted(cand.start):
            return []  # the speaker's today, not the publication's
        before = ctx.previous_word(cand.start)[0]
        if (word.startswith("aujourd") and before == "d'") or (word == "demain" and before == "de"):
            return []  # « la France d'aujourd'hui », « le monde de demain »: no particular day
        offset = _FROM_REFERENCE[re.sub(r"\s+", " ", word)]
        return [DateMention(reference + datetime.timedelta(days=offset), cand.start, cand.end)]
    if cand.kind == "weekday":
        day = _resolve_weekday(ctx, cand.start, cand.end, _WEEKDAYS[m.group("wd")], reference)
        return [DateMention(day, cand.start, cand.end)] if day else []
    if cand.kind == "range":
        first = _resolve_weekday(ctx, m.start("w1"), m.end("w1"), _WEEKDAYS[m.group("w1")], reference)
        if first is None:
            return []
        gap = (_WEEKDAYS[m.group("w2")] - first.weekday()) % 7 or 7
        return [
            DateMention(first, m.start("w1"), m.end("w1")),
            DateMention(first + datetime.timedelta(days=gap), m.start("w2"), m.end("w2")),
        ]
    return []  # "habitual" only keeps its words from being read as dates


def _start(mention: DateMention) -> int:
    return mention.start


def _resolve_event(ctx: _Context, cand: _Candidate, mentions: list[DateMention]) -> DateMention | None:
    """« la veille »: one day before the date it is attached to in the same sentence, if any."""
    offset = _FROM_EVENT[re.sub(r"\s+", " ", cand.match.group("rel"))]
    of = _OF_NEXT.match(ctx.fold, cand.end)
    if of:
        # « la veille du 20 novembre »; « la veille de l’élection » has no date.
        i = bisect_left(mentions, of.end(), key=_start)
        if i == len(mentions) or mentions[i].start != of.end():
            return None
        base = mentions[i].day
    else:
        # Mentions never overlap an event's words, so the latest one starting
        # before them also ends before them.
        i = bisect_left(mentions, cand.start, key=_start)
        if i == 0 or mentions[i - 1].start < ctx.sentence(cand.start)[0]:
            return None
        base = mentions[i - 1].day
    return DateMention(base + datetime.timedelta(days=offset), cand.start, cand.end)


def find_dates(text: str, lang: str, reference: datetime.date) -> list[DateMention]:
    """The days `text` speaks of, in order of appearance.

    `lang` is the text's language ("fr" or "en"; anything else accepts both)
    and `reference` the article's publication date, against which relative
    words, lone weekdays and missing years are resolved. Offsets are those of
    the original `text`.
    """
    ctx = _Context(text, _mode(lang))
    mentions: list[DateMention] = []
    events: list[_Candidate] = []
    for cand in _select(_candidates(text, ctx.fold, ctx.mode, question=False), len(text)):
        if cand.kind == "event":
            events.append(cand)
        else:
            # A day counted past either end of the calendar (« demain » on
            # 9999-12-31) is no day.
            with suppress(OverflowError):
                mentions.extend(_resolve(ctx, cand, reference))
    mentions.sort(key=lambda x: (x.start, x.end))
    for cand in events:
        with suppress(OverflowError):
            mention = _resolve_event(ctx, cand, mentions)
            if mention:
                insort(mentions, mention, key=lambda x: (x.start, x.end))
    return mentions


# --------------------------------------------------------------------------
# Questions.


def find_question_dates(question: str) -> list[DayQuery]:
    """The days a question asks about, in either language, in order of appearance.

    Accents and case do not matter. A missing year is None, and a weekday
    alone gives a query on the weekday only. Unlike in a text, a question may
    also ask about a month (« en novembre », "in November 2023", day None) or
    a day of any month (« le 17 ? », "on the 17th", month None), and "17/11"
    needs no « le » before it: it reads day first unless only the other
    reading is valid or the question is in English. A weekday that contradicts
    a full date is dropped (the numbers are trusted). Words relative to today
    ("hier", "yesterday") are not read: a question has no publication date to
    count from.
    """
    fold = _fold(question)
    queries: list[DayQuery] = []
    english = re.search(r"\b(?:what|when|which|on|did|happened|the)\b", fold) is not None
    for cand in _select(_candidates(question, fold, "any", question=True), len(question)):
        m = cand.match
        if cand.kind == "iso":
            parts = int(m.group("y")), int(m.group("m")), int(m.group("d"))
            if _date(*parts):
                queries.append(DayQuery(*parts, None, cand.start, cand.end))
        elif cand.kind == "numeric":
            if m.group("s") != "/" and len(m.group("y")) == 2:
                continue
            a, b, year = int(m.group("a")), int(m.group("b")), _year(m.group("y"))
            day = _date(year, b, a) or _date(year, a, b)
            if day:
                queries.append(DayQuery(year, day.month, day.day, None, cand.start, cand.end))
        elif cand.kind == "daymonth":
            a, b = int(m.group("a")), int(m.group("b"))
            # Day first, as in French, unless only the other reading is valid
            # or the question is in English and both are.
            month, day_number = (a, b) if (english or not _date(2000, b, a)) and _date(2000, a, b) else (b, a)
            if _date(2000, month, day_number):
                queries.append(DayQuery(None, month, day_number, None, cand.start, cand.end))
        elif cand.kind == "text":
            queries.extend(_text_queries(m))
        elif cand.kind == "month":
            month = _MONTHS[m.group("mon").rstrip(".")]
            queries.append(DayQuery(None, month, None, None, m.start("mon"), cand.end))
        elif cand.kind == "dayalone":
            group = "d" if m.group("d") else "d2"
            queries.append(DayQuery(None, None, int(m.group(group)), None, m.start(group), cand.end))
        elif cand.kind == "monthyear":
            month = _MONTHS[m.group("mon").rstrip(".")]
            queries.append(DayQuery(int(m.group("y")), month, None, None, cand.start, cand.end))
        elif cand.kind == "weekday":
            before = _PREVIOUS_WORD.search(fold, max(0, cand.start - 26), cand.start)
            after = _NEXT_WORDS.match(fold, cand.end)
            if (before and before.group(1) in _QUESTION_WEEKDAY_NOT_AFTER) or (
                after and {after.group(1), after.group(2)} & _QUESTION_WEEKDAY_NOT_BEFORE
            ):
                continue
            queries.append(DayQuery(None, None, None, _WEEKDAYS[m.group("wd")], cand.start, cand.end))
    return queries


def _text_queries(m: re.Match[str]) -> list[DayQuery]:
    month = _MONTHS[m.group("mon").rstrip(".")]
    year = int(m.group("y")) if m.group("y") else None
    queries = []
    days = [(int(m.group("d1")), _weekday_of(m, "wd"), m.start())]
    if m.group("d2"):
        wd2 = _weekday_of(m, "wd2") if "wd2" in m.re.groupindex else None
        days.append((int(m.group("d2")), wd2, m.start("wd2") if wd2 is not None else m.start("d2")))
    for number, weekday, start in days:
        if not _date(year or 2000, month, number):  # 2000 was a leap year: 29 February may be asked about
            continue
        if year is not None and weekday is not None and datetime.date(year, month, number).weekday() != weekday:
            weekday = None
        queries.append(DayQuery(year, month, number, weekday, start, m.end()))
    return queries


# "quel jour", "what date", "depuis quand"…: questions about a date whatever
# comes before them.
_WHEN_PHRASE = re.compile(
    r"\b(?:what|which)\s{1,3}(?:day|date|year|month)s?\b"
    r"|\b(?:since|until|till)\s{1,3}when\b"
    r"|\bhow\s{1,3}long\s{1,3}ago\b"
    r"|\bquel(?:le)?s?\s{1,3}(?:jour|date|annee|mois)s?\b"
    r"|\b(?:depuis|jusqu'a|jusqu'au|jusqu'\s{1,3}a)\s{1,3}quand\b"
    r"|\ba\s{1,3}quel\s{1,3}moment\b"
    r"|\bil\s{1,3}y\s{1,3}a\s{1,3}combien\s{1,3}de\s{1,3}temps\b"
    r"|\b(?:la|the)\s{1,3}date\b|\bexact\s{1,3}date\b|\bdate\s{1,3}exacte\b|^\W*dates?\b"
)
# Questions that want a day, not just a moment: « quel jour », "what date".
_DAY_PHRASE = re.compile(
    r"\b(?:what|which)\s{1,3}(?:day|date)s?\b|\bquel(?:le)?s?\s{1,3}(?:jour|date)s?\b|\b(?:la|the)\s{1,3}date\b"
    r"|\bexact\s{1,3}date\b|\bdate\s{1,3}exacte\b|^\W*dates?\b"
)
_WORD = re.compile(r"\w")
# The last word of a question typed as keywords, asking a date or a time.
_DATE_KEYWORD = re.compile(r"\b(?:date|dates|jour|heure|day|time)\W*$")
_WHEN_WORD = re.compile(r"\b(?:when|quand|qd)\b(?!\s{1,3}(?:meme|bien)\b)")
# Other question words: "what happened when…" asks what, not when.
_OTHER_QUESTION_WORD = re.compile(
    r"\b(?:who|whom|whose|what|where|why|how|which|qui|quoi|pourquoi|comment|combien|quel|quelle|quels|quelles)\b"
    r"|^\W*qu(?:e\b|')"
)
# A question that opens with an auxiliary asks yes or no: "Did he return when…?"
_YES_NO = re.compile(r"^\W*(?:did|does|do|is|was|were|are|has|have|had|can|could|will|would|should|est-ce)\b")
# Words that make a later "when" the question: "and when", "tell me when",
# « sais-tu quand ».
_WHEN_CUE = re.compile(
    r"\b(?:and|or|et|ou)[\s,]{1,3}\Z"
    r"|\b(?:know|tell|say|remember|wonder|ask|sais|sait|savez|savoir|dire|dis|dites|rappeler|rappelle"
    r"|indiquer|indique|preciser|demande)\b[\w\s'-]{0,12}\Z"
)


# "When Brockman got bumped off the board, what did they tell him?": a
# "when" that opens a clause (no auxiliary after it) closed by a comma
# before another question word asks that other thing.
_WHEN_CLAUSE = re.compile(
    r"\b(?:when|quand)\s{1,3}(?!(?:did|does|do|is|was|were|are|has|have|had|will|would|could|exactly|est|a|ont|etait"
    r"|avait|sera|exactement)\b)[^,?]{1,80},\s{0,3}"
    r"(?:who|whom|whose|what|where|why|how|which|qui|quoi|pourquoi|comment|combien|quel|quelle|quels|quelles|qu)\b"
)


def is_when_question(question: str) -> bool:
    """Whether the question asks for a date ("when…?", « quel jour… ? », « depuis quand… ? »).

    Accents and case do not matter. "when"/« quand » counts when it opens the
    question, closes it (« il a été renvoyé quand ? »), follows "and"/« et »
    or a verb like "tell me"/« sais-tu », or comes before any other question
    word: "What happened when Altman was fired?" asks what.
    """
    fold = _fold(question)
    if _WHEN_PHRASE.search(fold):
        return True
    if _WHEN_CLAUSE.search(fold):
        return False
    other = _OTHER_QUESTION_WORD.search(fold)
    yes_no = _YES_NO.match(fold) is not None
    if other is None and not yes_no and _DATE_KEYWORD.search(fold):
        return True  # keywords, as typed in a search box: "researchers quit date"
    for match in _WHEN_WORD.finditer(fold):
        if _WHEN_CUE.search(fold, max(0, match.start() - 40), match.start()):
            return True
        if not _WORD.search(fold, match.end()):
            return True  # « il a été renvoyé quand ? »
        if not yes_no and (other is None or other.start() >= match.start()):
            return True
    return False


def asks_for_a_day(question: str) -> bool:
    """Whether the question wants a day ("what day…", « quel jour… »), which
    « la veille au soir » or "shortly after" does not give."""
    return _DAY_PHRASE.search(_fold(question)) is not None


_FRENCH_MONTH_NAMES = (
    "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre",
    "décembre",
)  # fmt: skip
_ENGLISH_MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
    "December",
)  # fmt: skip


def format_day(day: datetime.date, lang: str) -> str:
    """The day as written in running text: « 1er novembre 2023 », "17 November 2023"."""
    if _mode(lang) == "fr":
        number = "1er" if day.day == 1 else str(day.day)
        return f"{number} {_FRENCH_MONTH_NAMES[day.month - 1]} {day.year}"
    return f"{day.day} {_ENGLISH_MONTH_NAMES[day.month - 1]} {day.year}"
