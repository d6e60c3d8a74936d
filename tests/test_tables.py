"""Every table the service offers opens as a controller opens it, checked against the JSON
answer of the same route, over a synthetic model with findings of every kind and a follow-up.

- Its CSV in Swedish is read as Swedish Excel reads a file it opens on a double-click: a
  byte-order mark says UTF-8, ``;`` separates the cells, a number with a decimal comma is a
  number. The headings are Swedish, and every cell is what the JSON answer says.
- Its CSV in English is the machine contract: the byte-order mark, ``,``, a decimal point, and
  the keys docs/api.md lists for the route as its headings.
- Its workbook (openpyxl) has one sheet named in the language, the headings in its words,
  bold and frozen, and every number a numeric cell equal to the JSON's number.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Context, Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from flask.testing import FlaskClient

from styrgraf.generator.generate import generate
from styrgraf.render.query_results import results_table
from styrgraf.render.spreadsheet import sheet_name, table_xlsx
from styrgraf.render.tables import PLAIN, Column, Form, download_form, table, table_csv
from styrgraf.web.app import create_app

ROOT = Path(__file__).parent.parent
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
XSD = "http://www.w3.org/2001/XMLSchema#"
NUMERIC = {XSD + t for t in ("integer", "decimal", "double", "float", "gYear")}
FLAGS = {"sv": ("nej", "ja"), "en": ("false", "true")}
EXCEL_DIGITS = Context(prec=15)

Row = list[Any]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> FlaskClient:
    """A synthetic municipality with defects of every kind planted, and its follow-up."""
    path = tmp_path_factory.mktemp("tables") / "model.trig"
    generate(1).write_trig(path)
    app = create_app({"TESTING": True, "data": [str(path)], "query_processes": 0})
    return app.test_client()


# --- reading a table as Excel does ---------------------------------------------------------------


def _excel_text(cell: str, lang: str) -> Any:
    """A cell of a CSV as Excel in ``lang`` reads it: a number written with the language's
    decimal mark is a number, anything else text."""
    mark = "," if lang == "sv" else "."
    if re.fullmatch(rf"-?\d+(?:{re.escape(mark)}\d+)?", cell):
        return Decimal(cell.replace(mark, "."))
    return cell


def excel_csv(body: bytes, lang: str) -> list[Row]:
    """The rows of a CSV as Excel opens it in ``lang``: UTF-8 by its byte-order mark (there
    must be one), cells separated by ``;`` in Swedish and ``,`` in English."""
    assert body.startswith(codecs.BOM_UTF8), body[:20]
    text = body[len(codecs.BOM_UTF8) :].decode("utf-8")
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=";" if lang == "sv" else ",")
    return [[_excel_text(cell, lang) for cell in row] for row in rows]


def shown(value: Any, lang: str) -> Any:
    """What Excel shows of a JSON value once the CSV in ``lang`` is read."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return FLAGS[lang][value]
    if isinstance(value, int | float | Decimal):
        return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    return _excel_text(str(value), lang)


def typed(value: Any) -> Any:
    """A value as a workbook's cell holds it: a number to the 15 digits Excel holds, an empty
    text an empty cell."""
    if isinstance(value, bool) or value is None:
        return value
    if value == "":
        return None
    if isinstance(value, int | float | Decimal):
        return EXCEL_DIGITS.create_decimal(repr(value) if isinstance(value, float) else value)
    return value


def workbook(body: bytes) -> openpyxl.worksheet.worksheet.Worksheet:
    book = openpyxl.load_workbook(io.BytesIO(body))
    assert len(book.worksheets) == 1
    return book.worksheets[0]


# --- the JSON answers, row by row ---------------------------------------------------------------


def _hop(hop: dict[str, Any]) -> Row:
    board = hop.get("board") or {}
    units = " ".join(u["iri"] for u in hop.get("units", []))
    return [hop["iri"], hop["type"], hop["label"], board.get("iri"), board.get("label"), units]


def _paths(answer: dict[str, Any]) -> list[Row]:
    return [
        [number, position, *_hop(hop), hop.get("link")]
        for number, path in enumerate(answer["paths"], start=1)
        for position, hop in enumerate(path)
    ]


