"""The core of every import (styrgraf.results.change): an import compared with the store as
added, unchanged and revised, validated as the store would be, written in one transaction,
and the same import twice changing nothing. On the bundled Ljungby model in an embedded
store."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest

from styrgraf.analysis.follow_up_data import read
from styrgraf.model.bundled import sample_data_files
from styrgraf.results.change import Conflict, UnknownNode, check, plan, write
from styrgraf.results.plan_json import plan_json
from styrgraf.results.records import INTERIM, WOMEN, ActivityReport, Judgement, Reading, Run
from styrgraf.store import open_store
from styrgraf.store.base import Store
from styrgraf.vocabulary import PROV, SG
from workbook_support import EX, model_file, new_store

LJ = "https://w3id.org/styrgraf/ljungby/id/"
RUN = Run(
    kind="workbook",
    started=datetime(2026, 3, 2, 9, 30, tzinfo=UTC),
    by="Nämndsekreterare",
    files=("ks-2022.xlsx",),
    language="sv",
)


def _store() -> Store:
    store = open_store()
    store.load(sample_data_files())
    return store


def _dump(store: Store) -> set[ox.Quad]:
    return set(store.quads())


def _stored(store: Store, indicator: str, year: int) -> list[str]:
    """The numbers stored for the indicator's full-year total of ``year``, as written."""
    return sorted(
        v.written or ""
        for v in read(store, None, "sv").values
        if v.indicator == indicator and v.year == year and v.part == "full"
    )


@pytest.fixture(scope="module")
def store() -> Store:
    return _store()


def test_the_same_number_is_unchanged_and_nothing_is_written(store: Store) -> None:
    before = _dump(store)
    reading = Reading(LJ + "ind-vision-invanare", 2019, Decimal("28065"), "N01951 0781 2019 T")
    result = plan(store, RUN, [reading])
    assert [e.reading for e in result.unchanged] == [reading]
    assert result.added == result.revised == []
    assert not result.changes()
    assert write(store, result) == {}
    assert _dump(store) == before


def test_a_new_value_and_a_revision_are_written_and_a_second_import_changes_nothing() -> None:
    store = _store()
    indicator = LJ + "ind-ng-ks-1"
    new = Reading(indicator, 2022, Decimal("5.6"), "Nämndsmål!H2", part=INTERIM, gender=WOMEN)
    changed = Reading(indicator, 2021, Decimal("5.15"), "Nämndsmål!H3")
    old_numbers = _stored(store, indicator, 2021)
    assert len(old_numbers) == 1 and Decimal(old_numbers[0]) != Decimal("5.15")
    first = plan(store, RUN, [new, changed])
    assert [e.reading for e in first.added] == [new]
    assert [r.reading for r in first.revised] == [changed]
    assert check(store, first).conforms
    write(store, first)
    # The old value is kept beside its revision, which points at it and is dated.
    assert _stored(store, indicator, 2021) == sorted([old_numbers[0], "5.15"])
    revision = ox.NamedNode(first.revised[0].iri)
    revises = list(store.quads())
    assert any(
        q.subject == revision
        and q.predicate.value == PROV + "wasRevisionOf"
        and q.object.value == first.revised[0].old[0].iri
        for q in revises
    )
    assert any(
        q.subject == revision and q.predicate.value == PROV + "generatedAtTime" for q in revises
    )
    # The follow-up now counts the revised number.
    values = [
        v for v in read(store, None, "sv").values if v.indicator == indicator and v.year == 2021
    ]
    revised = {old for v in values for old in v.revises}
    assert [v.written for v in values if v.iri not in revised and v.part == "full"] == ["5.15"]
    after = _dump(store)
    again = plan(store, RUN, [new, changed])
    assert not again.changes()
    assert len(again.unchanged) == 2
    write(store, again)
    assert _dump(store) == after


def test_statuses_and_activities_are_written_with_their_trace() -> None:
    store = _store()
    goal, activity = LJ + "ng-ks-1", LJ + "akt-2021-ekonomi-1"
    judgement = Judgement(
        goal,
        SG + "Fulfilled",
        2022,
        "Nämndsmål!I2",
        comment="Målet nått.",
        board=LJ + "kommunstyrelsen",
    )
    report = ActivityReport(
        activity, SG + "Postponed", 2022, "Aktiviteter!F2", comment="Skjuts upp."
    )
    result = plan(store, RUN, judgements=[judgement], activities=[report])
    assert len(result.judged_added) + len(result.judged_revised) == 1
    assert [r.before for r in result.activities_changed] == [(SG + "Completed",)]
    assert check(store, result).conforms
    write(store, result)
    statuses = {
        q.object.value
        for q in store.quads()
        if q.subject.value == activity and q.predicate.value == SG + "activityStatus"
    }
    assert statuses == {SG + "Postponed"}
    again = plan(store, RUN, judgements=[judgement], activities=[report])
    assert not again.changes()


def test_two_numbers_for_one_value_and_an_unknown_indicator_are_refused(store: Store) -> None:
    one = Reading(LJ + "ind-ng-ks-1", 2022, Decimal("5"), "a")
    other = Reading(LJ + "ind-ng-ks-1", 2022, Decimal("6"), "b")
    with pytest.raises(Conflict, match="b: another number"):
        plan(store, RUN, [one, other])
    with pytest.raises(UnknownNode, match="x!A1"):
        plan(store, RUN, [Reading(LJ + "no-such-indicator", 2022, Decimal("1"), "x!A1")])


def test_a_missing_value_is_counted_and_not_written(store: Store) -> None:
    missing = Reading(LJ + "ind-ng-ks-1", 2022, None, "N03937 0781 2022 T")
    result = plan(store, RUN, [missing])
    assert result.missing == [missing] and not result.changes()


def test_the_plan_as_json_accounts_for_every_reading(store: Store) -> None:
    indicator = LJ + "ind-ng-ks-1"
    readings = [
        Reading(indicator, 2019, Decimal("4.8"), "a"),
        Reading(indicator, 2021, Decimal("9.9"), "b"),
        Reading(indicator, 2022, Decimal("1"), "c", gender=WOMEN),
        Reading(indicator, 2020, None, "d"),
    ]
    answer = plan_json(plan(store, RUN, readings))
    counts = answer["counts"]
    assert (counts["unchanged"], counts["revised"], counts["added"], counts["missing"]) == (
        1,
        1,
        1,
        1,
    )
    assert [v["place"] for v in answer["revised"]] == ["b"]
    assert answer["revised"][0]["old"][0]["value"] != "9.9"
    assert answer["added"][0]["gender"] == "women" and answer["changes"] is True


def test_a_budget_year_the_model_lacks_is_added_with_its_first_and_last_day(
    tmp_path: Path,
) -> None:
    # The small model has no budget year 2021: the import adds one, which the rules ask to
    # have a start and an end date like every period (once it had neither, and every import
    # of a year the model lacked was refused).
    store = new_store(model_file(tmp_path))
    reading = Reading(EX + "ind-1", 2021, Decimal("90.5"), "Nämndsmål!H2")
    result = plan(store, RUN, [reading])
    minted = EX + "budgetar-2021"
    (graph,) = result.additions
    said = {(t.predicate.value, t.object.value) for t in result.additions[graph]}
    assert (SG + "period", minted) in said
    dated = {
        (t.predicate.value, t.object.value)
        for t in result.additions[graph]
        if t.subject.value == minted
    }
    assert {(SG + "startDate", "2021-01-01"), (SG + "endDate", "2021-12-31")} <= dated
    assert check(store, result).conforms
