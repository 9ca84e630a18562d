"""find_near_duplicates can reuse the themes' fitted preprocessor; results stay the same."""
import numpy as np

from analysis.duplicates import find_near_duplicates
from analysis.preprocess import TextPreprocessor, term_arrays
from analysis.themes import ThemeModel

TEXTS = ["Career Advancement: mentoring circles for ITPs", "Career Advancement: job shadowing days",
         "Mentoring circles help", "Job shadowing with employers", "Mentoring circles again"]


def test_duplicates_with_the_themes_preprocessor_equal_duplicates_alone(sample_ideas):
    alone = find_near_duplicates(sample_ideas, threshold=0.5)
    model = ThemeModel(random_state=0).fit(sample_ideas)
    shared = find_near_duplicates(sample_ideas, threshold=0.5, preprocessor=model.preprocessor_)
    assert shared == alone and alone


def test_a_preprocessor_fitted_on_other_texts_parses_these():
    fitted = TextPreprocessor().fit(TEXTS)
    assert fitted.fitted_on(TEXTS) and not fitted.fitted_on(TEXTS[:4])
    ideas = [(f"i{n}", text) for n, text in enumerate(TEXTS[:4] + ["Job shadowing with employers!"])]
    assert find_near_duplicates(ideas, preprocessor=fitted) == find_near_duplicates(ideas) == [["i3", "i4"]]


def _term_lists(arrays):
    terms, term_ids, weights, lengths = arrays
    flat = [(terms[i], w) for i, w in zip(term_ids.tolist(), weights.tolist())]
    ends = np.cumsum(lengths).tolist()
    return [flat[end - length:end] for end, length in zip(ends, lengths.tolist())]


def test_fitted_term_arrays_take_their_own_heading_weight():
    preprocessor = TextPreprocessor(heading_weight=0.5)
    weighted = preprocessor.fit_transform(TEXTS)
    ignored = _term_lists(preprocessor.fitted_term_arrays(heading_weight=0.0))
    assert ("career", 0.5) in weighted[0] and ("career", 0.0) in ignored[0]
    assert _term_lists(preprocessor.fitted_term_arrays()) == weighted
    assert _term_lists(preprocessor.fitted_term_arrays(heading_weight=0.0)) == ignored  # listed once, weighed again
    assert TextPreprocessor(heading_weight=0.0).fit_transform(TEXTS) == ignored
    assert _term_lists(term_arrays(weighted)) == weighted


def test_a_fits_term_lists_are_those_of_each_text_parsed_on_its_own(sample_ideas):
    texts = [idea.text for idea in sample_ideas] + TEXTS + ["Career Advancement: job shadowing, job shadowing!", ""]
    preprocessor = TextPreprocessor()
    assert preprocessor.fit_transform(texts) == preprocessor.transform(texts)
    assert preprocessor.phrases_ and preprocessor.headings_
