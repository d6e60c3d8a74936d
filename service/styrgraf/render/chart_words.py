"""The follow-up charts in words and in a table: what a chart's ``<desc>`` says (the latest value
against the target and which way is better), the pace of the vision's number, and the same
numbers as rows that a page puts in a ``<table>`` beside the drawing.

Every number is written as the language writes it (``7,2`` and ``35 000`` in Swedish) with the
chart's unit after it; a year is written as a year (``2022``, never ``2 022``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from styrgraf.i18n.languages import catalogue_language
from styrgraf.i18n.words import N_, number, word
from styrgraf.render.chart_axes import decimals, significant
from styrgraf.render.chart_data import DistanceChart, IndicatorChart, Mark, Observation

PART_WORDS = {"full": N_("chart.part.full"), "interim": N_("chart.part.interim")}
DIRECTION_WORDS = {"higher": N_("chart.direction.higher"), "lower": N_("chart.direction.lower")}


def figure(value: float, unit: str, lang: str) -> str:
    """A number in the language's form with the unit after it: ``35 000 invånare``."""
    return f"{number(value, lang)} {unit}".strip()


def period(item: Observation | Mark, lang: str) -> str:
    """The period of a value or a status in words: ``2022``, or ``delår 2022``."""
    if item.part == "full":
        return str(item.year)
    return word("chart.period.interim", lang, year=str(item.year))


def latest(observations: Iterable[Observation]) -> Observation | None:
    """The latest of ``observations``: of the latest year, the full year's value where there is
    one (it covers the interim's months and more), else the interim's."""
    return max(observations, key=lambda o: (o.year, o.part == "full"), default=None)


def direction(chart: IndicatorChart, lang: str) -> str:
    """Which way is better, in words: ``högre är bättre``."""
    return word(DIRECTION_WORDS[chart.direction], lang)


def indicator_desc(chart: IndicatorChart, lang: str) -> str:
    """What the indicator chart shows, in sentences: the latest value against the target and
    the direction, the baseline, the latest value of the other series, the latest status."""
    main = chart.main
    last = latest(main.observations) if main else None
    better = direction(chart, lang)
    target = chart.target
    if last is None and target:
        value = figure(target[1], chart.unit, lang)
        said = [
            word(
                "chart.desc.none.target", lang, target=value, year=str(target[0]), direction=better
            )
        ]
    elif last is None:
        said = [word("chart.desc.none", lang, direction=better)]
    else:
        values = {"period": period(last, lang), "value": figure(last.value, chart.unit, lang)}
        if target:
            value = figure(target[1], chart.unit, lang)
            said = [
                word(
                    "chart.desc.latest.target",
                    lang,
                    **values,
                    target=value,
                    year=str(target[0]),
                    direction=better,
                )
            ]
        else:
            said = [word("chart.desc.latest", lang, **values, direction=better)]
    if chart.baseline:
        value = figure(chart.baseline[1], chart.unit, lang)
        said.append(word("chart.desc.baseline", lang, value=value, year=str(chart.baseline[0])))
    for series in chart.series:
        other = latest(series.observations)
        if series is not main and other is not None:
            value = figure(other.value, chart.unit, lang)
            said.append(
                word(
                    "chart.desc.series",
                    lang,
                    label=series.label,
                    period=period(other, lang),
                    value=value,
                )
            )
    mark = max(chart.marks, key=lambda m: (m.year, m.part == "full"), default=None)
    if mark:
        said.append(word("chart.desc.mark", lang, period=period(mark, lang), status=mark.label))
    return " ".join(said)


@dataclass(frozen=True)
class Pace:
    """The vision's number at its present pace: ``state`` is ``reach`` (it reaches the target
    in the fractional ``year``), ``never`` (it stands still or goes the wrong way), ``reached``
    (the latest value is at or past the target), ``unknown`` (no value after the start year
    to take a pace from) or ``none`` (no values at all); ``per_year`` is the pace, the change
    from the start to the latest value divided by the years between them."""

    state: str
    per_year: float | None = None
    year: float | None = None


def distance_pace(chart: DistanceChart) -> Pace:
    """The pace of the vision's number and where it leads (an interim value counts at two
    thirds into its year)."""
    last = latest(chart.series)
    if last is None:
        return Pace("none")
    (start_year, start), (_, target) = chart.start, chart.target
    sign = 1 if target >= start else -1
    if sign * (last.value - target) >= 0:
        return Pace("reached")
    if last.position <= start_year:
        return Pace("unknown")
    per_year = (last.value - start) / (last.position - start_year)
    if per_year * sign <= 0:
        return Pace("never", per_year)
    return Pace("reach", per_year, last.position + (target - last.value) / per_year)


def reach_year(pace: Pace) -> int | None:
    """The calendar year in which the target is reached at the present pace."""
    return None if pace.year is None else math.ceil(pace.year - 1e-9)


