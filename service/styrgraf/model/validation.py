"""Checking a model against the rules of its styrmodell (the SHACL shapes in ``shapes/``).

The data (every named graph folded into one, since development plans in the private graph point
at goals in the public one) is validated with the vocabulary mixed in, so that subclasses count
for ``sh:class`` and targets. Every constraint runs on pyoxigraph, once over all its focus nodes:
the SHACL-SPARQL ones (:mod:`styrgraf.model.constraints`) and the core ones, compiled to SPARQL
(:mod:`styrgraf.model.core_constraints`); pySHACL, on rdflib's in-memory graph, is the reference
(:class:`Engine`).

The data comes first, then the options, by keyword: :func:`validate_paths` (files and
folders), :func:`validate_quads` (what a store holds), :func:`validate_graph` (an rdflib graph).
A finding's :class:`Severity` and the :class:`Engine` are enums whose values are the names the
reports and the command line use.
"""

from __future__ import annotations

import warnings
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from pyshacl import validate as shacl_validate
from pyshacl.errors import ReportableRuntimeError as PySHACLError
from rdflib import RDF, RDFS, SH, BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import Node

from styrgraf.i18n.languages import label_rank
from styrgraf.model import constraints, core_constraints
from styrgraf.model.bundled import ontology_files, shapes_files
from styrgraf.model.load import merged, read_dataset, read_graph, to_rdflib
from styrgraf.model.privacy import personal_data_results
from styrgraf.model.validation_shapes import Severity, ValidationFinding, ValidationReport
from styrgraf.vocabulary import SG


class Engine(StrEnum):
    """What evaluates the shapes. ``oxigraph`` (the default): pyoxigraph, each constraint once
    over all its focus nodes, the core ones compiled to SPARQL (pySHACL only for a shape the
    compiler does not support). ``mixed``: pySHACL for the core constraints, pyoxigraph for the
    SHACL-SPARQL ones (the default before the core ones were compiled; kept for the benchmark).
    ``pyshacl``: pySHACL for everything, once per focus node (the reference)."""

    OXIGRAPH = "oxigraph"
    MIXED = "mixed"
    PYSHACL = "pyshacl"


@lru_cache(maxsize=512)
def _prepared(text: str) -> Query:
    return prepareQuery(text)


class _ValidationGraph(Graph):
    """An in-memory graph that parses each SPARQL text once.

    pySHACL runs a SHACL-SPARQL constraint once per focus node with the same text and other
    bindings; rdflib would parse it every time, which was most of the cost of validation.
    """

    def query(self, query_object: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(query_object, str):
            query_object = _prepared(query_object)
        return super().query(query_object, *args, **kwargs)


class ValidationError(Exception):
    """The validator itself failed (a broken shape, say): not a finding about the data."""


@dataclass
class Finding:
    """One validation result, with what a person needs to act on it."""

    rule: str
    severity: Severity
    iri: str
    type: str | None
    label: str | None
    message: str
    path: str | None = None
    value: str | None = None
    value_label: str | None = None
    component: str | None = None

    def as_dict(self) -> ValidationFinding:
        return {
            "iri": self.iri,
            "type": self.type,
            "label": self.label,
            "rule": self.rule,
            "severity": self.severity,
            "path": self.path,
            "value": self.value,
            "value_label": self.value_label,
            "message": self.message,
            "component": self.component,
        }


@dataclass
class Rule:
    """A shape that produced findings: its IRI, its name in the chosen language, its findings."""

    iri: str
    name: str
    severity: Severity
    findings: list[Finding] = field(default_factory=list)


@dataclass
class Report:
    """The outcome of validating a model: conforms means no violations (warnings allowed)."""

    findings: list[Finding]
    rules: list[Rule]
    graph: Graph
    lang: str

    @property
    def violations(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.VIOLATION)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.WARNING)

    @property
    def conforms(self) -> bool:
        return self.violations == 0

    def with_findings(self, extra: list[Finding], shapes: Graph | None = None) -> Report:
        """This report with ``extra`` findings from checks that SHACL does not run (the
        follow-up's, :mod:`styrgraf.analysis.follow_up_checks`), each also written into the
        report's graph as an ``sh:ValidationResult`` of its rule."""
        if not extra:
            return self
        shapes = shapes if shapes is not None else load_shapes()
        graph = Graph()
        graph += self.graph
        report = graph.value(predicate=RDF.type, object=SH.ValidationReport)
        for finding in extra:
            result = BNode()
            graph.add((result, RDF.type, SH.ValidationResult))
            graph.add((result, SH.focusNode, URIRef(finding.iri)))
            graph.add((result, SH.sourceShape, URIRef(finding.rule)))
            graph.add((result, SH.resultSeverity, URIRef(finding.severity.iri)))
            graph.add((result, SH.resultMessage, Literal(finding.message, lang=self.lang)))
            if report is not None:
                graph.add((report, SH.result, result))
        _set_conforms(graph)
        findings = sorted(
            [*self.findings, *extra],
            key=lambda f: (f.severity is not Severity.VIOLATION, f.rule, f.iri, f.value or ""),
        )
        return Report(findings, _group(findings, shapes, self.lang), graph, self.lang)

    def as_dict(self) -> ValidationReport:
        return {
            "conforms": self.conforms,
            "violations": self.violations,
            "warnings": self.warnings,
            "lang": self.lang,
            "rules": [
                {
                    "rule": rule.iri,
                    "name": rule.name,
                    "severity": rule.severity,
                    "count": len(rule.findings),
                    "findings": [f.as_dict() for f in rule.findings],
                }
                for rule in self.rules
            ],
        }


