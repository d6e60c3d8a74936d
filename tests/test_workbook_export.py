"""The reporting workbook written out: ``styrgraf workbook``, ``GET /workbook`` and the link on
a board's page. Each workbook is made once per module from the bundled Ljungby model and read
back with openpyxl; what it must hold is asked of the store with SPARQL, not listed here."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import openpyxl
import pyoxigraph as ox
import pytest
from flask.testing import FlaskClient
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from styrgraf.analysis.fulfilment import Period
from styrgraf.cli import main
from styrgraf.model.bundled import sample_data_files, vocabulary_graphs
from styrgraf.model.follow_up_profile import load_profile
from styrgraf.render.workbook import MEDIA_TYPE, list_name, workbook_bytes
from styrgraf.results.board_sheet import (
    ActivityRow,
    BoardSheet,
    Choice,
    SheetError,
    activity_statuses,
    board_sheet,
)
from styrgraf.results.change import plan, write
from styrgraf.results.records import INTERIM, ActivityReport, Judgement, Reading, Run
from styrgraf.results.workbook_layout import (
    COLUMNS,
    FILL_MARK,
    FIRST_ROW,
    FORMAT,
    META_KEYS,
    META_SHEET,
    Sheet,
    activity_key,
    column,
    goal_key,
    model_version,
    sheet_name,
)
from styrgraf.store.embedded import EmbeddedStore
from styrgraf.vocabulary import SG
from styrgraf.web.app import create_app
from tests_support import LJ

KS = LJ + "kommunstyrelsen"
CREATED = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
PREFIXES = "PREFIX sg: <https://w3id.org/styrgraf#>\n"


def _ljungby() -> EmbeddedStore:
    store = EmbeddedStore()
    store.load(sample_data_files(), file_graphs=True)
    for graph, files in vocabulary_graphs().items():
        store.load(files, graph=graph)
    return store


@dataclass
class Made:
    """A workbook made from the store: what it was made from, its bytes, and it read back."""

    sheet: BoardSheet
    data: bytes
    book: Workbook


def _make(store: EmbeddedStore, period: Period, lang: str, board: str = KS) -> Made:
    sheet = board_sheet(store, board, period, profile=load_profile(), lang=lang)
    data = workbook_bytes(sheet, CREATED)
    return Made(sheet, data, openpyxl.load_workbook(io.BytesIO(data)))


@pytest.fixture(scope="module")
def store() -> EmbeddedStore:
    return _ljungby()


@pytest.fixture(scope="module")
def sv_full(store: EmbeddedStore) -> Made:
    return _make(store, Period(2021, "full"), "sv")


@pytest.fixture(scope="module")
def en_interim(store: EmbeddedStore) -> Made:
    return _make(store, Period(2022, "interim"), "en")


def _rows(sheet: Worksheet, kind: Sheet) -> list[dict[str, object]]:
    """The data rows by column key."""
    keys = [c.key for c in COLUMNS[kind]]
    return [
        dict(zip(keys, row, strict=False))
        for row in sheet.iter_rows(min_row=FIRST_ROW, max_col=len(keys), values_only=True)
    ]


def _select(store: EmbeddedStore, query: str, **bound: ox.NamedNode | ox.Literal) -> list[dict]:
    rows = store.select(PREFIXES + query, dict(bound))
    return [{k: v.value for k, v in row.items()} for row in rows]


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def _year(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#gYear"))


# --- Sheets, headings, hidden parts -------------------------------------------------------------


def test_the_sheets_are_named_in_the_workbooks_language(sv_full: Made, en_interim: Made) -> None:
    assert sv_full.book.sheetnames == ["Nämndsmål", "Aktiviteter", META_SHEET]
    assert en_interim.book.sheetnames == ["Board goals", "Activities", META_SHEET]
    for made in (sv_full, en_interim):
        states = [sheet.sheet_state for sheet in made.book.worksheets]
        assert states == ["visible", "visible", "hidden"]
        assert made.book.security is not None and made.book.security.lockStructure


def test_the_headings_in_swedish_and_english(sv_full: Made, en_interim: Made) -> None:
    def headings(made: Made, kind: Sheet) -> list[str]:
        sheet = made.book[sheet_name(kind, made.sheet.lang)]
        return [str(cell.value) for cell in sheet[1]]

    assert headings(sv_full, Sheet.GOALS) == [
        "Nämndsmål",
        "Indikator",
        "Enhet",
        "Utgångsvärde",
        "Målvärde",
        "Senaste värde",
        "Senaste period",
        "Värde helår 2021 ✎",
        "Status ✎",
        "Kommentar ✎",
        "Nämndsmålets IRI",
        "Indikatorns IRI",
    ]
    assert headings(en_interim, Sheet.GOALS)[:10] == [
        "Board goal",
        "Indicator",
        "Unit",
        "Baseline",
        "Target",
        "Latest value",
        "Latest period",
        "Value interim 2022 ✎",
        "Status ✎",
        "Comment ✎",
    ]
    assert headings(sv_full, Sheet.ACTIVITIES)[:7] == [
        "Handlingsplan",
        "Aktivitet",
        "Start",
        "Slut",
        "Nuvarande status",
        "Status ✎",
        "Kommentar ✎",
    ]
    assert headings(en_interim, Sheet.ACTIVITIES)[:7] == [
        "Action plan",
        "Activity",
        "Start",
        "End",
        "Current status",
        "Status ✎",
        "Comment ✎",
    ]


def test_the_columns_to_fill_are_marked_noted_and_the_iris_hidden(sv_full: Made) -> None:
    for kind in Sheet:
        sheet = sv_full.book[sheet_name(kind, "sv")]
        assert sheet.freeze_panes == f"A{FIRST_ROW}"
        for number, col in enumerate(COLUMNS[kind], start=1):
            header = sheet.cell(1, number)
            letter = header.column_letter
            assert sheet.column_dimensions[letter].hidden is col.hidden
            assert str(header.value).endswith(FILL_MARK) is col.fill
            assert (header.comment is not None) is col.fill, header.value
            assert header.font.b
        assert [c.key for c in COLUMNS[kind] if c.hidden][-1].endswith("-iri")


def test_the_meta_sheet_names_board_period_and_model_version(
    sv_full: Made, en_interim: Made
) -> None:
    for made, year, part, lang in (
        (sv_full, 2021, "full", "sv"),
        (en_interim, 2022, "interim", "en"),
    ):
        rows = {
            str(key): value
            for key, value in made.book[META_SHEET].iter_rows(max_col=2, values_only=True)
        }
        assert list(rows) == list(META_KEYS)
        assert rows["format"] == FORMAT
        assert (rows["board"], rows["year"], rows["part"], rows["lang"]) == (KS, year, part, lang)
        assert rows["profile"] == "three-step"
        assert datetime.fromisoformat(str(rows["created"])) == CREATED
        assert rows["model-version"] == made.sheet.model_version


# --- What the rows hold, against the store ------------------------------------------------------

GOALS = """
SELECT ?goal ?indicator ?unit ?baseline ?target WHERE {
    ?goal sg:decidedBy ?board ; a sg:BoardGoal .
    OPTIONAL {
        ?goal sg:hasIndicator ?indicator .
        OPTIONAL { ?indicator sg:measurementUnit ?unit }
        OPTIONAL { ?indicator sg:baselineValue ?baseline }
        OPTIONAL { ?indicator sg:targetValue ?target }
    }
}"""


def test_a_row_per_indicator_of_each_of_the_boards_goals(
    store: EmbeddedStore, sv_full: Made
) -> None:
    expected = _select(store, GOALS, board=ox.NamedNode(KS))
    assert expected
    rows = _rows(sv_full.book["Nämndsmål"], Sheet.GOALS)
    assert sorted((r["goal-iri"], r["indicator-iri"]) for r in rows) == sorted(
        (e["goal"], e.get("indicator")) for e in expected
    )
    by_indicator = {e["indicator"]: e for e in expected if "indicator" in e}
    for row in rows:
        found = by_indicator[str(row["indicator-iri"])]
        assert row["unit"] == found.get("unit")
        assert Decimal(str(row["baseline"])) == Decimal(found["baseline"])
        assert Decimal(str(row["target"])) == Decimal(found["target"])
        assert row["goal"] and row["indicator"]
    # Each goal's rows are together, and its first carries its status.
    goals = [r["goal-iri"] for r in rows]
    assert goals == sorted(goals, key=goals.index)


def test_a_goal_without_an_indicator_has_one_row_with_empty_indicator_cells(
    store: EmbeddedStore,
) -> None:
    bare = LJ + "ng-ks-utan-indikator"
    store.update(
        f"INSERT DATA {{ GRAPH <urn:test:bare> {{ <{bare}> a <{SG}BoardGoal> ; "
        f"<http://www.w3.org/2000/01/rdf-schema#label> 'Ett mål utan indikator'@sv ; "
        f"<{SG}decidedBy> <{KS}> }} }}"
    )
    try:
        assert {e["goal"] for e in _select(store, GOALS, board=ox.NamedNode(KS))} >= {bare}
        made = _make(store, Period(2021, "full"), "sv")
    finally:
        store.drop("urn:test:bare")
    sheet = made.book["Nämndsmål"]
    rows = _rows(sheet, Sheet.GOALS)
    (number,) = [n for n, r in enumerate(rows, start=FIRST_ROW) if r["goal-iri"] == bare]
    row = rows[number - FIRST_ROW]
    assert row["goal"] == "Ett mål utan indikator"
    assert row["indicator"] is row["indicator-iri"] is row["unit"] is row["value"] is None
    value = sheet.cell(number, column(Sheet.GOALS, "value"))
    assert value.protection.locked
    # Its status and comment are still to be given, on its one row.
    assert not sheet.cell(number, column(Sheet.GOALS, "status")).protection.locked


VALUES = """
SELECT ?number WHERE {
    ?value a sg:Value ; sg:indicator ?indicator ; sg:period/sg:year ?year ;
        sg:numericValue ?number .
    OPTIONAL { ?value sg:periodPart ?stated }
    FILTER (COALESCE(?stated, sg:FullYear) = ?part)
    FILTER NOT EXISTS { ?value sg:gender ?gender FILTER (?gender != sg:Total) }
    FILTER NOT EXISTS { ?value sg:refArea/a sg:OrganisationalUnit }
    FILTER NOT EXISTS { ?newer prov:wasRevisionOf ?value }
}"""


def _stored(store: EmbeddedStore, indicator: str, year: int, part: str) -> set[Decimal]:
    rows = _select(
        store,
        "PREFIX prov: <http://www.w3.org/ns/prov#>\n" + VALUES,
        indicator=ox.NamedNode(indicator),
        year=_year(year),
        part=ox.NamedNode(SG + ("Interim" if part == "interim" else "FullYear")),
    )
    return {Decimal(r["number"]) for r in rows}


def test_the_latest_value_and_the_periods_own_are_those_the_store_holds(
    store: EmbeddedStore, sv_full: Made
) -> None:
    sheet = sv_full.book["Nämndsmål"]
    rows = _rows(sheet, Sheet.GOALS)
    assert any(r["latest"] is not None for r in rows)
    for number, row in enumerate(rows, start=FIRST_ROW):
        indicator = str(row["indicator-iri"])
        own = _stored(store, indicator, 2021, "full")
        if own:
            assert Decimal(str(row["value"])) in own
        else:
            assert row["value"] is None
        if row["latest"] is not None:
            part, year = str(row["latest-period"]).split()
            held = _stored(store, indicator, int(year), "interim" if part == "delår" else "full")
            assert Decimal(str(row["latest"])) in held
            # The numbers are numbers, shown with the decimals they were written with.
            cell = sheet.cell(number, column(Sheet.GOALS, "latest"))
            assert cell.data_type == "n" and cell.number_format.startswith("#,##0")


JUDGED = """
SELECT ?goal ?status WHERE {
    ?assessment a sg:Assessment ; sg:assesses ?goal ; sg:status ?status ;
        sg:period/sg:year ?year ; sg:inReport/a sg:AnnualReport .
    ?goal sg:decidedBy ?board .
}"""


def test_the_status_judged_for_the_period_is_on_each_goals_first_row(
    store: EmbeddedStore, sv_full: Made
) -> None:
    judged = {
        r["goal"]: r["status"]
        for r in _select(store, JUDGED, board=ox.NamedNode(KS), year=_year(2021))
    }
    assert judged
    labels = {c.status: c.label for c in sv_full.sheet.goal_statuses}
    sheet = sv_full.book["Nämndsmål"]
    seen: set[object] = set()
    for number, row in enumerate(_rows(sheet, Sheet.GOALS), start=FIRST_ROW):
        status = sheet.cell(number, column(Sheet.GOALS, "status"))
        comment = sheet.cell(number, column(Sheet.GOALS, "comment"))
        if row["goal-iri"] in seen:
            # A later row of the same goal: locked, greyed and empty.
            assert status.value is comment.value is None
            assert status.protection.locked and comment.protection.locked
            assert status.fill.start_color.rgb == comment.fill.start_color.rgb != "00000000"
        else:
            assert status.value == labels[judged[str(row["goal-iri"])]]
            assert not status.protection.locked and not comment.protection.locked
        seen.add(row["goal-iri"])


ACTIVITIES = """
SELECT DISTINCT ?activity WHERE {
    ?goal sg:decidedBy ?board ; a sg:BoardGoal .
    ?plan sg:realises ?goal ; sg:period/sg:year ?year .
    ?activity sg:partOfPlan ?plan .
}"""


def test_the_activities_of_the_boards_plans_for_the_year(
    store: EmbeddedStore, sv_full: Made, en_interim: Made
) -> None:
    for made, year in ((sv_full, 2021), (en_interim, 2022)):
        expected = {
            r["activity"]
            for r in _select(store, ACTIVITIES, board=ox.NamedNode(KS), year=_year(year))
        }
        kind = sheet_name(Sheet.ACTIVITIES, made.sheet.lang)
        rows = _rows(made.book[kind], Sheet.ACTIVITIES)
        assert {r["activity-iri"] for r in rows} == expected
    rows = _rows(sv_full.book["Aktiviteter"], Sheet.ACTIVITIES)
    assert rows and all(isinstance(r["start"], datetime) for r in rows)
    labels = {c.label for c in activity_statuses("sv")}
    assert all(r["current-status"] in labels for r in rows)


def test_the_model_version_is_the_digest_of_the_rows_keys(
    store: EmbeddedStore, sv_full: Made
) -> None:
    goals = _rows(sv_full.book["Nämndsmål"], Sheet.GOALS)
    activities = _rows(sv_full.book["Aktiviteter"], Sheet.ACTIVITIES)
    keys = [
        *(goal_key(str(r["goal-iri"]), _text(r["indicator-iri"]), _text(r["unit"])) for r in goals),
        *(activity_key(str(r["plan-iri"]), str(r["activity-iri"])) for r in activities),
    ]
    assert model_version(keys) == sv_full.sheet.model_version
    # Another unit for one indicator is another state of the model.
    indicator = next(str(r["indicator-iri"]) for r in goals if r["indicator-iri"])
    unit = SG + "measurementUnit"
    change = f"INSERT DATA {{ GRAPH <urn:test:changed> {{ <{indicator}> <{unit}> 'styck' }} }}"
    store.update(change)
    try:
        changed = board_sheet(store, KS, Period(2021, "full"), profile=load_profile(), lang="sv")
    finally:
        store.drop("urn:test:changed")
    assert changed.model_version != sv_full.sheet.model_version


# --- Protection, lists, numbers -----------------------------------------------------------------


def test_keys_are_locked_without_a_password_and_the_cells_to_fill_open(sv_full: Made) -> None:
    for kind in Sheet:
        sheet = sv_full.book[sheet_name(kind, "sv")]
        assert sheet.protection.sheet and not sheet.protection.password
        for number in range(FIRST_ROW, sheet.max_row + 1):
            for place, col in enumerate(COLUMNS[kind], start=1):
                if not col.fill:
                    assert sheet.cell(number, place).protection.locked
    sheet = sv_full.book["Aktiviteter"]
    for number in range(FIRST_ROW, sheet.max_row + 1):
        for key in ("status", "comment"):
            assert not sheet.cell(number, column(Sheet.ACTIVITIES, key)).protection.locked
    assert sv_full.book[META_SHEET].protection.sheet


def _listed(book: Workbook, name: str) -> list[str]:
    """The labels a defined name's range on the meta sheet holds."""
    ((title, cells),) = list(book.defined_names[name].destinations)
    return [str(row[0].value) for row in book[title][cells]]


