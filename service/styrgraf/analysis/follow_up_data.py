"""What the follow-up reads from a store: indicators, values, goals, judged assessments and
each model's municipality and mandate period, as plain records.

Everything is read by the named ``follow-up-*`` queries, one query each over the graphs in
scope, and kept as written: a number that is no number, a period with no year, a unit that
differs are carried to :mod:`styrgraf.analysis.fulfilment`, which names them in its reasons
rather than letting them fail here.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox

from styrgraf.analysis.hierarchy import key
from styrgraf.sparql.queries import get_query
from styrgraf.store.base import Store
from styrgraf.vocabulary import NUMBER_TYPES, SG

_Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple

INTERIM = "interim"
FULL = "full"
_PARTS = {SG + "Interim": INTERIM, SG + "FullYear": FULL}
_GENDERS = {SG + "Total": "total", SG + "Women": "women", SG + "Men": "men"}
_DIRECTIONS = {SG + "HigherIsBetter": "higher", SG + "LowerIsBetter": "lower"}
_REPORT_PARTS = {SG + "InterimReport": INTERIM, SG + "AnnualReport": FULL}


def number(term: _Term | None) -> float | None:
    """The value of a numeric literal, or None for anything else (text such as ``12,5``, an
    ill-typed literal, an IRI, a number that is not finite).

    >>> from styrgraf.vocabulary import XSD
    >>> number(ox.Literal("12.5", datatype=ox.NamedNode(XSD + "decimal")))
    12.5
    >>> number(ox.Literal("12,5"))
    >>> number(ox.Literal("abc", datatype=ox.NamedNode(XSD + "decimal")))
    """
    if not isinstance(term, ox.Literal) or term.datatype.value not in NUMBER_TYPES:
        return None
    try:
        value = float(Decimal(term.value.strip()))
    except (InvalidOperation, ValueError):
        return None
    return value if math.isfinite(value) else None


def year(term: _Term | None) -> int | None:
    """The year of a ``xsd:gYear`` (or a date, or a whole number), or None.

    >>> from styrgraf.vocabulary import XSD
    >>> year(ox.Literal("2021", datatype=ox.NamedNode(XSD + "gYear"))), year(ox.Literal("20x1"))
    (2021, None)
    """
    if not isinstance(term, ox.Literal):
        return None
    text = term.value.strip()
    head = text[:5] if text.startswith("-") else text[:4]
    rest = text[len(head) :]
    if len(head.lstrip("-")) == 4 and head.lstrip("-").isdigit() and rest[:1] in ("", "-"):
        return int(head)
    return None


def _iri(term: _Term | None) -> str | None:
    return key(term) if isinstance(term, ox.NamedNode | ox.BlankNode) else None


@dataclass
class Indicator:
    """An indicator with its target and baseline as written (numbers None where absent or not
    numbers) and the nodes that have it."""

    iri: str
    owners: list[tuple[str, str | None]] = field(default_factory=list)
    target: float | None = None
    target_written: str | None = None
    target_year: int | None = None
    baseline: float | None = None
    baseline_year: int | None = None
    unit: str | None = None
    direction: str | None = None
    kolada: str | None = None


@dataclass
class Value:
    """A result of an indicator (an ``sg:Value``), its dimensions resolved to their defaults:
    part ``full``, area None (the municipality), gender ``total``."""

    iri: str
    indicator: str | None
    period: str | None
    year: int | None
    part: str
    area: str | None
    area_is_municipality: bool
    gender: str
    number: float | None
    written: str | None
    unit: str | None
    source: str | None
    generated: str | None
    revises: set[str] = field(default_factory=set)


@dataclass
class Goal:
    iri: str
    type: str
    boards: set[str] = field(default_factory=set)
    areas: set[str] = field(default_factory=set)
    supports: set[str] = field(default_factory=set)


@dataclass
class Judged:
    """An assessment as judged, with the part of the year it is for."""

    iri: str
    goal: str
    status: str | None
    report: str | None
    year: int | None
    part: str
    generated: str | None
    description: str | None


@dataclass
class Context:
    """The municipalities the models describe, their mandate periods (first and last year)
    and visions."""

    municipalities: set[str] = field(default_factory=set)
    mandate: tuple[int, int] | None = None
    visions: set[str] = field(default_factory=set)


@dataclass
class FollowUpData:
    indicators: dict[str, Indicator]
    values: list[Value]
    goals: dict[str, Goal]
    judged: list[Judged]
    context: Context


def read(store: Store, graphs: Sequence[str] | None, lang: str) -> FollowUpData:
    """Everything the follow-up needs from ``graphs`` (None: every graph)."""
    return FollowUpData(
        indicators=_indicators(store, graphs),
        values=_values(store, graphs),
        goals=_goals(store, graphs),
        judged=_judged(store, graphs, lang),
        context=_context(store, graphs),
    )


def _indicators(store: Store, graphs: Sequence[str] | None) -> dict[str, Indicator]:
    found: dict[str, Indicator] = {}
    for row in store.select(get_query("follow-up-indicators").text, {}, graphs):
        iri = _iri(row.get("indicator"))
        if iri is None:
            continue
        indicator = found.setdefault(iri, Indicator(iri))
        owner = _iri(row.get("owner"))
        owner_type = _iri(row.get("ownerType"))
        if owner is not None and (owner, owner_type) not in indicator.owners:
            indicator.owners.append((owner, owner_type and owner_type.removeprefix(SG)))
        target = row.get("target")
        if target is not None and indicator.target_written is None:
            indicator.target = number(target)
            indicator.target_written = target.value if isinstance(target, ox.Literal) else None
        indicator.target_year = indicator.target_year or year(row.get("targetYear"))
        if indicator.baseline is None:
            indicator.baseline = number(row.get("baseline"))
        indicator.baseline_year = indicator.baseline_year or year(row.get("baselineYear"))
        unit = row.get("unit")
        if indicator.unit is None and isinstance(unit, ox.Literal):
            indicator.unit = unit.value
        direction = _iri(row.get("direction"))
        if indicator.direction is None and direction in _DIRECTIONS:
            indicator.direction = _DIRECTIONS[direction]
        kpi = row.get("koladaKpi")
        if indicator.kolada is None and isinstance(kpi, ox.Literal):
            indicator.kolada = kpi.value
    return found


def _values(store: Store, graphs: Sequence[str] | None) -> list[Value]:
    found: dict[str, Value] = {}
    for row in store.select(get_query("follow-up-values").text, {}, graphs):
        iri = _iri(row.get("value"))
        if iri is None:
            continue
        revises = _iri(row.get("revises"))
        if iri in found:
            if revises:
                found[iri].revises.add(revises)
            continue
        area = _iri(row.get("area"))
        written = row.get("number")
        unit = row.get("unit")
        generated = row.get("generated")
        found[iri] = Value(
            iri=iri,
            indicator=_iri(row.get("indicator")),
            period=_iri(row.get("period")),
            year=year(row.get("year")),
            part=_PARTS.get(_iri(row.get("part")) or "", FULL),
            area=area,
            area_is_municipality=area is None or _iri(row.get("areaType")) == SG + "Municipality",
            gender=_GENDERS.get(_iri(row.get("gender")) or "", "total"),
            number=number(written),
            written=written.value if isinstance(written, ox.Literal) else None,
            unit=unit.value if isinstance(unit, ox.Literal) else None,
            source=_iri(row.get("source"))
            or (row["source"].value if isinstance(row.get("source"), ox.Literal) else None),
            generated=generated.value if isinstance(generated, ox.Literal) else None,
            revises={revises} if revises else set(),
        )
    return list(found.values())


def _goals(store: Store, graphs: Sequence[str] | None) -> dict[str, Goal]:
    found: dict[str, Goal] = {}
    for row in store.select(get_query("follow-up-goals").text, {}, graphs):
        iri, kind = _iri(row.get("goal")), _iri(row.get("type"))
        if iri is None or kind is None:
            continue
        goal = found.setdefault(iri, Goal(iri, kind.removeprefix(SG)))
        links = (("board", goal.boards), ("area", goal.areas), ("above", goal.supports))
        for name, into in links:
            value = _iri(row.get(name))
            if value:
                into.add(value)
    return found


def _judged(store: Store, graphs: Sequence[str] | None, lang: str) -> list[Judged]:
    found: dict[str, Judged] = {}
    query = get_query("follow-up-assessments")
    for row in store.select(query.text, query.bindings({"lang": lang}), graphs):
        iri, goal = _iri(row.get("assessment")), _iri(row.get("goal"))
        if iri is None or goal is None or iri in found:
            continue
        stated = _PARTS.get(_iri(row.get("part")) or "")
        by_report = _REPORT_PARTS.get(_iri(row.get("reportType")) or "")
        description = row.get("description")
        generated = row.get("generated")
        found[iri] = Judged(
            iri=iri,
            goal=goal,
            status=_iri(row.get("status")),
            report=_iri(row.get("report")),
            year=year(row.get("year")),
            part=stated or by_report or FULL,
            generated=generated.value if isinstance(generated, ox.Literal) else None,
            description=description.value if isinstance(description, ox.Literal) else None,
        )
    return list(found.values())


def _context(store: Store, graphs: Sequence[str] | None) -> Context:
    context = Context()
    first: list[int] = []
    last: list[int] = []
    for row in store.select(get_query("follow-up-context").text, {}, graphs):
        municipality, vision = _iri(row.get("municipality")), _iri(row.get("vision"))
        if municipality:
            context.municipalities.add(municipality)
        if vision:
            context.visions.add(vision)
        start, end = day(row.get("start")), day(row.get("end"))
        if start and end:
            first.append(start.year)
            last.append(end.year)
    if first:
        context.mandate = (min(first), max(last))
    return context


def day(term: _Term | None) -> date | None:
    """The date of a ``xsd:date`` (or the day a date-time starts with), or None."""
    if not isinstance(term, ox.Literal):
        return None
    try:
        return date.fromisoformat(term.value.strip()[:10])
    except ValueError:
        return None
