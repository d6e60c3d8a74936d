"""The remote backend: a SPARQL 1.1 server reached over HTTP.

Queries and updates go to the server's Query and Update endpoints; loading stages through the
Graph Store Protocol when the server has an endpoint for it, and through ``INSERT DATA``
otherwise. Every query names its dataset, so the server answers over exactly the graphs in
scope (see :class:`styrgraf.store.base.Store`).
"""

from __future__ import annotations

import json
import re
import time
import urllib.parse
from collections.abc import Mapping, Sequence
from typing import Any

import pyoxigraph as ox

from styrgraf.sparql.queries import Term, query_form
from styrgraf.store.base import Result, Rows, Store, StoreError
from styrgraf.store.client import FORM, Client, check_url

_EMPTY = "urn:styrgraf:empty-dataset"

_XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"


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
            self.endpoint, sparql, update=False, default_graphs=defaults, named_graphs=named
        )
        try:
            document = json.loads(answer.body)
        except ValueError:
            raise StoreError(f"{self.endpoint} did not answer with SPARQL JSON results") from None
        if "boolean" in document:
            value = "true" if document["boolean"] else "false"
            return Rows([{"ask": ox.Literal(value, datatype=ox.NamedNode(_XSD_BOOLEAN))}], ["ask"])
        return self._rows(document)

    def _rows(self, document: Any) -> Rows:
        try:
            bindings = document["results"]["bindings"]
            variables = document.get("head", {}).get("vars", [])
            blanks: dict[str, ox.BlankNode] = {}
            return Rows(
                ({name: _term(value, blanks) for name, value in b.items()} for b in bindings),
                variables,
            )
        except (KeyError, TypeError, AttributeError, ValueError):
            raise StoreError(f"{self.endpoint} did not answer with SPARQL JSON results") from None

    def _all_graphs(self) -> list[str]:
        # Every query over all graphs names them, so the list is kept for a moment rather than
        # asked for again each time; this client's own writes clear it at once.
        now = time.monotonic()
        if self._graph_list is not None and now - self._graph_list[0] < self.graph_list_ttl:
            return list(self._graph_list[1])
        answer = self.client.sparql(self.endpoint, "SELECT ?g WHERE { GRAPH ?g { } }", update=False)
        try:
            rows = json.loads(answer.body)["results"]["bindings"]
            found = [row["g"]["value"] for row in rows if row["g"]["type"] == "uri"]
        except (ValueError, KeyError, TypeError):
            raise StoreError(f"{self.endpoint} did not answer with SPARQL JSON results") from None
        self._graph_list = (now, found)
        return list(found)

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
        accept = "application/n-triples" if graph_form else "application/sparql-results+json"
        data = self.client.post(self.endpoint, body, FORM, accept, timeout).body
        if not graph_form:
            try:
                document = json.loads(data)
            except ValueError:
                raise StoreError(f"{self.endpoint} did not answer with SPARQL JSON") from None
            if "boolean" in document:
                return Result("boolean", boolean=bool(document["boolean"]))
            rows = self._rows(document)
            return Result("solutions", variables=rows.variables, rows=iter(rows))
        try:
            quads = list(ox.parse(data, format=ox.RdfFormat.N_TRIPLES))
        except SyntaxError:
            raise StoreError(f"{self.endpoint} did not answer with N-Triples") from None
        return Result("triples", triples=iter(q.triple for q in quads))

    def _stage_many(self, graphs: Mapping[str, list[ox.Triple]]) -> None:
        # A server gives each request's blank nodes their own identity: graphs that share a
        # blank node are staged together, in one INSERT DATA.
        seen: dict[str, str] = {}
        shared = False
        for staging, triples in graphs.items():
            for triple in triples:
                for term in (triple.subject, triple.object):
                    if isinstance(term, ox.BlankNode):
                        shared = shared or seen.setdefault(term.value, staging) != staging
        if not shared:
            super()._stage_many(graphs)
            return
        self._graph_list = None
        blocks = []
        for staging, triples in graphs.items():
            body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
            assert isinstance(body, bytes)
            blocks.append(f"GRAPH {ox.NamedNode(staging)} {{\n{body.decode('utf-8')}\n}}")
        self._update("INSERT DATA {\n" + "\n".join(blocks) + "\n}")

    def _stage(self, staging: str, triples: list[ox.Triple]) -> None:
        self._graph_list = None
        body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
        assert isinstance(body, bytes)
        if self.store_endpoint is not None:
            separator = "&" if "?" in self.store_endpoint else "?"
            url = f"{self.store_endpoint}{separator}{urllib.parse.urlencode({'graph': staging})}"
            self.client.post(url, body, "application/n-triples")
        else:
            text = body.decode("utf-8")
            self._update(f"INSERT DATA {{ GRAPH {ox.NamedNode(staging)} {{\n{text}\n}} }}")


def _term(value: Mapping[str, Any], blanks: dict[str, ox.BlankNode]) -> Term:
    """A term of the SPARQL 1.1 JSON results format as a pyoxigraph term."""
    kind = value["type"]
    if kind == "uri":
        return ox.NamedNode(value["value"])
    if kind == "bnode":
        # The server's own id, so the same blank node read by two queries stays one node.
        if value["value"] not in blanks:
            try:
                blanks[value["value"]] = ox.BlankNode(value["value"])
            except ValueError:
                blanks[value["value"]] = ox.BlankNode()
        return blanks[value["value"]]
    if kind in ("literal", "typed-literal"):
        if "xml:lang" in value:
            return ox.Literal(value["value"], language=value["xml:lang"])
        if "datatype" in value:
            return ox.Literal(value["value"], datatype=ox.NamedNode(value["datatype"]))
        return ox.Literal(value["value"])
    raise StoreError(f"unexpected term in SPARQL JSON results: {kind!r}")
