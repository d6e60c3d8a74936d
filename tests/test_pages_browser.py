"""The pages in a real browser (chromium over a real `styrgraf serve`): they render without
console errors, their links lead somewhere, the tree expands and filters, axe-core finds no
serious violation, the keyboard reaches everything, and they print.

Screenshots of every page are saved under the session's temporary folder (``screenshots``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote, urljoin, urlsplit

import pytest

from browser_support import RecordedPage, audit, screenshot
from tests_support import LJ

SG = "https://w3id.org/styrgraf#"

#: Every link's target as an absolute URL (an SVG link's href is no plain string).
ABSOLUTE = "links => links.map(a => new URL(a.getAttribute('href'), document.baseURI).href)"

#: The pages this suite owns, by name: the start page, the goal tree, resource pages.
PAGES = {
    "start": "/",
    "start-en": "/?lang=en",
    "tree": "/tree",
    "tree-filtered": "/tree?board=" + quote(LJ + "kommunstyrelsen", safe=""),
    "activity": "/ljungby/id/akt-2021-hr-1",
    "board-goal": "/ljungby/id/ng-ks-3",
    "vision": "/ljungby/id/vision",
    "term": f"/resource?iri={quote(SG + 'BoardGoal', safe='')}",
    "graph": "/ljungby/graph/2019-2022",
    "dataset": "/dataset",
}


@pytest.mark.parametrize("name", list(PAGES))
def test_each_page_renders_cleanly_and_passes_the_audit(
    page: RecordedPage, screenshots: Path, name: str
) -> None:
    page.open(PAGES[name])
    assert page.page.locator("main h1").count() >= 1
    assert page.page.title().endswith("– styrgraf")
    lang = page.page.get_attribute("html", "lang")
    assert lang == ("en" if name.endswith("-en") else "sv")
    screenshot(page, screenshots, name)
    assert audit(page) == []


def test_every_link_from_the_start_page_leads_somewhere(page: RecordedPage) -> None:
    page.open("/")
    hrefs = page.page.eval_on_selector_all("a[href]", ABSOLUTE)
    local = sorted({h.split("#")[0] for h in hrefs if h.startswith(page.base)})
    assert len(local) > 20
    # The start page's links to the coverage map and the validation page are checked where
    # those pages are built; every other link is followed here.
    for url in local:
        path = urlsplit(url).path
        if path in ("/coverage", "/validation"):
            continue
        response = page.page.request.get(url, headers={"Accept": "text/html"})
        assert response.status == 200, url


def test_the_language_switch_keeps_the_page_and_is_remembered(page: RecordedPage) -> None:
    page.open("/ljungby/id/akt-2021-hr-1")
    assert page.page.get_attribute("html", "lang") == "sv"
    switch = page.page.locator("a.lang-switch")
    assert switch.inner_text() == "English"
    switch.click()
    page.page.wait_for_load_state()
    assert urlsplit(page.page.url).path == "/ljungby/id/akt-2021-hr-1"
    assert page.page.get_attribute("html", "lang") == "en"
    assert "Leadership programme for first-line managers" in page.page.inner_text("main")
    # The cookie remembers the choice on the next page.
    page.open("/")
    assert page.page.get_attribute("html", "lang") == "en"
    assert page.page.locator("nav.menu a").first.inner_text() == "Start"
    page.page.locator("a.lang-switch").click()
    page.page.wait_for_load_state()
    assert page.page.get_attribute("html", "lang") == "sv"


def test_the_skip_link_comes_first_and_focus_is_visible(page: RecordedPage) -> None:
    page.open("/")
    page.page.keyboard.press("Tab")
    focused = page.page.evaluate(
        "() => [document.activeElement.className, document.activeElement.getAttribute('href')]"
    )
    assert focused == ["skip", "#main"]
    # The focused skip link is on screen, with an outline.
    box = page.page.locator("a.skip").bounding_box()
    assert box is not None and box["y"] >= 0
    outline = page.page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
    page.page.keyboard.press("Enter")
    assert page.page.evaluate("() => document.activeElement.id") == "main"
    # The next Tab goes into the content, not back to the menu.
    page.page.keyboard.press("Tab")
    inside = page.page.evaluate("() => !!document.activeElement.closest('main')")
    assert inside


def test_pages_print_without_the_menu(page: RecordedPage, screenshots: Path) -> None:
    page.page.emulate_media(media="print")
    page.open("/ljungby/id/ng-ks-3")
    assert not page.page.locator("nav.menu").is_visible()
    assert not page.page.locator("a.lang-switch").is_visible()
    assert page.page.locator("main h1").is_visible()
    screenshot(page, screenshots, "board-goal-print")


def test_links_on_a_resource_page_resolve(page: RecordedPage) -> None:
    page.open("/ljungby/id/akt-2021-hr-1")
    hrefs = page.page.eval_on_selector_all("main a[href]", ABSOLUTE)
    local = sorted({urljoin(page.base, h) for h in hrefs if h.startswith(page.base)})
    assert any(h.endswith("/ljungby/id/vision") for h in local)
    for url in local:
        assert page.page.request.get(url, headers={"Accept": "text/html"}).status == 200, url


# --- the goal tree -----------------------------------------------------------------------------


def _visible_nodes(page: RecordedPage) -> list[str]:
    """The labels of the tree's nodes that are on screen."""
    found: list[str] = page.page.eval_on_selector_all(
        "#goal-tree li.node > .row a.label",
        "links => links.filter(a => a.checkVisibility()).map(a => a.textContent.trim())",
    )
    return found


