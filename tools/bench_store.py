"""Benchmark the store, trace and coverage on both backends; prints a table, sizes as columns.

The models are synthetic (`styrgraf generate N`, with planted defects), N municipalities side by
side. Each row is measured on the embedded pyoxigraph store and on a real Oxigraph server over
HTTP, in the same run, so the two can be compared as a ratio. Times are wall-clock seconds, one
run each (trace: the mean of 20 activities); compare within one run. Run with `make bench`.

The server runs with its default graph the union of its named graphs, and is read both ways:
naming every graph in each request (what works on any server), and leaving the dataset to the
server (``--union-default-graph``).

Rows: generating the model; loading (parse, stage, one atomic move); coverage (orphans with
reasons, uncovered, the matrix, the summary); trace of one activity to the vision; and, for
comparison, the orphans as a single SPARQL query (``MINUS`` over a property path) against the
networkx reachability that coverage uses.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench import print_table
from oxigraph_server import oxigraph_server

from styrgraf.analysis.coverage import coverage
from styrgraf.analysis.hierarchy import Hierarchy
from styrgraf.analysis.trace import trace
from styrgraf.generator.generate import generate
from styrgraf.store.base import Store
from styrgraf.store.embedded import EmbeddedStore
from styrgraf.store.remote import RemoteStore

ORPHANS = """
PREFIX sg: <https://w3id.org/styrgraf#>
SELECT ?node WHERE {
    VALUES ?type { sg:FocusArea sg:StrategicArea sg:StrategicSubArea sg:OverarchingGoal
                   sg:BoardGoal sg:ActionPlan sg:Activity sg:DevelopmentPlan }
    ?node a ?type .
    MINUS {
        ?node (sg:servesVision|sg:subAreaOf|sg:inStrategicArea|sg:supports|sg:realises|
               sg:partOfPlan|sg:supportsGoal|sg:supportsActivity)* ?vision .
        ?vision a sg:Vision .
    }
}
"""


def _timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def _activities(store: Store, count: int) -> list[str]:
    rows = store.select(
        "PREFIX sg: <https://w3id.org/styrgraf#> SELECT ?a WHERE { ?a a sg:Activity ; "
        "sg:partOfPlan/sg:realises/sg:supports/sg:inStrategicArea/sg:servesVision ?v } "
        f"ORDER BY ?a LIMIT {count}"
    )
    return [row["a"].value for row in rows]


def _measure(count: int, folder: Path, base: str) -> dict[str, str]:
    """Every row of the table for one model size."""
    started = time.perf_counter()
    generated = generate(count)
    made = time.perf_counter() - started
    path = folder / f"model-{count}.trig"
    generated.write_trig(path)
    embedded = EmbeddedStore()
    remote = RemoteStore(f"{base}/query", f"{base}/update", f"{base}/store")
    remote.update("DROP SILENT ALL")
    union = RemoteStore(f"{base}/query", union_default_graph=True)
    stores: list[tuple[str, Store]] = [("embedded", embedded), ("server", remote)]
    readers = [*stores, ("server, union", union)]
    row = {"triples": str(generated.triple_count), "generate (s)": f"{made:.2f}"}
    for label, store in stores:
        row[f"load, {label} (s)"] = f"{_timed(lambda s=store: s.load([path])):.2f}"
    for label, store in readers:
        row[f"coverage, {label} (s)"] = f"{_timed(lambda s=store: coverage(s)):.2f}"
    nodes = _activities(embedded, 20)
    for label, store in readers:
        spent = _timed(lambda s=store: [trace(s, node) for node in nodes])
        row[f"trace, {label} (ms)"] = f"{1000 * spent / len(nodes):.1f}"
    row["orphans as one query, embedded (s)"] = f"{_timed(lambda: embedded.select(ORPHANS)):.2f}"
    reach = _timed(lambda: Hierarchy.from_store(embedded).reaching())
    row["orphans in networkx, embedded (s)"] = f"{reach:.2f}"
    return row


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--municipalities", default="1,10,50", help="model sizes, one column each")
    args = parser.parse_args()
    sizes = [int(n) for n in args.municipalities.split(",")]
    names = [
        "triples",
        "generate (s)",
        "load, embedded (s)",
        "load, server (s)",
        "coverage, embedded (s)",
        "coverage, server (s)",
        "coverage, server, union (s)",
        "trace, embedded (ms)",
        "trace, server (ms)",
        "trace, server, union (ms)",
        "orphans as one query, embedded (s)",
        "orphans in networkx, embedded (s)",
    ]
    rows: dict[str, list[str]] = {name: [] for name in names}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        with oxigraph_server(folder / "server", union_default_graph=True) as base:
            for count in sizes:
                for name, value in _measure(count, folder, base).items():
                    rows[name].append(value)
                print(f"  {count} municipalities measured", file=sys.stderr)
    header = ["municipalities", *[str(n) for n in sizes]]
    print_table(header, rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
