"""Every table download is safe to open in a spreadsheet: over a model whose every label is a
formula (``=HYPERLINK(…)``, ``+cmd``, ``-2+3``, ``@SUM(1)``, a leading tab or carriage return),
no cell of any CSV the service writes begins with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return unless it is a plain number, which is left as it is, and no cell of any
workbook it writes is a formula: a label that looks like one is a text cell marked as quoted.
The downloads are those the pages offer (every CSV and xlsx link of every page, followed, the
pages in Swedish and in English) and those of the API and the SPARQL endpoint; each CSV is read
back with Python's csv module as a spreadsheet in its language reads it (``;`` in Swedish),
each workbook with openpyxl."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlencode

import openpyxl
import pytest
from flask import Flask
from flask.testing import FlaskClient

from hostile_support import LJ, NUMBERS, ORPHAN, SCRIPT_NODE, hostile_model
from routes_support import Anchors
from styrgraf.render.writers import FORMULA_STARTS, csv_text, figure, safe_cell
from styrgraf.web.app import create_app

HTML = {"Accept": "text/html"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BOARD = LJ + "kommunstyrelsen"
GOAL = LJ + "ng-ks-3"
#: The pages whose CSV and xlsx links are followed.
PAGES = (
    "/tree",
    "/tree?" + urlencode({"board": BOARD}),
    "/coverage",
    "/coverage/cell?" + urlencode({"board": BOARD, "area": LJ + "tillvaxt"}),
    "/validation",
    "/follow-up",
    "/report",
    "/ljungby/id/ng-ks-3",
    "/ljungby/id/og-ks-kunskap-1",
    "/resource?" + urlencode({"iri": SCRIPT_NODE}),
    "/sparql?named=described-resources&run=1",
    "/sparql?"
    + urlencode({"query": "SELECT ?s ?l { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l }"}),
)
NUMBER_QUERY = (
    "SELECT ?text ?number { VALUES (?text ?number) { "
    + " ".join(f'("{n}" {n})' for n in NUMBERS)
    + ' ("-2+3" -7) ("@SUM(1)" +8) } }'
)
#: The tables the API and the endpoint write, beside those the pages link to; each is asked
#: for as CSV and as xlsx, but the SPARQL protocol's, which is CSV only.
DIRECT = (
    "/sparql?" + urlencode({"query": NUMBER_QUERY, "format": "csv"}),
    "/sparql?" + urlencode({"query": "SELECT * { ?s ?p ?o }", "format": "csv"}),
    "/api/queries/described-resources?format=csv",
    "/api/queries/goals-of-board?" + urlencode({"board": BOARD, "format": "csv"}),
    "/api/queries/indicators-of-goal?" + urlencode({"goal": GOAL, "format": "csv"}),
    "/tree?format=csv",
    "/coverage/matrix.csv",
    "/api/coverage?format=csv",
    "/api/validate?format=csv",
    "/api/fulfilment?format=csv",
    "/follow-up?format=csv",
    "/report?format=csv",
    "/api/trace?" + urlencode({"iri": SCRIPT_NODE, "format": "csv"}),
    "/api/trace?" + urlencode({"iri": GOAL, "direction": "down", "format": "csv"}),
    "/api/trace?" + urlencode({"iri": GOAL, "direction": "impact", "format": "csv"}),
    "/api/trace?" + urlencode({"iri": ORPHAN, "format": "csv"}),
)
#: The routes that write tables: each must be among the downloads checked, as CSV and as xlsx.
TABLE_ROUTES = {
    "sparql.endpoint",
    "api.run_query",
    "pages.goal_tree_page",
    "dashboards.matrix_csv",
    "dashboards.matrix_xlsx",
    "api.coverage_report",
    "api.validation_report",
    "api.trace_node",
    "fulfilment.fulfilment",
    "follow_up.follow_up_page",
    "reports.report_page",
}


def _as_xlsx(url: str) -> str:
    if url.split("?")[0].endswith(".csv"):
        path, _, query = url.partition("?")
        return path.removesuffix(".csv") + ".xlsx" + ("?" + query if query else "")
    return url.replace("format=csv", "format=xlsx")


@pytest.mark.parametrize(
    "cell", ["=1", "+1+1", "-", "-x", "@a", "\t1", "\r1", "-2+3", "+-1", "1-", "--1", "-1e"]
)
def test_a_cell_that_a_spreadsheet_would_run_is_quoted(cell: str) -> None:
    if cell.startswith(FORMULA_STARTS):
        assert safe_cell(cell) == "'" + cell
    else:
        assert safe_cell(cell) == cell


@pytest.mark.parametrize("cell", ["-5", "+3.2", "-1.5e3", "-1.5E+3", "-.5", "+7.", "0", "12"])
def test_a_plain_number_stays_a_number(cell: str) -> None:
    assert safe_cell(cell) == cell


def test_other_values_are_written_as_text() -> None:
    assert safe_cell(None) == ""
    assert safe_cell(-5) == "-5"
    assert safe_cell(-1.5) == "-1.5"
    assert safe_cell("a=b") == "a=b"


def test_a_line_break_inside_a_cell_cannot_start_a_row() -> None:
    """A label with a carriage return (or a line feed) in it is quoted whatever the line end,
    so that what follows it is no cell of its own at the start of a row."""
    for line_end in ("\n", "\r\n"):
        written = csv_text(["label", "n"], [["a\r=1+1", "1"], ["b\n@SUM(1)", "-2"]], line_end)
        rows = list(csv.reader(io.StringIO(written, newline="")))
        assert rows == [["label", "n"], ["a\r=1+1", "1"], ["b\n@SUM(1)", "-2"]]
        assert written.endswith("-2" + line_end)


@pytest.mark.parametrize(
    ("number", "decimal", "written"),
    [
        (-7.2, ",", "-7,2"),
        (35000, ",", "35000"),
        (-1.5e3, ".", "-1500.0"),
        (1e-7, ",", "0,0000001"),
    ],
)
def test_a_number_is_written_with_the_decimal_mark_asked_and_never_quoted(
    number: float, decimal: str, written: str
) -> None:
    assert figure(number, decimal) == written
    assert safe_cell(number, decimal) == written
    assert csv_text(["n"], [[number]], separator=";", decimal=decimal) == f"n\n{written}\n"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    model = hostile_model(tmp_path_factory.mktemp("hostile-csv"))
    yield create_app({"TESTING": True, "data": [str(model)], "query_processes": 0})


@dataclass
class Downloads:
    """Every table download, read back: each CSV as rows of cells, each workbook's sheet."""

    csv: dict[tuple[str, str], list[list[str]]]
    xlsx: dict[tuple[str, str], openpyxl.worksheet.worksheet.Worksheet]


