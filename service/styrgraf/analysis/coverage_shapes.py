"""The shapes of the coverage report as the API answers with it (:meth:`Coverage.to_json
<styrgraf.analysis.coverage.Coverage.to_json>`), and the reason codes of its findings: each
code is listed once, as a ``Literal``, and the tuples of codes are read from it."""

from __future__ import annotations

from typing import Literal, TypedDict, get_args

from styrgraf.analysis.hierarchy import Named

OrphanReason = Literal["missing-link", "broken-link", "cycle"]
"""Why an orphan has no path to the vision (see :mod:`styrgraf.analysis.coverage`)."""
UncoveredReason = Literal[
    "no-board-goal",
    "no-plan",
    "no-activity",
    "no-indicator",
    "no-target",
    "no-goal-in-area",
    "too-many-goals-in-area",
    "unit-not-covered",
    "focus-area-not-addressed",
]
"""What an uncovered finding lacks: the reason codes the named query ``uncovered`` gives."""
ORPHAN_REASONS: tuple[OrphanReason, ...] = get_args(OrphanReason)
UNCOVERED_REASONS: tuple[UncoveredReason, ...] = get_args(UncoveredReason)
"""The codes in the order they are listed (the pages group findings so)."""

FindingCategory = Literal["orphan", "uncovered"]
CellStatus = Literal["council", "exempt", "empty", "overfull", "ok"]


class CoverageFinding(TypedDict):
    """Something that hangs loose, as the coverage report and a trace that breaks give it."""

    iri: str
    type: str | None
    label: str | None
    reason: str
    code: OrphanReason | UncoveredReason
    category: FindingCategory
    type_label: str | None
    board: str | None
    board_label: str | None
    link: str | None
    at: str | None
    area: str | None
    area_label: str | None


class MatrixCell(TypedDict):
    """One board x strategic area cell of the coverage matrix, with its counts and status."""

    board: str
    board_label: str | None
    area: str
    area_label: str | None
    council: bool
    exempt: bool
    overarching_goals: int
    board_goals: int
    activities: int
    status: CellStatus


class Matrix(TypedDict):
    """The boards and strategic areas in the order of the matrix, and its cells."""

    boards: list[Named]
    areas: list[Named]
    cells: list[MatrixCell]


class Share(TypedDict):
    """A part of a whole; ``percent`` is None when the whole is nothing."""

    count: int
    total: int
    percent: float | None


class BoardFindings(TypedDict):
    """How many findings name a board."""

    iri: str
    label: str | None
    count: int


class LoadBearing(TypedDict):
    """A goal or plan and how many nodes would be orphaned were it withdrawn."""

    iri: str
    type: str | None
    label: str | None
    orphaned_if_withdrawn: int


class CoverageSummary(TypedDict):
    """The counts and shares of the coverage report."""

    nodes: int
    orphans: int
    uncovered: int
    orphans_by_reason: dict[OrphanReason, int]
    uncovered_by_reason: dict[UncoveredReason, int]
    reaching_vision: Share
    overarching_goals_with_board_goal: Share
    board_goals_with_plan: Share
    board_goals_with_activities: Share
    board_goals_measurable: Share
    units_covered: Share
    focus_areas_addressed: Share
    cells_with_one_or_two_goals: Share
    findings_by_board: list[BoardFindings]
    load_bearing: list[LoadBearing]
    cycles: list[list[str]]


class CoverageReport(TypedDict):
    """Orphans, uncovered findings, the boards x strategic areas matrix and a summary."""

    orphans: list[CoverageFinding]
    uncovered: list[CoverageFinding]
    matrix: Matrix
    summary: CoverageSummary
