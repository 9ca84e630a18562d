"""Stakeholder group suggestions and group mentions."""
import random
from dataclasses import replace

from analysis.group_lexicon import clean_text, find_mentions, mark_mentions
from analysis.records import DEFAULT_STAKEHOLDER_GROUPS, Idea
from analysis.stakeholders import StakeholderClassifier, heading_of, shipped_training, suggest_groups


def _untag(ideas):
    return [replace(idea, stakeholder=None) for idea in ideas]


def test_tags_are_kept_and_every_idea_gets_a_group(sample_ideas):
    forum = sample_ideas[::2] + _untag(sample_ideas[1::2])
    result = suggest_groups(forum)
    assert list(result) == [idea.id for idea in forum]
    for idea in forum:
        suggestion = result[idea.id]
        assert suggestion.group in DEFAULT_STAKEHOLDER_GROUPS
        assert 0.0 <= suggestion.confidence <= 1.0
        if idea.stakeholder:
            assert (suggestion.group, suggestion.source, suggestion.confidence) == (idea.stakeholder, "tagged", 1.0)
        else:
            assert suggestion.source == "suggested"


def test_unknown_tags_are_kept_as_given_and_spelling_variants_matched():
    ideas = [Idea("1", "Mentoring", stakeholder="Unions"), Idea("2", "Hiring", stakeholder="Service providers"),
             Idea("3", "Funding for settlement agencies")]
    result = suggest_groups(ideas)
    assert result["1"].group == "Unions" and result["1"].source == "tagged"
    assert result["2"].group == "service_providers"
    assert result["3"].group in DEFAULT_STAKEHOLDER_GROUPS


def test_held_out_cards_are_suggested_better_than_chance(sample_ideas):
    rng = random.Random(0)
    shuffled = sample_ideas[:]
    rng.shuffle(shuffled)
    training, forum = shuffled[:130], shuffled[130:]
    result = suggest_groups(_untag(forum), training=training)
    correct = sum(result[idea.id].group == idea.stakeholder for idea in forum)
    assert correct / len(forum) >= 0.5  # the most frequent group alone is 0.36


def test_forum_tags_help_the_rest_of_the_forum():
    training = [Idea(f"s{i}", text, stakeholder=group) for i, (text, group) in enumerate([
        ("Hire interns from bridging programs", "employers"), ("Train hiring managers", "employers"),
        ("Mentoring for clients", "service_providers"), ("Workshops for job seekers", "service_providers")])]
    forum = [Idea("f1", "Union stewards welcome newcomers on the shop floor", stakeholder="unions"),
             Idea("f2", "Union stewards explain the collective agreement", stakeholder="unions"),
             Idea("f3", "Union stewards run orientation sessions")]
    result = suggest_groups(forum, groups=["employers", "service_providers", "unions"], training=training)
    assert result["f3"].group == "unions"


def test_deterministic_and_independent_of_row_order(sample_ideas):
    forum = _untag(sample_ideas[:60]) + sample_ideas[60:120]
    first = suggest_groups(forum)
    again = suggest_groups(list(reversed(forum)))
    assert {key: (s.group, s.confidence) for key, s in first.items()} == {
        key: (s.group, s.confidence) for key, s in again.items()}
    assert first == suggest_groups(forum)


def test_french_cards():
    ideas = [
        Idea("1", "Les employeurs devraient offrir du mentorat aux nouveaux arrivants", round="best_practices"),
        Idea("2", "Manque de financement pour les organismes d'établissement", round="challenges"),
        Idea("3", "Les ordres professionnels doivent reconnaître les diplômes étrangers"),
    ]
    result = suggest_groups(ideas)
    assert result["1"].mentions == ("employers", "itps")
    assert result["2"].mentions == ("service_providers",)
    assert result["3"].mentions == ("regulatory_bodies",)
    assert all(result[idea.id].group in DEFAULT_STAKEHOLDER_GROUPS for idea in ideas)


def test_custom_groups():
    groups = ["employers", "newcomers", {"key": "unions", "label": "Labour unions"}]
    ideas = [Idea("1", "Employers should offer paid internships"), Idea("2", "Labour unions and employers meet"),
             Idea("3", "Mentoring circles", stakeholder="newcomers")]
    result = suggest_groups(ideas, groups=groups)
    assert {s.group for s in result.values()} <= {"employers", "newcomers", "unions"}
    assert result["2"].mentions == ("employers", "unions")
    assert result["3"].group == "newcomers"


def test_custom_groups_without_any_training_data():
    result = suggest_groups([Idea("1", "Unions should train stewards"), Idea("2", "Something else")],
                            groups=["unions", "faith_groups"])
    assert result["1"].group == "unions"
    assert result["2"].group in {"unions", "faith_groups"}


def test_empty_input():
    assert suggest_groups([]) == {}


def test_unicode_and_html_are_read_as_text():
    ideas = [Idea("1", "<script>alert('x')</script> Employers &amp; SPOs — café ☕ 🇨🇦"),
             Idea("2", "   "), Idea("3", "İ" * 50), Idea("4", "Égalité des chances: “entreprises” & ITPs")]
    result = suggest_groups(ideas)
    assert set(result) == {"1", "2", "3", "4"}
    assert result["1"].mentions == ("employers", "service_providers")
    assert result["4"].mentions == ("employers", "itps")  # in the group list order
    assert clean_text("<b>a</b>&amp;b") == "a &b"


def test_mentions_lexicon():
    assert find_mentions("Collaborate with service providers, settlement agencies") == ("service_providers",)
    assert find_mentions("Regulatory colleges must be more invested") == ("regulatory_bodies",)
    assert find_mentions("Partner with colleges and universities") == ("colleges",)
    assert find_mentions("ITPs, PAs and PINs; pas de problème") == ("itps", "professional_associations")
    assert find_mentions("Government funding; IRCC") == ("government",)
    assert find_mentions("multi-sector coalition") == ("multi_sector",)
    assert find_mentions("nothing here") == ()
    assert "grp_employers" in mark_mentions("Les employeurs")


def test_heading_and_classifier_contract(sample_ideas):
    assert heading_of("Training/Programs: Define goals") == "training/programs"
    assert heading_of("Define goals") is None
    model = StakeholderClassifier(random_state=0).fit(sample_ideas, [idea.stakeholder for idea in sample_ideas])
    proba = model.predict_proba(sample_ideas[:5])
    assert proba.shape == (5, len(model.classes_))
    assert model.predict(sample_ideas[:1])[0] in model.classes_


def test_shipped_training_is_inside_the_package():
    cards = shipped_training()
    assert len(cards) == 197 and all(card.stakeholder for card in cards)


def test_french_cards_meet_the_english_training_cards():
    ideas = [Idea("1", "Aider nos membres avec des ateliers de préparation aux examens", round="best_practices"),
             Idea("2", "Suivi avec les clients après leur premier emploi", round="best_practices")]
    result = suggest_groups(ideas)
    assert result["1"].group == "professional_associations"
    assert result["2"].group == "service_providers"


def test_all_tagged_forum_keeps_input_order():
    ideas = [Idea("b", "x", stakeholder="itps"), Idea("a", "y", stakeholder="employers")]
    assert list(suggest_groups(ideas)) == ["b", "a"]
