"""Linked data: dereferencing, content negotiation, the ontology and shapes, the dataset
description, and personal data that no public response reveals."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pyoxigraph as ox
import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from styrgraf.model.bundled import sample_data_files
from styrgraf.web.app import create_app
from tests_support import LJ, PRIVATE, PUBLIC

SG = "https://w3id.org/styrgraf#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
DCAT = "http://www.w3.org/ns/dcat#"
VOID = "http://rdfs.org/ns/void#"
TOKEN = {"Authorization": "Bearer test-token"}


@pytest.fixture
def app(shared_app: Flask) -> Flask:
    """Every test here that takes the app only reads: the session's one app (conftest)."""
    return shared_app


FORMATS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
SUFFIXES = {"ttl": "text/turtle", "jsonld": "application/ld+json", "nt": "application/n-triples"}
SUFFIXES["rdf"] = "application/rdf+xml"


def triples(response: TestResponse) -> set[ox.Triple]:
    """The response body parsed in the format its Content-Type names."""
    kind = FORMATS[response.mimetype or ""]
    return {quad.triple for quad in ox.parse(response.data, format=kind)}


def named(found: set[ox.Triple]) -> set[ox.Triple]:
    """The triples without blank nodes (whose names differ from one response to the next)."""
    return {
        t
        for t in found
        if not isinstance(t.subject, ox.BlankNode) and not isinstance(t.object, ox.BlankNode)
    }


