"""Benchmark reading and validating models of growing size; prints a table, sizes as columns.

The models are copies of the bundled Ljungby model, each copy a municipality of its own (its IRIs
renamed), so the rules see N complete, conforming models side by side. Run with `make bench`.
Times are wall-clock seconds on this machine, one run each, the rows measured side by side in
the same run: compare within one run and quote ratios, not absolute times.

Rows: reading the files; validation with the default engine (every constraint on pyoxigraph,
once per constraint); validation with pySHACL's own engine (once per focus node), run only while
it stays under --reference-limit seconds.

A second table validates generated models (`styrgraf generate N`, defects planted; --generated)
as `styrgraf validate` does, read from TriG, each run in a fresh process so that its peak memory
is its own: the default engine against the one before it (`mixed`: pySHACL for the core
constraints; with --before-shapes, also the profile as it was, e.g. a folder written from an older
commit), the latter run only while it stays under --before-limit seconds.
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from styrgraf.generator.generate import generate
from styrgraf.model.bundled import sample_data_files
from styrgraf.model.load import merged, read_dataset, read_graph
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


def _validate_file(path: str, engine: str, shapes: str | None) -> tuple[float, float, int]:
    """In a process of its own: read and validate as `styrgraf validate` does; the seconds,
    the process's peak memory (MB) and the number of findings."""
    start = time.perf_counter()
    dataset = read_dataset([path])
    profile = load_shapes([shapes] if shapes else None)
    report = validate_graph(merged(dataset), shapes=profile, dataset=dataset, engine=Engine(engine))
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return seconds, peak, len(report.findings)


def _in_a_process(*args: object) -> tuple[float, float, int]:
    context = multiprocessing.get_context("spawn")
    with context.Pool(1) as pool:
        return pool.apply(_validate_file, args)


def generated_table(sizes: list[int], before_shapes: str | None, before_limit: float) -> None:
    """Generated models, the default engine against the one before it, in fresh processes."""
    names = ["triples", "validate (s)", "peak memory (MB)", "before (s)", "before, peak (MB)"]
    rows: dict[str, list[str]] = {name: [] for name in [*names, "ratio", "findings (before)"]}
    before_on = True
    with tempfile.TemporaryDirectory() as tmp:
        for count in sizes:
            path = Path(tmp) / f"generated-{count}.trig"
            generated = generate(count)
            generated.write_trig(path)
            rows["triples"].append(str(generated.triple_count))
            seconds, peak, found = _in_a_process(str(path), Engine.OXIGRAPH.value, None)
            rows["validate (s)"].append(f"{seconds:.1f}")
            rows["peak memory (MB)"].append(f"{peak:.0f}")
            if before_on:
                old, old_peak, old_found = _in_a_process(
                    str(path), Engine.MIXED.value, before_shapes
                )
                rows["before (s)"].append(f"{old:.1f}")
                rows["before, peak (MB)"].append(f"{old_peak:.0f}")
                rows["ratio"].append(f"{old / seconds:.1f}x")
                rows["findings (before)"].append(f"{found} ({old_found})")
                before_on = old < before_limit
            else:
                for name in ("before (s)", "before, peak (MB)", "ratio", "findings (before)"):
                    rows[name].append("-")
            print(f"  {count} municipalities measured", file=sys.stderr)
    print_table(["municipalities", *[str(n) for n in sizes]], rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", default="1,4,16,64", help="model copies, one column each")
    parser.add_argument(
        "--reference-limit",
        type=float,
        default=20.0,
        help="stop timing pySHACL's engine after a run slower than this (seconds)",
    )
    parser.add_argument(
        "--generated",
        default="4,37,113",
        help="generated municipalities, one column each (about 10k, 100k, 300k triples)",
    )
    parser.add_argument("--before-shapes", help="the profile (file or folder) of the before row")
    parser.add_argument(
        "--before-limit",
        type=float,
        default=600.0,
        help="stop timing the engine before after a run slower than this (seconds)",
    )
    args = parser.parse_args()
    if args.generated:
        generated_table(
            [int(n) for n in args.generated.split(",")], args.before_shapes, args.before_limit
        )
    if not args.copies:
        return 0
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
