"""`styrgraf serve` over the wire: a real waitress server in its own process, driven by SPARQL
clients that nobody here wrote (SPARQLWrapper, rdflib's SPARQLStore) and by several clients
at once."""

from __future__ import annotations

import concurrent.futures
import json
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, TURTLE, SPARQLWrapper

from tests_support import LJ, serving


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("serve")
    env = {"STYRGRAF_WRITE_TOKEN": "wire-token", "STYRGRAF_WORKERS": "4"}
    with serving(folder, env=env) as base:
        yield base
    printed = (folder / "serve.log").read_text(encoding="utf-8")
    assert f"{base}/sparql" in printed and f"open {base}/ " in printed


def _answer(client: SPARQLWrapper) -> Any:
    result = client.query()
    try:
        return result.convert()
    finally:
        result.response.close()


def test_sparqlwrapper_selects_asks_and_constructs(server: str) -> None:
    client = SPARQLWrapper(f"{server}/sparql")
    client.setReturnFormat(JSON)
    label = "<http://www.w3.org/2000/01/rdf-schema#label>"
    client.setQuery(
        f"SELECT ?label WHERE {{ <{LJ}kommunstyrelsen> {label} ?label "
        'FILTER (lang(?label) = "sv") }'
    )
    rows = _answer(client)["results"]["bindings"]
    assert [r["label"]["value"] for r in rows] == ["Kommunstyrelsen"]
    client.setQuery("ASK { ?s a <https://w3id.org/styrgraf#Vision> }")
    assert _answer(client)["boolean"] is True
    client.setReturnFormat(TURTLE)
    client.setQuery(f"CONSTRUCT {{ <{LJ}vision> ?p ?o }} WHERE {{ <{LJ}vision> ?p ?o }}")
    graph = Graph().parse(data=_answer(client), format="turtle")
    assert len(graph) > 5


def test_rdflib_sparqlstore_reads_the_endpoint(server: str) -> None:
    store = SPARQLStore(f"{server}/sparql", returnFormat="json")
    rows = list(
        store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/styrgraf#BoardGoal> }")
    )
    assert int(rows[0][0]) == 32  # type: ignore[index]


def test_many_clients_at_once_get_every_answer(server: str) -> None:
    query = urllib.parse.urlencode({"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"})

    def ask(_: int) -> int:
        with urllib.request.urlopen(f"{server}/sparql?{query}", timeout=30) as response:
            return int(json.loads(response.read())["results"]["bindings"][0]["n"]["value"])

    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(ask, range(200)))
    assert len(set(answers)) == 1 and answers[0] > 2000


def test_writes_over_the_wire_need_the_token(server: str, tmp_path: Path) -> None:
    graph = urllib.parse.quote("https://example.org/graph/wire", safe="")
    body = b'<https://example.org/a> <https://example.org/p> "1" .'
    request = urllib.request.Request(
        f"{server}/store?graph={graph}",
        data=body,
        method="PUT",
        headers={"Content-Type": "application/n-triples"},
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)
    assert refused.value.code == 401
    refused.value.close()
    request.add_header("Authorization", "Bearer wire-token")
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status == 201


def test_stopped_by_a_signal_serve_leaves_no_store_snapshot_or_process(tmp_path: Path) -> None:
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    with serving(tmp_path / "serve", env={"TMPDIR": str(scratch)}) as base:
        query = urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"})
        with urllib.request.urlopen(f"{base}/sparql?{query}", timeout=30) as answer:
            assert json.loads(answer.read())["boolean"] is True
        # The served model and the snapshot the query processes read are in the temporary
        # directory while it runs ...
        made = sorted(p.name.split("-")[1] for p in scratch.iterdir())
        assert made == ["snapshots", "store"]
    # ... and gone once it has been stopped (serving() sends SIGTERM and waits for the exit).
    assert list(scratch.iterdir()) == []
