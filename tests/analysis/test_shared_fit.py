"""ThemeModel and find_near_duplicates share one parse of the same ideas; results stay the same."""
from analysis import preprocess
from analysis.duplicates import find_near_duplicates
from analysis.preprocess import TextPreprocessor
from analysis.themes import ThemeModel

TEXTS = ["Career Advancement: mentoring circles for ITPs", "Career Advancement: job shadowing days",
         "Mentoring circles help", "Job shadowing with employers", "Mentoring circles again"]


def _fresh():
    preprocess._last_fit._slot = None


def test_duplicates_after_themes_equal_duplicates_alone(sample_ideas):
    _fresh()
    alone = find_near_duplicates(sample_ideas, threshold=0.5)
    _fresh()
    ThemeModel(random_state=0).fit(sample_ideas)
    assert preprocess._last_fit._slot is not None
    shared = find_near_duplicates(sample_ideas, threshold=0.5)
    assert preprocess._last_fit._slot is None  # kept for one reuse only
    assert shared == alone and alone


def test_reused_fit_keeps_its_own_heading_weight():
    _fresh()
    weighted = TextPreprocessor(heading_weight=0.5).fit_transform(TEXTS)
    ignored = TextPreprocessor(heading_weight=0.0).fit_transform(TEXTS)
    assert ("career", 0.5) in weighted[0] and ("career", 0.0) in ignored[0]
    _fresh()
    assert TextPreprocessor(heading_weight=0.0).fit_transform(TEXTS) == ignored


def test_other_parameters_or_texts_fit_afresh():
    _fresh()
    TextPreprocessor(min_phrase_count=2).fit_transform(TEXTS)
    strict = TextPreprocessor(min_phrase_count=5)
    strict.fit_transform(TEXTS)
    assert not strict.phrases_
    other = TextPreprocessor(min_phrase_count=2)
    other.fit_transform(TEXTS[:4])
    assert other.languages_ == ["en"] * 4
