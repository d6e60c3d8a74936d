"""Each page and answer reads one state of the store, whatever writes come meanwhile.

The readers–writer lock on its own (writers go first, readers may nest, a reader cannot turn
writer), then over the wire: a real ``styrgraf serve`` whose public model a writer replaces
again and again, alternating two versions that differ in every label, while readers fetch
the goal tree, the start page, a board's page, coverage, a trace and SPARQL. Every answer must
be exactly the one the service gives for one of the two versions, fetched beforehand.
"""

from __future__ import annotations

import threading
import urllib.parse
from collections.abc import Callable, Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from styrgraf.execution.consistency import LockOrderError, ReadWriteLock, reads_whole_request
from tests_support import PUBLIC, Answer, Wire, serving

TOKEN = "consistency-token"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
ROUNDS = 4
"""Writes made while the readers read (each validated whole: under a second apiece)."""

# --- the lock -------------------------------------------------------------------------------


def _until(condition: Callable[[], bool]) -> None:
    """Wait until ``condition`` holds: what another thread is doing, not how long it takes."""
    event = threading.Event()
    while not condition():
        event.wait(0.001)


def test_a_waiting_writer_goes_before_readers_that_come_after_it() -> None:
    lock = ReadWriteLock()
    order: list[str] = []
    lock.acquire_read()  # a reader in the middle of its request

    def writer() -> None:
        with lock.writing():
            order.append("writer")

    def later_reader() -> None:
        with lock.reading():
            order.append("later reader")

    writing = threading.Thread(target=writer)
    writing.start()
    _until(lambda: lock.waiting == (0, 1))
    reading = threading.Thread(target=later_reader)
    reading.start()
    _until(lambda: lock.waiting == (1, 1))
    # Neither can go while the first reader reads: both still wait.
    assert order == [] and lock.readers == 1
    lock.release_read()
    writing.join()
    reading.join()
    assert order == ["writer", "later reader"]
    assert lock.readers == 0 and lock.waiting == (0, 0) and not lock.writing_now


def test_a_reader_may_read_again_while_a_writer_waits() -> None:
    lock = ReadWriteLock()
    lock.acquire_read()
    done: list[str] = []

    def writer() -> None:
        with lock.writing():
            done.append("written")

    writing = threading.Thread(target=writer)
    writing.start()
    _until(lambda: lock.waiting == (0, 1))
    with lock.reading():  # a page asking the service for another of its answers
        assert lock.readers == 1
    lock.release_read()
    writing.join()
    assert done == ["written"]


def test_a_reader_cannot_become_a_writer_and_a_writer_may_read() -> None:
    lock = ReadWriteLock()
    with lock.reading(), pytest.raises(LockOrderError), lock.writing():
        pass
    assert lock.readers == 0
    with lock.writing():
        with lock.reading():
            assert lock.writing_now and lock.readers == 0
        with lock.writing():
            assert lock.writing_now
    assert not lock.writing_now
    with lock.writing():  # the lock is free again for the next writer
        pass


def test_which_requests_hold_the_read_side_throughout() -> None:
    for method, path in [
        ("GET", "/"),
        ("GET", "/tree"),
        ("GET", "/api/coverage"),
        ("GET", "/ljungby/id/kommunstyrelsen"),
        ("GET", "/store"),
        ("HEAD", "/store"),
        ("GET", "/api/queries"),
    ]:
        assert reads_whole_request(method, path), (method, path)
    for method, path in [
        ("PUT", "/store"),
        ("POST", "/store"),
        ("DELETE", "/store"),
        ("POST", "/sparql"),
        ("GET", "/sparql"),
        ("GET", "/api/queries/orphans"),
        ("GET", "/health"),
        ("GET", "/static/styrgraf.css"),
    ]:
        assert not reads_whole_request(method, path), (method, path)


# --- over the wire --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, lean_model: Path) -> Iterator[str]:
    # The lean model (one year of follow-up): the pages read are the same, and each of the
    # writes validates half as much.
    env = {"STYRGRAF_WRITE_TOKEN": TOKEN, "STYRGRAF_WORKERS": "6"}
    folder = tmp_path_factory.mktemp("consistency")
    with serving(folder, "--data", str(lean_model), env=env) as base:
        yield base


