"""The golden Q&A sets: the engine's quality as a gate.

The bars sit a little under the figures measured when they were set, so that
a change that makes answers worse fails here; raise them when quality rises.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.evaluation import Outcome, check_golden, metrics, read_golden, run
from bot.knowledge import KnowledgeBase, load_knowledge_base
from tests.conftest import GOLDEN

ENGLISH_ARTICLE = Path(__file__).parent / "data" / "knowledge_en"

# (file, language, minimum hit@1, minimum right "no answer" out of those
# expected, or None where none is right today: see the closing notes)
BARS = [
    ("seed_fr.tsv", "fr", 0.95, 8),
    ("seed_en.tsv", "en", 0.92, 8),
    # Written independently, after the engine was tuned on the two above: a
    # held-out estimate of how it does on questions it was not tuned on (until
    # they, too, guided a few changes: see tests/golden/README.md).
    ("fresh_fr.tsv", "fr", 0.92, 3),
    ("fresh_en.tsv", "en", 1.0, 3),
    ("third_fr.tsv", "fr", 0.94, 6),
    ("third_en.tsv", "en", 0.94, 5),
    ("fourth_fr.tsv", "fr", 0.97, 5),
    ("fourth_en.tsv", "en", 0.91, 4),
    ("fifth_fr.tsv", "fr", 1.0, 5),
    ("fifth_en.tsv", "en", 0.94, 4),
    ("sixth_fr.tsv", "fr", 1.0, 5),
    ("sixth_en.tsv", "en", 1.0, 5),
    ("seventh_fr.tsv", "fr", 1.0, 5),
    ("seventh_en.tsv", "en", 1.0, 4),
    ("eighth_fr.tsv", "fr", 0.97, 5),
    ("eighth_en.tsv", "en", 1.0, 5),
    ("ninth_fr.tsv", "fr", 1.0, 4),
    ("ninth_en.tsv", "en", 1.0, 5),
    ("tenth_fr.tsv", "fr", 1.0, 4),
    ("tenth_en.tsv", "en", 0.88, 4),
    ("eleventh_fr.tsv", "fr", 0.94, 4),
    ("eleventh_en.tsv", "en", 0.97, 5),
    ("twelfth_fr.tsv", "fr", 0.88, 4),
    ("twelfth_en.tsv", "en", 0.97, 5),
    ("thirteenth_fr.tsv", "fr", 0.91, 5),
    ("thirteenth_en.tsv", "en", 0.97, 3),
    ("fourteenth_fr.tsv", "fr", 1.0, 5),
    ("fourteenth_en.tsv", "en", 0.91, 5),
    ("fifteenth_fr.tsv", "fr", 0.97, 5),
    ("fifteenth_en.tsv", "en", 0.91, 3),
    ("sixteenth_fr.tsv", "fr", 1.0, 5),
    ("sixteenth_en.tsv", "en", 0.91, 4),
    # Kept out of every decision of the session that wrote them.
    ("seventeenth_fr.tsv", "fr", 0.94, 5),
    ("seventeenth_en.tsv", "en", 1.0, 4),
    ("eighteenth_fr.tsv", "fr", 0.97, 5),
    ("eighteenth_en.tsv", "en", 0.82, 4),
    ("nineteenth_fr.tsv", "fr", 0.97, 4),
    ("nineteenth_en.tsv", "en", 0.97, 4),
    ("twentieth_fr.tsv", "fr", 0.97, 4),
    ("twentieth_en.tsv", "en", 0.94, 4),
    ("twentyfirst_fr.tsv", "fr", 0.94, 5),
    ("twentyfirst_en.tsv", "en", 0.94, 4),
    ("twentysecond_fr.tsv", "fr", 1.0, 5),
    ("twentysecond_en.tsv", "en", 0.94, 5),
    ("twentythird_fr.tsv", "fr", 0.94, 5),
    ("twentythird_en.tsv", "en", 0.97, 3),
    ("twentyfourth_fr.tsv", "fr", 1.0, 5),
    ("twentyfourth_en.tsv", "en", 0.94, 4),
    ("twentyfifth_fr.tsv", "fr", 0.97, 5),
    ("twentyfifth_en.tsv", "en", 1.0, 5),
    ("twentysixth_fr.tsv", "fr", 0.94, 5),
    ("twentysixth_en.tsv", "en", 0.97, 5),
    ("twentyseventh_fr.tsv", "fr", 1.0, 4),
    ("twentyseventh_en.tsv", "en", 0.94, 5),
    ("twentyeighth_fr.tsv", "fr", 0.94, 5),
    ("twentyeighth_en.tsv", "en", 0.97, 3),
    ("twentyninth_fr.tsv", "fr", 0.97, 5),
    ("twentyninth_en.tsv", "en", 0.88, 3),
    ("thirtieth_fr.tsv", "fr", 0.97, 5),
    ("thirtieth_en.tsv", "en", 0.94, 5),
    ("thirtyfirst_fr.tsv", "fr", 1.0, 5),
    ("thirtyfirst_en.tsv", "en", 0.94, 5),
    ("thirtysecond_fr.tsv", "fr", 0.88, 3),
    ("thirtysecond_en.tsv", "en", 0.88, 4),
    ("thirtythird_fr.tsv", "fr", 0.94, 5),
    ("thirtythird_en.tsv", "en", 0.94, 4),
    ("thirtyfourth_fr.tsv", "fr", 1.0, 4),
    ("thirtyfourth_en.tsv", "en", 1.0, 4),
    ("thirtyfifth_fr.tsv", "fr", 0.97, 5),
    ("thirtyfifth_en.tsv", "en", 0.97, 5),
    ("thirtysixth_fr.tsv", "fr", 0.97, 4),
    ("thirtysixth_en.tsv", "en", 0.91, 5),
    ("thirtyseventh_fr.tsv", "fr", 0.97, 5),
    ("thirtyseventh_en.tsv", "en", 0.91, 3),
    ("thirtyeighth_fr.tsv", "fr", 0.97, 4),
    ("thirtyeighth_en.tsv", "en", 1.0, 4),
    ("thirtyninth_fr.tsv", "fr", 0.97, 4),
    ("thirtyninth_en.tsv", "en", 0.97, 3),
    ("fortieth_fr.tsv", "fr", 0.94, 5),
    ("fortieth_en.tsv", "en", 0.94, 4),
    ("fortyfirst_fr.tsv", "fr", 0.97, 4),
    ("fortyfirst_en.tsv", "en", 0.94, 5),
    ("fortysecond_fr.tsv", "fr", 0.97, 5),
    ("fortysecond_en.tsv", "en", 0.91, 4),
    ("fortythird_fr.tsv", "fr", 0.88, 3),
    ("fortythird_en.tsv", "en", 0.82, 4),
    ("fortyfourth_fr.tsv", "fr", 0.97, 5),
    ("fortyfourth_en.tsv", "en", 1.0, 5),
    ("fortyfifth_fr.tsv", "fr", 0.88, 5),
    ("fortyfifth_en.tsv", "en", 0.85, 5),
    ("fortysixth_fr.tsv", "fr", 0.88, 4),
    ("fortysixth_en.tsv", "en", 1.0, 4),
    ("fortyseventh_fr.tsv", "fr", 0.91, 4),
    ("fortyseventh_en.tsv", "en", 0.85, 4),
    ("fortyeighth_fr.tsv", "fr", 0.94, 3),
    ("fortyeighth_en.tsv", "en", 0.97, 3),
    ("fortyninth_fr.tsv", "fr", 0.94, 5),
    ("fortyninth_en.tsv", "en", 0.91, 4),
    ("fiftieth_fr.tsv", "fr", 0.91, 3),
    ("fiftieth_en.tsv", "en", 0.8, 5),
    ("fiftyfirst_fr.tsv", "fr", 0.82, 3),
    ("fiftyfirst_en.tsv", "en", 0.88, 4),
    ("fiftysecond_fr.tsv", "fr", 0.97, 3),
    ("fiftysecond_en.tsv", "en", 0.88, 4),
    ("fiftythird_fr.tsv", "fr", 0.88, 5),
    ("fiftythird_en.tsv", "en", 0.88, 3),
    ("fiftyfourth_fr.tsv", "fr", 0.85, 4),
    ("fiftyfourth_en.tsv", "en", 0.85, 4),
    ("fiftyfifth_fr.tsv", "fr", 0.8, 5),
    ("fiftyfifth_en.tsv", "en", 0.91, 4),
    ("fiftysixth_fr.tsv", "fr", 1.0, 5),
    ("fiftysixth_en.tsv", "en", 0.82, 3),
    ("fiftyseventh_fr.tsv", "fr", 0.91, 5),
    ("fiftyseventh_en.tsv", "en", 1.0, 4),
    ("fiftyeighth_fr.tsv", "fr", 0.85, 5),
    ("fiftyeighth_en.tsv", "en", 0.82, 4),
    ("fiftyninth_fr.tsv", "fr", 0.97, 5),
    ("fiftyninth_en.tsv", "en", 0.8, 5),
    ("sixtieth_fr.tsv", "fr", 0.88, 4),
    ("sixtieth_en.tsv", "en", 0.88, 5),
    ("sixtyfirst_fr.tsv", "fr", 0.74, 5),
    ("sixtyfirst_en.tsv", "en", 0.85, 4),
    ("sixtysecond_fr.tsv", "fr", 0.88, 5),
    ("sixtysecond_en.tsv", "en", 0.88, 4),
    ("sixtythird_fr.tsv", "fr", 0.94, 3),
    ("sixtythird_en.tsv", "en", 0.91, 2),
    ("sixtyfourth_fr.tsv", "fr", 0.97, 4),
    ("sixtyfourth_en.tsv", "en", 0.94, 4),
    ("sixtyfifth_fr.tsv", "fr", 0.94, 5),
    ("sixtyfifth_en.tsv", "en", 0.88, 4),
    ("sixtysixth_fr.tsv", "fr", 0.88, 5),
    ("sixtysixth_en.tsv", "en", 0.97, 4),
    ("sixtyseventh_fr.tsv", "fr", 0.94, 5),
    ("sixtyseventh_en.tsv", "en", 0.88, 3),
    ("sixtyeighth_fr.tsv", "fr", 0.77, 5),
    ("sixtyeighth_en.tsv", "en", 0.85, 3),
    ("sixtyninth_fr.tsv", "fr", 0.82, 5),
    ("sixtyninth_en.tsv", "en", 0.8, 2),
    ("seventieth_fr.tsv", "fr", 0.97, 5),
    ("seventieth_en.tsv", "en", 0.91, 4),
    ("seventyfirst_fr.tsv", "fr", 0.85, 4),
    ("seventyfirst_en.tsv", "en", 0.91, 5),
    ("seventysecond_fr.tsv", "fr", 0.91, 4),
    ("seventysecond_en.tsv", "en", 0.94, 5),
    # Kept out of every decision of the twelfth session (tests/golden/README.md).
    ("seventythird_fr.tsv", "fr", 0.97, 4),
    ("seventythird_en.tsv", "en", 0.91, 4),
    ("seventyfourth_fr.tsv", "fr", 0.74, 5),
    ("seventyfourth_en.tsv", "en", 0.88, 4),
    ("seventyfifth_fr.tsv", "fr", 0.97, 5),
    ("seventyfifth_en.tsv", "en", 0.97, 5),
    ("seventysixth_fr.tsv", "fr", 0.94, 4),
    ("seventysixth_en.tsv", "en", 0.88, 4),
    ("seventyseventh_fr.tsv", "fr", 0.85, 4),
    ("seventyseventh_en.tsv", "en", 0.91, 5),
    ("seventyeighth_fr.tsv", "fr", 0.94, 4),
    ("seventyeighth_en.tsv", "en", 0.94, 3),
    ("seventyninth_fr.tsv", "fr", 0.94, 4),
    ("seventyninth_en.tsv", "en", 1.0, 4),
    ("eightieth_fr.tsv", "fr", 0.94, 4),
    ("eightieth_en.tsv", "en", 0.97, 4),
    ("eightyfirst_fr.tsv", "fr", 0.97, 3),
    ("eightyfirst_en.tsv", "en", 0.88, 2),
    ("eightysecond_fr.tsv", "fr", 0.94, 3),
    ("eightysecond_en.tsv", "en", 1.0, 5),
    # Written at the start of the thirteenth session; they guided its changes.
    ("eightysixth_fr.tsv", "fr", 1.0, 5),
    ("eightysixth_en.tsv", "en", 0.94, 5),
    ("eightyseventh_fr.tsv", "fr", 0.91, 4),
    ("eightyseventh_en.tsv", "en", 1.0, 4),
    ("eightyeighth_fr.tsv", "fr", 0.85, 4),
    ("eightyeighth_en.tsv", "en", 0.77, 4),
    ("eightyninth_fr.tsv", "fr", 0.88, 5),
    ("eightyninth_en.tsv", "en", 0.88, 5),
    # Kept out of every decision of the thirteenth session (tests/golden/README.md).
    ("eightythird_fr.tsv", "fr", 0.91, 5),
    ("eightythird_en.tsv", "en", 1.0, 4),
    ("eightyfourth_fr.tsv", "fr", 0.88, 5),
    ("eightyfourth_en.tsv", "en", 0.85, 4),
    ("eightyfifth_fr.tsv", "fr", 0.94, 5),
    ("eightyfifth_en.tsv", "en", 0.94, 5),
    # Written in the middle of the thirteenth session; they guided its last changes.
    ("ninetieth_fr.tsv", "fr", 0.88, 5),
    ("ninetieth_en.tsv", "en", 0.94, 5),
    ("ninetyfirst_fr.tsv", "fr", 0.97, 5),
    ("ninetyfirst_en.tsv", "en", 0.94, 4),
    # Written in the middle of the thirteenth session, kept out of every decision.
    ("ninetysecond_fr.tsv", "fr", 1.0, 5),
    ("ninetysecond_en.tsv", "en", 0.91, 5),
]


@pytest.fixture(scope="module")
def english_kb() -> KnowledgeBase:
    """A fictional English article written for the tests."""
    return load_knowledge_base(ENGLISH_ARTICLE)


def _report(outcomes: list[Outcome], lang: str) -> str:
    m = metrics(outcomes, lang)
    return (f"{lang}: hit@1 {m.hit1:.3f} hit@3 {m.hit3:.3f} MRR {m.mrr:.3f} "
            f"no-answer {m.no_answer_correct}/{m.no_answer_expected}")


@pytest.mark.parametrize(("name", "lang", "hit1", "silent"), BARS)
def test_golden_set_on_the_seed_article(
    kb: KnowledgeBase, name: str, lang: str, hit1: float, silent: int | None
) -> None:
    items = read_golden(GOLDEN / name)
    assert len(items) >= 30 and {i.lang for i in items} == {lang}
    assert check_golden(kb, items) == []  # every expected passage exists
    outcomes = run(kb, items)
    m = metrics(outcomes, lang)
    print(_report(outcomes, lang))
    assert m.hit1 >= hit1
    if silent is not None:
        assert m.no_answer_correct >= silent


def test_french_questions_about_an_english_article(english_kb: KnowledgeBase) -> None:
    items = read_golden(GOLDEN / "fictional_en_fr.tsv")
    assert check_golden(english_kb, items) == []
    outcomes = run(english_kb, items)
    print(_report(outcomes, "fr"))
    assert metrics(outcomes, "fr").hit1 >= 0.75
