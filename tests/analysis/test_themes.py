"""ThemeModel and group_texts: contract, determinism, order independence, pins, edge cases."""
import random
import re

import numpy as np
import pytest
from sklearn.metrics import adjusted_mutual_info_score, normalized_mutual_info_score

from analysis.cluster import top_level_k
from analysis.records import Idea
from analysis.themes import ThemeModel, group_texts
from analysis.vectorize import Passthrough


@pytest.fixture(scope="module")
def fitted(sample_ideas):
    return ThemeModel(random_state=0).fit(sample_ideas)


def partition(model):
    return {frozenset(theme.idea_ids) for theme in model.themes_}


def test_every_idea_assigned_once(fitted, sample_ideas):
    assert set(fitted.assignments_) == {idea.id for idea in sample_ideas}
    assert sum(theme.size for theme in fitted.themes_) == len(sample_ideas)
    theme_ids = {theme.id for theme in fitted.themes_}
    assert set(fitted.assignments_.values()) == theme_ids


def test_theme_fields(fitted):
    assert fitted.n_themes_ == len(fitted.themes_) >= 5
    sizes = [theme.size for theme in fitted.themes_]
    assert sizes == sorted(sizes, reverse=True)
    assert [theme.id for theme in fitted.themes_] == [f"t{i:02d}" for i in range(1, fitted.n_themes_ + 1)]
    for theme in fitted.themes_:
        assert 1 <= len(theme.representative_ids) <= 3
        assert set(theme.representative_ids) <= set(theme.idea_ids)
        assert len(theme.idea_ids) == theme.size
        assert theme.terms


def test_labels_are_short_phrases_of_real_words(fitted, sample_ideas):
    words = {w.lower() for idea in sample_ideas for w in re.findall(r"[^\W\d_]+", idea.text)}
    words |= {w.lower()[:-1] for w in words if w.endswith("s")}  # acronyms are singular
    for theme in fitted.themes_:
        label_words = re.findall(r"[^\W\d_]+", theme.label)
        assert 2 <= len(label_words) <= 6, theme.label
        for word in label_words:
            assert word.lower() in words | {"and", "ideas"}, (word, theme.label)


def test_terms_are_display_words_not_stems(fitted, sample_ideas):
    words = {w.lower() for idea in sample_ideas for w in re.findall(r"[^\W\d_]+", idea.text)}
    words |= {w.lower()[:-1] for w in words if w.endswith("s")}  # acronyms are singular
    for theme in fitted.themes_:
        for term in theme.terms:
            for word in re.split(r"[\s-]+", term):
                assert word.lower() in words, (word, theme.label)


def test_same_seed_same_result(sample_ideas, fitted):
    again = ThemeModel(random_state=0).fit(sample_ideas)
    assert again.assignments_ == fitted.assignments_
    assert [t.label for t in again.themes_] == [t.label for t in fitted.themes_]


def test_row_order_does_not_matter(sample_ideas, fitted):
    shuffled = list(sample_ideas)
    random.Random(7).shuffle(shuffled)
    other = ThemeModel(random_state=0).fit(shuffled)
    assert other.assignments_ == fitted.assignments_
    assert other.themes_ == fitted.themes_


def test_different_seeds_give_similar_themes(sample_ideas, fitted):
    other = ThemeModel(random_state=1).fit(sample_ideas)
    ids = sorted(fitted.assignments_)
    nmi = normalized_mutual_info_score([fitted.assignments_[i] for i in ids], [other.assignments_[i] for i in ids])
    assert nmi > 0.5


def test_close_to_the_reference_codings(fitted, sample_reference):
    ids = sorted(fitted.assignments_)
    predicted = [fitted.assignments_[i] for i in ids]
    for coding in ("coding_a", "coding_b"):
        reference = [sample_reference[i][coding] for i in ids]
        assert adjusted_mutual_info_score(reference, predicted) > 0.2  # naive TF-IDF + k-means: about 0.2


def test_fixed_number_of_themes(sample_ideas):
    model = ThemeModel(n_themes=8).fit(sample_ideas)
    assert model.n_themes_ == 8


def test_predict_assigns_new_ideas_to_fitted_themes(sample_ideas, fitted):
    new = [Idea(id="new-1", text="Mentoring and coaching by professional immigrant networks"), Idea(id="new-2", text="")]
    predicted = fitted.predict(new)
    assert len(predicted) == 2
    assert set(predicted) <= {theme.id for theme in fitted.themes_}
    assert fitted.transform(new).shape == (2, fitted.n_themes_)


def test_predict_puts_a_fitted_idea_back_in_its_theme(sample_ideas, fitted):
    hits = sum(fitted.predict([idea])[0] == fitted.assignments_[idea.id] for idea in sample_ideas[:60])
    assert hits >= 50


