"""The goal section of a delårsrapport or an årsredovisning: måluppfyllelse in one period as a
document, and that document as text for people.

The document (:class:`FollowUpReport`) is the follow-up as the API gives it
(:func:`styrgraf.analysis.fulfilment_json.to_json`) with a title (the municipality, which
report, the period and the date of the data) and the vision's number against its path
(:mod:`styrgraf.analysis.distance`), cut at the report's period: a report for 2021 shows
nothing that was known only later. ``styrgraf report`` writes it as text, JSON, CSV or HTML
(:mod:`styrgraf.render.fulfilment_report_html`); ``GET /report`` serves the same.

The text gives the title block and the scale, then per strategic area each övergripande mål's
computed and judged status (``!`` where they lie more than one step apart) with counts per
status, then per board each nämndsmål's statuses side by side with their reasons, then the
findings. Every status is a symbol and a word (the symbols of the follow-up charts), every
number in the language's own form.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Literal, TypedDict

from babel.dates import format_date

from styrgraf.analysis.distance import Distance, DistanceJson, distances
from styrgraf.analysis.fulfilment import Fulfilment, Period
from styrgraf.analysis.fulfilment_json import period_json, period_label, to_json
from styrgraf.analysis.fulfilment_shapes import (
    FulfilmentReport,
    GoalJson,
    PeriodJson,
    StepJson,
)
from styrgraf.analysis.hierarchy import labels as read_labels
from styrgraf.i18n.languages import catalogue_language
from styrgraf.i18n.words import N_, locale, number, word
from styrgraf.render.charts import LADDER, NOT_ASSESSED
from styrgraf.store.base import Store

KINDS = {"interim": N_("goal-report.kind.interim"), "full": N_("goal-report.kind.full")}
"""The report a period is followed up in: the delårsrapport or the årsredovisning."""

DISAGREES = "!"
"""The mark of a goal whose judged and computed status lie more than one step apart."""


class ReportError(ValueError):
    """A report that cannot be made as asked (a period or a board the model has no data
    for); the message, in English as every message of the command line and the API, names
    what there is."""


class ReportTitle(TypedDict):
    """What the report is: whose, which, for when, and how current its data is."""

    municipality: str | None
    """the municipality's name (several, joined by commas); None where no model names one"""
    municipalities: list[str]
    kind: Literal["interim", "annual"]
    """the delårsrapport (interim) or the årsredovisning (annual)"""
    report: str
    """the report's name in the language asked: Delårsrapport 2021, Annual report 2021"""
    period: PeriodJson
    generated: str | None
    """the latest prov:generatedAtTime among the period's values and assessments, as written"""
    date: str | None
    """that time's date (YYYY-MM-DD); None where nothing of the period says when it was made"""


class FollowUpReport(FulfilmentReport):
    """The goal section of a delårsrapport or an årsredovisning (``styrgraf report --format
    json``, ``GET /report?format=json``): the follow-up of the period with its title and the
    vision's number against its path."""

    title: ReportTitle
    distances: list[DistanceJson]
    """the vision's number against the straight path to its target, with the values up to the
    report's period"""


def choose_period(periods: Sequence[Period], year: int | None, interim: bool) -> Period:
    """The period a report is asked for: ``year`` (its delår with ``interim``), or without a
    year the latest period with data (the latest delår with ``interim``). A
    :class:`ReportError` names the periods with data when the asked one has none."""
    wanted = [p for p in periods if p.part == "interim"] if interim else list(periods)
    if year is not None:
        asked = Period(year, "interim" if interim else "full")
        if asked in periods:
            return asked
        raise ReportError(
            f"no values or assessments for {period_label(asked, 'en')} "
            f"(periods with data: {_listed(periods)})"
        )
    if not wanted:
        what = "no delår" if interim else "no period"
        raise ReportError(
            f"{what} has values or assessments here (periods with data: {_listed(periods)})"
        )
    return max(wanted, key=lambda p: p.sort_key)


