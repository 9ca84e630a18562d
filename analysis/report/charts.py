"""The report's charts, drawn with matplotlib ``Figure`` objects on the Agg canvas (never pyplot:
a server process must not keep global figure state).

Every chart must read in print and in grey: bars carry hatching per series and their numbers,
the heatmap writes the count in each cell, and the mentions map tells strong from weak
connections by line style and width, not by colour.

A chart block holds one of these functions and its plain arguments; matplotlib is imported inside
them, so building a report (which imports this module) does not load it: drawing does.

Drawing is most of a report's first build (a 400-card forum's five charts: nine tenths of its HTML's first build), so a
chart is drawn once per content: kept in the process (the latest ``KEPT_IN_PROCESS``) and, when the
caller gives one (``charts_kept_in``), in a store every process reads (the app keeps a forum's in its database), under
a digest of what it is drawn from and by (``chart_digest``).
"""
from __future__ import annotations

import hashlib
import io
import json
import math
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Protocol

from analysis.report.glyphs import drawable, left_to_right

if TYPE_CHECKING:
    from matplotlib.figure import Figure

INK = "#1b1f24"
GREYS = ("#1f1f1f", "#6e6e6e", "#b0b0b0", "#e0e0e0", "#ffffff")
HATCHES = ("", "///", "...", "xx", "\\\\", "oo", "++", "--")
# Charts are drawn at the size they print: the text width of an A4 or Letter page (PDF and DOCX
# place them at 100%), never taller than a page's text, with no text under LABEL_PT points.
WIDTH_IN = 6.5
MAX_HEIGHT_IN = 8.5
DPI = 150
LABEL_PT = 8


def _figure(height_in: float) -> Figure:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(WIDTH_IN, min(height_in, MAX_HEIGHT_IN)), layout="constrained")
    FigureCanvasAgg(figure)
    return figure


@lru_cache(maxsize=1)
def _glyphs() -> frozenset[str]:
    """The characters matplotlib's default font (DejaVu Sans) draws in their order (it lays text out left to right
    only: ``left_to_right``)."""
    from matplotlib import font_manager, ft2font

    return left_to_right(map(chr, ft2font.FT2Font(font_manager.findfont("DejaVu Sans")).get_charmap()))


def _wrap(label: str, width: int = 28, lines: int = 2) -> str:
    label = drawable(str(label), _glyphs())  # a typed emoji would print as an empty box
    return "\n".join(textwrap.wrap(label, width, max_lines=lines, placeholder="…")) or "—"


def png_bytes(figure: Figure, dpi: int = DPI) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, facecolor="white")
    return buffer.getvalue()


KEPT_IN_PROCESS = 64


class ChartStore(Protocol):
    """Where drawn charts are kept beyond the process, by digest (``chart_digest``)."""

    def get(self, digest: str) -> bytes | None: ...

    def put(self, digest: str, png: bytes) -> None: ...


_store: ContextVar[ChartStore | None] = ContextVar("chart_store", default=None)
_drawing: ContextVar[bool] = ContextVar("chart_drawing", default=True)


class ChartsToDraw(Exception):
    """A chart kept nowhere yet (neither in the process nor in the store), asked for in a block that was not to draw
    any (``charts_kept_in(store, draw=False)``): the caller has it drawn elsewhere (a background job) instead."""


@contextmanager
def charts_kept_in(store: ChartStore, draw: bool = True) -> Iterator[ChartStore]:
    """The charts drawn within the block read from ``store`` first, and put there once drawn; ``draw`` False: a chart
    found in neither raises ``ChartsToDraw`` instead of being drawn."""
    token, drawing = _store.set(store), _drawing.set(draw)
    try:
        yield store
    finally:
        _store.reset(token)
        _drawing.reset(drawing)


@lru_cache(maxsize=1)
def _drawing_version() -> str:
    """What else a chart's pixels depend on: the code drawing it (this module and the glyphs it keeps) and matplotlib's
    version."""
    code = b"".join((Path(__file__).parent / name).read_bytes() for name in ("charts.py", "glyphs.py"))
    return hashlib.sha256(code + version("matplotlib").encode()).hexdigest()


def chart_digest(draw: Callable[..., Figure], payload: str) -> str:
    """A digest of the chart ``draw`` makes of ``payload`` (its JSON arguments), and of the code drawing it."""
    return hashlib.sha256(f"{draw.__module__}.{draw.__qualname__}\n{_drawing_version()}\n{payload}".encode()
                          ).hexdigest()


@lru_cache(maxsize=KEPT_IN_PROCESS)
def _cached_png(draw: Callable[..., Figure], payload: str) -> bytes:
    store = _store.get()
    digest = chart_digest(draw, payload) if store is not None else None
    png = store.get(digest) if store is not None else None
    if png is None:
        if not _drawing.get():
            raise ChartsToDraw(digest)
        png = png_bytes(draw(*json.loads(payload)))
        if store is not None:
            store.put(digest, png)
    return png


