"""The Content-Security-Policy: every answer of every route carries it (the pages and the
drawings above all), it allows scripts only from the service's own files, and no template or
static page holds an inline script or an ``on…=`` handler that it would refuse (JSON data
blocks are data, not script). In the browser: test_links_browser.py."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from routes_support import Anchors, sample_urls
from styrgraf.web.app import CONTENT_SECURITY_POLICY

PACKAGE = Path(__file__).parent.parent / "service" / "styrgraf"


def test_the_policy_allows_no_inline_script() -> None:
    directives = dict(
        (part.split()[0], part.split()[1:]) for part in CONTENT_SECURITY_POLICY.split(";")
    )
    assert directives["script-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["form-action"] == ["'self'"]
    assert directives["default-src"] == ["'self'"]


def test_every_answer_carries_the_policy(reader: FlaskClient) -> None:
    missing = []
    kinds: set[str] = set()
    for rule, url in sample_urls(reader.application):
        for accept in ("text/html", "*/*"):
            response = reader.get(url, headers={"Accept": accept}, buffered=True)
            response.close()
            kinds.add(response.mimetype)
            if response.headers.get("Content-Security-Policy") != CONTENT_SECURITY_POLICY:
                missing.append(f"{rule.rule} {url} ({accept}): {response.status_code}")
    assert missing == []
    assert {"text/html", "image/svg+xml"} <= kinds


def test_every_page_holds_no_inline_script(reader: FlaskClient) -> None:
    for rule, url in sample_urls(reader.application):
        response = reader.get(url, headers={"Accept": "text/html"}, buffered=True)
        response.close()
        if response.mimetype not in ("text/html", "image/svg+xml"):
            continue
        parser = Anchors()
        parser.feed(response.get_data(as_text=True))
        inline = [
            s for s in parser.scripts if not s.get("src") and s.get("type") != "application/json"
        ]
        assert inline == [], (rule.rule, url)
        assert parser.handlers == [], (rule.rule, url)


HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
SCRIPT = re.compile(r"<script(?![^>]*\b(src=|type=\"application/json\"))[^>]*>", re.IGNORECASE)


@pytest.mark.parametrize(
    "path",
    sorted(
        [*(PACKAGE / "web" / "templates").iterdir(), *(PACKAGE / "web" / "static").glob("*.svg")]
    ),
    ids=lambda p: p.name,
)
def test_no_template_holds_an_inline_script_or_handler(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert SCRIPT.findall(text) == []
    assert HANDLER.findall(text) == []
    assert "javascript:" not in text.lower()
