"""The JSON API: trace, coverage, validation and the named queries, described at ``/openapi.json``.

- ``GET /api/trace?iri=…`` — paths up to the vision (``direction=down``: the tree beneath,
  ``direction=impact``: what withdrawing the node would orphan); JSON, CSV or Turtle.
- ``GET /api/coverage`` — orphans, uncovered findings, the matrix; JSON, the findings as CSV,
  or Turtle.
- ``GET /api/validate`` — the SHACL report of the model; JSON or Turtle.
- ``GET /api/queries`` and ``GET /api/queries/<name>?param=…`` — the files in ``queries/``, their
  parameters checked and bound as RDF terms; SPARQL JSON results or CSV.
- ``GET /openapi.json`` — all of the service's routes; ``GET /health``.

Answers are over the public graphs. A request carrying the write token (``Authorization:
Bearer …``) is answered over every graph, the private ones with the development plans included;
without it, a private graph is simply not there (a 404, never a 403 that would say it exists).
The format is ``?format=`` when given, else the ``Accept`` header, else JSON. The library does
the work; this module reads the request, picks the graphs and the format, and maps failures to
the one error shape of :func:`styrgraf.app.error`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, jsonify, request, url_for

from styrgraf import __version__, output
from styrgraf.app import ONTOLOGY_GRAPH, SHAPES_GRAPH_BASE, error, service
from styrgraf.coverage import coverage
from styrgraf.queries import (
    NamedQuery,
    ParameterError,
    QueryError,
    get_query,
    load_queries,
    with_values,
)
from styrgraf.queries import to_term as checked_term
from styrgraf.report import render
from styrgraf.sparql import Timeout, bounded_rows
from styrgraf.store import StoreError
from styrgraf.trace import NodeError, impact, trace, tree
from styrgraf.validate import ValidationError, validate_quads

blueprint = Blueprint("api", __name__)

LANGUAGES = ("sv", "en")
DIRECTIONS = {"up": trace, "down": tree, "impact": impact}
RESERVED = ("format",)
"""Query-string names that are never parameters of a named query."""

JSON = {"application/json": "json"}
CSV = {"text/csv": "csv"}
TURTLE = {"text/turtle": "turtle"}
RESULTS = {"application/sparql-results+json": "json", **JSON, **CSV}


def _json(result: dict[str, Any], lang: str) -> str:
    return output.to_json(result)


TRACE_WRITERS: dict[tuple[str, str], Callable[[dict[str, Any], str], str]] = {
    ("up", "csv"): lambda result, lang: output.trace_csv(result),
    ("up", "turtle"): output.trace_turtle,
    ("down", "csv"): lambda result, lang: output.tree_csv(result),
    ("down", "turtle"): output.tree_turtle,
    ("impact", "csv"): lambda result, lang: output.impact_csv(result),
    ("impact", "turtle"): lambda result, lang: output.hops_turtle(result["orphaned"], lang),
}
"""How a trace is written in each format but JSON, by direction."""


class Problem(Exception):
    """A request this API cannot answer as asked: becomes the one error shape."""

    def __init__(self, status: int, message: str, **details: Any) -> None:
        super().__init__(message)
        self.status, self.message, self.details = status, message, details


@blueprint.errorhandler(Problem)
def _problem(problem: Problem) -> Response:
    return error(problem.status, problem.message, **problem.details)


@blueprint.errorhandler(ParameterError)
def _bad_parameter(problem: ParameterError) -> Response:
    return error(400, str(problem), parameter=problem.parameter)


@blueprint.errorhandler(StoreError)
def _store_failed(problem: StoreError) -> Response:
    return error(502, f"the store did not answer: {problem}")


@blueprint.errorhandler(ValidationError)
def _shapes_failed(problem: ValidationError) -> Response:
    # The shapes are the service's own: a broken profile is its fault, not the request's.
    return error(500, str(problem))


# --- reading a request ---


def _args(known: Iterable[str]) -> dict[str, str]:
    """The query string, one value per name; an unknown or repeated name is a 400."""
    allowed = tuple(known)
    values: dict[str, str] = {}
    for name in request.args:
        given = request.args.getlist(name)
        if name not in allowed:
            raise Problem(
                400,
                f"unknown parameter {name!r} (known: {', '.join(allowed)})",
                parameter=name,
            )
        if len(given) > 1:
            raise Problem(400, f"give {name} once", parameter=name)
        values[name] = given[0]
    return values


def _lang(values: Mapping[str, str]) -> str:
    lang = values.get("lang") or str(service().settings["lang"])
    if lang not in LANGUAGES:
        raise Problem(
            400, f"lang must be one of {', '.join(LANGUAGES)}, not {lang!r}", parameter="lang"
        )
    return lang


def _graphs(values: Mapping[str, str]) -> list[str] | None:
    """The graphs in scope: the public ones, every one with the token (None), or ``graph``."""
    current = service()
    opened = current.authorised()
    requested = values.get("graph")
    if requested is None:
        return None if opened else current.public_graphs()
    checked_term("graph", "iri", requested)
    visible = current.store.named_graphs() if opened else current.public_graphs()
    if requested not in visible:
        raise Problem(404, f"no graph <{requested}> here", parameter="graph")
    # The vocabulary comes along, as on the command line: it holds the class labels.
    return [requested, *([ONTOLOGY_GRAPH] if ONTOLOGY_GRAPH in visible else [])]


def _negotiate(values: Mapping[str, str], offered: Mapping[str, str]) -> tuple[str, str]:
    """(format name, media type): ``?format=`` wins, then ``Accept``; the first one offered by
    default. A format not offered is a 400, an ``Accept`` nothing matches a 406."""
    names = list(dict.fromkeys(offered.values()))
    asked = values.get("format")
    if asked is not None:
        if asked not in names:
            raise Problem(
                400, f"format must be one of {', '.join(names)}, not {asked!r}", parameter="format"
            )
        return asked, next(media for media, name in offered.items() if name == asked)
    if not request.headers.get("Accept", "").strip():
        media = next(iter(offered))
        return offered[media], media
    best = request.accept_mimetypes.best_match(list(offered))
    if best is None:
        raise Problem(
            406,
            f"none of the accepted types is offered here: {', '.join(offered)}",
            offered=list(offered),
        )
    return offered[best], best


def _answer(body: str, media: str) -> Response:
    response = Response(body, mimetype=media)
    response.headers["Vary"] = "Accept, Authorization"
    if service().authorised():
        # What the token opens must not be kept by a cache and shown to the next person.
        response.headers["Cache-Control"] = "private, no-store"
    return response


def _is_vocabulary(graph: str) -> bool:
    return graph == ONTOLOGY_GRAPH or graph.startswith(SHAPES_GRAPH_BASE)


# --- routes ---


@blueprint.get("/api/trace")
def trace_node() -> Response:
    """Every path from a node up to the vision, the tree beneath it, or its impact."""
    values = _args(("iri", "direction", "graph", "lang", "format"))
    iri = values.get("iri")
    if not iri:
        raise Problem(400, "give the node to trace: ?iri=IRI", parameter="iri")
    checked_term("iri", "iri", iri)
    direction = values.get("direction", "up")
    if direction not in DIRECTIONS:
        raise Problem(
            400,
            f"direction must be one of {', '.join(DIRECTIONS)}, not {direction!r}",
            parameter="direction",
        )
    lang = _lang(values)
    kind, media = _negotiate(values, {**JSON, **CSV, **TURTLE})
    graphs = _graphs(values)
    try:
        result = DIRECTIONS[direction](service().store, iri, graphs, lang)
    except NodeError as problem:
        raise Problem(404, str(problem), parameter="iri") from None
    write = TRACE_WRITERS.get((direction, kind), _json)
    return _answer(write(result, lang), media)


@blueprint.get("/api/coverage")
def coverage_report() -> Response:
    """Orphans, uncovered findings, the boards x areas matrix and a summary."""
    values = _args(("graph", "lang", "format"))
    lang = _lang(values)
    kind, media = _negotiate(values, {**JSON, **CSV, **TURTLE})
    report = coverage(service().store, _graphs(values), lang).to_json()
    if kind == "csv":
        return _answer(output.findings_csv(report["orphans"] + report["uncovered"]), media)
    if kind == "turtle":
        return _answer(output.coverage_turtle(report, lang), media)
    return _answer(output.to_json(report), media)


@blueprint.get("/api/validate")
def validation_report() -> Response:
    """The model checked against the rules of its styrmodell (the SHACL shapes)."""
    values = _args(("graph", "lang", "format"))
    lang = _lang(values)
    kind, media = _negotiate(values, {**JSON, **TURTLE})
    store = service().store
    scope = _graphs(values)
    model = [g for g in (store.named_graphs() if scope is None else scope) if not _is_vocabulary(g)]
    report = validate_quads(store.quads(model), lang=lang)
    return _answer(render(report, kind), media)


def _describe(query: NamedQuery) -> dict[str, Any]:
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
    _args(())
    return jsonify({"queries": [_describe(q) for q in load_queries().values()]})


@blueprint.get("/api/queries/<name>")
def run_query(name: str) -> Response:
    """Run a named query over the graphs in scope, its parameters checked and bound."""
    try:
        query = get_query(name)
    except QueryError as problem:
        raise Problem(404, str(problem)) from None
    declared = {p.name for p in query.parameters}
    values = _args([*declared, *RESERVED, "lang"])
    kind, media = _negotiate(values, RESULTS)
    given = {k: v for k, v in values.items() if k in declared}
    bindings = query.bindings(given)
    if "lang" not in declared:
        _lang(values)  # checked like everywhere, though this query has no labels to choose
    elif "lang" not in given:
        bindings["lang"] = ox.Literal(_lang(values))
    current = service()
    settings = current.settings
    scope = _graphs({})
    try:
        variables, rows, cut = bounded_rows(
            current.store,
            with_values(query.text, bindings),
            scope if scope is not None else current.store.named_graphs(),
            limit=int(settings["max_results"]),
            timeout=float(settings["query_timeout"]),
            workers=int(settings["workers"]),
        )
    except Timeout:
        raise Problem(
            503, f"the query ran longer than {settings['query_timeout']} s and was stopped"
        ) from None
    variables = variables or sorted({k for row in rows for k in row})
    body = output.rows_csv(variables, rows) if kind == "csv" else output.rows_json(variables, rows)
    response = _answer(body, media)
    if cut:
        response.headers["Styrgraf-Results-Truncated"] = str(settings["max_results"])
    return response


@blueprint.get("/health")
def health() -> Response:
    """Whether the service and its store answer."""
    _args(())
    current = service()
    try:
        graphs = len(current.public_graphs())
    except StoreError as problem:
        response = error(503, f"the store does not answer: {problem}")
    else:
        # The kind of store only: its path or URL is nobody's business on a public route.
        kind = "remote" if current.settings["endpoint"] else "embedded"
        response = jsonify({"status": "ok", "graphs": graphs, "store": kind})
    response.headers["Cache-Control"] = "no-store"
    return response


@blueprint.get("/openapi.json")
def openapi() -> Response:
    """The OpenAPI 3.1 description of every route of the service."""
    _args(())
    return jsonify(document())


# --- the OpenAPI document ---

_ERROR = {"$ref": "#/components/responses/Error"}
_OPTIONAL = ("string", "null")


def _schema(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _content(media: Iterable[str], schema: Mapping[str, Any] | None = None) -> dict[str, Any]:
    return {m: {"schema": dict(schema or {"type": "string"})} for m in media}


def _param(
    name: str, description: str, schema: Mapping[str, Any], *, where: str = "query", **more: Any
) -> dict[str, Any]:
    return {"name": name, "in": where, "description": description, "schema": dict(schema), **more}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/parameters/{name}"}


def _operation(
    summary: str,
    ok: Mapping[str, Any],
    *,
    tag: str,
    parameters: Iterable[Mapping[str, Any]] = (),
    errors: Iterable[int] = (),
    description: str = "",
    success: Iterable[str] = ("200",),
    **more: Any,
) -> dict[str, Any]:
    responses: dict[str, Any] = {status: dict(ok) for status in success}
    for status in errors:
        responses[str(status)] = _ERROR
    responses["default"] = _ERROR
    operation: dict[str, Any] = {"tags": [tag], "summary": summary}
    if description:
        operation["description"] = description
    if parameters:
        operation["parameters"] = [dict(p) for p in parameters]
    return {**operation, "responses": responses, **more}


_TYPES: dict[str, dict[str, Any]] = {
    "iri": {"type": "string", "format": "iri"},
    "string": {"type": "string"},
    "language": {"type": "string", "pattern": "^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$"},
    "integer": {"type": "integer"},
    "decimal": {"type": "number"},
    "boolean": {"type": "boolean"},
    "date": {"type": "string", "format": "date"},
}


def _query_path(query: NamedQuery) -> dict[str, Any]:
    parameters = []
    for p in query.parameters:
        schema = dict(_TYPES[p.type])
        if p.default is not None:
            schema["default"] = p.default
        parameters.append(_param(p.name, p.description or p.name, schema, required=p.required))
    parameters.append(_ref("resultFormat"))
    ok = {
        "description": "the solutions, SPARQL 1.1 Query Results JSON or CSV",
        "content": _content(["application/sparql-results+json"], _schema("SparqlResults"))
        | _content(CSV),
    }
    return {
        "get": _operation(
            query.summary,
            ok,
            tag="queries",
            parameters=parameters,
            errors=(400, 406, 502),
            description=query.description,
            operationId=f"query-{query.name}",
            security=[{}, {"token": []}],
        )
    }


def document() -> dict[str, Any]:
    """The OpenAPI 3.1 document: the routes of every blueprint, one path per named query."""
    queries = load_queries()
    paths: dict[str, Any] = {
        "/api/trace": {
            "get": _operation(
                "Trace a node up to the vision, down its tree, or its impact",
                {
                    "description": "paths (up), a tree (down) or what would be orphaned (impact)",
                    "content": _content(
                        JSON,
                        {"oneOf": [_schema("Trace"), _schema("TreeNode"), _schema("Impact")]},
                    )
                    | _content([*CSV, *TURTLE]),
                },
                tag="model",
                parameters=[
                    _param("iri", "the node", _TYPES["iri"], required=True),
                    _param(
                        "direction",
                        "up: paths to the vision; down: the tree beneath; impact: what "
                        "withdrawing the node would orphan",
                        {"type": "string", "enum": list(DIRECTIONS), "default": "up"},
                    ),
                    _ref("graph"),
                    _ref("lang"),
                    _ref("format"),
                ],
                errors=(400, 404, 406, 502),
                operationId="trace",
                security=[{}, {"token": []}],
            )
        },
        "/api/coverage": {
            "get": _operation(
                "What hangs loose, why, and the boards x strategic areas matrix",
                {
                    "description": "the coverage report (CSV: the findings, one per row)",
                    "content": _content(JSON, _schema("Coverage")) | _content([*CSV, *TURTLE]),
                },
                tag="model",
                parameters=[_ref("graph"), _ref("lang"), _ref("format")],
                errors=(400, 404, 406, 502),
                operationId="coverage",
                security=[{}, {"token": []}],
            )
        },
        "/api/validate": {
            "get": _operation(
                "Check the model against the rules of its styrmodell (SHACL)",
                {
                    "description": "the validation report (Turtle: an sh:ValidationReport)",
                    "content": _content(JSON, _schema("ValidationReport")) | _content(TURTLE),
                },
                tag="model",
                parameters=[
                    _ref("graph"),
                    _ref("lang"),
                    _param("format", "the format", {"type": "string", "enum": ["json", "turtle"]}),
                ],
                errors=(400, 404, 406, 502),
                operationId="validate",
                security=[{}, {"token": []}],
            )
        },
        "/api/queries": {
            "get": _operation(
                "The named queries and their parameters",
                {"description": "the list", "content": _content(JSON, _schema("QueryList"))},
                tag="queries",
                errors=(400,),
                operationId="queries",
            )
        },
        "/api/queries/{name}": {
            "get": _operation(
                "Run a named query (each also has a path of its own below)",
                {
                    "description": "the solutions",
                    "content": _content(
                        ["application/sparql-results+json"], _schema("SparqlResults")
                    )
                    | _content(CSV),
                },
                tag="queries",
                parameters=[
                    _param(
                        "name",
                        "the query",
                        {"type": "string", "enum": list(queries)},
                        where="path",
                        required=True,
                    ),
                    _ref("resultFormat"),
                ],
                errors=(400, 404, 406, 502),
                operationId="query",
                security=[{}, {"token": []}],
            )
        },
        **{f"/api/queries/{name}": _query_path(q) for name, q in queries.items()},
        "/openapi.json": {
            "get": _operation(
                "This document",
                {"description": "OpenAPI 3.1", "content": _content(JSON, {"type": "object"})},
                tag="service",
                operationId="openapi",
            )
        },
        "/health": {
            "get": _operation(
                "Whether the service and its store answer",
                {"description": "up", "content": _content(JSON, _schema("Health"))},
                tag="service",
                errors=(503,),
                operationId="health",
            )
        },
        **_other_routes(),
    }
    _undescribed(paths)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "styrgraf",
            "version": __version__,
            "description": "A municipality's governance model (styrmodell) as a checked "
            "linked-data knowledge graph. Answers are over the public graphs; the write token "
            "opens the private graphs (individual development plans) too.",
            "license": {"name": "MIT", "identifier": "MIT"},
        },
        "servers": [{"url": request.host_url.rstrip("/")}],
        "tags": [{"name": n} for n in ("model", "queries", "sparql", "linked data", "service")],
        "paths": paths,
        "components": _components(),
    }


def _other_routes() -> dict[str, Any]:
    """The SPARQL endpoint and the Graph Store Protocol."""
    sparql_ok = {
        "description": "results (SELECT, ASK) or a graph (CONSTRUCT, DESCRIBE); the service "
        "description on a bare GET",
        "content": _content(
            [
                "application/sparql-results+json",
                "application/sparql-results+xml",
                "text/csv",
                "text/tab-separated-values",
                "text/turtle",
                "application/n-triples",
                "application/rdf+xml",
                "application/ld+json",
                "text/html",
            ]
        ),
    }
    dataset = [
        _param("default-graph-uri", "a default graph", {"type": "array", "items": _TYPES["iri"]}),
        _param("named-graph-uri", "a named graph", {"type": "array", "items": _TYPES["iri"]}),
    ]
    rdf = ["text/turtle", "application/ld+json", "application/n-triples", "application/rdf+xml"]
    store = [
        _param("graph", "the graph", _TYPES["iri"]),
        _param("default", "the default graph instead", {"type": "boolean"}, allowEmptyValue=True),
    ]
    written = {"description": "written (201: a new graph, its IRI in Location)"}
    no_body: dict[str, Any] = {}
    body: dict[str, Any] = {
        "required": True,
        "content": _content(rdf) | _content(["multipart/form-data"], {"type": "object"}),
    }
    token: list[dict[str, list[str]]] = [{"token": []}]
    return {
        "/sparql": {
            "get": _operation(
                "SPARQL 1.1 Protocol query over the public graphs (read-only)",
                sparql_ok,
                tag="sparql",
                parameters=[_param("query", "the query", {"type": "string"}), *dataset],
                errors=(400, 403, 406, 503),
                operationId="sparql-get",
            ),
            "post": _operation(
                "SPARQL 1.1 Protocol query, by form or directly",
                sparql_ok,
                tag="sparql",
                parameters=dataset,
                errors=(400, 403, 406, 415, 503),
                operationId="sparql-post",
                requestBody={
                    "required": True,
                    "content": {
                        "application/sparql-query": {"schema": {"type": "string"}},
                        "application/x-www-form-urlencoded": {
                            "schema": {
                                "type": "object",
                                "properties": {"query": {"type": "string"}},
                            }
                        },
                    },
                },
            ),
        },
        "/store": {
            "get": _operation(
                "A graph (Graph Store Protocol); a private one only with the token",
                {"description": "the graph", "content": _content(rdf)},
                tag="linked data",
                parameters=store,
                errors=(400, 404, 406, 502),
                operationId="store-get",
                security=[{}, *token],
            ),
            **{
                method: _operation(
                    summary,
                    written,
                    tag="linked data",
                    parameters=store,
                    errors=(400, 401, 403, 404, 413, 415, 422, 502),
                    operationId=f"store-{method}",
                    security=token,
                    success=("201", "204"),
                    **(no_body if method == "delete" else {"requestBody": body}),
                )
                for method, summary in (
                    ("put", "Replace a graph: validated first, all or nothing"),
                    ("post", "Add to a graph (a new graph when none is named), validated first"),
                    ("delete", "Remove a graph"),
                )
            },
        },
        **_linked_routes(),
    }


def _linked_routes() -> dict[str, Any]:
    """Dereferencing, the vocabulary and shapes, and the dataset description (DCAT, VoID)."""
    media = [
        "text/turtle",
        "text/html",
        "application/ld+json",
        "application/n-triples",
        "application/rdf+xml",
    ]
    suffixes = {"type": "string", "enum": ["ttl", "html", "jsonld", "nt", "rdf"]}
    chosen = [
        _param("format", "the format; overrides Accept", suffixes),
        _param("lang", "the language of an HTML page", {"type": "string", "enum": ["sv", "en"]}),
    ]
    suffix = _param("suffix", "the format", suffixes, where="path", required=True)

    def linked(summary: str, name: str, *parameters: Mapping[str, Any]) -> dict[str, Any]:
        return {
            "get": _operation(
                summary,
                {
                    "description": "the description, by content negotiation",
                    "content": _content(media),
                },
                tag="linked data",
                parameters=[*parameters, *chosen],
                errors=(400, 404, 406, 502),
                operationId=name,
                security=[{}, {"token": []}],
            )
        }

    return {
        "/{rest}": linked(
            "Dereference the resource <base_iri>{rest} (a suffix such as .ttl picks the format)",
            "dereference",
            _param(
                "rest",
                "the IRI's path under the base",
                {"type": "string"},
                where="path",
                required=True,
            ),
        ),
        "/resource": linked(
            "Describe any resource by its IRI",
            "resource",
            _param("iri", "the resource", _TYPES["iri"], required=True),
        ),
        "/ontology": linked("The vocabulary (the graph https://w3id.org/styrgraf)", "ontology"),
        "/ontology.{suffix}": linked("The vocabulary in one format", "ontology-in-format", suffix),
        "/shapes/{name}": linked(
            "A SHACL profile (the graph https://w3id.org/styrgraf/shapes/{name})",
            "shapes",
            _param(
                "name",
                "rules or recommendations, with an optional suffix",
                {"type": "string"},
                where="path",
                required=True,
            ),
        ),
        "/dataset": linked("The DCAT and VoID description of the public models", "dataset"),
        "/dataset.{suffix}": linked(
            "The dataset description in one format", "dataset-in-format", suffix
        ),
        "/.well-known/void": linked("The dataset description (VoID's well-known place)", "void"),
    }


def _undescribed(paths: dict[str, Any]) -> None:
    """Add a plain entry for any route of the app that the document does not describe yet, so
    the document lists every route there is."""
    for rule in current_app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        template = re.sub(r"<(?:[^<>:]+:)?([^<>]+)>", r"{\1}", rule.rule)
        names = sorted(rule.arguments)
        entry = paths.setdefault(template, {})
        view = current_app.view_functions[rule.endpoint]
        summary = (view.__doc__ or rule.endpoint).strip().splitlines()[0]
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            if method.lower() in entry:
                continue
            operation = _operation(
                summary,
                {"description": "the answer"},
                tag="service",
                parameters=[
                    _param(n, n, {"type": "string"}, where="path", required=True) for n in names
                ],
                operationId=f"{rule.endpoint}-{method.lower()}",
            )
            # Marked, so that a test can insist that every route is described by hand.
            entry[method.lower()] = {**operation, "x-undescribed": True}


def _components() -> dict[str, Any]:
    nullable = {"type": list(_OPTIONAL)}
    named = {
        "type": ["object", "null"],
        "properties": {"iri": {"type": "string"}, "label": nullable},
    }
    hop = {
        "type": "object",
        "required": ["iri", "type", "label", "board", "units", "link"],
        "properties": {
            "iri": {"type": "string"},
            "type": nullable,
            "type_label": nullable,
            "label": nullable,
            "label_lang": nullable,
            "board": named,
            "units": {"type": "array", "items": named},
            "link": nullable,
        },
    }
    finding = {
        "type": "object",
        "required": ["iri", "type", "label", "reason", "code", "category"],
        "properties": {
            "iri": {"type": "string"},
            "reason": {"type": "string"},
            "code": {"type": "string"},
            "category": {"type": "string", "enum": ["orphan", "uncovered"]},
            **{
                k: nullable
                for k in (
                    "type",
                    "label",
                    "type_label",
                    "board",
                    "board_label",
                    "link",
                    "at",
                    "area",
                    "area_label",
                )
            },
        },
    }
    schemas: dict[str, Any] = {
        "Error": {
            "type": "object",
            "required": ["error", "status"],
            "properties": {
                "error": {"type": "string", "description": "what went wrong, for a person"},
                "status": {"type": "integer", "description": "the HTTP status code"},
                "parameter": {"type": "string", "description": "the parameter at fault"},
                "offered": {"type": "array", "items": {"type": "string"}},
            },
            "additionalProperties": True,
        },
        "Hop": hop,
        "Finding": finding,
        "Trace": {
            "type": "object",
            "required": ["start", "node", "paths", "reaches_vision", "break"],
            "properties": {
                "start": {"type": "string"},
                "node": _schema("Hop"),
                "paths": {"type": "array", "items": {"type": "array", "items": _schema("Hop")}},
                "reaches_vision": {"type": "boolean"},
                "break": {"oneOf": [_schema("Finding"), {"type": "null"}]},
            },
        },
        "TreeNode": {
            "allOf": [
                _schema("Hop"),
                {
                    "type": "object",
                    "properties": {"children": {"type": "array", "items": _schema("TreeNode")}},
                },
            ]
        },
        "Impact": {
            "type": "object",
            "required": ["node", "orphaned"],
            "properties": {
                "node": _schema("Hop"),
                "orphaned": {"type": "array", "items": _schema("Hop")},
            },
        },
        "Coverage": {
            "type": "object",
            "required": ["orphans", "uncovered", "matrix", "summary"],
            "properties": {
                "orphans": {"type": "array", "items": _schema("Finding")},
                "uncovered": {"type": "array", "items": _schema("Finding")},
                "matrix": {
                    "type": "object",
                    "properties": {
                        "boards": {"type": "array", "items": named},
                        "areas": {"type": "array", "items": named},
                        "cells": {"type": "array", "items": {"type": "object"}},
                    },
                },
                "summary": {"type": "object"},
            },
        },
        "ValidationReport": {
            "type": "object",
            "required": ["conforms", "violations", "warnings", "lang", "rules"],
            "properties": {
                "conforms": {"type": "boolean"},
                "violations": {"type": "integer"},
                "warnings": {"type": "integer"},
                "lang": {"type": "string"},
                "rules": {"type": "array", "items": {"type": "object"}},
            },
        },
        "SparqlResults": {
            "type": "object",
            "required": ["head"],
            "properties": {
                "head": {
                    "type": "object",
                    "properties": {"vars": {"type": "array", "items": {"type": "string"}}},
                },
                "results": {
                    "type": "object",
                    "properties": {"bindings": {"type": "array", "items": {"type": "object"}}},
                },
                "boolean": {"type": "boolean"},
            },
        },
        "QueryList": {
            "type": "object",
            "required": ["queries"],
            "properties": {"queries": {"type": "array", "items": {"type": "object"}}},
        },
        "Health": {
            "type": "object",
            "required": ["status", "graphs", "store"],
            "properties": {
                "status": {"type": "string", "enum": ["ok"]},
                "graphs": {"type": "integer"},
                "store": {"type": "string"},
            },
        },
    }
    format_names = {"type": "string", "enum": ["json", "csv", "turtle"]}
    return {
        "schemas": schemas,
        "responses": {
            "Error": {
                "description": "the one error shape of every route",
                "content": _content(JSON, _schema("Error")),
            }
        },
        "parameters": {
            "graph": _param("graph", "only this named graph", _TYPES["iri"]),
            "lang": _param(
                "lang", "language of labels and messages", {"type": "string", "enum": ["sv", "en"]}
            ),
            "format": _param("format", "the format; overrides Accept", format_names),
            "resultFormat": _param(
                "format",
                "the format; overrides Accept",
                {"type": "string", "enum": ["json", "csv"]},
            ),
        },
        "securitySchemes": {
            "token": {
                "type": "http",
                "scheme": "bearer",
                "description": "the write token: needed for writes, and opens the private graphs",
            }
        },
    }