def chart_png(draw: Callable[..., Figure], args: tuple) -> bytes:
    """PNG of the chart function ``draw`` called with plain JSON-able ``args``, drawn once per content (see the
    module's docstring): downloading the report in several formats, or its page opened by another worker, draws
    each chart once."""
    return _cached_png(draw, json.dumps(args, ensure_ascii=False))


def warm_up() -> None:
    """Draw a small chart and throw it away, for a server to call before its first report: the first chart
    in a process also imports matplotlib and loads its fonts, text layout and PNG writer, seconds of it."""
    figure = _figure(1.0)
    axes = figure.add_subplot()
    axes.bar_label(axes.barh([0], [1], hatch="//"), fontsize=LABEL_PT)
    axes.set_yticks([0], [_wrap("Warm-up")])
    _style(axes, axes.xaxis)
    figure.legend(["-"], loc="outside upper center")
    png_bytes(figure, dpi=20)


def _count(value, lang: str) -> str:
    """A count as the report's language writes it ("1,500", "1 500"), as the report's text does."""
    from babel.numbers import format_decimal

    return format_decimal(int(value), locale=lang)


def _style(axes, counts_axis, lang: str = "en") -> None:
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    counts_axis.set_major_locator(MaxNLocator(integer=True))  # counts: whole numbers only
    counts_axis.set_major_formatter(FuncFormatter(lambda value, _position: _count(value, lang)))
    axes.tick_params(colors=INK, labelsize=LABEL_PT)


def _empty(figure: Figure, message: str) -> Figure:
    axes = figure.add_subplot()
    axes.axis("off")
    axes.text(0.5, 0.5, message, ha="center", va="center", fontsize=10, color=INK, wrap=True)
    return figure


def ideas_by_group_and_round(groups: list[str], rounds: list[str], counts: list[list[int]],
                             axis_label: str, empty_message: str, lang: str = "en") -> Figure:
    """Horizontal grouped bars: one row per stakeholder group, one hatched bar per round.

    ``counts[g][r]`` is the number of ideas of group ``g`` in round ``r``; ``lang``: the report's language, which
    writes the counts ("1,500", "1 500").
    """
    height = max(2.4, 0.32 * len(groups) * max(1, min(len(rounds), 4)) + 1.0)
    figure = _figure(height)
    if not groups or not any(any(row) for row in counts):
        return _empty(figure, empty_message)
    axes = figure.add_subplot()
    n_rounds = max(1, len(rounds))
    bar = 0.8 / n_rounds
    for r, round_label in enumerate(rounds):
        positions = [g + (r - (n_rounds - 1) / 2) * bar for g in range(len(groups))]
        values = [counts[g][r] for g in range(len(groups))]
        bars = axes.barh(positions, values, height=bar * 0.95, label=_wrap(round_label, 40),
                         color=GREYS[r % 4], edgecolor=INK, linewidth=0.6, hatch=HATCHES[r % len(HATCHES)])
        axes.bar_label(bars, labels=[_count(v, lang) if v else "" for v in values], padding=2, fontsize=LABEL_PT,
                       color=INK)
    axes.set_yticks(range(len(groups)), [_wrap(label) for label in groups])
    axes.invert_yaxis()
    axes.set_xlabel(axis_label, fontsize=9)
    axes.margins(x=0.08)
    # above the chart, not inside it: a long bar can end in any corner of the axes
    figure.legend(fontsize=LABEL_PT, frameon=False, loc="outside upper center", ncols=min(n_rounds, 3))
    _style(axes, axes.xaxis, lang)
    return figure


def theme_sizes(labels: list[str], sizes: list[int], axis_label: str, empty_message: str,
                lang: str = "en") -> Figure:
    figure = _figure(max(2.2, 0.3 * len(labels) + 0.8))
    if not labels:
        return _empty(figure, empty_message)
    axes = figure.add_subplot()
    bars = axes.barh(range(len(labels)), sizes, color=GREYS[2], edgecolor=INK, linewidth=0.6, hatch="//")
    axes.bar_label(bars, labels=[_count(size, lang) for size in sizes], padding=2, fontsize=LABEL_PT, color=INK)
    axes.set_yticks(range(len(labels)), [_wrap(label, 40) for label in labels])
    axes.invert_yaxis()
    axes.set_xlabel(axis_label, fontsize=9)
    axes.margins(x=0.08)
    _style(axes, axes.xaxis, lang)
    return figure


