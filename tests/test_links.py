"""Which terms become links: only http(s), mailto with an address, and the service's own
pages. A model with script IRIs (``javascript:``, ``data:``, ``vbscript:``, mixed case,
entity-like and percent-encoded) as ``foaf:page`` and ``rdfs:seeAlso``, as a predicate, a type,
a node of the goal tree and a board in the findings, served by a real service: no page or
drawing that shows them has an ``href`` of another scheme (the pages are parsed, not grepped).
The same pages in a real browser: test_links_browser.py."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest
from flask import Flask
from flask.testing import FlaskClient

from hostile_support import (
    LJ,
    ORPHAN,
    PUBLIC,
    SAFE_IRIS,
    SCRIPT_BOARD,
    SCRIPT_IRIS,
    SCRIPT_NODE,
    hostile_model,
)
from routes_support import Anchors, unsafe_links
from styrgraf.render.links import anchor, href
from styrgraf.web.app import create_app

HTML = {"Accept": "text/html"}
BOARD = LJ + "kommunstyrelsen"


@pytest.mark.parametrize(
    "url",
    [
        "http://example.org/",
        "https://example.org/a?b=c#d",
        "HTTPS://EXAMPLE.ORG/",
        "mailto:registrator@ljungby.se",
        "/resource?iri=javascript%3Aalert(1)",
        "/ljungby/id/kommunstyrelsen",
    ],
)
def test_web_and_mail_addresses_and_own_paths_are_links(url: str) -> None:
    assert href(url) == url


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(document.domain)//x",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "\x01javascript:alert(1)",
        "\x00javascript:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        "javascript&#58;alert(1)",
        "javascript&colon;alert(1)",
        "&#106;avascript:alert(1)",
        "%6Aavascript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "vbscript:msgbox(1)",
        "VBScript:msgbox(1)",
        "file:///etc/passwd",
        "urn:x:y",
        "mailto:javascript:alert(1)",
        "mailto:",
        "http:javascript:alert(1)",
        "http://",
        "//evil.example/",
        "/\\evil.example/",
        "\\\\evil.example",
        "https://example.org/ x",
        "\u00a0javascript:alert(1)",
        "",
        None,
    ],
)
def test_anything_else_is_no_link(url: str | None) -> None:
    assert href(url) is None
    written = anchor(url, "<b>text</b>", title="t")
    assert written.startswith("<span") and "href" not in written
    assert "&lt;b&gt;text&lt;/b&gt;" in written


def test_an_anchor_escapes_its_url_text_and_attributes() -> None:
    written = anchor('https://example.org/?a="b"&c', '"<x>"', data_iri='"q"', hidden=None)
    assert written == (
        '<a href="https://example.org/?a=&#34;b&#34;&amp;c" data-iri="&#34;q&#34;">'
        "&#34;&lt;x&gt;&#34;</a>"
    )


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    model = hostile_model(tmp_path_factory.mktemp("hostile"))
    yield create_app(
        {
            "TESTING": True,
            "data": [str(model)],
            "write_token": "t",
            "query_processes": 0,
            "query_timeout": 60.0,  # not about the deadline: a loaded machine once passed 10 s
        }
    )


@pytest.fixture
def client(hostile: Flask) -> FlaskClient:
    return hostile.test_client()


#: Every page and drawing that shows the hostile terms.
SHOWN = (
    "/",
    "/tree",
    "/tree?" + urlencode({"board": BOARD}),
    "/coverage",
    "/coverage/cell?" + urlencode({"board": BOARD, "area": LJ + "tillvaxt"}),
    "/validation",
    "/ljungby/id/kommunstyrelsen",
    "/ljungby/id/kommunstyrelsen?lang=en",
    "/resource?" + urlencode({"iri": SCRIPT_NODE}),
    "/resource?" + urlencode({"iri": ORPHAN}),
    "/resource?" + urlencode({"iri": LJ + "hp-2021-ekonomi"}),
    "/ljungby/graph/2019-2022",
    "/dataset",
    "/sparql?" + urlencode({"query": f"SELECT ?p ?o {{ <{BOARD}> ?p ?o }}"}),
    "/sparql?" + urlencode({"query": f"SELECT ?s {{ ?s a <{PUBLIC}> }} LIMIT 1"}),
    "/sparql?named=described-resources&run=1",
    "/trace.svg?" + urlencode({"iri": SCRIPT_NODE}),
    "/coverage.svg",
)


@pytest.mark.parametrize("path", SHOWN)
def test_no_page_links_to_a_script(client: FlaskClient, path: str) -> None:
    response = client.get(path, headers=HTML)
    assert response.status_code == 200, (path, response.get_data(as_text=True)[:300])
    body = response.get_data(as_text=True)
    assert unsafe_links(body) == []
    parser = Anchors()
    parser.feed(body)
    assert parser.hrefs, path


def test_the_resource_page_shows_script_iris_as_text_and_keeps_web_links(
    client: FlaskClient,
) -> None:
    body = client.get("/ljungby/id/kommunstyrelsen", headers=HTML).get_data(as_text=True)
    parser = Anchors()
    parser.feed(body)
    targets = {url for tag, url in parser.hrefs if tag == "a"}
    for iri in SAFE_IRIS:
        assert iri in targets
    for iri in SCRIPT_IRIS:
        assert iri not in targets
        assert iri.replace("&", "&amp;") in body  # shown, as text
    assert "vbscript:msgbox(2)" in body and "javascript:alert(3)//property" in body


def test_a_script_iri_that_the_model_describes_links_to_its_page_here(
    client: FlaskClient,
) -> None:
    tree = client.get("/tree", headers=HTML).get_data(as_text=True)
    parser = Anchors()
    parser.feed(tree)
    own = "/resource?" + urlencode({"iri": SCRIPT_NODE})
    assert ("a", own) in parser.hrefs
    page = client.get(own, headers=HTML)
    assert page.status_code == 200
    assert "=cmd aktivitet" in page.get_data(as_text=True)


def test_a_script_board_in_the_findings_is_text(client: FlaskClient) -> None:
    coverage = client.get("/coverage", headers=HTML).get_data(as_text=True)
    assert "@SUM(A1) föräldralöst mål" in coverage
    validation = client.get("/validation", headers=HTML).get_data(as_text=True)
    assert SCRIPT_BOARD in validation
    assert unsafe_links(coverage) == unsafe_links(validation) == []


PACKAGE = Path(__file__).parent.parent / "service" / "styrgraf"
#: The pages' templates and the drawings'.
TEMPLATES = [PACKAGE / "web" / "templates", PACKAGE / "render" / "templates"]


def test_no_template_writes_a_link_to_a_term_itself() -> None:
    """A term becomes a link only through link() or iri_link() (styrgraf.render.links): an
    ``href="{{ … }}"`` in a template may hold the service's own URLs, never a term."""
    import re

    written = re.compile(r'href="([^"]*\{\{[^"]*)"')
    allowed = re.compile(
        r"\{\{ (root|a\.url|item\.href|svg_url|matrix_csv_url|findings_csv_url"
        r"|csv_url|cell_url\(c\)|e\.href|target|csv_url or '#'|outward"
        # The tables' workbooks, beside their CSV.
        r"|matrix_xlsx_url|findings_xlsx_url|xlsx_url|xlsx_url or '#'"
        # The heat map's links, each made by styrgraf.render.links.href as it is laid out.
        r"|href|c\.href) \}\}"
    )
    found = []
    for template in sorted(t for folder in TEMPLATES for t in folder.iterdir()):
        for number, line in enumerate(template.read_text().splitlines(), start=1):
            for value in written.findall(line):
                if value.startswith(("{{ root }}/", "#")):
                    continue  # a path of this service or a place on the page
                rest = allowed.sub("", value)
                if "{{" in rest:
                    found.append(f"{template.name}:{number}: {value}")
    assert found == []
