"""Every shape has positive and negative examples; each negative one pins exactly what it raises."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from examples import Expected, base_graph, example_files, load_example
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
