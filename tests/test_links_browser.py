"""The hostile model's pages in a real browser (chromium over a real ``styrgraf serve``): the
anchors of the DOM lead only to http(s), mailto or the service itself, and the pages' policy
refuses a script written into the page, as it would one that got past the templates."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import pytest

from browser_support import RecordedPage, recorded_page, serving_pages
from hostile_support import LJ, ORPHAN, SCRIPT_NODE, hostile_model

PAGES = (
    "/",
    "/tree",
    "/coverage",
    "/validation",
    "/ljungby/id/kommunstyrelsen",
    "/resource?" + urlencode({"iri": SCRIPT_NODE}),
    "/resource?" + urlencode({"iri": ORPHAN}),
    "/sparql?" + urlencode({"query": f"SELECT ?p ?o {{ <{LJ}kommunstyrelsen> ?p ?o }}"}),
)


@pytest.fixture(scope="module")
def hostile_served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("hostile-serve")
    model = hostile_model(folder)
    # Not about the deadline: on a loaded machine the validation once took more than 10 s.
    with serving_pages(folder, "--data", str(model), STYRGRAF_QUERY_TIMEOUT="60") as url:
        yield url


@pytest.fixture
def hostile_page(browser: Any, hostile_served: str) -> Iterator[RecordedPage]:
    with recorded_page(browser, hostile_served) as recorded:
        yield recorded


def test_every_anchor_in_the_dom_leads_to_the_web_mail_or_the_service(
    hostile_page: RecordedPage,
) -> None:
    for path in PAGES:
        hostile_page.open(path)
        # The protocol as the browser resolved it, for HTML and SVG anchors alike.
        protocols = hostile_page.page.eval_on_selector_all(
            "a[href], a[*|href]",
            """links => links.map(a => {
                const raw = a.getAttribute('href') ?? a.getAttributeNS(
                    'http://www.w3.org/1999/xlink', 'href');
                return [new URL(raw, document.baseURI).protocol, raw];
            })""",
        )
        assert protocols, path
        unsafe = [
            raw for protocol, raw in protocols if protocol not in ("http:", "https:", "mailto:")
        ]
        assert unsafe == [], path
    hostile_page.open("/ljungby/id/kommunstyrelsen")
    text = hostile_page.page.inner_text("main")
    assert "javascript:alert(document.domain)//x" in text  # shown, as text


def test_the_policy_refuses_a_script_written_into_a_page(hostile_page: RecordedPage) -> None:
    hostile_page.open("/ljungby/id/kommunstyrelsen")
    page = hostile_page.page
    with page.expect_console_message(lambda m: "Content Security Policy" in m.text) as refusal:
        # An inline script that is allowed runs as it is added; this one must not.
        ran = page.evaluate(
            """() => {
                window.ran = false;
                const script = document.createElement('script');
                script.textContent = 'window.ran = true';
                document.body.appendChild(script);
                return window.ran;
            }"""
        )
    assert ran is False
    assert "script-src" in refusal.value.text
    hostile_page.errors.clear()  # the refusal is logged on purpose
