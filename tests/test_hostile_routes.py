"""Hostile input on every route, for the routes of today and of tomorrow: the routes come from
``create_app()``'s ``url_map`` (routes_support), so a new route is sent the same without a test
naming it. Each is sent, with every method, bad percent-encodings, overlong values, script
IRIs, unknown and garbage parameters, odd ``Accept`` headers, and deep and huge bodies, with
and without the token. Nothing may answer 5xx; a machine route's error is the JSON error
shape; no page or drawing links to a script. Through Flask's test client (where the wire does
not matter), and a sample over a real ``styrgraf serve``."""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.routing import Rule
from werkzeug.test import TestResponse

from routes_support import TOKEN, generic_url, rules, sample_urls, unsafe_links
from styrgraf.web.app import create_app
from styrgraf.web.errors import MACHINE_ROUTES
from tests_support import Wire, serving

MAX_BODY = 64 * 1024
AUTH = {"Authorization": f"Bearer {TOKEN}"}
SCRIPT = "javascript:alert(document.domain)//x"
#: Values that fill a route's path arguments.
PATH_VALUES = ("x", "%zz", "%ff%fe", "%00", "a" * 5000, SCRIPT, "..%2f..%2fetc%2fpasswd", "é")
#: Query strings sent to every route (as raw text: some are no valid encoding).
QUERIES = (
    "iri=" + urllib.parse.quote(SCRIPT, safe=""),
    "iri=javascript:alert(1)&iri=JaVaScRiPt:alert(2)",
    "iri=%zz&graph=%ff&lang=%c3%28",
    "iri=%00&query=%00&named=%00",
    "garbage=1&format=%25%25&direction=sideways&lang=<script>",
    "format=" + "x" * 20000,
    "iri=" + "h" * 20000,
    "query=" + urllib.parse.quote("SELECT * { ?s ?p ?o }" + " " * 5000 + "#" + "x" * 15000),
    "named=" + "n" * 3000 + "&run=1",
    "board=javascript:x&area=data:text/html,x&unit=vbscript:x&focus=%zz&q=" + "q" * 3000,
    "graph=urn:x&default&format=csv",
    "lang=" + "e" * 3000,
    "=&&=&%=%&;;",
)
ACCEPTS = (
    "",
    "*/*",
    "text/html",
    "application/json",
    "garbage",
    "text/html;q=abc, */*;q=-1",
    "application/sparql-results+json;q=0, */*;q=0",
    "text/csv",
    "image/svg+xml",
)
METHODS = ("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH")
BODIES = (
    ("application/json", b"[" * 100_000 + b"]" * 100_000),
    ("text/turtle", b"<urn:x:a> <urn:x:b> " + b"(" * 20_000 + b")" * 20_000 + b" ."),
    (
        "application/ld+json",
        b'{"@context": {"@vocab": "urn:x:"}, "a": ' + b"[" * 20_000 + b"]" * 20_000 + b"}",
    ),
    ("application/rdf+xml", b"<rdf:RDF>" + b"<a>" * 20_000 + b"</rdf:RDF>"),
    ("application/x-www-form-urlencoded", b"query=" + b"%zz" * 1000 + b"&update=" + b"{" * 5000),
    ("application/sparql-query", b"SELECT * {" + b"{" * 10_000 + b"}" * 10_000 + b"}"),
    ("text/turtle", b"x" * (MAX_BODY + 1)),
    (
        "multipart/form-data; boundary=b",
        b'--b\r\nContent-Disposition: form-data; name="f"\r\n\r\n' + b"\xff" * 1000,
    ),
    ("garbage/garbage", b"\x00\xff" * 100),
)


@pytest.fixture(scope="module")
def hostile_app(lean_model: Path) -> Iterator[Flask]:
    # The lean model (one year of follow-up): every kind of resource and page the bundled
    # model has, by the same IRIs, at half the cost of each whole-model answer.
    settings = {"TESTING": True, "write_token": TOKEN, "query_processes": 0}
    yield create_app({**settings, "max_body": MAX_BODY, "data": [str(lean_model)]})


@pytest.fixture
def client(hostile_app: Flask) -> FlaskClient:
    return hostile_app.test_client()


def _problems(what: str, path: str, response: TestResponse) -> list[str]:
    """What is wrong with one answer: a 5xx, a machine route's error not in the JSON error
    shape, a link to a script."""
    found = []
    status = response.status_code
    if status >= 500:
        found.append(f"{what}: {status} {response.get_data(as_text=True)[:200]}")
    route = urllib.parse.urlsplit(path).path
    # The query page (/sparql asked for HTML) shows a refusal in the page, with its status.
    page = route == "/sparql" and response.mimetype == "text/html"
    machine = route.startswith(MACHINE_ROUTES) and not page
    if status >= 400 and machine and response.request.method != "HEAD":
        try:
            shape = json.loads(response.get_data(as_text=True))
        except ValueError:
            shape = None
        if not (isinstance(shape, dict) and shape.get("status") == status and shape.get("error")):
            found.append(f"{what}: {status} not the JSON error shape")
    if response.mimetype in ("text/html", "image/svg+xml"):
        unsafe = unsafe_links(response.get_data(as_text=True))
        if unsafe:
            found.append(f"{what}: links {unsafe}")
    return found


