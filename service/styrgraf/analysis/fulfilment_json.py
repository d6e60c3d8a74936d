"""The follow-up as the API answers with it (:mod:`styrgraf.analysis.fulfilment_shapes`), every
reason and finding put into words in the asked language, numbers in that language's form."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from styrgraf.analysis.follow_up_data import Value
from styrgraf.analysis.fulfilment import FollowUpFinding, Fulfilment, GoalFulfilment, Period, Status
from styrgraf.analysis.fulfilment_shapes import (
    CountsJson,
    FindingJson,
    FulfilmentReport,
    GoalJson,
    GroupJson,
    IndicatorJson,
    PeriodJson,
    PeriodPart,
    StepJson,
    ValueJson,
)
from styrgraf.analysis.indicator_outcome import IndicatorOutcome
from styrgraf.i18n.words import number, word
from styrgraf.model.follow_up_profile import Profile, Step


def period_label(period: Period, lang: str) -> str:
    """``helår 2021`` / ``delår 2021`` (the year as written, never ``2 021``)."""
    return word(f"followup.period.{period.part}", lang, year=str(period.year))


def period_json(period: Period, lang: str) -> PeriodJson:
    part: PeriodPart = "interim" if period.part == "interim" else "full"
    return {"year": period.year, "part": part, "label": period_label(period, lang)}


def step_json(step: Step, lang: str) -> StepJson:
    return {"status": step.status, "key": step.key, "label": step.label(lang), "rank": step.rank}


def amount(value: float, unit: str | None, lang: str) -> str:
    """A number with its unit, the number in the language's form (``71,5 procent``)."""
    written = number(round(value, 6), lang)
    return f"{written} {unit}" if unit else written


def indicator_reason(
    outcome: IndicatorOutcome, labels: dict[str, str], period: Period, lang: str
) -> str:
    """How one indicator stands, in words."""
    indicator = outcome.indicator
    label = labels.get(indicator.iri, indicator.iri)
    unit = indicator.unit
    if outcome.problem is not None:
        return word(
            f"followup.problem.{outcome.problem}",
            lang,
            label=label,
            period=period_label(period, lang),
            written=next(
                (v.written or "" for v in outcome.involved), indicator.target_written or ""
            ),
            unit=next((v.unit or "" for v in outcome.involved if v.unit), ""),
            indicator_unit=unit or "",
            numbers=", ".join(
                amount(v.number, None, lang) for v in outcome.involved if v.number is not None
            ),
        )
    assert outcome.value is not None and outcome.value.number is not None
    assert indicator.target is not None and outcome.outcome is not None
    return word(
        f"followup.outcome.{outcome.outcome.value}",
        lang,
        label=label,
        value=amount(outcome.value.number, unit, lang),
        target=amount(indicator.target, unit, lang),
        expected=amount(outcome.expected, unit, lang) if outcome.expected is not None else "",
        baseline=amount(indicator.baseline, unit, lang) if indicator.baseline is not None else "",
    )


def status_reason(status: Status, goal: GoalFulfilment, fulfilment: Fulfilment, lang: str) -> str:
    """Why the goal has its computed status: the counts, then each indicator that did not
    reach its target or could not be judged."""
    parts: list[str] = []
    for key, values in status.reason:
        values = dict(values)
        counts = values.pop("counts", None)
        if isinstance(counts, Counter):
            values["counts"] = _step_counts(counts, fulfilment.profile, lang)
        parts.append(word(key, lang, **values))
    for outcome in goal.indicators:
        if outcome.outcome is None or outcome.outcome.value != "reached":
            parts.append(indicator_reason(outcome, fulfilment.labels, fulfilment.period, lang))
    return "; ".join(parts)


def _step_counts(counts: Counter[str], profile: Profile, lang: str) -> str:
    return ", ".join(
        f"{number(counts[step.key], lang)} {step.label(lang)}"
        for step in profile.steps
        if counts[step.key]
    )


def _value(value: Value) -> ValueJson:
    return {
        "iri": value.iri,
        "value": value.number,
        "written": value.written,
        "unit": value.unit,
        "source": value.source,
        "generated": value.generated,
    }


def _indicator(outcome: IndicatorOutcome, fulfilment: Fulfilment, lang: str) -> IndicatorJson:
    indicator = outcome.indicator
    direction = indicator.direction if indicator.direction in ("higher", "lower") else None
    kind = outcome.outcome
    return {
        "iri": indicator.iri,
        "label": fulfilment.labels.get(indicator.iri),
        "unit": indicator.unit,
        "direction": direction,  # type: ignore[typeddict-item]
        "target": indicator.target,
        "target_year": indicator.target_year,
        "baseline": indicator.baseline,
        "baseline_year": indicator.baseline_year,
        "kolada": indicator.kolada,
        "value": _value(outcome.value) if outcome.value else None,
        "expected": outcome.expected,
        "outcome": kind.value if kind else None,
        "outcome_label": word(f"followup.outcome-label.{kind.value}", lang) if kind else None,
        "score": outcome.score,
        "problem": outcome.problem,  # type: ignore[typeddict-item]
        "involved": [_value(v) for v in outcome.involved],
        "reason": indicator_reason(outcome, fulfilment.labels, fulfilment.period, lang),
    }


