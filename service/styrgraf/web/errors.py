"""Every error, on every route, is one JSON shape: ``{"error": message, "status": code,
...details}`` (:func:`error`); a person in a browser gets the same message as a page in the
site's layout. A route refuses a request by raising :class:`Problem`, anywhere beneath it; the
handlers :func:`install` puts on the app turn that, and the service's own failures (a query
past its deadline, a full disk, a busy class, a client gone), into the shape.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Unpack

from flask import Flask, Response, current_app, g, jsonify, request
from werkzeug.exceptions import HTTPException

from styrgraf.execution.admission import Busy, Gone
from styrgraf.execution.jobs import Timeout
from styrgraf.model.privacy import summary
from styrgraf.sparql.queries import ParameterError, QueryError
from styrgraf.store.base import StoreError, StoreFull
from styrgraf.store.replacement import WriteCheck
from styrgraf.web.layout import error_page
from styrgraf.web.service import CHALLENGE, service
from styrgraf.web.shapes import Error, ErrorDetails

MACHINE_ROUTES = ("/api/", "/store", "/sparql", "/openapi.json", "/health")
"""Routes for programs: their errors are always the JSON shape, whatever the client accepts."""


class Problem(Exception):
    """A request that cannot be answered as asked: raised anywhere beneath a route, it becomes
    the one error shape (``details`` go into it: ``parameter``, ``offered``, ...)."""

    def __init__(self, status: int, message: str, **details: Any) -> None:
        super().__init__(message)
        self.status, self.message, self.details = status, message, details


def wants_page() -> bool:
    """Whether the request is a person's browser asking for a page: HTML preferred to JSON."""
    if request.method not in ("GET", "HEAD") or request.path.startswith(MACHINE_ROUTES):
        return False
    accepted = request.accept_mimetypes
    return accepted["text/html"] > accepted["application/json"]


def error(status: int, message: str, **details: Unpack[ErrorDetails]) -> Response:
    """The one JSON error shape (:class:`~styrgraf.web.shapes.Error`): ``{"error", "status",
    ...details}``; for a person in a browser, the same message as a page in the site's
    layout."""
    if wants_page() and not g.get("styrgraf_error_page"):
        g.styrgraf_error_page = True  # an error while making the page is not made a page
        try:
            return error_page(status, message, details.get("parameter"))
        except ParameterError:
            pass  # no page for this request (its ?lang= is refused): the JSON shape, then
        finally:
            g.styrgraf_error_page = False
    body: Error = {"error": message, "status": status, **details}
    response = jsonify(body)
    response.status_code = status
    return response


def write_refused() -> Response | None:
    """The refusal of a write without the write token, as every route that writes answers it
    (401 with ``WWW-Authenticate`` without a token, 403 with a wrong one or when the service
    has none), or None when the request holds the token."""
    refusal = service().write_refusal()
    if refusal is None:
        return None
    status, message = refusal
    response = error(status, message)
    if status == 401:
        response.headers["WWW-Authenticate"] = CHALLENGE
    return response


def write_check_refused(checked: WriteCheck) -> Response | None:
    """The refusal of an import that the check of every write refuses (:func:`check_refusal`)
    as the one error shape, or None when it may go ahead."""
    refusal = check_refusal(checked, "the import")
    return None if refusal is None else error(422, refusal[0], **refusal[1])


def check_refusal(checked: WriteCheck, what: str) -> tuple[str, ErrorDetails] | None:
    """Why the check of every write refuses ``what`` (the write, the import), as a 422's
    message and details, as every route that writes answers it: the ``findings`` of personal
    data outside a private graph; or else the violations it would add (``added``), apart
    from those the store had before and would keep (``existing``) and those it would take
    away (``resolved``), with the validation ``report`` on the store as it would leave it.
    None when the write may go ahead."""
    if checked.findings:
        return summary(checked.findings), {
            "findings": [finding.as_dict() for finding in checked.findings]
        }
    if checked.conforms or checked.delta is None or checked.report is None:
        return None
    added, existing = len(checked.added), len(checked.existing)
    message = f"{what} would add {added} violation{'s' if added != 1 else ''} of the rules"
    if existing:
        message += f" to the {existing} the store already has"
    told = checked.delta.as_dict()
    details: ErrorDetails = {
        "report": checked.report.as_dict(),
        "added": told["added"],
        "existing": told["existing"],
        "resolved": told["resolved"],
    }
    return message + "; nothing was stored", details


def guarded(answer: Callable[[], Response]) -> Response:
    """The answer, or the error it was refused with; a store that fails is a 502, a query the
    store refuses a 400."""
    try:
        return answer()
    except Problem as problem:
        return error(problem.status, problem.message, **problem.details)
    except ParameterError as problem:
        return error(400, str(problem), parameter=problem.parameter)
    except StoreError as problem:
        return error(502, str(problem))
    except QueryError as problem:
        return error(400, str(problem))


def install(app: Flask, values: dict[str, Any]) -> None:
    """The app's error handlers: every failure a route does not answer itself becomes the one
    error shape, with ``Retry-After`` where asking again may help."""

    @app.errorhandler(Problem)
    def refused(problem: Problem) -> Response:
        return error(problem.status, problem.message, **problem.details)

    @app.errorhandler(ParameterError)
    def bad_parameter(problem: ParameterError) -> Response:
        return error(400, str(problem), parameter=problem.parameter)

    @app.errorhandler(HTTPException)
    def http_error(exception: HTTPException) -> Response:
        status = exception.code or 500
        if status == 413:
            limit = values["max_body"]
            return error(413, f"the request body is larger than {limit} bytes", limit=limit)
        return error(status, exception.description or exception.name)

    @app.errorhandler(Timeout)
    def too_long(stopped: Timeout) -> Response:
        limit = values["query_timeout"]
        if stopped.pending:
            response = error(
                503,
                f"the answer takes longer than {limit} s to compute for this model; it goes on "
                "being computed: ask again in a moment",
            )
        else:
            response = error(503, f"the query ran longer than {limit} s and was stopped")
        response.headers["Retry-After"] = str(max(1, round(float(limit))))
        return response

    @app.errorhandler(StoreFull)
    def full(problem: StoreFull) -> Response:
        # A write is refused with 507; a read that needed the disk (a snapshot for a public
        # query) is asked to come back, as the disk may have space by then.
        if request.path == "/store" and request.method not in ("GET", "HEAD"):
            return error(507, str(problem))
        response = error(503, str(problem))
        response.headers["Retry-After"] = "60"
        return response

    @app.errorhandler(Busy)
    def busy(refused: Busy) -> Response:
        gate = refused.gate
        response = error(
            503,
            f"the service is busy with {gate.what}: {gate.limit} are in progress, the most it "
            "takes on at once; ask again in a moment",
            limit=gate.limit,
        )
        response.headers["Retry-After"] = str(max(1, round(float(values["query_timeout"]))))
        return response

    @app.errorhandler(Gone)
    def gone(_: Gone) -> Response:
        # Nobody reads this: the client left while the request waited.
        return error(503, "the client disconnected before the answer was ready")

    @app.errorhandler(Exception)
    def unexpected(exception: Exception) -> Response:
        current_app.logger.exception("unexpected error")
        return error(500, "the service failed to answer; the error is logged")
