"""The embedded backend: a pyoxigraph store, in memory or persisted in a directory (RocksDB).

Staging graphs are written straight into the store, in batches, since blank nodes keep their
identity across requests here; a load that runs out of disk space leaves the store as it was
and marks it :attr:`EmbeddedStore.full` until it is opened again.
"""

from __future__ import annotations

import errno
import gc
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from styrgraf.sparql.queries import QueryError
from styrgraf.store.base import (
    Result,
    Rows,
    Store,
    StoreError,
    StoreFull,
    ask_rows,
    solution_rows,
    triple_stream,
)

NO_SPACE = "no space left on the disk that holds the store"
RECOVERY_SPACE = 1024 * 1024
"""Free bytes on the store's disk before a store that ran out of space is opened again."""


def _no_space(error: OSError) -> bool:
    return error.errno == errno.ENOSPC or "No space left on device" in str(error)


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
        try:
            if isinstance(result, ox.QueryBoolean):
                return ask_rows(bool(result))
            if not isinstance(result, ox.QuerySolutions):
                raise QueryError("only SELECT and ASK queries are answered here")
            return Rows(solution_rows(result), [v.value for v in result.variables])
        finally:
            del result  # not left to a traceback (see solution_rows)

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
            return Result("solutions", variables=names, rows=solution_rows(result))
        return Result("triples", triples=triple_stream(result))

    def _stage(self, staging: str, triples: list[ox.Triple]) -> None:
        graph = ox.NamedNode(staging)
        try:
            self._store.extend(ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples)
        except OSError as error:
            raise self._failed(error, "staging") from None

    def _update(self, sparql: str) -> None:
        try:
            self._store.update(sparql)
        except SyntaxError as error:
            raise QueryError(f"the update does not parse: {error.msg}") from None
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