def _client(app: Flask, lang: str) -> FlaskClient:
    """A browser whose pages are in ``lang`` (the cookie the language switch sets)."""
    client = app.test_client()
    assert client.get(f"/?lang={lang}", headers=HTML).status_code == 200
    return client


def _read_csv(body: bytes, lang: str) -> list[list[str]]:
    """A CSV as a spreadsheet in ``lang`` reads it: a table (with its byte-order mark) by the
    separator of the language, the SPARQL protocol's (without) by ``,``."""
    if body.startswith(codecs.BOM_UTF8):
        text, separator = body[3:].decode("utf-8"), ";" if lang == "sv" else ","
    else:
        text, separator = body.decode("utf-8"), ","
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=separator))


@pytest.fixture(scope="module")
def downloads(hostile: Flask) -> Downloads:
    """Every table download in Swedish and in English: the pages' links and the API's and
    endpoint's, each as CSV and as xlsx."""
    found = Downloads({}, {})
    for lang in ("sv", "en"):
        client = _client(hostile, lang)
        # The API answers in the language it is asked for (the setting's, Swedish, without).
        asked = [f"{url}&lang={lang}" if "?" in url else f"{url}?lang={lang}" for url in DIRECT]
        urls: list[str] = [*asked, *(_as_xlsx(url) for url in asked[2:])]
        for page in PAGES:
            response = client.get(page, headers=HTML)
            assert response.status_code == 200, page
            parser = Anchors()
            parser.feed(response.get_data(as_text=True))
            for tag, url in parser.hrefs:
                path = url.split("?")[0]
                tables = ("format=csv", "format=xlsx")
                if tag == "a" and (
                    any(t in url for t in tables) or path.endswith((".csv", ".xlsx"))
                ):
                    urls.append(url)
        for url in dict.fromkeys(urls):
            workbook = "format=xlsx" in url or url.split("?")[0].endswith(".xlsx")
            response = client.get(url, headers={"Accept": XLSX if workbook else "text/csv"})
            assert response.status_code == 200, (url, response.get_data(as_text=True)[:300])
            if workbook:
                assert response.mimetype == XLSX, url
                found.xlsx[lang, url] = openpyxl.load_workbook(io.BytesIO(response.data)).active
            else:
                assert response.mimetype == "text/csv", url
                found.csv[lang, url] = _read_csv(response.data, lang)
        posted = client.post(
            "/sparql", data={"query": "SELECT * { ?s ?p ?o }"}, headers={"Accept": "text/csv"}
        )
        assert posted.status_code == 200 and posted.mimetype == "text/csv"
        found.csv[lang, "POST /sparql"] = _read_csv(posted.data, lang)
    return found


