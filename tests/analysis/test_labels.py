"""Theme labels read as headings: noun phrases of 2-5 words, unique, in the ideas' language."""
import random
from collections import Counter

import pytest

from analysis.records import Idea
from analysis.heading_grammar import WordUsage, heading_problem, is_action_word, is_adjective, is_verb
from analysis.preprocess import clause_words
from analysis.theme_labels import CtfidfRepresentation, distinct_label, unique_labels
from analysis.themes import ThemeModel


@pytest.mark.parametrize("words", [
    "Hire ITPs", "Provide training for managers", "Discuss experience", "Need to share information",
    "Share success stories", "Educate HR", "Bring alumni", "Better serve newcomers", "Employers hire",
])
def test_clauses_are_not_headings(words):
    assert heading_problem(words.split()) == "verb"


@pytest.mark.parametrize("words", ["Expectations and personal", "Funding for additional", "Internships paid"])
def test_dangling_adjectives_are_not_headings(words):
    assert heading_problem(words.split()) == "adjective"


@pytest.mark.parametrize("words", [
    "Paid internships", "Employer incentives", "Pre-arrival preparation", "Need for information",
    "Lack of funding", "Work experience", "Financial support for ITPs", "Internationally trained professionals",
    "Mentoring and coaching", "Help with job search", "New trains", "Local needs", "Safe stops",
])
def test_noun_phrases_are_headings(words):
    assert heading_problem(words.replace("-", " ").split()) is None


@pytest.mark.parametrize("words", ["Support those in the field", "Regarding funding", "Employees about their rights"])
def test_function_words_that_a_heading_would_not_keep(words):
    assert heading_problem(words.split()) == "function"


@pytest.mark.parametrize("words", ["Produits issus", "Risques liés", "Commerces et le maintien", "Transports et l'usage",
                                   "Environnement et au développement durable"])
def test_french_phrases_cut_from_a_longer_one_are_not_headings(words):
    assert heading_problem(words.split(), "fr") == "function"
    assert heading_problem("Santé et sécurité".split(), "fr") is None
    assert heading_problem("Accès à l'emploi et aux services".split(), "fr") is None


@pytest.mark.parametrize("words", ["Cours gratuits pendant", "Après mois", "Accompagnement durant", "Emploi depuis",
                                   "Selon secteur", "Malgré obstacles"])
def test_french_runs_starting_or_ending_on_a_preposition_are_not_headings(words):
    """Cut from "cours gratuits pendant les heures payées", "après 12 mois": the heading would end mid-phrase."""
    assert heading_problem(words.split(), "fr") == "function"


@pytest.mark.parametrize("words", ["Notamment les PME en région", "Surtout les jeunes", "Progressivement l'usage",
                                   "Particulièrement les femmes", "Également les aides", "Davantage les PME", "Souvent",
                                   "Naturellement les aides", "Totalement gratuit", "Essentiellement les PME",
                                   "Généralement les jeunes"])
def test_french_runs_starting_on_an_adverb_are_not_headings(words):
    """A piece of a sentence (", notamment les PME en région"): the heading is the noun phrase after the adverb."""
    assert heading_problem(words.split(), "fr") == "adverb"


@pytest.mark.parametrize("words", ["Davantage de pistes cyclables", "Moins de voitures", "Financement des PME",
                                   "Traitement des déchets", "Éléments de langage", "Renouvellement urbain",
                                   "Mise en place progressive", "Enseignement supérieur",
                                   "Ruissellement des eaux pluviales", "Nivellement des salaires",
                                   "Morcellement des terres", "Amoncellement des déchets", "Signalement des abus"])
def test_french_nouns_in_ment_and_quantities_before_de_are_headings(words):
    assert heading_problem(words.split(), "fr") is None


def test_french_headings():
    assert heading_problem("Offrir du mentorat".split(), "fr") == "verb"
    assert heading_problem("Reconnaissance des diplômes étrangers".split(), "fr") is None
    assert heading_problem("Manque de financement".split(), "fr") is None


