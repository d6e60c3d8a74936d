"""The report page (``/report``) in a real browser: chromium over a real ``styrgraf serve`` of a
small model with two boards (:mod:`report_model`). It renders without console errors, passes
the axe-core audit, prints to a PDF on A4 with each board on a page of its own, and reads on a
390 px wide phone without scrolling sideways, in Swedish and in English."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from oxigraph_server import ServerError

from browser_support import RecordedPage, audit, screenshot
from report_model import write_model
from tests_support import serving

#: A4 in PostScript points (210 × 297 mm); chromium rounds it to whole CSS pixels, so a
#: page's MediaBox may be up to a point larger.
A4 = (595.28, 841.89)


@pytest.fixture(scope="module")
def testby(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``styrgraf serve`` over the small model; yields its URL."""
    folder = tmp_path_factory.mktemp("report-serve")
    model = write_model(folder)
    try:
        with serving(folder, "--data", str(model), env={"STYRGRAF_WORKERS": "4"}) as url:
            yield url
    except ServerError as problem:
        pytest.fail(str(problem))


def _page(
    browser: Any, base: str, width: int = 1280, height: int = 900
) -> tuple[Any, RecordedPage]:
    context = browser.new_context(locale="sv-SE", viewport={"width": width, "height": height})
    return context, RecordedPage(context.new_page(), base)


def _pages(pdf: bytes) -> list[tuple[float, float]]:
    """The size of each page of a PDF that chromium printed (its page objects are plain)."""
    sizes = []
    for page in re.finditer(rb"/Type\s*/Page(?![s\w])(.*?)>>", pdf, re.S):
        box = re.search(rb"/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)", page[0])
        if box is None:  # inherited from the page tree
            box = re.search(rb"/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)", pdf)
        assert box is not None
        sizes.append((float(box[3]) - float(box[1]), float(box[4]) - float(box[2])))
    return sizes


@pytest.mark.parametrize(
    ("path", "lang", "heading"),
    [
        ("/report?period=2021", "sv", "Årsredovisning 2021"),
        ("/report?period=2021&lang=en", "en", "Annual report 2021"),
        ("/report?interim=true", "sv", "Delårsrapport 2021"),
        ("/report?interim=true&lang=en", "en", "Interim report 2021"),
    ],
)
def test_the_report_renders_and_passes_the_audit(
    browser: Any, testby: str, screenshots: Path, path: str, lang: str, heading: str
) -> None:
    context, page = _page(browser, testby)
    try:
        page.open(path)
        assert page.page.get_attribute("html", "lang") == lang
        assert page.page.locator("main h1").count() == 1
        assert page.page.locator("main h1").inner_text().startswith(heading)
        # One chart per indicator and the vision's, each drawn with a box of its own.
        charts = page.page.locator("svg[data-chart]")
        assert charts.count() == 4
        for index in range(charts.count()):
            assert charts.nth(index).bounding_box()["width"] > 200
        screenshot(page, screenshots, "report-" + re.sub(r"\W+", "-", path.strip("/")))
        assert audit(page) == [], path
    finally:
        context.close()
    assert page.errors == [], page.errors


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_report_prints_on_a4_one_board_to_a_page(browser: Any, testby: str, lang: str) -> None:
    context, page = _page(browser, testby)
    try:
        page.open(f"/report?period=2021&lang={lang}")
        page.page.emulate_media(media="print")
        # In print the links above the report are gone, and each board starts a new page.
        assert page.page.locator("nav.links").is_hidden()
        boards = page.page.locator("section.board")
        assert boards.count() == 2
        for index in range(2):
            style = boards.nth(index).evaluate("e => getComputedStyle(e).breakBefore")
            assert style == "page"
        pdf = page.page.pdf(format="A4", print_background=True)
    finally:
        context.close()
    assert pdf.startswith(b"%PDF")
    sizes = _pages(pdf)
    # The title, the vision and the roll-up, then a page (or more) for each of two boards.
    assert len(sizes) >= 3, sizes
    assert all(abs(w - A4[0]) <= 1.5 and abs(h - A4[1]) <= 1.5 for w, h in sizes), sizes
    assert page.errors == [], page.errors


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_report_reads_on_a_phone(
    browser: Any, testby: str, screenshots: Path, lang: str
) -> None:
    context, page = _page(browser, testby, width=390, height=844)
    try:
        page.open(f"/report?period=2021&lang={lang}")
        width = page.page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, width
        wider = page.page.evaluate(
            """() => [...document.querySelectorAll('main *')]
                .filter(e => e.getBoundingClientRect().right > innerWidth + 0.5)
                .map(e => e.tagName + '.' + (e.getAttribute('class') || ''))"""
        )
        assert wider == []
        screenshot(page, screenshots, f"report-phone-{lang}")
        assert audit(page) == []
    finally:
        context.close()
    assert page.errors == [], page.errors


def test_the_language_link_leads_to_the_report_in_english(browser: Any, testby: str) -> None:
    context, page = _page(browser, testby)
    try:
        page.open("/report?period=2021")
        page.page.locator("nav.links a[hreflang=en]").click()
        page.page.wait_for_load_state("load")
        assert page.page.get_attribute("html", "lang") == "en"
        assert page.page.locator("main h1").inner_text().startswith("Annual report 2021")
        # Remembered: the next report is in English too.
        page.open("/report?interim=true")
        assert page.page.locator("main h1").inner_text().startswith("Interim report 2021")
    finally:
        context.close()
    assert page.errors == [], page.errors
