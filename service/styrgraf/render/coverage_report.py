"""The coverage and validation reports written out: text for people; CSV of the findings and of
the boards × areas matrix, and Turtle, for machines."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pyoxigraph as ox

from styrgraf.i18n.languages import catalogue_language
from styrgraf.i18n.words import has_word, percent, word
from styrgraf.i18n.words import number as figure
from styrgraf.render.writers import (
    RDF_TYPE,
    csv_text,
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
    return csv_text(FINDING_COLUMNS, ([f.get(c) for c in FINDING_COLUMNS] for f in findings))


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
    return csv_text(VALIDATION_COLUMNS, rows)


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
    return csv_text(header, rows)
