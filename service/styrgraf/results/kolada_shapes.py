"""The Kolada import's report as JSON (TypedDicts): every value read accounted for, the
revisions with both numbers and both dates, the KPIs and areas that matched nothing, and the
plan of the core (:mod:`styrgraf.results.plan_json`) inside."""

from __future__ import annotations

from typing import Literal, TypedDict

from styrgraf.results.plan_json import PlanJson


class KoladaCountsJson(TypedDict):
    """How many. ``values`` = ``matched`` + ``unused`` + ``not_in_model`` + ``repeated``;
    a matched value gives one reading per indicator naming its KPI, and the readings are
    ``added`` + ``unchanged`` + ``revised`` + ``missing``."""

    values: int
    matched: int
    unused: int
    not_in_model: int
    repeated: int
    readings: int
    added: int
    unchanged: int
    revised: int
    missing: int


class KoladaIndicatorJson(TypedDict):
    """An indicator, and its label in the report's language."""

    iri: str
    label: str


class OldNumberJson(TypedDict):
    """A stored value that a revision corrects; it is kept."""

    iri: str
    value: str | None
    generated: str | None


class KoladaRevisionJson(TypedDict):
    """A value that differs from the one stored: Kolada's key, the indicator, the new number
    with when it was retrieved, and the stored numbers it revises with when they were
    generated."""

    kpi: str
    level: Literal["municipality", "ou"]
    area: str
    area_iri: str | None
    period: int
    gender: str
    indicator: KoladaIndicatorJson
    value: str
    retrieved: str
    source: str
    iri: str
    old: list[OldNumberJson]


class KoladaMissingJson(TypedDict):
    """A value Kolada reports missing, for the indicators naming its KPI: counted, not
    written."""

    kpi: str
    level: Literal["municipality", "ou"]
    area: str
    period: int
    gender: str
    status: str | None
    indicators: list[KoladaIndicatorJson]
    place: str


class KpiCountJson(TypedDict):
    """A KPI of the responses that no indicator names, with how many values it has."""

    kpi: str
    values: int


class AbsentKpiJson(TypedDict):
    """A KPI that indicators name and no response holds."""

    kpi: str
    indicators: list[KoladaIndicatorJson]


class AreaCountJson(TypedDict):
    """A municipality or unit of the responses that the model does not hold."""

    level: Literal["municipality", "ou"]
    area: str
    values: int


class KoladaReportJson(TypedDict):
    """What a Kolada import did, or on a dry run would do (``written`` false)."""

    kind: Literal["kolada"]
    dry_run: bool
    written: bool
    files: list[str]
    counts: KoladaCountsJson
    revisions: list[KoladaRevisionJson]
    missing: list[KoladaMissingJson]
    unused_kpis: list[KpiCountJson]
    absent_kpis: list[AbsentKpiJson]
    not_in_model: list[AreaCountJson]
    plan: PlanJson
