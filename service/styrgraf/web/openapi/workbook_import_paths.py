"""The paths of the workbook import: the API (:mod:`styrgraf.web.routes.workbook_import`) and the
upload page with its preview (:mod:`styrgraf.web.routes.workbook_upload`)."""

from __future__ import annotations

from typing import Any

from styrgraf.results.workbook_shapes import WorkbookReportJson
from styrgraf.web.openapi.import_paths import FLAG, import_operation
from styrgraf.web.openapi.operations import VALUE_TYPES, content, operation, param
from styrgraf.web.openapi.schemas import Schemas

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_YEAR = {"type": "string", "pattern": "^[0-9]{4}$"}


def _expected() -> list[dict[str, Any]]:
    return [
        param("board", "refuse a workbook that is not for this board", VALUE_TYPES["iri"]),
        param("period", "refuse a workbook that is not for this budget year", _YEAR),
        param("interim", "with period: the delår, not the full year", FLAG),
    ]


def workbook_import_paths(shapes: Schemas) -> dict[str, Any]:
    html = {"description": "the page", "content": content(["text/html"])}
    form = {
        "required": True,
        "content": content(["multipart/form-data"], {"type": "object"}),
    }
    return {
        "/api/import/workbook": {
            "post": import_operation(
                "workbook",
                "a board's filled reporting workbook",
                report="each value added, revised (old → new) or unchanged and each status given, "
                "with the sheet and cell it came from",
                schema=shapes.ref(WorkbookReportJson),
                description="The body is the .xlsx file (as made by GET /workbook or styrgraf "
                "workbook), or multipart/form-data with it as the one file part. A workbook "
                "with any problem (a number that is no number, a status not on the list, a "
                "row whose hidden IRIs were changed, another board or period, an older state "
                "of the model) is refused with 422 and every problem, each with its sheet and "
                "cell in the language asked; one after which a graph that is not private "
                "would show personal data with 422 and the findings, as at /store; one that "
                "would add a violation of the rules to those the store has with 422, the "
                "violations it adds (added) apart from those there before (existing), and the "
                "validation report. Nothing is written in any case. docs/import.md",
                body=content([XLSX, "application/octet-stream"]),
                lang="the language of the problems and labels in the answer",
                parameters=_expected(),
            )
        },
        "/workbook/import": {
            "get": operation(
                "The page to import a filled workbook (for browsers)",
                html,
                tag="pages",
                description="A form: the workbook, your name and the write token (sent only "
                "in the form's body).",
                parameters=[
                    *_expected(),
                    param("lang", "the language of the page", VALUE_TYPES["language"]),
                ],
                errors=(400,),
                operationId="workbook-import-page",
            ),
            "post": operation(
                "The preview of a workbook's import: what it would change, nothing written",
                html,
                tag="pages",
                description="The form's fields: file, by, token (and board, period, interim). "
                "A workbook that cannot be imported is a page listing every refused cell "
                "(422); a missing or wrong token a 401 or 403 page.",
                requestBody=form,
                errors=(400, 401, 403, 413, 422, 502, 503, 507),
                operationId="workbook-import-preview",
            ),
        },
        "/workbook/import/apply": {
            "post": operation(
                "The previewed import carried out",
                html,
                tag="pages",
                description="The form's field upload names the preview (kept for a quarter of "
                "an hour, once). When the model has changed so that the import would now do "
                "otherwise, the new preview is shown instead; a lapsed preview is a 410 page.",
                requestBody={
                    "required": True,
                    "content": content(["application/x-www-form-urlencoded"], {"type": "object"}),
                },
                errors=(403, 410, 422, 502, 503, 507),
                operationId="workbook-import-apply",
            )
        },
    }
