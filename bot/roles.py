"""Who is who: the roles the articles give people, so that a question about
"the chief scientist" finds the passages that name Ilya Sutskever.

News writing introduces a person once by role and name, in apposition:
« le scientifique en chef de l'entreprise, Ilya Sutskever », « Mira Murati,
directrice technique de l'entreprise, », « du chercheur Szymon Sidor », and
names them alone afterwards. Those introductions are read from the passages;
a question whose words render a whole role then also matches the person's
name, as strongly as the role itself would (tests/golden: 5 English questions
right that were wrong, none lost).

Only roles of two terms or more count: « le PDG Sam Altman » would make every
question about a CEO a question about Altman. A role's complement counts
only when it is a name (« PDG de Microsoft », not « directrice technique de
l'entreprise »), and a role given to two people names neither.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from bot.analysis import Analyzer, Word, split_words
from bot.index import Alternative, Concept, Index
from bot.records import Passage

# A person's full name in a question ("Greg Brockman") counts this many times
# what the surname alone does: the passage introducing them by their full
# name no longer outranks, by the first name alone, the one that answers
# (tests/golden: fr +5, en +1; at 2: fr +3; at 1.2: en −5, role questions
# such as "What's Ilya Sutskever's job?" want that introduction).
FULL_NAME = 1.5
# The longest role read before a name, in words.
MAX_ROLE_WORDS = 9
# A role counts as much as its best rendering in the question.
ROLE_WEIGHT = 1.0
# Two title-case words in a row: the only passages worth reading for a role.
_TWO_NAMES = re.compile(r"[A-ZÀ-ÖØ-Þ][^\W\d_]+ [A-ZÀ-ÖØ-Þ][^\W\d_]+")
# Where a role before a name cannot reach back past.
_BREAKS = re.compile(r"[,;:«»()\"“”–—]|\.\s")


@dataclass(frozen=True)
class Role:
    """A role an article gives one person, in the terms of the article's language."""

    head: tuple[str, ...]  # the role's own terms: « scientif », « chef »
    complement: tuple[str, ...]  # the names in its complement: « microsoft » of « PDG de Microsoft »
    person: tuple[str, ...]  # the terms of the person's name


@dataclass(frozen=True)
class People:
    """The people the articles name in full, and the roles they give them."""

    names: tuple[tuple[str, ...], ...] = ()  # each person's name, as terms: ("ilya", "sutskever")
    roles: tuple[Role, ...] = ()

    @functools.cached_property
    def _by_term(self) -> dict[str, tuple[str, ...]]:
        # A term shared by two people's names ("Sam" Altman, "Sam" Smith) names neither.
        found: dict[str, set[tuple[str, ...]]] = {}
        for name in self.names:
            for term in name:
                found.setdefault(term, set()).add(name)
        return {term: next(iter(names)) for term, names in found.items() if len(names) == 1}

    @functools.cached_property
    def _by_head(self) -> dict[str, tuple[Role, ...]]:
        found: dict[str, list[Role]] = {}
        for role in self.roles:
            found.setdefault(role.head[0], []).append(role)
        return {term: tuple(roles) for term, roles in found.items()}

    @functools.cached_property
    def terms(self) -> frozenset[str]:
        """Every term of every name."""
        return frozenset(term for name in self.names for term in name)

    @functools.cached_property
    def _by_person(self) -> dict[str, tuple[Role, ...]]:
        found: dict[str, list[Role]] = {}
        for role in self.roles:
            for term in role.person:
                found.setdefault(term, []).append(role)
        return {term: tuple(roles) for term, roles in found.items()}

    def roles_held(self, terms: Iterable[str]) -> list[Role]:
        """The roles of the people whose names hold one of `terms`."""
        return list(dict.fromkeys(role for term in terms for role in self._by_person.get(term, ())))

    def roles_of(self, terms: Iterable[str]) -> list[Role]:
        """The roles whose first word is one of `terms` (a question reads only
        those, however many roles the articles give)."""
        return [role for term in dict.fromkeys(terms) for role in self._by_head.get(term, ())]

    def person(self, terms: Sequence[str]) -> tuple[str, ...] | None:
        """The name of the one person these terms name ("ilya", or "ilya
        sutskever"), or None."""
        names = {self._by_term.get(term) for term in terms}
        return names.pop() if len(names) == 1 else None


