"""Måluppfyllelse: each goal's status for a period, computed from the numbers and set beside
the status the boards and the council judged.

- A **nämndsmål**'s status comes from its indicators (:mod:`styrgraf.analysis.indicator_outcome`):
  each scored outcome by the profile, the scores taken together by the profile's indicator
  aggregation, the step the score reaches. With no indicator scored, the goal is not assessed,
  and the reason says why.
- An **övergripande mål**'s status is the roll-up of the nämndsmål that support it: their
  steps' scores (those not assessed left out) taken together by the profile's roll-up.
- Beside each, the **judged** status: the goal's ``sg:Assessment`` for the same year and part
  of the year. Where judged and computed lie more than one step apart, or an övergripande mål is
  judged while none of its nämndsmål is, a finding says so.

The rule is the profile's (:mod:`styrgraf.model.follow_up_profile`), never this module's.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from styrgraf.analysis.follow_up_data import FULL, INTERIM, FollowUpData, Judged, Value, read
from styrgraf.analysis.hierarchy import labels as read_labels
from styrgraf.analysis.indicator_outcome import IndicatorOutcome, judge
from styrgraf.i18n.words import N_
from styrgraf.model.follow_up_profile import Outcome, Profile, Step, load_profile
from styrgraf.store.base import Store
from styrgraf.vocabulary import SG

NOT_ASSESSED = SG + "NotAssessed"


@dataclass(frozen=True, order=True)
class Period:
    """A budget year and the part of it that is followed up: ``interim`` (delår) or ``full``
    (helår). Ordered in time: a year's interim before its full year."""

    year: int
    part: str = FULL

    def __post_init__(self) -> None:
        if self.part not in (INTERIM, FULL):
            raise ValueError(f"a period's part is {INTERIM!r} or {FULL!r}, not {self.part!r}")

    @property
    def sort_key(self) -> tuple[int, int]:
        return (self.year, 0 if self.part == INTERIM else 1)


@dataclass
class Status:
    """A status with how it came about: the step, the score (None when not assessed) and
    the reason's parts (message ids and their values, put into words by the renderer)."""

    step: Step
    score: float | None
    reason: list[tuple[str, dict[str, object]]] = field(default_factory=list)


@dataclass
class JudgedStatus:
    """The status a report gave: the assessment, its status and the step it stands for on
    the profile's scale (None for a status that is on no step of it)."""

    assessment: Judged
    step: Step | None


@dataclass
class GoalFulfilment:
    iri: str
    type: str
    computed: Status
    judged: JudgedStatus | None
    boards: list[str]
    areas: list[str]
    indicators: list[IndicatorOutcome] = field(default_factory=list)
    board_goals: list[str] = field(default_factory=list)

    @property
    def distance(self) -> int | None:
        """How many steps apart judged and computed lie, where both are on the scale."""
        if self.judged is None or self.judged.step is None:
            return None
        judged, computed = self.judged.step.rank, self.computed.step.rank
        if judged is None or computed is None:
            return None
        return abs(judged - computed)

    @property
    def disagrees(self) -> bool:
        return (self.distance or 0) > 1


@dataclass
class FollowUpFinding:
    """Something the follow-up should look at: ``disagreement`` (judged and computed more than
    one step apart), ``judged-without-board-goals`` (an övergripande mål judged while none of
    its nämndsmål is) or ``off-scale`` (a judged status on no step of the profile's scale)."""

    code: str
    goal: str
    period: Period
    values: dict[str, object]


@dataclass
class Fulfilment:
    """Every goal's fulfilment in one period, with what is needed to say it in words."""

    period: Period
    periods: list[Period]
    profile: Profile
    goals: dict[str, GoalFulfilment]
    findings: list[FollowUpFinding]
    labels: dict[str, str]
    data: FollowUpData

    def counts(self, goals: Sequence[GoalFulfilment]) -> dict[str, dict[str, int]]:
        """How many of ``goals`` are at each status, computed and judged (by status key; the
        judged ones with no assessment under ``none``)."""
        computed = Counter(g.computed.step.key for g in goals)
        judged = Counter(
            (g.judged.step.key if g.judged.step else "off-scale") if g.judged else "none"
            for g in goals
        )
        return {"computed": dict(computed), "judged": dict(judged)}