def test_word_classes():
    assert is_verb("provides") and is_verb("hire") and not is_verb("hiring") and not is_verb("support")
    assert not is_verb("work") and is_verb("offrir", "fr")
    assert is_adjective("financial") and is_adjective("personal") and not is_adjective("professionals")
    assert not is_adjective("arrival") and not is_adjective("initiative") and not is_adjective("ITP")
    assert is_action_word("going") and is_action_word("provide") and not is_action_word("training")


def test_unique_labels_fall_back_to_later_candidates_then_terms():
    labels = unique_labels(
        [["Job shadowing", "Work placements"], ["Job shadowing", "Site visits"], ["Job shadowing"], ["job shadowing"]],
        [["shadowing"], ["visits"], ["job", "trial periods"], ["job", "trial periods"]],
    )
    assert labels[:2] == ["Job shadowing", "Site visits"]
    assert labels[2] == "Job shadowing (trial periods)"
    assert len({label.lower() for label in labels}) == 4


def _check_labels(model, language="en"):
    labels = [theme.label for theme in model.themes_]
    assert len({label.lower() for label in labels}) == len(labels), labels
    for label in labels + [theme.label.split(" (")[0] for theme in model.subthemes_]:
        assert 2 <= len(label.split()) <= 5, label
        words = label.replace("-", " ").split()
        assert not is_verb(words[0], language), label
        assert heading_problem(words, language) is None, label


def test_sample_labels_read_as_headings(sample_ideas):
    _check_labels(ThemeModel(random_state=0).fit(sample_ideas))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_labels_on_parts_of_the_sample_read_as_headings(sample_ideas, seed):
    shuffled = list(sample_ideas)
    random.Random(seed).shuffle(shuffled)
    _check_labels(ThemeModel(random_state=seed).fit(shuffled[:130]))


def test_hyphenated_compounds_are_kept(ideas_from):
    texts = ["Pre-arrival preparation for nurses", "Pre-arrival preparation online", "More pre-arrival preparation",
             "Paid internships with employers", "Paid internships for engineers", "Short paid internships"]
    ideas = ideas_from(texts, "h")
    model = ThemeModel(random_state=0, n_themes=2).fit(ideas)
    assert sorted(t.label for t in model.themes_) == ["Paid internships", "Pre-arrival preparation"]
    assert "pre-arrival" in {term for t in model.themes_ for term in t.terms}


def test_pinned_label_is_not_repeated_by_a_free_theme(ideas_from):
    texts = ["Paid internships with employers", "Paid internships for engineers", "Short paid internships",
             "Paid internships in nursing", "Mentoring circles", "Mentoring circles for women", "Peer mentoring circles"]
    ideas = ideas_from(texts, "p")
    pinned = {"mine": {"label": "Paid internships", "idea_ids": ["p4"]}}
    model = ThemeModel(random_state=0, n_themes=3).fit(ideas, pinned=pinned)
    labels = [t.label.lower() for t in model.themes_]
    assert len(set(labels)) == len(labels), labels


def test_french_ideas_get_french_headings(ideas_from):
    texts = [
        "Offrir des stages rémunérés aux nouveaux arrivants", "Les stages rémunérés aident à trouver un emploi",
        "Plus de stages rémunérés dans les entreprises", "Reconnaissance des diplômes étrangers",
        "La reconnaissance des diplômes étrangers est trop lente", "Accélérer la reconnaissance des diplômes étrangers",
    ]
    ideas = ideas_from(texts, "f")
    model = ThemeModel(random_state=0, n_themes=2).fit(ideas)
    french_words = {w.lower() for t in texts for w in t.split()}
    for theme in model.themes_:
        assert all(w.lower() in french_words for w in theme.label.split()), theme.label
        assert heading_problem(theme.label.split(), "fr") is None
    labels = sorted(t.label for t in model.themes_)
    assert "diplômes étrangers" in labels[0].lower() and labels[1] == "Stages rémunérés"


def test_title_case_is_lowered_but_proper_words_keep_their_capital(ideas_from):
    texts = ["Regulatory Bodies: slow licensing", "Regulatory Bodies must speed up licensing", "Licensing by Regulatory Bodies",
             "Employers ask for Canadian experience", "No Canadian experience yet", "Canadian experience is required"]
    ideas = ideas_from(texts, "c")
    labels = {t.label for t in ThemeModel(random_state=0, n_themes=2).fit(ideas).themes_}
    assert "Canadian experience" in labels
    assert all("Bodies" not in label for label in labels)


