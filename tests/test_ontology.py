"""The vocabulary: the DESIGN.md contract, labels and definitions in Swedish and English."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, Namespace, URIRef

SG = Namespace("https://w3id.org/styrgraf#")
ROOT = Path(__file__).parent.parent

# The core of DESIGN.md: these names are a public contract.
CORE_CLASSES = [
    "Vision",
    "FocusArea",
    "StrategicArea",
    "StrategicSubArea",
    "OverarchingGoal",
    "BoardGoal",
    "ActionPlan",
    "Activity",
    "DevelopmentPlan",
    "Municipality",
    "Council",
    "Board",
    "Administration",
    "OrganisationalUnit",
    "Indicator",
    "Value",
    "Assessment",
]
UPWARD_LINKS = {
    "servesVision": None,
    "subAreaOf": "StrategicArea",
    "inStrategicArea": "StrategicArea",
    "supports": "OverarchingGoal",
    "realises": "BoardGoal",
    "partOfPlan": "ActionPlan",
    "supportsGoal": "BoardGoal",
}
CORE_PROPERTIES = [
    *[
        "contributesTo",
        "forBoard",
        "decidedBy",
        "coversUnit",
        "forUnit",
        "responsible",
        "period",
        "hasIndicator",
    ],
    *UPWARD_LINKS,
]
PROPERTY_TYPES = {OWL.ObjectProperty, OWL.DatatypeProperty, OWL.TransitiveProperty}


def _terms(ontology: Graph) -> set[URIRef]:
    return {s for s in ontology.subjects() if isinstance(s, URIRef) and s.startswith(str(SG))}


def test_core_classes_are_defined(ontology: Graph) -> None:
    missing = [c for c in CORE_CLASSES if (SG[c], RDF.type, OWL.Class) not in ontology]
    assert missing == []


def test_core_properties_are_defined(ontology: Graph) -> None:
    missing = [
        p for p in CORE_PROPERTIES if not set(ontology.objects(SG[p], RDF.type)) & PROPERTY_TYPES
    ]
    assert missing == []


def test_contributes_to_is_transitive(ontology: Graph) -> None:
    assert (SG.contributesTo, RDF.type, OWL.TransitiveProperty) in ontology


@pytest.mark.parametrize("link", [*UPWARD_LINKS, "supportsActivity"])
def test_upward_links_specialise_contributes_to(ontology: Graph, link: str) -> None:
    assert (SG[link], RDFS.subPropertyOf, SG.contributesTo) in ontology


@pytest.mark.parametrize(("link", "target"), [(k, v) for k, v in UPWARD_LINKS.items() if v])
def test_upward_links_have_their_range(ontology: Graph, link: str, target: str) -> None:
    assert (SG[link], RDFS.range, SG[target]) in ontology


def test_every_term_has_one_label_and_definition_per_language(ontology: Graph) -> None:
    problems = []
    for term in sorted(_terms(ontology)):
        for predicate in (RDFS.label, SKOS.definition):
            values = [o for o in ontology.objects(term, predicate) if isinstance(o, Literal)]
            for lang in ("sv", "en"):
                count = sum(1 for v in values if v.language == lang)
                if count != 1:
                    problems.append(f"{term} has {count} {predicate.n3()}@{lang}")
            untagged = [v for v in values if v.language not in ("sv", "en")]
            if untagged:
                problems.append(
                    f"{term} has {predicate.n3()} in another or no language: {untagged}"
                )
    assert problems == []


def test_every_sg_term_used_is_defined(ontology: Graph) -> None:
    defined = _terms(ontology)
    used = {
        t
        for triple in ontology
        for t in triple[1:]
        if isinstance(t, URIRef) and t.startswith(str(SG))
    }
    assert sorted(used - defined) == []


def test_ontology_header_is_versioned(ontology: Graph) -> None:
    header = URIRef("https://w3id.org/styrgraf")
    assert (header, RDF.type, OWL.Ontology) in ontology
    version_iri = ontology.value(header, OWL.versionIRI)
    version = ontology.value(header, OWL.versionInfo)
    assert version_iri is not None and version is not None
    assert str(version_iri).endswith(f"/{version}")


def test_vocabulary_doc_names_only_defined_terms(ontology: Graph) -> None:
    """Every sg: term the docs speak of exists (docs and ontology cannot drift apart)."""
    defined = {str(t)[len(str(SG)) :] for t in _terms(ontology)}
    text = (ROOT / "docs" / "vocabulary.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`sg:([A-Za-z]+)`", text))
    assert sorted(named - defined) == []
