"""What the follow-up pages show, laid out for their templates: a status as a symbol, a word and
a tone (those of the charts' marks, never colour alone); one period's goals grouped by strategic
area and by board, with their counts and findings (the follow-up page); a goal's status in every
period with data (its page, with :mod:`styrgraf.web.goal_follow_up`); the counts of the latest
period (the start page).

Nothing is computed here that the library does not compute: the statuses are
:func:`styrgraf.analysis.fulfilment.compute`'s (kept by the service for each period), their
words and findings :mod:`styrgraf.analysis.fulfilment_json`'s.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from styrgraf.analysis.fulfilment import Fulfilment, Period
from styrgraf.analysis.fulfilment_json import finding_message, goal_json, period_label
from styrgraf.analysis.fulfilment_shapes import FulfilmentReport, GoalJson, StepJson
from styrgraf.i18n.words import N_, word
from styrgraf.model.follow_up_profile import Profile, Step
from styrgraf.render.charts import LADDER, Mark, mark_style

#: The words of each kind of finding, as the tag a flagged goal carries.
FINDING_TAGS = {
    "disagreement": N_("followup.page.flag.disagreement"),
    "judged-without-board-goals": N_("followup.page.flag.judged-without-board-goals"),
    "off-scale": N_("followup.page.flag.off-scale"),
}

#: The symbol a flagged goal carries beside the words of its finding.
FLAG = "⚠"

#: The symbol of a goal no report judged (the charts' ``?`` is for a goal judged not assessed).
NOT_JUDGED = "–"


def scale_steps(profile: Profile) -> int | None:
    """How many steps the scale has, where a drawing tells them apart (two to five)."""
    return len(profile.steps) if 2 <= len(profile.steps) <= 5 else None


def mark(period: Period, step: Step, profile: Profile, lang: str) -> Mark:
    """A goal's status in a period as a chart draws it: by its place on the scale."""
    steps = scale_steps(profile)
    return Mark(
        period.year,
        period.part,
        step.key,
        step.rank if steps else None,
        step.label(lang),
        steps,
    )


def shown(key: str, label: str, rank: int | None, steps: int | None) -> dict[str, str]:
    """A status as a page shows it: its symbol and tone (those of the charts' marks, so a page
    and its charts agree) and its word."""
    style = mark_style(Mark(0, "full", key, rank if steps else None, label, steps))
    tone = str(LADDER.index(style)) if style in LADDER else "na"
    symbol = NOT_JUDGED if key == "none" else style[0]
    return {"key": key, "label": label, "symbol": symbol, "tone": tone}


def shown_step(step: StepJson, steps: int | None) -> dict[str, str]:
    return shown(step["key"], step["label"], step["rank"], steps)


def _judged(goal: GoalJson, steps: int | None, lang: str) -> dict[str, Any] | None:
    judged = goal["judged"]
    if judged is None:
        return None
    status = judged["step"]
    if status is not None:
        badge = shown_step(status, steps)
    else:
        name = (judged["status"] or "").rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        badge = shown("off-scale", word("followup.page.off-scale", lang, status=name), None, None)
    return {
        "status": badge,
        "report": judged["report"],
        "report_label": judged["report_label"],
        "description": judged["description"],
    }


def goal_view(
    goal: GoalJson, flags: Sequence[Mapping[str, Any]], steps: int | None, lang: str
) -> dict[str, Any]:
    """One goal in one period: computed beside judged, the reason, and what is flagged."""
    return {
        "iri": goal["iri"],
        "label": goal["label"] or goal["iri"],
        "type": goal["type"],
        "computed": shown_step(goal["computed"]["step"], steps),
        "reason": goal["computed"]["reason"],
        "judged": _judged(goal, steps, lang),
        "distance": goal["distance"],
        "disagreement": goal["disagreement"],
        "flags": [
            {"code": f["code"], "tag": word(FINDING_TAGS[f["code"]], lang), "text": f["message"]}
            for f in flags
        ],
    }


def counts_view(
    goals: Iterable[Mapping[str, Any]], profile: Profile, lang: str
) -> dict[str, list[dict[str, Any]]]:
    """How many of ``goals`` (goal views) are at each status, computed and judged, in the
    order of the scale (the statuses none of them has left out)."""
    goals = list(goals)
    computed = Counter(g["computed"]["key"] for g in goals)
    judged = Counter(g["judged"]["status"]["key"] if g["judged"] else "none" for g in goals)
    steps = scale_steps(profile)
    order = [*profile.steps, profile.not_assessed]
    found: dict[str, list[dict[str, Any]]] = {"computed": [], "judged": []}
    for step in order:
        badge = shown(step.key, step.label(lang), step.rank, steps)
        for side, counted in (("computed", computed), ("judged", judged)):
            if counted[step.key]:
                found[side].append({"status": badge, "n": counted[step.key]})
    if judged["off-scale"]:
        badge = shown("off-scale", word("followup.page.off-scale.short", lang), None, None)
        found["judged"].append({"status": badge, "n": judged["off-scale"]})
    if judged["none"]:
        badge = shown("none", word("followup.page.not-judged", lang), None, None)
        found["judged"].append({"status": badge, "n": judged["none"]})
    return found