def test_names_keep_their_capitals_inside_title_case_runs(ideas_from):
    texts = ["More buses in East Boston", "East Boston needs more buses", "Buses to East Boston are late",
             "Snow removal on sidewalks", "Sidewalks need snow removal", "Snow removal is slow in Boston today"]
    labels = {t.label for t in ThemeModel(random_state=0, n_themes=2).fit(ideas_from(texts, "b")).themes_}
    assert any("East Boston" in label for label in labels), labels


def test_an_acronym_written_mostly_in_capitals_is_one_term_and_shown_in_capitals(ideas_from):
    texts = ["MBTA fares are too high", "Lower the MBTA fares", "MBTA fares for students", "mbta fares hurt families",
             "Bike lanes downtown", "Safer bike lanes", "Protected bike lanes now", "More bike lanes please"]
    model = ThemeModel(random_state=0, n_themes=2).fit(ideas_from(texts, "m"))
    terms = model.preprocessor_.transform(["mbta fares hurt families"])[0]
    assert ("MBTA", 1.0) in terms
    assert any("MBTA" in label for label in (t.label for t in model.themes_))


@pytest.mark.parametrize("words", ["Does the MBTA", "Service going", "Getting government", "Public transportation moving"])
def test_auxiliaries_and_light_verbs_are_not_headings(words):
    assert heading_problem(words.split()) == "verb"


def test_a_run_ending_on_a_preposition_is_not_a_heading():
    assert heading_problem("Transportation models like".split()) == "function"
    assert heading_problem("Capacity building".split()) is None


def test_a_repeated_label_is_qualified_by_a_noun():
    assert distinct_label("Funding", ["different", "raised", "grants"], {"funding"}) == "Funding (grants)"
    assert distinct_label("Consommation d'énergie", ["inciter", "bâtiments"], {"consommation d'énergie"}, "fr") == (
        "Consommation d'énergie (bâtiments)")
    assert distinct_label("Funding", ["different"], {"funding"}) == "Funding (2)"


@pytest.mark.parametrize("words", ["Interdire l'usage", "Réduire la consommation", "Mettre en place", "ITPs applying",
                                   "Taxer davantage", "Mettant en place"])
def test_verb_phrases_and_participle_clauses_are_not_headings(words):
    language = "en" if words.startswith("ITPs") else "fr"
    assert heading_problem(words.split(), language) == "verb"


@pytest.mark.parametrize("words", ["Skills training", "Job shadowing", "Véhicules propres", "Avenir des jeunes",
                                   "Cadre de vie", "Montant des aides", "Territoire zéro déchet"])
def test_nouns_with_verb_endings_are_headings(words):
    assert heading_problem(words.split(), "en" if words.startswith(("Skills", "Job")) else "fr") is None


def test_french_labels_are_never_an_infinitive_phrase():
    texts = [
        "Interdire l'usage des pesticides dans les jardins", "Interdire l'usage des pesticides près des écoles",
        "Réduire l'usage des pesticides agricoles", "Interdire la publicité pour les voitures polluantes",
        "Interdire la publicité des produits polluants", "Réduire la publicité lumineuse",
        "Rénover les logements mal isolés", "Rénovation énergétique des logements anciens",
        "Obliger la rénovation énergétique des logements", "Aider la rénovation des logements sociaux",
    ]
    model = ThemeModel(random_state=0, n_themes=3).fit([Idea(id=f"v{i}", text=t) for i, t in enumerate(texts)])
    for theme in model.themes_:
        words = theme.label.replace("'", "' ").split()
        assert heading_problem(words, "fr") is None, theme.label
        assert not theme.label.lower().startswith(("interdire", "réduire", "obliger", "aider", "rénover", "l'")), theme.label
    assert "Usage des pesticides" in {theme.label for theme in model.themes_}


def _usage(texts):
    return WordUsage.of(clause for text in texts for clause in clause_words(text))