def test_pinned_themes_are_kept(sample_ideas):
    pinned_ids = [idea.id for idea in sample_ideas[:5]] + [sample_ideas[100].id]
    pinned = {"funding-theme": {"label": "Funding we care about", "idea_ids": pinned_ids}}
    model = ThemeModel(random_state=0).fit(sample_ideas, pinned=pinned)
    theme = next(t for t in model.themes_ if t.id == "funding-theme")
    assert theme.label == "Funding we care about"
    assert set(theme.idea_ids) >= set(pinned_ids)  # other cards as close as its own may join it
    assert theme.pinned
    assert all(model.assignments_[i] == "funding-theme" for i in pinned_ids)
    assert len(model.assignments_) == len(sample_ideas)
    others = [t for t in model.themes_ if t.id != "funding-theme"]
    assert all(not set(t.idea_ids) & set(pinned_ids) for t in others)


def test_pinned_unknown_ids_are_ignored_and_keys_do_not_clash(ideas_from):
    ideas = ideas_from(["mentoring peers", "mentoring coaching", "funding grants", "funding money", "language classes"], "i")
    pinned = {"t01": {"label": "Mentoring", "idea_ids": ["i0", "i1", "missing"]}}
    model = ThemeModel().fit(ideas, pinned=pinned)
    ids = [t.id for t in model.themes_]
    assert len(ids) == len(set(ids))
    assert model.assignments_["i0"] == model.assignments_["i1"] == "t01"
    assert len(model.assignments_) == 5


def test_pinned_join_threshold_lets_close_ideas_join(sample_ideas):
    pinned = {"p": {"label": "Mentoring", "idea_ids": [i.id for i in sample_ideas if "mentor" in i.text.lower()][:4]}}
    model = ThemeModel(random_state=0, pin_join_threshold=0.5).fit(sample_ideas, pinned=pinned)
    assert next(t for t in model.themes_ if t.id == "p").size >= 4


@pytest.mark.parametrize("n", [0, 1, 2, 3])
def test_tiny_inputs(n, ideas_from):
    ideas = ideas_from(["Mentoring for ITPs", "Funding is short", "Paid internships"][:n])
    model = ThemeModel().fit(ideas)
    assert set(model.assignments_) == {idea.id for idea in ideas}
    assert len(model.themes_) == (0 if n == 0 else 1)
    assert sum(t.size for t in model.themes_) == n


def test_identical_and_empty_texts_do_not_crash(ideas_from):
    ideas = ideas_from(["same", "same", "same", "!!!", "the and of", "same", "x"])
    model = ThemeModel().fit(ideas)
    assert len(model.assignments_) == len(ideas)


def test_unicode_and_html_text(ideas_from):
    texts = ["<b>Mentorat</b> &amp; réseautage", "Éducation des employeurs 😀", "Mentoring & networking",
             "Employer education", "Financement des organismes", "Funding for agencies"] * 2
    ideas = ideas_from(texts, "u")
    model = ThemeModel().fit(ideas)
    assert len(model.assignments_) == len(ideas)
    assert all("<" not in t.label and "&amp" not in t.label for t in model.themes_)


def test_french_forum_gets_french_labels(ideas_from):
    texts = [
        "Mentorat par des professionnels immigrants", "Programmes de mentorat pour les nouveaux arrivants",
        "Le mentorat aide à trouver un emploi", "Financement des organismes communautaires",
        "Manque de financement pour les programmes", "Le financement est insuffisant",
        "Reconnaissance des diplômes étrangers", "Les diplômes ne sont pas reconnus", "Accélérer la reconnaissance des diplômes",
    ]
    ideas = ideas_from(texts, "f")
    model = ThemeModel(random_state=0, n_themes=3).fit(ideas)
    labels = " ".join(t.label.lower() for t in model.themes_)
    assert "mentorat" in labels and "financement" in labels and "diplômes" in labels
    groups = {frozenset(t.idea_ids) for t in model.themes_}
    assert frozenset({"f0", "f1", "f2"}) in groups


def test_passthrough_reducer_works(sample_ideas):
    model = ThemeModel(n_themes=10, reducer=Passthrough()).fit(sample_ideas)
    assert len(model.assignments_) == len(sample_ideas)


def test_representation_without_texts_and_its_errors_surface(sample_ideas):
    class TermsOnly:
        def represent(self, corpus):
            return [(f"Theme {c}", [corpus.terms[0]]) for c in range(corpus.n_classes)]

    class Broken:
        def represent(self, corpus):
            raise TypeError("a bug inside the representation")

    model = ThemeModel(n_themes=3, representation=TermsOnly()).fit(sample_ideas)
    assert sorted(theme.label for theme in model.themes_) == ["Theme 0", "Theme 1", "Theme 2"]
    with pytest.raises(TypeError, match="a bug inside"):
        ThemeModel(n_themes=3, representation=Broken()).fit(sample_ideas)


