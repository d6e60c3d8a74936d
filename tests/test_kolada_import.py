"""styrgraf import kolada: Kolada's responses (tests/data/kolada) imported into a real store
directory, every value accounted for against what the files and the store say; revisions kept
with both dates; a second import, a dry run and a refused import changing nothing; responses
that are not Kolada's refused naming the file and place."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest

from kolada_support import KOLADA, LJ, RESPONSES, dump, expected, fill, rows
from styrgraf.analysis.fulfilment import Period, compute
from styrgraf.cli import main
from styrgraf.results.kolada_matching import match, read_model
from styrgraf.results.kolada_responses import read_response
from styrgraf.store import open_store
from styrgraf.vocabulary import DCT, PROV, SG

RETRIEVED = "2026-03-02T09:30:00+01:00"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store directory with the model the responses are for; copied, never written."""
    folder = tmp_path_factory.mktemp("kolada") / "store"
    store = fill(open_store(store=str(folder)))
    store.shut()
    return folder


@pytest.fixture
def folder(prepared: Path, tmp_path: Path) -> Path:
    """A fresh copy of the prepared store, for a test to write to."""
    return Path(shutil.copytree(prepared, tmp_path / "store"))


def _dumped(folder: Path) -> set[ox.Quad]:
    store = open_store(store=str(folder))
    try:
        return dump(store)
    finally:
        store.shut()


def _expected(folder: Path) -> dict[str, int]:
    store = open_store(store=str(folder))
    try:
        return expected(store, RESPONSES)
    finally:
        store.shut()


def test_every_value_is_accounted_for_written_with_its_provenance_and_once_only(
    capsys: pytest.CaptureFixture[str], folder: Path
) -> None:
    want = _expected(folder)
    assert want["revised"] and want["unchanged"] and want["missing"] and want["not_in_model"]
    before = _dumped(folder)
    base = ["import", "kolada", str(KOLADA), "--store", str(folder), "--retrieved", RETRIEVED]

    # A dry run says what the import would do and writes nothing.
    code, out, _ = _run(capsys, *base, "--dry-run", "--json")
    dry = json.loads(out)
    assert code == 0 and dry["counts"] == want and not dry["written"] and dry["dry_run"]
    assert _dumped(folder) == before

    code, out, _ = _run(capsys, *base, "--json", "--by", "Controller")
    report = json.loads(out)
    assert code == 0 and report["written"] and report["counts"] == want
    assert report["files"] == [p.name for p in RESPONSES]
    assert [u["kpi"] for u in report["unused_kpis"]] == ["N00923"]
    assert [a["kpi"] for a in report["absent_kpis"]] == ["N03937"]
    assert {(o["level"], o["area"]) for o in report["not_in_model"]} == {
        ("municipality", "0780"),
        ("ou", "V15E078100102"),
        ("ou", "V15E078199999"),
    }
    assert len(report["revisions"]) == want["revised"]
    assert sum(len(m["indicators"]) for m in report["missing"]) == want["missing"]

    # Each revision is kept beside what it revises, both dated, with Kolada as its source.
    store = open_store(store=str(folder))
    try:
        quads = dump(store)
        for revision in report["revisions"]:
            new = ox.NamedNode(revision["iri"])
            said = {(q.predicate.value, q.object.value) for q in quads if q.subject == new}
            (old,) = revision["old"]
            assert (PROV + "wasRevisionOf", old["iri"]) in said
            assert (DCT + "source", revision["source"]) in said
            assert (DCT + "bibliographicCitation", "Källa: Kolada") in said
            assert (PROV + "generatedAtTime", "2026-03-02T09:30:00+01:00") in said
            assert any(
                q.subject.value == old["iri"] and q.predicate.value == PROV + "generatedAtTime"
                for q in quads
            )
        assert revision["source"] == (
            f"https://api.kolada.se/v3/data/kpi/{revision['kpi']}/municipality/"
            f"{revision['area']}/year/{revision['period']}"
        )
        runs = [q for q in quads if q.object.value == SG + "Import"]
        assert len(runs) == 1
        assert any(q.subject == runs[0].subject and q.object.value == "Controller" for q in quads)
        # The follow-up counts the revised number from now on.
        fulfilment = compute(store, period=Period(revision["period"]))
        outcomes = [
            o
            for goal in fulfilment.goals.values()
            for o in goal.indicators
            if o.indicator.iri == LJ + "ind-ng-ks-5-a"
        ]
        assert outcomes and all(o.problem is None for o in outcomes)
        assert {Decimal(o.value.written or "") for o in outcomes if o.value} == {
            Decimal(revision["value"])
        }
        after = dump(store)
    finally:
        store.shut()
    assert after != before

    # The same files again change nothing, and say so.
    code, out, _ = _run(capsys, *base)
    assert code == 0
    assert out.rstrip().endswith("Inget ändrades: modellen har redan allt som importen ger.")
    assert _dumped(folder) == after


