from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from rdflib import Graph

from styrgraf.store import EmbeddedStore, RemoteStore, Store
from styrgraf.validate import load_ontology, load_shapes


@pytest.fixture(scope="session")
def shapes() -> Graph:
    return load_shapes()


@pytest.fixture(scope="session")
def ontology() -> Graph:
    return load_ontology()


# --- A real Oxigraph server for the remote backend -------------------------------------------


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _oxigraph_binary() -> str:
    beside = Path(sys.executable).parent / "oxigraph"
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if found is None:
        pytest.fail("the Oxigraph server is not installed: pip install -e '.[dev]' ships it")
    return found


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Start an Oxigraph server on a free loopback port for the session; yield its base URL."""
    port = _free_port()
    folder = tmp_path_factory.mktemp("oxigraph")
    log = (folder / "server.log").open("wb")
    process = subprocess.Popen(
        [
            _oxigraph_binary(),
            "serve",
            "--location",
            str(folder / "data"),
            "--bind",
            f"127.0.0.1:{port}",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                log.close()
                pytest.fail(
                    f"the Oxigraph server did not start: {(folder / 'server.log').read_text()}"
                )
            time.sleep(0.1)
    try:
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def remote_store(base: str) -> RemoteStore:
    """A client for the test server, emptied first so each test starts from nothing."""
    store = RemoteStore(f"{base}/query", f"{base}/update", f"{base}/store")
    store._update("DROP SILENT ALL")
    return store


@pytest.fixture(params=["embedded", "remote"])
def backend(request: pytest.FixtureRequest) -> Callable[[], Store]:
    """A factory for empty stores of one backend; every store test runs on both."""
    if request.param == "embedded":
        return EmbeddedStore
    base = request.getfixturevalue("oxigraph_server")
    return lambda: remote_store(base)