class Links(HTMLParser):
    """The links and the lang attribute of an HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.lang: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "html":
            self.lang = values.get("lang")
        if tag == "a" and values.get("href"):
            self.hrefs.append(values["href"] or "")


def page(response: TestResponse) -> Links:
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    parser = Links()
    parser.feed(response.get_data(as_text=True))
    return parser


def text(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> str:
    """The value of a term (a quoted triple, which never occurs here, as N-Triples)."""
    return str(term) if isinstance(term, ox.Triple) else term.value


def assert_error(response: TestResponse, status: int) -> dict[str, Any]:
    """The one JSON error shape."""
    assert response.status_code == status
    assert response.mimetype == "application/json"
    body = json.loads(response.data)
    assert isinstance(body["error"], str) and body["error"]
    assert body["status"] == status
    return dict(body)


def private_words() -> set[str]:
    """What the private graph holds and the public one does not: its IRIs and labels."""
    public: set[str] = set()
    private: set[str] = set()
    for path in sample_data_files():
        for quad in ox.parse(path=str(path), format=ox.RdfFormat.TRIG):
            graph = quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else ""
            into = private if graph == PRIVATE else public
            into.add(quad.subject.value)
            if isinstance(quad.object, ox.Literal) and quad.predicate == RDFS_LABEL:
                into.add(quad.object.value)
    return private - public


# --- dereferencing and content negotiation -----------------------------------------------------


def test_a_board_dereferences_to_the_same_triples_in_every_format(client: FlaskClient) -> None:
    board = ox.NamedNode(LJ + "kommunstyrelsen")
    found = {}
    for media in FORMATS:
        response = client.get("/ljungby/id/kommunstyrelsen", headers={"Accept": media})
        assert response.status_code == 200 and response.mimetype == media
        found[media] = triples(response)
    for suffix, media in SUFFIXES.items():
        response = client.get(f"/ljungby/id/kommunstyrelsen.{suffix}")
        assert response.mimetype == media
        found[suffix] = triples(response)
    turtle = found["text/turtle"]
    assert all(other == turtle for other in found.values())
    assert ox.Triple(board, RDF_TYPE, ox.NamedNode(SG + "Board")) in turtle
    assert ox.Triple(board, RDFS_LABEL, ox.Literal("Kommunstyrelsen", language="sv")) in turtle
    # The incoming links: the nämndsmål the board decided.
    decided = ox.Triple(ox.NamedNode(LJ + "ng-ks-1"), ox.NamedNode(SG + "decidedBy"), board)
    assert decided in turtle


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        (None, "text/turtle"),
        ("*/*", "text/turtle"),
        ("application/ld+json;q=0.5, text/turtle;q=0.4", "application/ld+json"),
        ("text/html;q=0.1, application/n-triples", "application/n-triples"),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/html"),
        ("text/turtle;q=0, application/*", "application/ld+json"),
    ],
)
def test_the_accept_header_chooses_by_quality(
    client: FlaskClient, accept: str | None, media: str
) -> None:
    headers = {"Accept": accept} if accept is not None else {}
    response = client.get("/ljungby/id/kommunstyrelsen", headers=headers)
    assert response.status_code == 200
    assert response.mimetype == media
    assert "Accept" in response.vary


def test_every_linked_route_varies_on_accept(client: FlaskClient) -> None:
    for url, headers in [
        ("/ljungby/id/kommunstyrelsen", {}),
        ("/ljungby/id/kommunstyrelsen", {"Accept": "text/html"}),
        ("/ljungby/id/finns-inte", {}),
        ("/ljungby/id/kommunstyrelsen", {"Accept": "image/png"}),
        (f"/resource?iri={quote(LJ + 'vision')}", {}),
        ("/resource", {}),
        ("/ontology", {}),
        ("/shapes/rules", {}),
        ("/dataset", {}),
        ("/.well-known/void", {}),
    ]:
        response = client.get(url, headers=headers)
        assert "Accept" in response.vary, url


def test_a_type_not_offered_is_a_406_listing_what_is(client: FlaskClient) -> None:
    response = client.get("/ljungby/id/kommunstyrelsen", headers={"Accept": "image/png"})
    body = assert_error(response, 406)
    assert set(body["offered"]) == {"text/html", *FORMATS}
    assert "Accept" in response.vary


def test_head_answers_like_get_without_a_body(client: FlaskClient) -> None:
    got = client.get("/ljungby/id/kommunstyrelsen")
    head = client.head("/ljungby/id/kommunstyrelsen")
    assert head.status_code == 200 and head.data == b""
    assert head.headers["Content-Type"] == got.headers["Content-Type"]
    assert client.head("/ljungby/id/finns-inte").status_code == 404


def test_resource_by_iri_is_the_dereferenced_description(client: FlaskClient) -> None:
    for accept in (*FORMATS, "text/html"):
        direct = client.get("/ljungby/id/ng-ks-3", headers={"Accept": accept})
        by_iri = client.get(f"/resource?iri={quote(LJ + 'ng-ks-3')}", headers={"Accept": accept})
        assert by_iri.status_code == 200
        if accept == "text/html":
            assert by_iri.data == direct.data
        else:
            assert triples(by_iri) == triples(direct)
    chosen = client.get(f"/resource?iri={quote(LJ + 'ng-ks-3')}&format=nt")
    assert chosen.mimetype == "application/n-triples"


def test_a_blank_node_is_described_with_its_owner(client: FlaskClient) -> None:
    # sg:servesVision has a blank-node domain: the union of two classes, an RDF list.
    response = client.get(f"/resource?iri={quote(SG + 'servesVision')}")
    found = triples(response)
    domain = next(t.object for t in found if t.predicate.value.endswith("#domain"))
    assert isinstance(domain, ox.BlankNode)
    members: set[str] = set()
    node = next(t.object for t in found if t.subject == domain and "unionOf" in t.predicate.value)
    while text(node) != "http://www.w3.org/1999/02/22-rdf-syntax-ns#nil":
        step = {t.predicate.value.rsplit("#")[-1]: t.object for t in found if t.subject == node}
        members.add(text(step["first"]))
        node = step["rest"]
    assert members == {SG + "StrategicArea", SG + "FocusArea"}


@pytest.mark.parametrize(
    ("url", "status", "parameter"),
    [
        ("/resource", 400, "iri"),
        ("/resource?iri=", 400, "iri"),
        ("/resource?iri=not-an-iri", 400, "iri"),
        ("/resource?iri=http://example.org/a%20b", 400, "iri"),
        ("/resource?iri=http://example.org/a&iri=http://example.org/b", 400, "iri"),
        (f"/resource?iri={quote(LJ + 'vision')}&format=pdf", 400, "format"),
        ("/ljungby/id/vision?lang=x_y", 400, "lang"),
        ("/resource?iri=http://example.org/nothing", 404, None),
        ("/ljungby/id/finns-inte", 404, None),
        ("/ljungby/id/finns-inte.ttl", 404, None),
        ("/ljungby/id/a%20b", 404, None),
        ("/ljungby/id/%3Cx%3E", 404, None),
        ("/shapes/finns-inte", 404, None),
        ("/ontology.pdf", 404, None),
        ("/dataset.pdf", 404, None),
    ],
)
def test_every_error_has_the_one_shape(
    client: FlaskClient, url: str, status: int, parameter: str | None
) -> None:
    headers = {"Accept": "text/html"} if "lang=" in url else {}
    body = assert_error(client.get(url, headers=headers), status)
    if parameter is not None:
        assert body["parameter"] == parameter


def test_other_routes_are_not_shadowed_by_the_catch_all(app: Flask) -> None:
    adapter = app.url_map.bind("localhost")
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("linked.") or rule.arguments:
            continue
        endpoint, _ = adapter.match(rule.rule, method=sorted(rule.methods or {"GET"})[0])
        assert endpoint == rule.endpoint
    assert adapter.match("/sparql")[0] == "sparql.endpoint"
    assert adapter.match("/ljungby/id/vision")[0] == "linked.dereference"


# --- HTML --------------------------------------------------------------------------------------


def test_the_page_of_an_activity_links_up_to_the_vision(client: FlaskClient) -> None:
    swedish = page(client.get("/ljungby/id/akt-2021-hr-1", headers={"Accept": "text/html"}))
    assert swedish.lang == "sv"
    for step in ("hp-2021-hr", "ng-ks-3", "og-ks-kunskap-1", "kunskap", "vision"):
        assert f"/ljungby/id/{step}" in swedish.hrefs
    english = client.get("/ljungby/id/akt-2021-hr-1?lang=en", headers={"Accept": "text/html"})
    assert page(english).lang == "en"
    assert "Leadership programme for first-line managers" in english.get_data(as_text=True)
    # Terms of the ontology are described by /resource.
    assert f"/resource?iri={quote(SG + 'Activity', safe='')}" in swedish.hrefs


def test_the_page_of_a_plan_shows_what_lies_beneath(client: FlaskClient) -> None:
    plan = page(client.get("/ljungby/id/hp-2021-hr.html"))
    assert "/ljungby/id/akt-2021-hr-1" in plan.hrefs
    assert "/ljungby/id/ng-ks-3" in plan.hrefs
    assert "/ljungby/id/hp-2021-hr.ttl" in plan.hrefs


def test_a_graph_iri_dereferences_to_the_whole_graph(client: FlaskClient, app: Flask) -> None:
    store = app.extensions["styrgraf"].store
    response = client.get("/ljungby/graph/2019-2022.nt")
    assert len(triples(response)) == store.graph_size(PUBLIC)
    listing = page(client.get("/ljungby/graph/2019-2022", headers={"Accept": "text/html"}))
    assert "/ljungby/id/kommunstyrelsen" in listing.hrefs


# --- the ontology and the shapes ---------------------------------------------------------------


def test_the_ontology_and_the_shapes_are_served(client: FlaskClient, app: Flask) -> None:
    store = app.extensions["styrgraf"].store
    ontology = triples(client.get("/ontology"))
    assert len(ontology) == store.graph_size("https://w3id.org/styrgraf")
    header = ox.NamedNode("https://w3id.org/styrgraf")
    assert ox.Triple(header, RDF_TYPE, ox.NamedNode("http://www.w3.org/2002/07/owl#Ontology")) in (
        ontology
    )
    by_iri = triples(client.get(f"/resource?iri={quote('https://w3id.org/styrgraf')}"))
    assert by_iri == ontology
    term = triples(client.get(f"/resource?iri={quote(SG + 'BoardGoal')}"))
    label = ox.Literal("nämndsmål", language="sv")
    assert ox.Triple(ox.NamedNode(SG + "BoardGoal"), RDFS_LABEL, label) in term
    for name in ("rules", "recommendations"):
        graph = "https://w3id.org/styrgraf/shapes/" + name
        shapes = triples(client.get(f"/shapes/{name}.ttl"))
        assert len(shapes) == store.graph_size(graph)
        assert named(triples(client.get(f"/shapes/{name}"))) == named(shapes)
    assert page(client.get("/ontology.html")).lang == "sv"


# --- personal data -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["iup-2021-2", "medarbetare-2"])
def test_personal_data_needs_the_token(client: FlaskClient, name: str) -> None:
    for url in (f"/ljungby/id/{name}", f"/resource?iri={quote(LJ + name)}"):
        assert_error(client.get(url, headers={"Accept": "text/turtle"}), 404)
        # A person is told in a page, the same page as for a resource that does not exist.
        hidden = client.get(url, headers={"Accept": "text/html"})
        unknown = client.get(url.replace(name, "finns-inte"), headers={"Accept": "text/html"})
        assert hidden.status_code == unknown.status_code == 404
        assert hidden.mimetype == unknown.mimetype == "text/html"
        assert hidden.get_data(as_text=True).replace(name, "finns-inte") == unknown.get_data(
            as_text=True
        )
        opened = client.get(url, headers=TOKEN)
        assert opened.status_code == 200
        assert "no-store" in opened.headers["Cache-Control"]
        subjects = {t.subject for t in triples(opened)}
        assert ox.NamedNode(LJ + name) in subjects
    assert_error(client.get(f"/ljungby/id/{name}", headers={"Authorization": "Bearer wrong"}), 404)


def test_no_public_response_reveals_personal_data(client: FlaskClient) -> None:
    secrets = private_words() | {"iup-2021", "id/medarbetare", "id/person-"}
    assert LJ + "iup-2021-2" in secrets and "Per Påhittadsson" in secrets
    # Resources that the private graph links to, or that link into it.
    linked = ["ng-sn-2", "akt-2021-aldreomsorg-1", "enhet-aldreomsorg", "chef-aldreomsorg"]
    urls = [f"/ljungby/id/{name}" for name in [*linked, "budgetar-2021", "vision"]]
    urls += ["/ljungby/graph/2019-2022", "/ljungby/graph/2019-2022-private"]
    urls += ["/dataset", "/.well-known/void", f"/resource?iri={quote(SG + 'DevelopmentPlan')}"]
    for url in urls:
        for accept in ("text/turtle", "text/html", "application/ld+json"):
            response = client.get(url, headers={"Accept": accept})
            assert response.status_code == 200, url
            body = response.get_data(as_text=True)
            assert [s for s in secrets if s in body] == [], (url, accept)
    # The token shows what the public does not: the development plan behind a board goal.
    opened = client.get("/ljungby/id/ng-sn-2", headers={"Accept": "text/html", **TOKEN})
    assert "/ljungby/id/iup-2021-2" in page(opened).hrefs
    private = triples(client.get("/ljungby/graph/2019-2022-private.nt", headers=TOKEN))
    assert ox.NamedNode(LJ + "medarbetare-2") in {t.subject for t in private}


# --- another base ------------------------------------------------------------------------------


def test_another_base_iri_dereferences_its_own_resources(tmp_path: Path) -> None:
    data = tmp_path / "model.trig"
    data.write_text(
        """@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix sg: <https://w3id.org/styrgraf#> .
