"""Coverage on the bundled model and on planted defects: every finding, its reason, nothing else.

Each planted defect is a SPARQL Update on a copy of the Ljungby model, and each expects the
exact set of findings as (category, code, node, where the path breaks, link, area).
"""

from __future__ import annotations

from collections.abc import Callable

import pyoxigraph as ox
import pytest

from styrgraf.analysis.coverage import coverage
from styrgraf.analysis.hierarchy import key
from styrgraf.model.bundled import ontology_files, sample_data_files
from styrgraf.store.base import Store
from styrgraf.store.embedded import EmbeddedStore
from tests_support import LJ, PRIVATE, PUBLIC

SG = "https://w3id.org/styrgraf#"
PREFIXES = f"PREFIX sg: <{SG}> PREFIX lj: <{LJ}> PREFIX org: <http://www.w3.org/ns/org#> "
INSERT = f"INSERT DATA {{ GRAPH <{PUBLIC}> {{ %s }} }}"

Key = tuple[str, str, str, str | None, str | None, str | None]


def _ljungby(store: Store | None = None) -> Store:
    store = store or EmbeddedStore()
    store.load(sample_data_files())
    store.load(ontology_files(), graph="https://w3id.org/styrgraf")
    return store


def _keys(store: Store, graphs: list[str] | None = None) -> set[Key]:
    report = coverage(store, graphs=graphs)
    return {
        (
            f.category,
            f.code,
            f.iri.removeprefix(LJ),
            f.at.removeprefix(LJ) if f.at else None,
            f.link,
            f.area.removeprefix(LJ) if f.area else None,
        )
        for f in report.orphans + report.uncovered
    }


def test_the_bundled_model_has_nothing_loose() -> None:
    report = coverage(_ljungby())
    assert report.orphans == [] and report.uncovered == []
    assert report.summary["reaching_vision"]["percent"] == 100.0
    assert report.summary["board_goals_measurable"] == {"count": 32, "total": 32, "percent": 100.0}


