"""The follow-up charts, drawn on the server as SVG that reads without colour and without sight.

- :func:`indicator_chart`: an indicator's values per year (the total strongest, women and men
  beside it), interim values hollow and placed after their year, the baseline (dotted) and the
  target (dashed, labelled), and under the years the goal's status in each period as a symbol,
  a pattern and a colour at once.
- :func:`distance_chart`: the vision's number against the straight path from its start to its
  target, where it should be now and where it is, and the path on at the present pace (dashed)
  to the year it would reach the target.

Each is an ``<svg role="img">`` whose ``<title>`` names the chart and whose ``<desc>`` says the
latest value against the target in words (:mod:`styrgraf.render.chart_words`, which also gives
the same numbers as table rows for the page). The inputs are the frozen dataclasses of
:mod:`styrgraf.render.chart_data`, named here too; the axes come from
:mod:`styrgraf.render.chart_axes`; the templates are ``indicator_chart.svg`` and
``distance_chart.svg`` with the parts they share in ``chart_parts.svg``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any

from styrgraf.i18n.languages import catalogue_language
from styrgraf.i18n.words import number, word
from styrgraf.render.chart_axes import Scale, label_step, text_width, value_ticks
from styrgraf.render.chart_data import (
    KNOWN_STATUSES,
    ChartSeries,
    DistanceChart,
    IndicatorChart,
    Mark,
    Observation,
)
from styrgraf.render.chart_words import (
    chart_columns,
    chart_rows,
    direction,
    distance_desc,
    distance_pace,
    figure,
    indicator_desc,
    latest,
    now_year,
    pace_note,
    path_value,
    period,
    rounded,
)
from styrgraf.render.drawings import draw
from styrgraf.render.heatmap import wrap

__all__ = [
    "ChartSeries",
    "DistanceChart",
    "IndicatorChart",
    "Mark",
    "Observation",
    "chart_columns",
    "chart_rows",
    "distance_chart",
    "indicator_chart",
    "mark_style",
]

WIDTH = 520
PLOT_HEIGHT = 240
RIGHT = 24
TICK_SIZE = 12
INSET = 8
LEGEND_COLUMN = 256
LEGEND_CHARS = 27
_ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,63}")

#: How each series is drawn: colour, line width, point shape and size (the total strongest).
SERIES_STYLE = {
    "total": {"colour": "#0b3d62", "width": 3.5, "shape": "circle", "size": 5.5},
    "women": {"colour": "#9a3b78", "width": 2, "shape": "triangle", "size": 5},
    "men": {"colour": "#2f6b3a", "width": 2, "shape": "square", "size": 4.5},
}

#: The five drawings of a status, from the best to the worst, and the one of not assessed:
#: (symbol, fill, ink of the pattern, pattern). Any two differ in symbol and pattern both.
LADDER = (
    ("✓", "#cde9d4", "#1e6b34", "vertical"),
    ("+", "#e2f0c8", "#4d6b12", "horizontal"),
    ("◐", "#fbeaa5", "#7a5c00", "diagonal"),
    ("\u2212", "#f9d6b5", "#8a3f00", "grid"),
    ("✗", "#f4c2bb", "#8b1a10", "cross"),
)
NOT_ASSESSED = ("?", "#ececec", "#555555", "dots")

#: The arrow before the direction in words, beside the unit.
ARROW = {"higher": "▲ ", "lower": "▼ "}


def mark_style(mark: Mark) -> tuple[str, str, str, str]:
    """How a status is drawn: (symbol, fill, ink, pattern), by its place on its scale where the
    mark gives one, else by its key, else as not assessed."""
    if mark.rank is not None and mark.steps is not None:
        return LADDER[round((mark.rank - 1) * (len(LADDER) - 1) / (mark.steps - 1))]
    place = KNOWN_STATUSES.get(mark.status)
    return NOT_ASSESSED if place is None else LADDER[place]


def _check_id(id: str) -> None:
    if not isinstance(id, str) or not _ID.fullmatch(id):
        raise ValueError(
            f"id must be a letter followed by letters, digits, '-' or '_' (at most 64), not {id!r}"
        )


class _Frame:
    """The drawing's frame: the heading, the plot's box and its two scales (for ``values`` and
    for the times ``years``), and the legend's entries as they are added."""

    def __init__(
        self, title: str, sub: str, values: Sequence[float], years: Sequence[float], lang: str
    ) -> None:
        self.name = title
        self.title = wrap(title, 46, 3)
        self.sub = sub
        self.top = 22 + 20 * len(self.title) + 22
        self.bottom = self.top + PLOT_HEIGHT
        self.right = WIDTH - RIGHT
        self.legend: list[dict[str, Any]] = []
        ticks = value_ticks(values) if values else []
        texts = [number(t, lang) for t in ticks]
        self.left = round(max([text_width(t, TICK_SIZE) for t in texts] + [24]) + 16)
        lo, hi = (ticks[0], ticks[-1]) if ticks else (0.0, 1.0)
        # A little room inside the plot's box, so that a line at the least or greatest tick
        # stays clear of the axis and of the box's top.
        self.y = Scale(lo, hi, self.bottom - INSET, self.top + INSET)
        start, end = (min(years) - 0.5, max(years) + 0.5) if years else (0.0, 1.0)
        self.x = Scale(start, end, self.left, self.right)
        self.per_year = (self.right - self.left) / (end - start)
        first, last = (math.ceil(start), math.floor(end)) if years else (1, 0)
        step = label_step(last - first + 1, self.right - self.left)
        self.axes = {
            "ticks": [
                {"value": repr(t), "y": self.y(t), "text": x}
                for t, x in zip(ticks, texts, strict=True)
            ],
            "zero": self.y(0.0) if ticks and lo < 0 < hi else None,
            "years": [
                {"year": year, "x": self.x(year), "text": str(year) if year % step == 0 else ""}
                for year in range(first, last + 1)
            ],
        }

    def label_y(self, y: float, above: bool) -> float:
        """Where the label of a line or point at ``y`` goes: above it or below it as asked,
        unless that leaves the plot."""
        if (above and y - 8 < self.top + 12) or (not above and y + 16 > self.bottom - 4):
            above = not above
        return y - 8 if above else y + 16

    def add(self, kind: str, text: str, **drawing: Any) -> None:
        """An entry of the legend: what it shows (``kind`` and ``drawing``), said in ``text``."""
        self.legend.append({"kind": kind, "lines": wrap(text, LEGEND_CHARS, 3), **drawing})

    def drawing(self, top: float, lang: str, id: str, desc: str) -> dict[str, Any]:
        """What every chart's template is given; the legend laid out two entries to a row from
        ``top``, and the drawing's height below it."""
        y = top + 22
        for pair in range(0, len(self.legend), 2):
            row = self.legend[pair : pair + 2]
            for column, entry in enumerate(row):
                entry["x"], entry["y"] = 8 + column * LEGEND_COLUMN, y
            y += max(18 * len(entry["lines"]) for entry in row) + 10
        return {
            "lang": lang,
            "id": id,
            "width": WIDTH,
            "height": round(y + 4),
            "name": self.name,
            "title": self.title,
            "sub": self.sub,
            "desc": desc,
            "plot": {
                "left": self.left,
                "right": self.right,
                "top": self.top,
                "bottom": self.bottom,
            },
            "legend": self.legend,
            **self.axes,
        }


