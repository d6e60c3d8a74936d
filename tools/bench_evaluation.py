"""Benchmark where public queries are evaluated: threads against worker processes.

What ending a runaway query at its deadline costs every other query: each row is measured on
the same persisted embedded store in the same run, once in a thread of this process and once
in a worker process over a snapshot (the query sent over a pipe, the answer written there and
sent back). Times are the mean of 30 runs, in milliseconds. Compare within one run: the ratio,
not the figure, is the point. What a snapshot costs after a write is measured by
`tools/bench_snapshot.py`. Run with `make bench`.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from bench import print_table

from styrgraf.execution.jobs import Job
from styrgraf.execution.workers import ProcessEvaluator, ThreadEvaluator
from styrgraf.generator.generate import generate
from styrgraf.store.embedded import EmbeddedStore

QUERIES = {
    "labels, JSON": (
        "SELECT ?s ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } LIMIT 100",
        "json",
    ),
    "board goals by area, CSV": (
        "PREFIX sg: <https://w3id.org/styrgraf#> SELECT ?goal ?area WHERE { ?goal a sg:BoardGoal ; "
        "sg:supports/sg:inStrategicArea ?area } ORDER BY ?area ?goal",
        "csv",
    ),
    "goals, CONSTRUCT Turtle": (
        "PREFIX sg: <https://w3id.org/styrgraf#> CONSTRUCT { ?g ?p ?o } WHERE { "
        "?g a sg:OverarchingGoal ; ?p ?o } LIMIT 2000",
        "turtle",
    ),
}
RUNS = 30


def _mean_ms(evaluator: ThreadEvaluator | ProcessEvaluator, job: Job) -> float:
    evaluator.run(job)  # warm: the worker has its snapshot open
    start = time.perf_counter()
    for _ in range(RUNS):
        evaluator.run(job)
    return 1000 * (time.perf_counter() - start) / RUNS


def _measure(count: int, folder: Path) -> dict[str, str]:
    path = folder / f"model-{count}.trig"
    generated = generate(count)
    generated.write_trig(path)
    store = EmbeddedStore(folder / f"store-{count}")
    store.load([path], file_graphs=True)
    graphs = tuple(store.named_graphs())
    threads = ThreadEvaluator(store, 2)
    processes = ProcessEvaluator(store, 2)
    row = {"triples": str(generated.triple_count)}
    try:
        processes.start()
        for name, (sparql, kind) in QUERIES.items():
            job = Job(sparql, graphs, graphs, timeout=60.0, limit=10_000, kind=kind)
            here, there = _mean_ms(threads, job), _mean_ms(processes, job)
            row[f"{name}, threads (ms)"] = f"{here:.1f}"
            row[f"{name}, processes (ms)"] = f"{there:.1f}"
            row[f"{name}, processes / threads"] = f"{there / here:.2f}"
    finally:
        threads.close()
        processes.close()
        store.close()
    return row


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--municipalities", default="1,10,50", help="model sizes, one column each")
    args = parser.parse_args()
    sizes = [int(n) for n in args.municipalities.split(",")]
    names = ["triples"]
    for name in QUERIES:
        names += [
            f"{name}, threads (ms)",
            f"{name}, processes (ms)",
            f"{name}, processes / threads",
        ]
    rows: dict[str, list[str]] = {name: [] for name in names}
    with tempfile.TemporaryDirectory() as tmp:
        for count in sizes:
            for name, value in _measure(count, Path(tmp)).items():
                rows[name].append(value)
            print(f"  {count} municipalities measured", file=sys.stderr)
    print_table(["municipalities", *[str(n) for n in sizes]], rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