def find_people(passages: Iterable[Passage], analyzers: Mapping[str, Analyzer]) -> People:
    """The people the passages name in full, and the roles they give to one person each."""
    names: dict[tuple[str, ...], None] = {}
    holders: dict[tuple[tuple[str, ...], tuple[str, ...]], set[tuple[str, ...]]] = {}
    for passage in passages:
        if not _TWO_NAMES.search(passage.text):
            continue
        analyzer = analyzers[passage.article.lang]
        for start, end, person in _people(passage.text, analyzer):
            names[person] = None
            for words in (_role_before(passage.text, start, analyzer), _role_after(passage.text, end, analyzer)):
                head, complement = _role_terms(words, analyzer)
                if head and len(head) + len(complement) >= 2:
                    holders.setdefault((head, complement), set()).add(person)
    roles = tuple(
        Role(head, complement, next(iter(named))) for (head, complement), named in holders.items() if len(named) == 1
    )
    return People(tuple(names), roles)


def with_roles(concepts: Sequence[Concept], people: People, index: Index) -> tuple[Concept, ...]:
    """The concepts, the one rendering a whole role also matching the person
    who holds it.

    A role is rendered when one alternative of a concept says its plain
    words and nothing more ("CTO" as « directrice technique ») and the
    question names its complement, if any. The person's name then scores, at
    its best passage, what the concept scores at its own best.
    """
    expanded = list(concepts)
    for role in people.roles_of(t for c in concepts for a in c.alternatives for t in a.terms):
        head, whole = set(role.head), {*role.head, *role.complement}
        owners = (i for i, c in enumerate(expanded) if any(head <= set(a.terms) <= whole for a in c.alternatives))
        owner = next(owners, None)
        if owner is None or not all(
            any(t in a.terms for c in expanded for a in c.alternatives) for t in role.complement
        ):
            continue
        concept = expanded[owner]
        best = index.bound(concept)
        extra = tuple(
            Alternative((term,), ROLE_WEIGHT * best / index.best_contribution(term))
            for term in role.person
            if index.document_frequency(term)
        )
        if best > 0 and extra:
            expanded[owner] = Concept(concept.source, concept.alternatives + extra)
    return tuple(expanded)


def with_full_names(concepts: Sequence[Concept], people: People, index: Index) -> tuple[Concept, ...]:
    """The concepts, a first name followed by the surname of the same person
    ("greg", "brockman") made one concept: the surname, or the first name
    scaled to count as much, or both together counting FULL_NAME times as
    much. Otherwise a passage naming them in full scores the rarer first
    name on top of the surname, and « Greg Brockman, cofondateur … quitterait
    son poste » outranks « Brockman … je démissionne ». A first name alone
    ("ilya a signé ?") is read as the full name: articles name people by
    their surname once they have introduced them."""
    merged: list[Concept] = []
    position = 0
    while position < len(concepts):
        concept = concepts[position]
        pair = concepts[position: position + 2]
        person = _full_name(pair, people, index) if len(pair) == 2 else None
        if person is not None:
            merged.append(_person_concept(f"{concept.source} {pair[1].source}", person, pair[1], index))
            position += 2
            continue
        # "Greg Altman", "Brockman Greg": a first name next to another name stays as typed.
        neighbours = [*concepts[max(0, position - 1): position], *concepts[position + 1: position + 2]]
        alone = all(_typed_term(c) not in people.terms for c in neighbours)
        person = _first_name_alone(concept, people, index) if alone else None
        merged.append(concept if person is None else _person_concept(concept.source, person, concept, index))
        position += 1
    return tuple(merged)


def _person_concept(source: str, person: tuple[str, str], typed: Concept, index: Index) -> Concept:
    """One person's (first name, surname) as one concept, weighed as `typed`
    (a time clause's scale, if any)."""
    first, surname = person
    best = index.best_contribution(surname)
    weight = max(a.weight for a in typed.alternatives)
    return Concept(
        source,
        (
            Alternative((surname,), weight),
            Alternative((first,), weight * best / index.best_contribution(first)),
            Alternative((first, surname), weight * FULL_NAME * best / (index.best_contribution(first) + best)),
        ),
    )


def _typed_term(concept: Concept) -> str | None:
    """The term of a one-word concept as typed (its first alternative; a
    role's concept also offers its holder's name, further on)."""
    own = concept.alternatives[0].terms
    return own[0] if len(own) == 1 and " " not in concept.source else None


