"""One store interface, two backends: embedded pyoxigraph, or a remote SPARQL 1.1 server.

Every model lives in its own named graph. Everything above the store speaks SPARQL through
:meth:`Store.select`, with parameters bound as terms (:func:`styrgraf.sparql.queries.with_values`)
and the dataset given explicitly as the graphs in scope, so both backends answer the same question
the same way.

Loading streams each file through the parser into fresh staging graphs, and then moves them over
the target graphs in one SPARQL Update, which the store applies as one transaction: a reader sees
the old graph or the new one, never half of either, and a file that does not parse changes
nothing (its staging graphs are dropped).
"""

from __future__ import annotations

import base64
import contextlib
import errno
import gc
import http.client
import json
import re
import shutil
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
import warnings
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from SPARQLWrapper import INSERT, JSON, POST, SELECT, URLENCODED, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed, SPARQLWrapperException

from styrgraf.model.load import InputError, expand_paths, format_for, iter_file
from styrgraf.sparql.queries import Binding, QueryError, Term, query_form, with_values

STAGING = "urn:styrgraf:staging:"
STALE_STAGING = 6 * 3600.0
"""Seconds after which a staging graph is taken for the remains of a load that was killed."""
_EMPTY = "urn:styrgraf:empty-dataset"

Row = dict[str, Term]


class Rows(list[Row]):
    """Query solutions, with the query's variables in their order."""

    def __init__(self, rows: Iterable[Row] = (), variables: Sequence[str] = ()) -> None:
        super().__init__(rows)
        self.variables = list(variables)


Progress = Callable[[Path, int, int], None]
"""Called as a file is read: (file, bytes read so far, file size)."""


@dataclass
class Result:
    """The answer to any SPARQL query: a boolean, solutions, or triples (read lazily)."""

    kind: str  # "boolean", "solutions" or "triples"
    boolean: bool = False
    variables: list[str] = field(default_factory=list)
    rows: Iterator[Row] = field(default_factory=lambda: iter(()))
    triples: Iterator[ox.Triple] = field(default_factory=lambda: iter(()))


class StoreError(Exception):
    """The store cannot be reached or refused a request; the message says which and why."""


class StoreFull(StoreError):
    """The disk that holds the store has no space left: nothing was written."""


NO_SPACE = "no space left on the disk that holds the store"
RECOVERY_SPACE = 1024 * 1024
"""Free bytes on the store's disk before a store that ran out of space is opened again."""


def _no_space(error: OSError) -> bool:
    return error.errno == errno.ENOSPC or "No space left on device" in str(error)


