"""Trace, tree and impact on the Ljungby model, on both backends."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask

from styrgraf.analysis.hierarchy import Direction
from styrgraf.analysis.trace import NodeError, impact, trace, tree
from styrgraf.model.bundled import ontology_files, sample_data_files
from styrgraf.store.base import Store
from styrgraf.store.embedded import EmbeddedStore
from styrgraf.web.resource_pages import trace_of
from styrgraf.web.service import service
from tests_support import LJ

SG = "https://w3id.org/styrgraf#"
PREFIXES = f"PREFIX sg: <{SG}> PREFIX lj: <{LJ}> "


@pytest.fixture(scope="module")
def ljungby() -> Store:
    return _load(EmbeddedStore())


def _load(store: Store) -> Store:
    store.load(sample_data_files())
    store.load(ontology_files(), graph="https://w3id.org/styrgraf")
    return store


def _iris(path: list[dict[str, object]]) -> list[str]:
    return [str(hop["iri"]).removeprefix(LJ) for hop in path]


def test_an_activity_traces_to_the_vision(ljungby: Store) -> None:
    result = trace(ljungby, LJ + "akt-2021-hr-1")
    assert result["start"] == LJ + "akt-2021-hr-1" and result["reaches_vision"]
    assert [_iris(p) for p in result["paths"]] == [
        ["akt-2021-hr-1", "hp-2021-hr", "ng-ks-3", "og-ks-kunskap-1", "kunskap", "vision"]
    ]
    first, *_, last = result["paths"][0]
    assert first["type"] == SG + "Activity" and first["type_label"] == "aktivitet"
    assert first["label"] == "Ledarutvecklingsprogram för första linjens chefer"
    assert first["board"] == {"iri": LJ + "kommunstyrelsen", "label": "Kommunstyrelsen"}
    assert first["units"] == [{"iri": LJ + "enhet-hr", "label": "HR-avdelningen"}]
    assert first["link"] == "sg:partOfPlan"
    assert last["type"] == SG + "Vision" and last["link"] is None
    assert [hop["link"] for hop in result["paths"][0][:-1]] == [
        "sg:partOfPlan",
        "sg:realises",
        "sg:supports",
        "sg:inStrategicArea",
        "sg:servesVision",
    ]


def test_a_node_reached_by_several_paths_shows_them_all(ljungby: Store) -> None:
    result = trace(ljungby, LJ + "iup-2021-2", lang="en")
    paths = [_iris(p) for p in result["paths"]]
    assert len(paths) == 4
    assert ["iup-2021-2", "ng-sn-2", "og-sn-kunskap-1", "kunskap", "vision"] in paths
    assert all(p[-1] == "vision" for p in paths)
    assert len({tuple(p) for p in paths}) == 4
    assert result["node"]["type_label"] == "individual development plan"


def test_a_board_goal_supporting_two_goals_has_two_paths(ljungby: Store) -> None:
    paths = [_iris(p) for p in trace(ljungby, LJ + "ng-tn-4")["paths"]]
    assert {p[1] for p in paths} == {"og-tn-livskvalitet-2", "og-kommun-livskvalitet-1"}


def test_a_focus_area_traces_to_the_vision(ljungby: Store) -> None:
    paths = trace(ljungby, LJ + "fokus-vattenfragor")["paths"]
    assert [_iris(p) for p in paths] == [["fokus-vattenfragor", "vision"]]


def test_an_orphan_has_no_path_and_says_where_it_breaks() -> None:
    store = _load(EmbeddedStore())
    store.update(PREFIXES + "DELETE WHERE { GRAPH ?g { lj:hp-2021-hr sg:realises ?goal } }")
    result = trace(store, LJ + "akt-2021-hr-2")
    assert result["paths"] == [] and not result["reaches_vision"]
    assert result["break"]["code"] == "missing-link"
    assert result["break"]["at"] == LJ + "hp-2021-hr"
    assert result["break"]["link"] == "sg:realises"


def test_the_tree_under_a_goal(ljungby: Store) -> None:
    top = tree(ljungby, LJ + "og-ks-kunskap-1")
    assert top["link"] is None
    (goal,) = top["children"]
    assert goal["iri"] == LJ + "ng-ks-3" and goal["link"] == "sg:supports"
    (plan,) = goal["children"]
    assert plan["iri"] == LJ + "hp-2021-hr" and plan["link"] == "sg:realises"
    assert {c["iri"].removeprefix(LJ) for c in plan["children"]} == {
        "akt-2021-hr-1",
        "akt-2021-hr-2",
        "akt-2021-hr-3",
    }
    assert all(c["children"] == [] for c in plan["children"])


def test_the_tree_under_the_vision_holds_every_node(ljungby: Store) -> None:
    seen: set[str] = set()

    def walk(node: dict[str, object]) -> None:
        seen.add(str(node["iri"]))
        for child in node["children"]:  # type: ignore[attr-defined]
            walk(child)

    walk(tree(ljungby, LJ + "vision"))
    count = ljungby.select(
        PREFIXES
        + "SELECT (COUNT(DISTINCT ?n) AS ?c) WHERE { ?n a ?t VALUES ?t { sg:Vision sg:FocusArea "
        "sg:StrategicArea sg:StrategicSubArea sg:OverarchingGoal sg:BoardGoal sg:ActionPlan "
        "sg:Activity sg:DevelopmentPlan } }"
    )
    assert len(seen) == int(count[0]["c"].value) == 143


def test_impact_of_withdrawing_a_board_goal(ljungby: Store) -> None:
    result = impact(ljungby, LJ + "ng-ks-3")
    assert {h["iri"].removeprefix(LJ) for h in result["orphaned"]} == {
        "hp-2021-hr",
        "akt-2021-hr-1",
        "akt-2021-hr-2",
        "akt-2021-hr-3",
    }
    # A board goal with a second path up loses nothing by one of its goals being withdrawn.
    assert impact(ljungby, LJ + "og-kommun-livskvalitet-1")["orphaned"] == []


def test_not_a_hierarchy_node_is_a_clear_error(ljungby: Store) -> None:
    with pytest.raises(NodeError, match="not a node of the goal hierarchy"):
        trace(ljungby, LJ + "kommunstyrelsen")
    with pytest.raises(NodeError, match="not in the model"):
        trace(ljungby, LJ + "finns-inte")
    with pytest.raises(NodeError, match="not a valid IRI"):
        tree(ljungby, "not an iri")


def test_both_backends_trace_the_same(backend: Callable[[], Store], ljungby: Store) -> None:
    store = _load(backend())
    for node in ("akt-2021-hr-1", "iup-2021-2", "ng-tn-4", "fokus-vattenfragor"):
        for lang in ("sv", "en"):
            assert trace(store, LJ + node, lang=lang) == trace(ljungby, LJ + node, lang=lang)
    assert tree(store, LJ + "og-sn-kunskap-1") == tree(ljungby, LJ + "og-sn-kunskap-1")
    assert impact(store, LJ + "ng-ks-3") == impact(ljungby, LJ + "ng-ks-3")


def test_the_service_keeps_one_answer_for_each_trace(app: Flask) -> None:
    """A trace asked by a page or the API is computed once per state of the store: however
    the direction and the graphs are given, the same node, direction, graphs and language get
    the one answer the service keeps, until a write."""
    node = LJ + "akt-2021-hr-1"
    with app.test_request_context():
        current = service()
        graphs = current.public_graphs()
        first = current.trace(node, Direction.UP, graphs=graphs, lang="sv")
        assert first == trace(current.store, node, graphs=graphs, lang="sv")
        assert current.trace(node, "up", graphs=tuple(graphs), lang="sv") is first
        assert trace_of(node, graphs, "sv") is first
        assert current.trace(node, Direction.UP, graphs=graphs, lang="en") is not first
        below = current.trace(node, Direction.DOWN, graphs=graphs, lang="sv")
        assert below == tree(current.store, node, graphs=graphs, lang="sv")
        withdrawn = current.trace(node, Direction.IMPACT, graphs=graphs, lang="sv")
        assert withdrawn == impact(current.store, node, graphs=graphs, lang="sv")
        current.forget()
        again = current.trace(node, Direction.UP, graphs=graphs, lang="sv")
        assert again is not first and again == first
        with pytest.raises(NodeError):
            current.trace(LJ + "kommunstyrelsen", Direction.UP, graphs=graphs, lang="sv")
