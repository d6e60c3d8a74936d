"""What a board's reporting workbook holds for one period, read from the store: the rows of
its two sheets (:mod:`styrgraf.results.workbook_layout` lays them out) and the choices of its
drop-down lists.

- **The nämndsmål** the board decides (``sg:decidedBy``), each with its indicators
  (``sg:hasIndicator``): unit, baseline, target, and the latest value before the period (the
  municipality's total, as the follow-up counts it: docs/follow-up.md), with that value's
  period. The period's own value, where the store holds one, fills the value column, and the
  status judged for the goal in the period (its current ``sg:Assessment``, as the import
  compares with) fills the status and comment: a workbook made after an import shows what
  was imported, and importing it again changes nothing.
- **The aktiviteter** of the handlingsplaner that realise those nämndsmål (the named query
  ``board-activities``), of the plans valid in the period's year: a plan for that budget
  year, for a longer period that includes the year, or for no stated period. An activity in
  two such plans is listed once, under the first by label. Its current status
  (``sg:activityStatus``) is shown; the status and comment reported for the period (its
  latest ``sg:ActivityFollowUp``) fill the columns to fill.
- **The choices**: the follow-up profile's scale, best first, then its not-assessed status,
  for a goal's status; the ``sg:ActivityStatusScheme``'s statuses, as the vocabulary lists
  them, for an activity's.

A board that is not one (no ``sg:Board`` in the graphs in scope) and a year the model knows
nothing of (no budget year and outside every mandate period) are refused by
:class:`SheetError`, whose message (in English, as every message of the command line and the
API) names what was asked and what there is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache

import pyoxigraph as ox

from styrgraf.analysis.follow_up_data import Indicator, Value, day, year
from styrgraf.analysis.fulfilment import Period
from styrgraf.analysis.hierarchy import bindable, key, labels
from styrgraf.analysis.indicator_outcome import counting_values
from styrgraf.i18n.languages import label_rank
from styrgraf.model.bundled import ontology_files
from styrgraf.model.follow_up_profile import Profile
from styrgraf.results.holdings import Holdings, holdings
from styrgraf.results.workbook_layout import activity_key, goal_key, model_version
from styrgraf.sparql.queries import get_query
from styrgraf.store.base import Store
from styrgraf.vocabulary import SG

_SKOS = "http://www.w3.org/2004/02/skos/core#"


class SheetError(ValueError):
    """A workbook that cannot be made as asked: ``parameter`` is what was wrong (``board`` or
    ``period``), the message names it and what there is."""

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(message)
        self.parameter = parameter


@dataclass(frozen=True)
class Choice:
    """A status offered in a drop-down list: its IRI and its label in the workbook's language."""

    status: str
    label: str


@dataclass(frozen=True)
class GoalRow:
    """A row of the nämndsmål sheet: one indicator of a nämndsmål (``indicator`` None for a
    nämndsmål with none). ``first`` marks the goal's first row, the one that carries its
    status and comment."""

    goal: str
    goal_label: str
    indicator: str | None
    indicator_label: str
    unit: str | None
    baseline: Decimal | None
    target: Decimal | None
    latest: Decimal | None
    latest_period: Period | None
    value: Decimal | None
    first: bool
    status: str | None
    comment: str | None

    @property
    def key(self) -> tuple[str, ...]:
        return goal_key(self.goal, self.indicator, self.unit)


@dataclass(frozen=True)
class ActivityRow:
    """A row of the activities sheet: an activity of one of the board's plans."""

    plan: str
    plan_label: str
    activity: str
    activity_label: str
    start: date | None
    end: date | None
    current: tuple[str, ...]
    status: str | None
    comment: str | None

    @property
    def key(self) -> tuple[str, ...]:
        return activity_key(self.plan, self.activity)


@dataclass(frozen=True)
class BoardSheet:
    """Everything one board's workbook for one period holds."""

    board: str
    board_label: str
    period: Period
    lang: str
    profile: str
    goals: tuple[GoalRow, ...]
    activities: tuple[ActivityRow, ...]
    goal_statuses: tuple[Choice, ...]
    activity_statuses: tuple[Choice, ...]

    @property
    def model_version(self) -> str:
        """The digest of the rows' keys, written into the workbook to recognise it by."""
        return model_version([*(r.key for r in self.goals), *(r.key for r in self.activities)])


def boards(store: Store, graphs: Sequence[str] | None, lang: str) -> dict[str, str]:
    """Every board in the graphs in scope and its label in ``lang`` (its IRI where it has none)."""
    found = [key(r["board"]) for r in store.select(get_query("boards").text, {}, graphs)]
    named = labels(store, found, lang, graphs)
    return {board: named.get(board, board) for board in sorted(set(found))}


def model_years(store: Store, graphs: Sequence[str] | None) -> list[int]:
    """The years of the model's budget years, the years a workbook is offered for."""
    rows = store.select(get_query("budget-years").text, {}, graphs)
    return sorted({y for r in rows if (y := year(r.get("year"))) is not None})