class Store(ABC):
    """What every backend offers: named graphs, atomic replacement, and SPARQL SELECT."""

    description = "store"
    union_default_graph = False
    """When true, a query over every graph leaves the dataset to the store, whose default graph
    is the union of its named graphs; otherwise every graph is named in each request."""

    @abstractmethod
    def _select(self, sparql: str, graphs: Sequence[str] | None) -> Rows:
        """Run a SELECT (or ASK, as one row ``{"ask": true/false}``) over exactly ``graphs``.

        ``graphs`` None (only when :attr:`union_default_graph`) means the store's own dataset.
        """

    @abstractmethod
    def execute(
        self,
        sparql: str,
        default_graphs: Sequence[str],
        named_graphs: Sequence[str],
        base_iri: str | None = None,
        timeout: float | None = None,
    ) -> Result:
        """Run any query (SELECT, ASK, CONSTRUCT, DESCRIBE) over exactly the dataset given,
        whatever FROM clauses it names; results are read lazily. ``timeout``: seconds after
        which a remote store's request is given up (the embedded store's reader stops it)."""

    @abstractmethod
    def _all_graphs(self) -> list[str]:
        """Every named graph in the store, staging graphs included."""

    @abstractmethod
    def _stage(self, staging: str, triples: list[ox.Triple]) -> None:
        """Add triples to a staging graph (blank nodes keep their identity within one call)."""

    @abstractmethod
    def _update(self, sparql: str) -> None:
        """Run one SPARQL Update request as one transaction."""

    # --- reading ---

    def named_graphs(self) -> list[str]:
        """The IRIs of the named graphs, sorted, staging graphs left out."""
        return sorted(g for g in self._all_graphs() if not g.startswith(STAGING))

    def select(
        self,
        sparql: str,
        bindings: Mapping[str, Binding] | None = None,
        graphs: Sequence[str] | None = None,
    ) -> Rows:
        """Solutions of a SELECT query, variables pre-bound, over the graphs in scope.

        ``graphs`` None means every named graph (the union is the default graph, and each is
        available to ``GRAPH``); otherwise only those graphs.
        """
        if query_form(sparql) in ("CONSTRUCT", "DESCRIBE"):
            raise QueryError("only SELECT and ASK queries are answered here")
        if graphs is None:
            everything = self._all_graphs()
            public = sorted(g for g in everything if not g.startswith(STAGING))
            # The store's own union is far cheaper than naming hundreds of graphs, but while
            # a load is staging it would show the staged triples: then every graph is named.
            staging = len(public) < len(everything)
            scope: list[str] | None = None if self.union_default_graph and not staging else public
        else:
            scope = [_graph_node(g).value for g in graphs]
        return self._select(with_values(sparql, bindings or {}), scope)

    def ask(
        self,
        sparql: str,
        bindings: Mapping[str, Binding] | None = None,
        graphs: Sequence[str] | None = None,
    ) -> bool:
        """The answer to an ASK query."""
        rows = self.select(sparql, bindings, graphs)
        value = rows[0].get("ask") if rows else None
        return isinstance(value, ox.Literal) and value.value == "true"

    def graph_size(self, graph: str) -> int:
        """How many triples the named graph holds."""
        rows = self.select(
            "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
            {"g": _graph_node(graph)},
            [graph],
        )
        return int(rows[0]["n"].value) if rows else 0

    def quads(self, graphs: Sequence[str] | None = None) -> Iterator[ox.Quad]:
        """Every quad of the graphs in scope (all named graphs by default)."""
        rows = self.select(
            "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g ?s ?p ?o", None, graphs
        )
        for row in rows:
            graph = row["g"]
            subject, predicate = row["s"], row["p"]
            assert isinstance(graph, ox.NamedNode) and isinstance(predicate, ox.NamedNode)
            assert not isinstance(subject, ox.Literal)
            yield ox.Quad(subject, predicate, row["o"], graph)

    # --- writing ---

    #: Triples staged per request while loading; None stages each graph whole, in one request,
    #: where a store gives each request's blank nodes their own identity.
    stage_batch: int | None = None

    def load(
        self,
        paths: Iterable[str | Path],
        graph: str | None = None,
        progress: Progress | None = None,
        *,
        file_graphs: bool = False,
    ) -> dict[str, int]:
        """Load files, replacing each graph they fill; returns the triple count per graph.

        The named graphs of TriG and N-Quads files keep their names. Triples outside a named
        graph go to ``graph``, or with ``file_graphs`` to a graph named by the file's own URI;
        one of the two is required when there are any. Files stream into staging graphs, so a
        large file need not fit in memory twice; nothing reaches the target graphs unless every
        file parses. Blank nodes are new to the store: a ``_:b1`` of this load is never one of
        an earlier load, nor of another file.
        """
        files = expand_paths(paths)
        target_default = _graph_node(graph).value if graph is not None else None
        load_id = uuid.uuid4().hex[:12]
        batches: dict[str, list[ox.Triple]] = {}
        with self._staging() as stage:
            for index, path in enumerate(files):
                for quad in iter_file(path, f"{load_id}_{index}", progress):
                    if not isinstance(quad.graph_name, ox.DefaultGraph):
                        target = quad.graph_name.value
                    elif file_graphs:
                        target = path.resolve().as_uri()
                    elif target_default is not None:
                        target = target_default
                    else:
                        plain = [str(f) for f in files if not format_for(f).supports_datasets]
                        raise InputError(
                            ", ".join(plain) or str(path),
                            "has triples outside a named graph: name the graph to load them into "
                            "(styrgraf load --into IRI)",
                        )
                    batch = batches.setdefault(target, [])
                    batch.append(quad.triple)
                    if self.stage_batch is not None and len(batch) >= self.stage_batch:
                        stage(target, batch)
                        batch.clear()
            stage.many(batches)
            return stage.commit()

    def replace_graphs(self, graphs: Mapping[str, Iterable[ox.Triple]]) -> dict[str, int]:
        """Replace each named graph with the given triples, all graphs in one transaction."""
        with self._staging() as stage:
            stage.many({name: list(triples) for name, triples in graphs.items()})
            return stage.commit()

    @contextlib.contextmanager
    def _staging(self) -> Iterator[_Staging]:
        """Staging graphs for a replacement, dropped again if anything goes wrong."""
        staging = _Staging(self)
        try:
            yield staging
        except BaseException:
            staging.discard()
            raise

    def _stage_many(self, graphs: Mapping[str, list[ox.Triple]]) -> None:
        """Stage several graphs; a blank node shared between them stays one node."""
        for staging, triples in graphs.items():
            self._stage(staging, triples)

    def _check_writable(self) -> None:  # noqa: B027 - most backends can always be written
        """Raise :class:`StoreError` before anything is written if this store cannot be."""

    def _drop_stale_staging(self, older_than: float = STALE_STAGING) -> None:
        """Drop staging graphs that a load which never finished left behind.

        A staging graph is named with the time it was begun; one older than ``older_than``
        seconds belongs to a load that was killed.
        """
        now = time.time()
        for name in self._all_graphs():
            if name.startswith(STAGING) and now - _staged_at(name) > older_than:
                with contextlib.suppress(StoreError):
                    self._update(f"DROP SILENT GRAPH {ox.NamedNode(name)}")

    def drop(self, graph: str) -> None:
        """Remove a named graph and everything in it."""
        self._update(f"DROP SILENT GRAPH {_graph_node(graph)}")

    def close(self) -> None:  # noqa: B027 - most backends hold nothing to release
        """Release the store (flush a persisted one)."""