def test_init_only_stores_parameters():
    model = ThemeModel(n_themes=4, random_state=3)
    assert model.n_themes == 4 and model.random_state == 3
    assert not hasattr(model, "themes_")


def test_group_texts_counts_and_quotes():
    texts = ["Not enough time", "Too little time for discussion", "Need more time", "No French", "Offer it in French",
             "French translation please", "Great networking", "Networking with employers was great", "", None]
    groups = group_texts(texts)
    assert sum(g["count"] for g in groups) == 8
    assert [g["count"] for g in groups] == sorted((g["count"] for g in groups), reverse=True)
    for group in groups:
        assert 1 <= len(group["quotes"]) <= 3
        assert group["label"]


def test_group_texts_quotes_an_answer_once_however_often_it_was_given():
    # Many participants give the same short answer ("Networking"): its copies are all the most
    # central, and the group quoted it three times instead of its other answers.
    texts = ["Networking with employers"] * 6 + ["More networking with employers", "Networking with employers over lunch",
                                                 "Networking with employers and agencies"]
    texts += ["More time for French", "Offer it in French", "Offer the forum in French"]
    groups = group_texts(texts)
    assert [g["count"] for g in groups] == [9, 3]
    assert groups[0]["quotes"][0] == "Networking with employers"
    assert len(set(groups[0]["quotes"])) == 3


@pytest.mark.parametrize("n", [0, 1, 5, 300])
def test_group_texts_sizes(n):
    base = ["more time for tables", "french please", "share contacts", "shorter report outs", "keep momentum"]
    texts = [f"{base[i % 5]} {i}" for i in range(n)]
    groups = group_texts(texts)
    assert sum(g["count"] for g in groups) == n


def test_swappable_clusterer(sample_ideas):
    from sklearn.cluster import AgglomerativeClustering

    model = ThemeModel(n_themes=9, clusterer=AgglomerativeClustering(n_clusters=4)).fit(sample_ideas)
    assert model.n_themes_ == 9
    assert len(model.assignments_) == len(sample_ideas)


def test_more_themes_asked_than_ideas(ideas_from):
    ideas = ideas_from(["mentoring peers", "funding grants", "language classes", "paid internships"])
    model = ThemeModel(n_themes=10).fit(ideas)
    assert 1 <= model.n_themes_ <= 4
    assert len(model.assignments_) == 4


def test_fit_does_not_change_the_given_parts(sample_ideas):
    from analysis.preprocess import TextPreprocessor
    from analysis.vectorize import TermVectorizer

    vectorizer = TermVectorizer(TextPreprocessor())
    ThemeModel(n_themes=5, vectorizer=vectorizer).fit(sample_ideas)
    assert not hasattr(vectorizer, "vocabulary_")


def test_predict_unknown_words_goes_to_largest_theme(sample_ideas):
    pinned = {"p": {"label": "Pinned", "idea_ids": [sample_ideas[0].id, sample_ideas[1].id]}}
    model = ThemeModel(random_state=0).fit(sample_ideas, pinned=pinned)
    largest = max(model.themes_, key=lambda t: (t.size, t.id == model.themes_[0].id))
    assert model.predict([Idea(id="z", text="zzzz qqqq")]) == [largest.id]


# -- granularity: top-level themes and sub-themes ------------------------------------------
@pytest.mark.parametrize("cards, themes", [(3, 1), (30, 5), (59, 8), (100, 9), (197, 13), (320, 16), (5000, 16)])
def test_number_of_top_level_themes_is_a_reports_headings(cards, themes):
    assert top_level_k(cards) == themes


def test_top_level_themes_at_report_granularity_with_sub_themes(fitted, sample_ideas):
    assert 8 <= fitted.n_themes_ <= 16
    assert fitted.subthemes_, "the largest themes are split into sub-themes"
    top = {theme.id: theme for theme in fitted.themes_}
    for sub in fitted.subthemes_:
        parent = top[sub.parent]
        assert set(sub.idea_ids) <= set(parent.idea_ids)
        assert sub.id.startswith(f"{parent.id}.") and sub.label.lower() != parent.label.lower()
        assert not sub.label.lower().startswith(parent.label.lower() + " ("), "a sub-theme is not its parent qualified"
    for parent_id in {sub.parent for sub in fitted.subthemes_}:
        parts = [set(sub.idea_ids) for sub in fitted.subthemes_ if sub.parent == parent_id]
        assert set().union(*parts) == set(top[parent_id].idea_ids)
        assert sum(map(len, parts)) == top[parent_id].size
    assert set(fitted.assignments_.values()) <= set(top)
    labels = [t.label.lower() for t in [*fitted.themes_, *fitted.subthemes_]]
    assert len(labels) == len(set(labels)), "every theme and sub-theme has its own label"


