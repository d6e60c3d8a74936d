"""What every written answer shares: JSON, CSV whose every cell is safe to open in a spreadsheet
(:func:`safe_cell`), and Turtle with the prefixes of a model (:data:`PREFIXES`). The reports
themselves are written by :mod:`~styrgraf.render.trace_report`,
:mod:`~styrgraf.render.coverage_report` and :mod:`~styrgraf.render.query_results`."""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
from collections.abc import Iterable, Sequence
from typing import Any

import pyoxigraph as ox

from styrgraf.vocabulary import PREFIXES as ALL_PREFIXES

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
PREFIXES = {name: ALL_PREFIXES[name] for name in ("sg", "rdfs", "xsd")}
"""The prefixes of a model written out whole (Turtle, TriG): styrgraf's own and the two every
model uses."""


def to_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet reads as the start of a formula when a cell begins with it."""
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def safe_cell(value: Any) -> str:
    """A value as a CSV cell that no spreadsheet runs as a formula: a cell that begins with
    ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a ``'`` in front, unless it is
    a plain number (``-5``, ``+3.2``, ``-1.5e3``), which stays a number."""
    if value is None:
        return ""
    text = str(value)
    if text.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]], line_end: str = "\n") -> str:
    """The one CSV writer of every CSV styrgraf writes (downloads, SPARQL results, commands):
    each cell made safe for spreadsheets by :func:`safe_cell`, and a cell with a carriage
    return or a line feed anywhere quoted, so that it cannot start a row of its own."""
    buffer = io.StringIO()
    # The csv module quotes a cell for the characters of its line terminator only: with CRLF
    # it quotes both, and each row's CRLF is then replaced by the line end asked for.
    writer = csv.writer(buffer, lineterminator="\r\n")
    lines = []
    for row in itertools.chain([header], rows):
        writer.writerow([safe_cell(value) for value in row])
        lines.append(buffer.getvalue()[:-2] + line_end)
        buffer.seek(0)
        buffer.truncate()
    return "".join(lines)


def turtle_text(triples: Sequence[ox.Triple]) -> str:
    data = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
    assert isinstance(data, bytes)
    return data.decode("utf-8")


# --- the goal tree page ---


def goal_tree_csv(rows: Iterable[dict[str, Any]]) -> str:
    """The rows of the goal tree (depth first), each node with its owner, status, indicators
    and focus areas (IRIs separated by spaces)."""
    header = [
        "depth",
        "parent",
        "iri",
        "type",
        "type_label",
        "label",
        "board",
        "board_label",
        "units",
        "area",
        "focus_areas",
        "status",
        "status_label",
        "indicators",
    ]
    table = []
    for row in rows:
        board = row.get("board") or {}
        table.append(
            [
                row["depth"],
                row["parent"],
                row["iri"],
                row["type"],
                row["type_label"],
                row["label"],
                board.get("iri"),
                board.get("label"),
                " ".join(u["iri"] for u in row.get("units", [])),
                row["area"],
                row["focus_areas"],
                row["status"],
                row["status_label"],
                row["indicators"],
            ]
        )
    return csv_text(header, table)
