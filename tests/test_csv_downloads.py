"""Every CSV download is safe to open in a spreadsheet: over a model whose every label is a
formula (``=HYPERLINK(…)``, ``+cmd``, ``-2+3``, ``@SUM(1)``, a leading tab or carriage return),
no cell of any CSV the service writes begins with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return unless it is a plain number, which is left as it is. The downloads are those
the pages offer (every CSV link of every page, followed) and those of the API and the SPARQL
endpoint; each is read back with Python's csv module."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from urllib.parse import urlencode

import pytest
from flask import Flask

from hostile_support import LJ, NUMBERS, ORPHAN, SCRIPT_NODE, hostile_model
from routes_support import Anchors
from styrgraf.render.writers import FORMULA_STARTS, csv_text, safe_cell
from styrgraf.web.app import create_app

HTML = {"Accept": "text/html"}
BOARD = LJ + "kommunstyrelsen"
GOAL = LJ + "ng-ks-3"
#: The pages whose CSV links are followed.
PAGES = (
    "/tree",
    "/tree?" + urlencode({"board": BOARD}),
    "/coverage",
    "/coverage/cell?" + urlencode({"board": BOARD, "area": LJ + "tillvaxt"}),
    "/validation",
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
#: The CSV the API and the endpoint write, beside those the pages link to.
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
    "/api/trace?" + urlencode({"iri": SCRIPT_NODE, "format": "csv"}),
    "/api/trace?" + urlencode({"iri": GOAL, "direction": "down", "format": "csv"}),
    "/api/trace?" + urlencode({"iri": GOAL, "direction": "impact", "format": "csv"}),
    "/api/trace?" + urlencode({"iri": ORPHAN, "format": "csv"}),
)
#: The routes that write CSV: each must be among the downloads checked.
CSV_ROUTES = {
    "sparql.endpoint",
    "api.run_query",
    "pages.goal_tree_page",
    "dashboards.matrix_csv",
    "api.coverage_report",
    "api.validation_report",
    "api.trace_node",
}


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


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    model = hostile_model(tmp_path_factory.mktemp("hostile-csv"))
    yield create_app({"TESTING": True, "data": [str(model)], "query_processes": 0})


@pytest.fixture(scope="module")
def downloads(hostile: Flask) -> dict[str, list[list[str]]]:
    """Every CSV download, read back: the pages' CSV links and the API's and endpoint's."""
    client = hostile.test_client()
    urls: list[str] = list(DIRECT)
    for page in PAGES:
        response = client.get(page, headers=HTML)
        assert response.status_code == 200, page
        parser = Anchors()
        parser.feed(response.get_data(as_text=True))
        for tag, url in parser.hrefs:
            if tag == "a" and ("format=csv" in url or url.split("?")[0].endswith(".csv")):
                urls.append(url)
    found: dict[str, list[list[str]]] = {}
    for url in dict.fromkeys(urls):
        response = client.get(url, headers={"Accept": "text/csv"})
        assert response.status_code == 200, (url, response.get_data(as_text=True)[:300])
        assert response.mimetype == "text/csv", url
        found[url] = list(csv.reader(io.StringIO(response.get_data(as_text=True), newline="")))
    posted = client.post(
        "/sparql", data={"query": "SELECT * { ?s ?p ?o }"}, headers={"Accept": "text/csv"}
    )
    assert posted.status_code == 200 and posted.mimetype == "text/csv"
    found["POST /sparql"] = list(csv.reader(io.StringIO(posted.get_data(as_text=True))))
    return found


def test_every_csv_route_is_among_the_downloads(
    hostile: Flask, downloads: dict[str, list[list[str]]]
) -> None:
    adapter = hostile.url_map.bind("localhost")
    seen = {adapter.match(url.split("?")[0])[0] for url in downloads if url.startswith("/")}
    assert seen >= CSV_ROUTES
    assert len(downloads) >= 10


def _unsafe(cell: str) -> bool:
    return cell.startswith(FORMULA_STARTS) and safe_cell(cell) != cell


def test_no_cell_of_any_csv_download_is_a_formula(downloads: dict[str, list[list[str]]]) -> None:
    problems = [
        f"{url}: {cell!r}"
        for url, rows in downloads.items()
        for row in rows
        for cell in row
        if _unsafe(cell)
    ]
    assert problems == []


def test_the_labels_are_there_quoted(downloads: dict[str, list[list[str]]]) -> None:
    """The formulas are kept as text, not dropped: every download with labels has them."""
    labelled = 0
    for url, rows in downloads.items():
        if not any("label" in name or name == "l" for name in rows[0]) or len(rows) <= 1:
            continue
        labelled += 1
        cells = [cell for row in rows[1:] for cell in row]
        assert any(c.startswith(("'=", "'+", "'-", "'@", "'\t", "'\r")) for c in cells), url
    assert labelled >= 8


def test_numbers_are_left_as_they_are(
    hostile: Flask, downloads: dict[str, list[list[str]]]
) -> None:
    url = DIRECT[0]
    rows = downloads[url]
    assert rows[0] == ["text", "number"]
    client = hostile.test_client()
    answer = client.get(
        "/sparql?" + urlencode({"query": NUMBER_QUERY}),
        headers={"Accept": "application/sparql-results+json"},
    ).get_json()
    expected = [[b["text"]["value"], b["number"]["value"]] for b in answer["results"]["bindings"]]
    assert len(rows) - 1 == len(expected) == len(NUMBERS) + 2
    for row, (text, number) in zip(rows[1:], expected, strict=True):
        assert row[1] == number  # every number as the JSON results have it
        assert row[0] == (text if text in NUMBERS else "'" + text)
    assert {row[0] for row in rows[1:]} >= set(NUMBERS)
