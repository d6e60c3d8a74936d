"""What the tests share: the bundled model's graphs and IRIs, and small helpers. The fixtures are
in conftest.py; the constants are here, in one place, so a test module imports them by name."""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from oxigraph_server import free_port, stop, wait_for_port
from virtuoso_server import Virtuoso

from styrgraf.model.bundled import sample_data_files
from styrgraf.store.base import Store
from styrgraf.store.embedded import EmbeddedStore
from styrgraf.store.remote import RemoteStore

PUBLIC = "https://w3id.org/styrgraf/ljungby/graph/2019-2022"
"""The bundled Ljungby model's public graph."""
PRIVATE = "https://w3id.org/styrgraf/ljungby/graph/2019-2022-private"
"""Its private graph: the employees and their development plans."""
LJ = "https://w3id.org/styrgraf/ljungby/id/"

_SG = "https://w3id.org/styrgraf#"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
PLANTED_FOLLOW_UP = {
    (_SG + "Assessment-agreesWithComputed", LJ + "bed-arsredovisning-2020-ng-kfn-1"),
    (_SG + "Assessment-agreesWithComputed", LJ + "bed-arsredovisning-2020-og-ks-livskvalitet-1"),
    (_SG + "Assessment-boardGoalsJudged", LJ + "bed-delarsrapport-2021-og-kommun-tillvaxt-1"),
}
"""The bundled model's planted follow-up cases (docs/model.md), each a warning of validation:
two judged statuses two steps from the computed ones, and an övergripande mål judged in a
delårsrapport that judges none of its nämndsmål."""
"""Where the Ljungby model's resources are named."""


LEAN_YEAR = LJ + "budgetar-2021"
"""The one budget year whose follow-up the lean model keeps."""


def write_lean_model(path: Path) -> Path:
    """Write the bundled Ljungby model with the follow-up of one year only to ``path``, in
    N-Quads: every ``sg:Value`` and ``sg:Assessment`` of another period left out, with every
    triple that names one.

    Half the model's size, with every kind of resource it has: the goal tree, plans and
    activities, indicators, the private graph and its declaration, a year of results and
    assessments (and its planted finding, ``PLANTED_FOLLOW_UP``'s delårsrapport case), by the
    same IRIs. For the tests that need a model like it, not the bundled model's own content:
    every write validates the whole store, and the tests over the wire write again and again.
    """
    quads = list(ox.parse(path=sample_data_files()[0], format=ox.RdfFormat.TRIG))
    follow_up = {
        q.subject
        for q in quads
        if q.predicate.value == _RDF_TYPE and q.object.value in (_SG + "Value", _SG + "Assessment")
    }
    kept_year = {
        q.subject
        for q in quads
        if q.predicate.value == _SG + "period" and q.object.value == LEAN_YEAR
    }
    left_out = follow_up - kept_year
    kept = [q for q in quads if q.subject not in left_out and q.object not in left_out]
    assert follow_up & kept_year and len(kept) < len(quads) / 2 + 100
    ox.serialize(kept, path, ox.RdfFormat.N_QUADS)
    return path


def remote_args(base: str) -> list[str]:
    """The options that point a command at the test Oxigraph server's three endpoints."""
    return [
        "--endpoint",
        f"{base}/query",
        "--update-endpoint",
        f"{base}/update",
        "--store-endpoint",
        f"{base}/store",
    ]


def remote_store(
    base: str, union_default_graph: bool = False, graph_store: bool = True
) -> RemoteStore:
    """A client for the test server, emptied first so each test starts from nothing."""
    store = RemoteStore(
        f"{base}/query",
        f"{base}/update",
        f"{base}/store" if graph_store else None,
        union_default_graph=union_default_graph,
    )
    store.update("DROP SILENT ALL")
    return store


def virtuoso_args(server: Virtuoso) -> list[str]:
    """The options that point a command at the test Virtuoso server's endpoints (the user's
    password goes in the environment: STYRGRAF_ENDPOINT_PASSWORD)."""
    return [
        "--endpoint",
        server.query,
        "--update-endpoint",
        server.update,
        "--store-endpoint",
        server.store,
        "--endpoint-user",
        server.user,
    ]