def test_a_base_form_the_forum_writes_as_a_verb_does_not_lead_a_heading():
    as_verb = ["Audit the rental rules", "Cities should audit each landlord yearly", "Ask tenants to audit rental homes"]
    assert heading_problem("Audit rental homes".split(), usage=_usage(as_verb)) == "verb"
    assert heading_problem("Rental homes".split(), usage=_usage(as_verb)) is None
    # written as a noun too ("an audit of"), the word may head a phrase
    as_noun_too = as_verb + ["An audit of rental homes every year"]
    assert heading_problem("Audit rental homes".split(), usage=_usage(as_noun_too)) is None


def test_labels_do_not_start_on_a_word_the_forum_uses_as_a_verb(ideas_from):
    texts = ["Ask volunteers to audit landlords every spring", "Audit landlords near campus",
             "Cities should audit the landlords", "Tenants could audit landlords after mould complaints",
             "Landlords ignore mould complaints", "Snow removal on sidewalks", "Sidewalks need snow removal",
             "Faster snow removal downtown"]
    labels = {t.label for t in ThemeModel(random_state=0, n_themes=2).fit(ideas_from(texts, "a")).themes_}
    assert labels == {"Mould complaints", "Snow removal"}


def test_a_french_noun_written_only_after_en_belongs_to_its_locution():
    texts = ["La mise en service rapide des navettes", "Mettre en service les bornes",
             "Prévoir une prise en service lente"]
    assert heading_problem("service rapide".split(), "fr", _usage(texts)) == "function"
    assert heading_problem("Mise en service rapide".split(), "fr", _usage(texts)) is None
    with_own_use = _usage(texts + ["Un service de navettes le soir"])
    assert heading_problem("service rapide".split(), "fr", with_own_use) is None
    proper_noun = _usage(["Vivre en France rurale", "Voyager en France"])
    assert heading_problem("France rurale".split(), "fr", proper_noun) is None


@pytest.mark.parametrize("words, next_word", [
    ("Familles à trier leurs déchets", ""), ("Familles à trier", "leurs"),
    ("Écoles et mairies à trier", "les"),
])
def test_a_french_noun_before_a_to_infinitive_with_an_object_is_cut_from_a_longer_phrase(words, next_word):
    # "[inciter les] familles à trier leurs déchets": the head that "à" depends on came before
    assert heading_problem(words.split(), "fr", next_word=next_word) == "function"


@pytest.mark.parametrize("words, next_word", [
    ("Déchets à trier", ""), ("Déchets à trier", "chaque"), ("Incitations à trier les déchets", ""),
    ("Capacité à trier les déchets", ""),
])
def test_a_french_noun_before_a_to_infinitive_can_head_a_phrase(words, next_word):
    assert heading_problem(words.split(), "fr", next_word=next_word) is None


def test_french_labels_are_not_cut_from_a_locution_nor_from_before_a_to_infinitive(ideas_from):
    texts = ["La mise en service rapide des navettes", "Mettre en service rapide les bornes de recharge",
             "Prévoir la mise en service rapide du tramway", "Bornes de recharge dans les villages",
             "Inciter les familles à trier leurs déchets", "Aider les familles à trier leurs déchets",
             "Encourager les familles à trier leurs emballages", "Les familles nombreuses et le tri"]
    labels = {t.label for t in ThemeModel(random_state=0, n_themes=2).fit(ideas_from(texts, "l")).themes_}
    assert labels == {"Mise en service rapide", "Familles nombreuses"}  # not "Service rapide", "Familles à trier"


# issue 9's label audit: fragments, names, verbs and near-duplicates the theme model gave on forums it had not seen


@pytest.mark.parametrize("words", ["Affordable for young families", "Suitable for wheelchairs", "Reachable by ferry"])
def test_an_adjective_before_a_preposition_is_a_sentence_without_its_verb(words):
    assert heading_problem(words.split()) == "adjective"
    assert heading_problem(["Affordable", "housing", "for", "families"]) is None  # before its noun, it heads one


