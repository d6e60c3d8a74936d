"""Public queries in worker processes: stopped at their deadline, answered as in-process."""

from __future__ import annotations

import os
import signal
import threading
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from styrgraf.execution.jobs import GRAPH_FORMATS, Job, Timeout
from styrgraf.execution.workers import ProcessEvaluator, ThreadEvaluator
from styrgraf.model.bundled import sample_data_files
from styrgraf.sparql.queries import QueryError
from styrgraf.store.base import StoreError
from styrgraf.store.embedded import EmbeddedStore
from styrgraf.web.app import create_app

# A cross product of every triple with itself, three times over, counted: it computes for
# minutes before its one answer, so nothing but ending its process stops it.
COUNTED_RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
SORTED_RUNAWAY = "SELECT ?a WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a ?d ?g LIMIT 1"

QUERIES = {
    "select": "SELECT ?s ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } "
    "ORDER BY ?s ?l LIMIT 40",
    "ask": "ASK { ?s a <https://w3id.org/styrgraf#Vision> }",
    "construct": "CONSTRUCT { ?s ?p ?o } WHERE { ?s a <https://w3id.org/styrgraf#BoardGoal> ; "
    "?p ?o FILTER(!isBlank(?o)) }",
}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedStore]:
    opened = EmbeddedStore(tmp_path_factory.mktemp("store") / "db")
    opened.load(sample_data_files(), file_graphs=True)
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def processes(store: EmbeddedStore) -> Iterator[ProcessEvaluator]:
    evaluator = ProcessEvaluator(store, 2)
    yield evaluator
    evaluator.close()


def _job(sparql: str, graphs: list[str], kind: str | None, **options: float) -> Job:
    return Job(
        sparql,
        tuple(graphs),
        tuple(graphs),
        timeout=options.get("timeout", 30.0),
        limit=int(options.get("limit", 10_000)),
        kind=kind,
    )


@pytest.mark.parametrize(
    ("query", "kinds"),
    [
        ("select", ["json", "xml", "csv", "tsv", None]),
        ("ask", ["json", "xml"]),
        ("construct", list(GRAPH_FORMATS)),
    ],
)
def test_processes_answer_exactly_as_threads(
    store: EmbeddedStore, processes: ProcessEvaluator, query: str, kinds: list[str | None]
) -> None:
    threads = ThreadEvaluator(store, 2)
    graphs = store.named_graphs()
    try:
        for kind in kinds:
            job = _job(QUERIES[query], graphs, kind)
            here, there = threads.run(job), processes.run(job)
            assert (there.body, there.variables, there.rows, there.cut) == (
                here.body,
                here.variables,
                here.rows,
                here.cut,
            ), kind
            assert there.body or there.rows
    finally:
        threads.close()


def test_answers_are_cut_at_the_limit_in_the_worker(
    store: EmbeddedStore, processes: ProcessEvaluator
) -> None:
    answer = processes.run(_job("SELECT * WHERE { ?s ?p ?o }", store.named_graphs(), None, limit=7))
    assert len(answer.rows) == 7 and answer.cut


def test_a_query_that_does_not_parse_is_a_query_error(
    store: EmbeddedStore, processes: ProcessEvaluator
) -> None:
    with pytest.raises(QueryError, match="does not parse"):
        processes.run(_job("SELECT WHERE {", store.named_graphs(), "json"))
    # The worker that said so is still there and answers the next one.
    assert processes.run(_job(QUERIES["ask"], store.named_graphs(), "json")).body


def _pids(evaluator: ProcessEvaluator) -> set[int]:
    return {w.process.pid for w in list(evaluator._workers)}


