"""The follow-up as an API: måluppfyllelse per period, and the distance to numeric targets.

- ``GET /api/fulfilment?period=2021&interim=false&board=IRI`` — every goal's computed and
  judged status in the period (the latest with data by default; ``interim`` for the delår),
  the roll-up per strategic area and per board, and the findings; JSON, or a table one goal a
  row (CSV or xlsx, :mod:`styrgraf.web.downloads`).
- ``GET /api/fulfilment/distance`` — the vision's number and every indicator with a numeric
  target, a target year and a series: where it stands against the straight path.

Answers are over the public graphs (every graph with the write token), as the rest of the API.
"""

from __future__ import annotations

from flask import Blueprint, Response

from styrgraf.analysis.fulfilment_json import period_label, to_json
from styrgraf.analysis.hierarchy import labels as read_labels
from styrgraf.render import writers
from styrgraf.render.fulfilment_table import fulfilment_table
from styrgraf.sparql.queries import to_term as checked_term
from styrgraf.web.arguments import (
    answer,
    args,
    asked_period,
    graphs_in_scope,
    language,
    negotiate,
)
from styrgraf.web.downloads import download
from styrgraf.web.errors import Problem
from styrgraf.web.formats import JSON, TABLES
from styrgraf.web.service import service

blueprint = Blueprint("fulfilment", __name__)


@blueprint.get("/api/fulfilment")
def fulfilment() -> Response:
    """Every goal's fulfilment in one period, computed beside judged."""
    values = args(("period", "interim", "board", "graph", "lang", "format"))
    lang = language(values)
    kind, media = negotiate(values, {**JSON, **TABLES})
    period = asked_period(values)
    board = values.get("board")
    if board is not None:
        checked_term("board", "iri", board)
    graphs = graphs_in_scope(values)
    current = service()
    result = current.fulfilment(period=period, graphs=graphs, lang=lang)
    if period is not None and period not in result.periods:
        # In English, as every message of the API (docs/api.md).
        known = ", ".join(period_label(p, "en") for p in result.periods) or "none"
        raise Problem(
            404,
            f"no values or assessments for {period_label(period, 'en')} (periods with data: "
            f"{known})",
            parameter="period",
        )
    if board is not None and not any(board in g.boards for g in result.goals.values()):
        raise Problem(404, f"no goals of a board <{board}> here", parameter="board")
    report = to_json(result, lang, board=board)
    if kind in TABLES.values():
        return download(fulfilment_table(report), kind, lang, "follow-up")
    return answer(writers.to_json(report), media)


@blueprint.get("/api/fulfilment/distance")
def distance() -> Response:
    """The distance of each numeric target's series to the straight path towards it."""
    values = args(("graph", "lang", "format"))
    lang = language(values)
    _kind, media = negotiate(values, JSON)
    graphs = graphs_in_scope(values)
    current = service()
    found = current.distances(graphs=graphs)
    names = read_labels(current.store, [d.indicator.iri for d in found], lang, graphs)
    return answer(writers.to_json({"distances": [d.to_json(names) for d in found]}), media)
