"""The OpenAPI document: every route described, the document valid OpenAPI 3.1, and its schemas,
generated from the shapes of the answers, checked against real answers of a real app with a
JSON Schema validator: every JSON route, the errors, the writes."""

from __future__ import annotations

import re
import socket
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal, NotRequired, TypedDict

import pytest
from flask import Flask
from flask.testing import FlaskClient
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate as validate_spec
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012
from werkzeug.test import TestResponse

from styrgraf.analysis.hierarchy import Hierarchy
from styrgraf.analysis.trace import hop
from styrgraf.sparql.queries import TYPES, load_queries
from styrgraf.web.app import create_app
from styrgraf.web.openapi.operations import VALUE_TYPES
from styrgraf.web.openapi.schemas import Schemas
from tests_support import PRIVATE, PUBLIC

ID = "https://w3id.org/styrgraf/ljungby/id/"
EX = "https://example.org/exempelkommun/"
SG = "https://w3id.org/styrgraf#"
TOKEN = {"Authorization": "Bearer test-token"}
ACTIVITY = ID + "akt-2021-hr-1"
BOARD = ID + "tekniska-namnden"
DATA = Path(__file__).parent / "data"
BASE = "urn:styrgraf:openapi"
"""The document's URI for the validator, which resolves every ``$ref`` inside it and none
outside."""


class Document:
    """The served document, and the validator of the schema it declares for an answer."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        resource = Resource(contents=document, specification=DRAFT202012)
        # No retrieval of anything not in the registry: a $ref out of the document fails.
        self.registry: Registry[Any] = Registry().with_resource(BASE, resource)

    def pointer(self, path: str, method: str, status: int, media: str) -> str:
        """Where the schema of the answer is: the status's response, else ``default``."""
        responses = self.document["paths"][path][method]["responses"]
        code = str(status) if str(status) in responses else "default"
        response = responses[code]
        where = ["paths", path, method, "responses", code]
        if "$ref" in response:
            where = response["$ref"].removeprefix("#/").split("/")
            response = self.resolve(response["$ref"])
        assert media in response["content"], f"{method} {path} {status} has no {media}"
        escaped = [part.replace("~", "~0").replace("/", "~1") for part in where]
        return "/" + "/".join([*escaped, "content", media.replace("/", "~1"), "schema"])

    def resolve(self, ref: str) -> Any:
        node: Any = self.document
        for part in ref.removeprefix("#/").split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        return node

    def validator(self, pointer: str) -> Draft202012Validator:
        schema = {"$ref": BASE + "#" + urllib.parse.quote(pointer)}
        return Draft202012Validator(schema, registry=self.registry)

    def schema(self, name: str) -> Draft202012Validator:
        return self.validator(f"/components/schemas/{name}")

    def problems(self, response: TestResponse, path: str, method: str = "get") -> list[str]:
        """How the answer's JSON body departs from what the document declares for it."""
        pointer = self.pointer(path, method, response.status_code, response.mimetype)
        validator = self.validator(pointer)
        return [
            f"{method.upper()} {path} {response.status_code}: {error.json_path}: {error.message}"
            for error in validator.iter_errors(response.get_json())
        ]


@pytest.fixture(scope="module")
def ljungby(shared_app: Flask) -> Flask:
    """The bundled Ljungby model, read only by this module's tests: the session's one app."""
    return shared_app


@pytest.fixture(scope="module")
def defective() -> Flask:
    """A model with an orphaned activity, a board goal without a plan and a board with three
    goals in an area: findings in every part of the reports."""
    files = [
        DATA / "base.ttl",
        DATA / "invalid" / "Activity-no-plan.trig",
        DATA / "invalid" / "BoardGoal-hasActionPlan-none.trig",
        DATA / "invalid" / "Board-three-goals-in-area.trig",
    ]
    return create_app({"TESTING": True, "data": [str(f) for f in files], "query_processes": 0})


@pytest.fixture(scope="module")
def served(ljungby: Flask) -> Document:
    response = ljungby.test_client().get("/openapi.json")
    assert response.status_code == 200
    return Document(response.get_json())


