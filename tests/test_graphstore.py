"""The Graph Store Protocol at /store: the W3C indirect-identification tests, tokens, validation
before every write, safe parsing, the body limit and the private graph."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from flask import Flask
from flask.testing import FlaskClient
from rdflib import Graph
from rdflib.compare import to_canonical_graph
from werkzeug.test import TestResponse

from styrgraf.model.bundled import ONTOLOGY_GRAPH
from styrgraf.web.app import create_app
from styrgraf.web.routes.graph_store import DEFAULT_GRAPH
from styrgraf.web.service import service
from tests_support import PRIVATE, PUBLIC

SG = "https://w3id.org/styrgraf#"
TOKEN = {"Authorization": "Bearer test-token"}
TURTLE = "text/turtle; charset=utf-8"
PERSON = "http://www.example/gsp/person/"
PREFIXES = (
    "@prefix foaf: <http://xmlns.com/foaf/0.1/> .\n"
    "@prefix v: <http://www.w3.org/2006/vcard/ns#> .\n"
)
JOHN = PREFIXES + f'<{PERSON}1> a foaf:Person ; v:fn "John Doe" .\n'
JANE = PREFIXES + f'<{PERSON}1> a foaf:Person ; v:fn "Jane Doe" .\n'
JANE_2 = PREFIXES + f'<{PERSON}2> a foaf:Person ; v:fn "Jane Doe" .\n'
ALICE = PREFIXES + '[] a foaf:Person ; v:given-name "Alice" .\n'
BOUNDARY = "a6fe4cd636164618814be9f8d3d1a0de"
MULTIPART = (
    f"--{BOUNDARY}\r\n"
    'Content-Disposition: form-data; name="lastName.ttl"; filename="lastName.ttl"\r\n'
    "Content-Type: text/turtle; charset=utf-8\r\n\r\n"
    "@prefix foaf: <http://xmlns.com/foaf/0.1/> .\n"
    f'<{PERSON}1> foaf:familyName "Doe" .\n\r\n'
    f"--{BOUNDARY}\r\n"
    'Content-Disposition: form-data; name="firstName.ttl"; filename="firstName.ttl"\r\n'
    "Content-Type: text/turtle; charset=utf-8\r\n\r\n"
    "@prefix foaf: <http://xmlns.com/foaf/0.1/> .\n"
    f'<{PERSON}1> foaf:givenName "Jane" .\n\r\n'
    f"--{BOUNDARY}--\r\n"
)
JANE_IN_FULL = PREFIXES + (
    f'<{PERSON}1> a foaf:Person ; v:fn "Jane Doe" ; foaf:givenName "Jane" ; '
    'foaf:familyName "Doe" .\n'
)


@pytest.fixture
def app(lean_app: Flask) -> Flask:
    """A fresh app over the lean model (conftest): every write validates the whole store, and
    what these tests write is the protocol's, not the model's."""
    return lean_app


def graph_of(text: str | bytes, rdf_format: str = "turtle") -> set[Any]:
    """The triples of a document, blank nodes named canonically, to compare graphs by."""
    return set(to_canonical_graph(Graph().parse(data=text, format=rdf_format)))


def query(iri: str) -> str:
    """``graph=IRI``, percent-encoded as the W3C tests send it."""
    return "graph=" + iri.replace(":", "%3A").replace("/", "%2F")


def put(client: FlaskClient, where: str, body: str | bytes, **headers: str) -> TestResponse:
    return client.put(
        "/store",
        query_string=where,
        data=body,
        headers={"Content-Type": TURTLE, **TOKEN, **headers},
    )


def get(client: FlaskClient, where: str, **headers: str) -> TestResponse:
    return client.get("/store", query_string=where, headers={"Accept": "text/turtle", **headers})


def assert_graph(response: TestResponse, expected: str) -> None:
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.headers["Content-Type"] == "text/turtle; charset=utf-8"
    assert graph_of(response.get_data()) == graph_of(expected)


def assert_error(response: TestResponse, status: int) -> dict[str, Any]:
    """The one error shape: ``{"error": message, "status": code, ...}``."""
    assert response.status_code == status, response.get_data(as_text=True)
    body = response.get_json()
    assert isinstance(body, dict)
    assert body["status"] == status and isinstance(body["error"], str) and body["error"]
    return body


def serialised(triples: list[ox.Triple], media: str = "text/turtle") -> bytes:
    data = ox.serialize(triples, format=ox.RdfFormat.from_media_type(media))
    assert isinstance(data, bytes)
    return data


def everything() -> set[ox.Quad]:
    return set(service().store.quads())


@pytest.fixture
def before(client: FlaskClient) -> Iterator[set[ox.Quad]]:
    """Every quad of the store before the test; the test's writes must leave it so."""
    with client.application.app_context():
        quads = everything()
        assert quads
        yield quads
        assert everything() == quads