PLANTED: dict[str, tuple[str, set[Key]]] = {
    "activity-in-no-plan": (
        "DELETE WHERE { GRAPH ?g { lj:akt-2021-hr-1 sg:partOfPlan ?plan } }",
        {("orphan", "missing-link", "akt-2021-hr-1", "akt-2021-hr-1", "sg:partOfPlan", None)},
    ),
    "plan-realising-nothing": (
        "DELETE WHERE { GRAPH ?g { lj:hp-2021-hr sg:realises ?goal } }",
        {
            ("orphan", "missing-link", "hp-2021-hr", "hp-2021-hr", "sg:realises", None),
            ("orphan", "missing-link", "akt-2021-hr-1", "hp-2021-hr", "sg:realises", None),
            ("orphan", "missing-link", "akt-2021-hr-2", "hp-2021-hr", "sg:realises", None),
            ("orphan", "missing-link", "akt-2021-hr-3", "hp-2021-hr", "sg:realises", None),
            ("uncovered", "no-plan", "ng-ks-3", None, None, None),
        },
    ),
    "board-goal-supporting-a-misspelt-goal": (
        "DELETE WHERE { GRAPH ?g { lj:ng-tn-4 sg:supports ?goal } } ; "
        + INSERT % "lj:ng-tn-4 sg:supports lj:og-tn-livskvalitet-22 .",
        {("orphan", "broken-link", "ng-tn-4", "ng-tn-4", "sg:supports", None)},
    ),
    "board-goals-supporting-each-other": (
        "DELETE WHERE { GRAPH ?g { lj:ng-ks-3 sg:supports ?goal } } ; "
        + INSERT
        % (
            "lj:ng-ks-3 sg:supports lj:ng-ks-99 . lj:ng-ks-99 a sg:BoardGoal ; "
            "sg:supports lj:ng-ks-3 ; sg:decidedBy lj:kommunstyrelsen ."
        ),
        {
            ("orphan", "cycle", "ng-ks-3", "ng-ks-3", None, None),
            ("orphan", "cycle", "ng-ks-99", "ng-ks-3", None, None),
            ("orphan", "cycle", "hp-2021-hr", "ng-ks-3", None, None),
            ("orphan", "cycle", "akt-2021-hr-1", "ng-ks-3", None, None),
            ("orphan", "cycle", "akt-2021-hr-2", "ng-ks-3", None, None),
            ("orphan", "cycle", "akt-2021-hr-3", "ng-ks-3", None, None),
            ("uncovered", "no-board-goal", "og-ks-kunskap-1", None, None, None),
        },
    ),
    "focus-area-in-no-vision": (
        "DELETE WHERE { GRAPH ?g { lj:fokus-vattenfragor sg:servesVision ?vision } }",
        {
            (
                "orphan",
                "missing-link",
                "fokus-vattenfragor",
                "fokus-vattenfragor",
                "sg:servesVision",
                None,
            )
        },
    ),
    "plan-without-activities": (
        "DELETE { GRAPH ?g { ?x ?y ?a } } WHERE { "
        "GRAPH ?h { ?a sg:partOfPlan lj:hp-2021-hr } GRAPH ?g { ?x ?y ?a } } ; "
        "DELETE { GRAPH ?g { ?a ?p ?o } } WHERE { "
        "GRAPH ?g { ?a sg:partOfPlan lj:hp-2021-hr ; ?p ?o } }",
        {("uncovered", "no-activity", "ng-ks-3", None, None, None)},
    ),
    "board-goal-without-indicator": (
        "DELETE WHERE { GRAPH ?g { lj:ng-tn-4 sg:hasIndicator ?indicator } }",
        {("uncovered", "no-indicator", "ng-tn-4", None, None, None)},
    ),
    "indicator-without-target": (
        "DELETE WHERE { GRAPH ?g { lj:ind-ng-tn-4 sg:targetValue ?target } }",
        {("uncovered", "no-target", "ng-tn-4", None, None, None)},
    ),
    "overarching-goal-without-board-goal": (
        INSERT
        % (
            "lj:og-tn-kunskap-9 a sg:OverarchingGoal ; sg:forBoard lj:tekniska-namnden ; "
            'sg:inStrategicArea lj:kunskap ; sg:label "Nytt mål"@sv .'
        ),
        {("uncovered", "no-board-goal", "og-tn-kunskap-9", None, None, None)},
    ),
    "three-goals-in-one-area": (
        INSERT
        % (
            "lj:og-tn-livskvalitet-9 a sg:OverarchingGoal ; sg:forBoard lj:tekniska-namnden ; "
            "sg:inStrategicArea lj:livskvalitet . lj:ng-tn-4 sg:supports lj:og-tn-livskvalitet-9 ."
        ),
        {("uncovered", "too-many-goals-in-area", "tekniska-namnden", None, None, "livskvalitet")},
    ),
    "board-without-exemption-and-goals": (
        "DELETE WHERE { GRAPH ?g { lj:krisledningsnamnden sg:goalExemption ?why } }",
        {
            ("uncovered", "no-goal-in-area", "krisledningsnamnden", None, None, area)
            for area in ("kunskap", "livskvalitet", "tillvaxt")
        },
    ),
    "unit-covered-by-no-goal": (
        INSERT
        % "lj:enhet-ny a sg:OrganisationalUnit ; org:unitOf lj:kommunledningsforvaltningen .",
        {("uncovered", "unit-not-covered", "enhet-ny", None, None, None)},
    ),
    "focus-area-nothing-addresses": (
        "DELETE WHERE { GRAPH ?g { ?goal sg:addresses lj:fokus-berattartraditionen } }",
        {("uncovered", "focus-area-not-addressed", "fokus-berattartraditionen", None, None, None)},
    ),
    # Found by review: coverage counted what validation does not.
    "unit-covered-only-by-another-board": (
        "DELETE WHERE { GRAPH ?g { ?goal sg:coversUnit lj:enhet-miljo } } ; "
        + INSERT % "lj:ng-tn-4 sg:coversUnit lj:enhet-miljo .",
        {("uncovered", "unit-not-covered", "enhet-miljo", None, None, None)},
    ),
    "board-known-only-through-its-goals": (
        "DELETE WHERE { GRAPH ?g { lj:tekniska-namnden org:subOrganizationOf ?m } } ; "
        "DELETE WHERE { GRAPH ?g { lj:og-tn-kunskap-1 sg:forBoard ?b } } ; "
        + INSERT
        % "lj:og-tn-kunskap-1 sg:forBoard lj:kommunstyrelsen .",
        {("uncovered", "no-goal-in-area", "tekniska-namnden", None, None, "kunskap")},
    ),
    "board-goal-of-a-misspelt-class": (
        "DELETE WHERE { GRAPH ?g { lj:ng-ks-3 a sg:BoardGoal } } ; "
        + INSERT % "lj:ng-ks-3 a sg:Boardgoal .",
        {
            ("orphan", "broken-link", "hp-2021-hr", "hp-2021-hr", "sg:realises", None),
            ("orphan", "broken-link", "akt-2021-hr-1", "hp-2021-hr", "sg:realises", None),
            ("orphan", "broken-link", "akt-2021-hr-2", "hp-2021-hr", "sg:realises", None),
            ("orphan", "broken-link", "akt-2021-hr-3", "hp-2021-hr", "sg:realises", None),
            ("uncovered", "no-board-goal", "og-ks-kunskap-1", None, None, None),
            ("uncovered", "unit-not-covered", "enhet-hr", None, None, None),
        },
    ),
}


