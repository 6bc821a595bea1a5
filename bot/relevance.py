"""Telling an answer from noise: when the best passage is not worth quoting.

Ranking always finds a best passage; whether it answers is another matter.
Seven signs that it does not, each calibrated on tests/golden:
- the question names a day the knowledge base says nothing about;
- the question names something the articles never mention (a name, or a
  word neither the articles nor the lexicon know): "Elon Musk", "Paris";
- a passage's score is too weak: a single common word in common (it is
  dropped even when what the question asks for put it first);
- the question asks who the people of a kind are ("Who are the other
  board members?") and the best passage does not name that kind whole, or
  names no one the question does not ("Who is the investigator…?");
- the question asks how the story ended ("did Altman eventually return?")
  and the best passage only shares its names and one of its other words;
- the question asks what someone did ("Did Mira Murati sign the
  letter?") and no passage near the top both names them and holds another
  of its words;
- the question asks what someone said ("What did Mira Murati say…?") and
  no passage near the top quotes them, or names them with another of its
  words (not the verb asking for speech: « on lui a dit » is not his).
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Sequence
from functools import lru_cache

from bot.analysis import (
    SENTENCE_START,
    Analyzer,
    Word,
    fold,
    folded_words,
    is_shouted,
    mentions_phrase,
    passage_terms,
    split_words,
)
from bot.dates import DayQuery, find_dates
from bot.index import Concept
from bot.knowledge import KnowledgeBase
from bot.language import is_common_word
from bot.query import DICTIONARY_WEIGHT, Query, in_focus

# Share of the best possible single-word score (the idf of a word found in one
# passage) below which the best passage only shares a stray word.
MIN_SCORE_SHARE = 0.3
# Words of a question about the outcome that its answer must share.
OUTCOME_WORDS = 2
# How many words after a kind (« le chercheur ») may name one of that kind.
KIND_NEIGHBOURS = 2


def weakest_answer(kb: KnowledgeBase) -> float:
    """The lowest lexical score worth quoting."""
    return MIN_SCORE_SHARE * math.log(kb.index.size + 1)


# A sentence after a question, up to the next question or exclamation mark (a
# full stop may be a title's, « M. Musk »), and a clause after a comma.
_FOLLOWING_SENTENCE = re.compile(r"(?<=\?)[^?!]+")
_FOLLOWING_CLAUSE = re.compile(r"(?<=[,;])[^?!,;]+")
_LAST_CLAUSE = re.compile(r"(?<=,) ?[^\W\d_]++(?: [^\W\d_]++){0,2}(?= ?\?\W*$)")


def _guesses(text: str, hedges: tuple[str, ...]) -> list[tuple[int, int]]:
    """The spans of `text` where, after a first question or clause, the
    asker hedges a guess ("Who became interim CEO? Wasn't he from Reddit or
    something?", « qui l'a annoncé, on m'a dit que c'était Bill Gates ? »),
    which the answer may correct: a name there that no article holds asks
    about nothing."""
    spans = [
        match.span()
        for pattern in (_FOLLOWING_SENTENCE, _FOLLOWING_CLAUSE)
        for match in pattern.finditer(text)
        if mentions_phrase(folded_words(match.group()), hedges)
    ]
    # "Who announced the hire, Bill Gates?": a name alone in the last clause is a guess too.
    last = _LAST_CLAUSE.search(text)
    if last and all(word[:1].isupper() for word in last.group().split()):
        spans.append(last.span())
    return spans


def missing_subjects(kb: KnowledgeBase, text: str, query: Query, asked: list[DayQuery]) -> tuple[str, ...]:
    """Words of the question that name something the articles never mention.

    In a question written in mixed case, a capitalized word after the first
    is taken for a name; in one all in capitals or all in lower case, a word
    that neither the lexicon (as typed or in its dictionary form) nor the
    language's dictionary knows ("doing", "anyone" are words; "elon",
    "pichai" are not) is. Words that are part of a date, and words the
    articles contain in any spelling or translation, never count.
    """
    unknown = {
        concept.source
        for concept in query.concepts
        if " " not in concept.source
        and in_focus(concept)
        and not any(kb.index.document_frequency(t) for alt in concept.alternatives for t in alt.terms)
    }
    if not unknown:
        return ()
    mixed_case = not is_shouted(text) and text != text.lower()
    guesses = _guesses(text, kb.analyzers[query.lang].profile.hedges)
    missing = []
    for word in split_words(text):
        if word.folded not in unknown or word.parts or len(word.folded) < 2 or not word.folded.isalpha():
            continue
        if any(start <= word.start < end for start, end in guesses):
            continue
        if any(q.start <= word.start < q.end for q in asked):
            continue
        typed = text[word.start: word.end]
        if mixed_case:
            # « … ? Depuis quand ? »: a capital opening a sentence names no one;
            # "were NOT consulted": capitals stress a word, not a name.
            named = (
                word.start > 0
                and typed[0].isupper()
                and not SENTENCE_START.search(text[: word.start])
                and not (typed.isupper() and any(is_common_word(typed, lang) for lang in kb.analyzers))
            )
        else:
            named = not any(
                kb.translator.knows(term, lang)
                for lang, a in kb.analyzers.items()
                for term in (a.stem(word.folded), a.lemma_term(typed))
                if term
            ) and not any(is_common_word(typed, lang) for lang in kb.analyzers)
        if named and typed not in missing:
            missing.append(typed)
    return tuple(missing)


def reports_outcome(kb: KnowledgeBase, query: Query, number: int) -> bool:
    """Whether passage `number` can answer a question about how the story
    ended: it must hold two of the question's words besides its names and
    the words asking for the outcome (all of them when there are fewer),
    each in one of its renderings found whole (a part of « remettre en
    poste » is no return).

    An article dated before the end of a story cannot say how it ended, yet
    its passages share the names of any question about it: « Altman est-il
    finalement revenu à la tête d'OpenAI ? » matched only « diriger » in a
    passage naming OpenAI (tests/golden: 13 questions right, none lost).
    """
    passage = kb.passages[number]
    held = passage_terms(kb.analyzers[passage.article.lang], passage.text)
    content = [c for c in _no_names(kb, query) if query.outcome_words.isdisjoint(c.source.split())]
    # A loose dictionary sense ("coming" as « devenir ») is no word of the question.
    found = sum(
        1
        for concept in content
        if any(held.issuperset(a.terms) and a.weight > DICTIONARY_WEIGHT for a in concept.alternatives)
    )
    return found >= min(OUTCOME_WORDS, len(content))


def holds_kind(kb: KnowledgeBase, query: Query, number: int) -> bool:
    """Whether passage `number` can say who the people of the kind a
    question asks about are: it holds one rendering of the kind whole.
    « d'autres membres du personnel » does not tell who the other members of
    the board are; nor does any passage of an article that never names them
    (tests/golden: 8 right "no answer", none lost)."""
    if query.kind is None:
        return True
    passage = kb.passages[number]
    analyzer = kb.analyzers[passage.article.lang]
    held = passage_terms(analyzer, passage.text)
    if not any(held.issuperset(a.terms) for a in query.kind.alternatives):
        return False
    return not query.wants_others or _names_one_of_kind(kb, query, number)


def _names_one_of_kind(kb: KnowledgeBase, query: Query, number: int) -> bool:
    """Whether passage `number` names, just after the kind, someone the
    question does not name: « du chercheur Szymon Sidor » tells who the
    other researchers are; no passage naming Brockman or Sutskever elsewhere
    tells who the other board members are, nor « avec le conseil
    d'administration, sans M. Brockman »."""
    assert query.kind is not None
    passage = kb.passages[number]
    analyzer = kb.analyzers[passage.article.lang]
    asking = kb.analyzers[query.lang]
    asked = {asking.stem(word) for concept in query.concepts for word in concept.source.split()}
    absent = _absent_starts(analyzer, passage.text)
    words = analyzer.kept_words(passage.text)
    terms = [analyzer.stem(w.folded) for w in words]
    for alternative in query.kind.alternatives:
        size = len(alternative.terms)
        for i in range(len(terms) - size + 1):
            if tuple(terms[i: i + size]) != alternative.terms:
                continue
            after = range(i + size, min(i + size + KIND_NEIGHBOURS, len(terms)))
            named = (j for j in after if terms[j] in analyzer.names and terms[j] not in asked)
            if any(words[j].start not in absent for j in named):
                return True
    return False


