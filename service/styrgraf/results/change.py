"""An import compared with the store, as a plan of what it adds, revises and leaves alone; the
store as the plan would leave it, validated; and the plan written, in one transaction.

The rules (docs/import.md):

- A value's key is indicator × area × year × part × gender. It is compared with every value
  the store holds for that key that no other value revises, whatever its source: the same
  number is *unchanged*; no value is *added*; a different number is a *revision*, a new
  ``sg:Value`` with ``prov:wasRevisionOf`` the values it corrects, which are kept.
- A goal's status is an ``sg:Assessment`` in the report of its year and part (a report is
  minted when the model has none); a different status or comment is a revision of the current
  one.
- An activity's reported status replaces its ``sg:activityStatus`` (the one thing an import
  takes out) and is kept as an ``sg:ActivityFollowUp`` with the status before.
- New triples go into the graph that describes their indicator, goal or activity; new IRIs
  are minted in its namespace, from their content, so the same import twice adds nothing.
- Before anything is written, the store as the plan would leave it is checked as every write
  is (:func:`check`): personal data outside a private graph first, then the violations of the
  shapes the plan would add to those the store already has.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox

from styrgraf.analysis.follow_up_data import FULL, INTERIM, Value
from styrgraf.model.validation import Report
from styrgraf.results.holdings import Holdings, holdings
from styrgraf.results.minting import Minter
from styrgraf.results.records import (
    INTERIM as INTERIM_PART,
)
from styrgraf.results.records import (
    MEN,
    WOMEN,
    ActivityReport,
    Judgement,
    Reading,
    Run,
)
from styrgraf.store.base import Store
from styrgraf.store.replacement import WriteCheck, check_write

_GENDERS = {WOMEN: "women", MEN: "men"}


@dataclass(frozen=True)
class Entry:
    """A value brought in and where it stands: its new IRI (added) or the stored one."""

    reading: Reading
    iri: str


@dataclass(frozen=True)
class Revision:
    """A value that differs from what the store held: the new value and those it revises."""

    reading: Reading
    iri: str
    old: tuple[Value, ...]


@dataclass(frozen=True)
class Judged:
    """A judged status brought in and where it stands; ``revises`` the assessments it
    corrects (empty when added or unchanged)."""

    judgement: Judgement
    iri: str
    revises: tuple[str, ...] = ()
    old_status: str | None = None


@dataclass(frozen=True)
class Reported:
    """An activity's status brought in; ``before`` its status until now."""

    report: ActivityReport
    iri: str
    before: tuple[str, ...] = ()


@dataclass
class Plan:
    """What an import would do. Nothing is written until :func:`write`."""

    run: Run
    run_iri: str
    added: list[Entry] = field(default_factory=list)
    unchanged: list[Entry] = field(default_factory=list)
    revised: list[Revision] = field(default_factory=list)
    missing: list[Reading] = field(default_factory=list)
    judged_added: list[Judged] = field(default_factory=list)
    judged_unchanged: list[Judged] = field(default_factory=list)
    judged_revised: list[Judged] = field(default_factory=list)
    activities_changed: list[Reported] = field(default_factory=list)
    activities_unchanged: list[Reported] = field(default_factory=list)
    additions: dict[str, list[ox.Triple]] = field(default_factory=dict)
    removals: dict[str, list[ox.Triple]] = field(default_factory=dict)

    def changes(self) -> bool:
        """Whether the import changes the store at all."""
        return any(self.additions.values()) or any(self.removals.values())


class UnknownNode(ValueError):
    """An import names an indicator, goal or activity that no graph in scope describes."""

    def __init__(self, place: str, iri: str) -> None:
        super().__init__(f"{place}: <{iri}> is not in the model")
        self.place = place
        self.iri = iri


class Conflict(ValueError):
    """One import brings two different numbers for the same value."""

    def __init__(self, first: Reading, second: Reading) -> None:
        super().__init__(
            f"{second.place}: another number for the same value as {first.place} "
            f"({second.value} and {first.value})"
        )
        self.first = first
        self.second = second


def plan(
    store: Store,
    run: Run,
    readings: Iterable[Reading] = (),
    judgements: Iterable[Judgement] = (),
    activities: Iterable[ActivityReport] = (),
    *,
    graphs: Sequence[str] | None = None,
) -> Plan:
    """Compare an import with the store over ``graphs`` (None: every graph); writes nothing.
    Raises :class:`UnknownNode` for a node no graph describes and :class:`Conflict` for two
    different numbers of one value."""
    readings, judgements, activities = list(readings), list(judgements), list(activities)
    subjects = (
        [r.indicator for r in readings]
        + [j.goal for j in judgements]
        + [a.activity for a in activities]
    )
    held = holdings(store, subjects, graphs, run.language or "sv")
    for place, iri in (
        *((r.place, r.indicator) for r in readings),
        *((j.place, j.goal) for j in judgements),
        *((a.place, a.activity) for a in activities),
    ):
        if iri not in held.homes:
            raise UnknownNode(place, iri)
    minter = Minter(run, held)
    result = Plan(run=run, run_iri=minter.run_iri)
    _plan_values(result, minter, held, readings)
    _plan_judgements(result, minter, held, judgements)
    _plan_activities(result, minter, held, activities)
    result.additions, result.removals = minter.additions, minter.removals
    return result


