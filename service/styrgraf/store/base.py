"""The store interface that both backends offer (:mod:`styrgraf.store.embedded`, embedded
pyoxigraph, and :mod:`styrgraf.store.remote`, a remote SPARQL 1.1 server), and what they share.

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

import contextlib
import time
import uuid
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import pyoxigraph as ox

from styrgraf.model.load import InputError, expand_paths, format_for, iter_file
from styrgraf.sparql.queries import Binding, QueryError, Term, query_form, with_values
from styrgraf.sparql.syntax import SyntaxRefused, read

STAGING = "urn:styrgraf:staging:"
STALE_STAGING = 6 * 3600.0
"""Seconds after which a staging graph is taken for the remains of a load that was killed."""

FETCHING = ("LOAD", "SERVICE")
"""The keywords of an update that would fetch over the network, refused by :meth:`Store.update`."""

XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"

Row = dict[str, Term]
S = TypeVar("S")
T = TypeVar("T")


class Rows(list[Row]):
    """Query solutions, with the query's variables in their order."""

    def __init__(self, rows: Iterable[Row] = (), variables: Sequence[str] = ()) -> None:
        super().__init__(rows)
        self.variables = list(variables)


def solution_row(solution: ox.QuerySolution, names: Sequence[str]) -> Row:
    """A solution's bound variables as a row of terms.

    A triple term (RDF 1.2) is left out, as if unbound: no model holds one (loading refuses
    them), and what a query makes of one (``TRIPLE()``) has no place in a row of plain terms.
    """
    row: Row = {}
    for name in names:
        value = solution[name]
        if value is not None and not isinstance(value, ox.Triple):
            row[name] = value
    return row


def solution_rows(solutions: ox.QuerySolutions) -> Iterator[Row]:
    """The rows of solutions, read lazily (see :func:`solution_row`)."""
    names = [variable.value for variable in solutions.variables]
    return _released(solutions, lambda solution: solution_row(solution, names))


def triple_stream(triples: ox.QueryTriples) -> Iterator[ox.Triple]:
    """The triples of a CONSTRUCT or DESCRIBE, read lazily."""
    return _released(triples, lambda triple: triple)


def _released(source: Iterable[S], read: Callable[[S], T]) -> Iterator[T]:
    """Each item of ``source`` as ``read`` makes it, the source let go the moment it is all
    read or the reading fails.

    pyoxigraph's solutions and triples may only be dropped on the thread that made them (they
    warn and leak otherwise). An iterator over them that a traceback or a reference cycle kept
    would be dropped by the garbage collector on whichever thread it next runs on.
    """
    try:
        for item in source:
            yield read(item)
    finally:
        del source


def ask_rows(answer: bool) -> Rows:
    """An ASK query's answer as the one row ``{"ask": true/false}`` of :meth:`Store.select`."""
    value = ox.Literal("true" if answer else "false", datatype=ox.NamedNode(XSD_BOOLEAN))
    return Rows([{"ask": value}], ["ask"])


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
        """Run one SPARQL Update request as one transaction: text written here, unchecked
        (:meth:`update` is the checked way in)."""

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

    def update(self, sparql: str) -> None:
        """Run a SPARQL 1.1 Update on the store, as one transaction.

        For those who hold a store themselves (tools, tests, upkeep); the service writes
        through :meth:`load`, :meth:`replace_graphs` and :meth:`drop`. An update that does not
        parse is a :class:`QueryError` and changes nothing; a store that cannot be written (a
        remote one without an update endpoint, a full disk) is a :class:`StoreError` before
        anything is sent. ``LOAD`` and ``SERVICE`` are refused: the store fetches nothing over
        the network (the embedded store would, from this very process).
        """
        try:
            fetching = [word for word in read(sparql).forbidden if word in FETCHING]
        except SyntaxRefused as refused:
            raise QueryError(f"the update cannot be read: {refused}") from None
        if fetching:
            raise QueryError(f"{fetching[0]} is not run on the store: it fetches nothing")
        self._check_writable()
        self._update(sparql)

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


def _staged_at(name: str) -> float:
    """When a staging graph was begun (0 for one named in an older form, which is stale)."""
    stamp = name.removeprefix(STAGING).split(":", 1)[0]
    return float(stamp) if stamp.isdigit() else 0.0


def _graph_node(name: str) -> ox.NamedNode:
    """A graph name as an IRI, or a clear error if it is not one."""
    try:
        return ox.NamedNode(name)
    except ValueError as error:
        raise InputError(name, f"not a valid graph IRI: {error}") from None
