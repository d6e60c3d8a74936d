"""The axes of the follow-up charts: where a value or a year goes on the drawing.

The value axis gets nicely rounded ticks (steps of 1, 2, 2.5 or 5 times a power of ten) that
span every value it must show. It starts at zero only where zero is near (the lowest value at
most half the highest, or the reverse below zero): a population of 28 000 to 35 000 gets an
axis around those numbers, a share of 10 to 40 per cent one from zero. Equal values get a
little room either side. The time axis has one tick per year and labels every year, or every
second, fifth or tenth, as room allows.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

#: How many steps a value axis aims at.
STEPS = 5

#: The least room, in drawing units, a year's label needs.
YEAR_ROOM = 42


@dataclass(frozen=True)
class Scale:
    """A straight map from the values ``lo``..``hi`` to the drawing's ``start``..``end`` (on the
    y axis ``start`` is the bottom, so that a larger value is drawn higher)."""

    lo: float
    hi: float
    start: float
    end: float

    def __call__(self, value: float) -> float:
        return round(
            self.start + (value - self.lo) / (self.hi - self.lo) * (self.end - self.start), 2
        )


def nice_step(raw: float) -> float:
    """The least of 1, 2, 2.5, 5 and 10 times a power of ten that is at least ``raw``."""
    magnitude = 10.0 ** math.floor(math.log10(raw))
    for multiple in (1, 2, 2.5, 5, 10):
        if raw <= multiple * magnitude * (1 + 1e-9):
            return multiple * magnitude
    return 10 * magnitude  # pragma: no cover - the loop ends at 10


def value_ticks(values: Iterable[float]) -> list[float]:
    """Rounded ticks, in order, from at or below the least of ``values`` to at or above the
    greatest (at least one value)."""
    numbers = list(values)
    lo, hi = min(numbers), max(numbers)
    if lo == hi:
        room = abs(lo) * 0.1 or 1.0
        lo, hi = lo - room, hi + room
    elif 0 <= lo <= hi / 2:
        lo = 0.0
    elif hi <= 0 and hi >= lo / 2:
        hi = 0.0
    step = nice_step((hi - lo) / STEPS)
    first = math.floor(lo / step + 1e-9)
    last = math.ceil(hi / step - 1e-9)
    return [round(k * step, 12) for k in range(first, last + 1)]


def label_step(years: int, width: float) -> int:
    """Every how many years a year is labelled, when ``years`` years share ``width`` units."""
    room = width / max(years, 1)
    for step in (1, 2, 5, 10, 20, 50):
        if step * room >= YEAR_ROOM:
            return step
    return 100


def text_width(text: str, size: float) -> float:
    """About how wide ``text`` is drawn at font size ``size`` (a sans-serif's average)."""
    return len(text) * size * 0.6


def significant(value: float, digits: int = 3) -> float:
    """``value`` rounded to ``digits`` significant digits (a pace of 411.76 a year is 412)."""
    if value == 0:
        return 0.0
    return round(value, max(0, digits - 1 - math.floor(math.log10(abs(value)))))


def decimals(values: Iterable[float]) -> int:
    """How many decimals the most precise of ``values`` is written with (at most three): what
    a number computed from them is rounded to."""
    found = 0
    for value in values:
        written = f"{value:.3f}".rstrip("0")
        found = max(found, len(written.partition(".")[2]))
    return found
