"""The remote store on the wire: what it sends to a SPARQL server, and what it makes of what
comes back (or does not), against a small HTTP server of our own that records every request
and answers as a test tells it to."""

from __future__ import annotations

import base64
import gc
import json
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pyoxigraph as ox
import pytest

from styrgraf import __version__
from styrgraf.sparql.queries import QueryError
from styrgraf.store.base import StoreError
from styrgraf.store.remote import RemoteStore
from styrgraf.web.app import create_app

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
    headers_sent: ClassVar[dict[str, str]] = {}
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
            for name, value in kind.headers_sent.items():
                self.send_header(name, value)
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
    _Server.headers_sent = {}
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


LABELLED = [
    {
        "s": ox.NamedNode("http://example.org/a"),
        "label": ox.Literal("Kommunstyrelsen", language="sv"),
        "n": ox.Literal("2", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
    },
    {"s": ox.NamedNode("http://example.org/b")},
]
XML = b"""<?xml version="1.0"?>
<sparql xmlns="http://www.w3.org/2005/sparql-results#">
  <head><variable name="s"/><variable name="label"/><variable name="n"/></head>
  <results>
    <result>
      <binding name="s"><uri>http://example.org/a</uri></binding>
      <binding name="label"><literal xml:lang="sv">Kommunstyrelsen</literal></binding>
      <binding name="n">
        <literal datatype="http://www.w3.org/2001/XMLSchema#integer">2</literal>
      </binding>
    </result>
    <result><binding name="s"><uri>http://example.org/b</uri></binding></result>
  </results>
</sparql>"""
TSV = (
    b'?s\t?label\t?n\n<http://example.org/a>\t"Kommunstyrelsen"@sv\t2\n<http://example.org/b>\t\t\n'
)


@pytest.mark.parametrize(
    ("media", "body"),
    [
        ("application/sparql-results+xml", XML),
        ("text/tab-separated-values; charset=utf-8", TSV),
    ],
    ids=["xml", "tsv"],
)
def test_results_in_xml_or_tsv_are_read_as_json_would_be(
    server: str, media: str, body: bytes
) -> None:
    _Server.answer = (media, body)
    store = _store(server)
    rows = store.select("SELECT ?s ?label ?n WHERE { ?s ?p ?o }")
    assert rows == LABELLED and rows.variables == ["s", "label", "n"]
    result = store.execute("SELECT ?s ?label ?n WHERE { ?s ?p ?o }", [GRAPH], [GRAPH])
    assert list(result.rows) == LABELLED


def test_blank_node_labels_rdf_does_not_allow_are_made_valid(server: str) -> None:
    """Virtuoso labels its blank nodes ``nodeID://b10006``, which pyoxigraph's parser refuses:
    such labels are made valid, the same way in every answer."""
    bindings = [
        {"s": {"type": "bnode", "value": "nodeID://b10006"}},
        {"s": {"type": "bnode", "value": "nodeID://b10006"}},
        {"s": {"type": "bnode", "value": "nodeID://b10007"}},
    ]
    document = {"head": {"vars": ["s"]}, "results": {"bindings": bindings}}
    _Server.answer = ("application/sparql-results+json", json.dumps(document).encode())
    store = _store(server)
    first = [row["s"] for row in store.select("SELECT ?s WHERE { ?s ?p ?o }")]
    again = [row["s"] for row in store.select("SELECT ?s WHERE { ?s ?p ?o }")]
    assert all(isinstance(node, ox.BlankNode) for node in first)
    assert first[0] == first[1] != first[2]
    assert first == again


@pytest.mark.parametrize(
    ("media", "body", "said"),
    [
        ("text/html", b"<html><body>Welcome</body></html>", "SPARQL JSON results"),
        ("application/sparql-results+xml", b"<sparql><head>", "SPARQL XML results"),
    ],
)
def test_an_answer_that_is_no_results_is_a_clear_error(
    server: str, media: str, body: bytes, said: str
) -> None:
    _Server.answer = (media, body)
    with pytest.raises(StoreError, match=f"{server}/sparql did not answer with {said}: "):
        _store(server).select("SELECT ?s WHERE { ?s ?p ?o }")


def test_the_service_sends_the_endpoint_credentials_from_its_settings(
    server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The service's store is opened from SETTINGS like the command line's: the user from the
    # configuration, the password only from the environment.
    monkeypatch.setenv("STYRGRAF_ENDPOINT_PASSWORD", "hemligt")
    app = create_app({"TESTING": True, "endpoint": server + "/sparql", "endpoint_user": "analys"})
    expected = "Basic " + base64.b64encode(b"analys:hemligt").decode()
    assert _Server.seen and {seen.authorization for seen in _Server.seen} == {expected}
    app.extensions["styrgraf"].evaluator.close()


@pytest.mark.parametrize(
    ("second", "read"),
    [
        ({"s": {"type": "bnode", "value": "nodeID://b10006"}}, True),  # made valid, read again
        ({"s": {"type": "literal", "value": "x", "xml:lang": "not a tag!"}}, False),
    ],
)
def test_an_answer_that_fails_as_it_is_read_is_let_go_on_the_thread_that_read_it(
    server: str, second: dict[str, Any], read: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    # pyoxigraph reads solutions lazily, and its solutions may only be dropped on the thread that
    # made them. A reading that fails half-way must not leave them in a reference cycle (an
    # exception kept beside the traceback of the frame that holds it): the garbage collector
    # would drop them on whichever thread it next runs on, an HTTP server's, say.
    dropped: list[str] = []
    monkeypatch.setattr(sys, "unraisablehook", lambda u: dropped.append(str(u.exc_value)))
    gc.collect()
    bindings = [{"s": {"type": "uri", "value": "https://example.org/a"}}, second]
    document = {"head": {"vars": ["s"]}, "results": {"bindings": bindings}}
    _Server.answer = ("application/sparql-results+json", json.dumps(document).encode())
    if read:
        assert len(_store(server).select("SELECT ?s WHERE { ?s ?p ?o }")) == 2
    else:
        with pytest.raises(StoreError, match="did not answer with SPARQL JSON results"):
            _store(server).select("SELECT ?s WHERE { ?s ?p ?o }")
    elsewhere = threading.Thread(target=gc.collect)
    elsewhere.start()
    elsewhere.join()
    assert [message for message in dropped if "unsendable" in message] == []


def test_an_answer_the_server_cut_short_is_an_error(server: str) -> None:
    """Virtuoso stops at its ResultSetMaxRows and says so only in a header: what styrgraf
    computed from the shorter answer (validation, coverage) would be wrong without a word."""
    _Server.answer = ("application/sparql-results+json", NO_ROWS)
    _Server.headers_sent = {"X-SPARQL-MaxRows": "10000"}
    store = _store(server)
    with pytest.raises(StoreError, match=r"cut its answer at 10000 rows.*ResultSetMaxRows"):
        store.select("SELECT ?s WHERE { ?s ?p ?o }")
    with pytest.raises(StoreError, match=r"cut its answer at 10000 rows"):
        store.execute("SELECT ?s WHERE { ?s ?p ?o }", [GRAPH], [GRAPH])
    _Server.headers_sent = {}
    assert store.select("SELECT ?s WHERE { ?s ?p ?o }") == []