def test_the_tree_expands_and_collapses(page: RecordedPage) -> None:
    page.open("/tree")
    board_goal = "Medarbetarna upplever goda möjligheter till kompetensutveckling"
    plan = "Handlingsplan 2021, HR-avdelningen"
    shown = _visible_nodes(page)
    assert any(label.startswith(board_goal) for label in shown)
    assert plan not in shown  # nämndsmål are closed at first
    # Open one node by its toggle, with the keyboard.
    label = page.page.locator("#goal-tree a.label", has_text=board_goal).first
    toggle = label.locator("xpath=ancestor::li[1]/details/summary")
    toggle.focus()
    page.page.keyboard.press("Enter")
    assert plan in _visible_nodes(page)
    page.page.keyboard.press("Enter")
    assert plan not in _visible_nodes(page)
    # Expand all, collapse all.
    page.page.get_by_role("button", name="Fäll ut alla").click()
    everything = _visible_nodes(page)
    assert plan in everything
    assert len(everything) == page.page.locator("#goal-tree li.node").count()
    page.page.get_by_role("button", name="Fäll ihop alla").click()
    assert len(_visible_nodes(page)) == 1  # the vision alone


def test_the_tree_filters_as_the_form_changes(page: RecordedPage) -> None:
    page.open("/tree")
    total = page.page.locator("#goal-tree li.node").count()
    page.page.select_option("#filter-board", LJ + "kommunstyrelsen")
    # The server's answer for the same filter is what the script shows.
    expected = page.page.request.get(
        page.base + "/tree?format=csv&board=" + quote(LJ + "kommunstyrelsen", safe="")
    ).text()
    rows = expected.strip().splitlines()[1:]
    shown = page.page.locator("#goal-tree li.node:not([hidden])").count()
    assert shown == len(rows) < total
    assert "board=" in page.page.url
    matched = page.page.locator("#goal-tree li.node:not([hidden]):not(.context)")
    boards = matched.evaluate_all("nodes => nodes.map(n => n.dataset.board)")
    assert boards and set(boards) == {LJ + "kommunstyrelsen"}
    count = page.page.inner_text("#tree-count")
    assert count.startswith(f"{len(boards)} av {total}")
    # Each download (CSV, xlsx) follows the filters.
    for kind in ("csv", "xlsx"):
        link = page.page.get_attribute(f'a[data-download="{kind}"]', "href") or ""
        assert "board=" in link and f"format={kind}" in link
    # Words narrow it further, as they are typed.
    page.page.fill("#filter-q", "ledarutveckling")
    assert page.page.locator("#goal-tree li.node:not([hidden]):not(.context)").count() == 1
    assert "Ledarutvecklingsprogram för första linjens chefer" in _visible_nodes(page)
    page.page.fill("#filter-q", "ordsomintefinns")
    assert page.page.is_visible("#tree-none")
    # Cleared, the tree is whole again.
    page.page.fill("#filter-q", "")
    page.page.select_option("#filter-board", "")
    assert page.page.locator("#goal-tree li.node:not([hidden])").count() == total
    assert not page.page.is_visible("#tree-none")


