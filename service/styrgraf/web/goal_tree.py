"""The goal tree page's model: the hierarchy from the visions down to the activities, as nodes
with labels, status and the filters a reader can narrow it with (board, area, class, text).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from styrgraf.analysis.coverage import orphans as find_orphans
from styrgraf.analysis.hierarchy import Hierarchy, labels
from styrgraf.analysis.trace import Hop
from styrgraf.analysis.trace import hop as trace_hop
from styrgraf.i18n.words import N_
from styrgraf.model.hierarchy_schema import hierarchy_schema
from styrgraf.sparql.queries import get_query
from styrgraf.vocabulary import SG
from styrgraf.web.service import service

#: The levels the goal tree shows, from the top: the classes of the hierarchy that something
#: contributes to. A class nothing contributes to stands at its edge (focus areas, sub-areas,
#: development plans) and is a filter or a page of its own instead.
TREE_LEVELS = hierarchy_schema().contributed_to


#: The levels open when the tree is first shown (unfiltered): the upper half.
TREE_OPEN = TREE_LEVELS[: len(TREE_LEVELS) // 2]


#: How a status reads at a glance (its words come from the model): good, partial, poor.
STATUS_TONES = {
    "Fulfilled": "good",
    "Completed": "good",
    "PartlyFulfilled": "partial",
    "InProgress": "partial",
    "Planned": "neutral",
    "NotAssessed": "neutral",
    "NotFulfilled": "poor",
    "Postponed": "poor",
    "Cancelled": "poor",
}


#: The filters of the tree: query parameter -> word key of its label.
TREE_FILTERS = (
    ("board", N_("tree.board")),
    ("unit", N_("tree.unit")),
    ("area", N_("tree.area")),
    ("focus", N_("tree.focus")),
)


FILTER_CLASSES = {
    "board": ("Board", "JointBoard", "Council"),
    "unit": ("OrganisationalUnit",),
    "area": ("StrategicArea",),
    "focus": ("FocusArea",),
}
"""The classes a tree filter's value may be of, though nothing in the tree has it."""


def one_of(iri: str, classes: Sequence[str], graphs: Sequence[str]) -> bool:
    """Whether ``iri`` is of one of the ``sg:`` classes named."""
    try:
        node = ox.NamedNode(iri)
    except ValueError:
        return False
    types = " ".join(f"<{SG}{c}>" for c in classes)
    return service().store.ask(
        f"ASK {{ VALUES ?c {{ {types} }} ?node a ?c }}", {"node": node}, graphs
    )


def by_label(choice: tuple[str, str]) -> str:
    return choice[1].lower()


@dataclass
class TreeNode:
    """A node of the goal tree as the page shows it."""

    hop: Hop
    depth: int
    parent: str | None
    area: str | None = None
    focus: list[str] = field(default_factory=list)
    indicators: list[str] = field(default_factory=list)
    status: str | None = None
    children: list[TreeNode] = field(default_factory=list)
    matches: bool = True
    shown: bool = True

    @property
    def kind(self) -> str:
        return str(self.hop["type"] or "").removeprefix(SG)


@dataclass
class GoalTree:
    """The whole goal tree, what it can be filtered by, and the nodes outside it."""

    roots: list[TreeNode]
    choices: dict[str, list[tuple[str, str]]]
    outside: list[dict[str, Any]]
    names: dict[str, str]

    def walk(self) -> Iterable[TreeNode]:
        stack = list(reversed(self.roots))
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))


