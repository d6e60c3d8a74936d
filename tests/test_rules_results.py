"""The rules for results (values and assessments) say what is wrong in words a person can act on:
each finding names its rule and node, and its message names the numbers, units, years and reports
involved, in Swedish and in English, numbers in each language's own form.

Which findings each example raises is pinned by tests/test_shapes.py (the ``expect`` lines of
tests/data); here the messages are read.
"""

from __future__ import annotations

import pytest
from rdflib import RDFS, XSD, Graph, Literal, Namespace, URIRef

from examples import DATA, base_graph, load_example
from styrgraf.model.validation import Finding, validate_graph
from styrgraf.vocabulary import SG as SG_IRI

SG = Namespace(SG_IRI)

BASE = base_graph()
EX = "https://example.org/exempelkommun/"


def _findings(graph: Graph, shapes: Graph, ontology: Graph, lang: str) -> dict[str, Finding]:
    """The findings by ``rule focus`` (local names), in ``lang``; one each, or the test fails."""
    report = validate_graph(graph, shapes=shapes, ontology=ontology, lang=lang)
    found: dict[str, Finding] = {}
    for finding in report.findings:
        key = f"{finding.rule.removeprefix(str(SG))} {finding.iri.removeprefix(EX)}"
        assert key not in found, f"{key} is reported twice"
        found[key] = finding
    return found


def _example(name: str) -> Graph:
    return load_example(DATA / name, BASE).graph


def _messages(
    name: str | Graph, key: str, shapes: Graph, ontology: Graph
) -> tuple[Finding, Finding]:
    """The finding ``key`` of an example (a file under tests/data, or a graph) in sv and in en."""
    graph = _example(name) if isinstance(name, str) else name
    swedish = _findings(graph, shapes, ontology, "sv")[key]
    english = _findings(graph, shapes, ontology, "en")[key]
    return swedish, english


def test_a_conflict_names_the_other_value_and_both_numbers(shapes: Graph, ontology: Graph) -> None:
    sv, en = _messages(
        "invalid/Value-noConflict-same-source.trig",
        "Value-noConflict utfall-ind-1-2024",
        shapes,
        ontology,
    )
    assert sv.value == en.value == EX + "utfall-ind-1-2024-b"
    assert "utfall-ind-1-2024-b" in sv.message and "utfall-ind-1-2024-b" in en.message
    # Babel writes Swedish thousands with a no-break space.
    assert "91,2" in sv.message and "1\xa0234,5" in sv.message
    assert "91.2" in en.message and "1,234.5" in en.message


def test_a_conflict_between_close_numbers_shows_every_digit(shapes: Graph, ontology: Graph) -> None:
    """Rounded, 12.3456 and 12.3457 would read as the same number: the message keeps them apart."""
    graph = _example("invalid/Value-noConflict-same-source.trig")
    first, second = URIRef(EX + "utfall-ind-1-2024"), URIRef(EX + "utfall-ind-1-2024-b")
    graph.set((first, SG.numericValue, Literal("12.3456", datatype=XSD.decimal)))
    graph.set((second, SG.numericValue, Literal(12.3457)))
    sv, en = _messages(graph, "Value-noConflict utfall-ind-1-2024", shapes, ontology)
    assert "12,3456" in sv.message and "12,3457" in sv.message
    assert "12.3456" in en.message and "12.3457" in en.message


def test_a_conflict_names_the_other_value_by_its_label(shapes: Graph, ontology: Graph) -> None:
    graph = _example("invalid/Value-noConflict-explicit-default.trig")
    other = URIRef(EX + "utfall-ind-1-2024-b")
    graph.add((other, RDFS.label, Literal("Ny", lang="sv")))
    graph.add((other, RDFS.label, Literal("New", lang="en")))
    sv, en = _messages(graph, "Value-noConflict utfall-ind-1-2024", shapes, ontology)
    assert "utfallet Ny (92)" in sv.message
    assert "the value New (92)" in en.message


def test_a_value_in_another_unit_names_both_units(shapes: Graph, ontology: Graph) -> None:
    sv, en = _messages(
        "invalid/Value-measurementUnit-other-unit.trig",
        "Value-measurementUnit utfall-ind-1-2024",
        shapes,
        ontology,
    )
    assert sv.path == str(SG.measurementUnit) and sv.value == "antal"
    assert "”antal”" in sv.message and "”procent”" in sv.message
    assert "“antal”" in en.message and "“procent”" in en.message


