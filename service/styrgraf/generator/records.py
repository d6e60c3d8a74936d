"""The typed records the generator's data file is read into (by :mod:`styrgraf.generator.tables`),
and how many of each the generator draws.

Every text is a :class:`Pair`, Swedish and English; a text with placeholders is filled with
:meth:`Pair.fill`. The records are plain tuples, so drawing from them with ``random`` depends only
on their order.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple


class Draws(NamedTuple):
    """How many of each the generator draws: a number, or (fewest, most). A list of the data file
    holds at least as many as may be drawn from it (of a board's units, the fewest)."""

    areas: int
    sub_areas: int
    boards: tuple[int, int]
    units: tuple[int, int]  # and no more than the board lists
    exempt_boards: tuple[int, int]
    central_points: tuple[int, int]
    focus_areas: tuple[int, int]  # of the central points drawn
    core_values: int
    activities: tuple[int, int]


DRAWN = Draws(
    areas=3,
    sub_areas=3,
    boards=(3, 5),
    units=(2, 4),
    exempt_boards=(1, 3),
    central_points=(5, 7),
    focus_areas=(2, 4),
    core_values=3,
    activities=(1, 3),
)


class Pair(NamedTuple):
    """A text in Swedish and in English."""

    sv: str
    en: str

    def fill(self, **values: str | int | Pair) -> Pair:
        """The text with its placeholders filled; a pair gives each language its own value."""
        return Pair(
            self.sv.format(**{k: v.sv if isinstance(v, Pair) else v for k, v in values.items()}),
            self.en.format(**{k: v.en if isinstance(v, Pair) else v for k, v in values.items()}),
        )


class Area(NamedTuple):
    """A strategic area: its sub-areas, the övergripande mål set under it, and their SDGs."""

    name: Pair
    sub_areas: tuple[Pair, ...]
    sdgs: tuple[int, ...]
    goals: tuple[Pair, ...]


class BoardSpec(NamedTuple):
    """A board (nämnd) with its administration and the units the administration may have."""

    key: str
    name: Pair
    administration: Pair
    units: tuple[Pair, ...]


class ExemptBoard(NamedTuple):
    """A board the council sets no övergripande mål for, and why."""

    name: Pair
    joint: bool
    reason: Pair


class Template(NamedTuple):
    """A nämndsmål and its indicator for a unit ``{unit}``, and the indicator's baseline range."""

    goal: Pair
    indicator: Pair
    measurement_unit: str
    higher_is_better: bool
    baseline: tuple[int, int]


class VisionElement(NamedTuple):
    """A phrase of the vision statement and what it means."""

    phrase: Pair
    meaning: Pair


class Indicator(NamedTuple):
    """The vision's indicator: the number of inhabitants."""

    label: Pair
    measurement_unit: str
    kolada_kpi: str


class Labels(NamedTuple):
    """The labels of what every municipality has (see ``LABEL_FIELDS`` for their placeholders)."""

    graph: Pair
    private_graph: Pair
    municipality: Pair
    council: Pair
    mandate_period: Pair
    budget_year: Pair
    environmental_analysis: Pair
    value_base: Pair
    governance_model: Pair
    strategic_areas: Pair
    manager_post: Pair
    action_plan: Pair
    empty_action_plan: Pair
    activity_description: Pair
    development_plan: Pair
    new_unit: Pair


# The placeholders each label is filled with.
LABEL_FIELDS: dict[str, frozenset[str]] = {
    "graph": frozenset({"name", "span"}),
    "private_graph": frozenset({"name", "span"}),
    "municipality": frozenset({"name"}),
    "council": frozenset(),
    "mandate_period": frozenset({"span"}),
    "budget_year": frozenset({"year"}),
    "environmental_analysis": frozenset(),
    "value_base": frozenset(),
    "governance_model": frozenset({"name", "span"}),
    "strategic_areas": frozenset({"span"}),
    "manager_post": frozenset({"unit"}),
    "action_plan": frozenset({"year", "unit"}),
    "empty_action_plan": frozenset({"year", "unit"}),
    "activity_description": frozenset({"activity", "unit", "year"}),
    "development_plan": frozenset({"year", "person"}),
    "new_unit": frozenset(),
}


@dataclass(frozen=True)
class Tables:
    """Everything the data file holds, checked and typed."""

    areas: tuple[Area, ...]
    executive: BoardSpec
    boards: tuple[BoardSpec, ...]
    exempt_boards: tuple[ExemptBoard, ...]
    templates: tuple[Template, ...]
    vision_statement: Pair
    vision_verbs: tuple[Pair, ...]
    vision_elements: tuple[VisionElement, ...]
    vision_indicator: Indicator
    central_points: tuple[Pair, ...]
    core_values: tuple[Pair, ...]
    activities: tuple[Pair, ...]
    development: tuple[Pair, ...]
    place_prefixes: tuple[str, ...]
    place_suffixes: tuple[str, ...]
    quarters: tuple[str, ...]
    first_names: tuple[str, ...]
    surnames: tuple[str, ...]
    labels: Labels
