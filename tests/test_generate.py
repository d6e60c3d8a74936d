"""The synthetic model generator: deterministic, sized like Ljungby, clean without defects, and
with a manifest that lists exactly what the planted defects make (checked here independently,
with plain SPARQL over the written TriG)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph

from styrgraf.generator.generate import REASONS, Generated, generate
from styrgraf.model.load import merged, read_dataset
from styrgraf.model.validation import validate_graph

SG = "https://w3id.org/styrgraf#"
PREFIXES = """
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX sg: <https://w3id.org/styrgraf#>
"""
UPWARD = (
    "sg:servesVision|sg:subAreaOf|sg:inStrategicArea|sg:supports|sg:realises|sg:partOfPlan"
    "|sg:supportsGoal|sg:supportsActivity"
)
EXPECTED = {
    "sg:servesVision": "Vision",
    "sg:subAreaOf": "StrategicArea",
    "sg:inStrategicArea": "StrategicArea",
    "sg:supports": "OverarchingGoal",
    "sg:realises": "BoardGoal",
    "sg:partOfPlan": "ActionPlan",
    "sg:supportsGoal": "BoardGoal",
    "sg:supportsActivity": "Activity",
}
ALL_REASONS = {reason for reasons in REASONS.values() for reason in reasons}


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> tuple[Generated, Path]:
    generated = generate(2, defects=False)
    path = tmp_path_factory.mktemp("clean") / "clean.trig"
    generated.write_trig(path)
    return generated, path


@pytest.fixture(scope="module")
def flawed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Generated, Path]:
    generated = generate(3, seed=7)
    path = tmp_path_factory.mktemp("flawed") / "flawed.trig"
    generated.write_trig(path)
    return generated, path


@pytest.fixture(scope="module")
def store(flawed: tuple[Generated, Path]) -> ox.Store:
    """The written TriG, read back into a store."""
    store = ox.Store()
    store.load(path=str(flawed[1]), format=ox.RdfFormat.TRIG)
    return store


def _select(store: ox.Store, query: str) -> list[dict[str, str | None]]:
    solutions = store.query(PREFIXES + query, use_default_graph_as_union=True)
    assert isinstance(solutions, ox.QuerySolutions)
    names = [v.value for v in solutions.variables]
    return [
        {name: None if row[name] is None else row[name].value for name in names}
        for row in solutions
    ]


def _ask(store: ox.Store, query: str) -> bool:
    answer = store.query(PREFIXES + query, use_default_graph_as_union=True)
    assert isinstance(answer, ox.QueryBoolean)
    return bool(answer)


def _municipalities(generated: Generated) -> dict[str, set[str]]:
    """Each municipality IRI with the names of its graphs."""
    found: dict[str, set[str]] = {}
    for graph in generated.manifest["graphs"]:
        found.setdefault(graph["municipality"], set()).add(graph["iri"])
    return found


# --- Determinism and size ---


def test_same_arguments_give_the_same_bytes(tmp_path: Path) -> None:
    written = []
    for run, seed in enumerate((5, 5, 6)):
        generated = generate(2, seed=seed)
        generated.write_trig(tmp_path / f"{run}.trig")
        generated.write_manifest(tmp_path / f"{run}.json")
        written.append(
            ((tmp_path / f"{run}.trig").read_bytes(), (tmp_path / f"{run}.json").read_bytes())
        )
    assert written[0] == written[1]
    assert written[0][0] != written[2][0]
    assert written[0][1] != written[2][1]


def test_a_municipality_does_not_depend_on_how_many_are_generated() -> None:
    one, three = generate(1, seed=3), generate(3, seed=3)
    for graph, triples in one.graphs.items():
        assert three.graphs[graph] == triples


def test_the_defects_are_planted_in_the_same_model() -> None:
    """Only indicators go, with their values (a goal with no indicator); only goals,
    indicators, a unit and an empty plan come."""
    clean, flawed = generate(1, seed=8, defects=False), generate(1, seed=8)

    def typed(generated: Generated) -> dict[str, str]:
        return {
            t.subject.value: t.object.value.removeprefix(SG)
            for triples in generated.graphs.values()
            for t in triples
            if t.predicate.value.endswith("#type") and t.object.value.startswith(SG)
        }

    before, after = typed(clean), typed(flawed)
    assert {before[n] for n in before.keys() - after.keys()} == {"Indicator", "Value"}
    added = {after[n] for n in after.keys() - before.keys()}
    assert added <= {
        "OverarchingGoal",
        "BoardGoal",
        "ActionPlan",
        "Indicator",
        "OrganisationalUnit",
        "ManagerPost",
    }
    assert {"OverarchingGoal", "BoardGoal", "OrganisationalUnit"} <= added


def test_size_grows_with_the_number_of_municipalities() -> None:
    sizes = {n: generate(n, seed=2).triple_count for n in (1, 4)}
    # One model with its results for the plan years so far (the bundled one, four years of
    # results, has some 7 200).
    assert 2000 <= sizes[1] <= 4500
    assert 3 * sizes[1] < sizes[4] < 5 * sizes[1]
    for graph in generate(4, seed=2).manifest["graphs"]:
        assert graph["triples"] > (1500 if not graph["private"] else 100)


def test_a_hundred_municipalities_are_the_size_of_a_hundred_real_ones() -> None:
    # How long this takes is measured by `make bench`, not asserted here.
    generated = generate(100)
    assert 200_000 < generated.triple_count < 350_000
    assert len(generated.graphs) == 200


def test_fewer_than_one_municipality_is_refused() -> None:
    with pytest.raises(ValueError):
        generate(0)


# --- What is written ---


def test_every_graph_parses_back_from_the_trig(flawed: tuple[Generated, Path]) -> None:
    generated, path = flawed
    read: dict[str, set[ox.Triple]] = {}
    for quad in ox.parse(path=str(path), format=ox.RdfFormat.TRIG):
        assert isinstance(quad.graph_name, ox.NamedNode)
        read.setdefault(quad.graph_name.value, set()).add(quad.triple)
    assert read.keys() == generated.graphs.keys()
    for graph, triples in generated.graphs.items():
        assert len(set(triples)) == len(triples), f"{graph} holds a triple twice"
        assert read[graph] == set(triples)
    assert sum(len(t) for t in read.values()) == generated.triple_count


def test_the_manifest_as_written(flawed: tuple[Generated, Path], tmp_path: Path) -> None:
    generated, _path = flawed
    manifest = generated.manifest
    generated.write_manifest(tmp_path / "manifest.json")
    text = (tmp_path / "manifest.json").read_text(encoding="utf-8")
    assert json.loads(text) == manifest
    assert "kommun 2023–2026" in text  # not escaped
    assert manifest["generator"] == "styrgraf generate"
    assert (manifest["version"], manifest["seed"], manifest["municipalities"]) == (1, 7, 3)
    assert manifest["defects_planted"] is True
    assert manifest["triples"] == generated.triple_count
    assert [g["iri"] for g in manifest["graphs"]] == list(generated.graphs)
    for graph in manifest["graphs"]:
        assert graph["triples"] == len(generated.graphs[graph["iri"]])
        assert graph["private"] == graph["iri"].endswith("-private")
    key = [
        (d["graph"], d["category"], d["reason"], d["iri"], d.get("area", ""))
        for d in manifest["defects"]
    ]
    assert key == sorted(key)


def test_personal_data_only_in_the_private_graphs(flawed: tuple[Generated, Path]) -> None:
    generated, _path = flawed
    personal = {SG + "Employee", SG + "DevelopmentPlan"}
    for graph in generated.manifest["graphs"]:
        typed = {
            t.object.value
            for t in generated.graphs[graph["iri"]]
            if t.predicate.value.endswith("#type")
        }
        assert bool(typed & personal) == graph["private"]
    public = [g["iri"] for g in generated.manifest["graphs"] if not g["private"]]
    for graph in public:
        declared = [
            t for t in generated.graphs[graph] if t.object == ox.NamedNode(SG + "PrivateGraph")
        ]
        assert [t.subject.value for t in declared] == [graph + "-private"]


def test_without_private_graphs() -> None:
    generated = generate(1, seed=4, private=False)
    assert [g["private"] for g in generated.manifest["graphs"]] == [False]
    objects = {t.object.value for triples in generated.graphs.values() for t in triples}
    assert not objects & {SG + "Employee", SG + "DevelopmentPlan", SG + "PrivateGraph"}
    assert {d["reason"] for d in generated.manifest["defects"]} == ALL_REASONS


# --- The defect-free model ---


def test_the_defect_free_model_conforms_with_no_warnings(
    clean: tuple[Generated, Path], shapes: Graph, ontology: Graph
) -> None:
    generated, path = clean
    dataset = read_dataset([path])
    report = validate_graph(merged(dataset), shapes=shapes, ontology=ontology, dataset=dataset)
    assert (report.violations, report.warnings) == (0, 0)
    assert generated.manifest["defects"] == []
    assert generated.manifest["defects_planted"] is False
    assert all(n == 0 for counts in generated.manifest["counts"].values() for n in counts.values())


# --- The defects and the manifest ---


def test_every_reason_is_planted_in_every_municipality(flawed: tuple[Generated, Path]) -> None:
    generated, _path = flawed
    for municipality, graphs in _municipalities(generated).items():
        reasons = {d["reason"] for d in generated.manifest["defects"] if d["graph"] in graphs}
        assert reasons == ALL_REASONS, municipality


@pytest.mark.parametrize("seed", [8, 59, 106])
def test_the_overarching_goal_planted_without_board_goals_keeps_none(seed: int) -> None:
    """The one övergripande mål the defects add is reported as having no nämndsmål. With seeds 59
    and 106 a nämndsmål planted after it used to be drawn to support it: with 59 another gap hid
    that, with 106 generation failed for want of any."""
    clean, flawed = generate(1, seed=seed, defects=False), generate(1, seed=seed)

    def overarching(generated: Generated) -> set[str]:
        return {
            t.subject.value
            for triples in generated.graphs.values()
            for t in triples
            if t.object == ox.NamedNode(SG + "OverarchingGoal")
        }

    (added,) = overarching(flawed) - overarching(clean)
    listed = {d["iri"] for d in flawed.manifest["defects"] if d["reason"] == "no-board-goal"}
    assert added in listed


def test_counts_match_the_list(flawed: tuple[Generated, Path]) -> None:
    manifest = flawed[0].manifest
    assert {c: set(counts) for c, counts in manifest["counts"].items()} == {
        c: set(reasons) for c, reasons in REASONS.items()
    }
    listed = Counter((d["category"], d["reason"]) for d in manifest["defects"])
    counted = Counter(
        {(c, r): n for c, counts in manifest["counts"].items() for r, n in counts.items() if n}
    )
    assert listed == counted
    assert all(r in REASONS[c] for c, r in listed)


def test_every_manifest_iri_is_a_subject_in_its_graph(flawed: tuple[Generated, Path]) -> None:
    generated, _path = flawed
    subjects = {
        graph: {t.subject.value for t in triples} for graph, triples in generated.graphs.items()
    }
    anywhere = set().union(*subjects.values())
    for defect in generated.manifest["defects"]:
        assert defect["iri"] in subjects[defect["graph"]], defect
        if defect["category"] == "orphan":
            assert defect["at"] in anywhere, defect
            assert set(defect) == {"graph", "iri", "category", "reason", "link", "at"}
        else:
            assert set(defect) - {"area"} == {"graph", "iri", "category", "reason"}
            assert ("area" in defect) == defect["reason"].endswith("in-area")
            if "area" in defect:
                assert defect["area"] in subjects[defect["graph"]]


def test_orphans_are_the_nodes_sparql_finds_no_path_from(
    flawed: tuple[Generated, Path], store: ox.Store
) -> None:
    rows = _select(
        store,
        f"""SELECT DISTINCT ?node ?graph WHERE {{
            VALUES ?class {{ sg:FocusArea sg:StrategicArea sg:StrategicSubArea sg:OverarchingGoal
                sg:BoardGoal sg:ActionPlan sg:Activity sg:DevelopmentPlan }}
            GRAPH ?graph {{ ?node a ?class }}
            FILTER NOT EXISTS {{ ?node ({UPWARD})* ?vision . ?vision a sg:Vision }}
        }}""",
    )
    found = {(row["node"], row["graph"]) for row in rows}
    listed = {
        (d["iri"], d["graph"]) for d in flawed[0].manifest["defects"] if d["category"] == "orphan"
    }
    assert listed == found
    assert any(str(graph).endswith("-private") for _node, graph in found)


def test_each_orphan_breaks_where_the_manifest_says(
    flawed: tuple[Generated, Path], store: ox.Store
) -> None:
    for d in (d for d in flawed[0].manifest["defects"] if d["category"] == "orphan"):
        iri, at, link = d["iri"], d["at"], d["link"]
        assert _ask(store, f"ASK {{ <{iri}> ({UPWARD})* <{at}> }}"), d
        if d["reason"] == "missing-link":
            assert not _ask(store, f"ASK {{ <{at}> ({UPWARD}) ?up }}"), d
        elif d["reason"] == "broken-link":
            assert _ask(
                store,
                f"ASK {{ <{at}> {link} ?up . FILTER NOT EXISTS {{ ?up a sg:{EXPECTED[link]} }} }}",
            ), d
        else:
            assert link is None
            assert _ask(store, f"ASK {{ <{at}> ({UPWARD})+ <{at}> }}"), d
            members = _select(
                store, f"SELECT ?m WHERE {{ <{at}> ({UPWARD})+ ?m . ?m ({UPWARD})+ <{at}> }}"
            )
            assert at == min(str(row["m"]) for row in members)


def test_uncovered_are_what_sparql_finds_among_nodes_that_reach_the_vision(
    flawed: tuple[Generated, Path], store: ox.Store
) -> None:
    rows = _select(
        store,
        f"""SELECT DISTINCT ?node ?reason ?area WHERE {{
            {{
                ?node a sg:OverarchingGoal .
                FILTER NOT EXISTS {{ ?goal a sg:BoardGoal ; sg:supports ?node }}
                BIND ("no-board-goal" AS ?reason)
            }} UNION {{
                ?node a sg:BoardGoal .
                FILTER NOT EXISTS {{ ?plan a sg:ActionPlan ; sg:realises ?node }}
                BIND ("no-plan" AS ?reason)
            }} UNION {{
                ?node a sg:BoardGoal .
                FILTER EXISTS {{ ?plan a sg:ActionPlan ; sg:realises ?node }}
                FILTER NOT EXISTS {{
                    ?activity a sg:Activity ; sg:partOfPlan ?plan .
                    ?plan a sg:ActionPlan ; sg:realises ?node .
                }}
                BIND ("no-activity" AS ?reason)
            }} UNION {{
                ?node a sg:BoardGoal .
                FILTER NOT EXISTS {{ ?node sg:hasIndicator ?indicator }}
                BIND ("no-indicator" AS ?reason)
            }} UNION {{
                ?node a sg:BoardGoal .
                FILTER EXISTS {{ ?node sg:hasIndicator ?indicator }}
                FILTER NOT EXISTS {{ ?node sg:hasIndicator/sg:targetValue ?target }}
                BIND ("no-target" AS ?reason)
            }} UNION {{
                ?node a sg:Board ; org:subOrganizationOf ?municipality .
                ?vision a sg:Vision ; sg:municipality ?municipality .
                ?area a sg:StrategicArea ; sg:servesVision ?vision .
                FILTER NOT EXISTS {{ ?node sg:goalExemption ?why }}
                FILTER NOT EXISTS {{
                    ?goal a sg:OverarchingGoal ; sg:forBoard ?node ; sg:inStrategicArea ?area
                }}
                BIND ("no-goal-in-area" AS ?reason)
            }} UNION {{
                SELECT ?node ?area ("too-many-goals-in-area" AS ?reason) WHERE {{
                    ?goal a sg:OverarchingGoal ; sg:forBoard ?node ; sg:inStrategicArea ?area .
                    ?node a sg:Board .
                }} GROUP BY ?node ?area HAVING (COUNT(DISTINCT ?goal) > 2)
            }} UNION {{
                ?node a sg:OrganisationalUnit .
                FILTER NOT EXISTS {{
                    {{ ?node (org:unitOf|org:subOrganizationOf)* ?part }}
                    UNION {{ ?part (org:unitOf|org:subOrganizationOf)+ ?node }}
                    ?goal a sg:BoardGoal ; sg:coversUnit ?part .
                }}
                BIND ("unit-not-covered" AS ?reason)
            }} UNION {{
                ?node a sg:FocusArea .
                FILTER NOT EXISTS {{ ?goal sg:addresses ?node }}
                BIND ("focus-area-not-addressed" AS ?reason)
            }}
            FILTER (
                ?reason IN ("no-goal-in-area", "too-many-goals-in-area", "unit-not-covered")
                || EXISTS {{ ?node ({UPWARD})* ?top . ?top a sg:Vision }}
            )
        }}""",
    )
    found = {(row["node"], row["reason"], row["area"]) for row in rows}
    listed = {
        (d["iri"], d["reason"], d.get("area"))
        for d in flawed[0].manifest["defects"]
        if d["category"] == "uncovered"
    }
    assert listed == found
