"""The coverage, validation and query pages in a real browser (chromium over a real
``styrgraf serve``): they render without console errors, the heat map's cells are the coverage
API's matrix and lead to their goals, axe-core finds no serious violation, the query page runs
a named query by click and by keyboard and downloads CSV, and the pages print.

Two services: the bundled model (the session's ``served``), and a synthetic model with defects
of every kind planted, so that every state of a cell, every kind of finding and broken rules
are on the pages. Screenshots go under the session's temporary folder (``screenshots``)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import openpyxl
import pytest
from oxigraph_server import ServerError

from browser_support import RecordedPage, audit, recorded_page, screenshot
from styrgraf.generator.generate import generate
from tests_support import serving

#: The pages audited, each over the model that shows most of it.
PAGES = (
    ("/coverage", "planted"),
    ("/coverage?lang=en", "planted"),
    ("/coverage", "ljungby"),
    ("/validation", "planted"),
    ("/validation", "ljungby"),
    ("/validation?lang=en", "ljungby"),
    ("/sparql", "ljungby"),
    ("/sparql?lang=en", "ljungby"),
)


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``styrgraf serve`` over a synthetic model with planted defects; yields its URL."""
    folder = tmp_path_factory.mktemp("pages-planted")
    model = folder / "model.trig"
    generate(1).write_trig(model)
    try:
        with serving(folder, "--data", str(model), env={"STYRGRAF_WORKERS": "4"}) as url:
            yield url
    except ServerError as problem:
        pytest.fail(str(problem))


@pytest.fixture
def defects(browser: Any, planted: str) -> Iterator[RecordedPage]:
    """A fresh page on the planted model's service; fails the test on console errors."""
    with recorded_page(browser, planted, accept_downloads=True) as recorded:
        yield recorded


def _api(page: RecordedPage, path: str) -> Any:
    response = page.page.request.get(page.base + path, headers={"Accept": "application/json"})
    assert response.status == 200, path
    return response.json()


@pytest.mark.parametrize(("path", "model"), PAGES)
def test_pages_render_cleanly_and_pass_the_audit(
    browser: Any, planted: str, served: str, screenshots: Path, path: str, model: str
) -> None:
    context = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
    where = RecordedPage(context.new_page(), planted if model == "planted" else served)
    try:
        where.open(path)
        assert where.page.locator("main h1").count() == 1
        assert where.page.get_attribute("html", "lang") == ("en" if "lang=en" in path else "sv")
        slug = path.strip("/").replace("?lang=", "-").replace("/", "-")
        screenshot(where, screenshots, f"{slug}-{model}")
        # The details (the map as a table, every rule) are audited open too.
        where.page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        assert audit(where) == [], (model, path)
    finally:
        context.close()
    assert where.errors == [], where.errors


def _drawn_cells(page: RecordedPage) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = page.page.eval_on_selector_all(
        "figure.heatmap svg a.hm-c",
        """cells => cells.map(a => ({
            board: a.dataset.board, area: a.dataset.area, status: a.dataset.status,
            count: a.querySelector('text.hm-count').textContent,
            text: a.textContent, href: a.getAttribute('href'),
            box: a.getBoundingClientRect().width > 0
        }))""",
    )
    return found


def test_heat_map_cells_are_the_coverage_api_matrix(defects: RecordedPage) -> None:
    for lang in ("sv", "en"):
        defects.open(f"/coverage?lang={lang}")
        report = _api(defects, f"/api/coverage?lang={lang}")
        cells = report["matrix"]["cells"]
        drawn = {(c["board"], c["area"]): c for c in _drawn_cells(defects)}
        assert len(drawn) == len(cells)
        assert {c["status"] for c in cells} == {
            "ok",
            "empty",
            "overfull",
            "exempt",
            "council",
        }
        for cell in cells:
            shown = drawn[(cell["board"], cell["area"])]
            assert shown["box"], cell
            assert shown["status"] == cell["status"]
            assert shown["count"] == str(cell["overarching_goals"])
            assert f"{cell['board_goals']} " in shown["text"]
            assert f"{cell['activities']} " in shown["text"]