class _Staging:
    """Triples staged for target graphs; :meth:`commit` moves them all over in one update."""

    def __init__(self, store: Store) -> None:
        store._check_writable()
        store._drop_stale_staging()
        self.store = store
        self.graphs: dict[str, str] = {}

    def __call__(self, target: str, triples: list[ox.Triple]) -> None:
        name = _graph_node(target).value
        if name not in self.graphs:
            self.graphs[name] = f"{STAGING}{int(time.time())}:{uuid.uuid4()}"
        if triples:
            self.store._stage(self.graphs[name], triples)

    def many(self, batches: Mapping[str, list[ox.Triple]]) -> None:
        """Stage several graphs' triples at once (one request, where the store needs it)."""
        staged: dict[str, list[ox.Triple]] = {}
        for target, triples in batches.items():
            name = _graph_node(target).value
            if name not in self.graphs:
                self.graphs[name] = f"{STAGING}{int(time.time())}:{uuid.uuid4()}"
            if triples:
                staged[self.graphs[name]] = triples
        if staged:
            self.store._stage_many(staged)

    def commit(self) -> dict[str, int]:
        counts = {t: self.store.graph_size(s) for t, s in self.graphs.items()}
        # IRIs go into the update as checked N-Triples terms, never as raw text, so a graph name
        # cannot smuggle in another operation. An empty staging graph empties its target.
        operations = [
            f"MOVE SILENT GRAPH {ox.NamedNode(s)} TO GRAPH {ox.NamedNode(t)}"
            if counts[t]
            else f"DROP SILENT GRAPH {ox.NamedNode(t)}"
            for t, s in self.graphs.items()
        ]
        if operations:
            self.store._update(" ;\n".join(operations))
        return counts

    def discard(self) -> None:
        for staging in self.graphs.values():
            with contextlib.suppress(StoreError):
                self.store._update(f"DROP SILENT GRAPH {ox.NamedNode(staging)}")


