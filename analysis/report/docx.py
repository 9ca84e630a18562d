"""Render a report ``Document`` as a Word file the organizer goes on editing.

Real Word structure, not a picture of a page: built-in heading styles (so Word's navigation
pane and table of contents work), tables with a repeating header row, charts as pictures with
their description as alt text, page numbers in the footer.
"""
from __future__ import annotations

import copy
import io
import re
from datetime import datetime, timezone
from functools import singledispatch

from docx import Document as new_docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Inches, Pt, RGBColor
from docx.table import _Cell
from docx.text.run import Run

from analysis.report import charts
from analysis.report.document import Bullets, Chart, Document, Figures, Grid, IdeaList, Paragraph, Quote
from analysis.report.marks import pieces, spans_of

MUTED = RGBColor(0x57, 0x60, 0x6A)
LINK_COLOR = "0958B4"  # an address readers can click: blue and underlined, as the PDF's
BULLET_STYLE_ID = "ListBullet"  # the default template's "List Bullet"
# Word checks spelling in the language of the text, not the document's: the default template's is en-US.
PROOFING_LANGUAGES = {"en": "en-CA", "fr": "fr-CA"}
# XML 1.0 forbids most control characters; python-docx would raise on them.
_INVALID_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _INVALID_XML.sub("", text or "")


def _set_language(run, lang: str) -> None:
    """The run's language (``w:lang``): Word's spelling checker and screen readers read it in that language.
    ``run``: a python-docx Run or its ``w:r`` element."""
    properties = getattr(run, "_r", run).get_or_add_rPr()
    language = properties.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        # w:lang's place among the run properties: before the few that follow it in the schema
        following = [properties.find(qn(tag)) for tag in ("w:eastAsianLayout", "w:specVanish", "w:oMath")]
        anchor = next((element for element in following if element is not None), None)
        if anchor is None:
            properties.append(language)
        else:
            anchor.addprevious(language)
    language.set(qn("w:val"), PROOFING_LANGUAGES.get(lang, lang))


def _add_text(paragraph, text: str) -> list:
    """``text`` as runs at the end of ``paragraph``, its parts in another language than the report's with
    their language; the runs."""
    runs = []
    for piece, lang in pieces(_clean_marked(text)):
        run = paragraph.add_run(piece)
        if lang:
            _set_language(run, lang)
        runs.append(run)
    return runs


def _clean_marked(text: str) -> str:
    """``_clean`` keeping the text's marks (control characters are rare: then the marks are dropped)."""
    cleaned = _clean(text)
    return text if spans_of(text) and cleaned == text else cleaned


@singledispatch
def _block(block, docx) -> None:
    raise TypeError(f"unknown block {type(block).__name__}")


def _page_number_footer(section, page_label: str) -> None:
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    before, _, after = page_label.partition("%(n)s")
    paragraph.add_run(before)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)
    if after:
        paragraph.add_run(after)


def _repeat_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _shade(cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _row_cells(table, row) -> list:
    # row.cells re-reads the whole table each time (quadratic for the 5,000-row appendix)
    return [_Cell(tc, table) for tc in row._tr.tc_lst]


def _template_row(table, bold: bool, shade: str | None):
    """A row whose cells hold one empty run each: copied for every data row (fast for 5,000 rows)."""
    row = table.add_row()
    for cell in _row_cells(table, row):
        cell.paragraphs[0].add_run(" ").bold = bold or None  # a space: the run gets a preserved <w:t>
        if shade:
            _shade(cell, shade)
    tr = row._tr
    tr.getparent().remove(tr)
    return tr


@_block.register
def _(block: Grid, docx) -> None:
    table = docx.add_table(rows=1, cols=len(block.columns))
    table.style = docx.styles["Table Grid"]
    table.autofit = False
    widths = [Cm(width) for width in block.scaled_widths(16.5)]
    for column, width in zip(table.columns, widths):
        column.width = width
    header = table.rows[0]
    _repeat_header(header)
    for cell, title, width in zip(_row_cells(table, header), block.columns, widths):
        cell.width = width
        for run in _add_text(cell.paragraphs[0], title):
            run.bold = True
        _shade(cell, "E6E6E6")
    templates = {False: _template_row(table, False, None), True: _template_row(table, True, "F2F2F2")}
    body = table._tbl
    for n, values in enumerate(block.rows):
        tr = copy.deepcopy(templates[n in block.flagged])
        body.append(tr)
        for tc, value in zip(tr.tc_lst, values):
            text = _clean(value)
            spans = spans_of(value)
            if len(spans) == 1 and spans[0][:2] == (0, len(value)) and "\n" not in text and text == value:
                tc.xpath(".//w:t")[0].text = text  # all of it in another language (an idea): the run's language
                _set_language(tc.xpath(".//w:r")[0], spans[0][2])
            elif spans:  # a part in another language: a run of its own, with its language
                paragraph = _Cell(tc, table).paragraphs[0]
                template = paragraph.runs[0]
                for run in _add_text(paragraph, value):
                    run.bold = template.bold
                template._r.getparent().remove(template._r)
            elif "\n" in text:  # line breaks need python-docx's run.text (it writes <w:br/>)
                _Cell(tc, table).paragraphs[0].runs[0].text = text
            else:
                tc.xpath(".//w:t")[0].text = text


@_block.register
def _(block: Figures, docx) -> None:
    # A list, as in HTML and Markdown: a table would have no header row (Word's accessibility check flags it).
    for value, label in block.items:
        paragraph = _bullet(docx, value)
        paragraph.runs[0].bold, paragraph.runs[0].font.size = True, Pt(14)
        paragraph.add_run(" " + _clean(label))


@_block.register
def _(block: Chart, docx) -> None:
    docx.add_picture(io.BytesIO(block.png), width=Inches(charts.WIDTH_IN))  # as drawn: labels print at their size
    picture = docx.paragraphs[-1]
    picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
    # The alt text is an attribute: it has no runs, so no language of its own (a chart's is a sentence in the
    # report's language; the theme and group labels are drawn in the image).
    for properties in picture._p.iter(qn("wp:docPr")):
        properties.set("descr", _clean(block.alt))
        properties.set("title", _clean(block.title))
    docx.add_paragraph(_clean(block.title), style="Caption")


def _hyperlink(paragraph, text: str, address: str):
    """``text`` as a link to ``address`` at the end of ``paragraph`` (an external relationship of the
    document: Word opens it on a click, or Ctrl+click, and screen readers announce a link); its run."""
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), paragraph.part.relate_to(address, RELATIONSHIP_TYPE.HYPERLINK, is_external=True))
    paragraph._p.append(link)
    run = OxmlElement("w:r")
    link.append(run)
    wrapped = Run(run, paragraph)
    wrapped.text = text
    wrapped.font.underline = True
    wrapped.font.color.rgb = RGBColor.from_string(LINK_COLOR)
    return wrapped


