"""Trace: from a node up to the vision, the tree beneath a node, and the impact of withdrawing it.

Each result is plain JSON-ready data in the shapes the API answers with, defined here: a
:class:`Hop` is one node with its board and units and ``link``, the upward link (``sg:…``) that
leads on to the next hop (None on the last); a :class:`Trace`, a :class:`TreeNode` and an
:class:`Impact` are made of hops.

Each function takes the store first, the node second, and its options by keyword: ``graphs``
(None: every graph) and ``lang`` (the language of the labels, ``sv`` or ``en``).

>>> from styrgraf.model.bundled import sample_data_files
>>> from styrgraf.store import open_store
>>> store = open_store()
>>> loaded = store.load(sample_data_files(), file_graphs=True)
>>> activity = "https://w3id.org/styrgraf/ljungby/id/akt-2021-hr-1"
>>> up = trace(store, activity, lang="en")
>>> [hop["type_label"] for hop in up["paths"][0]]
['activity', 'action plan', 'board goal', 'overarching goal', 'strategic area', 'vision']
>>> [hop["link"] for hop in up["paths"][0]][:2]
['sg:partOfPlan', 'sg:realises']
>>> follow(store, activity, Direction.IMPACT)["orphaned"]
[]
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypedDict

import pyoxigraph as ox

from styrgraf.analysis.coverage import orphans as find_orphans
from styrgraf.analysis.coverage_shapes import CoverageFinding
from styrgraf.analysis.hierarchy import Direction, Hierarchy, Named
from styrgraf.store.base import Store


class Hop(TypedDict):
    """One node on a path or in a tree: what it is, whose it is, and the upward link (``sg:…``)
    that leads on from it (None on the last hop). The type and labels are None for a node that
    is not in the goal hierarchy."""

    iri: str
    type: str | None
    type_label: str | None
    label: str | None
    label_lang: str | None
    board: Named | None
    units: list[Named]
    link: str | None


class TreeNode(Hop):
    """A node and everything beneath it; a child's ``link`` is its link up to the parent."""

    children: list[TreeNode]


# ``break`` is a keyword, so the key is declared in the functional form.
_Broken = TypedDict("_Broken", {"break": CoverageFinding | None})


class Trace(_Broken):
    """Every path from a node up to a vision; when there is none, where the path breaks."""

    start: str
    node: Hop
    paths: list[list[Hop]]
    reaches_vision: bool


class Impact(TypedDict):
    """What would be orphaned if the node were withdrawn."""

    node: Hop
    orphaned: list[Hop]


class NodeError(Exception):
    """The IRI is not a node of the goal hierarchy (or names nothing at all)."""


def hop(hierarchy: Hierarchy, iri: str, link: str | None = None) -> Hop:
    """One node as it appears on a path or in a tree."""
    node = hierarchy.nodes.get(iri)
    if node is None:
        return {
            "iri": iri,
            "type": None,
            "type_label": None,
            "label": None,
            "label_lang": None,
            "board": None,
            "units": [],
            "link": link,
        }
    board: Named | None = None
    if node.board:
        board = {"iri": node.board, "label": hierarchy.labels.get(node.board)}
    return {
        "iri": iri,
        "type": node.type,
        "type_label": node.type_label,
        "label": node.label,
        "label_lang": node.label_lang,
        "board": board,
        "units": [{"iri": u, "label": hierarchy.labels.get(u)} for u in node.units],
        "link": link,
    }


def _valid(iri: str) -> None:
    try:
        ox.NamedNode(iri)
    except ValueError:
        raise NodeError(f"{iri!r} is not a valid IRI") from None
    if ":" not in iri:
        raise NodeError(f"{iri!r} is not a valid IRI: it must be absolute")


def _check(store: Store, hierarchy: Hierarchy, iri: str, graphs: Sequence[str] | None) -> None:
    if iri in hierarchy.nodes:
        return
    node = ox.NamedNode(iri)
    exists = store.ask("ASK { { ?node ?p ?o } UNION { ?s ?p ?node } }", {"node": node}, graphs)
    if exists:
        raise NodeError(
            f"<{iri}> is not a node of the goal hierarchy (a vision, focus area, strategic area, "
            "goal, plan, activity or development plan)"
        )
    raise NodeError(f"<{iri}> is not in the model")


def trace(
    store: Store, iri: str, *, graphs: Sequence[str] | None = None, lang: str = "sv"
) -> Trace:
    """Every path from the node up to a vision; when there is none, where the path breaks."""
    _valid(iri)
    hierarchy = Hierarchy.from_store(store, graphs=graphs, lang=lang, around=iri)
    _check(store, hierarchy, iri, graphs)
    paths: list[list[Hop]] = []
    for path in hierarchy.paths(iri):
        hops: list[Hop] = []
        for position, current in enumerate(path):
            link = None
            if position + 1 < len(path):
                link = next(
                    f"sg:{name}"
                    for name, target in hierarchy.upward(current)
                    if target == path[position + 1]
                )
            hops.append(hop(hierarchy, current, link))
        paths.append(hops)
    broken = None
    if not paths:
        broken = next(f.to_json() for f in find_orphans(hierarchy) if f.iri == iri)
    return {
        "start": iri,
        "node": hop(hierarchy, iri),
        "paths": paths,
        "reaches_vision": bool(paths),
        "break": broken,
    }


def tree(
    store: Store, iri: str, *, graphs: Sequence[str] | None = None, lang: str = "sv"
) -> TreeNode:
    """Everything under a node, as a tree of :class:`TreeNode`.

    A node that contributes along several links appears under each; ``link`` on a child is its
    link up to the parent.
    """
    _valid(iri)
    hierarchy = Hierarchy.from_store(
        store, graphs=graphs, lang=lang, around=iri, direction=Direction.DOWN
    )
    _check(store, hierarchy, iri, graphs)

    def grow(current: str, link: str | None, ancestors: frozenset[str]) -> TreeNode:
        children = [
            grow(source, f"sg:{name}", ancestors | {current})
            for name, source in hierarchy.downward(current)
            if source not in ancestors
        ]
        children.sort(key=lambda child: (child["type"] or "", child["label"] or "", child["iri"]))
        return {**hop(hierarchy, current, link), "children": children}

    return grow(iri, None, frozenset())


def impact(
    store: Store, iri: str, *, graphs: Sequence[str] | None = None, lang: str = "sv"
) -> Impact:
    """What would be orphaned if the node were withdrawn."""
    _valid(iri)
    hierarchy = Hierarchy.from_store(store, graphs=graphs, lang=lang)
    _check(store, hierarchy, iri, graphs)
    orphaned = [hop(hierarchy, i) for i in hierarchy.impact(iri)]
    orphaned.sort(key=lambda h: (h["type"] or "", h["label"] or "", h["iri"]))
    return {"node": hop(hierarchy, iri), "orphaned": orphaned}


DIRECTIONS: dict[Direction, Callable[..., Trace | TreeNode | Impact]] = {
    Direction.UP: trace,
    Direction.DOWN: tree,
    Direction.IMPACT: impact,
}
"""The ways to follow a node: up to the vision, down to its activities, and what would be
orphaned were it withdrawn."""


def follow(
    store: Store,
    iri: str,
    direction: Direction,
    *,
    graphs: Sequence[str] | None = None,
    lang: str = "sv",
) -> Trace | TreeNode | Impact:
    """:func:`trace`, :func:`tree` or :func:`impact` of the node, as ``direction`` says."""
    return DIRECTIONS[Direction(direction)](store, iri, graphs=graphs, lang=lang)