def test_heat_map_cells_lead_to_their_goals(defects: RecordedPage) -> None:
    defects.open("/coverage")
    report = _api(defects, "/api/coverage")
    cells = {(c["board"], c["area"]): c for c in report["matrix"]["cells"]}
    drawn = _drawn_cells(defects)
    for shown in drawn:
        cell = cells[(shown["board"], shown["area"])]
        defects.open(shown["href"].removeprefix(defects.base))
        listed = defects.page.eval_on_selector_all(
            "ul.goals",
            "lists => lists.map(l => [l.dataset.kind, l.querySelectorAll('a').length])",
        )
        counts = dict(listed)
        assert counts.get("OverarchingGoal", 0) == cell["overarching_goals"], shown["href"]
        assert counts.get("BoardGoal", 0) == cell["board_goals"], shown["href"]
        # The goal tree, filtered to the cell, shows the same övergripande mål.
        tree = defects.page.locator("a.in-tree")
        assert tree.count() == (1 if cell["overarching_goals"] else 0)
        if cell["overarching_goals"]:
            goals = set(
                defects.page.eval_on_selector_all(
                    'ul.goals[data-kind="OverarchingGoal"] a', "links => links.map(a => a.href)"
                )
            )
            response = defects.page.request.get(
                defects.base + (tree.get_attribute("href") or ""), headers={"Accept": "text/html"}
            )
            assert response.status == 200
            assert all(goal.removeprefix(defects.base) in response.text() for goal in goals)
        # Each goal listed is a resource page that answers.
        for href in defects.page.eval_on_selector_all(
            "ul.goals a", "links => links.map(a => a.href)"
        )[:2]:
            assert defects.page.request.get(href, headers={"Accept": "text/html"}).status == 200


def test_cell_page_passes_the_audit(defects: RecordedPage, screenshots: Path) -> None:
    defects.open("/coverage")
    overfull = next(c for c in _drawn_cells(defects) if c["status"] == "overfull")
    defects.open(overfull["href"].removeprefix(defects.base))
    assert defects.page.locator(".cell-tree ul.beneath").count() >= 1
    screenshot(defects, screenshots, "coverage-cell-overfull")
    assert audit(defects) == []


def test_heat_map_is_reached_by_keyboard(defects: RecordedPage) -> None:
    defects.open("/coverage")
    first = _drawn_cells(defects)[0]
    for _ in range(40):
        defects.page.keyboard.press("Tab")
        focused = defects.page.evaluate(
            "(() => { const a = document.activeElement;"
            " return a && a.dataset ? a.dataset.board || null : null; })()"
        )
        if focused:
            break
    assert focused == first["board"]
    defects.page.keyboard.press("Enter")
    defects.page.wait_for_url("**/coverage/cell?**")
    matrix = _api(defects, "/api/coverage")["matrix"]
    label = next(b["label"] for b in matrix["boards"] if b["iri"] == first["board"])
    assert defects.page.locator("main h1").inner_text().startswith(label)


def test_coverage_findings_link_to_resource_pages(defects: RecordedPage) -> None:
    defects.open("/coverage")
    report = _api(defects, "/api/coverage")
    links = set(
        defects.page.eval_on_selector_all(
            "#orphans table a, #uncovered table a", "links => links.map(a => a.href)"
        )
    )
    for finding in report["orphans"] + report["uncovered"]:
        matching = [link for link in links if link.endswith(finding["iri"].split("/id/")[-1])]
        assert matching, finding["iri"]
        assert defects.page.request.get(matching[0], headers={"Accept": "text/html"}).status == 200


def test_start_page_links_to_the_coverage_and_validation_pages(page: RecordedPage) -> None:
    page.open("/")
    hrefs = page.page.eval_on_selector_all("main a[href]", "links => links.map(a => a.href)")
    targets = [h for h in hrefs if "/coverage" in h or "/validation" in h]
    assert targets
    for href in targets:
        path, _, anchor = href.removeprefix(page.base).partition("#")
        page.open(path)
        if anchor:
            assert page.page.locator(f"#{anchor}").count() == 1, href


