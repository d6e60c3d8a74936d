"""The drawing of a node's paths up to the vision: where each box goes (:func:`trace_drawing`,
a pure function of the paths :func:`styrgraf.analysis.trace.trace` returns), drawn by the
``trace.svg`` template (:func:`trace_svg`).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from typing import Any

from markupsafe import Markup

from styrgraf.i18n.languages import catalogue_language
from styrgraf.model.hierarchy_schema import hierarchy_schema
from styrgraf.render.drawings import draw
from styrgraf.render.heatmap import wrap
from styrgraf.vocabulary import SG

#: The drawing of a trace: box size and spacing, in SVG user units.
BOX_WIDTH, BOX_GAP, ROW_GAP, LINE, CHARS = 280, 28, 44, 18, 34


def trace_drawing(paths: Sequence[Sequence[dict[str, Any]]]) -> dict[str, Any]:
    """The paths up to the vision laid out as boxes in rows, one row per class of the
    hierarchy, the vision on top, with an arrow for each upward link."""
    schema = hierarchy_schema()
    hops: dict[str, dict[str, Any]] = {}
    for path in paths:
        for hop in path:
            hops.setdefault(hop["iri"], hop)
    start = paths[0][0]["iri"]

    def level(hop: dict[str, Any]) -> int:
        return schema.rank(str(hop.get("type") or "").removeprefix(SG))

    levels = sorted({level(h) for h in hops.values()})
    rows: list[list[str]] = [[] for _ in levels]
    for path in paths:
        for hop in reversed(path):
            row = rows[levels.index(level(hop))]
            if hop["iri"] not in row:
                row.append(hop["iri"])
    widest = max(len(row) for row in rows)
    width = widest * BOX_WIDTH + (widest - 1) * BOX_GAP + 8
    boxes: dict[str, dict[str, Any]] = {}
    y = 4
    for row in rows:
        texts = {iri: wrap(str(hops[iri].get("label") or iri), CHARS, 4) for iri in row}
        height = 26 + LINE * max(len(t) for t in texts.values()) + 8
        span = len(row) * BOX_WIDTH + (len(row) - 1) * BOX_GAP
        x = (width - span) / 2
        for iri in row:
            hop = hops[iri]
            kind = str(hop.get("type") or "").removeprefix(SG)
            boxes[iri] = {
                "iri": iri,
                "x": x,
                "y": y,
                "width": BOX_WIDTH,
                "height": height,
                "lines": texts[iri],
                "kind": hop.get("type_label") or kind,
                "role": "start" if iri == start else "vision" if kind in schema.top else "step",
                "lang": hop.get("label_lang"),
            }
            x += BOX_WIDTH + BOX_GAP
        y += height + ROW_GAP
    arrows = []
    seen: set[tuple[str, str]] = set()
    for path in paths:
        for lower, upper in itertools.pairwise(path):
            pair = (lower["iri"], upper["iri"])
            if pair in seen:
                continue
            seen.add(pair)
            a, b = boxes[lower["iri"]], boxes[upper["iri"]]
            arrows.append(
                {
                    "x1": a["x"] + a["width"] / 2,
                    "y1": a["y"],
                    "x2": b["x"] + b["width"] / 2,
                    "y2": b["y"] + b["height"] + 2,
                    "link": lower.get("link"),
                }
            )
    return {
        "width": width,
        "height": y - ROW_GAP + 4,
        "boxes": list(boxes.values()),
        "arrows": arrows,
    }


def trace_svg(
    paths: Sequence[Sequence[dict[str, Any]]],
    label: str,
    href: Callable[[str], str | None],
    lang: str,
    standalone: bool = False,
) -> Markup:
    """The paths up from the node called ``label`` drawn as SVG, in the catalogue language of
    ``lang``; each box links to ``href(iri)`` (none where that is None). ``standalone`` makes
    it a file of its own: the XML declaration and the SVG namespace."""
    return draw(
        "trace.svg",
        drawing=trace_drawing(paths),
        label=label,
        href=href,
        lang=catalogue_language(lang),
        standalone=standalone,
    )
