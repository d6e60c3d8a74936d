"""The workbook's way through the pages in a real browser (chromium over a real ``styrgraf
serve`` of the lean model, with a write token): from a board's page to its workbook and to the
upload page; a workbook filled in with openpyxl as a person fills it (a decimal comma, a status
and its comment, one cell that is no number) uploaded through the form with the token, refused
naming that cell by sheet and cell, uploaded again corrected, previewed (values added and
changed, statuses) and applied, and the change seen on the goals' pages. The form, the refusal
and the preview pass the axe audit in Swedish and English and read on a 390 px phone without
anything out of sight to the side, and the form works without the page's script.

Each test uses a board of its own, so that none sees what another wrote."""

from __future__ import annotations

import io
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import openpyxl
import pytest

from browser_support import RecordedPage, audit, recorded_page, screenshot, serving_pages
from styrgraf.results.workbook_layout import META_SHEET, Sheet
from tests_support import LJ
from workbook_support import fill, rows_of

G, A = Sheet.GOALS, Sheet.ACTIVITIES
TOKEN = "browser-write-token"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: A status for a nämndsmål and one for an activity, as the workbook in each language lists them.
STATUSES = {"sv": ("delvis uppfyllt", "pågående"), "en": ("partly fulfilled", "in progress")}
#: The rows of a table of the page, each as its cells' text (a stacked cell's name, drawn
#: by CSS, is not its text).
ROWS = """id => [...document.querySelectorAll(`section[aria-labelledby="${id}"] tbody tr`)]
    .map(tr => [...tr.cells].map(cell => cell.innerText.trim()))"""
#: The tables of the page that are wider than the room they have: scrolled sideways.
WIDE = """() => [...document.querySelectorAll('main table')]
    .filter(table => table.scrollWidth > table.clientWidth + 1)
    .map(table => table.closest('section')?.getAttribute('aria-labelledby'))"""


@pytest.fixture(scope="module")
def importing(tmp_path_factory: pytest.TempPathFactory, lean_model: Path) -> Iterator[str]:
    """``styrgraf serve`` over the lean model, writes on with a token; yields its URL."""
    folder = tmp_path_factory.mktemp("workbook-browser")
    # Every write validates the whole model: a minute for it on a loaded machine.
    env = {"STYRGRAF_QUERY_TIMEOUT": "60", "STYRGRAF_WRITE_TOKEN": TOKEN}
    with serving_pages(folder, "--data", str(lean_model), **env) as url:
        yield url


@pytest.fixture
def page(browser: Any, importing: str) -> Iterator[RecordedPage]:
    """A fresh page of the service (Swedish locale, downloads kept); fails the test if the
    console saw errors."""
    with recorded_page(browser, importing, accept_downloads=True) as recorded:
        yield recorded


def _workbook(base: str, board: str, lang: str = "sv") -> bytes:
    """The board's workbook for the delår 2021, as its page offers it."""
    query = f"board={quote(LJ + board, safe='')}&period=2021&interim=true&lang={lang}"
    with urllib.request.urlopen(f"{base}/workbook?{query}", timeout=60) as answer:
        data: bytes = answer.read()
    return data


def _upload(tab: Any, data: bytes, token: str = TOKEN, file: str = "arbetsbok.xlsx") -> None:
    """Choose the workbook, give a name and the token, and send the form."""
    tab.locator("#file").set_input_files(files=[{"name": file, "mimeType": XLSX, "buffer": data}])
    tab.locator("#by").fill("Anna Berg")
    tab.locator("#token").fill(token)
    with tab.expect_navigation():
        tab.locator("form.upload button[type=submit]").click()


def _rows(page: RecordedPage, table: str) -> list[list[str]]:
    rows: list[list[str]] = page.page.evaluate(ROWS, table)
    return rows


