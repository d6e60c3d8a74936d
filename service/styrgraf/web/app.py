"""The web service: ``create_app(config)`` builds the Flask app over a store.

Settings are declared as data (:data:`SETTINGS`): each has a name, a default and a help text,
and is read from the defaults, then the environment (``STYRGRAF_<NAME>``), then the ``config``
given to :func:`create_app` (the tests' override). One blueprint per concern: ``sparql`` (the
SPARQL 1.1 Protocol endpoint), ``api`` (trace, coverage, validation, named queries, OpenAPI,
health), ``linked`` (dereferencing and the dataset description), ``pages`` (the HTML pages for
people; templates and static files beside this module), ``dashboards`` (the coverage and
validation pages) and ``graphstore`` (writes).

Every error, on every route, is one JSON shape built by :func:`error`:
``{"error": message, "status": code, ...details}``.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import os
import re
import secrets
import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from flask import Flask, Response, current_app, g, jsonify, request
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix

from styrgraf.execution import folders
from styrgraf.execution.admission import Admission, Busy, Gone, client_gone, wait_for
from styrgraf.execution.consistency import ReadWriteLock, hold_reads
from styrgraf.execution.workers import Answer, Evaluator, Job, Pin, Timeout, evaluator
from styrgraf.model.bundled import (
    ONTOLOGY_GRAPH,
    SERVICE_GRAPH,
    is_model,
    sample_data_files,
    vocabulary_graphs,
)
from styrgraf.model.privacy import declared_in_store, establish, parse_iris
from styrgraf.sparql.queries import get_query
from styrgraf.store import open_store
from styrgraf.store.base import Store, StoreError, StoreFull
from styrgraf.store.embedded import EmbeddedStore

if TYPE_CHECKING:
    from styrgraf.model.validation import Report as ValidationReport

SG = "https://w3id.org/styrgraf#"
T = TypeVar("T")

CACHE_ENTRIES = 256
"""How many computed answers (coverage, validation, traces) the service keeps."""
REMOTE_CACHE_SECONDS = 10.0
"""How long a computed answer over a remote store is kept: others may write to that store."""


@dataclass(frozen=True)
class Setting:
    """One setting of the service: its name, default, type and what it does."""

    name: str
    default: Any
    help: str
    kind: Callable[[str], Any] = str

    @property
    def env(self) -> str:
        return f"STYRGRAF_{self.name.upper()}"


def _flag(value: str) -> bool:
    return value.strip().lower() not in ("", "0", "false", "no", "off")


def _paths(value: str) -> list[str]:
    return [part for part in value.split(os.pathsep) if part]


SETTINGS: tuple[Setting, ...] = (
    Setting("host", "127.0.0.1", "the address to listen on"),
    Setting("port", 8000, "the port to listen on", int),
    Setting("workers", 8, "how many requests are served at once (threads)", int),
    Setting("data", [], "RDF files or folders to serve (os.pathsep-separated)", _paths),
    Setting("store", None, "a persisted embedded store directory"),
    Setting("endpoint", None, "the query endpoint of a remote SPARQL 1.1 store"),
    Setting("update_endpoint", None, "its update endpoint"),
    Setting("store_endpoint", None, "its Graph Store Protocol endpoint"),
    Setting("union_default_graph", False, "the remote store's default graph is the union", _flag),
    Setting(
        "base_iri",
        "https://w3id.org/styrgraf/",
        "the IRI that the service's root stands for: a request for /ljungby/id/x dereferences "
        "<BASE_IRI>ljungby/id/x",
    ),
    Setting("write_token", None, "the bearer token that writes need; without one, no writes"),
    Setting(
        "private_graphs",
        [],
        "graphs this service keeps private whatever the data declares (IRIs separated by "
        "whitespace or os.pathsep); added to those the data and the store's configuration "
        "graph declare",
        parse_iris,
    ),
    Setting("max_body", 10 * 1024 * 1024, "the largest request body accepted, in bytes", int),
    Setting(
        "max_query",
        256 * 1024,
        "the longest query or update text accepted, in bytes (413 beyond, before it is read)",
        int,
    ),
    Setting("query_timeout", 10.0, "seconds a query may run before it is stopped", float),
    Setting(
        "query_processes",
        2,
        "worker processes that evaluate public queries on the embedded store, each stopped at "
        "its deadline (0: threads in the service's own process, which cannot be stopped)",
        int,
    ),
    Setting(
        "query_memory",
        2048,
        "MiB of memory each query worker process may take; a query that needs more ends its "
        "process and is refused (400); 0: no limit",
        int,
    ),
    Setting(
        "parse_timeout",
        20.0,
        "seconds a request body may take to parse before its parser process is stopped",
        float,
    ),
    Setting("parse_memory", 1024, "MiB of memory a request body's parser process may use", int),
    Setting(
        "query_queue",
        6,
        "public queries that may wait for a query process: beyond query_processes + "
        "query_queue in progress, a query is refused at once (503)",
        int,
    ),
    Setting(
        "compute_limit",
        4,
        "requests that may wait at once for a whole-model answer being computed (coverage, "
        "validation, traces); more are refused at once (503)",
        int,
    ),
    Setting("write_limit", 2, "writes at /store in progress at once; more are refused (503)", int),
    Setting(
        "admission",
        True,
        "limit the requests in progress of each heavy class (query, compute, write), on "
        "threads of their own; off: every request waits for one of the workers",
        _flag,
    ),
    Setting("max_results", 10_000, "the most rows or triples one response holds", int),
    Setting("lang", "sv", "the default language of labels and messages"),
    Setting(
        "behind_proxy",
        False,
        "trust one reverse proxy's X-Forwarded-For, -Proto and -Host headers",
        _flag,
    ),
)


def settings(config: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Defaults, then the environment, then ``config``."""
    values: dict[str, Any] = {}
    for setting in SETTINGS:
        value = setting.default
        raw = os.environ.get(setting.env)
        if raw is not None and raw != "":
            value = setting.kind(raw)
        values[setting.name] = value
    for name, value in (config or {}).items():
        if name.upper() == name:
            continue  # Flask's own settings (TESTING, ...) are passed through untouched
        if name not in values:
            raise ValueError(f"unknown setting {name!r}")
        values[name] = value
    return values


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

    def coverage(self, graphs: Sequence[str] | None, lang: str) -> dict[str, Any]:
        """The coverage report (as JSON) over ``graphs`` (None: every graph), computed once
        per state of the store for the API and the pages alike."""
        from styrgraf.analysis.coverage import coverage

        key = ("coverage", None if graphs is None else tuple(graphs), lang)
        return self.computed(key, lambda: coverage(self.store, graphs, lang).to_json())

    def validation(self, graphs: Sequence[str] | None, lang: str) -> ValidationReport:
        """The model in ``graphs`` (None: every graph) checked against the shapes, the
        vocabulary graphs left out; computed once per state of the store."""
        from styrgraf.model.validation import validate_quads

        def check() -> ValidationReport:
            scope = self.store.named_graphs() if graphs is None else graphs
            model = [g for g in scope if is_model(g)]
            private = self.private_graphs() - {SERVICE_GRAPH}
            return validate_quads(self.store.quads(model), lang=lang, private=private)

        return self.computed(("validate", None if graphs is None else tuple(graphs), lang), check)

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

        Past the deadline :class:`~styrgraf.execution.workers.Timeout` is raised, but the work goes
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


