"""The core constraints compiled to SPARQL (the default engine) find exactly what pySHACL finds.

Every compiled component has a shape of its own in a small profile, and a node that breaks it
beside nodes that keep it; the bundled rules are checked on generated models with defects planted
by the generator and more planted here. Findings are compared whole: rule, focus node, path,
value, severity, component and message.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from rdflib import RDF, SH, XSD, BNode, Graph, Literal, Namespace, URIRef

from styrgraf.generator.generate import generate
from styrgraf.model import constraints, core_constraints
from styrgraf.model.load import to_rdflib
from styrgraf.model.validation import Engine, Finding, Report, validate_graph
from styrgraf.vocabulary import SG as SG_IRI

EX = Namespace("https://example.org/core/")
SG = Namespace(SG_IRI)
DESCRIPTION = URIRef("http://purl.org/dc/terms/description")

PROFILE = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <https://example.org/core/> .

ex:Thing-one a sh:PropertyShape ; sh:targetClass ex:Thing ; sh:path ex:one ;
    sh:minCount 1 ; sh:maxCount 1 ; sh:message "exactly one"@en, "exakt en"@sv .
ex:Thing-kind a sh:PropertyShape ; sh:targetClass ex:Thing ; sh:path ex:kind ;
    sh:class ex:Kind ; sh:message "not a kind"@en .
ex:Thing-date a sh:PropertyShape ; sh:targetClass ex:Thing ; sh:path ex:date ;
    sh:datatype xsd:date ; sh:message "not a date"@en .
ex:Thing-name a sh:PropertyShape ; sh:targetClass ex:Thing ; sh:path ex:name ;
    sh:datatype xsd:string ; sh:pattern "^[A-Z][a-z]+$" ; sh:minLength 3 ; sh:maxLength 6 ;
    sh:message "not a name"@en .
ex:Thing-link a sh:PropertyShape ; sh:targetClass ex:Thing ; sh:path ex:link ;
    sh:nodeKind sh:IRI ; sh:severity sh:Warning ; sh:message "not a link"@en .
ex:Thing-colour a sh:PropertyShape ; sh:targetClass ex:Thing ; sh:path ex:colour ;
    sh:in ( ex:Red ex:Blue ) ; sh:message "not a colour"@en .
ex:Thing-owner a sh:PropertyShape ; sh:targetClass ex:Thing ; sh:path ex:owner ;
    sh:or ( ex:PersonNode ex:GroupNode ) ; sh:message "not an owner"@en .
ex:PersonNode a sh:NodeShape ; sh:class ex:Person .
ex:GroupNode a sh:NodeShape ; sh:class ex:Group .
ex:Thing-tied a sh:NodeShape ; sh:targetClass ex:Thing ;
    sh:or ( ex:HasGoal ex:HasActivity ) ; sh:message "tied to nothing"@en .
ex:HasGoal a sh:NodeShape ; sh:property [ sh:path ex:goal ; sh:minCount 1 ] .
ex:HasActivity a sh:NodeShape ; sh:property [ sh:path ex:activity ; sh:minCount 1 ] .
ex:PartShape a sh:NodeShape ; sh:targetClass ex:Part ; sh:property ex:Part-of .
ex:Part-of a sh:PropertyShape ; sh:path ( ex:of ex:kind ) ; sh:minCount 1 ;
    sh:message "part of no kind of thing"@en .
"""

DATA = """@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <https://example.org/core/> .

ex:Special rdfs:subClassOf ex:Kind .
ex:Team rdfs:subClassOf ex:Group .
ex:kind-1 a ex:Kind .
ex:kind-2 a ex:Special .

ex:good a ex:Thing ; ex:one 1 ; ex:kind ex:kind-1, ex:kind-2 ; ex:date "2024-02-29"^^xsd:date ;
    ex:name "Anna", "Bertil"^^xsd:string ; ex:link ex:somewhere ; ex:colour ex:Red ;
    ex:owner ex:team ; ex:goal ex:g .
ex:team a ex:Team .
ex:person a ex:Person .
ex:part a ex:Part ; ex:of ex:good .

ex:none a ex:Thing ; ex:activity ex:a .
ex:two a ex:Thing ; ex:one 1, 2 .
ex:wrong a ex:Thing ; ex:one 1 ; ex:goal ex:g ;
    ex:kind ex:kind-3, "a kind" ;
    ex:date "2023-02-30"^^xsd:date, "2023-01-01", "2023-1-1"^^xsd:date ;
    ex:name "anna", "Al", "Alexandra", "Anna"@sv, 42, ex:Anna ;
    ex:link "https://example.org/" , _:blank ;
    ex:colour ex:Green, "Red" ;
    ex:owner ex:person, ex:kind-1, "someone" .
ex:loose a ex:Part ; ex:of ex:nothing .
"""

