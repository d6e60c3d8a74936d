"""Rendering trace, coverage and query results: text for people; JSON, CSV, Turtle for machines."""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal, NotRequired, TypedDict

import pyoxigraph as ox

from styrgraf.i18n.languages import catalogue_language
from styrgraf.i18n.words import has_word, percent, word
from styrgraf.i18n.words import number as figure
from styrgraf.sparql.queries import Term
from styrgraf.vocabulary import PREFIXES as ALL_PREFIXES
from styrgraf.vocabulary import SG

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
PREFIXES = {name: ALL_PREFIXES[name] for name in ("sg", "rdfs", "xsd")}
"""The prefixes of a model written out whole (Turtle, TriG): styrgraf's own and the two every
model uses."""


def to_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet reads as the start of a formula when a cell begins with it."""
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def safe_cell(value: Any) -> str:
    """A value as a CSV cell that no spreadsheet runs as a formula: a cell that begins with
    ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a ``'`` in front, unless it is
    a plain number (``-5``, ``+3.2``, ``-1.5e3``), which stays a number."""
    if value is None:
        return ""
    text = str(value)
    if text.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def _csv(header: Sequence[str], rows: Iterable[Sequence[Any]], line_end: str = "\n") -> str:
    """The one CSV writer of every CSV styrgraf writes (downloads, SPARQL results, commands):
    each cell made safe for spreadsheets by :func:`safe_cell`, and a cell with a carriage
    return or a line feed anywhere quoted, so that it cannot start a row of its own."""
    buffer = io.StringIO()
    # The csv module quotes a cell for the characters of its line terminator only: with CRLF
    # it quotes both, and each row's CRLF is then replaced by the line end asked for.
    writer = csv.writer(buffer, lineterminator="\r\n")
    lines = []
    for row in itertools.chain([header], rows):
        writer.writerow([safe_cell(value) for value in row])
        lines.append(buffer.getvalue()[:-2] + line_end)
        buffer.seek(0)
        buffer.truncate()
    return "".join(lines)


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


# --- trace ---


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


def trace_csv(result: Mapping[str, Any]) -> str:
    rows = []
    for number, path in enumerate(result["paths"], start=1):
        for position, hop in enumerate(path):
            rows.append(_hop_row([number, position], hop))
    return _csv(
        ["path", "position", "iri", "type", "label", "board", "board_label", "units", "link"], rows
    )


def _hop_row(prefix: list[Any], hop: Mapping[str, Any]) -> list[Any]:
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
    return _turtle(sorted(triples, key=str))


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
) -> list[list[Any]]:
    rows = [_hop_row([depth, parent], node)]
    for child in node["children"]:
        rows.extend(tree_rows(child, node["iri"], depth + 1))
    return rows


def tree_csv(node: Mapping[str, Any]) -> str:
    header = ["depth", "parent", "iri", "type", "label", "board", "board_label", "units", "link"]
    return _csv(header, tree_rows(node))


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


def impact_csv(result: Mapping[str, Any]) -> str:
    header = ["iri", "type", "label", "board", "board_label", "units", "link"]
    return _csv(header, [_hop_row([], hop) for hop in result["orphaned"]])


# --- coverage ---


def coverage_text(report: Mapping[str, Any], lang: str) -> str:
    lines = [word("text.orphans", lang, n=len(report["orphans"]))]
    for finding in report["orphans"]:
        lines.append(f"  {finding['type_label'] or '?'}: {finding['label'] or finding['iri']}")
        lines.append(f"    <{finding['iri']}>")
        lines.append(f"    {finding['code']}: {finding['reason']}")
    lines += ["", word("text.uncovered", lang, n=len(report["uncovered"]))]
    for finding in report["uncovered"]:
        lines.append(f"  {finding['type_label'] or '?'}: {finding['label'] or finding['iri']}")
        lines.append(f"    <{finding['iri']}>")
        lines.append(f"    {finding['code']}: {finding['reason']}")
    lines += ["", word("text.matrix", lang)]
    matrix = report["matrix"]
    areas = matrix["areas"]
    width = max([len(b["label"] or b["iri"]) for b in matrix["boards"]] + [10])
    header = " " * width + "".join(f"  {(a['label'] or a['iri'])[:14]:>14}" for a in areas)
    lines.append(header)
    cells = {(c["board"], c["area"]): c for c in matrix["cells"]}
    marks = {"empty": "!", "overfull": "+", "exempt": "-", "council": " ", "ok": " "}
    for board in matrix["boards"]:
        row = f"{(board['label'] or board['iri']):<{width}}"
        for area in areas:
            cell = cells.get((board["iri"], area["iri"]))
            if cell is None:
                row += f"  {'':>14}"
                continue
            counts = "/".join(
                figure(cell[k], lang) for k in ("overarching_goals", "board_goals", "activities")
            )
            row += f"  {counts + marks[cell['status']]:>14}"
        lines.append(row)
    lines += [word("text.legend", lang), "", word("text.summary", lang)]
    for raw, value in report["summary"].items():
        key = word(f"summary.{raw}", lang) if has_word(f"summary.{raw}") else raw
        if isinstance(value, dict) and "percent" in value:
            share = "–" if value["percent"] is None else percent(value["percent"], lang, 1)
            count, total = figure(value["count"], lang), figure(value["total"], lang)
            lines.append(f"  {key}: {count} / {total} ({share})")
        elif isinstance(value, dict):
            shown = ", ".join(f"{k} {figure(v, lang)}" for k, v in value.items()) or "–"
            lines.append(f"  {key}: {shown}")
        elif raw == "findings_by_board":
            lines.append(f"  {key}:" + ("" if value else " –"))
            lines.extend(
                f"    {figure(item['count'], lang):>4}  {item['label'] or item['iri']}"
                for item in value
            )
        elif raw == "load_bearing":
            lines.append(f"  {key}:")
            lines.extend(
                f"    {figure(item['orphaned_if_withdrawn'], lang):>4}  "
                f"{item['label'] or item['iri']}"
                for item in value
            )
        elif isinstance(value, list):
            lines.append(f"  {key}: {figure(len(value), lang)}")
            lines.extend(f"    {' → '.join(str(i) for i in item)}" for item in value)
        else:
            shown = figure(value, lang) if isinstance(value, int) else value
            lines.append(f"  {key}: {shown}")
    return "\n".join(lines) + "\n"


FINDING_COLUMNS = (
    "category",
    "code",
    "iri",
    "type",
    "label",
    "board",
    "board_label",
    "area",
    "area_label",
    "link",
    "at",
    "reason",
)


def findings_csv(findings: Iterable[Mapping[str, Any]]) -> str:
    return _csv(FINDING_COLUMNS, ([f.get(c) for c in FINDING_COLUMNS] for f in findings))


VALIDATION_COLUMNS = (
    "severity",
    "rule",
    "rule_name",
    "iri",
    "type",
    "label",
    "path",
    "value",
    "value_label",
    "message",
)


def validation_csv(report: Mapping[str, Any]) -> str:
    """The findings of a validation report (:meth:`styrgraf.model.validation.Report.as_dict`), one
    per row, rule by rule."""
    rows = (
        [rule["name"] if c == "rule_name" else finding.get(c) for c in VALIDATION_COLUMNS]
        for rule in report["rules"]
        for finding in rule["findings"]
    )
    return _csv(VALIDATION_COLUMNS, rows)


def coverage_turtle(report: Mapping[str, Any], lang: str) -> str:
    """The findings as RDF: one sg:CoverageFinding per finding, under an sg:CoverageReport."""
    triples: list[ox.Triple] = []
    root = ox.BlankNode("report")
    triples.append(ox.Triple(root, ox.NamedNode(RDF_TYPE), ox.NamedNode(SG + "CoverageReport")))
    for number, finding in enumerate(report["orphans"] + report["uncovered"], start=1):
        node = ox.BlankNode(f"f{number}")
        triples.append(ox.Triple(root, ox.NamedNode(SG + "finding"), node))
        triples.append(
            ox.Triple(node, ox.NamedNode(RDF_TYPE), ox.NamedNode(SG + "CoverageFinding"))
        )
        triples.append(
            ox.Triple(node, ox.NamedNode(SG + "findingFor"), ox.NamedNode(finding["iri"]))
        )
        triples.append(
            ox.Triple(node, ox.NamedNode(SG + "findingCategory"), ox.Literal(finding["category"]))
        )
        triples.append(
            ox.Triple(node, ox.NamedNode(SG + "reasonCode"), ox.Literal(finding["code"]))
        )
        triples.append(
            ox.Triple(
                node,
                ox.NamedNode(SG + "reason"),
                ox.Literal(finding["reason"], language=catalogue_language(lang)),
            )
        )
        if finding.get("at"):
            triples.append(
                ox.Triple(node, ox.NamedNode(SG + "breaksAt"), ox.NamedNode(finding["at"]))
            )
        if finding.get("link"):
            link = ox.NamedNode(SG + finding["link"].removeprefix("sg:"))
            triples.append(ox.Triple(node, ox.NamedNode(SG + "missingLink"), link))
        if finding.get("area"):
            triples.append(
                ox.Triple(node, ox.NamedNode(SG + "findingArea"), ox.NamedNode(finding["area"]))
            )
    return _turtle(triples)


def matrix_csv(report: Mapping[str, Any]) -> str:
    header = [
        "board",
        "board_label",
        "area",
        "area_label",
        "overarching_goals",
        "board_goals",
        "activities",
        "status",
    ]
    rows = [[c[k] for k in header] for c in report["matrix"]["cells"]]
    return _csv(header, rows)


# --- query results ---


def term_text(term: Term | None) -> str:
    if term is None:
        return ""
    return term.value


def rows_text(variables: Sequence[str], rows: Sequence[dict[str, Term]], lang: str) -> str:
    table = [[term_text(row.get(v)) for v in variables] for row in rows]
    widths = [min(60, max([len(v)] + [len(r[i]) for r in table])) for i, v in enumerate(variables)]
    lines = ["  ".join(v.ljust(widths[i]) for i, v in enumerate(variables)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    for row in table:
        cells = [(c if len(c) <= 60 else c[:59] + "…").ljust(widths[i]) for i, c in enumerate(row)]
        lines.append("  ".join(cells).rstrip())
    lines.append(word("text.rows", lang, n=len(rows)))
    return "\n".join(lines) + "\n"


# ``xml:lang`` is no identifier, so these keys are declared in the functional form.
_Tagged = TypedDict("_Tagged", {"xml:lang": NotRequired[str], "datatype": NotRequired[str]})


class RdfTerm(_Tagged):
    """An RDF term as the SPARQL 1.1 Query Results JSON Format writes it: an IRI (``uri``), a
    blank node (``bnode``) or a literal with its language tag or its datatype (none: a plain
    xsd:string)."""

    type: Literal["uri", "bnode", "literal"]
    value: str


class ResultsHead(TypedDict):
    """The variables of the solutions; none for the answer of an ASK."""

    vars: NotRequired[list[str]]


class Solutions(TypedDict):
    """The solutions, each binding some of the variables."""

    bindings: list[dict[str, RdfTerm]]


class SparqlResults(TypedDict):
    """A SPARQL 1.1 Query Results JSON document: the solutions of a SELECT (``results``) or
    the answer of an ASK (``boolean``)."""

    head: ResultsHead
    results: NotRequired[Solutions]
    boolean: NotRequired[bool]


def json_term(term: Term) -> RdfTerm:
    """A term as the SPARQL 1.1 Query Results JSON Format writes it."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    entry: RdfTerm = {"type": "literal", "value": term.value}
    if term.language:
        entry["xml:lang"] = term.language
    elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        entry["datatype"] = term.datatype.value
    return entry