def question_topic(kb: KnowledgeBase, text: str, lang: str) -> tuple[str, ...] | None:
    """The person a question sets out first, then asks about (« Et Brockman,
    il a été dégagé aussi ? », « madry il bossait sur quoi »), as terms; None
    when it opens otherwise. Looser than a subject: what follows may be a
    verb no passage uses (« il faisait quoi »)."""
    pattern = kb.analyzers[lang].profile.topic_subject
    found = pattern.match(text) if pattern is not None else None
    # Each form of question has its own group for the person.
    return _person_typed(kb, next(g for g in found.groupdict().values() if g), lang) if found else None


def question_subject(
    kb: KnowledgeBase, text: str, lang: str, speech: bool = False, concepts: Sequence[Concept] = ()
) -> tuple[str, ...] | None:
    """The name of the person whose deeds the question asks about as its
    subject ("Did Mira Murati sign the letter?", « Quand Altman a-t-il été
    réintégré ? »), or whose words a question about `speech` asks for ("What
    did Mira Murati say…"), as terms; None when it asks about no one the
    articles name in full ("the board", « le conseil », a pronoun). A subject
    named by a role the question's `concepts` render ("Does the chief
    scientist regret…?") is the person who holds it."""
    analyzer = kb.analyzers[lang]
    patterns = (analyzer.profile.yes_no_subject, analyzer.profile.speaker_subject if speech else None)
    found = next((m for p in patterns if p is not None and (m := p.match(text)) is not None), None)
    if found is None:
        return None
    # Each form of question has its own group for the subject (« est-ce que » leads one).
    groups = found.groupdict()
    groups.pop("lead", None)
    typed = next((group for group in groups.values() if group), "")
    return _person_typed(kb, typed, lang) or _role_holder(kb, typed, concepts)


