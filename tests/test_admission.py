"""Admission control over the wire: a real `styrgraf serve`, its query class filled with
runaway queries and its compute class with waits for a whole-model validation. What is
asserted is who is answered what while the heavy requests are still in flight (their answers
have not arrived), never how long anything took."""

from __future__ import annotations

import socket
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from styrgraf.generator.generate import generate
from tests_support import Answer, Wire, serving

# A cross product of every triple with itself, three times over, counted: it computes for
# minutes before its one answer (as in test_evaluation.py), so it runs until its deadline.
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
BUSY_QUERIES = "the service is busy with queries"
BUSY_COMPUTING = "the service is busy with computing answers for the whole model"
BOARD = "/ljungby/id/kommunstyrelsen"
PAGE = "text/html"
PATIENCE = 120.0
"""Seconds a test waits for a condition before it gives up: a bound, not a measure."""


def _until(condition: Callable[[], bool], what: str) -> None:
    """Wait until ``condition`` holds (the test fails if it never does)."""
    end = time.monotonic() + PATIENCE
    while not condition():
        assert time.monotonic() < end, f"never: {what}"
        time.sleep(0.05)


def _in_progress(wire: Wire, name: str) -> int:
    health = wire.get("/health")
    assert health.status == 200, health.body
    count: int = health.json()["admission"][name]["in_progress"]
    return count


def _query_path(query: str) -> str:
    return "/sparql?" + urllib.parse.urlencode({"query": query})