# --- W3C Graph Store Protocol, indirect graph identification (manifest-indirect.ttl) ----------


def test_c1_put_get_repeat(client: FlaskClient) -> None:
    assert put(client, query(PERSON + "1.ttl"), JOHN).status_code == 201
    assert_graph(get(client, query(PERSON + "1.ttl")), JOHN)
    assert put(client, query(PERSON + "1.ttl"), JANE).status_code in (200, 204)
    assert_graph(get(client, query(PERSON + "1.ttl")), JANE)


def test_c2_put_get_default(client: FlaskClient) -> None:
    assert put(client, "default", ALICE).status_code in (200, 201, 204)
    assert_graph(get(client, "default"), ALICE)
    # ?default is one ordinary named graph, the same for reading and writing.
    assert_graph(get(client, query(DEFAULT_GRAPH)), ALICE)


def test_c3_put_delete_get_delete(client: FlaskClient) -> None:
    where = query(PERSON + "2.ttl")
    assert put(client, where, ALICE).status_code in (200, 201, 204)
    assert client.delete("/store", query_string=where, headers=TOKEN).status_code in (200, 204)
    assert_error(get(client, where), 404)
    assert client.delete("/store", query_string=where, headers=TOKEN).status_code in (
        200,
        204,
        404,
    )


def test_c4_post_get_post_multipart_get(client: FlaskClient) -> None:
    where = query(PERSON + "1.ttl")
    first = client.post(
        "/store", query_string=where, data=JANE, headers={"Content-Type": TURTLE, **TOKEN}
    )
    assert first.status_code in (200, 201, 204)
    assert_graph(get(client, where), JANE)
    second = client.post(
        "/store",
        query_string=where,
        data=MULTIPART,
        headers={"Content-Type": f"multipart/form-data; boundary={BOUNDARY}", **TOKEN},
    )
    assert second.status_code in (200, 204)
    assert_graph(get(client, where), JANE_IN_FULL)


def test_c5_post_creates_a_new_graph(client: FlaskClient) -> None:
    response = client.post("/store", data=ALICE, headers={"Content-Type": TURTLE, **TOKEN})
    assert response.status_code == 201
    location = response.headers["Location"]
    assert location.startswith("https://w3id.org/styrgraf/graph/")
    assert response.get_json()["graph"] == location
    assert_graph(get(client, query(location)), ALICE)


def test_c6_head_existing(client: FlaskClient) -> None:
    where = query(PERSON + "1.ttl")
    assert put(client, where, JOHN).status_code in (200, 201, 204)
    response = client.head("/store", query_string=where, headers={"Accept": TURTLE})
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/turtle; charset=utf-8"
    assert response.get_data() == b""


def test_c7_head_non_existing(client: FlaskClient) -> None:
    response = client.head("/store", query_string=query(PERSON + "4.ttl"))
    assert response.status_code == 404


def test_c8_percent_encoding_varies(client: FlaskClient) -> None:
    assert put(client, query(PERSON + "1.ttl"), JOHN).status_code == 201
    assert_graph(get(client, f"graph={PERSON}1.ttl"), JOHN)


def test_c9_percent_encoding_decoded_once(client: FlaskClient) -> None:
    assert put(client, f"graph={PERSON}%31.ttl", JOHN).status_code == 201
    assert put(client, f"graph={PERSON}%2531.ttl", JANE_2).status_code == 201
    assert_graph(get(client, f"graph={PERSON}%31.ttl"), JOHN)
    assert_graph(get(client, f"graph={PERSON}%2531.ttl"), JANE_2)
    with client.application.app_context():
        assert {PERSON + "1.ttl", PERSON + "%31.ttl"} <= set(service().store.named_graphs())


# --- more of the protocol ---------------------------------------------------------------------


def test_posted_blank_nodes_stay_apart(client: FlaskClient) -> None:
    where = query(PERSON + "3.ttl")
    for _ in range(2):
        client.post(
            "/store", query_string=where, data=ALICE, headers={"Content-Type": TURTLE, **TOKEN}
        )
    answer = Graph().parse(data=get(client, where).get_data(), format="turtle")
    assert len(answer) == 4  # two Alices, not one


