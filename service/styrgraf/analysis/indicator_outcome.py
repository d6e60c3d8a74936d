"""One indicator in one period: which value counts, and how it stands against the target.

The value that counts for indicator × year × part of the year is the municipality's total:
the ``sg:Value``\\ s of that indicator, year and part whose area is the model's municipality (or
unstated) and whose gender is total (or unstated). A value that another of them revises
(``prov:wasRevisionOf``) is set aside. What remains must be one number in the indicator's unit;
anything else leaves the indicator without a usable value, and the reason says which:

- ``no-value``: no value for the period;
- ``not-a-number``: a value that is not a number (``"12,5"`` as text);
- ``other-unit``: a value in a unit other than the indicator's;
- ``conflict``: two different numbers, neither a revision of the other;
- ``no-target`` / ``target-not-a-number`` / ``no-direction``: the indicator cannot be judged.

A usable value reaches the target, is on track (on or better than the straight line from the
baseline in the baseline year to the target in the target year, at the period's year), is
better than the baseline, or none of these (docs/follow-up.md).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import get_args

from styrgraf.analysis.follow_up_data import Indicator, Value
from styrgraf.analysis.fulfilment_shapes import Problem
from styrgraf.model.follow_up_profile import Outcome, Profile

PROBLEMS: tuple[Problem, ...] = get_args(Problem)
"""Why an indicator cannot be judged, each code listed once (in its ``Literal``)."""


@dataclass
class IndicatorOutcome:
    """What one indicator contributes to its goal in one period."""

    indicator: Indicator
    value: Value | None = None
    expected: float | None = None
    outcome: Outcome | None = None
    score: float | None = None
    problem: str | None = None
    # The values involved in a problem (the conflicting ones, the one in another unit).
    involved: tuple[Value, ...] = ()


def tolerance(*numbers: float) -> float:
    """How far apart two numbers may be and still be equal: a billionth of the larger."""
    return 1e-9 * max([1.0, *(abs(n) for n in numbers)])


def at_least_as_good(value: float, than: float, direction: str) -> bool:
    """Whether ``value`` is as good as ``than`` or better, in the indicator's direction.

    >>> at_least_as_good(3.0, 3.0, "lower"), at_least_as_good(71, 80, "higher")
    (True, False)
    """
    slack = tolerance(value, than)
    return value >= than - slack if direction == "higher" else value <= than + slack


def better(value: float, than: float, direction: str) -> bool:
    """Whether ``value`` is strictly better than ``than`` in the indicator's direction."""
    return not at_least_as_good(than, value, direction)


def path_value(indicator: Indicator, year: float) -> float | None:
    """Where the straight line from the baseline (in its year) to the target (in its year)
    stands at ``year``: the baseline before the baseline year, the target after the target
    year; None without both ends.

    >>> i = Indicator("i", target=80.0, target_year=2022, baseline=60.0, baseline_year=2018)
    >>> path_value(i, 2020), path_value(i, 2030), path_value(i, 2010)
    (70.0, 80.0, 60.0)
    """
    if (
        indicator.target is None
        or indicator.baseline is None
        or indicator.target_year is None
        or indicator.baseline_year is None
        or indicator.target_year <= indicator.baseline_year
    ):
        return None
    share = (year - indicator.baseline_year) / (indicator.target_year - indicator.baseline_year)
    share = min(1.0, max(0.0, share))
    return indicator.baseline + (indicator.target - indicator.baseline) * share


def counting_values(
    values: Iterable[Value], year: int, part: str, municipalities: set[str]
) -> list[Value]:
    """The values that count for the municipality's total in ``year`` and ``part``, those
    revised by another of them set aside."""
    found = [
        v
        for v in values
        if v.year == year
        and v.part == part
        and v.gender == "total"
        and (v.area is None or v.area in municipalities)
    ]
    revised = {iri for v in found for iri in v.revises}
    return [v for v in found if v.iri not in revised]


def judge(
    indicator: Indicator,
    values: Iterable[Value],
    year: int,
    part: str,
    municipalities: set[str],
    profile: Profile,
) -> IndicatorOutcome:
    """How ``indicator`` stands in ``year`` and ``part`` (see the module's description)."""
    result = IndicatorOutcome(indicator)
    if indicator.target is None:
        result.problem = "target-not-a-number" if indicator.target_written else "no-target"
        return result
    if indicator.direction is None:
        result.problem = "no-direction"
        return result
    counting = counting_values(values, year, part, municipalities)
    if not counting:
        result.problem = "no-value"
        return result
    not_numbers = tuple(v for v in counting if v.number is None)
    if not_numbers:
        result.problem, result.involved = "not-a-number", not_numbers
        return result
    other = tuple(v for v in counting if v.unit is not None and v.unit != indicator.unit)
    if other:
        result.problem, result.involved = "other-unit", other
        return result
    numbers = [v.number for v in counting if v.number is not None]
    if max(numbers) - min(numbers) > tolerance(*numbers):
        result.problem, result.involved = "conflict", tuple(counting)
        return result
    value = counting[0]
    number = numbers[0]
    result.value = value
    direction = indicator.direction
    result.expected = path_value(indicator, year)
    if at_least_as_good(number, indicator.target, direction):
        result.outcome = Outcome.REACHED
    elif result.expected is not None and at_least_as_good(number, result.expected, direction):
        result.outcome = Outcome.ON_TRACK
    elif indicator.baseline is not None and better(number, indicator.baseline, direction):
        result.outcome = Outcome.IMPROVING
    else:
        result.outcome = Outcome.NOT_REACHED
    result.score = profile.outcome_scores[result.outcome]
    return result
