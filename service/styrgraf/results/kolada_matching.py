"""Kolada's values matched to the model: each KPI to every indicator that names it
(``sg:koladaKpi``), a municipality's code to the municipality (``sg:municipalityCode``), an
organisational unit's id to the units that name it (``sg:koladaOu``), into the readings an
import compares with the store; and what matches nothing, counted.

An indicator takes the values of its own municipality and of that municipality's units only,
so a store that holds several municipalities' models gives each its own: the municipality of an
indicator or a unit is the one its graph's governance model names (``sg:municipality``), or,
in a graph without one, each municipality the graph states a code for, or, where the graphs in
scope state only one municipality's code, that one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import pyoxigraph as ox

from styrgraf.model.load import InputError
from styrgraf.results.kolada_responses import KoladaValue, Level
from styrgraf.results.records import MEN, TOTAL, WOMEN, Reading
from styrgraf.store.base import Store
from styrgraf.vocabulary import RDFS, SG

GENDERS = {"T": TOTAL, "K": WOMEN, "M": MEN}
"""Kolada's genders as the vocabulary's."""

_PREFIXES = f"PREFIX sg: <{SG}>\nPREFIX rdfs: <{RDFS}>\n"
_INDICATORS = _PREFIXES + (
    "SELECT ?indicator ?kpi ?graph ?sv ?en WHERE { GRAPH ?graph { ?indicator sg:koladaKpi ?kpi } "
    'OPTIONAL { ?indicator rdfs:label ?sv FILTER (langMatches(LANG(?sv), "sv")) } '
    'OPTIONAL { ?indicator rdfs:label ?en FILTER (langMatches(LANG(?en), "en")) } } '
    "ORDER BY ?indicator ?graph"
)
_CODES = _PREFIXES + (
    "SELECT ?municipality ?code ?graph WHERE { GRAPH ?graph { ?municipality sg:municipalityCode "
    "?code } } ORDER BY ?municipality ?graph"
)
_MODELS = _PREFIXES + (
    "SELECT ?graph ?municipality WHERE { GRAPH ?graph { ?model a sg:GovernanceModel ; "
    "sg:municipality ?municipality } } ORDER BY ?graph ?municipality"
)
_UNITS = _PREFIXES + (
    "SELECT ?unit ?ou ?graph WHERE { GRAPH ?graph { ?unit sg:koladaOu ?ou } } ORDER BY ?unit ?graph"
)


@dataclass
class KpiUser:
    """An indicator that names a KPI, with its labels and the municipalities it is of."""

    iri: str
    kpi: str
    labels: dict[str, str] = field(default_factory=dict)
    municipalities: set[str] = field(default_factory=set)


@dataclass
class Model:
    """What the graphs in scope say that Kolada's values are matched with."""

    users: dict[str, list[KpiUser]]
    """The indicators naming each KPI."""
    codes: dict[str, list[str]]
    """The municipalities with each code."""
    units: dict[str, dict[str, set[str]]]
    """The units naming each Kolada unit, with the municipalities each is of."""

    def labels(self) -> dict[str, dict[str, str]]:
        """Each indicator's labels by language."""
        return {user.iri: user.labels for users in self.users.values() for user in users}


def read_model(store: Store, graphs: Sequence[str] | None) -> Model:
    """Read the indicators with a KPI, the municipalities with a code and the units with a
    Kolada unit from ``graphs`` (None: every graph)."""
    codes: dict[str, list[str]] = {}
    stated: dict[str, set[str]] = {}
    for row in store.select(_CODES, {}, graphs):
        municipality, code = _text(row.get("municipality")), _text(row.get("code")).strip()
        if municipality and code:
            codes.setdefault(code, [])
            if municipality not in codes[code]:
                codes[code].append(municipality)
            stated.setdefault(_text(row.get("graph")), set()).add(municipality)
    governed: dict[str, set[str]] = {}
    for row in store.select(_MODELS, {}, graphs):
        governed.setdefault(_text(row.get("graph")), set()).add(_text(row.get("municipality")))
    coded = {m for found in codes.values() for m in found}
    only = coded if len(coded) == 1 else set()

    def municipalities(graph: str) -> set[str]:
        return governed.get(graph) or stated.get(graph) or only

    users: dict[str, dict[str, KpiUser]] = {}
    for row in store.select(_INDICATORS, {}, graphs):
        iri, kpi = _text(row.get("indicator")), _text(row.get("kpi")).strip()
        if not iri or not kpi:
            continue
        user = users.setdefault(kpi, {}).setdefault(iri, KpiUser(iri, kpi))
        user.municipalities |= municipalities(_text(row.get("graph")))
        for lang in ("sv", "en"):
            if row.get(lang) is not None:
                user.labels.setdefault(lang, _text(row.get(lang)))
    units: dict[str, dict[str, set[str]]] = {}
    for row in store.select(_UNITS, {}, graphs):
        unit, ou = _text(row.get("unit")), _text(row.get("ou")).strip()
        if unit and ou:
            of = units.setdefault(ou, {}).setdefault(unit, set())
            of |= municipalities(_text(row.get("graph")))
    return Model(
        users={kpi: list(found.values()) for kpi, found in users.items()},
        codes=codes,
        units=units,
    )


