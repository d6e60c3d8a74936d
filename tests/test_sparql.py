"""The SPARQL endpoint against the W3C SPARQL 1.1 Protocol tests (query side), the service
description tests, and the extra HTTP and safety checks of the checklist in
shared/reference/sparql-protocol-tests.md. Update tests A13-A19 are refused here, as the
endpoint is read-only."""

from __future__ import annotations

import csv
import io
import json
import threading
import urllib.parse
from collections.abc import Iterator

import pyoxigraph as ox
import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from styrgraf.web.app import create_app
from tests_support import PRIVATE

KASEI = "http://kasei.us/2009/09/sparql/data/"
FOAF_DOCUMENT = "http://xmlns.com/foaf/0.1/Document"
RESULT_TYPES = ("application/sparql-results+xml", "application/sparql-results+json")


@pytest.fixture
def app(shared_app: Flask) -> Flask:
    """Every test here that takes the app only reads: the session's one app (conftest)."""
    return shared_app


@pytest.fixture(scope="module")
def protocol(tmp_path_factory: pytest.TempPathFactory) -> FlaskClient:
    """An app holding the three W3C fixture graphs data1.rdf, data2.rdf and data3.rdf."""
    path = tmp_path_factory.mktemp("w3c") / "fixtures.trig"
    path.write_text(
        "".join(
            f"<{KASEI}data{n}.rdf> {{ <{KASEI}data{n}.rdf> a <{FOAF_DOCUMENT}> . }}\n"
            for n in (1, 2, 3)
        ),
        encoding="utf-8",
    )
    return create_app({"TESTING": True, "data": [str(path)]}).test_client()


def _url(**params: str | list[str]) -> str:
    return "/sparql?" + urllib.parse.urlencode(params, doseq=True)


def _boolean(response: TestResponse) -> bool:
    assert response.status_code < 400, response.get_data(as_text=True)
    assert response.mimetype in RESULT_TYPES
    if response.mimetype.endswith("json"):
        value: bool = json.loads(response.data)["boolean"]
        return value
    return b"<boolean>true</boolean>" in response.data


def _data(n: int) -> str:
    return f"{KASEI}data{n}.rdf"


def test_a1_query_post_form(protocol: FlaskClient) -> None:
    response = protocol.post(
        _url(**{"default-graph-uri": f"{KASEI}data0.rdf"}), data={"query": "ASK {}"}
    )
    assert _boolean(response) is True


ASK_BOTH = f"ASK {{ <{KASEI}data1.rdf> a ?type . <{KASEI}data2.rdf> a ?type . }}"
ASK_NAMED = (
    f"ASK {{ GRAPH ?g1 {{ <{KASEI}data1.rdf> a ?type }} "
    f"GRAPH ?g2 {{ <{KASEI}data2.rdf> a ?type }} }}"
)


def test_a2_dataset_default_graphs_get(protocol: FlaskClient) -> None:
    url = _url(query=ASK_BOTH, **{"default-graph-uri": [_data(1), _data(2)]})
    assert _boolean(protocol.get(url)) is True


def test_a3_dataset_default_graphs_post(protocol: FlaskClient) -> None:
    url = _url(**{"default-graph-uri": [_data(1), _data(2)]})
    response = protocol.post(url, data=ASK_BOTH, content_type="application/sparql-query")
    assert _boolean(response) is True


def test_a4_dataset_named_graphs_post(protocol: FlaskClient) -> None:
    url = _url(**{"named-graph-uri": [_data(1), _data(2)]})
    response = protocol.post(url, data=ASK_NAMED, content_type="application/sparql-query")
    assert _boolean(response) is True


def test_a5_dataset_named_graphs_get(protocol: FlaskClient) -> None:
    url = _url(query=ASK_NAMED, **{"named-graph-uri": [_data(1), _data(2)]})
    assert _boolean(protocol.get(url)) is True


def test_a6_dataset_full(protocol: FlaskClient) -> None:
    url = _url(**{"default-graph-uri": _data(3), "named-graph-uri": [_data(1), _data(2)]})
    query = (
        f"ASK {{ <{_data(3)}> a ?type GRAPH ?g1 {{ <{_data(1)}> a ?type }} "
        f"GRAPH ?g2 {{ <{_data(2)}> a ?type }} }}"
    )
    response = protocol.post(url, data=query, content_type="application/sparql-query")
    assert _boolean(response) is True


