"""Render a report ``Document`` as Markdown (to paste into a newsletter, a wiki or an e-mail).

Everything people typed is escaped: HTML stays text and Markdown punctuation stays literal.
Charts are written as PNG files next to the Markdown file when ``image_dir`` is given, and
otherwise named by their title and description.
"""
from __future__ import annotations

import re
from pathlib import Path

from analysis.report.document import Bullets, Chart, Document, Figures, Grid, IdeaList, Paragraph, Quote
from analysis.report.wording import t

_SPECIAL = re.compile(r"([\\`*_\[\]{}#|!~<>&])")


def escape(text: str) -> str:
    """Plain text as Markdown that renders as the same text (no HTML, links or emphasis)."""
    text = _SPECIAL.sub(r"\\\1", text)
    # A line starting like a list item or a heading underline must not become one.
    text = re.sub(r"(?m)^(\s*)([-+=])(\s)", r"\1\\\2\3", text)
    return re.sub(r"(?m)^(\s*)(\d+)([.)]\s)", r"\1\2\\\3", text)


def _one_line(text: str) -> str:
    return " ".join(escape(text).split())


def _table(block: Grid) -> list[str]:
    lines = ["| " + " | ".join(_one_line(c) for c in block.columns) + " |",
             "|" + "|".join(" --- " for _ in block.columns) + "|"]
    for row in block.rows:
        lines.append("| " + " | ".join(_one_line(cell).replace("\n", "<br>") or " " for cell in row) + " |")
    return lines


def _block(block, image_dir: Path | None, image_prefix: str) -> list[str]:
    if isinstance(block, Paragraph):
        text = escape(block.text).replace("\n", "  \n")
        if block.kind == "note":
            return [f"*{text}*"]
        if block.kind == "strong":
            return [f"**{text}**"]
        return [text]
    if isinstance(block, Figures):
        return [f"- **{escape(value)}** {escape(label)}" for value, label in block.items]
    if isinstance(block, Bullets):
        return [f"- {_one_line(item)}" for item in block.items]
    if isinstance(block, IdeaList):
        return [f"- {_one_line(item.text)}" + (f" *({escape(item.note)})*" if item.note else "")
                for item in block.items]
    if isinstance(block, Quote):
        line = f"> {_one_line(block.text)}"
        return [line + (f"  \n> — {escape(block.source)}" if block.source else "")]
    if isinstance(block, Grid):
        return _table(block)
    if isinstance(block, Chart):
        if image_dir is None:
            return [f"*{escape(block.title)}: {escape(block.alt)}*"]
        image_dir.mkdir(parents=True, exist_ok=True)
        (image_dir / f"{block.key}.png").write_bytes(block.png)
        return [f"![{escape(block.alt)}]({image_prefix}{block.key}.png)", f"*{escape(block.title)}*"]
    raise TypeError(f"unknown block {type(block).__name__}")


def render_markdown(doc: Document, image_dir: Path | None = None, image_prefix: str = "") -> str:
    lines = [f"# {escape(doc.title)}", "", f"*{escape(doc.subtitle)}*", ""]
    if doc.draft:
        lines += [f"**{escape(t(doc.lang, 'draft_report'))}**", ""]
    lines += [f"*{escape(doc.generated)}*", ""]
    for level, section in doc.walk():
        lines += ["#" * min(level + 1, 6) + " " + " ".join(_SPECIAL.sub(r"\\\1", section.title).split()), ""]
        for block in section.blocks:
            lines += _block(block, image_dir, image_prefix)
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"
