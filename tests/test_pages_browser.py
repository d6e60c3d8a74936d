"""The pages in a real browser (chromium over a real `styrgraf serve`): they render without
console errors, their links lead somewhere, the tree expands and filters, axe-core finds no
serious violation, the keyboard reaches everything, and they print.

Screenshots of every page are saved under the session's temporary folder (``screenshots``)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote, urljoin, urlsplit

import pytest

from browser_support import RecordedPage, audit, screenshot

LJ = "https://w3id.org/styrgraf/ljungby/id/"
SG = "https://w3id.org/styrgraf#"

#: The pages this suite owns, by name: the start page, the goal tree, resource pages.
PAGES = {
    "start": "/",
    "start-en": "/?lang=en",
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
    hrefs = page.page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
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
    hrefs = page.page.eval_on_selector_all("main a[href]", "links => links.map(a => a.href)")
    local = sorted({urljoin(page.base, h) for h in hrefs if h.startswith(page.base)})
    assert any(h.endswith("/ljungby/id/vision") for h in local)
    for url in local:
        assert page.page.request.get(url, headers={"Accept": "text/html"}).status == 200, url
