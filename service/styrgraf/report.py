"""Rendering a validation report for people (text) and machines (JSON, Turtle)."""

from __future__ import annotations

import json

from styrgraf.validate import Finding, Report

_HEADINGS = {
    "sv": {
        "conforms": "Modellen följer styrmodellens regler.",
        "fails": "Modellen bryter mot styrmodellens regler.",
        "counts": "{violations} fel och {warnings} varningar i {rules} regler.",
        "Violation": "FEL",
        "Warning": "VARNING",
        "Info": "INFO",
        "value": "värde",
    },
    "en": {
        "conforms": "The model follows the rules of the governance model.",
        "fails": "The model breaks the rules of the governance model.",
        "counts": "{violations} violations and {warnings} warnings in {rules} rules.",
        "Violation": "VIOLATION",
        "Warning": "WARNING",
        "Info": "INFO",
        "value": "value",
    },
}


def render(report: Report, output_format: str) -> str:
    """The report as ``text``, ``json`` or ``turtle`` (an sh:ValidationReport)."""
    if output_format == "json":
        return json.dumps(report.as_dict(), ensure_ascii=False, indent=2) + "\n"
    if output_format == "turtle":
        text: str = report.graph.serialize(format="turtle")
        return text
    return _text(report)


def _text(report: Report) -> str:
    words = _HEADINGS.get(report.lang, _HEADINGS["en"])
    lines = [words["conforms"] if report.conforms else words["fails"]]
    lines.append(
        words["counts"].format(
            violations=report.violations, warnings=report.warnings, rules=len(report.rules)
        )
    )
    for rule in report.rules:
        lines.append("")
        lines.append(f"{words[rule.severity]}  {rule.name}  ({len(rule.findings)})")
        lines.append(f"    {rule.iri}")
        for finding in rule.findings:
            lines.append(f"  - {_node(finding)}")
            detail = finding.message
            if finding.value:
                detail += f" [{words['value']}: {finding.value}]"
            lines.append(f"      {detail}")
    return "\n".join(lines) + "\n"


def _node(finding: Finding) -> str:
    return f"{finding.iri} «{finding.label}»" if finding.label else finding.iri