def known_years(store: Store, graphs: Sequence[str] | None) -> list[int]:
    """The years a workbook may be asked for: the budget years and those of mandate periods."""
    found = set(model_years(store, graphs))
    for row in store.select(get_query("follow-up-context").text, {}, graphs):
        start, end = day(row.get("start")), day(row.get("end"))
        if start is not None and end is not None:
            found.update(range(start.year, end.year + 1))
    return sorted(found)


def board_sheet(
    store: Store,
    board: str,
    period: Period,
    *,
    profile: Profile,
    lang: str = "sv",
    graphs: Sequence[str] | None = None,
) -> BoardSheet:
    """What ``board``'s workbook for ``period`` holds, read over ``graphs`` (None: every
    graph), statuses on ``profile``'s scale, labels in ``lang``; a :class:`SheetError` for a
    board or a period the model does not know."""
    every_board = boards(store, graphs, lang)
    if board not in every_board:
        raise SheetError(
            "board",
            f"<{board}> is not a board (sg:Board) in the model; the boards are: "
            + (", ".join(f"<{b}>" for b in every_board) or "none"),
        )
    years = known_years(store, graphs)
    if period.year not in years:
        known = f"{years[0]}–{years[-1]}" if years else "none"
        raise SheetError(
            "period",
            f"the model knows no year {period.year}: no budget year and outside every "
            f"mandate period (the years it knows: {known})",
        )
    held = holdings(store, (), graphs, lang)
    goal_rows = _goal_rows(store, held, board, period, profile, lang, graphs)
    activity_rows = _activity_rows(store, held, board, period, lang, graphs)
    return BoardSheet(
        board=board,
        board_label=every_board[board],
        period=period,
        lang=lang,
        profile=profile.name,
        goals=goal_rows,
        activities=activity_rows,
        goal_statuses=tuple(
            Choice(step.status, step.label(lang)) for step in (*profile.steps, profile.not_assessed)
        ),
        activity_statuses=activity_statuses(lang),
    )


def _goal_rows(
    store: Store,
    held: Holdings,
    board: str,
    period: Period,
    profile: Profile,
    lang: str,
    graphs: Sequence[str] | None,
) -> tuple[GoalRow, ...]:
    data = held.data
    goals = [g.iri for g in data.goals.values() if g.type == "BoardGoal" and board in g.boards]
    measures: dict[str, list[Indicator]] = {goal: [] for goal in goals}
    for measured in data.indicators.values():
        for owner, _ in measured.owners:
            if owner in measures:
                measures[owner].append(measured)
    named = labels(store, [*goals, *(i.iri for m in measures.values() for i in m)], lang, graphs)
    values: dict[str, list[Value]] = {}
    for value in data.values:
        if value.indicator is not None:
            values.setdefault(value.indicator, []).append(value)
    judged = _judged(held, period)
    municipalities = data.context.municipalities
    rows: list[GoalRow] = []
    for goal in sorted(goals, key=lambda g: (_name(named, g).casefold(), g)):
        status, comment = judged.get(goal, (None, None))
        step = profile.step_of(status) if status else None
        indicators = sorted(measures[goal], key=lambda i: (_name(named, i.iri).casefold(), i.iri))
        listed: list[Indicator | None] = [*indicators] or [None]
        for number, indicator in enumerate(listed):
            own = values.get(indicator.iri, []) if indicator else []
            latest_period, latest = _latest(own, period, municipalities)
            current = _counting(own, period, municipalities)
            rows.append(
                GoalRow(
                    goal=goal,
                    goal_label=named.get(goal, goal),
                    indicator=indicator.iri if indicator else None,
                    indicator_label=named.get(indicator.iri, indicator.iri) if indicator else "",
                    unit=indicator.unit if indicator else None,
                    baseline=_decimal(indicator.baseline) if indicator else None,
                    target=_decimal(indicator.target) if indicator else None,
                    latest=latest,
                    latest_period=latest_period,
                    value=current,
                    first=number == 0,
                    status=step.status if step and number == 0 else None,
                    comment=comment if number == 0 else None,
                )
            )
    return tuple(rows)


def _judged(held: Holdings, period: Period) -> dict[str, tuple[str | None, str | None]]:
    """Each goal's current judged status and comment in ``period``: of its assessments for
    the period that no other revises, the one generated last (as the import compares)."""
    found: dict[str, tuple[str | None, str | None]] = {}
    ordered = sorted(held.data.judged, key=lambda j: (j.generated or "", j.iri))
    for judged in ordered:
        if judged.iri in held.revised_assessments:
            continue
        if judged.year == period.year and judged.part == period.part:
            found[judged.goal] = (judged.status, judged.description)
    return found


