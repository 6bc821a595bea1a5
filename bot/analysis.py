"""Turning text into index terms, one analyzer per language.

The same `Analyzer` object processes the articles and the questions of its
language, so that whatever was done to one is done to the other: Unicode
normalization, case and accent folding, French elisions, hyphenated compounds,
stop words and Snowball stemming.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import Stemmer  # PyStemmer

# Letters, digits and combining marks: NFD input ("e" + U+0301) stays one word.
WORD = re.compile(r"(?:[^\W_]|[\u0300-\u036f])+")
HYPHENS = frozenset("-\u2010\u2011")
# Ligatures that NFKD leaves alone but a person types as two letters.
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae"})
# A capital after these is a sentence's or a quotation's, not a name's.
SENTENCE_START = re.compile(r"[.!?…«»“”\"]\s*$")
# Past this a "word" is junk (a hash, a URL fragment) and stemming it is waste.
_MAX_WORD = 40
# A question with this many words in capitals, two in three of its words, is
# typed in capitals (see `is_shouted`): "OpenAI CEO fired" is not.
SHOUTED_WORDS = 3
# How many words after a holding (« quelques actions Microsoft ») name what is held.
HOLDING_WORDS = 3


@dataclass(frozen=True)
class Measure:
    """A quantity with a unit that a question may ask for, and how a passage
    gives it. A question asks for it with one of `words` ("salary", « âge »)
    or `phrases` ("how old"), or with one of `with_number` after a "how
    much" phrase (« combien a-t-il investi »), or with text that `asked`
    finds (« l'action Microsoft »); a passage gives it with one of `units`
    or `signs` ("dollars", "$", « ans »), or with text that `pattern` finds
    (a year: "2015"; a time: "14h30")."""

    name: str
    words: frozenset[str] = frozenset()
    phrases: tuple[str, ...] = ()
    with_number: frozenset[str] = frozenset()
    units: frozenset[str] = frozenset()
    signs: str = ""
    pattern: re.Pattern[str] | None = None
    asked: re.Pattern[str] | None = None


@dataclass(frozen=True)
class LanguageProfile:
    """What differs between languages: the stemmer, the stop words, and the
    words that tell what kind of answer a question wants."""

    code: str
    stemmer: str
    stopwords: frozenset[str]  # folded forms
    # Endings the stemmer only removes when they keep their accents, and what
    # they become without them so that it still does (ending, replacement).
    folded_endings: tuple[tuple[str, str], ...] = ()
    # The elided words, longest first: typed without their apostrophe
    # (« coup detat », « linfo ») they stick to the next word.
    elisions: tuple[str, ...] = ()
    # "which company", « quel poste »: the word after these names the kind of
    # answer, which the answering passage often does not repeat.
    interrogatives: frozenset[str] = frozenset()
    # Phrases (folded words, space-separated) of questions that want a number.
    number_questions: tuple[str, ...] = ()
    # Folded words asking what someone said: the answer is likely a quotation.
    speech_words: frozenset[str] = frozenset()
    # Those of them that only frame such a question ("what did X say"): the
    # answer quotes X rather than saying "say".
    speech_frames: frozenset[str] = frozenset()
    # Numbers written in words ("un", "one" left out: they are mostly articles).
    number_words: frozenset[str] = frozenset()
    # Phrases (folded words, space-separated) of questions that ask why, and
    # of passages that give a reason.
    reason_questions: tuple[str, ...] = ()
    reason_markers: tuple[str, ...] = ()
    # Phrases of questions that ask whether something worked (« a-t-elle
    # porté ses fruits », "did it pay off"), words that ask so when they end
    # the question ("did the push work?"), and phrases of passages that say
    # whether it did (« vains », "failed").
    success_questions: tuple[str, ...] = ()
    success_endings: frozenset[str] = frozenset()
    success_markers: tuple[str, ...] = ()
    # Phrases of questions that ask what someone wanted or demanded (« que
    # réclamaient les signataires »), and phrases of passages that give an
    # aim or a condition (« pour tenter de », « menaçant de … si »).
    aim_questions: tuple[str, ...] = ()
    aim_markers: tuple[str, ...] = ()
    # Phrases of questions asking where the news comes from (« d'où viennent
    # les infos », "which outlets"), and of passages that say (« selon les rapports »).
    source_questions: tuple[str, ...] = ()
    source_markers: tuple[str, ...] = ()
    # Words of a question asking how someone reacted (« comment a réagi »,
    # "how did X respond"): any words of theirs quoted answer it.
    reaction_words: frozenset[str] = frozenset()
    # A question asking where someone went (« il est parti où ? », "where
    # did Altman end up?") holds a place word near a word of moving; the
    # passage answering says whom they joined (« chez », « rejoindrait »).
    place_words: frozenset[str] = frozenset()
    moving_words: frozenset[str] = frozenset()
    # "where did Shear work before?" asks where someone came from.
    former_words: frozenset[str] = frozenset()
    destination_markers: tuple[str, ...] = ()
    # Words after which a name is no agent of the sentence (« selon M.
    # Brockman », « un message d'Altman »), and titles before a name.
    prepositions: frozenset[str] = frozenset()
    titles: frozenset[str] = frozenset()
    # Words between a noun and whose deed it names (« la participation de
    # Brockman », "the departure of Altman").
    genitives: frozenset[str] = frozenset()
    # Words after which the asker tells what they hold (« quelques actions
    # Microsoft », "my shares"): the setting of a question, no measure it asks for.
    holdings: frozenset[str] = frozenset()
    # Words after which whoever is named is absent: no speaker of a quotation
    # nearby (« sans M. Brockman, où on lui a dit qu'il était « viré » »).
    absences: frozenset[str] = frozenset()
    # Phrases of a question in the passive ("was Altman fired", « a-t-il été
    # renvoyé »): whoever it names had it done to them.
    passive_questions: tuple[str, ...] = ()
    # Words opening a relative clause, after which a passive is the clause's
    # (« la société dont il a été chassé »), not the question's.
    relatives: frozenset[str] = frozenset()
    # Phrases of questions that ask what a story is about as a whole.
    summary_questions: tuple[str, ...] = ()
    # Phrases of questions that ask how a story ended ("eventually",
    # « finalement »): often past what an article dated before the end knows.
    outcome_questions: tuple[str, ...] = ()
    # The courtesies around a question ("could you kindly tell me", « s'il
    # vous plaît »): they ask nothing of the articles.
    request_frames: tuple[str, ...] = ()
    # Phrases with which an asker hedges a guess ("or something", « je crois »).
    hedges: tuple[str, ...] = ()
    # Phrases standing for the events as a whole inside a longer question
    # (« une enquête sur ce qui s'est passé »): they weigh as background.
    vague_events: tuple[str, ...] = ()
    # Words of a "when" question naming the kind of time it asks for (« la date »).
    date_words: frozenset[str] = frozenset()
    # Phrases marking the future when no name follows ("going to run" asks
    # what Altman will run; "going to Microsoft" is a move).
    future_frames: tuple[str, ...] = ()
    # Phrases of questions about the first of several events ("who was first
    # named interim CEO?"), and the words ("first", « premier ») that ask so
    # unless a number or a period follows (« le premier mois »).
    first_questions: tuple[str, ...] = ()
    first_words: frozenset[str] = frozenset()
    periods: frozenset[str] = frozenset()
    # Phrases of questions about how things stand now ("who runs it now", « désormais »),
    # or about who came last ("who replaced Murati?"), unless it asks what
    # came right after something (« juste après le renvoi »).
    now_questions: tuple[str, ...] = ()
    # Words after which a question names whom someone replaced.
    succession_words: frozenset[str] = frozenset()
    # The asker speaking of themself (« je », "my") or asking to be excused: a
    # clause before a colon holding one sets the scene (« Pour ma frise : … »).
    asker_words: frozenset[str] = frozenset()
    # What links a noun to its owner (« la réaction de Google », "the reaction of").
    possessive_links: frozenset[str] = frozenset()
    # The same before a name that ends its clause only ("after Murati?").
    succession_ends: frozenset[str] = frozenset()
    right_after: tuple[str, ...] = ()
    # Phrases asking for someone's position ("what's X's job", « quel poste »).
    role_questions: tuple[str, ...] = ()
    # How a question asking who opens ("who", « qui », « c'est qui »).
    who_questions: tuple[str, ...] = ()
    # The same anywhere in a question (« les autres membres, c'est qui ? »).
    closing_who: tuple[str, ...] = ()
    # How a question asking who the people of a kind are opens (« qui sont
    # les », "who is the"), and the words after it that name no kind (« les
    # autres membres »).
    kind_questions: tuple[str, ...] = ()
    # A second question joined to the first (", and what was her prior title?").
    second_question: re.Pattern[str] | None = None
    # Phrases setting someone aside ("besides Sutskever"): the question asks for others.
    besides: tuple[str, ...] = ()
    # Words naming the members of a body ("which directors", « quels membres »).
    members: frozenset[str] = frozenset()
    # Words after "who is the" that name no kind of people ("the one who…").
    vague_kinds: frozenset[str] = frozenset()
    not_kinds: frozenset[str] = frozenset()
    # Ordinals after the first (« le deuxième PDG par intérim »): no kind of
    # people, and the one they ask for comes later than another.
    later_ordinals: frozenset[str] = frozenset()
    # The word before a kind whose others a question asks about (« quels autres
    # administrateurs »; not « qui d'autre », which names no kind).
    other_kinds: frozenset[str] = frozenset()
    # Words linking a kind to its complement, which the kind holds whole
    # (« les membres du CA » are no members of the staff).
    kind_links: frozenset[str] = frozenset()
    # Phrases of questions asking someone's name (« comment s'appelle »):
    # their answer names someone the question does not.
    name_questions: tuple[str, ...] = ()
    # Phrases of questions asking for the very word someone used (« quel mot
    # a-t-on employé ? »; « quels mots » asks for a statement), and the verbs
    # of using a word, no words to find there.
    word_questions: tuple[str, ...] = ()
    word_verbs: frozenset[str] = frozenset()
    # "What was Brockman told?", « qu'a-t-on dit à Brockman ? »: a verb of
    # telling after one of its `told_markers` (a passive, an impersonal « on »)
    # asks what someone was told, which news writes « X a été informé que… ».
    # Not when the question asks how (« comment l'a-t-on dit à Altman ? », by
    # a call) or for the very word.
    told_verbs: frozenset[str] = frozenset()
    told_markers: frozenset[str] = frozenset()
    informed_words: tuple[str, ...] = ()
    # The words of a passage naming where news comes from (« rapports »).
    report_words: tuple[str, ...] = ()
    manner_words: frozenset[str] = frozenset()
    # Words that ask a name when they end the question ("what is the new team
    # called?"): no call to look for ("what is it called" is a request frame).
    name_endings: frozenset[str] = frozenset()
    # Quantities with a unit (money, age) that a question can ask for.
    measures: tuple[Measure, ...] = ()
    # Phrases that place an event in time without a date (« peu de temps
    # après », "the day before"): an answer to "when", not to "what day".
    relative_times: tuple[str, ...] = ()
    # Determiners that open a role put before a name (« le PDG de Microsoft,
    # Satya Nadella »), and the words that tie a complement to a role (« de »,
    # « à »): see roles.py.
    role_openers: frozenset[str] = frozenset()
    complement_links: frozenset[str] = frozenset()
    # A question asking whether its subject did something ("Did Mira Murati
    # sign…", « Mira Murati a-t-elle signé… »): the subject's one or two
    # words in the group "subject".
    yes_no_subject: re.Pattern[str] | None = None
    # "What did Mira Murati say…", « Qu'a dit Sutskever… »: whose words a
    # question about speech asks for (its `subject` group, or `chat`).
    speaker_subject: re.Pattern[str] | None = None
    # « Et Brockman, il … », « madry il … »: a person set out, then a pronoun.
    topic_subject: re.Pattern[str] | None = None
    # Phrases followed by what a "how many" question counts (« combien de
    # membres »), and counted words too vague to look for next to a number
    # (« combien de temps » is answered by « quinze jours »).
    count_phrases: tuple[str, ...] = ()
    vague_counts: frozenset[str] = frozenset()
    # Folded phrases opening a time clause in a question ("after", « une fois »),
    # and the words that open one when the question asks no date ("what did
    # he do when he heard").
    time_clauses: tuple[str, ...] = ()
    when_clauses: tuple[str, ...] = ()
    # Folded phrases asking how long an event came after or before another
    # (« combien de temps après le DevDay »): that clause is what is asked.
    span_questions: tuple[str, ...] = ()
    # Folded phrases opening a clause that names a source (« selon Brockman »,
    # "according to Nadella"): the answer may quote them as « il ».
    source_clauses: tuple[str, ...] = ()
    # Folded adjectives that only qualify the noun of an expression ("big
    # boss", « nouveau PDG »): alone they say nothing of it.
    modifiers: frozenset[str] = frozenset()
    # "the new boss", « le nouveau patron par intérim »: a person described by
    # a new role, whom the question asks about rather than for. The words
    # marking it new, the roles, and the words around a role saying it is interim.
    new_words: frozenset[str] = frozenset()
    role_nouns: frozenset[str] = frozenset()
    interim_words: frozenset[str] = frozenset()
    # Modifiers of size, which say nothing of the noun they come before
    # (« ce grand raout », "the big money people").
    sizes: frozenset[str] = frozenset()

    @functools.cached_property
    def outcome_words(self) -> frozenset[str]:
        """The words of the phrases asking how a story ended (« finalement »,
        "ended", "up"), worked out once rather than at every question."""
        return frozenset(word for phrase in self.outcome_questions for word in phrase.split())


# A year a passage gives, and a time of day in digits ("14h30", "9:15", "10 h").
_YEAR = re.compile(r"\b(?:1[89]|2[01])\d\d\b")
_CLOCK = re.compile(r"\b\d{1,2} ?(?:h|:)\d{0,2}\b", re.IGNORECASE)
# A place named after a preposition: « à San Francisco », "in Paris" (not « à OpenAI »).
_PLACE = re.compile(r"\b(?:à|au|in|at)\s+[A-Z][a-zà-ÿ]+\b")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Short, hand-made lists: only function words. Published lists also drop words
# such as "new", "research" or "Microsoft", which are what people ask about.
# The elided forms (l', d', qu', jusqu'...) are here because the apostrophe
# separates them from the word they lean on (« quelqu'un » is no « quelques »).
# Titles (« Monsieur », "Mr") only precede a name. The question words as
# typed on a phone (koi, pk, qd; whats, u) are function words too.
FRENCH = LanguageProfile(
    code="fr",
    stemmer="french",
    # Snowball stems « signée » and « signé » alike, but « signee » (folded)
    # as « signe », apart from « sign »: feminine participles matched no
    # masculine ones (« informée » / « informé »).
    folded_endings=(("ees", "es"), ("ee", "e")),
    elisions=("jusqu", "lorsqu", "puisqu", "qu", "c", "d", "j", "l", "m", "n", "s", "t"),
    stopwords=_words(
        """
        a ai as au aux avait avaient avec c ca ce ceci cela celle celui ces cet cette
        d dans de des du elle elles en es est et etaient etait ete etre eu eux
        aura aurait auraient auront aurai aurais avons avez eut fut furent sera serait seraient seront serai serais
        sommes etes
        il ils j je jusqu l la le les leur leurs lorsqu lui m ma mais me mes moi mon quelqu
        n ne ni nos notre nous on ont ou par pas puisqu qu que quel quelle quelles quels
        qui quoi s sa se ses si son sont sur t ta te tes toi ton tu un une vos votre vous y
        quand comment pourquoi combien est-ce
        chez selon vers entre sous pendant durant parmi comme aussi tres donc ainsi va vont tant pour
        tout toute tous toutes
        koi ki kel kelle kels kelles pk pq pkoi pourkoi qd cmt cmb nb nbre
        cest cetait jai jsuis quil quils quon sil sils lont ya
        monsieur madame mademoiselle messieurs mesdames mme mmes mlle mm
        sein meme dont
        mec mecs gars meuf meufs nana nanas
        nommez identifiez citez indiquez precisez
        """
    ),
    interrogatives=_words("quel quelle quels quelles lequel laquelle lesquels lesquelles"),
    time_clauses=("apres", "avant", "depuis", "suite", "lorsque", "lorsqu", "une fois", "des que"),
    when_clauses=("quand", "qd"),
    source_clauses=("selon", "d apres"),
    span_questions=("combien de temps", "combien de jours", "combien de semaines", "en combien de temps"),
    modifiers=_words(
        """
        grand grande grands grandes gros grosse nouveau nouvel nouvelle nouveaux nouvelles
        ancien ancienne anciens anciennes ex haut haute petit petite
        """
    ),
    sizes=_words("grand grande grands grandes gros grosse grosses petit petite petits petites"),
    new_words=_words("nouveau nouvelle nouvel"),
    role_nouns=_words("patron patronne pdg dirigeant dirigeante chef boss directeur directrice ceo dg"),
    interim_words=_words("par interim interimaire provisoire"),
    number_questions=(
        "combien", "cmb", "nb", "nbre", "nombre de", "nombre d", "quel nombre", "effectif", "effectifs", "quelle duree",
    ),
    # A phone's shorthand counts what follows: « nb signataires lettre ».
    count_phrases=("combien de", "combien d", "cmb de", "cmb d", "nb", "nb de", "nb d", "nbre", "nbre de", "nbre d"),
    vague_counts=_words("temps personnes gens individus fois jours semaines mois annees"),
    speech_words=_words(
        """
        dit dire disait declare declaration declarait affirme affirmait ecrit ecrire
        tweete tweeter tweet publie repondu repond reaction reagi propos promet promis promettre jure
        annonce annoncer annoncait commente commenter commentaire
        """
    ),
    speech_frames=_words("dit dire disait declare declarait affirme affirmait"),
    role_openers=_words("le la l les du des son sa ses"),
    complement_links=_words("de d du des a au aux pour sur"),
    prepositions=_words("de d du des selon sans avec a au aux par pour chez contre entre envers vers sur parmi"),
    titles=_words("m mme mmes mm mlle dr"),
    holdings=_words("mes nos quelques detiens possede possedons"),
    genitives=_words("de d du"),
    absences=_words("sans"),
    passive_questions=("ete", "s est fait", "se fait", "s etait fait", "se faire", "fait virer", "fait degager"),
    relatives=_words("dont lequel laquelle lesquels lesquelles"),
    # « Qu'a dit X », « Qu'est-ce que X… », « Que promet X », and as typed in a chat, « X a dit quoi »,
    # « X a réagi comment ».
    speaker_subject=re.compile(
        r"^\W*(?:(?:qu['’]\s*(?:a|avait|ont)\s+|que\s+)[^\W\d_]+\s+|qu['’]est[- ]ce\s+qu(?:e\s+|['’]\s*))"
        r"(?P<subject>[^\W\d_]+(?: [^\W\d_]+)?)\b"
        r"|^\W*(?P<chat>[^\W\d_]+(?: [^\W\d_]+)?) (?:a|avait|ont) [^\W\d_]+ (?:quoi|comment)\b",
        re.I,
    ),
    topic_subject=re.compile(
        r"^\W*(?:et )?(?P<topic>[^\W\d_]+(?: [^\W\d_]+)?),? (?:il|elle|lui)\b"
        # « Et Brockman, qu'est-ce qu'on lui a dit ? »
        r"|^\W*et (?P<set_out>[^\W\d_]+(?: [^\W\d_]+)?) ?,",
        re.I,
    ),
    # « Altman a-t-il … », « Est-ce que Sutskever a … »
    yes_no_subject=re.compile(
        # « Comment monsieur Brockman a-t-il réagi » too: a title is no word of the name.
        r"^\W*(?P<lead>est[- ]ce qu(?:e\s+|['’]\s*))?"
        # « Comment Greg Brockman a-t-il réagi » too.
        r"(?:(?:comment|pourquoi|quand) )?"
        r"(?P<subject>[^\W\d_]+(?: (?:monsieur|madame|mme|m\.))?(?: [^\W\d_]+)?)"
        r"(?(lead)\b| [^\W\d_]+-(?:t-)?(?:il|elle)s?\b)"
        # « Le cofondateur Greg Brockman suivra-t-il… », not « Quel poste Emmett Shear occupait-il ».
        r"|^\W*(?!(?:quel|quelle|quels|quelles|que|qui|quoi|o[uù]|quand|comment|pourquoi|combien)\b)"
        r"(?P<long>[^\W\d_]++(?: [^\W\d_]++){2,3}) [^\W\d_]+-(?:t-)?(?:il|elle)s?\b"
        # « comment a réagi Greg Brockman »: the subject after the verb, ending the question.
        r"|^\W*(?:comment|pourquoi|quand) (?:a|avait|est) [^\W\d_]+ (?P<late>[^\W\d_]++(?: [^\W\d_]++)?)\W*$"
        r"|^\W*(?P<chat>[^\W\d_]+(?: [^\W\d_]+)?) (?:a|avait|est|etait|était|va|allait)\b",
        re.I,
    ),
    number_words=_words(
        """
        deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize
        vingt trente quarante cinquante soixante cent cents mille million millions milliard milliards
        dizaine dizaines centaine centaines douzaine quinzaine moitie tiers quart
        """
    ),
    # pk, pq, pkoi: « pourquoi » as typed on a phone.
    reason_questions=(
        "pourquoi", "pour quelle raison", "pour quelles raisons", "quel motif", "quelle raison",
        "pk", "pq", "pkoi", "pourkoi", "reproche", "reprochait", "reproches", "reprochent", "reprochaient",
        "accuse", "accusait", "grief", "griefs", "la raison", "les raisons", "le motif", "les motifs",
        "justifier", "justifie", "justification", "invoque", "invoquee", "motif", "motifs", "raison", "raisons",
        "fait de mal", "fait de travers",
    ),
    outcome_questions=(
        "finalement", "au final", "en fin de compte", "au bout du compte", "plus tard", "par la suite",
        "apres tout ca", "apres tout cela", "apres tout ce cirque",
    ),
    hedges=(
        "je crois", "il me semble", "je pense", "non", "c est ca", "ou quelque chose comme ca", "ou un truc comme ca",
        "si je me souviens bien", "si je ne me trompe pas", "on m a dit", "j ai entendu", "j ai lu",
    ),
    request_frames=(
        "pourriez vous me dire", "pouvez vous me dire", "pourrais tu me dire", "peux tu me dire", "tu peux me dire",
        "vous pouvez me dire", "dites moi", "dis moi", "j aimerais savoir", "je voudrais savoir", "je veux savoir",
        "j aimerais bien savoir", "je souhaiterais savoir", "savez vous", "sais tu", "je me demande",
        "s il vous plait", "s il te plait", "svp", "stp", "merci", "bonjour", "bonsoir", "salut", "wesh", "wsh",
        "mdr", "ptdr", "lol", "concretement", "exactement", "au juste", "en fait", "vraiment", "precisement", "alors",
        "pis", "coudonc", "tse", "ben voyons", "reellement", "j avoue", "un peu", "d apres", "aujourd hui",
        "wtf", "omg", "ptn", "jpp", "mon dieu", "par rapport a",
        # The asker's own day (« j'ai entendu ce matin à la radio »), not the story's.
        "ce matin", "ce soir", "hier soir", "hier matin", "par rapport au", "par rapport aux",
        # « comment s'appelle » asks a name (see name_questions), no « appel ».
        "s appelle", "s appellent", "s appelait", "s appelaient",
        # « du coup » means "so", unless a « coup d'État » follows.
        "du coup c est", "du coup qui", "du coup quel", "du coup quelle", "du coup il", "du coup elle",
        "du coup ils", "du coup on", "c est qui du coup",
        # « quel mot a-t-on employé » uses a word; it employs no staff.
        "a t on employe", "on a employe", "a t on utilise", "on a utilise",
    ),
    relative_times=(
        "peu de temps apres", "peu apres", "la veille", "le lendemain", "aussitot", "dans la foulee", "le soir meme",
    ),
    first_questions=(
        "en premier", "d abord", "initialement", "dans un premier temps", "au tout debut", "au debut",
    ),
    first_words=_words("premier premiere"),
    date_words=_words("date dates jour jours heure heures"),
    vague_events=(
        "ce qui s est passe", "ce qui s etait passe", "ce qui se passe", "ce qui est arrive", "ce qui s est produit",
    ),
    # « le nouveau PDG après Mira » is her successor.
    succession_words=_words("remplace remplacer remplacee remplacait remplacement succede succeder successeur apres"),
    asker_words=_words("je j me m moi mon ma mes pardonnez excusez"),
    possessive_links=_words("de d"),
    now_questions=(
        "maintenant", "actuellement", "desormais", "en ce moment", "a present", "dorenavant", "remplace",
        "remplacer", "remplacee", "succede", "succeder", "successeur", "pris la releve",
    ),
    right_after=(
        "juste apres", "aussitot apres", "immediatement apres", "tout de suite apres", "sitot apres", "tout de suite",
    ),
    role_questions=("poste", "fonction", "role", "titre", "metier", "fait quoi", "dirigeait quoi"),
    # « Nommez / Identifiez le responsable… » asks who, as an exam does.
    who_questions=("qui", "c est qui", "cest qui", "nommez", "identifiez"),
    closing_who=("c est qui", "cest qui", "c etait qui", "c qui"),
    kind_questions=(
        "qui sont les", "qui est le", "qui est la", "c est qui les", "c est qui le", "c est qui la", "cest qui les",
        "cest qui le", "cest qui la", "c qui les", "c qui le", "c qui la",
        "qui siege au", "qui siegeait au", "qui d autre siege au", "qui d autre siegeait au", "qui fait partie du",
        "qui d autre fait partie du",
    ),
    second_question=re.compile(r",\s*et\s+(?:quel|quelle|quels|quelles|qui|quand|comment|o[uù]|pourquoi)\b", re.I),
    besides=("a part", "en plus de", "outre", "en dehors de", "hormis", "excepte"),
    members=_words("membres membre administrateurs administrateur"),
    vague_kinds=_words("personne personnes gens type mec gars dame monsieur"),
    not_kinds=_words("autre autres"),
    later_ordinals=_words("deuxieme second seconde troisieme 2e 2eme 3e 3eme"),
    other_kinds=_words("autres"),
    kind_links=_words("de d du des"),
    word_questions=(
        "quel mot", "quel terme", "le mot", "le terme", "quelle expression", "quel qualificatif", "quel adjectif",
    ),
    word_verbs=_words("employe employes employee emploie utilise utilises utilisee dit"),
    told_verbs=_words("dit annonce signifie savoir explique"),
    told_markers=_words("on"),
    informed_words=("informé", "prévenu", "averti"),
    report_words=("rapports", "rapporté", "révélé"),
    manner_words=_words("comment cmt"),
    name_questions=(
        "comment s appelle", "comment s appellent", "comment s appelait", "quel est le nom", "quel est son nom",
        "quels sont les noms", "quel etait le nom", "le nom de", "le nom du", "les noms",
    ),
    periods=_words("heure heures jour jours semaine semaines mois an ans annee annees temps"),
    summary_questions=(
        "que s est il passe", "qui s est passe", "que se passe t il", "resume", "resumer", "en bref",
        "de quoi parle", "de quoi s agit il", "quelle est l histoire",
    ),
    # « une déclaration selon laquelle … » is how a reason given by someone is reported.
    success_questions=(
        "porte ses fruits", "porter ses fruits", "porte leurs fruits", "porter leurs fruits", "a marche",
        "ont marche", "a fonctionne", "ont fonctionne", "reussi", "abouti", "echoue", "en vain", "parvenus",
        "parvenu", "arrives a", "servi a quelque chose", "servi a rien", "servi a qqch",
    ),
    success_endings=_words("marche fonctionne"),
    success_markers=(
        "vain", "vains", "vaine", "vaines", "en vain", "echoue", "echoues", "echec", "echecs", "reussi", "reussite",
        "succes", "abouti", "sans succes", "infructueux", "infructueuse", "infructueuses",
    ),
    aim_questions=(
        "voulaient", "voulait", "veulent", "voulu", "reclamaient", "reclamait", "reclament", "reclame", "reclamer",
        "exigeaient", "exigeait", "exigent", "exige", "exiger", "exigences", "revendiquaient", "revendiquent",
        "revendications", "revendication", "cherchaient a obtenir", "cherchait a obtenir", "objectif", "visaient",
        "visait", "demandaient", "demandait", "dans quel but", "quel but", "a quelle fin", "dans quel objectif",
        "pour quoi faire", "essayaient", "essayait", "cherchaient", "cherchait", "tentaient", "tentait",
    ),
    aim_markers=(
        "pour tenter", "tenter de", "afin de", "afin d", "en vue de", "menacant", "menace de", "exigeant",
        "reclamant", "dans le but",
    ),
    source_questions=(
        # « D'où vient Emmett Shear ? » asks where he worked before.
        "sources", "source", "d ou viennent", "d ou vient l info", "d ou vient l information", "d ou vient la nouvelle",
        "d ou vient cette info", "d ou vient cette information", "d ou vient cette nouvelle", "quels medias",
        "quels journaux", "de quels journaux",
        "quelle presse", "quels journalistes", "selon qui", "d apres qui", "qui a revele", "qui a rapporte",
        "quels medias ont", "quelles sources",
    ),
    source_markers=("selon les", "d apres les", "rapports", "rapporte", "rapportent", "revele par"),
    reaction_words=_words("reagi reagir reagit reagissait reaction reactions repondu repondre reponse"),
    place_words=_words("ou"),
    former_words=_words("avant auparavant precedemment anterieurement"),
    moving_words=_words(
        """
        parti partis partie parties partir part partent alle alles allee va vont ira iront aller atterri atterrit
        atterit atterrissent travaille travailler travaillera travaillent bosse bosser retrouve retrouver
        retrouvent file filer demenage installe rejoint rejoindre decampe decampent
        """
    ),
    destination_markers=(
        "chez", "rejoindrait", "rejoindraient", "rejoindre", "rejoint", "rejoignent", "recrute", "recrutes",
        "embauche", "embauches",
    ),
    reason_markers=(
        "parce que", "parce qu", "car", "en raison", "a cause", "raison", "raisons", "motif", "motifs",
        "selon laquelle", "selon lequel", "faute de", "puisque", "reproche", "reprochent", "accuse", "accusent",
        "sur la base", "au motif", "en reponse",
    ),
    measures=(
        Measure(
            "money",
            words=_words(
                """
                salaire salaires remuneration prix cout couts coute coutent coutera valorisation valorise valorisee
                valeur vaut benefice benefices montant montants indemnite indemnites prime primes parachute
                """
            ),
            with_number=_words(
                "investi investit investir investira paye payer paie payait verse gagne gagnait depense depenser leve "
                "argent sous"
            ),
            units=_words("dollar dollars euro euros milliard milliards usd eur"),
            signs="$€£¥",
        ),
        # A share's price: « l'action Microsoft », not « les actions du conseil ».
        Measure(
            "stock",
            words=_words("bourse boursier boursiere"),
            phrases=("cours de l action", "cours de bourse", "valeur boursiere"),
            units=_words("bourse boursier boursiere nasdaq cac"),
            signs="%",
            asked=re.compile(r"\bactions?\s+(?!d[eu]s?\b|d['’]|de la\b)[^\W\d_]", re.I),
        ),
        # A share of a company: « quelle part du capital » (not « quelle part des
        # effectifs »), given in per cent.
        Measure(
            "stake",
            words=_words("pourcentage"),
            phrases=("part du capital", "pour cent", "au capital", "du capital"),
            units=_words("pourcentage participations"),
            signs="%",
        ),
        # Where a company is: « le siège d'OpenAI » (not « son siège au conseil »),
        # « quelle ville »; a passage says « à Paris ».
        Measure(
            "place",
            phrases=("siege social", "le siege d", "le siege de", "quelle ville", "quel pays"),
            units=_words("siege ville"),
            pattern=_PLACE,
        ),
        Measure("age", words=_words("age agee"), phrases=("quel age",), units=_words("ans age agee")),
        # « Quand OpenAI a-t-elle été fondée ? » asks for a year too.
        Measure(
            "year",
            phrases=("quelle annee", "en quelle annee", "depuis quelle annee"),
            pattern=_YEAR,
            asked=re.compile(
                r"\bquand\b.*\b(?:fond|cr[ée][ée]|lanc)[ée]e?s?\b|\b(?:fond|cr[ée][ée]|lanc)[ée]e?s? quand\b", re.I
            ),
        ),
        Measure(
            "time",
            phrases=(
                "quelle heure", "a quelle heure", "vers quelle heure", "quel moment de la journee", "jour et heure",
                "heure exacte",
            ),
            units=_words("midi minuit heure heures matin matinee soir soiree nuit"),
            pattern=_CLOCK,
        ),
    ),
)
ENGLISH = LanguageProfile(
    code="en",
    stemmer="english",
    stopwords=_words(
        """
        a an the of to in on at by for from with about as into onto and or but nor
        is are was were be been being am do does did has have had having
        it its this that these those there their theirs they them he him his she her hers
        i me my we us our ours you your yours
        what which who whom whose when where why how
        s t d ll re ve m not no so than then if
        also very just too still all even
        whats whos wheres hows u ur wat wut
        dont didnt doesnt isnt wasnt werent cant wont im ive hes shes thats theyre
        mr mrs ms mister madam sir
        will would shall should can could might must
        many much
        guy guys dude dudes gal gals fella fellas
        """
    ),
    interrogatives=_words("which what whose"),
    time_clauses=("after", "before", "following", "since", "once"),
    when_clauses=("when",),
    source_clauses=("according to",),
    span_questions=("how long", "how soon", "how many days", "how many weeks"),
    modifiers=_words("big great top new former old ex high small"),
    sizes=_words("big great small little huge"),
    new_words=_words("new"),
    role_nouns=_words("boss ceo chief head leader executive chairman"),
    interim_words=_words("interim acting temporary"),
    number_questions=("how many", "how much", "how big", "how large", "number of", "headcount"),
    count_phrases=("how many",),
    vague_counts=_words("people ppl persons folks individuals times days weeks months years"),
    speech_words=_words(
        """
        say says said saying tell told declare declared state stated statement write wrote written
        tweet tweets tweeted post posted reply replied respond responded react reacted reaction quote
        promise promised promises pledge pledged vow vowed announce announced announcing
        comment commented comments commenting
        """
    ),
    # Not "tell": "how was Altman told" asks how he was informed.
    speech_frames=_words("say says said saying declare declared state stated"),
    role_openers=_words("the a an its his her their"),
    complement_links=_words("of to for in on at"),
    prepositions=_words("of by with without to for from according about against among at on in into between"),
    titles=_words("mr mrs ms dr"),
    holdings=_words("my our handful few hold holding own owning"),
    genitives=_words("of"),
    absences=_words("without"),
    passive_questions=("was fired", "got fired", "been fired", "was ousted", "got ousted", "been ousted", "was sacked",
                       "got sacked", "was removed", "was pushed out", "got the boot", "was let go", "was told",
                       "was informed", "was kicked", "got kicked", "was forced", "was replaced", "was dismissed"),
    speaker_subject=re.compile(
        r"^\W*(?:what|how)\s+(?:did|does|has|have|had)\s+(?P<subject>[^\W\d_]+(?: [^\W\d_]+)?)\b", re.I
    ),
    topic_subject=re.compile(
        r"^\W*(?:and )?(?P<topic>[^\W\d_]+(?: [^\W\d_]+)?),? (?:he|she)\b"
        # "And Brockman, what did they tell him?", "What was Brockman told?"
        r"|^\W*and (?P<set_out>[^\W\d_]+(?: [^\W\d_]+)?) ?,"
        r"|^\W*what (?:was|were) (?P<patient>[^\W\d_]+(?: [^\W\d_]+)?) (?:told|offered|promised|given|asked)\b",
        re.I,
    ),
    yes_no_subject=re.compile(
        # "When did Mira Murati join…", "Why was Altman fired?" too (not "where did Shear work
        # before?", answered by « l'ancien PDG de Twitch, Emmett Shear » without the verb).
        r"^\W*(?:(?:when|why) )?(?:did|does|do|is|was|were|has|have|had|will|would|can|could)"
        # "Does the chief scientist regret…": a role of two words after its article.
        r" (?P<subject>[^\W\d_]++(?: [^\W\d_]++){0,2})\b",
        re.I,
    ),
    number_words=_words(
        """
        two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen
        twenty thirty forty fifty sixty hundred hundreds thousand thousands million millions billion billions
        dozen dozens half third quarter
        """
    ),
    # What someone is blamed for is the reason given for what was done to them.
    reason_questions=(
        "why", "for what reason", "what reason", "how come", "reproach", "reproached", "blame", "blamed",
        "accuse", "accused", "the reason", "the reasons", "reason", "reasons", "motive",
        "grounds", "justify", "justified", "justification", "rationale", "cited", "cite",
        "did wrong", "done wrong", "do wrong", "wrongdoing",
    ),
    outcome_questions=(
        "eventually", "ultimately", "end up", "ended up", "ends up", "ending up", "in the end", "later", "finally",
        "after all that", "after all this", "after all of that",
    ),
    hedges=(
        "or something", "or something like that", "i think", "i believe", "right", "i heard", "i read",
        "if i remember", "wasn t he", "wasn t she", "wasn t it", "weren t they", "didn t he", "didn t she",
        "isn t it", "or so",
    ),
    request_frames=(
        "could you please tell me", "could you kindly tell me", "could you tell me", "can you please tell me",
        "can you tell me", "would you tell me", "would you kindly tell me", "please tell me", "tell me",
        "do you know", "i would like to know", "i d like to know", "id like to know", "i want to know",
        "i wonder", "i was wondering", "please", "kindly", "pls", "plz", "thanks", "thank you", "hello", "hi",
        "hey", "yo", "lol", "lmao", "exactly", "actually", "really", "basically", "precisely", "so",
        "this morning", "this evening", "tonight", "last night", "yesterday",
        "wtf", "tf", "omg", "tbh", "idk", "btw", "imo", "lmk", "fr fr", "ngl", "it called", "it named",
        "according to",
    ),
    relative_times=(
        "shortly after", "soon after", "the day before", "the night before", "the next day", "the following day",
    ),
    first_questions=(
        "at first", "initially", "originally", "firstly", "to begin with", "at the start", "in the beginning",
    ),
    first_words=_words("first"),
    future_frames=("going to", "gonna"),
    date_words=_words("date dates day days time"),
    vague_events=("what happened", "how this all happened", "how it all happened", "how this happened", "what went on"),
    # "took over from Murati": "from" is no word kept, "over" is the last one.
    succession_words=_words("replaced replace replaces replacing succeeded succeed successor over"),
    asker_words=_words("i me my mine im pardon excuse"),
    possessive_links=_words("of"),
    succession_ends=_words("after"),
    now_questions=(
        "now", "currently", "at the moment", "at present", "these days", "right now", "replaced", "replace",
        "took over from", "take over from", "succeeded", "successor",
    ),
    right_after=(
        "right after", "immediately after", "just after", "straight after", "soon after", "shortly after", "the day",
        "the same day",
    ),
    role_questions=(
        "job", "role", "position", "title", "do at", "did at", "run before", "work before", "used to run",
        "used to lead", "used to head", "used to work",
    ),
    who_questions=("who", "whom"),
    kind_questions=(
        "who are the", "who is the", "who s the", "who else is on", "who else sits on", "who else sat on",
        "who else was on", "who else serves on", "who else served on", "who sits on", "who sat on",
    ),
    second_question=re.compile(r",\s*and\s+(?:what|who|when|where|how|which|why)\b", re.I),
    besides=("besides", "apart from", "other than", "aside from", "in addition to"),
    members=_words("members member directors director trustees board"),
    vague_kinds=_words("one ones person people guy guys man woman lady gentleman"),
    not_kinds=_words("other others else"),
    later_ordinals=_words("second third 2nd 3rd"),
    other_kinds=_words("other"),
    kind_links=_words("of"),
    word_questions=(
        "what word", "which word", "what term", "which term", "the word", "the term", "what expression",
        "which expression",
    ),
    word_verbs=_words("used use using employed"),
    told_verbs=_words("told"),
    told_markers=_words("was were been get got"),
    informed_words=("informed", "told", "notified", "warned"),
    report_words=("reports", "reported", "revealed"),
    manner_words=_words("how"),
    name_questions=(
        "what is the name", "what s the name", "what was the name", "what are the names", "the name of",
        "the names of", "what is his name", "what s his name", "what is her name", "what s her name", "called",
    ),
    name_endings=_words("called named"),
    periods=_words("hour hours day days week weeks month months year years time"),
    summary_questions=(
        "what happened", "what has happened", "what s going on", "what is going on", "what is happening",
        "summary", "summarize", "summarise", "what is the story", "what s the story", "what is it about",
        "what is this about", "in a nutshell",
    ),
    success_questions=(
        "succeed", "succeeded", "successful", "pay off", "paid off", "work out", "worked out", "work or not",
        "worked or not", "fail", "failed", "in vain", "manage to", "managed to", "any use", "any good",
        "make a difference", "made a difference", "make any difference", "made any difference",
        "did it work", "did that work", "did this work", "did they work",
    ),
    success_endings=_words("work worked"),
    success_markers=(
        "in vain", "failed", "fails", "failure", "succeeded", "success", "successful", "unsuccessful", "futile",
        "came to nothing", "paid off",
    ),
    aim_questions=(
        "want", "wanted", "wants", "demand", "demanded", "demands", "ask for", "asked for", "asking for", "seek",
        "sought", "seeking", "goal", "aim", "aimed", "were after", "was after", "push for", "pushed for",
        "pushing for", "call for", "called for", "calling for", "purpose", "to what end", "what for",
        "trying to", "tried to", "try to",
    ),
    aim_markers=(
        "in order to", "to try to", "trying to", "try to", "so as to", "threatening", "unless", "demanding",
        "calling for", "in an attempt", "aimed at",
    ),
    source_questions=(
        "source", "sources", "which outlets", "what outlets", "which newspapers", "which papers", "which media",
        "according to whom", "who reported", "which reports", "where does the information come from",
        "where did the information come from", "news outlets",
    ),
    source_markers=("according to reports", "reported", "reports", "according to the"),
    reaction_words=_words("react reacted reacting reaction reactions respond responded response reply replied"),
    place_words=_words("where"),
    former_words=_words("before previously formerly earlier"),
    moving_words=_words(
        "go goes going went gone end ends ended land landed move moved moving head headed work working join joined run"
    ),
    destination_markers=("join", "joins", "joined", "joining", "hired", "recruited"),
    reason_markers=(
        "because", "due to", "owing to", "reason", "reasons", "citing", "accused", "accusing",
        "for failing", "as a result", "on the grounds", "based on", "in response",
    ),
    measures=(
        Measure(
            "money",
            words=_words(
                """
                salary salaries pay pays paying paid wage wages price prices cost costs valuation valued worth
                revenue revenues profit profits amount compensation bonus bonuses comp severance payout payouts
                """
            ),
            # "the money people" are investors; "how much money" asks an amount.
            with_number=_words("invest invested invests spend spent earn earned earns raise raised money"),
            units=_words("dollar dollars euro euros pound pounds billion billions bn usd eur"),
            signs="$€£¥",
        ),
        Measure(
            "stock",
            words=_words("stock stocks shares"),
            phrases=("share price", "market value", "market cap", "stock market"),
            units=_words("stock stocks shares nasdaq"),
            signs="%",
        ),
        Measure(
            "stake",
            words=_words("stake stakes percentage percent ownership"),
            units=_words("stake stakes percentage percent"),
            signs="%",
        ),
        Measure(
            "place",
            words=_words("headquartered headquarters hq"),
            phrases=("which city", "what city", "which country", "what country"),
            units=_words("headquartered headquarters city"),
            pattern=_PLACE,
            asked=re.compile(r"^\W*where\b.*\bbased\b", re.I),
        ),
        Measure("age", words=_words("age"), phrases=("how old",), units=_words("aged age old")),
        Measure(
            "year",
            phrases=("what year", "which year", "in what year", "since what year"),
            pattern=_YEAR,
            asked=re.compile(
                r"\bwhen\s+(?:was|were|did)\b.*"
                r"\b(?:founded|created|established|launched|released|born|found|create|launch|release)\b",
                re.I,
            ),
        ),
        Measure(
            "time",
            phrases=("what time of day", "exact time", "day and time", "what hour"),
            units=_words("noon midday midnight morning evening night afternoon oclock am pm"),
            pattern=_CLOCK,
            # "what time frame" asks for a period, not an hour.
            asked=re.compile(r"\bwhat time\b(?!\s+(?:frame|period|span|scale|line|horizon|limit)s?\b)", re.I),
        ),
    ),
)
PROFILES: dict[str, LanguageProfile] = {p.code: p for p in (FRENCH, ENGLISH)}


def fold(word: str) -> str:
    """Case- and accent-fold a word: "Évincé" and "EVINCE" both give "evince"."""
    decomposed = unicodedata.normalize("NFKD", word.translate(_LIGATURES))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@dataclass(frozen=True)
class Word:
    """A word of the original text: where it stands and its folded form."""

    start: int
    end: int
    folded: str
    parts: tuple[str, ...] = ()  # the folded parts, for a hyphenated compound


def split_words(text: str) -> list[Word]:
    """The words of `text` with their offsets; a hyphenated compound also yields
    the joined form ("week-end" gives "week", "end" and "weekend") so that it is
    found by its parts and whole."""
    words: list[Word] = []
    previous: Word | None = None
    compound_start = -1
    parts: list[str] = []
    for match in WORD.finditer(text):
        word = Word(match.start(), match.end(), fold(match.group()))
        if not word.folded:
            continue  # combining marks with no letter to sit on
        joined = (
            previous is not None
            and match.start() - previous.end == 1
            and text[previous.end] in HYPHENS
        )
        if joined:
            if compound_start < 0 and previous is not None:
                compound_start, parts = previous.start, [previous.folded]
            parts.append(word.folded)
        elif compound_start >= 0 and previous is not None:
            words.append(Word(compound_start, previous.end, "".join(parts), tuple(parts)))
            compound_start = -1
        words.append(word)
        previous = word
    if compound_start >= 0 and previous is not None:
        words.append(Word(compound_start, previous.end, "".join(parts), tuple(parts)))
    return words


@dataclass(frozen=True)
class Token:
    """An index term and the span of text it came from."""

    start: int
    end: int
    term: str


class Analyzer:
    """The analysis of one language; identical for articles and questions.

    `names` are folded words never stemmed: the French stemmer would turn
    "OpenAI" into "open" and "Murati" into "murat", which then match words
    they have nothing to do with.
    """

    def __init__(self, profile: LanguageProfile, names: Iterable[str] = ()) -> None:
        self.profile = profile
        self.names = frozenset(names)
        self._stemmer = Stemmer.Stemmer(profile.stemmer)
        self._stems: dict[str, str] = {}
        self._lemma_terms: dict[str, str | None] = {}

    @functools.cached_property
    def modifier_terms(self) -> frozenset[str]:
        """The index terms of the profile's modifiers."""
        return frozenset(self.stem(w) for w in self.profile.modifiers)

    @property
    def lang(self) -> str:
        """The language code this analyzer serves."""
        return self.profile.code

    def is_stopword(self, folded: str) -> bool:
        """Whether a folded word carries no meaning for search."""
        return folded in self.profile.stopwords

    def keeps(self, word: Word, typed: str = "") -> bool:
        """Whether a word is searched: not a stop word, nor a compound of one
        ("a-t-il", "lui-même" are grammar, "week-end" is a word). A word
        `typed` in capitals is an acronym even where its letters spell a
        stop word: « le CA » is the board, "the US" a country; « MM. »
        (messieurs) is a title."""
        if word.parts:
            return not any(part in self.profile.stopwords for part in word.parts)
        if word.folded not in self.profile.stopwords:
            return True
        return is_acronym(typed) and word.folded not in self.profile.titles

    def stem(self, folded: str) -> str:
        """The index term of a folded word."""
        stem = self._stems.get(folded)
        if stem is None:
            if folded in self.names or len(folded) > _MAX_WORD or not folded.isalpha():
                stem = folded
            elif folded[-1] == "s" and folded[:-1] in self.names:
                stem = folded[:-1]  # a possessive typed without its apostrophe: "muratis job"
            else:
                word = next(
                    (folded[: -len(end)] + new for end, new in self.profile.folded_endings if folded.endswith(end)),
                    folded,
                )
                stem = self._stemmer.stemWord(word)
            if len(self._stems) < 500_000:  # bounded: questions bring new words forever
                self._stems[folded] = stem
        return stem

    def lemma_term(self, typed: str) -> str | None:
        """The index term of the dictionary form of a question word as typed,
        when it differs from the word's own term: the stemmer leaves
        « travaillent » whole, its lemma « travailler » gives « travaill »,
        the term of « travaille ». Names are left alone. Questions only:
        looking up every word of every article would cost too much."""
        if typed in self._lemma_terms:
            return self._lemma_terms[typed]
        from bot.language import lemma

        folded = fold(typed)
        term: str | None = None
        if folded not in self.names and folded.isalpha():
            base = lemma(typed.lower(), self.lang)
            if base is not None and self.stem(fold(base)) != self.stem(folded):
                term = self.stem(fold(base))
        if len(self._lemma_terms) < 100_000:  # bounded: questions bring new words forever
            self._lemma_terms[typed] = term
        return term

    def kept_words(self, text: str, acronyms: bool | None = None) -> list[Word]:
        """The words of `text` that are searched (see `keeps`). Words in
        capitals are `acronyms` unless the whole text is (by default)."""
        if acronyms is None:
            acronyms = not text.isupper()
        return [w for w in split_words(text) if self.keeps(w, text[w.start: w.end] if acronyms else "")]

    def tokens(self, text: str, acronyms: bool | None = None) -> list[Token]:
        """The index terms of `text` with their spans, stop words left out (see `kept_words`)."""
        return [Token(w.start, w.end, self.stem(w.folded)) for w in self.kept_words(text, acronyms)]

    def terms(self, text: str, acronyms: bool | None = None) -> list[str]:
        """The index terms of `text`, in order, stop words left out (see `tokens`)."""
        return [token.term for token in self.tokens(text, acronyms)]

    def settings(self) -> str:
        """A stable description of everything that changes the terms (for cache keys)."""
        return "|".join(
            (self.lang, self.profile.stemmer, ",".join(sorted(self.profile.stopwords)),
             ",".join(sorted(self.names)))
        )


@functools.lru_cache(maxsize=8192)
def analyzed_words(analyzer: Analyzer, text: str) -> tuple[tuple[str, str], ...]:
    """(folded word, term) of each searched word of a passage's `text`.

    The same passages come back question after question; analyzing them again
    was half the time of an answer. Keyed by the analyzer object, so a
    reloaded knowledge base (new analyzers) never reads a stale entry."""
    return tuple((w.folded, analyzer.stem(w.folded)) for w in analyzer.kept_words(text))


@functools.lru_cache(maxsize=8192)
def passage_terms(analyzer: Analyzer, text: str) -> frozenset[str]:
    """The terms a passage's `text` holds (cached as `analyzed_words`)."""
    return frozenset(term for _, term in analyzed_words(analyzer, text))


def folded_words(text: str) -> tuple[str, ...]:
    """The folded words of `text`, in order, a hyphenated compound as its parts
    only ("est-il" is "est", "il"), so that phrases read as they are spoken."""
    return tuple(w.folded for w in split_words(text) if not w.parts)


def is_acronym(typed: str) -> bool:
    """Whether a word as typed is an acronym: two letters or more, all capitals."""
    return len(typed) >= 2 and typed.isalpha() and typed.isupper()


def is_shouted(text: str) -> bool:
    """Whether a question is typed in capitals, as a whole or nearly: in
    "ALTMAN VIRE VIA QUOI visio" the capitals are no acronyms, and « QUOI »
    is a stop word like « quoi »."""
    words = [w for w in WORD.findall(text) if len(w) >= 2 and w.isalpha()]
    shouted = sum(w.isupper() for w in words)
    return text.isupper() or (shouted >= SHOUTED_WORDS and 3 * shouted >= 2 * len(words))


def phrase_positions(words: Sequence[str], phrases: Iterable[str]) -> set[int]:
    """The positions in the folded `words` covered by one of `phrases`
    (folded words, space-separated), longest phrase first."""
    covered: set[int] = set()
    for phrase in sorted(phrases, key=lambda p: -len(p.split())):
        size = len(phrase.split())
        for i in range(len(words) - size + 1):
            if " ".join(words[i: i + size]) == phrase and covered.isdisjoint(range(i, i + size)):
                covered.update(range(i, i + size))
    return covered


def asks_first(words: Sequence[str], profile: LanguageProfile) -> bool:
    """Whether the folded `words` ask about the first of several events:
    "who was first named…", « qui a été nommé en premier », but not "his
    first 30 days" nor « le premier mois »."""
    for i, word in enumerate(words):
        after = words[i + 1] if i + 1 < len(words) else ""
        if word in profile.first_words and not (after.isdigit() or after in profile.periods):
            return True
    return mentions_phrase(words, profile.first_questions)


def mentions_phrase(words: Sequence[str], phrases: Iterable[str]) -> bool:
    """Whether the folded `words` hold one of `phrases` (folded words,
    space-separated) as whole words."""
    spaced = " " + " ".join(words) + " "
    return any(f" {phrase} " in spaced for phrase in phrases)


def asked_measures(words: Sequence[str], profile: LanguageProfile, text: str = "") -> tuple[str, ...]:
    """The names of the measures ("money", "age") a question asks for, from
    its folded words and, for a sign ("combien de $$"), its `text`. The few
    words after a holding ("with a handful of Microsoft shares") are left out,
    and so are the words asking whether something worked ("did it pay off")."""
    held = {i for i, w in enumerate(words) if w in profile.holdings}
    words = [w for i, w in enumerate(words) if held.isdisjoint(range(i - HOLDING_WORDS, i))]
    worked = phrase_positions(words, profile.success_questions)
    words = [w for i, w in enumerate(words) if i not in worked]
    present = set(words)
    how_much = mentions_phrase(words, profile.number_questions)
    return tuple(
        m.name
        for m in profile.measures
        if not m.words.isdisjoint(present)
        or mentions_phrase(words, m.phrases)
        or (how_much and not m.with_number.isdisjoint(present))
        or any(c in m.signs for c in text)
        or bool(m.asked and m.asked.search(text if not held else " ".join(words)))
    )


def gives_measure(text: str, name: str, profile: LanguageProfile) -> bool:
    """Whether `text` gives the measure called `name`: a unit word or sign."""
    measure = next((m for m in profile.measures if m.name == name), None)
    if measure is None:
        return False
    if measure.pattern is not None and measure.pattern.search(text):
        return True
    return any(c in measure.signs for c in text) or any(w.folded in measure.units for w in split_words(text))


QUOTATION_MARKS = ("«", "“", '"')
# The most words a quotation may hold to quote a word (see `quotes_a_word`).
QUOTED_WORDS = 2
_QUOTED = re.compile(r"«\s*([^»]{1,60}?)\s*»|“([^”]{1,60}?)”")


def quotes(text: str) -> bool:
    """Whether `text` holds a quotation."""
    return any(mark in text for mark in QUOTATION_MARKS)


def quotes_a_word(text: str) -> bool:
    """Whether `text` quotes a word or two on their own (« viré »), as the
    answer to "what word did they use" does."""
    return any(len(WORD.findall(m.group(1) or m.group(2))) <= QUOTED_WORDS for m in _QUOTED.finditer(text))


def tells_time(text: str, profile: LanguageProfile) -> bool:
    """Whether `text` says when something happened without a date: a time of
    day (« à midi », « au soir ») or a relative one (« peu de temps après »)."""
    return gives_measure(text, "time", profile) or mentions_phrase(folded_words(text), profile.relative_times)


def mentions_number(text: str, profile: LanguageProfile, skip: Sequence[tuple[int, int]] = ()) -> bool:
    """Whether `text` gives a number, in digits or in words, outside the
    (start, end) spans `skip` (such as the words that say a date)."""
    kept = text
    for start, end in skip:
        kept = kept[:start] + " " * (end - start) + kept[end:]
    return any(c.isdigit() for c in kept) or any(w.folded in profile.number_words for w in split_words(kept))


def find_names(texts: Iterable[str]) -> set[str]:
    """Folded words that look like proper names in `texts`: always written with a
    capital, and at least once not at the start of a sentence."""
    capitalized_inside: set[str] = set()
    seen_lower: set[str] = set()
    for text in texts:
        for match in WORD.finditer(text):
            word = match.group()
            folded = fold(word)
            if not word[0].isupper():
                seen_lower.add(folded)
                continue
            before = text[max(0, match.start() - 3): match.start()]
            if match.start() > 0 and not SENTENCE_START.search(before):
                capitalized_inside.add(folded)
    return capitalized_inside - seen_lower
