"""The remote backend: a SPARQL 1.1 server reached over HTTP.

Queries and updates go to the server's Query and Update endpoints; loading stages through the
Graph Store Protocol when the server has an endpoint for it, and through ``INSERT DATA``
otherwise. Every query names its dataset, so the server answers over exactly the graphs in
scope (see :class:`styrgraf.store.base.Store`).
"""

from __future__ import annotations

import base64
import http.client
import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request
import warnings
from collections.abc import Mapping, Sequence
from typing import Any

import pyoxigraph as ox
from SPARQLWrapper import INSERT, JSON, POST, SELECT, URLENCODED, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed, SPARQLWrapperException

from styrgraf.sparql.queries import QueryError, Term, query_form
from styrgraf.store.base import Result, Rows, Store, StoreError

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
                _check_url(url)
        self.endpoint = endpoint
        self.update_endpoint = update_endpoint
        self.store_endpoint = store_endpoint
        self.timeout = timeout
        self._headers: dict[str, str] = {}
        if token:
            self._headers["Authorization"] = f"Bearer {token}"
        elif user is not None:
            secret = base64.b64encode(f"{user}:{password or ''}".encode()).decode("ascii")
            self._headers["Authorization"] = f"Basic {secret}"
        self.description = f"endpoint {endpoint}"
        self.union_default_graph = union_default_graph
        self.graph_list_ttl = graph_list_ttl
        self._graph_list: tuple[float, list[str]] | None = None

    def _request(
        self,
        url: str,
        body: bytes,
        content_type: str,
        accept: str = "*/*",
        timeout: float | None = None,
    ) -> bytes:
        request = urllib.request.Request(url, data=body, method="POST")
        request.add_header("Content-Type", content_type)
        request.add_header("Accept", accept)
        for key, value in self._headers.items():
            request.add_header(key, value)
        try:
            wait = self.timeout if timeout is None else min(timeout, self.timeout)
            with urllib.request.urlopen(request, timeout=wait) as response:
                data: bytes = response.read()
                return data
        except urllib.error.HTTPError as error:
            detail = error.read().decode("utf-8", "replace").strip()[:500]
            if 400 <= error.code < 500 and error.code not in (401, 403, 404):
                raise QueryError(f"{url} refused the request ({error.code}): {detail}") from None
            raise StoreError(f"{url} answered {error.code} {error.reason}: {detail}") from None
        except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
            reason = getattr(error, "reason", error)
            raise StoreError(f"cannot reach {url}: {reason}") from None

    def _check_writable(self) -> None:
        if self.update_endpoint is None:
            raise StoreError(f"{self.endpoint} is read-only here: give an update endpoint")

    def _prepared(self, url: str, text: str, *, update: bool) -> SPARQLWrapper:
        """A request for ``text``, its kind set by us rather than guessed from the text.

        SPARQLWrapper guesses query or update from the first keyword it finds, and a comment
        with a word like "load" in it fools the guess; we know which one we are sending.
        """
        wrapper = self._wrapper(url)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            wrapper.setQuery(text)
        wrapper.queryType = INSERT if update else SELECT
        return wrapper

    def _wrapper(self, url: str) -> SPARQLWrapper:
        wrapper = SPARQLWrapper(self.endpoint, updateEndpoint=url)
        wrapper.setMethod(POST)
        wrapper.setRequestMethod(URLENCODED)
        wrapper.setReturnFormat(JSON)
        wrapper.setTimeout(int(self.timeout))
        for key, value in self._headers.items():
            wrapper.addCustomHttpHeader(key, value)
        return wrapper

    def _run(self, wrapper: SPARQLWrapper, url: str) -> Any:
        try:
            return wrapper.query()
        except QueryBadFormed as error:
            raise QueryError(f"{url} refused the query: {_detail(error)}") from None
        except SPARQLWrapperException as error:
            raise StoreError(f"{url}: {_detail(error)}") from None
        except urllib.error.HTTPError as error:
            raise StoreError(f"{url} answered {error.code} {error.reason}") from None
        except http.client.HTTPException as error:
            raise StoreError(f"{url}: {error}") from None
        except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
            reason = getattr(error, "reason", error)
            raise StoreError(f"cannot reach {url}: {reason}") from None

    def _select(self, sparql: str, graphs: Sequence[str] | None) -> Rows:
        wrapper = self._prepared(self.endpoint, sparql, update=False)
        uses_named = "GRAPH" in sparql.upper()
        for graph in [] if graphs is None else graphs or [_EMPTY]:
            wrapper.addDefaultGraph(graph)
            if uses_named:
                # Only a query that says GRAPH looks at the named graphs; leaving them out
                # otherwise spares the server a dataset twice the size.
                wrapper.addNamedGraph(graph)
        response = self._run(wrapper, self.endpoint)
        try:
            document = json.loads(response.response.read())
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
        wrapper = self._prepared(self.endpoint, "SELECT ?g WHERE { GRAPH ?g { } }", update=False)
        response = self._run(wrapper, self.endpoint)
        try:
            rows = json.loads(response.response.read())["results"]["bindings"]
            found = [row["g"]["value"] for row in rows if row["g"]["type"] == "uri"]
        except (ValueError, KeyError, TypeError):
            raise StoreError(f"{self.endpoint} did not answer with SPARQL JSON results") from None
        self._graph_list = (now, found)
        return list(found)

    def _update(self, sparql: str) -> None:
        if self.update_endpoint is None:
            raise StoreError(f"{self.endpoint} is read-only here: give an update endpoint")
        self._graph_list = None
        wrapper = self._prepared(self.update_endpoint, sparql, update=True)
        self._run(wrapper, self.update_endpoint).response.read()

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
        data = self._request(
            self.endpoint, body, "application/x-www-form-urlencoded", accept, timeout
        )
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
            self._request(url, body, "application/n-triples")
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


def _check_url(url: str) -> None:
    """An endpoint must be an http(s) URL with a host and, if any, a numeric port."""
    try:
        parts = urllib.parse.urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError as error:
        raise StoreError(f"{url}: not a valid endpoint URL ({error})") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise StoreError(f"{url}: an endpoint must be an http:// or https:// URL")


def _detail(error: Exception) -> str:
    """The server's own words from a SPARQLWrapper error, on one line."""
    text = str(error).replace("\\n", " ").replace("\n", " ")
    return " ".join(text.split())[:500]