def _person_typed(kb: KnowledgeBase, typed: str, lang: str) -> tuple[str, ...] | None:
    """The person whose name the words `typed` give, as terms."""
    analyzer = kb.analyzers[lang]
    # Only the words of a name: « Qu'a déclaré publiquement Mira… ».
    words = [
        word
        for word in (fold(w) for w in typed.split())
        if word in kb.people.terms and not analyzer.is_stopword(word)
    ]
    person = kb.people.person(words) or kb.people.person(words[:1])
    return person if person and kb.is_person(person) else None


def reaction_owner(kb: KnowledgeBase, text: str, lang: str) -> tuple[str, ...] | None:
    """The person whose reaction the question asks for by a possessive
    (« la réaction de Google », "Microsoft's reaction", "the reaction of
    Satya Nadella"), as terms; None when it names no one so."""
    analyzer = kb.analyzers[lang]
    words = [w for w in split_words(text) if not w.parts]
    for i, word in enumerate(words):
        if word.folded not in analyzer.profile.reaction_words:
            continue
        after = [w.folded for w in words[i + 1: i + 4]]
        if after[:1] and after[0] in analyzer.profile.possessive_links:
            typed = " ".join(after[1:])  # « la réaction de Google »
        elif i > 1 and words[i - 1].folded == "s" and text[words[i - 2].end: words[i - 1].start] in ("'", "’"):
            typed = words[i - 2].folded  # "Brockman's reaction"
        else:
            continue
        return _person_typed(kb, typed, lang)
    return None


def _role_holder(kb: KnowledgeBase, typed: str, concepts: Sequence[Concept]) -> tuple[str, ...] | None:
    """The person holding the role the words `typed` give, as `with_roles`
    added their name to the concept rendering it ("the chief scientist")."""
    words = {fold(word) for word in typed.split()}
    for concept in concepts:
        # A name's own concept ("sams") gives no role.
        if set(concept.source.split()) <= words and kb.people.terms.isdisjoint(concept.alternatives[0].terms):
            terms = [t for a in concept.alternatives if len(a.terms) == 1 for t in a.terms if t in kb.people.terms]
            person = kb.people.person(terms) if terms else None
            if person and kb.is_person(person):
                return person
    return None