@pytest.mark.parametrize(
    "media", ["text/turtle", "application/n-triples", "application/rdf+xml", "application/ld+json"]
)
def test_graph_in_each_format(client: FlaskClient, media: str) -> None:
    response = client.get("/store", query_string=query(ONTOLOGY_GRAPH), headers={"Accept": media})
    assert response.status_code == 200
    assert response.mimetype == media
    triples = ox.parse(response.get_data(), format=ox.RdfFormat.from_media_type(media))
    assert len(list(triples)) > 100


def test_turtle_is_the_default_and_others_are_406(client: FlaskClient) -> None:
    response = client.get("/store", query_string=query(ONTOLOGY_GRAPH))
    assert response.headers["Content-Type"] == "text/turtle; charset=utf-8"
    response = client.get(
        "/store", query_string=query(ONTOLOGY_GRAPH), headers={"Accept": "text/html"}
    )
    assert_error(response, 406)


@pytest.mark.parametrize(
    ("where", "status"),
    [("", 400), ("graph=not-absolute", 400), ("graph=urn:a&default", 400)],
)
def test_bad_graph_names(client: FlaskClient, where: str, status: int) -> None:
    assert_error(get(client, where), status)
    assert_error(put(client, where, JOHN), status)


def test_body_in_each_format_and_unsupported_types(client: FlaskClient) -> None:
    john = list(ox.parse(JOHN, format=ox.RdfFormat.TURTLE))
    for media in ("application/n-triples", "application/rdf+xml", "application/ld+json"):
        response = put(
            client, "graph=urn:example:g", serialised(john, media), **{"Content-Type": media}
        )
        assert response.status_code in (201, 204)
        assert_graph(get(client, "graph=urn:example:g"), JOHN)
    for media in ("application/x-www-form-urlencoded", "application/trig", "text/html"):
        refusal = assert_error(
            put(client, "graph=urn:example:g", JOHN, **{"Content-Type": media}), 415
        )
        assert "text/turtle" in refusal["accepted"]
    response = client.put("/store", query_string="graph=urn:example:g", data=JOHN, headers=TOKEN)
    assert "Content-Type" in assert_error(response, 400)["error"]


def test_malformed_body_names_the_line(client: FlaskClient, before: set[ox.Quad]) -> None:
    body = assert_error(put(client, query(PERSON + "1.ttl"), JOHN + "<a> <b> .\n"), 400)
    assert body["line"] == 4
    assert "does not parse" in body["error"]


def test_the_vocabulary_is_not_writable(client: FlaskClient, before: set[ox.Quad]) -> None:
    for graph in (
        ONTOLOGY_GRAPH,
        "https://w3id.org/styrgraf/shapes/rules",
        "urn:styrgraf:staging:1",
    ):
        assert_error(put(client, query(graph), JOHN), 403)
        assert_error(client.delete("/store", query_string=query(graph), headers=TOKEN), 403)


# --- tokens -----------------------------------------------------------------------------------


def test_writes_without_a_token_are_401(client: FlaskClient, before: set[ox.Quad]) -> None:
    for method in ("put", "post", "delete"):
        response = getattr(client, method)(
            "/store", query_string=query(PUBLIC), data=JOHN, headers={"Content-Type": TURTLE}
        )
        assert_error(response, 401)
        assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_writes_with_a_wrong_token_are_403(client: FlaskClient, before: set[ox.Quad]) -> None:
    for method in ("put", "post", "delete"):
        response = getattr(client, method)(
            "/store",
            query_string=query(PUBLIC),
            data=JOHN,
            headers={"Content-Type": TURTLE, "Authorization": "Bearer wrong-token"},
        )
        assert_error(response, 403)


def test_writes_are_disabled_without_a_configured_token() -> None:
    client = create_app({"TESTING": True, "write_token": None}).test_client()
    body = assert_error(put(client, query(PERSON + "1.ttl"), JOHN), 403)
    assert "disabled" in body["error"]
    assert_error(get(client, query(PERSON + "1.ttl")), 404)


# --- validation before the write --------------------------------------------------------------


def _public_graph(model: Path) -> list[ox.Triple]:
    return [
        quad.triple
        for quad in ox.parse(path=str(model), format=ox.RdfFormat.N_QUADS)
        if quad.graph_name == ox.NamedNode(PUBLIC)
    ]


