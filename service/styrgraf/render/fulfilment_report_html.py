"""The goal section of a delårsrapport or an årsredovisning as a standalone HTML5 document, to
read on a screen and to print on A4 (``styrgraf report --format html``, ``GET /report``).

The document (``templates/fulfilment_report.html``, its style ``fulfilment_report.css``
inside it) holds the title block of :mod:`styrgraf.render.fulfilment_report`, the vision's
distance chart, the roll-up per strategic area, and a section per board that starts on a new
page: each nämndsmål's computed and judged status side by side with their reasons, and one
chart per indicator (:func:`styrgraf.render.charts.indicator_chart`) with its numbers in a
table beside it. Each status is a symbol and a word on its colour, so that it reads in black
and white. It holds no script and fetches nothing: it stands alone as a file.

An indicator's chart shows its values up to the report's period (the municipality's total,
and women and men where the model has them) and, under each period, the status its goal was
computed to have then.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from markupsafe import Markup

from styrgraf.analysis.distance import DistanceJson
from styrgraf.analysis.follow_up_data import Indicator, Value
from styrgraf.analysis.fulfilment import Fulfilment, Period, evaluate
from styrgraf.analysis.fulfilment_shapes import GoalJson, StepJson
from styrgraf.analysis.indicator_outcome import tolerance
from styrgraf.i18n.languages import catalogue_language
from styrgraf.i18n.words import N_, word
from styrgraf.model.follow_up_profile import Profile, Step
from styrgraf.render.charts import (
    LADDER,
    NOT_ASSESSED,
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
from styrgraf.render.drawings import ENVIRONMENT
from styrgraf.render.fulfilment_report import (
    DISAGREES,
    FollowUpReport,
    by_area,
    by_board,
    counts_text,
    drawing,
    judged_step,
    written_date,
)

SERIES_WORDS = {
    "total": N_("goal-report.series.total"),
    "women": N_("goal-report.series.women"),
    "men": N_("goal-report.series.men"),
}
#: The most steps a chart tells apart; a longer scale is drawn spread over these.
CHART_STEPS = 5


def history(fulfilment: Fulfilment) -> dict[Period, Fulfilment]:
    """The follow-up of every period with data up to the report's, each computed by the same
    profile from the same data."""
    upto = fulfilment.period.sort_key
    return {
        period: fulfilment
        if period == fulfilment.period
        else evaluate(fulfilment.data, period=period, profile=fulfilment.profile)
        for period in fulfilment.periods
        if period.sort_key <= upto
    }


def observations(
    indicator: Indicator,
    values: Sequence[Value],
    gender: str,
    municipalities: set[str],
    upto: Period,
) -> tuple[Observation, ...]:
    """The municipality's values of ``indicator`` for ``gender``, one per period up to
    ``upto``: as the follow-up counts them (a revised value set aside, a number in the
    indicator's unit), a period whose values disagree left out."""
    mine = [
        v
        for v in values
        if v.indicator == indicator.iri
        and v.gender == gender
        and v.year is not None
        and (v.area is None or v.area in municipalities)
        and Period(v.year, v.part).sort_key <= upto.sort_key
    ]
    revised = {iri for v in mine for iri in v.revises}
    found: dict[tuple[int, str], list[float | None]] = {}
    for value in mine:
        if value.iri in revised or value.year is None:
            continue
        unit_ok = value.unit is None or value.unit == indicator.unit
        found.setdefault((value.year, value.part), []).append(value.number if unit_ok else None)
    result = []
    for (year, part), numbers in sorted(found.items()):
        known = [n for n in numbers if n is not None]
        if len(known) == len(numbers) and max(known) - min(known) <= tolerance(*known):
            result.append(Observation(year, known[0], part))
    return tuple(result)


def _direction(indicator: Indicator) -> str | None:
    """The indicator's direction, or the one from its baseline to its target."""
    if indicator.direction in ("higher", "lower"):
        return indicator.direction
    target, baseline = indicator.target, indicator.baseline
    if target is not None and baseline is not None and target != baseline:
        return "higher" if target > baseline else "lower"
    return None


def _mark(period: Period, step: Step, profile: Profile, lang: str) -> Mark:
    """The mark of a goal's computed step in a period, placed on the charts' five steps where
    the profile has more."""
    steps = len(profile.steps)
    rank = step.rank
    if rank is not None and steps > CHART_STEPS:
        rank = 1 + round((rank - 1) * (CHART_STEPS - 1) / (steps - 1))
    return Mark(
        period.year,
        period.part,
        step.key,
        rank,
        step.label(lang),
        min(steps, CHART_STEPS) if rank is not None else None,
    )


def goal_chart(
    indicator: Indicator,
    goal: str,
    label: str,
    fulfilment: Fulfilment,
    periods: Mapping[Period, Fulfilment],
    lang: str,
) -> IndicatorChart | None:
    """The chart of one of a nämndsmål's indicators (None where neither a direction nor its
    baseline and target say which way is better)."""
    direction = _direction(indicator)
    if direction is None:
        return None
    municipalities = fulfilment.data.context.municipalities
    values = fulfilment.data.values
    series = []
    for gender, key in SERIES_WORDS.items():
        found = observations(indicator, values, gender, municipalities, fulfilment.period)
        if found or gender == "total":
            series.append(ChartSeries(gender, word(key, lang), found))
    marks = tuple(
        _mark(period, result.goals[goal].computed.step, fulfilment.profile, lang)
        for period, result in periods.items()
        if goal in result.goals
    )

    def point(year: int | None, value: float | None) -> tuple[int, float] | None:
        return (year, value) if year is not None and value is not None else None

    return IndicatorChart(
        title=label,
        unit=indicator.unit or "",
        direction=direction,
        baseline=point(indicator.baseline_year, indicator.baseline),
        target=point(indicator.target_year, indicator.target),
        series=tuple(series),
        marks=marks,
    )


def vision_chart(distance: DistanceJson) -> DistanceChart | None:
    """The distance chart of one of the vision's numbers (None where its path has no length)."""
    if distance["target_year"] <= distance["start_year"]:
        return None
    return DistanceChart(
        title=distance["label"] or distance["indicator"],
        unit=distance["unit"] or "",
        start=(distance["start_year"], distance["start"]),
        target=(distance["target_year"], distance["target"]),
        series=tuple(Observation(int(year), value) for year, value in distance["series"]),
    )


def _figure(
    chart: IndicatorChart | DistanceChart, svg: str, lang: str, reason: str = ""
) -> dict[str, Any]:
    """A chart with its numbers as a table, and what it shows in words."""
    return {
        "svg": Markup(svg),
        "title": chart.title,
        "columns": chart_columns(chart, lang),
        "rows": chart_rows(chart, lang),
        "reason": reason,
    }


def badge(step: StepJson | None, scale: int, text: str | None = None) -> dict[str, str]:
    """A status as the document shows it: its symbol, its words and its tone (the class that
    colours it); no symbol and a plain tone where there is no status."""
    if step is None:
        return {"symbol": "", "text": text or "", "tone": "none"}
    drawn = drawing(step, scale)
    tone = f"t{LADDER.index(drawn)}" if drawn in LADDER else "na"
    return {"symbol": drawn[0], "text": text or step["label"], "tone": tone}


TONES = [
    *({"name": f"t{i}", "fill": fill, "ink": ink} for i, (_, fill, ink, _) in enumerate(LADDER)),
    {"name": "na", "fill": NOT_ASSESSED[1], "ink": NOT_ASSESSED[2]},
]
"""The colours of the statuses' tones, those of the charts' ladder and of not assessed."""


def report_html(
    document: FollowUpReport,
    fulfilment: Fulfilment,
    lang: str,
    *,
    navigation: Sequence[Mapping[str, str]] = (),
    root: str | None = None,
) -> str:
    """The report as a standalone HTML5 document in the catalogue language of ``lang``.
    ``navigation`` (``href``, ``text`` and optionally ``lang`` of each) are links put above the
    report on a screen and left out in print: the service's start page, the report in another
    language, its other formats; ``root`` is the path the service is served under, when it
    serves the document (its icon is linked from there)."""
    ui = catalogue_language(lang)
    profile = document["profile"]
    scale = len(profile["steps"])
    labels = document["labels"]
    periods = history(fulfilment)

    def label(iri: str | None, loose: str) -> str:
        return labels.get(iri, iri) if iri is not None else word(loose, lang)

    def name(iri: str) -> str:
        return labels.get(iri, iri)

    def judged(goal: GoalJson) -> dict[str, str]:
        step, said = judged_step(goal, lang)
        return badge(step, scale, said)

    areas = [
        {
            "label": label(area, N_("goal-report.no-area")),
            "goals": [
                {
                    "label": name(g["iri"]),
                    "computed": badge(g["computed"]["step"], scale),
                    "judged": judged(g),
                    "disagreement": g["disagreement"],
                }
                for g in goals
            ],
            "counts": counts_text(goals, document, lang),
        }
        for area, goals in by_area(document)
    ]
    number = 0
    boards = []
    for board, goals in by_board(document):
        shown = []
        for goal in goals:
            figures, unshown = [], []
            for indicator in goal["indicators"]:
                chart = goal_chart(
                    fulfilment.data.indicators[indicator["iri"]],
                    goal["iri"],
                    indicator["label"] or indicator["iri"],
                    fulfilment,
                    periods,
                    lang,
                )
                if chart is None:
                    unshown.append(indicator["reason"])
                    continue
                number += 1
                svg = indicator_chart(chart, lang, id=f"indicator-{number}")
                figures.append(_figure(chart, svg, lang, indicator["reason"]))
            verdict = goal["judged"]
            shown.append(
                {
                    "label": name(goal["iri"]),
                    "computed": badge(goal["computed"]["step"], scale),
                    "reason": goal["computed"]["reason"],
                    "judged": judged(goal),
                    "report": (verdict["report_label"] or verdict["report"]) if verdict else None,
                    "description": verdict["description"] if verdict else None,
                    "disagreement": goal["disagreement"],
                    "figures": figures,
                    "unshown": unshown,
                }
            )
        boards.append(
            {
                "label": label(board, N_("goal-report.no-board")),
                "goals": shown,
                "counts": counts_text(goals, document, lang),
            }
        )
    visions = []
    for index, distance in enumerate(document["distances"], start=1):
        path = vision_chart(distance)
        if path is not None:
            visions.append(_figure(path, distance_chart(path, lang, id=f"vision-{index}"), lang))
    title = document["title"]
    return ENVIRONMENT.get_template("fulfilment_report.html").render(
        lang=ui,
        title=title,
        written_date=written_date(title["date"], lang),
        board=name(document["board"]) if document["board"] else None,
        profile=profile,
        legend=[badge(s, scale) for s in [*profile["steps"], profile["not_assessed"]]],
        tones=TONES,
        mark=DISAGREES,
        visions=visions,
        areas=areas,
        boards=boards,
        findings=document["findings"],
        navigation=list(navigation),
        root=root,
    )
