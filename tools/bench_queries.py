"""Benchmark every named query (``queries/*.rq``) on generated models; prints a table, sizes as
columns, one row per query: seconds, and the rows it answered.

Each model is ``styrgraf generate N`` (with its planted defects), loaded into an embedded store
on disk; each query runs over every graph, in a process of its own with a time limit, so that
one that grows with the square of the model shows as ``> limit`` instead of stopping the run. A
query's required parameters are bound to the first node of their kind in the model (a goal, a
board, ...) and the year to the model's first plan year. Compare within one run: the machine
may be shared. Run with ``make bench`` (10k and 100k triples) or, for a million triples,
``python tools/bench_queries.py --municipalities 4,37,376``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import print_table

from styrgraf.generator.generate import generate
from styrgraf.sparql.queries import NamedQuery, load_queries
from styrgraf.store.embedded import EmbeddedStore

SG = "https://w3id.org/styrgraf#"
KINDS = {
    "goal": "BoardGoal",
    "node": "BoardGoal",
    "board": "Board",
    "indicator": "Indicator",
    "plan": "ActionPlan",
    "area": "StrategicArea",
    "activity": "Activity",
    "unit": "OrganisationalUnit",
    "vision": "Vision",
    "model": "GovernanceModel",
}
"""The class whose first node a required IRI parameter of that name is bound to; any other
IRI parameter gets a goal."""
YEAR = "2024"


def _samples(store: EmbeddedStore) -> dict[str, str]:
    found = {}
    for name, kind in KINDS.items():
        rows = store.select(f"SELECT ?x WHERE {{ ?x a <{SG}{kind}> }} ORDER BY ?x LIMIT 1")
        if rows:
            found[name] = rows[0]["x"].value
    return found


def _values(query: NamedQuery, samples: dict[str, str]) -> dict[str, str]:
    values = {}
    for parameter in query.parameters:
        if parameter.required:
            if parameter.type == "iri":
                values[parameter.name] = samples.get(parameter.name, samples["goal"])
            else:
                values[parameter.name] = YEAR
    return values


def _load(folder: str, path: str) -> None:
    """In the child: load the model and print the sample nodes as JSON."""
    store = EmbeddedStore(folder)
    store.load([Path(path)])
    print(json.dumps(_samples(store)))


def _run_one(folder: str, name: str, values: str) -> None:
    """In the child: run one query and print its time and row count as JSON."""
    store = EmbeddedStore(folder)
    query = load_queries()[name]
    bindings = query.bindings(json.loads(values))
    started = time.perf_counter()
    rows = store.select(query.text, bindings)
    print(json.dumps({"seconds": time.perf_counter() - started, "rows": len(rows)}))


def _measure(count: int, folder: Path, limit: float) -> tuple[int, dict[str, str]]:
    generated = generate(count)
    path = folder / f"model-{count}.trig"
    generated.write_trig(path)
    store_folder = folder / f"store-{count}"
    # Loaded in a process of its own too: an open store keeps its folder locked.
    command = [sys.executable, __file__, "--load", str(store_folder), str(path)]
    samples = json.loads(subprocess.run(command, capture_output=True, text=True, check=True).stdout)
    cells = {}
    for name, query in sorted(load_queries().items()):
        values = json.dumps(_values(query, samples))
        command = [sys.executable, __file__, "--one", str(store_folder), name, values]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=limit)
        except subprocess.TimeoutExpired:
            cells[name] = f"> {limit:.0f}"
            continue
        if done.returncode != 0:
            cells[name] = "error"
            print(f"{name}: {done.stderr.strip().splitlines()[-1:]}", file=sys.stderr)
            continue
        answer = json.loads(done.stdout)
        cells[name] = f"{answer['seconds']:.2f} ({answer['rows']})"
    return generated.triple_count, cells


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--municipalities", default="4,37", help="model sizes, one column each")
    parser.add_argument("--limit", type=float, default=60, help="seconds a query may take")
    parser.add_argument("--one", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--load", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        _run_one(*args.one)
        return 0
    if args.load:
        _load(*args.load)
        return 0
    sizes = [int(n) for n in args.municipalities.split(",")]
    header = ["query: s (rows)"]
    rows: dict[str, list[str]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for count in sizes:
            triples, cells = _measure(count, Path(tmp), args.limit)
            header.append(f"{count} municipalities, {triples:,} triples")
            for name, cell in cells.items():
                rows.setdefault(name, []).append(cell)
    print_table(header, rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
