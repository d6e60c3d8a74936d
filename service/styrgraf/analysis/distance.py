"""The distance to a numeric target: the vision's number (35 000 invånare år 2035) and any goal's
indicator with a target, a target year and a series of values.

The path is the straight line from the start (the indicator's baseline in its year; without
one, the first value) to the target in the target year. For the latest value of the series
(the municipality's total for the full year) it says where the path stands that year, how far
the value is from it, the yearly change needed from here to reach the target in time, the
yearly change achieved since the start, and the year the target would be reached at that pace
(None when the pace does not lead there).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypedDict

from styrgraf.analysis.follow_up_data import FULL, FollowUpData, Indicator, Value
from styrgraf.analysis.indicator_outcome import at_least_as_good, counting_values


class DistanceJson(TypedDict):
    """The distance of one indicator's series to its target (``GET /api/fulfilment/distance``)."""

    indicator: str
    label: str | None
    owners: list[str]
    unit: str | None
    direction: str | None
    start_year: int
    start: float
    target_year: int
    target: float
    series: list[list[float]]
    latest_year: int
    latest: float
    expected: float
    gap: float
    needed_per_year: float | None
    achieved_per_year: float | None
    reached: bool
    reached_year: int | None
    on_course: bool


@dataclass(frozen=True)
class Distance:
    indicator: Indicator
    start: tuple[int, float]
    target: tuple[int, float]
    series: tuple[tuple[int, float], ...]

    @property
    def latest(self) -> tuple[int, float]:
        return self.series[-1]

    def path(self, year: float) -> float:
        """The straight path's value in ``year`` (continued beyond both ends)."""
        (y0, v0), (y1, v1) = self.start, self.target
        if y1 == y0:
            return v1
        return v0 + (v1 - v0) * (year - y0) / (y1 - y0)

    @property
    def direction(self) -> str:
        """The indicator's direction, or the one the path goes in."""
        if self.indicator.direction in ("higher", "lower"):
            return self.indicator.direction
        return "higher" if self.target[1] >= self.start[1] else "lower"

    @property
    def reached(self) -> bool:
        return at_least_as_good(self.latest[1], self.target[1], self.direction)

    @property
    def needed_per_year(self) -> float | None:
        """The yearly change needed from the latest value to the target by the target year."""
        (year, value), (target_year, target) = self.latest, self.target
        if target_year <= year:
            return None
        return (target - value) / (target_year - year)

    @property
    def achieved_per_year(self) -> float | None:
        """The yearly change achieved from the start to the latest value."""
        (y0, v0), (year, value) = self.start, self.latest
        if year <= y0:
            return None
        return (value - v0) / (year - y0)

    @property
    def reached_year(self) -> int | None:
        """The year the target is reached at the pace achieved: the latest year if it is
        reached already, None if the pace leads away from it or stands still."""
        if self.reached:
            return self.latest[0]
        pace = self.achieved_per_year
        (year, value), target = self.latest, self.target[1]
        if pace is None or pace == 0 or (target - value) / pace <= 0:
            return None
        return year + math.ceil((target - value) / pace - 1e-9)

    def to_json(self, labels: dict[str, str]) -> DistanceJson:
        year, value = self.latest
        expected = self.path(year)
        needed, achieved = self.needed_per_year, self.achieved_per_year
        on_course = self.reached or at_least_as_good(value, expected, self.direction)
        return {
            "indicator": self.indicator.iri,
            "label": labels.get(self.indicator.iri),
            "owners": [owner for owner, _ in self.indicator.owners],
            "unit": self.indicator.unit,
            "direction": self.indicator.direction,
            "start_year": self.start[0],
            "start": self.start[1],
            "target_year": self.target[0],
            "target": self.target[1],
            "series": [[float(y), v] for y, v in self.series],
            "latest_year": year,
            "latest": value,
            "expected": expected,
            "gap": value - expected,
            "needed_per_year": needed,
            "achieved_per_year": achieved,
            "reached": self.reached,
            "reached_year": self.reached_year,
            "on_course": on_course,
        }


def series(
    indicator: Indicator, values: Sequence[Value], municipalities: set[str]
) -> list[tuple[int, float]]:
    """The municipality's full-year totals of ``indicator`` by year, where each year has one
    number (a year with conflicting or non-numeric values is left out)."""
    found: list[tuple[int, float]] = []
    mine = [v for v in values if v.indicator == indicator.iri]
    for year in sorted({v.year for v in mine if v.year is not None}):
        counting = counting_values(mine, year, FULL, municipalities)
        numbers = {v.number for v in counting}
        if len(numbers) == 1 and None not in numbers:
            found.append((year, next(n for n in numbers if n is not None)))
    return found


def distances(data: FollowUpData, *, owners: set[str] | None = None) -> list[Distance]:
    """The distance of every indicator with a numeric target, a target year and at least one
    value (of ``owners``' indicators only, when given): the vision's first."""
    found: list[Distance] = []
    for indicator in sorted(data.indicators.values(), key=lambda i: i.iri):
        if owners is not None and not any(o in owners for o, _ in indicator.owners):
            continue
        if indicator.target is None or indicator.target_year is None:
            continue
        points = series(indicator, data.values, data.context.municipalities)
        if not points:
            continue
        if indicator.baseline is not None and indicator.baseline_year is not None:
            start = (indicator.baseline_year, indicator.baseline)
        else:
            start = points[0]
        points = [p for p in points if p[0] >= start[0]] or points
        found.append(
            Distance(indicator, start, (indicator.target_year, indicator.target), tuple(points))
        )
    visions = data.context.visions
    found.sort(
        key=lambda d: (not any(o in visions for o, _ in d.indicator.owners), d.indicator.iri)
    )
    return found
