"""Start and stop a throw-away Virtuoso Open Source server (for tests and trials).

Debian's ``virtuoso-opensource-7-bin`` package (of ``virtuoso-opensource``) ships the server as
``/usr/bin/virtuoso-t`` and its SQL client as ``/usr/bin/isql-vt``; ``tools/test-peers.sh``
installs it. The package's own service (``/etc/virtuoso-opensource-7/virtuoso.ini``, a
database under ``/var/lib``, ports 1111 and 8890) is not used: each server here has its own
``virtuoso.ini`` in its folder, a fresh database beside it and two free loopback ports.

A write goes as it would in a deployment: a user of its own, granted ``SPARQL_UPDATE``, at the
authenticated endpoints ``/sparql-auth`` and ``/sparql-graph-crud-auth`` (HTTP Digest); the
anonymous ``/sparql`` endpoint only reads.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from oxigraph_server import ServerError, free_port, stop, wait_for_port

SERVER = "virtuoso-t"
CLIENT = "isql-vt"
PACKAGE = "virtuoso-opensource"
DBA_PASSWORD = "dba"
"""A fresh database's administrator password (the server listens on loopback only)."""


@dataclass(frozen=True)
class Virtuoso:
    """A running server: its HTTP base URL and the user that may write."""

    base: str
    user: str
    password: str

    @property
    def query(self) -> str:
        return f"{self.base}/sparql"

    @property
    def update(self) -> str:
        return f"{self.base}/sparql-auth"

    @property
    def store(self) -> str:
        return f"{self.base}/sparql-graph-crud-auth"


def binaries() -> tuple[str, str]:
    """The server and its SQL client, or a :class:`ServerError` naming the package."""
    server, client = shutil.which(SERVER), shutil.which(CLIENT)
    if server is None or client is None:
        raise ServerError(
            f"Virtuoso is not installed: {SERVER} and {CLIENT} come with the Debian package "
            f"{PACKAGE} (bash tools/test-peers.sh installs it)"
        )
    return server, client


INI = """\
[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CheckpointInterval = 0
CaseMode = 2
DirsAllowed = .
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
ThreadsPerQuery = 2

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {folder}
ServerThreads = 10
MaxClientConnections = 10
Charset = UTF-8
EnabledGzipContent = 0

[SPARQL]
ResultSetMaxRows = {max_rows}
MaxQueryExecutionTime = 120
MaxQueryCostEstimationTime = 0
"""
"""The server's settings. ``ResultSetMaxRows``: Virtuoso cuts every answer at this many rows
without saying so (10000 in Debian's own virtuoso.ini); a store that styrgraf reads whole
needs it above the largest answer it asks for (docs/deploy.md)."""


def setup_sql(user: str, password: str) -> str:
    """The SQL that makes a user who may write by SPARQL (and the Graph Store Protocol)."""
    return f"DB.DBA.USER_CREATE('{user}', '{password}'); GRANT SPARQL_UPDATE TO \"{user}\";"


@contextmanager
def virtuoso_server(
    folder: Path,
    timeout: float = 60.0,
    user: str = "styrgraf",
    password: str = "styrgraf-test",
    max_rows: int = 1_000_000,
) -> Iterator[Virtuoso]:
    """Run a Virtuoso server with a fresh database in ``folder``; yield it; stop it after."""
    server, client = binaries()
    folder.mkdir(parents=True, exist_ok=True)
    sql_port, http_port = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(
        INI.format(folder=folder, sql_port=sql_port, http_port=http_port, max_rows=max_rows)
    )
    log_path = folder / "server.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [server, "+foreground", "+configfile", str(ini)],
            cwd=folder,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            # The SQL port opens last, once the database is made and the HTTP server is up.
            wait_for_port(http_port, process, log_path, timeout)
            wait_for_port(sql_port, process, log_path, timeout)
            _sql(client, sql_port, setup_sql(user, password), log_path)
            yield Virtuoso(f"http://127.0.0.1:{http_port}", user, password)
        finally:
            stop(process)


def _sql(client: str, port: int, statements: str, log: Path, attempts: int = 50) -> None:
    """Run SQL as the administrator; the server may refuse it for a moment after it opens."""
    command = [client, f"127.0.0.1:{port}", "dba", DBA_PASSWORD, f"exec={statements}"]
    for _ in range(attempts):
        done = subprocess.run(command, capture_output=True, text=True, timeout=30)
        if done.returncode == 0 and "*** Error" not in done.stdout + done.stderr:
            return
        time.sleep(0.1)
    said = (done.stdout + done.stderr).strip()
    raise ServerError(f"Virtuoso refused its setup ({said}): {log.read_text()}")