def _plan_values(plan: Plan, minter: Minter, held: Holdings, readings: list[Reading]) -> None:
    municipalities = held.data.context.municipalities
    current: dict[tuple[str, str | None, int, str, str], list[Value]] = {}
    revised = {old for value in held.data.values for old in value.revises}
    for value in held.data.values:
        if value.iri in revised or value.indicator is None or value.year is None:
            continue
        area = None if value.area_is_municipality else value.area
        key = (value.indicator, area, value.year, value.part, value.gender)
        current.setdefault(key, []).append(value)
    seen: dict[tuple[str, str | None, int, str, str], Reading] = {}
    for reading in readings:
        area = None if reading.area is None or reading.area in municipalities else reading.area
        part = INTERIM if reading.part == INTERIM_PART else FULL
        key = (reading.indicator, area, reading.year, part, _GENDERS.get(reading.gender, "total"))
        if reading.value is None:
            plan.missing.append(reading)
            continue
        if key in seen:
            if seen[key].value != reading.value:
                raise Conflict(seen[key], reading)
            continue
        seen[key] = reading
        stored = current.get(key, [])
        same = [v for v in stored if _decimal(v.written) == reading.value]
        if same:
            plan.unchanged.append(Entry(reading, same[0].iri))
        elif stored:
            old = tuple(sorted(stored, key=lambda v: (v.generated or "", v.iri)))
            iri = minter.value(reading, [v.iri for v in old])
            plan.revised.append(Revision(reading, iri, old))
        else:
            plan.added.append(Entry(reading, minter.value(reading, [])))


def _plan_judgements(
    plan: Plan, minter: Minter, held: Holdings, judgements: list[Judgement]
) -> None:
    current: dict[tuple[str, int, str], list[tuple[str, str | None, str | None, str]]] = {}
    for stored_judged in held.data.judged:
        if stored_judged.iri in held.revised_assessments or stored_judged.year is None:
            continue
        entry = (
            stored_judged.iri,
            stored_judged.status,
            stored_judged.description,
            stored_judged.generated or "",
        )
        key = (stored_judged.goal, stored_judged.year, stored_judged.part)
        current.setdefault(key, []).append(entry)
    for judgement in judgements:
        part = INTERIM if judgement.part == INTERIM_PART else FULL
        stored = sorted(current.get((judgement.goal, judgement.year, part), []), key=lambda e: e[3])
        latest = stored[-1] if stored else None
        if (
            latest is not None
            and latest[1] == judgement.status
            and (judgement.comment is None or judgement.comment == latest[2])
        ):
            plan.judged_unchanged.append(Judged(judgement, latest[0]))
            continue
        revises = tuple(entry[0] for entry in stored)
        iri = minter.assessment(judgement, revises)
        judged = Judged(judgement, iri, revises, latest[1] if latest else None)
        (plan.judged_revised if stored else plan.judged_added).append(judged)


def _plan_activities(
    plan: Plan, minter: Minter, held: Holdings, reports: list[ActivityReport]
) -> None:
    for report in reports:
        part = INTERIM if report.part == INTERIM_PART else FULL
        before = tuple(sorted(held.activity_status.get(report.activity, set())))
        earlier = held.follow_ups.get((report.activity, report.year, part), [])
        last_comment = earlier[-1].comment if earlier else None
        if before == (report.status,) and (report.comment or None) == (
            last_comment if earlier else None
        ):
            plan.activities_unchanged.append(Reported(report, report.activity, before))
            continue
        plan.activities_changed.append(Reported(report, minter.follow_up(report, before), before))


def check(
    store: Store,
    plan: Plan,
    *,
    lang: str = "sv",
    private: Collection[str] = (),
    before: Callable[[], Report] | None = None,
) -> WriteCheck:
    """Check the store as the plan would leave it (every model graph, the written ones with
    their new content) as every write is checked: first personal data outside the ``private``
    graphs, then the violations the plan would add to those the store has (``before``: the
    store's own report, as :func:`styrgraf.store.replacement.check_write` takes it)."""
    after = contents(store, plan)
    incoming = [
        ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(g))
        for g, ts in after.items()
        for t in ts
    ]
    return check_write(store, incoming, after, private=private, lang=lang, before=before)


def contents(store: Store, plan: Plan) -> dict[str, list[ox.Triple]]:
    """The new content of every graph the plan writes."""
    graphs = sorted(set(plan.additions) | set(plan.removals))
    after: dict[str, list[ox.Triple]] = {}
    for graph in graphs:
        removed = set(plan.removals.get(graph, ()))
        held = [q.triple for q in store.quads([graph])] if graph in store.named_graphs() else []
        kept = [t for t in held if t not in removed]
        present = set(kept)
        after[graph] = kept + [
            t for t in dict.fromkeys(plan.additions.get(graph, ())) if t not in present
        ]
    return after


def write(store: Store, plan: Plan) -> dict[str, int]:
    """Write the plan in one transaction: every graph it changes replaced at once. A plan that
    changes nothing writes nothing."""
    if not plan.changes():
        return {}
    return store.replace_graphs(contents(store, plan))


def _decimal(text: str | None) -> Decimal | None:
    if text is None:
        return None
    try:
        return Decimal(text.strip())
    except (InvalidOperation, ValueError):
        return None


__all__ = [
    "ActivityReport",
    "Conflict",
    "Entry",
    "Judged",
    "Judgement",
    "Plan",
    "Reading",
    "Reported",
    "Revision",
    "Run",
    "UnknownNode",
    "check",
    "contents",
    "plan",
    "write",
]
