"""The Kolada import: responses read (:mod:`~styrgraf.results.kolada_responses`), matched to the
model (:mod:`~styrgraf.results.kolada_matching`), compared with the store by the core
(:mod:`styrgraf.results.change`), and its report, in which every value read is accounted for.

The command line (``styrgraf import kolada``) and the service (``POST /api/import/kolada``)
both :func:`prepare` an import, validate it with :func:`styrgraf.results.change.check`, write
it with :func:`styrgraf.results.change.write` unless it is a dry run or breaks a rule, and
answer with :func:`report`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePath

from styrgraf.model.load import InputError
from styrgraf.results.change import Conflict, Plan, Revision, plan
from styrgraf.results.kolada_matching import Matched, match, read_model
from styrgraf.results.kolada_responses import KoladaValue, Response
from styrgraf.results.kolada_shapes import (
    KoladaIndicatorJson,
    KoladaMissingJson,
    KoladaReportJson,
    KoladaRevisionJson,
)
from styrgraf.results.plan_json import plan_json
from styrgraf.results.records import Run
from styrgraf.store.base import Store

CITATION = "Källa: Kolada"
"""How Kolada asks to be cited; every value it gives carries it."""


@dataclass
class KoladaImport:
    """An import prepared: its run, what matched what, and the core's plan."""

    run: Run
    files: list[str]
    matched: Matched
    plan: Plan
    labels: dict[str, dict[str, str]]


def prepare(
    store: Store,
    responses: Sequence[Response],
    *,
    started: datetime,
    by: str | None = None,
    files: Sequence[str] | None = None,
    lang: str = "sv",
    graphs: Sequence[str] | None = None,
) -> KoladaImport:
    """Match the responses' values to the model in ``graphs`` (None: every graph) and plan
    the import; nothing is written. ``files`` names what was read (by default the responses'
    names), recorded without their paths. Raises :class:`~styrgraf.model.load.InputError`
    for responses that contradict each other."""
    model = read_model(store, graphs)
    matched = match(model, (value for response in responses for value in response.values))
    names = [r.name for r in responses] if files is None else list(files)
    run = Run(
        kind="kolada",
        started=started,
        by=by,
        files=tuple(dict.fromkeys(PurePath(name).name for name in names)),
        citation=CITATION,
        language=lang,
    )
    try:
        planned = plan(store, run, matched.readings, graphs=graphs)
    except Conflict as conflict:
        # One indicator naming two KPIs that give it two numbers for one year.
        where = matched.origin[conflict.second].file
        raise InputError(where, str(conflict)) from None
    return KoladaImport(run, names, matched, planned, model.labels())


def report(imported: KoladaImport, *, lang: str, dry_run: bool, written: bool) -> KoladaReportJson:
    """The import's report: ``dry_run`` when it was only planned, ``written`` when it changed
    the store."""
    matched, planned = imported.matched, imported.plan
    return {
        "kind": "kolada",
        "dry_run": dry_run,
        "written": written,
        "files": list(imported.run.files),
        "counts": {
            "values": matched.values,
            "matched": matched.matched,
            "unused": sum(matched.unused.values()),
            "not_in_model": sum(matched.outside.values()),
            "repeated": matched.repeated,
            "readings": len(planned.added)
            + len(planned.unchanged)
            + len(planned.revised)
            + len(planned.missing),
            "added": len(planned.added),
            "unchanged": len(planned.unchanged),
            "revised": len(planned.revised),
            "missing": len(planned.missing),
        },
        "revisions": [_revision(imported, revision, lang) for revision in planned.revised],
        "missing": _missing(imported, lang),
        "unused_kpis": [
            {"kpi": kpi, "values": count} for kpi, count in sorted(matched.unused.items())
        ],
        "absent_kpis": [
            {"kpi": kpi, "indicators": [_indicator(imported, u.iri, lang) for u in users]}
            for kpi, users in matched.absent.items()
        ],
        "not_in_model": [
            {"level": level, "area": area, "values": count}
            for (level, area), count in sorted(matched.outside.items())
        ],
        "plan": plan_json(planned),
    }


def _indicator(imported: KoladaImport, iri: str, lang: str) -> KoladaIndicatorJson:
    labels = imported.labels.get(iri, {})
    other = "en" if lang == "sv" else "sv"
    return {"iri": iri, "label": labels.get(lang) or labels.get(other) or iri}


def _revision(imported: KoladaImport, revision: Revision, lang: str) -> KoladaRevisionJson:
    reading = revision.reading
    value = imported.matched.origin[reading]
    return {
        "kpi": value.kpi,
        "level": value.level,
        "area": value.area,
        "area_iri": reading.area,
        "period": value.period,
        "gender": value.gender,
        "indicator": _indicator(imported, reading.indicator, lang),
        "value": format(reading.value, "f") if reading.value is not None else "",
        "retrieved": value.retrieved.isoformat(),
        "source": value.source,
        "iri": revision.iri,
        "old": [
            {"iri": stored.iri, "value": stored.written, "generated": stored.generated}
            for stored in revision.old
        ],
    }


def _missing(imported: KoladaImport, lang: str) -> list[KoladaMissingJson]:
    """Each missing value once, with the indicators it was for."""
    found: dict[KoladaValue, KoladaMissingJson] = {}
    for reading in imported.plan.missing:
        value = imported.matched.origin[reading]
        entry = found.setdefault(
            value,
            {
                "kpi": value.kpi,
                "level": value.level,
                "area": value.area,
                "period": value.period,
                "gender": value.gender,
                "status": value.status,
                "indicators": [],
                "place": value.place,
            },
        )
        entry["indicators"].append(_indicator(imported, reading.indicator, lang))
    return list(found.values())
