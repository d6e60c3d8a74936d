"""Parsing bodies from outside in child processes, where a crash cannot take the service.

A request body is checked against the bounds first (:func:`styrgraf.model.load.check_bounds`), here
in the service, and then parsed in a child process with a memory limit and a deadline. A body
within the bounds can still ask for more than the service has: a prefix naming a 1 MB IRI and
ten thousand triples that use it are 10 GB of terms. In the child, the parser meets its memory
limit and ends (pyoxigraph aborts when an allocation fails), or its deadline, and is killed; the
client gets a 422 saying so, nothing is written, and the next body gets a new child.

What crosses the pipe is bounded: the body on the way there (``max_body``), the triples as
N-Quads on the way back, at most :data:`EXPANSION` times the body.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import resource
import signal
import threading
import time
import weakref
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from styrgraf.execution import sandbox
from styrgraf.model.load import InputError, check_bounds, parse_bytes

EXPANSION = 10
"""How many times the size of a body its triples may take, written as N-Quads (the bundled
model: 1.4 times its JSON-LD, 1.8 times its Turtle)."""

STARTUP = 60.0
"""Seconds a new child is given to start (import what it needs) before a body is sent."""

KEEP = 1
"""How many idle children are kept ready for the next body."""


class ParseFailure(Exception):
    """The parser's child ran out of memory, ran past its deadline or crashed: the body could
    not be parsed. ``status`` is the answer to give."""

    def __init__(self, message: str, status: int = 422) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass(eq=False)
class _Child:
    process: Any  # multiprocessing's SpawnProcess
    connection: multiprocessing.connection.Connection
    ready: bool = False
    started: float = field(default_factory=time.monotonic)


class BodyParser:
    """Parses bodies in child processes, each limited to ``memory`` bytes and ``timeout``
    seconds per body. A child that fails is ended; one that succeeds is kept for the next."""

    def __init__(self, timeout: float, memory: int) -> None:
        self.timeout = timeout
        self.memory = memory
        self._context = multiprocessing.get_context("spawn")
        self._lock = threading.Lock()
        self._idle: list[_Child] = []
        self._children: set[_Child] = set()
        self._finalizer = weakref.finalize(self, _shut, self._children)

    def parse(
        self, data: bytes, rdf_format: ox.RdfFormat, base_iri: str | None, source: str
    ) -> list[ox.Quad]:
        """The quads of ``data``, parsed completely in a child, or :class:`InputError` (the
        body is beyond the bounds or does not parse), or :class:`ParseFailure`."""
        check_bounds(data, rdf_format, source)
        child = self._acquire()
        job = (data, rdf_format.media_type, base_iri, source, EXPANSION * max(len(data), 4096))
        try:
            child.connection.send(job)
            answered = child.connection.poll(self.timeout)
            message = child.connection.recv() if answered else None
        except (EOFError, OSError):
            raise ParseFailure(self._died(child, source)) from None
        if message is None:
            self._end(child)
            raise ParseFailure(
                f"{source} could not be parsed: the parser was stopped after {self.timeout:g} s"
            )
        status, value = message
        if status == "memory":
            self._end(child)
            raise ParseFailure(
                f"{source} could not be parsed: the parser ran out of memory "
                f"(a parse may take {self.memory // (1024 * 1024)} MiB)"
            )
        if status == "error":
            self._end(child)
            raise ParseFailure(f"{source} could not be parsed: the parser failed ({value})")
        self._release(child)
        if status == "input":
            path, text, line, column = value
            raise InputError(path, text, line, column)
        if status == "expanded":
            raise ParseFailure(
                f"{source} could not be parsed: its triples take more than {EXPANSION} times "
                "its size"
            )
        assert status == "ok" and isinstance(value, bytes)
        return list(ox.parse(value, format=ox.RdfFormat.N_QUADS))

    # --- the children ---

    def _spawn(self) -> _Child:
        ours, theirs = self._context.Pipe()
        process = self._context.Process(
            target=_work, args=(theirs, self.memory), name="styrgraf-parse", daemon=True
        )
        process.start()
        theirs.close()
        child = _Child(process, ours)
        with self._lock:
            self._children.add(child)
        return child

    def _acquire(self) -> _Child:
        with self._lock:
            child = self._idle.pop() if self._idle else None
        if child is None:
            child = self._spawn()
        if not child.ready:
            # A new child says it is ready once it has imported what it needs.
            try:
                if not child.connection.poll(STARTUP):
                    self._end(child)
                    raise ParseFailure("the parser could not be started in time", 503)
                child.connection.recv()
            except (EOFError, OSError):
                raise ParseFailure(self._died(child, "the body"), 503) from None
            child.ready = True
        return child

    def _release(self, child: _Child) -> None:
        with self._lock:
            if len(self._idle) < KEEP:
                self._idle.append(child)
                return
        self._end(child)

    def _died(self, child: _Child, source: str) -> str:
        """End a child whose pipe broke, and say how it ended."""
        child.process.join(timeout=5)
        code = child.process.exitcode
        self._end(child)
        if code == -signal.SIGABRT:
            # pyoxigraph aborts the process when an allocation fails.
            return (
                f"{source} could not be parsed: the parser ran out of memory and was stopped "
                f"(a parse may take {self.memory // (1024 * 1024)} MiB)"
            )
        if code is not None and code < 0:
            name = signal.Signals(-code).name
            return f"{source} could not be parsed: the parser crashed ({name}) and was stopped"
        return f"{source} could not be parsed: the parser ended (exit code {code})"

    def _end(self, child: _Child) -> None:
        with self._lock:
            self._children.discard(child)
            if child in self._idle:
                self._idle.remove(child)
        child.process.kill()
        child.connection.close()
        # Reaped in the background: the client is answered at once.
        threading.Thread(target=child.process.join, daemon=True).start()

    def children(self) -> list[int]:
        """The process ids of the children alive now."""
        with self._lock:
            return [c.process.pid for c in self._children if c.process.is_alive()]

    def close(self) -> None:
        self._finalizer()


def _shut(children: set[_Child]) -> None:
    for child in list(children):
        child.process.kill()
        child.process.join(timeout=5)
        child.connection.close()
    children.clear()


def _work(connection: multiprocessing.connection.Connection, memory: int) -> None:
    """A child: parse bodies from the connection until it closes, within ``memory`` bytes."""
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    # No network either: a parser is never to fetch what a body names (styrgraf.execution.sandbox).
    connection.send(("ready", sandbox.confine()))
    while True:
        try:
            data, media, base_iri, source, limit = connection.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        message: tuple[str, Any]
        try:
            rdf_format = ox.RdfFormat.from_media_type(media)
            assert rdf_format is not None
            quads = parse_bytes(data, rdf_format, base_iri, source, checked=True)
            written = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
            del quads
            assert isinstance(written, bytes)
            message = ("expanded", None) if len(written) > limit else ("ok", written)
        except InputError as problem:
            message = ("input", (problem.path, problem.message, problem.line, problem.column))
        except MemoryError:
            message = ("memory", None)
        except Exception as problem:
            message = ("error", f"{type(problem).__name__}: {problem}")
        try:
            connection.send(message)
        except (EOFError, OSError):
            return