<https://example.org/graph/model> {
    <https://example.org/id/board> a sg:Board ; rdfs:label "Nämnden"@sv .
    <https://example.org/id/goal> a sg:OverarchingGoal ; rdfs:label "Målet"@sv ;
        sg:forBoard <https://example.org/id/board> .
}
""",
        encoding="utf-8",
    )
    app = create_app({"TESTING": True, "base_iri": "https://example.org/", "data": [str(data)]})
    client = app.test_client()
    board = ox.NamedNode("https://example.org/id/board")
    found = triples(client.get("/id/board"))
    assert ox.Triple(board, RDFS_LABEL, ox.Literal("Nämnden", language="sv")) in found
    assert triples(client.get(f"/resource?iri={quote(board.value)}")) == found
    assert page(client.get("/id/board", headers={"Accept": "text/html"})).hrefs.count("/id/goal")
    assert_error(client.get("/ljungby/id/kommunstyrelsen"), 404)
    assert client.get("/ontology").status_code == 200
    assert client.get("/shapes/rules").status_code == 200
    dataset = triples(client.get("/dataset"))
    space = ox.Literal("https://example.org/")
    assert (
        ox.Triple(
            ox.NamedNode("https://example.org/graph/model"), ox.NamedNode(VOID + "uriSpace"), space
        )
        in dataset
    )


# --- the dataset description -------------------------------------------------------------------


def test_the_dataset_description_counts_the_public_models(client: FlaskClient, app: Flask) -> None:
    store = app.extensions["styrgraf"].store
    response = client.get("/dataset")
    assert response.mimetype == "text/turtle"
    found = triples(response)
    datasets = {text(t.subject) for t in found if t.object == ox.NamedNode(DCAT + "Dataset")}
    assert datasets == {PUBLIC}
    graph = ox.NamedNode(PUBLIC)

    def value(subject: ox.NamedNode | ox.BlankNode | ox.Triple, predicate: str) -> set[str]:
        return {
            text(t.object) for t in found if t.subject == subject and t.predicate.value == predicate
        }

    assert value(graph, VOID + "triples") == {str(store.graph_size(PUBLIC))}
    assert value(graph, VOID + "sparqlEndpoint") == {"http://localhost/sparql"}
    assert value(graph, "http://purl.org/dc/terms/license") == {
        "https://creativecommons.org/licenses/by/4.0/"
    }
    assert {SG, "http://www.w3.org/ns/org#", "http://www.w3.org/2004/02/skos/core#"} <= value(
        graph, VOID + "vocabulary"
    )
    service = ox.NamedNode("http://localhost/sparql")
    assert value(service, DCAT + "endpointURL") == {"http://localhost/sparql"}
    assert "Ljungby kommuns styrmodell 2019–2022" in value(graph, "http://purl.org/dc/terms/title")
    # The links to the UN SDGs form a linkset, counted.
    sdg = [
        t.subject
        for t in found
        if t.predicate.value == VOID + "linkPredicate" and text(t.object) == SG + "sdg"
    ]
    assert len(sdg) == 1
    rows = store.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s <{SG}sdg> ?o }}", None, [PUBLIC])
    assert value(sdg[0], VOID + "triples") == {rows[0]["n"].value}
    # Each dump it offers is the graph.
    dumps = value(graph, VOID + "dataDump")
    assert len(dumps) == 1
    dump = client.get(dumps.pop().removeprefix("http://localhost"))
    assert len(triples(dump)) == store.graph_size(PUBLIC)
    for media in (*FORMATS, "text/html"):
        body = client.get("/dataset", headers={"Accept": media}).get_data(as_text=True)
        assert "2019-2022-private" not in body


def test_the_dataset_description_is_negotiated(client: FlaskClient) -> None:
    turtle = named(triples(client.get("/dataset")))
    for media in FORMATS:
        for url in ("/dataset", "/.well-known/void"):
            response = client.get(url, headers={"Accept": media})
            assert named(triples(response)) == turtle
    assert named(triples(client.get("/dataset.jsonld"))) == turtle
    html = page(client.get("/dataset", headers={"Accept": "text/html"}))
    assert "/dataset.ttl" in html.hrefs and "/sparql" in html.hrefs
    assert_error(client.get("/dataset", headers={"Accept": "image/png"}), 406)
