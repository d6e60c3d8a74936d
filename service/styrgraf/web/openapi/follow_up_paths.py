"""The paths of the follow-up API (:mod:`styrgraf.web.routes.fulfilment`)."""

from __future__ import annotations

from typing import Any, TypedDict

from styrgraf.analysis.distance import DistanceJson
from styrgraf.analysis.fulfilment_shapes import FulfilmentReport
from styrgraf.render.fulfilment_report import FollowUpReport
from styrgraf.render.workbook import MEDIA_TYPE as WORKBOOK
from styrgraf.web.formats import CSV, HTML, JSON
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


class DistanceList(TypedDict):
    """Every numeric target's distance (``GET /api/fulfilment/distance``), the vision's first."""

    distances: list[DistanceJson]


def follow_up_paths(shapes: Schemas) -> dict[str, Any]:
    return {
        "/api/fulfilment": {
            "get": operation(
                "Måluppfyllelse in one period: every goal's computed and judged status",
                {
                    "description": "every goal's status computed from its indicators (a "
                    "nämndsmål) or rolled up from its nämndsmål (an övergripande mål) by the "
                    "follow-up profile, beside the status judged in the period's report; counts "
                    "per strategic area and board; the findings (CSV, xlsx: one goal a row)",
                    "content": content(JSON, shapes.ref(FulfilmentReport))
                    | content(CSV)
                    | workbook_content(),
                },
                tag="follow-up",
                parameters=[
                    param(
                        "period",
                        "the budget year (default: the latest with values or assessments)",
                        {"type": "string", "pattern": "^[0-9]{4}$"},
                    ),
                    param(
                        "interim",
                        "the delår (interim period) rather than the full year",
                        {
                            "type": "string",
                            "enum": ["true", "false", "1", "0", "yes", "no", "on", "off"],
                        },
                    ),
                    param("board", "only this board's goals", VALUE_TYPES["iri"]),
                    shared("graph"),
                    shared("lang"),
                    shared("format"),
                ],
                errors=(400, 404, 406, 502),
                operationId="fulfilment",
                security=PUBLIC_OR_TOKEN,
            )
        },
        "/api/fulfilment/distance": {
            "get": operation(
                "The distance to each numeric target: the vision's number first",
                {
                    "description": "for each indicator with a numeric target, a target year "
                    "and a series: the straight path from its start to the target, where it "
                    "should be now, the yearly change needed and achieved, and the year the "
                    "target is reached at the present pace",
                    "content": content(JSON, shapes.ref(DistanceList)),
                },
                tag="follow-up",
                parameters=[shared("graph"), shared("lang"), shared("format")],
                errors=(400, 404, 406, 502),
                operationId="fulfilment-distance",
                security=PUBLIC_OR_TOKEN,
            )
        },
        **report_paths(shapes),
    }


def report_paths(shapes: Schemas) -> dict[str, Any]:
    """The goal section of a delårsrapport or an årsredovisning
    (:mod:`styrgraf.web.routes.reports`), and a board's reporting workbook
    (:mod:`styrgraf.web.routes.workbook`)."""
    return {
        "/report": {
            "get": operation(
                "The goal section of a delårsrapport or an årsredovisning, to read and print",
                {
                    "description": "a standalone HTML document (A4 in print, each board on a "
                    "page of its own; the vision's distance chart and a chart per indicator, "
                    "each with its numbers in a table); the same report as JSON (the follow-up "
                    "with its title and the vision's distance) or as a table, CSV or xlsx (one "
                    "goal a row)",
                    "content": content([HTML])
                    | content(JSON, shapes.ref(FollowUpReport))
                    | content(CSV)
                    | workbook_content(),
                },
                tag="follow-up",
                parameters=[
                    param(
                        "period",
                        "the budget year (default: the latest with values or assessments)",
                        {"type": "string", "pattern": "^[0-9]{4}$"},
                    ),
                    param(
                        "interim",
                        "the delår (delårsrapport) rather than the full year (årsredovisning); "
                        "without a period, the latest delår with data",
                        {
                            "type": "string",
                            "enum": ["true", "false", "1", "0", "yes", "no", "on", "off"],
                        },
                    ),
                    param("board", "only this board's goals", VALUE_TYPES["iri"]),
                    param(
                        "lang",
                        "the language of the report (remembered in the lang cookie); else "
                        "Accept-Language",
                        VALUE_TYPES["language"],
                    ),
                    param(
                        "format",
                        "the format; overrides Accept",
                        {"type": "string", "enum": ["html", "json", "csv", "xlsx"]},
                    ),
                ],
                errors=(400, 404, 406, 502),
                operationId="report",
                security=PUBLIC_OR_TOKEN,
            )
        },
        "/workbook": {
            "get": operation(
                "A board's reporting workbook for a period, to fill in and import",
                {
                    "description": "the workbook (.xlsx): the board's nämndsmål with their "
                    "indicators and its handlingsplaner's aktiviteter, the period's values, "
                    "statuses and comments to fill in (docs/import.md)",
                    "content": content([WORKBOOK]),
                },
                tag="follow-up",
                parameters=[
                    param(
                        "board", "the board (nämnd or styrelse)", VALUE_TYPES["iri"], required=True
                    ),
                    param(
                        "period",
                        "the budget year",
                        {"type": "string", "pattern": "^[0-9]{4}$"},
                        required=True,
                    ),
                    param(
                        "interim",
                        "the delår (delårsrapport) rather than the full year (årsredovisning)",
                        {
                            "type": "string",
                            "enum": ["true", "false", "1", "0", "yes", "no", "on", "off"],
                        },
                    ),
                    param(
                        "lang",
                        "the language of the workbook; else the page's (the lang cookie, "
                        "Accept-Language)",
                        VALUE_TYPES["language"],
                    ),
                ],
                errors=(400, 404, 502, 503),
                operationId="workbook",
                security=PUBLIC_OR_TOKEN,
            )
        },
    }