def test_downloads(defects: RecordedPage) -> None:
    defects.open("/coverage")
    with defects.page.expect_download() as svg:
        defects.page.get_by_role("link", name="Diagrammet som SVG").click()
    drawing = Path(svg.value.path()).read_text(encoding="utf-8")
    assert drawing.startswith("<?xml") and drawing.count('class="hm-c"') == len(
        _api(defects, "/api/coverage")["matrix"]["cells"]
    )
    with defects.page.expect_download() as findings:
        defects.page.locator("#orphans a[download]").first.click()
    rows = _swedish_csv(Path(findings.value.path()))
    report = _api(defects, "/api/coverage")
    assert len(rows) == len(report["orphans"]) + len(report["uncovered"])
    with defects.page.expect_download() as workbook:
        defects.page.locator('#orphans a[download$=".xlsx"]').click()
    sheet = openpyxl.load_workbook(io.BytesIO(Path(workbook.value.path()).read_bytes())).active
    assert sheet.title == "Täckningsfynd" and sheet.max_row == len(rows) + 1
    defects.open("/validation")
    with defects.page.expect_download() as checked:
        defects.page.locator(".downloads a[download]").first.click()
    rows = _swedish_csv(Path(checked.value.path()))
    validation = _api(defects, "/api/validate")
    assert len(rows) == validation["violations"] + validation["warnings"] > 0


def _swedish_csv(path: Path) -> list[dict[str, str]]:
    """A downloaded table as Swedish Excel reads it: UTF-8 by its byte-order mark, ";"."""
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(path.read_text("utf-8-sig")), delimiter=";"))


def test_validation_page_links_every_offending_node(defects: RecordedPage) -> None:
    defects.open("/validation")
    report = _api(defects, "/api/validate")
    articles = defects.page.locator("article.rule")
    assert articles.count() == len(report["rules"])
    for rule in report["rules"]:
        anchor = "rule-" + rule["rule"].split("#")[-1]
        section = defects.page.locator(f"#{anchor}")
        assert section.locator("h3").inner_text().startswith(rule["name"])
        assert section.locator("p.explanation").inner_text().strip()
        assert section.locator("tbody tr").count() == rule["count"]
    hrefs = defects.page.eval_on_selector_all(
        "article.rule tbody td:first-child a", "links => links.map(a => a.href)"
    )
    for href in sorted(set(hrefs))[:10]:
        assert defects.page.request.get(href, headers={"Accept": "text/html"}).status == 200
    # The list of rules with findings leads to each rule's section.
    defects.page.locator("nav.toc a").first.click()
    assert defects.page.url.endswith("#rule-" + report["rules"][0]["rule"].split("#")[-1])


