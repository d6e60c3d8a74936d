"""What the follow-up charts draw: the numbers of one indicator, or of the vision's number, as
the computation of måluppfyllelse hands them over, in frozen dataclasses that check themselves.

An :class:`IndicatorChart` is an indicator's values per period (the total and, where the
indicator is reported so, women and men), with its baseline, its target, its direction and the
status of its goal in each period (:class:`Mark`). A :class:`DistanceChart` is the vision's
number (the population, say) against the straight path from where it started to its target.
:mod:`styrgraf.render.charts` draws both, and gives their numbers as table rows.

Every number must be finite and every key one the charts know: a bad value raises ValueError
naming the field and the value, so that a chart is never drawn from numbers it misreads.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

#: The parts of a year a value may be for: the full year (helår, the annual report) and the
#: interim (delår, the interim report, drawn at two thirds into its year).
PARTS = ("full", "interim")

#: The groups a series may be for, the total drawn strongest.
SERIES_KEYS = ("total", "women", "men")

#: Whether a higher or a lower value is better.
DIRECTIONS = ("higher", "lower")

#: Where in its year a value of each part is drawn and sorted: an interim value after its year.
PART_OFFSET = {"full": 0.0, "interim": 0.66}

#: The status keys the charts know, each with its place on a five-step ladder of drawings (0
#: the best); ``not-assessed`` stands outside the ladder.
KNOWN_STATUSES = {
    "fulfilled": 0,
    "reached": 0,
    "on-track": 1,
    "partly-fulfilled": 2,
    "improving": 2,
    "not-fulfilled": 4,
    "not-reached": 4,
    "not-assessed": None,
}


def _finite(value: float, field: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"{field} must be a finite number, not {value!r}")


def _year(value: int, field: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{field} must be a year (an int), not {value!r}")


def _part(value: str, field: str) -> None:
    if value not in PARTS:
        raise ValueError(f"{field} must be one of {', '.join(PARTS)}, not {value!r}")


def _point(value: tuple[int, float], field: str) -> None:
    if not isinstance(value, tuple) or len(value) != 2:
        raise ValueError(f"{field} must be a (year, value) pair, not {value!r}")
    _year(value[0], f"{field} year")
    _finite(value[1], f"{field} value")


def _distinct(observations: tuple[Observation, ...], field: str) -> None:
    seen: set[tuple[int, str]] = set()
    for observation in observations:
        period = (observation.year, observation.part)
        if period in seen:
            raise ValueError(f"{field} has two values for {observation.year} ({observation.part})")
        seen.add(period)


@dataclass(frozen=True)
class Observation:
    """A value of the indicator in a period: ``year`` and ``part`` (``"full"``, helår, or
    ``"interim"``, delår)."""

    year: int
    value: float
    part: str = "full"

    def __post_init__(self) -> None:
        _year(self.year, "observation year")
        _finite(self.value, f"observation value for {self.year}")
        _part(self.part, f"observation part for {self.year}")

    @property
    def position(self) -> float:
        """Where the value sits on the time axis: its year, or two thirds after it for an
        interim value."""
        return self.year + PART_OFFSET[self.part]


@dataclass(frozen=True)
class ChartSeries:
    """The values of one group: ``key`` is ``"total"`` (drawn strongest), ``"women"`` or
    ``"men"``; ``label`` its name in the page's language (``Kvinnor``)."""

    key: str
    label: str
    observations: tuple[Observation, ...]

    def __post_init__(self) -> None:
        if self.key not in SERIES_KEYS:
            raise ValueError(
                f"series key must be one of {', '.join(SERIES_KEYS)}, not {self.key!r}"
            )
        _distinct(self.observations, f"series {self.key!r}")


