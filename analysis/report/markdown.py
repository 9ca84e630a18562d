"""Render a report ``Document`` as Markdown (to paste into a newsletter, a wiki or an e-mail).

Everything people typed is escaped: HTML stays text and Markdown punctuation stays literal.
Charts are written as PNG files next to the Markdown file when ``image_dir`` is given, and
otherwise named by their title and description.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import singledispatch
from pathlib import Path

from analysis.report.document import Bullets, Chart, Document, Figures, Grid, IdeaList, Paragraph, Quote
from analysis.report.wording import Wording, wording

_SPECIAL = re.compile(r"([\\`*_\[\]{}#|!~<>&])")


def escape(text: str) -> str:
    """Plain text as Markdown that renders as the same text (no HTML, links or emphasis)."""
    text = _SPECIAL.sub(r"\\\1", text)
    # A line starting like a list item, a heading underline ("---", "===") or a rule must not become one.
    text = re.sub(r"(?m)^(\s*)([-+=])", r"\1\\\2", text)
    return re.sub(r"(?m)^(\s*)(\d+)([.)]\s)", r"\1\2\\\3", text)


# Breaking whitespace only: a no-break space (French "« », : ; ? !", Babel's thousands) stays as it is.
_BREAKING_SPACE = re.compile(r"[ \t\n\r\f\v]+")


def _one_line(text: str) -> str:
    return _BREAKING_SPACE.sub(" ", escape(text)).strip(" ")


def _table_cell(text: str) -> str:
    """A table cell on one Markdown line; its own line breaks (an action and its latest follow-up) as <br>."""
    return "<br>".join(filter(None, map(_one_line, text.split("\n")))) or " "


@dataclass(frozen=True)
class _Images:
    """Where the charts' PNG files go (``directory`` None: charts are named, not drawn), and the
    report's wording for the charts' captions."""

    directory: Path | None
    prefix: str
    w: Wording


@singledispatch
def _block(block, images: _Images) -> list[str]:
    raise TypeError(f"unknown block {type(block).__name__}")


@_block.register
def _(block: Paragraph, images: _Images) -> list[str]:
    text = escape(block.text).replace("\n", "  \n")
    if block.link:
        text = text.replace(escape(block.link), f"<{block.link}>", 1)
    if block.kind == "note":
        return [f"*{text}*"]
    if block.kind == "strong":
        return [f"**{text}**"]
    return [text]


@_block.register
def _(block: Figures, images: _Images) -> list[str]:
    return [f"- **{escape(value)}** {escape(label)}" for value, label in block.items]


@_block.register
def _(block: Bullets, images: _Images) -> list[str]:
    return [f"- {_one_line(item)}" for item in block.items]


@_block.register
def _(block: IdeaList, images: _Images) -> list[str]:
    return [f"- {_one_line(item.text)}" + (f" *({escape(item.note)})*" if item.note else "") for item in block.items]


@_block.register
def _(block: Quote, images: _Images) -> list[str]:
    line = f"> {_one_line(block.text)}"
    return [line + (f"  \n> — {escape(block.source)}" if block.source else "")]


@_block.register
def _(block: Grid, images: _Images) -> list[str]:
    lines = ["| " + " | ".join(_one_line(c) for c in block.columns) + " |",
             "|" + "|".join(" --- " for _ in block.columns) + "|"]
    for row in block.rows:
        lines.append("| " + " | ".join(map(_table_cell, row)) + " |")
    return lines


@_block.register
def _(block: Chart, images: _Images) -> list[str]:
    if images.directory is None:
        return ["*" + images.w.gettext("%(chart)s: %(description)s", chart=escape(block.title),
                                       description=escape(block.alt)) + "*"]
    images.directory.mkdir(parents=True, exist_ok=True)
    (images.directory / f"{block.key}.png").write_bytes(block.png)
    return [f"![{escape(block.alt)}]({images.prefix}{block.key}.png)", f"*{escape(block.title)}*"]


def render_markdown(doc: Document, image_dir: Path | None = None, image_prefix: str = "") -> str:
    lines = [f"# {escape(doc.title)}", "", f"*{escape(doc.subtitle)}*", ""]
    if doc.draft:
        lines += [f"**{escape(doc.draft_notice)}**", ""]
    lines += [f"*{escape(doc.generated)}*", ""]
    images = _Images(image_dir, image_prefix, wording(doc.lang))
    for level, section in doc.walk():
        title = _BREAKING_SPACE.sub(" ", _SPECIAL.sub(r"\\\1", section.title)).strip(" ")
        lines += ["#" * min(level + 1, 6) + " " + title, ""]
        for block in section.blocks:
            lines += _block(block, images)
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"
