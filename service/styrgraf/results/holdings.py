"""What an import is compared with: the values and assessments the store holds (read as the
follow-up reads them), and the nodes an import writes beside: the graph that describes each
indicator, goal and activity, the budget years, the reports, the activities' statuses and
their earlier follow-ups."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import pyoxigraph as ox

from styrgraf.analysis.follow_up_data import FULL, FollowUpData, read, year
from styrgraf.sparql.queries import get_query
from styrgraf.store.base import Store
from styrgraf.vocabulary import SG


@dataclass(frozen=True)
class FollowUpRecord:
    """An activity's follow-up already stored."""

    node: str
    status: str
    comment: str | None
    generated: str


@dataclass
class Holdings:
    """Everything an import is compared with."""

    data: FollowUpData
    homes: dict[str, str]
    periods: dict[int, tuple[str, str]]
    reports: dict[tuple[int, str], str]
    revised_assessments: set[str]
    activity_status: dict[str, set[str]]
    follow_ups: dict[tuple[str, int, str], list[FollowUpRecord]] = field(default_factory=dict)


def holdings(
    store: Store, subjects: Iterable[str], graphs: Sequence[str] | None, lang: str = "sv"
) -> Holdings:
    """Read what the store holds about ``subjects`` (the indicators, goals and activities an
    import names) and the follow-up of the graphs in scope, descriptions in ``lang``."""
    wanted = sorted(set(subjects))
    return Holdings(
        data=read(store, graphs, lang),
        homes=_homes(store, wanted, graphs),
        periods=_periods(store, graphs),
        reports=_reports(store, graphs),
        revised_assessments={
            _value(r["old"])
            for r in store.select(get_query("import-revised-assessments").text, {}, graphs)
        },
        activity_status=_activity_status(store, wanted, graphs),
        follow_ups=_follow_ups(store, graphs),
    )


def _nodes(iris: Sequence[str]) -> list[ox.NamedNode]:
    return [ox.NamedNode(iri) for iri in iris]


def _homes(store: Store, wanted: Sequence[str], graphs: Sequence[str] | None) -> dict[str, str]:
    """The graph that describes each node (the first by name where several do)."""
    if not wanted:
        return {}
    homes: dict[str, str] = {}
    for row in store.select(get_query("import-node-graphs").text, {"node": _nodes(wanted)}, graphs):
        homes.setdefault(_value(row["node"]), _value(row["graph"]))
    return homes


def _periods(store: Store, graphs: Sequence[str] | None) -> dict[int, tuple[str, str]]:
    """Each year's budget year and the graph that holds it (the first by IRI)."""
    periods: dict[int, tuple[str, str]] = {}
    for row in store.select(get_query("import-budget-years").text, {}, graphs):
        found = year(row.get("year"))
        if found is not None:
            periods.setdefault(found, (_value(row["period"]), _value(row["graph"])))
    return periods


def _reports(store: Store, graphs: Sequence[str] | None) -> dict[tuple[int, str], str]:
    """The report of each year and part: a delårsrapport for the interim, an årsredovisning for
    the full year (the first by IRI)."""
    reports: dict[tuple[int, str], str] = {}
    for row in store.select(get_query("import-reports").text, {}, graphs):
        found = year(row.get("year"))
        if found is None:
            continue
        part = "interim" if _value(row["type"]) == SG + "InterimReport" else FULL
        reports.setdefault((found, part), _value(row["report"]))
    return reports


def _activity_status(
    store: Store, wanted: Sequence[str], graphs: Sequence[str] | None
) -> dict[str, set[str]]:
    if not wanted:
        return {}
    found: dict[str, set[str]] = {}
    for row in store.select(
        get_query("import-activity-statuses").text, {"activity": _nodes(wanted)}, graphs
    ):
        found.setdefault(_value(row["activity"]), set()).add(_value(row["status"]))
    return found


def _follow_ups(
    store: Store, graphs: Sequence[str] | None
) -> dict[tuple[str, int, str], list[FollowUpRecord]]:
    """Every stored follow-up of an activity by activity, year and part, oldest first."""
    found: dict[tuple[str, int, str], list[FollowUpRecord]] = {}
    for row in store.select(get_query("import-activity-follow-ups").text, {}, graphs):
        when = year(row.get("year"))
        if when is None:
            continue
        part = "interim" if _value(row.get("part")) == SG + "Interim" else FULL
        description = row.get("description")
        generated = row.get("generated")
        record = FollowUpRecord(
            node=_value(row["node"]),
            status=_value(row["status"]),
            comment=description.value if isinstance(description, ox.Literal) else None,
            generated=generated.value if isinstance(generated, ox.Literal) else "",
        )
        found.setdefault((_value(row["activity"]), when, part), []).append(record)
    return found


def _value(term: object) -> str:
    return term.value if isinstance(term, ox.NamedNode | ox.Literal) else ""
