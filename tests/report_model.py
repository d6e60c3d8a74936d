"""A small governance model whose follow-up is known by hand, for the report's tests.

Testby kommun: two strategic areas, two boards, two övergripande mål and three nämndsmål, each
nämndsmål with one indicator, and the vision's number. In the full year 2021:

- ng-1 (Utbildningsnämnden, supports og-1): 92 procent against the target 90 (higher is
  better): reached, **uppfyllt**; judged uppfyllt in the årsredovisning.
- ng-2 (Tekniska nämnden, supports og-2): 21,5 procent against the target 10 (lower is
  better), worse than the baseline 20: **ej uppfyllt**; judged uppfyllt: two steps apart, a
  disagreement.
- ng-3 (Tekniska nämnden, supports og-2): 66 procent against the target 70, the path from 50
  (2018) to 70 (2022) at 65 in 2021: on track, **delvis uppfyllt** (five steps: bedöms kunna
  uppnås); judged delvis uppfyllt. Women 68, men 64.
- og-1 rolls up ng-1: **uppfyllt**, not judged. og-2 rolls up ng-2 and ng-3, (0 + 0,5) / 2:
  **ej uppfyllt**; judged uppfyllt: a disagreement.

The latest of the period's values and assessments was made on 15 March 2022. In the delår 2021
og-2 is judged while neither of its nämndsmål is (a finding); 2022 has a value of ng-1 and
the vision's number only, and no finding. The vision's number goes from 10 000 (2018) to
12 000 (2028): 10 200 in 2020, 10 300 in 2021, 10 400 in 2022.
"""

from __future__ import annotations

from pathlib import Path

EX = "https://example.org/testby/"
BOARD_1 = EX + "board-1"
BOARD_2 = EX + "board-2"

