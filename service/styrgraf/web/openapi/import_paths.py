"""The paths of the imports (:mod:`styrgraf.web.routes.imports`): results brought in, each
validated like every write and answered with its report; and the operation every import's API
shares (the workbook's is in :mod:`styrgraf.web.openapi.workbook_import_paths`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from styrgraf.results.kolada_shapes import KoladaReportJson
from styrgraf.web.formats import JSON
from styrgraf.web.openapi.operations import TOKEN, VALUE_TYPES, content, operation, param
from styrgraf.web.openapi.schemas import Schemas

FLAG = {"type": "string", "enum": ["true", "false", "1", "0", "yes", "no", "on", "off"]}
"""A yes-or-no query parameter, as the routes read one."""


def import_operation(
    kind: str,
    what: str,
    *,
    report: str,
    schema: Mapping[str, Any],
    description: str,
    body: Mapping[str, Any],
    lang: str,
    parameters: Iterable[Mapping[str, Any]] = (),
) -> dict[str, Any]:
    """``POST /api/import/<kind>``: import ``what`` with the write token, all or nothing, and
    answer its report (``report`` says what it tells, ``schema`` its shape). The request's
    ``body`` is the content of one thing imported, or multipart/form-data; every import takes
    ``by``, ``dry_run`` and ``lang`` (``lang`` says what it chooses the language of) before its
    own ``parameters``."""
    return operation(
        f"Import {what}: validated first, all or nothing",
        {
            "description": f"what the import did (or with dry_run would do): {report}",
            "content": content(JSON, schema),
        },
        tag="import",
        description=f"{description} docs/import.md",
        parameters=[
            param("by", "who makes the import, recorded with it", {"type": "string"}),
            param("dry_run", "say what the import would do, and write nothing", FLAG),
            param("lang", lang, VALUE_TYPES["language"]),
            *parameters,
        ],
        requestBody={
            "required": True,
            "content": {**body, **content(["multipart/form-data"], {"type": "object"})},
        },
        errors=(400, 401, 403, 413, 415, 422, 502, 503, 507),
        operationId=f"import-{kind}",
        security=TOKEN,
    )


def import_paths(shapes: Schemas) -> dict[str, Any]:
    return {
        "/api/import/kolada": {
            "post": import_operation(
                "kolada",
                "Kolada's API v3 responses",
                report="every value read accounted for, the revisions with both numbers and "
                "dates, the missing values, the KPIs, indicators and areas that matched nothing",
                schema=shapes.ref(KoladaReportJson),
                description="The body is one response of /v3/data or /v3/oudata "
                "(application/json) or several (multipart/form-data, one a part). Each value "
                "goes to the indicators naming its KPI (sg:koladaKpi), for the municipality of "
                "its kommunkod or the unit naming its Kolada unit (sg:koladaOu). A value the "
                "store holds is left alone; a different number is added as a revision of it. "
                "The store as the import would leave it is checked as every write is: "
                "personal data in a graph that is not private is refused with 422 and the "
                "findings, as at /store; one that would add a violation of the rules to those "
                "the store has with 422, the violations it adds (added) apart from those there "
                "before (existing), and the validation report. Nothing is written either way. "
                "docs/import.md",
                body=content(JSON, {"type": "object"}),
                lang="the language of the indicators' labels in the report",
                parameters=[
                    param(
                        "retrieved",
                        "when the responses were retrieved from Kolada (ISO 8601); default: "
                        "when the request arrived",
                        {"type": "string"},
                    )
                ],
            )
        }
    }
