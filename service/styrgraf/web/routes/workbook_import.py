"""A board's filled workbook imported over HTTP: ``POST /api/import/workbook``.

- The body is the .xlsx file itself (``application/vnd.openxmlformats-officedocument.
  spreadsheetml.sheet`` or ``application/octet-stream``; its name from ``Content-Disposition``
  if given), or ``multipart/form-data`` with the file as its one file part; at most
  ``max_body`` bytes (413). Any other type is a 415, a body without a workbook a 400.
- ``by`` (in the query, or a field of the multipart body) says who makes the import and is
  required (400 naming it). ``board``, ``period`` and ``interim`` say which board and period
  the workbook must be for; a workbook for another is refused (422, saying which).
  ``?dry_run=1`` answers what the import would do and writes nothing; ``lang`` is the
  language of the problems and labels in the answer.
- The import needs the write token, refused as at ``/store`` (401 without one, 403 with a
  wrong one or when the service has none); it takes a place in the write class (503 when none
  is free) and holds the write lock that ``/store`` holds.
- All or nothing, checked like every write: a workbook with any problem is refused with 422
  and every problem (each with its sheet and cell, in ``lang``); one after which a graph that
  is not private would show personal data with 422 and its ``findings``, as at ``/store``; one
  that would add a violation of the rules to those the store already has with 422, the
  violations it adds (``added``) apart from those there before (``existing``), and the
  validation report. Otherwise the
  answer (200) is the report (:class:`~styrgraf.results.workbook_shapes.WorkbookReportJson`).
"""

from __future__ import annotations

from flask import Response, jsonify, request
from flask.blueprints import Blueprint

from styrgraf.i18n.languages import catalogue_language
from styrgraf.results.workbook_import import importer
from styrgraf.results.workbook_reader import Expected
from styrgraf.sparql.queries import to_term
from styrgraf.store.base import StoreError, StoreFull
from styrgraf.web.arguments import args, asked_period, flag_argument, language
from styrgraf.web.errors import Problem, error, write_refused
from styrgraf.web.workbook_imports import Refused, carry_out

blueprint = Blueprint("workbook_import", __name__)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
"""The media type of an .xlsx workbook."""
BODIES = (XLSX, "application/octet-stream")
"""The media types of a body that is the workbook itself."""
ARGUMENTS = ("by", "dry_run", "lang", "board", "period", "interim")


@blueprint.route("/api/import/workbook", methods=["POST"])
def import_workbook() -> Response:
    """Import a board's filled workbook into the store, or say what that would do."""
    no_token = write_refused()
    if no_token is not None:
        return no_token
    values = args(ARGUMENTS)
    lang = catalogue_language(language(values))
    by = values.get("by", request.form.get("by", ""))
    try:
        name = importer(by)
    except ValueError as problem:
        raise Problem(400, f"by: {problem} (?by=NAME)", parameter="by") from None
    dry_run = flag_argument(values, "dry_run")
    expected = expected_of(values)
    data, file = _workbook()
    try:
        done = carry_out(data, file=file, by=name, lang=lang, expected=expected, dry_run=dry_run)
    except Refused as refused:
        if refused.details:
            return error(422, refused.message, **refused.details)
        return error(422, refused.message, problems=refused.problems)
    except StoreFull as problem:
        return error(507, str(problem))
    except StoreError as problem:
        return error(502, str(problem))
    return jsonify(done.report)


def expected_of(values: dict[str, str]) -> Expected | None:
    """The board and period a request says the workbook is for (None: whatever it says)."""
    board = values.get("board", "").strip() or None
    if board is not None:
        to_term("board", "iri", board)  # a 400 naming board
    period = asked_period({k: v for k, v in values.items() if k in ("period", "interim")})
    if board is None and period is None:
        return None
    return Expected(board=board, period=period)


def _workbook() -> tuple[bytes, str]:
    """The workbook of the body, and its file's name."""
    media = request.mimetype
    if media == "multipart/form-data":
        uploads = [u for _, u in request.files.items(multi=True)]
        if len(uploads) != 1:
            raise Problem(
                400,
                "the multipart body holds "
                + ("no file: send the workbook as a file part" if not uploads else "several files")
                + "; one workbook is imported at a time",
            )
        data = uploads[0].read()
        name = uploads[0].filename or "workbook.xlsx"
    elif media in BODIES:
        data = request.get_data()
        name = request.headers.get("Content-Disposition", "")
        name = _disposition_name(name) or "workbook.xlsx"
    else:
        raise Problem(
            415,
            f"a workbook is sent as {XLSX} (the .xlsx file itself) or as multipart/form-data, "
            f"not {media or 'an unnamed type'}",
            accepted=[*BODIES, "multipart/form-data"],
        )
    if not data:
        raise Problem(400, "the body holds no workbook: send the .xlsx file")
    return data, name


def _disposition_name(header: str) -> str | None:
    """The file name a ``Content-Disposition`` header gives, if any."""
    for part in header.split(";"):
        key, _, value = part.strip().partition("=")
        if key.lower() == "filename" and value:
            return value.strip().strip('"') or None
    return None
