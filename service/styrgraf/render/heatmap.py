"""The coverage matrix drawn as a heat map: boards x strategic areas, in SVG.

:func:`render` is a pure function of the matrix of
:meth:`styrgraf.analysis.coverage.Coverage.to_json` (``{"boards", "areas", "cells"}``). Each cell
is a link (where ``href`` gives one) that shows the number of övergripande mål in large type, the
nämndsmål and aktiviteter beneath, and its status three ways at once, so that it reads the same
printed in black and white as on a screen: a fill (shade), a pattern (none, hatching,
cross-hatching, dots) and a symbol with a word. A legend below the grid explains the four. The
drawing carries a ``<title>`` and ``<desc>``, and every cell a title of its own, for screen
readers; the page shows the same matrix as a table too.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from styrgraf.i18n.languages import catalogue_language
from styrgraf.i18n.words import word
from styrgraf.render.links import href as safe_href

STATUSES = ("ok", "empty", "overfull", "exempt", "council")

_STYLE = {
    # status: (fill, pattern id or None, symbol)
    "ok": ("#cfe8d5", None, "✓"),
    "empty": ("#ffffff", "hm-hatch", "○"),
    "overfull": ("#f6d2bf", "hm-cross", "▲"),
    "exempt": ("#eeeeee", "hm-dots", "–"),
    "council": ("#dde6f3", None, "◆"),
}
"""Fill, pattern and symbol per status: every status differs in at least two of the three."""

CELL_W, CELL_H = 172, 66
LABEL_W = 300
HEAD_H = 44
GAP = 4
LEGEND_H = 130
_LINE = 29
"""Characters per line of a board label before it wraps."""


def status_word(status: str, lang: str) -> str:
    """The status of a cell in words: ``saknar mål``, ``too many goals``, ..."""
    return word(f"heatmap.status.{status}", lang)


def symbol(status: str) -> str:
    """The symbol drawn in a cell of this status."""
    return _STYLE[status][2]


def wrap(text: str, width: int, lines: int) -> list[str]:
    """A label in at most ``lines`` lines of at most ``width`` characters, breaking between
    words; what does not fit is cut from the last line with an ellipsis."""
    out: list[str] = []
    current = ""
    for part in text.split():
        if current and len(current) + 1 + len(part) > width:
            out.append(current)
            current = part
        else:
            current = f"{current} {part}".strip()
    out.append(current)
    if len(out) > lines:
        rest = " ".join(out[lines - 1 :])
        out = [*out[: lines - 1], rest[: width - 1].rstrip() + "…"]
    return out


def _defs() -> str:
    return (
        "<defs>"
        '<pattern id="hm-hatch" width="8" height="8" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)">'
        '<rect width="8" height="8" fill="#ffffff"/>'
        '<line x1="0" y1="0" x2="0" y2="8" stroke="#555555" stroke-width="1.5"/></pattern>'
        '<pattern id="hm-cross" width="8" height="8" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)">'
        '<rect width="8" height="8" fill="#f6d2bf"/>'
        '<line x1="0" y1="0" x2="0" y2="8" stroke="#7a2e0e" stroke-width="1.2"/>'
        '<line x1="0" y1="0" x2="8" y2="0" stroke="#7a2e0e" stroke-width="1.2"/></pattern>'
        '<pattern id="hm-dots" width="6" height="6" patternUnits="userSpaceOnUse">'
        '<rect width="6" height="6" fill="#eeeeee"/>'
        '<circle cx="3" cy="3" r="0.9" fill="#777777"/></pattern>'
        "</defs>"
    )


_CSS = (
    "<style>"
    ".hm text{font-family:'DejaVu Sans',Verdana,system-ui,sans-serif;fill:#1a1a1a}"
    ".hm .hm-head{font-size:15px;font-weight:bold}"
    ".hm .hm-board{font-size:13px}"
    ".hm .hm-count{font-size:22px;font-weight:bold}"
    ".hm .hm-small{font-size:11.5px}"
    ".hm .hm-symbol{font-size:15px}"
    ".hm .hm-plate{fill:#ffffff;fill-opacity:0.92}"
    ".hm a:focus rect.hm-cell,.hm a:hover rect.hm-cell{stroke:#0b3d91;stroke-width:4}"
    ".hm a.hm-c:focus{outline:none}"
    ".hm a.hm-h text{fill:#0a5a9c;text-decoration:underline}"
    ".hm a.hm-h:focus text,.hm a.hm-h:hover text{fill:#1a1a1a;text-decoration-thickness:2px}"
    "</style>"
)


def _fill(status: str) -> str:
    fill, pattern, _ = _STYLE[status]
    return f"url(#{pattern})" if pattern else fill


def _cell(cell: Mapping[str, Any], x: int, y: int, lang: str, href: str | None) -> str:
    status = str(cell["status"])
    said = status_word(status, lang)
    label = word(
        "heatmap.cell",
        lang,
        board=cell.get("board_label") or cell["board"],
        area=cell.get("area_label") or cell["area"],
        goals=cell["overarching_goals"],
        board_goals=cell["board_goals"],
        activities=cell["activities"],
        status=said,
    )
    board_goals, activities = word("heatmap.board_goals", lang), word("heatmap.activities", lang)
    # A white plate under the text keeps it legible over a pattern.
    parts = [
        f"<title>{escape(label)}</title>",
        f'<rect class="hm-cell" x="{x}" y="{y}" width="{CELL_W}" height="{CELL_H}" '
        f'fill="{_fill(status)}" stroke="#444444" stroke-width="1"/>',
        f'<rect class="hm-plate" x="{x + 10}" y="{y + 9}" width="{CELL_W - 20}" '
        f'height="{CELL_H - 18}" rx="3"/>',
        f'<text class="hm-symbol" x="{x + 15}" y="{y + 29}">{symbol(status)}</text>',
        f'<text class="hm-count" x="{x + 36}" y="{y + 32}">{cell["overarching_goals"]}</text>',
        f'<text class="hm-small" x="{x + 62}" y="{y + 29}">{escape(said)}</text>',
        f'<text class="hm-small" x="{x + 15}" y="{y + 51}">{cell["board_goals"]} '
        f"{escape(board_goals)} · {cell['activities']} {escape(activities)}</text>",
    ]
    data = (
        f" data-board={quoteattr(str(cell['board']))} data-area={quoteattr(str(cell['area']))}"
        f' data-status="{status}" data-goals="{cell["overarching_goals"]}"'
        f' data-board-goals="{cell["board_goals"]}" data-activities="{cell["activities"]}"'
    )
    body = "".join(parts)
    href = safe_href(href)
    if href is None:
        return f'<g class="hm-c"{data}>{body}</g>'
    # The title names the link: a label that differed from the visible text would confuse
    # speech input (WCAG 2.5.3).
    return f'<a class="hm-c" href={quoteattr(href)}{data}>{body}</a>'


def _legend(y: int, width: int, lang: str) -> str:
    legend = escape(word("heatmap.legend", lang))
    parts = [f'<text class="hm-head" x="0" y="{y + 18}">{legend}</text>']
    step = max(150, (width - 10) // 4)
    for i, status in enumerate(STATUSES):
        x = (i % 4) * step if i < 4 else 0
        row = 0 if i < 4 else 1
        top = y + 30 + row * 40
        parts.append(
            f'<g class="hm-key" data-status="{status}">'
            f'<rect x="{x}" y="{top}" width="34" height="28" fill="{_fill(status)}" '
            'stroke="#444444"/>'
            f'<rect class="hm-plate" x="{x + 6}" y="{top + 5}" width="22" height="18" rx="3"/>'
            f'<text class="hm-symbol" x="{x + 10}" y="{top + 20}">{symbol(status)}</text>'
            f'<text class="hm-board" x="{x + 42}" y="{top + 19}">'
            f"{escape(status_word(status, lang))}</text>"
            "</g>"
        )
    big, board_goals = word("heatmap.big", lang), word("heatmap.board_goals", lang)
    activities = word("heatmap.activities.long", lang)
    parts.append(
        f'<text class="hm-board" x="0" y="{y + 118}">{escape(big)}; '
        f"{escape(board_goals)} · {escape(activities)}</text>"
    )
    return "".join(parts)


def render(
    matrix: Mapping[str, Any],
    lang: str = "sv",
    href: Callable[[Mapping[str, Any]], str | None] | None = None,
    area_href: Callable[[Mapping[str, Any]], str | None] | None = None,
    board_href: Callable[[Mapping[str, Any]], str | None] | None = None,
    standalone: bool = False,
) -> str:
    """The matrix as an SVG document: one row per board, one column per strategic area.

    ``href(cell)`` gives the link of a cell (none when it returns None, or without ``href``);
    ``board_href(board)`` and ``area_href(area)`` those of the row and column headings.
    ``standalone`` adds the XML declaration, for a file of its own.
    """
    boards = list(matrix["boards"])
    areas = list(matrix["areas"])
    cells = {(c["board"], c["area"]): c for c in matrix["cells"]}
    grid_w = LABEL_W + len(areas) * (CELL_W + GAP)
    width = max(grid_w, 4 * 150 + 10)
    grid_h = HEAD_H + len(boards) * (CELL_H + GAP)
    height = grid_h + 16 + LEGEND_H
    counts = {s: sum(1 for c in matrix["cells"] if c["status"] == s) for s in STATUSES}
    desc = word("heatmap.desc", lang, **counts)
    title = word("heatmap.title", lang)
    out = [
        ("<?xml version='1.0' encoding='utf-8'?>\n" if standalone else "")
        + f'<svg xmlns="http://www.w3.org/2000/svg" class="hm" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="group" lang="{catalogue_language(lang)}" '
        'aria-labelledby="hm-title hm-desc">',
        f'<title id="hm-title">{escape(title)}</title>',
        f'<desc id="hm-desc">{escape(desc)}</desc>',
        _CSS,
        _defs(),
    ]
    board_heading = escape(word("heatmap.board", lang))
    out.append(f'<text class="hm-head" x="0" y="{HEAD_H - 14}">{board_heading}</text>')
    for j, area in enumerate(areas):
        x = LABEL_W + j * (CELL_W + GAP)
        text = (
            f'<text class="hm-head" x="{x + CELL_W // 2}" y="{HEAD_H - 14}" '
            f'text-anchor="middle">{escape(area.get("label") or area["iri"])}</text>'
        )
        link = safe_href(area_href(area)) if area_href else None
        out.append(f'<a class="hm-h" href={quoteattr(link)}>{text}</a>' if link else text)
    for i, board in enumerate(boards):
        y = HEAD_H + i * (CELL_H + GAP)
        lines = wrap(str(board.get("label") or board["iri"]), _LINE, 2)
        top = y + CELL_H // 2 + 5 - (len(lines) - 1) * 8
        spans = "".join(
            f'<tspan x="0" y="{top + n * 16}">{escape(line)}</tspan>'
            for n, line in enumerate(lines)
        )
        text = f'<text class="hm-board">{spans}</text>'
        link = safe_href(board_href(board)) if board_href else None
        out.append(f'<a class="hm-h" href={quoteattr(link)}>{text}</a>' if link else text)
        for j, area in enumerate(areas):
            cell = cells.get((board["iri"], area["iri"]))
            if cell is None:
                continue
            x = LABEL_W + j * (CELL_W + GAP)
            out.append(_cell(cell, x, y, lang, href(cell) if href else None))
    out.append(_legend(grid_h + 16, width, lang))
    out.append("</svg>")
    return "".join(out)
