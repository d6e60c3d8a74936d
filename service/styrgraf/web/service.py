"""What the routes share: :class:`Service` holds the store, the settings, which graphs are
public, the query evaluator, admission control, and the answers computed once per state of the
store (coverage, validation, traces: each built with its key in one method here, so that a page
and the API asking the same share one answer). :func:`service` is the current app's.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import re
import secrets
import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

from flask import current_app, request

from styrgraf.analysis.coverage import coverage as compute_coverage
from styrgraf.analysis.coverage_shapes import CoverageReport
from styrgraf.analysis.distance import Distance, distances
from styrgraf.analysis.follow_up_checks import with_follow_up
from styrgraf.analysis.follow_up_data import read
from styrgraf.analysis.fulfilment import Fulfilment, Period, compute
from styrgraf.analysis.hierarchy import Direction
from styrgraf.analysis.trace import Impact, Trace, TreeNode, follow
from styrgraf.execution import folders
from styrgraf.execution.admission import Admission, Gone, client_gone, wait_for
from styrgraf.execution.consistency import ReadWriteLock
from styrgraf.execution.jobs import Answer, Job, Timeout
from styrgraf.execution.workers import Evaluator, Pin, evaluator
from styrgraf.model.bundled import (
    ONTOLOGY_GRAPH,
    SERVICE_GRAPH,
    is_model,
    sample_data_files,
    vocabulary_graphs,
)
from styrgraf.model.follow_up_profile import Profile, load_profile
from styrgraf.model.validation import Report as ValidationReport
from styrgraf.model.validation import validate_quads
from styrgraf.results.change import Plan, check
from styrgraf.sparql.queries import get_query
from styrgraf.store import open_store
from styrgraf.store.base import Store, StoreError
from styrgraf.store.embedded import EmbeddedStore
from styrgraf.store.private_graphs import declared_in_store, establish
from styrgraf.store.replacement import WriteCheck, store_report
from styrgraf.vocabulary import parse_iris

T = TypeVar("T")


CACHE_ENTRIES = 256
"""How many computed answers (coverage, validation, traces) the service keeps."""


CHALLENGE = 'Bearer realm="styrgraf"'
"""The ``WWW-Authenticate`` header of a write refused for want of the write token (401)."""


REMOTE_CACHE_SECONDS = 10.0
"""How long a computed answer over a remote store is kept: others may write to that store."""


class Service:
    """What the routes share: the store, the settings, and which graphs are public."""

    def __init__(self, values: dict[str, Any]) -> None:
        self.settings = values
        location = values["store"]
        processes = int(values["query_processes"])
        opened: list[Store] = []
        # What a service that was killed left behind (its temporary store, its snapshots)
        # is removed now; the folders of services that still run are not touched.
        folders.sweep([None, *([Path(location).resolve().parent] if location else [])])
        if location is None and values["endpoint"] is None and processes > 0:
            # Worker processes read snapshots of a store on disk: the model is served from a
            # store in a temporary directory rather than from memory, removed with the service.
            location = str(folders.owned_folder(folders.STORE_PREFIX))
            weakref.finalize(self, _discard, opened, location)
        self.store: Store = open_store(
            store=location,
            endpoint=values["endpoint"],
            update_endpoint=values["update_endpoint"],
            store_endpoint=values["store_endpoint"],
            user=values["endpoint_user"],
            password=values["endpoint_password"],
            token=values["endpoint_token"],
            union_default_graph=values["union_default_graph"],
        )
        opened.append(self.store)
        if values["endpoint"] is None and values["store"] is None:
            self.store.load(values["data"] or sample_data_files(), file_graphs=True)
        present = self.store.named_graphs()
        if ONTOLOGY_GRAPH not in present and self._writable_store():
            for graph, files in vocabulary_graphs().items():
                self.store.load(files, graph=graph)
        # Which graphs are private is the service's to say, not the data's (styrgraf.model.privacy):
        # decided here, then only ever added to.
        self._private = establish(
            self.store, parse_iris(values["private_graphs"]), self._writable_store()
        )
        self._private_read = time.monotonic()
        self._private_lock = threading.Lock()
        # Read and checked now: a profile that cannot be used stops the start, named.
        self.profile: Profile = load_profile(str(values["follow_up_profile"]))
        self.admission = Admission.from_settings(values)
        self.evaluator: Evaluator = evaluator(
            self.store,
            processes=processes,
            threads=int(values["workers"]),
            memory=int(values["query_memory"]),
        )
        self._version = 0
        self._described: tuple[int, frozenset[str]] | None = None
        self._cache: OrderedDict[Hashable, tuple[int, float, concurrent.futures.Future[Any]]] = (
            OrderedDict()
        )
        self._cache_lock = threading.Lock()
        self.consistency = ReadWriteLock()
        """Held for reading by every request that reads the store, for writing by writes."""
        self.writes = threading.Lock()
        """Held by a write (at /store, or an import) while it is validated and stored: two
        writes that each keep the rules could break them together if they interleaved. Readers
        are held back (:attr:`consistency`) only while the store changes, not while a write is
        validated."""
        self._computing = concurrent.futures.ThreadPoolExecutor(
            max_workers=max(2, int(values["workers"])), thread_name_prefix="compute"
        )

    def _writable_store(self) -> bool:
        return self.settings["endpoint"] is None or self.settings["update_endpoint"] is not None

    def private_graphs(self) -> frozenset[str]:
        """The graphs this service keeps private (personal data, never shown in public), and
        its configuration graph, which no public route shows either.

        The list is the service's own: set at start and grown by writes that declare a new
        private graph; data that drops a declaration changes nothing. Over a remote store,
        which others may write to, new declarations are looked for at most once a second and
        added.
        """
        if self.settings["endpoint"] is not None:
            now = time.monotonic()
            if now - self._private_read > 1.0:
                found = declared_in_store(self.store)
                with self._private_lock:
                    self._private = self._private | found
                    self._private_read = now
        return self._private | {SERVICE_GRAPH}

    def keep_private(self, graphs: Iterable[str]) -> None:
        """Add graphs to the private ones (a write declared them); none is ever taken away."""
        with self._private_lock:
            self._private = self._private | frozenset(graphs)

    @contextlib.contextmanager
    def changing(self) -> Iterator[None]:
        """Hold the write side of the store's lock while the body changes the store; then
        forget what was known of the old state, and take the snapshot that later public
        queries read (in the writer's time, under the read side). A store whose disk ran
        full is opened again first, if there is space now."""
        with self.consistency.writing():
            self.writable()
            yield  # a write that fails changes nothing (one transaction): nothing to forget
            self.forget()
        with self.consistency.reading(), contextlib.suppress(StoreError):
            # The write is stored; a snapshot that fails now is tried again by the next query.
            self.evaluator.refresh()

    def writable(self) -> None:
        """Raise :class:`~styrgraf.store.base.StoreFull` while the store's disk is full; once there
        is space again, open the store anew (under the write lock), so writes work again
        without a restart."""
        store = self.store
        if isinstance(store, EmbeddedStore) and store.full:
            with self.consistency.writing():
                store.recover()

    def forget(self) -> None:
        """Drop what is known about the store (after a write): its graphs, the answers
        computed from it, and the snapshot that public queries read."""
        with self._cache_lock:
            self._version += 1
            self._cache.clear()
        self.evaluator.changed()

    def answer(self, job: Job, pin: Pin | None = None) -> Answer:
        """A public query's answer over the state ``pin`` holds (None: the store as it is
        now), with a place in the query class (:class:`Busy` at once when there is none) for
        as long as it waits for a query process and runs."""
        with self.admission.query.admit():
            return self.evaluator.run(job, pin, client_gone())

    def coverage(self, *, graphs: Sequence[str] | None, lang: str) -> CoverageReport:
        """The coverage report (as JSON) over ``graphs`` (None: every graph), computed once
        per state of the store for the API and the pages alike."""
        key = ("coverage", _scope_key(graphs), lang)
        return self.computed(
            key, lambda: compute_coverage(self.store, graphs=graphs, lang=lang).to_json()
        )

    def trace(
        self,
        iri: str,
        direction: Direction = Direction.UP,
        *,
        graphs: Sequence[str] | None,
        lang: str,
    ) -> Trace | TreeNode | Impact:
        """The node followed up to the vision, down the tree beneath it, or to its impact
        (:func:`styrgraf.analysis.trace.follow`) over ``graphs`` (None: every graph); computed
        once per state of the store for the API and the pages alike. Raises
        :class:`~styrgraf.analysis.trace.NodeError` for an IRI that is no node."""
        direction = Direction(direction)
        key = ("trace", direction.value, iri, _scope_key(graphs), lang)
        return self.computed(
            key, lambda: follow(self.store, iri, direction, graphs=graphs, lang=lang)
        )

    def fulfilment(
        self, *, period: Period | None, graphs: Sequence[str] | None, lang: str
    ) -> Fulfilment:
        """Every goal's fulfilment in ``period`` (None: the latest with data) by the service's
        follow-up profile, over ``graphs`` (None: every graph); computed once per state of the
        store for the API, the pages and the reports alike."""
        key = ("fulfilment", period, _scope_key(graphs), lang)
        return self.computed(
            key,
            lambda: compute(
                self.store, period=period, graphs=graphs, lang=lang, profile=self.profile
            ),
        )

    def distances(self, *, graphs: Sequence[str] | None) -> list[Distance]:
        """The distance of every indicator with a numeric target and a series to its target
        (the vision's first), computed once per state of the store."""
        key = ("distances", _scope_key(graphs))
        return self.computed(key, lambda: distances(read(self.store, graphs, "sv")))

    def validation(self, *, graphs: Sequence[str] | None, lang: str) -> ValidationReport:
        """The model in ``graphs`` (None: every graph) checked against the shapes, the
        vocabulary graphs left out; computed once per state of the store."""

        def check() -> ValidationReport:
            scope = self.store.named_graphs() if graphs is None else graphs
            model = [g for g in scope if is_model(g)]
            if graphs is None:
                report = self.shapes_report(lang)  # the one every write is compared with
            else:
                private = self.private_graphs() - {SERVICE_GRAPH}
                report = validate_quads(self.store.quads(model), lang=lang, private=private)
            return with_follow_up(report, self.store, graphs=model, profile=self.profile)

        return self.computed(("validate", _scope_key(graphs), lang), check)

    def shapes_report(self, lang: str) -> ValidationReport:
        """The store's model graphs checked against the shapes alone (no follow-up checks),
        as :func:`~styrgraf.store.replacement.check_write` compares a write with: kept once
        per state of the store, for the writes and the validation of every graph alike."""
        private = self.private_graphs() - {SERVICE_GRAPH}
        return self._kept(
            ("shapes", lang), lambda: store_report(self.store, lang=lang, private=private)
        )

    def check_import(self, plan: Plan, lang: str) -> WriteCheck:
        """An import's plan checked as every write is (:func:`styrgraf.results.change.check`):
        with the service's private graphs, against the store's report kept per state
        (:meth:`shapes_report`), the messages in ``lang``."""
        private = self.private_graphs() - {SERVICE_GRAPH}
        return check(
            self.store, plan, lang=lang, private=private, before=lambda: self.shapes_report(lang)
        )

    def _kept(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The answer of ``compute`` for the store as it is, kept with those of
        :meth:`computed` but computed in the calling thread, without a deadline or a place
        in the compute class: for work done within a write, which holds its place in the
        write class, or within a computation already running. Over a remote store, which
        others may write to, it is computed anew each time: a write is never judged against
        an old state."""
        if self.settings["endpoint"] is not None:
            return compute()
        with self._cache_lock:
            version = self._version
            entry = self._cache.get(key)
        if entry is not None and entry[0] == version:
            kept: T = entry[2].result()  # only answers are kept here, never a failure
            return kept
        answer = compute()
        done: concurrent.futures.Future[T] = concurrent.futures.Future()
        done.set_result(answer)
        with self._cache_lock:
            if self._version == version:  # a write in between: the answer is of its past
                self._cache[key] = (version, time.monotonic(), done)
                while len(self._cache) > CACHE_ENTRIES:
                    self._cache.popitem(last=False)
        return answer

    def described(self) -> frozenset[str]:
        """The IRIs that the public graphs describe (subjects of a triple): where a page may
        link to this service's own description rather than out to the IRI itself. Asked of the
        store once per state of it."""
        with self._cache_lock:
            found = self._described
            version = self._version
            if found is not None and found[0] == version:
                return found[1]
        rows = self.store.select(get_query("described-resources").text, None, self.public_graphs())
        subjects = frozenset(row["s"].value for row in rows)
        with self._cache_lock:
            self._described = (version, subjects)
        return subjects

    def computed(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The answer of ``compute`` for the store as it is, computed once for everyone who
        asks, and waited for until the query deadline.

        Past the deadline :class:`~styrgraf.execution.jobs.Timeout` is raised, but the work goes
        on and its answer is kept for the next request: whole-model answers such as coverage take
        a bounded time that grows with the model, not with what a request asks. A request that
        has to wait for the answer takes a place in the compute class while it waits
        (:class:`~styrgraf.execution.admission.Busy` at once when there is none); a kept answer is
        given at once, without one.

        The work runs on the pool on behalf of a request that holds the read side of
        :attr:`consistency`, and must not take the lock itself: a writer waiting between the
        two would keep it out while the request waits for it. While the request waits, no
        write can come; should the request give up at the deadline, a write may come while the
        work goes on, but its answer is kept under the state it began in (the write clears
        it), so it is never served for the new state.
        """
        entry = self._entry(key, None)
        if entry is None or not entry[2].done():
            # Waiting for an answer still being computed takes a place in the compute class.
            with self.admission.compute.admit():
                entry = self._entry(key, compute)
                assert entry is not None
                kept: T = self._result(key, entry)
                return kept
        answer: T = self._result(key, entry)
        return answer

    def _entry(
        self, key: Hashable, compute: Callable[[], Any] | None
    ) -> tuple[int, float, concurrent.futures.Future[Any]] | None:
        """The kept computation of ``key`` for the store as it is; started with ``compute``
        when there is none (None: only looked up)."""
        remote = self.settings["endpoint"] is not None
        now = time.monotonic()
        with self._cache_lock:
            entry = self._cache.get(key)
            if entry is not None and (
                entry[0] != self._version or (remote and now - entry[1] > REMOTE_CACHE_SECONDS)
            ):
                entry = None
            if entry is None and compute is not None:
                entry = (self._version, now, self._computing.submit(compute))
                self._cache[key] = entry
                while len(self._cache) > CACHE_ENTRIES:
                    self._cache.popitem(last=False)
            elif entry is not None:
                self._cache.move_to_end(key)
        return entry

    def _result(
        self, key: Hashable, entry: tuple[int, float, concurrent.futures.Future[Any]]
    ) -> Any:
        """The computation's answer within the query deadline (:class:`Timeout` past it; the
        computation goes on); a failure is raised and not kept."""
        try:
            return wait_for(entry[2], float(self.settings["query_timeout"]), client_gone())
        except concurrent.futures.TimeoutError:
            raise Timeout(pending=True) from None
        except Gone:
            raise  # the answer goes on being computed for the next request
        except Exception:
            with self._cache_lock:
                if self._cache.get(key) is entry:
                    del self._cache[key]  # a failure is not kept: the next request tries again
            raise

    def public_graphs(self) -> list[str]:
        """Every named graph but the private ones."""
        private = self.private_graphs()
        return [g for g in self.store.named_graphs() if g not in private]

    def write_refusal(self) -> tuple[int, str] | None:
        """Why the request may not write, as a status and a message (401 without a token, 403
        with a wrong one or when the service has none), or None when it holds the write token.
        Every route that writes refuses with it alike; a 401 carries :data:`CHALLENGE`."""
        if not self.settings["write_token"]:
            return 403, "writes are disabled: the service has no write token"
        if bearer_token(request.headers.get("Authorization")) is None:
            return 401, "a write needs the write token: Authorization: Bearer <token>"
        if not self.authorised():
            return 403, "the token does not allow writes"
        return None

    def authorised(self) -> bool:
        """Whether the request carries the write token (compared in constant time)."""
        token = self.settings["write_token"]
        given = bearer_token(request.headers.get("Authorization"))
        if not token or given is None:
            return False
        # As bytes: compare_digest refuses str with characters outside ASCII, and a header
        # may carry any byte.
        return secrets.compare_digest(
            given.encode("utf-8", "surrogateescape"), str(token).encode("utf-8")
        )


def _scope_key(graphs: Sequence[str] | None) -> tuple[str, ...] | None:
    """The graphs in scope as part of a cache key: a list and a tuple of the same graphs are
    one scope, and None (every graph) is another.

    >>> _scope_key(["https://example.org/g"]) == _scope_key(("https://example.org/g",))
    True
    >>> _scope_key(None) is None
    True
    """
    return None if graphs is None else tuple(graphs)


_BEARER = re.compile(r"[ \t]*bearer[ \t]+(.*?)[ \t]*", re.IGNORECASE | re.DOTALL)


def bearer_token(header: str | None) -> str | None:
    """The token of an ``Authorization: Bearer <token>`` header, or None for any other header.

    The scheme is matched in any case (``bearer``, ``BEARER``: RFC 7235 schemes are
    case-insensitive), and spaces and tabs around the scheme and the token are allowed.

    >>> bearer_token("Bearer  s3cret "), bearer_token("BEARER s3cret")
    ('s3cret', 's3cret')
    >>> bearer_token("Basic dXNlcjpwYXNz") is None, bearer_token(None) is None
    (True, True)
    """
    found = _BEARER.fullmatch(header or "")
    return found.group(1) if found and found.group(1) else None


def _discard(opened: list[Store], location: str) -> None:
    """Remove a temporary store: closed first, so that nothing of it is written after."""
    for store in opened:
        if isinstance(store, EmbeddedStore):
            store.shut()
    opened.clear()
    folders.release(location)


def service() -> Service:
    """The service of the current app."""
    found: Service = current_app.extensions["styrgraf"]
    return found
