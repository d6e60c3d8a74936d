"""The paths of the JSON API (:mod:`styrgraf.web.routes.api`): trace, coverage, validation,
the named queries (one path each, from its ``#+`` header), health and this document."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from styrgraf.analysis.coverage_shapes import CoverageReport
from styrgraf.analysis.trace import DIRECTIONS, Impact, Trace, TreeNode
from styrgraf.model.validation_shapes import ValidationReport
from styrgraf.render.query_results import SparqlResults
from styrgraf.sparql.queries import NamedQuery
from styrgraf.web.formats import CSV, JSON, TURTLE
from styrgraf.web.openapi.operations import (
    PUBLIC_OR_TOKEN,
    VALUE_TYPES,
    content,
    operation,
    param,
    shared,
    workbook_content,
)
from styrgraf.web.openapi.schemas import Schemas
from styrgraf.web.shapes import Health, OpenApiDocument, QueryList

RESULTS_JSON = ["application/sparql-results+json", *JSON]
"""The media types of SPARQL 1.1 Query Results JSON that a named query answers in."""


def api_paths(shapes: Schemas, queries: Mapping[str, NamedQuery]) -> dict[str, Any]:
    """The API's paths, their JSON answers described by ``shapes``."""
    results = content(RESULTS_JSON, shapes.ref(SparqlResults)) | content(CSV) | workbook_content()
    return {
        "/api/trace": {
            "get": operation(
                "Trace a node up to the vision, down its tree, or its impact",
                {
                    "description": "paths (up), a tree (down) or what would be orphaned (impact)",
                    "content": content(
                        JSON,
                        {"oneOf": [shapes.ref(Trace), shapes.ref(TreeNode), shapes.ref(Impact)]},
                    )
                    | content([*CSV, *TURTLE])
                    | workbook_content(),
                },
                tag="model",
                parameters=[
                    param("iri", "the node", VALUE_TYPES["iri"], required=True),
                    param(
                        "direction",
                        "up: paths to the vision; down: the tree beneath; impact: what "
                        "withdrawing the node would orphan",
                        {"type": "string", "enum": list(DIRECTIONS), "default": "up"},
                    ),
                    shared("graph"),
                    shared("lang"),
                    shared("format"),
                ],
                errors=(400, 404, 406, 502),
                operationId="trace",
                security=PUBLIC_OR_TOKEN,
            )
        },
        "/api/coverage": {
            "get": operation(
                "What hangs loose, why, and the boards x strategic areas matrix",
                {
                    "description": "the coverage report (CSV, xlsx: the findings, one per row)",
                    "content": content(JSON, shapes.ref(CoverageReport))
                    | content([*CSV, *TURTLE])
                    | workbook_content(),
                },
                tag="model",
                parameters=[shared("graph"), shared("lang"), shared("format")],
                errors=(400, 404, 406, 502),
                operationId="coverage",
                security=PUBLIC_OR_TOKEN,
            )
        },
        "/api/validate": {
            "get": operation(
                "Check the model against the rules of its styrmodell (SHACL)",
                {
                    "description": "the validation report (CSV, xlsx: the findings, one per "
                    "row; Turtle: an sh:ValidationReport)",
                    "content": content(JSON, shapes.ref(ValidationReport))
                    | content([*CSV, *TURTLE])
                    | workbook_content(),
                },
                tag="model",
                parameters=[shared("graph"), shared("lang"), shared("format")],
                errors=(400, 404, 406, 502),
                operationId="validate",
                security=PUBLIC_OR_TOKEN,
            )
        },
        "/api/queries": {
            "get": operation(
                "The named queries and their parameters",
                {"description": "the list", "content": content(JSON, shapes.ref(QueryList))},
                tag="queries",
                errors=(400,),
                operationId="queries",
            )
        },
        "/api/queries/{name}": {
            "get": operation(
                "Run a named query (each also has a path of its own below)",
                {"description": "the solutions", "content": results},
                tag="queries",
                parameters=[
                    param(
                        "name",
                        "the query",
                        {"type": "string", "enum": list(queries)},
                        where="path",
                        required=True,
                    ),
                    shared("resultFormat"),
                ],
                errors=(400, 404, 406, 502),
                operationId="query",
                security=PUBLIC_OR_TOKEN,
            )
        },
        **{f"/api/queries/{name}": _query_path(q, results) for name, q in queries.items()},
        "/openapi.json": {
            "get": operation(
                "This document",
                {
                    "description": "OpenAPI 3.1",
                    "content": content(JSON, shapes.ref(OpenApiDocument)),
                },
                tag="service",
                errors=(400,),
                operationId="openapi",
            )
        },
        "/health": {
            "get": operation(
                "Whether the service and its store answer",
                {"description": "up", "content": content(JSON, shapes.ref(Health))},
                tag="service",
                errors=(400, 503),
                operationId="health",
            )
        },
    }


def _query_path(query: NamedQuery, results: Mapping[str, Any]) -> dict[str, Any]:
    parameters = []
    for p in query.parameters:
        schema = dict(VALUE_TYPES[p.type])
        if p.default is not None:
            schema["default"] = p.default
        parameters.append(param(p.name, p.description or p.name, schema, required=p.required))
    parameters.append(shared("resultFormat"))
    return {
        "get": operation(
            query.summary,
            {
                "description": "the solutions, SPARQL 1.1 Query Results JSON, or a table "
                "(CSV, xlsx) in the language asked for",
                "content": results,
            },
            tag="queries",
            parameters=parameters,
            errors=(400, 406, 502, 503),
            description=query.description,
            operationId=f"query-{query.name}",
            security=PUBLIC_OR_TOKEN,
        )
    }