# What each compiled component must find in DATA: (component, focus node, value).
EXPECTED = {
    ("MinCount", "none", None),
    ("MaxCount", "two", None),
    ("Class", "wrong", "https://example.org/core/kind-3"),
    ("Class", "wrong", "a kind"),
    ("Datatype", "wrong", "2023-02-30"),
    ("Datatype", "wrong", "2023-01-01"),
    ("Datatype", "wrong", "2023-1-1"),
    ("Pattern", "wrong", "anna"),
    ("Pattern", "wrong", "42"),
    ("Pattern", "wrong", "https://example.org/core/Anna"),
    ("MinLength", "wrong", "Al"),
    ("MinLength", "wrong", "42"),
    ("MaxLength", "wrong", "Alexandra"),
    ("MaxLength", "wrong", "https://example.org/core/Anna"),
    ("Datatype", "wrong", "Anna"),
    ("Datatype", "wrong", "42"),
    ("Datatype", "wrong", "https://example.org/core/Anna"),
    ("NodeKind", "wrong", "https://example.org/"),
    ("NodeKind", "wrong", "blank"),
    ("In", "wrong", "https://example.org/core/Green"),
    ("In", "wrong", "Red"),
    ("Or", "wrong", "https://example.org/core/kind-1"),
    ("Or", "wrong", "someone"),
    ("Or", "two", "https://example.org/core/two"),
    ("MinCount", "loose", None),
}

COMPONENTS = {
    str(SH[f"{name}ConstraintComponent"])
    for name in (
        *("MinCount", "MaxCount", "Class", "Datatype", "Pattern", "MinLength"),
        *("MaxLength", "NodeKind", "In", "Or"),
    )
}


def essentials(report: Report) -> list[tuple[str, ...]]:
    """Every finding as what it says, (rule, severity, focus, path, value, component, message)."""
    return sorted(
        tuple(
            part or ""
            for part in (f.rule, f.severity, f.iri, f.path, f.value, f.component, f.message)
        )
        for f in report.findings
    )


def _short(finding: Finding, blanks: set[str]) -> tuple[str, str, str | None]:
    component = (finding.component or "").rsplit("#", 1)[-1].removesuffix("ConstraintComponent")
    value = "blank" if finding.value in blanks else finding.value
    return component, finding.iri.removeprefix(str(EX)), value


@pytest.fixture(scope="module")
def profile() -> Graph:
    return Graph().parse(data=PROFILE, format="turtle")


@pytest.fixture(scope="module")
def data() -> Graph:
    return Graph().parse(data=DATA, format="turtle")


def test_every_shape_of_the_small_profile_is_compiled(profile: Graph) -> None:
    core, _sparql = constraints.extract(profile)
    checks, compiled = core_constraints.compile_shapes(profile, core)
    assert compiled == constraints.targeted_shapes(profile)
    components = {c.component for c in checks}
    assert {str(c) for c in components} == COMPONENTS


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_each_component_fires_where_pyshacl_does_and_nowhere_else(
    profile: Graph, data: Graph, lang: str
) -> None:
    fast = validate_graph(data, shapes=profile, ontology=Graph(), lang=lang)
    reference = validate_graph(
        data, shapes=profile, ontology=Graph(), lang=lang, engine=Engine.PYSHACL
    )
    mixed = validate_graph(data, shapes=profile, ontology=Graph(), lang=lang, engine=Engine.MIXED)
    assert essentials(fast) == essentials(reference) == essentials(mixed)
    blanks = {str(node) for node in data.all_nodes() if isinstance(node, BNode)}
    assert {_short(f, blanks) for f in fast.findings} == EXPECTED
    assert len(fast.findings) == len(EXPECTED)
    # The nodes that keep every constraint, by value or through a subclass, are not named.
    assert not {f.iri for f in fast.findings} & {str(EX.good), str(EX.part), str(EX.team)}
    assert {f.severity for f in fast.findings if f.rule == str(EX["Thing-link"])} == {"Warning"}


UNSUPPORTED = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <https://example.org/core/> .

ex:Thing-fixed a sh:PropertyShape ; sh:targetClass ex:Thing ; sh:path ex:one ;
    sh:hasValue 1 ; sh:message "not one"@en .
ex:Thing-bare a sh:PropertyShape ; sh:targetClass ex:Thing ; sh:path ex:one ; sh:maxCount 1 .
ex:Thing-named a sh:NodeShape ; sh:targetClass ex:Thing ; sh:class ex:Thing ;
    sh:message "not a thing"@en .