def test_the_status_columns_offer_the_scales_in_the_workbooks_language(
    sv_full: Made, en_interim: Made
) -> None:
    profile = load_profile()
    for made in (sv_full, en_interim):
        lang = made.sheet.lang
        steps = [s.label(lang) for s in (*profile.steps, profile.not_assessed)]
        assert _listed(made.book, list_name("goal-status")) == steps
        assert _listed(made.book, list_name("activity-status")) == [
            c.label for c in activity_statuses(lang)
        ]
    assert "delvis uppfyllt" in _listed(sv_full.book, list_name("goal-status"))
    assert "in progress" in _listed(en_interim.book, list_name("activity-status"))
    for kind, name in ((Sheet.GOALS, "goal-status"), (Sheet.ACTIVITIES, "activity-status")):
        sheet = sv_full.book[sheet_name(kind, "sv")]
        (validation,) = sheet.data_validations.dataValidation
        assert (validation.type, validation.formula1) == ("list", list_name(name))
        letter = sheet.cell(1, column(kind, "status")).column_letter
        open_rows = [
            n
            for n in range(FIRST_ROW, sheet.max_row + 1)
            if not sheet.cell(n, column(kind, "status")).protection.locked
        ]
        assert sorted(str(r) for r in validation.sqref.ranges) == sorted(
            f"{letter}{n}" for n in open_rows
        )