def _points(
    observations: Sequence[Observation], frame: _Frame, lang: str, unit: str, label: str
) -> dict[str, Any]:
    """A series's points (hollow for interims) and the line through its full years."""
    ordered = sorted(observations, key=lambda o: o.position)
    full = [o for o in ordered if o.part == "full"]
    line = " ".join(
        f"{'M' if i == 0 else 'L'}{frame.x(o.position)},{frame.y(o.value)}"
        for i, o in enumerate(full)
    )
    return {
        "line": line if len(full) > 1 else "",
        "points": [
            {
                "year": o.year,
                "part": o.part,
                "value": repr(float(o.value)),
                "x": frame.x(o.position),
                "y": frame.y(o.value),
                "interim": o.part == "interim",
                "title": f"{label}, {period(o, lang)}: {figure(o.value, unit, lang)}",
            }
            for o in ordered
        ],
    }


def _marks(chart: IndicatorChart, frame: _Frame, lang: str, id: str) -> dict[str, Any]:
    """The statuses in a strip under the years: one row for full years, one for interims."""
    rows = ["full"] + (["interim"] if any(m.part == "interim" for m in chart.marks) else [])
    size = max(10.0, min(20.0, round(frame.per_year - 3, 1)))
    top = frame.bottom + 30
    drawn, patterns = [], {}
    for mark in sorted(chart.marks, key=lambda m: (m.year, m.part)):
        symbol, fill, ink, pattern = mark_style(mark)
        centre = frame.x(Observation(mark.year, 0, mark.part).position)
        drawn.append(
            {
                "status": mark.status,
                "year": mark.year,
                "part": mark.part,
                "x": round(centre - size / 2, 2),
                "y": top + rows.index(mark.part) * (size + 6),
                "size": size,
                "symbol": symbol,
                "pattern": f"{id}-{pattern}",
                "title": f"{period(mark, lang)}: {mark.label}",
            }
        )
        if pattern not in patterns:
            patterns[pattern] = {"kind": pattern, "id": f"{id}-{pattern}", "fill": fill, "ink": ink}
            frame.add("mark", mark.label, pattern=f"{id}-{pattern}", symbol=symbol)
    return {
        "marks": drawn,
        "patterns": list(patterns.values()),
        "bottom": top + len(rows) * (size + 6) if drawn else frame.bottom + 24,
    }