def test_no_sub_themes_when_asked_not_to(sample_ideas):
    assert ThemeModel(subthemes=False).fit(sample_ideas).subthemes_ == []


# -- codebook -----------------------------------------------------------------------------
CODEBOOK = [
    {"key": "mentoring", "label": "Mentoring", "description": "Mentors, coaching and peer support for newcomers"},
    {"key": "funding", "label": "Funding", "description": "Funding and grants for agencies and programs"},
    {"key": "credentials", "label": "Reconnaissance des diplômes",
     "description": "Recognition of foreign credentials and licensing by regulators; reconnaissance des diplômes"},
]
CODED = [
    ("a1", "Mentoring circles with senior engineers"), ("a2", "Peer mentors for newcomers in health care"),
    ("a3", "Coaching and mentoring after the first job"), ("a4", "A buddy and a mentor for each new hire"),
    ("b1", "More funding for settlement agencies"), ("b2", "Grants for bridging programs run out"),
    ("b3", "Stable multi-year funding for programs"), ("b4", "Funding cuts hurt small agencies"),
    ("c1", "Regulators are slow to recognize foreign credentials"), ("c2", "Licensing exams cost too much"),
    ("c3", "Reconnaissance des diplômes étrangers trop lente"), ("c4", "Credentials assessment before arrival"),
    ("p1", "Parking downtown near the venue is scarce"), ("p2", "Parking at the venue was scarce and costly"),
    ("p3", "Scarce parking spots cost the attendees a lot"),
]


def test_codebook_keys_label_the_cards_that_fit_and_the_rest_form_new_themes():
    model = ThemeModel(random_state=0, codebook=CODEBOOK).fit([Idea(id=i, text=t) for i, t in CODED])
    for idea_id, _ in CODED:
        expected = {"a": "mentoring", "b": "funding", "c": "credentials"}.get(idea_id[0])
        if expected:
            assert model.assignments_[idea_id] == expected, idea_id
    parking = {model.assignments_[i] for i in ("p1", "p2", "p3")}
    assert len(parking) == 1 and not parking & {"mentoring", "funding", "credentials"}
    by_id = {theme.id: theme for theme in model.themes_}
    assert by_id["credentials"].label == "Reconnaissance des diplômes" and by_id["credentials"].origin == "codebook"
    assert by_id[parking.pop()].origin == "found"


# carried over from last year's themes: key terms and typical cards, so new topics share words with them
CARRIED = [
    {"key": "mentoring", "label": "Mentoring", "description": "mentor, coaching, peer, newcomers. "
     "Mentoring circles with senior engineers. Peer mentors for newcomers in health care"},
    {"key": "funding", "label": "Funding", "description": "funding, grants, agencies, programs. "
     "More funding for settlement agencies. Grants for bridging programs run out"},
    {"key": "credentials", "label": "Credentials", "description": "credentials, licensing, regulators. "
     "Regulators are slow to recognize foreign credentials. Licensing exams cost too much"},
]
CHILDCARE = [
    ("k1", "Childcare for newcomers during evening classes"),
    ("k2", "Affordable childcare so parents can attend programs"),
    ("k3", "Childcare spots near the settlement office are scarce"),
    ("k4", "Evening childcare so both parents can take classes"),
]


def test_cards_on_a_new_topic_sharing_a_word_with_a_carried_code_are_offered_as_a_new_theme():
    coded = [(i, "Foreign credentials assessment takes too long" if i == "c3" else t)  # English, as the codes
             for i, t in CODED if i[0] != "p"]
    model = ThemeModel(random_state=0, codebook=CARRIED).fit([Idea(id=i, text=t) for i, t in coded + CHILDCARE])
    for idea_id, _ in coded:
        expected = {"a": "mentoring", "b": "funding", "c": "credentials"}.get(idea_id[0])
        if expected:
            assert model.assignments_[idea_id] == expected, idea_id
    by_id = {theme.id: theme for theme in model.themes_}
    new = [i for i, _ in CHILDCARE if by_id[model.assignments_[i]].origin == "found"]
    # "programs", "newcomers", "settlement" are in the codes' words; before, every card here was forced
    assert len(new) >= 2 and len({model.assignments_[i] for i in new}) == 1


