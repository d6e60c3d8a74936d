"""The ``*-violation`` queries (OBO's convention): none returns a row on the bundled model, and
each finds a defect planted in a copy of it, at the node where it was planted and nowhere else.

The queries are collected by a glob, so a new ``queries/*-violation.rq`` is a new test at once;
it also needs a planted case below, and a test says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from styrgraf.model.bundled import resource_dir, sample_data_files
from styrgraf.sparql.queries import NamedQuery, parse_query
from styrgraf.store.embedded import EmbeddedStore
from tests_support import LJ, PUBLIC

VIOLATIONS = sorted(resource_dir("queries").glob("*-violation.rq"))
SG = "https://w3id.org/styrgraf#"
PREFIXES = f"""
PREFIX lj: <{LJ}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX sg: <{SG}>
"""


def _query(path: Path) -> NamedQuery:
    return parse_query(path.stem, path.read_text(encoding="utf-8"), path)


def _findings(store: EmbeddedStore, query: NamedQuery, lang: str = "sv") -> list[dict[str, str]]:
    rows = store.select(query.text, query.bindings({"lang": lang}))
    return [{name: term.value for name, term in row.items()} for row in rows]


@pytest.fixture(scope="module")
def ljungby() -> EmbeddedStore:
    store = EmbeddedStore()
    store.load(sample_data_files())
    return store


@pytest.mark.parametrize("path", VIOLATIONS, ids=lambda path: path.stem)
def test_no_violation_on_the_bundled_model(ljungby: EmbeddedStore, path: Path) -> None:
    assert _findings(ljungby, _query(path)) == []


@pytest.mark.parametrize("path", VIOLATIONS, ids=lambda path: path.stem)
def test_no_violation_on_other_sound_models(path: Path) -> None:
    """Regression: the label query asked every node for an English label, which the rules ask
    only of goals, areas, the vision, boards and units, and flagged the shapes' own base model."""
    from styrgraf.generator.generate import generate

    store = EmbeddedStore()
    store.load([Path(__file__).parent / "data" / "base.ttl"], graph="https://example.org/base")
    store.replace_graphs(generate(2, seed=3, defects=False).graphs)
    assert _findings(store, _query(path)) == []


# --- Planted defects ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """A defect planted by a SPARQL Update, and the (node, class, reason) rows it must give."""

    query: str
    what: str
    update: str
    expected: tuple[tuple[str, str, str], ...]


def _delete(node: str, predicate: str) -> str:
    """Remove every value of one property of a node, in whichever graph it is."""
    return f"DELETE WHERE {{ GRAPH ?g {{ lj:{node} {predicate} ?value }} }}"


def _insert(triples: str, graph: str = PUBLIC) -> str:
    return f"INSERT DATA {{ GRAPH <{graph}> {{ {triples} }} }}"


def _delete_data(triples: str) -> str:
    return f"DELETE DATA {{ GRAPH <{PUBLIC}> {{ {triples} }} }}"


def _delete_label(node: str, language: str) -> str:
    pattern = f"lj:{node} rdfs:label ?label"
    return f"""DELETE {{ GRAPH ?g {{ {pattern} }} }}
        WHERE {{ GRAPH ?g {{ {pattern} FILTER (lang(?label) = "{language}") }} }}"""


