"""Where the service evaluates the queries the public sends it, under their deadline.

A query from outside (``/sparql``, ``/api/queries/<name>``) may ask for anything: a join over
the whole model, sorted, counted. Two evaluators answer it, with one interface:

- :class:`ProcessEvaluator`, for the embedded store: each query runs in one of a few worker
  processes, each reading a read-only snapshot of the store. A query still running at its
  deadline is stopped by ending its process, which is then replaced; nothing of it keeps
  running in the service. A new snapshot (a RocksDB checkpoint) is taken right after each
  write, in the writer's time, so the first query after a write does not wait for it.
- :class:`ThreadEvaluator`, in this process on a pool of threads: for a remote store, whose
  server does the work and whose HTTP request is given up at the deadline, and for an embedded
  store when ``query_processes`` is 0. A query that computes before its first answer then
  keeps its thread until it is done, though the client is answered at the deadline.

Answers are written in the worker (:mod:`styrgraf.execution.jobs`), so that what crosses between
processes is bounded: at most ``limit`` rows or triples, already serialised for the client.
"""

from __future__ import annotations

import collections
import concurrent.futures
import logging
import multiprocessing
import multiprocessing.connection
import queue
import resource
import shutil
import signal
import threading
import time
import uuid
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from styrgraf.execution import folders, sandbox
from styrgraf.execution.jobs import STEP, Answer, Gone, Job, Timeout, never, perform, wait_for
from styrgraf.sparql.queries import QueryError
from styrgraf.store.base import Store, StoreError
from styrgraf.store.embedded import EmbeddedStore

log = logging.getLogger(__name__)

GRACE = 0.5
"""Seconds a worker is given past the deadline to say it stopped on its own."""


class Pin:
    """The state of the store that a job is to read, chosen when the pin was made (under the
    service's read lock, so never in the middle of a write); released once the job is done."""

    def __init__(self, snapshot: str | None = None, release: Callable[[], None] | None = None):
        self.snapshot = snapshot
        self._release = release

    def release(self) -> None:
        release, self._release = self._release, None
        if release is not None:
            release()

    def __enter__(self) -> Pin:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


class Evaluator:
    """Answers jobs under their deadline; :meth:`changed` after every write to the store."""

    def run(self, job: Job, pin: Pin | None = None, gone: Callable[[], bool] = never) -> Answer:
        """The answer to ``job`` over the state ``pin`` holds (None: the store as it is now);
        :class:`Gone` when ``gone()`` says, while the job waits for its turn, that its client
        has disconnected."""
        raise NotImplementedError

    def pin(self) -> Pin:
        """The store as it is now, for a job run later to read. In a thread of this process
        a job reads the live store, each query one consistent state of it."""
        return Pin()

    def changed(self) -> None:
        """The store was written: later jobs must see the new state."""

    def refresh(self) -> None:
        """Make ready what later jobs read (a new snapshot), right after a write."""

    def start(self) -> None:
        """Get ready to answer (workers started), rather than at the first job."""

    def close(self) -> None:
        """Release the workers."""


class ThreadEvaluator(Evaluator):
    """Jobs in this process, on a pool of threads."""

    def __init__(self, store: Store, threads: int) -> None:
        self.store = store
        self._pool = concurrent.futures.ThreadPoolExecutor(
            max_workers=max(2, threads), thread_name_prefix="query"
        )

    def run(self, job: Job, pin: Pin | None = None, gone: Callable[[], bool] = never) -> Answer:
        future = self._pool.submit(perform, self.store, job)
        try:
            return wait_for(future, job.timeout + GRACE, gone)
        except concurrent.futures.TimeoutError:
            raise Timeout() from None
        except Gone:
            future.cancel()  # not run at all if it still waits for a thread
            raise

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


@dataclass(eq=False)
class _Worker:
    process: Any  # multiprocessing's SpawnProcess
    connection: multiprocessing.connection.Connection
    ready: bool = False
    opened: str | None = None


