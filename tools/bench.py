"""Benchmark reading and validating models of growing size; prints a table, sizes as columns.

The models are copies of the bundled Ljungby model, each copy a municipality of its own (its IRIs
renamed), so the rules see N complete, conforming models side by side. Run with `make bench`.
Times are wall-clock seconds on this machine, one run each, the rows measured side by side in
the same run: compare within one run and quote ratios, not absolute times.

Rows: reading the files; validation with the default engine (SHACL-SPARQL constraints on
pyoxigraph, once per constraint); validation with pySHACL's own engine (once per focus node), run
only while it stays under --reference-limit seconds.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from styrgraf.model.bundled import sample_data_files
from styrgraf.model.load import read_graph
from styrgraf.model.validation import Engine, load_ontology, load_shapes, validate_graph

BASE = "https://w3id.org/styrgraf/ljungby/"


def _copies(count: int, folder: Path) -> list[Path]:
    ntriples = read_graph(sample_data_files()).serialize(format="nt", encoding="utf-8").decode()
    paths = []
    for index in range(count):
        path = folder / f"copy-{index}.nt"
        path.write_text(ntriples.replace(BASE, f"https://w3id.org/styrgraf/copy-{index}/"), "utf-8")
        paths.append(path)
    return paths


def print_table(header: list[str], rows: dict[str, list[str]]) -> None:
    """A table with the sizes as columns, one measure per row, for a terminal or a README."""
    table = [header, *[[name, *values] for name, values in rows.items()]]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    for number, row in enumerate(table):
        print(" | ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)))
        if number == 0:
            print("-|-".join("-" * width for width in widths))


def _timed(action: Callable[..., object], *args: object, **kwargs: object) -> float:
    start = time.perf_counter()
    action(*args, **kwargs)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", default="1,4,16,64", help="model copies, one column each")
    parser.add_argument(
        "--reference-limit",
        type=float,
        default=20.0,
        help="stop timing pySHACL's engine after a run slower than this (seconds)",
    )
    args = parser.parse_args()
    sizes = [int(n) for n in args.copies.split(",")]
    shapes, ontology = load_shapes(), load_ontology()
    names = ["triples", "read (s)", "validate (s)", "validate, pySHACL engine (s)", "ratio"]
    rows: dict[str, list[str]] = {name: [] for name in names}
    reference_on = True
    with tempfile.TemporaryDirectory() as tmp:
        for count in sizes:
            folder = Path(tmp) / str(count)
            folder.mkdir()
            paths = _copies(count, folder)
            read = _timed(read_graph, paths)
            graph = read_graph(paths)
            fast = _timed(validate_graph, graph, shapes=shapes, ontology=ontology)
            rows["triples"].append(str(len(graph)))
            rows["read (s)"].append(f"{read:.2f}")
            rows["validate (s)"].append(f"{fast:.2f}")
            if reference_on:
                slow = _timed(
                    validate_graph, graph, shapes=shapes, ontology=ontology, engine=Engine.PYSHACL
                )
                rows["validate, pySHACL engine (s)"].append(f"{slow:.2f}")
                rows["ratio"].append(f"{slow / fast:.1f}x")
                reference_on = slow < args.reference_limit
            else:
                rows["validate, pySHACL engine (s)"].append("-")
                rows["ratio"].append("-")
            print(f"  {count} copies measured", file=sys.stderr)
    header = ["model copies", *[str(n) for n in sizes]]
    print_table(header, rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
