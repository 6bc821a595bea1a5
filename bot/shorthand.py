"""Texting shorthand in questions: « pk altman sest fait virer », "asked b4".

A question typed the way people text is read with its shorthand spelled out
(bot/data/shorthand.tsv) before anything else looks at it: the words that
say what is asked (« pk » is « pourquoi ») and the words to search alike.
Only the shorthand of the question's language is read, and only whole
words: « U.S. » holds no "u", « c’est » no « c ».
"""

from __future__ import annotations

import functools
import re

from bot.lexicon import read_shorthand, shorthand_path

# A whole word: not part of an elision (« c’ »), a compound (« peut-être »)
# or an abbreviation (« U.S. »).
_WORD = re.compile(r"(?<![\w'’.-])\w+(?![\w'’-]|\.\w)")


@functools.cache
def _table() -> dict[str, dict[str, str]]:
    return read_shorthand(shorthand_path())


def spelled_out(text: str, lang: str) -> str:
    """`text` with the shorthand of language `lang` read as its full form,
    in the case it was typed in (« PK » is « POURQUOI »)."""
    table = _table().get(lang, {})

    def full(match: re.Match[str]) -> str:
        typed = match.group()
        words = table.get(typed.casefold())
        if words is None:
            return typed
        if typed.isupper() and len(typed) > 1:
            return words.upper()
        return words[:1].upper() + words[1:] if typed[:1].isupper() else words

    return _WORD.sub(full, text)
