"""The follow-up on a goal's page and on the vision's: the goal's status in every period with
data (computed beside judged), a chart over time of each of a nämndsmål's indicators with its
numbers as a table, and, for every indicator with a numeric target and a series (the vision's
number first of all), the distance to the target in a chart, a table and words: where it should
be now, where it is, the yearly change needed from here and achieved so far, and the year the
target is reached at the present pace.

The statuses are those the service keeps for each period (:meth:`Service.fulfilment`), the
distances :meth:`Service.distances`; while they are still being computed the page says so.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from markupsafe import Markup

from styrgraf.analysis.distance import Distance
from styrgraf.analysis.follow_up_data import FollowUpData, Indicator, Value
from styrgraf.analysis.fulfilment import Fulfilment
from styrgraf.analysis.indicator_outcome import at_least_as_good
from styrgraf.execution.jobs import Timeout
from styrgraf.i18n.words import N_, number, word
from styrgraf.render.chart_axes import decimals
from styrgraf.render.chart_words import distance_desc, figure, indicator_desc
from styrgraf.render.charts import (
    ChartSeries,
    DistanceChart,
    IndicatorChart,
    Mark,
    Observation,
    chart_columns,
    chart_rows,
    distance_chart,
    indicator_chart,
)
from styrgraf.web.follow_up_view import history, mark
from styrgraf.web.service import service

#: The name of each series of an indicator split by gender, the total first.
SERIES_WORDS = {
    "total": N_("followup.series.total"),
    "women": N_("followup.series.women"),
    "men": N_("followup.series.men"),
}


def follow_up_of(
    iri: str, graphs: Sequence[str], lang: str, *, vision: bool = False
) -> dict[str, Any] | None:
    """What a node's page shows of the follow-up: for a nämndsmål or an övergripande mål its
    history (and a nämndsmål its indicators' charts), for the vision (``vision``: the node is
    one) the distance to its number; for any of them the distance of each of its indicators
    with a numeric target and a series. None for any other node; ``{"pending": True}`` while
    it is being computed."""
    current = service()
    try:
        latest = current.fulfilment(period=None, graphs=graphs, lang=lang)
        goal = latest.goals.get(iri)
        if goal is None and not vision:
            return None
        owned = [
            d
            for d in current.distances(graphs=graphs)
            if any(owner == iri for owner, _ in d.indicator.owners)
        ]
        periods = [
            latest
            if period == latest.period
            else current.fulfilment(period=period, graphs=graphs, lang=lang)
            for period in latest.periods
        ]
    except Timeout:
        return {"pending": True}
    labels = latest.labels
    found: dict[str, Any] = {
        "vision": vision and goal is None,
        "distances": [
            distance_view(d, labels.get(d.indicator.iri, d.indicator.iri), lang, f"distance-{n}")
            for n, d in enumerate(owned, 1)
        ],
    }
    if goal is not None:
        found["history"] = history(iri, periods, lang)
        if goal.type == "BoardGoal":
            found["indicators"] = _indicator_views(iri, latest.data, periods, labels, lang)
    return found


def _indicator_views(
    iri: str,
    data: FollowUpData,
    periods: Sequence[Fulfilment],
    labels: dict[str, str],
    lang: str,
) -> list[dict[str, Any]]:
    """Each indicator of the nämndsmål, by name, as a chart over time with its table."""
    marks = tuple(
        mark(f.period, f.goals[iri].computed.step, f.profile, lang)
        for f in periods
        if iri in f.goals
    )
    mine = [i for i in data.indicators.values() if any(owner == iri for owner, _ in i.owners)]
    mine.sort(key=lambda i: (labels.get(i.iri, i.iri).casefold(), i.iri))
    return [
        indicator_view(i, data, marks, labels.get(i.iri, i.iri), lang, f"indicator-{n}")
        for n, i in enumerate(mine, 1)
    ]


def observations(indicator: Indicator, data: FollowUpData, gender: str) -> tuple[Observation, ...]:
    """The municipality's values of ``indicator`` for one group (``total``, ``women`` or
    ``men``) in each period, as the follow-up counts them: a value another of the period's
    values revises set aside, and a period whose values are not one number in the indicator's
    unit left out."""
    municipalities = data.context.municipalities
    by_period: dict[tuple[int, str], list[Value]] = defaultdict(list)
    for value in data.values:
        if (
            value.indicator == indicator.iri
            and value.year is not None
            and value.gender == gender
            and (value.area is None or value.area in municipalities)
        ):
            by_period[(value.year, value.part)].append(value)
    found = []
    for (year, part), values in sorted(by_period.items()):
        revised = {iri for v in values for iri in v.revises}
        counting = [v for v in values if v.iri not in revised]
        numbers = {v.number for v in counting}
        units_agree = all(v.unit is None or v.unit == indicator.unit for v in counting)
        if len(numbers) == 1 and None not in numbers and units_agree:
            found.append(Observation(year, next(n for n in numbers if n is not None), part))
    return tuple(found)


def indicator_view(
    indicator: Indicator,
    data: FollowUpData,
    marks: tuple[Mark, ...],
    title: str,
    lang: str,
    id: str,
) -> dict[str, Any]:
    """One indicator over time: the drawing (none where the indicator does not say which way
    is better), its description in words, and its numbers as a table."""
    series = []
    for key, text in SERIES_WORDS.items():
        points = observations(indicator, data, key)
        if points:
            series.append(ChartSeries(key, word(text, lang), points))
    baseline = target = None
    if indicator.baseline is not None and indicator.baseline_year is not None:
        baseline = (indicator.baseline_year, indicator.baseline)
    if indicator.target is not None and indicator.target_year is not None:
        target = (indicator.target_year, indicator.target)
    view: dict[str, Any] = {"iri": indicator.iri, "title": title, "id": id}
    try:
        # Without a direction the chart cannot say which way is better and is not drawn; the
        # table of its numbers, which says nothing of the direction, is still given.
        chart = IndicatorChart(
            title,
            indicator.unit or "",
            indicator.direction or "higher",
            baseline,
            target,
            tuple(series),
            marks,
        )
        if indicator.direction in ("higher", "lower"):
            view["svg"] = Markup(indicator_chart(chart, lang, id=id))
            view["words"] = indicator_desc(chart, lang)
        else:
            view["note"] = word("followup.chart.no-direction", lang)
        view["columns"] = chart_columns(chart, lang)
        view["rows"] = chart_rows(chart, lang)
    except ValueError:
        view["note"] = word("followup.chart.unusable", lang)
    return view


def signed(value: float, lang: str) -> str:
    """A change as a number in the language's form with its sign: ``+487``, ``-0,2``."""
    written = number(value, lang)
    return f"+{written}" if value > 0 else written


