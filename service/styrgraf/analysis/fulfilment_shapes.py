"""The shapes of the follow-up as the API answers with it (``GET /api/fulfilment``, ``styrgraf
report --format json``): defined once here, the OpenAPI schemas generated from them."""

from __future__ import annotations

from typing import Literal, TypedDict, get_args

PeriodPart = Literal["interim", "full"]
OutcomeKey = Literal["reached", "on-track", "improving", "not-reached"]
Problem = Literal[
    "no-value",
    "not-a-number",
    "other-unit",
    "conflict",
    "no-target",
    "target-not-a-number",
    "no-direction",
]
FindingCode = Literal["disagreement", "judged-without-board-goals", "off-scale"]
FINDING_CODES: tuple[FindingCode, ...] = get_args(FindingCode)


class PeriodJson(TypedDict):
    """A budget year and the part of it followed up, with its label."""

    year: int
    part: PeriodPart
    label: str


class StepJson(TypedDict):
    """A status: its concept, its key (the concept's notation), its label, its rank on the
    scale (1 is best; None for not assessed)."""

    status: str
    key: str
    label: str
    rank: int | None


class ProfileJson(TypedDict):
    """The follow-up profile the statuses were computed by: its scale, best step first."""

    iri: str
    name: str
    label: str
    steps: list[StepJson]
    not_assessed: StepJson


class ValueJson(TypedDict):
    """A value that counts (or takes part in a problem), with its provenance."""

    iri: str
    value: float | None
    written: str | None
    unit: str | None
    source: str | None
    generated: str | None


class IndicatorJson(TypedDict):
    """One indicator of a nämndsmål in the period: its value against its target."""

    iri: str
    label: str | None
    unit: str | None
    direction: Literal["higher", "lower"] | None
    target: float | None
    target_year: int | None
    baseline: float | None
    baseline_year: int | None
    kolada: str | None
    value: ValueJson | None
    expected: float | None
    outcome: OutcomeKey | None
    outcome_label: str | None
    score: float | None
    problem: Problem | None
    involved: list[ValueJson]
    reason: str


class ComputedJson(TypedDict):
    """The status computed from the numbers: the step, the score (None when not assessed)
    and the reason in words."""

    step: StepJson
    score: float | None
    reason: str


class JudgedJson(TypedDict):
    """The status a report gave, and the step of the profile's scale it stands for (None
    for a status on no step of it)."""

    assessment: str
    status: str | None
    step: StepJson | None
    report: str | None
    report_label: str | None
    description: str | None


class GoalJson(TypedDict):
    """One goal in the period: its computed status beside the judged one, how many steps
    apart they lie, and (a nämndsmål) its indicators or (an övergripande mål) its nämndsmål."""

    iri: str
    type: str
    """The goal's class: ``BoardGoal`` or ``OverarchingGoal``."""
    label: str | None
    boards: list[str]
    areas: list[str]
    computed: ComputedJson
    judged: JudgedJson | None
    distance: int | None
    disagreement: bool
    indicators: list[IndicatorJson]
    board_goals: list[str]


class CountsJson(TypedDict):
    """How many goals are at each status (by key), computed and judged (``none``: no
    assessment; ``off-scale``: a status on no step of the scale)."""

    computed: dict[str, int]
    judged: dict[str, int]


class GroupJson(TypedDict):
    """A strategic area or a board: its goals and how many are at each status."""

    iri: str
    label: str | None
    goals: list[str]
    counts: CountsJson


class FindingJson(TypedDict):
    """Something the follow-up should look at, about one goal, in words."""

    code: FindingCode
    goal: str
    label: str | None
    message: str


class FulfilmentReport(TypedDict):
    """Every goal's fulfilment in one period (``GET /api/fulfilment``)."""

    period: PeriodJson
    periods: list[PeriodJson]
    profile: ProfileJson
    board: str | None
    goals: list[GoalJson]
    areas: list[GroupJson]
    boards: list[GroupJson]
    counts: CountsJson
    findings: list[FindingJson]
    labels: dict[str, str]
