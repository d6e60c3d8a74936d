"""Personal data does not hang on one triple: the service owns the list of private graphs.

A write that takes the ``sg:PrivateGraph`` declaration out of the public graph, or that copies
an employee or a development plan into a graph that is not private, is refused; the service's
configuration graph, which records the private graphs, is neither readable nor writable through
any public route; and after a restart the private graph stays private even when its declaration
was taken out of the store behind the service's back.
"""

from __future__ import annotations

import gc
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pyoxigraph as ox
import pytest
from flask import Flask
from rdflib import Graph

from styrgraf.model.bundled import SERVICE_GRAPH, sample_data_files, vocabulary_graphs
from styrgraf.model.validation import validate_paths
from styrgraf.store.private_graphs import declared_in_store
from styrgraf.vocabulary import parse_iris
from styrgraf.web.app import create_app
from styrgraf.web.service import service
from tests_support import Answer, Wire, remote_store, serving

BASE = "https://w3id.org/styrgraf/"
PUBLIC = BASE + "ljungby/graph/2019-2022"
PRIVATE = BASE + "ljungby/graph/2019-2022-private"
SG = "https://w3id.org/styrgraf#"
LJ = BASE + "ljungby/id/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
TOKEN = "privacy-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
NT = "application/n-triples"
DECLARATION = ox.Triple(
    ox.NamedNode(PRIVATE), ox.NamedNode(RDF_TYPE), ox.NamedNode(SG + "PrivateGraph")
)
STAYS_PRIVATE = f"<{PRIVATE}> is private in this service and stays private"
EMPLOYEE = (
    f"<{LJ}medarbetare-1> <{RDF_TYPE}> <{SG}Employee> .\n"
    f'<{LJ}medarbetare-1> <http://www.w3.org/2000/01/rdf-schema#label> "Lisa Exempelsson"@sv .\n'
    f"<{LJ}medarbetare-1> <http://www.w3.org/ns/org#memberOf> <{LJ}enhet-forskola> .\n"
)


def personal_iris() -> list[str]:
    """Every employee, holder of a post and development plan of the bundled model."""
    quads = ox.parse(path=str(sample_data_files()[0]), format=ox.RdfFormat.TRIG)
    found = set()
    for q in quads:
        if q.predicate.value == RDF_TYPE and q.object.value in (
            SG + "Employee",
            SG + "DevelopmentPlan",
        ):
            found.add(q.subject.value)
        if q.predicate.value == "http://www.w3.org/ns/org#heldBy":
            found.add(q.object.value)
    assert len(found) >= 11  # four employees, three persons holding posts, four plans
    return sorted(found)


def counting(pattern: str, graphs: tuple[str, ...]) -> list[tuple[str, dict[str, str]]]:
    """The ways a public query may count the solutions of a triple pattern: over the default
    graph and GRAPH ?g, and naming each of ``graphs`` with FROM, FROM NAMED, GRAPH, and the
    protocol's default-graph-uri and named-graph-uri."""
    count = "SELECT (COUNT(*) AS ?n)"
    ways = [
        (f"{count} WHERE {{ {pattern} }}", {}),
        (f"{count} WHERE {{ GRAPH ?g {{ {pattern} }} }}", {}),
    ]
    for graph in graphs:
        ways += [
            (f"{count} FROM <{graph}> WHERE {{ {pattern} }}", {}),
            (f"{count} FROM NAMED <{graph}> WHERE {{ GRAPH <{graph}> {{ {pattern} }} }}", {}),
            (f"{count} WHERE {{ GRAPH <{graph}> {{ {pattern} }} }}", {}),
            (f"{count} WHERE {{ {pattern} }}", {"default-graph-uri": graph}),
            (f"{count} WHERE {{ GRAPH ?g {{ {pattern} }} }}", {"named-graph-uri": graph}),
        ]
    return ways


def hidden_counts() -> list[tuple[str, dict[str, str]]]:
    """Queries that must count nothing: employees and development plans anywhere, and anything
    in the private graph or the configuration graph."""
    graphs = (PRIVATE, SERVICE_GRAPH)
    ways = counting(f"?x a <{SG}Employee>", graphs) + counting(
        f"?x a <{SG}DevelopmentPlan>", graphs
    )
    for graph in graphs:
        ways += [w for w in counting("?s ?p ?o", (graph,)) if graph in str(w)]
    return ways


def where(iri: str) -> str:
    """The path under which the service dereferences an IRI of its base."""
    assert iri.startswith(BASE)
    return "/" + iri[len(BASE) :]