def _relabelled(data: bytes) -> bytes:
    """The model with every label of every node changed: the second version."""
    quads = list(ox.parse(data, format=ox.RdfFormat.N_TRIPLES))
    changed = []
    for quad in quads:
        triple = quad.triple
        value = triple.object
        if triple.predicate.value == LABEL and isinstance(value, ox.Literal):
            suffix = " (version B)" if value.language != "en" else " (version B, en)"
            value = ox.Literal(value.value + suffix, language=value.language)
        changed.append(ox.Triple(triple.subject, triple.predicate, value))
    written = ox.serialize(changed, format=ox.RdfFormat.N_TRIPLES)
    assert isinstance(written, bytes)
    return written


def _put(wire: Wire, data: bytes) -> Answer:
    return wire.request(
        "PUT",
        "/store?" + urllib.parse.urlencode({"graph": PUBLIC}),
        body=data,
        headers={"Content-Type": "application/n-triples", "Authorization": f"Bearer {TOKEN}"},
    )


COUNT_B = (
    "SELECT (COUNT(?l) AS ?n) WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l "
    'FILTER(CONTAINS(STR(?l), "(version B")) }'
)


def test_every_page_and_answer_reads_one_version_while_a_writer_alternates_two(
    server: str,
) -> None:
    wire = Wire(server, retry_stale=False)
    board_goal = wire.sparql(
        "SELECT ?goal WHERE { ?goal a <https://w3id.org/styrgraf#BoardGoal> } "
        "ORDER BY ?goal LIMIT 1"
    ).json()["results"]["bindings"][0]["goal"]["value"]
    html = "text/html"
    reads: dict[str, Callable[[], Answer]] = {
        "start page": lambda: wire.get("/", html),
        "goal tree": lambda: wire.get("/tree", html),
        "goal tree as CSV": lambda: wire.get("/tree?format=csv"),
        "board page": lambda: wire.get("/ljungby/id/kommunstyrelsen", html),
        "board in Turtle": lambda: wire.get("/ljungby/id/kommunstyrelsen", "text/turtle"),
        "coverage": lambda: wire.get("/api/coverage"),
        "coverage page": lambda: wire.get("/coverage", html),
        "trace down": lambda: wire.get(
            "/api/trace?" + urllib.parse.urlencode({"iri": board_goal, "direction": "down"})
        ),
        "labels counted": lambda: wire.sparql(COUNT_B),
    }
    got = wire.get(
        "/store?" + urllib.parse.urlencode({"graph": PUBLIC}),
        "application/n-triples",
    )
    assert got.status == 200
    versions = {"A": got.body, "B": _relabelled(got.body)}
    assert versions["A"] != versions["B"]
    expected: dict[str, dict[str, bytes]] = {"A": {}, "B": {}}
    for name in ("A", "B"):
        assert _put(wire, versions[name]).status == 204
        for what, read in reads.items():
            answer = read()
            assert answer.status == 200, (name, what, answer.status, answer.body[:300])
            expected[name][what] = answer.body
    for what in reads:
        assert expected["A"][what] != expected["B"][what], f"{what} does not tell A from B"

    problems: list[str] = []
    counts = dict.fromkeys(reads, 0)
    lock = threading.Lock()
    written = threading.Event()

    def reader(what: str) -> None:
        # Each reader reads at least once after the first write of the rounds began, and on
        # until the writer is done. A short pause between reads leaves the writer (validation
        # is most of a write) a share of the machine's cores, as in test_soak.
        first = True
        while first or not written.wait(0.02):
            first = False
            try:
                answer = reads[what]()
            except Exception as problem:
                with lock:
                    problems.append(f"{what}: {problem!r}")
                continue
            with lock:
                counts[what] += 1
                if answer.status != 200:
                    problems.append(f"{what}: {answer.status} {answer.body[:200]!r}")
                elif answer.body not in (expected["A"][what], expected["B"][what]):
                    problems.append(f"{what}: an answer that is neither version")

    threads = [threading.Thread(target=reader, args=(what,)) for what in reads]
    for thread in threads:
        thread.start()
    try:
        for round in range(ROUNDS):
            answer = _put(wire, versions["A" if round % 2 == 0 else "B"])
            if answer.status != 204:
                problems.append(f"write {round}: {answer.status} {answer.body[:200]!r}")
    finally:
        written.set()
        for thread in threads:
            thread.join(timeout=120)
    assert not [t for t in threads if t.is_alive()], "a reader never finished"
    assert not problems, "\n".join(problems[:20])
    assert all(counts.values()), counts
    # The last write (B, as ROUNDS is even) is what everyone sees now.
    for what, read in reads.items():
        assert read().body == expected["B"][what], what
    assert _put(wire, versions["A"]).status == 204
    wire.close()
