"""Benchmark reading and validating models of growing size; prints a table, sizes as columns.

The models are copies of the bundled Ljungby model, each copy a municipality of its own (its IRIs
renamed), so the rules see N complete, conforming models side by side. Run with `make bench`.
Times are wall-clock seconds on this machine, one run each: compare the rows within one run.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from rdflib import Graph

import styrgraf.validate as validation
from styrgraf.load import read_graph
from styrgraf.resources import sample_data_files

BASE = "https://w3id.org/styrgraf/ljungby/"


def _copies(count: int, folder: Path) -> list[Path]:
    nquads = read_graph(sample_data_files()).serialize(format="nt", encoding="utf-8").decode()
    paths = []
    for index in range(count):
        path = folder / f"copy-{index}.nt"
        path.write_text(nquads.replace(BASE, f"https://w3id.org/styrgraf/copy-{index}/"), "utf-8")
        paths.append(path)
    return paths


def _timed(action: Callable[..., object], *args: object) -> float:
    start = time.perf_counter()
    action(*args)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", default="1,2,4,8", help="model copies per column")
    parser.add_argument(
        "--plain-limit",
        type=float,
        default=60.0,
        help="skip the plain-graph row after a run this slow",
    )
    args = parser.parse_args()
    sizes = [int(n) for n in args.copies.split(",")]
    shapes, ontology = validation.load_shapes(), validation.load_ontology()
    rows: dict[str, list[str]] = {"triples": [], "read (s)": [], "validate (s)": []}
    rows["validate, query parsed per node (s)"] = []
    rows["speed-up from parsing once"] = []
    plain_ok = True
    with tempfile.TemporaryDirectory() as tmp:
        for count in sizes:
            folder = Path(tmp) / str(count)
            folder.mkdir()
            paths = _copies(count, folder)
            read = _timed(read_graph, paths)
            graph = read_graph(paths)
            fast = _timed(validation.validate_graph, graph, shapes, ontology)
            rows["triples"].append(str(len(graph)))
            rows["read (s)"].append(f"{read:.2f}")
            rows["validate (s)"].append(f"{fast:.2f}")
            if plain_ok:
                original = validation._ValidationGraph
                validation._ValidationGraph = Graph  # type: ignore[misc]
                try:
                    plain = _timed(validation.validate_graph, graph, shapes, ontology)
                finally:
                    validation._ValidationGraph = original  # type: ignore[misc]
                rows["validate, query parsed per node (s)"].append(f"{plain:.2f}")
                rows["speed-up from parsing once"].append(f"{plain / fast:.1f}x")
                plain_ok = plain < args.plain_limit
            else:
                rows["validate, query parsed per node (s)"].append("—")
                rows["speed-up from parsing once"].append("—")
            print(f"  {count} copies done", file=sys.stderr)
    header = ["model copies", *[str(n) for n in sizes]]
    table = [header, *[[name, *values] for name, values in rows.items()]]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    for number, row in enumerate(table):
        print(" | ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)))
        if number == 0:
            print("-|-".join("-" * w for w in widths))
    return 0


if __name__ == "__main__":
    sys.exit(main())
