"""The report as a plain document: sections of blocks that every renderer walks the same way."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from analysis.report import charts


@dataclass
class Paragraph:
    text: str
    kind: str = "text"  # text | draft (a generated draft to edit) | note | strong
    link: str | None = None  # an address written in the text, which renderers that can make a link of


@dataclass
class Figures:
    items: list[tuple[str, str]]  # (value, label)


@dataclass
class Bullets:
    items: list[str]


@dataclass
class IdeaItem:
    id: int
    text: str
    note: str | None = None


@dataclass
class IdeaList:
    items: list[IdeaItem]


@dataclass
class Grid:
    """Rows of text under column titles (a table of the report; not a round table of the forum)."""

    columns: list[str]
    rows: list[list[str]]
    widths: tuple[float, ...] | None = None  # relative column widths
    flagged: set[int] = field(default_factory=set)  # rows to highlight (e.g. overdue)
    stacked_on_phones: bool = False  # on a narrow screen, each row a card, each value under its column title

    def scaled_widths(self, span: float) -> list[float]:
        """The column widths adding up to ``span`` (equal columns when no relative widths are given)."""
        total = sum(self.widths) if self.widths else len(self.columns)
        return [span * w / total for w in (self.widths or [1] * len(self.columns))]


@dataclass
class Chart:
    """A chart, drawn only when a renderer asks for its PNG (Markdown without images never does)."""

    key: str
    title: str
    alt: str
    draw: Callable  # a chart function of analysis.report.charts, returning a matplotlib Figure
    args: tuple  # its plain (JSON-able) arguments

    @property
    def png(self) -> bytes:
        return charts.chart_png(self.draw, self.args)


@dataclass
class Quote:
    text: str
    source: str | None = None


@dataclass
class Section:
    key: str
    title: str
    blocks: list = field(default_factory=list)
    children: list["Section"] = field(default_factory=list)


@dataclass
class Document:
    title: str
    subtitle: str
    lang: str
    draft: bool
    generated: str
    sections: list[Section]
    kind: str = "report"  # report | brief
    draft_notice: str = ""  # printed while ``draft``
    contents_title: str = ""
    page_label: str = "%(n)s"  # a page's number in the footer

    def walk(self):
        """(level, section) for every section, depth first; top sections are level 1."""
        def visit(section, level):
            yield level, section
            for child in section.children:
                yield from visit(child, level + 1)
        for section in self.sections:
            yield from visit(section, 1)