def test_every_table_route_is_among_the_downloads(hostile: Flask, downloads: Downloads) -> None:
    adapter = hostile.url_map.bind("localhost")

    def routes(urls: Iterator[str]) -> set[str]:
        return {adapter.match(url.split("?")[0])[0] for url in urls if url.startswith("/")}

    assert routes(url for _, url in downloads.csv) >= TABLE_ROUTES - {"dashboards.matrix_xlsx"}
    assert routes(url for _, url in downloads.xlsx) >= TABLE_ROUTES - {"dashboards.matrix_csv"}
    assert len(downloads.csv) >= 40 and len(downloads.xlsx) >= 40


def _unsafe(cell: str) -> bool:
    return cell.startswith(FORMULA_STARTS) and safe_cell(cell) != cell


def test_no_cell_of_any_csv_download_is_a_formula(downloads: Downloads) -> None:
    problems = [
        f"{lang} {url}: {cell!r}"
        for (lang, url), rows in downloads.csv.items()
        for row in rows
        for cell in row
        if _unsafe(cell)
    ]
    assert problems == []


def test_the_labels_are_there_quoted(downloads: Downloads) -> None:
    """The formulas are kept as text, not dropped: every download with labels has them."""
    labelled = 0
    for (_, url), rows in downloads.csv.items():
        names = [name.lower() for name in rows[0]]
        if not any("label" in n or n in ("l", "namn", "name") for n in names) or len(rows) <= 1:
            continue
        labelled += 1
        cells = [cell for row in rows[1:] for cell in row]
        assert any(c.startswith(("'=", "'+", "'-", "'@", "'\t", "'\r")) for c in cells), url
    assert labelled >= 20


def test_no_cell_of_any_workbook_is_a_formula(downloads: Downloads) -> None:
    """Every cell that begins like a formula is a text cell, marked as quoted text; the
    labels are there, not dropped."""
    looked = 0
    for (_, url), sheet in downloads.xlsx.items():
        cells = [cell for row in sheet.iter_rows() for cell in row]
        assert all(cell.data_type != "f" for cell in cells), url
        formulas = [
            c for c in cells if isinstance(c.value, str) and c.value.startswith(FORMULA_STARTS)
        ]
        assert all(c.data_type == "s" and c.quotePrefix for c in formulas), url
        looked += bool(formulas)
    assert looked >= 20


def test_numbers_are_left_as_they_are(hostile: Flask, downloads: Downloads) -> None:
    """The SPARQL protocol's CSV, in any language: its numbers as the JSON results have them,
    and a text that is a plain number left as it is."""
    client = hostile.test_client()
    answer = client.get(
        "/sparql?" + urlencode({"query": NUMBER_QUERY}),
        headers={"Accept": "application/sparql-results+json"},
    ).get_json()
    expected = [[b["text"]["value"], b["number"]["value"]] for b in answer["results"]["bindings"]]
    for lang in ("sv", "en"):
        rows = downloads.csv[lang, f"{DIRECT[0]}&lang={lang}"]
        assert rows[0] == ["text", "number"]
        assert len(rows) - 1 == len(expected) == len(NUMBERS) + 2
        for row, (text, number) in zip(rows[1:], expected, strict=True):
            assert row[1] == number  # every number as the JSON results have it
            assert row[0] == (text if text in NUMBERS else "'" + text)
        assert {row[0] for row in rows[1:]} >= set(NUMBERS)