def _send(
    client: FlaskClient,
    method: str,
    path: str,
    headers: dict[str, str],
    body: bytes | None = None,
) -> TestResponse:
    response = client.open(path, method=method, headers=headers, data=body, buffered=True)
    response.close()
    return response


def _targets(app: Flask) -> list[tuple[Rule, str]]:
    """Every route with its path arguments filled with each hostile value, and its samples."""
    found = sample_urls(app)
    for rule in rules(app):
        if rule.arguments:
            found.extend((rule, generic_url(rule, value)) for value in PATH_VALUES)
    return found


def test_every_route_is_sent_hostile_queries(client: FlaskClient) -> None:
    app = client.application
    problems: list[str] = []
    sent = 0
    for _rule, url in _targets(app):
        for number, query in enumerate(QUERIES):
            path = url + ("&" if "?" in url else "?") + query
            # Each query with one Accept in turn, with and without the token.
            accept = ACCEPTS[(number + len(url)) % len(ACCEPTS)]
            for headers in ({"Accept": accept}, {"Accept": accept, **AUTH}):
                response = _send(client, "GET", path, headers)
                problems += _problems(f"GET {path[:120]} {headers}", path, response)
                sent += 1
    assert problems == [], "\n".join(problems[:40])
    assert sent > 500


def test_every_route_is_sent_every_accept_header(client: FlaskClient) -> None:
    problems: list[str] = []
    for _rule, url in sample_urls(client.application):
        for accept in ACCEPTS:
            response = _send(client, "GET", url, {"Accept": accept})
            problems += _problems(f"GET {url} Accept {accept!r}", url, response)
    assert problems == [], "\n".join(problems[:40])


def test_every_route_is_sent_every_method_and_hostile_bodies(client: FlaskClient) -> None:
    problems: list[str] = []
    for rule in rules(client.application):
        url = generic_url(rule)
        if rule.rule == "/store":
            url = "/store?graph=urn:x:hostile"
        for method in METHODS:
            for media, body in BODIES:
                for token in ({}, AUTH):
                    headers = {"Content-Type": media, "Accept": "*/*", **token}
                    payload = None if method in ("GET", "HEAD", "OPTIONS") else body
                    response = _send(client, method, url, headers, payload)
                    problems += _problems(f"{method} {url} {media} {bool(token)}", url, response)
                    if method not in (rule.methods or ()) and response.status_code != 405:
                        problems.append(f"{method} {url}: {response.status_code}, not 405")
                if method in ("GET", "HEAD", "OPTIONS", "DELETE"):
                    break  # no body: once is enough
    assert problems == [], "\n".join(problems[:40])


@pytest.fixture(scope="module")
def wire(tmp_path_factory: pytest.TempPathFactory, lean_model: Path) -> Iterator[Wire]:
    folder: Path = tmp_path_factory.mktemp("hostile-routes-serve")
    env = {"STYRGRAF_WRITE_TOKEN": TOKEN, "STYRGRAF_MAX_BODY": str(MAX_BODY)}
    with serving(folder, "--data", str(lean_model), env=env) as url:
        client = Wire(url)
        try:
            yield client
        finally:
            client.close()


def test_over_the_wire_hostile_requests_get_no_5xx(hostile_app: Flask, wire: Wire) -> None:
    problems = []
    for _rule, url in sample_urls(hostile_app):
        for query in (QUERIES[0], QUERIES[2], QUERIES[4], QUERIES[6]):
            path = url + ("&" if "?" in url else "?") + query
            for headers in ({"Accept": "text/html"}, {"Accept": "*/*", **AUTH}):
                answer = wire.request("GET", path, headers=headers)
                if answer.status >= 500:
                    problems.append(f"GET {path[:120]}: {answer.status}")
                drawn = answer.media in ("text/html", "image/svg+xml")
                if drawn and unsafe_links(answer.body.decode("utf-8", "replace")):
                    problems.append(f"GET {path[:120]}: a link to a script")
                cached = answer.headers.get("Cache-Control") != "private, no-store"
                if "Authorization" in headers and cached:
                    problems.append(f"GET {path[:120]}: cacheable with the token")
    for media, body in BODIES:
        for token in ({}, AUTH):
            answer = wire.request(
                "PUT",
                "/store?graph=urn:x:wire",
                body=body,
                headers={"Content-Type": media, **token},
            )
            # A body past twice max_body is refused by serve itself, before the app, in text
            # (README, max_body); every other refusal is the JSON error shape.
            refused = answer.status >= 400 and not (
                answer.status == 413 and answer.media == "text/plain"
            )
            if answer.status >= 500 or (refused and answer.json().get("status") != answer.status):
                problems.append(f"PUT {media} {bool(token)}: {answer.status}")
    assert problems == [], "\n".join(problems[:40])
