"""The building blocks of the OpenAPI document's paths: media types with their schemas,
parameters, and operations with their responses."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from styrgraf.i18n.languages import TAG_PATTERN
from styrgraf.web.formats import XLSX

ERROR: dict[str, str] = {"$ref": "#/components/responses/Error"}
"""Every error status of every operation answers with the one error shape."""

JSON_LD: dict[str, Any] = {
    "type": ["object", "array"],
    "description": "a JSON-LD document, as pyoxigraph writes it",
}
"""The schema of an RDF graph in JSON-LD: not a shape of the service's own."""


def content(media: Iterable[str], schema: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Each media type with the schema of its body (a text by default)."""
    return {m: {"schema": dict(schema or {"type": "string"})} for m in media}


def workbook_content() -> dict[str, Any]:
    """An Excel workbook (xlsx): a table to download."""
    return content(XLSX, {"type": "string", "format": "binary"})


def rdf_content(media: Iterable[str]) -> dict[str, Any]:
    """Each RDF media type, JSON-LD described as JSON and the others as text."""
    return {
        m: {"schema": dict(JSON_LD if m == "application/ld+json" else {"type": "string"})}
        for m in media
    }


def param(
    name: str, description: str, schema: Mapping[str, Any], *, where: str = "query", **more: Any
) -> dict[str, Any]:
    """A parameter of an operation: in the query string unless ``where`` says otherwise."""
    return {"name": name, "in": where, "description": description, "schema": dict(schema), **more}


def shared(name: str) -> dict[str, str]:
    """A parameter of ``components/parameters``."""
    return {"$ref": f"#/components/parameters/{name}"}


def operation(
    summary: str,
    ok: Mapping[str, Any],
    *,
    tag: str,
    parameters: Iterable[Mapping[str, Any]] = (),
    errors: Iterable[int] = (),
    description: str = "",
    success: Iterable[str] = ("200",),
    answers: Mapping[str, Mapping[str, Any]] | None = None,
    **more: Any,
) -> dict[str, Any]:
    """An operation: ``ok`` for each of its ``success`` statuses (or ``answers``, a response
    for each success status), the error shape for each of its ``errors`` and for any other
    status (``default``)."""
    chosen = answers if answers is not None else dict.fromkeys(success, ok)
    responses: dict[str, Any] = {status: dict(answer) for status, answer in chosen.items()}
    for status in errors:
        responses[str(status)] = ERROR
    responses["default"] = ERROR
    described: dict[str, Any] = {"tags": [tag], "summary": summary}
    if description:
        described["description"] = description
    if parameters:
        described["parameters"] = [dict(p) for p in parameters]
    return {**described, "responses": responses, **more}


VALUE_TYPES: dict[str, dict[str, Any]] = {
    "iri": {"type": "string", "format": "iri"},
    "string": {"type": "string"},
    "language": {"type": "string", "pattern": TAG_PATTERN},
    "integer": {"type": "integer"},
    "decimal": {"type": "number"},
    "boolean": {"type": "boolean"},
    "date": {"type": "string", "format": "date"},
}
"""The schema of a parameter's value, by the type a named query declares it with (one for each
of :data:`styrgraf.sparql.queries.TYPES`)."""

PUBLIC_OR_TOKEN: list[dict[str, list[str]]] = [{}, {"token": []}]
"""Open to everyone; the write token opens the private graphs too."""
TOKEN: list[dict[str, list[str]]] = [{"token": []}]
"""Only with the write token."""
