"""A board's workbook read back (styrgraf.results.workbook_import): written by styrgraf, filled
in with openpyxl as a person fills it (Swedish numbers, a changed status, an activity
reported), imported, and written again showing what was entered; realistic mistakes each
refused with the sheet and cell named and the store unchanged; a workbook for another board or
period, or from an older model, refused saying which; an empty workbook and the same workbook
twice changing nothing. On a small model in an embedded store."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from styrgraf.analysis.follow_up_data import read
from styrgraf.analysis.fulfilment import Period
from styrgraf.render.workbook_import_report import text
from styrgraf.results.board_sheet import board_sheet
from styrgraf.results.change import check, write
from styrgraf.results.workbook_file import MAX_BYTES
from styrgraf.results.workbook_import import WorkbookImport, prepare, report
from styrgraf.results.workbook_layout import META_MODEL_VERSION, META_SHEET, Sheet, column
from styrgraf.results.workbook_problems import WorkbookRefused
from styrgraf.results.workbook_reader import Expected
from styrgraf.store.base import Store
from styrgraf.vocabulary import PROV, SG
from workbook_support import (
    BOARD,
    EX,
    GRAPH,
    OTHER_BOARD,
    PROFILE,
    YEAR,
    blank,
    dump,
    fill,
    model_file,
    new_store,
    rows_of,
)

G, A = Sheet.GOALS, Sheet.ACTIVITIES
STARTED = datetime(2026, 3, 3, 10, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return model_file(tmp_path_factory.mktemp("workbook"))


@pytest.fixture(scope="module")
def store(model: Path) -> Store:
    """A store the tests that write nothing share."""
    return new_store(model)


@pytest.fixture(scope="module")
def workbook(store: Store) -> bytes:
    return blank(store)


@pytest.fixture(scope="module")
def rows(workbook: bytes) -> dict[str, int]:
    return {**rows_of(workbook, G), **rows_of(workbook, A)}


def _prepare(store: Store, data: bytes, lang: str = "sv", **more: object) -> WorkbookImport:
    return prepare(
        store,
        data,
        file="C:\\Users\\anna\\Nämnden 2024.xlsx",
        by="Anna Berg",
        started=STARTED,
        profile=PROFILE,
        lang=lang,
        **more,  # type: ignore[arg-type]
    )


def _refused(store: Store, data: bytes, lang: str = "sv", **more: object) -> list[str]:
    """The problems a workbook is refused with, the store left as it was."""
    before = dump(store)
    with pytest.raises(WorkbookRefused) as refused:
        _prepare(store, data, lang, **more)
    assert dump(store) == before
    return refused.value.messages()


def _filled(rows: dict[str, int]) -> dict[tuple[Sheet, str, int], object]:
    """What a board secretary enters, Swedish style."""
    return {
        (G, "value", rows["nm-1 ind-1"]): "92,4 %",  # was 91,2: a revision
        (G, "value", rows["nm-1 ind-3"]): "28\u00a0304",
        (G, "status", rows["nm-1"]): "uppfyllt",  # was delvis uppfyllt
        (G, "comment", rows["nm-1"]): "Fler barn än väntat har börjat.",
        (G, "value", rows["nm-2 ind-2"]): "\u22121,5",
        (G, "status", rows["nm-2"]): "ej uppfyllt",
        (A, "status", rows["akt-1"]): "genomförd",
        (A, "comment", rows["akt-1"]): "Två öppna hus hölls.",
    }


def test_a_filled_workbook_round_trips(model: Path, workbook: bytes, rows: dict[str, int]) -> None:
    store = new_store(model)
    filled = fill(workbook, _filled(rows))
    imported = _prepare(store, filled)
    answer = report(imported, lang="sv", dry_run=False, written=True)
    assert answer["file"] == "Nämnden 2024.xlsx" and answer["by"] == "Anna Berg"
    assert answer["board"] == {"iri": BOARD, "label": "Exempelnämnden"}
    assert answer["period"]["label"] == "helår 2024" and not answer["empty"]
    assert [(v["place"], v["state"], v["value"], v["old"]) for v in answer["values"]] == [
        (f"Nämndsmål!H{rows['nm-1 ind-1']}", "revised", "92.4", ["91.2"]),
        (f"Nämndsmål!H{rows['nm-1 ind-3']}", "added", "28304", []),
        (f"Nämndsmål!H{rows['nm-2 ind-2']}", "added", "-1.5", []),
    ]
    assert [(s["node"]["iri"], s["status"]["label"], s["state"]) for s in answer["statuses"]] == [
        (EX + "nm-1", "uppfyllt", "revised"),
        (EX + "nm-2", "ej uppfyllt", "added"),
    ]
    assert answer["statuses"][0]["before"] == {
        "iri": SG + "PartlyFulfilled",
        "label": "delvis uppfyllt",
    }
    assert [(s["node"]["iri"], s["status"]["iri"]) for s in answer["activities"]] == [
        (EX + "akt-1", SG + "Completed")
    ]
    assert check(store, imported.plan).conforms
    write(store, imported.plan)

    # The workbook written again shows what was entered, as the period's value and status.
    again = board_sheet(store, BOARD, Period(YEAR, "full"), profile=PROFILE)
    by_indicator = {r.indicator: r for r in again.goals}
    assert by_indicator[EX + "ind-1"].value == Decimal("92.4")
    assert by_indicator[EX + "ind-3"].value == Decimal("28304")
    assert by_indicator[EX + "ind-2"].value == Decimal("-1.5")
    assert by_indicator[EX + "ind-1"].status == SG + "Fulfilled"
    assert by_indicator[EX + "ind-1"].comment == "Fler barn än väntat har börjat."
    assert {a.activity: (a.current, a.status) for a in again.activities}[EX + "akt-1"] == (
        (SG + "Completed",),
        SG + "Completed",
    )
    written = openpyxl.load_workbook(io.BytesIO(blank(store)))["Nämndsmål"]
    value, status = column(G, "value"), column(G, "status")
    assert written.cell(rows["nm-1 ind-3"], value).value == 28304
    assert written.cell(rows["nm-1"], status).value == "uppfyllt"
    assert written.cell(rows["nm-2"], status).value == "ej uppfyllt"
    # ... and the next year's workbook shows them as the latest values.
    later = board_sheet(store, BOARD, Period(YEAR + 1, "full"), profile=PROFILE)
    latest = {r.indicator: (r.latest, r.latest_period) for r in later.goals}
    assert latest[EX + "ind-3"] == (Decimal("28304"), Period(YEAR, "full"))

    # The revised value is kept beside its revision, which points at it.
    values = [v for v in read(store, [GRAPH], "sv").values if v.indicator == EX + "ind-1"]
    assert sorted(v.written or "" for v in values) == ["91.2", "92.4"]
    revision = next(v for v in values if v.written == "92.4")
    assert revision.revises == {EX + "utfall-ind-1-2024"}
    provenance = store.select(
        f"SELECT ?by ?file WHERE {{ <{revision.iri}> <{PROV}wasGeneratedBy> ?run . "
        f"?run <{SG}importedBy> ?by ; <{SG}sourceFile> ?file }}"
    )
    assert [(r["by"].value, r["file"].value) for r in provenance] == [
        ("Anna Berg", "Nämnden 2024.xlsx")
    ]

    # The same workbook twice, and the workbook written again, change nothing.
    before = dump(store)
    for data in (filled, blank(store)):
        second = _prepare(store, data)
        assert not second.plan.changes()
        assert write(store, second.plan) == {}
    assert dump(store) == before
    shown = report(second, lang="sv", dry_run=False, written=False)
    assert (
        text(shown, "sv")
        .rstrip()
        .endswith("Importen ändrar ingenting: allt som är ifyllt finns redan i modellen.")
    )


def test_the_report_in_words_names_every_cell(
    store: Store, workbook: bytes, rows: dict[str, int]
) -> None:
    imported = _prepare(store, fill(workbook, _filled(rows)))
    lines = text(report(imported, lang="sv", dry_run=True, written=False), "sv").splitlines()
    assert lines[0] == "Nämnden 2024.xlsx: Exempelnämnden, helår 2024, inläst av Anna Berg"
    assert (
        f"  Nämndsmål!H{rows['nm-1 ind-1']}  Andel barn i förskola: 91,2 procent → 92,4 procent"
        in lines
    )
    assert f"  Nämndsmål!H{rows['nm-1 ind-3']}  Inskrivna barn: 28\u00a0304 antal" in lines
    assert (
        f"  Nämndsmål!I{rows['nm-1']}  Fler barn i förskolan: delvis uppfyllt → uppfyllt "
        "(Fler barn än väntat har börjat.)"
    ) in lines
    activity = f"  Aktiviteter!F{rows['akt-1']}  Öppet hus i förskolan: pågående → genomförd"
    assert f"{activity} (Två öppna hus hölls.)" in lines
    assert lines[-1].startswith(
        "Provkörning, inget skrevs: importen skulle lägga till 2 nya värden"
    )


def test_an_english_workbook_reads_english_numbers_and_statuses(store: Store) -> None:
    english = blank(store, lang="en")
    rows = rows_of(english, G)
    data = fill(
        english,
        {
            (G, "value", rows["nm-1 ind-3"]): "28,304",
            (G, "value", rows["nm-2 ind-2"]): "81.25%",
            (G, "status", rows["nm-2"]): "Not fulfilled",
        },
    )
    answer = report(_prepare(store, data, "en"), lang="en", dry_run=True, written=False)
    added = {v["indicator"]["iri"]: v["value"] for v in answer["values"] if v["state"] == "added"}
    assert added == {EX + "ind-3": "28304", EX + "ind-2": "81.25"}
    statuses = {s["node"]["iri"]: (s["status"], s["state"]) for s in answer["statuses"]}
    assert statuses[EX + "nm-2"] == (
        {"iri": SG + "NotFulfilled", "label": "not fulfilled"},
        "added",
    )
    assert statuses[EX + "nm-1"][1] == "unchanged"  # as the workbook was written
    assert answer["language"] == "en" and answer["values"][0]["place"].startswith("Board goals!")


def test_realistic_mistakes_are_all_refused_each_with_its_cell(
    store: Store, workbook: bytes, rows: dict[str, int]
) -> None:
    n1, n3, n2 = rows["nm-1 ind-1"], rows["nm-1 ind-3"], rows["nm-2 ind-2"]
    data = fill(
        workbook,
        {
            (G, "value", n1): "7,2 procent",
            (G, "value", n3): "12 %",  # a percentage of a number of children
            (G, "value", n2): datetime(2024, 2, 7),  # "7.2" turned into a date by Excel
            (G, "status", n2): "klart",
            (G, "status", n3): "uppfyllt",  # not the goal's first row
            (A, "comment", rows["akt-1"]): "Hölls i maj.",  # and no status
            (A, "status", rows["akt-2"]): "färdig",
        },
    )
    assert _refused(store, data) == [
        f"Nämndsmål!H{n1}: '7,2 procent' är inte ett tal",
        f"Nämndsmål!H{n3}: '12 %' är i procent, men indikatorns enhet är antal",
        f"Nämndsmål!I{n3}: ett måls status och kommentar anges på dess första rad, 2",
        f"Nämndsmål!H{n2}: '2024-02-07' är ett datum, inte ett tal (Excel gör ibland om ett tal "
        "med punkt till ett datum: skriv det med decimalkomma)",
        f"Nämndsmål!I{n2}: 'klart' är ingen av statusarna i listan: uppfyllt, delvis uppfyllt, "
        "ej uppfyllt, ej bedömt",
        f"Aktiviteter!G{rows['akt-1']}: en kommentar utan status: välj också en status i "
        f"F{rows['akt-1']}",
        f"Aktiviteter!F{rows['akt-2']}: 'färdig' är ingen av statusarna i listan: planerad, "
        "pågående, genomförd, uppskjuten, avbruten",
    ]


def test_mistakes_are_told_in_english_for_an_english_import(
    store: Store, workbook: bytes, rows: dict[str, int]
) -> None:
    data = fill(workbook, {(G, "value", rows["nm-1 ind-1"]): "7,2 procent"})
    assert _refused(store, data, "en") == [
        f"Nämndsmål!H{rows['nm-1 ind-1']}: '7,2 procent' is not a number"
    ]


def test_a_row_whose_hidden_iris_were_changed_is_refused(
    store: Store, workbook: bytes, rows: dict[str, int]
) -> None:
    data = fill(
        workbook,
        {
            (G, "indicator-iri", rows["nm-1 ind-3"]): EX + "ind-2",  # nm-2's indicator
            (G, "value", rows["nm-1 ind-3"]): "12",
            (A, "activity-iri", rows["akt-2"]): EX + "akt-9",
            (G, "goal-iri", 9): EX + "nm-1",  # a row added below, a value beside it
            (G, "indicator-iri", 9): EX + "ind-1",
            (G, "value", 9): "93",
        },
    )
    messages = _refused(store, data)
    cells = [m.split(":")[0] for m in messages]
    assert cells == [
        f"Nämndsmål!L{rows['nm-1 ind-3']}",
        "Nämndsmål!K9",
        f"Aktiviteter!I{rows['akt-2']}",
    ]
    assert messages[0].endswith(
        "raden hör inte till nämndens mål, indikatorer eller aktiviteter i den här perioden "
        "(dess dolda kolumner har ändrats eller raden har lagts till)"
    )


def test_a_moved_column_is_refused(store: Store, workbook: bytes) -> None:
    data = fill(workbook, {(G, "value", 1): "Värde"})
    assert _refused(store, data, "en") == [
        "Nämndsmål!H1: the column should be 'Värde … ✎', not 'Värde': columns were moved or "
        "inserted"
    ]


def test_a_workbook_for_another_board_or_period_is_refused_saying_which(
    store: Store, workbook: bytes
) -> None:
    assert _refused(store, workbook, expected=Expected(board=OTHER_BOARD)) == [
        f"styrgraf!B2: arbetsboken gäller en annan nämnd: Exempelnämnden <{BOARD}>, inte "
        f"Valnämnden <{OTHER_BOARD}>"
    ]
    assert _refused(store, workbook, "en", expected=Expected(period=Period(YEAR, "interim"))) == [
        "styrgraf!B4: the workbook is for another period: full year 2024, not interim 2024"
    ]
    assert _refused(store, workbook, expected=Expected(period=Period(YEAR + 1, "full"))) == [
        "styrgraf!B4: arbetsboken gäller en annan period: helår 2024, inte helår 2025"
    ]
    assert _prepare(store, workbook, expected=Expected(BOARD, Period(YEAR, "full")))
    changed = fill(workbook, {}, meta={"board": EX + "kf"})
    assert _refused(store, changed, "en") == [
        f"styrgraf!B2: the workbook is for {EX}kf, which is no board of the model"
    ]
    assert _refused(store, fill(workbook, {}, meta={"year": 1999}), "en") == [
        "styrgraf!B3: the workbook is for the year 1999, which the model does not know (no "
        "budget year, outside every mandate period)"
    ]


def test_a_workbook_from_an_older_model_is_refused(model: Path, rows: dict[str, int]) -> None:
    store = new_store(model)
    older = fill(blank(store), {(G, "value", rows["nm-2 ind-2"]): "80"})
    store.update(
        f"INSERT DATA {{ GRAPH <{GRAPH}> {{ <{EX}nm-2> <{SG}hasIndicator> <{EX}ind-3> }} }}"
    )
    assert _refused(store, older, "en") == [
        "styrgraf!B5: the workbook was made (2026-03-02T09:30:00+00:00) from an older state of "
        "the model: the board's goals, indicators or activities have changed since; download a "
        "new workbook and carry the values over"
    ]
    wrong = fill(older, {}, meta={META_MODEL_VERSION: "0000"})
    assert len(_refused(new_store(model), wrong)) == 1


def test_an_empty_workbook_changes_nothing_and_says_so(store: Store) -> None:
    empty = blank(store, period=Period(YEAR + 1, "interim"))
    imported = _prepare(store, empty)
    assert not imported.plan.changes()
    answer = report(imported, lang="en", dry_run=False, written=False)
    assert answer["empty"] and answer["counts"]["filled"] == 0 and answer["values"] == []
    assert text(answer, "en").splitlines()[-1] == (
        "Nothing is filled in in the workbook: nothing was changed."
    )


def test_what_is_no_workbook_is_refused(store: Store, workbook: bytes) -> None:
    assert _refused(store, b"hello") == [
        "Nämnden 2024.xlsx: filen är ingen Excel-arbetsbok (.xlsx)"
    ]
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    assert _refused(store, packed.getvalue(), "en") == [
        "Nämnden 2024.xlsx: the file is not an Excel workbook (.xlsx)"
    ]
    assert _refused(store, b"x" * (MAX_BYTES + 1), "en")[0].startswith(
        "Nämnden 2024.xlsx: the workbook is larger than 8,388,608 bytes"
    )
    book = io.BytesIO(workbook)
    without = io.BytesIO()
    with zipfile.ZipFile(book) as source, zipfile.ZipFile(without, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item))
    loaded = openpyxl.load_workbook(io.BytesIO(without.getvalue()))
    del loaded[META_SHEET]
    stripped = io.BytesIO()
    loaded.save(stripped)
    assert _refused(store, stripped.getvalue(), "en") == [
        "Nämnden 2024.xlsx: the workbook has no hidden sheet 'styrgraf': it was not made by "
        "styrgraf and cannot be matched to the model"
    ]


def test_a_zip_that_unpacks_to_too_much_is_refused_unread(store: Store) -> None:
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (65 * 1024 * 1024))
    assert len(packed.getvalue()) < MAX_BYTES
    assert _refused(store, packed.getvalue(), "en")[0].startswith(
        "Nämnden 2024.xlsx: the workbook is larger than 67,108,864 bytes"
    )


def test_the_dates_of_an_activity_are_not_read(
    store: Store, workbook: bytes, rows: dict[str, int]
) -> None:
    # The locked columns are the model's: what is typed there changes nothing.
    data = fill(workbook, {(A, "start", rows["akt-1"]): date(2025, 1, 1)})
    assert not _prepare(store, data).plan.changes()
