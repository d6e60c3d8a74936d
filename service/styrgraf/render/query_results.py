"""The answers of SPARQL queries written out: a table as text for people, the W3C SPARQL
results in JSON and CSV (their JSON shape declared here, :class:`SparqlResults`), and the
solutions as a table to download (:func:`results_table`: a named query's CSV and workbook, the
query page's workbook)."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Literal, NotRequired, TypedDict

import pyoxigraph as ox

from styrgraf.i18n.words import N_, has_word, word
from styrgraf.render.tables import Cell, Column, Table, table
from styrgraf.render.writers import (
    csv_text,
    to_json,
)
from styrgraf.sparql.queries import Term
from styrgraf.vocabulary import XSD


def term_text(term: Term | None) -> str:
    if term is None:
        return ""
    return term.value


def rows_text(variables: Sequence[str], rows: Sequence[dict[str, Term]], lang: str) -> str:
    table = [[term_text(row.get(v)) for v in variables] for row in rows]
    widths = [min(60, max([len(v)] + [len(r[i]) for r in table])) for i, v in enumerate(variables)]
    lines = ["  ".join(v.ljust(widths[i]) for i, v in enumerate(variables)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    for row in table:
        cells = [(c if len(c) <= 60 else c[:59] + "…").ljust(widths[i]) for i, c in enumerate(row)]
        lines.append("  ".join(cells).rstrip())
    lines.append(word("text.rows", lang, n=len(rows)))
    return "\n".join(lines) + "\n"


# ``xml:lang`` is no identifier, so these keys are declared in the functional form.
_Tagged = TypedDict("_Tagged", {"xml:lang": NotRequired[str], "datatype": NotRequired[str]})


class RdfTerm(_Tagged):
    """An RDF term as the SPARQL 1.1 Query Results JSON Format writes it: an IRI (``uri``), a
    blank node (``bnode``) or a literal with its language tag or its datatype (none: a plain
    xsd:string)."""

    type: Literal["uri", "bnode", "literal"]
    value: str


class ResultsHead(TypedDict):
    """The variables of the solutions; none for the answer of an ASK."""

    vars: NotRequired[list[str]]


class Solutions(TypedDict):
    """The solutions, each binding some of the variables."""

    bindings: list[dict[str, RdfTerm]]


class SparqlResults(TypedDict):
    """A SPARQL 1.1 Query Results JSON document: the solutions of a SELECT (``results``) or
    the answer of an ASK (``boolean``)."""

    head: ResultsHead
    results: NotRequired[Solutions]
    boolean: NotRequired[bool]


def json_term(term: Term) -> RdfTerm:
    """A term as the SPARQL 1.1 Query Results JSON Format writes it."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    entry: RdfTerm = {"type": "literal", "value": term.value}
    if term.language:
        entry["xml:lang"] = term.language
    elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        entry["datatype"] = term.datatype.value
    return entry


def results_document(variables: Sequence[str], rows: Sequence[dict[str, Term]]) -> SparqlResults:
    """The SPARQL 1.1 Query Results JSON document of solutions."""
    bindings = [{name: json_term(term) for name, term in row.items()} for row in rows]
    return {"head": {"vars": list(variables)}, "results": {"bindings": bindings}}


def boolean_document(answer: bool) -> SparqlResults:
    """The SPARQL 1.1 Query Results JSON document of an ASK's answer."""
    return {"head": {}, "boolean": answer}


def rows_json(variables: Sequence[str], rows: Sequence[dict[str, Term]]) -> str:
    """The SPARQL 1.1 Query Results JSON Format, indented for people."""
    return to_json(results_document(variables, rows))


def rows_csv(
    variables: Sequence[str], rows: Sequence[dict[str, Term]], line_end: str = "\n"
) -> str:
    """The SPARQL 1.1 Query Results CSV Format (which asks for CRLF line ends: ``line_end``)."""
    values = ([term_text(row.get(v)) for v in variables] for row in rows)
    return csv_text(list(variables), values, line_end)


INTEGERS = frozenset(
    XSD + name
    for name in (
        "integer",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "nonPositiveInteger",
        "positiveInteger",
        "negativeInteger",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
    )
)
"""The XSD integer types: a literal of one is a whole number in a table."""
FLOATS = frozenset((XSD + "double", XSD + "float"))
_WHOLE = re.compile(r"[+-]?\d+")
_DECIMAL = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
_FLOAT = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_YEAR = re.compile(r"-?\d{4,}")


def _number(term: RdfTerm) -> Cell:
    """A literal's value as a table's cell: a number for a numeric literal whose text is one
    by XSD's grammar, and for a year (``xsd:gYear`` without a time zone); its text otherwise
    (an IRI, a label, ``"7,2"``, ``"1_000"^^xsd:integer``, ``"INF"^^xsd:double``)."""
    datatype = term.get("datatype")
    text = term["value"].strip()
    if datatype in INTEGERS and _WHOLE.fullmatch(text):
        return int(text)
    if datatype == XSD + "gYear" and _YEAR.fullmatch(text):
        return int(text)
    if datatype == XSD + "decimal" and _DECIMAL.fullmatch(text):
        return Decimal(text)
    if datatype in FLOATS and _FLOAT.fullmatch(text) and math.isfinite(float(text)):
        return float(text)
    return term["value"]


def results_table(document: SparqlResults, *, words: bool = True) -> Table:
    """The solutions of a SELECT as a table: a column per variable, headed by the message
    ``column.<variable>`` where the catalogues have one (``words``; else, and for a query that
    is no named query, by the variable), a number for each numeric literal."""
    variables = document["head"].get("vars", [])
    headed = [
        Column(name, f"column.{name}" if words and has_word(f"column.{name}") else None)
        for name in variables
    ]
    bindings = document.get("results", {"bindings": []})["bindings"]
    rows = [[_number(row[name]) if name in row else None for name in variables] for row in bindings]
    return table(N_("table.results"), headed, rows)
