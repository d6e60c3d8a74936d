"""What a correct coverage check finds in a generated municipality: the generator's oracle.

This module is deliberately independent of :mod:`styrgraf.analysis`. The coverage check
(:mod:`styrgraf.analysis.coverage`) finds orphans with a networkx graph of the hierarchy and
uncovered goals with the named SPARQL query ``uncovered``; the oracle walks the generator's own
statements in plain Python dictionaries, with its own table of upward links and hierarchy
classes, and shares nothing with the analysis but the reason codes, which are the contract
between the two. The tests compare the check's findings with the oracle's on models the check
has never seen; an oracle that called the analysis code would compare that code with itself and
prove nothing, and a bug in it would be written into the manifest as the expected answer. Keep
it apart: when the rules of coverage change, change them here too, from what the rules say, not
from the analysis code (see docs/generator.md).

The oracle computes its findings by walking the graphs as written, not from a log of what was
planted, so a defect planted differently than intended is still reported as it is:

- ``orphan``: a hierarchy node (FocusArea, StrategicArea, StrategicSubArea, OverarchingGoal,
  BoardGoal, ActionPlan, Activity, DevelopmentPlan) with no path of upward links to an sg:Vision.
  ``reason`` says how its chain breaks: ``cycle`` (its upward links lead into a cycle, whatever
  the classes of the nodes on it), else ``broken-link`` (a node's upward link leads to something
  that is not a node of the class the link is for) or ``missing-link`` (a node has no upward link
  at all). ``at`` is the node where the chain breaks (for a cycle its least IRI) and ``link`` the
  CURIE of the broken or missing property (null for a cycle). An orphan with more than one break
  is an error of the generator: its defects are placed so that each orphan has one.
- ``uncovered``: ``no-board-goal``, ``no-plan``, ``no-activity``, ``no-indicator``, ``no-target``,
  ``no-goal-in-area`` and ``too-many-goals-in-area`` (with ``area``), ``unit-not-covered``,
  ``focus-area-not-addressed``. Only nodes that still reach the vision are judged; boards and
  units, which are not in the hierarchy, are always judged.

A finding's ``graph`` is the named graph its node is typed in (the private one for development
plans); reachability is judged over a municipality's public and private graphs together.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from styrgraf.analysis.coverage import ORPHAN_REASONS, UNCOVERED_REASONS
from styrgraf.generator.graph import ORG, TYPE, Graph, predicate
from styrgraf.vocabulary import SG

# Each upward link and the class it leads to; each hierarchy class and the link it should have.
UPWARD = {
    "servesVision": "Vision",
    "subAreaOf": "StrategicArea",
    "inStrategicArea": "StrategicArea",
    "supports": "OverarchingGoal",
    "realises": "BoardGoal",
    "partOfPlan": "ActionPlan",
    "supportsGoal": "BoardGoal",
    "supportsActivity": "Activity",
}
HIERARCHY = {
    "FocusArea": "servesVision",
    "StrategicArea": "servesVision",
    "StrategicSubArea": "subAreaOf",
    "OverarchingGoal": "inStrategicArea",
    "BoardGoal": "supports",
    "ActionPlan": "realises",
    "Activity": "partOfPlan",
    "DevelopmentPlan": "supportsGoal",
}
# The reason codes are the coverage check's contract; the manifest uses the same ones.
REASONS = {"orphan": ORPHAN_REASONS, "uncovered": UNCOVERED_REASONS}


class Index:
    """The statements of one municipality's graphs, indexed for walking (terms as text)."""

    def __init__(self, graphs: list[Graph]) -> None:
        self.out: dict[tuple[str, str], list[str]] = defaultdict(list)
        self.into: dict[tuple[str, str], list[str]] = defaultdict(list)
        self.home: dict[str, str] = {}  # node → the graph it is typed in
        self.above_cache: dict[str, set[str]] = {}
        for graph in graphs:
            for s, statements in graph.nodes.items():
                for p, o in statements:
                    self.out[s, p].append(o.value)
                    self.into[p, o.value].append(s)
                    if p == TYPE:
                        self.home.setdefault(s, graph.iri)

    def get(self, s: str, p: str) -> list[str]:
        return self.out.get((s, predicate(p)), [])

    def has(self, o: str, p: str) -> list[str]:
        return self.into.get((predicate(p), o), [])

    def is_a(self, node: str, cls: str) -> bool:
        return SG + cls in self.out.get((node, TYPE), [])

    def of(self, cls: str) -> list[str]:
        return sorted(set(self.has(SG + cls, TYPE)))

    def reachable(self) -> set[str]:
        """Every node with a path of upward links to a vision (whatever the nodes' classes)."""
        reached = set(self.of("Vision"))
        todo = list(reached)
        while todo:
            node = todo.pop()
            for link in UPWARD:
                for below in self.has(node, link):
                    if below not in reached:
                        reached.add(below)
                        todo.append(below)
        return reached

    def above(self, node: str) -> set[str]:
        """Every node reached from ``node`` by one or more upward links (of any class)."""
        if node not in self.above_cache:
            found: set[str] = set()
            todo = [node]
            while todo:
                current = todo.pop()
                for link in UPWARD:
                    for target in self.get(current, link):
                        if target not in found:
                            found.add(target)
                            todo.append(target)
            self.above_cache[node] = found
        return self.above_cache[node]

    def breaks(self, start: str) -> set[tuple[str, str, str | None]]:
        """Where the chains above an orphan break: a set of (reason, at, link).

        The walk follows every upward link to a node of the class the link is for, and every
        link into a cycle whatever the class; any other link is broken, and a node with no
        upward link at all is missing one.
        """
        found: set[tuple[str, str, str | None]] = set()
        seen, todo = {start}, [start]
        while todo:
            node = todo.pop()
            if node in self.above(node):
                cycle = {n for n in self.above(node) if node in self.above(n)}
                found.add(("cycle", min(cycle), None))
            links = [(link, target) for link in UPWARD for target in self.get(node, link)]
            if not links:
                cls = next(c for c in HIERARCHY if self.is_a(node, c))
                found.add(("missing-link", node, HIERARCHY[cls]))
            for link, target in links:
                if not self.is_a(target, UPWARD[link]) and target not in self.above(target):
                    found.add(("broken-link", node, link))
                elif target not in seen:
                    seen.add(target)
                    todo.append(target)
        return found

    def around(self, unit: str) -> set[str]:
        """The unit, the units and administrations it is part of, and the units inside it."""
        found = {unit}
        for upwards in (True, False):
            todo = [unit]
            while todo:
                node = todo.pop()
                for p in (ORG + "unitOf", ORG + "subOrganizationOf"):
                    for other in self.get(node, p) if upwards else self.has(node, p):
                        if other not in found:
                            found.add(other)
                            todo.append(other)
        return found