# --- over the wire ----------------------------------------------------------------------------


def sparql_count(wire: Wire, text: str, dataset: dict[str, str]) -> int:
    body = urllib.parse.urlencode({"query": text, **dataset}).encode()
    answer = wire.request(
        "POST",
        "/sparql",
        body=body,
        headers={
            "Accept": "application/sparql-results+json",
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    assert answer.status == 200, (text, dataset, answer.body)
    return int(answer.json()["results"]["bindings"][0]["n"]["value"])


def store_path(graph: str) -> str:
    return "/store?" + urllib.parse.urlencode({"graph": graph})


def assert_nothing_personal_shows(wire: Wire) -> None:
    """What an anonymous client can ask shows no personal data and no configuration graph."""
    unknown = wire.get(store_path(BASE + "ljungby/graph/no-such-graph"))
    assert unknown.status == 404
    for graph in (PRIVATE, SERVICE_GRAPH):
        hidden = wire.get(store_path(graph))
        assert hidden.status == 404, graph
        assert hidden.json()["error"] == f"no graph <{graph}>"
    for iri in [*personal_iris(), SERVICE_GRAPH]:
        for path in (where(iri), "/resource?" + urllib.parse.urlencode({"iri": iri})):
            for media in ("text/turtle", "text/html"):
                answer = wire.get(path, media)
                assert answer.status == 404, (path, media, answer.status)
    for suffix in (".ttl", ".nt", ".jsonld", ".rdf"):
        assert wire.get(where(SERVICE_GRAPH) + suffix).status == 404
    for text, dataset in hidden_counts():
        assert sparql_count(wire, text, dataset) == 0, (text, dataset)
    for path in ("/api/validate", "/api/coverage"):
        answer = wire.get(path + "?" + urllib.parse.urlencode({"graph": SERVICE_GRAPH}))
        assert answer.status == 404, path
    # The dataset description (its dumps) and the endpoint's description name neither graph.
    description = wire.get("/dataset", NT).body.decode()
    assert "downloadURL" in description
    description += wire.get("/sparql", "text/turtle").body.decode()
    assert "2019-2022-private" not in description and SERVICE_GRAPH not in description


def remove_declaration(body: bytes) -> bytes:
    triples = [q.triple for q in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)]
    assert DECLARATION in triples
    kept = [t for t in triples if t != DECLARATION]
    data = ox.serialize(kept, format=ox.RdfFormat.N_TRIPLES)
    assert isinstance(data, bytes)
    return data


def write(wire: Wire, method: str, graph: str, body: bytes = b"") -> Answer:
    headers = {**AUTH, "Content-Type": NT} if body else dict(AUTH)
    return wire.request(method, store_path(graph), body=body or None, headers=headers)


def load_model(folder: Path, model: Path) -> None:
    """``styrgraf load`` the model into a persisted store: the bundled model with one year of
    its follow-up (``lean_model``), whose private graph and declaration are the bundled
    model's, so every load and write validates half as much."""
    command = ["load", "--store", str(folder), "--no-progress", str(model)]
    done = subprocess.run(
        [sys.executable, "-m", "styrgraf.cli", *command],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def edit_stopped_store(folder: Path, update: str) -> None:
    """Change the store on disk directly, as someone with the files could while no service
    holds it."""
    store = ox.Store(str(folder))
    store.update(update)
    store.flush()
    del store
    gc.collect()


def declaration_deleted(graph: str) -> str:
    return f"DELETE DATA {{ GRAPH <{graph}> {{ <{PRIVATE}> <{RDF_TYPE}> <{SG}PrivateGraph> }} }}"


def recorded(folder: Path) -> set[str]:
    store = ox.Store.read_only(str(folder))
    try:
        rows = store.query(
            f"SELECT ?g WHERE {{ GRAPH <{SERVICE_GRAPH}> {{ ?g a <{SG}PrivateGraph> }} }}"
        )
        assert isinstance(rows, ox.QuerySolutions)
        return {row["g"].value for row in rows}
    finally:
        del store
        gc.collect()


def test_the_private_graph_stays_private_through_writes_and_restarts(
    tmp_path: Path, lean_model: Path
) -> None:
    folder = tmp_path / "store"
    load_model(folder, lean_model)
    assert recorded(folder) == {PRIVATE}
    env = {"STYRGRAF_WRITE_TOKEN": TOKEN, "STYRGRAF_WORKERS": "2", "STYRGRAF_QUERY_PROCESSES": "1"}
    with serving(tmp_path / "first", "--store", str(folder), env=env) as base:
        wire = Wire(base)
        public = wire.request("GET", store_path(PUBLIC), headers={**AUTH, "Accept": NT})
        assert public.status == 200
        # The sequence of the issue: the public graph with its current content but for the
        # declaration of the private graph. It would conform to the shapes; it is refused.
        refused = write(wire, "PUT", PUBLIC, remove_declaration(public.body))
        assert refused.status == 422, refused.body
        answer = refused.json()
        assert answer["error"].startswith(STAYS_PRIVATE) and "nothing was stored" in answer["error"]
        assert answer["graph"] == PUBLIC
        assert {(f["code"], f["graph"], f["node"]) for f in answer["findings"]} == {
            ("declaration-removed", PUBLIC, PRIVATE)
        }
        after = wire.request("GET", store_path(PUBLIC), headers={**AUTH, "Accept": NT})
        assert after.body == public.body
        assert_nothing_personal_shows(wire)

        # An employee copied into the public graph: refused, naming the node and the graph.
        copied = write(wire, "PUT", PUBLIC, public.body + EMPLOYEE.encode())
        assert copied.status == 422, copied.body
        findings = {(f["code"], f["graph"], f["node"]) for f in copied.json()["findings"]}
        assert ("personal-data", PUBLIC, LJ + "medarbetare-1") in findings
        assert f"<{LJ}medarbetare-1> is personal data" in copied.json()["error"]
        # A link to a development plan from a new graph: the plan would show there.
        leak = f"<https://example.org/x> <https://example.org/about> <{LJ}iup-2021-1> .\n"
        linked = write(wire, "POST", "https://example.org/leak", leak.encode())
        assert linked.status == 422, linked.body
        assert {(f["graph"], f["node"]) for f in linked.json()["findings"]} == {
            ("https://example.org/leak", LJ + "iup-2021-1")
        }

        # The configuration graph cannot be written, by any method.
        for method in ("PUT", "POST", "DELETE"):
            body = b"" if method == "DELETE" else EMPLOYEE.encode()
            answer_ = write(wire, method, SERVICE_GRAPH, body)
            assert answer_.status == 403, method
            assert answer_.json()["graph"] == SERVICE_GRAPH
            assert (
                f"<{SERVICE_GRAPH}> is the service's configuration graph" in answer_.json()["error"]
            )
        assert_nothing_personal_shows(wire)
        wire.close()

    # While no service runs, someone takes the declaration out of the public graph directly.
    edit_stopped_store(folder, declaration_deleted(PUBLIC))
    with serving(tmp_path / "second", "--store", str(folder), env=env) as base:
        wire = Wire(base)
        public = wire.request("GET", store_path(PUBLIC), headers={**AUTH, "Accept": NT})
        assert DECLARATION not in {
            q.triple for q in ox.parse(public.body, format=ox.RdfFormat.N_TRIPLES)
        }
        assert_nothing_personal_shows(wire)
        # With the token the private graph is still there, and still the service's to keep.
        assert wire.request("GET", store_path(PRIVATE), headers=AUTH).status == 200
        wire.close()

    # And out of the configuration graph as well: the setting keeps the graph private, and the
    # service records it again.
    edit_stopped_store(folder, declaration_deleted(SERVICE_GRAPH))
    assert recorded(folder) == set()
    with serving(
        tmp_path / "third", "--store", str(folder), env={**env, "STYRGRAF_PRIVATE_GRAPHS": PRIVATE}
    ) as base:
        wire = Wire(base)
        assert_nothing_personal_shows(wire)
        wire.close()
    assert recorded(folder) == {PRIVATE}


def test_the_sequence_is_refused_by_serve_with_no_options(tmp_path: Path) -> None:
    """As served from a fresh clone: the bundled model on the service's temporary store."""
    env = {"STYRGRAF_WRITE_TOKEN": TOKEN, "STYRGRAF_WORKERS": "2", "STYRGRAF_QUERY_PROCESSES": "1"}
    with serving(tmp_path / "serve", env=env) as base:
        wire = Wire(base)
        public = wire.request("GET", store_path(PUBLIC), headers={**AUTH, "Accept": NT})
        refused = write(wire, "PUT", PUBLIC, remove_declaration(public.body))
        assert refused.status == 422 and refused.json()["error"].startswith(STAYS_PRIVATE)
        assert_nothing_personal_shows(wire)
        wire.close()


# --- in the app -------------------------------------------------------------------------------


def test_a_write_may_declare_a_new_private_graph(lean_app: Flask) -> None:
    client = lean_app.test_client()
    graph = "https://example.org/staff"
    token = {"Authorization": "Bearer test-token"}
    body = f"<{graph}> <{RDF_TYPE}> <{SG}PrivateGraph> .\n" + EMPLOYEE.replace(
        "medarbetare-1", "medarbetare-9"
    )
    answer = client.put(
        "/store", query_string={"graph": graph}, data=body, headers={**token, "Content-Type": NT}
    )
    assert answer.status_code == 201, answer.get_data(as_text=True)
    with client.application.app_context():
        assert graph in service().private_graphs()
        assert declared_in_store(service().store, [SERVICE_GRAPH]) == {PRIVATE, graph}
    assert client.get("/store", query_string={"graph": graph}).status_code == 404
    assert client.get("/ljungby/id/medarbetare-9").status_code == 404
    # The declaration cannot be taken back: the graph stays private.
    again = client.put(
        "/store",
        query_string={"graph": graph},
        data=EMPLOYEE.replace("medarbetare-1", "medarbetare-9"),
        headers={**token, "Content-Type": NT},
    )
    assert again.status_code == 422
    assert again.get_json()["error"].startswith(f"<{graph}> is private in this service")


def test_the_setting_keeps_a_graph_private_that_the_data_does_not_declare() -> None:
    app = create_app(
        {"TESTING": True, "query_processes": 0, "private_graphs": f"{PUBLIC} urn:example:other"}
    )
    client = app.test_client()
    assert client.get("/store", query_string={"graph": PUBLIC}).status_code == 404
    assert client.get("/ljungby/id/kommunstyrelsen").status_code == 404
    with app.app_context():
        assert {PUBLIC, PRIVATE, "urn:example:other"} <= service().private_graphs()


def test_a_bad_iri_in_the_setting_is_named() -> None:
    with pytest.raises(ValueError, match="'not an iri' is not an absolute IRI"):
        parse_iris(["not an iri"])


def test_private_graphs_are_read_from_whitespace_and_path_separators() -> None:
    assert parse_iris(f"{PUBLIC}\n  urn:a:b\t{PRIVATE}") == [PUBLIC, "urn:a:b", PRIVATE]
    import os

    assert parse_iris(os.pathsep.join([PUBLIC, "urn:a:b", PRIVATE])) == [PUBLIC, "urn:a:b", PRIVATE]
    assert parse_iris([PUBLIC]) == [PUBLIC]
    assert parse_iris("") == []


def test_the_service_judges_personal_data_by_its_own_list(tmp_path: Path) -> None:
    """Employees in a graph the data does not declare private break the rule for the file; the
    service that keeps that graph private finds the model sound."""
    public, staff, other = "https://example.org/public", "https://example.org/staff", "urn:x:y"
    lines = [f"<{other}> <{RDF_TYPE}> <{SG}PrivateGraph> <{public}> ."]
    for s, p, o in Graph().parse(Path(__file__).parent / "data" / "base.ttl"):
        personal = str(s).endswith(("/medarbetare", "/iup"))
        lines.append(f"{s.n3()} {p.n3()} {o.n3()} <{staff if personal else public}> .")
    path = tmp_path / "model.nq"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    alone = validate_paths([path])
    assert {f.rule for f in alone.findings if f.severity == "Violation"} == {
        SG + "PersonalData-privateGraph"
    }
    app = create_app(
        {"TESTING": True, "query_processes": 0, "data": [str(path)], "private_graphs": [staff]}
    )
    with app.app_context():
        assert service().validation(graphs=None, lang="en").conforms
    assert app.test_client().get("/store", query_string={"graph": staff}).status_code == 404


# --- the remote backend -----------------------------------------------------------------------


def test_a_remote_store_keeps_the_private_graph_when_others_drop_its_declaration(
    oxigraph_server: str, lean_model: Path
) -> None:
    store = remote_store(oxigraph_server)
    store.load([lean_model])
    for graph, files in vocabulary_graphs().items():
        store.load(files, graph=graph)
    app = create_app(
        {
            "TESTING": True,
            "query_processes": 0,
            "write_token": "t",
            "endpoint": f"{oxigraph_server}/query",
            "update_endpoint": f"{oxigraph_server}/update",
            "store_endpoint": f"{oxigraph_server}/store",
        }
    )
    client = app.test_client()
    token = {"Authorization": "Bearer t"}
    # Recorded in the server's configuration graph at start.
    assert declared_in_store(store, [SERVICE_GRAPH]) == {PRIVATE}
    public = client.get("/store", query_string={"graph": PUBLIC}, headers={**token, "Accept": NT})
    refused = client.put(
        "/store",
        query_string={"graph": PUBLIC},
        data=remove_declaration(public.get_data()),
        headers={**token, "Content-Type": NT},
    )
    assert refused.status_code == 422
    assert refused.get_json()["error"].startswith(STAYS_PRIVATE)
    # Another client of the server takes the declaration out of the data; then a write through
    # the service makes it forget what it knew of the store.
    store.update(declaration_deleted(PUBLIC))
    note = '<https://example.org/n> <https://example.org/p> "x" .\n'
    written = client.put(
        "/store",
        query_string={"graph": "https://example.org/note"},
        data=note,
        headers={**token, "Content-Type": NT},
    )
    assert written.status_code == 201, written.get_data(as_text=True)
    assert client.get("/store", query_string={"graph": PRIVATE}).status_code == 404
    for iri in personal_iris():
        assert client.get(where(iri)).status_code == 404, iri
    for text, dataset in hidden_counts():
        answer = client.post(
            "/sparql",
            data={"query": text, **dataset},
            headers={"Accept": "application/sparql-results+json"},
        )
        assert answer.status_code == 200
        assert answer.get_json()["results"]["bindings"][0]["n"]["value"] == "0", (text, dataset)


# --- the command line -------------------------------------------------------------------------


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "styrgraf.cli", *args], capture_output=True, text=True, check=False
    )


