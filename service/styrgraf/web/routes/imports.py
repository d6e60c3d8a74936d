"""Results brought in over HTTP: ``POST /api/import/kolada``.

- The body is one Kolada API v3 response (``application/json``) or several
  (``multipart/form-data``, a response a part); at most ``max_body`` bytes (413). A body that
  is not JSON is a 400 naming the line and column; JSON that is not a Kolada response a 400
  naming what it lacks (and the part).
- The import needs the write token, refused as at ``/store`` (401 without one, 403 with a
  wrong one or when the service has none). It takes a place in the write class (503 when none
  is free) and holds the same write lock as ``/store`` while it is compared with the store,
  validated and written, so two writes never interleave.
- It is checked like every write (:func:`styrgraf.store.replacement.check_write`): an import
  after which a graph that is not private would show personal data is refused with 422 and
  its ``findings``, as at ``/store``; one that would add a violation of the rules to those
  the store already has with 422, the violations it adds (``added``) apart from those there
  before (``existing``), and the validation report; nothing is written either way. Otherwise
  it is written in one transaction. The answer (200) is the import's report
  (:class:`~styrgraf.results.kolada_shapes.KoladaReportJson`); ``?dry_run=1`` answers what
  the import would do and writes nothing. ``?retrieved=`` says when the responses were
  retrieved from Kolada (ISO 8601; default: when the request arrived), ``?by=`` who makes the
  import, ``?lang=`` the language of the indicators' labels in the report.
"""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Response, jsonify, request
from flask.blueprints import Blueprint

from styrgraf.execution.admission import client_gone, holding
from styrgraf.i18n.languages import catalogue_language
from styrgraf.model.load import InputError
from styrgraf.results.change import write
from styrgraf.results.kolada import prepare, report
from styrgraf.results.kolada_responses import Response as KoladaResponse
from styrgraf.results.kolada_responses import read_response
from styrgraf.store.base import StoreError, StoreFull
from styrgraf.web.arguments import args, flag_argument, language
from styrgraf.web.errors import Problem, error, write_check_refused, write_refused
from styrgraf.web.service import service

blueprint = Blueprint("imports", __name__)

JSON_TYPES = ("application/json", "text/json")
"""The media types of one Kolada response in a body."""
ARGUMENTS = ("dry_run", "retrieved", "by", "lang")


@blueprint.route("/api/import/kolada", methods=["POST"])
def kolada() -> Response:
    """Import Kolada's responses into the store, or say what that would do."""
    svc = service()
    refused = write_refused()
    if refused is not None:
        return refused
    values = args(ARGUMENTS)
    lang = catalogue_language(language(values))
    dry_run = flag_argument(values, "dry_run")
    by = (values.get("by") or "").strip() or None
    arrived = datetime.now(UTC).replace(microsecond=0)
    retrieved = _moment(values["retrieved"]) if "retrieved" in values else arrived
    try:
        svc.writable()  # 507 at once while the disk is full
        with svc.admission.write.admit():
            responses, names = _responses(retrieved)
            with holding(svc.writes, client_gone()):
                imported = prepare(
                    svc.store, responses, started=arrived, by=by, files=names, lang=lang
                )
                planned = imported.plan
                if planned.changes():
                    refused = write_check_refused(svc.check_import(planned, lang))
                    if refused is not None:
                        return refused
                written = planned.changes() and not dry_run
                if written:
                    with svc.changing():
                        write(svc.store, planned)
                return jsonify(report(imported, lang=lang, dry_run=dry_run, written=written))
    except InputError as problem:
        # Responses that contradict each other: no one place in the body to name.
        return error(400, str(problem))
    except StoreFull as problem:
        return error(507, str(problem))
    except StoreError as problem:
        return error(502, str(problem))


def _moment(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise Problem(
            400,
            f"retrieved must be a date or time (2026-03-02, 2026-03-02T09:30:00+01:00), "
            f"not {text!r}",
            parameter="retrieved",
        ) from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _responses(retrieved: datetime) -> tuple[list[KoladaResponse], list[str]]:
    """The Kolada responses of the body, and the names of the files they came in (none for a
    body that is one response)."""
    media = request.mimetype
    if media in JSON_TYPES or media.endswith("+json"):
        return [_read(request.get_data(), "the request body", retrieved, None)], []
    if media != "multipart/form-data":
        raise Problem(
            415,
            "a Kolada import is one response as application/json, or several as "
            f"multipart/form-data, not {media or 'an unnamed type'}",
            accepted=[*JSON_TYPES, "multipart/form-data"],
        )
    responses, names = [], []
    for name, upload in request.files.items(multi=True):
        label = upload.filename or name
        responses.append(_read(upload.read(), f"part {label!r}", retrieved, label))
        names.append(label)
    for name, value in request.form.items(multi=True):
        responses.append(_read(value.encode("utf-8"), f"part {name!r}", retrieved, name))
        names.append(name)
    if not responses:
        raise Problem(400, "the multipart body holds no parts")
    return responses, names


def _read(data: bytes, source: str, retrieved: datetime, part: str | None) -> KoladaResponse:
    try:
        return read_response(data, source, retrieved)
    except InputError as problem:
        where: dict[str, object] = {"part": part} if part is not None else {}
        if problem.line is not None:
            where.update(line=problem.line, column=problem.column)
        raise Problem(400, str(problem), **where) from None