def virtuoso_store(server: Virtuoso, graph_store: bool = True) -> RemoteStore:
    """A client for the test Virtuoso server, emptied first so each test starts from nothing:
    every graph dropped but Virtuoso's own (``DROP ALL`` would drop those too, and with them
    the server's own working)."""
    store = RemoteStore(
        server.query,
        server.update,
        server.store if graph_store else None,
        user=server.user,
        password=server.password,
    )
    graphs = store._all_graphs()
    if graphs:
        store.update(" ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in graphs))
    return store


# --- a real `styrgraf serve` over the wire ----------------------------------------------------


@contextmanager
def serving(
    folder: Path, *options: str, env: dict[str, str] | None = None, timeout: float = 60.0
) -> Iterator[str]:
    """Run ``styrgraf serve`` (waitress, its own process) on a free loopback port with
    ``options``; yield its base URL; stop it after. Its output goes to ``folder/serve.log``."""
    port = free_port()
    folder.mkdir(parents=True, exist_ok=True)
    log = folder / "serve.log"
    command = [sys.executable, "-m", "styrgraf.cli", "serve", "--port", str(port), *options]
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, stdout=out, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})}
        )
        try:
            wait_for_port(port, process, log, timeout)
            yield f"http://127.0.0.1:{port}"
        finally:
            stop(process)


@dataclass
class Answer:
    """One HTTP response, read whole."""

    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def media(self) -> str:
        return (self.headers.get("Content-Type") or "").split(";")[0].strip()

    def json(self) -> Any:
        return json.loads(self.body)


class Wire:
    """An HTTP client over keep-alive connections, one per thread, to one server.

    ``retry_stale``: a request on a reused connection that the server had already closed
    (no byte of an answer read) is sent again once on a new one, as browsers and urllib3 do.
    """

    def __init__(self, base: str, timeout: float = 60.0, retry_stale: bool = True) -> None:
        parsed = urllib.parse.urlsplit(base)
        self.host, self.port = parsed.hostname or "127.0.0.1", parsed.port or 80
        self.timeout = timeout
        self.retry_stale = retry_stale
        self._local = threading.local()
        self._all: list[http.client.HTTPConnection] = []
        self._lock = threading.Lock()

    def _connection(self, fresh: bool = False) -> http.client.HTTPConnection:
        found: http.client.HTTPConnection | None = getattr(self._local, "connection", None)
        if found is not None and not fresh:
            return found
        if found is not None:
            found.close()
        made = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        self._local.connection = made
        with self._lock:
            self._all.append(made)
        return made

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> Answer:
        reused = getattr(self._local, "connection", None) is not None
        connection = self._connection()
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
        except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
            if not (reused and self.retry_stale):
                raise
            connection = self._connection(fresh=True)
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
        data = response.read()
        if response.will_close:
            connection.close()
            self._local.connection = None
        return Answer(response.status, response.headers, data)

    def get(self, path: str, accept: str | None = None) -> Answer:
        return self.request("GET", path, headers={"Accept": accept} if accept else {})

    def sparql(self, query: str, accept: str = "application/sparql-results+json") -> Answer:
        body = urllib.parse.urlencode({"query": query}).encode()
        headers = {"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"}
        return self.request("POST", "/sparql", body=body, headers=headers)

    def close(self) -> None:
        with self._lock:
            for connection in self._all:
                connection.close()
            self._all.clear()


# --- a loopback canary: the port a server must never connect to ------------------------------


class Listener:
    """A loopback port that counts the connections made to it."""

    def __init__(self) -> None:
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(8)
        self.socket.settimeout(0.2)
        self.port = self.socket.getsockname()[1]
        self.connections = 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}/{path}"

    def _accept(self) -> None:
        while not self.stop.is_set():
            try:
                connection, _ = self.socket.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections += 1
            connection.close()

    def close(self) -> None:
        self.stop.set()
        self.thread.join(timeout=5)
        self.socket.close()


# --- the backends the store tests run on (conftest's backend fixtures) ----------------------------

BACKENDS = ["embedded", "remote", "remote-union", "remote-no-graph-store"]
VIRTUOSO_BACKENDS = ["virtuoso", "virtuoso-no-graph-store"]
"""Virtuoso through its Graph Store endpoint, and through its update endpoint alone: the store
tests (tests/test_store.py) run on these too. The named queries do not (docs/deploy.md)."""


def backend_factory(request: pytest.FixtureRequest) -> Callable[[], Store]:
    """The factory of empty stores for the backend ``request.param`` names."""
    if request.param == "embedded":
        return EmbeddedStore
    if request.param.startswith("virtuoso"):
        running = request.getfixturevalue("virtuoso")
        graph_store = request.param != "virtuoso-no-graph-store"
        return lambda: virtuoso_store(running, graph_store=graph_store)
    base = request.getfixturevalue("oxigraph_server")
    union = request.param == "remote-union"
    # Without a Graph Store endpoint, loading stages through INSERT DATA on the update endpoint.
    graph_store = request.param != "remote-no-graph-store"
    return lambda: remote_store(base, union_default_graph=union, graph_store=graph_store)