def _listed(periods: Iterable[Period]) -> str:
    return ", ".join(period_label(p, "en") for p in periods) or "none"


def check_board(fulfilment: Fulfilment, board: str | None) -> None:
    """A :class:`ReportError` when ``board`` has no goals in the model, naming those that
    have."""
    if board is None:
        return
    boards = sorted({b for g in fulfilment.goals.values() for b in g.boards})
    if board not in boards:
        raise ReportError(
            f"no goals of a board <{board}> here (boards with goals: "
            f"{', '.join(f'<{b}>' for b in boards) or 'none'})"
        )


def vision_distances(fulfilment: Fulfilment) -> list[Distance]:
    """The vision's numbers against their paths, each with its values up to the report's
    period (full years: a delår has none of its own year's); those without any left out."""
    upto = fulfilment.period.sort_key
    found = []
    for distance in distances(fulfilment.data):
        if not any(kind == "Vision" for _, kind in distance.indicator.owners):
            continue
        series = tuple(p for p in distance.series if Period(p[0]).sort_key <= upto)
        if series:
            found.append(Distance(distance.indicator, distance.start, distance.target, series))
    return found


def generated(fulfilment: Fulfilment) -> str | None:
    """The latest ``prov:generatedAtTime`` among the period's values and assessments, as
    written (compared as instants; one without a time zone taken as UTC)."""
    period = fulfilment.period
    data = fulfilment.data
    stamps = [v.generated for v in data.values if (v.year, v.part) == (period.year, period.part)]
    stamps += [j.generated for j in data.judged if (j.year, j.part) == (period.year, period.part)]
    timed = [(instant, stamp) for stamp in stamps if stamp and (instant := _instant(stamp))]
    return max(timed)[1] if timed else None


