"""Render a report ``Document`` (or the one-page brief) as PDF with fpdf2.

fpdf2 is pure Python (no system libraries), lays out real text (searchable, copyable, with a
bookmark outline), and takes the DejaVu fonts that matplotlib ships, so accents, dashes and
quotes print everywhere without installing fonts. What they have no glyph for (emoji typed in a
card, a script DejaVu lacks) is written out by ``analysis.report.glyphs`` instead of printing as a box, and so
are Hebrew and Arabic words, which fpdf2 would print backwards. A PDF with words so written out says so under its
title (``SCRIPTS_NAMED``): no font drawing Chinese, Japanese or Korean ships with the app's packages (matplotlib's
DejaVu has none).
"""
from __future__ import annotations

import dataclasses
import io
import re
from collections.abc import Iterator
from functools import singledispatch
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

import matplotlib
from fpdf import FPDF, ViewerPreferences

from analysis.report import charts
from analysis.report.document import Bullets, Chart, Document, Figures, Grid, IdeaList, Paragraph, Quote
from analysis.report.glyphs import NAMES_LANGUAGE, left_to_right, written_out
from analysis.report.marks import Text, concat, language_at, pieces, shorten, spans_of
from analysis.report.wording import N_, wording

FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
FONT = "DejaVu"
INK, MUTED, LINE, FILL = (27, 31, 36), (87, 96, 106), (160, 160, 160), (235, 235, 235)
LINK = (9, 88, 180)  # an address readers can click: blue and underlined, as a browser shows a link
CELL_MAX_CHARS = 2200
TABLE_FONT_SIZE = 8
TABLE_PADDING = 1.0
WORD_COLUMN_SHARE = 0.25  # a narrow column is widened to its longest word up to this share of the line
_BREAKING_SPACE = re.compile(r"[ \t\r\f\v]+")  # not a no-break space: str.split() would break there
HEADING_SIZES = {0: 20, 1: 15, 2: 13, 3: 11.5, 4: 10.5}
PDF_LANGUAGES = {"en": "en-CA", "fr": "fr-CA"}  # a span's /Lang, as Word's proofing languages


def _without_controls(text: str) -> str:
    # Control characters have no glyph; tabs read as spaces.
    return "".join(ch if ch >= " " or ch == "\n" else " " for ch in (text or "")).replace("\r", "")


def _title_language(doc: Document) -> str:
    """The language the document's title (the forum's name) is written in: the report's unless it is marked as
    all in another."""
    spans = spans_of(doc.title)
    whole = len(spans) == 1 and spans[0][:2] == (0, len(doc.title))
    lang = spans[0][2] if whole else doc.lang
    return PDF_LANGUAGES.get(lang, lang)


def _metadata(doc: Document) -> str:
    """The XMP metadata (PDF 14.3.2) of the title with its language: dc:title's ``xml:lang``, so that an
    English forum name in a French report is said to be English. It is the only language mark a title can
    carry: the document information's /Title and the bookmarks' titles have none (a text string's language
    escape, PDF 7.9.2.2, is printed as letters by Poppler's viewers); the catalog's /Lang is the report's."""
    title = xml_escape(_without_controls(doc.title))
    return "\n".join([
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
        '  <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
        '    <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">',
        f'      <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li>'
        f'<rdf:li xml:lang="{_title_language(doc)}">{title}</rdf:li></rdf:Alt></dc:title>',
        "    </rdf:Description>",
        "  </rdf:RDF>",
        "</x:xmpmeta>"])


def _marked_within(printed: str, lang: str | None) -> str:
    """A piece of text written in ``lang`` (None: the report's language, left unmarked) as ``printable`` gave it:
    marked ``lang`` around the emoji names ``printable`` marked English, the spans of one language joined."""
    if not lang:
        return printed
    spans: list[tuple[int, int, str]] = []
    position = 0
    for start, end, name_lang in (*spans_of(printed), (len(printed), len(printed), lang)):
        for span in ((position, start, lang), (start, end, name_lang)):
            if span[1] <= span[0]:
                continue
            if spans and spans[-1][2] == span[2] and spans[-1][1] == span[0]:
                spans[-1] = (spans[-1][0], span[1], span[2])
            else:
                spans.append(span)
        position = end
    return Text(str(printed), spans)