def test_a_run_always_written_inside_a_longer_phrase_is_not_a_label():
    from analysis.preprocess import TextPreprocessor
    from analysis.theme_labels import label_candidates

    texts = ["Bigger heat pump rebates for homes", "Heat pump rebates for renters", "Heat pump rebates run out fast"]
    preprocessor = TextPreprocessor().fit(texts)
    terms = {form: term_list for text in texts for _, term_list, form, *_ in preprocessor.spans(text, 5)}
    candidates = label_candidates(texts, {term: 1.0 for term in terms["pump rebates"]}, preprocessor)
    # "pump rebates" is always "[heat] pump rebates", "heat pump" always "heat pump [rebates]"
    assert candidates[0] == "Heat pump rebates"
    assert "Pump rebates" not in candidates and "Heat pump" not in candidates


def test_a_verb_before_a_run_leaves_it_whole():
    from analysis.heading_grammar import cut_from_longer
    from collections import Counter

    # "[use] inclusive hiring practices": the run is the verb's object, a whole noun phrase
    assert not cut_from_longer(Counter({"use": 3}), Counter({"": 3}))
    assert cut_from_longer(Counter({"heat": 2}), Counter({"for": 1, "": 1}))
    assert not cut_from_longer(Counter({"heat": 1, "the": 1}), Counter({"": 2}))


def test_names_of_several_common_words_keep_their_capitals(ideas_from):
    texts = ["Trains on the Blue Line are always late", "Extend the Blue Line to the airport",
             "More trains for the Blue Line please", "A second line of buses on the Blue Line route",
             "Snow removal on sidewalks", "Sidewalks need snow removal", "Faster snow removal in a long line of streets"]
    labels = {t.label for t in ThemeModel(random_state=0, n_themes=2).fit(ideas_from(texts, "n")).themes_}
    assert labels == {"Blue Line", "Snow removal"}  # "line" and "blue" are common words: not "Blue line"


def test_a_base_form_written_after_to_or_a_modal_before_its_object_is_a_verb():
    texts = ["It is hard to board crowded trains", "Riders should board buses at the back"]
    assert heading_problem("Board crowded trains".split(), usage=_usage(texts)) == "verb"
    # a capitalised word after "to" is a name, not a verb ("members to Internet resources")
    assert heading_problem("Internet resources".split(), usage=_usage(["Send members to Internet resources"])) is None


def test_a_label_that_says_no_more_than_one_given_is_passed_over():
    # the same words ("Bridging program" after "Bridging programs") or some of them ("Additional
    # programs" under "Funding for additional programs"): the next candidate when there is one
    assert unique_labels([["Bridging programs"], ["Bridging program", "Mentoring circles"]], [[], []]) == [
        "Bridging programs", "Mentoring circles"]
    assert unique_labels([["Additional programs", "Lack of funding"]], [[]],
                         taken={"funding for additional programs"}) == ["Lack of funding"]
    # a label with a word more names a part; with no other candidate, a near one is kept
    assert unique_labels([["Commuter rail stations"]], [[]], taken={"commuter rail"}) == ["Commuter rail stations"]
    assert unique_labels([["Bridging program"]], [["mentors"]], taken={"bridging programs"}) == ["Bridging program"]


def test_a_french_run_always_after_a_with_no_article_qualifies_the_noun_before_it():
    from analysis.heading_grammar import cut_from_longer
    from collections import Counter

    # "[sacs à] usage unique", "[produits à] faible coût": a complement, not a heading
    assert cut_from_longer(Counter({"à": 2}), Counter({"": 1, "dès": 1}), "fr")
    assert not cut_from_longer(Counter({"à": 1, "le": 1}), Counter({"": 2}), "fr")
    assert not cut_from_longer(Counter({"à": 2}), Counter({"": 2}), "en")


# "captains" is the ferry theme's most distinctive word but two of its nine ideas use it; five wait for the ferry
FERRIES = ["Ferry captains should slow down near the beach", "Friendly ferry captains",
           "Waiting for the ferry in the rain", "Shelter while waiting for the ferry", "The wait for a ferry is too long",
           "Why do we wait so long at the ferry dock", "Ferry tickets cost too much", "Will the ferry run in winter?",
           "Less waiting at the ferry terminal at night"]
LIBRARIES = ["Longer opening hours at the public library", "A public library in every neighborhood",
             "Free courses at the public library", "More books for children at the public library",
             "Quiet study rooms in the public library", "The public library should lend tools"]