def load_shapes(paths: Iterable[str | Path] | None = None) -> Graph:
    """The SHACL profile: the bundled shapes, or the files and folders given."""
    return read_graph(list(paths) if paths else shapes_files())


def load_ontology() -> Graph:
    """The bundled vocabulary."""
    return read_graph(ontology_files())


def validate_graph(
    data: Graph,
    *,
    shapes: Graph | None = None,
    ontology: Graph | None = None,
    lang: str = "sv",
    engine: Engine = Engine.OXIGRAPH,
    dataset: Dataset | None = None,
    private: Collection[str] | None = None,
) -> Report:
    """Validate ``data`` against the shapes and describe every result in ``lang`` (a language tag:
    the shapes' and the data's texts are chosen by :func:`styrgraf.i18n.languages.label_rank`).

    With the ``oxigraph`` engine (the default) every constraint runs once, over all its focus
    nodes, on one pyoxigraph store of the data and the vocabulary: the SHACL-SPARQL ones as they
    are written, the core ones compiled to SPARQL (:mod:`styrgraf.model.core_constraints`; a
    shape the compiler does not support is left to pySHACL). With ``mixed`` pySHACL evaluates
    the core constraints and pyoxigraph the SHACL-SPARQL ones; with ``pyshacl`` pySHACL
    evaluates everything. All give the same findings (tests hold them to it). Given
    the ``dataset`` the data came from, its named graphs are checked for personal data outside a
    private graph: those it declares ``sg:PrivateGraph``, and the ``private`` ones (a service's
    own list, which the data can add to but not take from).
    """
    if engine not in tuple(Engine):
        known = ", ".join(Engine)
        raise ValueError(f"unknown validation engine {engine!r}; expected one of {known}")
    shapes = shapes if shapes is not None else load_shapes()
    ontology = ontology if ontology is not None else load_ontology()
    try:
        if engine == Engine.OXIGRAPH:
            results = _on_the_store(data, shapes, ontology)
        else:
            core, sparql = constraints.extract(shapes) if engine == Engine.MIXED else (shapes, [])
            results = _pyshacl(core, data, ontology)
            if sparql:
                store = constraints.store_for(data, ontology)
                constraints.evaluate(sparql, shapes, store, results)
    except (PySHACLError, SyntaxError, ValueError) as error:
        # A broken shape (a SPARQL syntax error, an unknown constraint) is the profile's fault,
        # not the data's: say so, rather than report it as a finding or crash.
        raise ValidationError(f"the shapes cannot be used: {error}") from error
    if dataset is not None:
        personal_data_results(dataset, shapes, results, private or ())
    _set_conforms(results)
    findings = _findings(results, data, shapes, ontology, lang)
    return Report(findings=findings, rules=_group(findings, shapes, lang), graph=results, lang=lang)