class _PDF(FPDF):
    def __init__(self, doc: Document):
        super().__init__(format="A4", unit="mm")
        self.doc = doc
        for style, name in (("", "DejaVuSans.ttf"), ("B", "DejaVuSans-Bold.ttf"), ("I", "DejaVuSans-Oblique.ttf"),
                            ("BI", "DejaVuSans-BoldOblique.ttf")):
            self.add_font(FONT, style, str(FONT_DIR / name))
        self.set_margins(20, 18, 20)
        self.set_auto_page_break(True, 18)
        self.set_title(_without_controls(doc.title))
        self.set_lang(doc.lang)
        # viewers show the title, not the file name, in the window's title bar (PDF/UA; PAC checks it)
        self.viewer_preferences = ViewerPreferences(display_doc_title=True)
        self.set_xmp_metadata(_metadata(doc))
        self.set_creator("Forum Workbench")
        self.set_text_color(*INK)
        self._widths: dict = {}
        self._glyphs: dict[str, frozenset[str]] = {}  # by font: the characters it draws

    @property
    def width(self) -> float:
        return self.w - self.l_margin - self.r_margin

    def printable(self, text: str, style: str | None = None, lang: str | None = None) -> str:
        """``text`` as the current font (or its ``style``) draws it: no control characters, and emoji or
        symbols it has no glyph for written out (analysis.report.glyphs) rather than printed as boxes. Their
        names are English: in a text in another language (``lang``, the language the text is written in; None:
        the report's) they are marked so (a ``Text``), as an English card is, for a screen reader to read them
        with English sounds, as it does in an English text (a French card quoted in an English report too)."""
        font = self.current_font if style is None else self.fonts[FONT.lower() + style]
        glyphs = self._glyphs.get(font.fontkey)
        if glyphs is None:
            # fpdf2 lays text out left to right without a text shaper (uharfbuzz): right-to-left letters are named
            glyphs = self._glyphs[font.fontkey] = left_to_right(map(chr, font.cmap))
        printed, named = written_out(_without_controls(text), glyphs)
        if named and (lang or self.doc.lang) != NAMES_LANGUAGE:
            return Text(printed, tuple((span.start, span.end, NAMES_LANGUAGE) for span in named))
        return printed

    def word_width(self, word: str) -> float:
        key = (self.font_style, self.font_size_pt, word)
        width = self._widths.get(key)
        if width is None:
            width = self._widths[key] = self.get_string_width(word)
        return width

    def printable_marked(self, text: str) -> str:
        """``printable`` of a text with parts in another language, keeping their marks: each part's emoji names
        are marked by the language of that part, not of the report (see ``printable``)."""
        if not spans_of(text):
            return self.printable(text)
        return concat(*(_marked_within(self.printable(piece, lang=lang), lang) for piece, lang in pieces(text)))

    def wrap(self, text: str, width: float) -> list[str]:
        """Greedy line breaking with cached word widths (fpdf2's own is too slow for 5,000 ideas). A line of a
        text with parts in another language is a ``Text`` whose marks say which words are in which language."""
        if spans_of(text):
            return self._wrap_marked(text, width)
        printed = self.printable(text)
        if spans_of(printed):  # an emoji's name in a report in another language than the names'
            return self._wrap_marked(printed, width)
        lines = []
        space = self.word_width(" ")
        for paragraph in printed.split("\n"):
            line, line_width = [], 0.0
            for word in _BREAKING_SPACE.split(paragraph):  # a no-break space (« », : ; ? !) joins words
                if not word:
                    continue
                word_width = self.word_width(word)
                while word_width > width:  # a word longer than the line: cut it
                    cut = max(1, int(len(word) * width / word_width) - 1)
                    if line:
                        lines.append(" ".join(line))
                        line, line_width = [], 0.0
                    lines.append(word[:cut])
                    word = word[cut:]
                    word_width = self.word_width(word)
                if line and line_width + space + word_width > width:
                    lines.append(" ".join(line))
                    line, line_width = [], 0.0
                line_width += (space if line else 0.0) + word_width
                line.append(word)
            lines.append(" ".join(line))
        return lines

    def _wrap_marked(self, text: str, width: float) -> list[str]:
        """``wrap`` of a marked text: each line a ``Text`` marking each of its words with the language of the
        word's first letter in ``text``."""
        spans = spans_of(text)
        if len(spans) == 1 and spans[0][:2] == (0, len(text)) \
                and not spans_of(self.printable(str(text), lang=spans[0][2])):  # all of it (an idea): every line
            lang = spans[0][2]
            return [Text(line, ((0, len(line), lang),)) if line else line for line in self.wrap(str(text), width)]
        printed = self.printable_marked(text)
        lines, offset = [], 0
        for paragraph_text in str(printed).split("\n"):
            for line in self.wrap(paragraph_text, width):
                marks, position = [], 0
                for word in line.split(" "):
                    if word:
                        found = printed.find(word, offset)
                        offset = found + len(word) if found >= 0 else offset
                        letter = next((n for n, ch in enumerate(word) if ch.isalnum()), 0)
                        lang = language_at(printed, found + letter) if found >= 0 else None
                        if lang:
                            if marks and marks[-1][2] == lang and marks[-1][1] == position - 1:
                                marks[-1] = (marks[-1][0], position + len(word), lang)
                            else:
                                marks.append((position, position + len(word), lang))
                    position += len(word) + 1
                lines.append(Text(line, marks) if marks else line)
            offset = printed.find("\n", offset) + 1 if "\n" in printed[offset:] else offset
        return lines

    def marked_text(self, x: float, y: float, line: str) -> None:
        """``text`` of a line whose marked words are marked-content spans with their /Lang (PDF 14.9.2): a
        screen reader reads an English card in a French report with English sounds."""
        if not spans_of(line):
            self.text(x, y, line)
            return
        parts = pieces(line)
        for n, (piece, lang) in enumerate(parts):
            if lang:
                self._out(f"/Span <</Lang ({PDF_LANGUAGES.get(lang, lang)})>> BDC")
            self.text(x, y, piece)
            if lang:
                self._out("EMC")
            if n + 1 < len(parts):
                x += self.get_string_width(piece)

    def write_lines(self, lines: list[str], x: float, line_height: float) -> None:
        """Lines at ``x`` from the current y, turning the page when needed."""
        for line in lines:
            if self.get_y() + line_height > self.page_break_trigger:
                self.add_page()
            if line:
                self.marked_text(x, self.get_y() + line_height * 0.78, line)
            self.set_y(self.get_y() + line_height)

    def footer(self):
        if self.doc.kind == "brief":
            return
        self.set_y(-12)
        self.set_font(FONT, "", 8)
        self.set_text_color(*MUTED)
        left = self.doc.draft_notice if self.doc.draft else self.printable(self.doc.title)[:90]
        self.cell(self.width * 0.8, 5, left, align="L")
        self.cell(self.width * 0.2, 5, self.doc.page_label % {"n": self.page_no()}, align="R")
        self.set_text_color(*INK)


