"""Characters a font has no glyph for are written out, not dropped or boxed."""
from __future__ import annotations

from analysis.report.glyphs import drawable

LATIN = frozenset(map(chr, range(0x20, 0x250))) | set("—❤\u200d\ufe0f\ufffd")


def test_text_the_font_draws_is_kept_as_it_is():
    assert drawable("Mentorat — « ça marche » ❤️", LATIN) == "Mentorat — « ça marche » ❤️"


def test_emoji_and_symbols_are_named_and_the_marks_shaping_them_dropped():
    assert drawable("Great 👍🏽🎉 idea ✨", LATIN) == "Great [thumbs up sign][party popper] idea [sparkles]"
    assert drawable("for 👩‍💻 devs", LATIN) == "for [woman][personal computer] devs"
    assert drawable("step 1️⃣ done", LATIN) == "step 1\ufe0f done"


def test_flags_read_as_their_country_code():
    assert drawable("🇨🇦 and 🇫🇷", LATIN) == "[CA] and [FR]"
    assert drawable("lone 🇨", LATIN) == "lone [C]"


def test_styled_letters_read_plain_and_words_of_other_scripts_by_the_scripts_name():
    """They were each a U+FFFD ("��"): the reader could not tell what was there, nor that it was words."""
    assert drawable("𝔘nicode 𝐛𝐨𝐥𝐝", LATIN) == "Unicode bold"
    assert drawable("会议 ok", LATIN) == "[CJK text] ok"
    assert drawable("말 한국어, ok 말", LATIN) == "[Hangul text], ok [Hangul text]"  # a run across spaces is one
    assert drawable("\U000f0000 private", LATIN) == "\ufffd private"  # no script to name


def test_right_to_left_words_are_named_for_a_renderer_laying_text_out_left_to_right():
    """Drawn left to right, "שלום" printed as "םולש" and Arabic letters unjoined and backwards."""
    from analysis.report.glyphs import left_to_right

    with_hebrew_and_arabic = LATIN | set("שלוםעמרחבאيك")
    assert drawable("שלום עולם ok", with_hebrew_and_arabic) == "שלום עולם ok"
    printed = drawable("שלום עולם ok مرحبا", left_to_right(with_hebrew_and_arabic))
    assert printed == "[Hebrew text] ok [Arabic text]"


def test_the_names_written_out_are_located_for_their_language_mark():
    from analysis.report.glyphs import written_out

    text, named = written_out("Great 👍🏽🎉 idea 🇨🇦 ✨", LATIN)
    assert [text[start:end] for start, end, _script in named] == ["[thumbs up sign]", "[party popper]", "[sparkles]"]
    assert written_out("Plain text", LATIN) == ("Plain text", [])
    text, named = written_out("Réunion 会议 🎉", LATIN)
    assert [text[start:end] for start, end, _script in named] == ["[CJK text]", "[party popper]"]