def _instant(stamp: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(stamp.strip())
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def names(
    store: Store,
    fulfilment: Fulfilment,
    found: Sequence[Distance],
    lang: str,
    graphs: Sequence[str] | None,
) -> dict[str, str]:
    """The labels the title and the distances need beside the follow-up's own: the
    municipalities' and the vision's indicators'."""
    wanted = {*fulfilment.data.context.municipalities, *(d.indicator.iri for d in found)}
    return read_labels(store, wanted, lang, graphs)


def report_document(
    fulfilment: Fulfilment,
    lang: str,
    *,
    board: str | None = None,
    found: Sequence[Distance] = (),
    labels: Mapping[str, str] | None = None,
) -> FollowUpReport:
    """The report of ``fulfilment``'s period (of ``board``'s goals only, when given), with the
    distances ``found`` (:func:`vision_distances`) and the ``labels`` of :func:`names`."""
    labels = labels or {}
    period = fulfilment.period
    municipalities = sorted(fulfilment.data.context.municipalities)
    stamp = generated(fulfilment)
    title: ReportTitle = {
        "municipality": ", ".join(labels.get(m, m) for m in municipalities) or None,
        "municipalities": municipalities,
        "kind": "interim" if period.part == "interim" else "annual",
        "report": word(KINDS[period.part], lang, year=str(period.year)),
        "period": period_json(period, lang),
        "generated": stamp,
        # The date as written in the stamp (its own time zone's), not converted.
        "date": stamp.strip()[:10] if stamp else None,
    }
    return {
        **to_json(fulfilment, lang, board=board),
        "title": title,
        "distances": [d.to_json(dict(labels)) for d in found],
    }


def has_findings(document: FulfilmentReport) -> bool:
    """Whether the report has findings (the command's exit status 1)."""
    return bool(document["findings"])


def written_date(text: str | None, lang: str) -> str:
    """A date (YYYY-MM-DD) as the language writes it in full (``15 februari 2022``), or a
    dash where there is none."""
    if not text:
        return "–"
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return text
    return str(format_date(day, format="long", locale=locale(catalogue_language(lang))))


def symbol(step: StepJson | None, scale: int) -> str:
    """The symbol of a status, as the follow-up charts draw it: by its place on a scale of
    ``scale`` steps; ``?`` for not assessed, none for no status at all."""
    return drawing(step, scale)[0] if step is not None else ""


def drawing(step: StepJson, scale: int) -> tuple[str, str, str, str]:
    """(symbol, fill, ink, pattern) of a status on a scale of ``scale`` steps: the ladder of the
    follow-up charts, spread over the scale as they spread it."""
    rank = step["rank"]
    if rank is None:
        return NOT_ASSESSED
    place = round((rank - 1) * (len(LADDER) - 1) / max(1, scale - 1))
    return LADDER[min(len(LADDER) - 1, max(0, place))]


def status_text(step: StepJson | None, scale: int) -> str:
    """A status as the text report writes it: its symbol and its label."""
    return f"{symbol(step, scale)} {step['label']}" if step is not None else ""


def judged_step(goal: GoalJson, lang: str) -> tuple[StepJson | None, str]:
    """The judged status of a goal: its step, and its words (``ingen bedömning`` where the
    period's report has none, the status's key where it is on no step of the scale)."""
    judged = goal["judged"]
    if judged is None:
        return None, word("goal-report.no-judgement", lang)
    if judged["step"] is None:
        status = (judged["status"] or "").rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        return None, word("goal-report.off-scale", lang, status=status)
    return judged["step"], judged["step"]["label"]


def judged_text(goal: GoalJson, scale: int, lang: str) -> str:
    """A goal's judged status as the text report writes it: symbol and words."""
    step, said = judged_step(goal, lang)
    return f"{symbol(step, scale)} {said}".strip()


def counts_text(goals: Sequence[GoalJson], document: FulfilmentReport, lang: str) -> list[str]:
    """How many of ``goals`` are at each status, computed and judged, in two lines."""
    profile = document["profile"]
    steps = [*profile["steps"], profile["not_assessed"]]
    computed = Counter(g["computed"]["step"]["key"] for g in goals)
    judged = Counter(
        (g["judged"]["step"] or {"key": ""})["key"] if g["judged"] else "" for g in goals
    )
    lines = []
    for name, counted, extra in (
        (word("goal-report.computed", lang), computed, ()),
        (word("goal-report.judged", lang), judged, (("", word("goal-report.no-judgement", lang)),)),
    ):
        parts = [
            f"{number(counted[s['key']], lang)} {s['label']}" for s in steps if counted[s["key"]]
        ]
        parts += [f"{number(counted[key], lang)} {text}" for key, text in extra if counted[key]]
        none = word("goal-report.none", lang)
        lines.append(f"{name}: {', '.join(parts) or none}")
    return lines


def by_area(document: FulfilmentReport) -> list[tuple[str | None, list[GoalJson]]]:
    """The övergripande mål of each strategic area (the areas in the document's order; those
    in none last, under None)."""
    overarching = [g for g in document["goals"] if g["type"] == "OverarchingGoal"]
    found: list[tuple[str | None, list[GoalJson]]] = [
        (area["iri"], [g for g in overarching if area["iri"] in g["areas"]])
        for area in document["areas"]
    ]
    found = [(iri, goals) for iri, goals in found if goals]
    loose = [g for g in overarching if not g["areas"]]
    return found + ([(None, loose)] if loose else [])


def by_board(document: FulfilmentReport) -> list[tuple[str | None, list[GoalJson]]]:
    """The nämndsmål of each board (of the report's board only, when it has one); those of no
    board last, under None."""
    board_goals = [g for g in document["goals"] if g["type"] == "BoardGoal"]
    found: list[tuple[str | None, list[GoalJson]]] = [
        (group["iri"], [g for g in board_goals if group["iri"] in g["boards"]])
        for group in document["boards"]
        if document["board"] is None or group["iri"] == document["board"]
    ]
    found = [(iri, goals) for iri, goals in found if goals]
    loose = [g for g in board_goals if not g["boards"]] if document["board"] is None else []
    return found + ([(None, loose)] if loose else [])


def report_text(document: FollowUpReport, lang: str) -> str:
    """The report as text for people (see the module's description)."""
    title = document["title"]
    profile = document["profile"]
    scale = len(profile["steps"])
    labels = document["labels"]

    def named(iri: str | None, loose: str) -> str:
        return labels.get(iri, iri) if iri is not None else word(loose, lang)

    lines = [
        title["municipality"] or "–",
        title["report"] + ": " + word("goal-report.heading", lang),
        word("goal-report.period", lang) + ": " + title["period"]["label"],
        word("goal-report.data-date", lang) + ": " + written_date(title["date"], lang),
    ]
    if document["board"] is not None:
        only = document["board"]
        lines.append(word("goal-report.board", lang) + ": " + labels.get(only, only))
    lines.append(word("goal-report.scale", lang) + ": " + profile["label"])
    legend = [status_text(s, scale) for s in [*profile["steps"], profile["not_assessed"]]]
    lines += ["  " + " · ".join(legend), "  " + word("goal-report.disagrees", lang, mark=DISAGREES)]

    areas = by_area(document)
    lines += ["", _underlined(word("goal-report.areas", lang), "=")]
    heads = (word("goal-report.computed", lang), word("goal-report.judged", lang))
    for area, goals in areas:
        lines += ["", named(area, N_("goal-report.no-area"))]
        computed = [status_text(g["computed"]["step"], scale) for g in goals]
        judged = [judged_text(g, scale, lang) for g in goals]
        first = max(map(len, [heads[0], *computed]))
        second = max(map(len, [heads[1], *judged]))
        lines.append(f"  {heads[0]:<{first}}  {heads[1]}")
        for goal, left, right in zip(goals, computed, judged, strict=True):
            mark = DISAGREES if goal["disagreement"] else " "
            name = labels.get(goal["iri"], goal["iri"])
            lines.append(f"  {left:<{first}}  {right:<{second}}  {mark} {name}")
        lines += ["  " + line for line in counts_text(goals, document, lang)]
    if not areas:
        lines += ["", word("goal-report.no-goals", lang)]

    boards = by_board(document)
    lines += ["", _underlined(word("goal-report.boards", lang), "=")]
    for board, goals in boards:
        lines += ["", _underlined(named(board, N_("goal-report.no-board")), "-")]
        lines += counts_text(goals, document, lang)
        for goal in goals:
            lines += ["", *_goal_lines(goal, document, scale, lang)]
    if not boards:
        lines += ["", word("goal-report.no-goals", lang)]

    findings = document["findings"]
    lines += ["", _underlined(word("goal-report.findings", lang), "=")]
    for finding in findings:
        lines.append(f"{DISAGREES} {finding['label'] or finding['goal']}: {finding['message']}")
    if not findings:
        lines.append(word("goal-report.no-findings", lang))
    return "\n".join(lines) + "\n"


def _goal_lines(goal: GoalJson, document: FulfilmentReport, scale: int, lang: str) -> list[str]:
    """One nämndsmål: its name, the computed status and why, the judged status and what the
    report says."""
    label = document["labels"].get(goal["iri"], goal["iri"])
    mark = f" {DISAGREES}" if goal["disagreement"] else ""
    computed = goal["computed"]
    judged = goal["judged"]
    heads = (word("goal-report.computed", lang) + ":", word("goal-report.judged", lang) + ":")
    width = max(map(len, heads))
    indent = "  " + " " * width + " "
    lines = [
        label + mark,
        f"  {heads[0]:<{width}} {status_text(computed['step'], scale)}",
        indent + computed["reason"],
        f"  {heads[1]:<{width}} {judged_text(goal, scale, lang)}",
    ]
    if judged is not None:
        source = judged["report_label"] or judged["report"]
        if source:
            lines.append(indent + word("goal-report.in-report", lang, report=source))
        if judged["description"]:
            lines.append(indent + judged["description"])
    return lines


def _underlined(text: str, line: str) -> str:
    return f"{text}\n{line * len(text)}"