@singledispatch
def _block(block, pdf: _PDF, compact: bool) -> None:
    raise TypeError(f"unknown block {type(block).__name__}")


def _text(pdf: _PDF, text: str, size: float = 10, style: str = "", color=INK, indent: float = 0,
          line: float | None = None, after: float = 1.5) -> None:
    pdf.set_font(FONT, style, size)
    pdf.set_text_color(*color)
    pdf.write_lines(pdf.wrap(text, pdf.width - indent), pdf.l_margin + indent, line or size * 0.5)
    pdf.set_text_color(*INK)
    pdf.ln(after)


def _bullet(pdf: _PDF, text: str, note: str | None = None, size: float = 9.5) -> None:
    line_height = size * 0.5
    pdf.set_font(FONT, "", size)
    lines = pdf.wrap(concat(text, f" ({note})") if note else text, pdf.width - 5)
    if pdf.will_page_break(line_height):
        pdf.add_page()
    pdf.text(pdf.l_margin + 1.5, pdf.get_y() + line_height * 0.78, "•")
    pdf.write_lines(lines, pdf.l_margin + 5, line_height)
    pdf.ln(0.8)


@_block.register
def _(block: Figures, pdf: _PDF, compact: bool) -> None:
    per_row = 3
    box_w = (pdf.width - (per_row - 1) * 3) / per_row
    box_h = 15 if compact else 18
    for start in range(0, len(block.items), per_row):
        if pdf.will_page_break(box_h + 2):
            pdf.add_page()
        y = pdf.get_y()
        for n, (value, label) in enumerate(block.items[start:start + per_row]):
            x = pdf.l_margin + n * (box_w + 3)
            pdf.set_draw_color(*LINE)
            pdf.rect(x, y, box_w, box_h)
            pdf.set_xy(x + 2, y + 1.5)
            pdf.set_font(FONT, "B", 14 if compact else 16)
            pdf.cell(box_w - 4, 7, pdf.printable(value))
            pdf.set_xy(x + 2, y + (8.5 if compact else 9.5))
            pdf.set_font(FONT, "", 7.5)
            pdf.multi_cell(box_w - 4, 3.2, pdf.printable(label), align="L")
        pdf.set_xy(pdf.l_margin, y + box_h + 3)