def _gone(pid: int) -> bool:
    """Whether the process has ended (a zombie not yet reaped counts as ended)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().split(") ", 1)[1].startswith("Z")
    except (FileNotFoundError, ProcessLookupError):
        # Reaped between the look and the read: /proc answers ESRCH then.
        return True


def _wait_until_gone(pids: set[int], seconds: float = 20.0) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if all(_gone(pid) for pid in pids):
            return True
        time.sleep(0.05)
    return False


@pytest.mark.parametrize("runaway", [COUNTED_RUNAWAY, SORTED_RUNAWAY])
def test_a_runaway_that_computes_before_answering_is_ended_with_its_process(
    store: EmbeddedStore, processes: ProcessEvaluator, runaway: str
) -> None:
    graphs = store.named_graphs()
    processes.run(_job(QUERIES["ask"], graphs, "json"))  # every worker started
    before = _pids(processes)
    with pytest.raises(Timeout):
        processes.run(_job(runaway, graphs, "json", timeout=1.0))
    ended = before - _pids(processes)
    assert len(ended) == 1, "the process that ran the query was replaced"
    assert _wait_until_gone(ended), "and it no longer runs"
    assert len(_pids(processes)) == processes.processes
    assert processes.run(_job(QUERIES["ask"], graphs, "json")).body


def test_while_runaways_run_others_are_answered_and_every_runaway_is_ended(
    store: EmbeddedStore,
) -> None:
    evaluator = ProcessEvaluator(store, 3)
    graphs = store.named_graphs()
    try:
        evaluator.start()
        failures: list[BaseException] = []

        def run_away() -> None:
            try:
                evaluator.run(_job(COUNTED_RUNAWAY, graphs, "json", timeout=2.0))
            except Timeout:
                return
            failures.append(AssertionError("a runaway was answered"))

        runaways = [threading.Thread(target=run_away) for _ in range(2)]
        for thread in runaways:
            thread.start()
        answered = 0
        while any(t.is_alive() for t in runaways):
            assert evaluator.run(_job(QUERIES["select"], graphs, "csv")).body
            answered += 1
        for thread in runaways:
            thread.join()
        assert failures == []
        assert answered > 0
        # Only the two processes that ran away were replaced; all three answer again.
        busy = [evaluator._acquire(time.monotonic() + 30) for _ in range(3)]
        for worker in busy:
            evaluator._idle.put(worker)
        assert len(_pids(evaluator)) == 3
    finally:
        evaluator.close()


def test_a_worker_that_dies_is_replaced(store: EmbeddedStore) -> None:
    evaluator = ProcessEvaluator(store, 1)
    graphs = store.named_graphs()
    try:
        assert evaluator.run(_job(QUERIES["ask"], graphs, "json")).body
        (pid,) = _pids(evaluator)
        os.kill(pid, signal.SIGKILL)
        assert _wait_until_gone({pid})
        # The query sent to the dead worker fails cleanly, and the next one is answered.
        with pytest.raises(StoreError, match="ended before answering"):
            evaluator.run(_job(QUERIES["ask"], graphs, "json"))
        assert evaluator.run(_job(QUERIES["ask"], graphs, "json")).body
        assert pid not in _pids(evaluator)
    finally:
        evaluator.close()


def test_after_a_write_queries_read_a_new_snapshot_and_old_ones_are_removed(
    tmp_path: Path,
) -> None:
    store = EmbeddedStore(tmp_path / "db")
    store.load(sample_data_files(), file_graphs=True)
    evaluator = ProcessEvaluator(store, 2)
    graph = "urn:example:added"
    count = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    try:
        for size in range(1, 6):
            triples = "".join(f"<urn:example:s{i}> <urn:example:p> {i} . " for i in range(size))
            store.update(
                f"DROP SILENT GRAPH <{graph}>; INSERT DATA {{ GRAPH <{graph}> {{ {triples} }} }}"
            )
            evaluator.changed()
            answer = evaluator.run(_job(count, [graph], None))
            assert int(answer.rows[0]["n"].value) == size
        snapshots = [p for p in evaluator._folder.iterdir() if p.is_dir()]
        assert 1 <= len(snapshots) <= 3  # the current one, and at most one per worker
    finally:
        evaluator.close()
    assert not evaluator._folder.exists()


# --- the service ---


def _count_url(query: str) -> str:
    return "/sparql?" + urllib.parse.urlencode({"query": query})


def test_the_service_stops_a_counted_runaway_and_answers_everyone_else() -> None:
    app: Flask = create_app({"TESTING": True, "query_timeout": 1.0, "query_processes": 2})
    client = app.test_client()
    evaluator = app.extensions["styrgraf"].evaluator
    assert isinstance(evaluator, ProcessEvaluator)
    try:
        # Both workers up before the clock matters: starting one can take a second when busy.
        evaluator.start()
        for worker in [evaluator._acquire(time.monotonic() + 60) for _ in range(2)]:
            evaluator._idle.put(worker)
        assert client.get(_count_url("ASK {}")).status_code == 200
        before = _pids(evaluator)
        response = client.get(_count_url(COUNTED_RUNAWAY))
        assert response.status_code == 503
        assert response.json is not None and "1.0 s" in response.json["error"]
        assert response.headers["Retry-After"] == "1"
        assert _wait_until_gone(before - _pids(evaluator))
        named = client.get("/api/queries/boards", headers={"Accept": "text/csv"})
        assert named.status_code == 200 and named.data.count(b"\n") > 5
    finally:
        evaluator.close()


def test_the_service_reads_its_own_writes(lean_model: Path) -> None:
    # Each write validates the whole store: the lean model (conftest) will do.
    settings = {"TESTING": True, "write_token": "t", "query_processes": 1}
    app = create_app({**settings, "data": [str(lean_model)]})
    client = app.test_client()
    graph = "urn:example:written"
    count = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    try:
        for size in (1, 3, 2):
            body = "".join(f"<urn:example:s{i}> <urn:example:p> {i} .\n" for i in range(size))
            put = client.put(
                f"/store?graph={graph}",
                data=body,
                content_type="text/turtle",
                headers={"Authorization": "Bearer t"},
            )
            assert put.status_code in (201, 204), put.data
            answer = client.get(_count_url(count))
            assert answer.json is not None
            assert answer.json["results"]["bindings"][0]["n"]["value"] == str(size)
    finally:
        app.extensions["styrgraf"].evaluator.close()


def test_a_computed_answer_is_computed_once_and_kept_until_a_write() -> None:
    app = create_app({"TESTING": True, "query_timeout": 0.5, "query_processes": 0})
    service = app.extensions["styrgraf"]
    release = threading.Event()
    calls: list[int] = []

    def slow() -> int:
        calls.append(1)
        release.wait(30)
        return len(calls)

    with pytest.raises(Timeout) as waited:
        service.computed("slow", slow)
    assert waited.value.pending
    with pytest.raises(Timeout):
        service.computed("slow", slow)  # the same computation, still going: not a second one
    release.set()
    assert service.computed("slow", slow) == 1
    assert service.computed("slow", slow) == 1 and len(calls) == 1
    service.forget()  # a write: the store is another
    assert service.computed("slow", slow) == 2


def test_a_failed_computation_is_not_kept() -> None:
    app = create_app({"TESTING": True, "query_processes": 0})
    service = app.extensions["styrgraf"]
    attempts: list[int] = []

    def flaky() -> str:
        attempts.append(1)
        if len(attempts) == 1:
            raise RuntimeError("the store was away")
        return "answer"

    with pytest.raises(RuntimeError):
        service.computed("flaky", flaky)
    assert service.computed("flaky", flaky) == "answer"


def test_coverage_past_the_deadline_is_a_503_then_the_kept_answer() -> None:
    app = create_app({"TESTING": True, "query_timeout": 0.001, "query_processes": 0})
    client = app.test_client()
    # Coverage of the whole model takes far longer than a millisecond.
    first = client.get("/api/coverage")
    assert first.status_code == 503
    assert first.json is not None and "ask again" in first.json["error"]
    assert "Retry-After" in first.headers
    deadline = time.monotonic() + 60
    while (later := client.get("/api/coverage")).status_code == 503:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert later.status_code == 200
    assert later.json is not None and "summary" in later.json


def test_reads_during_writes_see_whole_versions_and_never_fail(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "db")
    store.load(sample_data_files(), file_graphs=True)
    evaluator = ProcessEvaluator(store, 2)
    graph = "urn:example:versions"
    count = (
        f"SELECT (COUNT(*) AS ?n) (MAX(?v) AS ?version) WHERE {{ GRAPH <{graph}> "
        "{ ?s <urn:example:version> ?v } }"
    )
    seen: list[tuple[int, int]] = []
    problems: list[BaseException] = []
    writing = threading.Event()
    writing.set()

    def read() -> None:
        while writing.is_set():
            try:
                row = evaluator.run(_job(count, [graph], None)).rows[0]
                version = int(row["version"].value) if "version" in row else 0
                seen.append((int(row["n"].value), version))
            except BaseException as problem:  # any failure fails the test
                problems.append(problem)
                return

    readers = [threading.Thread(target=read) for _ in range(4)]
    try:
        for thread in readers:
            thread.start()
        while not seen and not problems:  # the workers are up and answering
            time.sleep(0.01)
        for version in range(1, 21):
            # Version v has v triples, each saying so: a read sees (v, v) or a partial graph.
            triples = " ".join(
                f"<urn:example:s{i}> <urn:example:version> {version} ." for i in range(version)
            )
            store.update(
                f"DROP SILENT GRAPH <{graph}>; INSERT DATA {{ GRAPH <{graph}> {{ {triples} }} }}"
            )
            evaluator.changed()
            time.sleep(0.02)
        writing.clear()
        for thread in readers:
            thread.join()
        last = evaluator.run(_job(count, [graph], None)).rows[0]
        assert (last["n"].value, last["version"].value) == ("20", "20")
    finally:
        writing.clear()
        evaluator.close()
    assert problems == []
    assert seen and all(n == version for n, version in seen)
    assert len({version for _, version in seen}) > 1, "the reads went on while it was written"