def distance_view(distance: Distance, title: str, lang: str, id: str) -> dict[str, Any]:
    """The distance of one series to its target: the drawing and its table, the description
    in words, and the figures: where the value should be now by the straight path, where it
    is, how far apart, the yearly change needed from here and achieved since the start, and
    the year the target is reached at the present pace."""
    unit = distance.indicator.unit or ""
    (start_year, start), (target_year, target) = distance.start, distance.target
    year, value = distance.latest
    places = decimals([start, target, *(v for _, v in distance.series)])

    def amount(number_: float, sign: bool = False) -> str:
        rounded = round(number_, places)
        return f"{signed(rounded, lang) if sign else number(rounded, lang)} {unit}".strip()

    needed, achieved = distance.needed_per_year, distance.achieved_per_year
    # Where the path stands, as written: the distance from it is the one the reader can check.
    should = round(distance.path(year), places)
    if at_least_as_good(value, distance.path(year), distance.direction):
        pace = word("followup.distance.ahead", lang)
    else:
        pace = word("followup.distance.behind", lang)
    if distance.reached:
        reach = word("followup.distance.reach.reached", lang, year=str(year))
    elif distance.reached_year is not None:
        reach = str(distance.reached_year)
    else:
        reach = word("followup.distance.reach.never", lang)
    if needed is not None:
        needed_text = amount(needed, sign=True)
    else:
        needed_text = word("followup.distance.needed.none", lang)
    if achieved is not None:
        achieved_text = amount(achieved, sign=True)
    else:
        achieved_text = word("followup.distance.achieved.none", lang)
    # (what, the number, and what it means where that needs saying)
    figures: list[tuple[str, str, str | None]] = [
        (word("followup.distance.should", lang, year=str(year)), amount(should), None),
        (word("followup.distance.is", lang, year=str(year)), figure(value, unit, lang), None),
        (word("followup.distance.gap", lang), amount(value - should, sign=True), pace),
        (word("followup.distance.needed", lang, year=str(target_year)), needed_text, None),
        (word("followup.distance.achieved", lang, year=str(start_year)), achieved_text, None),
        (word("followup.distance.reach", lang), reach, None),
    ]
    view: dict[str, Any] = {
        "iri": distance.indicator.iri,
        "title": title,
        "id": id,
        "figures": figures,
    }
    try:
        series = tuple(Observation(y, v) for y, v in distance.series)
        chart = DistanceChart(title, unit, distance.start, distance.target, series)
        view["svg"] = Markup(distance_chart(chart, lang, id=id))
        view["words"] = distance_desc(chart, lang)
        view["columns"] = chart_columns(chart, lang)
        view["rows"] = chart_rows(chart, lang)
    except ValueError:
        view["note"] = word("followup.chart.unusable", lang)
    return view
