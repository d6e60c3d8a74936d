"""The follow-up pages in a real browser (chromium over a real ``styrgraf serve`` of the small
model of test_follow_up_pages.py, with results and assessments in three periods): the
follow-up page, a nämndsmål's page and the vision's page render without console errors in
Swedish and English, axe-core finds no serious violation, they read on a 390 px phone without
scrolling sideways, they print in black and white, and the period picker works without the
script. Screenshots go under the session's temporary folder (``screenshots``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from oxigraph_server import ServerError

from browser_support import RecordedPage, audit, screenshot
from test_follow_up_pages import DATA, EX, FOLLOW_UP
from tests_support import serving


def _resource(name: str, lang: str = "") -> str:
    return f"/resource?iri={quote(EX + name, safe='')}" + (f"&lang={lang}" if lang else "")


#: The pages, by name: the follow-up page, a nämndsmål with three series and a distance (nm-1),
#: one with a disagreement and an indicator that cannot be drawn (nm-2), and the vision; in
#: Swedish, then English (the language cookie remembers the switch).
PAGES = {
    "follow-up": "/follow-up",
    "follow-up-interim": "/follow-up?period=2024&interim=true",
    "board-goal": _resource("nm-1"),
    "vision": _resource("vision"),
    "follow-up-en": "/follow-up?lang=en",
    "board-goal-en": _resource("nm-2", "en"),
    "vision-en": _resource("vision", "en"),
}


@pytest.fixture(scope="module")
def followed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``styrgraf serve`` over the small model with its follow-up; yields its URL."""
    folder = tmp_path_factory.mktemp("follow-up-browser")
    extra = folder / "follow-up.ttl"
    extra.write_text(FOLLOW_UP, encoding="utf-8")
    try:
        with serving(
            folder,
            "--data",
            str(DATA / "base.ttl"),
            "--data",
            str(extra),
            env={"STYRGRAF_WORKERS": "4"},
        ) as url:
            yield url
    except ServerError as problem:
        pytest.fail(str(problem))


def _tab(browser: Any, base: str, **options: Any) -> tuple[Any, RecordedPage]:
    context = browser.new_context(locale="sv-SE", **options)
    return context, RecordedPage(context.new_page(), base)


def test_the_pages_render_and_pass_the_audit(
    browser: Any, followed: str, screenshots: Path
) -> None:
    context, tab = _tab(browser, followed, viewport={"width": 1280, "height": 900})
    try:
        for name, path in PAGES.items():
            tab.open(path)
            assert tab.page.locator("main h1").count() == 1, name
            lang = "en" if name.endswith("-en") else "sv"
            assert tab.page.get_attribute("html", "lang") == lang, name
            screenshot(tab, screenshots, f"follow-up-{name}")
            # Folded charts are audited open too.
            tab.page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
            assert audit(tab) == [], name
        # Every chart is drawn, each an image named by its title, beside its table.
        tab.open(PAGES["board-goal"] + "&lang=sv")
        charts = tab.page.locator("figure.chart svg[role=img]")
        assert charts.count() == 2  # the indicator's chart, and its distance (folded)
        assert tab.page.locator("figure.chart table").count() == 2
    finally:
        context.close()
    assert tab.errors == [], tab.errors


def test_the_pages_read_on_a_phone(browser: Any, followed: str, screenshots: Path) -> None:
    context, tab = _tab(browser, followed, viewport={"width": 390, "height": 800})
    try:
        for name, path in PAGES.items():
            tab.open(path)
            assert tab.page.evaluate("document.documentElement.scrollWidth") <= 390, name
            # The goals' tables stack: each cell says what it is, nothing is cut off.
            cells = tab.page.locator("table.goals td")
            if cells.count():
                assert cells.first.evaluate("td => getComputedStyle(td).display") == "block"
                label = cells.first.evaluate("td => getComputedStyle(td, '::before').content")
                assert label.strip('"').endswith(": "), (name, label)
            screenshot(tab, screenshots, f"follow-up-{name}-phone")
    finally:
        context.close()
    assert tab.errors == [], tab.errors


def test_the_pages_print_in_black_and_white(browser: Any, followed: str, screenshots: Path) -> None:
    """Printed, the menu, the period picker and the buttons go; the statuses, flags, charts and
    tables stay, each status in black with its symbol and word (the charts' marks keep their
    patterns, checked in the charts' own tests)."""
    context, tab = _tab(browser, followed, viewport={"width": 1000, "height": 900})
    try:
        for name in ("follow-up", "board-goal", "vision"):
            tab.open(PAGES[name])
            tab.page.emulate_media(media="print")
            tab.page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
            assert not tab.page.locator("nav.menu").is_visible()
            assert not tab.page.locator("form.period-picker").is_visible()
            assert not tab.page.locator(".downloads").first.is_visible()
            inks = tab.page.eval_on_selector_all(
                ".step, .flag", "els => els.map(e => getComputedStyle(e).color)"
            )
            assert set(inks) <= {"rgb(0, 0, 0)"}, name
            if name != "vision":
                assert inks, name
            if name == "follow-up":
                assert tab.page.locator("table.goals").first.is_visible()
                assert tab.page.locator(".flag").first.is_visible()
            else:
                assert tab.page.locator("figure.chart svg").first.is_visible()
                assert tab.page.locator("figure.chart table").first.is_visible()
            tab.page.add_style_tag(content="html { filter: grayscale(1); }")
            screenshot(tab, screenshots, f"follow-up-{name}-print-grey")
            tab.page.emulate_media(media="screen")
    finally:
        context.close()
    assert tab.errors == [], tab.errors


def test_the_period_picker_works_without_the_script(browser: Any, followed: str) -> None:
    context = browser.new_context(locale="sv-SE", java_script_enabled=False)
    try:
        tab = context.new_page()
        tab.goto(followed + "/follow-up")
        assert tab.locator("main h1").inner_text() == "Uppföljning: helår 2024"
        tab.locator("#interim").select_option("true")
        tab.locator("form.period-picker button").click()
        tab.wait_for_load_state()
        assert "interim=true" in tab.url and "period=2024" in tab.url
        assert tab.locator("main h1").inner_text() == "Uppföljning: delår 2024"
        assert tab.locator("#interim").input_value() == "true"
        tab.locator("#period").select_option("2023")
        tab.locator("#interim").select_option("false")
        tab.locator("form.period-picker button").click()
        tab.wait_for_load_state()
        assert tab.locator("main h1").inner_text() == "Uppföljning: helår 2023"
    finally:
        context.close()