_BEARER = re.compile(r"[ \t]*bearer[ \t]+(.*?)[ \t]*", re.IGNORECASE | re.DOTALL)


def bearer_token(header: str | None) -> str | None:
    """The token of an ``Authorization: Bearer <token>`` header, or None for any other header.

    The scheme is matched in any case (``bearer``, ``BEARER``: RFC 7235 schemes are
    case-insensitive), and spaces and tabs around the scheme and the token are allowed."""
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


CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
"""Every answer's Content-Security-Policy: scripts only from the service's own files (no
inline script or handler runs), nothing embedded from elsewhere, no framing. Styles may be
inline: the drawings carry their own ``<style>`` so they stand alone as downloads."""

MACHINE_ROUTES = ("/api/", "/store", "/sparql", "/openapi.json", "/health")
"""Routes for programs: their errors are always the JSON shape, whatever the client accepts."""


def _person() -> bool:
    """Whether the request is a person's browser asking for a page: HTML preferred to JSON."""
    if request.method not in ("GET", "HEAD") or request.path.startswith(MACHINE_ROUTES):
        return False
    accepted = request.accept_mimetypes
    return accepted["text/html"] > accepted["application/json"]


def error(status: int, message: str, **details: Any) -> Response:
    """The one JSON error shape: ``{"error", "status", ...details}``; for a person in a
    browser, the same message as a page in the site's layout."""
    if _person() and not g.get("styrgraf_error_page"):
        # Imported here: the pages import this module.
        from styrgraf.web.linked import Refused
        from styrgraf.web.pages import error_page

        g.styrgraf_error_page = True  # an error while making the page is not made a page
        try:
            return error_page(status, message, details.get("parameter"))
        except Refused:
            pass  # no page for this request (its ?lang= is refused): the JSON shape, then
        finally:
            g.styrgraf_error_page = False
    response = jsonify({"error": message, "status": status, **details})
    response.status_code = status
    return response


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app: settings, the store, the blueprints, the error handlers."""
    values = settings(config)
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = values["max_body"]
    app.json.sort_keys = False  # type: ignore[attr-defined]
    for name, value in (config or {}).items():
        if name.upper() == name:
            app.config[name] = value
    app.extensions["styrgraf"] = Service(values)
    hold_reads(app, app.extensions["styrgraf"].consistency)
    if values["behind_proxy"]:
        # The URLs the service writes (the endpoint in its description, dumps, Location) are
        # then the ones the clients used, not the proxy's view of the service.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)  # type: ignore[method-assign]

    # Imported here: the blueprints use this module's helpers.
    from styrgraf.web.api import blueprint as api_routes
    from styrgraf.web.endpoint import blueprint as sparql_routes
    from styrgraf.web.graph_store import blueprint as graph_store_routes
    from styrgraf.web.linked import blueprint as linked_routes
    from styrgraf.web.pages import blueprint as page_routes
    from styrgraf.web.quality_pages import blueprint as dashboard_routes

    app.register_blueprint(sparql_routes)
    app.register_blueprint(api_routes)
    app.register_blueprint(graph_store_routes)
    app.register_blueprint(page_routes)
    app.register_blueprint(dashboard_routes)
    app.register_blueprint(linked_routes)

    @app.errorhandler(HTTPException)
    def http_error(exception: HTTPException) -> Response:
        status = exception.code or 500
        if status == 413:
            limit = values["max_body"]
            return error(413, f"the request body is larger than {limit} bytes", limit=limit)
        return error(status, exception.description or exception.name)

    @app.errorhandler(Timeout)
    def too_long(stopped: Timeout) -> Response:
        limit = values["query_timeout"]
        if stopped.pending:
            response = error(
                503,
                f"the answer takes longer than {limit} s to compute for this model; it goes on "
                "being computed: ask again in a moment",
            )
        else:
            response = error(503, f"the query ran longer than {limit} s and was stopped")
        response.headers["Retry-After"] = str(max(1, round(float(limit))))
        return response

    @app.errorhandler(StoreFull)
    def full(problem: StoreFull) -> Response:
        # A write is refused with 507; a read that needed the disk (a snapshot for a public
        # query) is asked to come back, as the disk may have space by then.
        if request.path == "/store" and request.method not in ("GET", "HEAD"):
            return error(507, str(problem))
        response = error(503, str(problem))
        response.headers["Retry-After"] = "60"
        return response

    @app.errorhandler(Busy)
    def busy(refused: Busy) -> Response:
        gate = refused.gate
        response = error(
            503,
            f"the service is busy with {gate.what}: {gate.limit} are in progress, the most it "
            "takes on at once; ask again in a moment",
            limit=gate.limit,
        )
        response.headers["Retry-After"] = str(max(1, round(float(values["query_timeout"]))))
        return response

    @app.errorhandler(Gone)
    def gone(_: Gone) -> Response:
        # Nobody reads this: the client left while the request waited.
        return error(503, "the client disconnected before the answer was ready")

    @app.errorhandler(Exception)
    def unexpected(exception: Exception) -> Response:
        current_app.logger.exception("unexpected error")
        return error(500, "the service failed to answer; the error is logged")

    @app.after_request
    def headers(response: Response) -> Response:
        # Open for reading from any origin, never with credentials.
        if request.method in ("GET", "HEAD", "OPTIONS") or request.path == "/sparql":
            response.headers["Access-Control-Allow-Origin"] = "*"
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        # What a request with a token is answered is never kept by a cache (valid token or
        # not: the answer may differ), and every answer says that it depends on the header.
        if "Authorization" in request.headers:
            response.headers["Cache-Control"] = "private, no-store"
        response.vary.add("Authorization")
        return response

    return app