def test_text_is_never_a_formula_and_the_same_sheet_gives_the_same_bytes(
    sv_full: Made,
) -> None:
    assert workbook_bytes(sv_full.sheet, CREATED) == sv_full.data
    sneaky = ActivityRow(
        LJ + "p", '=HYPERLINK("x")', LJ + "a", "+1+1", None, None, (), None, "@SUM(A1)"
    )
    sheet = BoardSheet(
        KS,
        "=cmd",
        Period(2021),
        "sv",
        "three-step",
        (),
        (sneaky,),
        (Choice(SG + "Fulfilled", "uppfyllt"),),
        (),
    )
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes(sheet, CREATED)))
    row = book["Aktiviteter"][FIRST_ROW]
    assert [c.value for c in row[:2]] == ['=HYPERLINK("x")', "+1+1"]
    assert all(c.data_type == "s" for c in row if c.value is not None)


# --- The judged, reported and imported come back ------------------------------------------------


def test_what_an_import_wrote_for_the_period_fills_the_next_workbook() -> None:
    store = _ljungby()
    first = _make(store, Period(2022, "interim"), "sv")
    row = next(r for r in first.sheet.goals if r.indicator)
    activity = _select(store, ACTIVITIES, board=ox.NamedNode(KS), year=_year(2021))[0]["activity"]
    run = Run("workbook", CREATED, by="Test", files=("ks.xlsx",), language="sv")
    changes = plan(
        store,
        run,
        [Reading(str(row.indicator), 2022, Decimal("12.5"), "Nämndsmål!H2", part=INTERIM)],
        [Judgement(row.goal, SG + "PartlyFulfilled", 2022, "Nämndsmål!I2", INTERIM, "på väg")],
        [ActivityReport(activity, SG + "Postponed", 2021, "Aktiviteter!F2", comment="senare")],
    )
    write(store, changes)
    again = _make(store, Period(2022, "interim"), "sv")
    after = next(r for r in again.sheet.goals if r.indicator == row.indicator)
    assert (after.value, after.status, after.comment) == (
        Decimal("12.5"),
        SG + "PartlyFulfilled",
        "på väg",
    )
    cells = _rows(again.book["Nämndsmål"], Sheet.GOALS)
    shown = next(c for c in cells if c["indicator-iri"] == row.indicator)
    assert (shown["value"], shown["status"], shown["comment"]) == (
        12.5,
        "delvis uppfyllt",
        "på väg",
    )
    reported = next(
        a
        for a in _make(store, Period(2021, "full"), "sv").sheet.activities
        if a.activity == activity
    )
    assert (reported.current, reported.status, reported.comment) == (
        (SG + "Postponed",),
        SG + "Postponed",
        "senare",
    )
    assert again.sheet.model_version == first.sheet.model_version