def test_a_filled_workbook_goes_from_the_boards_page_to_its_goals_pages(
    page: RecordedPage, importing: str, screenshots: Path
) -> None:
    tab = page.page
    page.open("/ljungby/id/kommunstyrelsen")
    with tab.expect_download() as download:
        tab.get_by_role("link", name="delår 2021 (.xlsx)").click()
    assert download.value.suggested_filename == "kommunstyrelsen-2021-interim.xlsx"
    blank = Path(download.value.path()).read_bytes()
    meta = openpyxl.load_workbook(io.BytesIO(blank))[META_SHEET]
    about = {row[0]: row[1] for row in meta.iter_rows(max_col=2, values_only=True)}
    assert (about["board"], about["year"], about["part"]) == (
        LJ + "kommunstyrelsen",
        2021,
        "interim",
    )

    tab.get_by_role("link", name="Läs in en ifylld arbetsbok").click()
    tab.wait_for_load_state()
    asked = urlsplit(tab.url)
    assert asked.path == "/workbook/import"
    assert parse_qs(asked.query) == {"board": [LJ + "kommunstyrelsen"]}
    assert tab.locator("main h1").inner_text() == "Läs in en arbetsbok"
    # The form names the board it takes a workbook for, linked to its page.
    named = tab.locator("main").get_by_role("link", name="Kommunstyrelsen", exact=True)
    assert named.get_attribute("href") == "/ljungby/id/kommunstyrelsen"
    # The token is a field of the form, named and explained, never shown.
    token = tab.get_by_label("Skrivnyckel")
    assert token.get_attribute("type") == "password"
    help_id = token.get_attribute("aria-describedby")
    assert "skickas bara med formuläret" in tab.locator(f"#{help_id}").inner_text()

    rows = rows_of(blank, G)
    cells = {
        (G, "value", rows["ng-ks-3 ind-ng-ks-3-a"]): "70,5",  # none yet: added
        (G, "value", rows["ng-ks-3 ind-ng-ks-3-b"]): "8,2 %",  # 8,4 before: changed
        (G, "value", rows["ng-ks-5 ind-ng-ks-5-a"]): "ca 28 200",  # no number
        (G, "status", rows["ng-ks-1"]): "uppfyllt",
        (G, "comment", rows["ng-ks-1"]): "Fler nya företag än väntat.",
    }
    _upload(tab, fill(blank, cells))
    assert tab.locator("main h1").inner_text() == "Arbetsboken kan inte läsas in"
    bad = f"Nämndsmål!H{rows['ng-ks-5 ind-ng-ks-5-a']}"
    assert _rows(page, "problems") == [[bad, "'ca 28 200' är inte ett tal"]]
    assert tab.locator("button", has_text="Genomför importen").count() == 0
    # The browser logs the page's 422 itself.
    assert len(page.errors) == 1 and "422" in page.errors[0]
    page.errors.clear()

    # Asked again for a workbook of the same board.
    tab.get_by_role("link", name="Läs in en arbetsbok").click()
    tab.wait_for_load_state()
    assert parse_qs(urlsplit(tab.url).query) == {"board": [LJ + "kommunstyrelsen"]}
    cells[(G, "value", rows["ng-ks-5 ind-ng-ks-5-a"])] = "28 200"
    _upload(tab, fill(blank, cells), file="kommunstyrelsen delår 2021.xlsx")
    assert tab.locator("main h1").inner_text() == "Förhandsgranskning av importen"
    lead = tab.locator("main p.lead").inner_text()
    assert lead == (
        "kommunstyrelsen delår 2021.xlsx för Kommunstyrelsen, delår 2021, inläst av Anna Berg."
    )
    goal = "Medarbetarna upplever goda möjligheter till kompetensutveckling och "
    goal += "sjukfrånvaron minskar"
    assert _rows(page, "values-added") == [
        [
            f"Nämndsmål!H{rows['ng-ks-3 ind-ng-ks-3-a']}",
            goal,
            "Andel medarbetare som instämmer i att de har möjlighet till "
            "kompetensutveckling (medarbetarenkät)",
            "70,5 procent",
            "",
        ]
    ]
    changed = _rows(page, "values-revised")
    assert [(r[0], r[3], r[4]) for r in changed] == [
        (
            f"Nämndsmål!H{rows['ng-ks-5 ind-ng-ks-5-a']}",
            "28\u00a0165 antal",
            "→ 28\u00a0200 antal",
        ),
        (f"Nämndsmål!H{rows['ng-ks-3 ind-ng-ks-3-b']}", "8,4 procent", "→ 8,2 procent"),
    ]
    given = [r for r in _rows(page, "statuses-goals") if r[4] == "ändrad"]
    assert given == [
        [
            f"Nämndsmål!I{rows['ng-ks-1']}",
            "Antalet nystartade företag ökar",
            "delvis uppfyllt",
            "uppfyllt",
            "ändrad",
            "Fler nya företag än väntat.",
        ]
    ]
    screenshot(page, screenshots, "workbook-import-preview")

    with tab.expect_navigation():
        tab.get_by_role("button", name="Genomför importen").click()
    assert tab.locator("main h1").inner_text() == "Importen är genomförd"
    assert tab.locator("#outcome").inner_text().startswith("Importen är skriven")

    # Each goal named in the report leads to its page, which shows what was brought in.
    judged = tab.locator("#statuses-goals ~ table").get_by_role(
        "link", name="Antalet nystartade företag ökar"
    )
    judged_page = judged.get_attribute("href")
    tab.locator("#values-added ~ table").get_by_role("link", name=goal).click()
    tab.wait_for_load_state()
    assert tab.locator("main h1").inner_text() == goal
    chart = tab.locator("section.indicator-chart").filter(
        has=tab.get_by_role("heading", name="Andel medarbetare som instämmer", exact=False)
    )
    numbers = chart.locator("figure.chart > .chart-table table").first
    interim = numbers.locator("tbody tr").filter(has_text="delår")
    assert interim.locator("th").inner_text() == "2021"
    assert interim.locator("td").nth(1).inner_text() == "70,5"
    page.open(judged_page)
    history = tab.locator('table.history tr[data-period="2021-interim"]')
    assert "uppfyllt" in history.locator("td").nth(1).inner_text()
    assert history.locator(".description").inner_text() == "Fler nya företag än väntat."