class EmbeddedStore(Store):
    """A pyoxigraph store: in memory when ``path`` is None, else persisted in that directory."""

    # Blank nodes keep their identity across requests here, so loading can stream in batches.
    stage_batch = 50_000
    union_default_graph = True

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else None
        if self.path is not None:
            if self.path.exists() and not self.path.is_dir():
                raise StoreError(f"{self.path}: not a directory, cannot hold a store")
            self.path.mkdir(parents=True, exist_ok=True)
            try:
                self._store = ox.Store(str(self.path))
            except OSError as error:
                raise StoreError(f"{self.path}: cannot open the store: {error}") from None
            self.description = f"store {self.path}"
            # The directory is locked to this process, so a staging graph found in it can only
            # be what a killed load left behind.
            self._drop_stale_staging(older_than=-1.0)
        else:
            self._store = ox.Store()
            self.description = "in-memory store"

    full = False
    """The store's disk ran out of space: RocksDB refuses every write from then on, even once
    space is freed, until the store is opened again (:meth:`recover`). Reads go on."""

    def _failed(self, error: OSError, doing: str) -> StoreError:
        """The error to raise for an ``OSError`` of RocksDB while ``doing`` something."""
        if _no_space(error):
            self.full = True
            return StoreFull(f"{NO_SPACE}: {doing} failed and nothing was written")
        return StoreError(f"{self.description}: {doing} failed: {error}")

    def recover(self) -> None:
        """Open the store again after it ran out of space, if there is space now; raise
        :class:`StoreFull` if there is not. Only while nothing else uses the store (the
        service holds its write lock): the store is closed and opened anew."""
        if not self.full or self.path is None:
            return
        try:
            free = shutil.disk_usage(self.path).free
        except OSError:
            free = 0
        if free < RECOVERY_SPACE:
            raise StoreFull(f"{NO_SPACE}: free space on it, and write again")
        self.shut()
        try:
            self._store = ox.Store(str(self.path))
        except OSError as error:
            # Still no room to open it for writing (or a query holds the old one open):
            # opened for reading, the service goes on answering, and tries again later.
            try:
                self._store = ox.Store.read_only(str(self.path))
            except OSError as again:
                raise StoreError(f"{self.path}: cannot open the store again: {again}") from None
            if _no_space(error):
                raise StoreFull(f"{NO_SPACE}: free space on it, and write again") from None
            raise StoreError(f"{self.path}: cannot open the store again: {error}") from None
        self.full = False
        self._drop_stale_staging(older_than=-1.0)

    def _check_writable(self) -> None:
        if self.full:
            raise StoreFull(f"{NO_SPACE}: free space on it, and write again")

    @classmethod
    def read_only(cls, path: str | Path) -> EmbeddedStore:
        """A store directory opened for reading only: a snapshot that nothing writes to."""
        opened = cls.__new__(cls)
        opened.path = Path(path)
        try:
            opened._store = ox.Store.read_only(str(path))
        except OSError as error:
            raise StoreError(f"{path}: cannot open the store for reading: {error}") from None
        opened.description = f"snapshot {path}"
        return opened

    def snapshot(self, path: str | Path) -> None:
        """Write a consistent copy of the store as it is now into the new directory ``path``
        (a checkpoint: hard links where the file system allows, not a copy of the data)."""
        if self.path is None:
            raise StoreError("an in-memory store cannot be snapshotted")
        try:
            self._store.backup(str(path))
        except OSError as error:
            if _no_space(error):
                self.full = True
                raise StoreFull(f"{NO_SPACE}: no snapshot of it can be taken") from None
            raise StoreError(f"{path}: cannot write a snapshot: {error}") from None

    def _all_graphs(self) -> list[str]:
        return [g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode)]

    def _select(self, sparql: str, graphs: Sequence[str] | None) -> Rows:
        options: dict[str, Any] = {}
        if graphs is None:
            options["use_default_graph_as_union"] = True
        else:
            defaults: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] = []
            named: list[ox.NamedNode | ox.BlankNode] = []
            for graph in graphs:
                defaults.append(ox.NamedNode(graph))
                named.append(ox.NamedNode(graph))
            options.update(default_graph=defaults, named_graphs=named)
        try:
            result = self._store.query(sparql, **options)
        except SyntaxError as error:
            raise QueryError(f"the query does not parse: {error.msg}") from None
        if isinstance(result, ox.QueryBoolean):
            value = "true" if bool(result) else "false"
            return Rows([{"ask": ox.Literal(value, datatype=ox.NamedNode(_XSD_BOOLEAN))}], ["ask"])
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("only SELECT and ASK queries are answered here")
        names = [v.value for v in result.variables]
        rows = Rows(variables=names)
        for solution in result:
            row: Row = {}
            for name in names:
                value = solution[name]
                if value is not None:
                    assert not isinstance(value, ox.Triple)
                    row[name] = value
            rows.append(row)
        return rows

    def execute(
        self,
        sparql: str,
        default_graphs: Sequence[str],
        named_graphs: Sequence[str],
        base_iri: str | None = None,
        timeout: float | None = None,
    ) -> Result:
        defaults: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] = [
            ox.NamedNode(g) for g in default_graphs
        ]
        named: list[ox.NamedNode | ox.BlankNode] = [ox.NamedNode(g) for g in named_graphs]
        try:
            result = self._store.query(
                sparql, base_iri=base_iri, default_graph=defaults, named_graphs=named
            )
        except SyntaxError as error:
            raise QueryError(f"the query does not parse: {error.msg}") from None
        if isinstance(result, ox.QueryBoolean):
            return Result("boolean", boolean=bool(result))
        if isinstance(result, ox.QuerySolutions):
            names = [v.value for v in result.variables]

            def rows() -> Iterator[Row]:
                for solution in result:
                    row: Row = {}
                    for name in names:
                        value = solution[name]
                        if value is not None and not isinstance(value, ox.Triple):
                            row[name] = value
                    yield row

            return Result("solutions", variables=names, rows=rows())
        return Result("triples", triples=iter(result))

    def _stage(self, staging: str, triples: list[ox.Triple]) -> None:
        graph = ox.NamedNode(staging)
        try:
            self._store.extend(ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples)
        except OSError as error:
            raise self._failed(error, "staging") from None

    def _update(self, sparql: str) -> None:
        try:
            self._store.update(sparql)
        except OSError as error:
            raise self._failed(error, "the update") from None

    def close(self) -> None:
        if self.path is not None:
            self._store.flush()

    def shut(self) -> None:
        """Close the store for good: RocksDB ends its background work and writes nothing
        after (once no query holds it). The object is of no use afterwards."""
        self.__dict__.pop("_store", None)
        gc.collect()


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