def _counting(values: list[Value], period: Period, municipalities: set[str]) -> Decimal | None:
    """The number that counts for ``period``: of the values that count, the one generated
    last (a conflict between them is the follow-up's to report, not the workbook's)."""
    found = counting_values(values, period.year, period.part, municipalities)
    numbered = [v for v in found if v.number is not None]
    if not numbered:
        return None
    chosen = max(numbered, key=lambda v: (v.generated or "", v.iri))
    return _written(chosen)


def _latest(
    values: list[Value], period: Period, municipalities: set[str]
) -> tuple[Period | None, Decimal | None]:
    """The latest period before ``period`` with a number that counts, and that number (the
    period's own value has its column to fill)."""
    before = {
        Period(v.year, v.part)
        for v in values
        if v.year is not None and Period(v.year, v.part).sort_key < period.sort_key
    }
    for earlier in sorted(before, key=lambda p: p.sort_key, reverse=True):
        number = _counting(values, earlier, municipalities)
        if number is not None:
            return earlier, number
    return None, None


def _activity_rows(
    store: Store,
    held: Holdings,
    board: str,
    period: Period,
    lang: str,
    graphs: Sequence[str] | None,
) -> tuple[ActivityRow, ...]:
    query = get_query("board-activities")
    plans: dict[str, set[str]] = {}
    dates: dict[str, tuple[date | None, date | None]] = {}
    statuses: dict[str, set[str]] = {}
    for row in store.select(query.text, {"board": bindable([board])[0]}, graphs):
        plan, activity = key(row["plan"]), key(row["activity"])
        if not _valid(row, period.year):
            continue
        plans.setdefault(activity, set()).add(plan)
        dates.setdefault(activity, (day(row.get("start")), day(row.get("end"))))
        status = row.get("status")
        if isinstance(status, ox.NamedNode):
            statuses.setdefault(activity, set()).add(status.value)
    named = labels(store, [*plans, *(p for ps in plans.values() for p in ps)], lang, graphs)
    rows: list[ActivityRow] = []
    for activity, among in plans.items():
        plan = min(among, key=lambda p: (_name(named, p).casefold(), p))
        reported = held.follow_ups.get((activity, period.year, period.part), [])
        last = reported[-1] if reported else None
        rows.append(
            ActivityRow(
                plan=plan,
                plan_label=named.get(plan, plan),
                activity=activity,
                activity_label=named.get(activity, activity),
                start=dates[activity][0],
                end=dates[activity][1],
                current=tuple(sorted(statuses.get(activity, set()))),
                status=last.status if last else None,
                comment=last.comment if last else None,
            )
        )
    rows.sort(
        key=lambda r: (r.plan_label.casefold(), r.plan, r.activity_label.casefold(), r.activity)
    )
    return tuple(rows)


def _valid(row: dict[str, ox.NamedNode | ox.BlankNode | ox.Literal], wanted: int) -> bool:
    """Whether a plan's period includes the year ``wanted``: its budget year is that year, or
    its first and last days lie around it, or it states no period at all."""
    if row.get("period") is None:
        return True
    stated = year(row.get("year"))
    if stated is not None:
        return stated == wanted
    start, end = day(row.get("periodStart")), day(row.get("periodEnd"))
    if start is None or end is None:
        return True
    return start.year <= wanted <= end.year


@cache
def activity_statuses(lang: str) -> tuple[Choice, ...]:
    """The statuses of ``sg:ActivityStatusScheme`` in the order the vocabulary lists them,
    each labelled (``skos:prefLabel``) in the language that best suits ``lang``."""
    order: list[str] = []
    found: dict[str, list[ox.Literal]] = {}
    scheme = SG + "ActivityStatusScheme"
    members: set[str] = set()
    for path in ontology_files():
        for quad in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
            subject, predicate, obj = quad.subject, quad.predicate.value, quad.object
            if not isinstance(subject, ox.NamedNode):
                continue
            if predicate == _SKOS + "inScheme" and obj == ox.NamedNode(scheme):
                members.add(subject.value)
            if predicate == _SKOS + "prefLabel" and isinstance(obj, ox.Literal):
                if subject.value not in found:
                    order.append(subject.value)
                found.setdefault(subject.value, []).append(obj)
    return tuple(
        Choice(iri, min(found[iri], key=lambda t: (label_rank(t.language, lang), t.value)).value)
        for iri in order
        if iri in members
    )


def _name(named: dict[str, str], iri: str) -> str:
    return named.get(iri) or iri


def _written(value: Value) -> Decimal | None:
    try:
        return Decimal(value.written.strip()) if value.written is not None else None
    except InvalidOperation:
        return None


def _decimal(number: float | None) -> Decimal | None:
    """A number read as a float, as the decimal it was written as (``4910`` for 4910.0)."""
    if number is None:
        return None
    written = Decimal(repr(number))
    return written.quantize(Decimal(1)) if written == written.to_integral_value() else written
