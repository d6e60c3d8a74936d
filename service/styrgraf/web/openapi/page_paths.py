"""The paths of the HTML pages for people, and of their drawings and downloads."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from styrgraf.web.formats import CSV
from styrgraf.web.openapi.operations import (
    VALUE_TYPES,
    content,
    operation,
    param,
    workbook_content,
)


def page_paths() -> dict[str, Any]:
    """The start page, the goal tree, the trace drawing, the follow-up page, and the coverage
    and validation pages."""
    html = {"description": "the page", "content": content(["text/html"])}
    lang = param(
        "lang",
        "the language of the page (remembered in the lang cookie); else Accept-Language",
        VALUE_TYPES["language"],
    )
    tree_filters = [
        param("board", "only this board's goals (and what lies beneath them)", VALUE_TYPES["iri"]),
        param("unit", "only this unit's plans and activities", VALUE_TYPES["iri"]),
        param("area", "only this strategic area", VALUE_TYPES["iri"]),
        param("focus", "only the goals that address this focus area", VALUE_TYPES["iri"]),
        param("q", "only nodes whose names hold these words", {"type": "string"}),
        param(
            "format",
            "csv, xlsx: the rows of the tree as shown",
            {"type": "string", "enum": ["html", "csv", "xlsx"]},
        ),
    ]
    return {
        "/": {
            "get": operation(
                "The start page: each model at a glance and its health (for browsers)",
                html,
                tag="pages",
                parameters=[lang],
                errors=(400, 404, 502),
                operationId="start-page",
            )
        },
        "/tree": {
            "get": operation(
                "The goal tree, from the vision to the activities, filterable",
                {
                    "description": "the page, or a table (CSV, xlsx)",
                    "content": content(["text/html", *CSV]) | workbook_content(),
                },
                tag="pages",
                parameters=[*tree_filters, lang],
                errors=(400, 502),
                operationId="goal-tree-page",
            )
        },
        "/trace.svg": {
            "get": operation(
                "The drawing of a node's paths up to the vision",
                {"description": "an SVG file", "content": content(["image/svg+xml"])},
                tag="pages",
                parameters=[param("iri", "the node", VALUE_TYPES["iri"], required=True), lang],
                errors=(400, 404, 502),
                operationId="trace-drawing",
            )
        },
        "/follow-up": {
            "get": operation(
                "Måluppfyllelse in one period: each goal computed beside judged, by area and board",
                {
                    "description": "the page, or a table (CSV, xlsx)",
                    "content": content(["text/html", *CSV]) | workbook_content(),
                },
                tag="pages",
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
                    param(
                        "format",
                        "csv, xlsx: the goals of the page, one a row",
                        {"type": "string", "enum": ["html", "csv", "xlsx"]},
                    ),
                    lang,
                ],
                errors=(400, 502, 503),
                operationId="follow-up-page",
            )
        },
        **_report_pages(),
    }


def _report_pages() -> dict[str, Any]:
    """The coverage and validation pages and their downloads."""
    html = {"description": "the page", "content": content(["text/html"])}
    lang = param("lang", "the language of the page", {"type": "string"})

    def page(summary: str, name: str, *parameters: Mapping[str, Any]) -> dict[str, Any]:
        return {
            "get": operation(
                summary, html, tag="pages", parameters=[lang, *parameters], operationId=name
            )
        }

    iri = VALUE_TYPES["iri"]
    return {
        "/coverage": page("The coverage map, orphans and uncovered findings", "coverage-page"),
        "/coverage.svg": {
            "get": operation(
                "The coverage map as an SVG drawing",
                {"description": "the drawing", "content": content(["image/svg+xml"])},
                tag="pages",
                parameters=[lang],
                operationId="coverage-svg",
            )
        },
        "/coverage/matrix.csv": {
            "get": operation(
                "The coverage matrix as CSV, one row per board and strategic area",
                {"description": "the matrix", "content": content(["text/csv"])},
                tag="pages",
                parameters=[lang],
                operationId="coverage-matrix-csv",
            )
        },
        "/coverage/matrix.xlsx": {
            "get": operation(
                "The coverage matrix as an Excel workbook, one row per board and strategic area",
                {"description": "the matrix", "content": workbook_content()},
                tag="pages",
                parameters=[lang],
                operationId="coverage-matrix-xlsx",
            )
        },
        "/coverage/cell": {
            "get": operation(
                "The goals behind one cell of the coverage map",
                html,
                tag="pages",
                parameters=[
                    lang,
                    param("board", "the board (or the council)", iri, required=True),
                    param("area", "the strategic area", iri, required=True),
                ],
                errors=(400, 404),
                operationId="coverage-cell",
            )
        },
        "/validation": page("The findings of the rules, grouped by rule", "validation-page"),
    }
