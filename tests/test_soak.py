"""Writes during reads, over the wire: a real `styrgraf serve` with a write token and several
workers, readers on every kind of route, and one writer replacing a graph again and again.

Every version of the graph has a version marker and a number of triples that only that version
has, so a reader can tell a whole version from a partial one. Versions that break the rules are
sent in between and must be refused (422) leaving the previous version as it was. No request
may fail with a 5xx or a broken connection, and at the end nothing else in the store changed.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from rdflib import Graph

from tests_support import PRIVATE, Answer, Wire, serving

TOKEN = "soak-token"
SOAK = "https://w3id.org/styrgraf/soak/graph"
MARKER = "https://w3id.org/styrgraf/soak/marker"
VERSION = "https://example.org/soak#version"
ITEM = "https://example.org/soak#item"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SECONDS = 8.0


def size(version: int) -> int:
    """How many triples version ``version`` holds: different from one version to the next."""
    return 1 + 3 + (version * 7) % 23


def body(version: int, broken: bool = False) -> bytes:
    """Version ``version`` of the graph in N-Triples; a broken one holds a board goal with
    none of what a board goal needs (and a negative marker, should it ever be stored)."""
    marker = -version if broken else version
    lines = [f'<{MARKER}> <{VERSION}> "{marker}"^^<http://www.w3.org/2001/XMLSchema#integer> .']
    lines += [
        f'<{MARKER}> <{ITEM}> "version {marker} item {i}" .' for i in range(size(version) - 1)
    ]
    if broken:
        lines.append(f"<{SOAK}#goal> <{RDF_TYPE}> <https://w3id.org/styrgraf#BoardGoal> .")
    return ("\n".join(lines) + "\n").encode()


COUNT = (
    "SELECT (COUNT(*) AS ?n) (SAMPLE(?v) AS ?version) (COUNT(DISTINCT ?v) AS ?versions) "
    f"WHERE {{ GRAPH <{SOAK}> {{ ?s ?p ?o OPTIONAL {{ <{MARKER}> <{VERSION}> ?v }} }} }}"
)


@dataclass
class Log:
    """What the clients saw that they must not: failures, and reads of a partial graph."""

    problems: list[str] = field(default_factory=list)
    reads: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, problem: str) -> None:
        with self.lock:
            self.problems.append(problem)

    def read(self) -> None:
        with self.lock:
            self.reads += 1


def whole(count: int, version: int | None, where: str, log: Log) -> None:
    """A read saw a whole version: as many triples as its marker's version has."""
    if version is None or version <= 0 or count != size(version):
        log.add(f"{where}: {count} triples with version marker {version}")


def graph_version(graph: Graph) -> tuple[int, int | None]:
    """(triples, the version marker; None unless there is exactly one)."""
    markers = [int(o) for s, p, o in graph if str(p) == VERSION and str(s) == MARKER]
    return len(graph), markers[0] if len(markers) == 1 else None


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, lean_model: Path) -> Iterator[str]:
    # The lean model (one year of follow-up): every write validates the whole store, and half
    # the model is half the work.
    env = {"STYRGRAF_WRITE_TOKEN": TOKEN, "STYRGRAF_WORKERS": "6"}
    folder = tmp_path_factory.mktemp("soak")
    with serving(folder, "--data", str(lean_model), env=env) as base:
        yield base


