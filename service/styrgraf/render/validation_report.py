"""Rendering a validation report for people (text) and machines (JSON, Turtle)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from enum import StrEnum

from styrgraf.i18n.words import number, plural, word
from styrgraf.model.validation import Finding, Report, Rule
from styrgraf.vocabulary import SG


class ReportFormat(StrEnum):
    """How a validation report is written (the value is the format's name on the command line
    and in ``?format=``).

    >>> ReportFormat("turtle") is ReportFormat.TURTLE
    True
    """

    TEXT = "text"
    """For people, in the report's language."""
    JSON = "json"
    """The report as :meth:`~styrgraf.model.validation.Report.as_dict` gives it."""
    TURTLE = "turtle"
    """SHACL's own ``sh:ValidationReport``."""


def render(report: Report, output_format: ReportFormat = ReportFormat.TEXT) -> str:
    """The report as text, JSON or Turtle (an sh:ValidationReport)."""
    if output_format not in tuple(ReportFormat):
        known = ", ".join(ReportFormat)
        raise ValueError(f"unknown report format {output_format!r}; expected one of {known}")
    if output_format == ReportFormat.JSON:
        return json.dumps(report.as_dict(), ensure_ascii=False, indent=2) + "\n"
    if output_format == ReportFormat.TURTLE:
        text: str = report.graph.serialize(format="turtle")
        return text
    return _text(report)


def _text(report: Report) -> str:
    lang = report.lang
    lines = [word("report.conforms", lang) if report.conforms else word("report.fails", lang)]
    counts = {
        "violations": report.violations,
        "warnings": report.warnings,
        "rules": len(report.rules),
    }
    said = {name: plural(f"report.{name}", n, lang) for name, n in counts.items()}
    lines.append(word("report.counts", lang, **said))
    lines += rule_lines(report.rules, lang)
    return "\n".join(lines) + "\n"


def rule_lines(rules: Iterable[Rule], lang: str) -> list[str]:
    """The rules and their findings as the report's text lists them, each rule after an empty
    line."""
    lines = []
    for rule in rules:
        lines.append("")
        severity = word(f"report.severity.{rule.severity}", lang)
        lines.append(f"{severity}  {rule.name}  ({number(len(rule.findings), lang)})")
        lines.append(f"    {_compact(rule.iri)}")
        for finding in rule.findings:
            lines.append(f"  - {_node(finding.iri, finding.label)}")
            detail = _compact(finding.message)
            # A node shape's result names the focus node again as its value: no news.
            if finding.value and finding.value != finding.iri:
                value = _node(finding.value, finding.value_label)
                detail += " [" + word("report.value", lang) + f": {value}]"
            lines.append(f"      {detail}")
    return lines


def by_rule(findings: Iterable[Finding], report: Report) -> list[Rule]:
    """Some of the report's findings, grouped by rule as the report groups them (its rules'
    names and order)."""
    chosen = {id(f) for f in findings}
    grouped = [
        Rule(rule.iri, rule.name, rule.severity, [f for f in rule.findings if id(f) in chosen])
        for rule in report.rules
    ]
    return [rule for rule in grouped if rule.findings]


def _compact(text: str) -> str:
    """Vocabulary IRIs as sg: names, as people write them."""
    return re.sub(re.escape(SG) + r"([A-Za-z][\w-]*)", r"sg:\1", text)


def _node(iri: str, label: str | None) -> str:
    return f"{iri} «{label}»" if label else iri