CASES = [
    Case(
        "activity-without-plan-violation",
        "activity taken out of its plan",
        _delete("akt-2021-hr-1", "sg:partOfPlan"),
        (("akt-2021-hr-1", "Activity", "no-plan"),),
    ),
    Case(
        "activity-without-plan-violation",
        "activity in a plan that does not exist",
        _delete("akt-2021-miljo-1", "sg:partOfPlan")
        + " ; "
        + _insert("lj:akt-2021-miljo-1 sg:partOfPlan lj:hp-2021-finns-inte ."),
        (("akt-2021-miljo-1", "Activity", "no-plan"),),
    ),
    Case(
        "activity-without-plan-violation",
        "activity that keeps one of its two plans",
        _delete_data("lj:akt-2021-berattarfestival sg:partOfPlan lj:hp-2021-kulturskolan ."),
        (),
    ),
    Case(
        "plan-without-goal-violation",
        "plan that realises nothing",
        _delete("hp-2021-hr", "sg:realises"),
        (("hp-2021-hr", "ActionPlan", "no-goal"),),
    ),
    Case(
        "plan-without-goal-violation",
        "plan that realises an overarching goal instead of a board goal",
        _delete("hp-2021-ekonomi", "sg:realises")
        + " ; "
        + _insert("lj:hp-2021-ekonomi sg:realises lj:og-ks-livskvalitet-1 ."),
        (("hp-2021-ekonomi", "ActionPlan", "no-goal"),),
    ),
    Case(
        "board-goal-without-overarching-goal-violation",
        "board goal that supports nothing",
        _delete("ng-ks-1", "sg:supports"),
        (("ng-ks-1", "BoardGoal", "no-overarching-goal"),),
    ),
    Case(
        "board-goal-without-overarching-goal-violation",
        "board goal that keeps one of the two overarching goals it supports",
        _delete_data("lj:ng-bun-2 sg:supports lj:og-bun-tillvaxt-1 ."),
        (),
    ),
    Case(
        "board-goal-without-indicator-violation",
        "board goal with its indicator removed",
        _delete("ng-ks-4", "sg:hasIndicator"),
        (("ng-ks-4", "BoardGoal", "no-indicator"),),
    ),
    Case(
        "board-goal-without-indicator-violation",
        "board goal that keeps one of its two indicators",
        _delete_data("lj:ng-sn-4 sg:hasIndicator lj:ind-ng-sn-4-b ."),
        (),
    ),
    Case(
        "overarching-goal-without-area-violation",
        "overarching goal under no strategic area",
        _delete("og-sn-kunskap-1", "sg:inStrategicArea"),
        (("og-sn-kunskap-1", "OverarchingGoal", "no-strategic-area"),),
    ),
    Case(
        "overarching-goal-without-area-violation",
        "overarching goal placed under a sub-area instead of an area",
        _delete("og-tn-tillvaxt-2", "sg:inStrategicArea")
        + " ; "
        + _insert("lj:og-tn-tillvaxt-2 sg:inStrategicArea lj:infrastruktur ."),
        (("og-tn-tillvaxt-2", "OverarchingGoal", "no-strategic-area"),),
    ),
    Case(
        "goal-without-owner-violation",
        "overarching goal for no board",
        _delete("og-mbn-livskvalitet-1", "sg:forBoard"),
        (("og-mbn-livskvalitet-1", "OverarchingGoal", "no-board"),),
    ),
    Case(
        "goal-without-owner-violation",
        "overarching goal owned by a unit",
        _delete("og-tn-kunskap-1", "sg:forBoard")
        + " ; "
        + _insert("lj:og-tn-kunskap-1 sg:forBoard lj:enhet-fastighet ."),
        (("og-tn-kunskap-1", "OverarchingGoal", "no-board"),),
    ),
    Case(
        "goal-without-owner-violation",
        "board goal decided by no board",
        _delete("ng-kfn-3", "sg:decidedBy"),
        (("ng-kfn-3", "BoardGoal", "no-deciding-board"),),
    ),
    Case(
        "goal-without-owner-violation",
        "overarching goal without the council's decision, which is optional",
        _delete("og-ks-tillvaxt-1", "sg:decidedBy"),
        (),
    ),
    Case(
        "hierarchy-cycle-violation",
        "board goal that supports itself",
        _insert("lj:ng-ks-1 sg:supports lj:ng-ks-1 ."),
        (("ng-ks-1", "BoardGoal", "cycle"),),
    ),
    Case(
        "hierarchy-cycle-violation",
        "overarching goal that contributes to a plan below it",
        _insert("lj:og-ks-tillvaxt-1 sg:contributesTo lj:hp-2021-naringsliv ."),
        (
            ("hp-2021-naringsliv", "ActionPlan", "cycle"),
            ("ng-ks-1", "BoardGoal", "cycle"),
            ("og-ks-tillvaxt-1", "OverarchingGoal", "cycle"),
        ),
    ),
    Case(
        "hierarchy-cycle-violation",
        "activity above its own development plan, across the public and private graphs",
        _insert("lj:akt-2021-forskola-1 sg:partOfPlan lj:iup-2021-1 ."),
        (
            ("akt-2021-forskola-1", "Activity", "cycle"),
            ("iup-2021-1", "DevelopmentPlan", "cycle"),
        ),
    ),
    Case(
        "label-missing-language-violation",
        "unit without an English label",
        _delete_label("enhet-miljo", "en"),
        (("enhet-miljo", "OrganisationalUnit", "no-label-en"),),
    ),
    Case(
        "label-missing-language-violation",
        "activity without any label: only Swedish is required of an activity",
        _delete("akt-2021-hr-2", "rdfs:label"),
        (("akt-2021-hr-2", "Activity", "no-label-sv"),),
    ),
    Case(
        "label-missing-language-violation",
        "board goal without any label: Swedish and English are both required",
        _delete("ng-tn-4", "rdfs:label"),
        (
            ("ng-tn-4", "BoardGoal", "no-label-en"),
            ("ng-tn-4", "BoardGoal", "no-label-sv"),
        ),
    ),
    Case(
        "label-missing-language-violation",
        "joint board without a Swedish label, typed with two classes",
        _delete_label("gemensamma-overformyndarnamnden", "sv"),
        (("gemensamma-overformyndarnamnden", "Board", "no-label-sv"),),
    ),
    Case(
        "label-missing-language-violation",
        "Swedish label with a regional tag",
        _delete_label("enhet-bygglov", "sv")
        + " ; "
        + _insert('lj:enhet-bygglov rdfs:label "Bygglov"@sv-SE .'),
        (),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda case: f"{case.query}: {case.what}")
def test_a_planted_defect_is_found_where_it_was_planted(case: Case) -> None:
    store = EmbeddedStore()
    store.load(sample_data_files())
    store.update(PREFIXES + case.update)
    rows = _findings(store, _query(resource_dir("queries") / f"{case.query}.rq"))
    assert [(row["node"], row["type"], row["reason"]) for row in rows] == [
        (LJ + node, SG + kind, reason) for node, kind, reason in case.expected
    ]


def test_every_violation_query_has_a_planted_defect() -> None:
    planted = {case.query for case in CASES if case.expected}
    assert planted == {path.stem for path in VIOLATIONS}


def test_a_finding_carries_the_label_in_the_requested_language() -> None:
    store = EmbeddedStore()
    store.load(sample_data_files())
    store.update(PREFIXES + _delete("ng-ks-1", "sg:supports"))
    query = _query(resource_dir("queries") / "board-goal-without-overarching-goal-violation.rq")
    assert [row["label"] for row in _findings(store, query)] == ["Antalet nystartade företag ökar"]
    assert [row["label"] for row in _findings(store, query, "en")] == [
        "The number of newly started companies increases"
    ]
