"""A workbook import's report as JSON (TypedDicts): which board and period, what was filled in,
each value added, revised (old → new) or unchanged, each goal's and activity's status, with the
sheet and cell it was read from, and the plan of the core (:mod:`styrgraf.results.plan_json`)
inside. A refused workbook is answered with its problems instead
(:class:`~styrgraf.results.workbook_problems.ProblemShape`)."""

from __future__ import annotations

from typing import Literal, TypedDict

from styrgraf.analysis.fulfilment_shapes import PeriodJson
from styrgraf.results.plan_json import PlanJson

State = Literal["added", "revised", "unchanged"]
"""Where something brought in stands against the store."""


class WorkbookNodeJson(TypedDict):
    """A node of the model, and its label in the report's language."""

    iri: str
    label: str


class WorkbookValueJson(TypedDict):
    """A value entered for an indicator, and what the store held for it."""

    place: str
    """Where it was read: ``Nämndsmål!H7``."""
    state: State
    goal: WorkbookNodeJson | None
    indicator: WorkbookNodeJson
    value: str
    """The number, exactly as read (``7.2``)."""
    old: list[str]
    """The stored numbers a revision corrects (they are kept); empty otherwise."""
    unit: str | None
    comment: str | None


class WorkbookStatusJson(TypedDict):
    """A status given to a nämndsmål or an activity, and the one it had."""

    place: str
    state: State
    node: WorkbookNodeJson
    status: WorkbookNodeJson
    before: WorkbookNodeJson | None
    comment: str | None


class WorkbookCountsJson(TypedDict):
    """How many: cells filled in, values added, revised and unchanged, statuses given to
    goals (changed or not) and to activities."""

    filled: int
    added: int
    revised: int
    unchanged: int
    statuses_changed: int
    statuses_unchanged: int
    activities_changed: int
    activities_unchanged: int


class WorkbookReportJson(TypedDict):
    """What a workbook import did, or on a dry run would do (``written`` false)."""

    kind: Literal["workbook"]
    dry_run: bool
    written: bool
    file: str
    by: str
    board: WorkbookNodeJson
    period: PeriodJson
    language: str
    """The workbook's own language (its sheets' names and its lists)."""
    empty: bool
    """Nothing was filled in: the import changes nothing."""
    counts: WorkbookCountsJson
    values: list[WorkbookValueJson]
    statuses: list[WorkbookStatusJson]
    activities: list[WorkbookStatusJson]
    plan: PlanJson
