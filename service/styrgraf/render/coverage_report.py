"""The coverage and validation reports written out: text for people; tables (CSV, a workbook)
of the findings and of the boards × areas matrix, and Turtle."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pyoxigraph as ox

from styrgraf.i18n.languages import catalogue_language
from styrgraf.i18n.words import N_, has_word, percent, word
from styrgraf.i18n.words import number as figure
from styrgraf.render import columns
from styrgraf.render.tables import Table, table
from styrgraf.render.writers import (
    RDF_TYPE,
    turtle_text,
)
from styrgraf.vocabulary import SG


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
    columns.CATEGORY,
    columns.CODE,
    columns.IRI,
    columns.TYPE,
    columns.LABEL,
    columns.BOARD,
    columns.BOARD_LABEL,
    columns.AREA,
    columns.AREA_LABEL,
    columns.MISSING_LINK,
    columns.AT,
    columns.REASON,
)


def findings_table(findings: Iterable[Mapping[str, Any]]) -> Table:
    """The coverage findings, orphans and uncovered, one a row."""
    rows = [[f.get(c.key) for c in FINDING_COLUMNS] for f in findings]
    return table(N_("table.findings"), FINDING_COLUMNS, rows)


VALIDATION_COLUMNS = (
    columns.SEVERITY,
    columns.RULE,
    columns.RULE_NAME,
    columns.IRI,
    columns.TYPE,
    columns.LABEL,
    columns.PROPERTY,
    columns.VALUE,
    columns.VALUE_LABEL,
    columns.MESSAGE,
)


def validation_table(report: Mapping[str, Any]) -> Table:
    """The findings of a validation report (:meth:`styrgraf.model.validation.Report.as_dict`), one
    per row, rule by rule."""
    rows = [
        [rule["name"] if c is columns.RULE_NAME else finding.get(c.key) for c in VALIDATION_COLUMNS]
        for rule in report["rules"]
        for finding in rule["findings"]
    ]
    return table(N_("table.validation"), VALIDATION_COLUMNS, rows)


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
    return turtle_text(triples)


MATRIX_COLUMNS = (
    columns.BOARD,
    columns.BOARD_LABEL,
    columns.AREA,
    columns.AREA_LABEL,
    columns.OVERARCHING_GOALS,
    columns.BOARD_GOALS,
    columns.ACTIVITIES,
    columns.CELL_STATUS,
)


def matrix_table(report: Mapping[str, Any]) -> Table:
    """The cells of the boards × strategic areas matrix, one a row, with their counts."""
    rows = [[c[column.key] for column in MATRIX_COLUMNS] for c in report["matrix"]["cells"]]
    return table(N_("table.matrix"), MATRIX_COLUMNS, rows)