def _staged_at(name: str) -> float:
    """When a staging graph was begun (0 for one named in an older form, which is stale)."""
    stamp = name.removeprefix(STAGING).split(":", 1)[0]
    return float(stamp) if stamp.isdigit() else 0.0


def _detail(error: Exception) -> str:
    """The server's own words from a SPARQLWrapper error, on one line."""
    text = str(error).replace("\\n", " ").replace("\n", " ")
    return " ".join(text.split())[:500]


def _graph_node(name: str) -> ox.NamedNode:
    """A graph name as an IRI, or a clear error if it is not one."""
    try:
        return ox.NamedNode(name)
    except ValueError as error:
        raise InputError(name, f"not a valid graph IRI: {error}") from None


def open_store(
    *,
    store: str | Path | None = None,
    endpoint: str | None = None,
    update_endpoint: str | None = None,
    store_endpoint: str | None = None,
    user: str | None = None,
    password: str | None = None,
    token: str | None = None,
    union_default_graph: bool = False,
) -> Store:
    """The store a command names: a remote endpoint, a store directory, or memory."""
    if endpoint is not None:
        if store is not None:
            raise StoreError("give either a store directory or an endpoint, not both")
        return RemoteStore(
            endpoint,
            update_endpoint,
            store_endpoint,
            user=user,
            password=password,
            token=token,
            union_default_graph=union_default_graph,
        )
    if update_endpoint is not None or store_endpoint is not None:
        raise StoreError("an update or store endpoint needs --endpoint as well")
    return EmbeddedStore(store)