class ProcessEvaluator(Evaluator):
    """Jobs in worker processes over read-only snapshots of a persisted embedded store."""

    def __init__(self, store: EmbeddedStore, processes: int, memory: int = 0) -> None:
        if store.path is None:
            raise StoreError("queries in worker processes need a persisted store")
        self.store = store
        self.processes = max(1, processes)
        self.memory = memory
        """MiB of address space each worker may take (0: no limit)."""
        self._context = multiprocessing.get_context("spawn")
        self._folder = folders.snapshot_folder(store.path)
        self._lock = threading.Lock()
        self._version = 0
        self._snapshot: tuple[int, str] | None = None
        self._pinned: collections.Counter[str] = collections.Counter()
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._workers: set[_Worker] = set()
        self._started = False
        self._warned = False
        self._finalizer = weakref.finalize(self, _shut, self._workers, self._folder)

    # --- the workers ---

    def start(self) -> None:
        with self._lock:
            if self._started:
                return
            self._started = True
            for _ in range(self.processes):
                self._idle.put(self._spawn())

    def _spawn(self) -> _Worker:
        ours, theirs = self._context.Pipe()
        process = self._context.Process(
            target=_work, args=(theirs, self.memory), name="styrgraf-query", daemon=True
        )
        process.start()
        theirs.close()
        worker = _Worker(process, ours)
        self._workers.add(worker)
        return worker

    def _end(self, worker: _Worker) -> None:
        """Stop a worker for good (it ran past its deadline, or broke) and start another."""
        self._workers.discard(worker)
        worker.process.kill()
        worker.connection.close()
        # Reaped in the background: the client is answered at once.
        threading.Thread(target=worker.process.join, daemon=True).start()
        self._idle.put(self._spawn())

    def _acquire(self, deadline: float, gone: Callable[[], bool] = never) -> _Worker:
        self.start()
        while True:
            remaining = deadline - time.monotonic()
            try:
                worker = self._idle.get(timeout=max(0.0, min(STEP, remaining)))
            except queue.Empty:
                if remaining <= STEP:
                    raise Timeout() from None
                if gone():
                    raise Gone() from None  # gave up waiting: its place is free for another
                continue
            if worker.ready:
                return worker
            # A new worker says it is ready once it has imported what it needs.
            try:
                if not worker.connection.poll(max(0.0, deadline - time.monotonic())):
                    self._idle.put(worker)
                    raise Timeout()
                _, confined = worker.connection.recv()
            except (EOFError, OSError):
                self._end(worker)
                continue
            worker.ready = True
            if not confined and not self._warned:
                self._warned = True
                log.warning(
                    "the query worker processes could not be confined (see their log): only "
                    "the SPARQL lexer keeps queries from reaching the network"
                )
            return worker

    # --- snapshots ---

    def changed(self) -> None:
        with self._lock:
            self._version += 1

    def refresh(self) -> None:
        with self._lock:
            self._fresh()

    def pin(self) -> Pin:
        with self._lock:
            path = self._fresh()
            self._pinned[path] += 1
        return Pin(path, lambda: self._unpin(path))

    def _unpin(self, path: str) -> None:
        with self._lock:
            self._pinned[path] -= 1
            if self._pinned[path] <= 0:
                del self._pinned[path]

    def _fresh(self) -> str:
        """The snapshot of the store as it is now, taken when the last one is out of date
        (called with the lock held)."""
        if self._snapshot is None or self._snapshot[0] != self._version:
            path = self._folder / f"{self._version}-{uuid.uuid4().hex}"
            self.store.snapshot(path)
            self._snapshot = (self._version, str(path))
            self._collect()
        return self._snapshot[1]

    def _collect(self) -> None:
        """Remove the snapshots that no worker has open, no job is about to read, and that
        are not the current one."""
        keep = {w.opened for w in list(self._workers)} | set(self._pinned)
        if self._snapshot is not None:
            keep.add(self._snapshot[1])
        for folder in self._folder.iterdir():
            if folder.is_dir() and str(folder) not in keep:
                shutil.rmtree(folder, ignore_errors=True)

    # --- answering ---

    def run(self, job: Job, pin: Pin | None = None, gone: Callable[[], bool] = never) -> Answer:
        deadline = time.monotonic() + job.timeout
        held = pin if pin is not None else self.pin()
        try:
            return self._run(job, held, deadline, gone)
        finally:
            if pin is None:
                held.release()

    def _run(self, job: Job, pin: Pin, deadline: float, gone: Callable[[], bool]) -> Answer:
        snapshot = pin.snapshot
        assert snapshot is not None
        worker = self._acquire(deadline, gone)
        with self._lock:
            worker.opened = snapshot  # not removed while the worker reads it
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            self._idle.put(worker)
            raise Timeout()
        try:
            worker.connection.send((snapshot, _with_timeout(job, remaining)))
            answered = worker.connection.poll(remaining + GRACE)
            message = worker.connection.recv() if answered else None
        except (EOFError, OSError):
            # The engine ended its process while answering: the query made it fail (pyoxigraph
            # aborts on a panic, e.g. when ORDER BY meets values with no common order). The
            # query is refused; the process is replaced and the service goes on.
            worker.process.join(timeout=GRACE)
            code = worker.process.exitcode
            self._end(worker)
            if code is not None and -code in FAULTS:
                raise QueryError(engine_failed(-code)) from None
            raise StoreError("the query's worker process ended before answering") from None
        if message is None:
            self._end(worker)
            raise Timeout()
        self._idle.put(worker)
        status, value = message
        if status == "ok":
            assert isinstance(value, Answer)
            return value
        if status == "timeout":
            raise Timeout()
        if status == "query":
            raise QueryError(value)
        raise StoreError(value)

    def close(self) -> None:
        self._finalizer()