MODEL = """\
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix ex: <https://example.org/testby/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix sg: <https://w3id.org/styrgraf#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

ex:model a sg:GovernanceModel ;
    rdfs:label "Testby kommuns styrmodell"@sv , "Testby's governance model"@en ;
    sg:municipality ex:kommun ;
    sg:hasVision ex:vision .
ex:kommun a sg:Municipality ; rdfs:label "Testby kommun"@sv , "Testby Municipality"@en .
ex:vision a sg:Vision ;
    rdfs:label "Testby växer"@sv , "Testby grows"@en ;
    sg:municipality ex:kommun ;
    sg:hasIndicator ex:ind-pop .
ex:ind-pop a sg:Indicator ;
    rdfs:label "Invånare"@sv , "Inhabitants"@en ;
    sg:measurementUnit "invånare" ;
    sg:baselineValue 10000 ; sg:baselineYear "2018"^^xsd:gYear ;
    sg:targetValue 12000 ; sg:targetYear "2028"^^xsd:gYear ;
    sg:direction sg:HigherIsBetter .

ex:area-a a sg:StrategicArea ; rdfs:label "Tillväxt"@sv , "Growth"@en .
ex:area-b a sg:StrategicArea ; rdfs:label "Livskvalitet"@sv , "Quality of life"@en .
ex:board-1 a sg:Board ; rdfs:label "Utbildningsnämnden"@sv , "Education Board"@en .
ex:board-2 a sg:Board ; rdfs:label "Tekniska nämnden"@sv , "Technical Board"@en .

ex:og-1 a sg:OverarchingGoal ;
    rdfs:label "Fler går vidare till studier"@sv , "More go on to study"@en ;
    sg:inStrategicArea ex:area-a ; sg:forBoard ex:board-1 .
ex:og-2 a sg:OverarchingGoal ;
    rdfs:label "Rent vatten för alla"@sv , "Clean water for all"@en ;
    sg:inStrategicArea ex:area-b ; sg:forBoard ex:board-2 .

ex:ng-1 a sg:BoardGoal ;
    rdfs:label "Fler elever är behöriga"@sv , "More pupils are eligible"@en ;
    sg:decidedBy ex:board-1 ; sg:supports ex:og-1 ; sg:hasIndicator ex:ind-1 .
ex:ng-2 a sg:BoardGoal ;
    rdfs:label "Läckaget minskar"@sv , "Leakage decreases"@en ;
    sg:decidedBy ex:board-2 ; sg:supports ex:og-2 ; sg:hasIndicator ex:ind-2 .
ex:ng-3 a sg:BoardGoal ;
    rdfs:label "Fler hushåll har rent vatten"@sv , "More households have clean water"@en ;
    sg:decidedBy ex:board-2 ; sg:supports ex:og-2 ; sg:hasIndicator ex:ind-3 .

ex:ind-1 a sg:Indicator ; rdfs:label "Behöriga elever"@sv , "Eligible pupils"@en ;
    sg:measurementUnit "procent" ; sg:direction sg:HigherIsBetter ;
    sg:baselineValue 80 ; sg:baselineYear "2018"^^xsd:gYear ;
    sg:targetValue 90 ; sg:targetYear "2022"^^xsd:gYear .
ex:ind-2 a sg:Indicator ; rdfs:label "Läckage"@sv , "Leakage"@en ;
    sg:measurementUnit "procent" ; sg:direction sg:LowerIsBetter ;
    sg:baselineValue 20 ; sg:baselineYear "2018"^^xsd:gYear ;
    sg:targetValue 10 ; sg:targetYear "2022"^^xsd:gYear .
ex:ind-3 a sg:Indicator ; rdfs:label "Hushåll med rent vatten"@sv ,
        "Households with clean water"@en ;
    sg:measurementUnit "procent" ; sg:direction sg:HigherIsBetter ;
    sg:baselineValue 50 ; sg:baselineYear "2018"^^xsd:gYear ;
    sg:targetValue 70 ; sg:targetYear "2022"^^xsd:gYear .

ex:y2020 a sg:BudgetYear ; sg:year "2020"^^xsd:gYear .
ex:y2021 a sg:BudgetYear ; sg:year "2021"^^xsd:gYear .
ex:y2022 a sg:BudgetYear ; sg:year "2022"^^xsd:gYear .

ex:dr-2021 a sg:InterimReport ;
    rdfs:label "Delårsrapport 2021"@sv , "Interim report 2021"@en ; sg:period ex:y2021 .
ex:ar-2021 a sg:AnnualReport ;
    rdfs:label "Årsredovisning 2021"@sv , "Annual report 2021"@en ; sg:period ex:y2021 .

ex:v-pop-2020 a sg:Value ; sg:indicator ex:ind-pop ; sg:period ex:y2020 ; sg:numericValue 10200 .
ex:v-pop-2021 a sg:Value ; sg:indicator ex:ind-pop ; sg:period ex:y2021 ; sg:numericValue 10300 .
ex:v-pop-2022 a sg:Value ; sg:indicator ex:ind-pop ; sg:period ex:y2022 ; sg:numericValue 10400 .
ex:v1-2020 a sg:Value ; sg:indicator ex:ind-1 ; sg:period ex:y2020 ; sg:numericValue 84 .
ex:v1-2021i a sg:Value ; sg:indicator ex:ind-1 ; sg:period ex:y2021 ; sg:periodPart sg:Interim ;
    sg:numericValue 85 .
ex:v1-2021 a sg:Value ; sg:indicator ex:ind-1 ; sg:period ex:y2021 ; sg:numericValue 92 ;
    prov:generatedAtTime "2022-02-01T10:00:00Z"^^xsd:dateTime .
ex:v1-2022 a sg:Value ; sg:indicator ex:ind-1 ; sg:period ex:y2022 ; sg:numericValue 95 .
ex:v2-2021 a sg:Value ; sg:indicator ex:ind-2 ; sg:period ex:y2021 ; sg:numericValue 21.5 .
ex:v3-2021 a sg:Value ; sg:indicator ex:ind-3 ; sg:period ex:y2021 ; sg:numericValue 66 .
ex:v3-2021w a sg:Value ; sg:indicator ex:ind-3 ; sg:period ex:y2021 ; sg:gender sg:Women ;
    sg:numericValue 68 .
ex:v3-2021m a sg:Value ; sg:indicator ex:ind-3 ; sg:period ex:y2021 ; sg:gender sg:Men ;
    sg:numericValue 64 .

ex:a-ng-1 a sg:Assessment ; sg:assesses ex:ng-1 ; sg:status sg:Fulfilled ;
    sg:inReport ex:ar-2021 ; sg:period ex:y2021 ;
    dcterms:description "92 procent är behöriga."@sv , "92 per cent are eligible."@en .
ex:a-ng-2 a sg:Assessment ; sg:assesses ex:ng-2 ; sg:status sg:Fulfilled ;
    sg:inReport ex:ar-2021 ; sg:period ex:y2021 ;
    prov:generatedAtTime "2022-03-15T09:30:00+01:00"^^xsd:dateTime .
ex:a-ng-3 a sg:Assessment ; sg:assesses ex:ng-3 ; sg:status sg:PartlyFulfilled ;
    sg:inReport ex:ar-2021 ; sg:period ex:y2021 .
ex:a-og-2 a sg:Assessment ; sg:assesses ex:og-2 ; sg:status sg:Fulfilled ;
    sg:inReport ex:ar-2021 ; sg:period ex:y2021 .
ex:a-og-2i a sg:Assessment ; sg:assesses ex:og-2 ; sg:status sg:PartlyFulfilled ;
    sg:inReport ex:dr-2021 ; sg:period ex:y2021 .
"""


def write_model(folder: Path) -> Path:
    """The model as a Turtle file in ``folder``."""
    path = folder / "testby.ttl"
    path.write_text(MODEL, encoding="utf-8")
    return path