def test_the_tree_filters_without_the_script(browser: Any, served: str) -> None:
    context = browser.new_context(java_script_enabled=False, locale="sv-SE")
    try:
        tab = context.new_page()
        tab.goto(served + "/tree")
        assert tab.locator("[data-expand]").is_hidden()  # needs the script
        tab.select_option("#filter-unit", LJ + "enhet-hr")
        tab.get_by_role("button", name="Filtrera").click()
        tab.wait_for_load_state()
        assert "unit=" in tab.url
        matched = tab.locator("#goal-tree li.node:not([hidden]):not(.context)")
        units = matched.evaluate_all("nodes => nodes.map(n => n.dataset.units)")
        assert units and all(LJ + "enhet-hr" in u.split() for u in units)
        # The branches that lead to a match are open, so the matches are on screen.
        assert matched.first.is_visible()
    finally:
        context.close()


def test_the_trace_drawing_is_reachable_by_keyboard(page: RecordedPage) -> None:
    page.open("/ljungby/id/akt-2021-hr-1")
    boxes = page.page.locator("svg.trace-drawing a")
    assert boxes.count() == 6
    # Each box is named by its text: the kind, then the whole label.
    names = boxes.evaluate_all("links => links.map(a => a.textContent.replace(/\\s+/g, ' '))")
    assert names[-1].strip() == "aktivitet Ledarutvecklingsprogram för första linjens chefer"
    boxes.first.focus()
    page.page.keyboard.press("Enter")
    page.page.wait_for_url("**/ljungby/id/vision")
    assert page.page.locator("main h1").inner_text() in names[0]
    download = page.page.request.get(
        page.base + "/trace.svg?iri=" + quote(LJ + "akt-2021-hr-1", safe="")
    )
    assert download.status == 200 and download.headers["content-type"].startswith("image/svg")


@pytest.mark.parametrize("script", [True, False])
def test_the_whole_tree_prints_with_or_without_the_script(
    browser: Any, served: str, script: bool
) -> None:
    context = browser.new_context(java_script_enabled=script, locale="sv-SE")
    try:
        tab = context.new_page()
        tab.goto(served + "/tree")
        tab.emulate_media(media="print")
        shown = tab.locator("#goal-tree a.label").evaluate_all(
            "links => links.map(a => a.getClientRects().length > 0)"
        )
        assert len(shown) > 100 and all(shown), f"{shown.count(False)} of {len(shown)} hidden"
    finally:
        context.close()


@pytest.mark.parametrize("path", ["/", "/tree", "/coverage", "/validation", "/sparql"])
def test_no_page_is_wider_than_a_phone(browser: Any, served: str, path: str) -> None:
    context = browser.new_context(locale="sv-SE", viewport={"width": 390, "height": 800})
    try:
        tab = context.new_page()
        for url in (path, "/ljungby/id/kommunstyrelsen"):
            tab.goto(served + url)
            assert tab.evaluate("document.documentElement.scrollWidth") <= 390, url
    finally:
        context.close()
