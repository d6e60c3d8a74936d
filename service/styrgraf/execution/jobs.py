"""A query's job and its answer: what one query asks (:class:`Job`), how it is performed on a
store (:func:`perform`), and its answer written for the client (:class:`Answer`), bounded to
``limit`` rows or triples and to its deadline, so that what crosses between processes is
bounded. Also the two ways a wait ends early: :class:`Timeout` at the deadline and
:class:`Gone` when the client left.

The results writers are written here rather than taken from pyoxigraph's serialiser: they stop
at ``limit`` rows and at the deadline while they write, and say whether they were cut, which
``pyoxigraph.QuerySolutions.serialize`` cannot do.
"""

from __future__ import annotations

import concurrent.futures
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from styrgraf.render import query_results
from styrgraf.sparql.queries import QueryError, Term
from styrgraf.store.base import Result, Row, Store, StoreError

GRAPH_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "rdfxml": ox.RdfFormat.RDF_XML,
    "jsonld": ox.RdfFormat.JSON_LD,
}
"""How CONSTRUCT and DESCRIBE answers are written, by name."""


class Timeout(Exception):
    """A query ran past its deadline and was stopped, or no worker was free before it; or a
    computed answer was not ready by then (``pending``: it is kept when it is)."""

    def __init__(self, *, pending: bool = False) -> None:
        super().__init__()
        self.pending = pending


class Gone(Exception):
    """The client disconnected while its request waited: nobody is left to answer."""


T = TypeVar("T")


def wait_for(future: concurrent.futures.Future[T], timeout: float, gone: Callable[[], bool]) -> T:
    """The future's result within ``timeout`` seconds (``concurrent.futures.TimeoutError``
    past it), or :class:`Gone` as soon as the client has disconnected."""
    deadline = time.monotonic() + timeout
    while True:
        remaining = deadline - time.monotonic()
        try:
            return future.result(timeout=max(0.0, min(STEP, remaining)))
        except concurrent.futures.TimeoutError:
            if remaining <= STEP:
                raise
        if gone():
            raise Gone()


def never() -> bool:
    return False


STEP = 0.1
"""Seconds between two looks at whether a waiting query's client is still there."""


class _Cut(Exception):
    """The deadline passed while the answer was being read."""


@dataclass(frozen=True)
class Job:
    """One query to answer: the text, the dataset, and how the answer is to be written.

    ``kind`` is a results format (``json``, ``xml``, ``csv``, ``tsv``) or a graph format (a
    key of :data:`GRAPH_FORMATS`) for a document, or None for the solutions themselves.
    """

    sparql: str
    default_graphs: tuple[str, ...]
    named_graphs: tuple[str, ...]
    timeout: float
    limit: int
    kind: str | None = None
    base_iri: str | None = None


@dataclass
class Answer:
    """A written document (``body``), or the solutions (``variables``, ``rows``); ``cut`` when
    the answer was cut at the job's limit."""

    body: bytes = b""
    variables: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    cut: bool = False


def perform(store: Store, job: Job) -> Answer:
    """Evaluate ``job`` on ``store`` here and now, reading at most ``job.limit`` results."""
    deadline = time.monotonic() + job.timeout
    try:
        result = store.execute(
            job.sparql, job.default_graphs, job.named_graphs, job.base_iri, timeout=job.timeout
        )
    except StoreError:
        if time.monotonic() >= deadline:
            raise Timeout() from None  # a remote store's request given up at the deadline
        raise
    try:
        if job.kind is None:
            rows, cut = _bounded(result.rows, job.limit, deadline)
            return Answer(variables=result.variables, rows=rows, cut=cut)
        body, cut = _serialise(result, job.kind, job.limit, deadline)
        return Answer(body=body, cut=cut)
    except _Cut:
        raise Timeout() from None
    finally:
        # pyoxigraph's results belong to the thread that made them: closed and dropped here.
        for items in (result.rows, result.triples):
            close = getattr(items, "close", None)
            if close is not None:
                close()
        del result


def _bounded(items: Iterator[Any], limit: int, deadline: float) -> tuple[list[Any], bool]:
    taken: list[Any] = []
    for item in items:
        if time.monotonic() > deadline:
            raise _Cut()
        if len(taken) == limit:
            return taken, True
        taken.append(item)
    return taken, False


def _serialise(result: Result, kind: str, limit: int, deadline: float) -> tuple[bytes, bool]:
    if result.kind == "boolean":
        if kind == "xml":
            value = "true" if result.boolean else "false"
            document = (
                '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                f"<head/><boolean>{value}</boolean></sparql>"
            )
            return document.encode("utf-8"), False
        return json.dumps(query_results.boolean_document(result.boolean)).encode(), False
    if result.kind == "triples":
        triples, cut = _bounded(result.triples, limit, deadline)
        try:
            data = ox.serialize(triples, format=GRAPH_FORMATS[kind])
        except (OSError, ValueError) as problem:
            # A graph this format cannot hold, such as triple terms in JSON-LD: the client's
            # choice of format, not the service's failure.
            raise QueryError(f"the answer cannot be written in this format: {problem}") from None
        assert isinstance(data, bytes)
        return data, cut
    rows, cut = _bounded(result.rows, limit, deadline)
    writer: Callable[[list[str], list[Row]], str] = {
        "json": _json,
        "xml": _xml,
        "csv": _csv,
        "tsv": _tsv,
    }[kind]
    return writer(result.variables, rows).encode("utf-8"), cut


def _json(variables: list[str], rows: list[Row]) -> str:
    return json.dumps(query_results.results_document(variables, rows))


def _xml_term(term: Term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
    if term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
    return f"<literal>{escape(term.value)}</literal>"


def _xml(variables: list[str], rows: list[Row]) -> str:
    heads = "".join(f"<variable name={quoteattr(v)}/>" for v in variables)
    body = "".join(
        "<result>"
        + "".join(f"<binding name={quoteattr(k)}>{_xml_term(v)}</binding>" for k, v in row.items())
        + "</result>"
        for row in rows
    )
    return (
        '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
        f"<head>{heads}</head><results>{body}</results></sparql>"
    )


def _csv(variables: list[str], rows: list[Row]) -> str:
    return query_results.rows_csv(variables, rows, line_end="\r\n")


def _tsv(variables: list[str], rows: list[Row]) -> str:
    lines = ["\t".join(f"?{v}" for v in variables)]
    for row in rows:
        lines.append("\t".join(str(row[v]) if v in row else "" for v in variables))
    return "\n".join(lines) + "\n"
