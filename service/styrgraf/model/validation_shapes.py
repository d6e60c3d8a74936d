"""The shapes of a validation report as the API answers with it (:meth:`Report.as_dict
<styrgraf.model.validation.Report.as_dict>`)."""

from __future__ import annotations

from enum import StrEnum
from typing import TypedDict

from rdflib import SH
from rdflib.term import Node


class Severity(StrEnum):
    """How much a finding weighs: SHACL's ``sh:Violation``, ``sh:Warning`` or ``sh:Info``. A
    model conforms when it has no violation.

    >>> Severity.of(SH.Warning), Severity.of(SH.Violation).iri
    (<Severity.WARNING: 'Warning'>, 'http://www.w3.org/ns/shacl#Violation')
    >>> Severity.of(None) == "Violation"
    True
    """

    VIOLATION = "Violation"
    WARNING = "Warning"
    INFO = "Info"

    @property
    def iri(self) -> str:
        return str(SH) + self.value

    @classmethod
    def of(cls, iri: Node | None) -> Severity:
        """The severity ``sh:resultSeverity`` names; a violation for any other (a severity of
        a profile's own counts as the gravest)."""
        return next((s for s in cls if iri is not None and str(iri) == s.iri), cls.VIOLATION)


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
