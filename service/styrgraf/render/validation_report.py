"""Rendering a validation report for people (text) and machines (JSON, Turtle)."""

from __future__ import annotations

import json
import re

from styrgraf.i18n.languages import catalogue_language
from styrgraf.model.validation import Report
from styrgraf.vocabulary import SG

_HEADINGS = {
    "sv": {
        "conforms": "Modellen följer styrmodellens regler.",
        "fails": "Modellen bryter mot styrmodellens regler.",
        "counts": "{violations} och {warnings} i {rules}.",
        "Violation": "FEL",
        "Warning": "VARNING",
        "Info": "INFO",
        "value": "värde",
    },
    "en": {
        "conforms": "The model follows the rules of the governance model.",
        "fails": "The model breaks the rules of the governance model.",
        "counts": "{violations} and {warnings} in {rules}.",
        "Violation": "VIOLATION",
        "Warning": "WARNING",
        "Info": "INFO",
        "value": "value",
    },
}


_FORMS = {
    "sv": {
        "violations": ("fel", "fel"),
        "warnings": ("varning", "varningar"),
        "rules": ("regel", "regler"),
    },
    "en": {
        "violations": ("violation", "violations"),
        "warnings": ("warning", "warnings"),
        "rules": ("rule", "rules"),
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
    words = _HEADINGS[catalogue_language(report.lang)]
    lines = [words["conforms"] if report.conforms else words["fails"]]
    counts = {
        "violations": report.violations,
        "warnings": report.warnings,
        "rules": len(report.rules),
    }
    forms = _FORMS[catalogue_language(report.lang)]
    lines.append(words["counts"].format(**{k: _count(n, forms[k]) for k, n in counts.items()}))
    for rule in report.rules:
        lines.append("")
        lines.append(f"{words[rule.severity]}  {rule.name}  ({len(rule.findings)})")
        lines.append(f"    {_compact(rule.iri)}")
        for finding in rule.findings:
            lines.append(f"  - {_node(finding.iri, finding.label)}")
            detail = _compact(finding.message)
            # A node shape's result names the focus node again as its value: no news.
            if finding.value and finding.value != finding.iri:
                detail += f" [{words['value']}: {_node(finding.value, finding.value_label)}]"
            lines.append(f"      {detail}")
    return "\n".join(lines) + "\n"


def _count(number: int, forms: tuple[str, str]) -> str:
    return f"{number} {forms[0] if number == 1 else forms[1]}"


def _compact(text: str) -> str:
    """Vocabulary IRIs as sg: names, as people write them."""
    return re.sub(re.escape(SG) + r"([A-Za-z][\w-]*)", r"sg:\1", text)


def _node(iri: str, label: str | None) -> str:
    return f"{iri} «{label}»" if label else iri
