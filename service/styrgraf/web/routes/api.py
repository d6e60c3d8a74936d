"""The JSON API: trace, coverage, validation and the named queries, described at ``/openapi.json``.

- ``GET /api/trace?iri=…`` — paths up to the vision (``direction=down``: the tree beneath,
  ``direction=impact``: what withdrawing the node would orphan); JSON, CSV, xlsx or Turtle.
- ``GET /api/coverage`` — orphans, uncovered findings, the matrix; JSON, the findings as CSV or
  xlsx, or Turtle.
- ``GET /api/validate`` — the SHACL report of the model; JSON, the findings as CSV or xlsx, or
  Turtle.
- ``GET /api/queries`` and ``GET /api/queries/<name>?param=…`` — the files in ``queries/``, their
  parameters checked and bound as RDF terms; SPARQL JSON results, or the solutions as CSV or
  xlsx.
- ``GET /openapi.json`` — all of the service's routes; ``GET /health``.

A table (CSV or xlsx) is written in the language asked for by :mod:`styrgraf.web.downloads`:
in Swedish for Swedish Excel, in English (``lang=en``) with the columns' keys, ``,`` and ``.``
for programs.

Answers are over the public graphs. A request carrying the write token (``Authorization:
Bearer …``) is answered over every graph, the private ones with the development plans included;
without it, a private graph is simply not there (a 404, never a 403 that would say it exists).
The format is ``?format=`` when given, else the ``Accept`` header, else JSON. The library does
the work; this module reads the request, picks the graphs and the format, and maps failures to
the one error shape of :func:`styrgraf.web.errors.error`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import pyoxigraph as ox
from flask import Blueprint, Response, jsonify, url_for

from styrgraf.analysis.hierarchy import Direction
from styrgraf.analysis.trace import NodeError
from styrgraf.execution.jobs import Job
from styrgraf.model.validation import ValidationError
from styrgraf.render import query_results, trace_report, writers
from styrgraf.render.coverage_report import coverage_turtle, findings_table, validation_table
from styrgraf.render.tables import Table
from styrgraf.render.validation_report import ReportFormat, render
from styrgraf.sparql.queries import (
    NamedQuery,
    QueryError,
    get_query,
    load_queries,
    with_values,
)
from styrgraf.sparql.queries import to_term as checked_term
from styrgraf.sparql.syntax import SyntaxRefused, check
from styrgraf.store.base import StoreError, StoreFull
from styrgraf.web.arguments import answer, args, graphs_in_scope, language, negotiate
from styrgraf.web.downloads import download
from styrgraf.web.errors import Problem, error
from styrgraf.web.formats import JSON, RESULTS, TABLES, TURTLE
from styrgraf.web.openapi import document
from styrgraf.web.service import service
from styrgraf.web.shapes import Health, QueryInfo, QueryList

blueprint = Blueprint("api", __name__)

RESERVED = ("format",)
"""Query-string names that are never parameters of a named query."""


def _json(result: Mapping[str, Any], lang: str) -> str:
    return writers.to_json(result)


TRACE_WRITERS: dict[tuple[Direction, str], Callable[[Mapping[str, Any], str], str]] = {
    (Direction.UP, "turtle"): trace_report.trace_turtle,
    (Direction.DOWN, "turtle"): trace_report.tree_turtle,
    (Direction.IMPACT, "turtle"): lambda result, lang: trace_report.hops_turtle(
        result["orphaned"], lang
    ),
}
"""How a trace is written in Turtle, by direction."""
TRACE_TABLES: dict[Direction, tuple[Callable[[Mapping[str, Any]], Table], str]] = {
    Direction.UP: (trace_report.trace_table, "trace"),
    Direction.DOWN: (trace_report.tree_table, "tree"),
    Direction.IMPACT: (trace_report.impact_table, "impact"),
}
"""A trace as a table, and the name of its file, by direction."""
OFFERED = {**JSON, **TABLES, **TURTLE}
"""What the trace, coverage and validation answer in (JSON first, the default)."""


@blueprint.errorhandler(StoreError)
def _store_failed(problem: StoreError) -> Response:
    return error(502, f"the store did not answer: {problem}")


@blueprint.errorhandler(ValidationError)
def _shapes_failed(problem: ValidationError) -> Response:
    # The shapes are the service's own: a broken profile is its fault, not the request's.
    return error(500, str(problem))


# --- routes ---


@blueprint.get("/api/trace")
def trace_node() -> Response:
    """Every path from a node up to the vision, the tree beneath it, or its impact."""
    values = args(("iri", "direction", "graph", "lang", "format"))
    iri = values.get("iri")
    if not iri:
        raise Problem(400, "give the node to trace: ?iri=IRI", parameter="iri")
    checked_term("iri", "iri", iri)
    asked = values.get("direction", Direction.UP.value)
    if asked not in tuple(Direction):
        raise Problem(
            400,
            f"direction must be one of {', '.join(Direction)}, not {asked!r}",
            parameter="direction",
        )
    direction = Direction(asked)
    lang = language(values)
    kind, media = negotiate(values, OFFERED)
    graphs = graphs_in_scope(values)
    try:
        result = service().trace(iri, direction, graphs=graphs, lang=lang)
    except NodeError as problem:
        raise Problem(404, str(problem), parameter="iri") from None
    if kind in TABLES.values():
        tabled, name = TRACE_TABLES[direction]
        return download(tabled(result), kind, lang, name)
    write = TRACE_WRITERS.get((direction, kind), _json)
    return answer(write(result, lang), media)


@blueprint.get("/api/coverage")
def coverage_report() -> Response:
    """Orphans, uncovered findings, the boards x areas matrix and a summary."""
    values = args(("graph", "lang", "format"))
    lang = language(values)
    kind, media = negotiate(values, OFFERED)
    report = service().coverage(graphs=graphs_in_scope(values), lang=lang)
    if kind in TABLES.values():
        found = findings_table(report["orphans"] + report["uncovered"])
        return download(found, kind, lang, "coverage-findings")
    if kind == "turtle":
        return answer(coverage_turtle(report, lang), media)
    return answer(writers.to_json(report), media)


@blueprint.get("/api/validate")
def validation_report() -> Response:
    """The model checked against the rules of its styrmodell (the SHACL shapes)."""
    values = args(("graph", "lang", "format"))
    lang = language(values)
    kind, media = negotiate(values, OFFERED)
    report = service().validation(graphs=graphs_in_scope(values), lang=lang)
    if kind in TABLES.values():
        return download(validation_table(report.as_dict()), kind, lang, "validation")
    return answer(render(report, ReportFormat(kind)), media)


def _describe(query: NamedQuery) -> QueryInfo:
    return {
        "name": query.name,
        "summary": query.summary,
        "description": query.description,
        "violation": query.is_violation,
        "parameters": [
            {
                "name": p.name,
                "type": p.type,
                "required": p.required,
                "default": p.default,
                "description": p.description,
            }
            for p in query.parameters
        ],
        "url": url_for("api.run_query", name=query.name, _external=True),
    }


@blueprint.get("/api/queries")
def list_queries() -> Response:
    """The named queries, with their parameters."""
    args(())
    listed: QueryList = {"queries": [_describe(q) for q in load_queries().values()]}
    return jsonify(listed)


@blueprint.get("/api/queries/<name>")
def run_query(name: str) -> Response:
    """Run a named query over the graphs in scope, its parameters checked and bound."""
    try:
        query = get_query(name)
    except QueryError as problem:
        raise Problem(404, str(problem)) from None
    declared = {p.name for p in query.parameters}
    values = args([*declared, *RESERVED, "lang"])
    kind, media = negotiate(values, RESULTS)
    given = {k: v for k, v in values.items() if k in declared}
    bindings = query.bindings(given)
    lang = language(values)  # checked, and the language of a table's headings
    if "lang" in declared and "lang" not in given:
        bindings["lang"] = ox.Literal(lang)
    current = service()
    settings = current.settings
    text = with_values(query.text, bindings)
    try:
        check(text)  # the same reading as every query from outside, values bound
    except SyntaxRefused as refused:
        raise Problem(400, f"{name}: {refused}") from None
    with current.consistency.reading():  # the graphs and the snapshot of one state
        scope = graphs_in_scope({})
        graphs = tuple(scope if scope is not None else current.store.named_graphs())
        pinned = current.evaluator.pin()
    with pinned:
        reply = current.answer(
            Job(
                text,
                graphs,
                graphs,
                timeout=float(settings["query_timeout"]),
                limit=int(settings["max_results"]),
            ),
            pinned,
        )
    variables, rows, cut = reply.variables, reply.rows, reply.cut
    variables = variables or sorted({k for row in rows for k in row})
    if kind in TABLES.values():
        solutions = query_results.results_table(query_results.results_document(variables, rows))
        response = download(solutions, kind, lang, name)
    else:
        response = answer(query_results.rows_json(variables, rows), media)
    if cut:
        response.headers["Styrgraf-Results-Truncated"] = str(settings["max_results"])
    return response


@blueprint.get("/health")
def health() -> Response:
    """Whether the service and its store answer."""
    args(())
    current = service()
    try:
        full: StoreFull | None = None
        try:
            current.writable()  # the store opened again if its disk has space again
        except StoreFull as problem:
            full = problem
        with current.consistency.reading():
            graphs = len(current.public_graphs())
    except StoreError as problem:
        response = error(503, f"the store does not answer: {problem}")
    else:
        if full is not None:
            # Reads are answered; writes are refused (507) until space is freed.
            response = error(503, str(full), store="embedded", graphs=graphs, disk="full")
            response.headers["Cache-Control"] = "no-store"
            return response
        healthy: Health = {
            "status": "ok",
            "graphs": graphs,
            # The kind of store only: its path or URL is nobody's business on a public route.
            "store": "remote" if current.settings["endpoint"] else "embedded",
            # How many requests of each heavy class are in progress, against their limits.
            "admission": current.admission.state(),
        }
        response = jsonify(healthy)
    response.headers["Cache-Control"] = "no-store"
    return response


@blueprint.get("/openapi.json")
def openapi() -> Response:
    """The OpenAPI 3.1 description of every route of the service."""
    args(())
    return jsonify(document())
