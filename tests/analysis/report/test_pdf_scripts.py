"""A card holding emoji, Chinese and right-to-left words prints in the PDF with nothing dropped silently: the emoji
by their names, each run of words in a script the PDF's font lacks by the script's name ("[CJK text]": it printed
"��", a mark per character that said neither what nor how much was there), and Hebrew and Arabic words, which
fpdf2 lays out left to right (backwards, Arabic letters unjoined), by theirs; the words around them are kept. The
names are English, marked so in the French PDF; the charts name them alike, without a missing glyph."""
from __future__ import annotations

import logging
import re
import warnings
from datetime import date

import pytest

from analysis.report.build import build_report
from analysis.report.inputs import ReportIdea, ReportInput
from analysis.report.pdf import render_pdf
from tests.analysis.report.sample import needs_poppler, pdf_text
from tests.analysis.report.test_language_marks import _content_streams

CARD = "Mentoring 🎉 circles 会议 with שלום עולם and مرحبا بالعالم for everyone"
PRINTED = "Mentoring [party popper] circles [CJK text] with [Hebrew text] and [Arabic text] for everyone"


def _input() -> ReportInput:
    return ReportInput(
        name="Jobs forum", date=date(2026, 11, 5), tables=1, rounds=[{"key": "r1", "title": "Round one"}],
        groups=[{"key": "g1", "name": "Employers", "name_fr": "Employeurs"}],
        ideas=[ReportIdea(1, CARD, "r1", "g1", "t1", "1"), ReportIdea(2, "Internships with employers", "r1", "g1",
                                                                       "t2", "2")],
        themes=[{"key": "t1", "label": "Mentoring שלום"}, {"key": "t2", "label": "Internships"}])


@needs_poppler
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_card_with_emoji_chinese_and_right_to_left_words_prints_every_part(lang, caplog):
    with caplog.at_level(logging.WARNING), warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns of a missing glyph in a chart label
        content = render_pdf(build_report(_input(), lang))
    assert not [record for record in caplog.records if "missing" in record.getMessage()]
    text = " ".join(pdf_text(content).split())
    assert PRINTED in text
    assert "Mentoring [Hebrew text]" in text  # the theme's name
    assert "\ufffd" not in text and "םולש" not in text  # no mark for a character, no word backwards
    if lang == "fr":  # the names are English words: marked so for a screen reader
        spans = re.findall(rb"/Span <</Lang \(([A-Za-z-]+)\)>> BDC", _content_streams(content))
        assert spans and set(spans) == {b"en-CA"}


SAID = {
    "en": "This PDF's font has no letters for some of the scripts typed here: words in them are written as their "
          "script's name in square brackets, such as “[CJK text]” for Chinese, Japanese or Korean. The HTML and "
          "Word versions of this report show them as typed.",
    "fr": "La police de ce PDF n'a pas de lettres pour certaines des écritures saisies ici\u00a0: les mots qui y "
          "sont écrits sont remplacés par le nom de leur écriture entre crochets, comme «\u00a0[CJK text]\u00a0» "
          "pour le chinois, le japonais ou le coréen. Les versions HTML et Word de ce rapport les montrent tels "
          "qu'ils ont été saisis.",
}


@needs_poppler
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_pdf_with_words_written_out_by_their_script_says_so_under_its_title(lang):
    """No font drawing Chinese, Japanese or Korean ships with the app's packages: the PDF says plainly what it did,
    and where the words are as typed; a PDF with none says nothing of it."""
    said = " ".join(SAID[lang].split())
    text = " ".join(pdf_text(render_pdf(build_report(_input(), lang))).split())
    assert said in text and text.index(said) < text.index(PRINTED)
    plain = _input()
    plain.ideas, plain.themes[0]["label"] = plain.ideas[1:], "Mentoring"
    assert "[CJK text]" not in " ".join(pdf_text(render_pdf(build_report(plain, lang))).split())
    # a card typing a bracketed word before "text" itself, beside an emoji written out by its name: no script named
    plain.ideas = [ReportIdea(2, "[Draft text] Internships with employers 🎉", "r1", "g1", "t2", "2")]
    text = " ".join(pdf_text(render_pdf(build_report(plain, lang))).split())
    assert "[Draft text] Internships with employers [party popper]" in text and "[CJK text]" not in text
