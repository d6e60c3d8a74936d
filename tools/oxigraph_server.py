"""Start and stop a real Oxigraph server on a free loopback port (for tests and the benchmark).

`pip install oxigraph` ships the server binary; it is a dev dependency of styrgraf.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class ServerError(RuntimeError):
    """The server is not installed or did not start."""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def binary() -> str:
    beside = Path(sys.executable).parent / "oxigraph"
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if found is None:
        raise ServerError("the Oxigraph server is not installed: pip install -e '.[dev]' ships it")
    return found


def wait_for_port(port: int, process: subprocess.Popen[bytes], log: Path, timeout: float) -> None:
    """Wait until a server process listens on a loopback port, or raise with its log."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise ServerError(f"the server did not start: {log.read_text()}") from None
            time.sleep(0.1)


@contextmanager
def oxigraph_server(
    folder: Path, timeout: float = 30.0, union_default_graph: bool = False
) -> Iterator[str]:
    """Run ``oxigraph serve`` with its data in ``folder``; yield its base URL; stop it after.

    With ``union_default_graph`` the server's default graph is the union of its named graphs.
    """
    port = free_port()
    folder.mkdir(parents=True, exist_ok=True)
    log_path = folder / "server.log"
    with log_path.open("wb") as log:
        command = [binary(), "serve", "--location", str(folder / "data")]
        command += ["--bind", f"127.0.0.1:{port}"]
        if union_default_graph:
            command.append("--union-default-graph")
        process = subprocess.Popen(
            command,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_for_port(port, process, log_path, timeout)
            yield f"http://127.0.0.1:{port}"
        finally:
            stop(process)


def stop(process: subprocess.Popen[bytes]) -> None:
    """Ask a server to stop (SIGTERM), and end it if it has not within ten seconds."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
