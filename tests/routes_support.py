"""Every route of the app, as requests a test can send: the hostile-input suite and the header
checks go over ``create_app()``'s ``url_map``, so a new route is covered without a test naming
it. Routes with known good parameters get them (:data:`SAMPLES`); any other route is asked with
each path argument filled in (:func:`sample_urls`)."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import quote, urlencode

from flask import Flask
from werkzeug.routing import Rule

from tests_support import LJ, PRIVATE, PUBLIC

PLAN = LJ + "iup-2021-1"
"""An individual development plan: personal data, in the private graph."""
TOKEN = "test-token"


def _q(path: str, **params: str) -> str:
    return f"{path}?{urlencode(params)}" if params else path


SAMPLES: dict[str, list[str]] = {
    "static": ["/static/styrgraf.css", "/static/sparql.js"],
    "sparql.endpoint": [
        "/sparql",
        _q("/sparql", query="SELECT * { ?s ?p ?o } LIMIT 2"),
        _q("/sparql", query="SELECT * { ?s ?p ?o } LIMIT 2", format="csv"),
        _q("/sparql", named="goals-of-board", board=LJ + "kommunstyrelsen", run="1"),
        _q("/sparql", named="described-resources", run="1"),
    ],
    "api.trace_node": [
        _q("/api/trace", iri=PLAN),
        _q("/api/trace", iri=LJ + "ng-ks-3", direction="down", format="csv"),
        _q("/api/trace", iri=LJ + "ng-ks-3", format="xlsx"),
    ],
    "api.coverage_report": [
        "/api/coverage",
        _q("/api/coverage", format="csv"),
        _q("/api/coverage", format="xlsx"),
    ],
    "api.validation_report": ["/api/validate", _q("/api/validate", format="csv")],
    "api.list_queries": ["/api/queries"],
    "api.run_query": [
        _q("/api/queries/described-resources", format="csv"),
        _q("/api/queries/described-resources", format="xlsx", lang="en"),
        _q("/api/queries/goals-of-board", board=LJ + "kommunstyrelsen"),
    ],
    "api.health": ["/health"],
    "api.openapi": ["/openapi.json"],
    "graphstore.graph_store": [_q("/store", graph=PUBLIC), _q("/store", graph=PRIVATE)],
    "pages.trace_svg": [_q("/trace.svg", iri=PLAN), _q("/trace.svg", iri=LJ + "akt-2021-hr-1")],
    "pages.start": ["/"],
    "pages.goal_tree_page": ["/tree", _q("/tree", format="csv"), _q("/tree", format="xlsx")],
    "dashboards.coverage_page": ["/coverage"],
    "dashboards.coverage_svg": ["/coverage.svg"],
    "dashboards.matrix_csv": ["/coverage/matrix.csv"],
    "dashboards.matrix_xlsx": ["/coverage/matrix.xlsx"],
    "dashboards.cell": [
        _q("/coverage/cell", board=LJ + "kommunstyrelsen", area=LJ + "tillvaxt"),
    ],
    "dashboards.validation_page": ["/validation"],
    "workbook.workbook_download": [
        _q("/workbook", board=LJ + "kommunstyrelsen", period="2021"),
        _q("/workbook", board=LJ + "kommunstyrelsen", period="2022", interim="true", lang="en"),
    ],
    "workbook_upload.form": [
        "/workbook/import",
        _q("/workbook/import", board=LJ + "kommunstyrelsen", period="2022", interim="true"),
    ],
    "linked.dereference": [
        "/ljungby/id/iup-2021-1",
        "/ljungby/id/kommunstyrelsen",
        "/ljungby/id/kommunstyrelsen.ttl",
        "/ljungby/graph/2019-2022-private",
    ],
    "linked.resource": [_q("/resource", iri=PLAN), _q("/resource", iri=LJ + "ng-ks-3")],
    "linked.ontology_in_format": ["/ontology.ttl"],
    "linked.ontology": ["/ontology"],
    "linked.shapes": ["/shapes/rules"],
    "linked.void": ["/.well-known/void"],
    "linked.dataset_in_format": ["/dataset.ttl"],
    "linked.dataset": ["/dataset"],
}
"""Requests each route answers in earnest (with the token, the private ones too)."""


def rules(app: Flask) -> list[Rule]:
    return sorted(app.url_map.iter_rules(), key=lambda rule: rule.rule)


def generic_url(rule: Rule, value: str = "x") -> str:
    """The rule's path with every argument filled in with ``value`` (percent-encoded)."""
    path = rule.rule
    for argument in rule.arguments:
        for converter in ("path:", ""):
            path = path.replace(f"<{converter}{argument}>", quote(value, safe=""))
    return path


def sample_urls(app: Flask, method: str = "GET") -> list[tuple[Rule, str]]:
    """Every route that answers ``method``, with its samples, or its path filled in."""
    found: list[tuple[Rule, str]] = []
    for rule in rules(app):
        if method not in (rule.methods or ()):
            continue
        for url in SAMPLES.get(rule.endpoint, [generic_url(rule)]):
            found.append((rule, url))
    return found


class Anchors(HTMLParser):
    """Every ``href`` (and SVG ``xlink:href``) of a page or drawing, and every ``<script>``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[tuple[str, str]] = []
        self.scripts: list[dict[str, str | None]] = []
        self.handlers: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "xlink:href", "src", "action", "formaction") and value is not None:
                self.hrefs.append((tag, value))
            if name.startswith("on"):
                self.handlers.append((tag, name))
        if tag == "script":
            self.scripts.append(dict(attrs))

    handle_startendtag = handle_starttag


SAFE_SCHEMES = ("http", "https", "mailto")


def scheme_of(url: str) -> str | None:
    """The scheme a browser would see in ``url``: as it does, leading spaces and control
    characters are dropped and tabs and newlines inside are ignored first."""
    cleaned = url.lstrip("".join(chr(c) for c in range(0x21)))
    cleaned = cleaned.replace("\t", "").replace("\n", "").replace("\r", "")
    head, colon, _ = cleaned.partition(":")
    if not colon or "/" in head or "?" in head or "#" in head:
        return None
    return head.lower()


def unsafe_links(markup: str) -> list[tuple[str, str]]:
    """The links of a page or drawing that lead to anything but http(s), mailto or a place
    on this service."""
    parser = Anchors()
    parser.feed(markup)
    return [
        (tag, url)
        for tag, url in parser.hrefs
        if (scheme := scheme_of(url)) is not None and scheme not in SAFE_SCHEMES
    ]