def _tree(node: dict[str, Any], parent: str | None = None, depth: int = 0) -> list[Row]:
    rows = [[depth, parent, *_hop(node), node.get("link")]]
    for child in node["children"]:
        rows += _tree(child, node["iri"], depth + 1)
    return rows


def _impact(answer: dict[str, Any]) -> list[Row]:
    return [[*_hop(hop), hop.get("link")] for hop in answer["orphaned"]]


def _keyed(keys: list[str]) -> Callable[[list[dict[str, Any]]], list[Row]]:
    return lambda items: [[item.get(key) for key in keys] for item in items]


FINDING_KEYS = "category code iri type label board board_label area area_label link at reason"
MATRIX_KEYS = "board board_label area area_label overarching_goals board_goals activities status"


def _findings(answer: dict[str, Any]) -> list[Row]:
    return _keyed(FINDING_KEYS.split())(answer["orphans"] + answer["uncovered"])


def _matrix(answer: dict[str, Any]) -> list[Row]:
    return _keyed(MATRIX_KEYS.split())(answer["matrix"]["cells"])


def _validation(answer: dict[str, Any]) -> list[Row]:
    keys = ["severity", "rule", "rule_name", "iri", "type", "label", "path", "value"]
    keys += ["value_label", "message"]
    return [
        [rule["name"] if key == "rule_name" else finding[key] for key in keys]
        for rule in answer["rules"]
        for finding in rule["findings"]
    ]


GOAL_KEYS = [
    "year",
    "part",
    "goal",
    "type",
    "label",
    "boards",
    "areas",
    "computed",
    "computed_label",
    "score",
    "reason",
    "judged",
    "judged_label",
    "assessment",
    "report",
    "steps_apart",
    "disagreement",
]


def _goals(answer: dict[str, Any]) -> list[Row]:
    """Each goal by the keys: those the goal has itself (type, label, disagreement), the rest
    from its period, its computed step and its judgement."""
    period = answer["period"]
    rows = []
    for goal in answer["goals"]:
        computed, judged = goal["computed"], goal["judged"] or {}
        step = judged.get("step") or {}
        found = {
            "year": period["year"],
            "part": period["part"],
            "goal": goal["iri"],
            "boards": " ".join(goal["boards"]),
            "areas": " ".join(goal["areas"]),
            "computed": computed["step"]["key"],
            "computed_label": computed["step"]["label"],
            "score": computed["score"],
            "reason": computed["reason"],
            "judged": step.get("key", judged.get("status")),
            "judged_label": step.get("label"),
            "assessment": judged.get("assessment"),
            "report": judged.get("report"),
            "steps_apart": goal["distance"],
        }
        rows.append([found[key] if key in found else goal[key] for key in GOAL_KEYS])
    return rows


def _solutions(answer: dict[str, Any]) -> list[Row]:
    variables = answer["head"]["vars"]

    def cell(term: dict[str, str] | None) -> Any:
        if term is None:
            return None
        if term.get("datatype") in NUMERIC:
            return Decimal(term["value"])
        return term["value"]

    return [[cell(row.get(v)) for v in variables] for row in answer["results"]["bindings"]]


# --- the routes ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    """A route that answers a table: where, with what arguments, and its JSON answer."""

    doc: str  # its row in docs/api.md's table of tables
    path: str
    json_path: str | None  # the JSON answer of the same table; None: none
    rows: Callable[[Any], list[Row]] | None
    sheet: tuple[str, str]  # the sheet's name in Swedish and English
    headings: tuple[str, ...]  # in Swedish
    args: dict[str, str] = field(default_factory=dict)
    formats: tuple[str, ...] = ("csv", "xlsx")

    def url(self, kind: str, lang: str) -> tuple[str, dict[str, str]]:
        if self.path.endswith(".csv"):
            return self.path.removesuffix(".csv") + "." + kind, {**self.args, "lang": lang}
        return self.path, {**self.args, "lang": lang, "format": kind}


