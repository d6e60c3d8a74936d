"""One consistent state of the store per request: a readers–writer lock.

A page or an API answer asks the store several questions (the graphs, the private ones, the
nodes, their labels, ...). Each question alone sees one state of the store, but a write that
lands between two of them would give an answer that is half the old state and half the new.
So every request that reads the store holds the read side of :class:`ReadWriteLock` for its
whole duration, and every write holds the write side while it changes the store and forgets
what the service kept about it.

The lock prefers writers: once a writer waits, new readers wait behind it, so a steady stream
of readers cannot keep a write out for ever. A thread that holds the read side may take it
again (a page that asks the service for another of its answers), and a writer may read; a
reader may not become a writer (two such would wait for each other), which raises at once.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from flask import request

if TYPE_CHECKING:
    from flask import Flask


class LockOrderError(RuntimeError):
    """A thread that holds the read side asked for the write side."""


class ReadWriteLock:
    """Many readers or one writer; a waiting writer goes before readers that come after it."""

    def __init__(self) -> None:
        self._condition = threading.Condition()
        self._readers = 0
        self._writer: int | None = None
        self._writes = 0  # how deep the writer holds the write side
        self._waiting_writers = 0
        self._waiting_readers = 0
        self._local = threading.local()

    # --- what the tests and the health check look at ---

    @property
    def readers(self) -> int:
        """Threads holding the read side now."""
        return self._readers

    @property
    def waiting(self) -> tuple[int, int]:
        """(readers, writers) waiting for the lock now."""
        return self._waiting_readers, self._waiting_writers

    @property
    def writing_now(self) -> bool:
        return self._writer is not None

    # --- the read side ---

    def _depth(self) -> int:
        depth: int = getattr(self._local, "depth", 0)
        return depth

    def acquire_read(self) -> None:
        depth = self._depth()
        if depth or self._writer == threading.get_ident():
            self._local.depth = depth + 1  # again in a thread that reads or writes already
            return
        with self._condition:
            self._waiting_readers += 1
            try:
                while self._writer is not None or self._waiting_writers:
                    self._condition.wait()
            finally:
                self._waiting_readers -= 1
            self._readers += 1
        self._local.depth = 1
        self._local.counted = True

    def release_read(self) -> None:
        depth = self._depth()
        if depth <= 0:
            raise RuntimeError("release_read without acquire_read")
        self._local.depth = depth - 1
        if depth > 1 or not getattr(self._local, "counted", False):
            return
        self._local.counted = False
        with self._condition:
            self._readers -= 1
            if not self._readers:
                self._condition.notify_all()

    @contextmanager
    def reading(self) -> Iterator[None]:
        self.acquire_read()
        try:
            yield
        finally:
            self.release_read()

    # --- the write side ---

    @contextmanager
    def writing(self) -> Iterator[None]:
        me = threading.get_ident()
        if self._writer == me:
            self._writes += 1
            try:
                yield
            finally:
                self._writes -= 1
            return
        if self._depth():
            raise LockOrderError("a request that reads the store cannot also write to it")
        with self._condition:
            self._waiting_writers += 1
            try:
                while self._writer is not None or self._readers:
                    self._condition.wait()
            finally:
                self._waiting_writers -= 1
            self._writer, self._writes = me, 1
        try:
            yield  # a read taken inside the write is not counted among the readers
        finally:
            with self._condition:
                self._writer, self._writes = None, 0
                self._condition.notify_all()


READING = "styrgraf.reading"
"""Where a request notes that it holds the read side (its WSGI environ: its own, even for a
request the service makes to itself while answering another)."""


def reads_whole_request(method: str, path: str) -> bool:
    """Whether a request holds the read side for all of its duration.

    Not writes (``/store``, the imports at ``/api/import/`` and the upload page's at
    ``/workbook/import``: they take the write side themselves), nor public queries (``/sparql``,
    ``/api/queries/<name>``: one query over a snapshot, chosen under the read side but read
    without it, so a query running to its deadline does not hold writes back), nor
    ``/health`` (which must answer while a write waits) and the static files.
    """
    if path == "/store" or path.startswith(("/api/import/", "/workbook/import")):
        return method in ("GET", "HEAD")
    if path == "/sparql" or path.startswith(("/api/queries/", "/static/")):
        return False
    return path != "/health"


def hold_reads(app: Flask, lock: ReadWriteLock) -> None:
    """Make every request of ``app`` that reads the store hold ``lock``'s read side while it
    is answered (its body is written whole before the lock is let go)."""

    @app.before_request
    def _read() -> None:
        if reads_whole_request(request.method, request.path):
            lock.acquire_read()
            request.environ[READING] = True

    @app.teardown_request
    def _done(exception: BaseException | None) -> None:
        if request.environ.pop(READING, False):
            lock.release_read()
