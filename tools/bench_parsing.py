"""Benchmark what parsing a request body in a child process costs against parsing it here.

Bodies are the bundled model's public graph (and copies of it, renamed) written as Turtle and
JSON-LD, at growing sizes up to the default ``max_body``. Each row is the mean of 10 parses in
milliseconds: in this process (:func:`styrgraf.model.load.parse_bytes`, bounds included), and in a
child process kept ready (:class:`styrgraf.execution.parsing.BodyParser`: bounds here, the body
over a pipe, the triples back as N-Quads and parsed again here). The bounds row is the scan alone.
Compare within one run. Run with `make bench`.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from functools import partial

import pyoxigraph as ox
from bench import print_table

from styrgraf.execution.parsing import BodyParser
from styrgraf.model import bounds
from styrgraf.model.bundled import sample_data_files
from styrgraf.model.load import parse_bytes, parse_files

COPIES = (1, 4, 16)
RUNS = 10


def _mean_ms(action: Callable[[], object]) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.mean(times) * 1000


def main() -> None:
    quads = [q for q in parse_files(sample_data_files()) if "private" not in str(q.graph_name)]
    parser = BodyParser(timeout=60.0, memory=1024 * 1024 * 1024)
    parser.parse(b"", ox.RdfFormat.TURTLE, None, "warm-up")  # the child started, not measured
    header = ["body", *[f"{n} cop{'y' if n == 1 else 'ies'}" for n in COPIES]]
    rows: dict[str, list[str]] = {}
    for rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.JSON_LD):
        name = rdf_format.name
        for label in ("size (KB)", "triples", "bounds (ms)", "here (ms)", "child (ms)", "ratio"):
            rows[f"{name}, {label}"] = []
        for copies in COPIES:
            triples = [
                ox.Triple(
                    ox.NamedNode(f"{q.subject.value}-{i}")
                    if isinstance(q.subject, ox.NamedNode)
                    else q.subject,
                    q.predicate,
                    q.object,
                )
                for i in range(copies)
                for q in quads
            ]
            body = ox.serialize(triples, format=rdf_format)
            assert isinstance(body, bytes)
            pattern = bounds._PATTERNS[rdf_format]
            scan = _mean_ms(partial(bounds._scan, body, rdf_format, pattern, 10**9))
            here = _mean_ms(partial(parse_bytes, body, rdf_format, "https://example.org/g"))
            child = _mean_ms(
                partial(parser.parse, body, rdf_format, "https://example.org/g", "body")
            )
            rows[f"{name}, size (KB)"].append(f"{len(body) / 1024:.0f}")
            rows[f"{name}, triples"].append(str(len(triples)))
            rows[f"{name}, bounds (ms)"].append(f"{scan:.1f}")
            rows[f"{name}, here (ms)"].append(f"{here:.1f}")
            rows[f"{name}, child (ms)"].append(f"{child:.1f}")
            rows[f"{name}, ratio"].append(f"{child / here:.2f}x")
    parser.close()
    print_table(header, rows)


if __name__ == "__main__":
    main()