def goal_tree(lang: str, graphs: Sequence[str]) -> GoalTree:
    """Read the goal tree: the hierarchy beneath each vision, with each node's details."""
    store = service().store
    hierarchy = Hierarchy.from_store(store, graphs=graphs, lang=lang)
    details = store.select(get_query("node-details").text, None, graphs)
    facts: dict[str, dict[str, list[Any]]] = {}
    for row in details:
        if not isinstance(row.get("node"), ox.NamedNode):
            continue
        facts.setdefault(row["node"].value, {}).setdefault(row["what"].value, []).append(row)
    extra = {r["value"].value for r in details if isinstance(r.get("value"), ox.NamedNode)}
    area_classes = (*FILTER_CLASSES["area"], *FILTER_CLASSES["focus"])
    extra |= {i for i, n in hierarchy.nodes.items() if n.kind in area_classes}
    names = labels(store, extra, lang, graphs)

    def status(iri: str) -> str | None:
        found = facts.get(iri, {})
        if found.get("activity-status"):
            return str(found["activity-status"][0]["value"].value)
        assessments = found.get("assessment", [])
        if not assessments:
            return None

        # The latest assessment; of two for the same period, the annual report's.
        def when(row: dict[str, Any]) -> tuple[str, bool]:
            annual = "reportType" in row and row["reportType"].value == SG + "AnnualReport"
            return (row["end"].value if "end" in row else "", annual)

        return str(max(assessments, key=when)["value"].value)

    def grow(
        iri: str,
        depth: int,
        parent: str | None,
        area: str | None,
        focus: list[str],
        seen: frozenset[str],
    ) -> TreeNode:
        node = TreeNode(trace_hop(hierarchy, iri), depth, parent)
        if node.kind in FILTER_CLASSES["area"]:
            area = iri
        own = facts.get(iri, {})
        node.area = area
        node.focus = sorted({*focus, *(r["value"].value for r in own.get("focus-area", []))})
        node.indicators = sorted({r["value"].value for r in own.get("indicator", [])})
        node.status = status(iri)
        for _, source in hierarchy.downward(iri):
            child = hierarchy.nodes.get(source)
            if source in seen or child is None or child.kind not in TREE_LEVELS:
                continue
            node.children.append(grow(source, depth + 1, iri, area, node.focus, seen | {iri}))
        node.children.sort(key=lambda c: (str(c.hop["label"] or "").lower(), c.hop["iri"]))
        return node

    roots = [grow(v, 0, None, None, [], frozenset()) for v in hierarchy.visions()]
    tree = GoalTree(roots, {}, [], {**hierarchy.labels, **names})
    boards = {n.hop["board"]["iri"] for n in tree.walk() if n.hop["board"]}
    units = {u["iri"] for n in tree.walk() for u in n.hop["units"]}
    areas = {n.area for n in tree.walk() if n.area}
    focus = {i for i, n in hierarchy.nodes.items() if n.kind in FILTER_CLASSES["focus"]}

    def choices(iris: set[str]) -> list[tuple[str, str]]:
        return sorted(((i, tree.names.get(i, i)) for i in iris), key=lambda c: c[1].lower())

    tree.choices = {
        "board": choices(boards),
        "unit": choices(units),
        "area": choices(areas),
        "focus": choices(focus),
    }
    listed = {n.hop["iri"] for n in tree.walk()}
    tree.outside = [
        {**trace_hop(hierarchy, f.iri), "reason": f.reason}
        for f in find_orphans(hierarchy)
        if f.iri not in listed
    ]
    return tree


def narrow(tree: GoalTree, chosen: dict[str, str], text: str) -> None:
    """Mark each node: whether it matches the filters, and whether it is shown (it matches,
    lies beneath a match, or leads to one)."""
    words = text.casefold().split()

    def matches(node: TreeNode) -> bool:
        hop = node.hop
        board = hop["board"]["iri"] if hop["board"] else None
        units = [u["iri"] for u in hop["units"]]
        label = str(hop["label"] or "").casefold()
        return (
            chosen.get("board") in (None, board)
            and ("unit" not in chosen or chosen["unit"] in units)
            and chosen.get("area") in (None, node.area)
            and ("focus" not in chosen or chosen["focus"] in node.focus)
            and all(w in label for w in words)
        )

    def mark(node: TreeNode, above: bool) -> bool:
        node.matches = matches(node)
        beneath = [mark(child, above or node.matches) for child in node.children]
        node.shown = above or node.matches or any(beneath)
        return node.shown

    for top in tree.roots:
        mark(top, False)