def fingerprint(wire: Wire) -> dict[str, str]:
    """A hash of each graph but the soak graph, the private one included (with the token)."""
    answer = wire.sparql("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    graphs = [row["g"]["value"] for row in answer.json()["results"]["bindings"]]
    found = {}
    for graph in [*graphs, PRIVATE]:
        if graph == SOAK:
            continue
        path = "/store?" + urllib.parse.urlencode({"graph": graph})
        got = wire.request(
            "GET",
            path,
            headers={"Accept": "application/n-triples", "Authorization": f"Bearer {TOKEN}"},
        )
        assert got.status == 200, (graph, got.status)
        # The store writes a graph in a fixed order with its own blank node labels, so the
        # same graph gives the same bytes.
        found[graph] = hashlib.sha256(got.body).hexdigest()
    assert PRIVATE in found and len(found) >= 4
    return found


def put(wire: Wire, data: bytes) -> Answer:
    return wire.request(
        "PUT",
        "/store?" + urllib.parse.urlencode({"graph": SOAK}),
        body=data,
        headers={"Content-Type": "application/n-triples", "Authorization": f"Bearer {TOKEN}"},
    )


def stored(wire: Wire) -> tuple[int, int | None]:
    got = wire.get("/store?" + urllib.parse.urlencode({"graph": SOAK}), "application/n-triples")
    assert got.status == 200, got.status
    return graph_version(Graph().parse(data=got.body, format="nt"))


def test_reads_see_whole_versions_while_a_writer_replaces_the_graph(server: str) -> None:
    wire = Wire(server, retry_stale=False)
    before = fingerprint(wire)
    coverage = wire.get("/api/coverage").json()
    goal = wire.sparql(
        "SELECT ?goal WHERE { ?goal a <https://w3id.org/styrgraf#BoardGoal> } "
        "ORDER BY ?goal LIMIT 1"
    ).json()["results"]["bindings"][0]["goal"]["value"]
    trace_path = "/api/trace?" + urllib.parse.urlencode({"iri": goal})
    traced_before = wire.get(trace_path)
    assert traced_before.status == 200
    board = wire.get("/ljungby/id/kommunstyrelsen", "text/turtle")
    assert board.status == 200
    assert put(wire, body(1)).status == 201
    log = Log()
    stop = threading.Event()

    def checked(name: str, answer: Answer) -> Answer:
        if answer.status >= 500:
            log.add(f"{name}: {answer.status} {answer.body[:200]!r}")
        log.read()
        return answer

    def sparql_counts() -> None:
        answer = checked("sparql", wire.sparql(COUNT))
        row = answer.json()["results"]["bindings"][0]
        version = int(row["version"]["value"]) if "version" in row else None
        if row["versions"]["value"] != "1":
            log.add(f"sparql: {row['versions']['value']} version markers at once")
        whole(int(row["n"]["value"]), version, "sparql", log)

    def dereference() -> None:
        answer = checked("dereference", wire.get("/soak/graph", "application/n-triples"))
        count, version = graph_version(Graph().parse(data=answer.body, format="nt"))
        whole(count, version, "dereference", log)
        same = checked("board", wire.get("/ljungby/id/kommunstyrelsen", "text/turtle"))
        if same.body != board.body:
            log.add("the board's description changed")

    def graph_store() -> None:
        path = "/store?" + urllib.parse.urlencode({"graph": SOAK})
        answer = checked("store", wire.get(path, "text/turtle"))
        count, version = graph_version(Graph().parse(data=answer.body, format="turtle"))
        whole(count, version, "store", log)

    def api() -> None:
        got = checked("coverage", wire.get("/api/coverage"))
        if got.status != 200 or got.json() != coverage:
            log.add(f"coverage changed: {got.status}")
        traced = checked("trace", wire.get(trace_path))
        if traced.status != 200 or traced.body != traced_before.body:
            log.add(f"the trace changed: {traced.status}")

    def reader(step: Callable[[], None]) -> None:
        # A short pause between reads leaves the writer (validation is most of a write) a
        # share of the machine's cores.
        while not stop.wait(0.01):
            try:
                step()
            except Exception as problem:  # a broken connection, an answer that does not parse
                log.add(f"{step.__name__}: {problem!r}")

    readers = [
        threading.Thread(target=reader, args=(step,), name=step.__name__)
        for step in (sparql_counts, dereference, graph_store, api)
    ]
    for thread in readers:
        thread.start()
    accepted, refused = [1], 0
    deadline = time.monotonic() + SECONDS
    version = 1
    try:
        # For the time given, and then until enough writes of each kind were made (on a busy
        # machine validation takes longer), within a minute more.
        while time.monotonic() < deadline or (
            (len(accepted) < 4 or refused < 2) and time.monotonic() < deadline + 60
        ):
            version += 1
            answer = put(wire, body(version))
            if answer.status != 204:
                log.add(f"PUT version {version}: {answer.status} {answer.body[:200]!r}")
                continue
            accepted.append(version)
            if version % 2 == 0:
                answer = put(wire, body(version + 1000, broken=True))
                if answer.status != 422 or json.loads(answer.body)["report"]["conforms"]:
                    log.add(f"a broken version: {answer.status}")
                refused += 1
                now = stored(wire)
                if now != (size(version), version):
                    log.add(f"after a refused write the graph is {now}, not version {version}")
    finally:
        stop.set()
        for thread in readers:
            thread.join(timeout=60)
    assert not log.problems, "\n".join(log.problems[:20])
    seen = f"{len(accepted)} versions, {refused} refused, {log.reads} reads"
    assert len(accepted) >= 4 and refused >= 2 and log.reads > 50, seen
    assert stored(wire) == (size(accepted[-1]), accepted[-1])
    assert fingerprint(wire) == before
    wire.close()