def test_the_report_writes_numbers_as_each_language_does(
    capsys: pytest.CaptureFixture[str], folder: Path
) -> None:
    base = ["import", "kolada", str(KOLADA), "--store", str(folder), "--dry-run"]
    _, swedish, _ = _run(capsys, *base, "--retrieved", RETRIEVED)
    _, english, _ = _run(capsys, *base, "--retrieved", RETRIEVED, "--lang", "en")
    assert "28\xa0270 (2023-02-14) → 28\xa0302 (2026-03-02)" in swedish
    assert "28,270 (2023-02-14) → 28,302 (2026-03-02)" in english
    assert "Reviderade värden" in swedish and "Revised values" in english
    assert swedish.startswith("Import från Kolada: ") and english.startswith("Import from Kolada: ")
    assert english.rstrip().endswith("nothing was written.")


def test_an_import_that_would_break_a_rule_is_refused_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # A Kolada unit id put on a board: its values would be for something that is no area.
    folder = tmp_path / "store"
    store = fill(
        open_store(store=str(folder)),
        f'<{LJ}kommunstyrelsen> <{SG}koladaOu> "V15E078100101" .',
    )
    store.shut()
    before = _dumped(folder)
    code, out, err = _run(
        capsys, "import", "kolada", str(KOLADA / "ou.json"), "--store", str(folder)
    )
    assert code == 1
    assert "sg:Value-refArea" in out and "nothing was written" in err
    assert _dumped(folder) == before


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ('{"values": [\n  {"kpi": "N01951",\n  }\n]}', ":3:3: is not JSON"),
        ('{"values": [{"id": "N01951", "title": "Invånare"}]}', 'values[0] has no "kpi"'),
        ('{"count": 0}', 'has no "values"'),
        ("[1, 2]", "is a list, not a Kolada response"),
        (
            '{"values": [{"kpi": "N01951", "municipality": 781, "period": 2022, "values": []}]}',
            '"municipality" is the number 781, not an id (an id is text: "0781", not 781)',
        ),
        (
            '{"values": [{"kpi": "N01951", "municipality": "0781", "period": 2022, '
            '"values": [{"gender": "X", "value": 1}]}]}',
            "values[0].values[0]: \"gender\" is the text 'X', not one of T, K, M",
        ),
        (
            '{"values": [{"kpi": "N01951", "municipality": "0781", "period": 2022, '
            '"values": [{"gender": "T", "value": "12,5"}]}]}',
            "\"value\" is the text '12,5', not a number or null",
        ),
    ],
)
def test_a_response_that_is_not_koladas_is_refused_naming_the_file_and_place(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, prepared: Path, text: str, said: str
) -> None:
    path = tmp_path / "svar.json"
    path.write_text(text, encoding="utf-8")
    code, _, err = _run(capsys, "import", "kolada", str(path), "--store", str(prepared))
    assert code == 2
    assert f"styrgraf import: {path}" in err and said in err