def _text(term: object) -> str:
    return term.value if isinstance(term, ox.NamedNode | ox.Literal) else ""


@dataclass
class Matched:
    """Kolada's values sorted out: the readings an import compares with the store, each with
    the value it comes from, and the values that match nothing."""

    values: int = 0
    """Every value read."""
    readings: list[Reading] = field(default_factory=list)
    origin: dict[Reading, KoladaValue] = field(default_factory=dict)
    matched: int = 0
    """Values matched to at least one indicator (one reading each)."""
    unused: dict[str, int] = field(default_factory=dict)
    """Values per KPI that no indicator (of the area's municipality) names."""
    absent: dict[str, list[KpiUser]] = field(default_factory=dict)
    """Indicators naming a KPI of which no value was read, by KPI."""
    outside: dict[tuple[Level, str], int] = field(default_factory=dict)
    """Values per area (municipality code or Kolada unit) the model does not hold."""
    repeated: int = 0
    """Values read twice (the same KPI, area, year and gender, the same number): counted once."""


def match(model: Model, values: Iterable[KoladaValue]) -> Matched:
    """Sort Kolada's values out against the model. Raises
    :class:`~styrgraf.model.load.InputError` for two different numbers (or a number and a
    missing value) for one KPI, area, year and gender: the files cannot both be right."""
    result = Matched()
    seen: dict[tuple[str, Level, str, int, str], KoladaValue] = {}
    kpis: set[str] = set()
    for value in values:
        result.values += 1
        kpis.add(value.kpi)
        first = seen.setdefault(value.key, value)
        if first is not value:
            if first.value != value.value:
                raise InputError(
                    value.file,
                    f"{value.kpi} {value.area} {value.period} {value.gender} is "
                    f"{_written(value)} here and {_written(first)} in {first.file}: the "
                    "responses contradict each other; import them one at a time, the older "
                    "first, so that the newer is kept as a revision",
                )
            result.repeated += 1
            continue
        areas = _areas(model, value)
        if not areas:
            place = (value.level, value.area)
            result.outside[place] = result.outside.get(place, 0) + 1
            continue
        readings = [
            Reading(
                indicator=user.iri,
                year=value.period,
                value=value.value,
                place=value.place,
                source=value.source,
                area=area,
                gender=GENDERS[value.gender],
                retrieved=value.retrieved,
            )
            for area, of in areas
            for user in model.users.get(value.kpi, [])
            if _same(of, user.municipalities)
        ]
        if not readings:
            result.unused[value.kpi] = result.unused.get(value.kpi, 0) + 1
            continue
        result.matched += 1
        for reading in readings:
            result.readings.append(reading)
            result.origin[reading] = value
    result.absent = {kpi: users for kpi, users in sorted(model.users.items()) if kpi not in kpis}
    return result


def _areas(model: Model, value: KoladaValue) -> list[tuple[str, set[str]]]:
    """The areas of the model a value is for, each with the municipalities it is of."""
    if value.level == "municipality":
        return [(m, {m}) for m in model.codes.get(value.area, [])]
    return sorted(model.units.get(value.area, {}).items())


def _same(area_of: set[str], indicator_of: set[str]) -> bool:
    """Whether an area and an indicator are of the same municipality (or neither says)."""
    return bool(area_of & indicator_of) or not (area_of or indicator_of)


def _written(value: KoladaValue) -> str:
    return "missing" if value.value is None else format(value.value, "f")