def test_the_form_the_refusal_and_the_preview_pass_the_audit_and_fit_a_phone(
    page: RecordedPage, importing: str, screenshots: Path
) -> None:
    """barn-och-utbildningsnamnden, previewed only: nothing is written."""
    tab = page.page
    for lang in ("sv", "en"):
        blank = _workbook(importing, "barn-och-utbildningsnamnden", lang)
        rows, activities = rows_of(blank, G, lang), rows_of(blank, A, lang)
        goal_status, activity_status = STATUSES[lang]
        cells: dict[tuple[Sheet, str, int], object] = {
            (G, "value", rows["ng-bun-4 ind-ng-bun-4"]): "96,5" if lang == "sv" else "96.5",
            (G, "value", rows["ng-bun-5 ind-ng-bun-5-b"]): "97,5" if lang == "sv" else "97.5",
            (G, "status", rows["ng-bun-6"]): goal_status,
            (G, "comment", rows["ng-bun-6"]): "A comment long enough to wrap on a phone. " * 3,
            (A, "status", activities["akt-2021-forskola-1"]): activity_status,
        }
        wrong = fill(blank, {**cells, (G, "value", rows["ng-bun-1 ind-ng-bun-1"]): "many"})
        board = quote(LJ + "barn-och-utbildningsnamnden", safe="")
        for name, workbook in (
            ("form", None),
            ("refused", wrong),
            ("preview", fill(blank, cells)),
        ):
            page.open(f"/workbook/import?board={board}&lang={lang}")
            if workbook is not None:
                _upload(tab, workbook)
            assert tab.get_attribute("html", "lang") == lang, name
            if name == "preview":
                tables = ("values-added", "values-revised", "statuses-goals")
                assert all(_rows(page, t) for t in tables), name
                assert _rows(page, "statuses-activities"), name
            assert audit(page) == [], (name, lang)
            tab.set_viewport_size({"width": 390, "height": 800})
            assert tab.evaluate("document.documentElement.scrollWidth") <= 390, (name, lang)
            assert tab.evaluate(WIDE) == [], (name, lang)
            if name != "form":  # the tables stack instead, each cell named by its column
                cell = tab.locator("main table.stack td").first
                label = cell.evaluate("td => getComputedStyle(td, '::before').content")
                assert label == '"Cell: "', (name, lang)
            screenshot(page, screenshots, f"workbook-import-{name}-{lang}-phone")
            tab.set_viewport_size({"width": 1280, "height": 900})
        # Each refusal's 422, logged by the browser itself.
        assert len(page.errors) == 1 and "422" in page.errors[0]
        page.errors.clear()


def test_the_form_works_without_the_script(browser: Any, importing: str) -> None:
    """socialnamnden: a wrong token refused on the form, then previewed and applied with no
    script at all."""
    context = browser.new_context(locale="sv-SE", java_script_enabled=False)
    try:
        tab = context.new_page()
        blank = _workbook(importing, "socialnamnden")
        activities = rows_of(blank, A)
        first = min(activities, key=activities.__getitem__)
        filled = fill(blank, {(A, "status", activities[first]): "uppskjuten"})
        tab.goto(f"{importing}/workbook/import?board={quote(LJ + 'socialnamnden', safe='')}")
        _upload(tab, filled, token="not-the-token")
        assert tab.locator("#form-error").inner_text() == "Skrivnyckeln stämmer inte."
        assert tab.locator("#token").input_value() == ""  # the token is never sent back
        assert tab.locator("#by").input_value() == "Anna Berg"
        _upload(tab, filled)
        assert tab.locator("main h1").inner_text() == "Förhandsgranskning av importen"
        assert [r[3:5] for r in tab.evaluate(ROWS, "statuses-activities")] == [
            ["uppskjuten", "ändrad"]
        ]
        with tab.expect_navigation():
            tab.get_by_role("button", name="Genomför importen").click()
        assert tab.locator("main h1").inner_text() == "Importen är genomförd"
    finally:
        context.close()
