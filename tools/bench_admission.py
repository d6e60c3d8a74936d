"""Benchmark admission control: `/health` and a page while clients loop a heavy query.

A real `styrgraf serve` of the bundled model (8 workers, 2 query processes, a 10 s deadline)
is started twice in the same run: with admission off (every request waits for one of the 8
threads, the behaviour before admission control) and on (the defaults: 2 query processes and
a queue of 6, on threads of their own). For 0, 8 and 16 clients, each looping one heavy query
(a filtered cross product of the model, about a second alone), one probe asks `/health` and
another the start page, one request after the other, for a fixed window; the table gives
their median and 99th percentile and what the heavy clients got each second: answers, busy
refusals (503 at once; such a client waits 50 ms, not the Retry-After, before it asks again),
deadline 503s, and any other error. Compare within one run: the ratios are the point. Run with
`make bench`; about two and a half minutes.
"""

from __future__ import annotations

import argparse
import http.client
import os
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from bench import print_table
from oxigraph_server import free_port, stop, wait_for_port

MODEL = "https://w3id.org/styrgraf/ljungby/graph/2019-2022"
HEAVY = (
    f"SELECT (COUNT(*) AS ?n) FROM <{MODEL}> "
    "WHERE { ?a ?p ?c . ?d a ?t FILTER(STR(?c) < STR(?d)) }"
)
CLIENTS = (0, 8, 16)
CONDITIONS = {"off": {"STYRGRAF_ADMISSION": "0"}, "on": {"STYRGRAF_ADMISSION": "1"}}
SETTLE = 1.0
"""Seconds the heavy clients run before the probes start, so that queues have formed."""


@dataclass
class Tally:
    """What one condition and client count measured."""

    health: list[float] = field(default_factory=list)
    page: list[float] = field(default_factory=list)
    light_errors: int = 0
    answered: int = 0
    refused: int = 0
    deadline: int = 0
    other: int = 0
    seconds: float = 0.0


def _request(
    connection: http.client.HTTPConnection, method: str, path: str, **options: object
) -> tuple[int, bytes]:
    connection.request(method, path, **options)  # type: ignore[arg-type]
    response = connection.getresponse()
    return response.status, response.read()


def _heavy_client(port: int, stop_at: float, tally: Tally, lock: threading.Lock) -> None:
    body = urllib.parse.urlencode({"query": HEAVY})
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Accept": "application/sparql-results+json",
    }
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    while time.monotonic() < stop_at:
        try:
            status, answer = _request(connection, "POST", "/sparql", body=body, headers=headers)
        except (OSError, http.client.HTTPException):
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            with lock:
                tally.other += 1
            continue
        with lock:
            if status == 200:
                tally.answered += 1
            elif status == 503 and b"busy" in answer:
                tally.refused += 1
            elif status == 503 and b"longer than" in answer:
                tally.deadline += 1
            else:
                tally.other += 1
        if status == 503 and b"busy" in answer:
            time.sleep(0.05)
    connection.close()


def _probe(
    port: int, path: str, accept: str, stop_at: float, times: list[float], tally: Tally
) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    while time.monotonic() < stop_at:
        start = time.perf_counter()
        status, _ = _request(connection, "GET", path, headers={"Accept": accept})
        times.append(1000 * (time.perf_counter() - start))
        if status != 200:
            tally.light_errors += 1
        time.sleep(0.05)
    connection.close()


def _measure(port: int, clients: int, window: float) -> Tally:
    tally, lock = Tally(), threading.Lock()
    start = time.monotonic()
    stop_at = start + SETTLE + window
    heavy = [
        threading.Thread(target=_heavy_client, args=(port, stop_at, tally, lock))
        for _ in range(clients)
    ]
    for thread in heavy:
        thread.start()
    time.sleep(SETTLE if clients else 0)
    probes = [
        threading.Thread(
            target=_probe, args=(port, "/health", "application/json", stop_at, tally.health, tally)
        ),
        threading.Thread(target=_probe, args=(port, "/", "text/html", stop_at, tally.page, tally)),
    ]
    for thread in probes:
        thread.start()
    for thread in [*probes, *heavy]:
        thread.join()
    tally.seconds = time.monotonic() - start
    return tally


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def _serve(folder: Path, env: dict[str, str]) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    log = folder / f"serve-{port}.log"
    command = [sys.executable, "-m", "styrgraf.cli", "serve", "--port", str(port)]
    settings = {"STYRGRAF_WORKERS": "8", "STYRGRAF_QUERY_PROCESSES": "2", **env}
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, stdout=out, stderr=subprocess.STDOUT, env={**os.environ, **settings}
        )
    wait_for_port(port, process, log, 120)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    # Warm: the query processes up, the start page's answers computed and kept.
    query = urllib.parse.urlencode({"query": "ASK {}"})
    for path, accept in ((f"/sparql?{query}", "application/json"), ("/", "text/html")):
        status, _ = _request(connection, "GET", path, headers={"Accept": accept})
        assert status == 200, (path, status)
    # The heavy query alone, once, for scale.
    start = time.perf_counter()
    status, _ = _request(
        connection,
        "GET",
        "/sparql?" + urllib.parse.urlencode({"query": HEAVY}),
        headers={"Accept": "application/sparql-results+json"},
    )
    assert status == 200, status
    print(f"  the heavy query alone: {time.perf_counter() - start:.2f} s", file=sys.stderr)
    connection.close()
    return process, port


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--window", type=float, default=12.0, help="seconds measured per cell")
    args = parser.parse_args()
    results: dict[tuple[str, int], Tally] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for condition, env in CONDITIONS.items():
            process, port = _serve(Path(tmp), env)
            try:
                for clients in CLIENTS:
                    results[condition, clients] = _measure(port, clients, args.window)
                    print(f"  admission {condition}, {clients} clients measured", file=sys.stderr)
            finally:
                stop(process)
    rows: dict[str, list[str]] = {}

    def row(name: str, value: object) -> None:
        for condition in CONDITIONS:
            rows.setdefault(f"{name}, admission {condition}", [])
        for condition in CONDITIONS:
            cells = rows[f"{name}, admission {condition}"]
            cells.extend(_cell(value, results[condition, clients]) for clients in CLIENTS)

    def _cell(value: object, tally: Tally) -> str:
        assert callable(value)
        found = value(tally)
        return f"{found:.1f}" if isinstance(found, float) else str(found)

    row("/health p50 (ms)", lambda t: _percentile(t.health, 0.50))
    row("/health p99 (ms)", lambda t: _percentile(t.health, 0.99))
    row("start page p50 (ms)", lambda t: _percentile(t.page, 0.50))
    row("start page p99 (ms)", lambda t: _percentile(t.page, 0.99))
    row("probes answered", lambda t: len(t.health) + len(t.page) - t.light_errors)
    row("probes not 200", lambda t: t.light_errors)
    row("heavy answered (/s)", lambda t: t.answered / t.seconds)
    row("heavy refused at once (/s)", lambda t: t.refused / t.seconds)
    row("heavy 503 at the deadline (/s)", lambda t: t.deadline / t.seconds)
    row("heavy other errors", lambda t: t.other)
    for name, samples in (("/health", "health"), ("start page", "page")):
        for share in (0.50, 0.99):
            cells = []
            for clients in CLIENTS:
                off = _percentile(getattr(results["off", clients], samples), share)
                on = _percentile(getattr(results["on", clients], samples), share)
                cells.append(f"{off / on:.1f}x")
            rows[f"{name} p{round(share * 100)}, off / on"] = cells
    print_table(["heavy clients", *[str(n) for n in CLIENTS]], rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
