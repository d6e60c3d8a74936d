"""The JSON API: trace, coverage, validation, the named queries, OpenAPI and health."""

from __future__ import annotations

import csv
import io
from typing import Any

import pyoxigraph as ox
import pytest
from flask import Flask
from flask.testing import FlaskClient

from styrgraf.model.validation import ValidationError
from styrgraf.render.coverage_report import FINDING_COLUMNS
from styrgraf.sparql.queries import load_queries
from styrgraf.store.base import StoreError
from styrgraf.web.app import create_app
from tests_support import PRIVATE, PUBLIC

ID = "https://w3id.org/styrgraf/ljungby/id/"
SG = "https://w3id.org/styrgraf#"
SH = "http://www.w3.org/ns/shacl#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
TOKEN = {"Authorization": "Bearer test-token"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DEVELOPMENT_PLAN = ID + "iup-2021-2"


def csv_text(text: str) -> list[dict[str, str]]:
    """The rows of an English table (``lang=en``): keyed by its keys, after the byte-order
    mark."""
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def _turtle(data: bytes) -> list[ox.Triple]:
    return [quad.triple for quad in ox.parse(data, format=ox.RdfFormat.TURTLE)]


def _types(triples: list[ox.Triple]) -> set[str]:
    return {
        t.object.value
        for t in triples
        if t.predicate.value == RDF_TYPE and isinstance(t.object, ox.NamedNode)
    }


# --- trace ---


def test_trace_follows_the_one_path_of_an_activity_to_the_vision(reader: FlaskClient) -> None:
    response = reader.get("/api/trace", query_string={"iri": ID + "akt-2021-hr-1"})
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    result = response.get_json()
    assert result["start"] == ID + "akt-2021-hr-1"
    assert result["node"]["type"] == SG + "Activity"
    assert result["reaches_vision"] is True and result["break"] is None
    [path] = result["paths"]
    assert path[0]["iri"] == ID + "akt-2021-hr-1"
    assert path[-1]["iri"] == ID + "vision" and path[-1]["type"] == SG + "Vision"
    assert path[0]["link"] == "sg:partOfPlan" and path[-1]["link"] is None
    assert all(hop["link"].startswith("sg:") for hop in path[:-1])


def test_trace_down_and_impact_in_english(reader: FlaskClient) -> None:
    below = reader.get(
        "/api/trace", query_string={"iri": ID + "og-ks-kunskap-1", "direction": "down"}
    ).get_json()
    assert below["iri"] == ID + "og-ks-kunskap-1" and below["children"]
    assert {child["link"] for child in below["children"]} == {"sg:supports"}

    impact = reader.get(
        "/api/trace", query_string={"iri": ID + "ng-ks-3", "direction": "impact", "lang": "en"}
    ).get_json()
    assert impact["node"]["type_label"] == "board goal"
    assert impact["orphaned"]
    assert {hop["type_label"] for hop in impact["orphaned"]} <= {"action plan", "activity"}


def test_trace_as_csv_and_turtle(reader: FlaskClient) -> None:
    iri = ID + "akt-2021-hr-1"
    path = reader.get(
        "/api/trace", query_string={"iri": iri, "lang": "en"}, headers={"Accept": "text/csv"}
    )
    assert path.mimetype == "text/csv"
    rows = csv_text(path.get_data(as_text=True))
    assert rows[0]["iri"] == iri and rows[-1]["iri"] == ID + "vision"
    assert {row["path"] for row in rows} == {"1"}

    turtle = reader.get("/api/trace", query_string={"iri": iri, "format": "turtle"})
    assert turtle.mimetype == "text/turtle"
    triples = _turtle(turtle.data)
    assert ox.Triple(
        ox.NamedNode(iri), ox.NamedNode(SG + "partOfPlan"), ox.NamedNode(ID + "hp-2021-hr")
    ) in set(triples)
    assert SG + "Vision" in _types(triples)


def test_a_development_plan_is_found_only_with_the_token(reader: FlaskClient) -> None:
    hidden = reader.get("/api/trace", query_string={"iri": DEVELOPMENT_PLAN})
    assert hidden.status_code == 404
    assert hidden.get_json()["parameter"] == "iri"
    wrong = reader.get(
        "/api/trace",
        query_string={"iri": DEVELOPMENT_PLAN},
        headers={"Authorization": "Bearer not-the-token"},
    )
    assert wrong.status_code == 404

    opened = reader.get("/api/trace", query_string={"iri": DEVELOPMENT_PLAN}, headers=TOKEN)
    assert opened.status_code == 200
    result = opened.get_json()
    assert result["node"]["type"] == SG + "DevelopmentPlan"
    assert result["reaches_vision"] and all(p[-1]["iri"] == ID + "vision" for p in result["paths"])
    # What the token opened must not be cached for the next person.
    assert "no-store" in opened.headers["Cache-Control"]
    assert "Authorization" in opened.headers["Vary"]


def test_no_route_of_the_api_reveals_the_private_graph(reader: FlaskClient) -> None:
    def plans(headers: dict[str, str]) -> set[str]:
        body = reader.get("/api/queries/node-types", headers=headers).get_json()
        rows = body["results"]["bindings"]
        return {r["node"]["value"] for r in rows if r["type"]["value"] == SG + "DevelopmentPlan"}

    assert plans({}) == set()
    assert DEVELOPMENT_PLAN in plans(TOKEN)
    for route in ("/api/coverage", "/api/validate"):
        assert reader.get(route, query_string={"graph": PRIVATE}).status_code == 404
        assert reader.get(route, query_string={"graph": PRIVATE}, headers=TOKEN).status_code == 200
    assert PRIVATE not in reader.get("/api/coverage?format=turtle").get_data(as_text=True)


# --- coverage ---


def test_coverage_of_the_bundled_model_finds_nothing_and_fills_the_matrix(
    reader: FlaskClient,
) -> None:
    response = reader.get("/api/coverage")
    assert response.status_code == 200 and response.mimetype == "application/json"
    report = response.get_json()
    assert report["orphans"] == [] and report["uncovered"] == []
    matrix = report["matrix"]
    assert len(matrix["areas"]) == 3 and matrix["boards"]
    assert len(matrix["cells"]) == len(matrix["boards"]) * len(matrix["areas"])
    assert {cell["status"] for cell in matrix["cells"]} <= {"ok", "exempt", "council"}
    assert report["summary"]["reaching_vision"]["percent"] == 100.0

    scoped = reader.get("/api/coverage", query_string={"graph": PUBLIC, "lang": "en"}).get_json()
    assert scoped["matrix"]["cells"] and scoped["orphans"] == []


def test_coverage_as_csv_and_turtle(reader: FlaskClient) -> None:
    for response in (
        reader.get("/api/coverage", query_string={"lang": "en"}, headers={"Accept": "text/csv"}),
        reader.get("/api/coverage", query_string={"format": "csv", "lang": "en"}),
    ):
        assert response.status_code == 200 and response.mimetype == "text/csv"
        table_rows = csv.reader(io.StringIO(response.get_data(as_text=True).removeprefix("\ufeff")))
        assert next(table_rows) == [column.key for column in FINDING_COLUMNS]
        assert list(table_rows) == []
    # In Swedish (the setting's language) the same table for Swedish Excel: ";" and headings.
    swedish = reader.get("/api/coverage", query_string={"format": "csv"}).get_data(as_text=True)
    assert swedish.startswith("\ufeffKategori;Orsakskod;IRI;")
    workbook = reader.get("/api/coverage", headers={"Accept": XLSX})
    assert workbook.status_code == 200 and workbook.mimetype == XLSX
    turtle = reader.get("/api/coverage", headers={"Accept": "text/turtle"})
    assert SG + "CoverageReport" in _types(_turtle(turtle.data))


# --- validation ---


def test_validate_says_the_model_conforms_in_json_and_turtle(reader: FlaskClient) -> None:
    report = reader.get("/api/validate", query_string={"lang": "en"}).get_json()
    assert report["conforms"] is True and report["violations"] == 0 and report["lang"] == "en"

    turtle = reader.get("/api/validate", headers={"Accept": "text/turtle"})
    assert turtle.status_code == 200 and turtle.mimetype == "text/turtle"
    triples = _turtle(turtle.data)
    conforms = [t.object for t in triples if t.predicate.value == SH + "conforms"]
    assert conforms == [ox.Literal("true", datatype=ox.NamedNode(XSD_BOOLEAN))]


# --- named queries ---


def test_the_named_queries_are_listed_with_their_parameters(reader: FlaskClient) -> None:
    listed = {q["name"]: q for q in reader.get("/api/queries").get_json()["queries"]}
    assert set(listed) == set(load_queries())
    goals = listed["goals-of-board"]
    assert goals["url"].endswith("/api/queries/goals-of-board")
    board = next(p for p in goals["parameters"] if p["name"] == "board")
    assert board["type"] == "iri" and board["required"] is True and board["default"] is None
    assert listed["orphans"]["violation"] is False
    assert listed["hierarchy-cycle-violation"]["violation"] is True


def test_a_named_query_runs_with_its_parameters_bound(reader: FlaskClient) -> None:
    board = ID + "tekniska-namnden"
    response = reader.get(
        "/api/queries/goals-of-board", query_string={"board": board, "lang": "en"}
    )
    assert response.status_code == 200
    assert response.mimetype == "application/sparql-results+json"
    body = response.get_json()
    assert "goal" in body["head"]["vars"]
    rows = body["results"]["bindings"]
    assert rows and all(row["goal"]["value"].startswith(ID) for row in rows)
    assert {row["label"]["xml:lang"] for row in rows if "label" in row} == {"en"}

    as_csv = reader.get(
        "/api/queries/goals-of-board", query_string={"board": board, "format": "csv", "lang": "en"}
    )
    assert as_csv.mimetype == "text/csv"
    table = csv_text(as_csv.get_data(as_text=True))
    assert {row["goal"] for row in table} == {row["goal"]["value"] for row in rows}


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ({}, "board"),
        ({"board": "tekniska-namnden"}, "board"),
        ({"board": ID + "tekniska-namnden", "lang": "!!"}, "lang"),
        ({"board": ID + "tekniska-namnden", "boards": "x"}, "boards"),
    ],
)
def test_a_missing_or_wrong_parameter_is_a_400_naming_it(
    reader: FlaskClient, query: dict[str, str], parameter: str
) -> None:
    response = reader.get("/api/queries/goals-of-board", query_string=query)
    assert response.status_code == 400
    assert response.get_json()["parameter"] == parameter


