"""The shapes of a validation report as the API answers with it (:meth:`Report.as_dict
<styrgraf.model.validation.Report.as_dict>`)."""

from __future__ import annotations

from typing import Literal, TypedDict

Severity = Literal["Violation", "Warning", "Info"]
"""How much a finding weighs: only violations break conformance."""


class ValidationFinding(TypedDict):
    """One result of the rules: the node, the rule it breaks and why, in the chosen language."""

    iri: str
    type: str | None
    label: str | None
    rule: str
    severity: Severity
    path: str | None
    value: str | None
    value_label: str | None
    message: str
    component: str | None


class RuleFindings(TypedDict):
    """A rule that produced findings: its IRI and name, its severity and its findings."""

    rule: str
    name: str
    severity: Severity
    count: int
    findings: list[ValidationFinding]


class ValidationReport(TypedDict):
    """The outcome of validating a model, rule by rule; conforms means no violations."""

    conforms: bool
    violations: int
    warnings: int
    lang: str
    rules: list[RuleFindings]
