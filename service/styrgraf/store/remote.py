"""The remote backend: a SPARQL 1.1 server reached over HTTP.

Queries and updates go to the server's Query and Update endpoints; loading stages through the
Graph Store Protocol when the server has an endpoint for it, and through ``INSERT DATA``
otherwise. Every query names its dataset, so the server answers over exactly the graphs in
scope (see :class:`styrgraf.store.base.Store`). Every request goes out through one
:class:`~styrgraf.store.client.Client`; answers are read by pyoxigraph's own parsers (SPARQL
results as JSON, XML or TSV, whichever the server sends; graphs as N-Triples).
"""

from __future__ import annotations

import hashlib
import json
import re
import time
import urllib.parse
from collections.abc import Mapping, Sequence
from typing import Any

import pyoxigraph as ox

from styrgraf.sparql.queries import query_form
from styrgraf.store.base import (
    XSD_BOOLEAN,
    Result,
    Row,
    Rows,
    Store,
    StoreError,
    ask_rows,
    solution_rows,
)
from styrgraf.store.client import FORM, Answer, Client, check_url

_EMPTY = "urn:styrgraf:empty-dataset"

ENGINE_GRAPHS = frozenset(
    {
        "http://www.openlinksw.com/schemas/virtrdf#",
        "http://www.w3.org/ns/ldp#",
        "http://localuriqaserver/sparql",
    }
)
"""The graphs a store keeps for itself, never a model's: Virtuoso's (the metadata of its RDF
views, the LDP vocabulary it loads, its service description when no URIQA host is set). They
are left out of the store's graphs; nothing here writes or drops them."""

UPDATE_BATCH = 1000
"""The most triples one ``INSERT DATA`` stages: Virtuoso's SPARQL compiler runs out of memory
on a few thousand (SP030), whatever their size."""

RESULTS = {
    ox.QueryResultsFormat.JSON: "JSON",
    ox.QueryResultsFormat.XML: "XML",
    ox.QueryResultsFormat.TSV: "TSV",
}
"""The SPARQL results formats read, in the order asked for, with the name an error gives each.
Not CSV, which pyoxigraph does not read: it leaves out what kind of term each value is."""
GRAPHS_EMPTY_PATTERN = "SELECT ?g WHERE { GRAPH ?g { } }"
GRAPHS_WITH_TRIPLES = "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
RESULTS_ACCEPT = ", ".join(
    f"{found.media_type.split(';')[0]};q={1 - index / 10:g}" for index, found in enumerate(RESULTS)
)