def periods_in(data: FollowUpData) -> list[Period]:
    """Every period the data has values of goals' indicators or judged assessments for."""
    goal_indicators = {
        i.iri for i in data.indicators.values() if any(t != "Vision" for _, t in i.owners)
    }
    found = {
        Period(v.year, v.part)
        for v in data.values
        if v.year is not None and v.indicator in goal_indicators
    }
    found |= {Period(j.year, j.part) for j in data.judged if j.year is not None}
    return sorted(found, key=lambda p: p.sort_key)


def latest(periods: Sequence[Period]) -> Period | None:
    """The latest period: the last year's full year where it has one."""
    return max(periods, key=lambda p: p.sort_key) if periods else None


def compute(
    store: Store,
    *,
    period: Period | None = None,
    graphs: Sequence[str] | None = None,
    lang: str = "sv",
    profile: Profile | None = None,
) -> Fulfilment:
    """Every goal's fulfilment in ``period`` (None: the latest period with data) over
    ``graphs`` (None: every graph), by ``profile`` (None: the default one)."""
    data = read(store, graphs, lang)
    return evaluate(
        data,
        period=period,
        profile=profile or load_profile(),
        store=store,
        graphs=graphs,
        lang=lang,
    )


def evaluate(
    data: FollowUpData,
    *,
    period: Period | None,
    profile: Profile,
    store: Store | None = None,
    graphs: Sequence[str] | None = None,
    lang: str = "sv",
) -> Fulfilment:
    """:func:`compute` over data already read (the labels are read when a store is given)."""
    periods = periods_in(data)
    chosen = period or latest(periods) or Period(0)
    values_of: dict[str, list[Value]] = defaultdict(list)
    for value in data.values:
        if value.indicator:
            values_of[value.indicator].append(value)
    municipalities = data.context.municipalities
    goals: dict[str, GoalFulfilment] = {}
    board_goals = {iri: g for iri, g in data.goals.items() if g.type == "BoardGoal"}
    overarching = {iri: g for iri, g in data.goals.items() if g.type == "OverarchingGoal"}
    judged = _judged_by_goal(data.judged, chosen, profile)

    for iri, goal in sorted(board_goals.items()):
        outcomes = [
            judge(
                indicator,
                values_of[indicator.iri],
                chosen.year,
                chosen.part,
                municipalities,
                profile,
            )
            for indicator in sorted(data.indicators.values(), key=lambda i: i.iri)
            if any(owner == iri for owner, _ in indicator.owners)
        ]
        areas = sorted(
            {a for og in goal.supports if og in overarching for a in overarching[og].areas}
        )
        goals[iri] = GoalFulfilment(
            iri=iri,
            type=goal.type,
            computed=_board_goal_status(outcomes, profile),
            judged=judged.get(iri),
            boards=sorted(goal.boards),
            areas=areas,
            indicators=outcomes,
        )
    for iri, goal in sorted(overarching.items()):
        supporters = sorted(ng for ng, g in board_goals.items() if iri in g.supports)
        goals[iri] = GoalFulfilment(
            iri=iri,
            type=goal.type,
            computed=_roll_up([goals[ng] for ng in supporters], profile),
            judged=judged.get(iri),
            boards=sorted(goal.boards),
            areas=sorted(goal.areas),
            board_goals=supporters,
        )
    findings = _findings(goals, chosen, profile)
    wanted = set(goals) | {b for g in goals.values() for b in g.boards + g.areas}
    wanted |= {i.iri for i in data.indicators.values()}
    wanted |= {j.report for j in data.judged if j.report}
    labels = read_labels(store, wanted, lang, graphs) if store is not None else {}
    return Fulfilment(chosen, periods, profile, goals, findings, labels, data)


