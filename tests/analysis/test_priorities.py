"""Ranking themes as priorities, with the figures that explain each score."""
from analysis.priorities import DEFAULT_WEIGHTS, rank_priorities
from analysis.records import Idea, VoteRecord
from analysis.report.wording import ranked_priority_explanation, wording

THEMES = [{"id": "t1", "label": "Mentoring"}, {"id": "t2", "label": "Funding"}, {"id": "t3", "label": "Soft skills"}]


def _ideas():
    ideas = []
    # t1: 4 tables, 3 groups, 5 ideas, one in the priorities round
    for n, (table, group) in enumerate([("1", "employers"), ("2", "itps"), ("3", "service_providers"),
                                        ("4", "employers"), ("4", None)]):
        ideas.append(Idea(f"a{n}", "mentoring", round="best_practices", table=table, stakeholder=group))
    ideas.append(Idea("a9", "mentoring again", round="priorities", table="1", stakeholder="itps"))
    # t2: 1 table, 1 group, 2 ideas
    ideas += [Idea("b1", "funding", round="challenges", table="2", stakeholder="government"),
              Idea("b2", "funding", round="challenges", table="2", stakeholder="government")]
    # t3: 2 tables, 2 groups, 2 ideas
    ideas += [Idea("c1", "soft skills", table="3", stakeholder="itps"),
              Idea("c2", "soft skills", table="5", stakeholder="colleges")]
    return ideas


ASSIGN = {"a0": "t1", "a1": "t1", "a2": "t1", "a3": "t1", "a4": "t1", "a9": "t1",
          "b1": "t2", "b2": "t2", "c1": "t3", "c2": "t3"}


def test_ranks_by_breadth_frequency_votes_and_priority_round():
    votes = [VoteRecord("p1", "t2", 3), VoteRecord("p2", "b1", 2), VoteRecord("p3", "t1", 1),
             VoteRecord("p4", "unknown", 9)]
    result = rank_priorities(_ideas(), ASSIGN, THEMES, votes)
    assert [r["theme_id"] for r in result] == ["t1", "t2", "t3"]
    assert [r["rank"] for r in result] == [1, 2, 3]
    first = result[0]
    assert first["counts"] == {"tables": 4, "groups": 3, "ideas": 6, "votes": 1, "priority_round": 1,
                               "suggested_groups": 0}
    assert result[1]["counts"]["votes"] == 5  # 3 on the theme + 2 on one of its ideas
    assert first["components"]["tables"] == 0.8  # 4 of 5 tables
    assert first["components"]["groups"] == 0.6  # 3 of 5 groups
    assert ranked_priority_explanation(first, wording("en"), "priorities") == (
        "raised at 4 of 5 tables by 3 stakeholder groups; 6 ideas; 1 dot in the priority vote; 1 idea in the “priorities” round")
    assert 0 <= result[-1]["score"] <= first["score"] <= 1
    assert set(first["weights"]) == set(DEFAULT_WEIGHTS)


def test_components_without_data_are_left_out():
    ideas = [Idea("1", "x", stakeholder="employers"), Idea("2", "y", stakeholder="itps"), Idea("3", "z")]
    result = rank_priorities(ideas, {"1": "t1", "2": "t1", "3": "t2"}, THEMES[:2])
    assert result[0]["theme_id"] == "t1"
    assert ranked_priority_explanation(result[0], wording("en")) == "raised by 2 stakeholder groups; 2 ideas"
    assert result[0]["components"]["votes"] is None and result[0]["components"]["tables"] is None
    assert result[0]["score"] == 1.0
    assert set(result[0]["weights"]) == {"groups", "ideas"}


def test_ties_are_broken_deterministically():
    themes = [{"id": "t10", "label": "B"}, {"id": "t2", "label": "A"}, {"id": "t1", "label": "A"}]
    ideas = [Idea("1", "x"), Idea("2", "y"), Idea("3", "z")]
    result = rank_priorities(ideas, {"1": "t10", "2": "t2", "3": "t1"}, themes)
    assert [r["theme_id"] for r in result] == ["t1", "t2", "t10"]
    assert result == rank_priorities(list(reversed(ideas)), {"1": "t10", "2": "t2", "3": "t1"}, list(reversed(themes)))


def test_tied_labels_sort_as_a_french_or_english_reader_expects():
    """Accents and case do not push a label to the end: "Éducation" before "Stages", "atelier" before "Bourse"."""
    themes = [{"id": "t1", "label": "Stages"}, {"id": "t2", "label": "Éducation"}, {"id": "t3", "label": "atelier"},
              {"id": "t4", "label": "Bourse"}, {"id": "t5", "label": "Ecoles"}]
    ideas = [Idea(str(n), "x") for n in range(1, 6)]
    result = rank_priorities(ideas, {str(n): f"t{n}" for n in range(1, 6)}, themes)
    assert [r["label"] for r in result] == ["atelier", "Bourse", "Ecoles", "Éducation", "Stages"]
    assert result == rank_priorities(list(reversed(ideas)), {str(n): f"t{n}" for n in range(1, 6)},
                                     list(reversed(themes)))


def test_theme_objects_and_suggested_groups_and_empty_input():
    class Theme:
        def __init__(self, id, label):
            self.id, self.label = id, label

    ideas = [Idea("1", "x"), Idea("2", "y"), Idea("3", "z", stakeholder="itps")]
    result = rank_priorities(ideas, {"1": "t1", "2": "t1", "3": "t1"}, [Theme("t1", "Mentoring")],
                             stakeholders={"1": "employers", "2": "itps"})
    assert result[0]["label"] == "Mentoring" and result[0]["counts"]["groups"] == 2
    assert result[0]["counts"]["suggested_groups"] == 1  # itps is also tagged: only employers is suggested alone
    assert ranked_priority_explanation(result[0], wording("en")).startswith(
        "raised by 2 stakeholder groups (1 suggested by the analysis)")
    assert rank_priorities([], {}, []) == []
    assert rank_priorities([], {}, THEMES)[0]["score"] == 0.0


def test_a_theme_raised_only_by_ideas_without_a_table_says_nothing_of_tables():
    ideas = _ideas() + [Idea("i1", "imported", stakeholder="itps")]  # 10 of 11 ideas say their table
    themes = THEMES + [{"id": "t4", "label": "Imported"}]
    ranked = rank_priorities(ideas, {**ASSIGN, "i1": "t4"}, themes)
    explained = {r["theme_id"]: ranked_priority_explanation(r, wording("en")) for r in ranked}
    assert explained["t4"].startswith("raised by 1 stakeholder group; 1 idea")
    assert explained["t1"].startswith("raised at 4 of 5 tables")


def test_tables_are_no_data_when_fewer_than_nine_ideas_in_ten_say_their_table():
    """The rule the report follows too (``tables_known``): a partly imported forum's tables are neither scored nor
    said ("raised at 4 of 5 tables" while most ideas have no table)."""
    ideas = _ideas() + [Idea("i1", "imported", stakeholder="itps"), Idea("i2", "imported", stakeholder="employers")]
    themes = THEMES + [{"id": "t4", "label": "Imported"}]
    ranked = rank_priorities(ideas, {**ASSIGN, "i1": "t4", "i2": "t4"}, themes)
    assert all(r["components"]["tables"] is None and "tables" not in r["weights"] for r in ranked)
    assert (ranked[0]["ideas_with_table"], ranked[0]["ideas_total"]) == (10, 12)
    explained = {r["theme_id"]: ranked_priority_explanation(r, wording("en")) for r in ranked}
    assert explained["t1"].startswith("raised by ") and explained["t4"].startswith("raised by 2 stakeholder groups")
