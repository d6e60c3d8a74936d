"""An import's plan as JSON: what it adds, leaves unchanged, revises and counts as missing, the
statuses it judges and the activities it reports, each with the place it was read from. Both
imports (Kolada and the workbooks) answer with it, inside their own report."""

from __future__ import annotations

from typing import TypedDict

from styrgraf.results.change import Entry, Judged, Plan, Reported, Revision
from styrgraf.results.records import INTERIM, MEN, WOMEN, Reading

_PART = {INTERIM: "interim"}
_GENDER = {WOMEN: "women", MEN: "men"}


class PlanValueJson(TypedDict):
    """A value brought in: where it was read, its key, its number, and its node."""

    place: str
    indicator: str
    year: int
    part: str
    area: str | None
    gender: str
    value: str | None
    iri: str | None


class OldValueJson(TypedDict):
    """A stored value that a revision corrects, kept beside it."""

    iri: str
    value: str | None
    generated: str | None


class RevisionJson(PlanValueJson):
    """A value that differs from the stored one: the new value and those it revises."""

    old: list[OldValueJson]


class StatusJson(TypedDict):
    """A status brought in for a goal or an activity, and what it replaces."""

    place: str
    node: str
    year: int
    part: str
    status: str
    comment: str | None
    iri: str
    before: list[str]


class PlanCountsJson(TypedDict):
    """How many values and statuses an import adds, leaves unchanged, revises and counts as
    missing."""

    added: int
    unchanged: int
    revised: int
    missing: int
    statuses_added: int
    statuses_unchanged: int
    statuses_revised: int
    activities_changed: int
    activities_unchanged: int


class PlanJson(TypedDict):
    """What an import does (or, on a dry run, would do)."""

    changes: bool
    run: str | None
    counts: PlanCountsJson
    added: list[PlanValueJson]
    unchanged: list[PlanValueJson]
    revised: list[RevisionJson]
    missing: list[PlanValueJson]
    statuses: list[StatusJson]
    activities: list[StatusJson]


def _value(reading: Reading, iri: str | None) -> PlanValueJson:
    return {
        "place": reading.place,
        "indicator": reading.indicator,
        "year": reading.year,
        "part": _PART.get(reading.part, "full"),
        "area": reading.area,
        "gender": _GENDER.get(reading.gender, "total"),
        "value": None if reading.value is None else format(reading.value, "f"),
        "iri": iri,
    }


def _entry(entry: Entry) -> PlanValueJson:
    return _value(entry.reading, entry.iri)


def _revision(revision: Revision) -> RevisionJson:
    base = _value(revision.reading, revision.iri)
    old: list[OldValueJson] = [
        {"iri": v.iri, "value": v.written, "generated": v.generated} for v in revision.old
    ]
    return {**base, "old": old}


def _judged(judged: Judged) -> StatusJson:
    j = judged.judgement
    return {
        "place": j.place,
        "node": j.goal,
        "year": j.year,
        "part": _PART.get(j.part, "full"),
        "status": j.status,
        "comment": j.comment,
        "iri": judged.iri,
        "before": [judged.old_status] if judged.old_status else [],
    }


def _reported(reported: Reported) -> StatusJson:
    r = reported.report
    return {
        "place": r.place,
        "node": r.activity,
        "year": r.year,
        "part": _PART.get(r.part, "full"),
        "status": r.status,
        "comment": r.comment,
        "iri": reported.iri,
        "before": list(reported.before),
    }


def plan_json(plan: Plan) -> PlanJson:
    """The plan as JSON."""
    return {
        "changes": plan.changes(),
        "run": plan.run_iri if plan.changes() else None,
        "counts": {
            "added": len(plan.added),
            "unchanged": len(plan.unchanged),
            "revised": len(plan.revised),
            "missing": len(plan.missing),
            "statuses_added": len(plan.judged_added),
            "statuses_unchanged": len(plan.judged_unchanged),
            "statuses_revised": len(plan.judged_revised),
            "activities_changed": len(plan.activities_changed),
            "activities_unchanged": len(plan.activities_unchanged),
        },
        "added": [_entry(e) for e in plan.added],
        "unchanged": [_entry(e) for e in plan.unchanged],
        "revised": [_revision(r) for r in plan.revised],
        "missing": [_value(r, None) for r in plan.missing],
        "statuses": [
            _judged(j) for j in (*plan.judged_added, *plan.judged_revised, *plan.judged_unchanged)
        ],
        "activities": [
            _reported(r) for r in (*plan.activities_changed, *plan.activities_unchanged)
        ],
    }
