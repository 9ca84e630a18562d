"""Evaluation statistics: the sample forum's published figures and edge cases."""
import json

import pytest

from analysis.evaluation import summarize, summarize_ratings, summarize_sessions
from analysis.records import ResponseRecord


@pytest.fixture(scope="module")
def sample(sample_evaluations):
    return summarize(sample_evaluations)


def test_sample_matches_the_published_report(sample):
    assert sample["responses"] == 26
    assert sample["mean_rating"] == 4.19
    assert sample["rating_counts"] == {"1": 0, "2": 0, "3": 2, "4": 17, "5": 7}
    assert sample["satisfied_share"] == 0.92
    assert sample["annual_share"] == 0.88
    assert sample["involvement_share"] == 0.65


def test_sample_choice_answers_are_counted_over_all_respondents(sample):
    assert sample["rated"] == 26
    assert sample["satisfied_count"] == 24
    assert sample["annual_counts"] == {"yes": 23, "more_often": 1, "maybe": 1, "no": 0, "no_answer": 1}
    assert sum(sample["annual_counts"].values()) == 26
    assert sample["involvement_counts"] == {"yes": 17, "no": 9, "no_answer": 0}


def test_text_answers_keep_only_non_empty_texts(sample):
    answers = sample["text_answers"]
    assert set(answers) == {"takeaway", "liked_most", "liked_least", "suggestions"}
    assert "No French" in answers["liked_least"]
    assert all(text.strip() == text and text for texts in answers.values() for text in texts)


def test_result_is_plain_json(sample):
    assert json.loads(json.dumps(sample)) == sample


def test_empty_input_gives_no_figures_not_errors():
    result = summarize([])
    assert result["responses"] == 0
    assert result["mean_rating"] is None
    assert result["satisfied_share"] is None
    assert result["rating_counts"] == {str(value): 0 for value in range(1, 6)}


def test_missing_answers_count_against_all_respondents_shares():
    responses = [
        ResponseRecord("a", rating=5, annual="yes", wants_involvement=True, liked_least="Pas de français — «trop court»"),
        ResponseRecord("b", rating=None, annual=None, wants_involvement=None, liked_most="Networking",
                       suggestions="  "),
    ]
    result = summarize(responses)
    assert result["rated"] == 1
    assert result["mean_rating"] == 5.0
    assert result["satisfied_share"] == 0.5
    assert result["satisfied_rated_share"] == 1.0
    assert result["annual_share"] == 0.5
    assert result["annual_answered_share"] == 1.0
    assert result["involvement_share"] == 0.5
    assert result["text_answers"]["liked_least"] == ["Pas de français — «trop court»"]
    assert result["text_answers"]["suggestions"] == []


def test_a_question_nobody_answered_has_no_share_rather_than_zero():
    result = summarize([ResponseRecord("a", rating=None, annual="no", wants_involvement=None),
                        ResponseRecord("b", rating=None, annual=None, wants_involvement=None)])
    assert result["mean_rating"] is None and result["satisfied_share"] is None
    assert result["satisfied_rated_share"] is None
    assert result["involvement_share"] is None and result["involvement_answered_share"] is None
    assert result["annual_share"] == 0.0 and result["annual_answered_share"] == 0.0  # answered, by nobody "yes"


def test_summarize_ratings_for_a_session():
    assert summarize_ratings([5, 4, 4, None, 3]) == {
        "count": 4,
        "mean": 4.0,
        "distribution": {"1": 0, "2": 0, "3": 1, "4": 2, "5": 1},
    }
    assert summarize_ratings([])["mean"] is None
    with pytest.raises(ValueError):
        summarize_ratings([6])


def test_rating_shares_and_sessions(sample):
    assert sample["rating_shares"] == {"1": 0.0, "2": 0.0, "3": 0.08, "4": 0.65, "5": 0.27}
    sessions = summarize_sessions({"round 1": [5, 4], "round 2": []})
    assert list(sessions) == ["round 1", "round 2"]
    assert sessions["round 1"]["mean"] == 4.5 and sessions["round 2"]["count"] == 0