@pytest.mark.parametrize(
    ("example", "indicator", "units"),
    [
        ("invalid/Indicator-oneUnit-two-units.trig", "ind-2", ["procent", "antal"]),
        ("invalid/Indicator-oneUnit-some-without-unit.trig", "ind-3", ["procent"]),
    ],
)
def test_an_indicator_in_two_units_lists_them(
    example: str, indicator: str, units: list[str], shapes: Graph, ontology: Graph
) -> None:
    sv, en = _messages(example, f"Indicator-oneUnit {indicator}", shapes, ontology)
    for unit in units:
        assert f"”{unit}”" in sv.message and f"“{unit}”" in en.message
    if len(units) == 1:  # the others state no unit, and the message says so
        assert "inte anger någon enhet" in sv.message and "state no unit" in en.message


def test_an_assessment_outside_the_mandate_period_names_the_year_and_the_period(
    shapes: Graph, ontology: Graph
) -> None:
    sv, en = _messages(
        "invalid/Assessment-periodInMandate-year-before.trig",
        "Assessment-periodInMandate bedomning-nm-1",
        shapes,
        ontology,
    )
    assert sv.value == EX + "ar2022"
    assert "budgetåret 2022" in sv.message and "mandatperiod 2023–2026" in sv.message
    assert "budget year 2022" in en.message and "mandate period 2023–2026" in en.message


def test_a_goal_value_outside_the_mandate_period_names_the_year_and_the_period(
    shapes: Graph, ontology: Graph
) -> None:
    sv, en = _messages(
        "invalid/Value-inMandatePeriod-year-after.trig",
        "Value-inMandatePeriod utfall-ind-1-2027",
        shapes,
        ontology,
    )
    assert sv.severity == "Warning"
    assert "2027" in sv.message and "2023–2026" in sv.message
    assert "2027" in en.message and "2023–2026" in en.message


def test_an_assessment_in_the_wrong_report_names_the_report(shapes: Graph, ontology: Graph) -> None:
    sv, en = _messages(
        "invalid/Assessment-partMatchesReport-full-year-in-interim-report.trig",
        "Assessment-partMatchesReport bedomning-nm-2",
        shapes,
        ontology,
    )
    assert sv.value == EX + "delarsrapport-2024"
    assert "Delårsrapport augusti 2024" in sv.message and "delåret" in sv.message
    assert "Delårsrapport augusti 2024" in en.message and "interim period" in en.message


def test_an_overarching_goal_judged_alone_names_the_report(shapes: Graph, ontology: Graph) -> None:
    sv, en = _messages(
        "invalid/Assessment-boardGoalsJudged-none-judged.trig",
        "Assessment-boardGoalsJudged bedomning-om-b",
        shapes,
        ontology,
    )
    assert sv.severity == "Warning" and sv.value == EX + "arsredovisning-2024"
    assert "Årsredovisning 2024" in sv.message and "Årsredovisning 2024" in en.message


@pytest.mark.parametrize(
    ("example", "written"),
    [
        ("invalid/Value-numericValue-decimal-comma-12-5.trig", "12,5"),
        ("invalid/Value-numericValue-text.trig", "abc"),
    ],
)
def test_a_value_that_is_no_number_is_named_in_the_message(
    example: str, written: str, shapes: Graph, ontology: Graph
) -> None:
    sv, en = _messages(example, "Value-numericValue utfall-ind-1-2024", shapes, ontology)
    assert sv.value == en.value == written
    assert f"”{written}” är inget giltigt tal" in sv.message
    assert f"“{written}” is not a valid number" in en.message


def test_a_target_with_no_direction_is_a_clear_warning(shapes: Graph, ontology: Graph) -> None:
    """The recommendation that covers an indicator with a target and no direction says why."""
    example = "invalid/Indicator-hasDirection-missing.trig"
    sv, en = _messages(example, "Indicator-hasDirection ind-2", shapes, ontology)
    assert sv.severity == "Warning"
    assert "målvärdet" in sv.message and "target" in en.message