@_block.register
def _(block: Paragraph, docx) -> None:
    paragraph = docx.add_paragraph()
    text = _clean(block.text)
    before, linked, after = text.partition(block.link) if block.link else (block.text, "", "")
    runs = _add_text(paragraph, before) if before else []
    if linked:
        runs.append(_hyperlink(paragraph, linked, block.link))
        if after:
            runs.append(paragraph.add_run(after))
    for run in runs:
        if block.kind == "note":
            run.italic = True
            run.font.color.rgb = run.font.color.rgb or MUTED
        elif block.kind == "strong":
            run.bold = True


def _bullet(docx, text: str):
    # Setting the style id directly: python-docx's style lookup by name is slow for thousands of ideas.
    paragraph = docx.add_paragraph()
    paragraph._p.style = BULLET_STYLE_ID
    _add_text(paragraph, text)
    return paragraph


@_block.register
def _(block: Bullets, docx) -> None:
    for item in block.items:
        _bullet(docx, item)


@_block.register
def _(block: IdeaList, docx) -> None:
    for item in block.items:
        paragraph = _bullet(docx, item.text)
        if item.note:
            note = paragraph.add_run(f" ({_clean(item.note)})")
            note.italic = True
            note.font.color.rgb = MUTED


@_block.register
def _(block: Quote, docx) -> None:
    _add_text(docx.add_paragraph(style="Quote"), block.text)
    if block.source:
        source = docx.add_paragraph()
        for run in _add_text(source, "— " + _clean(block.source)):
            run.italic = True


def _properties(docx, doc: Document) -> None:
    """The file's title and language, for Word's spelling checker too; none of the default template's
    author ("python-docx"), comment or 2013 dates, which Word shows and carries into a PDF it exports,
    nor its thumbnail of a blank page, which file browsers showed as the report's preview."""
    properties = docx.core_properties
    # The title property has no language of its own: the package's core properties may not carry xml:lang
    # (ECMA-376 Part 2, M4.4). The title printed on the first page is marked (``_add_text``).
    properties.title, properties.language = _clean(doc.title), doc.lang
    properties.author = properties.comments = ""
    properties.created = properties.modified = datetime.now(timezone.utc).replace(microsecond=0)
    for language in docx.styles.element.xpath("w:docDefaults/w:rPrDefault/w:rPr/w:lang"):
        language.set(qn("w:val"), PROOFING_LANGUAGES.get(doc.lang, doc.lang))
    relationships = docx.part.package.rels
    for key in [key for key, rel in relationships.items() if rel.reltype == RELATIONSHIP_TYPE.THUMBNAIL]:
        del relationships[key]


def render_docx(doc: Document) -> bytes:
    docx = new_docx()
    _properties(docx, doc)
    section = docx.sections[0]
    section.left_margin = section.right_margin = Cm(2.2)
    _page_number_footer(section, doc.page_label)
    if doc.draft:
        header = section.header.paragraphs[0]
        header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        run = header.add_run(doc.draft_notice)
        run.italic, run.font.color.rgb = True, MUTED
    _add_text(docx.add_heading("", 0), doc.title)
    subtitle = docx.add_paragraph()
    subtitle.add_run(_clean(doc.subtitle)).bold = True
    note = docx.add_paragraph()
    note.add_run(_clean(doc.generated)).italic = True
    for level, section_ in doc.walk():
        _add_text(docx.add_heading("", min(level, 9)), section_.title)
        for block in section_.blocks:
            _block(block, docx)
    buffer = io.BytesIO()
    docx.save(buffer)
    return buffer.getvalue()