@dataclass(frozen=True)
class Mark:
    """The status of the goal (or of the indicator) in a period, drawn under that period with a
    symbol, a pattern and a colour, and said in ``label`` (the status's name in the page's
    language).

    ``status`` is a short key: a fulfilment status (``fulfilled``, ``partly-fulfilled``,
    ``not-fulfilled``, ``not-assessed``), an indicator outcome (``reached``, ``on-track``,
    ``improving``, ``not-reached``) or a step of a follow-up profile's own scale. Where ``rank``
    (the step's place, 1 the best) and ``steps`` (how many steps the scale has, at most five)
    are given, they choose the drawing; otherwise the key does (:data:`KNOWN_STATUSES`), and a
    key the charts do not know with ``rank`` None (a status outside the order) is drawn as not
    assessed.
    """

    year: int
    part: str
    status: str
    rank: int | None
    label: str
    steps: int | None = None

    def __post_init__(self) -> None:
        _year(self.year, "mark year")
        _part(self.part, f"mark part for {self.year}")
        if self.steps is not None and not 2 <= self.steps <= 5:
            raise ValueError(
                f"mark steps for {self.year} must be 2 to 5 (a drawing tells no more steps "
                f"apart), not {self.steps!r}"
            )
        if self.rank is not None and self.steps is not None and not 1 <= self.rank <= self.steps:
            raise ValueError(
                f"mark rank for {self.year} must be 1 to {self.steps}, not {self.rank!r}"
            )
        if self.rank is not None and self.steps is None and self.status not in KNOWN_STATUSES:
            raise ValueError(
                f"mark {self.status!r} for {self.year} has a rank but no steps: a scale's own "
                "step is drawn by its place on the scale, which needs both"
            )


@dataclass(frozen=True)
class IndicatorChart:
    """An indicator followed up: its values per period against its ``baseline`` and ``target``
    (each a (year, value) pair, or None where the model has none).

    ``title`` names the indicator; ``unit`` is written after each number (``procent``, or empty);
    ``direction`` is ``"higher"`` or ``"lower"``: which way is better. ``series`` holds at most
    one series per key; ``marks`` at most one status per period.
    """

    title: str
    unit: str
    direction: str
    baseline: tuple[int, float] | None
    target: tuple[int, float] | None
    series: tuple[ChartSeries, ...]
    marks: tuple[Mark, ...] = ()

    def __post_init__(self) -> None:
        if self.direction not in DIRECTIONS:
            raise ValueError(
                f"direction must be one of {', '.join(DIRECTIONS)}, not {self.direction!r}"
            )
        if self.baseline is not None:
            _point(self.baseline, "baseline")
        if self.target is not None:
            _point(self.target, "target")
        keys = [s.key for s in self.series]
        for key in SERIES_KEYS:
            if keys.count(key) > 1:
                raise ValueError(f"two series for {key!r}")
        periods = [(m.year, m.part) for m in self.marks]
        for year, part in periods:
            if periods.count((year, part)) > 1:
                raise ValueError(f"two marks for {year} ({part})")

    @property
    def main(self) -> ChartSeries | None:
        """The series the chart speaks of first: the total, else the first there is."""
        totals = [s for s in self.series if s.key == "total"]
        return next(iter(totals or self.series), None)


@dataclass(frozen=True)
class DistanceChart:
    """The vision's number on its way: the observed ``series`` against the straight path from
    ``start`` (the baseline year and value) to ``target`` (the target year and value), for
    instance the population from 27 000 in 2018 to 35 000 in 2035.

    ``now`` is the year in which to say where the number should be (by the path) and where it
    is (the latest value); None takes the latest value's year. The target year must come after
    the start year, or there is no path.
    """

    title: str
    unit: str
    start: tuple[int, float]
    target: tuple[int, float]
    series: tuple[Observation, ...]
    now: int | None = None

    def __post_init__(self) -> None:
        _point(self.start, "start")
        _point(self.target, "target")
        if self.target[0] <= self.start[0]:
            raise ValueError(
                f"target year {self.target[0]} must come after the start year {self.start[0]}"
            )
        if self.now is not None:
            _year(self.now, "now")
        _distinct(self.series, "series")
