"""The UN Sustainable Development Goals: the SKOS scheme that names them (ontology/sdg.ttl), how
pages and the API show a goal's SDG, the named query board-sdgs on both backends, and the
recommendation that a goal claiming one is followed up with results (sg:Goal-sdgMeasured)."""

from __future__ import annotations

from collections.abc import Callable
from html.parser import HTMLParser
from urllib.parse import quote

import pytest
from flask.testing import FlaskClient
from rdflib import RDF, RDFS, SKOS, Graph, Literal, Namespace, URIRef

from examples import DATA, base_graph, load_example
from styrgraf.model.bundled import ontology_files, sample_data_files
from styrgraf.model.load import merged, read_dataset
from styrgraf.model.validation import Finding, validate_graph
from styrgraf.sparql.queries import get_query
from styrgraf.store.base import Row, Store
from styrgraf.store.embedded import EmbeddedStore
from tests_support import LJ

SG = Namespace("https://w3id.org/styrgraf#")
SDG = "http://metadata.un.org/sdg/"
SCHEME = URIRef("https://w3id.org/styrgraf/sdg")
VOCABULARY = "https://w3id.org/styrgraf"
RULE = str(SG["Goal-sdgMeasured"])
Backend = Callable[[], Store]

# Goal 11, as the Swedish government and the UN name it: short name, and number and name.
ELEVEN = {
    "sv": ("Hållbara städer och samhällen", "Mål 11 Hållbara städer och samhällen"),
    "en": ("Sustainable cities and communities", "Goal 11 Sustainable cities and communities"),
}


def _one(graph: Graph, node: URIRef, predicate: URIRef, lang: str) -> str:
    values = [
        str(o)
        for o in graph.objects(node, predicate)
        if isinstance(o, Literal) and o.language == lang
    ]
    assert len(values) == 1, (node, predicate, lang, values)
    return values[0]


# --- The scheme ---------------------------------------------------------------------------------


def test_the_scheme_holds_the_seventeen_goals_named_in_both_languages(ontology: Graph) -> None:
    goals = sorted(
        (s for s in ontology.subjects(SKOS.inScheme, SCHEME) if isinstance(s, URIRef)),
        key=lambda s: int(s.removeprefix(SDG)),
    )
    assert goals == [URIRef(f"{SDG}{n}") for n in range(1, 18)]
    assert (SCHEME, RDF.type, SKOS.ConceptScheme) in ontology
    assert set(ontology.objects(SCHEME, SKOS.hasTopConcept)) == set(goals)
    for number, goal in enumerate(goals, 1):
        assert (goal, RDF.type, SKOS.Concept) in ontology
        assert (goal, SKOS.topConceptOf, SCHEME) in ontology
        assert [str(n) for n in ontology.objects(goal, SKOS.notation)] == [str(number)]
        for lang, word in (("sv", "Mål"), ("en", "Goal")):
            name = _one(ontology, goal, SKOS.prefLabel, lang)
            assert _one(ontology, goal, RDFS.label, lang) == f"{word} {number} {name}"
            definition = _one(ontology, goal, SKOS.definition, lang)
            assert definition[0].isupper() and definition.endswith(".")
    eleven = URIRef(SDG + "11")
    for lang, (name, label) in ELEVEN.items():
        assert _one(ontology, eleven, SKOS.prefLabel, lang) == name
        assert _one(ontology, eleven, RDFS.label, lang) == label
    assert _one(ontology, eleven, SKOS.definition, "en") == (
        "Make cities and human settlements inclusive, safe, resilient and sustainable."
    )


def test_every_sdg_the_bundled_model_claims_is_described(ontology: Graph) -> None:
    model = merged(read_dataset(sample_data_files()))
    claimed = set(model.objects(None, SG.sdg))
    assert len(claimed) > 5
    assert claimed <= set(ontology.subjects(SKOS.inScheme, SCHEME))


# --- Pages and the API --------------------------------------------------------------------------