def test_a7_protocol_dataset_overrides_from(protocol: FlaskClient) -> None:
    url = _url(**{"named-graph-uri": [_data(1), _data(2)]})
    query = ASK_NAMED.replace("ASK {", f"ASK FROM <{_data(3)}> {{", 1)
    response = protocol.post(url, data=query, content_type="application/sparql-query")
    assert _boolean(response) is True


def test_a8_query_get(protocol: FlaskClient) -> None:
    url = _url(query="ASK {}", **{"default-graph-uri": f"{KASEI}data0.rdf"})
    assert _boolean(protocol.get(url)) is True


@pytest.mark.parametrize(
    ("query", "allowed"),
    [
        (
            "SELECT (1 AS ?value) {}",
            {*RESULT_TYPES, "text/csv", "text/tab-separated-values"},
        ),
        ("ASK {}", set(RESULT_TYPES)),
        (
            "DESCRIBE <http://example.org/>",
            {"application/rdf+xml", "text/turtle", "application/n-triples"},
        ),
        (
            "CONSTRUCT { <s> <p> 1 } WHERE {}",
            {"application/rdf+xml", "text/turtle", "application/n-triples"},
        ),
    ],
    ids=["a9-select", "a10-ask", "a11-describe", "a12-construct"],
)
def test_a9_to_a12_content_types(protocol: FlaskClient, query: str, allowed: set[str]) -> None:
    url = _url(**{"default-graph-uri": f"{KASEI}data0.rdf"})
    response = protocol.post(url, data=query, content_type="application/sparql-query")
    assert response.status_code == 200 and response.mimetype in allowed


@pytest.mark.parametrize(
    ("kind", "body"),
    [
        ("application/sparql-update", "CLEAR ALL"),
        ("application/x-www-form-urlencoded", "update=DROP%20ALL"),
    ],
)
def test_updates_are_refused_and_change_nothing(
    protocol: FlaskClient, kind: str, body: str
) -> None:
    response = protocol.post("/sparql", data=body, content_type=kind)
    assert response.status_code == 403 and response.json is not None
    assert response.json["status"] == 403 and "read-only" in response.json["error"]
    url = _url(query=ASK_BOTH, **{"default-graph-uri": [_data(1), _data(2)]})
    assert _boolean(protocol.get(url)) is True


def test_the_service_description(protocol: FlaskClient) -> None:
    response = protocol.get("/sparql", headers={"Accept": "text/turtle"})
    assert response.status_code == 200 and response.mimetype == "text/turtle"
    triples = {q.triple for q in ox.parse(response.data, format=ox.RdfFormat.TURTLE)}
    sd = "http://www.w3.org/ns/sparql-service-description#"
    endpoints = {t.object for t in triples if t.predicate == ox.NamedNode(sd + "endpoint")}
    assert endpoints == {ox.NamedNode("http://localhost/sparql")}
    languages = {t.object for t in triples if t.predicate == ox.NamedNode(sd + "supportedLanguage")}
    assert languages == {ox.NamedNode(sd + "SPARQL11Query")}  # no Update advertised
    assert any(t.predicate == ox.NamedNode(sd + "defaultDataset") for t in triples)
    bare = protocol.get("/sparql")
    assert bare.status_code == 200 and bare.mimetype == "text/turtle"
    page = protocol.get("/sparql", headers={"Accept": "text/html,application/xhtml+xml"})
    assert page.mimetype == "text/html" and b'<html lang="sv">' in page.data


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("*/*", "application/sparql-results+json"),
        ("application/*", "application/sparql-results+json"),
        ("text/csv;q=0.5, application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv, application/sparql-results+json;q=0", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
    ],
)
def test_accept_headers_are_honoured(protocol: FlaskClient, accept: str, expected: str) -> None:
    response = protocol.get(_url(query="SELECT (1 AS ?x) {}"), headers={"Accept": accept})
    assert response.status_code == 200 and response.mimetype == expected
    assert response.headers["Vary"] == "Accept, Authorization"