def _judged_by_goal(
    assessments: Sequence[Judged], period: Period, profile: Profile
) -> dict[str, JudgedStatus]:
    """Each goal's judged status in ``period``: where a report judged a goal twice, the one
    generated last (then the last by IRI), and a status over none."""
    found: dict[str, Judged] = {}
    for judged in sorted(assessments, key=lambda j: (j.generated or "", j.iri)):
        if judged.year != period.year or judged.part != period.part:
            continue
        earlier = found.get(judged.goal)
        if earlier is None or earlier.status == NOT_ASSESSED or judged.status != NOT_ASSESSED:
            found[judged.goal] = judged
    return {
        goal: JudgedStatus(j, profile.step_of(j.status) if j.status else None)
        for goal, j in found.items()
    }


def _board_goal_status(outcomes: list[IndicatorOutcome], profile: Profile) -> Status:
    scored = [o for o in outcomes if o.score is not None]
    if not outcomes:
        return Status(profile.not_assessed, None, [(N_("followup.reason.no-indicator"), {})])
    if not scored:
        reason: list[tuple[str, dict[str, object]]] = [
            (N_("followup.reason.nothing-scored"), {"n": len(outcomes)})
        ]
        return Status(profile.not_assessed, None, reason)
    score = profile.indicator_aggregation.combine([o.score for o in scored if o.score is not None])
    reached = sum(1 for o in scored if o.outcome is Outcome.REACHED)
    reason = [(N_("followup.reason.reached"), {"reached": reached, "n": len(scored)})]
    unscored = len(outcomes) - len(scored)
    if unscored:
        reason.append((N_("followup.reason.unscored"), {"n": unscored}))
    return Status(profile.step_for(score), score, reason)


def _roll_up(supporters: list[GoalFulfilment], profile: Profile) -> Status:
    if not supporters:
        return Status(profile.not_assessed, None, [(N_("followup.reason.no-board-goal"), {})])
    stepped = [g.computed.step for g in supporters if g.computed.step.rank is not None]
    if not stepped:
        reason: list[tuple[str, dict[str, object]]] = [
            (N_("followup.reason.no-board-goal-assessed"), {"n": len(supporters)})
        ]
        return Status(profile.not_assessed, None, reason)
    score = profile.roll_up.combine([s.score for s in stepped])
    counts = Counter(s.key for s in stepped)
    reason = [(N_("followup.reason.rolled-up"), {"n": len(stepped), "counts": counts})]
    if len(stepped) < len(supporters):
        reason.append(
            (N_("followup.reason.board-goals-unassessed"), {"n": len(supporters) - len(stepped)})
        )
    return Status(profile.step_for(score), score, reason)


def _findings(
    goals: dict[str, GoalFulfilment], period: Period, profile: Profile
) -> list[FollowUpFinding]:
    found: list[FollowUpFinding] = []
    for iri, goal in goals.items():
        judged = goal.judged
        if judged is None:
            continue
        if judged.step is None:
            found.append(
                FollowUpFinding(
                    "off-scale", iri, period, {"status": judged.assessment.status or ""}
                )
            )
            continue
        if goal.disagrees:
            found.append(
                FollowUpFinding(
                    "disagreement",
                    iri,
                    period,
                    {
                        "judged": judged.step.key,
                        "computed": goal.computed.step.key,
                        "steps": goal.distance or 0,
                    },
                )
            )
        if (
            goal.type == "OverarchingGoal"
            and judged.step.rank is not None
            and not any(
                (ng := goals[b].judged) is not None
                and ng.step is not None
                and ng.step.rank is not None
                for b in goal.board_goals
            )
        ):
            found.append(
                FollowUpFinding(
                    "judged-without-board-goals", iri, period, {"n": len(goal.board_goals)}
                )
            )
    return found