def test_load_refuses_personal_data_in_a_public_graph(tmp_path: Path) -> None:
    model = Path(__file__).parent / "data" / "base.ttl"
    folder = str(tmp_path / "store")
    done = run(
        "load", "--store", folder, str(model), "--into", "https://example.org/g", "--no-validate"
    )
    assert done.returncode == 1
    assert (
        "is personal data" in done.stdout
        and "<https://example.org/g> is not a private graph" in done.stdout
    )
    assert "nothing was loaded" in done.stderr


def test_load_refuses_to_drop_a_declaration_and_an_operator_can_make_a_graph_public(
    tmp_path: Path, lean_model: Path
) -> None:
    folder = tmp_path / "store"
    load_model(folder, lean_model)
    store = ox.Store()
    store.bulk_load(path=str(lean_model), format=ox.RdfFormat.N_QUADS)
    store.update(declaration_deleted(PUBLIC))
    edited = tmp_path / "edited.trig"
    store.dump(edited, ox.RdfFormat.TRIG)
    done = run("load", "--store", str(folder), str(edited))
    assert done.returncode == 1 and STAYS_PRIVATE in done.stdout, done.stdout

    listed = run("private-graphs", "--store", str(folder))
    assert listed.returncode == 0 and listed.stdout.splitlines() == [PRIVATE]
    # Not while the graph holds personal data.
    refused = run("private-graphs", "--store", str(folder), "--make-public", PRIVATE)
    assert refused.returncode == 2 and "holds personal data" in refused.stderr
    # Emptied (here, directly), it can be made public: deliberately, on a stopped store.
    edit_stopped_store(folder, f"DROP GRAPH <{PRIVATE}>")
    made = run("private-graphs", "--store", str(folder), "--make-public", PRIVATE)
    assert made.returncode == 0, made.stderr
    assert run("private-graphs", "--store", str(folder)).stdout == ""
    assert recorded(folder) == set()
    # The edited model (no declaration) now loads.
    without_private = tmp_path / "public-only.trig"
    public_only = [
        q
        for q in ox.parse(path=str(edited), format=ox.RdfFormat.TRIG)
        if q.graph_name == ox.NamedNode(PUBLIC)
    ]
    ox.serialize(public_only, without_private, ox.RdfFormat.TRIG)
    assert run("load", "--store", str(folder), str(without_private)).returncode == 0


def test_not_a_private_graph_cannot_be_made_public(tmp_path: Path, lean_model: Path) -> None:
    folder = tmp_path / "store"
    load_model(folder, lean_model)
    done = run("private-graphs", "--store", str(folder), "--make-public", PUBLIC)
    assert done.returncode == 2 and f"<{PUBLIC}> is not recorded as private" in done.stderr