def _row_height(cells: list[list[str]], line_height: float) -> float:
    """The height of a table row: its tallest cell's lines plus the padding."""
    return max(len(lines) for lines in cells) * line_height + 2 * TABLE_PADDING


def _table_row(pdf: _PDF, cells: list[list[str]], widths: list[float], line_height: float, style: str,
               fill=None) -> None:
    height = _row_height(cells, line_height)
    x = pdf.l_margin
    y = pdf.get_y()
    pdf.set_font(FONT, style, TABLE_FONT_SIZE)
    for lines, width in zip(cells, widths):
        pdf.rect(x, y, width, height, style="DF" if fill else "D")
        for n, line in enumerate(lines):
            pdf.marked_text(x + TABLE_PADDING, y + TABLE_PADDING + line_height * (n + 0.78), line)
        x += width
    pdf.set_y(y + height)


def _word_widths(pdf: _PDF, block: Grid, widths: list[float]) -> list[float]:
    """The grid's column widths with each narrow column widened to its longest word, as bold prints it (a header,
    a flagged row), so a status, a date or a group name is never cut mid-word ("commen|cée"); the room is taken
    from the columns that have some to spare, in proportion. Wide columns (an idea, an action) are not measured:
    their words fit, and a word longer than any column is still cut."""
    narrow = pdf.width * WORD_COLUMN_SHARE
    pdf.set_font(FONT, "B", TABLE_FONT_SIZE)
    needs = []
    for column, width in enumerate(widths):
        if width >= narrow:
            needs.append(0.0)
            continue
        values = [block.columns[column]] + [row[column] for row in block.rows if column < len(row)]
        longest = max((pdf.word_width(word) for value in values
                       for word in _BREAKING_SPACE.split(str(pdf.printable(_cell(str(value or "")))).replace("\n", " "))
                       if word), default=0.0)
        needs.append(min(longest + 2 * TABLE_PADDING + 0.2, narrow))
    missing = sum(max(need - width, 0.0) for need, width in zip(needs, widths))
    spare = [max(width - need, 0.0) for need, width in zip(needs, widths)]
    if not missing or missing > sum(spare):
        return widths
    return [max(need, width - missing * room / sum(spare)) for need, width, room in zip(needs, widths, spare)]


@_block.register
def _(block: Grid, pdf: _PDF, compact: bool) -> None:
    """A grid with the header repeated on every page; a row never splits across pages, a short column's word
    never across lines."""
    widths = _word_widths(pdf, block, block.scaled_widths(pdf.width))
    line_height = TABLE_FONT_SIZE * 0.45
    pdf.set_draw_color(*LINE)
    pdf.set_line_width(0.2)

    def wrapped(values, style):
        pdf.set_font(FONT, style, TABLE_FONT_SIZE)
        return [pdf.wrap(_cell(v), w - 2 * TABLE_PADDING) for v, w in zip(values, widths)]

    header = wrapped(block.columns, "B")
    header_height = _row_height(header, line_height)

    def draw_header():
        pdf.set_fill_color(*FILL)
        _table_row(pdf, header, widths, line_height, "B", fill=True)

    rows = [wrapped(values, "B" if n in block.flagged else "") for n, values in enumerate(block.rows)]
    first_height = _row_height(rows[0], line_height) if rows else 0
    if pdf.will_page_break(header_height + first_height):
        pdf.add_page()
    draw_header()
    for n, cells in enumerate(rows):
        if pdf.will_page_break(_row_height(cells, line_height)):
            pdf.add_page()
            draw_header()
        flagged = n in block.flagged
        if flagged:
            pdf.set_fill_color(245, 245, 245)
        _table_row(pdf, cells, widths, line_height, "B" if flagged else "", fill=flagged)
    pdf.set_font(FONT, "", 10)
    pdf.ln(3)


