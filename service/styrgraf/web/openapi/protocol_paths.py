"""The paths of the W3C protocols and linked data: the SPARQL 1.1 Protocol endpoint, the Graph
Store Protocol, dereferencing, the vocabulary and shapes, and the dataset description."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from styrgraf.render.query_results import SparqlResults
from styrgraf.web.openapi.operations import (
    PUBLIC_OR_TOKEN,
    TOKEN,
    VALUE_TYPES,
    content,
    operation,
    param,
    rdf_content,
    workbook_content,
)
from styrgraf.web.openapi.schemas import Schemas
from styrgraf.web.shapes import GraphWritten

RDF = ["text/turtle", "application/ld+json", "application/n-triples", "application/rdf+xml"]


def protocol_paths(shapes: Schemas) -> dict[str, Any]:
    """The SPARQL endpoint and the Graph Store Protocol."""
    results = ["application/sparql-results+json", "application/json"]
    answered = (
        content(results, shapes.ref(SparqlResults))
        | content(
            [
                "application/sparql-results+xml",
                "application/xml",
                "text/csv",
                "text/tab-separated-values",
            ]
        )
        | rdf_content([*RDF, "text/plain"])
        | content(["text/html"])
    )
    description = (
        "results (SELECT, ASK) or a graph (CONSTRUCT, DESCRIBE); the service description on a "
        "bare GET"
    )
    sparql_ok = {"description": description, "content": answered}
    dataset = [
        param(
            "default-graph-uri", "a default graph", {"type": "array", "items": VALUE_TYPES["iri"]}
        ),
        param("named-graph-uri", "a named graph", {"type": "array", "items": VALUE_TYPES["iri"]}),
    ]
    written: dict[str, dict[str, Any]] = {
        "201": {
            "description": "a new graph, written; its IRI is in Location",
            "content": content(["application/json"], shapes.ref(GraphWritten)),
        },
        "204": {"description": "written, to a graph that was there"},
    }
    return {
        "/sparql": {
            "get": operation(
                "SPARQL 1.1 Protocol query over the public graphs (read-only)",
                {"description": description, "content": answered | workbook_content()},
                tag="sparql",
                parameters=[
                    param("query", "the query", {"type": "string"}),
                    *dataset,
                    param(
                        "format",
                        "download the results in this format, whatever Accept says (csv, tsv: "
                        "as the protocol writes them; xlsx: the solutions of a SELECT as a "
                        "workbook in the page's language)",
                        {"type": "string", "enum": ["csv", "tsv", "xlsx"]},
                    ),
                    param(
                        "named",
                        "the query page with this named query in its editor (text/html)",
                        {"type": "string"},
                    ),
                ],
                errors=(400, 403, 404, 406, 413, 503),
                operationId="sparql-get",
            ),
            "post": operation(
                "SPARQL 1.1 Protocol query, by form or directly",
                sparql_ok,
                tag="sparql",
                parameters=dataset,
                errors=(400, 403, 406, 413, 415, 503),
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
            "get": operation(
                "A graph (Graph Store Protocol); a private one only with the token",
                {"description": "the graph", "content": rdf_content(RDF)},
                tag="linked data",
                parameters=_GRAPH,
                errors=(400, 404, 406, 502),
                operationId="store-get",
                security=PUBLIC_OR_TOKEN,
            ),
            "put": _write("Replace a graph: validated first, all or nothing", "put", written),
            "post": _write(
                "Add to a graph (a new graph when none is named), validated first",
                "post",
                written,
            ),
            "delete": _write("Remove a graph", "delete", {"204": {"description": "removed"}}),
        },
        **_linked_paths(),
    }


def _write(summary: str, method: str, answers: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """A write of the Graph Store Protocol: only with the write token, a body but to remove."""
    body: dict[str, Any] = {
        "required": True,
        "content": content(RDF) | content(["multipart/form-data"], {"type": "object"}),
    }
    more: dict[str, Any] = {} if method == "delete" else {"requestBody": body}
    return operation(
        summary,
        {},
        tag="linked data",
        description="Checked as every write is: personal data outside a private graph is "
        "refused with 422 and the findings; a write that would add a violation of the rules "
        "to those the store has with 422, the violations it adds (added) apart from those "
        "there before (existing) and those it would take away (resolved), and the validation "
        "report. A write that adds none is stored, on a store that still breaks a rule too. "
        "docs/api.md",
        parameters=_GRAPH,
        errors=(400, 401, 403, 404, 413, 415, 422, 502, 503, 507),
        operationId=f"store-{method}",
        security=TOKEN,
        answers=answers,
        **more,
    )


_GRAPH = [
    param("graph", "the graph", VALUE_TYPES["iri"]),
    param("default", "the default graph instead", {"type": "boolean"}, allowEmptyValue=True),
]
"""Which graph: ``?graph=IRI`` or ``?default``."""


def _linked_paths() -> dict[str, Any]:
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
        param("format", "the format; overrides Accept", suffixes),
        param("lang", "the language of an HTML page: a language tag", VALUE_TYPES["language"]),
    ]
    suffix = param("suffix", "the format", suffixes, where="path", required=True)

    def linked(summary: str, name: str, *parameters: Mapping[str, Any]) -> dict[str, Any]:
        return {
            "get": operation(
                summary,
                {
                    "description": "the description, by content negotiation",
                    "content": rdf_content(media),
                },
                tag="linked data",
                parameters=[*parameters, *chosen],
                errors=(400, 404, 406, 502),
                operationId=name,
                security=PUBLIC_OR_TOKEN,
            )
        }

    return {
        "/{rest}": linked(
            "Dereference the resource <base_iri>{rest} (a suffix such as .ttl picks the format)",
            "dereference",
            param(
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
            param("iri", "the resource", VALUE_TYPES["iri"], required=True),
        ),
        "/ontology": linked("The vocabulary (the graph https://w3id.org/styrgraf)", "ontology"),
        "/ontology.{suffix}": linked("The vocabulary in one format", "ontology-in-format", suffix),
        "/shapes/{name}": linked(
            "A SHACL profile (the graph https://w3id.org/styrgraf/shapes/{name})",
            "shapes",
            param(
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