def path_value(chart: DistanceChart, position: float) -> float:
    """The value the straight path has at ``position``: the start before it, the target after."""
    (start_year, start), (target_year, target) = chart.start, chart.target
    share = min(1.0, max(0.0, (position - start_year) / (target_year - start_year)))
    return start + (target - start) * share


def now_year(chart: DistanceChart) -> int | None:
    """The year the chart says where the number should be: ``now``, else the latest value's."""
    last = latest(chart.series)
    return chart.now if chart.now is not None else (last.year if last else None)


def rounded(chart: DistanceChart, value: float) -> float:
    """A value computed from the chart's numbers, to as many decimals as they have."""
    given = [chart.start[1], chart.target[1], *(o.value for o in chart.series)]
    return round(value, decimals(given))


def pace_note(chart: DistanceChart, lang: str) -> str:
    """Where the present pace leads, in a sentence (empty where there are no values)."""
    pace = distance_pace(chart)
    if pace.state == "none":
        return ""
    if pace.state == "reached":
        return word("chart.pace.reached", lang)
    if pace.state == "unknown":
        return word("chart.pace.unknown", lang)
    assert pace.per_year is not None
    per_year = figure(significant(pace.per_year), chart.unit, lang)
    if pace.state == "never":
        return word("chart.pace.never", lang, pace=per_year)
    return word("chart.pace.reach", lang, pace=per_year, year=str(reach_year(pace)))


def distance_desc(chart: DistanceChart, lang: str) -> str:
    """What the distance chart shows, in sentences: the latest value, where the path says it
    should be now, and where the present pace leads."""
    last = latest(chart.series)
    ends = {
        "start": figure(chart.start[1], chart.unit, lang),
        "start_year": str(chart.start[0]),
        "target": figure(chart.target[1], chart.unit, lang),
        "target_year": str(chart.target[0]),
    }
    now = now_year(chart)
    if last is None or now is None:
        return word("chart.desc.distance.none", lang, **ends)
    should = figure(rounded(chart, path_value(chart, now)), chart.unit, lang)
    said = word(
        "chart.desc.distance",
        lang,
        period=period(last, lang),
        value=figure(last.value, chart.unit, lang),
        now=str(now),
        should=should,
        **ends,
    )
    return f"{said} {pace_note(chart, lang)}"


def _heading(label: str, unit: str) -> str:
    return f"{label} ({unit})" if unit else label


def chart_columns(chart: IndicatorChart | DistanceChart, lang: str) -> list[tuple[str, str]]:
    """The columns of the chart's table, in order: (key of :func:`chart_rows`, heading)."""
    lang = catalogue_language(lang)
    columns = [("year", word("chart.column.year", lang)), ("part", word("chart.column.part", lang))]
    if isinstance(chart, DistanceChart):
        return [
            *columns,
            ("value", _heading(word("chart.column.value", lang), chart.unit)),
            ("path", _heading(word("chart.column.path", lang), chart.unit)),
        ]
    columns += [(s.key, _heading(s.label, chart.unit)) for s in chart.series]
    if chart.baseline:
        columns.append(("baseline", _heading(word("chart.column.baseline", lang), chart.unit)))
    if chart.target:
        columns.append(("target", _heading(word("chart.column.target", lang), chart.unit)))
    if chart.marks:
        columns.append(("status", word("chart.column.status", lang)))
    return columns


def chart_rows(chart: IndicatorChart | DistanceChart, lang: str) -> list[dict[str, str]]:
    """The chart's numbers as table rows, one per period in time order, a year's interim
    before its full year (a period with a value,
    a status, the baseline's year or the target's), each with every key of
    :func:`chart_columns` (empty where the period has nothing): the year, the part of the
    year in words, then each series's value, the baseline and the target (in their own years)
    and the status; for the distance chart the value and where the straight path is."""
    lang = catalogue_language(lang)
    keys = [key for key, _ in chart_columns(chart, lang)]
    cells: dict[tuple[int, str], dict[str, str]] = {}

    def put(year: int, part: str, key: str, text: str) -> None:
        row = cells.setdefault((year, part), dict.fromkeys(keys, ""))
        row.update({"year": str(year), "part": word(PART_WORDS[part], lang), key: text})

    if isinstance(chart, DistanceChart):
        for o in chart.series:
            put(o.year, o.part, "value", number(o.value, lang))
        for year, _ in (chart.start, chart.target):
            put(year, "full", "path", "")
        for year, part in list(cells):
            position = Observation(year, 0, part).position
            if chart.start[0] <= position <= chart.target[0]:
                put(year, part, "path", number(rounded(chart, path_value(chart, position)), lang))
    else:
        for series in chart.series:
            for o in series.observations:
                put(o.year, o.part, series.key, number(o.value, lang))
        for key, point in (("baseline", chart.baseline), ("target", chart.target)):
            if point:
                put(point[0], "full", key, number(point[1], lang))
        for mark in chart.marks:
            put(mark.year, mark.part, "status", mark.label)
    return [cells[p] for p in sorted(cells, key=lambda p: (p[0], p[1] == "full"))]