def test_a_codebook_label_per_language_names_the_theme_in_the_cards_language():
    codebook = [dict(code, label={"en": code["label"], "fr": "Financement"}) if code["key"] == "funding" else code
                for code in CODEBOOK]
    model = ThemeModel(random_state=0, codebook=codebook).fit([Idea(id=i, text=t) for i, t in CODED])
    assert model.assignments_["b1"] == "funding"
    assert {theme.id: theme.label for theme in model.themes_}["funding"] == "Funding"  # English cards


def test_codebook_is_deterministic_and_independent_of_row_order():
    ideas = [Idea(id=i, text=t) for i, t in CODED]
    first = ThemeModel(random_state=0, codebook=CODEBOOK).fit(ideas)
    shuffled = list(ideas)
    random.Random(3).shuffle(shuffled)
    again = ThemeModel(random_state=0, codebook=CODEBOOK).fit(shuffled)
    assert first.assignments_ == again.assignments_
    assert [t.label for t in first.themes_] == [t.label for t in again.themes_]


def test_codebook_from_a_mapping_and_bad_codebooks():
    from analysis.io import InputError

    model = ThemeModel(codebook={"funding": "Funding and grants for agencies"}).fit([Idea(id=i, text=t) for i, t in CODED])
    assert model.assignments_["b1"] == "funding" and model.themes_[0].label == "Funding"
    for bad in ([{"label": "no key"}], [{"key": "a"}, {"key": "a"}], ["text"], [{"key": "a", "label": ["A"]}],
                [{"key": "a", "label": {"en": {"text": "A"}}}]):
        with pytest.raises(InputError):
            ThemeModel(codebook=bad).fit([Idea(id="1", text="x")])


# -- previous run and corrections -----------------------------------------------------------
def _as_previous(model):
    themes = [{"id": t.id, "label": t.label} for t in model.themes_]
    themes += [{"id": t.id, "label": t.label, "parent": t.parent, "idea_ids": list(t.idea_ids)} for t in model.subthemes_]
    return {"themes": themes, "assignments": dict(model.assignments_)}


def test_previous_run_keeps_ids_labels_and_almost_every_card(sample_ideas):
    earlier_ideas, new_ideas = sample_ideas[:-6], sample_ideas[-6:]
    first = ThemeModel(random_state=0).fit(earlier_ideas)
    again = ThemeModel(random_state=0, previous=_as_previous(first)).fit(sample_ideas)
    kept = sum(again.assignments_[i.id] == first.assignments_[i.id] for i in earlier_ideas)
    assert kept >= 0.9 * len(earlier_ideas)
    labels = {t.id: t.label for t in first.themes_ + first.subthemes_}
    assert all(t.label == labels[t.id] for t in again.themes_ + again.subthemes_ if t.id in labels)
    assert again.changes_["new_ideas"] == 6 and again.changes_["moved"] == len(earlier_ideas) - kept
    assert not again.changes_["gone_themes"]
    shuffled = list(sample_ideas)
    random.Random(5).shuffle(shuffled)
    assert ThemeModel(random_state=0, previous=_as_previous(first)).fit(shuffled).assignments_ == again.assignments_


def test_new_cards_that_fit_no_earlier_theme_form_a_new_one(sample_ideas):
    first = ThemeModel(random_state=0).fit(sample_ideas)
    parking = [Idea(id=f"zz-{n}", text=t) for n, t in enumerate([
        "Parking downtown near the venue is scarce", "Parking at the venue was scarce and costly",
        "Scarce parking spots cost the attendees a lot", "Parking downtown costs attendees a lot"])]
    again = ThemeModel(random_state=0, previous=_as_previous(first)).fit(list(sample_ideas) + parking)
    theme_ids = {again.assignments_[i.id] for i in parking}
    assert len(theme_ids) == 1
    new_theme = theme_ids.pop()
    assert new_theme not in {t.id for t in first.themes_} and new_theme in again.changes_["new_themes"]


def test_corrections_teach_the_rest_and_the_move_is_counted(sample_ideas):
    first = ThemeModel(random_state=0).fit(sample_ideas)
    mentoring = [i.id for i in sample_ideas if "mentor" in i.text.lower()]
    home = first.assignments_[mentoring[0]]
    # the organizer gathers four mentoring cards into a theme of their own
    pinned = {"mentoring": {"label": "Mentoring", "idea_ids": mentoring[:4]}}
    again = ThemeModel(random_state=0, previous=_as_previous(first)).fit(sample_ideas, pinned=pinned)
    theme = next(t for t in again.themes_ if t.id == "mentoring")
    assert theme.pinned and theme.label == "Mentoring" and set(mentoring[:4]) <= set(theme.idea_ids)
    assert set(theme.idea_ids) & set(mentoring[4:]), "a mentoring card follows the corrected ones"
    assert again.changes_["moved"] == sum(again.assignments_[i] != first.assignments_[i] for i in first.assignments_)
    assert again.changes_["moved"] >= 4 and "mentoring" in again.changes_["new_themes"]
    assert home in {t.id for t in again.themes_}


