"""From a question to a BM25 query of concepts, in every language the index holds.

Each meaningful word (or lexicon expression) of the question becomes one
`Concept` whose alternatives are: the word analyzed in each article language
(names, numbers and words spelled alike pass untranslated), its synonyms, and
its translations. A concept scores as its best alternative, so a word with
many translations counts no more than one with a single translation.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Container, Mapping, Sequence
from dataclasses import dataclass

from bot.analysis import (
    Analyzer,
    LanguageProfile,
    Word,
    asked_measures,
    asks_first,
    is_shouted,
    mentions_phrase,
    phrase_positions,
    split_words,
)
from bot.dates import is_when_question
from bot.index import Alternative, Concept
from bot.language import is_common_word
from bot.spelling import correction, is_slip, surname_slip, unelided
from bot.translation import DICTIONARY, Match, Translator

# Translations and synonyms are guesses about what the asker meant; the words
# they typed are not. Dictionary translations are the least sure.
LEXICON_WEIGHT = 0.8
# How far before a verb of telling its marker may come: « qu'a-t-on donc dit… ».
TOLD_REACH = 4
DICTIONARY_WEIGHT = 0.35
# A word of the other language inside a question ("le board", "the PDG"):
# a guess on top of a guess.
BORROWED_WEIGHT = 0.6
# The word naming the kind of answer ("which company"), rarely in the answer;
# but when it is (« quelle réforme » by « la réforme de l'équipe »), it tells
# the answer well (0.5 rather than 0.4: all golden sets +6, -1; 0.6: +9, -3).
ANSWER_TYPE_WEIGHT = 0.5
# A time clause sets the scene ("who was hired after Altman was fired?"): the
# answer is about the rest of the question, and the event of the clause is
# often what every other passage is about too (tests/golden: +2 questions,
# none lost, at any weight from 0.3 to 0.7).
BACKGROUND_WEIGHT = 0.5
# "What did Sutskever say he regrets?": "say" is matched by any passage that
# reports speech (« on lui a dit »), the quotation that answers need not
# repeat it (tests/golden: en +7, fr +2, none lost; at 0.4: en +3).
SPEECH_FRAME_WEIGHT = 0.25
CLAUSE_ENDS = ",;:?!.()"
# How many words from "where" a word of moving may be ("where did Sam Altman end up").
PLACE_REACH = 4


# The renderings of one concept: terms -> (weight, cap, proportional), as `Alternative` has them.
Offers = dict[tuple[str, ...], tuple[float, int, bool]]


@dataclass(frozen=True)
class Query:
    """A question analyzed for searching."""

    lang: str
    concepts: tuple[Concept, ...]
    wants_number: bool  # "how many", « combien »
    wants_quote: bool  # "what did X say", « qu'a dit X »
    wants_reason: bool  # "why", « pourquoi »
    measures: tuple[str, ...]  # quantities asked for: "money" (« quel salaire »), "age"
    wants_summary: bool  # "what happened?", « que s'est-il passé ? »
    # The folded words of the phrases asking how the story ended ("eventually",
    # « finalement »); empty for other questions.
    outcome_words: frozenset[str] = frozenset()
    # The renderings of what a "how many" question counts (« combien de
    # membres »): its answer has a number next to one of them.
    counted: tuple[tuple[str, ...], ...] = ()
    wants_first: bool = False  # "who was first named…", « en premier »
    wants_role: bool = False  # "what's Sutskever's job?", « quel poste occupe… »
    wants_person: bool = False  # "who…?", « qui… ? »
    wants_now: bool = False  # "who runs OpenAI now?", « désormais »
    wants_success: bool = False  # "did the push work?", « a-t-elle porté ses fruits ? »
    # The concept naming the kind of people a question asks who they are
    # (« qui sont les autres membres du conseil » → « membres du conseil »).
    kind: Concept | None = None
    wants_aim: bool = False  # "what did the investors want?", « que réclamaient les signataires ? »
    counts_time: bool = False  # "how many days…", « combien de jours »
    wants_name: bool = False  # « comment s'appelle l'enquêteur ? », "what's the name of…"
    passive: bool = False  # "was Altman fired?", « a-t-il été renvoyé ? »
    wants_source: bool = False  # « d'où viennent les infos ? », "which outlets reported it?"
    wants_reaction: bool = False  # « comment Brockman a-t-il réagi ? », "how did X respond?"
    # The question asks who the others of its kind are (« quels autres administrateurs… »).
    wants_others: bool = False
    wants_word: bool = False  # « quel mot a-t-on employé ? », "what word did they use?"
    wants_place: bool = False  # "where did Altman end up?", « il est parti où ? »
    replaced: frozenset[str] = frozenset()  # « qui a remplacé Mme Murati ? »: her name's terms


def in_focus(concept: Concept) -> bool:
    """Whether a concept is what the question asks about, not background: a
    word of a time or source clause (« selon Brockman »), a possessor or
    someone described by a new role weighs half at most."""
    return max(a.weight for a in concept.alternatives) > BACKGROUND_WEIGHT


def build_query(
    question: str,
    lang: str,
    analyzers: Mapping[str, Analyzer],
    translator: Translator,
    targets: Collection[str],
    known: Container[str] | None = None,
) -> Query:
    """The concepts of `question`, read as language `lang`, for articles in
    `targets` whose index holds the terms `known` (when given)."""
    source = analyzers[lang]
    profile = source.profile
    words: list[str] = []
    # The term of each word's dictionary form, where it differs from the word's own.
    lemmas: list[str | None] = []
    answer_types: set[int] = set()
    # Words of a time clause ("after he was fired", « avant le limogeage »),
    # up to the next punctuation.
    background: set[int] = set()
    # Words of someone or something described, not named (see `vague` below).
    described: set[int] = set()
    # The terms of whom the question says someone replaced (« remplacé Mme Murati »).
    replaced: set[str] = set()
    in_clause = False
    previous = ""
    # The words searched so far in the clause: « remplacé Mme Murati », « succédé à Murati ».
    kept: list[str] = []
    previous_end = 0
    every = split_words(question)
    whole = [w for w in every if not w.parts]
    folded_whole = [w.folded for w in whole]
    framed = phrase_positions(folded_whole, profile.request_frames) | _future_frames(whole, source)
    framed |= _scene(question, whole, profile)
    if whole and whole[-1].folded in profile.success_endings:
        framed.add(len(whole) - 1)  # "did the push work?" asks whether it worked, not about work
    if whole and whole[-1].folded in profile.name_endings:
        framed.add(len(whole) - 1)  # "what is the new team called?" asks a name, not about a call
    wants_word = mentions_phrase(folded_whole, profile.word_questions)
    if wants_word:
        framed |= {i for i, word in enumerate(whole) if word.folded in profile.word_verbs}
    courtesy = [(whole[i].start, whole[i].end) for i in sorted(framed)]
    # "Could you tell me who…": the courtesy is no word of the question.
    split = [w for w in every if not any(a <= w.start and w.end <= b for a, b in courtesy)]
    if known is not None:
        split = _joined(split, question, source, known)
    folded = [w.folded for w in split if not w.parts]
    wants_quote = wants_word or not profile.speech_words.isdisjoint(folded)
    shouting = is_shouted(question)
    vague = {whole[i].start for i in phrase_positions(folded_whole, profile.vague_events)}
    vague |= _possessors(whole, question, source) | _newcomers(whole, profile)
    # "Who was named interim CEO, and what was her prior title?": the first question is what is wanted.
    second = profile.second_question.search(question) if profile.second_question else None
    if second:
        vague |= {w.start for w in whole if w.start >= second.end()}
    when = is_when_question(question)
    # "How long after DevDay…" asks about the clause; « selon Brockman » names a source.
    timed = () if mentions_phrase(folded_whole, profile.span_questions) else profile.time_clauses
    openers = timed + profile.source_clauses + (() if when else profile.when_clauses)
    clauses = {whole[i].start for i in phrase_positions(folded_whole, openers)}
    for word in split:
        gap = question[previous_end: word.start]
        # The full stop of a title (« M. Altman ») ends no clause.
        if any(mark in CLAUSE_ENDS for mark in (gap[1:] if previous in profile.titles else gap)):
            in_clause = False
            kept = []  # « Pis après, Sutskever, … »: no one succeeds across a comma
        # An opener left out of the question (« d'après ») still opens its clause.
        if any(previous_end <= start <= word.start for start in clauses):
            in_clause = True
        previous_end = word.end
        # In a question typed all in capitals, capitals mark no acronym.
        if source.keeps(word, "" if shouting else question[word.start: word.end]):
            if previous in profile.interrogatives:
                answer_types.add(len(words))
            # "Who replaced Murati?": she is named where the answer is not.
            # « remplace finalement Murati »: a word of the outcome may come between.
            before, last = ["", "", *kept][-2:]
            succession = profile.succession_words
            succeeded = word.folded in source.names and (
                last in succession
                or (before in succession and last in profile.outcome_words)
                # "Who took over as interim CEO after Murati?", not "after Altman was fired".
                or (last in profile.succession_ends and _ends_clause(question, word.end))
            )
            if succeeded:
                replaced.add(source.stem(word.folded))
            if in_clause or succeeded:
                background.add(len(words))
            elif word.start in vague:
                described.add(len(words))
            typed = question[word.start: word.end]
            fixed: str | None = None
            if known is not None and not word.parts and is_slip(word.folded, typed, analyzers, translator, known):
                fixed = unelided(word.folded, source, translator, known) or correction(
                    word.folded, source, translator, known, lang in targets
                )
            elif (
                not shouting
                and typed[:1].isupper()
                and kept
                and kept[-1] in source.names
                and word.folded not in source.names
            ):
                # "Emmett Sheer": after a name, a capitalized word of the language may
                # be a slip in the surname ("when did mira hear" is no « Shear »).
                fixed = surname_slip(word.folded, source)
            words.append(fixed or word.folded)
            lemmas.append(None if word.parts or fixed else source.lemma_term(typed))
            kept.append(word.folded)
        if not word.parts:
            previous = word.folded
    terms = [source.stem(w) for w in words]
    if when:
        # "the exact date of the coup": « date » names what is asked, which
        # the answer gives rather than says (« daté du 19 novembre » is no date of the coup).
        answer_types.update(i for i, word in enumerate(words) if word in profile.date_words)
    # "new interim CEO after Murati?": with the clause set aside, the one
    # described is what is asked; with nothing else to ask about, the clause.
    if len(background | described) < len(words):
        background |= described
    elif len(background) == len(words):
        background.clear()
    by_start = _lexicon_matches(terms, lemmas, lang, translator, known)
    concepts: list[Concept] = []
    position = 0
    while position < len(terms):
        match = by_start.get(position)
        stop = match.stop if match else position + 1
        if stop == position + 1 < len(words) and words[position] in profile.sizes:
            position = stop  # « ce grand raout »: the noun says it all
            continue
        alternatives: Offers = {}
        for target in targets:
            if target == lang:
                own = tuple(terms[position:stop])
                plain = tuple(t for t in own if t not in source.modifier_terms)
                # As in a translation, « grande » alone is no part of « grand
                # patron »: the noun counts in full, the modifier with it.
                if plain and plain != own:
                    _offer(alternatives, plain, 1.0)
                    _offer(alternatives, own, 1.0, proportional=True)
                else:
                    _offer(alternatives, own, 1.0)
                lemma = lemmas[position]
                if lemma and stop == position + 1:
                    _offer(alternatives, (lemma,), 1.0)
            elif not (
                match is not None
                and match.trust != DICTIONARY
                and stop == position + 1
                and is_common_word(words[position], lang)
                and not is_common_word(words[position], target)
            ):
                # The same spelling in the other language: names, numbers,
                # cognates; not a word of this language alone, which the
                # lexicon renders ("post" is no « poste »).
                analyzer = analyzers[target]
                # "new" is no « New » of « New York Times »: a modifier is no
                # name; nor is "same", which the French stemmer makes « Sam »
                # (a name with an s stays: "madrys job").
                spelled = tuple(
                    term
                    for w in words[position:stop]
                    if not analyzer.is_stopword(w) and w not in profile.modifiers
                    for term in (analyzer.stem(w),)
                    if term == w or term not in analyzer.names or w == f"{term}s"
                )
                _offer(alternatives, spelled, 1.0)
            if match:
                weight = DICTIONARY_WEIGHT if match.trust == DICTIONARY else LEXICON_WEIGHT
                # A translation says one thing of the question in other words:
                # it counts at most as its most telling word (tests/golden: en
                # +4, fr unchanged; synonyms capped too lost 5 French questions).
                cap = 0 if target == lang else 1
                _offer_all(alternatives, match, analyzers[target], weight, cap)
        if match is None or match.trust == DICTIONARY:
            _offer_borrowed(alternatives, words[position], lang, analyzers, translator, targets)
        if alternatives:
            scale = ANSWER_TYPE_WEIGHT if position in answer_types else 1.0
            if wants_quote and stop == position + 1 and words[position] in profile.speech_frames:
                scale *= SPEECH_FRAME_WEIGHT
            if position in background:
                scale *= BACKGROUND_WEIGHT
            concepts.append(
                Concept(
                    " ".join(words[position:stop]),
                    # The question's own words (weight 1) count in full, unless
                    # offered by their share (an expression with a modifier).
                    tuple(
                        Alternative(t, w * scale, proportional=proportional, cap=cap)
                        for t, (w, cap, proportional) in alternatives.items()
                    ),
                )
            )
        position = stop
    if _asks_what_told(folded_whole, profile) and not wants_word:
        concepts.append(_news_words("(informed)", lambda p: p.informed_words, analyzers, targets))
    wants_source = mentions_phrase(folded, profile.source_questions)
    if wants_source:
        # « sources ?? qui a balancé l'info » shares no word with « selon les rapports de The Verge ».
        concepts.append(_news_words("(reported)", lambda p: p.report_words, analyzers, targets))
    wants_number = mentions_phrase(folded, profile.number_questions)
    wants_reason = mentions_phrase(folded, profile.reason_questions)
    measures = asked_measures(folded, profile, question)
    wants_summary = mentions_phrase(folded, profile.summary_questions)
    outcome_words = frozenset(
        word
        for phrase in profile.outcome_questions
        if mentions_phrase(folded, (phrase,))
        for word in phrase.split()
    )
    counted = _counted(folded, words, concepts, source)
    wants_success = mentions_phrase(folded, profile.success_questions) or bool(
        whole and whole[-1].folded in profile.success_endings
    )
    wants_person = any(folded[: len(p.split())] == p.split() for p in profile.who_questions) or mentions_phrase(
        folded, profile.closing_who
    )
    wants_name = mentions_phrase(folded_whole, profile.name_questions)
    kind, others = _kind(folded, concepts, source, wants_person or wants_name)
    return Query(
        lang,
        tuple(concepts),
        wants_number,
        wants_quote,
        wants_reason,
        measures,
        wants_summary,
        outcome_words,
        counted,
        # "Who took over right after Altman left?" asks for the first to.
        asks_first(folded, profile) or (wants_person and mentions_phrase(folded, profile.right_after)),
        mentions_phrase(folded, profile.role_questions),
        wants_person,
        # "Who ended up as interim CEO?" asks who holds the post at the end.
        (
            mentions_phrase(folded, profile.now_questions)
            or (wants_person and (bool(outcome_words) or not profile.later_ordinals.isdisjoint(folded)))
        )
        and not mentions_phrase(folded, profile.right_after),
        wants_success,
        kind,
        # "did it work, trying to bring Altman back?" asks whether, not what for.
        mentions_phrase(folded, profile.aim_questions) and not wants_success,
        wants_number and _counts_periods(folded, profile),
        wants_name,
        mentions_phrase(_before_relative(folded, profile), profile.passive_questions),
        wants_source,
        not profile.reaction_words.isdisjoint(folded),
        others,
        wants_word,
        _asks_where_to(folded, profile),
        frozenset(replaced),
    )


def _asks_where_to(folded: list[str], profile: LanguageProfile) -> bool:
    """Whether a question asks where someone went: a place word near a word
    of moving, asking (first or last, or right after the moving word: « il
    est parti où ») rather than relative ("the show where he went on stage",
    « l'appel où »), and not where they were before."""
    return profile.former_words.isdisjoint(folded) and any(
        word in profile.place_words
        and (i in (0, len(folded) - 1) or folded[i - 1] in profile.moving_words)
        and not profile.moving_words.isdisjoint(folded[max(0, i - PLACE_REACH): i + PLACE_REACH + 1])
        for i, word in enumerate(folded)
    )


def _asks_what_told(folded: list[str], profile: LanguageProfile) -> bool:
    """Whether a question asks what someone was told (see `LanguageProfile.told_verbs`)."""
    if profile.manner_words.intersection(folded[:1]):
        return False
    return any(
        word in profile.told_verbs and not profile.told_markers.isdisjoint(folded[max(0, i - TOLD_REACH): i])
        for i, word in enumerate(folded)
    )


def _news_words(
    name: str,
    words: Callable[[LanguageProfile], tuple[str, ...]],
    analyzers: Mapping[str, Analyzer],
    targets: Collection[str],
) -> Concept:
    """The words news writing uses for something the question asks without
    them (being told: « informé »; a source: « rapports »), in every language
    searched, as the concept `name`."""
    return Concept(
        name,
        tuple(
            Alternative(tuple(analyzers[lang].terms(word)), LEXICON_WEIGHT)
            for lang in targets
            for word in words(analyzers[lang].profile)
        ),
    )


def _counts_periods(folded: list[str], profile: LanguageProfile) -> bool:
    """Whether a "how many" question counts time (« combien de jours »), not
    people who do something "every week"."""
    for phrase in profile.count_phrases:
        size = len(phrase.split())
        for i in range(len(folded) - size):
            if folded[i: i + size] == phrase.split() and folded[i + size] in profile.periods:
                return True
    return False


def _before_relative(folded: list[str], profile: LanguageProfile) -> list[str]:
    """The folded words before the first relative clause (« dont il a été chassé »)."""
    cut = next((i for i, word in enumerate(folded) if word in profile.relatives), len(folded))
    return folded[:cut]


def _possessors(whole: list[Word], question: str, analyzer: Analyzer) -> set[int]:
    """Where the words of a possessor described, not named, start ("the new
    interim boss's plan"): whose plan it is was said elsewhere; the plan is
    what is asked. A name stays ("What is Ilya Sutskever's job?")."""
    starts: set[int] = set()
    for i, word in enumerate(whole):
        if word.folded != "s" or not i or question[word.start - 1: word.start] not in ("'", "’"):
            continue
        j = i - 1
        # "new" of « New York Times » is no name here.
        while j >= 0 and not analyzer.is_stopword(whole[j].folded) and (
            whole[j].folded not in analyzer.names or whole[j].folded in analyzer.profile.modifiers
        ):
            starts.add(whole[j].start)
            j -= 1
    return starts


def _newcomers(whole: list[Word], profile: LanguageProfile) -> set[int]:
    """Where the words describing someone by a new role start (« le nouveau
    patron par intérim », "the new interim boss"): the question asks about
    them, what they plan or do, which the passage naming them does not say."""
    starts: set[int] = set()
    for i, word in enumerate(whole):
        if word.folded not in profile.new_words:
            continue
        j = i + 1
        while j < len(whole) and whole[j].folded in profile.interim_words:
            j += 1
        if j < len(whole) and whole[j].folded in profile.role_nouns:
            j += 1
            while j < len(whole) and whole[j].folded in profile.interim_words:
                j += 1
            starts.update(w.start for w in whole[i:j])
    return starts


def _kind(
    folded: list[str], concepts: list[Concept], analyzer: Analyzer, asks_who: bool
) -> tuple[Concept | None, bool]:
    """The concept of the word naming the kind of people a question asks who
    they are, and whether it asks for others of that kind: the first word
    after « qui sont les », "who is the"… opening the question that is no
    name ("who else sits on OpenAI's board"), or the word after « autres »,
    "other" in a question asking who (« quels sont les noms des autres
    administrateurs ») or which members (« quels autres administrateurs »;
    "what other reform" asks for no people). "Besides Sutskever" asks for
    others too, and then "which" before a word naming members asks who they
    are ("besides Sutskever, which directors voted"). "Who's the one who…"
    asks of no kind."""
    profile = analyzer.profile
    for phrase in profile.kind_questions:
        size = len(phrase.split())
        if folded[:size] == phrase.split():
            skipped = profile.not_kinds | profile.later_ordinals | analyzer.names | {"s"}
            at = next((i for i in range(size, len(folded)) if folded[i] not in skipped), None)
            if at is not None and folded[at] in profile.vague_kinds:
                return None, False  # "who's the one who invited Altman" asks who, of no kind
            # "who else is on the", « les autres », "besides Sutskever"
            others = not profile.not_kinds.isdisjoint(folded[:at]) or mentions_phrase(folded, profile.besides)
            return _kind_at(at, folded, concepts, profile), others
    # "Besides Sutskever, which directors voted…", « à part Sutskever, quels membres du conseil… »
    if mentions_phrase(folded, profile.besides):
        for i, word in enumerate(folded[:-1]):
            if word in profile.interrogatives and folded[i + 1] in profile.members:
                return _kind_at(i + 1, folded, concepts, profile), True
    for i, word in enumerate(folded[:-1]):
        # « quels autres administrateurs », not "what other reform"
        members = bool(i) and folded[i - 1] in profile.interrogatives and folded[i + 1] in profile.members
        if word in profile.other_kinds and (asks_who or members):
            return _kind_at(i + 1, folded, concepts, profile), True
    return None, False


def _kind_at(at: int | None, folded: list[str], concepts: list[Concept], profile: LanguageProfile) -> Concept | None:
    """The concept of the word at position `at` of `folded`, with its
    complement whole (« les autres membres du CA »)."""
    if at is None:
        return None
    k = next((k for k, c in enumerate(concepts) if folded[at] in c.source.split()), None)
    if k is None:
        return None
    kind = concepts[k]
    single = " " not in kind.source
    if single and at + 1 < len(folded) and folded[at + 1] in profile.kind_links and k + 1 < len(concepts):
        complement = concepts[k + 1]
        kind = Concept(
            f"{kind.source} {complement.source}",
            tuple(
                Alternative(a.terms + b.terms, min(a.weight, b.weight))
                for a in kind.alternatives
                for b in complement.alternatives
            ),
        )
    return kind


def _counted(
    folded: list[str], words: list[str], concepts: list[Concept], analyzer: Analyzer
) -> tuple[tuple[str, ...], ...]:
    """The renderings of the concept a "how many" question counts, if precise
    enough to look for: the first word after the phrase that is no name
    ("how many OpenAI staff" counts staff). A question counting two things
    (« combien de signataires, sur combien d'employés ») is answered by
    either count."""
    profile = analyzer.profile
    found: dict[tuple[str, ...], None] = {}
    for phrase in profile.count_phrases:
        size = len(phrase.split())
        for i in range(len(folded) - size):
            if " ".join(folded[i: i + size]) != phrase:
                continue
            counted = next((w for w in folded[i + size:] if w not in analyzer.names), "")
            if counted in profile.vague_counts:
                continue
            concept = next((c for c in concepts if counted in c.source.split() and counted in words), None)
            if concept is not None:
                found.update(dict.fromkeys(alternative.terms for alternative in concept.alternatives))
    return tuple(found)


def _lexicon_matches(
    terms: list[str], lemmas: list[str | None], lang: str, translator: Translator, known: Container[str] | None
) -> dict[int, Match]:
    """The lexicon expressions of the question by start position. A word is
    also looked up by its dictionary form, and what that finds is added to
    what the word as typed finds (« suit » is a form of « suivre »), unless
    the typed word is part of a longer expression or the form only reaches
    the general dictionary where the typed word reached the glossary."""
    by_start = {m.start: m for m in translator.matches(terms, lang, known)}
    # An expression with a conjugated verb (« voulait-il du mal ») is found
    # by the verb's dictionary form (« vouloir du mal »), unless the words
    # as typed make a longer one.
    lemmatized = [lemma or term for term, lemma in zip(terms, lemmas, strict=True)]
    for match in translator.matches(lemmatized, lang, known):
        overlapping = [m for m in by_start.values() if m.start < match.stop and match.start < m.stop]
        if match.stop - match.start < 2 or any(m.stop - m.start >= match.stop - match.start for m in overlapping):
            continue
        for m in overlapping:
            del by_start[m.start]
        by_start[match.start] = match
    covered = {i: m for m in by_start.values() for i in range(m.start, m.stop)}
    for position, lemma in enumerate(lemmas):
        covering = covered.get(position)
        if lemma is None or (covering and covering.stop - covering.start > 1):
            continue
        for match in translator.matches([lemma], lang):
            if covering is None or match.trust < covering.trust:
                by_start[position] = Match(position, position + 1, match.trust, match.by_lang)
            elif match.trust == covering.trust:
                merged = {
                    code: covering.by_lang.get(code, frozenset()) | match.by_lang.get(code, frozenset())
                    for code in {*covering.by_lang, *match.by_lang}
                }
                by_start[position] = Match(position, position + 1, covering.trust, merged)
    return by_start


def _offer_borrowed(
    alternatives: Offers,
    word: str,
    lang: str,
    analyzers: Mapping[str, Analyzer],
    translator: Translator,
    targets: Collection[str],
) -> None:
    """The renderings of `word` read as a word of another language."""
    for other, analyzer in analyzers.items():
        if other == lang or analyzer.is_stopword(word):
            continue
        for match in translator.matches([analyzer.stem(word)], other):
            if match.trust == DICTIONARY:
                continue  # too unsure to guess a language and a sense at once
            for target in targets:
                _offer_all(alternatives, match, analyzers[target], BORROWED_WEIGHT, 0 if target == other else 1)


def _future_frames(words: Sequence[Word], analyzer: Analyzer) -> set[int]:
    """The positions of the phrases marking the future ("going to", "gonna")
    that a word other than a name of the articles follows."""
    folded = [w.folded for w in words]
    found: set[int] = set()
    for phrase in analyzer.profile.future_frames:
        size = len(phrase.split())
        for i in range(len(folded) - size):
            if " ".join(folded[i: i + size]) == phrase and folded[i + size] not in analyzer.names:
                found.update(range(i, i + size))
    return found


def _joined(words: list[Word], question: str, analyzer: Analyzer, known: Container[str]) -> list[Word]:
    """`words` with any two typed one space apart that make one word of the
    articles ("dev day", « open ai ») joined: together a known term, apart
    not both."""
    joined: list[Word] = []
    for word in words:
        last = joined[-1] if joined else None
        stem = analyzer.stem(last.folded + word.folded) if last is not None else ""
        if (
            last is not None
            and not (last.parts or word.parts)
            and question[last.end: word.start] == " "
            and stem in known
            # « entreprise a » stems to « entrepris »: the second word must count.
            and len(stem) > len(last.folded)
            and not (analyzer.stem(last.folded) in known and analyzer.stem(word.folded) in known)
        ):
            joined[-1] = Word(last.start, word.end, last.folded + word.folded)
        else:
            joined.append(word)
    return joined


def _offer_all(alternatives: Offers, match: Match, target: Analyzer, weight: float, cap: int) -> None:
    """Offer every rendering of `match` in the language of `target`.

    A rendering of several words counts by the share of its words a passage
    holds; its modifiers are left out, since « grande » alone is no part of
    « grand patron », nor "new" of "new CEO"."""
    for rendering in match.by_lang.get(target.lang, ()):
        if len(rendering) > 1:
            rendering = tuple(t for t in rendering if t not in target.modifier_terms) or rendering
        _offer(alternatives, rendering, weight, cap)


def _offer(
    alternatives: Offers, terms: tuple[str, ...], weight: float, cap: int = 0, proportional: bool | None = None
) -> None:
    terms = _whole_compounds(terms)
    if terms and alternatives.get(terms, (0.0, 0, False))[0] < weight:
        alternatives[terms] = (weight, cap, weight < 1.0 if proportional is None else proportional)


def _whole_compounds(terms: tuple[str, ...]) -> tuple[str, ...]:
    """`terms` without the parts of a hyphenated compound its whole follows
    ("week", "end", "weekend"): a passage with « week-end » holds all three,
    and one word of the question counts once, not thrice (« ce weekend »
    outweighed all the rest of a question)."""
    kept = list(terms)
    i = 0
    while i < len(kept) - 2:
        for j in range(i + 2, len(kept)):
            head = "".join(kept[i: j - 1])
            # The whole's stem may end otherwise than its last part's.
            if kept[j].startswith(head) and kept[j][len(head): len(head) + 3] == kept[j - 1][:3] != "":
                del kept[i:j]
                break
        i += 1
    return tuple(kept)


def _ends_clause(question: str, end: int) -> bool:
    """Whether the word ending at `end` is the last of its clause."""
    rest = question[end:].lstrip()
    return not rest or rest[0] in CLAUSE_ENDS


def _scene(question: str, whole: list[Word], profile: LanguageProfile) -> set[int]:
    """The positions in `whole` of a clause before a colon where the asker
    speaks of themself (« Pour ma frise : quel jour… », "As an investor, I
    wonder: …"): the scene, not the question."""
    colon = question.find(":")
    if colon < 0 or "?" in question[:colon]:
        return set()
    before = [i for i, word in enumerate(whole) if word.end <= colon]
    if not any(whole[i].folded in profile.asker_words for i in before) or len(before) == len(whole):
        return set()
    return set(before)