LANES = ["Protected bike lanes downtown", "Bike lanes cleared of snow", "Wider bike lanes on bridges",
         "Bike lanes that connect the parks", "Paint the bike lanes green", "Bike lanes kept free of parked cars"]


def test_a_theme_label_speaks_for_most_of_its_ideas_not_a_pair_of_them(ideas_from):
    model = ThemeModel(random_state=0, n_themes=3).fit(ideas_from(FERRIES + LIBRARIES + LANES, "f"))
    assert {t.label for t in model.themes_} == {"Waiting for the ferry", "Public library", "Bike lanes"}


class _Recording(CtfidfRepresentation):
    """The default labels, keeping each corpus it is given."""

    def __init__(self):
        super().__init__()
        self.corpora = []

    def represent(self, corpus):
        self.corpora.append(corpus)
        return super().represent(corpus)


def test_a_sub_theme_label_is_not_weighed_by_its_share_of_ideas(ideas_from):
    from dataclasses import replace

    recording = _Recording()
    ThemeModel(random_state=0, n_themes=3, representation=recording).fit(ideas_from(FERRIES + LIBRARIES + LANES, "f"))
    unweighed = replace(recording.corpora[0], weigh_label_coverage=False)
    # a sub-theme's label tells it from its siblings: its most distinctive words
    assert "Ferry captains" in {label for label, _ in CtfidfRepresentation().represent(unweighed)}

    tickets = ["Ferry tickets for students", "Cheaper ferry tickets on weekends", "Monthly ferry tickets",
               "Ferry tickets sold online", "A new ferry route to the island", "A ferry route along the river"]
    recording = _Recording()
    model = ThemeModel(random_state=0, n_themes=3, representation=recording)
    model.fit(ideas_from(FERRIES + tickets + LIBRARIES + LANES, "f"))
    assert model.subthemes_
    assert [corpus.weigh_label_coverage for corpus in recording.corpora] == [True, False]  # themes, then sub-themes


def test_a_label_is_weighed_by_the_share_of_ideas_using_all_its_words():
    from analysis.preprocess import TextPreprocessor
    from analysis.theme_labels import label_candidates

    texts = ["Floating gardens on the harbor ferry", "Floating gardens on every harbor ferry",
             "Harbor ferry in winter", "Harbor ferry to the airport", "Cheaper harbor ferry tickets"]
    preprocessor = TextPreprocessor().fit(texts)
    runs = {form: term_list for text in texts for _, term_list, form, *_ in preprocessor.spans(text, 5)}
    weights = {term: 1.0 for term in runs["floating gardens"] + runs["harbor ferry"][:2]}  # not "harbor ferry" as one
    weights["float"] = 1.4  # more distinctive, used by two of five
    shares = {frozenset(runs["floating gardens"][:2]): 0.4, frozenset(runs["harbor ferry"][:2]): 1.0}

    def coverage(stems):
        return shares.get(frozenset(stems), 0.0)

    assert label_candidates(texts, weights, preprocessor)[0] == "Floating gardens"
    assert label_candidates(texts, weights, preprocessor, coverage=coverage)[0] == "Harbor ferry"
    # a run whose best word sets the theme apart far less does not win by being common
    weights["float"] = 3.0
    assert label_candidates(texts, weights, preprocessor, coverage=coverage)[0] == "Floating gardens"


def test_a_run_its_ideas_continue_with_a_function_word_and_a_noun_is_cut_from_the_longer_phrase():
    from analysis.heading_grammar import cut_from_longer
    from analysis.preprocess import TextPreprocessor
    from analysis.theme_labels import label_candidates

    edges = Counter({"": 3}), Counter({"with": 3})
    assert cut_from_longer(*edges, "en", Counter({("with", "landlords"): 3}))
    assert not cut_from_longer(*edges, "en", Counter({("with", "landlords"): 2, ("with", "tenants"): 1}))
    assert not cut_from_longer(*edges, "en", Counter({("with", "landlords"): 1}))  # once is not enough to tell
    # an adjective starts a longer phrase of its own: "lack of funding [for additional] programs"
    assert not cut_from_longer(Counter({"": 3}), Counter({"for": 3}), "en", Counter({("for", "additional"): 3}))

    texts = ["Problems regarding repairs with landlords: slow answers", "Problems regarding repairs with landlords",
             "Problems regarding repairs with landlords: no heating", "Repairs take months"]
    preprocessor = TextPreprocessor().fit(texts)
    runs = {form: term_list for text in texts for _, term_list, form, *_ in preprocessor.spans(text, 5)}
    candidates = label_candidates(texts, {term: 1.0 for term in runs["problems regarding repairs"]}, preprocessor)
    assert "Problems regarding repairs" not in candidates
    assert candidates[0] == "Problems regarding repairs with landlords"


