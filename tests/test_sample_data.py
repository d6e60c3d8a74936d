"""The bundled Ljungby model: what the seed states, as it states it, and it conforms (its only
warnings the follow-up cases planted to show what the follow-up finds)."""

from __future__ import annotations

import pytest
from rdflib import RDF, RDFS, Dataset, Graph, Literal, Namespace, URIRef

from styrgraf.analysis.follow_up_checks import follow_up_findings
from styrgraf.model.bundled import sample_data_files
from styrgraf.model.load import read_dataset
from styrgraf.model.validation import validate_graph
from styrgraf.store.embedded import EmbeddedStore
from tests_support import PLANTED_FOLLOW_UP

SG = Namespace("https://w3id.org/styrgraf#")
PUBLIC = URIRef("https://w3id.org/styrgraf/ljungby/graph/2019-2022")
PRIVATE = URIRef("https://w3id.org/styrgraf/ljungby/graph/2019-2022-private")


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return read_dataset(sample_data_files())


@pytest.fixture(scope="module")
def model(dataset: Dataset) -> Graph:
    merged = Graph()
    for s, p, o, _g in dataset.quads((None, None, None, None)):
        merged.add((s, p, o))
    return merged


def _labels(graph: Graph, cls: URIRef, lang: str = "sv") -> set[str]:
    return {
        str(label)
        for node in graph.subjects(RDF.type, cls)
        for label in graph.objects(node, RDFS.label)
        if isinstance(label, Literal) and label.language == lang
    }


def test_bundled_model_conforms_and_warns_only_of_its_planted_follow_up_cases(
    model: Graph, shapes: Graph, ontology: Graph
) -> None:
    report = validate_graph(model, shapes=shapes, ontology=ontology)
    assert report.violations == 0
    shapes_found = {(f.rule, f.iri) for f in report.findings}
    # What the shapes find alone; the follow-up's own two come with the store (below).
    assert shapes_found == {p for p in PLANTED_FOLLOW_UP if p[0].endswith("boardGoalsJudged")}


def test_the_follow_up_finds_the_planted_disagreements_and_no_other() -> None:
    store = EmbeddedStore()
    store.load(sample_data_files(), file_graphs=True)
    found = {(f.rule, f.iri) for f in follow_up_findings(store, lang="en")}
    assert found == {p for p in PLANTED_FOLLOW_UP if p[0].endswith("agreesWithComputed")}


def test_vision_is_the_seed_text(model: Graph) -> None:
    assert _labels(model, SG.Vision) == {
        "I Ljungby kommun formar vi framtiden tillsammans. 35 000 invånare år 2035"
    }


def test_vision_population_target_is_measured_by_kolada(model: Graph) -> None:
    query = """SELECT ?target WHERE {
        ?vision a sg:Vision ; sg:hasIndicator ?indicator .
        ?indicator sg:koladaKpi "N01951" ; sg:targetValue ?target ; sg:targetYear ?year .
        FILTER (STR(?year) = "2035")
    }"""
    rows = list(model.query(query, initNs={"sg": SG}))
    assert [int(row[0]) for row in rows] == [35000]  # type: ignore[index]


def test_three_focus_areas_as_the_seed_states_them(model: Graph) -> None:
    assert _labels(model, SG.FocusArea) == {
        "Öka attraktiviten mot gruppen unga vuxna och etablera lockande levnadsmiljöer.",
        "Inled ett arbete som stödjer utveckling kring relevanta vattenfrågor i Ljungby kommun.",
        "Utveckla arbetet kring berättartraditionen",
    }


def test_focus_areas_come_from_the_environmental_analysis(model: Graph) -> None:
    for focus in model.subjects(RDF.type, SG.FocusArea):
        point = model.value(focus, SG.selectedFrom)
        assert point is not None
        assert (None, SG.hasCentralPoint, point) in model


def test_the_values(model: Graph) -> None:
    assert _labels(model, SG.CoreValue) == {"öppna", "framåt", "vi vill"}


