"""Admission control: how many requests of each heavy kind the service takes on at once.

Every request is of one of four classes, by what it has to wait for:

- ``query``: a public query (``/sparql``, ``/api/queries/<name>``) waits for one of the few
  query processes (or, over a remote store, for the server);
- ``compute``: a request that waits for a whole-model answer that is still being computed
  (coverage, validation, a trace; :meth:`styrgraf.web.service.Service.computed`), whatever its
  route: the API, the coverage and validation pages, a resource page;
- ``write``: a write at ``/store`` waits for the one write that validates and stores at a time;
- ``light``: everything else (``/health``, pages whose answers are kept, linked data) waits
  for nothing but a thread.

Each heavy class has a :class:`Gate` with a number of places. A request takes a place just
before it would wait for the heavy resource and gives it back when it is done; one that finds
every place taken is refused at once (:class:`Busy`, a 503 with ``Retry-After``) instead of
holding a thread while it waits. ``styrgraf serve`` runs ``workers`` threads for light
requests on top of one thread per place of the heavy classes (:func:`threads`), so heavy
requests can never take the threads that ``/health`` and the pages are answered on.

A request whose client disconnects while it waits for a query process, a computed answer or
the write lock gives up its place (:class:`Gone`); waitress says so through
``waitress.client_disconnected``, which it can see while it reads ahead on the connection.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TypedDict

from flask import has_request_context, request

from styrgraf.execution.jobs import STEP, Gone, Timeout, wait_for

__all__ = ["Admission", "Busy", "Gate", "Gone", "client_gone", "holding", "threads", "wait_for"]


CLASSES = ("query", "compute", "write")
"""The heavy classes, each with its own gate; every other request is light."""


class Busy(Timeout):
    """Every place of a heavy class is taken: the request is refused at once, not queued.

    A kind of :class:`~styrgraf.execution.jobs.Timeout` (``pending``), so that a page that can do
    without a computed answer while it is being computed does without it here too.
    """

    def __init__(self, gate: Gate) -> None:
        super().__init__(pending=True)
        self.gate = gate


@dataclass
class Gate:
    """The places of one heavy class: at most ``limit`` requests in progress (None: any)."""

    name: str
    limit: int | None
    what: str
    """What the service is busy with, for the message: ``queries``, ..."""
    _count: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def in_progress(self) -> int:
        return self._count

    @contextmanager
    def admit(self) -> Iterator[None]:
        """Hold a place for the body of the ``with``; :class:`Busy` at once when none is free."""
        with self._lock:
            if self.limit is not None and self._count >= self.limit:
                raise Busy(self)
            self._count += 1
        try:
            yield
        finally:
            with self._lock:
                self._count -= 1


@dataclass
class Admission:
    """The gates of the heavy classes, sized by the settings."""

    query: Gate
    compute: Gate
    write: Gate

    @classmethod
    def from_settings(cls, values: dict[str, Any]) -> Admission:
        limits = limits_of(values)
        return cls(
            Gate("query", limits["query"], "queries"),
            Gate("compute", limits["compute"], "computing answers for the whole model"),
            Gate("write", limits["write"], "writes"),
        )

    def state(self) -> AdmissionState:
        """Per heavy class, the requests in progress and the limit (None: no limit)."""
        return {
            "query": _state(self.query),
            "compute": _state(self.compute),
            "write": _state(self.write),
        }


class GateState(TypedDict):
    """A heavy class: the requests in progress and the most taken on at once (None: no
    limit)."""

    in_progress: int
    limit: int | None


class AdmissionState(TypedDict):
    """Each heavy class's requests in progress, against its limit."""

    query: GateState
    compute: GateState
    write: GateState


def _state(gate: Gate) -> GateState:
    return {"in_progress": gate.in_progress, "limit": gate.limit}


def limits_of(values: dict[str, Any]) -> dict[str, int | None]:
    """The places of each heavy class (None everywhere when admission is off)."""
    if not values["admission"]:
        return dict.fromkeys(CLASSES)
    return {
        "query": max(1, int(values["query_processes"]) + int(values["query_queue"])),
        "compute": max(1, int(values["compute_limit"])),
        "write": max(1, int(values["write_limit"])),
    }


def threads(values: dict[str, Any]) -> int:
    """The threads ``serve`` runs: ``workers`` for light requests, and one for each place of
    the heavy classes (with admission off, ``workers`` for every request, as it once was)."""
    workers = max(1, int(values["workers"]))
    return workers + sum(limit or 0 for limit in limits_of(values).values())


def _never() -> bool:
    return False


def client_gone() -> Callable[[], bool]:
    """Whether the current request's client has disconnected, as a check to call while
    waiting (always False outside a request, or where the server cannot tell)."""
    if not has_request_context():
        return _never
    found = request.environ.get("waitress.client_disconnected")
    return found if callable(found) else _never


@contextmanager
def holding(lock: threading.Lock, gone: Callable[[], bool]) -> Iterator[None]:
    """Hold ``lock`` for the body of the ``with``, giving up (:class:`Gone`) if the client
    disconnects while waiting for it."""
    while not lock.acquire(timeout=STEP):
        if gone():
            raise Gone()
    try:
        yield
    finally:
        lock.release()
