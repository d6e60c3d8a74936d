"""Every shape has positive and negative examples; each negative one pins exactly what it raises."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from rdflib import SH, Graph, Literal, URIRef

from examples import Expected, base_graph, example_files, load_example
from styrgraf.model import constraints
from styrgraf.model.bundled import shapes_files
from styrgraf.model.load import read_graph
from styrgraf.model.validation import Engine, Report, Severity, validate_graph
from styrgraf.render.validation_report import ReportFormat, render

BASE = base_graph()


def _found(report: Report, severity: str) -> set[Expected]:
    return {(f.rule, f.iri, f.path) for f in report.findings if f.severity == severity}


def test_base_model_conforms_without_warnings(shapes: Graph, ontology: Graph) -> None:
    report = validate_graph(BASE, shapes=shapes, ontology=ontology)
    assert [f.as_dict() for f in report.findings] == []


@pytest.mark.parametrize("path", example_files("valid"), ids=lambda p: p.stem)
def test_valid_example(path: Path, shapes: Graph, ontology: Graph) -> None:
    example = load_example(path, BASE)
    report = validate_graph(example.graph, shapes=shapes, ontology=ontology)
    assert _found(report, "Violation") == set()
    assert _found(report, "Warning") == example.warnings


@pytest.mark.parametrize("path", example_files("invalid"), ids=lambda p: p.stem)
def test_invalid_example(path: Path, shapes: Graph, ontology: Graph) -> None:
    example = load_example(path, BASE)
    assert example.violations or example.warnings, f"{path.name} expects nothing"
    report = validate_graph(example.graph, shapes=shapes, ontology=ontology)
    assert _found(report, "Violation") == example.violations
    assert _found(report, "Warning") == example.warnings


@pytest.mark.parametrize(
    "path",
    example_files("valid") + example_files("invalid"),
    ids=lambda p: p.parent.name + "/" + p.stem,
)
def test_both_engines_give_the_same_findings(path: Path, shapes: Graph, ontology: Graph) -> None:
    """Every constraint on pyoxigraph (the default) and on pySHACL's own engine agree.

    Everything must be identical, the message too but a SPARQL constraint's: pySHACL drops the
    language tag of that message when it fills in its placeholders, so its choice of language is
    not one to compare with.
    """
    graph = load_example(path, BASE).graph
    fast = validate_graph(
        graph, shapes=shapes, ontology=ontology, lang="en", engine=Engine.OXIGRAPH
    )
    reference = validate_graph(
        graph, shapes=shapes, ontology=ontology, lang="en", engine=Engine.PYSHACL
    )

    def essentials(report: Report) -> list[tuple[str, ...]]:
        return sorted(
            tuple(
                part or ""
                for part in (
                    *(f.rule, f.severity, f.iri, f.type, f.label, f.path, f.value, f.component),
                    f.message if _core(f.component) else None,
                )
            )
            for f in report.findings
        )

    assert essentials(fast) == essentials(reference)
    assert fast.conforms == reference.conforms


def _core(component: str | None) -> bool:
    """A SHACL core constraint component (no SPARQL-based one)."""
    return bool(component and component.startswith(str(SH))) and "SPARQL" not in component


@pytest.mark.parametrize("path", example_files("invalid"), ids=lambda p: p.stem)
def test_messages_come_in_the_language_asked_for(
    path: Path, shapes: Graph, ontology: Graph
) -> None:
    graph = load_example(path, BASE).graph

    def messages(lang: str) -> list[tuple[str, str, str | None, str]]:
        report = validate_graph(graph, shapes=shapes, ontology=ontology, lang=lang)
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
    report = validate_graph(BASE, shapes=profile, ontology=ontology, engine=Engine.OXIGRAPH)
    assert [f.iri for f in report.findings] == ["https://example.org/exempelkommun/vision"]


# --- every rule explained in plain words ---

# A prefixed name such as "sg:realises" or "xsd:date": a lower-case word, a colon, then a letter.
PREFIXED_NAME = re.compile(r"\b[a-z][A-Za-z0-9-]*:[A-Za-z_]")
# Words of the data format, not of the governance model.
JARGON = re.compile(r"\b(nod|noden|noder|node|nodes|property|properties|IRI|literal)\b", re.I)


@pytest.mark.parametrize("path", shapes_files(), ids=lambda p: p.stem)
def test_every_named_rule_has_a_plain_description_in_both_languages(path: Path) -> None:
    graph = read_graph([path])
    named = {s for s in graph.subjects(SH.name, None) if isinstance(s, URIRef)}
    assert len(named) >= 10, path.name
    for shape in named:
        texts = [d for d in graph.objects(shape, SH.description) if isinstance(d, Literal)]
        assert sorted(str(d.language) for d in texts) == ["en", "sv"], shape
        for text in texts:
            assert "sg:" not in text, (shape, str(text))
            assert not PREFIXED_NAME.search(text), (shape, str(text))
            assert not JARGON.search(text), (shape, str(text))
            assert "{" not in text, (shape, str(text))


def test_the_plain_words_check_catches_jargon() -> None:
    """The patterns above find what they are there to find, and leave ordinary prose alone."""
    for jargon in ("Länken (sg:realises) saknas.", "ett datum (xsd:date)", "The node is here."):
        assert PREFIXED_NAME.search(jargon) or JARGON.search(jargon), jargon
    for prose in (
        "Strukturen består av två delar: struktur och kultur.",
        "Varje nämnd ska ha ett eller två övergripande mål, till exempel 2019–2022.",
    ):
        assert not PREFIXED_NAME.search(prose) and not JARGON.search(prose), prose


def test_a_finding_has_a_severity_that_reads_as_its_name(shapes: Graph, ontology: Graph) -> None:
    """Severity is an enum, and reads as SHACL's name in the report, its JSON and its text."""
    path = next(p for p in example_files("invalid") if load_example(p, BASE).violations)
    report = validate_graph(load_example(path, BASE).graph, shapes=shapes, ontology=ontology)
    severities = {f.severity for f in report.findings}
    assert Severity.VIOLATION in severities and severities <= set(Severity)
    assert report.violations == sum(f.severity is Severity.VIOLATION for f in report.findings)
    written = json.loads(render(report, ReportFormat.JSON))
    assert {f["severity"] for r in written["rules"] for f in r["findings"]} <= {
        "Violation",
        "Warning",
        "Info",
    }
    assert "\nFEL  " in render(report, ReportFormat.TEXT)  # the Swedish word for a violation
    assert Severity.of(SH.Info) is Severity.INFO and Severity.of(None) is Severity.VIOLATION


def test_an_unknown_engine_or_report_format_is_refused_by_name(
    shapes: Graph, ontology: Graph
) -> None:
    with pytest.raises(
        ValueError, match=r"engine 'fast'; expected one of oxigraph, mixed, pyshacl$"
    ):
        validate_graph(BASE, shapes=shapes, ontology=ontology, engine="fast")
    report = validate_graph(BASE, shapes=shapes, ontology=ontology)
    with pytest.raises(ValueError, match=r"format 'pdf'; expected one of text, json, turtle$"):
        render(report, "pdf")
    # The names the command line and the query string use are the members' values.
    assert render(report, "turtle") == render(report, ReportFormat.TURTLE)
