"""What every written answer shares: JSON, CSV whose every cell is safe to open in a spreadsheet
(:func:`safe_cell`), and Turtle with the prefixes of a model (:data:`PREFIXES`). The reports
themselves are written by :mod:`~styrgraf.render.trace_report`,
:mod:`~styrgraf.render.coverage_report` and :mod:`~styrgraf.render.query_results`; their tables
are :class:`styrgraf.render.tables.Table`, written as CSV here and as a workbook by
:mod:`~styrgraf.render.spreadsheet`."""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
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

Number = int | float | Decimal
"""A number of a table: written as a number, never as text."""


def figure(value: Number, decimal: str = ".") -> str:
    """A number as a spreadsheet reads it: its digits with no grouping and no exponent, the
    decimal mark ``decimal``.

    >>> figure(-1234.5, ","), figure(Decimal("1E+3")), figure(7), figure(1e-7)
    ('-1234,5', '1000', '7', '0.0000001')
    """
    if isinstance(value, int):
        return str(value)
    exact = Decimal(repr(value)) if isinstance(value, float) else value
    return format(exact, "f").replace(".", decimal)


def safe_cell(value: Any, decimal: str = ".") -> str:
    """A value as a CSV cell that no spreadsheet runs as a formula: a cell that begins with
    ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a ``'`` in front, unless it is
    a plain number (``-5``, ``+3.2``, ``-1.5e3``), which stays a number. A number (``int``,
    ``float``, ``Decimal``) is written by :func:`figure` with the decimal mark ``decimal``,
    and ``True`` and ``False`` as ``true`` and ``false``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | Decimal):
        return figure(value, decimal)
    text = str(value)
    if text.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def csv_text(
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    line_end: str = "\n",
    *,
    separator: str = ",",
    decimal: str = ".",
) -> str:
    """The one CSV writer of every CSV styrgraf writes (downloads, SPARQL results, commands):
    each cell made safe for spreadsheets by :func:`safe_cell` (numbers with the decimal mark
    ``decimal``), the cells separated by ``separator``, and a cell with a carriage return or a
    line feed anywhere quoted, so that it cannot start a row of its own."""
    buffer = io.StringIO()
    # The csv module quotes a cell for the characters of its line terminator only: with CRLF
    # it quotes both, and each row's CRLF is then replaced by the line end asked for.
    writer = csv.writer(buffer, delimiter=separator, lineterminator="\r\n")
    lines = []
    for row in itertools.chain([header], rows):
        writer.writerow([safe_cell(value, decimal) for value in row])
        lines.append(buffer.getvalue()[:-2] + line_end)
        buffer.seek(0)
        buffer.truncate()
    return "".join(lines)


def turtle_text(triples: Sequence[ox.Triple]) -> str:
    data = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
    assert isinstance(data, bytes)
    return data.decode("utf-8")
