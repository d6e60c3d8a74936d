"""Example models for the shapes: each file in data/valid and data/invalid is a change to base.ttl.

An example is a TriG file. Its default graph holds triples to add to the base model; the graph
``<urn:example:remove>`` holds triples to take out of it. Comment lines say what validation must
report, using the file's prefixes:

    # expect: <source shape> <focus node> [<result path>]
    # expect-warning: <source shape> <focus node> [<result path>]

The findings must be exactly those: every expected one, and nothing else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef

from styrgraf.model.load import read_dataset, read_graph

DATA = Path(__file__).parent / "data"
REMOVE = URIRef("urn:example:remove")
_PREFIX = re.compile(r"^@prefix\s+([\w-]*):\s*<([^>]*)>\s*\.", re.MULTILINE)
_EXPECT = re.compile(r"^#\s*(expect|expect-warning):\s*(.+)$", re.MULTILINE)

Expected = tuple[str, str, str | None]


@dataclass
class Example:
    path: Path
    graph: Graph
    violations: set[Expected]
    warnings: set[Expected]


def _expand(name: str, prefixes: dict[str, str]) -> str:
    if name.startswith("<") and name.endswith(">"):
        return name[1:-1]
    prefix, _, local = name.partition(":")
    if prefix not in prefixes:
        raise ValueError(f"unknown prefix in expectation: {name}")
    return prefixes[prefix] + local


def load_example(path: Path, base: Graph) -> Example:
    """The base model with the example's change applied, and what it must raise."""
    text = path.read_text(encoding="utf-8")
    prefixes = dict(_PREFIX.findall(text))
    expected: dict[str, set[Expected]] = {"expect": set(), "expect-warning": set()}
    for kind, rest in _EXPECT.findall(text):
        parts = rest.split()
        if len(parts) not in (2, 3):
            raise ValueError(f"{path}: an expectation names a shape, a focus node and maybe a path")
        shape, focus = (_expand(p, prefixes) for p in parts[:2])
        result_path = _expand(parts[2], prefixes) if len(parts) == 3 else None
        expected[kind].add((shape, focus, result_path))
    change = read_dataset([path])
    graph = Graph()
    for triple in base:
        graph.add(triple)
    removals = change.graph(REMOVE)
    for triple in removals:
        if triple not in graph:
            raise ValueError(f"{path}: removes a triple the base model does not have: {triple}")
        graph.remove(triple)
    for s, p, o, g in change.quads((None, None, None, None)):
        if g != REMOVE and (s, p, o) not in removals:
            graph.add((s, p, o))
    return Example(path, graph, expected["expect"], expected["expect-warning"])


def base_graph() -> Graph:
    return read_graph([DATA / "base.ttl"])


def example_files(kind: str) -> list[Path]:
    return sorted((DATA / kind).glob("*.trig"))