def _first_name_alone(concept: Concept, people: People, index: Index) -> tuple[str, str] | None:
    """(first name, surname) as terms when a one-word concept is the first
    name of one person the articles name in full by two words."""
    first = _typed_term(concept)
    person = people.person([first]) if first is not None and first in people.terms else None
    if person is None or len(person) != 2 or person[0] != first:
        return None
    surname = person[1]
    if not (index.document_frequency(first) and index.document_frequency(surname)):
        return None
    return first, surname


def _full_name(pair: Sequence[Concept], people: People, index: Index) -> tuple[str, str] | None:
    """(first name, surname) as terms when the two one-word concepts name one
    person that way and the articles hold both words."""
    first, surname = (
        next((a.terms[0] for a in c.alternatives if len(a.terms) == 1 and a.terms[0] in people.terms), None)
        for c in pair
    )
    if first is None or surname is None or first == surname:
        return None
    person = people.person([first, surname])
    if person is None or person.index(first) > person.index(surname):
        return None
    if not (index.document_frequency(first) and index.document_frequency(surname)):
        return None
    return first, surname


def _people(text: str, analyzer: Analyzer) -> list[tuple[int, int, tuple[str, ...]]]:
    """(start, end, terms) of each run of two or more title-case names: a
    person ("Ilya Sutskever"), not an acronym or a brand ("PDG", "OpenAI"),
    though a title ("The Verge") or a place passes too."""
    found = []
    run: list[Word] = []
    for word in [*split_words(text), None]:
        if word is not None and word.parts:
            continue
        typed = text[word.start: word.end] if word else ""
        title = typed[:1].isupper() and typed[1:].islower() and word is not None and word.folded in analyzer.names
        if title and word is not None and (not run or text[run[-1].end: word.start] == " "):
            run.append(word)
            continue
        if len(run) >= 2:
            found.append((run[0].start, run[-1].end, tuple(analyzer.stem(w.folded) for w in run)))
        run = [word] if title and word is not None else []
    return found


def _role_before(text: str, start: int, analyzer: Analyzer) -> list[str]:
    """The folded words of the role just before a name: back to the determiner
    that opens it (« le », "the"), past those of its complements (« de l' »)."""
    comma = text[:start].endswith(", ")
    words = [w.folded for w in split_words(_BREAKS.split(text[:start].rstrip(", "))[-1]) if not w.parts]
    # Without a comma, the role runs up to the name: « du chercheur Szymon Sidor ».
    if not words or (not comma and analyzer.is_stopword(words[-1])):
        return []
    profile = analyzer.profile
    furthest: list[str] = []
    for i in range(len(words) - 1, max(-1, len(words) - 1 - MAX_ROLE_WORDS), -1):
        if words[i] not in profile.role_openers or i + 1 == len(words):
            continue
        before = words[i - 1] if i else ""
        # « de l'entreprise », « à l'IA »: a complement's determiner; « du »
        # after a word (« directeur du service ») too, but not after « et ».
        if before in profile.complement_links or (
            words[i] in profile.complement_links and before and not analyzer.is_stopword(before)
        ):
            furthest = words[i + 1:]
            continue
        return words[i + 1:]
    return furthest


def _role_after(text: str, end: int, analyzer: Analyzer) -> list[str]:
    """The folded words of a role between commas just after a name: « Mira
    Murati, directrice technique de l'entreprise, »."""
    rest = text[end:]
    if not rest.startswith(", ") or "," not in rest[2:]:
        return []
    words = [w.folded for w in split_words(rest[2:].split(",", 1)[0]) if not w.parts]
    # « Emmett Shear, a annoncé … »: a verb, not a role.
    if not words or len(words) > MAX_ROLE_WORDS or analyzer.is_stopword(words[0]):
        return []
    return words


def _role_terms(words: list[str], analyzer: Analyzer) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The terms of a role's own words, and those of the names in its complements."""
    head: list[str] = []
    complement: list[str] = []
    for word in words:
        if word in analyzer.profile.complement_links:
            complement.append("")  # the complement starts
        elif analyzer.is_stopword(word) or word in analyzer.profile.modifiers:
            continue
        elif not complement:
            head.append(analyzer.stem(word))
        elif word in analyzer.names:
            complement.append(analyzer.stem(word))
    return tuple(dict.fromkeys(head)), tuple(dict.fromkeys(t for t in complement if t))
