"""``styrgraf import workbook``: a filled workbook into a store directory, its report in words
and as JSON, a dry run writing nothing, every problem listed with exit 2 and nothing written,
a workbook for another board or period refused, in Swedish and English."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from styrgraf.cli import main
from styrgraf.results.workbook_layout import Sheet
from styrgraf.store.embedded import EmbeddedStore
from workbook_support import (
    BOARD,
    EX,
    OTHER_BOARD,
    blank,
    dump,
    fill,
    fill_store,
    model_file,
    rows_of,
)

G, A = Sheet.GOALS, Sheet.ACTIVITIES


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store directory holding the model, the blank workbook and a filled one."""
    here = tmp_path_factory.mktemp("workbook-cli")
    store = fill_store(EmbeddedStore(here / "store"), model_file(here))
    data = blank(store)
    rows = {**rows_of(data, G), **rows_of(data, A)}
    store.close()
    (here / "blank.xlsx").write_bytes(data)
    filled = {
        (G, "value", rows["nm-1 ind-3"]): "28 304",
        (G, "status", rows["nm-2"]): "ej uppfyllt",
        (A, "status", rows["akt-2"]): "pågående",
    }
    (here / "filled.xlsx").write_bytes(fill(data, filled))
    wrong = {
        (G, "value", rows["nm-1 ind-3"]): "ca 28 000",
        (G, "status", rows["nm-2"]): "grönt",
    }
    (here / "wrong.xlsx").write_bytes(fill(data, wrong))
    return here


def _run(capsys: pytest.CaptureFixture[str], folder: Path, *argv: str) -> tuple[int, str, str]:
    code = main(["import", "workbook", *argv, "--store", str(folder / "store")])
    out, err = capsys.readouterr()
    return code, out, err


def _contents(folder: Path) -> set[object]:
    store = EmbeddedStore(folder / "store")
    try:
        return set(dump(store))
    finally:
        store.close()


def test_a_dry_run_writes_nothing_and_the_import_writes_once(
    capsys: pytest.CaptureFixture[str], folder: Path
) -> None:
    before = _contents(folder)
    file = str(folder / "filled.xlsx")
    code, out, _ = _run(capsys, folder, file, "--by", "Anna Berg", "--dry-run")
    assert code == 0 and _contents(folder) == before
    assert out.splitlines()[0] == "filled.xlsx: Exempelnämnden, helår 2024, inläst av Anna Berg"
    assert "  Nämndsmål!H3  Inskrivna barn: 28\u00a0304 antal" in out.splitlines()
    assert out.splitlines()[-1].startswith("Provkörning, inget skrevs")

    code, out, _ = _run(capsys, folder, file, "--by", "Anna Berg", "--json", "--lang", "en")
    assert code == 0
    answer = json.loads(out)
    assert answer["kind"] == "workbook" and answer["written"] and answer["file"] == "filled.xlsx"
    assert [(v["indicator"]["iri"], v["value"], v["state"]) for v in answer["values"]] == [
        (EX + "ind-1", "91.2", "unchanged"),
        (EX + "ind-3", "28304", "added"),
    ]
    assert [a["status"]["label"] for a in answer["activities"]] == ["in progress"]
    after = _contents(folder)
    assert after != before

    code, out, _ = _run(capsys, folder, file, "--by", "Anna Berg", "--lang", "en")
    assert code == 0 and _contents(folder) == after
    assert out.splitlines()[-1] == (
        "The import changes nothing: everything filled in is in the model already."
    )


def test_every_problem_is_listed_and_nothing_is_written(
    capsys: pytest.CaptureFixture[str], folder: Path
) -> None:
    before = _contents(folder)
    code, out, err = _run(capsys, folder, str(folder / "wrong.xlsx"), "--by", "Anna")
    assert code == 2 and _contents(folder) == before
    assert out.splitlines() == [
        "Nämndsmål!H3: 'ca 28 000' är inte ett tal",
        "Nämndsmål!I4: 'grönt' är ingen av statusarna i listan: uppfyllt, delvis uppfyllt, ej "
        "uppfyllt, ej bedömt",
    ]
    assert "2 problems in the workbook; nothing was written" in err
    code, out, _ = _run(capsys, folder, str(folder / "wrong.xlsx"), "--by", "Anna", "--json")
    assert code == 2
    problems = json.loads(out)["problems"]
    assert [(p["sheet"], p["cell"], p["code"]) for p in problems] == [
        ("Nämndsmål", "H3", "not-a-number"),
        ("Nämndsmål", "I4", "status-not-listed"),
    ]


def test_a_workbook_for_another_board_or_period_is_refused(
    capsys: pytest.CaptureFixture[str], folder: Path
) -> None:
    blank_file = str(folder / "blank.xlsx")
    code, out, _ = _run(
        capsys, folder, blank_file, "--by", "Anna", "--board", OTHER_BOARD, "--lang", "en"
    )
    assert code == 2 and out.startswith("styrgraf!B2: the workbook is for another board: ")
    code, out, _ = _run(capsys, folder, blank_file, "--by", "Anna", "--period", "2024", "--interim")
    assert code == 2
    assert out == "styrgraf!B4: arbetsboken gäller en annan period: helår 2024, inte delår 2024\n"
    code, _, _ = _run(
        capsys, folder, blank_file, "--by", "Anna", "--board", BOARD, "--period", "2024"
    )
    assert code == 0


def test_what_the_command_cannot_do_is_said(
    capsys: pytest.CaptureFixture[str], folder: Path, tmp_path: Path
) -> None:
    code, _, err = _run(capsys, folder, str(tmp_path / "none.xlsx"), "--by", "Anna")
    assert code == 2 and "none.xlsx" in err
    with pytest.raises(SystemExit) as usage:
        main(["import", "workbook", str(folder / "blank.xlsx"), "--store", str(folder / "store")])
    assert usage.value.code == 2
    assert "--by" in capsys.readouterr().err
    with pytest.raises(SystemExit) as usage:
        _run(capsys, folder, str(folder / "blank.xlsx"), "--by", " ")
    assert usage.value.code == 2
    assert "Invalid value for '--by': say who makes the import" in capsys.readouterr().err
    code = main(["import", "workbook", str(folder / "blank.xlsx"), "--by", "Anna"])
    assert code == 2
    assert "--store DIR or --endpoint URL" in capsys.readouterr().err