HOP = ("IRI", "Typ (IRI)", "Namn", "Nämnd (IRI)", "Nämnd", "Enheter (IRI)", "Länk uppåt")
GOALS = (
    "År",
    "Del av året",
    "Mål (IRI)",
    "Typ av mål",
    "Namn",
    "Nämnder (IRI)",
    "Strategiska områden (IRI)",
    "Beräknad status (nyckel)",
    "Beräknad status",
    "Poäng",
    "Orsak",
    "Bedömd status (nyckel)",
    "Bedömd status",
    "Bedömning (IRI)",
    "Rapport (IRI)",
    "Steg mellan bedömt och beräknat",
    "Bedömt och beräknat skiljer sig",
)
FULFILMENT = ("Måluppfyllelse", "Goal fulfilment")


def routes(goal: str, period: str) -> list[Route]:
    """Every table route, for a nämndsmål ``goal`` of the model and its latest ``period``."""
    at = {"period": period}
    return [
        Route(
            "/api/trace?iri=IRI",
            "/api/trace",
            "/api/trace",
            _paths,
            ("Vägar", "Paths"),
            ("Väg", "Steg på vägen", *HOP),
            {"iri": goal},
        ),
        Route(
            "/api/trace?iri=IRI&direction=down",
            "/api/trace",
            "/api/trace",
            _tree,
            ("Under noden", "Beneath the node"),
            ("Djup", "Överordnad (IRI)", *HOP),
            {"iri": goal, "direction": "down"},
        ),
        Route(
            "/api/trace?iri=IRI&direction=impact",
            "/api/trace",
            "/api/trace",
            _impact,
            ("Påverkan", "Impact"),
            HOP,
            {"iri": goal, "direction": "impact"},
        ),
        Route(
            "/api/coverage",
            "/api/coverage",
            "/api/coverage",
            _findings,
            ("Täckningsfynd", "Coverage findings"),
            (
                "Kategori",
                "Orsakskod",
                "IRI",
                "Typ (IRI)",
                "Namn",
                "Nämnd (IRI)",
                "Nämnd",
                "Strategiskt område (IRI)",
                "Strategiskt område",
                "Saknad länk",
                "Bryter vid (IRI)",
                "Orsak",
            ),
        ),
        Route(
            "/api/validate",
            "/api/validate",
            "/api/validate",
            _validation,
            ("Valideringsfynd", "Validation findings"),
            (
                "Allvarlighetsgrad",
                "Regel (IRI)",
                "Regel",
                "IRI",
                "Typ (IRI)",
                "Namn",
                "Egenskap",
                "Värde",
                "Värdets namn",
                "Meddelande",
            ),
        ),
        Route(
            "/api/fulfilment",
            "/api/fulfilment",
            "/api/fulfilment",
            _goals,
            FULFILMENT,
            GOALS,
            at,
        ),
        Route("/api/fulfilment", "/follow-up", "/api/fulfilment", _goals, FULFILMENT, GOALS, at),
        Route("/api/fulfilment", "/report", "/api/fulfilment", _goals, FULFILMENT, GOALS, at),
        Route(
            "/tree",
            "/tree",
            None,
            None,
            ("Målträd", "Goal tree"),
            (
                "Djup",
                "Överordnad (IRI)",
                "IRI",
                "Typ (IRI)",
                "Typ",
                "Namn",
                "Nämnd (IRI)",
                "Nämnd",
                "Enheter (IRI)",
                "Strategiskt område (IRI)",
                "Fokusområden (IRI)",
                "Status (IRI)",
                "Status",
                "Indikatorer (IRI)",
            ),
        ),
        Route(
            "/coverage/matrix.csv",
            "/coverage/matrix.csv",
            "/api/coverage",
            _matrix,
            ("Täckningsmatris", "Coverage matrix"),
            (
                "Nämnd (IRI)",
                "Nämnd",
                "Strategiskt område (IRI)",
                "Strategiskt område",
                "Övergripande mål",
                "Nämndsmål",
                "Aktiviteter",
                "Cellens status",
            ),
        ),
        Route(
            "/api/queries/<name>",
            "/api/queries/indicators-of-goal",
            "/api/queries/indicators-of-goal",
            _solutions,
            ("Resultat", "Results"),
            (
                "Indikator (IRI)",
                "Namn",
                "Mäter målet (IRI)",
                "Målvärde",
                "Målår",
                "Utgångsvärde",
                "Utgångsår",
                "Enhet",
                "Riktning (IRI)",
                "Kolada-nyckeltal",
                "Senaste värde",
                "Senaste period (IRI)",
                "Senaste period",
            ),
            {"goal": goal},
        ),
    ]


