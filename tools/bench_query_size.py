"""Benchmark what a large query text costs the service before it is refused or answered.

Each column is a query of that size (triple patterns with no closing brace: a text the engine
cannot parse, so what is measured is what the service spends reading it), sent as a POST form
and as a POST of ``application/sparql-query`` to the app in this process (its queries are
evaluated in worker processes, the default). Each cell is the CPU time of this process and the
status answered. Run with `make bench`.
"""

from __future__ import annotations

import argparse
import time
import urllib.parse

from bench import print_table

from styrgraf.web.app import create_app


def _query(size: int) -> str:
    head = "SELECT * WHERE { "
    pattern = "?s ?p ?o . "
    return head + pattern * max(1, (size - len(head)) // len(pattern))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="65536,1048576,9437184", help="bytes, one column each")
    arguments = parser.parse_args()
    sizes = [int(size) for size in arguments.sizes.split(",")]
    app = create_app({})
    client = app.test_client()
    form, direct = "POST form (CPU s, status)", "POST direct (CPU s, status)"
    rows: dict[str, list[str]] = {form: [], direct: []}
    for size in sizes:
        text = _query(size)
        for name, body, media in (
            (
                form,
                urllib.parse.urlencode({"query": text}).encode(),
                "application/x-www-form-urlencoded",
            ),
            (direct, text.encode(), "application/sparql-query"),
        ):
            start = time.process_time()
            answer = client.post("/sparql", data=body, content_type=media)
            rows[name].append(f"{time.process_time() - start:.3f} s, {answer.status_code}")
    print_table(["query bytes", *[str(size) for size in sizes]], rows)
    app.extensions["styrgraf"].evaluator.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
