"""The coverage matrix drawn as a heat map: boards x strategic areas, in SVG.

:func:`render` is a pure function of the matrix of
:meth:`styrgraf.analysis.coverage.Coverage.to_json` (``{"boards", "areas", "cells"}``). Each cell
is a link (where ``href`` gives one) that shows the number of övergripande mål in large type, the
nämndsmål and aktiviteter beneath, and its status three ways at once, so that it reads the same
printed in black and white as on a screen: a fill (shade), a pattern (none, hatching,
cross-hatching, dots) and a symbol with a word. A legend below the grid explains the four. The
drawing carries a ``<title>`` and ``<desc>``, and every cell a title of its own, for screen
readers; the page shows the same matrix as a table too.

This module lays the drawing out (:func:`layout`: where each heading, cell and key goes, its
status, fill and link); the template ``templates/heatmap.svg`` draws it, in the words of the
catalogue (:mod:`styrgraf.render.drawings`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from styrgraf.i18n.languages import catalogue_language
from styrgraf.i18n.words import word
from styrgraf.render.drawings import draw
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


def _fill(status: str) -> str:
    fill, pattern, _ = _STYLE[status]
    return f"url(#{pattern})" if pattern else fill


Link = Callable[[Mapping[str, Any]], str | None]


def _link(make: Link | None, entry: Mapping[str, Any]) -> str | None:
    return safe_href(make(entry)) if make else None


def layout(
    matrix: Mapping[str, Any],
    href: Link | None = None,
    area_href: Link | None = None,
    board_href: Link | None = None,
) -> dict[str, Any]:
    """Where everything of the drawing goes: the size, the area headings, the boards' rows with
    their cells, and the keys of the legend, each with its status, fill, symbol and link (a
    safe one, or None)."""
    boards = list(matrix["boards"])
    areas = list(matrix["areas"])
    cells = {(c["board"], c["area"]): c for c in matrix["cells"]}
    grid_w = LABEL_W + len(areas) * (CELL_W + GAP)
    width = max(grid_w, 4 * 150 + 10)
    grid_h = HEAD_H + len(boards) * (CELL_H + GAP)
    rows = []
    for i, board in enumerate(boards):
        y = HEAD_H + i * (CELL_H + GAP)
        lines = wrap(str(board.get("label") or board["iri"]), _LINE, 2)
        top = y + CELL_H // 2 + 5 - (len(lines) - 1) * 8
        drawn = []
        for j, area in enumerate(areas):
            cell = cells.get((board["iri"], area["iri"]))
            if cell is None:
                continue
            status = str(cell["status"])
            drawn.append(
                {
                    "x": LABEL_W + j * (CELL_W + GAP),
                    "y": y,
                    "status": status,
                    "fill": _fill(status),
                    "symbol": symbol(status),
                    "board": cell["board"],
                    "area": cell["area"],
                    "board_label": cell.get("board_label") or cell["board"],
                    "area_label": cell.get("area_label") or cell["area"],
                    "goals": cell["overarching_goals"],
                    "board_goals": cell["board_goals"],
                    "activities": cell["activities"],
                    "href": _link(href, cell),
                }
            )
        rows.append(
            {
                "lines": [{"y": top + n * 16, "text": line} for n, line in enumerate(lines)],
                "href": _link(board_href, board),
                "cells": drawn,
            }
        )
    legend_y = grid_h + 16
    step = max(150, (width - 10) // 4)
    return {
        "width": width,
        "height": legend_y + LEGEND_H,
        "cell_width": CELL_W,
        "cell_height": CELL_H,
        "head_y": HEAD_H - 14,
        "counts": {s: sum(1 for c in matrix["cells"] if c["status"] == s) for s in STATUSES},
        "areas": [
            {
                "x": LABEL_W + j * (CELL_W + GAP) + CELL_W // 2,
                "label": area.get("label") or area["iri"],
                "href": _link(area_href, area),
            }
            for j, area in enumerate(areas)
        ],
        "boards": rows,
        "legend_y": legend_y,
        "legend": [
            {
                "status": status,
                "x": (i % 4) * step if i < 4 else 0,
                "top": legend_y + 30 + (0 if i < 4 else 1) * 40,
                "fill": _fill(status),
                "symbol": symbol(status),
            }
            for i, status in enumerate(STATUSES)
        ],
    }


def render(
    matrix: Mapping[str, Any],
    lang: str = "sv",
    href: Link | None = None,
    area_href: Link | None = None,
    board_href: Link | None = None,
    standalone: bool = False,
) -> str:
    """The matrix as an SVG document: one row per board, one column per strategic area, in the
    catalogue language of ``lang``.

    ``href(cell)`` gives the link of a cell (none when it returns None, or without ``href``);
    ``board_href(board)`` and ``area_href(area)`` those of the row and column headings.
    ``standalone`` adds the XML declaration, for a file of its own.
    """
    laid_out = layout(matrix, href, area_href, board_href)
    language = catalogue_language(lang)
    return str(draw("heatmap.svg", lang=language, standalone=standalone, **laid_out))
