"""Themes matched across a series' editions: by the codebook, else by label and term similarity."""
from __future__ import annotations

from analysis.theme_matching import EditionTheme, match_themes, similarity, theme_words


def keys_of(tracks):
    return [track.keys for track in tracks]


def test_a_reworded_label_is_the_same_theme_next_year():
    first = [EditionTheme("t01", "Credential recognition", ("licensing",), 20),
             EditionTheme("t02", "Employer engagement", (), 9)]
    second = [EditionTheme("t07", "Recognition of foreign credentials", (), 12),
              EditionTheme("t03", "Transportation to work", (), 4)]
    tracks = match_themes([first, second])
    assert keys_of(tracks) == [["t01", "t07"], [None, "t03"], ["t02", None]]
    assert tracks[0].links == [None, "similar"] and tracks[0].similarity[1] > 0.5


def test_the_codebook_link_wins_over_a_closer_label():
    """The organizer carried "Mentoring" into the code "peer_support": that link holds even though
    another theme of the new edition is worded more like the old one."""
    first = [EditionTheme("t02", "Mentoring programs", ("mentor",), 10)]
    second = [EditionTheme("peer_support", "Peer support", (), 6, continues=(0, "t02")),
              EditionTheme("t05", "Mentoring programs for youth", (), 3)]
    tracks = match_themes([first, second])
    assert tracks[0].keys == ["t02", "peer_support"] and tracks[0].links == [None, "codebook"]
    assert [None, "t05"] in keys_of(tracks)


def test_each_theme_is_matched_at_most_once_the_closest_pair_first():
    first = [EditionTheme("a", "Language training", (), 5)]
    second = [EditionTheme("b", "Language training for nurses", (), 5), EditionTheme("c", "Language training", (), 5)]
    tracks = match_themes([first, second])
    assert ["a", "c"] in keys_of(tracks) and [None, "b"] in keys_of(tracks)


def test_a_theme_that_skips_an_edition_is_found_again():
    editions = [[EditionTheme("t1", "Affordable childcare", (), 4)], [EditionTheme("t1", "Housing", (), 4)],
                [EditionTheme("t9", "Childcare that is affordable", (), 4)]]
    assert ["t1", None, "t9"] in keys_of(match_themes(editions))


def test_unrelated_labels_are_not_matched():
    tracks = match_themes([[EditionTheme("t1", "Flying cars", (), 3)],
                           [EditionTheme("t1", "Bridging programs", (), 3)]])
    assert keys_of(tracks) == [[None, "t1"], ["t1", None]]
    assert all(link is None for track in tracks for link in track.links)


def test_words_are_stemmed_in_their_language_and_stop_words_ignored():
    assert similarity(theme_words(EditionTheme("a", "Recognizing credentials")),
                      theme_words(EditionTheme("b", "The recognition of the credential"))) > 0.9
    assert similarity(theme_words(EditionTheme("a", "Reconnaissance des diplômes")),
                      theme_words(EditionTheme("b", "Diplôme et reconnaissance"))) > 0.9
    assert similarity(theme_words(EditionTheme("a", "Mentorship")), theme_words(EditionTheme("b", "Mentors"))) == 1.0
    assert theme_words(EditionTheme("a", "the and of")) == {}


def test_order_of_the_themes_in_an_edition_does_not_change_the_tracks():
    first = [EditionTheme(k, label, (), 3) for k, label in (("a", "Job fairs"), ("b", "Job search support"))]
    second = [EditionTheme(k, label, (), 3)
              for k, label in (("c", "Job fairs and events"), ("d", "Support for job search"))]
    assert keys_of(match_themes([first, second])) == keys_of(match_themes([first[::-1], second[::-1]]))
