import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from analysis.code_closeness import code_closeness, code_facets
from analysis.theme_sources import codebook_from

CODES = codebook_from([
    {"key": "workplace", "label": "Workplace",
     "description": "What happens after hire: onboarding, manager support, inclusive practices and policies, "
                    "retention follow-up, promotion and career advancement inside organizations"},
    {"key": "programs", "label": "Programs", "description": "Programs for newcomers"},
    {"key": "funding", "label": "Financement"},
])


def test_a_codes_facets_are_its_label_and_the_pieces_its_description_lists():
    facets, owners = code_facets(CODES)
    assert facets == ["Workplace", "What happens after hire", "onboarding", "manager support", "inclusive practices",
                      "policies", "retention follow-up", "promotion", "career advancement inside organizations",
                      "Programs", "Programs for newcomers", "Financement"]
    assert owners.tolist() == [0] * 9 + [1, 1, 2]
    french, _ = code_facets(codebook_from([{"key": "stages", "description": "Stages et mentorat (parrainage, réseaux)"}]))
    assert french == ["Stages", "Stages", "mentorat", "parrainage", "réseaux"]


def test_a_card_about_one_facet_of_a_long_description_is_closest_to_that_code():
    cards = ["Retention follow-up for newcomers", "Programs for newcomers in the evening", "Nothing in common"]
    facets, owners = code_facets(CODES)
    vectorizer = TfidfVectorizer().fit(cards + [code.text for code in CODES])
    rows, code_rows = vectorizer.transform(cards), vectorizer.transform([code.text for code in CODES])
    whole = (rows @ code_rows.T).toarray()
    assert whole[0, 1] > whole[0, 0]  # the whole long description loses the card to the short one
    closeness = code_closeness(rows, code_rows, vectorizer.transform(facets), owners)
    assert closeness.shape == (3, 3)
    assert np.argmax(closeness[0]) == 0 and np.argmax(closeness[1]) == 1
    assert closeness[2].tolist() == [0.0, 0.0, 0.0]


def test_large_forums_are_scored_in_blocks_with_the_same_result(monkeypatch):
    import scipy.sparse as sp

    from analysis import code_closeness as module

    cards = sp.random(50, 30, density=0.3, random_state=1, format="csr")
    codes = sp.random(3, 30, density=0.5, random_state=2, format="csr")
    facets = sp.random(6, 30, density=0.3, random_state=3, format="csr")
    owners = np.array([0, 0, 1, 2, 2, 2])
    at_once = code_closeness(cards, codes, facets, owners)
    monkeypatch.setattr(module, "CARDS_AT_ONCE", 7)
    np.testing.assert_allclose(code_closeness(cards, codes, facets, owners), at_once)
    assert at_once.max() > 0
