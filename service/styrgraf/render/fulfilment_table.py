"""The follow-up as CSV: one goal a row, computed beside judged, for a spreadsheet."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from styrgraf.analysis.fulfilment_shapes import FulfilmentReport
from styrgraf.render.writers import csv_text

COLUMNS = (
    "year",
    "part",
    "goal",
    "type",
    "label",
    "boards",
    "areas",
    "computed",
    "computed_label",
    "score",
    "reason",
    "judged",
    "judged_label",
    "assessment",
    "report",
    "steps_apart",
    "disagreement",
)


def _rows(report: FulfilmentReport) -> Iterator[list[Any]]:
    period = report["period"]
    for goal in report["goals"]:
        judged = goal["judged"]
        step = judged["step"] if judged else None
        yield [
            period["year"],
            period["part"],
            goal["iri"],
            goal["type"],
            goal["label"],
            " ".join(goal["boards"]),
            " ".join(goal["areas"]),
            goal["computed"]["step"]["key"],
            goal["computed"]["step"]["label"],
            goal["computed"]["score"],
            goal["computed"]["reason"],
            step["key"] if step else (judged["status"] if judged else None),
            step["label"] if step else None,
            judged["assessment"] if judged else None,
            judged["report"] if judged else None,
            goal["distance"],
            "true" if goal["disagreement"] else "false",
        ]


def fulfilment_csv(report: FulfilmentReport) -> str:
    """Every goal of the report, one a row (the columns of :data:`COLUMNS`)."""
    return csv_text(COLUMNS, _rows(report))