def test_query_results_are_cut_at_max_results_with_a_header() -> None:
    app = create_app({"TESTING": True, "max_results": 3})
    response = app.test_client().get("/api/queries/node-types")
    assert response.headers["Styrgraf-Results-Truncated"] == "3"
    assert len(response.get_json()["results"]["bindings"]) == 3


# --- health and OpenAPI ---


def test_health(reader: FlaskClient) -> None:
    response = reader.get("/health")
    assert response.status_code == 200
    # The public graphs: the Ljungby model, the ontology and two shapes profiles; the private
    # graph is not counted, and the store is named by its kind, never by its path or URL.
    # Nothing heavy in progress; the places of each heavy class are the settings' (queries:
    # query_processes, here 0, and query_queue, 6).
    assert response.get_json() == {
        "status": "ok",
        "graphs": 4,
        "store": "embedded",
        "admission": {
            "query": {"in_progress": 0, "limit": 6},
            "compute": {"in_progress": 0, "limit": 4},
            "write": {"in_progress": 0, "limit": 2},
        },
    }


# --- errors ---


def test_every_error_path_answers_in_the_one_error_shape(
    app: Flask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    activity = ID + "akt-2021-hr-1"
    board = ID + "tekniska-namnden"
    cases: list[tuple[str, dict[str, str], dict[str, str], int]] = [
        ("/api/trace", {}, {}, 400),
        ("/api/trace", {"iri": "not an iri"}, {}, 400),
        ("/api/trace", {"iri": "relative/path"}, {}, 400),
        ("/api/trace", {"iri": activity, "direction": "sideways"}, {}, 400),
        ("/api/trace", {"iri": activity, "lang": "de_DE"}, {}, 400),
        ("/api/trace", {"iri": activity, "format": "xml"}, {}, 400),
        ("/api/trace", {"iri": activity, "colour": "red"}, {}, 400),
        ("/api/trace", {"iri": activity, "graph": "nope"}, {}, 400),
        ("/api/trace", {"iri": activity}, {"Accept": "image/png"}, 406),
        ("/api/trace", {"iri": ID + "no-such-node"}, {}, 404),
        ("/api/trace", {"iri": board}, {}, 404),
        ("/api/trace", {"iri": DEVELOPMENT_PLAN}, {}, 404),
        ("/api/trace", {"iri": activity, "graph": PRIVATE}, {}, 404),
        ("/api/coverage", {"graph": "urn:example:none"}, {}, 404),
        ("/api/coverage", {"format": "pdf"}, {}, 400),
        ("/api/coverage", {}, {"Accept": "application/xml"}, 406),
        ("/api/validate", {"lang": "fi-"}, {}, 400),
        ("/api/validate", {"format": "pdf"}, {}, 400),
        ("/api/validate", {}, {"Accept": "application/xml"}, 406),
        ("/api/validate", {"graph": PRIVATE}, {}, 404),
        ("/api/queries", {"name": "x"}, {}, 400),
        ("/api/queries/no-such-query", {}, {}, 404),
        ("/api/queries/goals-of-board", {}, {}, 400),
        ("/api/queries/goals-of-board", {"board": "board"}, {}, 400),
        ("/api/queries/goals-of-board", {"board": board, "graph": PUBLIC}, {}, 400),
        ("/api/queries/goals-of-board", {"board": board, "format": "xml"}, {}, 400),
        ("/api/queries/goals-of-board", {"board": board}, {"Accept": "text/turtle"}, 406),
        ("/api/queries/counts", {"lang": "x y"}, {}, 400),
        ("/health", {"verbose": "1"}, {}, 400),
        ("/openapi.json", {"pretty": "1"}, {}, 400),
        ("/api/no-such-route", {}, {}, 404),
    ]
    responses = [
        (f"GET {url} {query} {headers}", client.get(url, query_string=query, headers=headers))
        for url, query, headers, _ in cases
    ]
    twice = "/api/trace?iri=" + activity + "&iri=" + activity
    responses.append((f"GET {twice}", client.get(twice)))
    responses.append(("POST /api/trace", client.post("/api/trace", data="x")))
    expected = [status for *_, status in cases] + [400, 405]

    monkeypatch.setattr("styrgraf.web.service.validate_quads", _broken_shapes)
    responses.append(("GET /api/validate, broken shapes", client.get("/api/validate")))
    expected.append(500)
    store = app.extensions["styrgraf"].store
    monkeypatch.setattr(store, "select", _unreachable)
    monkeypatch.setattr(store, "named_graphs", _unreachable)
    app.extensions["styrgraf"].forget()
    for url, query in (
        ("/api/trace", {"iri": activity}),
        ("/api/coverage", {}),
        ("/api/queries/counts", {}),
    ):
        responses.append((f"GET {url}, store down", client.get(url, query_string=query)))
        expected.append(502)
    responses.append(("GET /health, store down", client.get("/health")))
    expected.append(503)

    for (request, response), status in zip(responses, expected, strict=True):
        assert response.status_code == status, request
        assert response.mimetype == "application/json", request
        body = response.get_json()
        assert isinstance(body["error"], str) and body["error"], request
        assert body["status"] == status, request
        if status == 400 and "/api/" in request:
            assert isinstance(body.get("parameter"), str), request


def _unreachable(*args: Any, **kwargs: Any) -> Any:
    raise StoreError("http://store.invalid/sparql: connection refused")


def _broken_shapes(*args: Any, **kwargs: Any) -> Any:
    raise ValidationError("the shapes cannot be used: a broken constraint")


def test_a_named_query_runs_under_the_deadline() -> None:
    from styrgraf.web.app import create_app

    hurried = create_app({"TESTING": True, "query_timeout": 0.0}).test_client()
    response = hurried.get("/api/queries/hierarchy")
    assert response.status_code == 503
    assert response.json is not None and response.json["status"] == 503
    assert "was stopped" in response.json["error"]