# --- the document -------------------------------------------------------------------------------


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No connection can be opened: whatever runs under it needs no network."""

    def refused(*args: Any, **kwargs: Any) -> None:
        raise OSError("no network in this test")

    monkeypatch.setattr(socket.socket, "connect", refused)
    monkeypatch.setattr(socket, "create_connection", refused)
    yield


def test_the_document_is_valid_openapi_3_1(served: Document, offline: None) -> None:
    # The OpenAPI 3.1 meta-schema that openapi-spec-validator ships, with its own checks
    # (path parameters declared, operation ids unique); offline.
    validate_spec(served.document)
    for name, schema in served.document["components"]["schemas"].items():
        Draft202012Validator.check_schema(schema)
        assert schema.get("description"), f"the shape {name} has no docstring"


METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return found + [r for value in node.values() for r in _refs(value)]
    if isinstance(node, list):
        return [r for value in node for r in _refs(value)]
    return []


def test_openapi_document_is_well_formed_and_lists_every_route(
    ljungby: Flask, served: Document
) -> None:
    document = served.document
    assert document["openapi"].startswith("3.1")
    assert document["info"]["title"] and document["info"]["version"]
    assert document["components"]["schemas"]["Error"]["required"] == ["error", "status"]
    for ref in _refs(document):
        served.resolve(ref)
    operation_ids = []
    for path, item in document["paths"].items():
        assert path.startswith("/")
        templated = set(re.findall(r"{([^}]+)}", path))
        assert set(item) <= set(METHODS) | {"parameters", "summary", "description"}
        for method in set(item) & set(METHODS):
            operation = item[method]
            operation_ids.append(operation["operationId"])
            assert operation["responses"], f"{method} {path} has no responses"
            for status, response in operation["responses"].items():
                assert status == "default" or re.fullmatch(r"[1-5][0-9X]{2}", status)
                assert "description" in response or "$ref" in response
            in_path = set()
            for parameter in operation.get("parameters", []):
                if "$ref" in parameter:
                    parameter = served.resolve(parameter["$ref"])
                assert parameter["name"] and parameter["in"] in ("query", "path", "header")
                assert isinstance(parameter.get("schema"), dict), parameter
                if parameter["in"] == "path":
                    assert parameter["required"] is True
                    in_path.add(parameter["name"])
            assert in_path == templated, f"{method} {path}: path parameters"
    assert len(operation_ids) == len(set(operation_ids))

    for name, query in load_queries().items():
        operation = document["paths"][f"/api/queries/{name}"]["get"]
        declared = {p["name"]: p["schema"] for p in operation["parameters"] if "name" in p}
        assert set(declared) == {p.name for p in query.parameters}
        for parameter in query.parameters:
            if parameter.type == "iri":
                assert declared[parameter.name]["format"] == "iri"
    assert set(VALUE_TYPES) == set(TYPES)

    # Every route of the app is described, by hand, and nothing else is.
    routes: dict[str, set[str]] = {}
    for rule in ljungby.url_map.iter_rules():
        if rule.endpoint != "static":
            path = re.sub(r"<(?:[^<>:]+:)?([^<>]+)>", r"{\1}", rule.rule)
            methods = {m.lower() for m in rule.methods or ()} - {"head", "options"}
            routes.setdefault(path, set()).update(methods)
    for name in load_queries():
        routes[f"/api/queries/{name}"] = {"get"}
    assert {path: set(item) for path, item in document["paths"].items()} == routes
    undescribed = [
        f"{method} {path}"
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if operation.get("x-undescribed")
    ]
    assert undescribed == []


# --- real answers against the document ----------------------------------------------------------


def _get(client: FlaskClient, url: str, query: dict[str, str], **headers: str) -> TestResponse:
    return client.get(url, query_string=query, headers=headers)


def test_every_json_answer_of_the_api_has_its_declared_shape(
    ljungby: Flask, served: Document
) -> None:
    client = ljungby.test_client()
    cases: list[tuple[str, dict[str, str], dict[str, str]]] = [
        ("/api/trace", {"iri": ACTIVITY}, {}),
        ("/api/trace", {"iri": ID + "og-ks-kunskap-1", "direction": "down"}, {}),
        ("/api/trace", {"iri": ID + "ng-ks-3", "direction": "impact", "lang": "en"}, {}),
        ("/api/trace", {"iri": ID + "iup-2021-2"}, TOKEN),
        ("/api/coverage", {}, {}),
        ("/api/coverage", {"graph": PUBLIC, "lang": "en"}, {}),
        ("/api/validate", {"lang": "en"}, {}),
        ("/api/validate", {"graph": PRIVATE}, TOKEN),
        ("/api/queries", {}, {}),
        ("/api/queries/goals-of-board", {"board": BOARD, "lang": "en"}, {}),
        ("/api/queries/goals-of-board", {"board": BOARD}, {"Accept": "application/json"}),
        ("/health", {}, {}),
        ("/openapi.json", {}, {}),
    ]
    # Every named query that can run without a value: terms of every kind in the answers.
    for name, query in load_queries().items():
        if not any(p.required for p in query.parameters):
            cases.append((f"/api/queries/{name}", {}, TOKEN))
    problems = []
    for url, query, headers in cases:
        response = _get(client, url, query, **headers)
        assert response.status_code == 200, (url, query, response.get_json())
        assert response.is_json, url
        problems += served.problems(response, url)
    assert problems == []


def test_answers_with_findings_have_their_declared_shape(
    defective: Flask, served: Document
) -> None:
    client = defective.test_client()
    coverage = _get(client, "/api/coverage", {"lang": "en"})
    report = coverage.get_json()
    assert report["orphans"] and report["uncovered"]
    assert report["summary"]["orphans_by_reason"] == {"missing-link": 1}
    trace = _get(client, "/api/trace", {"iri": EX + "akt-3"})
    assert trace.get_json()["break"]["code"] == "missing-link"
    validation = _get(client, "/api/validate", {})
    assert validation.get_json()["violations"] > 0
    problems = []
    for path, response in (
        ("/api/coverage", coverage),
        ("/api/trace", trace),
        ("/api/trace", _get(client, "/api/trace", {"iri": EX + "akt-3", "direction": "impact"})),
        ("/api/validate", validation),
    ):
        assert response.status_code == 200
        problems += served.problems(response, path)
    assert problems == []


def test_the_sparql_endpoints_json_results_have_their_declared_shape(
    ljungby: Flask, served: Document
) -> None:
    client = ljungby.test_client()
    select = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 400"
    answers = [
        _get(client, "/sparql", {"query": select}, Accept="application/sparql-results+json"),
        _get(client, "/sparql", {"query": select}, Accept="application/json"),
        # Whether the first rows hold a blank node depends on the order of the store's triples.
        _get(
            client,
            "/sparql",
            {"query": "SELECT ?b WHERE { ?s ?p ?b FILTER (isBlank(?b)) } LIMIT 3"},
            Accept="application/sparql-results+json",
        ),
        _get(client, "/sparql", {"query": "ASK { ?s a ?type }"}),
        client.post("/sparql", data={"query": "ASK { <urn:x:no> ?p ?o }"}),
    ]
    kinds = set()
    problems = []
    for response in answers:
        assert response.status_code == 200, response.get_data(as_text=True)
        body = response.get_json(force=True)
        kinds |= {
            term["type"]
            for row in body.get("results", {}).get("bindings", [])
            for term in row.values()
        }
        method = response.request.method.lower()
        problems += served.problems(response, "/sparql", method)
    assert problems == []
    assert kinds == {"uri", "literal", "bnode"}


def test_every_error_has_the_declared_error_shape(ljungby: Flask, served: Document) -> None:
    client = ljungby.test_client()
    cases: list[tuple[str, str, dict[str, str], dict[str, str], int]] = [
        ("/api/trace", "/api/trace", {}, {}, 400),
        ("/api/trace", "/api/trace", {"iri": ACTIVITY, "lang": "sv_SE"}, {}, 400),
        ("/api/trace", "/api/trace", {"iri": ACTIVITY, "colour": "red"}, {}, 400),
        ("/api/trace", "/api/trace", {"iri": ID + "no-such-node"}, {}, 404),
        ("/api/trace", "/api/trace", {"iri": ACTIVITY, "graph": PRIVATE}, {}, 404),
        ("/api/trace", "/api/trace", {"iri": ACTIVITY}, {"Accept": "image/png"}, 406),
        ("/api/coverage", "/api/coverage", {"format": "pdf"}, {}, 400),
        ("/api/coverage", "/api/coverage", {}, {"Accept": "application/xml"}, 406),
        ("/api/validate", "/api/validate", {"graph": "urn:example:none"}, {}, 404),
        ("/api/queries", "/api/queries", {"name": "x"}, {}, 400),
        ("/api/queries/no-such-query", "/api/queries/{name}", {}, {}, 404),
        ("/api/queries/goals-of-board", "/api/queries/goals-of-board", {}, {}, 400),
        (
            "/api/queries/goals-of-board",
            "/api/queries/goals-of-board",
            {"board": BOARD},
            {"Accept": "text/turtle"},
            406,
        ),
        ("/health", "/health", {"verbose": "1"}, {}, 400),
        ("/openapi.json", "/openapi.json", {"pretty": "1"}, {}, 400),
        ("/sparql", "/sparql", {"query": " "}, {}, 400),
        ("/sparql", "/sparql", {"query": "ASK {}"}, {"Accept": "text/turtle"}, 406),
        ("/sparql", "/sparql", {"update": "CLEAR ALL"}, {}, 403),
        ("/resource", "/resource", {"iri": "urn:example:nothing"}, {}, 404),
        (
            "/coverage/cell",
            "/coverage/cell",
            {"board": "urn:example:b", "area": "urn:example:a"},
            {"Accept": "application/json"},
            404,
        ),
        ("/store", "/store", {"graph": "urn:example:none"}, {}, 404),
        ("/store", "/store", {"graph": PUBLIC}, {"Accept": "image/png"}, 406),
    ]
    problems = []
    details = set()
    for url, path, query, headers, status in cases:
        response = _get(client, url, query, **headers)
        assert response.status_code == status, (url, query, response.get_data(as_text=True))
        assert response.mimetype == "application/json", (url, query)
        details |= set(response.get_json())
        problems += served.problems(response, path)
    unsupported = client.post("/sparql", data="x", content_type="text/plain")
    assert unsupported.status_code == 415
    problems += served.problems(unsupported, "/sparql", "post")
    assert problems == []
    assert {"parameter", "offered", "iri", "graph", "board", "area"} <= details


def test_the_answers_to_writes_have_their_declared_shapes(
    lean_app: Flask, served: Document
) -> None:
    client = lean_app.test_client()
    turtle = {**TOKEN, "Content-Type": "text/turtle"}

    def put(graph: str, body: str, headers: dict[str, str] = turtle) -> TestResponse:
        return client.put("/store", query_string={"graph": graph}, data=body, headers=headers)

    # Personal data outside a private graph; a board goal that breaks the rules.
    leak = f"<urn:example:p> a <{SG}DevelopmentPlan> ."
    label = "<http://www.w3.org/2000/01/rdf-schema#label>"
    unruly = f'<urn:example:g> a <{SG}BoardGoal> ; {label} "x"@sv .'
    answers = [
        (client.post("/store", data='<urn:example:a> <urn:example:b> "c" .', headers=turtle), 201),
        (put("urn:example:p", leak), 422),
        (put("urn:example:g", unruly), 422),
        (put("urn:example:x", "<a> <b> ."), 400),
        (put("urn:example:x", "{}", {**TOKEN, "Content-Type": "application/trig"}), 415),
        (client.delete("/store", query_string={"graph": PUBLIC}), 401),
    ]
    problems = []
    details = set()
    for response, status in answers:
        assert response.status_code == status, response.get_data(as_text=True)
        details |= set(response.get_json())
        problems += served.problems(response, "/store", response.request.method.lower())
    assert problems == []
    assert {"graph", "triples", "findings", "report", "line", "column", "accepted"} <= details


# --- the check can fail -------------------------------------------------------------------------


def test_a_body_that_departs_from_its_shape_is_refused(ljungby: Flask, served: Document) -> None:
    trace = _get(ljungby.test_client(), "/api/trace", {"iri": ACTIVITY}).get_json()
    validator = served.schema("Trace")
    assert list(validator.iter_errors(trace)) == []

    missing = {k: v for k, v in trace.items() if k != "paths"}
    assert [e.message for e in validator.iter_errors(missing)] == ["'paths' is a required property"]
    wrong = {**trace, "reaches_vision": "yes"}
    assert [e.json_path for e in validator.iter_errors(wrong)] == ["$.reaches_vision"]
    deeper = {**trace, "node": {**trace["node"], "units": [{"iri": 7, "label": None}]}}
    assert [e.json_path for e in validator.iter_errors(deeper)] == ["$.node.units[0].iri"]
    extra = {**trace, "colour": "red"}
    assert len(list(validator.iter_errors(extra))) == 1

    error = served.schema("Error")
    assert list(error.iter_errors({"error": "no", "status": 400, "parameter": "iri"})) == []
    assert list(error.iter_errors({"error": "no", "status": "400"}))
    assert list(error.iter_errors({"status": 400}))
    assert list(error.iter_errors({"error": "no", "status": 400, "hint": "unknown detail"}))
    coverage = served.schema("CoverageFinding")
    keys = served.document["components"]["schemas"]["CoverageFinding"]["properties"]
    given = {"iri": "urn:x", "reason": "r", "code": "missing-link", "category": "orphan"}
    finding = {**dict.fromkeys(keys), **given}
    assert list(coverage.iter_errors(finding)) == []
    assert list(coverage.iter_errors({**finding, "code": "no-such-reason"}))


def test_a_node_outside_the_hierarchy_is_a_hop_of_the_same_shape(served: Document) -> None:
    assert list(served.schema("Hop").iter_errors(hop(Hierarchy(), "urn:example:nothing"))) == []


# --- the converter ------------------------------------------------------------------------------


class Leaf(TypedDict):
    """A leaf."""

    name: str
    """Its name."""
    weight: NotRequired[float | None]


class Branch(TypedDict):
    """A branch of a tree."""

    kind: Literal["oak", "ash"]
    leaves: list[Leaf]
    branches: list[Branch]
    counts: dict[Literal["oak", "ash"], int]
    anything: Any


def test_typed_dicts_become_json_schemas() -> None:
    shapes = Schemas()
    assert shapes.ref(Branch) == {"$ref": "#/components/schemas/Branch"}
    assert shapes.named["Leaf"] == {
        "description": "A leaf.",
        "type": "object",
        "properties": {
            "name": {"type": "string", "description": "Its name."},
            # Not required, though ``from __future__ import annotations`` hides that from
            # __required_keys__ on Python 3.11.
            "weight": {"type": ["number", "null"]},
        },
        "required": ["name"],
        "additionalProperties": False,
    }
    branch = shapes.named["Branch"]["properties"]
    assert branch["kind"] == {"type": "string", "enum": ["oak", "ash"]}
    assert branch["branches"] == {"type": "array", "items": {"$ref": "#/components/schemas/Branch"}}
    assert branch["counts"] == {
        "type": "object",
        "additionalProperties": {"type": "integer"},
        "propertyNames": {"type": "string", "enum": ["oak", "ash"]},
    }
    assert branch["anything"] == {}


class Unsupported(TypedDict):
    """A shape with a set in it, which JSON has not."""

    tags: set[str]


class Keyed(TypedDict):
    """A shape whose object has integer keys."""

    by_number: dict[int, str]


def test_a_type_without_a_json_schema_is_refused_naming_where() -> None:
    with pytest.raises(TypeError, match=r"test_openapi\.Unsupported\.tags: set\[str\]"):
        Schemas().ref(Unsupported)
    with pytest.raises(TypeError, match=r"Keyed\.by_number: the keys of a JSON object"):
        Schemas().ref(Keyed)


class Twin(TypedDict):
    """One of two shapes of one name."""

    a: int


def _other_twin() -> type:
    class Twin(TypedDict):
        """The other."""

        b: str

    return Twin


def test_two_shapes_of_one_name_are_refused() -> None:
    shapes = Schemas()
    shapes.ref(Twin)
    shapes.ref(Twin)  # the same shape again is no conflict
    with pytest.raises(TypeError, match="two shapes are named Twin"):
        shapes.ref(_other_twin())