def rating_distribution(labels: list[str], counts: list[int], axis_label: str, empty_message: str,
                        lang: str = "en") -> Figure:
    """Vertical bars from the lowest to the highest rating, each with its count on top."""
    figure = _figure(2.8)
    if not any(counts):
        return _empty(figure, empty_message)
    axes = figure.add_subplot()
    shades = [GREYS[3], GREYS[3], GREYS[2], GREYS[1], GREYS[0]][-len(counts):]
    bars = axes.bar(range(len(labels)), counts, color=shades, edgecolor=INK, linewidth=0.6,
                    hatch=["", "", "..", "//", ""][-len(counts):] if len(counts) <= 5 else None)
    axes.bar_label(bars, labels=[_count(count, lang) for count in counts], padding=2, fontsize=LABEL_PT, color=INK)
    axes.set_xticks(range(len(labels)), labels)
    axes.set_ylabel(axis_label, fontsize=9)
    axes.margins(y=0.15)
    _style(axes, axes.yaxis, lang)
    return figure


def theme_group_heatmap(themes: list[str], groups: list[str], matrix: list[list[int]], empty_message: str,
                        lang: str = "en") -> Figure:
    """Themes (rows) × stakeholder groups (columns); the count is written in every non-empty cell."""
    figure = _figure(max(2.6, 0.32 * len(themes) + 1.8))
    if not themes or not groups:
        return _empty(figure, empty_message)
    axes = figure.add_subplot()
    peak = max((max(row) for row in matrix if row), default=0) or 1
    image = axes.imshow(matrix, cmap="Greys", vmin=0, vmax=peak * 1.15, aspect="auto")
    for i, row in enumerate(matrix):
        for j, value in enumerate(row):
            if value:
                axes.text(j, i, _count(value, lang), ha="center", va="center", fontsize=LABEL_PT,
                          color="white" if value > peak * 0.55 else INK)
    # narrow columns: three lines, or "Internationally trained professionals" loses its last word
    axes.set_xticks(range(len(groups)), [_wrap(label, 16, lines=3) for label in groups], rotation=45, ha="right")
    axes.set_yticks(range(len(themes)), [_wrap(label, 34) for label in themes])
    axes.tick_params(labelsize=LABEL_PT, length=0)
    for side in axes.spines.values():
        side.set_visible(False)
    figure.colorbar(image, ax=axes, shrink=0.6, pad=0.01).ax.tick_params(labelsize=LABEL_PT)
    return figure


def mentions_map(groups: list[str], weights: list[tuple[int, int, int]], strong_label: str, weak_label: str,
                 empty_message: str, lang: str = "en") -> Figure:
    """Stakeholder groups on a circle, joined when ideas of one mention the other.

    ``weights``: ``(i, j, count)`` with the mentions between groups i and j in both directions.
    Connections at or above the median count are strong (thick solid lines), the others weak
    (thin dashed lines).
    """
    from matplotlib.lines import Line2D

    figure = _figure(5.6)
    edges = {(i, j): weight for i, j, weight in weights if weight > 0 and i != j}
    if not groups or not edges:
        return _empty(figure, empty_message)
    axes = figure.add_subplot()
    axes.set_aspect("equal")
    axes.axis("off")
    n = len(groups)
    points = [(math.cos(math.pi / 2 - 2 * math.pi * k / n), math.sin(math.pi / 2 - 2 * math.pi * k / n))
              for k in range(n)]
    ordered = sorted(edges.values())
    threshold = ordered[len(ordered) // 2]
    peak = ordered[-1]
    for (i, j), weight in sorted(edges.items(), key=lambda item: item[1]):
        strong = weight >= threshold and weight > ordered[0] or len(set(ordered)) == 1
        (x1, y1), (x2, y2) = points[i], points[j]
        axes.plot([x1, x2], [y1, y2], color=INK if strong else GREYS[1], zorder=1,
                  linestyle="-" if strong else (0, (4, 3)),
                  linewidth=(1.5 + 3.5 * weight / peak) if strong else 1.0)
        axes.text((x1 + x2) / 2, (y1 + y2) / 2, _count(weight, lang), fontsize=LABEL_PT, ha="center", va="center",
                  zorder=3,
                  bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none"})
    for (x, y), label in zip(points, groups):
        axes.scatter([x], [y], s=220, color="white", edgecolors=INK, linewidths=1.5, zorder=2)
        axes.text(x * 1.17, y * 1.17, _wrap(label, 18, lines=3), fontsize=LABEL_PT, zorder=4,
                  ha="center" if abs(x) < 0.3 else ("left" if x > 0 else "right"),
                  va="center" if abs(y) > 0.3 or abs(x) >= 0.3 else ("bottom" if y > 0 else "top"))
    axes.set_xlim(-1.9, 1.9)
    axes.set_ylim(-1.35, 1.35)
    axes.legend(handles=[Line2D([], [], color=INK, linewidth=3.5, label=strong_label),
                         Line2D([], [], color=GREYS[1], linewidth=1.0, linestyle=(0, (4, 3)), label=weak_label)],
                loc="lower center", bbox_to_anchor=(0.5, -0.08), ncol=2, fontsize=LABEL_PT, frameon=False)
    return figure