def test_query_page_runs_a_named_query_by_click(page: RecordedPage, screenshots: Path) -> None:
    page.open("/sparql")
    expected = _api(page, "/api/queries/boards?lang=sv")
    page.page.locator('a.named-query[data-named="boards"]').click()
    page.page.wait_for_selector("table.results tbody tr")
    assert page.page.locator("table.results tbody tr").count() == len(
        expected["results"]["bindings"]
    )
    headers = page.page.locator("table.results thead th").all_inner_texts()
    assert headers == expected["head"]["vars"]
    assert "#+ summary: The boards" in page.page.locator("#query").input_value()
    screenshot(page, screenshots, "sparql-boards")
    # The named query's table, in the page's language: Swedish headings, for Swedish Excel.
    with page.page.expect_download() as download:
        page.page.locator("#csv-link").click()
    text = Path(download.value.path()).read_text("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:3] == ["Nämnd (IRI)", "Typ (IRI)", "Namn"]
    assert len(rows[0]) == len(expected["head"]["vars"])
    assert len(rows) == len(expected["results"]["bindings"]) + 1
    with page.page.expect_download() as workbook:
        page.page.locator("#xlsx-link").click()
    sheet = openpyxl.load_workbook(io.BytesIO(Path(workbook.value.path()).read_bytes())).active
    assert [c.value for c in sheet[1]] == rows[0] and sheet.max_row == len(rows)


def test_query_page_named_query_with_a_parameter(page: RecordedPage) -> None:
    page.open("/sparql")
    board = "https://w3id.org/styrgraf/ljungby/id/kommunstyrelsen"
    expected = _api(page, f"/api/queries/goals-of-board?board={quote(board)}&lang=sv")
    page.page.locator('a.named-query[data-named="goals-of-board"]').click()
    field = page.page.locator("#p-goals-of-board-board")
    assert field.is_visible() and field.evaluate("e => e === document.activeElement")
    field.fill(board)
    field.press("Enter")
    page.page.wait_for_selector("table.results tbody tr")
    assert page.page.locator("table.results tbody tr").count() == len(
        expected["results"]["bindings"]
    )


def test_query_page_by_keyboard_and_its_errors(page: RecordedPage) -> None:
    page.open("/sparql")
    editor = page.page.locator("#query")
    editor.focus()
    editor.fill(
        "PREFIX sg: <https://w3id.org/styrgraf#>\nSELECT ?area WHERE { ?area a sg:StrategicArea }"
    )
    assert page.page.locator(".gutter").inner_text().split() == ["1", "2"]
    editor.press("Control+Enter")
    page.page.wait_for_selector("table.results tbody tr")
    assert page.page.locator("table.results tbody tr").count() == 3
    # CSV of a query typed by hand: the same query, through the endpoint.
    with page.page.expect_download() as download:
        page.page.locator("#csv-link").click()
    rows = list(csv.reader(io.StringIO(Path(download.value.path()).read_text("utf-8"))))
    assert rows[0] == ["area"] and len(rows) == 4
    # Tab leaves the editor (no keyboard trap) for the run button.
    editor.focus()
    page.page.keyboard.press("Tab")
    assert page.page.evaluate("document.activeElement.id") == "run"
    # A broken query says what is wrong, in the page.
    editor.fill("SELECT * WHERE {")
    editor.press("Control+Enter")
    alert = page.page.locator("#results-body [role=alert]")
    alert.wait_for()
    assert "(400)" in alert.inner_text()
    # The browser logs the refused request itself; that one is provoked on purpose.
    assert len(page.errors) == 1 and "400" in page.errors[0]
    page.errors.clear()


def test_query_page_works_without_script(browser: Any, served: str) -> None:
    context = browser.new_context(locale="sv-SE", java_script_enabled=False)
    try:
        tab = context.new_page()
        tab.goto(served + "/sparql")
        tab.locator('a.named-query[data-named="counts"]').click()
        tab.wait_for_load_state()
        assert tab.locator("table.results tbody tr").count() > 3
        tab.locator("#query").fill("SELECT (1 + 1 AS ?two) WHERE {}")
        tab.locator("#run").click()
        tab.wait_for_load_state()
        assert tab.locator("table.results tbody td").all_inner_texts() == ["2"]
    finally:
        context.close()


def test_pages_print_in_black_and_white(defects: RecordedPage, screenshots: Path) -> None:
    """Printed, the menu and buttons go, the map and the table of every cell stay, and the
    cells keep their patterns and symbols (checked in the drawing's own tests); the
    screenshots are taken in grey, as a black-and-white printer would."""
    defects.open("/coverage")
    defects.page.emulate_media(media="print")
    defects.page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert not defects.page.locator("nav.menu").is_visible()
    assert not defects.page.locator(".downloads").first.is_visible()
    assert defects.page.locator("figure.heatmap svg").is_visible()
    assert defects.page.locator("#matrix").is_visible()
    defects.page.add_style_tag(content="html { filter: grayscale(1); }")
    screenshot(defects, screenshots, "coverage-print-grey")
    defects.open("/validation")
    defects.page.emulate_media(media="print")
    assert defects.page.locator("article.rule").first.is_visible()
    defects.page.add_style_tag(content="html { filter: grayscale(1); }")
    screenshot(defects, screenshots, "validation-print-grey")
