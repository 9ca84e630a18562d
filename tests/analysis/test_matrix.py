"""Theme × group × round counts and the group mentions matrix."""
import json

from analysis.matrix import UNASSIGNED, UNTAGGED, label_key, mentions_matrix, theme_matrix
from analysis.records import DEFAULT_STAKEHOLDER_GROUPS, Idea
from analysis.stakeholders import GroupSuggestion

IDEAS = [
    Idea("1", "Partner with employers for job shadowing", round="best_practices", stakeholder="service_providers"),
    Idea("2", "Mentoring for newcomers", round="best_practices", stakeholder="employers"),
    Idea("3", "Funding is not flexible", round="challenges", stakeholder="government"),
    Idea("4", "Employers and colleges should meet SPOs", round="challenges", stakeholder=None),
    Idea("5", "Mentorship programs", round="challenges", stakeholder="service_providers"),
]
ASSIGNMENTS = {"1": "t1", "2": "t1", "3": "t2", "4": "t2", "5": "t1"}


def test_counts_per_theme_group_and_round():
    result = theme_matrix(IDEAS, ASSIGNMENTS)
    assert result["themes"] == ["t1", "t2"]
    assert result["groups"][: len(DEFAULT_STAKEHOLDER_GROUPS)] == list(DEFAULT_STAKEHOLDER_GROUPS)
    assert result["groups"][-1] == UNTAGGED
    assert result["rounds"] == ["best_practices", "challenges"]
    assert result["counts"]["t1"]["service_providers"] == 2
    assert result["counts"]["t1"]["employers"] == 1
    assert result["counts"]["t2"][UNTAGGED] == 1
    assert result["by_round"]["challenges"]["t1"]["service_providers"] == 1
    assert result["by_round"]["best_practices"]["t1"]["service_providers"] == 1
    assert result["theme_totals"] == {"t1": 3, "t2": 2}
    assert result["round_totals"] == {"best_practices": 2, "challenges": 3}
    assert result["theme_round_totals"]["t2"] == {"best_practices": 0, "challenges": 2}
    assert result["total"] == 5 == sum(row["count"] for row in result["rows"])
    assert sum(result["group_totals"].values()) == 5
    assert json.loads(json.dumps(result)) == result


def test_suggested_groups_and_unassigned_ideas():
    stakeholders = {"4": GroupSuggestion("4", "multi_sector", 0.6, "suggested"), "2": "itps"}
    result = theme_matrix(IDEAS, {"1": "t1"}, stakeholders=stakeholders)
    assert result["themes"] == ["t1", UNASSIGNED]
    assert result["counts"][UNASSIGNED]["multi_sector"] == 1
    assert result["counts"][UNASSIGNED]["itps"] == 1
    assert UNTAGGED not in result["groups"]


def test_custom_groups_fix_the_columns_and_extra_tags_follow():
    result = theme_matrix(IDEAS, ASSIGNMENTS, groups=["employers", "unions"])
    assert result["groups"][:2] == ["employers", "unions"]
    assert "service_providers" in result["groups"] and result["groups"][-1] == UNTAGGED
    assert result["counts"]["t1"]["unions"] == 0


def test_theme_ids_sort_naturally_and_empty_input():
    ideas = [Idea(str(i), "x") for i in range(12)]
    result = theme_matrix(ideas, {str(i): f"t{i}" for i in range(12)})
    assert result["themes"][:3] == ["t0", "t1", "t2"] and result["themes"][-1] == "t11"
    empty = theme_matrix([], {})
    assert empty["total"] == 0 and empty["themes"] == [] and empty["rows"] == []


def test_mentions_matrix_counts_links_between_groups():
    result = mentions_matrix(IDEAS, stakeholders={"4": "multi_sector"})
    counts = result["counts"]
    assert counts["service_providers"]["employers"] == 1
    assert counts["employers"]["itps"] == 1  # "newcomers"
    assert counts["multi_sector"]["employers"] == 1
    assert counts["multi_sector"]["colleges"] == 1
    assert counts["multi_sector"]["service_providers"] == 1
    assert result["mentioned_totals"]["employers"] == 2
    assert all(edge["source"] != edge["target"] for edge in result["edges"])
    assert result["edges"][0]["count"] >= result["edges"][-1]["count"]
    assert json.loads(json.dumps(result)) == result


def test_mentions_matrix_reads_french_and_html():
    ideas = [Idea("1", "Les <b>employeurs</b> &amp; les organismes d’établissement", stakeholder="colleges")]
    counts = mentions_matrix(ideas)["counts"]
    assert counts["colleges"]["employers"] == 1
    assert counts["colleges"]["service_providers"] == 1


def test_label_key_ignores_accents_and_case_and_stays_deterministic():
    labels = ["Stages", "élan", "Éducation", "Ecole", "école", "atelier", "Zoé", "Œuvre"]
    assert sorted(labels, key=label_key) == ["atelier", "Ecole", "école", "Éducation", "élan", "Œuvre", "Stages",
                                             "Zoé"]
    assert sorted(reversed(labels), key=label_key) == sorted(labels, key=label_key)
