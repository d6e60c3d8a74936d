"""Trace: from a node up to the vision, the tree beneath a node, and the impact of withdrawing it.

Each result is plain JSON-ready data in the shapes the API uses: a *hop* is
``{"iri", "type", "type_label", "label", "board", "units", "link"}``, where ``board`` is
``{"iri", "label"}`` or None, ``units`` a list of those, and ``link`` the upward link (``sg:…``)
that leads on to the next hop (None on the last).

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
from typing import Any

import pyoxigraph as ox

from styrgraf.analysis.coverage import orphans as find_orphans
from styrgraf.analysis.hierarchy import Direction, Hierarchy
from styrgraf.store.base import Store


class NodeError(Exception):
    """The IRI is not a node of the goal hierarchy (or names nothing at all)."""


def hop(hierarchy: Hierarchy, iri: str, link: str | None = None) -> dict[str, Any]:
    """One node as it appears on a path or in a tree."""
    node = hierarchy.nodes.get(iri)
    if node is None:
        return {
            "iri": iri,
            "type": None,
            "type_label": None,
            "label": None,
            "board": None,
            "units": [],
            "link": link,
        }
    board = {"iri": node.board, "label": hierarchy.labels.get(node.board)} if node.board else None
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
) -> dict[str, Any]:
    """Every path from the node up to a vision; when there is none, where the path breaks.

    ``{"start": IRI, "node": hop, "paths": [[hop, …, vision], …], "reaches_vision": bool,
    "break": finding or None}``
    """
    _valid(iri)
    hierarchy = Hierarchy.from_store(store, graphs=graphs, lang=lang, around=iri)
    _check(store, hierarchy, iri, graphs)
    paths = []
    for path in hierarchy.paths(iri):
        hops = []
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
) -> dict[str, Any]:
    """Everything under a node, as a tree: ``{hop…, "children": [{hop…, "children"}, …]}``.

    A node that contributes along several links appears under each; ``link`` on a child is its
    link up to the parent.
    """
    _valid(iri)
    hierarchy = Hierarchy.from_store(
        store, graphs=graphs, lang=lang, around=iri, direction=Direction.DOWN
    )
    _check(store, hierarchy, iri, graphs)

    def grow(current: str, link: str | None, ancestors: frozenset[str]) -> dict[str, Any]:
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
) -> dict[str, Any]:
    """What would be orphaned if the node were withdrawn: ``{"node": hop, "orphaned": [hop…]}``."""
    _valid(iri)
    hierarchy = Hierarchy.from_store(store, graphs=graphs, lang=lang)
    _check(store, hierarchy, iri, graphs)
    orphaned = [hop(hierarchy, i) for i in hierarchy.impact(iri)]
    orphaned.sort(key=lambda h: (h["type"] or "", h["label"] or "", h["iri"]))
    return {"node": hop(hierarchy, iri), "orphaned": orphaned}


DIRECTIONS: dict[Direction, Callable[..., dict[str, Any]]] = {
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
) -> dict[str, Any]:
    """:func:`trace`, :func:`tree` or :func:`impact` of the node, as ``direction`` says."""
    return DIRECTIONS[Direction(direction)](store, iri, graphs=graphs, lang=lang)
