"""Defects planted in a copy of the bundled Ljungby model: each is found by the right rule, at the
right node, and nothing else is reported as violated."""

from __future__ import annotations

import pytest
from rdflib import Graph

from styrgraf.model.bundled import sample_data_files
from styrgraf.model.load import read_graph
from styrgraf.model.validation import validate_graph
from tests_support import LJ

PREFIXES = """
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX lj: <https://w3id.org/styrgraf/ljungby/id/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX sg: <https://w3id.org/styrgraf#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""

# (what is planted, SPARQL Update, {(rule, focus node)} that must be violated)
CASES = [
    (
        "overarching goal under no strategic area",
        "DELETE WHERE { lj:og-sn-kunskap-1 sg:inStrategicArea ?a }",
        {("OverarchingGoal-inStrategicArea", "og-sn-kunskap-1")},
    ),
    (
        "overarching goal under two strategic areas",
        "INSERT DATA { lj:og-ks-kunskap-1 sg:inStrategicArea lj:livskvalitet }",
        {("OverarchingGoal-inStrategicArea", "og-ks-kunskap-1")},
    ),
    (
        "overarching goal with no owner",
        "DELETE WHERE { lj:og-mbn-livskvalitet-1 sg:forBoard ?b }",
        {("OverarchingGoal-forBoard", "og-mbn-livskvalitet-1")},
    ),
    (
        "overarching goal owned by a unit",
        """DELETE WHERE { lj:og-tn-kunskap-1 sg:forBoard ?b } ;
           INSERT DATA { lj:og-tn-kunskap-1 sg:forBoard lj:enhet-fastighet }""",
        {("OverarchingGoal-forBoard", "og-tn-kunskap-1")},
    ),
    (
        "overarching goal with no mandate period",
        "DELETE WHERE { lj:og-kfn-tillvaxt-1 sg:period ?p }",
        {("OverarchingGoal-period", "og-kfn-tillvaxt-1")},
    ),
    (
        "third overarching goal for a board in one area",
        """INSERT DATA { lj:og-extra a sg:OverarchingGoal ; rdfs:label "Extra mål"@sv ;
               rdfs:label "Extra goal"@en ; sg:forBoard lj:socialnamnden ;
               sg:inStrategicArea lj:kunskap ; sg:period lj:mandatperiod-2019-2022 .
               lj:ng-sn-1 sg:supports lj:og-extra . }""",
        {("Board-atMostTwoGoals", "socialnamnden")},
    ),
    (
        "board with no overarching goal in an area",
        """DELETE { ?g sg:inStrategicArea lj:kunskap ; sg:inSubArea ?sub }
           INSERT { ?g sg:inStrategicArea lj:tillvaxt }
           WHERE { ?g sg:forBoard lj:kommunstyrelsen ; sg:inStrategicArea lj:kunskap ;
                   sg:inSubArea ?sub }""",
        {("Board-goalInEveryArea", "kommunstyrelsen"), ("Board-atMostTwoGoals", "kommunstyrelsen")},
    ),
    (
        "overarching goal with an indicator",
        """INSERT DATA { lj:og-bun-tillvaxt-1 sg:hasIndicator lj:ind-extra .
               lj:ind-extra a sg:Indicator ; rdfs:label "Andel"@sv ; sg:targetValue 10 ;
               sg:measurementUnit "procent"@sv ; sg:baselineValue 5 ;
               sg:direction sg:HigherIsBetter . }""",
        {("OverarchingGoal-notMeasurable", "og-bun-tillvaxt-1")},
    ),
    (
        "board goal decided by no board",
        "DELETE WHERE { lj:ng-kfn-2 sg:decidedBy ?b }",
        {("BoardGoal-decidedBy", "ng-kfn-2")},
    ),
    (
        "board goal that supports nothing",
        "DELETE WHERE { lj:ng-tn-2 sg:supports ?g }",
        {("BoardGoal-supports", "ng-tn-2")},
    ),
    (
        "board goal that supports another board's goal",
        "INSERT DATA { lj:ng-mbn-1 sg:supports lj:og-sn-kunskap-1 }",
        {("BoardGoal-supportsOwnBoard", "ng-mbn-1")},
    ),
    (
        "board goal with no indicator",
        # The indicator goes with its values, which would otherwise be values of nothing.
        """DELETE WHERE { ?value sg:indicator lj:ind-ng-sn-3 ; ?p ?o } ;
           DELETE WHERE { lj:ng-sn-3 sg:hasIndicator ?i . ?i ?p ?o }""",
        {("BoardGoal-hasIndicator", "ng-sn-3")},
    ),
    (
        "board goal whose indicator has no target",
        "DELETE WHERE { lj:ind-ng-mbn-2 sg:targetValue ?v }",
        {("BoardGoal-measurable", "ng-mbn-2")},
    ),
    (
        "unit covered by no board goal",
        "DELETE WHERE { ?g sg:coversUnit lj:enhet-bygglov }",
        {("OrganisationalUnit-covered", "enhet-bygglov")},
    ),
    (
        "action plan for no unit",
        "DELETE WHERE { lj:hp-2021-fritid sg:forUnit ?u }",
        {("ActionPlan-forUnit", "hp-2021-fritid")},
    ),
    (
        "action plan with two responsible managers",
        "INSERT DATA { lj:hp-2021-miljo sg:responsible lj:chef-bygglov }",
        {("ActionPlan-responsible", "hp-2021-miljo")},
    ),
    (
        "action plan for a year after the mandate period",
        """INSERT DATA { lj:budgetar-2024 a sg:BudgetYear ; rdfs:label "Budgetåret 2024"@sv ;
               sg:startDate "2024-01-01"^^xsd:date ; sg:endDate "2024-12-31"^^xsd:date } ;
           DELETE WHERE { lj:hp-2021-hr sg:period ?y } ;
           INSERT DATA { lj:hp-2021-hr sg:period lj:budgetar-2024 }""",
        {("ActionPlan-periodInMandate", "hp-2021-hr")},
    ),
    (
        "action plan that realises no board goal",
        "DELETE WHERE { lj:hp-2021-bibliotek sg:realises ?g }",
        {("ActionPlan-realises", "hp-2021-bibliotek")},
    ),
    (
        "action plan that realises another board's goal",
        "INSERT DATA { lj:hp-2021-ekonomi sg:realises lj:ng-bun-1 }",
        {("ActionPlan-realisesOwnBoard", "hp-2021-ekonomi")},
    ),
    (
        "activity in no action plan",
        "DELETE WHERE { lj:akt-2021-miljo-2 sg:partOfPlan ?p }",
        {("Activity-partOfPlan", "akt-2021-miljo-2")},
    ),
    (
        "activity that does not say what will be done",
        "DELETE WHERE { lj:akt-2021-fastighet-1 dcterms:description ?d }",
        {("Activity-description", "akt-2021-fastighet-1")},
    ),
    (
        "development plan for no employee",
        "DELETE WHERE { lj:iup-2021-2 sg:forEmployee ?e }",
        {("DevelopmentPlan-forEmployee", "iup-2021-2")},
    ),
    (
        "development plan that supports nothing",
        """DELETE { lj:iup-2021-3 ?p ?o } WHERE {
               lj:iup-2021-3 ?p ?o . FILTER (?p IN (sg:supportsGoal, sg:supportsActivity)) }""",
        {("DevelopmentPlan-supports", "iup-2021-3")},
    ),
    (
        "cycle in the hierarchy",
        "INSERT DATA { lj:og-sn-livskvalitet-1 sg:contributesTo lj:ng-sn-4 }",
        "cycle",
    ),
    (
        "strategic area that serves no vision",
        "DELETE WHERE { lj:kunskap sg:servesVision ?v }",
        {("StrategicArea-servesVision", "kunskap")},
    ),
    (
        "two Swedish labels",
        'INSERT DATA { lj:ng-ks-2 rdfs:label "Ett annat namn"@sv }',
        {("Node-swedishLabel", "ng-ks-2")},
    ),
    (
        "a date that is not a date",
        """DELETE WHERE { lj:akt-2021-hr-1 sg:endDate ?d } ;
           INSERT DATA { lj:akt-2021-hr-1 sg:endDate "2021-13-45"^^xsd:date }""",
        {("Activity-endDate", "akt-2021-hr-1")},
    ),
    (
        "overarching goal with two owners",
        "INSERT DATA { lj:og-kfn-kunskap-2 sg:forBoard lj:tekniska-namnden }",
        {("OverarchingGoal-forBoard", "og-kfn-kunskap-2")},
    ),
    (
        "overarching goal with two mandate periods",
        """INSERT DATA { lj:og-kfn-kunskap-1 sg:period lj:mandatperiod-2023-2026 .
               lj:mandatperiod-2023-2026 a sg:MandatePeriod ;
               rdfs:label "Mandatperiod 2023-2026"@sv ;
               sg:startDate "2023-01-01"^^xsd:date ; sg:endDate "2026-12-31"^^xsd:date . }""",
        {("OverarchingGoal-period", "og-kfn-kunskap-1")},
    ),
    (
        "action plan for two units",
        "INSERT DATA { lj:hp-2021-grundskola sg:forUnit lj:enhet-forskola }",
        {("ActionPlan-forUnit", "hp-2021-grundskola")},
    ),
    (
        "an end date that is a plain string",
        """DELETE WHERE { lj:budgetar-2021 sg:endDate ?d } ;
           INSERT DATA { lj:budgetar-2021 sg:endDate "2021-12-31" }""",
        {("Period-endDate", "budgetar-2021")},
    ),
    (
        "a misspelt class",
        """DELETE DATA { lj:ng-tn-4 a sg:BoardGoal } ;
           INSERT DATA { lj:ng-tn-4 a sg:Boardgoal }""",
        "misspelt",
    ),
    (
        "a target that is not a number",
        """DELETE WHERE { lj:ind-ng-tn-1 sg:targetValue ?v } ;
           INSERT DATA { lj:ind-ng-tn-1 sg:targetValue "många"^^xsd:decimal }""",
        {("Indicator-targetValue", "ind-ng-tn-1")},
    ),
    (
        "a value in another unit than its indicator's",
        'INSERT DATA { lj:varde-2021-ind-ng-ks-4 sg:measurementUnit "miljoner kronor" }',
        # The indicator's other values are in its own unit: it now has values in two.
        {
            ("Value-measurementUnit", "varde-2021-ind-ng-ks-4"),
            ("Indicator-oneUnit", "ind-ng-ks-4"),
        },
    ),
    (
        "two values from the annual report that disagree",
        """INSERT DATA { lj:varde-2021-ind-ng-ks-4-igen a sg:Value ;
               rdfs:label "Årets resultat 2021, igen"@sv ; sg:indicator lj:ind-ng-ks-4 ;
               sg:period lj:budgetar-2021 ; sg:numericValue 2.9 ;
               dcterms:source lj:arsredovisning-2021 . }""",
        {
            ("Value-noConflict", "varde-2021-ind-ng-ks-4"),
            ("Value-noConflict", "varde-2021-ind-ng-ks-4-igen"),
        },
    ),
    (
        "an assessment for a year after the mandate period",
        """INSERT DATA { lj:budgetar-2023 a sg:BudgetYear ; rdfs:label "Budgetår 2023"@sv ;
               sg:year "2023"^^xsd:gYear ; sg:startDate "2023-01-01"^^xsd:date ;
               sg:endDate "2023-12-31"^^xsd:date } ;
           DELETE DATA { lj:bed-arsredovisning-2021-ng-sn-1 sg:period lj:budgetar-2021 } ;
           INSERT DATA { lj:bed-arsredovisning-2021-ng-sn-1 sg:period lj:budgetar-2023 }""",
        {("Assessment-periodInMandate", "bed-arsredovisning-2021-ng-sn-1")},
    ),
    (
        "an interim assessment in the annual report",
        "INSERT DATA { lj:bed-arsredovisning-2021-ng-sn-1 sg:periodPart sg:Interim }",
        {("Assessment-partMatchesReport", "bed-arsredovisning-2021-ng-sn-1")},
    ),
]

SG = "https://w3id.org/styrgraf#"


@pytest.fixture(scope="module")
def ljungby() -> Graph:
    return read_graph(sample_data_files())


@pytest.mark.parametrize(("what", "update", "expected"), CASES, ids=[c[0] for c in CASES])
def test_planted_defect_is_found_where_it_is(
    what: str,
    update: str,
    expected: set[tuple[str, str]] | str,
    ljungby: Graph,
    shapes: Graph,
    ontology: Graph,
) -> None:
    broken = Graph()
    broken += ljungby
    broken.update(PREFIXES + update)
    assert set(broken) != set(ljungby), "the update changed nothing"
    report = validate_graph(broken, shapes=shapes, ontology=ontology)
    found = {
        (f.rule.removeprefix(SG), f.iri.removeprefix(LJ))
        for f in report.findings
        if f.severity == "Violation"
    }
    if expected == "misspelt":
        # The node itself is reported; so are the links that expect a board goal there, since
        # nothing says which of the two is wrong.
        expected = {
            ("Node-knownClass", "ng-tn-4"),
            ("ActionPlan-realises-class", "hp-2021-vatten-och-avlopp"),
        } | {
            ("Assessment-assesses", f"bed-{report}-{year}-ng-tn-4")
            for report in ("delarsrapport", "arsredovisning")
            for year in range(2019, 2023)
        }
    if expected == "cycle":
        expected = {("Hierarchy-noCycle", "og-sn-livskvalitet-1"), ("Hierarchy-noCycle", "ng-sn-4")}
    assert found == expected