def test_responses_that_contradict_each_other_are_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, prepared: Path
) -> None:
    row = '{"values": [{"kpi": "N01951", "municipality": "0781", "period": 2022, '
    first = tmp_path / "a.json"
    first.write_text(row + '"values": [{"gender": "T", "value": 28302}]}]}', encoding="utf-8")
    second = tmp_path / "b.json"
    second.write_text(row + '"values": [{"gender": "T", "value": 28310}]}]}', encoding="utf-8")
    before = _dumped(prepared)
    code, _, err = _run(
        capsys, "import", "kolada", str(first), str(second), "--store", str(prepared)
    )
    assert code == 2
    assert "N01951 0781 2022 T is 28310 here and 28302 in" in err and str(first) in err
    assert _dumped(prepared) == before


def test_a_file_named_twice_is_read_once(
    capsys: pytest.CaptureFixture[str], prepared: Path
) -> None:
    page = str(KOLADA / "municipality-page-1.json")
    argv = ["import", "kolada", page, str(KOLADA), "--store", str(prepared), "--dry-run"]
    code, out, _ = _run(capsys, *argv, "--json")
    assert code == 0 and json.loads(out)["counts"]["values"] == len(rows(RESPONSES))


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["--fetch", "N01951"], "--fetch needs the years"),
        (["--years", "2022"], "give Kolada responses"),
        (["--fetch", "N01951", "--years", "twenty"], "'twenty' is not a year"),
        (["--fetch", "N01951", "--years", "2022", "--retrieved", "igår"], "'igår' is not a date"),
    ],
)
def test_bad_usage_says_what_is_wrong(
    capsys: pytest.CaptureFixture[str], prepared: Path, argv: list[str], said: str
) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["import", "kolada", "--store", str(prepared), *argv])
    assert caught.value.code == 2
    assert said in capsys.readouterr().err


def test_an_import_needs_a_store_that_is_there(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = _run(capsys, "import", "kolada", str(KOLADA))
    assert code == 2 and "--store DIR or --endpoint URL" in err
    code, _, err = _run(capsys, "import", "kolada", str(KOLADA), "--store", str(tmp_path / "x"))
    assert code == 2 and "no store there" in err


def test_each_municipality_gets_its_own_values_in_a_store_of_several() -> None:
    """Two models in one store, each naming N01951 for its own indicator: Ljungby's values go
    to Ljungby's indicator only, Alvesta's to Alvesta's, and a third municipality is not in
    the model."""
    store = open_store()
    for code, name in (("0781", "ljungby"), ("0764", "alvesta")):
        base = f"https://example.org/{name}/"
        turtle = (
            f"<{base}modell> a <{SG}GovernanceModel> ; <{SG}municipality> <{base}kommun> .\n"
            f'<{base}kommun> a <{SG}Municipality> ; <{SG}municipalityCode> "{code}" .\n'
            f'<{base}invanare> a <{SG}Indicator> ; <{SG}koladaKpi> "N01951" .\n'
        )
        triples = [q.triple for q in ox.parse(turtle.encode(), format=ox.RdfFormat.TURTLE)]
        store.replace_graphs({base + "graf": triples})
    response = read_response(
        b'{"values": ['
        b'{"kpi": "N01951", "municipality": "0781", "period": 2022,'
        b' "values": [{"gender": "T", "value": 28302}]},'
        b'{"kpi": "N01951", "municipality": "0764", "period": 2022,'
        b' "values": [{"gender": "T", "value": 19783}, {"gender": "K", "value": null}]},'
        b'{"kpi": "N01951", "municipality": "0780", "period": 2022,'
        b' "values": [{"gender": "T", "value": 97000}]}]}',
        "svar.json",
        datetime(2026, 3, 2, tzinfo=UTC),
    )
    matched = match(read_model(store, None), response.values)
    given = {(r.indicator, r.area, r.value) for r in matched.readings}
    assert given == {
        ("https://example.org/ljungby/invanare", "https://example.org/ljungby/kommun", 28302),
        ("https://example.org/alvesta/invanare", "https://example.org/alvesta/kommun", 19783),
        ("https://example.org/alvesta/invanare", "https://example.org/alvesta/kommun", None),
    }
    assert matched.outside == {("municipality", "0780"): 1} and matched.matched == 3
