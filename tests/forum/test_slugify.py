"""Keys and file names made from typed text: accents folded, plain ASCII, cut at a word."""
from __future__ import annotations

import pytest

from forum.services.forums import legacy_key, slugify

FORUM_FR = "Recruter, retenir et faire progresser les professionnels formés à l'étranger"


@pytest.mark.parametrize("text, key", [
    ("Reconnaissance des diplômes", "reconnaissance_des_diplomes"),
    ("Égalité, œuvre et cœur", "egalite_oeuvre_et_coeur"),
    ("Priorité nº 2 : 10:00", "priorite_no_2_10_00"),
    ("Credential recognition", "credential_recognition"),
    ("« ! »", "item"),
    ("Łódź straße", "lodz_strasse"),
])
def test_accents_are_folded_and_digits_kept(text, key):
    assert slugify(text) == key
    assert slugify(text).isascii()


def test_a_long_text_is_cut_after_its_last_whole_word():
    assert slugify(FORUM_FR) == "recruter_retenir_et_faire_progresser_les"
    assert slugify(FORUM_FR, "-", 60, "forum") == "recruter-retenir-et-faire-progresser-les-professionnels"
    assert slugify("x" * 50) == "x" * 40  # one long word is cut where it must
    assert len(slugify("a " + "b" * 45)) == 40  # so is a long word after a short one
    assert slugify("", "-", 60, "forum") == "forum"


def test_a_key_slugify_made_is_unchanged_by_it():
    """An existing key typed back (an edit form) stays the key it is."""
    for key in ("reconnaissance_des_dipl_mes", "credential_recognition", "mentoring_2", "a" * 40):
        assert slugify(key) == key


def test_the_old_spelling_of_a_key_is_known():
    assert legacy_key("Reconnaissance des diplômes") == "reconnaissance_des_dipl_mes"
