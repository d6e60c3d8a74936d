"""The answers of SPARQL queries written out: a table as text for people, and the W3C SPARQL
results in JSON and CSV (their JSON shape declared here, :class:`SparqlResults`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, NotRequired, TypedDict

import pyoxigraph as ox

from styrgraf.i18n.words import word
from styrgraf.render.writers import (
    csv_text,
    to_json,
)
from styrgraf.sparql.queries import Term


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
