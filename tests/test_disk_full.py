"""A full disk: writes are refused with 507 and leave the store as it was, reads go on,
``/health`` says so, and once space is freed writes work again without a restart.

The disk is real and small: a tmpfs mounted in a mount namespace of the service's own
(``unshare --user --map-root-user --mount``, which needs no privileges where user namespaces
are allowed), the store loaded onto it and served from it by ``styrgraf serve --store``. The
network namespace is the test's, so the service is reached over loopback as usual; the test
fills the tmpfs through ``/proc/<pid>/root``, the service's own view of the file system.
"""

from __future__ import annotations

import errno
import os
import shlex
import shutil
import subprocess
import sys
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from oxigraph_server import free_port, stop, wait_for_port

from tests_support import Answer, Wire

TOKEN = "disk-token"
GRAPH = "https://w3id.org/styrgraf/disk/graph"
ITEM = "https://example.org/disk#item"
SIZE = "32m"


@contextmanager
def serving_on_tmpfs(
    folder: Path, model: Path
) -> Iterator[tuple[subprocess.Popen[bytes], str, Path]]:
    """``styrgraf serve`` over a store on a tmpfs of ``SIZE`` mounted at ``folder/fs`` in a
    mount namespace of its own, ``model`` loaded into it: its process, its base URL, and the
    tmpfs as the test reaches it (through the process's root)."""
    if shutil.which("unshare") is None:
        pytest.fail("unshare (util-linux) is needed to give the service a small disk")
    disk = folder / "fs"
    disk.mkdir()
    port = free_port()
    python = shlex.quote(sys.executable)
    store = shlex.quote(str(disk / "store"))
    script = (
        f"mount -t tmpfs -o size={SIZE} styrgraf-test {shlex.quote(str(disk))} && "
        f"{python} -m styrgraf.cli load --store {store} --no-progress {shlex.quote(str(model))} && "
        f"exec {python} -m styrgraf.cli serve --store {store} --port {port}"
    )
    command = ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", script]
    log = folder / "serve.log"
    env = {**os.environ, "STYRGRAF_WRITE_TOKEN": TOKEN, "STYRGRAF_QUERY_PROCESSES": "1"}
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env)
        try:
            wait_for_port(port, process, log, 120.0)
            seen = Path(f"/proc/{process.pid}/root") / disk.relative_to("/")
            assert (seen / "store").is_dir(), log.read_text()
            yield process, f"http://127.0.0.1:{port}", seen
        finally:
            stop(process)


def fill(disk: Path) -> Path:
    """Fill the disk to its last byte with one file; returns the file."""
    filler = disk / "filler"
    descriptor = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        for chunk in (1 << 20, 1 << 12, 1):
            while True:
                try:
                    os.write(descriptor, b"\0" * chunk)
                except OSError as problem:
                    assert problem.errno == errno.ENOSPC, problem
                    break
    finally:
        os.close(descriptor)
    assert shutil.disk_usage(disk).free == 0
    return filler


def body(version: int, items: int) -> bytes:
    """A graph of ``items`` triples, each naming ``version``: a little text per triple, so a
    large version needs room on the disk."""
    lines = [
        f'<{GRAPH}#v{version}> <{ITEM}> "version {version} item {i} {"x" * 200}" .'
        for i in range(items)
    ]
    return ("\n".join(lines) + "\n").encode()


def put(wire: Wire, data: bytes) -> Answer:
    return wire.request(
        "PUT",
        "/store?" + urllib.parse.urlencode({"graph": GRAPH}),
        body=data,
        headers={"Content-Type": "application/n-triples", "Authorization": f"Bearer {TOKEN}"},
    )


def lines(data: bytes) -> frozenset[bytes]:
    return frozenset(line.strip() for line in data.splitlines() if line.strip())


def stored(wire: Wire) -> frozenset[bytes] | int:
    """The graph's triples as stored (its status when there is none)."""
    got = wire.get("/store?" + urllib.parse.urlencode({"graph": GRAPH}), "application/n-triples")
    if got.status != 200:
        return got.status
    return lines(got.body)


def counted(wire: Wire) -> int:
    """How many triples a public query finds in the graph (200 asserted)."""
    answer = wire.sparql(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{GRAPH}> {{ ?s ?p ?o }} }}")
    assert answer.status == 200, (answer.status, answer.body[:300])
    return int(answer.json()["results"]["bindings"][0]["n"]["value"])


def refused_for_space(answer: Answer, status: int) -> None:
    assert answer.status == status, (answer.status, answer.body[:300])
    document = answer.json()
    assert document["status"] == status
    assert "no space left on the disk that holds the store" in document["error"]


def test_a_full_disk_refuses_writes_with_507_and_writes_work_again_once_space_is_freed(
    tmp_path: Path, lean_model: Path
) -> None:
    # The lean model (conftest): every write validates the whole store, the model with it.
    with serving_on_tmpfs(tmp_path, lean_model) as (process, base, disk):
        wire = Wire(base, retry_stale=False)
        health = wire.get("/health")
        assert health.status == 200 and health.json()["status"] == "ok"
        graphs = health.json()["graphs"]

        # Full before any query: the snapshot a public query needs cannot be taken.
        filler = fill(disk)
        refused_for_space(wire.sparql("ASK { ?s ?p ?o }"), 503)
        # Writes are refused with 507, and nothing is written.
        refused_for_space(put(wire, body(1, 50)), 507)
        assert stored(wire) == 404
        health = wire.get("/health")
        refused_for_space(health, 503)
        assert health.json()["disk"] == "full" and health.json()["store"] == "embedded"
        assert health.json()["graphs"] == graphs
        # Reads from the store itself go on.
        assert wire.get("/api/coverage").status == 200
        assert wire.get("/tree", "text/html").status == 200

        # Space freed: the next write is stored, without a restart.
        filler.unlink()
        assert put(wire, body(1, 50)).status == 201
        assert stored(wire) == lines(body(1, 50))
        assert counted(wire) == 50
        assert wire.get("/health").status == 200

        # Full again, now in the middle of a write that needs room: 507, the graph as it was,
        # and public queries answered from the snapshot of the store as it is.
        filler = fill(disk)
        refused_for_space(put(wire, body(2, 8000)), 507)
        assert stored(wire) == lines(body(1, 50))
        assert counted(wire) == 50
        refused_for_space(wire.get("/health"), 503)
        refused_for_space(put(wire, body(2, 10)), 507)

        # Space freed: the health check itself opens the store again.
        filler.unlink()
        health = wire.get("/health")
        assert health.status == 200, health.body
        found = health.json()
        assert (found["status"], found["graphs"], found["store"]) == ("ok", graphs + 1, "embedded")
        assert "disk" not in found
        assert put(wire, body(2, 8000)).status == 204
        assert stored(wire) == lines(body(2, 8000))
        assert counted(wire) == 8000
        assert process.poll() is None  # the same process all along
        wire.close()