ex:Thing-named-again a sh:NodeShape ; sh:targetClass ex:Part ; sh:node ex:Thing-named ;
    sh:message "not a thing either"@en .
ex:Thing-kind a sh:PropertyShape ; sh:targetClass ex:Thing ; sh:path ex:kind ;
    sh:class ex:Kind ; sh:message "not a kind"@en .
"""


def test_what_the_compiler_does_not_support_is_left_to_pyshacl_alone(data: Graph) -> None:
    """A component it does not know, a shape without a message (pySHACL writes one), a shape
    another one names: those shapes go to pySHACL, the rest is still compiled."""
    profile = Graph().parse(data=UNSUPPORTED, format="turtle")
    core, _sparql = constraints.extract(profile)
    _checks, compiled = core_constraints.compile_shapes(profile, core)
    assert compiled == {EX["Thing-kind"]}
    fast = validate_graph(data, shapes=profile, ontology=Graph(), lang="en")
    reference = validate_graph(
        data, shapes=profile, ontology=Graph(), lang="en", engine=Engine.PYSHACL
    )
    assert essentials(fast) == essentials(reference)
    assert {f.rule.removeprefix(str(EX)) for f in fast.findings} == {
        "Thing-fixed",
        "Thing-bare",
        "Thing-named",
        "Thing-named-again",
        "Thing-kind",
    }


# --- the bundled rules on generated models -----------------------------------------------------


def _generated(count: int, seed: int) -> Graph:
    graph = Graph()
    for quad in generate(count, seed=seed).quads():
        graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    return graph


def _first(graph: Graph, cls: URIRef, number: int = 1) -> list[URIRef]:
    found = sorted(s for s in graph.subjects(RDF.type, cls) if isinstance(s, URIRef))
    return found[:number]


def _plant(graph: Graph) -> Iterator[str]:
    """More defects, one of each core component the bundled rules use; the rule names them."""
    activity, short, linked = _first(graph, SG.Activity, 3)
    graph.set((activity, SG.endDate, Literal("2024-02-30", datatype=XSD.date)))
    graph.add((activity, SG.startDate, Literal("2024-01-01", datatype=XSD.date)))
    graph.set((short, DESCRIPTION, Literal("ok", lang="sv")))
    graph.set((linked, DESCRIPTION, EX.description))
    graph.set((short, SG.activityStatus, SG.HigherIsBetter))
    yield from ("Activity-endDate", "Activity-startDate", "Activity-description", "Activity-status")
    (plan,) = _first(graph, SG.ActionPlan)
    graph.add((plan, SG.forUnit, activity))
    yield "ActionPlan-forUnit"
    (indicator,) = _first(graph, SG.Indicator)
    graph.set((indicator, SG.koladaKpi, Literal("N 1951")))
    graph.set((indicator, SG.direction, SG.Women))
    yield from ("Indicator-koladaKpi", "Indicator-direction")
    (goal,) = _first(graph, SG.OverarchingGoal)
    graph.set((goal, SG.forBoard, activity))
    yield "OverarchingGoal-forBoard"
    (value,) = _first(graph, SG.Value)
    graph.set((value, SG.refArea, plan))
    yield "Value-refArea"
    for plan in _first(graph, SG.DevelopmentPlan):
        graph.remove((plan, SG.supportsGoal, None))
        graph.remove((plan, SG.supportsActivity, None))
        yield "DevelopmentPlan-supports"


@pytest.mark.parametrize(("count", "seed"), [(1, 1), (1, 3)])
def test_the_bundled_rules_find_on_generated_models_what_pyshacl_finds(
    count: int, seed: int, shapes: Graph, ontology: Graph
) -> None:
    """The rules' core constraints, against pySHACL itself. (pySHACL takes a minute for the
    SHACL-SPARQL ones here: tests/test_shapes.py compares those on the example models.)"""
    graph = _generated(count, seed)
    planted = set(_plant(graph))
    core, _sparql = constraints.extract(shapes)
    fast = validate_graph(graph, shapes=core, ontology=ontology, lang="en")
    reference = validate_graph(
        graph, shapes=core, ontology=ontology, lang="en", engine=Engine.PYSHACL
    )
    assert essentials(fast) == essentials(reference)
    assert {f.rule.removeprefix(SG_IRI) for f in fast.findings} >= planted
    # Every component the bundled rules use fires (they have no sh:maxLength).
    assert {f.component for f in fast.findings} == COMPONENTS - {
        str(SH.MaxLengthConstraintComponent)
    }
