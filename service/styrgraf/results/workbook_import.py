"""The workbook import: a board's filled workbook read and matched to the model
(:mod:`~styrgraf.results.workbook_reader`), compared with the store by the core
(:mod:`styrgraf.results.change`), and its report: each value added, revised (old → new) or
unchanged, each status given, with the sheet and cell it came from.

The command line (``styrgraf import workbook``), the API (``POST /api/import/workbook``) and
the upload page all :func:`prepare` an import, validate it with
:func:`styrgraf.results.change.check`, write it with :func:`styrgraf.results.change.write`
unless it is a dry run or breaks a rule, and answer with :func:`report`. A workbook with any
problem is refused whole (:class:`~styrgraf.results.workbook_problems.WorkbookRefused`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePath

from styrgraf.analysis.fulfilment import Period
from styrgraf.analysis.fulfilment_json import period_json
from styrgraf.model.follow_up_profile import Profile
from styrgraf.results.change import Conflict, Judged, Plan, Reported, UnknownNode, plan
from styrgraf.results.plan_json import plan_json
from styrgraf.results.records import INTERIM, Reading, Run
from styrgraf.results.workbook_problems import WorkbookProblem, WorkbookRefused
from styrgraf.results.workbook_reader import Expected, WorkbookRead, read_workbook
from styrgraf.results.workbook_shapes import (
    State,
    WorkbookNodeJson,
    WorkbookReportJson,
    WorkbookStatusJson,
    WorkbookValueJson,
)
from styrgraf.store.base import Store

MAX_NAME = 200
"""The longest name accepted for who makes an import."""


@dataclass
class WorkbookImport:
    """An import prepared: the workbook as read, its run and the core's plan."""

    read: WorkbookRead
    run: Run
    plan: Plan


def importer(by: str | None) -> str:
    """Who makes the import, as given: a name of one line, at most :data:`MAX_NAME`
    characters; ValueError saying what is wrong with it.

    >>> importer("  Anna Berg ")
    'Anna Berg'
    >>> importer("")
    Traceback (most recent call last):
    ...
    ValueError: say who makes the import: a name
    """
    name = " ".join((by or "").split())
    if not name:
        raise ValueError("say who makes the import: a name")
    if len(name) > MAX_NAME or not name.isprintable():
        raise ValueError(f"the name is a line of at most {MAX_NAME} printable characters")
    return name


def prepare(
    store: Store,
    data: bytes,
    *,
    file: str,
    by: str,
    started: datetime,
    profile: Profile,
    lang: str = "sv",
    expected: Expected | None = None,
    graphs: Sequence[str] | None = None,
) -> WorkbookImport:
    """Read the workbook ``data`` (named ``file``), match it to the model in ``graphs`` (None:
    every graph), goals' statuses on ``profile``'s scale, and plan the import; nothing is
    written. Raises
    :class:`~styrgraf.results.workbook_problems.WorkbookRefused` with every problem found."""
    name = PurePath(file.replace("\\", "/")).name or "workbook.xlsx"
    read = read_workbook(
        store, data, file=name, lang=lang, profile=profile, expected=expected, graphs=graphs
    )
    run = Run(kind="workbook", started=started, by=by, files=(name,), language=read.language)
    try:
        planned = plan(store, run, read.readings, read.judgements, read.activities, graphs=graphs)
    except UnknownNode as unknown:
        sheet, _, cell = unknown.place.partition("!")
        raise WorkbookRefused([WorkbookProblem("row-unknown", sheet, cell)], lang) from None
    except Conflict as conflict:
        sheet, _, cell = conflict.second.place.partition("!")
        first = conflict.first.place.partition("!")[2]
        raise WorkbookRefused(
            [WorkbookProblem("row-twice", sheet, cell, {"first": first})], lang
        ) from None
    return WorkbookImport(read, run, planned)


def report(
    imported: WorkbookImport, *, lang: str, dry_run: bool, written: bool
) -> WorkbookReportJson:
    """The import's report: ``dry_run`` when it was only planned, ``written`` when it changed
    the store."""
    read, planned = imported.read, imported.plan
    values = [
        *(_value(read, e.reading, "added", []) for e in planned.added),
        *(
            _value(read, r.reading, "revised", [v.written or "" for v in r.old])
            for r in planned.revised
        ),
        *(_value(read, e.reading, "unchanged", []) for e in planned.unchanged),
    ]
    statuses = [
        *(_judged(read, j, "added") for j in planned.judged_added),
        *(_judged(read, j, "revised") for j in planned.judged_revised),
        *(_judged(read, j, "unchanged") for j in planned.judged_unchanged),
    ]
    activities = [
        *(
            _reported(read, r, "revised" if r.before else "added")
            for r in planned.activities_changed
        ),
        *(_reported(read, r, "unchanged") for r in planned.activities_unchanged),
    ]
    part = "interim" if read.part == INTERIM else "full"
    return {
        "kind": "workbook",
        "dry_run": dry_run,
        "written": written,
        "file": read.file,
        "by": imported.run.by or "",
        "board": _node(read, read.board),
        "period": period_json(Period(read.year, part), lang),
        "language": read.language,
        "empty": read.filled == 0,
        "counts": {
            "filled": read.filled,
            "added": len(planned.added),
            "revised": len(planned.revised),
            "unchanged": len(planned.unchanged),
            "statuses_changed": len(planned.judged_added) + len(planned.judged_revised),
            "statuses_unchanged": len(planned.judged_unchanged),
            "activities_changed": len(planned.activities_changed),
            "activities_unchanged": len(planned.activities_unchanged),
        },
        "values": sorted(values, key=lambda v: _order(v["place"])),
        "statuses": sorted(statuses, key=lambda s: _order(s["place"])),
        "activities": sorted(activities, key=lambda s: _order(s["place"])),
        "plan": plan_json(planned),
    }


def _order(place: str) -> tuple[str, int, str]:
    """Places in the order of the sheet: by row, then column (``H7`` before ``H12``)."""
    sheet, _, cell = place.partition("!")
    letters = cell.rstrip("0123456789")
    digits = cell[len(letters) :]
    return sheet, int(digits) if digits else 0, letters


def _node(read: WorkbookRead, iri: str) -> WorkbookNodeJson:
    return {"iri": iri, "label": read.labels.get(iri) or iri}


def _value(read: WorkbookRead, reading: Reading, state: State, old: list[str]) -> WorkbookValueJson:
    goal = read.goal_of.get(reading.place)
    return {
        "place": reading.place,
        "state": state,
        "goal": _node(read, goal) if goal else None,
        "indicator": _node(read, reading.indicator),
        "value": format(reading.value, "f") if reading.value is not None else "",
        "old": old,
        "unit": reading.unit,
        "comment": reading.comment,
    }


def _judged(read: WorkbookRead, judged: Judged, state: State) -> WorkbookStatusJson:
    j = judged.judgement
    unchanged = j.status if state == "unchanged" else None
    return {
        "place": j.place,
        "state": state,
        "node": _node(read, j.goal),
        "status": _node(read, j.status),
        # An unchanged status was the same before.
        "before": _node(read, before) if (before := judged.old_status or unchanged) else None,
        "comment": j.comment,
    }


def _reported(read: WorkbookRead, reported: Reported, state: State) -> WorkbookStatusJson:
    r = reported.report
    before = [b for b in reported.before if b != r.status] or list(reported.before)
    return {
        "place": r.place,
        "state": state,
        "node": _node(read, r.activity),
        "status": _node(read, r.status),
        "before": _node(read, before[0]) if before else None,
        "comment": r.comment,
    }