class _Links(HTMLParser):
    """Every link of a page with its text."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self._href: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._href, self._text = dict(attrs).get("href") or "", []

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._href is not None:
            self.links.append((self._href, "".join(self._text).strip()))
            self._href = None


def _links(client: FlaskClient, url: str) -> list[tuple[str, str]]:
    response = client.get(url, headers={"Accept": "text/html"})
    assert response.status_code == 200
    parser = _Links()
    parser.feed(response.get_data(as_text=True))
    return parser.links


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_a_goal_page_names_its_sdg_by_number_and_name(reader: FlaskClient, lang: str) -> None:
    goal = "/ljungby/id/og-kommun-tillvaxt-1"
    here = f"/resource?iri={quote(SDG + '11', safe='')}"
    links = _links(reader, f"{goal}?lang={lang}")
    assert (here, ELEVEN[lang][1]) in links
    assert not [text for _, text in links if text.startswith("sdg:")]
    # The link leads to the goal's description here, which lists the goals that claim it.
    described = _links(reader, f"{here}&lang={lang}")
    assert any(href == goal for href, _ in described)


def test_the_api_answers_board_sdgs_with_the_names(reader: FlaskClient) -> None:
    response = reader.get(
        "/api/queries/board-sdgs", query_string={"board": LJ + "tekniska-namnden", "lang": "en"}
    )
    assert response.status_code == 200
    rows = response.get_json()["results"]["bindings"]
    eleven = next(row for row in rows if row["sdg"]["value"] == SDG + "11")
    assert (eleven["number"]["value"], eleven["label"]["value"]) == ("11", ELEVEN["en"][0])
    assert eleven["label"]["xml:lang"] == "en"
    assert eleven["boardLabel"]["value"] == "Technical Services Board"


# --- The named query board-sdgs, on both backends -----------------------------------------------


def _load_ljungby(store: Store) -> Store:
    store.load(sample_data_files())
    store.load(ontology_files(), graph=VOCABULARY)
    return store


def _run(store: Store, **params: str) -> list[Row]:
    query = get_query("board-sdgs")
    return store.select(query.text, query.bindings(params))


def _values(rows: list[Row]) -> list[dict[str, str]]:
    return [{name: term.value for name, term in row.items()} for row in rows]


# Each goal a board owns and the SDGs it claims: an övergripande mål set for the board or a
# nämndsmål the board decides.
CLAIMS = """
PREFIX sg: <https://w3id.org/styrgraf#>
SELECT DISTINCT ?board ?goal ?sdg WHERE {
    { ?goal a sg:OverarchingGoal ; sg:forBoard ?board }
    UNION { ?goal a sg:BoardGoal ; sg:decidedBy ?board }
    ?goal sg:sdg ?sdg .
}
"""


def test_board_sdgs_counts_the_goals_of_each_board_that_claim_each_sdg(
    backend: Backend, ontology: Graph
) -> None:
    store = _load_ljungby(backend())
    reference = _load_ljungby(EmbeddedStore())
    rows = _run(store)
    assert rows == _run(reference)
    expected: dict[tuple[str, str], set[str]] = {}
    for claim in _values(store.select(CLAIMS)):
        expected.setdefault((claim["board"], claim["sdg"]), set()).add(claim["goal"])
    found = _values(rows)
    assert {(r["board"], r["sdg"]): int(r["goals"]) for r in found} == {
        key: len(goals) for key, goals in expected.items()
    }
    # Ordered by board, then by the goal's number as a number (9 before 11).
    assert [(r["board"], int(r["number"])) for r in found] == sorted(
        (r["board"], int(r["number"])) for r in found
    )
    for row in found:
        sdg = URIRef(row["sdg"])
        assert row["number"] == sdg.removeprefix(SDG)
        assert row["label"] == _one(ontology, sdg, SKOS.prefLabel, "sv")
    technical = _values(_run(store, board=LJ + "tekniska-namnden", lang="en"))
    assert {r["board"] for r in technical} == {LJ + "tekniska-namnden"}
    assert [(r["number"], r["label"]) for r in technical] == [
        (r["sdg"].removeprefix(SDG), _one(ontology, URIRef(r["sdg"]), SKOS.prefLabel, "en"))
        for r in technical
    ]
    assert ("11", ELEVEN["en"][0]) in [(r["number"], r["label"]) for r in technical]
    # The council owns the municipality-wide övergripande mål, not those it merely decides.
    council = _values(_run(store, board=LJ + "kommunfullmaktige"))
    assert {r["sdg"] for r in council} == {
        sdg for (board, sdg) in expected if board == LJ + "kommunfullmaktige"
    }


def test_board_sdgs_without_the_vocabulary_still_gives_the_numbers() -> None:
    store = EmbeddedStore()
    store.load(sample_data_files())
    rows = _values(_run(store))
    assert rows and all("label" not in row and row["number"].isdigit() for row in rows)


# --- The recommendation: a goal that claims an SDG is followed up with results -----------------


def _sdg_findings(graph: Graph, ontology: Graph, lang: str = "sv") -> list[Finding]:
    report = validate_graph(graph, ontology=ontology, lang=lang)
    assert report.violations == 0
    return [f for f in report.findings if f.rule == RULE]


def test_each_sdg_claimed_without_results_is_a_finding_naming_it(ontology: Graph) -> None:
    graph = load_example(DATA / "invalid" / "Goal-sdgMeasured-no-result.trig", base_graph()).graph
    om_b = "https://example.org/exempelkommun/om-b"
    for lang, (word, four) in {
        "sv": ("globalt mål", "Mål 4 God utbildning för alla"),
        "en": ("Sustainable Development Goal", "Goal 4 Quality education"),
    }.items():
        found = [f for f in _sdg_findings(graph, ontology, lang) if f.iri == om_b]
        assert [(f.severity.value, f.path, f.value) for f in found] == [
            ("Warning", str(SG.sdg), SDG + "4"),
            ("Warning", str(SG.sdg), SDG + "5"),
        ]
        assert f"{word} 4 " in found[0].message and f"{word} 5 " in found[1].message
        assert found[0].value_label == four


def test_a_result_for_the_indicator_beneath_answers_the_finding(ontology: Graph) -> None:
    example = load_example(DATA / "invalid" / "Goal-sdgMeasured-no-result.trig", base_graph())
    graph = example.graph
    assert {f.iri for f in _sdg_findings(graph, ontology)} == {
        "https://example.org/exempelkommun/nm-2",
        "https://example.org/exempelkommun/om-b",
    }
    result = URIRef("https://example.org/exempelkommun/utfall-ind-2-2024")
    graph.add((result, RDF.type, SG.Value))
    graph.add((result, SG.indicator, URIRef("https://example.org/exempelkommun/ind-2")))
    graph.add((result, SG.period, URIRef("https://example.org/exempelkommun/ar2024")))
    graph.add((result, SG.numericValue, Literal(84)))
    assert _sdg_findings(graph, ontology) == []


# The goals of the bundled model that claim an SDG with no result beneath them, found the long
# way round: every nämndsmål with a result, then every goal claiming an SDG that is not one of
# them and that none of them supports.
MEASURED = """
PREFIX sg: <https://w3id.org/styrgraf#>
SELECT DISTINCT ?goal WHERE {
    ?goal a sg:BoardGoal ; sg:hasIndicator ?indicator .
    ?value a sg:Value ; sg:indicator ?indicator ; sg:numericValue ?number .
}
"""


def test_on_the_bundled_model_it_finds_the_claims_no_result_backs(ontology: Graph) -> None:
    model = merged(read_dataset(sample_data_files()))
    assert _sdg_findings(model, ontology) == []  # every indicator has its results
    # Without the results of the nämndsmål that support one övergripande mål, its claims and
    # those of every goal left with no result beneath it are found, and no other.
    goal = URIRef(LJ + "og-kommun-tillvaxt-1")
    for board_goal in set(model.subjects(SG.supports, goal)):
        for indicator in set(model.objects(board_goal, SG.hasIndicator)):
            for value in set(model.subjects(SG.indicator, indicator)):
                model.remove((value, None, None))
    measured = {row[0] for row in model.query(MEASURED)}  # type: ignore[index]
    unbacked = {
        (str(goal), str(sdg))
        for goal, sdg in model.subject_objects(SG.sdg)
        if goal not in measured and not set(model.subjects(SG.supports, goal)) & measured
    }
    assert (str(goal), "http://metadata.un.org/sdg/11") in unbacked
    found = _sdg_findings(model, ontology)
    assert {(f.iri, f.value) for f in found} == unbacked
    assert len(found) == len(unbacked)


def test_with_a_result_for_every_indicator_the_bundled_model_has_no_such_finding(
    ontology: Graph,
) -> None:
    model = merged(read_dataset(sample_data_files()))
    year = URIRef(LJ + "budgetar-2021")
    for number, indicator in enumerate(sorted(set(model.subjects(RDF.type, SG.Indicator)))):
        if (None, SG.indicator, indicator) in model:
            continue
        result = URIRef(f"{LJ}utfall-{number}")
        model.add((result, RDF.type, SG.Value))
        model.add((result, SG.indicator, indicator))
        model.add((result, SG.period, year))
        model.add((result, SG.numericValue, Literal(1)))
    assert _sdg_findings(model, ontology) == []


@pytest.mark.parametrize(("lang", "word"), [("sv", "Mål 8 Anständiga"), ("en", "Goal 8 Decent")])
def test_a_boards_page_lists_the_global_goals_its_goals_claim(lang: str, word: str) -> None:
    from styrgraf.web.app import create_app

    client = create_app({"TESTING": True, "query_processes": 0}).test_client()
    board = LJ + "kommunstyrelsen"
    claimed = client.get(f"/api/queries/board-sdgs?board={board}").json["results"]["bindings"]
    assert claimed
    page = client.get(f"/ljungby/id/kommunstyrelsen?lang={lang}", headers={"Accept": "text/html"})
    section = page.data.decode().split('id="sdgs"', 1)[1].split("</section>", 1)[0]
    assert word in section
    for row in claimed:
        assert row["sdg"]["value"].replace(":", "%3A").replace("/", "%2F") in section
    assert section.count("<li>") == len(claimed)