def names_person(kb: KnowledgeBase, person: tuple[str, ...], query: Query, number: int) -> bool:
    """Whether passage `number` says something of the person the question
    asks about: it names them (by any part of the name) and holds another
    word of the question whole.

    Only such a passage answers a question about what they did: the letter
    that a crowd signed does not say whether Mira Murati did, nor does the
    passage that names her interim CEO (tests/golden: 7 questions right, none
    lost). A question about what they said is answered by their quotation,
    whatever its words ("What does Sutskever say he'll do?")."""
    passage = kb.passages[number]
    held = passage_terms(kb.analyzers[passage.article.lang], passage.text)
    if held.isdisjoint(person):
        return False
    if query.wants_quote and not speaker_terms(kb, number).isdisjoint(person):
        return True
    # "What did Sutskever say…": « on lui a dit » near his name is no word of
    # his, nor « après » of "what did she say after her nomination".
    frames = kb.analyzers[query.lang].profile.speech_frames if query.wants_quote else frozenset()
    return any(
        held.issuperset(a.terms) and not set(a.terms) <= set(person)
        for concept in query.concepts
        if concept.source not in frames
        and not any(set(a.terms) <= set(person) for a in concept.alternatives)
        and (not query.wants_quote or in_focus(concept))
        for a in concept.alternatives
    )


def says_it(kb: KnowledgeBase, person: tuple[str, ...], query: Query, number: int) -> bool:
    """Whether passage `number` quotes `person` saying a word of the question
    other than a name or a modifier: « Brockman … tweetant que « … je
    démissionne » » answers "Did Brockman quit?" in his own words, and any
    words of theirs answer how they reacted."""
    if speaker_terms(kb, number).isdisjoint(person):
        return False
    if query.wants_reaction:
        return True
    passage = kb.passages[number]
    analyzer = kb.analyzers[passage.article.lang]
    quoted = frozenset().union(*(passage_terms(analyzer, passage.text[a:b]) for a, b in _quoted_spans(passage.text)))
    return any(
        quoted.issuperset(a.terms) and not set(a.terms) <= analyzer.modifier_terms
        for concept in _no_names(kb, query)
        for a in concept.alternatives
    )


def asked_words(kb: KnowledgeBase, query: Query) -> frozenset[str]:
    """The one-word renderings of what the question asks about: no name, no
    word of a time clause."""
    return frozenset(
        a.terms[0]
        for concept in _no_names(kb, query)
        if in_focus(concept)
        for a in concept.alternatives
        if len(a.terms) == 1
    )


def does_what_is_asked(kb: KnowledgeBase, person: tuple[str, ...], asked: frozenset[str], number: int) -> bool:
    """Whether passage `number` names `person` as whose deed a noun of the
    question's (one of its `asked_words`) is: « sans la participation de
    Brockman » tells whether Brockman took part, though his name follows a
    preposition."""
    passage = kb.passages[number]
    analyzer = kb.analyzers[passage.article.lang]
    return any(name in person and noun in asked for noun, name in _deeds(analyzer, passage.text))


@lru_cache(maxsize=8192)
def _deeds(analyzer: Analyzer, text: str) -> frozenset[tuple[str, str]]:
    # Worked out once a passage: (the noun's term, the name's) of each
    # « <noun> de <name> ».
    found: set[tuple[str, str]] = set()
    words = [w for w in split_words(text) if not w.parts and w.folded not in analyzer.profile.titles]
    for noun, link, name in zip(words, words[1:], words[2:], strict=False):
        if link.folded in analyzer.profile.genitives and name.folded in analyzer.names:
            found.add((analyzer.stem(noun.folded), analyzer.stem(name.folded)))
    return frozenset(found)


