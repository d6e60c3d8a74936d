"""The bundled Ljungby model's follow-up results: the values and assessments of 2019–2022 are
complete where they should be, and the planted cases the model's comments and docs/model.md name
are there as described. Checked on the data itself, independently of the fulfilment analysis."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

import pytest
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.term import Node

from styrgraf.model.bundled import sample_data_files
from styrgraf.model.load import read_dataset
from tests_support import LJ, PUBLIC

SG = Namespace("https://w3id.org/styrgraf#")
PROV = Namespace("http://www.w3.org/ns/prov#")
YEARS = range(2019, 2023)


@pytest.fixture(scope="module")
def model() -> Graph:
    """The public graph of the bundled model, where the results are."""
    graph = Graph()
    graph += read_dataset(sample_data_files()).graph(URIRef(PUBLIC))
    return graph


def _year(model: Graph, node: Node) -> int:
    """The year of a value's or an assessment's budget year."""
    period = model.value(node, SG.period)
    year = model.value(period, SG.year)
    assert isinstance(year, Literal), f"{node} has no budget year with a year"
    return int(str(year))


def _number(model: Graph, value: Node) -> float:
    number = model.value(value, SG.numericValue)
    assert isinstance(number, Literal)
    return float(number.toPython())


def _full_year_totals(model: Graph, indicator: URIRef) -> Iterator[Node]:
    """The indicator's values for the full year, everyone and the municipality, as the rule
    reads them: an absent dimension is its default."""
    municipalities = set(model.subjects(RDF.type, SG.Municipality))
    for value in model.subjects(SG.indicator, indicator):
        if model.value(value, SG.periodPart) not in (None, SG.FullYear):
            continue
        if model.value(value, SG.gender) not in (None, SG.Total):
            continue
        area = model.value(value, SG.refArea)
        if area is not None and area not in municipalities:
            continue
        yield value


def _unrevised(model: Graph, values: Iterator[Node]) -> list[Node]:
    return [v for v in values if (None, PROV.wasRevisionOf, v) not in model]


def test_every_board_goal_indicator_has_a_full_year_value_each_year(model: Graph) -> None:
    indicators = {
        indicator
        for goal in model.subjects(RDF.type, SG.BoardGoal)
        for indicator in model.objects(goal, SG.hasIndicator)
    }
    assert len(indicators) == 36
    missing = []
    for indicator in indicators:
        values = _unrevised(model, _full_year_totals(model, URIRef(str(indicator))))
        years = sorted(_year(model, value) for value in values)
        if years != list(YEARS):
            missing.append((str(indicator), years))
    assert missing == []


def test_the_wrong_way_indicator_is_worse_every_year(model: Graph) -> None:
    indicator = URIRef(LJ + "ind-ng-sn-1")
    assert model.value(indicator, SG.direction) == SG.LowerIsBetter
    baseline = model.value(indicator, SG.baselineValue)
    assert isinstance(baseline, Literal)
    by_year = {
        _year(model, value): _number(model, value)
        for value in _unrevised(model, _full_year_totals(model, indicator))
    }
    series = [float(baseline.toPython())] + [by_year[year] for year in YEARS]
    assert all(later > earlier for earlier, later in pairwise(series))


def test_the_revision_keeps_both_values(model: Graph) -> None:
    first = URIRef(LJ + "varde-2021-ind-ng-tn-5")
    corrected = URIRef(LJ + "varde-2021-ind-ng-tn-5-korrigerad")
    assert list(model.subjects(PROV.wasRevisionOf, None)) == [corrected]
    assert model.value(corrected, PROV.wasRevisionOf) == first
    for dimension in (SG.indicator, SG.period, SG.periodPart, SG.gender, SG.refArea):
        assert model.value(first, dimension) == model.value(corrected, dimension)
    assert _number(model, first) != _number(model, corrected)
    first_time = model.value(first, PROV.generatedAtTime)
    corrected_time = model.value(corrected, PROV.generatedAtTime)
    assert isinstance(first_time, Literal) and isinstance(corrected_time, Literal)
    assert corrected_time.toPython() > first_time.toPython()


def test_every_annual_report_assesses_every_board_goal_once(model: Graph) -> None:
    goals = set(model.subjects(RDF.type, SG.BoardGoal))
    assert len(goals) == 32
    reports = set(model.subjects(RDF.type, SG.AnnualReport))
    assert sorted(_year(model, report) for report in reports) == list(YEARS)
    for report in reports:
        assessed = [
            model.value(assessment, SG.assesses)
            for assessment in model.subjects(SG.inReport, report)
        ]
        assert sorted(g for g in assessed if g in goals) == sorted(goals), report


def test_one_overarching_goal_is_judged_with_none_of_its_board_goals_judged(
    model: Graph,
) -> None:
    judged: set[tuple[Node, Node]] = {
        (model.value(a, SG.inReport), model.value(a, SG.assesses))
        for a in model.subjects(RDF.type, SG.Assessment)
        if model.value(a, SG.status) != SG.NotAssessed
    }
    alone = {
        (str(report), str(goal))
        for report, goal in judged
        if (goal, RDF.type, SG.OverarchingGoal) in model
        and not any((report, below) in judged for below in model.subjects(SG.supports, goal))
    }
    assert alone == {(LJ + "delarsrapport-2021", LJ + "og-kommun-tillvaxt-1")}


def test_every_result_is_illustrative_and_has_its_provenance(model: Graph) -> None:
    for cls in (SG.Value, SG.Assessment, SG.Report):
        for node in model.subjects(RDF.type, cls):
            assert (node, SG.illustrative, Literal(True)) in model, node
    for value in model.subjects(RDF.type, SG.Value):
        assert model.value(value, PROV.generatedAtTime) is not None, value
        assert model.value(value, URIRef("http://purl.org/dc/terms/source")) is not None, value