def _cell(text: str) -> str:
    # A table row must fit on one page; the app's texts are shorter than this (ideas: 2,000 characters).
    return shorten(text or "", CELL_MAX_CHARS)


@_block.register
def _(block: Chart, pdf: _PDF, compact: bool) -> None:
    from PIL import Image

    with Image.open(io.BytesIO(block.png)) as image:
        width, height = (pixels / charts.DPI * 25.4 for pixels in image.size)  # mm, as drawn
    # at the size it was drawn (its labels then print at their point size) unless the page is smaller
    scale = min(1.0, pdf.width / width, (pdf.eph - 10) / height)
    width, height = width * scale, height * scale
    if pdf.will_page_break(height + 8):
        pdf.add_page()
    pdf.image(io.BytesIO(block.png), x=pdf.l_margin + (pdf.width - width) / 2, w=width, h=height,
              alt_text=_without_controls(block.alt))
    _text(pdf, block.title, 8.5, "I", MUTED, after=3)


@_block.register
def _(block: Quote, pdf: _PDF, compact: bool) -> None:
    if pdf.will_page_break(6):
        pdf.add_page()
    y = pdf.get_y()
    _text(pdf, wording(pdf.doc.lang).quoted(block.text), 9.5, "I", indent=6, after=0.5)
    if block.source:
        _text(pdf, "— " + block.source, 8.5, "", MUTED, indent=6, after=0.5)
    pdf.set_draw_color(*LINE)
    pdf.set_line_width(0.8)
    if pdf.get_y() > y:  # same page: draw the quote bar
        pdf.line(pdf.l_margin + 2.5, y, pdf.l_margin + 2.5, pdf.get_y())
    pdf.set_line_width(0.2)
    pdf.ln(1.5)


@_block.register
def _(block: Paragraph, pdf: _PDF, compact: bool) -> None:
    style = {"note": "I", "strong": "B"}.get(block.kind, "")
    color = MUTED if block.kind == "note" else INK
    if block.link and block.link in block.text:
        _linked_text(pdf, block.text, block.link, 9.5 if compact else 10, style, color)
    else:
        _text(pdf, block.text, 9.5 if compact else 10, style, color)


def _link_pieces(lines: list[str], address: str) -> list[tuple[str, str, str]]:
    """Each line as (before, the part of ``address`` on it, after): the address may be cut over several
    lines (a word longer than a line starts a line of its own and goes on at the next one's start)."""
    pieces, left = [], address
    for line in lines:
        if left == address and address in line:
            start = line.index(address)
            pieces.append((line[:start], address, line[start + len(address):]))
            left = ""
        elif left and left != address and line.startswith(left):  # the address' last part, then the text
            pieces.append(("", left, line[len(left):]))
            left = ""
        elif left and line and left.startswith(line):  # a whole line of the address
            pieces.append(("", line, ""))
            left = left[len(line):]
        else:
            pieces.append((line, "", ""))
    return pieces


def _linked_text(pdf: _PDF, text: str, address: str, size: float, style: str, color) -> None:
    """A paragraph whose ``address`` is a link readers click (blue, underlined, a URI annotation over it)."""
    pdf.set_font(FONT, style, size)
    line_height = size * 0.5
    x = pdf.l_margin
    for before, linked, after in _link_pieces(pdf.wrap(text, pdf.width), pdf.printable(address)):
        if pdf.get_y() + line_height > pdf.page_break_trigger:
            pdf.add_page()
        baseline = pdf.get_y() + line_height * 0.78
        pdf.set_text_color(*color)
        if before:
            pdf.text(x, baseline, before)
        if linked:
            start = x + pdf.get_string_width(before)
            pdf.set_font(FONT, style + "U", size)
            pdf.set_text_color(*LINK)
            pdf.text(start, baseline, linked)
            width = pdf.get_string_width(linked)
            pdf.set_font(FONT, style, size)
            pdf.link(start, pdf.get_y(), width, line_height, address)
            if after:
                pdf.set_text_color(*color)
                pdf.text(start + width, baseline, after)
        pdf.set_y(pdf.get_y() + line_height)
    pdf.set_text_color(*INK)
    pdf.ln(1.5)


