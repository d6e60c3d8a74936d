"""A service that is killed leaves its temporary store and snapshots behind; the next service
to start removes them, and never the folders of a service that still runs.

Real ``styrgraf serve`` processes, their temporary directory set with ``TMPDIR``; one is ended
with ``kill -9`` (SIGKILL: nothing of it runs after), then another is started.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from oxigraph_server import free_port, stop, wait_for_port

from styrgraf.execution import folders


@contextmanager
def serve(folder: Path, *options: str, tmp: Path) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """A ``styrgraf serve`` whose temporary directory is ``tmp``: its process and base URL."""
    port = free_port()
    folder.mkdir(parents=True, exist_ok=True)
    log = folder / f"serve-{port}.log"
    command = [sys.executable, "-m", "styrgraf.cli", "serve", "--port", str(port), *options]
    env = {**os.environ, "TMPDIR": str(tmp), "STYRGRAF_QUERY_PROCESSES": "1"}
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env)
        try:
            wait_for_port(port, process, log, 60.0)
            yield process, f"http://127.0.0.1:{port}"
        finally:
            if process.poll() is None:
                stop(process)


def owned(parent: Path) -> dict[str, int]:
    """The folders in ``parent`` that have an owner, with the owner's process id."""
    found = {}
    for folder in sorted(parent.iterdir()):
        lock = folder / folders.LOCK
        if lock.is_file():
            found[folder.name] = int(lock.read_text().split()[0])
    return found


def query(base: str) -> int:
    """Ask a public query, so that a snapshot is taken and read; the answer's status."""
    url = base + "/sparql?query=" + urllib.request.quote("ASK { ?s ?p ?o }")
    with urllib.request.urlopen(url, timeout=60) as answer:
        status: int = answer.status
        return status


def test_the_folders_of_a_killed_service_are_removed_at_the_next_start(tmp_path: Path) -> None:
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    with serve(tmp_path, tmp=tmp) as (living, living_base):
        assert query(living_base) == 200
        with serve(tmp_path, tmp=tmp) as (killed, killed_base):
            assert query(killed_base) == 200
            mine = owned(tmp)
            by = {pid: sorted(n for n, p in mine.items() if p == pid) for pid in set(mine.values())}
            for process in (living, killed):
                names = by[process.pid]
                assert [n.split("-")[1] for n in names] == ["snapshots", "store"], names
            os.kill(killed.pid, signal.SIGKILL)
            killed.wait()
        left = owned(tmp)
        assert {n for n, p in left.items() if p == killed.pid} == set(by[killed.pid])
        with serve(tmp_path, tmp=tmp) as (third, _):
            after = owned(tmp)
            # The killed service's folders are gone; the living one's are untouched.
            assert not any((tmp / name).exists() for name in by[killed.pid])
            assert {n for n, p in after.items() if p == living.pid} == set(by[living.pid])
            assert sorted(p for p in after.values()) == sorted([living.pid] * 2 + [third.pid] * 2)
        assert query(living_base) == 200  # its store and snapshots still serve
    # Both stopped as a service stops: nothing of theirs is left.
    assert owned(tmp) == {}
    assert not [p for p in tmp.iterdir() if p.name.startswith(folders.PREFIXES)]


def test_snapshots_of_a_persisted_store_sit_beside_it_and_are_removed_after_a_kill(
    tmp_path: Path,
) -> None:
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    home = tmp_path / "home"
    store = home / "store"
    load = [sys.executable, "-m", "styrgraf.cli", "load", "--store", str(store), "--no-progress"]
    subprocess.run(load, check=True, capture_output=True)
    with serve(tmp_path, "--store", str(store), tmp=tmp) as (killed, base):
        assert query(base) == 200
        beside = owned(home)
        assert len(beside) == 1
        (name,) = beside
        assert name.startswith(folders.SIBLING_SNAPSHOTS_PREFIX) and beside[name] == killed.pid
        # On the store's own file system, a snapshot's data files are hard links to the
        # store's: the same files, not copies. (The store may compact a table away after the
        # snapshot was taken; each table both still hold is one file.)
        (snapshot,) = [p for p in (home / name).iterdir() if p.is_dir()]
        tables = {p.name: p.stat() for p in snapshot.iterdir() if p.suffix == ".sst"}
        shared = {p.name: p.stat() for p in store.iterdir() if p.name in tables}
        assert shared and all(
            (tables[n].st_dev, tables[n].st_ino) == (s.st_dev, s.st_ino) for n, s in shared.items()
        )
        assert owned(tmp) == {}  # nothing of it in the temporary directory
        os.kill(killed.pid, signal.SIGKILL)
        killed.wait()
    assert (home / name).exists()
    with serve(tmp_path, "--store", str(store), tmp=tmp) as (restarted, base):
        assert not (home / name).exists()
        assert query(base) == 200
        assert list(owned(home).values()) == [restarted.pid]
    assert owned(home) == {} and sorted(p.name for p in home.iterdir()) == ["store"]
