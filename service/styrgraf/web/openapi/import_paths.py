"""The paths of the imports (:mod:`styrgraf.web.routes.imports`): results brought in, each
validated like every write and answered with its report."""

from __future__ import annotations

from typing import Any

from styrgraf.results.kolada_shapes import KoladaReportJson
from styrgraf.web.formats import JSON
from styrgraf.web.openapi.operations import TOKEN, VALUE_TYPES, content, operation, param
from styrgraf.web.openapi.schemas import Schemas

_FLAG = {"type": "string", "enum": ["true", "false", "1", "0", "yes", "no", "on", "off"]}


def import_paths(shapes: Schemas) -> dict[str, Any]:
    return {
        "/api/import/kolada": {
            "post": operation(
                "Import Kolada's API v3 responses: validated first, all or nothing",
                {
                    "description": "what the import did (or with dry_run would do): every value "
                    "read accounted for, the revisions with both numbers and dates, the missing "
                    "values, the KPIs, indicators and areas that matched nothing",
                    "content": content(JSON, shapes.ref(KoladaReportJson)),
                },
                tag="import",
                description="The body is one response of /v3/data or /v3/oudata "
                "(application/json) or several (multipart/form-data, one a part). Each value "
                "goes to the indicators naming its KPI (sg:koladaKpi), for the municipality of "
                "its kommunkod or the unit naming its Kolada unit (sg:koladaOu). A value the "
                "store holds is left alone; a different number is added as a revision of it. "
                "The store as the import would leave it is checked as every write is: "
                "personal data in a graph that is not private is refused with 422 and the "
                "findings, as at /store; a store that would break a rule afterwards with 422 "
                "and the validation report. Nothing is written either way. docs/import.md",
                parameters=[
                    param("dry_run", "say what the import would do, and write nothing", _FLAG),
                    param(
                        "retrieved",
                        "when the responses were retrieved from Kolada (ISO 8601); default: "
                        "when the request arrived",
                        {"type": "string"},
                    ),
                    param("by", "who makes the import, recorded with it", {"type": "string"}),
                    param(
                        "lang",
                        "the language of the indicators' labels in the report",
                        VALUE_TYPES["language"],
                    ),
                ],
                requestBody={
                    "required": True,
                    "content": content(JSON, {"type": "object"})
                    | content(["multipart/form-data"], {"type": "object"}),
                },
                errors=(400, 401, 403, 413, 415, 422, 502, 503, 507),
                operationId="import-kolada",
                security=TOKEN,
            )
        }
    }