def test_codebook_re_run_keeps_new_on_topic_cards_under_their_code_beside_earlier_and_corrected_ones():
    # a codebook re-run where most cards are earlier or corrected: those fit their theme as well as
    # the best card, so a bar set by the median of every card would send weaker on-topic new cards
    # (the licensing ones) to a new theme; the bar is set by the new cards alone
    coded = [(i, t) for i, t in CODED if i[0] != "p"]
    first = ThemeModel(random_state=0, codebook=CODEBOOK).fit([Idea(id=i, text=t) for i, t in coded])
    new = [("n-coach", "Coaching for job interviews"), ("n-grants", "Grants are hard to get"),
           ("n-exam", "Cost of the licensing exams"), ("n-delay", "My licensing exam was delayed"),
           ("n-years", "Licensing took two years for me"), ("n-peer", "Peer support groups for newcomers")]
    parking = [(i, t) for i, t in CODED if i[0] == "p"]
    pinned = {"credentials": {"label": "Credentials", "idea_ids": ["c1", "c2"]}}
    again = ThemeModel(random_state=0, codebook=CODEBOOK, previous=_as_previous(first)).fit(
        [Idea(id=i, text=t) for i, t in coded + new + parking], pinned=pinned)
    expected = {"n-coach": "mentoring", "n-grants": "funding", "n-exam": "credentials", "n-delay": "credentials",
                "n-years": "credentials", "n-peer": "mentoring"}
    assert {i: again.assignments_[i] for i in expected} == expected
    assert all(again.assignments_[i] == first.assignments_[i] for i, _ in coded)
    # a new topic still fits no code
    found = {again.assignments_[i] for i, _ in parking}
    assert len(found) == 1 and {t.id: t.origin for t in again.themes_}[found.pop()] == "found"


def test_a_codebook_given_after_the_first_run_codes_the_cards_on_the_re_run_and_keeps_the_corrections():
    # the analyst gives a codebook once the forum was analysed: the re-run codes the earlier cards
    # of the themes the analysis found (before, every card stayed in its earlier theme and the
    # codes took none); a corrected theme keeps its cards, and a card no code fits stays where it was
    ideas = [Idea(id=i, text=t) for i, t in CODED]
    first = ThemeModel(random_state=0, n_themes=2).fit(ideas)
    pinned = {"kept": {"label": "Kept as corrected", "idea_ids": ["b4", "a1"]}}
    previous = {**_as_previous(first), "codebook_keys": []}
    again = ThemeModel(random_state=0, codebook=CODEBOOK, previous=previous).fit(ideas, pinned=pinned)
    expected = {"a": "mentoring", "b": "funding", "c": "credentials"}
    on_topic = [i for i, _ in CODED if i[0] in expected and i not in {"b4", "a1"}]
    coded = [i for i in on_topic if again.assignments_[i] == expected[i[0]]]
    assert len(coded) >= len(on_topic) - 1, {i: again.assignments_[i] for i in on_topic}
    assert all(again.assignments_[i] == first.assignments_[i] for i in set(on_topic) - set(coded))
    assert again.assignments_["b4"] == again.assignments_["a1"] == "kept"
    assert {again.assignments_[i] for i in ("p1", "p2", "p3")} <= {t.id for t in first.themes_}
    assert again.changes_["moved"] >= len(coded) - 4
    # coded with the same codebook again, nothing moves
    stored = {**_as_previous(again), "codebook_keys": [code["key"] for code in CODEBOOK]}
    assert ThemeModel(random_state=0, codebook=CODEBOOK, previous=stored).fit(
        ideas, pinned=pinned).changes_["moved"] == 0


def test_one_code_added_after_the_first_run_takes_the_cards_it_is_about_not_most_of_the_forum(sample_ideas):
    # the 197 sample cards analysed without a codebook, then one code whose description names
    # employers (as most cards do): it takes the cards on networking and referrals, and the
    # earlier themes keep the rest (held by their theme, the cards no longer all go to the code)
    first = ThemeModel(random_state=0).fit(sample_ideas)
    code = [{"key": "networking", "label": "Networking",
             "description": "Networking events referrals and connections with employers"}]
    again = ThemeModel(random_state=0, codebook=code, previous={**_as_previous(first), "codebook_keys": []}).fit(
        sample_ideas)
    texts = {idea.id: idea.text.lower() for idea in sample_ideas}
    coded = [i for i, key in again.assignments_.items() if key == "networking"]
    assert 5 <= len(coded) <= 40, len(coded)
    assert sum(("network" in texts[i] or "referral" in texts[i] or "connection" in texts[i]) for i in coded) \
        >= 0.5 * len(coded)
    assert again.changes_["moved"] == len(coded)