def test_a_write_that_breaks_the_rules_is_422_and_changes_nothing(
    client: FlaskClient, before: set[ox.Quad], lean_model: Path
) -> None:
    triples = _public_graph(lean_model)
    has_indicator = ox.NamedNode(SG + "hasIndicator")
    goal = min(str(t.subject) for t in triples if t.predicate == has_indicator)
    broken = [t for t in triples if not (str(t.subject) == goal and t.predicate == has_indicator)]
    assert len(broken) < len(triples)
    response = put(client, query(PUBLIC), serialised(broken))
    report = assert_error(response, 422)["report"]
    assert report["conforms"] is False
    found = {(rule["rule"], f["iri"]) for rule in report["rules"] for f in rule["findings"]}
    assert (SG + "BoardGoal-hasIndicator", goal.strip("<>")) in found


def test_a_write_that_keeps_the_rules_replaces_the_graph(
    client: FlaskClient, lean_model: Path
) -> None:
    triples = _public_graph(lean_model)
    response = put(client, query(PUBLIC), serialised(triples))
    assert response.status_code == 204
    with client.application.app_context():
        assert service().store.graph_size(PUBLIC) == len(triples)


def test_deleting_what_others_rely_on_is_422(client: FlaskClient, before: set[ox.Quad]) -> None:
    # The development plans in the private graph support goals in the public graph.
    assert_error(client.delete("/store", query_string=query(PUBLIC), headers=TOKEN), 422)


# --- safe parsing and limits ------------------------------------------------------------------


def test_rdf_xml_with_an_entity_declaration_is_refused(
    client: FlaskClient, before: set[ox.Quad]
) -> None:
    body = (
        '<?xml version="1.0"?>\n'
        '<!DOCTYPE rdf:RDF [ <!ENTITY name "John Doe"> ]>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"\n'
        '         xmlns:v="http://www.w3.org/2006/vcard/ns#">\n'
        f'  <rdf:Description rdf:about="{PERSON}1"><v:fn>&name;</v:fn></rdf:Description>\n'
        "</rdf:RDF>\n"
    )
    response = put(client, query(PERSON + "1.ttl"), body, **{"Content-Type": "application/rdf+xml"})
    assert assert_error(response, 400)["line"] == 2


def test_json_ld_remote_context_is_never_fetched(client: FlaskClient, before: set[ox.Quad]) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        listener.setblocking(False)
        port = listener.getsockname()[1]
        body = (
            f'{{"@context": "http://127.0.0.1:{port}/context.jsonld", '
            f'"@id": "{PERSON}1", "fn": "John Doe"}}'
        )
        response = put(
            client, query(PERSON + "1.ttl"), body, **{"Content-Type": "application/ld+json"}
        )
        assert "remote @context" in assert_error(response, 400)["error"]
        with pytest.raises(BlockingIOError):
            listener.accept()  # nobody connected


def test_a_body_over_the_limit_is_413() -> None:
    client = create_app(
        {"TESTING": True, "write_token": "test-token", "max_body": 64}
    ).test_client()
    assert len(JOHN) > 64
    assert_error(put(client, query(PERSON + "1.ttl"), JOHN), 413)
    assert_error(get(client, query(PERSON + "1.ttl")), 404)


# --- the private graph ------------------------------------------------------------------------


def test_the_private_graph_needs_the_token(client: FlaskClient) -> None:
    hidden = assert_error(get(client, query(PRIVATE)), 404)
    absent = assert_error(get(client, query(PRIVATE + "-x")), 404)
    assert hidden["error"].replace(PRIVATE, "") == absent["error"].replace(PRIVATE + "-x", "")
    assert_error(get(client, query(PRIVATE), Authorization="Bearer wrong-token"), 404)
    assert client.head("/store", query_string=query(PRIVATE)).status_code == 404
    response = get(client, query(PRIVATE), **TOKEN)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-store"
    assert len(Graph().parse(data=response.get_data(), format="turtle")) > 10


def test_a_token_with_letters_outside_ascii_is_refused_not_a_500(
    client: FlaskClient, before: set[ox.Quad]
) -> None:
    for token in ("wrông-tøken", "\xff\xfe", "test-token\xe9"):
        headers = {"Content-Type": TURTLE, "Authorization": f"Bearer {token}"}
        assert_error(
            client.put("/store", query_string=query(PUBLIC), data=JOHN, headers=headers), 403
        )
        private = client.get("/store", query_string=query(PRIVATE), headers=headers)
        assert_error(private, 404)
