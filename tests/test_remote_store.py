"""The remote store on the wire: what it sends to a SPARQL server, and what it makes of what
comes back (or does not), against a small HTTP server of our own that records every request
and answers as a test tells it to."""

from __future__ import annotations

import base64
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest

from styrgraf import __version__
from styrgraf.sparql.queries import QueryError
from styrgraf.store.base import StoreError
from styrgraf.store.remote import RemoteStore

GRAPH = "https://example.org/graph/model"
NO_ROWS = b'{"head": {"vars": ["g"]}, "results": {"bindings": []}}'


@dataclass(frozen=True)
class Seen:
    """One request as the server received it."""

    path: str
    authorization: str | None
    agent: str | None


class _Server(BaseHTTPRequestHandler):
    """A SPARQL server that answers every request with ``status`` and ``answer`` (no rows, by
    default) and records it; a request to a path in ``stalled`` is answered only once
    ``release`` is set."""

    seen: ClassVar[list[Seen]] = []
    status: ClassVar[int] = 200
    answer: ClassVar[tuple[str, bytes]] = ("application/sparql-results+json", NO_ROWS)
    stalled: ClassVar[set[str]] = set()
    release: ClassVar[threading.Event] = threading.Event()

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        path = self.path.split("?", 1)[0]
        kind = type(self)
        kind.seen.append(Seen(path, self.headers.get("Authorization"), self.headers["User-Agent"]))
        if path in kind.stalled:
            kind.release.wait(30)
        media, body = kind.answer
        try:
            self.send_response(kind.status)
            self.send_header("Content-Type", media)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except ConnectionError:
            pass  # the client gave up waiting

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    """The server's base URL; its endpoints are ``/sparql``, ``/update`` and ``/store``."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Server)
    _Server.seen, _Server.status, _Server.stalled = [], 200, set()
    _Server.answer = ("application/sparql-results+json", NO_ROWS)
    _Server.release = threading.Event()
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        _Server.release.set()
        httpd.shutdown()
        httpd.server_close()


def _store(base: str, **options: Any) -> RemoteStore:
    return RemoteStore(f"{base}/sparql", f"{base}/update", f"{base}/store", **options)


def _model(tmp_path: Path) -> Path:
    path = tmp_path / "a.nt"
    path.write_text('<http://example.org/a> <http://example.org/p> "1" .\n', encoding="utf-8")
    return path


def test_an_unreachable_endpoint_is_a_clear_error() -> None:
    store = RemoteStore("http://127.0.0.1:9/query")
    with pytest.raises(StoreError, match=r"cannot reach http://127\.0\.0\.1:9/query"):
        store.named_graphs()


def test_credentials_go_to_the_endpoint(server: str) -> None:
    RemoteStore(f"{server}/sparql", user="analys", password="hemligt").named_graphs()
    assert _Server.seen[-1].authorization == "Basic " + base64.b64encode(b"analys:hemligt").decode(
        "ascii"
    )
    RemoteStore(f"{server}/sparql", token="abc123").named_graphs()
    assert _Server.seen[-1].authorization == "Bearer abc123"
    RemoteStore(f"{server}/sparql").named_graphs()
    assert _Server.seen[-1].authorization is None


def test_a_refusing_endpoint_is_a_clear_error(server: str) -> None:
    _Server.status = 401
    with pytest.raises(StoreError, match=r"401|nauthori"):
        RemoteStore(f"{server}/sparql", user="analys", password="fel").named_graphs()


@pytest.mark.parametrize("credentials", [{"user": "analys", "password": "hemligt"}, {"token": "t"}])
def test_every_request_carries_the_same_credentials_and_agent(
    server: str, tmp_path: Path, credentials: dict[str, str]
) -> None:
    """Regression: queries and updates went out through SPARQLWrapper and the Graph Store and
    answer-as-document requests through urllib, each with its own User-Agent."""
    store = _store(server, **credentials)
    store.load([_model(tmp_path)], graph=GRAPH)
    store.update(f"DROP SILENT GRAPH <{GRAPH}>")
    store.execute("SELECT * WHERE { ?s ?p ?o }", [GRAPH], [GRAPH])
    assert {seen.path for seen in _Server.seen} == {"/sparql", "/update", "/store"}
    assert len({seen.authorization for seen in _Server.seen}) == 1
    assert _Server.seen[0].authorization is not None
    assert {seen.agent for seen in _Server.seen} == {f"styrgraf/{__version__}"}


@pytest.mark.parametrize("path", ["/sparql", "/update", "/store"])
def test_a_server_that_does_not_answer_in_time_is_given_up(
    server: str, tmp_path: Path, path: str
) -> None:
    """Regression: queries and updates waited for ever under a timeout below a second
    (SPARQLWrapper keeps whole seconds, and 0 means no timeout)."""
    _Server.stalled = {path}
    store = _store(server, timeout=0.2)
    with pytest.raises(StoreError, match=f"cannot reach {server}{path}.*timed out"):
        store.load([_model(tmp_path)], graph=GRAPH)


def test_a_refusal_comes_in_the_servers_own_words(server: str) -> None:
    """Regression: a query or update the server refused was told as SPARQLWrapper's message,
    with the server's answer inside it as a Python bytes literal."""
    _Server.status = 400
    _Server.answer = ("text/plain", b"Parse error:\n  unexpected '}' at line 1")
    store = _store(server)
    with pytest.raises(QueryError) as refused:
        store.update("DROP SILENT GRAPH <https://example.org/graph/model>")
    assert str(refused.value) == (
        f"{server}/update refused the request (400): Parse error: unexpected '}}' at line 1"
    )
    _Server.status = 500
    _Server.answer = ("text/plain", "Kunde inte läsa lagret".encode())
    with pytest.raises(StoreError) as failed:
        store.named_graphs()
    assert str(failed.value) == (
        f"{server}/sparql answered 500 Internal Server Error: Kunde inte läsa lagret"
    )