class RemoteStore(Store):
    """A SPARQL 1.1 server: Query, Update and (optionally) Graph Store Protocol endpoints.

    Without a Graph Store endpoint, staging goes through ``INSERT DATA`` on the update endpoint.
    Credentials are HTTP Basic (``user``/``password``) or a bearer ``token``.
    """

    def __init__(
        self,
        endpoint: str,
        update_endpoint: str | None = None,
        store_endpoint: str | None = None,
        *,
        user: str | None = None,
        password: str | None = None,
        token: str | None = None,
        timeout: float = 60.0,
        union_default_graph: bool = False,
        graph_list_ttl: float = 2.0,
    ) -> None:
        for url in (endpoint, update_endpoint, store_endpoint):
            if url is not None:
                check_url(url)
        self.endpoint = endpoint
        self.update_endpoint = update_endpoint
        self.store_endpoint = store_endpoint
        self.client = Client(user=user, password=password, token=token, timeout=timeout)
        self.description = f"endpoint {endpoint}"
        self.union_default_graph = union_default_graph
        self.graph_list_ttl = graph_list_ttl
        self._graph_list: tuple[float, list[str]] | None = None

    def _check_writable(self) -> None:
        if self.update_endpoint is None:
            raise StoreError(f"{self.endpoint} is read-only here: give an update endpoint")

    def _select(self, sparql: str, graphs: Sequence[str] | None) -> Rows:
        defaults = [] if graphs is None else list(graphs) or [_EMPTY]
        # Only a query that says GRAPH looks at the named graphs; leaving them out otherwise
        # spares the server a dataset twice the size.
        named = defaults if "GRAPH" in sparql.upper() else []
        answer = self.client.sparql(
            self.endpoint,
            sparql,
            update=False,
            default_graphs=defaults,
            named_graphs=named,
            accept=RESULTS_ACCEPT,
        )
        found = _read_results(answer, self.endpoint)
        return ask_rows(found) if isinstance(found, bool) else found

    def _all_graphs(self) -> list[str]:
        # Every query over all graphs names them, so the list is kept for a moment rather than
        # asked for again each time; this client's own writes clear it at once.
        now = time.monotonic()
        if self._graph_list is not None and now - self._graph_list[0] < self.graph_list_ttl:
            return list(self._graph_list[1])
        rows = self._graph_rows(GRAPHS_EMPTY_PATTERN)
        if any("g" not in row for row in rows):
            # Virtuoso answers the empty pattern with one solution and no graph: the graphs
            # are those that hold a triple (a graph without any does not exist there).
            rows = self._graph_rows(GRAPHS_WITH_TRIPLES)
        found = [
            g.value
            for row in rows
            if isinstance(g := row.get("g"), ox.NamedNode) and g.value not in ENGINE_GRAPHS
        ]
        self._graph_list = (now, found)
        return list(found)

    def _graph_rows(self, sparql: str) -> Rows:
        answer = self.client.sparql(self.endpoint, sparql, update=False, accept=RESULTS_ACCEPT)
        rows = _read_results(answer, self.endpoint)
        if isinstance(rows, bool):
            raise StoreError(f"{self.endpoint} answered a query for graphs with a boolean")
        return rows

    def _update(self, sparql: str) -> None:
        if self.update_endpoint is None:
            raise StoreError(f"{self.endpoint} is read-only here: give an update endpoint")
        self._graph_list = None
        self.client.sparql(self.update_endpoint, sparql, update=True)

    def execute(
        self,
        sparql: str,
        default_graphs: Sequence[str],
        named_graphs: Sequence[str],
        base_iri: str | None = None,
        timeout: float | None = None,
    ) -> Result:
        if base_iri is not None and not re.match(r"\s*BASE\b", sparql, re.IGNORECASE):
            sparql = f"BASE {ox.NamedNode(base_iri)}\n{sparql}"
        form = query_form(sparql)
        graph_form = form in ("CONSTRUCT", "DESCRIBE")
        fields = [("query", sparql)]
        fields += [("default-graph-uri", g) for g in default_graphs or [_EMPTY]]
        fields += [("named-graph-uri", g) for g in named_graphs or [_EMPTY]]
        body = urllib.parse.urlencode(fields).encode("utf-8")
        accept = ox.RdfFormat.N_TRIPLES.media_type if graph_form else RESULTS_ACCEPT
        answer = self.client.post(self.endpoint, body, FORM, accept, timeout)
        _check_whole(answer, self.endpoint)
        if not graph_form:
            found = _read_results(answer, self.endpoint)
            if isinstance(found, bool):
                return Result("boolean", boolean=found)
            return Result("solutions", variables=found.variables, rows=iter(found))
        try:
            triples = [q.triple for q in ox.parse(answer.body, format=ox.RdfFormat.N_TRIPLES)]
        except SyntaxError as error:
            raise StoreError(
                f"{self.endpoint} did not answer with N-Triples: {error.msg}"
            ) from None
        return Result("triples", triples=iter(triples))

    def _stage_many(self, graphs: Mapping[str, list[ox.Triple]]) -> None:
        # A server gives each request's blank nodes their own identity: graphs that share a
        # blank node are staged together, through the update endpoint.
        seen: dict[str, str] = {}
        shared = False
        for staging, triples in graphs.items():
            for triple in triples:
                for term in (triple.subject, triple.object):
                    if isinstance(term, ox.BlankNode):
                        shared = shared or seen.setdefault(term.value, staging) != staging
        if shared or self.store_endpoint is None:
            self._insert(graphs)
        else:
            super()._stage_many(graphs)

    def _stage(self, staging: str, triples: list[ox.Triple]) -> None:
        if self.store_endpoint is None:
            self._insert({staging: triples})
            return
        self._graph_list = None
        body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
        assert isinstance(body, bytes)
        separator = "&" if "?" in self.store_endpoint else "?"
        url = f"{self.store_endpoint}{separator}{urllib.parse.urlencode({'graph': staging})}"
        self.client.post(url, body, ox.RdfFormat.N_TRIPLES.media_type)

    def _insert(self, graphs: Mapping[str, list[ox.Triple]]) -> None:
        """Stage through the update endpoint: the triples without a blank node by ``INSERT
        DATA``, :data:`UPDATE_BATCH` at a time; those with one all in one ``INSERT { } WHERE
        { }``, whose template keeps each blank node one node, across graphs too (Virtuoso
        refuses blank nodes in ``INSERT DATA``)."""
        plain: list[tuple[str, ox.Triple]] = []
        blank: dict[str, list[ox.Triple]] = {}
        for staging, triples in graphs.items():
            for triple in triples:
                if isinstance(triple.subject, ox.BlankNode) or isinstance(
                    triple.object, ox.BlankNode
                ):
                    blank.setdefault(staging, []).append(triple)
                else:
                    plain.append((staging, triple))
        for start in range(0, len(plain), UPDATE_BATCH):
            batch: dict[str, list[ox.Triple]] = {}
            for staging, triple in plain[start : start + UPDATE_BATCH]:
                batch.setdefault(staging, []).append(triple)
            self._update(f"INSERT DATA {{\n{_graph_blocks(batch)}\n}}")
        if blank:
            self._update(f"INSERT {{\n{_graph_blocks(blank)}\n}} WHERE {{ }}")


