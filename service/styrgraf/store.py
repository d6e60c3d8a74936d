"""The embedded store: pyoxigraph, in memory or persisted in a directory.

Every model lives in its own named graph. Loading parses every file completely first (see
:mod:`styrgraf.load`), stages the quads in fresh graphs, and then moves them over the target
graphs in one SPARQL Update, which Oxigraph applies as one transaction: a reader sees the old
graph or the new one, never half of either, and a file that does not parse changes nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from pathlib import Path

import pyoxigraph as ox

from styrgraf.load import InputError, expand_paths, format_for, parse_files

_STAGING = "urn:styrgraf:staging:"


class EmbeddedStore:
    """A pyoxigraph store: in memory when ``path`` is None, else persisted in that directory."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else None
        if self.path is not None:
            self.path.mkdir(parents=True, exist_ok=True)
        self._store = ox.Store(str(self.path)) if self.path is not None else ox.Store()

    def named_graphs(self) -> list[str]:
        """The IRIs of the named graphs, sorted, staging graphs left out."""
        return sorted(
            g.value
            for g in self._store.named_graphs()
            if isinstance(g, ox.NamedNode) and not g.value.startswith(_STAGING)
        )

    def graph_size(self, graph: str) -> int:
        """How many triples the named graph holds."""
        return sum(1 for _ in self._store.quads_for_pattern(None, None, None, _graph_node(graph)))

    def load(self, paths: Iterable[str | Path], graph: str | None = None) -> dict[str, int]:
        """Load files, replacing each graph they fill; returns the triple count per graph.

        Triples in a file's default graph go to ``graph`` (required when there are any); the
        named graphs of TriG and N-Quads files keep their names. Nothing is written unless every
        file parses.
        """
        files = expand_paths(paths)
        incoming: dict[str, list[ox.Triple]] = {}
        for quad in parse_files(files):
            if isinstance(quad.graph_name, ox.DefaultGraph):
                if graph is None:
                    plain = [str(f) for f in files if not format_for(f).supports_datasets]
                    raise InputError(
                        ", ".join(plain) or str(files[0]),
                        "has triples outside a named graph: name the graph to load them into",
                    )
                target = graph
            else:
                target = quad.graph_name.value
            incoming.setdefault(target, []).append(quad.triple)
        return self.replace_graphs(incoming)

    def replace_graphs(self, graphs: Mapping[str, Iterable[ox.Triple]]) -> dict[str, int]:
        """Replace each named graph with the given triples, all graphs in one transaction."""
        staged: list[ox.NamedNode] = []
        operations: list[str] = []
        counts: dict[str, int] = {}
        try:
            for name, triples in graphs.items():
                target = _graph_node(name)
                staging = ox.NamedNode(f"{_STAGING}{uuid.uuid4()}")
                quads = [ox.Quad(t.subject, t.predicate, t.object, staging) for t in triples]
                counts[name] = len(quads)
                # The IRIs are written in the update as checked N-Triples terms, never as raw
                # text, so a graph name cannot smuggle in another operation.
                if quads:
                    self._store.extend(quads)
                    staged.append(staging)
                    operations.append(f"MOVE SILENT GRAPH {staging} TO GRAPH {target}")
                else:
                    operations.append(f"DROP SILENT GRAPH {target}")
            if operations:
                self._store.update(" ;\n".join(operations))
        except BaseException:
            for staging in staged:
                self._store.remove_graph(staging)
            raise
        return counts

    def drop(self, graph: str) -> None:
        """Remove a named graph and everything in it."""
        node = _graph_node(graph)
        if self._store.contains_named_graph(node):
            self._store.remove_graph(node)

    def query(
        self, sparql: str, bindings: Mapping[str, ox.NamedNode | ox.Literal] | None = None
    ) -> object:
        """Run a SPARQL query over the union of the named graphs, with variables pre-bound.

        The bound variables are values, never spliced into the text; pyoxigraph requires each of
        them to be in the SELECT projection.
        """
        substitutions: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {
            ox.Variable(k): v for k, v in (bindings or {}).items()
        }
        return self._store.query(
            sparql, substitutions=substitutions, use_default_graph_as_union=True
        )

    def flush(self) -> None:
        """Write everything to disk (a persisted store); a no-op in memory."""
        if self.path is not None:
            self._store.flush()


def _graph_node(name: str) -> ox.NamedNode:
    """A graph name as an IRI, or a clear error if it is not one."""
    try:
        return ox.NamedNode(name)
    except ValueError as error:
        raise InputError(name, f"not a valid graph IRI: {error}") from None