@dataclass
class Answers:
    """Every table route, each answered in each format and language, and its JSON."""

    routes: list[Route]
    tables: dict[tuple[int, str, str], bytes]
    json: dict[tuple[int, str], Any]


@pytest.fixture(scope="module")
def answers(client: FlaskClient) -> Answers:
    latest = client.get("/api/fulfilment").get_json()
    goal = next(
        g["iri"]
        for g in latest["goals"]
        if g["type"] == "BoardGoal"
        and client.get(
            "/api/trace", query_string={"iri": g["iri"], "direction": "impact"}
        ).get_json()["orphaned"]
    )
    found = routes(goal, str(latest["period"]["year"]))
    tables: dict[tuple[int, str, str], bytes] = {}
    json: dict[tuple[int, str], Any] = {}
    for number, route in enumerate(found):
        for lang in ("sv", "en"):
            for kind in route.formats:
                path, args = route.url(kind, lang)
                response = client.get(path, query_string=args)
                assert response.status_code == 200, (path, args, response.text[:300])
                media = XLSX if kind == "xlsx" else "text/csv"
                assert response.mimetype == media, (path, args)
                disposition = response.headers["Content-Disposition"]
                assert disposition.startswith("attachment") and f".{kind}" in disposition
                tables[number, lang, kind] = response.data
            if route.json_path is not None:
                answer = client.get(route.json_path, query_string={**route.args, "lang": lang})
                assert answer.status_code == 200
                json[number, lang] = answer.get_json()
    return Answers(found, tables, json)


def _each(answers: Answers) -> Iterator[tuple[int, Route, str]]:
    for number, route in enumerate(answers.routes):
        for lang in ("sv", "en"):
            yield number, route, lang


def test_the_swedish_csv_opens_in_swedish_excel_with_the_json_answers_cells(
    answers: Answers,
) -> None:
    checked = 0
    for number, route, lang in _each(answers):
        if lang != "sv":
            continue
        rows = excel_csv(answers.tables[number, "sv", "csv"], "sv")
        assert tuple(rows[0]) == route.headings, route.path
        assert all(len(row) == len(rows[0]) for row in rows), route.path
        if route.rows is not None:
            expected = [
                [shown(v, "sv") for v in row] for row in route.rows(answers.json[number, "sv"])
            ]
            assert rows[1:] == expected, route.path
            checked += len(expected)
    assert checked > 100


def test_the_english_csv_is_headed_by_the_documented_keys_with_the_json_answers_cells(
    answers: Answers,
) -> None:
    documented = documented_keys()
    for number, route, lang in _each(answers):
        if lang != "en":
            continue
        rows = excel_csv(answers.tables[number, "en", "csv"], "en")
        keys = documented[route.doc]
        assert rows[0] == (keys or answers.json[number, "en"]["head"]["vars"]), route.path
        if route.rows is not None:
            expected = [
                [shown(v, "en") for v in row] for row in route.rows(answers.json[number, "en"])
            ]
            assert rows[1:] == expected, route.path
        # The same table as the Swedish one, cell for cell, but for the words of a flag.
        swedish = excel_csv(answers.tables[number, "sv", "csv"], "sv")
        assert len(swedish) == len(rows)


def test_numbers_are_written_with_a_decimal_comma_in_swedish_and_a_point_in_english(
    answers: Answers,
) -> None:
    """The follow-up's scores and the indicators' values have decimals: written ``0,5`` and
    ``57,2`` in Swedish, never with a point; ``0.5`` in English, never with a comma."""
    for number, route in enumerate(answers.routes):
        if route.doc not in ("/api/fulfilment", "/api/queries/<name>"):
            continue
        swedish = answers.tables[number, "sv", "csv"].decode("utf-8-sig")
        english = answers.tables[number, "en", "csv"].decode("utf-8-sig")
        assert re.search(r";-?\d+,\d+;", swedish) and not re.search(r";-?\d+\.\d+;", swedish)
        assert re.search(r",-?\d+\.\d+,", english)