FAULTS = frozenset({signal.SIGABRT, signal.SIGSEGV, signal.SIGBUS, signal.SIGILL, signal.SIGFPE})
"""Signals by which the engine ends its own process on a query it fails on; a worker killed
from outside (SIGKILL, SIGTERM) is not the query's doing."""


def engine_failed(signal_number: int) -> str:
    """What a client is told when the query engine ended its process on the client's query."""
    try:
        name = signal.Signals(signal_number).name
    except ValueError:
        name = f"signal {signal_number}"
    return (
        f"the query engine failed on this query and its process ended ({name}); the query is "
        "not answered. Known causes: the query needed more memory than a query may take "
        "(the query_memory setting); ORDER BY over values that have no common order (numbers "
        "mixed with text, NaN, dates with and without a time zone): order by STR(...) or by "
        "one kind of value instead"
    )


def _with_timeout(job: Job, timeout: float) -> Job:
    return Job(
        job.sparql,
        job.default_graphs,
        job.named_graphs,
        timeout,
        job.limit,
        job.kind,
        job.base_iri,
    )


def _shut(workers: set[_Worker], folder: Path) -> None:
    for worker in list(workers):
        worker.process.kill()
        worker.process.join(timeout=5)
        worker.connection.close()
    workers.clear()
    folders.release(folder)


def _work(connection: multiprocessing.connection.Connection, memory: int = 0) -> None:
    """A worker process: answer jobs from the connection until it closes.

    Before it answers anything it is confined (:func:`styrgraf.execution.sandbox.confine`):
    whatever a query says, the engine in here cannot open a network connection; and held to
    ``memory`` MiB of address space, so that a query building huge values ends this process, not the
    machine's memory."""
    if memory > 0:
        resource.setrlimit(resource.RLIMIT_AS, (memory << 20, memory << 20))
    store: EmbeddedStore | None = None
    opened: str | None = None
    connection.send(("ready", sandbox.confine()))
    while True:
        try:
            snapshot, job = connection.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        try:
            if snapshot != opened or store is None:
                store = None  # the old snapshot is let go before the new one is opened
                store = EmbeddedStore.read_only(snapshot)
                opened = snapshot
            message: tuple[str, Any] = ("ok", perform(store, job))
        except Timeout:
            message = ("timeout", None)
        except QueryError as problem:
            message = ("query", str(problem))
        except Exception as problem:
            message = ("error", f"{type(problem).__name__}: {problem}")
        try:
            connection.send(message)
        except (EOFError, OSError):
            return


def evaluator(store: Store, *, processes: int, threads: int, memory: int = 0) -> Evaluator:
    """The evaluator for ``store``: worker processes (each held to ``memory`` MiB, 0: no limit)
    when it is a persisted embedded store and ``processes`` is above 0, else threads."""
    if processes > 0 and isinstance(store, EmbeddedStore) and store.path is not None:
        return ProcessEvaluator(store, processes, memory)
    return ThreadEvaluator(store, threads)