def _on_the_store(data: Graph, shapes: Graph, ontology: Graph) -> Graph:
    """Every constraint pyoxigraph can evaluate, on one store of the data and the vocabulary;
    pySHACL gets only the targeted shapes the compiler left (none, for the bundled rules)."""
    core, sparql = constraints.extract(shapes)
    checks, compiled = core_constraints.compile_shapes(shapes, core)
    for shape in compiled:
        core.set((shape, SH.deactivated, Literal(True)))
    left = [s for s in constraints.targeted_shapes(core) if not constraints.is_deactivated(core, s)]
    results = _pyshacl(core, data, ontology) if left else _empty_report(shapes)
    store = constraints.store_for(data, ontology)
    core_constraints.evaluate(checks, store, results)
    constraints.evaluate(sparql, shapes, store, results)
    return results


def _pyshacl(shapes: Graph, data: Graph, ontology: Graph) -> Graph:
    """pySHACL's report on the data with the vocabulary mixed in."""
    # The whole vocabulary is mixed in, not only its axioms as pySHACL's ont_graph would: the
    # SKOS concepts (statuses, directions) are instances that sh:class and sh:in look at.
    combined = _ValidationGraph()
    combined += data
    combined += ontology
    with warnings.catch_warnings():
        # Comparing an ill-typed literal (a date that is no date) makes rdflib warn deep in
        # pySHACL; the shapes report the literal itself, so the warning tells nobody anything.
        warnings.simplefilter("ignore", DeprecationWarning)
        _conforms, results, _text = shacl_validate(
            combined,
            shacl_graph=shapes,
            inference="none",
            abort_on_first=False,
            allow_warnings=True,
        )
    if not isinstance(results, Graph):
        raise ValidationError(str(results))
    return results


def _empty_report(shapes: Graph) -> Graph:
    """A report with no result yet, as pySHACL starts one (the profile's prefixes bound)."""
    report = Graph(bind_namespaces="core")
    for prefix, namespace in shapes.namespace_manager.namespaces():
        report.namespace_manager.bind(prefix, namespace)
    node = BNode()
    report.add((node, RDF.type, SH.ValidationReport))
    report.add((node, SH.conforms, Literal(True)))
    return report


def _set_conforms(results: Graph) -> None:
    """sh:conforms is false when any result is a violation (warnings do not count)."""
    report = results.value(predicate=RDF.type, object=SH.ValidationReport)
    if report is None:
        return
    violated = any(
        results.value(r, SH.resultSeverity) == SH.Violation
        for r in results.objects(report, SH.result)
    )
    results.set((report, SH.conforms, Literal(not violated)))


def validate_paths(
    paths: Iterable[str | Path],
    *,
    shapes_paths: Iterable[str | Path] | None = None,
    lang: str = "sv",
) -> Report:
    """Read the files and folders (nothing is kept if one fails to parse) and validate them.

    Every named graph is folded into one model for the shapes; the named graphs themselves are
    checked for personal data outside a private graph (sg:PersonalData-privateGraph).
    """
    dataset = read_dataset(paths)
    return validate_graph(
        merged(dataset), shapes=load_shapes(shapes_paths), lang=lang, dataset=dataset
    )


def validate_quads(
    quads: Iterable[ox.Quad],
    *,
    shapes_paths: Iterable[str | Path] | None = None,
    lang: str = "sv",
    private: Collection[str] | None = None,
) -> Report:
    """Validate quads read from a store, exactly as :func:`validate_paths` validates files;
    ``private``: the graphs the store keeps private besides those the quads declare."""
    dataset = Dataset()
    for quad in quads:
        name = quad.graph_name
        graph = DATASET_DEFAULT_GRAPH_ID if isinstance(name, ox.DefaultGraph) else to_rdflib(name)
        dataset.graph(graph).add(  # type: ignore[arg-type]
            (to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object))
        )
    return validate_graph(
        merged(dataset),
        shapes=load_shapes(shapes_paths),
        lang=lang,
        dataset=dataset,
        private=private,
    )


def _text(graph: Graph, node: Node, predicate: URIRef, lang: str) -> str | None:
    """The value of ``predicate`` that best suits ``lang`` (the rule of
    :func:`styrgraf.i18n.languages.label_rank`: ``sv`` for ``sv-SE``, Swedish for ``fi``)."""
    values = [o for o in graph.objects(node, predicate) if isinstance(o, Literal)]
    if not values:
        return None
    return str(min(values, key=lambda value: (label_rank(value.language, lang), str(value))))


