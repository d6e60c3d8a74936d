"""Every shape has positive and negative examples; each negative one pins exactly what it raises."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import SH, Graph

from examples import Expected, base_graph, example_files, load_example
from styrgraf import constraints
from styrgraf.validate import Report, validate_graph

BASE = base_graph()


def _found(report: Report, severity: str) -> set[Expected]:
    return {(f.rule, f.iri, f.path) for f in report.findings if f.severity == severity}


def test_base_model_conforms_without_warnings(shapes: Graph, ontology: Graph) -> None:
    report = validate_graph(BASE, shapes, ontology)
    assert [f.as_dict() for f in report.findings] == []


@pytest.mark.parametrize("path", example_files("valid"), ids=lambda p: p.stem)
def test_valid_example(path: Path, shapes: Graph, ontology: Graph) -> None:
    example = load_example(path, BASE)
    report = validate_graph(example.graph, shapes, ontology)
    assert _found(report, "Violation") == set()
    assert _found(report, "Warning") == example.warnings


@pytest.mark.parametrize("path", example_files("invalid"), ids=lambda p: p.stem)
def test_invalid_example(path: Path, shapes: Graph, ontology: Graph) -> None:
    example = load_example(path, BASE)
    assert example.violations or example.warnings, f"{path.name} expects nothing"
    report = validate_graph(example.graph, shapes, ontology)
    assert _found(report, "Violation") == example.violations
    assert _found(report, "Warning") == example.warnings


@pytest.mark.parametrize(
    "path",
    example_files("valid") + example_files("invalid"),
    ids=lambda p: p.parent.name + "/" + p.stem,
)
def test_both_engines_give_the_same_findings(path: Path, shapes: Graph, ontology: Graph) -> None:
    """SHACL-SPARQL on pyoxigraph (the default) and on pySHACL's own engine agree.

    Everything but the message must be identical: pySHACL drops the language tag of a SPARQL
    constraint's message when it fills in its placeholders, so its choice of language is not one
    to compare with.
    """
    graph = load_example(path, BASE).graph
    fast = validate_graph(graph, shapes, ontology, lang="en", engine="oxigraph")
    reference = validate_graph(graph, shapes, ontology, lang="en", engine="pyshacl")

    def essentials(report: Report) -> list[tuple[str | None, ...]]:
        return sorted(
            (f.rule, f.severity, f.iri, f.type, f.label, f.path, f.value, f.component)
            for f in report.findings
        )

    assert essentials(fast) == essentials(reference)
    assert fast.conforms == reference.conforms


@pytest.mark.parametrize("path", example_files("invalid"), ids=lambda p: p.stem)
def test_messages_come_in_the_language_asked_for(
    path: Path, shapes: Graph, ontology: Graph
) -> None:
    graph = load_example(path, BASE).graph

    def messages(lang: str) -> list[tuple[str, str, str | None, str]]:
        report = validate_graph(graph, shapes, ontology, lang=lang)
        return sorted((f.rule, f.iri, f.value, f.message) for f in report.findings)

    swedish, english = messages("sv"), messages("en")
    assert len(swedish) == len(english)
    for sv, en in zip(swedish, english, strict=True):
        assert sv[:3] == en[:3]
        assert sv[3] and en[3] and sv[3] != en[3], f"{sv[0]} has the same message in both languages"


IMPLICIT = """@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix sg: <https://w3id.org/styrgraf#> .
sg:Vision a rdfs:Class, sh:NodeShape ;
    sh:sparql [ sh:message "always"@en ; sh:select "SELECT $this WHERE { }" ] .
"""


def test_a_shape_that_is_a_class_runs_on_pyoxigraph_for_its_instances(ontology: Graph) -> None:
    """An implicit class target is a target: the constraint is taken from pySHACL and run here."""
    profile = Graph().parse(data=IMPLICIT, format="turtle")
    core, sparql = constraints.extract(profile)
    assert [str(c.shape) for c in sparql] == ["https://w3id.org/styrgraf#Vision"]
    assert (None, SH.sparql, None) not in core
    report = validate_graph(BASE, profile, ontology, engine="oxigraph")
    assert [f.iri for f in report.findings] == ["https://example.org/exempelkommun/vision"]