def goal_json(goal: GoalFulfilment, fulfilment: Fulfilment, lang: str) -> GoalJson:
    judged = goal.judged
    labels = fulfilment.labels
    return {
        "iri": goal.iri,
        "type": goal.type,
        "label": labels.get(goal.iri),
        "boards": goal.boards,
        "areas": goal.areas,
        "computed": {
            "step": step_json(goal.computed.step, lang),
            "score": goal.computed.score,
            "reason": status_reason(goal.computed, goal, fulfilment, lang),
        },
        "judged": None
        if judged is None
        else {
            "assessment": judged.assessment.iri,
            "status": judged.assessment.status,
            "step": step_json(judged.step, lang) if judged.step else None,
            "report": judged.assessment.report,
            "report_label": labels.get(judged.assessment.report or ""),
            "description": judged.assessment.description,
        },
        "distance": goal.distance,
        "disagreement": goal.disagrees,
        "indicators": [_indicator(o, fulfilment, lang) for o in goal.indicators],
        "board_goals": goal.board_goals,
    }


def finding_message(finding: FollowUpFinding, fulfilment: Fulfilment, lang: str) -> str:
    values = dict(finding.values)
    profile = fulfilment.profile
    for name in ("judged", "computed"):
        if name in values:
            step = next((s for s in profile.steps if s.key == values[name]), None)
            values[name] = step.label(lang) if step else str(values[name])
    if finding.code == "off-scale":
        values["profile"] = profile.label(lang)
    return word(
        f"followup.finding.{finding.code}",
        lang,
        period=period_label(finding.period, lang),
        **values,
    )


def _group(iri: str, goals: list[GoalFulfilment], fulfilment: Fulfilment) -> GroupJson:
    counts = fulfilment.counts(goals)
    return {
        "iri": iri,
        "label": fulfilment.labels.get(iri),
        "goals": [g.iri for g in goals],
        "counts": CountsJson(computed=counts["computed"], judged=counts["judged"]),
    }


def _groups(goals: Iterable[GoalFulfilment], by: str, fulfilment: Fulfilment) -> list[GroupJson]:
    grouped: dict[str, list[GoalFulfilment]] = {}
    for goal in goals:
        for iri in getattr(goal, by):
            grouped.setdefault(iri, []).append(goal)
    order = sorted(grouped, key=lambda iri: (fulfilment.labels.get(iri, iri) or iri, iri))
    return [_group(iri, grouped[iri], fulfilment) for iri in order]


def to_json(fulfilment: Fulfilment, lang: str, *, board: str | None = None) -> FulfilmentReport:
    """The whole follow-up for the period, or the part of it that concerns ``board`` (its
    goals, and the övergripande mål its nämndsmål support)."""
    goals = list(fulfilment.goals.values())
    if board is not None:
        own = {g.iri for g in goals if board in g.boards}
        own |= {og for g in goals if g.iri in own for og in _supported(g, fulfilment)}
        goals = [g for g in goals if g.iri in own]
    kept = {g.iri for g in goals}
    labels = fulfilment.labels
    goals.sort(key=lambda g: (g.type != "OverarchingGoal", labels.get(g.iri, g.iri).casefold()))
    findings: list[FindingJson] = [
        {
            "code": f.code,  # type: ignore[typeddict-item]
            "goal": f.goal,
            "label": labels.get(f.goal),
            "message": finding_message(f, fulfilment, lang),
        }
        for f in fulfilment.findings
        if f.goal in kept
    ]
    counts = fulfilment.counts(goals)
    profile = fulfilment.profile
    return {
        "period": period_json(fulfilment.period, lang),
        "periods": [period_json(p, lang) for p in fulfilment.periods],
        "profile": {
            "iri": profile.iri,
            "name": profile.name,
            "label": profile.label(lang),
            "steps": [step_json(s, lang) for s in profile.steps],
            "not_assessed": step_json(profile.not_assessed, lang),
        },
        "board": board,
        "goals": [goal_json(g, fulfilment, lang) for g in goals],
        "areas": _groups(goals, "areas", fulfilment),
        "boards": _groups(goals, "boards", fulfilment),
        "counts": CountsJson(computed=counts["computed"], judged=counts["judged"]),
        "findings": findings,
        "labels": {
            iri: label
            for iri, label in sorted(labels.items())
            if iri in kept or any(iri in g.boards or iri in g.areas for g in goals)
        },
    }


def _supported(goal: GoalFulfilment, fulfilment: Fulfilment) -> list[str]:
    data_goal = fulfilment.data.goals.get(goal.iri)
    return sorted(data_goal.supports) if data_goal else []
