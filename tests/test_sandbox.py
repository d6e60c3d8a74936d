"""The query worker processes cannot reach a network, whatever a query says.

The SPARQL lexer refuses SERVICE before any engine sees it; these tests go around it, straight
to the worker processes and to a confined process, with a loopback canary that must see no
connection.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import socket
from collections.abc import Iterator
from typing import Any

import pytest

from styrgraf.execution.jobs import Job
from styrgraf.execution.sandbox import confine
from styrgraf.execution.workers import ProcessEvaluator
from styrgraf.model.bundled import sample_data_files
from styrgraf.store.base import StoreError
from styrgraf.store.embedded import EmbeddedStore
from tests_support import Listener


@pytest.fixture
def listener() -> Iterator[Listener]:
    found = Listener()
    yield found
    found.close()


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedStore]:
    opened = EmbeddedStore(tmp_path_factory.mktemp("sandbox") / "db")
    opened.load(sample_data_files(), file_graphs=True)
    yield opened
    opened.close()


def _job(store: EmbeddedStore, sparql: str) -> Job:
    graphs = tuple(store.named_graphs())
    return Job(sparql, graphs, graphs, timeout=30.0, limit=100, kind="json")


def _try_everything(port: int, results: Any) -> None:
    """In a spawned process: confine it, then try every way out and report what happened."""
    found: dict[str, object] = {"confined": confine()}
    for name, family, kind in (
        ("tcp", socket.AF_INET, socket.SOCK_STREAM),
        ("udp", socket.AF_INET, socket.SOCK_DGRAM),
        ("tcp6", socket.AF_INET6, socket.SOCK_STREAM),
        ("packet", socket.AF_PACKET, socket.SOCK_DGRAM),
        ("netlink", socket.AF_NETLINK, socket.SOCK_DGRAM),
    ):
        try:
            socket.socket(family, kind).close()
            found[name] = "opened"
        except OSError as problem:
            found[name] = problem.errno
    try:
        socket.create_connection(("127.0.0.1", port), timeout=5).close()
        found["connect"] = "connected"
    except OSError as problem:
        found["connect"] = problem.errno
    unix = socket.socket(socket.AF_UNIX)
    try:
        unix.connect("/nonexistent-styrgraf-socket")
        found["unix-connect"] = "connected"
    except OSError as problem:
        found["unix-connect"] = problem.errno
    finally:
        unix.close()
    one, other = socket.socketpair()
    one.sendall(b"still talking")
    found["socketpair"] = other.recv(64).decode()
    one.close()
    other.close()
    results.send(found)  # the pipe to the parent, opened before confinement, still works
    results.close()


def test_a_confined_process_can_open_no_network_socket(listener: Listener) -> None:
    context = multiprocessing.get_context("spawn")
    ours, theirs = context.Pipe()
    process = context.Process(target=_try_everything, args=(listener.port, theirs))
    process.start()
    theirs.close()
    assert ours.poll(60), "the confined process did not report"
    found = ours.recv()
    process.join(30)
    assert process.exitcode == 0
    assert found["confined"] is True
    refused = 13  # EACCES
    for name in ("tcp", "udp", "tcp6", "packet", "netlink", "connect", "unix-connect"):
        assert found[name] == refused, (name, found)
    assert found["socketpair"] == "still talking"
    assert listener.connections == 0


SERVICE = "SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"


def test_the_canary_sees_an_unconfined_engine_call_it(
    store: EmbeddedStore, listener: Listener
) -> None:
    """What the engine does with SERVICE when nothing stops it: it connects. (In a thread of
    this process, which is not confined: the reason the endpoint's lexer refuses SERVICE.)"""
    graphs = store.named_graphs()
    with pytest.raises(OSError):  # the canary closes the connection at once
        result = store.execute(SERVICE.format(url=listener.url("sparql")), graphs, graphs)
        list(result.rows)
    assert listener.connections == 1


def test_a_worker_process_makes_no_request_for_a_service_query(
    store: EmbeddedStore, listener: Listener
) -> None:
    workers = ProcessEvaluator(store, 1)
    try:
        queries = [
            SERVICE.format(url=listener.url("sparql")),
            "SELECT * WHERE {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }}".format(
                url=listener.url("silent")
            ),
            f"SELECT * WHERE {{ VALUES ?u {{ <{listener.url('var')}> }} "
            "SERVICE ?u { ?s ?p ?o } }",
            f"SELECT * FROM <{listener.url('from')}> WHERE {{ ?s ?p ?o }} LIMIT 1",
        ]
        # Refused by the sandbox: the engine's attempt to connect is denied.
        with pytest.raises(StoreError, match="Permission denied"):
            workers.run(_job(store, queries[0]))
        for query in queries[1:]:
            # What the engine makes of these does not matter: the canary below does.
            with contextlib.suppress(StoreError):
                workers.run(_job(store, query))
        # The same worker still answers.
        answer = workers.run(_job(store, "ASK { ?s ?p ?o }"))
        assert b"true" in answer.body
    finally:
        workers.close()
    assert listener.connections == 0
