"""The page where a person holding the write token imports a board's filled workbook, seeing
first what it would change.

- ``GET /workbook/import`` — a form: the workbook, your name, the write token (a password
  field: it travels only in the form's body, never in a URL, and is neither kept nor logged).
  ``?board=IRI&period=2022&interim=true`` (from the board's page) adds that the workbook must
  be for that board and period.
- ``POST /workbook/import`` — the preview: the workbook read and planned, nothing written. Its
  tables say what would be added, changed (old → new) and left unchanged, the statuses given,
  and, for a workbook that cannot be imported, every refused row with its sheet and cell and
  why (422). The workbook is kept for the apply (:mod:`styrgraf.web.pending_uploads`: under a
  random id in the form, for a quarter of an hour).
- ``POST /workbook/import/apply`` — the import carried out, as previewed: when the store has
  changed since so that the import would now do something else, the new preview is shown
  instead, to apply in turn. A preview that has lapsed or was applied already is a 410 asking
  for the workbook again.

Everything works without the script, in Swedish and English, in the layout of every page;
refusals of the form (no token, a wrong one, no name, no file) show the form again with the
reason (401, 403, 400, 413).
"""

from __future__ import annotations

import secrets
from typing import Any

from flask import Response, current_app, request
from flask.blueprints import Blueprint, BlueprintSetupState
from werkzeug.exceptions import RequestEntityTooLarge

from styrgraf.analysis.hierarchy import labels
from styrgraf.i18n.words import N_
from styrgraf.render.workbook_import_report import number
from styrgraf.results.workbook_import import importer
from styrgraf.results.workbook_problems import ProblemShape
from styrgraf.results.workbook_reader import Expected
from styrgraf.results.workbook_shapes import WorkbookReportJson
from styrgraf.store.base import StoreError, StoreFull
from styrgraf.web.arguments import args, asked_period
from styrgraf.web.errors import Problem
from styrgraf.web.layout import Words, language, render
from styrgraf.web.pending_uploads import SECONDS, PendingUploads, Upload, token_digest
from styrgraf.web.service import service
from styrgraf.web.workbook_imports import Done, Refused, carry_out

blueprint = Blueprint("workbook_upload", __name__)

_UPLOADS = "styrgraf.web.workbook_upload.uploads"
PAGE = "/workbook/import"
TITLE = N_("workbook-import.page.title")
STATES = {
    "added": N_("workbook-import.page.state.added"),
    "revised": N_("workbook-import.page.state.revised"),
    "unchanged": N_("workbook-import.page.state.unchanged"),
}
"""Where a status brought in stands, in words."""


@blueprint.record_once
def _set_up(state: BlueprintSetupState) -> None:
    state.app.extensions[_UPLOADS] = PendingUploads()


def _uploads() -> PendingUploads:
    found: PendingUploads = current_app.extensions[_UPLOADS]
    return found


def _expected(values: dict[str, str]) -> dict[str, str]:
    """The board and period the form says the workbook is for, checked, as the form's hidden
    fields carry them on."""
    kept = {k: v.strip() for k, v in values.items() if k in ("board", "period", "interim")}
    kept = {k: v for k, v in kept.items() if v}
    asked_period(kept)  # a 400 naming period or interim
    return kept


def _as_expected(kept: dict[str, str]) -> Expected | None:
    if not kept:
        return None
    return Expected(board=kept.get("board"), period=asked_period(kept))


