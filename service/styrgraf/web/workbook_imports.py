"""A workbook import carried out for a request, shared by the API (``POST
/api/import/workbook``) and the upload page: in the write class, under the write lock that
``/store`` holds, the workbook read and planned, the store as it would be after validated, and
written in one transaction unless it is a dry run (:mod:`styrgraf.results.workbook_import`).

A refusal is a :class:`Refused`: 422 with every problem of the workbook (each with its sheet
and cell, in the asked language), or, the store as the import would leave it checked as every
write is, with the findings of personal data outside a private graph or else the violations
of the rules it would add, apart from those the store already had, and the validation report;
nothing is written either way.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime

from styrgraf.execution.admission import client_gone, holding
from styrgraf.results.change import write
from styrgraf.results.workbook_import import prepare, report
from styrgraf.results.workbook_problems import ProblemShape, WorkbookRefused
from styrgraf.results.workbook_reader import Expected
from styrgraf.results.workbook_shapes import WorkbookReportJson
from styrgraf.web.errors import check_refusal
from styrgraf.web.service import service
from styrgraf.web.shapes import ErrorDetails


@dataclass
class Refused(Exception):
    """A workbook import refused (422): the workbook's problems, or why the check of every
    write refuses it (``details``, as ``/store`` gives them: personal data outside a private
    graph, or the violations it would add to those the store has)."""

    message: str
    problems: list[ProblemShape] = field(default_factory=list)
    details: ErrorDetails = field(default_factory=lambda: ErrorDetails())


@dataclass(frozen=True)
class Done:
    """An import carried out (or on a dry run, planned): its report, and the digest of what
    it does (the same for the same values and statuses over the same store)."""

    report: WorkbookReportJson
    digest: str


def carry_out(
    data: bytes,
    *,
    file: str,
    by: str,
    lang: str,
    expected: Expected | None,
    dry_run: bool,
    digest: str | None = None,
) -> Done:
    """Read, plan, validate and (unless ``dry_run``) write the workbook ``data``, holding a
    place in the write class and the write lock throughout. With ``digest``, the import is
    written only if it still does what that digest says (what a preview showed): otherwise
    it is planned only, and the caller sees the digests differ."""
    svc = service()
    svc.writable()  # 507 at once while the disk is full
    with svc.admission.write.admit(), holding(svc.writes, client_gone()):
        started = datetime.now(UTC).replace(microsecond=0)
        try:
            imported = prepare(
                svc.store,
                data,
                file=file,
                by=by,
                started=started,
                profile=svc.profile,
                lang=lang,
                expected=expected,
            )
        except WorkbookRefused as refused:
            raise Refused(_refusal(len(refused.problems)), refused.as_dicts()) from None
        planned = imported.plan
        if planned.changes():
            refusal = check_refusal(svc.check_import(planned, lang), "the import")
            if refusal is not None:
                raise Refused(refusal[0], details=refusal[1])
        answer = report(imported, lang=lang, dry_run=True, written=False)
        done = plan_digest(answer)
        if digest is not None and not secrets.compare_digest(done, digest):
            return Done(answer, done)
        written = planned.changes() and not dry_run
        if written:
            with svc.changing():
                write(svc.store, planned)
        return Done(report(imported, lang=lang, dry_run=dry_run, written=written), done)


def plan_digest(answer: WorkbookReportJson) -> str:
    """What an import does, as a digest: its values, statuses and activities with where they
    stand against the store; not when it runs, the IRIs it mints, nor the language of the
    labels."""
    shown = [
        answer["board"]["iri"],
        [
            (v["place"], v["state"], v["indicator"]["iri"], v["value"], v["old"], v["comment"])
            for v in answer["values"]
        ],
        [
            (
                s["place"],
                s["state"],
                s["node"]["iri"],
                s["status"]["iri"],
                s["comment"],
                s["before"]["iri"] if s["before"] else None,
            )
            for s in (*answer["statuses"], *answer["activities"])
        ],
    ]
    text = json.dumps(shown, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _refusal(count: int) -> str:
    return (
        f"the workbook has {count} problem{'s' if count != 1 else ''}, each named with its "
        "sheet and cell; nothing was stored"
    )