def test_a_construct_asked_for_rdf_xml_gets_rdf_xml(protocol: FlaskClient) -> None:
    """A client that accepts results XML and RDF/XML must get RDF/XML for a CONSTRUCT."""
    response = protocol.get(
        _url(query="CONSTRUCT { <http://a> <http://b> 1 } WHERE {}"),
        headers={"Accept": "application/sparql-results+xml, application/rdf+xml"},
    )
    assert response.mimetype == "application/rdf+xml"
    triples = list(ox.parse(response.data, format=ox.RdfFormat.RDF_XML))
    assert len(triples) == 1


def test_an_unsupported_accept_is_406(protocol: FlaskClient) -> None:
    response = protocol.get(_url(query="ASK {}"), headers={"Accept": "text/csv"})
    assert response.status_code == 406 and response.json is not None
    assert (
        response.json["status"] == 406
        and "application/sparql-results+json" in response.json["offered"]
    )


@pytest.mark.parametrize(
    ("kwargs", "status"),
    [
        ({"data": "ASK {}"}, 400),  # no Content-Type
        ({"data": "ASK {}", "content_type": "text/plain"}, 415),
        ({"data": {"query": "ASK {}", "update": "DROP ALL"}}, 400),
        ({"data": {"query": ""}}, 400),
        ({"data": {"query": "SELEKT * {}"}}, 400),
        ({"data": {"query": "SELECT * WHERE { ?s ?p }"}}, 400),
    ],
    ids=[
        "no-content-type",
        "unsupported-type",
        "query-and-update",
        "empty",
        "not-sparql",
        "bad-syntax",
    ],
)
def test_bad_requests_are_4xx_in_the_error_shape(
    protocol: FlaskClient, kwargs: dict[str, object], status: int
) -> None:
    response = protocol.post("/sparql", **kwargs)  # type: ignore[arg-type]
    assert response.status_code == status
    assert response.json is not None and response.json["status"] == status
    assert isinstance(response.json["error"], str)


def test_results_in_every_tabular_format(client: FlaskClient) -> None:
    query = (
        'SELECT ?x ?label WHERE { VALUES (?x ?label) { (<http://example.org/a> "å, \\"b\\""@sv) } }'
    )
    as_csv = client.get(_url(query=query), headers={"Accept": "text/csv"})
    assert list(csv.reader(io.StringIO(as_csv.get_data(as_text=True)))) == [
        ["x", "label"],
        ["http://example.org/a", 'å, "b"'],
    ]
    as_tsv = client.get(_url(query=query), headers={"Accept": "text/tab-separated-values"})
    lines = as_tsv.get_data(as_text=True).splitlines()
    assert lines == ["?x\t?label", '<http://example.org/a>\t"å, \\"b\\""@sv']
    as_xml = client.get(_url(query=query), headers={"Accept": "application/sparql-results+xml"})
    assert b'<literal xml:lang="sv">' in as_xml.data and b"&lt;" not in as_xml.data
    as_json = client.get(_url(query=query)).json
    assert as_json is not None
    assert as_json["results"]["bindings"][0]["label"] == {
        "type": "literal",
        "value": 'å, "b"',
        "xml:lang": "sv",
    }


def test_head_is_get_without_a_body(client: FlaskClient) -> None:
    got = client.get(_url(query="ASK {}"))
    head = client.head(_url(query="ASK {}"))
    assert head.status_code == 200 and head.data == b""
    assert head.headers["Content-Type"] == got.headers["Content-Type"]


# --- Safe by default ------------------------------------------------------------------------


@pytest.fixture
def listener() -> Iterator[tuple[str, list[bytes]]]:
    """A loopback socket that records any connection made to it."""
    import socket

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(0.2)
    seen: list[bytes] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                connection, _ = server.accept()
            except OSError:
                continue
            seen.append(connection.recv(1024))
            connection.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.getsockname()[1]}/", seen
    finally:
        stop.set()
        thread.join()
        server.close()