def _type_of(data: Graph, node: Node) -> str | None:
    """The node's sg: class if it has one (the most telling), else any class it has."""
    types = sorted(str(t) for t in data.objects(node, RDF.type))
    sg_types = [t for t in types if t.startswith(SG)]
    chosen = sg_types or types
    return chosen[0] if chosen else None


def _term(node: Node | None) -> str | None:
    return None if node is None else str(node)


def _value_label(data: Graph, vocabulary: Graph, value: Node, lang: str) -> str | None:
    """What an offending value is called: the model's label for it, else the vocabulary's (a
    status, one of the UN's global goals)."""
    return _text(data, value, RDFS.label, lang) or _text(vocabulary, value, RDFS.label, lang)


def _findings(
    results: Graph, data: Graph, shapes: Graph, vocabulary: Graph, lang: str
) -> list[Finding]:
    findings = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        shape = results.value(result, SH.sourceShape)
        if focus is None or shape is None:
            continue
        severity = results.value(result, SH.resultSeverity)
        message = _text(results, result, SH.resultMessage, lang)
        path = results.value(result, SH.resultPath)
        value = results.value(result, SH.value)
        findings.append(
            Finding(
                rule=str(shape),
                severity=Severity.of(severity),
                iri=str(focus),
                type=_type_of(data, focus),
                label=_text(data, focus, RDFS.label, lang),
                message=message or _text(shapes, shape, SH.message, lang) or "",
                # A complex path (a sequence, an inverse) is a blank node: not worth printing.
                path=str(path) if isinstance(path, URIRef) else None,
                value=_term(value),
                value_label=None if value is None else _value_label(data, vocabulary, value, lang),
                component=_term(results.value(result, SH.sourceConstraintComponent)),
            )
        )
    findings.sort(
        key=lambda f: (f.severity is not Severity.VIOLATION, f.rule, f.iri, f.value or "")
    )
    return findings


@dataclass(frozen=True)
class RuleText:
    """What a rule of the profile says, for people: its name, severity and explanation."""

    iri: str
    name: str
    severity: Severity
    explanation: str


def describe_rules(shapes: Graph, lang: str = "sv") -> list[RuleText]:
    """Every named rule (a shape with ``sh:name``) of the profile, violations first.

    The explanation is the shape's ``sh:description`` in ``lang`` when it has one, else its
    message: its own, or that of its SPARQL constraint, its property shapes or its component.
    """
    described: list[RuleText] = []
    for shape in {s for s in shapes.subjects(SH.name, None) if isinstance(s, URIRef)}:
        owners: list[Node] = [shape, *shapes.objects(shape, SH.property)]
        severities = {shapes.value(o, SH.severity) for o in owners} - {None}
        sources: list[Node] = [*owners, *shapes.objects(shape, SH.sparql)]
        if (shape, URIRef(SG + "upwardClass"), None) in shapes:
            sources.append(URIRef(SG + "UpwardLinkValidator"))
        explanation = _text(shapes, shape, SH.description, lang) or next(
            (m for m in (_text(shapes, s, SH.message, lang) for s in sources) if m), ""
        )
        described.append(
            RuleText(
                iri=str(shape),
                name=_text(shapes, shape, SH.name, lang) or str(shape),
                severity=Severity.WARNING if SH.Warning in severities else Severity.VIOLATION,
                explanation=explanation,
            )
        )
    return sorted(described, key=lambda r: (r.severity is not Severity.VIOLATION, r.name.lower()))


def _group(findings: list[Finding], shapes: Graph, lang: str) -> list[Rule]:
    rules: dict[str, Rule] = {}
    for finding in findings:
        rule = rules.get(finding.rule)
        if rule is None:
            name = _text(shapes, URIRef(finding.rule), SH.name, lang) or finding.rule
            rule = rules[finding.rule] = Rule(
                iri=finding.rule, name=name, severity=finding.severity
            )
        rule.findings.append(finding)
    return sorted(rules.values(), key=lambda r: (r.severity is not Severity.VIOLATION, r.iri))