def indicator_chart(chart: IndicatorChart, lang: str, *, id: str) -> str:
    """The indicator chart as SVG text, in the catalogue language of ``lang``; ``id`` (a letter,
    then letters, digits, ``-`` or ``_``) is the ``<svg>``'s id and prefixes every id inside, so
    that two charts can share a page. A ValueError names a bad ``id``."""
    _check_id(id)
    lang = catalogue_language(lang)
    observed = [o for s in chart.series for o in s.observations]
    fixed = [p for p in (chart.baseline, chart.target) if p is not None]
    frame = _Frame(
        chart.title,
        " · ".join(p for p in (chart.unit, ARROW[chart.direction] + direction(chart, lang)) if p),
        [o.value for o in observed] + [v for _, v in fixed],
        [o.position for o in observed]
        + [float(y) for y, _ in fixed]
        + [Observation(m.year, 0, m.part).position for m in chart.marks],
        lang,
    )
    series = []
    for s in sorted(chart.series, key=lambda s: ["men", "women", "total"].index(s.key)):
        drawn = _points(s.observations, frame, lang, chart.unit, s.label)
        series.append({"key": s.key, **SERIES_STYLE[s.key], **drawn})
    for s in chart.series:
        frame.add("series", s.label, **SERIES_STYLE[s.key])
    if any(o.part == "interim" for o in observed):
        frame.add("interim", word("chart.interim", lang))
    said = {
        "baseline": lambda v, y: word("chart.baseline", lang, value=v, year=y),
        "target": lambda v, y: word("chart.target", lang, value=v, year=y),
    }
    # Each line's label goes on its outer side: the target's above when it is the higher.
    above = chart.direction == "higher"
    if chart.baseline and chart.target:
        above = chart.target[1] >= chart.baseline[1]
    lines = {}
    for name, point, up in (
        ("baseline", chart.baseline, not above),
        ("target", chart.target, above),
    ):
        if point is not None:
            text = said[name](figure(point[1], chart.unit, lang), str(point[0]))
            y = frame.y(point[1])
            lines[name] = {
                "value": repr(float(point[1])),
                "year": point[0],
                "x": frame.x(point[0]),
                "y": y,
                "label_y": frame.label_y(y, up),
                "text": text,
            }
            frame.add(name, text)
    marks = _marks(chart, frame, lang, id)
    return str(
        draw(
            "indicator_chart.svg",
            **frame.drawing(marks.pop("bottom"), lang, id, indicator_desc(chart, lang)),
            series=series,
            lines=lines,
            nothing=word("chart.none", lang) if not observed else "",
            **marks,
        )
    )