def test_the_server_fetches_no_url_it_is_handed(
    client: FlaskClient, listener: tuple[str, list[bytes]]
) -> None:
    url, seen = listener
    federated = client.get(_url(query=f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"))
    assert federated.status_code == 400 and "SERVICE" in federated.json["error"]  # type: ignore[index]
    from_url = client.get(_url(query=f"SELECT * FROM <{url}> WHERE {{ ?s ?p ?o }} LIMIT 1"))
    assert from_url.status_code == 200
    load = client.post("/sparql", data={"update": f"LOAD <{url}>"})
    assert load.status_code == 403
    assert seen == []


def test_the_private_graph_never_shows(client: FlaskClient) -> None:
    queries = [
        "SELECT ?s WHERE { ?s a <https://w3id.org/styrgraf#DevelopmentPlan> }",
        "SELECT ?s WHERE { GRAPH ?g { ?s a <https://w3id.org/styrgraf#Employee> } }",
        f"SELECT ?s WHERE {{ GRAPH <{PRIVATE}> {{ ?s ?p ?o }} }}",
        f"SELECT ?s FROM <{PRIVATE}> WHERE {{ ?s ?p ?o }}",
        f"SELECT ?s FROM NAMED <{PRIVATE}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
    ]
    for query in queries:
        for dataset in ({}, {"default-graph-uri": PRIVATE}, {"named-graph-uri": PRIVATE}):
            response = client.get(_url(query=query, **dataset))
            assert response.status_code == 200
            text = response.get_data(as_text=True)
            # FROM names no graph beyond the public ones: the answer is over those, or empty.
            assert "iup-20" not in text and "medarbetare" not in text, (query, dataset)
    described = client.get(
        _url(query="DESCRIBE <https://w3id.org/styrgraf/ljungby/id/iup-2021-2>"),
        headers={"Accept": "application/n-triples"},
    )
    assert described.data == b""
    description = client.get("/sparql", headers={"Accept": "application/n-triples"})
    assert PRIVATE.encode() not in description.data


def test_a_body_over_the_limit_is_413() -> None:
    small = create_app({"TESTING": True, "max_body": 1000}).test_client()
    response = small.post(
        "/sparql", data="ASK {}" + " " * 2000, content_type="application/sparql-query"
    )
    assert response.status_code == 413
    assert response.json is not None and response.json["status"] == 413


def test_a_runaway_query_is_stopped_and_others_are_answered() -> None:
    app: Flask = create_app({"TESTING": True, "query_timeout": 1.0, "max_results": 10**9})
    client = app.test_client()
    # A cross product that streams: the deadline stops it between solutions, in its worker
    # process. (One that computes before its first answer ends with its process: see
    # tests/test_evaluation.py.)
    runaway = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    response = client.get(_url(query=runaway))
    assert response.status_code == 503
    assert response.json is not None and "1.0 s" in response.json["error"]
    assert client.get(_url(query="ASK {}")).status_code == 200


def test_long_answers_are_cut_with_a_signal() -> None:
    client = create_app({"TESTING": True, "max_results": 5}).test_client()
    response = client.get(_url(query="SELECT ?s WHERE { ?s ?p ?o }"))
    assert response.json is not None and len(response.json["results"]["bindings"]) == 5
    assert response.headers["Styrgraf-Results-Truncated"] == "5"
    short = client.get(_url(query="SELECT ?s WHERE { ?s ?p ?o } LIMIT 3"))
    assert "Styrgraf-Results-Truncated" not in short.headers


def test_cors_is_open_for_reading_without_credentials(client: FlaskClient) -> None:
    response = client.get(_url(query="ASK {}"), headers={"Origin": "https://example.org"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response.headers


def test_behind_a_proxy_the_description_names_the_public_url() -> None:
    proxied = create_app({"TESTING": True, "behind_proxy": True}).test_client()
    headers = {
        "Accept": "application/n-triples",
        "X-Forwarded-Host": "mal.ljungby.se",
        "X-Forwarded-Proto": "https",
    }
    description = proxied.get("/sparql", headers=headers)
    assert b"<https://mal.ljungby.se/sparql>" in description.data
    direct = create_app({"TESTING": True}).test_client().get("/sparql", headers=headers)
    assert b"<http://localhost/sparql>" in direct.data


@pytest.mark.parametrize("parameter", ["default-graph-uri", "named-graph-uri"])
@pytest.mark.parametrize("value", ["not an iri", "relative", "http://a/%ZZ", "\x00", "<x>"])
def test_a_dataset_iri_that_is_no_iri_is_a_400_not_a_500(
    client: FlaskClient, parameter: str, value: str
) -> None:
    query = "SELECT * WHERE { ?s ?p ?o } LIMIT 1"
    for response in (
        client.get(_url(query=query, **{parameter: value})),
        client.post("/sparql", data={"query": query, parameter: value}),
    ):
        assert response.status_code == 400
        assert response.json is not None and response.json["parameter"] == parameter


def _solutions(client: FlaskClient, query: str, **dataset: list[str]) -> list[dict[str, str]]:
    response = client.get(_url(query=query, **dataset))
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.json is not None
    return [{k: v["value"] for k, v in b.items()} for b in response.json["results"]["bindings"]]


def test_from_and_from_named_choose_the_graphs_of_the_query(protocol: FlaskClient) -> None:
    every = f"SELECT ?g ?doc WHERE {{ GRAPH ?g {{ ?doc a <{FOAF_DOCUMENT}> }} }} ORDER BY ?g"
    one, two = f"{KASEI}data1.rdf", f"{KASEI}data2.rdf"
    default = f"SELECT ?doc WHERE {{ ?doc a <{FOAF_DOCUMENT}> }} ORDER BY ?doc"
    # Without clauses the dataset is every public graph; FROM narrows the default graph ...
    assert len(_solutions(protocol, default)) == 3
    assert _solutions(protocol, default.replace("WHERE", f"FROM <{one}> WHERE")) == [{"doc": one}]
    prefixed = f"PREFIX k: <{KASEI}> " + default.replace("WHERE", "FROM k:data2.rdf WHERE")
    assert _solutions(protocol, prefixed) == [{"doc": two}]
    # ... with no named graphs unless FROM NAMED gives them, and then no default graph.
    assert _solutions(protocol, every.replace("WHERE", f"FROM <{one}> WHERE")) == []
    named = every.replace("WHERE", f"FROM NAMED <{two}> WHERE")
    assert _solutions(protocol, named) == [{"g": two, "doc": two}]
    assert _solutions(protocol, default.replace("WHERE", f"FROM NAMED <{two}> WHERE")) == []
    # A graph this store does not have is an empty graph, never a fetch.
    elsewhere = default.replace("WHERE", "FROM <http://127.0.0.1:9/elsewhere> WHERE")
    assert _solutions(protocol, elsewhere) == []
    # The protocol's dataset wins over the clauses (W3C test A7 says so too).
    overridden = _solutions(
        protocol, default.replace("WHERE", f"FROM <{one}> WHERE"), **{"default-graph-uri": [two]}
    )
    assert overridden == [{"doc": two}]


def test_from_never_opens_a_private_graph(client: FlaskClient) -> None:
    query = f"SELECT (COUNT(*) AS ?n) FROM <{PRIVATE}> FROM NAMED <{PRIVATE}> WHERE {{ ?s ?p ?o }}"
    assert _solutions(client, query) == [{"n": "0"}]
    undeclared = client.get(_url(query="SELECT * FROM nope:g WHERE { ?s ?p ?o }"))
    assert undeclared.status_code == 400 and undeclared.json is not None
    assert "undeclared prefix" in undeclared.json["error"]


def test_a_query_nested_too_deep_is_refused_before_it_is_parsed(protocol: FlaskClient) -> None:
    deep = "ASK " + "{" * 3000 + "}" * 3000
    response = protocol.post("/sparql", data={"query": deep})
    assert response.status_code == 400 and response.json is not None
    assert response.json["parameter"] == "query" and "128 levels" in response.json["error"]
    fine = "ASK " + "{" * 100 + "}" * 100
    assert _boolean(protocol.post("/sparql", data={"query": fine})) is True
    # Braces inside strings, IRIs and comments are not nesting.
    literal = 'ASK { FILTER ("' + "{" * 300 + '" != "") } # ' + "(" * 300
    assert _boolean(protocol.post("/sparql", data={"query": literal})) is True