def acts_in(kb: KnowledgeBase, person: tuple[str, ...], number: int, first: bool = False) -> bool:
    """Whether passage `number` names `person` once at least other than
    after a preposition: « Brockman a refusé de jouer le jeu » tells what he
    did, « Selon M. Brockman, … sans M. Brockman » what he told of others.
    With `first`, the passage's first mention of them counts alone: « les
    fondateurs d'OpenAI ont retweeté un message d'Altman » is about others,
    though it ends « pour suivre Altman »."""
    passage = kb.passages[number]
    return not _agents(kb.analyzers[passage.article.lang], passage.text, first).isdisjoint(person)


@lru_cache(maxsize=8192)
def _agents(analyzer: Analyzer, text: str, first: bool) -> frozenset[str]:
    # Worked out once a passage: the subject and topic rules ask it of every
    # candidate. A run of names ("Greg Brockman") shares the word before it.
    profile = analyzer.profile
    agents: set[str] = set()
    seen: set[str] = set()
    before = run_before = ""
    previous: Word | None = None
    for word in split_words(text):
        if word.parts:
            continue
        if word.folded in analyzer.names:
            joined = (
                previous is not None and previous.folded in analyzer.names and text[previous.end: word.start] == " "
            )
            if not joined:
                run_before = before
            term = analyzer.stem(word.folded)
            if run_before not in profile.prepositions and not (first and term in seen):
                agents.add(term)
            seen.add(term)
        if word.folded not in profile.titles:
            before = word.folded
        previous = word
    return frozenset(agents)


def _no_names(kb: KnowledgeBase, query: Query) -> list[Concept]:
    """The concepts of the question that are no name. A name is a word of
    the question as typed (its heaviest rendering) that the articles write
    as a name: "CEO" is no name, though « PDG » is."""
    names = kb.analyzers[query.lang].names
    return [c for c in query.concepts if names.isdisjoint(max(c.alternatives, key=lambda a: a.weight).terms)]


# How far from a quotation its speaker is named, in words that count (not
# stop words): « Sutskever lui-même, qui a ensuite tweeté : « … » »,
# « « … », a déclaré Nadella ».
SPEAKER_WORDS = 5


def speaker_terms(kb: KnowledgeBase, number: int) -> frozenset[str]:
    """The terms of the few words just before or after each quotation of
    passage `number`, outside any quotation: where its speaker is named."""
    passage = kb.passages[number]
    return _speakers(kb.analyzers[passage.article.lang], passage.text, passage.article.date)


@lru_cache(maxsize=8192)
def _speakers(analyzer: Analyzer, text: str, published: datetime.date) -> frozenset[str]:
    # Worked out once a passage: the speaker and subject rules ask it of the
    # same passages question after question.
    quoted = _quoted_spans(text)
    if not quoted:
        return frozenset()
    # A date is no word between a speaker and their words: « un message
    # d'Altman daté du 19 novembre, dans lequel il déclarait : « … » ».
    dated = [(m.start, m.end) for m in find_dates(text, analyzer.lang, published)]
    outside = [
        w
        for w in analyzer.kept_words(text)
        if not any(a < w.start < b for a, b in quoted) and not any(a <= w.start < b for a, b in dated)
    ]
    absent = _absent_starts(analyzer, text)
    near: set[str] = set()
    for start, end in quoted:
        window = [w for w in outside if w.end <= start][-SPEAKER_WORDS:]
        window += [w for w in outside if w.start >= end][:SPEAKER_WORDS]
        near.update(w.folded for w in window if w.start not in absent)
    return frozenset(analyzer.stem(word) for word in near)


def _absent_starts(analyzer: Analyzer, text: str) -> set[int]:
    """Where the words just after « sans », "without" (past any title) start."""
    starts: set[int] = set()
    after = False
    for word in split_words(text):
        if after:
            starts.add(word.start)
        if word.folded in analyzer.profile.titles:
            continue
        after = word.folded in analyzer.profile.absences
    return starts


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each quotation in « » or “ ”, outermost only."""
    spans = []
    depth = 0
    start = 0
    for i, c in enumerate(text):
        if c in "«“":
            if depth == 0:
                start = i
            depth += 1
        elif c in "»”" and depth:
            depth -= 1
            if depth == 0:
                spans.append((start, i))
    return spans
