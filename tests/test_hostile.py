"""Hostile requests over the real wire, against a `styrgraf serve` subprocess (waitress).

What the Flask test client cannot show: bodies over the cap with and without Content-Length,
slow and garbled request lines, raw bytes that are no URL, and that the server fetches nothing
it is handed (a listener on a loopback port must see no connection). Every answer is a 4xx,
never a 5xx, nothing is written, and the server answers the next request.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import socket
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from tests_support import PRIVATE, PUBLIC, Listener, Wire, serving

TOKEN = "hostile-token"
CAP = 64 * 1024
TARGET = "https://example.org/hostile/graph"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    env = {"STYRGRAF_WRITE_TOKEN": TOKEN, "STYRGRAF_MAX_BODY": str(CAP), "STYRGRAF_WORKERS": "4"}
    with serving(tmp_path_factory.mktemp("hostile"), env=env) as base:
        yield base


@dataclass
class Raw:
    """An answer read off a socket: the status, the header block and the body."""

    status: int
    head: str
    body: bytes


def exchange(server: str, data: bytes, body: bytes = b"", timeout: float = 30.0) -> Raw:
    """Send bytes as they are (no client tidies them up), then read until the server closes.

    The server may answer and close before it has read all of ``body``: that is allowed.
    """
    port = urllib.parse.urlsplit(server).port or 80
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as connection:
        connection.sendall(data)
        with contextlib.suppress(OSError):  # refused before the whole body was sent
            connection.sendall(body)
        received = b""
        while True:
            try:
                chunk = connection.recv(65536)
            except ConnectionResetError:
                break
            if not chunk:
                break
            received += chunk
    head, _, rest = received.partition(b"\r\n\r\n")
    status_line = head.split(b"\r\n", 1)[0].decode("latin-1")
    assert status_line.startswith("HTTP/1."), received[:200]
    return Raw(int(status_line.split()[1]), head.decode("latin-1"), rest)


def request(method: str, target: bytes, headers: dict[str, str], length: int | None) -> bytes:
    lines = [method.encode() + b" " + target + b" HTTP/1.1", b"Host: 127.0.0.1"]
    lines += [f"{k}: {v}".encode("latin-1") for k, v in headers.items()]
    if length is not None:
        lines.append(f"Content-Length: {length}".encode())
    lines.append(b"Connection: close")
    return b"\r\n".join(lines) + b"\r\n\r\n"


def chunked(data: bytes, size: int = 8192) -> bytes:
    out = b""
    for start in range(0, len(data), size):
        piece = data[start : start + size]
        out += f"{len(piece):x}\r\n".encode() + piece + b"\r\n"
    return out + b"0\r\n\r\n"


def store_target() -> bytes:
    return ("/store?" + urllib.parse.urlencode({"graph": TARGET})).encode()


WRITE = {"Content-Type": "application/n-triples", "Authorization": f"Bearer {TOKEN}"}


def triples(size: int) -> bytes:
    line = b'<https://example.org/hostile/s> <https://example.org/hostile/p> "%d" .\n'
    data = b"".join(line % i for i in range(size // len(line) + 1))
    return data[: data.rfind(b"\n", 0, size) + 1] if len(data) > size else data


def alive(wire: Wire) -> None:
    """The server still answers, and nothing was written to the target graph."""
    assert wire.get("/health").status == 200
    assert wire.get(store_target().decode(), "text/turtle").status == 404


# --- bodies over the cap -------------------------------------------------------------------------


@pytest.mark.parametrize("framing", ["content-length", "chunked"])
def test_a_body_over_the_cap_is_a_413_naming_the_limit(
    server: str, wire: Wire, framing: str
) -> None:
    body = triples(CAP + 4096)
    assert len(body) > CAP
    cases = [
        ("PUT", store_target(), WRITE),
        ("POST", b"/sparql", {"Content-Type": "application/sparql-query"}),
    ]
    for method, target, headers in cases:
        if framing == "chunked":
            head = request(method, target, {**headers, "Transfer-Encoding": "chunked"}, None)
            answer = exchange(server, head, chunked(body))
        else:
            answer = exchange(server, request(method, target, headers, len(body)), body)
        assert answer.status == 413, answer
        error = json.loads(answer.body)
        assert error["status"] == 413 and error["limit"] == CAP and str(CAP) in error["error"]
        alive(wire)


@pytest.mark.parametrize("framing", ["content-length", "chunked"])
def test_a_body_far_over_the_cap_is_not_read_at_all(server: str, wire: Wire, framing: str) -> None:
    """Past twice the cap, waitress answers 413 itself without reading the body to its end:
    a client cannot make the server spool a gigabyte."""
    body = triples(16 * CAP)
    if framing == "chunked":
        head = request("PUT", store_target(), {**WRITE, "Transfer-Encoding": "chunked"}, None)
        answer = exchange(server, head, chunked(body))
    else:
        # Announce a gigabyte and send none of it: the answer comes from the headers alone.
        answer = exchange(server, request("PUT", store_target(), WRITE, 1 << 30))
    assert answer.status == 413, answer
    assert str(2 * CAP).encode() in answer.body  # waitress names its limit
    alive(wire)


# --- request lines and headers -----------------------------------------------------------------


GARBLED = [
    b"GARBAGE\r\n\r\n",
    b"GET /ljungby/id/\xff\xfe HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    b"GET /sparql?query=\xff HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    b"GET /\x00 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    b"GET /health HTTP/1.1\r\nHost: x\r\nBad Header\r\nConnection: close\r\n\r\n",
    b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\nConnection: close\r\n\r\n",
    b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\nConnection: close\r\n\r\n",
    b"POST /sparql HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
    b"Content-Type: application/sparql-query\r\nConnection: close\r\n\r\nzz\r\nabc\r\n0\r\n\r\n",
    b"GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 300_000 + b"\r\n\r\n",
    b"GET /sparql?query=" + b"a" * 300_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET /store?graph=" + PRIVATE.encode() + b" HTTP/1.1\r\nHost: x\r\n"
    b"Authorization: Bearer \xff\xfe\r\nConnection: close\r\n\r\n",
    b"PUT /store?graph=http://a/b HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data\r\n"
    b"Authorization: Bearer " + TOKEN.encode() + b"\r\nContent-Length: 3\r\n"
    b"Connection: close\r\n\r\nabc",
    b"FOO /sparql HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
]


@pytest.mark.parametrize("data", GARBLED, ids=range(len(GARBLED)))
def test_garbled_requests_are_4xx(server: str, wire: Wire, data: bytes) -> None:
    answer = exchange(server, data)
    assert 400 <= answer.status < 500, answer
    alive(wire)


def test_a_slow_request_line_holds_up_no_one(server: str, wire: Wire) -> None:
    port = urllib.parse.urlsplit(server).port or 80
    with socket.create_connection(("127.0.0.1", port), timeout=30) as slow:
        for piece in (b"GE", b"T /hea", b"lth HT", b"TP/1.1\r\nHo", b"st: x\r\n"):
            slow.sendall(piece)
            # Meanwhile everyone else is answered.
            assert wire.get("/health").status == 200
            time.sleep(0.2)
        slow.sendall(b"Connection: close\r\n\r\n")
        received = b""
        while chunk := slow.recv(65536):
            received += chunk
    assert received.startswith(b"HTTP/1.1 200")


# --- bad query strings and percent-encodings ------------------------------------------------------


MALFORMED = [
    "/sparql?query=%ZZ",
    "/sparql?query=%",
    "/sparql?query=%C3%28",
    "/sparql?query=SELECT%00",
    "/sparql?query=SELECT+*+WHERE+%7B%3Fs+%3Fp+%3Fo%7D&default-graph-uri=%FF",
    "/sparql?query=SELECT+*+WHERE+%7B%3Fs+%3Fp+%3Fo%7D&named-graph-uri=%00",
    "/sparql?query=SELECT+*+WHERE+%7B%3Fs+%3Fp+%3Fo%7D&default-graph-uri=not%20an%20iri",
    "/sparql?query=ASK%7B%7D&query=ASK%7B%7D",
    "/resource?iri=%FF",
    "/resource?iri=%00",
    "/resource?iri=http://a/%ZZ",
    "/resource?iri=http://a/b&format=%FF&lang=%FF",
    "/ljungby/id/%FF",
    "/ljungby/id/%ZZ",
    "/ljungby/id/%00",
    "/ljungby/id/%C0%AF..",
    "/ljungby/id/kommunstyrelsen?format=html&lang=%FF",
    "/ljungby/id/kommunstyrelsen.html?lang=%00",
    "/%2e%2e/%2e%2e/etc/passwd",
    "/api/trace?iri=%00",
    "/api/trace?iri=%FF",
    "/api/trace?iri=http://a/b&direction=%FF",
    "/api/trace?iri=http://a/b&graph=%3Cx",
    "/api/coverage?lang=%FF",
    "/api/coverage?graph=%FF",
    "/api/validate?graph=%FF",
    "/api/queries/%FF",
    "/api/queries/%00",
    "/store?graph=%E0%A4%A",
    "/store?graph=%FF",
    "/dataset?format=%FF",
    "/health?x=%",
]


@pytest.mark.parametrize("accept", ["*/*", "text/html", "application/sparql-results+json"])
def test_malformed_query_strings_are_4xx_in_the_error_shape(
    server: str, wire: Wire, accept: str
) -> None:
    for path in MALFORMED:
        answer = exchange(server, request("GET", path.encode(), {"Accept": accept}, None))
        assert 400 <= answer.status < 500, (path, answer)
        if accept == "text/html" and "Content-Type: text/html" in answer.head:
            # A person in a browser is told on a page, in the site's layout.
            assert b"<main" in answer.body and str(answer.status).encode() in answer.body, path
            continue
        error = json.loads(answer.body)
        assert error["status"] == answer.status and error["error"], path
    alive(wire)


# --- the server fetches nothing it is handed ---------------------------------------------------


@pytest.fixture
def listener() -> Iterator[Listener]:
    found = Listener()
    yield found
    found.close()


def put(wire: Wire, data: bytes, media: str) -> tuple[int, dict[str, object]]:
    answer = wire.request(
        "PUT",
        store_target().decode(),
        body=data,
        headers={"Content-Type": media, "Authorization": f"Bearer {TOKEN}"},
    )
    return answer.status, json.loads(answer.body) if answer.body else {}


def test_entity_expansion_in_rdf_xml_is_refused_and_nothing_is_written(wire: Wire) -> None:
    size = wire.sparql(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{PUBLIC}> {{ ?s ?p ?o }} }}")
    laughs = "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    )  # a billion "lol"s, should anything expand them
    document = (
        '<?xml version="1.0"?>\n'
        f'<!DOCTYPE rdf:RDF [<!ENTITY lol0 "lol">{laughs}]>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns:ex="https://example.org/hostile/">'
        '<rdf:Description rdf:about="https://example.org/hostile/s">'
        "<ex:p>&lol9;</ex:p></rdf:Description></rdf:RDF>"
    ).encode()
    status, error = put(wire, document, "application/rdf+xml")
    assert status == 400 and error["status"] == 400, error
    alive(wire)
    after = wire.sparql(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{PUBLIC}> {{ ?s ?p ?o }} }}")
    assert after.json() == size.json()


def test_no_url_in_a_body_is_fetched(wire: Wire, listener: Listener) -> None:
    context = listener.url("context.jsonld")
    bodies = [
        (json.dumps({"@context": context, "@id": "https://example.org/a", "name": "x"}), 400),
        (json.dumps({"@context": [context], "@id": "https://example.org/a"}), 400),
        (json.dumps({"@context": {"@import": context}, "@id": "https://example.org/a"}), 400),
    ]
    for body, status in bodies:
        got, error = put(wire, body.encode(), "application/ld+json")
        assert got == status, error
    external = (
        '<?xml version="1.0"?>\n'
        f'<!DOCTYPE rdf:RDF [<!ENTITY ext SYSTEM "{listener.url("entity")}">]>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns:ex="https://example.org/hostile/">'
        '<rdf:Description rdf:about="https://example.org/hostile/s">'
        "<ex:p>&ext;</ex:p></rdf:Description></rdf:RDF>"
    )
    got, error = put(wire, external.encode(), "application/rdf+xml")
    assert got == 400, error
    alive(wire)
    assert listener.connections == 0


def test_no_url_in_a_query_or_a_link_is_fetched(wire: Wire, listener: Listener) -> None:
    service = wire.sparql(f"SELECT * WHERE {{ SERVICE <{listener.url('sparql')}> {{ ?s ?p ?o }} }}")
    assert service.status == 400
    silent = wire.sparql(
        f"SELECT * WHERE {{ SERVICE SILENT <{listener.url('sparql')}> {{ ?s ?p ?o }} }}"
    )
    assert silent.status == 400
    for query in (
        f"SELECT * FROM <{listener.url('data.ttl')}> WHERE {{ ?s ?p ?o }} LIMIT 1",
        f"SELECT * FROM NAMED <{listener.url('data.ttl')}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        f"ASK {{ GRAPH <{listener.url('data.ttl')}> {{ ?s ?p ?o }} }}",
        f"DESCRIBE <{listener.url('thing')}>",
    ):
        assert wire.sparql(query, accept="*/*").status == 200, query
    for parameter in ("default-graph-uri", "named-graph-uri"):
        found = wire.get(
            "/sparql?"
            + urllib.parse.urlencode(
                {"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1", parameter: listener.url("g")}
            )
        )
        assert found.status == 200
    update = wire.request(
        "POST",
        "/sparql",
        body=urllib.parse.urlencode({"update": f"LOAD <{listener.url('data.ttl')}>"}).encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert update.status == 403
    for accept in ("text/turtle", "text/html"):
        described = wire.get(
            "/resource?" + urllib.parse.urlencode({"iri": listener.url("x")}), accept
        )
        assert described.status == 404
    alive(wire)
    assert listener.connections == 0


# --- many connections ----------------------------------------------------------------------------


def test_idle_keep_alive_connections_do_not_lock_others_out(server: str) -> None:
    """Clients that keep their connections open between requests (most HTTP libraries do)
    hold a place each; past waitress's default of 100 places a new client got no answer until
    an idle connection timed out, two minutes later."""
    port = urllib.parse.urlsplit(server).port or 80
    idle: list[http.client.HTTPConnection] = []
    try:
        for _ in range(150):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            connection.request("GET", "/health")
            answer = connection.getresponse()
            answer.read()
            assert answer.status == 200
            idle.append(connection)
        fresh = Wire(server)
        assert fresh.get("/health").status == 200
        fresh.close()
    finally:
        for connection in idle:
            connection.close()