def distance_chart(chart: DistanceChart, lang: str, *, id: str) -> str:
    """The distance chart as SVG text, in the catalogue language of ``lang``, with ``id`` as for
    :func:`indicator_chart`: the observed values, the straight path from start to target,
    where the number should be now and where it is, and the present pace on (dashed) to the
    year it reaches the target, or to the chart's end with a note that it never does."""
    _check_id(id)
    lang = catalogue_language(lang)
    (start_year, start), (target_year, target) = chart.start, chart.target
    last, now, pace = latest(chart.series), now_year(chart), distance_pace(chart)
    times = [start_year, target_year, *(o.position for o in chart.series)]
    times += [now] if now is not None else []
    # The pace goes on to the target, or, where that is further off than the path is long,
    # to as far again as the path; where it never gets there, to the chart's end.
    stop = None
    if last is not None and pace.per_year is not None:
        end = max(times)
        if pace.year is not None:
            end = min(pace.year, max(target_year, last.position) + target_year - start_year)
        if end > last.position:
            stop = (end, last.value + pace.per_year * (end - last.position))
    frame = _Frame(
        chart.title,
        chart.unit,
        [start, target, *(o.value for o in chart.series), *([stop[1]] if stop else [])],
        times + ([stop[0]] if stop else []),
        lang,
    )
    ends = [
        {"name": name, "x": frame.x(year), "y": frame.y(value)}
        for name, (year, value) in (("start", chart.start), ("target", chart.target))
    ]
    observed = _points(chart.series, frame, lang, chart.unit, word("chart.observed", lang))
    frame.add("series", word("chart.observed", lang), **SERIES_STYLE["total"])
    if any(o.part == "interim" for o in chart.series):
        frame.add("interim", word("chart.interim", lang))
    frame.add(
        "path",
        word(
            "chart.path",
            lang,
            start=figure(start, chart.unit, lang),
            start_year=str(start_year),
            target=figure(target, chart.unit, lang),
            target_year=str(target_year),
        ),
    )
    extension = None
    if stop is not None and last is not None:
        extension = {
            "d": f"M{frame.x(last.position)},{frame.y(last.value)} "
            f"L{frame.x(stop[0])},{frame.y(stop[1])}",
            "year": repr(stop[0]),
            "x": frame.x(stop[0]),
            "y": frame.y(stop[1]),
            "reaches": pace.year is not None and stop[0] >= pace.year,
        }
        frame.add("pace", word("chart.pace", lang))
    # Where the number should be now and where it is: marked on the drawing, said in the legend.
    positions = {}
    if last is not None and now is not None:
        should = path_value(chart, now)
        positions = {
            "should": {"x": frame.x(now), "y": frame.y(should)},
            "is": {"x": frame.x(last.position), "y": frame.y(last.value)},
        }
        value = figure(rounded(chart, should), chart.unit, lang)
        frame.add("should", word("chart.should", lang, year=str(now), value=value))
        value = figure(last.value, chart.unit, lang)
        frame.add("is", word("chart.is", lang, period=period(last, lang), value=value))
    note = wrap(pace_note(chart, lang), 66, 3) if last else []
    top = frame.bottom + 44
    return str(
        draw(
            "distance_chart.svg",
            **frame.drawing(top + 18 * len(note), lang, id, distance_desc(chart, lang)),
            path={
                "d": f"M{ends[0]['x']},{ends[0]['y']} L{ends[1]['x']},{ends[1]['y']}",
                "ends": ends,
            },
            series=[{"key": "total", **SERIES_STYLE["total"], **observed}],
            extension=extension,
            positions=positions,
            note=[{"y": top + 18 * i, "text": line} for i, line in enumerate(note)],
            nothing=word("chart.none", lang) if last is None else "",
        )
    )
