"""The follow-up as a table (CSV, a workbook): one goal a row, computed beside judged."""

from __future__ import annotations

from collections.abc import Iterator

from styrgraf.analysis.fulfilment_shapes import FulfilmentReport
from styrgraf.i18n.words import N_
from styrgraf.render import columns
from styrgraf.render.tables import Cell, Table, table

COLUMNS = (
    columns.YEAR,
    columns.PART,
    columns.GOAL,
    columns.GOAL_KIND,
    columns.LABEL,
    columns.BOARDS,
    columns.AREAS,
    columns.COMPUTED,
    columns.COMPUTED_LABEL,
    columns.SCORE,
    columns.REASON,
    columns.JUDGED,
    columns.JUDGED_LABEL,
    columns.ASSESSMENT,
    columns.REPORT,
    columns.STEPS_APART,
    columns.DISAGREEMENT,
)


def _rows(report: FulfilmentReport) -> Iterator[list[Cell]]:
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
            goal["disagreement"],
        ]


def fulfilment_table(report: FulfilmentReport) -> Table:
    """Every goal of the report, one a row (the columns of :data:`COLUMNS`)."""
    return table(N_("table.fulfilment"), COLUMNS, list(_rows(report)))