def _graph_blocks(graphs: Mapping[str, list[ox.Triple]]) -> str:
    """Each graph's triples as a ``GRAPH <iri> { … }`` block of N-Triples."""
    blocks = []
    for staging, triples in graphs.items():
        body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
        assert isinstance(body, bytes)
        blocks.append(f"GRAPH {ox.NamedNode(staging)} {{\n{body.decode('utf-8')}\n}}")
    return "\n".join(blocks)


def _read_results(answer: Answer, url: str) -> Rows | bool:
    """The solutions (or the boolean) of an answer in a SPARQL results format, read whole.

    The format is the one the answer's Content-Type names, when it is one of :data:`RESULTS`;
    anything else (no Content-Type, ``text/plain``, ``application/octet-stream``) is read as
    JSON, the format asked for first.
    """
    _check_whole(answer, url)
    named = ox.QueryResultsFormat.from_media_type(answer.media_type) if answer.media_type else None
    results_format = named if named in RESULTS else ox.QueryResultsFormat.JSON
    try:
        return _parsed(answer.body, results_format)
    except SyntaxError as error:
        # The message, not the exception: kept past its handler, the exception and the
        # traceback of this very frame would hold each other, and the solutions with them.
        problem = error.msg
    if results_format == ox.QueryResultsFormat.JSON:
        try:
            return _parsed(_valid_blank_labels(answer.body), results_format)
        except (SyntaxError, ValueError, RecursionError):
            pass
    said = RESULTS[results_format]
    raise StoreError(f"{url} did not answer with SPARQL {said} results: {problem}")


def _check_whole(answer: Answer, url: str) -> None:
    """Refuse an answer the server cut short: Virtuoso stops at its ``ResultSetMaxRows`` and
    says so only in a header. What styrgraf computes from an answer (validation, coverage)
    would be wrong without a word."""
    if answer.max_rows:
        raise StoreError(
            f"{url} cut its answer at {answer.max_rows} rows (X-SPARQL-MaxRows): raise the "
            "server's limit (Virtuoso: ResultSetMaxRows in the [SPARQL] section of virtuoso.ini)"
        )


def _parsed(body: bytes, results_format: ox.QueryResultsFormat) -> Rows | bool:
    parsed = ox.parse_query_results(body, results_format)
    try:
        if isinstance(parsed, ox.QueryBoolean):
            return bool(parsed)
        rows = (_canonical(row) for row in solution_rows(parsed))
        return Rows(rows, [variable.value for variable in parsed.variables])
    finally:
        del parsed  # not left to a traceback (see solution_rows)


_BOOLEANS = {"1": "true", "0": "false"}


def _canonical(row: Row) -> Row:
    """A row with each boolean in its canonical form: Virtuoso answers ``true`` as ``"1"``,
    which is the same value but not the same term (and not the literal that was loaded)."""
    for name, value in row.items():
        if (
            isinstance(value, ox.Literal)
            and value.value in _BOOLEANS
            and value.datatype.value == XSD_BOOLEAN
        ):
            row[name] = ox.Literal(_BOOLEANS[value.value], datatype=value.datatype)
    return row


def _valid_blank_labels(body: bytes) -> bytes:
    """SPARQL JSON results with every blank node label that RDF does not allow (Virtuoso's
    ``nodeID://b10006``) replaced by one that it does, made from it.

    pyoxigraph refuses a whole answer for one such label; made from the server's own, the new
    label stays the same in every answer, so the node read by two queries stays one node.
    """

    def relabel(value: Any) -> None:
        if isinstance(value, list):
            for item in value:
                relabel(item)
        elif isinstance(value, dict):
            label = value.get("value")
            if value.get("type") == "bnode" and isinstance(label, str):
                try:
                    ox.BlankNode(label)
                except ValueError:
                    value["value"] = "r" + hashlib.sha256(label.encode()).hexdigest()[:32]
            for item in value.values():
                relabel(item)

    document = json.loads(body)
    relabel(document)
    return json.dumps(document).encode("utf-8")