def _page(status: int = 200, **context: Any) -> Response:
    t = Words(language())
    context.setdefault("expected", {})
    board = context["expected"].get("board")
    if context.get("mode") == "form" and board:
        context["board_label"] = _label(board)
    context.setdefault("minutes", SECONDS // 60)
    context.setdefault("states", STATES)
    return render(
        "workbook_import.html",
        t(context.pop("heading", TITLE)),
        here=PAGE,
        status=status,
        action=request.script_root + PAGE,
        **context,
    )


def _label(iri: str) -> str | None:
    """What the form calls the board it asks a workbook for: its label in the page's language,
    or None where the public graphs give it none."""
    current = service()
    return labels(current.store, [iri], language(), current.public_graphs()).get(iri)


@blueprint.route(PAGE, methods=["GET", "POST"])
def form() -> Response:
    """The form to upload a workbook (GET), and what the uploaded workbook would change
    (POST: nothing is written)."""
    if request.method == "POST":
        return _preview()
    values = args(("lang", "board", "period", "interim"))
    return _page(mode="form", expected=_expected(values))


def _preview() -> Response:
    try:
        fields = request.form
        upload = request.files.get("file")
    except RequestEntityTooLarge:
        limit = int(service().settings["max_body"])
        return _page(
            413, mode="form", error=N_("workbook-import.page.error.too-large"), limit=limit
        )
    expected = _expected(dict(fields.items()))
    again = {"mode": "form", "expected": expected, "by": fields.get("by", "")}
    refusal = _token_refusal(fields.get("token", ""))
    if refusal is not None:
        return _page(refusal[0], error=refusal[1], **again)
    try:
        by = importer(fields.get("by"))
    except ValueError:
        return _page(400, error=N_("workbook-import.page.error.by"), **again)
    data = upload.read() if upload is not None else b""
    if not data:
        return _page(400, error=N_("workbook-import.page.error.file"), **again)
    file = upload.filename if upload is not None and upload.filename else "workbook.xlsx"
    return _outcome(data, file, by, fields.get("token", ""), expected, digest=None)


@blueprint.post(PAGE + "/apply")
def apply() -> Response:
    """The previewed import, carried out; or the new preview when it would now do otherwise."""
    key = request.form.get("upload", "")
    kept = _uploads().take(key) if key else None
    if kept is None:
        return _page(410, mode="lapsed", heading=N_("workbook-import.page.lapsed"))
    token = service().settings["write_token"]
    if not token or not secrets.compare_digest(token_digest(str(token)), kept.token):
        return _page(403, mode="form", error=N_("workbook-import.page.error.token-wrong"))
    expected = _expected(dict(request.form.items()))
    return _outcome(kept.data, kept.file, kept.by, str(token), expected, digest=kept.plan)


def _outcome(
    data: bytes,
    file: str,
    by: str,
    token: str,
    expected: dict[str, str],
    *,
    digest: str | None,
) -> Response:
    """Preview the import (``digest`` None), or carry it out as the preview of ``digest``
    showed it, and lay out what came of it."""
    lang = language()
    applied = digest is not None
    try:
        done = carry_out(
            data,
            file=file,
            by=by,
            lang=lang,
            expected=_as_expected(expected),
            dry_run=not applied,
            digest=digest,
        )
    except Refused as refused:
        return _refused(refused, lang, expected)
    except StoreFull as problem:
        raise Problem(507, str(problem)) from None
    except StoreError as problem:
        raise Problem(502, str(problem)) from None
    answer = done.report
    view = _view(answer, lang)
    if answer["written"]:
        return _page(
            mode="applied",
            heading=N_("workbook-import.page.applied"),
            view=view,
            expected=expected,
        )
    changed = applied  # applied, yet not written: the import would now do otherwise
    key = _keep(data, file, by, token, done) if answer["plan"]["changes"] else None
    return _page(
        mode="preview",
        heading=N_("workbook-import.page.preview"),
        view=view,
        upload=key,
        changed=changed,
        expected=expected,
    )


def _keep(data: bytes, file: str, by: str, token: str, done: Done) -> str:
    return _uploads().keep(Upload(data, file, by, token_digest(token), done.digest))


def _token_refusal(given: str) -> tuple[int, str] | None:
    """Why the form may not import (a status and the message's id), or None when it holds
    the write token (compared in constant time)."""
    token = service().settings["write_token"]
    if not token:
        return 403, N_("workbook-import.page.error.writes-off")
    if not given:
        return 401, N_("workbook-import.page.error.token-missing")
    if not secrets.compare_digest(
        given.encode("utf-8", "surrogateescape"), str(token).encode("utf-8")
    ):
        return 403, N_("workbook-import.page.error.token-wrong")
    return None


def _refused(refused: Refused, lang: str, expected: dict[str, str]) -> Response:
    """The page of a refused import: the workbook's problems, or the personal data and the
    violations the import would add, with those the model already had apart."""
    problems: list[ProblemShape] = refused.problems
    details = refused.details
    findings = [
        {"where": f["node"], "message": f["message"]} for f in details.get("findings", [])
    ] + [
        {"where": f["label"] or f["iri"], "message": f["message"]} for f in details.get("added", [])
    ]
    existing = [
        {"where": f["label"] or f["iri"], "message": f["message"]}
        for f in details.get("existing", [])
    ]
    return _page(
        422,
        mode="refused",
        heading=N_("workbook-import.page.refused"),
        problems=[{"where": p["place"], "message": _reason(p)} for p in problems],
        findings=findings,
        existing=existing,
        expected=expected,
    )


def _reason(problem: ProblemShape) -> str:
    """A problem's message without the place it starts with: the table names it beside it."""
    return problem["message"].removeprefix(f"{problem['place']}: ")


def _view(answer: WorkbookReportJson, lang: str) -> dict[str, Any]:
    """The report laid out for the page: values shown in the language's form."""
    values = [
        {
            **value,
            "shown": number(value["value"], value["unit"], lang),
            "old_shown": ", ".join(number(o, value["unit"], lang) for o in value["old"]),
        }
        for value in answer["values"]
    ]
    return {
        "report": answer,
        "added": [v for v in values if v["state"] == "added"],
        "revised": [v for v in values if v["state"] == "revised"],
        "unchanged": [v for v in values if v["state"] == "unchanged"],
    }