def test_a_run_longer_than_a_heading_is_not_a_label():
    from analysis.preprocess import TextPreprocessor
    from analysis.theme_labels import MAX_LABEL_CHARACTERS, label_candidates

    texts = ["Neighbourhood associations' representatives' concerns", "Neighbourhood associations' representatives",
             "Neighbourhood associations' representatives' concerns"]
    preprocessor = TextPreprocessor().fit(texts)
    runs = {form: term_list for text in texts for _, term_list, form, *_ in preprocessor.spans(text, 5)}
    long_run = max(runs, key=len)
    assert len(long_run) > MAX_LABEL_CHARACTERS
    candidates = label_candidates(texts, {term: 1.0 for term in runs[long_run]}, preprocessor)
    assert candidates and all(len(label) <= MAX_LABEL_CHARACTERS for label in candidates)


def test_a_sub_theme_label_repeating_its_parent_gives_way_to_one_that_speaks_for_more_of_its_ideas():
    shares = {"Monthly ferry pass": 0.1, "Monthly ferry": 0.5, "Student discounts": 0.4}
    options = [["Monthly ferry pass", "Monthly ferry", "Student discounts"]]

    def labels(**given):
        return unique_labels(options, [["pass"]], {"ferry pass"}, **given)

    assert labels(parent="Ferry pass", speaks_for=lambda c, label: shares[label]) == ["Student discounts"]
    # "Monthly ferry" is the same phrase cut; a label that repeats no parent, or with no shares, stays
    assert labels(parent="Ferry tickets", speaks_for=lambda c, label: shares[label]) == ["Monthly ferry pass"]
    assert labels(parent="Ferry pass") == ["Monthly ferry pass"]
    # the other candidate must speak for a fifth of the sub-theme's ideas, and for more than the repeat
    shares["Student discounts"] = 0.15
    assert labels(parent="Ferry pass", speaks_for=lambda c, label: shares[label]) == ["Monthly ferry pass"]
    shares.update({"Student discounts": 0.3, "Monthly ferry pass": 0.4})
    assert labels(parent="Ferry pass", speaks_for=lambda c, label: shares[label]) == ["Monthly ferry pass"]


def test_a_sub_theme_label_is_weighed_by_the_share_of_its_own_ideas_using_all_its_words(ideas_from, monkeypatch):
    import analysis.theme_labels as theme_labels

    tickets = ["Ferry tickets for students", "Cheaper ferry tickets on weekends", "Monthly ferry tickets",
               "Ferry tickets sold online", "A new ferry route to the island", "A ferry route along the river"]
    recording = _Recording()
    ThemeModel(random_state=0, n_themes=3, representation=recording).fit(
        ideas_from(FERRIES + tickets + LIBRARIES + LANES, "f"))
    themes, sub_themes = recording.corpora
    calls = []
    original = theme_labels.unique_labels

    def recording_unique_labels(*args):
        calls.append(args)
        return original(*args)

    monkeypatch.setattr(theme_labels, "unique_labels", recording_unique_labels)
    CtfidfRepresentation().represent(themes)
    CtfidfRepresentation().represent(sub_themes)
    (*_, no_parent, no_shares), (*_, parent, speaks_for) = calls
    assert (no_parent, no_shares) == ("", None)
    assert parent == "Ferry tickets"
    waiting = next(c for c, texts in enumerate(sub_themes.texts_by_class) if "Waiting for the ferry in the rain" in texts)
    # two of its ten ideas write both "long" and "wait"; the tickets' ideas neither
    assert len(sub_themes.texts_by_class[waiting]) == 10
    assert speaks_for(waiting, "Long wait") == 0.2
    assert speaks_for(1 - waiting, "Long wait") == 0.0
