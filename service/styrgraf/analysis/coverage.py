"""Coverage: what hangs loose in a model, why, and how well each board covers each area.

- **Orphans** are nodes of the hierarchy with no path to a vision over upward links that hold
  (see :mod:`styrgraf.analysis.hierarchy`). Each names where its path breaks: a node with no upward
  link (``missing-link``), a link to something that is not what the link is for (``broken-link``),
  or upward links that go round in a circle (``cycle``).
- **Uncovered** findings come from the named query ``uncovered``. Only nodes that reach the
  vision are judged for coverage: an orphaned nämndsmål is reported once, as an orphan.
- **The matrix** is the named query ``coverage-matrix``: boards x strategic areas with counts of
  övergripande mål, nämndsmål and aktiviteter, and a summary with percentages.

Each finding's reason in words, by its code, is in :mod:`styrgraf.analysis.reasons`.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeGuard

import networkx as nx
import pyoxigraph as ox

# Public here too: the pages and the generator read the codes from this module.
from styrgraf.analysis.coverage_shapes import ORPHAN_REASONS as ORPHAN_REASONS
from styrgraf.analysis.coverage_shapes import UNCOVERED_REASONS as UNCOVERED_REASONS
from styrgraf.analysis.coverage_shapes import (
    CellStatus,
    CoverageFinding,
    CoverageReport,
    CoverageSummary,
    FindingCategory,
    MatrixCell,
    OrphanReason,
    Share,
    UncoveredReason,
)
from styrgraf.analysis.hierarchy import Hierarchy, bindable, class_labels, key
from styrgraf.analysis.hierarchy import labels as read_labels
from styrgraf.analysis.reasons import message
from styrgraf.i18n.words import word
from styrgraf.model.hierarchy_schema import UPWARD_PROPERTY, hierarchy_schema
from styrgraf.sparql.queries import get_query
from styrgraf.store.base import Store
from styrgraf.vocabulary import SG


@dataclass
class Finding:
    """Something that hangs loose: what it is, and a reason that names the missing link."""

    iri: str
    type: str | None
    label: str | None
    reason: str
    code: OrphanReason | UncoveredReason
    category: FindingCategory
    type_label: str | None = None
    board: str | None = None
    board_label: str | None = None
    link: str | None = None
    at: str | None = None
    area: str | None = None
    area_label: str | None = None

    def to_json(self) -> CoverageFinding:
        return {
            "iri": self.iri,
            "type": self.type,
            "label": self.label,
            "reason": self.reason,
            "code": self.code,
            "category": self.category,
            "type_label": self.type_label,
            "board": self.board,
            "board_label": self.board_label,
            "link": self.link,
            "at": self.at,
            "area": self.area,
            "area_label": self.area_label,
        }


@dataclass
class Cell:
    """One board x strategic area cell of the coverage matrix."""

    board: str
    board_label: str | None
    area: str
    area_label: str | None
    council: bool
    exempt: bool
    overarching_goals: int
    board_goals: int
    activities: int

    @property
    def status(self) -> CellStatus:
        """``exempt``, ``council``, ``empty`` (no goal), ``overfull`` (more than two) or ``ok``."""
        if self.council:
            return "council"
        if self.exempt:
            return "exempt"
        if self.overarching_goals == 0:
            return "empty"
        return "overfull" if self.overarching_goals > 2 else "ok"

    def to_json(self) -> MatrixCell:
        return {
            "board": self.board,
            "board_label": self.board_label,
            "area": self.area,
            "area_label": self.area_label,
            "council": self.council,
            "exempt": self.exempt,
            "overarching_goals": self.overarching_goals,
            "board_goals": self.board_goals,
            "activities": self.activities,
            "status": self.status,
        }


@dataclass
class Coverage:
    """The whole coverage report of the graphs in scope."""

    orphans: list[Finding]
    uncovered: list[Finding]
    matrix: list[Cell]
    summary: CoverageSummary

    def to_json(self) -> CoverageReport:
        boards: dict[str, str | None] = {}
        areas: dict[str, str | None] = {}
        for cell in self.matrix:
            boards.setdefault(cell.board, cell.board_label)
            areas.setdefault(cell.area, cell.area_label)
        return {
            "orphans": [f.to_json() for f in self.orphans],
            "uncovered": [f.to_json() for f in self.uncovered],
            "matrix": {
                "boards": [{"iri": i, "label": label} for i, label in boards.items()],
                "areas": [{"iri": i, "label": label} for i, label in areas.items()],
                "cells": [c.to_json() for c in self.matrix],
            },
            "summary": self.summary,
        }


def orphans(hierarchy: Hierarchy) -> list[Finding]:
    """Every node with no path to a vision, with where and why its path breaks."""
    reaching = hierarchy.reaching()
    lang = hierarchy.lang
    found: list[Finding] = []
    for iri in sorted(hierarchy.nodes):
        if iri in reaching:
            continue
        node = hierarchy.nodes[iri]
        code, at, link, values = _break(hierarchy, iri)
        key = code if code == "cycle" else f"{code}.{'self' if at == iri else 'above'}"
        found.append(
            Finding(
                iri=iri,
                type=node.type,
                label=node.label,
                reason=message(key, lang, **values),
                code=code,
                category="orphan",
                type_label=node.type_label,
                board=node.board,
                board_label=hierarchy.labels.get(node.board or ""),
                link=f"sg:{link}" if link else None,
                at=at,
            )
        )
    return found


def _break(hierarchy: Hierarchy, iri: str) -> tuple[OrphanReason, str, str | None, dict[str, str]]:
    """(code, where, which link, message values) for an orphan: the nearest break above it."""
    labels = class_labels(hierarchy.lang)
    schema = hierarchy_schema()
    above = nx.descendants(hierarchy.graph, iri) | {iri}
    loop = nx.DiGraph(hierarchy.graph.subgraph(above))
    cycles = sorted(
        cycle[cycle.index(min(cycle)) :] + cycle[: cycle.index(min(cycle))]
        for cycle in nx.simple_cycles(loop)
    )
    if cycles:
        cycle = cycles[0]
        shown = " → ".join(
            hierarchy.nodes[n].label or n if n in hierarchy.nodes else n for n in cycle
        )
        return "cycle", cycle[0], None, {"cycle": f"{shown} → …"}
    queue, seen = deque([iri]), {iri}
    while queue:
        current = queue.popleft()
        node = hierarchy.nodes[current]
        kind = node.kind or ""
        values = {
            "at_type": node.type_label or labels.get(kind, kind),
            "at_label": node.label or current,
        }
        holding = hierarchy.upward(current)
        if holding:
            for _, target in holding:
                if target not in seen:
                    seen.add(target)
                    queue.append(target)
            continue
        links = sorted(
            (link, target) for _, target, link in hierarchy.graph.out_edges(current, keys=True)
        )
        upward = schema.upward(kind)
        expected = dict(upward)
        bad = [(link, target) for link, target in links if link in expected]
        if bad:
            link, target = bad[0]
            return (
                "broken-link",
                current,
                link,
                {
                    **values,
                    "link": f"sg:{link}",
                    "target": f"<{target}>" if not target.startswith(('"', "_:")) else target,
                    "expected": word(f"class.indefinite.{expected[link]}", hierarchy.lang),
                },
            )
        link = upward[0][0] if upward else UPWARD_PROPERTY
        return "missing-link", current, link, {**values, "link": f"sg:{link}"}
    # Every node above holds its links yet none reaches a vision: a vision is missing, and
    # with it the link that would lead up to it.
    link = next(up.name for up in schema.links if up.target in schema.top)
    return "missing-link", iri, link, {"link": f"sg:{link}", "at_type": "", "at_label": iri}


def uncovered(
    store: Store, hierarchy: Hierarchy, *, graphs: Sequence[str] | None = None
) -> list[Finding]:
    """Goals, boards, units and focus areas that the model leaves uncovered, with reasons."""
    rows = store.select(get_query("uncovered").text, graphs=graphs)
    lang = hierarchy.lang
    reaching = hierarchy.reaching()
    iris = {key(row["node"]) for row in rows} | {key(row["area"]) for row in rows if "area" in row}
    names = read_labels(store, iris, lang, graphs)
    kinds = _types(store, iris, graphs)
    units = [key(r["node"]) for r in rows if r["reason"].value == "unit-not-covered"]
    unit_boards = _unit_boards(store, units, graphs)
    names.update(read_labels(store, set(unit_boards.values()) - set(names), lang, graphs))
    labels = class_labels(lang)
    found: list[Finding] = []
    for row in rows:
        iri, code = key(row["node"]), row["reason"].value
        if not _is_uncovered_reason(code):
            known = ", ".join(UNCOVERED_REASONS)
            raise ValueError(f"the query uncovered gives the reason {code!r}, not one of {known}")
        if iri in hierarchy.nodes and iri not in reaching:
            continue
        area = key(row["area"]) if "area" in row else None
        node = hierarchy.nodes.get(iri)
        kind = node.kind if node else kinds.get(iri)
        board = node.board if node else (iri if code.endswith("-in-area") else None)
        if code == "unit-not-covered":
            board = unit_boards.get(iri)
        found.append(
            Finding(
                iri=iri,
                type=SG + kind if kind else None,
                label=names.get(iri),
                reason=message(code, lang, area_label=names.get(area or "", area or "")),
                code=code,
                category="uncovered",
                type_label=labels.get(kind or ""),
                board=board,
                board_label=names.get(board or "") or hierarchy.labels.get(board or ""),
                area=area,
                area_label=names.get(area or ""),
            )
        )
    return found


def _is_uncovered_reason(code: str) -> TypeGuard[UncoveredReason]:
    return code in UNCOVERED_REASONS


def _unit_boards(store: Store, units: list[str], graphs: Sequence[str] | None) -> dict[str, str]:
    """The board each unit answers to (the first, if its administration has several)."""
    if not units:
        return {}
    scope = {"unit": bindable(units)} if all(not u.startswith("_:") for u in units) else {}
    rows = store.select(get_query("unit-boards").text, scope, graphs)
    boards: dict[str, str] = {}
    for row in sorted(rows, key=lambda r: (key(r["unit"]), key(r["board"]))):
        if key(row["unit"]) in units:
            boards.setdefault(key(row["unit"]), key(row["board"]))
    return boards


def _types(store: Store, iris: set[str], graphs: Sequence[str] | None) -> dict[str, str]:
    """The sg: class of each resource: a board, unit or focus area class when it has one."""
    if not iris:
        return {}
    scope = {"node": bindable(iris)} if all(not i.startswith("_:") for i in iris) else {}
    rows = store.select(get_query("node-classes").text, scope, graphs)
    preferred = ("FocusArea", "OrganisationalUnit", "Board", "JointBoard")
    found: dict[str, set[str]] = {}
    for row in rows:
        node, kind = key(row["node"]), row["type"]
        if node in iris and isinstance(kind, ox.NamedNode) and kind.value.startswith(SG):
            found.setdefault(node, set()).add(kind.value.removeprefix(SG))
    kinds: dict[str, str] = {}
    for node, classes in found.items():
        ranked = [k for k in reversed(preferred) if k in classes]
        kinds[node] = ranked[0] if ranked else sorted(classes)[0]
    return kinds


def matrix(store: Store, *, graphs: Sequence[str] | None = None, lang: str = "sv") -> list[Cell]:
    """Boards x strategic areas with counts of goals and activities, each board and area
    labelled by the language rule of :func:`styrgraf.i18n.languages.label_rank`."""
    rows = store.select(get_query("coverage-matrix").text, graphs=graphs)
    names = read_labels(store, {key(r[k]) for r in rows for k in ("board", "area")}, lang, graphs)
    return [
        Cell(
            board=row["board"].value,
            board_label=names.get(key(row["board"])),
            area=row["area"].value,
            area_label=names.get(key(row["area"])),
            council=row["council"].value == "true",
            exempt=row["exempt"].value == "true",
            overarching_goals=int(row["overarchingGoals"].value),
            board_goals=int(row["boardGoals"].value),
            activities=int(row["activities"].value),
        )
        for row in rows
    ]


def coverage(store: Store, *, graphs: Sequence[str] | None = None, lang: str = "sv") -> Coverage:
    """Orphans, uncovered findings, the board x area matrix and a summary with percentages,
    over ``graphs`` (None: every graph), in ``lang``."""
    hierarchy = Hierarchy.from_store(store, graphs=graphs, lang=lang)
    found = (
        orphans(hierarchy),
        uncovered(store, hierarchy, graphs=graphs),
        matrix(store, graphs=graphs, lang=lang),
    )
    counts = {
        row["type"].value.removeprefix(SG): int(row["count"].value)
        for row in store.select(get_query("counts").text, graphs=graphs)
    }
    return Coverage(*found, _summary(*found, hierarchy, counts))


def _share(part: int, whole: int) -> Share:
    return {
        "count": part,
        "total": whole,
        "percent": round(100 * part / whole, 1) if whole else None,
    }


def _summary(
    orphaned: list[Finding],
    loose: list[Finding],
    cells: list[Cell],
    hierarchy: Hierarchy,
    counts: dict[str, int],
) -> CoverageSummary:
    by_code = Counter(f.code for f in loose)
    by_orphan_code = Counter(f.code for f in orphaned)
    reaching = hierarchy.reaching()
    judged = Counter(n.kind for i, n in hierarchy.nodes.items() if i in reaching)
    judged_cells = [c for c in cells if c.status in ("ok", "empty", "overfull")]
    boards: Counter[str] = Counter()
    board_labels: dict[str, str | None] = {}
    for finding in orphaned + loose:
        if finding.board:
            boards[finding.board] += 1
            board_labels[finding.board] = finding.board_label
    return {
        "nodes": len(hierarchy.nodes),
        "orphans": len(orphaned),
        "uncovered": len(loose),
        "orphans_by_reason": {
            code: by_orphan_code[code] for code in sorted(ORPHAN_REASONS) if by_orphan_code[code]
        },
        "uncovered_by_reason": {code: by_code[code] for code in UNCOVERED_REASONS if by_code[code]},
        "reaching_vision": _share(len(reaching), len(hierarchy.nodes)),
        "overarching_goals_with_board_goal": _share(
            judged["OverarchingGoal"] - by_code["no-board-goal"], judged["OverarchingGoal"]
        ),
        "board_goals_with_plan": _share(
            judged["BoardGoal"] - by_code["no-plan"], judged["BoardGoal"]
        ),
        "board_goals_with_activities": _share(
            judged["BoardGoal"] - by_code["no-plan"] - by_code["no-activity"],
            judged["BoardGoal"],
        ),
        "board_goals_measurable": _share(
            judged["BoardGoal"] - by_code["no-indicator"] - by_code["no-target"],
            judged["BoardGoal"],
        ),
        "units_covered": _share(
            counts.get("OrganisationalUnit", 0) - by_code["unit-not-covered"],
            counts.get("OrganisationalUnit", 0),
        ),
        "focus_areas_addressed": _share(
            judged["FocusArea"] - by_code["focus-area-not-addressed"], judged["FocusArea"]
        ),
        "cells_with_one_or_two_goals": _share(
            sum(c.status == "ok" for c in judged_cells), len(judged_cells)
        ),
        "findings_by_board": [
            {"iri": board, "label": board_labels[board], "count": count}
            for board, count in sorted(boards.items(), key=lambda item: (-item[1], item[0]))
        ],
        "load_bearing": [
            {
                "iri": iri,
                "type": hierarchy.nodes[iri].type,
                "label": hierarchy.nodes[iri].label,
                "orphaned_if_withdrawn": count,
            }
            for iri, count in hierarchy.load_bearing(5)
        ],
        "cycles": hierarchy.cycles(),
    }
