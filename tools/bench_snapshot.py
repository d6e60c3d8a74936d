"""Benchmark what a snapshot of the embedded store costs after a write.

Public queries read a snapshot of the store (a RocksDB checkpoint), taken again after each
write. A checkpoint first writes what the write left in memory to disk (a flush), then links
the store's files into the snapshot's folder: hard links on the store's own file system, full
copies on another. Each column is one place for the snapshot folder: beside the store (the
same file system, where the service puts it) and on /dev/shm (another file system). Rows: a
write of a few triples and of many (one graph replaced by the service's own path), the
snapshot right after each, and a snapshot with no write before it. One run; compare within it.
Run with `make bench`.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pyoxigraph as ox
from bench import print_table

from styrgraf.model.bundled import sample_data_files
from styrgraf.store.embedded import EmbeddedStore

GRAPH = "urn:example:bench:snapshot"


def _triples(count: int) -> list[ox.Triple]:
    tag = uuid.uuid4().hex
    return [
        ox.Triple(
            ox.NamedNode(f"urn:example:bench:s{i}"),
            ox.NamedNode("urn:example:bench:p"),
            ox.Literal(f"{tag} {i}"),
        )
        for i in range(count)
    ]


def _measure(folder: Path, snapshots: Path, large: int) -> dict[str, str]:
    store = EmbeddedStore(folder / "store")
    store.load(sample_data_files(), file_graphs=True)
    store.snapshot(snapshots / "first")
    row: dict[str, str] = {}

    def snapshot_ms() -> str:
        start = time.perf_counter()
        store.snapshot(snapshots / uuid.uuid4().hex)
        return f"{1000 * (time.perf_counter() - start):.1f}"

    for name, count in (
        ("10 triples", 10),
        (f"{large} triples", large),
        (f"10 triples over the {large}", 10),
    ):
        start = time.perf_counter()
        store.replace_graphs({GRAPH: _triples(count)})
        row[f"write {name} (s)"] = f"{time.perf_counter() - start:.2f}"
        row[f"snapshot after writing {name} (ms)"] = snapshot_ms()
    row["snapshot with no write before (ms)"] = snapshot_ms()
    store.shut()
    return row


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--triples", type=int, default=100_000, help="the large write")
    parser.add_argument("--other", default="/dev/shm", help="a folder on another file system")
    args = parser.parse_args()
    columns = {"beside the store": None, f"on {args.other}": args.other}
    rows: dict[str, list[str]] = {}
    for place in columns.values():
        with (
            tempfile.TemporaryDirectory() as home,
            tempfile.TemporaryDirectory(dir=place or home) as snapshots,
        ):
            for name, value in _measure(Path(home), Path(snapshots), args.triples).items():
                rows.setdefault(name, []).append(value)
        print(f"  snapshots {place or 'beside the store'} measured", file=sys.stderr)
    print_table(["snapshot folder", *columns], rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