def test_the_workbook_has_the_json_answers_numbers_as_numbers(answers: Answers) -> None:
    numbers = 0
    for number, route, lang in _each(answers):
        sheet = workbook(answers.tables[number, lang, "xlsx"])
        assert sheet.title == route.sheet[lang == "en"], route.path
        assert sheet.freeze_panes == "A2"
        header = [c.value for c in sheet[1]]
        if lang == "sv":
            assert tuple(header) == route.headings, route.path
        else:
            assert all(isinstance(h, str) and h for h in header)
        assert all(c.font.bold for c in sheet[1])
        widths = [sheet.column_dimensions[c.column_letter].width for c in sheet[1]]
        assert all(8 <= w <= 60 for w in widths), (route.path, widths)
        cells = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
        if route.rows is None:
            assert len(cells) + 1 == len(excel_csv(answers.tables[number, lang, "csv"], lang))
            continue
        expected = [[typed(v) for v in row] for row in route.rows(answers.json[number, lang])]
        assert [[typed(v) for v in row] for row in cells] == expected, route.path
        numbers += sum(
            1
            for row in sheet.iter_rows(min_row=2)
            for c in row
            if isinstance(c.value, int | float) and not isinstance(c.value, bool)
        )
        assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
    assert numbers > 100


def test_the_english_workbook_is_headed_in_english_words(answers: Answers) -> None:
    matrix = next(n for n, r in enumerate(answers.routes) if r.doc == "/coverage/matrix.csv")
    header = [c.value for c in workbook(answers.tables[matrix, "en", "xlsx"])[1]]
    assert header == [
        "Board (IRI)",
        "Board",
        "Strategic area (IRI)",
        "Strategic area",
        "Overarching goals",
        "Board goals",
        "Activities",
        "Cell status",
    ]


def documented_keys() -> dict[str, list[str] | None]:
    """docs/api.md's table of tables: each route's keys (None: a named query's variables)."""
    text = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    section = text.split("\n### Tables: CSV and xlsx\n", 1)[1].split("\n**", 1)[0]
    found: dict[str, list[str] | None] = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 3 or not cells[0].startswith("`/"):
            continue
        keys = re.findall(r"`([a-z_]+)`", cells[2])
        for route in re.findall(r"`(/[^`]+)`", cells[0]):
            found[route] = keys or None
    return found


def test_every_table_route_is_documented_and_checked(answers: Answers) -> None:
    documented = documented_keys()
    checked = {route.doc for route in answers.routes}
    assert checked <= set(documented)
    # Every route of the table is checked here, bar those named beside a checked one.
    assert set(documented) - checked <= {"/follow-up", "/report", "/coverage/matrix.xlsx"}


def test_the_sparql_endpoints_csv_is_the_w3c_format_and_the_page_offers_a_workbook(
    client: FlaskClient,
) -> None:
    query = "SELECT ?n ?t { VALUES (?n ?t) { (7.25 'a') (-1 '=1+1') } }"
    protocol = client.get("/sparql", query_string={"query": query}, headers={"Accept": "text/csv"})
    assert protocol.data == b"n,t\r\n7.25,a\r\n-1,'=1+1\r\n"
    results = client.get(
        "/sparql",
        query_string={"query": query},
        headers={"Accept": "application/sparql-results+json"},
    ).get_json()
    for lang, title in (("sv", "Resultat"), ("en", "Results")):
        download = client.get(
            "/sparql",
            query_string={"query": query, "format": "xlsx", "lang": lang},
            headers={"Accept": "text/html"},
        )
        assert download.status_code == 200 and download.mimetype == XLSX
        sheet = workbook(download.data)
        assert sheet.title == title
        cells = [[c.value for c in row] for row in sheet.iter_rows()]
        # The variables head a query's own table; its numbers are numbers, its text text.
        assert cells[0] == ["n", "t"]
        assert [[typed(v) for v in row] for row in cells[1:]] == _solutions(results)
        assert sheet["B3"].data_type == "s" and sheet["B3"].value == "=1+1"


# --- the table model and its writers, on their own ------------------------------------------