def summary_rows(
    counts: Mapping[str, Mapping[str, int]], profile: Profile, lang: str
) -> list[dict[str, Any]]:
    """The whole period's counts as rows: each status with how many goals are computed and
    how many judged at it."""
    steps = scale_steps(profile)
    rows = [
        {
            "status": shown(step.key, step.label(lang), step.rank, steps),
            "computed": counts["computed"].get(step.key, 0),
            "judged": counts["judged"].get(step.key, 0),
        }
        for step in [*profile.steps, profile.not_assessed]
    ]
    for key, text in (
        ("off-scale", N_("followup.page.off-scale.short")),
        ("none", N_("followup.page.not-judged")),
    ):
        if counts["judged"].get(key):
            rows.append(
                {
                    "status": shown(key, word(text, lang), None, None),
                    "computed": 0,
                    "judged": counts["judged"][key],
                }
            )
    return rows


def _grouped(
    goals: Sequence[dict[str, Any]], by: Mapping[str, list[str]], labels: Mapping[str, str]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The goals under each group they name (by label), and the goals that name none."""
    groups: dict[str, list[dict[str, Any]]] = {}
    loose = []
    for goal in goals:
        if not by[goal["iri"]]:
            loose.append(goal)
        for iri in by[goal["iri"]]:
            groups.setdefault(iri, []).append(goal)
    order = sorted(groups, key=lambda iri: (labels.get(iri, iri).casefold(), iri))
    return [
        {"iri": iri, "label": labels.get(iri, iri), "goals": groups[iri]} for iri in order
    ], loose


def overview(report: FulfilmentReport, profile: Profile, lang: str) -> dict[str, Any]:
    """The follow-up of one period as the page shows it: per strategic area its övergripande
    mål, per board its nämndsmål, each group with its counts; the findings; the whole
    period's counts."""
    steps = scale_steps(profile)
    flags: dict[str, list[Mapping[str, Any]]] = {}
    for finding in report["findings"]:
        flags.setdefault(finding["goal"], []).append(finding)
    goals = [goal_view(g, flags.get(g["iri"], []), steps, lang) for g in report["goals"]]
    goals.sort(key=lambda g: (g["label"].casefold(), g["iri"]))
    of = {g["iri"]: g for g in report["goals"]}
    labels = report["labels"]
    overarching = [g for g in goals if g["type"] == "OverarchingGoal"]
    board_goals = [g for g in goals if g["type"] == "BoardGoal"]
    areas, no_area = _grouped(overarching, {g["iri"]: of[g["iri"]]["areas"] for g in goals}, labels)
    boards, no_board = _grouped(
        board_goals, {g["iri"]: of[g["iri"]]["boards"] for g in goals}, labels
    )
    for group in [*areas, *boards]:
        group["counts"] = counts_view(group["goals"], profile, lang)
    by_iri = {g["iri"]: g for g in goals}
    return {
        "areas": areas,
        "no_area": no_area,
        "boards": boards,
        "no_board": no_board,
        "summary": summary_rows(
            {"computed": report["counts"]["computed"], "judged": report["counts"]["judged"]},
            profile,
            lang,
        ),
        "findings": [
            {
                "goal": by_iri[f["goal"]],
                "tag": word(FINDING_TAGS[f["code"]], lang),
                "code": f["code"],
                "text": f["message"],
            }
            for f in report["findings"]
            if f["goal"] in by_iri
        ],
        "flagged": sum(1 for g in goals if g["flags"]),
    }


def history(iri: str, periods: Sequence[Fulfilment], lang: str) -> list[dict[str, Any]]:
    """A goal's status in every period with data, in time order: computed beside judged, the
    reason and what is flagged."""
    rows = []
    for fulfilment in periods:
        goal = fulfilment.goals.get(iri)
        if goal is None:
            continue
        steps = scale_steps(fulfilment.profile)
        flags = [
            {"code": f.code, "goal": f.goal, "message": finding_message(f, fulfilment, lang)}
            for f in fulfilment.findings
            if f.goal == iri
        ]
        view = goal_view(goal_json(goal, fulfilment, lang), flags, steps, lang)
        view["period"] = period_label(fulfilment.period, lang)
        view["year"], view["part"] = fulfilment.period.year, fulfilment.period.part
        rows.append(view)
    return rows


def latest_counts(fulfilment: Fulfilment, lang: str) -> list[dict[str, Any]]:
    """How many goals are computed at each status in the fulfilment's period (the start
    page's summary), the statuses none has left out."""
    counts = fulfilment.counts(list(fulfilment.goals.values()))
    rows = summary_rows(counts, fulfilment.profile, lang)
    return [row for row in rows if row["computed"]]