def test_one_broad_code_given_before_any_analysis_takes_the_cards_about_it_not_most_of_the_forum(sample_ideas):
    # a codebook of one broad code given before the first run: the median card fits no code, so half
    # its fit was next to nothing and every card a neighbour's fit reached took the code (113 of 197);
    # a person coding deductively puts under it the cards on networking, and the rest form themes
    code = [{"key": "networking", "label": "Networking",
             "description": "Networking, referrals and professional connections"}]
    model = ThemeModel(random_state=0, codebook=code).fit(sample_ideas)
    texts = {idea.id: idea.text.lower() for idea in sample_ideas}

    def about(i):
        return any(word in texts[i] for word in ("network", "referral", "connection"))

    coded = [i for i, key in model.assignments_.items() if key == "networking"]
    assert 5 <= len(coded) <= 40, len(coded)
    assert sum(about(i) for i in coded) >= 0.5 * len(coded)
    on_topic = [i for i in texts if about(i)]
    assert sum(i in coded for i in on_topic) >= 0.75 * len(on_topic)
    found = [theme for theme in model.themes_ if theme.origin == "found"]
    assert len(found) >= 6 and sum(theme.size for theme in found) == len(sample_ideas) - len(coded)


def test_a_theme_left_with_one_or_two_cards_after_codes_took_its_cards_is_folded_into_the_closest_theme():
    # analysed without a codebook, a licensing card shared a theme with the two parking cards; the codebook
    # given then takes the licensing card, and the two parking cards were left as a theme of their own (a
    # crumb on the board): they join the closest theme; a small theme the codes took nothing from stays,
    # and so does one a person corrected
    ideas = [Idea(id=i, text=t) for i, t in CODED if i != "p3"]
    first = ThemeModel(random_state=0, n_themes=3).fit(ideas)
    crumb = first.assignments_["p1"]
    assert first.assignments_["p2"] == first.assignments_["c2"] == crumb
    previous = {**_as_previous(first), "codebook_keys": []}
    again = ThemeModel(random_state=0, codebook=CODEBOOK, previous=previous).fit(ideas)
    assert again.assignments_["c2"] == "credentials"
    sizes = {theme.id: theme.size for theme in again.themes_}
    assert crumb not in sizes and crumb in again.changes_["gone_themes"]
    assert sizes[again.assignments_["p1"]] >= 3 and sizes[again.assignments_["p2"]] >= 3
    # a two-card theme of the earlier run that no code took from is no crumb of theirs
    alone = ThemeModel(random_state=0, n_themes=4).fit(ideas)
    assert {theme.idea_ids for theme in alone.themes_ if theme.id == alone.assignments_["p1"]} == {("p1", "p2")}
    kept = ThemeModel(random_state=0, codebook=CODEBOOK,
                      previous={**_as_previous(alone), "codebook_keys": []}).fit(ideas)
    assert kept.assignments_["p1"] == kept.assignments_["p2"] == alone.assignments_["p1"]
    # corrected by a person: the two cards stay as they were put
    pinned = {crumb: {"label": "Parking", "idea_ids": ["p1", "p2"]}}
    corrected = ThemeModel(random_state=0, codebook=CODEBOOK, previous=previous).fit(ideas, pinned=pinned)
    assert corrected.assignments_["p1"] == corrected.assignments_["p2"] == crumb


def test_the_codes_an_earlier_result_was_coded_with_when_it_does_not_say():
    from analysis.theme_sources import codebook_from
    from analysis.themes import _earlier_codes

    codes = codebook_from(CODEBOOK + [{"key": "childcare", "label": "Childcare", "description": "Childcare"}])
    coded = ThemeModel(random_state=0, codebook=CODEBOOK[:2]).fit([Idea(id=i, text=t) for i, t in CODED])
    earlier = _as_previous(coded)  # as written before results said which codes coded them
    # coded with a codebook (its themes bear codes' keys): every code given counts as known, also one that
    # took no card then (before, only the codes that had a theme did, and the others took earlier cards)
    assert _earlier_codes(earlier, codes) == {"mentoring", "funding", "credentials", "childcare"}
    assert _earlier_codes(coded.themes_, codes) == _earlier_codes(earlier, codes)
    # analysed without a codebook: every code given is new; a result that says is taken at its word
    plain = _as_previous(ThemeModel(random_state=0, n_themes=3).fit([Idea(id=i, text=t) for i, t in CODED]))
    assert _earlier_codes(plain, codes) == set()
    assert _earlier_codes({**earlier, "codebook_keys": ["funding"]}, codes) == {"funding"}