def findings(graphs: list[Graph]) -> list[dict[str, Any]]:
    """What a correct coverage check reports for the graphs of one municipality."""
    index = Index(graphs)
    reach, found = index.reachable(), []

    def report(node: str, category: str, reason: str, **extra: str | None) -> None:
        entry = {"graph": index.home[node], "iri": node, "category": category, "reason": reason}
        found.append({**entry, **extra})

    for node in sorted({n for cls in HIERARCHY for n in index.of(cls)} - reach):
        breaks = index.breaks(node)
        if len(breaks) != 1:
            raise RuntimeError(f"{node} is an orphan with {len(breaks)} breaks: {sorted(breaks)}")
        reason, at, link = breaks.pop()
        report(node, "orphan", reason, at=at, link=link and "sg:" + link)
    for goal in (n for n in index.of("OverarchingGoal") if n in reach):
        if not any(index.is_a(b, "BoardGoal") for b in index.has(goal, "supports")):
            report(goal, "uncovered", "no-board-goal")
    for goal in (n for n in index.of("BoardGoal") if n in reach):
        plans = [p for p in index.has(goal, "realises") if index.is_a(p, "ActionPlan")]
        if not plans:
            report(goal, "uncovered", "no-plan")
        elif not any(
            index.is_a(a, "Activity") for plan in plans for a in index.has(plan, "partOfPlan")
        ):
            report(goal, "uncovered", "no-activity")
        indicators = index.get(goal, "hasIndicator")
        if not indicators:
            report(goal, "uncovered", "no-indicator")
        elif not any(index.get(i, "targetValue") for i in indicators):
            report(goal, "uncovered", "no-target")
    areas = [n for n in index.of("StrategicArea") if n in reach]
    for board in (b for b in index.of("Board") if not index.get(b, "goalExemption")):
        goals = [g for g in index.has(board, "forBoard") if index.is_a(g, "OverarchingGoal")]
        for area in areas:
            count = sum(1 for g in goals if area in index.get(g, "inStrategicArea"))
            if count == 0:
                report(board, "uncovered", "no-goal-in-area", area=area)
            elif count > 2:
                report(board, "uncovered", "too-many-goals-in-area", area=area)
    for unit in index.of("OrganisationalUnit"):
        covering = [g for part in index.around(unit) for g in index.has(part, "coversUnit")]
        if not any(index.is_a(g, "BoardGoal") for g in covering):
            report(unit, "uncovered", "unit-not-covered")
    for focus in (n for n in index.of("FocusArea") if n in reach):
        if not index.has(focus, "addresses"):
            report(focus, "uncovered", "focus-area-not-addressed")
    return found