@_block.register
def _(block: Bullets, pdf: _PDF, compact: bool) -> None:
    for item in block.items:
        _bullet(pdf, item, size=9.5 if compact else 10)


@_block.register
def _(block: IdeaList, pdf: _PDF, compact: bool) -> None:
    for item in block.items:
        _bullet(pdf, item.text, item.note)
    pdf.ln(1)


def _heading(pdf: _PDF, title: str, level: int, compact: bool) -> None:
    size = HEADING_SIZES.get(level, 10) - (2 if compact else 0)
    if level == 1 and not compact and pdf.get_y() > pdf.h * 0.6 and pdf.get_y() > pdf.t_margin + 1:
        pdf.add_page()
    elif pdf.will_page_break(size * 1.6 + 8):  # keep a heading with what follows
        pdf.add_page()
    pdf.ln(2 if level > 1 else 4)
    if not compact:
        pdf.start_section(pdf.printable(title, style="")[:120], level=level - 1)  # the contents print it plain
    # Themes inside a stakeholder group (level 4+) read as labels, not as another heading level.
    _text(pdf, title, size, "BI" if level >= 4 else "B", MUTED if level >= 4 else INK, after=1.5 if level > 1 else 2.5)


def _contents(pdf: _PDF, outline) -> None:
    """The first page's table of contents: the top sections with their page numbers."""
    _text(pdf, pdf.doc.contents_title, HEADING_SIZES[1], "B", after=3)
    pdf.set_font(FONT, "", 10.5)
    for section in outline:
        if section.level == 0:
            pdf.set_x(pdf.l_margin)
            pdf.cell(pdf.width - 15, 7.5, section.name, link=pdf.add_link(page=section.page_number))
            pdf.cell(15, 7.5, str(section.page_number), align="R")
            pdf.ln(7.5)


SCRIPTS_NAMED = N_("This PDF's font has no letters for some of the scripts typed here: words in them are written as "
                   "their script's name in square brackets, such as “[CJK text]” for Chinese, Japanese or Korean. "
                   "The HTML and Word versions of this report show them as typed.")


def _texts(value) -> Iterator[str]:
    """Every string in a document's blocks and charts' arguments."""
    if isinstance(value, str):
        yield value
    elif dataclasses.is_dataclass(value):
        for field in dataclasses.fields(value):
            yield from _texts(getattr(value, field.name))
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _texts(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _texts(item)


def _scripts_named(pdf: _PDF) -> bool:
    """Whether the PDF writes a script's words out by the script's name (the regular font's glyphs: the others
    draw the same letters)."""
    glyphs = left_to_right(map(chr, pdf.fonts[FONT.lower()].cmap))
    return any(span.script for text in _texts(pdf.doc) if not set(text) <= glyphs
               for span in written_out(text, glyphs)[1])


def render_pdf(doc: Document) -> bytes:
    pdf = _PDF(doc)
    compact = doc.kind == "brief"
    pdf.add_page()
    _text(pdf, doc.title, HEADING_SIZES[0] - (4 if compact else 0), "B", line=9 if not compact else 7, after=1)
    _text(pdf, doc.subtitle, 11, "B", MUTED, after=1)
    if doc.draft:
        _text(pdf, doc.draft_notice, 9.5, "BI", MUTED, after=0.5)
    if _scripts_named(pdf):
        _text(pdf, wording(doc.lang).gettext(SCRIPTS_NAMED), 9.5, "I", MUTED, after=0.5)
    _text(pdf, doc.generated, 8.5, "I", MUTED, after=3 if compact else 10)
    if not compact:  # a cover page: title and contents, the report from page 2
        pdf.insert_toc_placeholder(_contents, pages=1, reset_page_indices=False)
    for level, section in doc.walk():
        _heading(pdf, section.title, level, compact)
        for block in section.blocks:
            _block(block, pdf, compact)
    return bytes(pdf.output())
