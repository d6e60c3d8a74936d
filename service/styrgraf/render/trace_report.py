"""A node's trace, tree and impact written out: text for people, tables (CSV, a workbook) and
Turtle (the JSON is the answer itself, :mod:`styrgraf.analysis.trace`); and the goal tree
page's rows as a table."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pyoxigraph as ox

from styrgraf.i18n.words import N_, word
from styrgraf.render import columns
from styrgraf.render.tables import Cell, Table, table
from styrgraf.render.writers import (
    RDF_TYPE,
    RDFS_LABEL,
    turtle_text,
)
from styrgraf.vocabulary import SG


def _describe(hop: Mapping[str, Any], lang: str) -> str:
    text = f"{hop['type_label'] or '?'}: {hop['label'] or hop['iri']}"
    owners = []
    if hop.get("board"):
        board = word("text.board", lang)
        owners.append(f"{board} {hop['board']['label'] or hop['board']['iri']}")
    unit_word = word("text.unit", lang)
    for unit in hop.get("units", []):
        owners.append(f"{unit_word} {unit['label'] or unit['iri']}")
    if owners:
        text += f" ({', '.join(owners)})"
    return text


def trace_text(result: Mapping[str, Any], lang: str) -> str:
    lines = [_describe(result["node"], lang), f"  <{result['start']}>", ""]
    paths = result["paths"]
    for number, path in enumerate(paths, start=1):
        lines.append(word("text.path", lang, n=number, total=len(paths)))
        for depth, hop in enumerate(path):
            lines.append(f"{'  ' * (depth + 1)}{_describe(hop, lang)}")
        lines.append("")
    if not paths and result["break"]:
        lines.append(word("text.no-path", lang, reason=result["break"]["reason"]))
    return "\n".join(lines).rstrip() + "\n"


def trace_table(result: Mapping[str, Any]) -> Table:
    """Every path up to the vision, one hop a row: its path's number and its place on it."""
    rows = []
    for number, path in enumerate(result["paths"], start=1):
        for position, hop in enumerate(path):
            rows.append(_hop_row([number, position], hop))
    return table(N_("table.trace"), (columns.PATH_NUMBER, columns.POSITION, *columns.HOP), rows)


def _hop_row(prefix: list[Cell], hop: Mapping[str, Any]) -> list[Cell]:
    board = hop.get("board") or {}
    return [
        *prefix,
        hop["iri"],
        hop["type"],
        hop["label"],
        board.get("iri"),
        board.get("label"),
        " ".join(u["iri"] for u in hop.get("units", [])),
        hop.get("link"),
    ]


def hops_turtle(hops: Iterable[Mapping[str, Any]], lang: str) -> str:
    """The nodes as RDF: type, label, and each upward link along the way."""
    triples: set[ox.Triple] = set()
    for current in hops:
        node = ox.NamedNode(current["iri"])
        if current["type"]:
            triples.add(ox.Triple(node, ox.NamedNode(RDF_TYPE), ox.NamedNode(current["type"])))
        if current["label"]:
            tag = current.get("label_lang")
            label = (
                ox.Literal(current["label"], language=tag) if tag else ox.Literal(current["label"])
            )
            triples.add(ox.Triple(node, ox.NamedNode(RDFS_LABEL), label))
        if current.get("next") and current.get("link"):
            link = ox.NamedNode(SG + current["link"].removeprefix("sg:"))
            triples.add(ox.Triple(node, link, ox.NamedNode(current["next"])))
    return turtle_text(sorted(triples, key=str))


def trace_turtle(result: Mapping[str, Any], lang: str) -> str:
    hops: list[dict[str, Any]] = [result["node"]]
    for path in result["paths"]:
        for position, current in enumerate(path):
            following = path[position + 1]["iri"] if position + 1 < len(path) else None
            hops.append({**current, "next": following})
    return hops_turtle(hops, lang)


def tree_text(node: Mapping[str, Any], lang: str, depth: int = 0) -> str:
    link = f"[{node['link']}] " if node.get("link") else ""
    lines = [f"{'  ' * depth}{link}{_describe(node, lang)}"]
    for child in node["children"]:
        lines.append(tree_text(child, lang, depth + 1).rstrip("\n"))
    return "\n".join(lines) + "\n"


def tree_rows(
    node: Mapping[str, Any], parent: str | None = None, depth: int = 0
) -> list[list[Cell]]:
    rows = [_hop_row([depth, parent], node)]
    for child in node["children"]:
        rows.extend(tree_rows(child, node["iri"], depth + 1))
    return rows


def tree_table(node: Mapping[str, Any]) -> Table:
    """The tree beneath a node, depth first, each node with its depth and its parent."""
    return table(N_("table.tree"), (columns.DEPTH, columns.PARENT, *columns.HOP), tree_rows(node))


def tree_turtle(node: Mapping[str, Any], lang: str) -> str:
    hops: list[dict[str, Any]] = []

    def walk(current: Mapping[str, Any], parent: str | None) -> None:
        hops.append({**current, "next": parent})
        for child in current["children"]:
            walk(child, current["iri"])

    walk(node, None)
    return hops_turtle(hops, lang)


def impact_text(result: Mapping[str, Any], lang: str) -> str:
    lines = [_describe(result["node"], lang), ""]
    if not result["orphaned"]:
        lines.append(word("text.none-orphaned", lang))
    else:
        lines.append(word("text.orphaned", lang, n=len(result["orphaned"])))
        lines.extend(f"  {_describe(hop, lang)}" for hop in result["orphaned"])
    return "\n".join(lines) + "\n"


def impact_table(result: Mapping[str, Any]) -> Table:
    """What withdrawing a node would orphan, one node a row."""
    rows = [_hop_row([], hop) for hop in result["orphaned"]]
    return table(N_("table.impact"), columns.HOP, rows)


GOAL_TREE = (
    columns.DEPTH,
    columns.PARENT,
    columns.IRI,
    columns.TYPE,
    columns.TYPE_LABEL,
    columns.LABEL,
    columns.BOARD,
    columns.BOARD_LABEL,
    columns.UNITS,
    columns.AREA,
    columns.FOCUS_AREAS,
    columns.STATUS,
    columns.STATUS_LABEL,
    columns.INDICATORS,
)
"""The columns of the goal tree page's table."""


def goal_tree_table(rows: Iterable[Mapping[str, Any]]) -> Table:
    """The rows of the goal tree (depth first), each node with its owner, status, indicators
    and focus areas (IRIs separated by spaces)."""
    found = []
    for row in rows:
        board = row.get("board") or {}
        found.append(
            [
                row["depth"],
                row["parent"],
                row["iri"],
                row["type"],
                row["type_label"],
                row["label"],
                board.get("iri"),
                board.get("label"),
                " ".join(u["iri"] for u in row.get("units", [])),
                row["area"],
                row["focus_areas"],
                row["status"],
                row["status_label"],
                row["indicators"],
            ]
        )
    return table(N_("table.goal_tree"), GOAL_TREE, found)