def results_document(variables: Sequence[str], rows: Sequence[dict[str, Term]]) -> SparqlResults:
    """The SPARQL 1.1 Query Results JSON document of solutions."""
    bindings = [{name: json_term(term) for name, term in row.items()} for row in rows]
    return {"head": {"vars": list(variables)}, "results": {"bindings": bindings}}


def boolean_document(answer: bool) -> SparqlResults:
    """The SPARQL 1.1 Query Results JSON document of an ASK's answer."""
    return {"head": {}, "boolean": answer}


def rows_json(variables: Sequence[str], rows: Sequence[dict[str, Term]]) -> str:
    """The SPARQL 1.1 Query Results JSON Format, indented for people."""
    return to_json(results_document(variables, rows))


def rows_csv(
    variables: Sequence[str], rows: Sequence[dict[str, Term]], line_end: str = "\n"
) -> str:
    """The SPARQL 1.1 Query Results CSV Format (which asks for CRLF line ends: ``line_end``)."""
    values = ([term_text(row.get(v)) for v in variables] for row in rows)
    return _csv(list(variables), values, line_end)


def _turtle(triples: Sequence[ox.Triple]) -> str:
    data = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
    assert isinstance(data, bytes)
    return data.decode("utf-8")


# --- the goal tree page ---


def goal_tree_csv(rows: Iterable[dict[str, Any]]) -> str:
    """The rows of the goal tree (depth first), each node with its owner, status, indicators
    and focus areas (IRIs separated by spaces)."""
    header = [
        "depth",
        "parent",
        "iri",
        "type",
        "type_label",
        "label",
        "board",
        "board_label",
        "units",
        "area",
        "focus_areas",
        "status",
        "status_label",
        "indicators",
    ]
    table = []
    for row in rows:
        board = row.get("board") or {}
        table.append(
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
    return _csv(header, table)