# --- Refusals -----------------------------------------------------------------------------------


def test_a_board_that_is_none_or_a_year_the_model_does_not_know_is_refused(
    store: EmbeddedStore,
) -> None:
    goal = LJ + "ng-ks-1"
    with pytest.raises(SheetError) as refused:
        board_sheet(store, goal, Period(2021), profile=load_profile())
    assert refused.value.parameter == "board" and f"<{goal}> is not a board" in str(refused.value)
    with pytest.raises(SheetError) as refused:
        board_sheet(store, KS, Period(2031), profile=load_profile())
    assert refused.value.parameter == "period"
    assert "no year 2031" in str(refused.value) and "2019–2023" in str(refused.value)


# --- The command line ---------------------------------------------------------------------------


def test_the_command_writes_the_workbook(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "ks.xlsx"
    args = ["workbook", "--board", KS, "--period", "2022", "--interim", "--lang", "en"]
    assert main([*args, "-o", str(out)]) == 0
    assert capsys.readouterr().out.startswith(f"{out}: Municipal Executive Board, interim 2022")
    book = openpyxl.load_workbook(out)
    meta = dict(book[META_SHEET].iter_rows(max_col=2, values_only=True))
    assert (meta["board"], meta["year"], meta["part"], meta["lang"]) == (KS, 2022, "interim", "en")
    assert book.sheetnames[:2] == ["Board goals", "Activities"]


@pytest.mark.parametrize(
    ("option", "value", "said"),
    [
        ("--board", LJ + "ng-ks-1", f"--board: <{LJ}ng-ks-1> is not a board (sg:Board)"),
        ("--period", "2040", "--period: the model knows no year 2040"),
    ],
)
def test_the_command_refuses_naming_the_option_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, option: str, value: str, said: str
) -> None:
    given = {"--board": KS, "--period": "2021", option: value}
    out = tmp_path / "refused.xlsx"
    code = main(["workbook", *(x for pair in given.items() for x in pair), "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith(f"styrgraf workbook: {said}") and err.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


def test_the_command_refuses_a_period_that_is_no_year(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["workbook", "--board", KS, "--period", "20x1", "-o", str(tmp_path / "x.xlsx")])
    assert exited.value.code == 2
    assert "--period': a year such as 2022, not '20x1'" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


# --- The download and the board's page ----------------------------------------------------------


@pytest.fixture(scope="module")
def client() -> Iterator[FlaskClient]:
    yield create_app({"TESTING": True, "query_processes": 0}).test_client()


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href and href.startswith("/workbook?"):
            self.hrefs.append(href)


def test_the_boards_page_offers_the_workbook_for_every_budget_year(
    client: FlaskClient, store: EmbeddedStore
) -> None:
    years = {
        r["year"] for r in _select(store, "SELECT ?year { ?p a sg:BudgetYear ; sg:year ?year }")
    }
    page = client.get("/ljungby/id/kommunstyrelsen?lang=en", headers={"Accept": "text/html"})
    links = Links()
    links.feed(page.get_data(as_text=True))
    asked = [{k: v[0] for k, v in parse_qs(urlsplit(h).query).items()} for h in links.hrefs]
    assert {(a["period"], a.get("interim")) for a in asked} == {
        (year, interim) for year in years for interim in (None, "true")
    }
    assert all(a["board"] == KS and a["lang"] == "en" for a in asked)
    # A goal's page offers none.
    goal = client.get("/ljungby/id/ng-ks-1", headers={"Accept": "text/html"})
    assert "/workbook?" not in goal.get_data(as_text=True)
    # The link gives the workbook it names.
    answer = client.get(links.hrefs[-1])
    assert answer.status_code == 200 and answer.mimetype == MEDIA_TYPE
    assert answer.headers["Content-Disposition"].startswith("attachment; filename=")
    book = openpyxl.load_workbook(io.BytesIO(answer.data))
    meta = dict(book[META_SHEET].iter_rows(max_col=2, values_only=True))
    last = asked[-1]
    assert (meta["board"], str(meta["year"]), meta["lang"]) == (KS, last["period"], "en")
    assert meta["part"] == ("interim" if last.get("interim") else "full")


@pytest.mark.parametrize(
    ("query", "status", "parameter"),
    [
        ({"period": "2021"}, 400, "board"),
        ({"board": KS}, 400, "period"),
        ({"board": "no iri", "period": "2021"}, 400, "board"),
        ({"board": KS, "period": "21"}, 400, "period"),
        ({"board": KS, "period": "2021", "interim": "maybe"}, 400, "interim"),
        ({"board": KS, "period": "2021", "lang": "x_y"}, 400, "lang"),
        ({"board": KS, "period": "2021", "part": "full"}, 400, "part"),
        ({"board": LJ + "ng-ks-1", "period": "2021"}, 404, "board"),
        ({"board": KS, "period": "2040"}, 404, "period"),
    ],
)
def test_the_download_refuses_naming_the_parameter(
    client: FlaskClient, query: dict[str, str], status: int, parameter: str
) -> None:
    answer = client.get("/workbook", query_string=query)
    assert answer.status_code == status
    body = answer.get_json()
    assert body["status"] == status and body["parameter"] == parameter and body["error"]
