"""The OpenAPI 3.1 document of the service, served by the API at ``/openapi.json``.

Every route of the app is described: the API's by hand here, one path per named query generated
from its ``#+`` header, and the other blueprints' routes; a route that has no description yet
still appears, marked ``x-undescribed``, and a test fails until it is described.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from flask import current_app, request

from styrgraf import __version__
from styrgraf.analysis.trace import DIRECTIONS
from styrgraf.i18n.languages import DEFAULT, LANGUAGES, TAG_PATTERN
from styrgraf.sparql.queries import NamedQuery, load_queries
from styrgraf.web.formats import CSV, JSON, TURTLE

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
    "language": {"type": "string", "pattern": TAG_PATTERN},
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
            errors=(400, 406, 502, 503),
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
                    "description": "the validation report (CSV: the findings, one per row; "
                    "Turtle: an sh:ValidationReport)",
                    "content": _content(JSON, _schema("ValidationReport"))
                    | _content([*CSV, *TURTLE]),
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
        **_report_pages(),
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
        "tags": [
            {"name": n} for n in ("model", "queries", "sparql", "linked data", "pages", "service")
        ],
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
                parameters=[
                    _param("query", "the query", {"type": "string"}),
                    *dataset,
                    _param(
                        "format",
                        "download the results in this format, whatever Accept says",
                        {"type": "string", "enum": ["csv", "tsv"]},
                    ),
                    _param(
                        "named",
                        "the query page with this named query in its editor (text/html)",
                        {"type": "string"},
                    ),
                ],
                errors=(400, 403, 404, 406, 503),
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
                    errors=(400, 401, 403, 404, 413, 415, 422, 502, 503, 507),
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
        **_page_routes(),
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
        _param("lang", "the language of an HTML page: a language tag", _TYPES["language"]),
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


def _page_routes() -> dict[str, Any]:
    """The HTML pages for people (and their downloads)."""
    html = {"description": "the page", "content": _content(["text/html"])}
    lang = _param(
        "lang",
        "the language of the page (remembered in the lang cookie); else Accept-Language",
        _TYPES["language"],
    )
    tree_filters = [
        _param("board", "only this board's goals (and what lies beneath them)", _TYPES["iri"]),
        _param("unit", "only this unit's plans and activities", _TYPES["iri"]),
        _param("area", "only this strategic area", _TYPES["iri"]),
        _param("focus", "only the goals that address this focus area", _TYPES["iri"]),
        _param("q", "only nodes whose names hold these words", {"type": "string"}),
        _param("format", "csv: the rows of the tree", {"type": "string", "enum": ["html", "csv"]}),
    ]
    return {
        "/": {
            "get": _operation(
                "The start page: each model at a glance and its health (for browsers)",
                html,
                tag="pages",
                parameters=[lang],
                errors=(400, 404, 502),
                operationId="start-page",
            )
        },
        "/tree": {
            "get": _operation(
                "The goal tree, from the vision to the activities, filterable",
                {"description": "the page, or CSV", "content": _content(["text/html", *CSV])},
                tag="pages",
                parameters=[*tree_filters, lang],
                errors=(400, 502),
                operationId="goal-tree-page",
            )
        },
        "/trace.svg": {
            "get": _operation(
                "The drawing of a node's paths up to the vision",
                {"description": "an SVG file", "content": _content(["image/svg+xml"])},
                tag="pages",
                parameters=[_param("iri", "the node", _TYPES["iri"], required=True), lang],
                errors=(400, 404, 502),
                operationId="trace-drawing",
            )
        },
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
            "required": ["status", "graphs", "store", "admission"],
            "properties": {
                "status": {"type": "string", "enum": ["ok"]},
                "graphs": {"type": "integer"},
                "store": {"type": "string"},
                "admission": {
                    "description": "per heavy class (query, compute, write), the requests in "
                    "progress and the most taken on at once (null: no limit)",
                    "type": "object",
                    "additionalProperties": {
                        "type": "object",
                        "required": ["in_progress", "limit"],
                        "properties": {
                            "in_progress": {"type": "integer"},
                            "limit": {"type": ["integer", "null"]},
                        },
                    },
                },
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
                "lang",
                "language of labels and messages: a language tag, its messages in "
                f"{', '.join(LANGUAGES)} by its language (sv for sv-SE), else {DEFAULT}",
                _TYPES["language"],
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


def _report_pages() -> dict[str, Any]:
    """The coverage and validation pages and their downloads."""
    html = {"description": "the page", "content": _content(["text/html"])}
    lang = _param("lang", "the language of the page", {"type": "string"})

    def page(summary: str, name: str, *parameters: Mapping[str, Any]) -> dict[str, Any]:
        return {
            "get": _operation(
                summary, html, tag="pages", parameters=[lang, *parameters], operationId=name
            )
        }

    iri = _TYPES["iri"]
    return {
        "/coverage": page("The coverage map, orphans and uncovered findings", "coverage-page"),
        "/coverage.svg": {
            "get": _operation(
                "The coverage map as an SVG drawing",
                {"description": "the drawing", "content": _content(["image/svg+xml"])},
                tag="pages",
                parameters=[lang],
                operationId="coverage-svg",
            )
        },
        "/coverage/matrix.csv": {
            "get": _operation(
                "The coverage matrix as CSV, one row per board and strategic area",
                {"description": "the matrix", "content": _content(["text/csv"])},
                tag="pages",
                parameters=[lang],
                operationId="coverage-matrix-csv",
            )
        },
        "/coverage/cell": {
            "get": _operation(
                "The goals behind one cell of the coverage map",
                html,
                tag="pages",
                parameters=[
                    lang,
                    _param("board", "the board (or the council)", iri, required=True),
                    _param("area", "the strategic area", iri, required=True),
                ],
                errors=(400, 404),
                operationId="coverage-cell",
            )
        },
        "/validation": page("The findings of the rules, grouped by rule", "validation-page"),
    }
