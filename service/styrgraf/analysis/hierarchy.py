"""The goal hierarchy as a networkx graph: paths to the vision, trees, impact, orphans, GraphML.

The hierarchy is read from the store with the named queries ``hierarchy`` (or ``trace-edges`` /
``tree-edges`` around one node), ``node-context`` and ``labels``. An upward link *holds* when it
leads to a node of the class the link is for (an aktivitet's ``sg:partOfPlan`` to a
handlingsplan, a nämndsmål's ``sg:supports`` to an övergripande mål, ...); only links that hold
make a path to the vision. A link to anything else is broken: it is kept in the graph so that a
trace or an orphan finding can say where the path breaks. Which classes the hierarchy has, in
what order, and which link leads from which class to which, the vocabulary says
(:mod:`styrgraf.model.hierarchy_schema`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from typing import IO, Any, TypedDict

import networkx as nx
import pyoxigraph as ox

from styrgraf.i18n.languages import label_rank
from styrgraf.model.bundled import ontology_files
from styrgraf.model.hierarchy_schema import hierarchy_schema
from styrgraf.sparql.queries import Term, get_query
from styrgraf.store.base import Row, Store
from styrgraf.vocabulary import PREFIXES, SG

_ROOT = "urn:styrgraf:root"
_FEW = 500


class Direction(StrEnum):
    """Which way to follow the hierarchy from a node (the value is its name on the wire).

    >>> Direction("down") is Direction.DOWN, f"{Direction.UP}"
    (True, 'up')
    """

    UP = "up"
    """Up to the vision: every path from the node, or where the path breaks."""
    DOWN = "down"
    """Down: everything that contributes to the node, as a tree."""
    IMPACT = "impact"
    """What would no longer reach the vision were the node withdrawn."""


class Named(TypedDict):
    """A resource as an answer names it: its IRI and its label (None when it has none)."""

    iri: str
    label: str | None


@dataclass
class Node:
    """One node of the hierarchy: what it is, its label, and whose it is."""

    iri: str
    type: str | None
    type_label: str | None = None
    label: str | None = None
    board: str | None = None
    label_lang: str | None = None
    units: list[str] = field(default_factory=list)

    @property
    def kind(self) -> str | None:
        """The local name of the class (``BoardGoal``), or None for an unknown node."""
        return self.type.removeprefix(SG) if self.type else None


class Hierarchy:
    """Nodes and upward links, with what holds and what reaches the vision worked out."""

    def __init__(self, lang: str = "sv") -> None:
        self.lang = lang
        self.graph: nx.MultiDiGraph = nx.MultiDiGraph()
        self.nodes: dict[str, Node] = {}
        self.labels: dict[str, str] = {}
        self._reaching: set[str] | None = None
        self._dominators: nx.DiGraph | None = None

    # --- reading ---

    @classmethod
    def from_store(
        cls,
        store: Store,
        *,
        graphs: Sequence[str] | None = None,
        lang: str = "sv",
        around: str | None = None,
        direction: Direction = Direction.UP,
    ) -> Hierarchy:
        """Read the hierarchy over ``graphs`` (None: every graph), labelled in ``lang``: all of
        it, or only what lies above (:attr:`Direction.UP`) or below (:attr:`Direction.DOWN`)
        the node ``around``."""
        hierarchy = cls(lang)
        if around is None:
            edges = store.select(get_query("hierarchy").text, graphs=graphs)
        else:
            if direction is Direction.IMPACT:
                raise ValueError("the impact of a node needs the whole hierarchy: give no around")
            name = "trace-edges" if direction is Direction.UP else "tree-edges"
            edges = store.select(get_query(name).text, {"node": ox.NamedNode(around)}, graphs)
        hierarchy._add_edges(edges)
        scope: dict[str, Any] = {}
        if around is not None:
            wanted = (
                {around} | {key(r["source"]) for r in edges} | {key(r["target"]) for r in edges}
            )
            scope["node"] = bindable(wanted)
        # Several small queries rather than one with many OPTIONALs: each stays an index
        # lookup per node, where Oxigraph would evaluate an OPTIONAL over every node.
        hierarchy._add_types(store.select(get_query("node-types").text, scope, graphs))
        if around is not None and around not in hierarchy.nodes:
            hierarchy.graph.add_node(around)
        for row in store.select(get_query("node-units").text, scope, graphs):
            node = hierarchy.nodes.get(key(row["node"]))
            if node is not None and key(row["unit"]) not in node.units:
                node.units.append(key(row["unit"]))
        for node in hierarchy.nodes.values():
            node.units.sort()
        goals = hierarchy_schema().kinds_under(SG + "Goal")
        for row in store.select(get_query("goal-owners").text, scope, graphs):
            node = hierarchy.nodes.get(key(row["node"]))
            if node is not None and node.kind in goals:
                board = key(row["board"])
                node.board = min(node.board, board) if node.board else board
        hierarchy._add_unit_boards(store, graphs)
        labelled = set(hierarchy.nodes)
        labelled |= {n.board for n in hierarchy.nodes.values() if n.board}
        labelled |= {u for n in hierarchy.nodes.values() for u in n.units}
        literals = label_literals(store, labelled, lang, graphs)
        names = {iri: literal.value for iri, literal in literals.items()}
        types = class_labels(lang)
        for iri, node in hierarchy.nodes.items():
            node.label = names.get(iri)
            node.label_lang = literals[iri].language if iri in literals else None
            node.type_label = types.get(node.kind or "")
        hierarchy.labels = {
            i: names[i] for i in labelled if i in names and i not in hierarchy.nodes
        }
        return hierarchy

    def _add_unit_boards(self, store: Store, graphs: Sequence[str] | None) -> None:
        """What lies beneath the goals (a plan, an activity, a development plan) belongs to the
        board of its unit."""
        schema = hierarchy_schema()
        lowest = max(schema.rank(goal) for goal in schema.kinds_under(SG + "Goal"))
        kinds = schema.classes[lowest + 1 :]
        needing = [n for n in self.nodes.values() if n.kind in kinds and n.board is None]
        units = sorted({u for n in needing for u in n.units})
        if not units:
            return
        scope = {"unit": bindable(units)} if all(_is_iri(u) for u in units) else {}
        rows = store.select(get_query("unit-boards").text, scope, graphs)
        boards: dict[str, str] = {}
        for row in sorted(rows, key=lambda r: (key(r["unit"]), key(r["board"]))):
            boards.setdefault(key(row["unit"]), key(row["board"]))
        for node in needing:
            found = sorted(boards[u] for u in node.units if u in boards)
            node.board = found[0] if found else None

    def _add_edges(self, rows: Iterable[Row]) -> None:
        for row in rows:
            source, link, target = row["source"], row["link"], row["target"]
            if isinstance(source, ox.Literal):
                continue
            self.graph.add_edge(key(source), key(target), key=link.value.removeprefix(SG))

    def _add_types(self, rows: Iterable[Row]) -> None:
        schema = hierarchy_schema()
        for row in rows:
            iri, kind = key(row["node"]), row["type"].value.removeprefix(SG)
            node = self.nodes.get(iri)
            if node is None or schema.rank(kind) < schema.rank(node.kind or kind):
                self.nodes[iri] = Node(iri, SG + kind)
                self.graph.add_node(iri)
        self._reaching = None
        self._dominators = None

    # --- structure ---

    def holds(self, source: str, link: str, target: str) -> bool:
        """Whether an upward link leads to a node of the class it is for."""
        node, above = self.nodes.get(source), self.nodes.get(target)
        if node is None or above is None or node.kind is None or above.kind is None:
            return False
        return hierarchy_schema().holds(node.kind, link, above.kind)

    def upward(self, iri: str) -> list[tuple[str, str]]:
        """(link, target) for every upward link of a node that holds, sorted."""
        if iri not in self.graph:
            return []
        return sorted(
            (link, target)
            for _, target, link in self.graph.out_edges(iri, keys=True)
            if self.holds(iri, link, target)
        )

    def downward(self, iri: str) -> list[tuple[str, str]]:
        """(link, source) for every upward link that holds and leads to this node, sorted."""
        if iri not in self.graph:
            return []
        return sorted(
            (link, source)
            for source, _, link in self.graph.in_edges(iri, keys=True)
            if self.holds(source, link, iri)
        )

    def visions(self) -> list[str]:
        """The nodes at the top of the hierarchy (of a class with no upward link: the vision)."""
        top = hierarchy_schema().top
        return sorted(i for i, n in self.nodes.items() if n.kind in top)

    def held(self, without: str | None = None) -> nx.DiGraph:
        """The links that hold, as a plain digraph (optionally with one node withdrawn)."""
        graph: nx.DiGraph = nx.DiGraph()
        graph.add_nodes_from(i for i in self.nodes if i != without)
        for source, target, link in self.graph.edges(keys=True):
            if without not in (source, target) and self.holds(source, link, target):
                graph.add_edge(source, target)
        return graph

    def reaching(self) -> set[str]:
        """The nodes that have a path to a vision over links that hold (visions included)."""
        if self._reaching is None:
            self._reaching = _reaching(self.held(), self.visions())
        return self._reaching

    def paths(self, iri: str) -> list[list[str]]:
        """Every path from the node up to a vision over links that hold, in a stable order."""
        if iri not in self.nodes:
            return []
        graph = self.held()
        found: list[list[str]] = []
        for vision in self.visions():
            if iri == vision:
                found.append([iri])
            elif nx.has_path(graph, iri, vision):
                found.extend(nx.all_simple_paths(graph, iri, vision))
        return sorted(found, key=lambda path: (len(path), path))

    def impact(self, iri: str) -> list[str]:
        """The nodes that reach a vision now and would not if ``iri`` were withdrawn.

        These are the nodes ``iri`` dominates: every path they have to a vision passes through
        it. The dominator tree gives them all at once (Cooper, Harvey and Kennedy's algorithm in
        networkx), instead of one reachability search per withdrawn node.
        """
        tree = self._dominator_tree()
        return sorted(nx.descendants(tree, iri)) if iri in tree else []

    def load_bearing(self, top: int = 10) -> list[tuple[str, int]]:
        """The goals and plans whose withdrawal would orphan the most nodes, most first: of the
        classes under ``sg:Goal`` or ``prov:Plan``, those something contributes to."""
        schema = hierarchy_schema()
        kinds = set(schema.kinds_under(SG + "Goal", PREFIXES["prov"] + "Plan"))
        kinds &= set(schema.contributed_to)
        tree = self._dominator_tree()
        ranked = [
            (iri, len(nx.descendants(tree, iri)))
            for iri, node in self.nodes.items()
            if node.kind in kinds and iri in tree
        ]
        ranked.sort(key=lambda item: (-item[1], item[0]))
        return ranked[:top]

    def _dominator_tree(self) -> nx.DiGraph:
        if self._dominators is None:
            downward: nx.DiGraph = self.held().reverse(copy=True)
            downward.add_node(_ROOT)
            downward.add_edges_from((_ROOT, vision) for vision in self.visions())
            tree: nx.DiGraph = nx.DiGraph()
            tree.add_node(_ROOT)
            for node, dominator in nx.immediate_dominators(downward, _ROOT).items():
                if node != dominator:
                    tree.add_edge(dominator, node)
            self._dominators = tree
        return self._dominators

    def cycles(self) -> list[list[str]]:
        """Every cycle of upward links (whatever the links lead to), each from its least IRI."""
        simple: nx.DiGraph = nx.DiGraph(self.graph)
        found = []
        for cycle in nx.simple_cycles(simple):
            start = cycle.index(min(cycle))
            found.append(cycle[start:] + cycle[:start])
        return sorted(found)

    # --- export ---

    def write_graphml(self, stream: IO[bytes]) -> None:
        """The hierarchy as GraphML (for Gephi or yEd): nodes with type, label, board, unit."""
        graph: nx.DiGraph = nx.DiGraph()
        reaching = self.reaching()
        for iri, node in sorted(self.nodes.items()):
            graph.add_node(
                iri,
                label=node.label or iri,
                type=node.kind or "",
                type_label=node.type_label or "",
                board=node.board or "",
                board_label=self.labels.get(node.board or "", ""),
                units=" ".join(node.units),
                reaches_vision=iri in reaching,
            )
        for source, target, link in sorted(self.graph.edges(keys=True)):
            if source in self.nodes and target in self.nodes:
                graph.add_edge(source, target, link=link, holds=self.holds(source, link, target))
        nx.write_graphml(graph, stream, encoding="utf-8", prettyprint=True)


def key(term: Term) -> str:
    """How a term is named in the hierarchy: an IRI as itself, a blank node as ``_:id``, a
    literal (where a link wrongly points at one) in its N-Triples form, so none collide.

    >>> key(ox.NamedNode("https://example.org/a")), key(ox.BlankNode("b1")), key(ox.Literal("a"))
    ('https://example.org/a', '_:b1', '"a"')
    """
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return str(term)


def bindable(keys: Iterable[str]) -> list[ox.NamedNode]:
    """The IRIs among node keys, as terms a VALUES block can hold (blank nodes cannot).

    >>> bindable(["https://example.org/b", "_:b1", "https://example.org/a"])
    [<NamedNode value=https://example.org/a>, <NamedNode value=https://example.org/b>]
    """
    return [ox.NamedNode(k) for k in sorted(set(keys)) if _is_iri(k)]


def _is_iri(name: str) -> bool:
    return not name.startswith(("_:", '"'))


def labels(
    store: Store, iris: Iterable[str], lang: str, graphs: Sequence[str] | None = None
) -> dict[str, str]:
    """The label of each resource that best suits ``lang`` (the rule of
    :func:`styrgraf.i18n.languages.label_rank`: ``sv`` for ``sv-SE``)."""
    return {node: label.value for node, label in label_literals(store, iris, lang, graphs).items()}


def label_literals(
    store: Store, iris: Iterable[str], lang: str, graphs: Sequence[str] | None = None
) -> dict[str, ox.Literal]:
    """As :func:`labels`, keeping each label's language tag."""
    nodes = sorted(set(iris))
    if not nodes:
        return {}
    # A long VALUES list costs more than reading every label and keeping the wanted ones, and
    # a blank node cannot be named in VALUES at all.
    few = len(nodes) <= _FEW and all(_is_iri(n) for n in nodes)
    rows = store.select(get_query("labels").text, {"node": bindable(nodes)} if few else {}, graphs)
    wanted = set(nodes)
    found: dict[str, list[ox.Literal]] = {}
    for row in rows:
        label, node = row["label"], key(row["node"])
        if isinstance(label, ox.Literal) and node in wanted:
            found.setdefault(node, []).append(label)
    return {iri: _pick(values, lang) for iri, values in found.items()}


def _pick(values: list[ox.Literal], lang: str) -> ox.Literal:
    return min(values, key=lambda literal: (label_rank(literal.language, lang), literal.value))


@cache
def class_labels(lang: str) -> dict[str, str]:
    """The vocabulary's label of each sg: class that best suits ``lang`` (as :func:`labels`)."""
    found: dict[str, list[ox.Literal]] = {}
    for path in ontology_files():
        for quad in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
            subject, obj = quad.subject, quad.object
            if (
                quad.predicate.value == "http://www.w3.org/2000/01/rdf-schema#label"
                and isinstance(subject, ox.NamedNode)
                and subject.value.startswith(SG)
                and isinstance(obj, ox.Literal)
            ):
                found.setdefault(subject.value.removeprefix(SG), []).append(obj)
    return {name: _pick(values, lang).value for name, values in found.items()}


def _reaching(graph: nx.DiGraph, visions: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for vision in visions:
        if vision in graph:
            found.add(vision)
            found |= nx.ancestors(graph, vision)
    return found