@pytest.mark.parametrize("name", sorted(PLANTED))
def test_a_planted_defect_is_found_with_its_reason(name: str) -> None:
    update, expected = PLANTED[name]
    store = _ljungby()
    store.update(PREFIXES + update)
    assert _keys(store) == expected


def test_both_backends_report_the_same(backend: Callable[[], Store]) -> None:
    store = _ljungby(backend())
    for update, _expected in PLANTED.values():
        store.update(PREFIXES + update)
    reference = _ljungby()
    for update, _expected in PLANTED.values():
        reference.update(PREFIXES + update)
    assert coverage(store).to_json() == coverage(reference).to_json()
    found = _keys(store)
    assert {k[1] for k in found} >= {"missing-link", "cycle", "no-indicator", "no-goal-in-area"}


def test_orphans_below_a_break_are_not_judged_for_coverage() -> None:
    """A nämndsmål that supports nothing is an orphan, not also a goal without indicator."""
    store = _ljungby()
    store.update(
        PREFIXES
        + "DELETE WHERE { GRAPH ?g { lj:ng-tn-4 sg:supports ?goal } } ; "
        + "DELETE WHERE { GRAPH ?g { lj:ng-tn-4 sg:hasIndicator ?indicator } }"
    )
    keys = _keys(store)
    assert ("orphan", "missing-link", "ng-tn-4", "ng-tn-4", "sg:supports", None) in keys
    assert not any(k[0] == "uncovered" and k[2] == "ng-tn-4" for k in keys)


def test_coverage_can_be_scoped_to_one_graph() -> None:
    store = _ljungby()
    everything = coverage(store)
    public = coverage(store, graphs=[PUBLIC, "https://w3id.org/styrgraf"])
    assert everything.summary["nodes"] - public.summary["nodes"] == 4  # the development plans
    private = coverage(store, graphs=[PRIVATE])
    # Seen alone, the private graph's development plans lead to goals that are not in it.
    assert {f.code for f in private.orphans} == {"broken-link"}
    assert len(private.orphans) == 4


def test_matrix_counts_match_the_data() -> None:
    store = _ljungby()
    cells = {(c.board.removeprefix(LJ), c.area.removeprefix(LJ)): c for c in coverage(store).matrix}
    rows = store.select(
        PREFIXES + "SELECT ?board ?area (COUNT(?goal) AS ?n) WHERE { ?goal a sg:OverarchingGoal ; "
        "sg:forBoard ?board ; sg:inStrategicArea ?area } GROUP BY ?board ?area"
    )
    counted = {
        (r["board"].value.removeprefix(LJ), r["area"].value.removeprefix(LJ)): int(r["n"].value)
        for r in rows
    }
    assert {k: c.overarching_goals for k, c in cells.items() if c.overarching_goals} == counted
    assert cells[("tekniska-namnden", "livskvalitet")].board_goals == 4
    assert cells[("krisledningsnamnden", "kunskap")].status == "exempt"
    assert cells[("kommunfullmaktige", "tillvaxt")].status == "council"
    assert {c.status for c in cells.values() if not c.council and not c.exempt} == {"ok"}


def test_english_reasons_and_labels() -> None:
    store = _ljungby()
    store.update(PREFIXES + PLANTED["plan-realising-nothing"][0])
    report = coverage(store, lang="en")
    finding = next(f for f in report.orphans if f.iri == LJ + "akt-2021-hr-1")
    assert finding.label == "Leadership programme for first-line managers"
    assert finding.type_label == "activity"
    assert "Action plan 2021, HR Department" in finding.reason and "sg:realises" in finding.reason
    swedish = next(f for f in coverage(store).orphans if f.iri == LJ + "akt-2021-hr-1")
    assert "Handlingsplan 2021, HR-avdelningen" in swedish.reason