def test_strategic_areas_and_their_sub_areas(model: Graph) -> None:
    rows = model.query(
        """SELECT ?areaLabel ?subLabel WHERE {
            ?sub a sg:StrategicSubArea ; sg:subAreaOf ?area ; rdfs:label ?subLabel .
            ?area a sg:StrategicArea ; rdfs:label ?areaLabel .
            FILTER (LANG(?subLabel) = "sv" && LANG(?areaLabel) = "sv")
        }""",
        initNs={"sg": SG, "rdfs": RDFS},
    )
    found: dict[str, set[str]] = {}
    for area, sub in rows:  # type: ignore[misc]
        found.setdefault(str(area), set()).add(str(sub))
    assert found == {
        "Tillväxt": {"Näringsliv och entreprenörskap", "Sysselsättning", "Infrastruktur"},
        "Kunskap": {"Lärande", "Kompetensutveckling", "Förnyelse"},
        "Livskvalitet": {"Hälsa och omsorg", "Attraktiva miljöer", "Hållbarhet"},
    }


def test_mandate_period(model: Graph) -> None:
    periods = list(model.subjects(RDF.type, SG.MandatePeriod))
    assert len(periods) == 1
    assert str(model.value(periods[0], SG.startDate)) == "2019-01-01"
    assert str(model.value(periods[0], SG.endDate)) == "2022-12-31"


def test_the_boards_as_they_really_are(model: Graph) -> None:
    assert _labels(model, SG.Board) == {
        "Kommunstyrelsen",
        "Barn- och utbildningsnämnden",
        "Socialnämnden",
        "Tekniska nämnden",
        "Kultur- och fritidsnämnden",
        "Miljö- och byggnämnden",
        "Val- och demokratinämnden",
        "Krisledningsnämnden",
        "Gemensamma nämnden för familjerättsliga frågor",
        "Gemensamma överförmyndarnämnden",
    }
    assert _labels(model, SG.JointBoard) == {
        "Gemensamma nämnden för familjerättsliga frågor",
        "Gemensamma överförmyndarnämnden",
    }


INVENTED = ["OverarchingGoal", "BoardGoal", "OrganisationalUnit", "ActionPlan", "Activity"]


@pytest.mark.parametrize("cls", [SG[name] for name in [*INVENTED, "DevelopmentPlan", "Employee"]])
def test_invented_content_is_marked_illustrative(model: Graph, cls: URIRef) -> None:
    nodes = set(model.subjects(RDF.type, cls))
    assert nodes, f"the model has no {cls}"
    unmarked = [n for n in nodes if (n, SG.illustrative, Literal(True)) not in model]
    assert unmarked == []


def test_personal_data_only_in_the_private_graph(dataset: Dataset) -> None:
    assert (PRIVATE, RDF.type, SG.PrivateGraph) in dataset.graph(PUBLIC)
    private = dataset.graph(PRIVATE)
    personal = set(private.subjects(RDF.type, SG.Employee)) | set(
        private.subjects(RDF.type, SG.DevelopmentPlan)
    )
    assert len(set(private.subjects(RDF.type, SG.DevelopmentPlan))) >= 3
    for graph in dataset.graphs():
        if graph.identifier == PRIVATE:
            continue
        leaked = [(s, p, o) for s, p, o in graph if s in personal or o in personal]
        assert leaked == [], f"personal data in {graph.identifier}"


def test_every_board_that_sets_goals_has_one_or_two_per_area(model: Graph) -> None:
    rows = model.query(
        """SELECT ?board ?area (COUNT(?goal) AS ?n) WHERE {
            ?board a sg:Board . ?area a sg:StrategicArea .
            FILTER NOT EXISTS { ?board sg:goalExemption ?why }
            OPTIONAL { ?goal sg:forBoard ?board ; sg:inStrategicArea ?area }
        } GROUP BY ?board ?area""",
        initNs={"sg": SG},
    )
    counts = [int(row[2]) for row in rows]  # type: ignore[index]
    assert len(counts) == 6 * 3
    assert all(1 <= n <= 2 for n in counts)
