"""Why a write was refused (:func:`styrgraf.store.replacement.check_write`), as the command
line says it: each finding of personal data on a line of its own, or else the validation
report; as JSON, the findings as ``POST /store`` answers them (``error`` and ``findings``), or
the report."""

from __future__ import annotations

from styrgraf.model.privacy import summary
from styrgraf.render.validation_report import ReportFormat, render
from styrgraf.render.writers import to_json
from styrgraf.store.replacement import WriteCheck


def refusal(checked: WriteCheck, as_json: bool = False) -> str:
    """What refused the write: the findings of personal data when there are any (the shapes
    were then not checked), else the validation report."""
    if checked.findings:
        if as_json:
            findings = [finding.as_dict() for finding in checked.findings]
            return to_json({"error": summary(checked.findings), "findings": findings})
        return "".join(f"{finding.message}\n" for finding in checked.findings)
    if checked.report is None:
        return ""
    return render(checked.report, ReportFormat.JSON if as_json else ReportFormat.TEXT)
