"""Why a write was refused (:func:`styrgraf.store.replacement.check_write`), as the command
line says it: each finding of personal data on a line of its own, or else the violations the
write would add, rule by rule, and apart from them those the store had before and keeps; as
JSON, the findings as ``POST /store`` answers them (``error`` and ``findings``), or the
validation report with the violations told apart (``added``, ``existing``, ``resolved``)."""

from __future__ import annotations

import json

from styrgraf.i18n.words import plural, word
from styrgraf.model.privacy import summary
from styrgraf.render.validation_report import ReportFormat, by_rule, render, rule_lines
from styrgraf.render.writers import to_json
from styrgraf.store.replacement import WriteCheck


def refusal(checked: WriteCheck, as_json: bool = False) -> str:
    """What refused the write: the findings of personal data when there are any (the shapes
    were then not checked), else the violations it would add, in the report's language."""
    if checked.findings:
        if as_json:
            findings = [finding.as_dict() for finding in checked.findings]
            return to_json({"error": summary(checked.findings), "findings": findings})
        return "".join(f"{finding.message}\n" for finding in checked.findings)
    report, delta = checked.report, checked.delta
    if report is None:
        return ""
    if delta is None:
        return render(report, ReportFormat.JSON if as_json else ReportFormat.TEXT)
    if as_json:
        body = {**report.as_dict(), **delta.as_dict()}
        return json.dumps(body, ensure_ascii=False, indent=2) + "\n"
    lang = report.lang
    lines = [
        word(
            "write-check.added",
            lang,
            violations=plural("report.violations", len(delta.added), lang),
        )
    ]
    lines += rule_lines(by_rule(delta.added, report), lang)
    if delta.existing:
        count = plural("report.violations", len(delta.existing), lang)
        lines += ["", word("write-check.existing", lang, violations=count)]
        lines += rule_lines(by_rule(delta.existing, report), lang)
    return "\n".join(lines) + "\n"