def test_new_cards_are_judged_against_the_same_bar_when_a_code_is_added_on_the_re_run(sample_ideas):
    # twelve cards arrive after the first run (on topics the forum already has) as one code is added: the
    # bar a new card must reach to fit a theme is set by the new cards and the earlier cards' fit to the new
    # code, not by the hold of the earlier cards' own themes (which fits them whatever they say, and sent
    # most new cards to themes of their own)
    import random
    rows = list(sample_ideas)
    random.Random(1).shuffle(rows)
    earlier, later = rows[:-12], rows[-12:]
    first = ThemeModel(random_state=0).fit(sorted(earlier, key=lambda idea: idea.id))
    previous = {**_as_previous(first), "codebook_keys": []}
    plain = ThemeModel(random_state=0, previous=previous).fit(sample_ideas)
    code = [{"key": "networking", "label": "Networking",
             "description": "Networking events referrals and connections with employers"}]
    again = ThemeModel(random_state=0, codebook=code, previous=previous).fit(sample_ideas)

    def found(model):
        origin = {theme.id: theme.origin for theme in model.themes_}
        return [idea.id for idea in later if origin[model.assignments_[idea.id]] == "found"]

    assert len(found(again)) <= len(found(plain)), found(again)
    coded = [i for i, key in again.assignments_.items() if key == "networking"]
    assert 5 <= len(coded) <= 40, len(coded)
    # the others go where the re-run without the code puts them, but for a borderline card or two
    assert sum(again.assignments_[idea.id] in (plain.assignments_[idea.id], "networking") for idea in later) >= 9


def test_check_is_fitted_before_predict():
    from sklearn.exceptions import NotFittedError

    with pytest.raises(NotFittedError):
        ThemeModel().predict(["mentoring"])


def test_a_gone_theme_id_is_not_given_to_another_theme(sample_ideas):
    first = ThemeModel(random_state=0).fit(sample_ideas)
    gone = first.themes_[-1]
    remaining = [i for i in sample_ideas if i.id not in set(gone.idea_ids)]
    again = ThemeModel(random_state=0, previous=_as_previous(first)).fit(remaining)
    assert gone.id not in {t.id for t in again.themes_} and again.changes_["gone_themes"] == [gone.id]


def test_lsa_above_its_fit_size_learns_from_a_sample_and_projects_every_row(sample_ideas):
    from analysis.vectorize import LSA, TermVectorizer

    X = TermVectorizer().fit_transform([idea.text for idea in sorted(sample_ideas, key=lambda i: i.id)])
    whole = LSA(n_components=10).fit_transform(X)
    sampled = LSA(n_components=10, max_fit_rows=120)
    Z = sampled.fit_transform(X)
    assert Z.shape == whole.shape and np.allclose(np.linalg.norm(Z, axis=1), 1.0)
    assert np.array_equal(Z, LSA(n_components=10, max_fit_rows=120).fit_transform(X))  # seeded sample
    assert np.allclose(sampled.transform(X), Z)
    # ThemeModel with a sampled LSA still ignores the order of the rows
    model = lambda: ThemeModel(random_state=0, reducer=LSA(max_fit_rows=120))  # noqa: E731
    shuffled = list(sample_ideas)
    random.Random(3).shuffle(shuffled)
    assert model().fit(sample_ideas).assignments_ == model().fit(shuffled).assignments_


def test_a_large_themes_sub_themes_come_from_a_sample_and_take_every_card(monkeypatch):
    import analysis.themes as themes_module
    from sklearn.metrics import adjusted_rand_score

    rng = np.random.default_rng(3)
    directions = np.eye(3, 8)
    truth = np.repeat(np.arange(3), 100)
    Z = directions[truth] + 0.05 * rng.standard_normal((300, 8))
    Z /= np.linalg.norm(Z, axis=1, keepdims=True)
    monkeypatch.setattr(themes_module, "SUBTHEME_FIT_ROWS", 60)
    fitted_rows, original = [], themes_module.kmeans

    def kmeans(rows, *args, **kwargs):
        fitted_rows.append(len(rows))
        return original(rows, *args, **kwargs)

    monkeypatch.setattr(themes_module, "kmeans", kmeans)
    groups = themes_module._subtheme_groups(Z, 3, random_state=0)
    assert fitted_rows == [60] and len(groups) == 300
    assert adjusted_rand_score(truth, groups) == 1.0
    assert np.array_equal(groups, themes_module._subtheme_groups(Z, 3, random_state=0))