def test_the_form_of_a_download_follows_the_language() -> None:
    assert download_form("sv-SE") == Form("sv", ";", ",", byte_order_mark=True)
    assert download_form("en-GB") == Form(None, ",", ".", byte_order_mark=True)
    # A language with no catalogue is answered in Swedish words, and written as Swedish.
    assert download_form("fi") == Form("sv", ";", ",", byte_order_mark=True)
    assert Form(None, ",", ".", byte_order_mark=False) == PLAIN


def test_a_flag_is_a_word_in_swedish_and_a_key_in_english() -> None:
    flags = table(
        "table.results", [Column("disagreement", "column.disagreement")], [[True], [False]]
    )
    assert (
        table_csv(flags, download_form("sv")) == "\ufeffBedömt och beräknat skiljer sig\nja\nnej\n"
    )
    assert table_csv(flags, download_form("en")) == "\ufeffdisagreement\ntrue\nfalse\n"
    assert table_csv(flags) == "disagreement\ntrue\nfalse\n"
    cells = [c.value for c in workbook(table_xlsx(flags, "sv"))["A"]]
    assert cells == ["Bedömt och beräknat skiljer sig", True, False]


def test_a_row_of_the_wrong_width_is_refused_naming_it() -> None:
    with pytest.raises(ValueError, match=re.escape("row 2 of table.results has 1 cells, not 2")):
        table("table.results", [Column("a"), Column("b")], [["x", 1], ["y"]])


@pytest.mark.parametrize(
    ("term", "cell"),
    [
        ({"type": "literal", "value": "57", "datatype": XSD + "integer"}, 57),
        ({"type": "literal", "value": " -7.20", "datatype": XSD + "decimal"}, Decimal("-7.20")),
        ({"type": "literal", "value": "1.5E3", "datatype": XSD + "double"}, 1500.0),
        ({"type": "literal", "value": "2026", "datatype": XSD + "gYear"}, 2026),
        ({"type": "literal", "value": "2026Z", "datatype": XSD + "gYear"}, "2026Z"),
        ({"type": "literal", "value": "1_000", "datatype": XSD + "integer"}, "1_000"),
        ({"type": "literal", "value": "INF", "datatype": XSD + "double"}, "INF"),
        ({"type": "literal", "value": "1e400", "datatype": XSD + "double"}, "1e400"),
        ({"type": "literal", "value": "7,2"}, "7,2"),
        ({"type": "uri", "value": "https://example.org/7"}, "https://example.org/7"),
    ],
)
def test_a_solution_is_a_number_only_where_its_literal_is_one(
    term: dict[str, str], cell: object
) -> None:
    solutions: Any = {"head": {"vars": ["x"]}, "results": {"bindings": [{"x": term}]}}
    found = results_table(solutions).rows[0][0]
    assert found == cell and type(found) is type(cell)


def test_a_named_querys_columns_are_headed_in_words_where_the_catalogue_has_them() -> None:
    solutions: Any = {"head": {"vars": ["label", "somethingElse"]}, "results": {"bindings": []}}
    assert table_csv(results_table(solutions), download_form("sv")) == "\ufeffNamn;somethingElse\n"
    plain = results_table(solutions, words=False)
    assert table_csv(plain, download_form("sv")) == "\ufefflabel;somethingElse\n"


def test_the_workbook_holds_what_excel_can() -> None:
    """Control characters become U+FFFD, a text longer than a cell is cut, an integer with more
    digits than Excel holds stays exact as text, and a sheet's name loses what Excel refuses."""
    long = "x" * 40000
    written = table(
        "table.results",
        [Column("a"), Column("b"), Column("c")],
        [["bell\x07here", long, 10**20], ["=1+1", -7.25, Decimal("0.1")]],
    )
    sheet = workbook(table_xlsx(written, "en"))
    assert sheet["A2"].value == "bell\ufffdhere"
    assert len(sheet["B2"].value) == 32767 and sheet["B2"].value.endswith("…")
    assert sheet["C2"].value == str(10**20) and sheet["C2"].data_type == "s"
    assert sheet["A3"].value == "=1+1" and sheet["A3"].data_type == "s" and sheet["A3"].quotePrefix
    assert sheet["B3"].value == -7.25 and sheet["C3"].value == 0.1
    assert sheet_name("Mål: [2024/2025]?") == "Mål   2024 2025"
    assert sheet_name("x" * 40) == "x" * 31