class InFlight:
    """Requests sent from threads of their own; ``answers`` fills as their answers arrive."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.answers: list[Answer] = []
        self._threads: list[threading.Thread] = []

    def send(self, path: str, accept: str = "application/sparql-results+json") -> None:
        def run() -> None:
            wire = Wire(self.base, timeout=PATIENCE)
            try:
                self.answers.append(wire.get(path, accept))
            finally:
                wire.close()

        thread = threading.Thread(target=run, daemon=True)
        thread.start()
        self._threads.append(thread)

    def join(self) -> list[Answer]:
        for thread in self._threads:
            thread.join(PATIENCE)
        assert not any(t.is_alive() for t in self._threads)
        return self.answers


def _refused_as_busy(answer: Answer, message: str) -> None:
    assert answer.status == 503, answer.body
    assert answer.media == "application/json"
    assert message in answer.json()["error"], answer.json()
    assert int(answer.headers["Retry-After"]) >= 1


# --- the query class ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, lean_model: Path) -> Iterator[str]:
    # One query process and a queue of two: three queries in progress at most. The deadline
    # is long enough for the checks below to be made while the runaways are in flight. The
    # lean model (one year of follow-up): the runaways compute until their deadline whatever
    # its size, and the pages checked meanwhile are lighter.
    env = {
        "STYRGRAF_QUERY_PROCESSES": "1",
        "STYRGRAF_QUERY_QUEUE": "2",
        "STYRGRAF_QUERY_TIMEOUT": "10",
        "STYRGRAF_WORKERS": "2",
    }
    folder = tmp_path_factory.mktemp("admission")
    with serving(folder, "--data", str(lean_model), env=env) as base:
        wire = Wire(base)
        # The query process is up, and the pages' kept answers computed, before the runaways.
        assert wire.sparql("ASK {}").status == 200
        assert wire.get("/", PAGE).status == 200
        assert wire.get(BOARD, PAGE).status == 200
        wire.close()
        yield base


def test_a_full_query_class_refuses_at_once_and_everyone_else_is_answered(server: str) -> None:
    wire = Wire(server)
    health = wire.get("/health").json()["admission"]["query"]
    assert health == {"in_progress": 0, "limit": 3}
    runaways = InFlight(server)
    for _ in range(3):
        runaways.send(_query_path(RUNAWAY))
    _until(lambda: _in_progress(wire, "query") == 3, "three runaways admitted")

    # A fourth query, however small, is refused at once, by the endpoint and the API alike.
    _refused_as_busy(wire.sparql("ASK {}"), BUSY_QUERIES)
    named = wire.get("/api/queries/boards", "text/csv")
    _refused_as_busy(named, BUSY_QUERIES)
    assert named.json()["status"] == 503 and named.json()["limit"] == 3
    # Everything light is answered: health, the start page, a resource's page and its data,
    # the query page itself (without a query), the API's list of queries.
    assert wire.get("/health").status == 200
    start = wire.get("/", PAGE)
    assert start.status == 200 and start.media == PAGE
    page = wire.get(BOARD, PAGE)
    assert page.status == 200 and b"Kommunstyrelsen" in page.body
    assert wire.get(BOARD, "text/turtle").status == 200
    assert wire.get("/sparql", PAGE).status == 200
    assert wire.get("/api/queries").status == 200
    assert wire.get("/api/coverage").status == 200
    # ... all while the runaways are still in flight: none of their answers has arrived.
    assert runaways.answers == []
    assert _in_progress(wire, "query") == 3

    # Each runaway ends at its deadline with the deadline's 503, not the busy one.
    for answer in runaways.join():
        assert answer.status == 503
        assert "ran longer than 10.0 s" in answer.json()["error"]
    _until(lambda: _in_progress(wire, "query") == 0, "the runaways' places given back")
    # Queries are admitted again.
    again = wire.sparql("ASK { ?s a <https://w3id.org/styrgraf#Vision> }")
    assert again.status == 200 and again.json()["boolean"] is True
    wire.close()


def _send_and_leave_open(base: str, path: str) -> socket.socket:
    """A client that sends one request and reads nothing (yet)."""
    parsed = urllib.parse.urlsplit(base)
    client = socket.create_connection((parsed.hostname, parsed.port), timeout=PATIENCE)
    client.sendall(
        f"GET {path} HTTP/1.1\r\nHost: {parsed.netloc}\r\n"
        "Accept: application/sparql-results+json\r\n\r\n".encode("ascii")
    )
    return client


def test_a_client_that_leaves_while_its_query_waits_gives_up_its_place(server: str) -> None:
    wire = Wire(server)
    _until(lambda: _in_progress(wire, "query") == 0, "no query in progress")
    # The first runaway takes the one query process and stays connected ...
    running = InFlight(server)
    running.send(_query_path(RUNAWAY))
    _until(lambda: _in_progress(wire, "query") == 1, "the first runaway admitted")
    # ... two more wait for the process, then their clients leave.
    waiting = [_send_and_leave_open(server, _query_path(RUNAWAY)) for _ in range(2)]
    _until(lambda: _in_progress(wire, "query") == 3, "the waiting runaways admitted")
    _refused_as_busy(wire.sparql("ASK {}"), BUSY_QUERIES)
    for client in waiting:
        client.close()
    # The places of the two that left are free while the first still runs (its answer, due
    # at a deadline earlier than theirs, has not arrived): they did not wait for a deadline.
    _until(lambda: _in_progress(wire, "query") == 1, "the places of the clients that left")
    assert running.answers == []
    admitted = InFlight(server)
    admitted.send(_query_path("ASK {}"))
    _until(lambda: _in_progress(wire, "query") == 2, "a new query admitted")
    assert running.answers == []
    (ended,) = running.join()
    assert ended.status == 503 and "ran longer than" in ended.json()["error"]
    # The new query waited its turn (for the runaway's process, ended and replaced, within
    # its own deadline or not): it was not refused as busy.
    (waited,) = admitted.join()
    assert waited.status == 200 or BUSY_QUERIES not in waited.json()["error"]
    _until(lambda: _in_progress(wire, "query") == 0, "every place given back")
    answered = wire.sparql("ASK {}")
    assert answered.status == 200 and answered.json()["boolean"] is True
    wire.close()


# --- the compute class --------------------------------------------------------------------


@pytest.fixture(scope="module")
def computing(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    # A model large enough that validating it takes seconds, two places to wait for a
    # computed answer, and a deadline long enough to wait for it whole.
    folder = tmp_path_factory.mktemp("admission-compute")
    model = folder / "model.trig"
    generate(10).write_trig(model)
    env = {
        "STYRGRAF_COMPUTE_LIMIT": "2",
        "STYRGRAF_QUERY_TIMEOUT": "120",
        "STYRGRAF_WORKERS": "2",
    }
    with serving(folder, "--data", str(model), env=env) as base:
        yield base


def test_a_full_compute_class_refuses_at_once_and_kept_answers_are_given(computing: str) -> None:
    wire = Wire(computing)
    assert wire.get("/health").json()["admission"]["compute"] == {"in_progress": 0, "limit": 2}
    # The start page's coverage is computed and kept before the validation starts.
    assert wire.get("/", PAGE).status == 200
    validating = InFlight(computing)
    for _ in range(2):
        validating.send("/api/validate", "application/json")
    _until(lambda: _in_progress(wire, "compute") == 2, "two requests waiting for validation")

    # A third wait for a computed answer is refused at once: the same validation, coverage
    # in another language (not computed yet), the validation page.
    _refused_as_busy(wire.get("/api/validate"), BUSY_COMPUTING)
    _refused_as_busy(wire.get("/api/coverage?lang=en"), BUSY_COMPUTING)
    page = wire.get("/validation", PAGE)
    assert page.status == 503 and page.media == PAGE
    assert "Retry-After" in page.headers
    # What needs no computation, or one already kept, is answered: health, the start page
    # (its coverage is kept), coverage itself, a resource's data, the goal tree.
    assert wire.get("/health").status == 200
    assert wire.get("/", PAGE).status == 200
    assert wire.get("/api/coverage").status == 200
    assert wire.get("/api/queries/boards", "text/csv").status == 200
    assert wire.get("/tree", PAGE).status == 200
    # ... while the two still wait for the validation: neither has its answer.
    assert validating.answers == []
    assert _in_progress(wire, "compute") == 2

    # Both get the one validation, computed once; then it is kept and given to anyone.
    first, second = validating.join()
    assert first.status == second.status == 200
    assert first.body == second.body and "conforms" in first.json()
    assert wire.get("/api/validate").body == first.body
    _until(lambda: _in_progress(wire, "compute") == 0, "the waits' places given back")
    assert wire.get("/api/coverage?lang=en").status == 200
    wire.close()


# --- the write class ----------------------------------------------------------------------


def test_a_full_write_class_refuses_at_once_and_the_waiting_writes_are_made(
    lean_model: Path,
) -> None:
    from styrgraf.web.app import create_app

    # Each write validates the whole store: the lean model (one year of follow-up) will do.
    app = create_app(
        {
            "TESTING": True,
            "write_token": "t",
            "query_processes": 0,
            "write_limit": 2,
            "data": [str(lean_model)],
        }
    )
    service = app.extensions["styrgraf"]
    headers = {"Authorization": "Bearer t", "Content-Type": "application/n-triples"}
    results: list[int] = []

    def write(graph: str) -> None:
        body = b'<urn:example:s> <urn:example:p> "1" .\n'
        answer = app.test_client().put(f"/store?graph={graph}", data=body, headers=headers)
        results.append(answer.status_code)

    writes = service.writes
    writes.acquire()  # a write in the middle of validating and storing, as far as others see
    try:
        waiting = [
            threading.Thread(target=write, args=(f"urn:example:w{i}",), daemon=True)
            for i in range(2)
        ]
        for thread in waiting:
            thread.start()
        _until(lambda: service.admission.write.in_progress == 2, "two writes waiting")
        client = app.test_client()
        refused = client.put("/store?graph=urn:example:w3", data=b"", headers=headers)
        assert refused.status_code == 503 and "Retry-After" in refused.headers
        assert "the service is busy with writes" in refused.get_json()["error"]
        # Without the token a write is refused as before, not counted as busy.
        assert client.put("/store?graph=urn:example:w3", data=b"").status_code == 401
        assert client.get("/health").status_code == 200
        assert results == []
    finally:
        writes.release()
    for thread in waiting:
        thread.join(PATIENCE)
    assert sorted(results) == [201, 201]
    assert service.admission.write.in_progress == 0
