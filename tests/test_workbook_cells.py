"""Numbers as people type them into a workbook (styrgraf.results.cell_numbers), and the
problems of a workbook in words (styrgraf.results.workbook_problems)."""

from __future__ import annotations

import datetime
import string
from decimal import Decimal

import pytest

from styrgraf.i18n.words import word
from styrgraf.results.cell_numbers import NotAValue, cell_number, is_percent
from styrgraf.results.workbook_problems import CODES, MESSAGES, WorkbookProblem, WorkbookRefused


@pytest.mark.parametrize(
    ("typed", "unit", "english", "value"),
    [
        ("7,2", "procent", False, "7.2"),
        ("7.2", "procent", False, "7.2"),
        ("7,2 %", "procent", False, "7.2"),
        ("7.2%", "Procent", False, "7.2"),
        ("7,2\u00a0%", "%", False, "7.2"),
        ("28 304", "antal", False, "28304"),
        ("28\u00a0304", "antal", False, "28304"),
        ("1\u202f234\u202f567,25", "kronor", False, "1234567.25"),
        ("\u22123,5", "antal", False, "-3.5"),
        ("-3", "antal", False, "-3"),
        ("+4", "antal", False, "4"),
        (" 12 ", "antal", False, "12"),
        ("0,50", "antal", False, "0.5"),
        (",5", "antal", False, "0.5"),
        ("-0", "antal", False, "0"),
        ("28,304", "antal", True, "28304"),
        ("1,234.5", "kronor", True, "1234.5"),
        ("7,2", "percent", True, "7.2"),
        ("7.25", "percent", True, "7.25"),
    ],
)
def test_a_number_as_people_type_it(typed: str, unit: str, english: bool, value: str) -> None:
    number = cell_number(typed, unit=unit, english=english)
    assert number == Decimal(value) and str(number) == value


@pytest.mark.parametrize(
    ("content", "number_format", "unit", "value"),
    [
        (12, "General", "antal", "12"),
        (7.2, "General", "procent", "7.2"),
        (0.1 + 0.2, "General", "antal", "0.30000000000000004"),
        # Excel keeps "7,2 %" typed into a cell as 0.072 shown in percent: it is 7.2 percent.
        (0.072, "0.0%", "procent", "7.2"),
        (0.5, "0%", "procent", "50"),
        # A percent sign in quotes is text in the format, not a percent format.
        (7.2, '0.0" %"', "procent", "7.2"),
        (1e20, "General", "antal", "100000000000000000000"),
    ],
)
def test_a_number_cell_is_taken_as_it_is_shown(
    content: float, number_format: str, unit: str, value: str
) -> None:
    number = cell_number(content, unit=unit, number_format=number_format)
    assert str(number) == value


@pytest.mark.parametrize(
    ("content", "unit", "refusal", "shown"),
    [
        ("7,2 procent", "procent", "not-a-number", "7,2 procent"),
        ("n/a", "procent", "not-a-number", "n/a"),
        ("ca 7", "procent", "not-a-number", "ca 7"),
        ("1.234,5", "kronor", "not-a-number", "1.234,5"),
        ("1.234.567", "kronor", "not-a-number", "1.234.567"),
        ("1 23", "kronor", "not-a-number", "1 23"),
        ("12e3", "antal", "not-a-number", "12e3"),
        ("Infinity", "antal", "not-a-number", "Infinity"),
        ("\uff11\uff12", "antal", "not-a-number", "\uff11\uff12"),
        ("7,", "antal", "not-a-number", "7,"),
        ("-", "antal", "not-a-number", "-"),
        ("%", "procent", "not-a-number", "%"),
        ("7,2 %", "antal", "percent-not-unit", "7,2 %"),
        ("7,2 %", None, "percent-not-unit", "7,2 %"),
        (True, "antal", "not-a-number", "True"),
        (datetime.datetime(2024, 2, 7), "antal", "looks-like-a-date", "2024-02-07"),
        (datetime.time(7, 2), "antal", "looks-like-a-date", "07:02:00"),
        ("9" * 80, "antal", "not-a-number", "9" * 59 + "…"),
    ],
)
def test_what_is_no_value_is_refused_saying_why(
    content: object, unit: str | None, refusal: str, shown: str
) -> None:
    with pytest.raises(NotAValue) as refused:
        cell_number(content, unit=unit)
    assert refused.value.refusal == refusal and refused.value.shown == shown


def test_a_percent_format_for_a_unit_that_is_no_percent_is_refused_as_shown() -> None:
    with pytest.raises(NotAValue) as refused:
        cell_number(0.072, unit="antal", number_format="0.0%")
    assert refused.value.refusal == "percent-not-unit" and refused.value.shown == "7.2 %"


def test_the_percent_units() -> None:
    assert all(is_percent(u) for u in ("procent", "Percent", "%", "per  cent", "andel (%)"))
    assert not any(is_percent(u) for u in ("antal", "procentenheter", "kr", "", None))


def _values(key: str) -> dict[str, str]:
    names = {n for _, n, _, _ in string.Formatter().parse(word(key, "sv")) if n}
    return {name: f"<{name}>" for name in names - {"place"}}


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("code", CODES)
def test_every_problem_names_its_place_in_both_languages(code: str, lang: str) -> None:
    problem = WorkbookProblem(code, "Nämndsmål", "H7", _values(MESSAGES[code]))  # type: ignore[arg-type]
    text = problem.message(lang)
    assert text.startswith("Nämndsmål!H7: ")
    assert "{" not in text and all(v in text for v in problem.values.values())
    assert problem.as_dict(lang) == {
        "code": code,
        "sheet": "Nämndsmål",
        "cell": "H7",
        "place": "Nämndsmål!H7",
        "message": text,
    }
    other = WorkbookProblem(code, "Nämndsmål", "H7", _values(MESSAGES[code]))  # type: ignore[arg-type]
    assert other.message("en" if lang == "sv" else "sv") != text


def test_a_refusal_names_every_problem() -> None:
    problems = [
        WorkbookProblem("not-a-number", "Board goals", "H7", {"text": "7,2 percent"}),
        WorkbookProblem("no-meta", file="filled.xlsx", values={"sheet": "styrgraf"}),
    ]
    refused = WorkbookRefused(problems, "en")
    assert refused.messages() == [
        "Board goals!H7: '7,2 percent' is not a number",
        "filled.xlsx: the workbook has no hidden sheet 'styrgraf': it was not made by styrgraf "
        "and cannot be matched to the model",
    ]
    assert str(refused) == "; ".join(refused.messages())
    assert [p["place"] for p in refused.as_dicts()] == ["Board goals!H7", "filled.xlsx"]