def test_load_bearing_goals_are_those_that_orphan_the_most() -> None:
    from styrgraf.analysis.hierarchy import Hierarchy

    hierarchy = Hierarchy.from_store(_ljungby())
    ranked = hierarchy.load_bearing(3)
    assert ranked[0] == (LJ + "og-ks-kunskap-1", 5)
    assert all(count == len(hierarchy.impact(iri)) for iri, count in ranked)


def test_impact_is_what_withdrawing_the_node_orphans() -> None:
    """For every goal and plan, impact equals the orphans found after actually removing it."""
    from styrgraf.analysis.hierarchy import Hierarchy

    store = _ljungby()
    hierarchy = Hierarchy.from_store(store)
    goals = sorted(
        iri
        for iri, node in hierarchy.nodes.items()
        if node.kind in ("OverarchingGoal", "BoardGoal", "ActionPlan")
    )
    for iri in goals[::3]:
        withdrawn = EmbeddedStore()
        withdrawn.replace_graphs(
            {
                g: [
                    q.triple
                    for q in store.quads([g])
                    if ox.NamedNode(iri) not in (q.subject, q.object)
                ]
                for g in store.named_graphs()
            }
        )
        orphaned = {f.iri for f in coverage(withdrawn).orphans}
        assert orphaned == set(hierarchy.impact(iri)), iri


def test_a_blank_node_in_the_hierarchy_is_a_node_like_any_other() -> None:
    """Regression: a blank-node aktivitet crashed coverage (its id was bound as an IRI)."""
    store = _ljungby()
    label = "<http://www.w3.org/2000/01/rdf-schema#label>"
    store.update(
        PREFIXES + INSERT % f'[] a sg:Activity ; sg:partOfPlan lj:hp-2021-hr ; {label} "X"@sv .'
    )
    assert _keys(store) == set()
    store.update(PREFIXES + INSERT % "[] a sg:Activity ; sg:partOfPlan lj:hp-typo .")
    ((category, code, iri, at, link, _area),) = _keys(store)
    assert (category, code, link) == ("orphan", "broken-link", "sg:partOfPlan")
    assert iri.startswith("_:") and at == iri


def test_an_upward_link_to_a_literal_is_broken() -> None:
    """Regression: a link written as a string counted as the plan it names."""
    store = _ljungby()
    store.update(
        PREFIXES
        + "DELETE WHERE { GRAPH ?g { lj:akt-2021-hr-1 sg:partOfPlan ?plan } } ; "
        + INSERT % f'lj:akt-2021-hr-1 sg:partOfPlan "{LJ}hp-2021-hr" .'
    )
    assert _keys(store) == {
        ("orphan", "broken-link", "akt-2021-hr-1", "akt-2021-hr-1", "sg:partOfPlan", None)
    }
    reason = next(iter(coverage(store, lang="en").orphans)).reason
    assert f'leads to "{LJ}hp-2021-hr", which is not an action plan' in reason


def test_a_unit_typed_twice_is_judged_as_a_unit() -> None:
    """Regression: a resource typed with a class outside the expected ones crashed coverage."""
    store = _ljungby()
    store.update(
        PREFIXES
        + INSERT
        % (
            "lj:enhet-x a sg:Administration . lj:enhet-x a sg:OrganisationalUnit ; "
            "org:unitOf lj:kommunledningsforvaltningen ."
        )
    )
    report = coverage(store)
    (finding,) = report.uncovered
    assert (finding.iri, finding.code, finding.type) == (
        LJ + "enhet-x",
        "unit-not-covered",
        SG + "OrganisationalUnit",
    )


@pytest.mark.parametrize("name", sorted(PLANTED))
def test_the_orphans_query_agrees_with_coverage(name: str) -> None:
    """The named query `orphans` (chains of typed links in SPARQL) finds the nodes that
    coverage finds with networkx."""
    from styrgraf.sparql.queries import get_query

    store = _ljungby()
    store.update(PREFIXES + PLANTED[name][0])
    rows = store.select(get_query("orphans").text, {"lang": ox.Literal("sv")})
    assert {key(row["node"]) for row in rows} == {f.iri for f in coverage(store).orphans}


def test_an_uncovered_unit_is_counted_for_its_board() -> None:
    store = _ljungby()
    store.update(PREFIXES + PLANTED["unit-covered-by-no-goal"][0])
    report = coverage(store, lang="en")
    (finding,) = report.uncovered
    assert (finding.board, finding.board_label) == (
        LJ + "kommunstyrelsen",
        "Municipal Executive Board",
    )
    assert report.summary["findings_by_board"] == [
        {"iri": LJ + "kommunstyrelsen", "label": "Municipal Executive Board", "count": 1}
    ]
