"""Sentence splitting: quotations, abbreviations, initials, numbers, French spaces."""

from __future__ import annotations

from pathlib import Path

from bot.articles import read_article
from bot.sentences import split_passages

KNOWLEDGE = Path(__file__).parent.parent / "knowledge"


def _split(body: str) -> list[str]:
    return [body[s.start: s.end] for s in split_passages(body)]


def test_plain_sentences() -> None:
    expected = ["Il pleut.", "Le vent souffle!", "Et après?", "Rien."]
    assert _split("Il pleut. Le vent souffle! Et après? Rien.") == expected


def test_abbreviations_and_initials_do_not_end_sentences() -> None:
    text = "Selon M. Brockman, Mme Murati et le Dr Smith sont là. John F. Kennedy vivait aux U.S. depuis 1950."
    assert _split(text) == [
        "Selon M. Brockman, Mme Murati et le Dr Smith sont là.",
        "John F. Kennedy vivait aux U.S. depuis 1950.",
    ]


def test_decimal_numbers_and_ellipses() -> None:
    assert _split("Le taux est de 3.5 pour cent. Puis… Rien ne bouge.") == [
        "Le taux est de 3.5 pour cent.",
        "Puis…",
        "Rien ne bouge.",
    ]


def test_a_quoted_statement_of_several_sentences_stays_with_its_attribution() -> None:
    text = "Il a tweeté\u00a0: «\u00a0Je regrette. Je n’ai jamais voulu nuire.\u00a0» Puis il est parti."
    assert _split(text) == [
        "Il a tweeté\u00a0: «\u00a0Je regrette. Je n’ai jamais voulu nuire.\u00a0»",
        "Puis il est parti.",
    ]
    english = 'He said: "We are sorry. It will not happen again." Then he left.'
    assert _split(english) == ['He said: "We are sorry. It will not happen again."', "Then he left."]


def test_an_attribution_after_the_quotation_is_kept() -> None:
    text = "«\u00a0Nous partons. Tout de suite.\u00a0», a-t-il ajouté. Fin."
    assert _split(text) == ["«\u00a0Nous partons. Tout de suite.\u00a0», a-t-il ajouté.", "Fin."]


def test_an_unbalanced_quotation_does_not_swallow_the_paragraph() -> None:
    text = "Il a dit «\u00a0non. Puis il est parti. Fin."
    assert len(_split(text)) == 3


def test_paragraphs_are_numbered_and_passages_are_exact_slices() -> None:
    body = "Premier. Deuxième.\n\n  Troisième.\n"
    spans = split_passages(body)
    assert [(s.paragraph, body[s.start: s.end]) for s in spans] == [
        (0, "Premier."), (0, "Deuxième."), (1, "Troisième."),
    ]


def test_the_seed_article_splits_into_its_sentences() -> None:
    article = read_article(KNOWLEDGE / "2023-11-20-altman-openai-microsoft.md", KNOWLEDGE)
    passages = _split(article.body)
    assert len(passages) == 20
    assert passages[1].startswith("La saga a débuté vendredi")
    assert passages[1].endswith("responsabilités\u00a0».")
    sutskever = next(p for p in passages if "Je regrette profondément" in p)
    assert sutskever.startswith("Parmi les signataires") and sutskever.endswith("réunifier l’entreprise.\u00a0»")
    assert any(p.startswith("Selon M. Brockman, M. Sutskever a invité M. Altman") for p in passages)
    for passage in passages:
        assert passage in article.body
