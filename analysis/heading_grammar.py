"""Rough word classes for English and French labels, from general lists and suffixes.

A theme label should read as a heading: a noun phrase ("Paid internships", "Pre-arrival
preparation"), not a clause ("Hire ITPs"), nor a phrase that stops on an adjective
("Expectations and personal"). No tagger model ships with the package (nltk's needs
downloaded data), so this module guesses from:

* a list of common **verbs** in each language (general vocabulary, not any forum's
  words) with their present forms; words that are mostly nouns ("support", "access")
  are left out, a few listed words count as nouns ("work", "lack") and a few others
  when a preposition follows ("Need for information", "Help with résumés") or an adjective
  comes before them ("New trains", "Local needs"; not "Better serve"); English
  verbs not on the list are guessed from -ate/-ize/-ify at the start ("Educate HR") and
  after "to" ("Funding to accommodate"); past forms read as adjectives ("Paid
  internships") unless a preposition follows or they end the run; an -ing word after a
  plural ends a clause ("ITPs applying") unless it names an activity ("Skills training");
  a French **infinitive** (-er/-ir/-ire/-dre/-ttre, less a list of nouns such as "dossier",
  "avenir", "salaire") leads a verb phrase ("Interdire l'usage", "Taxer davantage");
* English **adjective** endings (-al, -ive, -ous, -ful, -less, -able, -ible, -ic) with the
  common nouns that share them ("arrival", "initiative"), and a short list of common
  adjectives without such endings; plural words are taken as nouns ("professionals");
* English adverbs in -ly; French adverbs, a closed class from a grammar and those in -ment by the
  adjective ending they are made on ("particulièrement", "progressivement"; not "financement");
* how the forum's own texts use a word (``WordUsage``): a base form it writes as a verb
  ("to test the ...", "should board buses") and never as a noun leads no heading, nor a French noun it writes only
  in a locution after "en" ("mise en place", "en matière de").

A run of words the texts only ever write inside a longer phrase ("[jet] pack in the future") is a
piece of a heading, not one (``cut_from_longer``).

The same lists tell the theme vectors which words name an action (``is_action_word``).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from analysis.preprocess import FRENCH_STOP_WORDS, english_stop_words

_EN_VERBS = """
accept achieve add address adopt advance advise advocate allow apply approach ask assess assist attend attract
avoid become begin believe bring build buy call care carry cause choose come communicate compare complete
connect consider continue contribute create cut deal decide define deliver demonstrate describe develop discuss
do drive enable encourage engage enhance ensure establish evaluate expand explain explore facilitate feel find
focus follow foster gain get give go grow hear help hire hold identify implement improve include increase inform
integrate introduce invest involve keep know lack learn leave let look lose maintain make manage match meet
move need offer open organize organise overcome participate pay prepare prevent promote protect prove provide
put raise reach realize realise receive recognize recognise recruit reduce relate rely remain remove require
retain review run say see seek sell send serve set share show speak spend stay start stop strengthen struggle
suggest take talk teach tell think train try invite understand use want welcome work
accommodate adjust afford agree allocate appreciate arrange assume celebrate clarify collaborate collect
combine commit conduct confirm convince coordinate customize determine eliminate embed emphasize employ
empower enroll examine expect gather generate highlight impart influence inspire interact join launch
listen motivate navigate negotiate obtain persuade prioritize produce pursue recommend refer reinforce
represent request resolve respond satisfy secure select simplify solve streamline submit succeed tailor
translate utilize validate verify write
""".split()
# -ing forms are left out on purpose: "mentoring", "hiring", "networking" name activities
_EN_IRREGULAR = """
became began bought brought built came chose did does done drove felt found gave given gone got gotten grew grown
heard held kept knew known learnt left lost made met paid put ran said saw seen sold sent set shown spent spoke
spoken taken taught thought told took understood went
""".split()
# verbs that are nouns too when a preposition follows ("Need for information", "Help with CVs")
_EN_NOUN_BEFORE_PREPOSITION = frozenset("call change help match need review share start stop struggle use".split())
# words on the verb list that are mostly nouns in a heading ("Work experience", "Lack of funding")
_EN_NOUNS_TOO = frozenset("care cut focus lack pay work".split())

_FR_VERBS = """
accompagner accueillir accélérer adapter aider aller améliorer apprendre appuyer assurer augmenter avoir
changer chercher comprendre connaître construire continuer créer demander devenir devoir dire donner développer
embaucher encourager engager établir évaluer faciliter faire favoriser financer fournir former identifier
impliquer inclure informer intégrer investir mettre montrer obtenir offrir organiser parler partager payer
penser permettre pouvoir prendre préparer présenter promouvoir proposer recevoir rechercher reconnaître recruter
renforcer rendre rester réduire savoir sensibiliser simplifier soutenir trouver utiliser valoriser venir voir
vouloir
""".split()
_FR_FORMS = """
a ai as aide aident donne donnent doit doivent fait font faut offre offrent permet permettent peut peuvent
prend prennent va vont veut veulent sait savent manquent devrait devraient pourrait pourraient
""".split()

_EN_ADJECTIVES = frozenset(
    """
    able available aware best better big certain clear common current different difficult direct due early easy
    efficient entire equal excellent few free full general good great hard high higher important key large larger
    late little local long low lower main major many minor more most much new next old open other own possible
    ready real recent relevant right same senior several short significant similar simple small specific strong
    sufficient such true various weak whole wrong young rapid quick fast slow safe fair poor rich wide deep
    busy active extra further overall proper basic unique
    """.split()
)
# adjectives that also qualify a verb ("better serve", "further develop")
_EN_ADVERBS_TOO = frozenset("better best further less least more most".split())
_EN_ADJECTIVE_ENDINGS = ("al", "ive", "ous", "ful", "less", "able", "ible", "ic", "ical", "ish")
# common nouns with an adjective's ending (general English, not any forum's words)
_EN_NOUNS_LIKE_ADJECTIVES = frozenset(
    """
    animal appeal approval arrival capital clinic criminal deal festival goal hospital individual initiative
    incentive interval journal logic manual material meal metal mechanic music narrative objective official
    original panic portal potential principal professional proposal public referral relative removal renewal
    rental representative signal survival table terminal timetable topic total traffic trial tutorial variable
    vegetable executive alternative perspective directive detective motive native collective graphic republic
    """.split()
)
PREPOSITIONS = frozenset(
    "for with to of from on in at by about into through between among across after before during without "
    "regarding concerning including towards toward within beyond versus like unlike via per than against despite "
    "upon around along "
    "pour avec de des du à au aux sur dans entre par sans chez après pendant durant depuis selon malgré parmi envers "
    "contre".split()
)


def _present(base: str) -> set[str]:
    if base.endswith("y") and base[-2:-1] not in "aeiou":
        return {base, base[:-1] + "ies"}
    return {base, base + ("es" if base.endswith(("s", "sh", "ch", "x", "z")) else "s")}


def _past(base: str) -> str:
    if base.endswith("e"):
        return base + "d"
    if base.endswith("y") and base[-2:-1] not in "aeiou":
        return base[:-1] + "ied"
    return base + "ed"


ENGLISH_VERBS = frozenset({f for base in _EN_VERBS for f in _present(base)} | {"did"})
# past forms read as adjectives before a noun ("Paid internships", "Trained professionals")
ENGLISH_PARTICIPLES = frozenset({_past(base) for base in _EN_VERBS} | set(_EN_IRREGULAR))
FRENCH_VERBS = frozenset(set(_FR_VERBS) | set(_FR_FORMS))


# common French nouns and adjectives with an infinitive's ending (general vocabulary)
_FR_NOT_INFINITIVES = frozenset(
    """
    avenir loisir loisirs plaisir désir souvenir dossier quartier métier papier premier dernier entier
    particulier foyer loyer hiver cher fer mer hier chantier atelier panier calendrier levier sentier étranger
    danger cuisinier ouvrier fermier policier pompier conseiller officier routier fichier plombier boucher
    boulanger laitier pâtissier épicier régulier singulier familier immobilier financier bancaire premier
    courrier clocher rocher escalier collier clavier tablier usager usagers voyageur cadre ordre lettre
    empire navire sourire salaire commentaire horaire inventaire partenaire secrétaire vocabulaire
    """.split()
)


def is_verb(word: str, language: str = "en") -> bool:
    """Whether ``word`` is (most likely) a present-tense verb form from the general lists."""
    word = word.lower()
    if language == "fr":
        return word in FRENCH_VERBS
    return word in ENGLISH_VERBS and word not in _EN_NOUNS_TOO


# French participles and adjectives that do not end a phrase without their complement ("issus de")
_FR_NEEDS_COMPLEMENT = frozenset("""
issu issue issus issues lié liée liés liées relatif relative relatifs relatives destiné destinée destinés
destinées dédié dédiée dédiés dédiées consacré consacrée consacrés consacrées situé située situés situées
visant concernant
""".split())
_FR_ARTICLES = frozenset("le la les l un une des du".split())


def _french_article_after_conjunction(lower: list[str]) -> bool:
    """A run whose first noun has no article but whose second conjunct does: it was cut out of a
    longer phrase ("commerces et le maintien [des ...]", "[relatives à l']environnement et au
    développement durable"); a heading reads "Commerces et maintien"."""
    if lower[0] in _FR_ARTICLES or lower[0].startswith(("l'", "l’")):
        return False
    for i, (word, after) in enumerate(zip(lower, lower[1:])):
        if word in ("et", "ou") and (after in _FR_ARTICLES or after.startswith(("l'", "l’"))
                                      or after in ("au", "aux") and not {"à", "au", "aux"} & set(lower[:i])):
            return True
    return False


def _ing_of_listed_verb(word: str) -> bool:
    """Whether an English -ing ``word`` is a form of a listed verb ("moving", "getting")."""
    base = word[:-3]
    return any(form in ENGLISH_VERBS for form in (base, base + "e", base[:-1] if base[-1:] == base[-2:-1] else base))


def is_french_infinitive(word: str) -> bool:
    """Whether a French ``word`` looks like an infinitive ("interdire", "réduire", "mettre"):
    on the verb list, or ending in -er/-ir/-ire (not a listed noun such as "dossier", "avenir")."""
    word = word.lower()
    if word in _FR_NOT_INFINITIVES or len(word) < 5:
        return False
    return word in FRENCH_VERBS or (word.endswith(("er", "ir", "ire", "ttre", "dre")) and not word.endswith("oire"))


# French adverbs, a closed class as a grammar lists it (focus, time, place, manner, degree, linking), less those already
# among the stop words ("aussi", "très", "déjà") and those that are nouns too ("bien", "mal", "ensemble"); with the
# adverbs in -ment (``_french_adverb``). A heading does not start on one: "Notamment les PME en région" is a piece of
# a sentence ("..., notamment les PME"), its heading the noun phrase after it.
_FR_ADVERBS = frozenset("""
surtout notamment seulement uniquement vraiment également souvent parfois jamais rarement ensuite puis enfin désormais
dorénavant bientôt aujourd'hui aujourd’hui demain hier ici ailleurs partout plutôt presque quasiment tellement trop
assez davantage moins mieux vite autant tant environ cependant pourtant toutefois néanmoins d'abord d’abord
""".split())
# those that, before "de", count what follows as a determiner would ("davantage de pistes cyclables": a noun phrase)
_FR_QUANTITY_ADVERBS = frozenset("trop assez davantage moins autant tant".split())
# Adverbs in -ment are made on an adjective's feminine form ("particulière" + "ment"): these endings of the adjective
# (-ive, -euse, -ière, -ique, -aire) and -amment, -emment, -ément tell them from the nouns in -ment, made on a verb
# ("financement", "logement", "traitement"), less the nouns general vocabulary makes on such endings too
_FR_ADVERB_ENDINGS = ("amment", "emment", "ément", "ivement", "eusement", "ièrement", "iquement", "airement")
_FR_NOUNS_LIKE_ADVERBS = frozenset("élément complément supplément agrément".split())
# -elle and -ale end the feminine of adjectives ("naturelle", "totale") and the forms of verbs in -eler, -aler
# ("ruisselle", "nivelle", "signale") that make nouns ("ruissellement", "signalement"): the adjective suffixes
# (-ielle, -uelle, -nnelle, -relle, -ale after i, n, r, c, b, p, t, g, m) tell the adjective's form from the verb's
_FR_FEMININE_ADJECTIVE_ENDINGS = ("ielle", "uelle", "nnelle", "relle", "éelle", "rmelle", "rselle", "rtelle",
                                  "iale", "nale", "rale", "cale", "bale", "pale", "tale", "gale", "male")
_FR_VERB_FORM_ENDINGS = ("gnale", "étale")


def _french_adverb(word: str) -> bool:
    """Whether a French ``word`` (lower case) is an adverb: on the closed list, or an adverb in -ment by its ending
    ("notamment", "progressivement", "particulièrement", "naturellement"; not "financement", "élément",
    "ruissellement")."""
    if word in _FR_ADVERBS:
        return True
    if len(word) <= 7 or not word.endswith("ment"):  # a plural ("éléments") ends in -s, an adverb never
        return False
    stem = word[:-4]
    return (word.endswith(_FR_ADVERB_ENDINGS) and word not in _FR_NOUNS_LIKE_ADVERBS) or (
        stem.endswith(_FR_FEMININE_ADJECTIVE_ENDINGS) and not stem.endswith(_FR_VERB_FORM_ENDINGS))


def _french_participle(word: str) -> bool:
    """A French present participle of a listed verb ("mettant", "permettant", "favorisant")."""
    if not word.endswith("ant") or len(word) < 6:
        return False
    stem = word[:-3]
    return any(stem + ending in FRENCH_VERBS for ending in ("er", "re", "ir", "")) or (
        stem.endswith("iss") and stem[:-3] + "ir" in FRENCH_VERBS)


def is_action_word(word: str, language: str = "en") -> bool:
    """Whether ``word`` names an action rather than a subject: a listed verb form in either
    language, or a French infinitive. Such words say what to do, not what a card is about, so
    the theme vectors weigh them less (``analysis.vectorize.TermVectorizer``)."""
    word = word.lower()
    if language == "fr":
        return is_verb(word, "fr") or is_french_infinitive(word)
    return is_verb(word, "en") or word in _EN_NEVER_IN_HEADINGS


def is_adjective(word: str, language: str = "en") -> bool:
    """Whether an English ``word`` is most likely an adjective (French: always False).

    Plurals count as nouns ("professionals", "incentives")."""
    if language == "fr":
        return False
    word = word.lower()
    if word in _EN_ADJECTIVES or word in ENGLISH_PARTICIPLES:
        return True
    if word in _EN_NOUNS_LIKE_ADJECTIVES or len(word) < 5:
        return False
    if word.endswith("ly") or (word.endswith("ed") and not word.endswith("eed") and word not in ENGLISH_VERBS):
        return True  # adverbs and participles used as adjectives ("trained", "internationally")
    return word.endswith(_EN_ADJECTIVE_ENDINGS)


# endings of verbs not on the list ("Educate HR", "Prioritize funding") and the nouns that share them
_EN_VERB_ENDINGS = ("ate", "ize", "ise", "ify")
_EN_NOUNS_LIKE_VERBS = frozenset(
    """
    advocate associate candidate certificate climate debate delegate estate graduate mandate senate template
    update expertise enterprise exercise franchise merchandise premise promise compromise
    """.split()
)
# the only function words a heading keeps inside it ("Lack of funding", "Site visits to companies")
_INNER_FUNCTION_WORDS = frozenset(
    "a an and at by for from in of on or the to with à au aux avec d dans de des du en et l la le les ou par pour sur".split()
)
_EN_NOUN_ENDINGS = ("tion", "sion", "ment", "ness", "ity", "ance", "ence", "ship", "ism", "ist", "age", "ure",
                    "er", "or", "ing", "s")


def _looks_like_noun(word: str) -> bool:
    return word.endswith(_EN_NOUN_ENDINGS) or word in _EN_NOUNS_TOO or word in _EN_NOUNS_LIKE_ADJECTIVES


# -ing words that name an activity and head a noun phrase after a plural ("Skills training")
# verb forms that never head nor end a heading: the auxiliary "does" ("Does the MBTA"), and -ing
# forms of light verbs, which never name an activity ("Getting government", "Service going")
_EN_NEVER_IN_HEADINGS = frozenset(
    "does going getting coming doing having wanting trying seeing saying putting letting".split())
_EN_ACTIVITY_NOUNS = frozenset(
    """
    training funding mentoring networking housing hiring coaching shadowing onboarding learning planning building
    marketing screening counselling counseling teaching tutoring parking sharing matching recruiting banking
    accounting engineering nursing programming consulting testing licensing reporting processing meeting
    """.split()
)


# a word after one of these is a noun; an English base form before one, a verb ("to test the")
_EN_DETERMINERS = frozenset("a an the this these those their our your his her its my every each some any".split())
_EN_BEFORE_VERBS = frozenset("to can could should would will must may might".split())
_FR_DETERMINERS = frozenset(
    "le la les l un une des du de d leur leurs son sa ses ce cet cette ces notre nos votre vos".split())


@dataclass(frozen=True)
class WordUsage:
    """What a forum's own texts show about their words where the lists and suffixes cannot tell.

    ``verbs``: English base forms the texts write as verbs (after "to", a modal or at the start
    of a clause, and before a determiner: "to test the skills"; or written in lower case after
    "to" or a modal and before a word other than a preposition: "to board crowded trains") and
    never as nouns (after a
    determiner, an adjective or a preposition other than "to"); ``locution_nouns``: French
    words the texts write in lower case at least twice and only right after "en" ("mettre en
    place", "en matière de"), which belong to the locution and head no phrase of their own.
    """

    verbs: frozenset = frozenset()
    locution_nouns: frozenset = frozenset()

    @classmethod
    def of(cls, clauses) -> WordUsage:
        """From ``clauses``, each a list of words as written (``analysis.preprocess.clause_words``)."""
        as_verb, as_noun, uses, after_en = set(), set(), Counter(), Counter()
        for written in clauses:
            words = [w.lower() for w in written]
            for i, word in enumerate(words):
                before = words[i - 1] if i else ""
                after = words[i + 1] if i + 1 < len(words) else ""
                if before in _EN_DETERMINERS or before in PREPOSITIONS and before != "to" or is_adjective(before):
                    as_noun.add(word)
                elif (not before or before in _EN_BEFORE_VERBS) and (after in _EN_DETERMINERS or (
                        before in _EN_BEFORE_VERBS and written[i].islower() and after and after not in PREPOSITIONS)):
                    as_verb.add(word)
                if written[i].islower():
                    uses[word] += 1
                    after_en[word] += before == "en"
        stop = english_stop_words()
        verbs = {w for w in as_verb - as_noun
                 if w not in stop and w not in _EN_ADJECTIVES and not w.endswith(("s", "ed", "ing"))}
        return cls(frozenset(verbs), frozenset(w for w, n in after_en.items() if n >= 2 and n == uses[w]))


# French nouns so ending name an act or a capacity and govern "à + infinitive" themselves
_FR_GOVERNING_ENDINGS = ("tion", "sion", "ment", "ance", "ence", "age", "ure", "té", "ude")


def _french_subject_of_infinitive(lower: list[str], next_word: str) -> bool:
    """A run that opens on a noun (or two joined by "et"/"ou") followed by "à" and an
    infinitive with an object (a determiner follows it, in the run or just after it): the
    noun is the infinitive's subject, and what "à" depends on came before the run ("[la
    capacité des] océans à stocker du carbone", "[inciter les] ménages à rénover leur
    logement"). A noun naming an act governs "à" itself ("Incitation à utiliser le vélo")."""
    words = lower + [next_word]
    for i in range(1, len(lower) - 1):
        if lower[i] != "à" or not (i == 1 or lower[i - 2] in ("et", "ou")) or not is_french_infinitive(lower[i + 1]):
            continue
        after = words[i + 2]
        if after in _FR_DETERMINERS or after.startswith(("l'", "l’", "d'", "d’")):
            noun = lower[i - 1][:-1] if lower[i - 1].endswith(("s", "x")) else lower[i - 1]
            return not noun.endswith(_FR_GOVERNING_ENDINGS)
    return False


def heading_problem(words: list[str], language: str = "en", usage: WordUsage = WordUsage(),
                    next_word: str = "") -> str | None:
    """Why a run of words (as written, in order) would not read as a heading, or None.

    ``"verb"`` when it holds a verb (see the module docstring) or starts on one of
    ``usage.verbs``; ``"adjective"`` (English only: French adjectives follow their noun)
    when it ends on an adjective or starts with one that a preposition follows ("Hard for
    newcomers"); ``"adverb"`` when it starts or ends on an English -ly word or starts on a French adverb
    ("Notamment les PME", "Surtout les jeunes"; "Davantage de pistes", a quantity, is fine); ``"function"``
    when it starts or ends on a preposition or conjunction or holds a function word other
    than a preposition, article or "and"/"or" ("Support those in the field"), and when a
    French run was cut from a longer phrase (it starts on one of ``usage.locution_nouns``,
    or see ``_french_subject_of_infinitive``: ``next_word`` is the word written after the
    run).
    """
    lower = [w.lower() for w in words]
    parts = [w.split("-")[-1] for w in lower]  # a hyphenated compound ends on its head word
    if not lower:
        return "function"
    if lower[0] in PREPOSITIONS or lower[-1] in PREPOSITIONS or lower[-1] in {"and", "or", "et", "ou"}:
        return "function"
    stop = FRENCH_STOP_WORDS if language == "fr" else english_stop_words()
    if any(w in stop and w not in _INNER_FUNCTION_WORDS for w in lower):
        return "function"  # "Support those in the field", "Employees about their rights"
    following = lower[1:] + [""]
    if language == "fr" and (lower[-1] in _FR_NEEDS_COMPLEMENT or _french_article_after_conjunction(lower)
                             or lower[0] in usage.locution_nouns or _french_subject_of_infinitive(lower, next_word)):
        return "function"  # "Produits issus" (de ...), "Commerces et le maintien" (de ...), "[mise en] place"
    if language == "fr" and len(lower) > 1 and (is_french_infinitive(lower[0]) or _french_participle(lower[0])):
        return "verb"  # "Interdire l'usage", "Taxer davantage", "Mettant en place"
    if language == "fr" and _french_adverb(lower[0]) and not (
            lower[0] in _FR_QUANTITY_ADVERBS and (following[0] == "de" or following[0].startswith(("d'", "d’")))):
        return "adverb"  # "Notamment les PME en région", "Progressivement l'usage" (not "Davantage de pistes")
    if language == "en" and len(lower) > 1 and lower[-1].endswith("ing") and lower[-1] not in _EN_ACTIVITY_NOUNS and (
            (lower[-2].endswith("s") or words[-2].isupper()) and not lower[-2].endswith("ss")
            or _ing_of_listed_verb(lower[-1])):
        return "verb"  # "ITPs applying", "Employers hiring", "Transportation moving" (but "Skills training")
    if language == "en" and (not _EN_NEVER_IN_HEADINGS.isdisjoint(parts) or lower[0] in usage.verbs):
        return "verb"
    for i, (word, after) in enumerate(zip(lower, following)):
        if language == "en":
            if word == "to" and after and not (_looks_like_noun(after) or words[i + 1][:1].isupper()):
                return "verb"  # "Funding to accommodate"
            if i == 0 and len(word) > 5 and word.endswith(_EN_VERB_ENDINGS) and word not in _EN_NOUNS_LIKE_VERBS:
                return "verb"  # "Educate HR"
            participle = word in ENGLISH_PARTICIPLES or (word.endswith("ed") and not word.endswith("eed"))
            if i == 0 and participle and (after in PREPOSITIONS or after in _EN_ADJECTIVES):
                return "verb"  # "Supported in identifying"; "Paid internships" is fine
            if i == 0 and (word in _EN_ADJECTIVES or is_adjective(word) and not word.endswith("ly")) and after in PREPOSITIONS:
                return "adjective"  # "Hard for newcomers", "Accessible for people with disabilities": no verb
        if not is_verb(word, language):
            continue
        if language == "en" and i and is_adjective(lower[i - 1]) and (
                lower[i - 1] not in _EN_ADVERBS_TOO or word.endswith("s")):
            continue  # a word an adjective qualifies is a noun: "New trains", "Local needs" (not "Better serve")
        if not (word in _EN_NOUN_BEFORE_PREPOSITION and after in PREPOSITIONS and after != "to"):
            return "verb"  # "Need for information" is a noun phrase, "Need to share" is not
    if language == "en":
        leading_adverb = lower[0].endswith("ly") and not (len(lower) > 2 and is_adjective(lower[1]))
        if leading_adverb or parts[-1].endswith("ly"):  # "Internationally trained professionals" is fine
            return "adverb"
        if is_adjective(parts[-1], language) and not (len(words[-1]) > 1 and words[-1].isupper()):
            return "adjective"
    return None


def cut_from_longer(before: Counter, after: Counter, language: str = "en",
                    continuations: Counter | None = None) -> bool:
    """Whether a run of words was cut out of a longer fixed phrase, from the words written just
    ``before`` and just ``after`` each of its occurrences (lower case, "" at a clause's edge): in at
    least two occurrences, and in every one, the same content word comes before it ("[jet] pack in
    the future", "[politiques] publiques en matière environnementale"; not a verb, whose object the
    run is: "[use] multicultural best practices") or after it ("pedestrianized street like downtown
    [crossing]"), or, in French, "à" comes before it (a noun without its article after "à"
    qualifies the noun before: "[plastique à] usage unique"). A heading names the whole phrase or
    another one, not a piece of it. One occurrence is not enough to tell: its neighbours are
    often a verb's or a clause's, and passing over such runs leaves worse ones.

    ``continuations`` counts the two words written after each occurrence: a run that the ideas
    continue with the same function word and content word in all occurrences but at most one in
    five, and at least twice, was cut too ("challenges regarding collaboration [with employers]"):
    its heading is the longer phrase. Not when that word is an adjective, which starts a phrase
    of its own ("lack of funding [for additional] programs")."""
    stop = FRENCH_STOP_WORDS if language == "fr" else english_stop_words()
    if continuations and sum(continuations.values()) >= 2:
        (function_word, content_word), times = max(continuations.items(), key=lambda item: (item[1], item[0]))
        if (times >= 2 and times >= 0.8 * sum(continuations.values()) and function_word in stop
                and _content_word(content_word, stop) and not is_adjective(content_word, language)):
            return True
    for neighbours in (before, after):
        if sum(neighbours.values()) < 2 or len(neighbours) != 1:
            continue
        (word,) = neighbours
        if language == "fr" and neighbours is before and word == "à":
            return True  # "à" and a noun without its article qualify the noun before: "[plastique à] usage unique"
        if _content_word(word, stop) and not (neighbours is before and is_action_word(word, language)):
            return True  # a verb before a run has it as its object: "[use] multicultural best practices"
    return False


def _content_word(word: str, stop) -> bool:
    return bool(word) and word not in stop and word not in PREPOSITIONS and not word.isdigit() and len(word) > 2
