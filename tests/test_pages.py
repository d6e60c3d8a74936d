"""The pages for people, through Flask's test client: the layout, both languages, the start
page, the goal tree and its filters, the resource pages with their trace, indicators and
findings, and the downloads. (The browser suite, test_pages_browser.py, drives them in
chromium.)"""

from __future__ import annotations

import csv
import io
import re
import xml.dom.minidom
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import pyoxigraph as ox
import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from styrgraf.model.bundled import sample_data_files
from styrgraf.render.trace_report import GOAL_TREE
from styrgraf.web.app import create_app
from tests_support import LJ

SG = "https://w3id.org/styrgraf#"
HTML = {"Accept": "text/html"}


@pytest.fixture
def app(shared_app: Flask) -> Flask:
    """Every test here that takes the app only reads: the session's one app (conftest)."""
    return shared_app


class Parsed(HTMLParser):
    """What the tests look at in a page: links, sources, ids, the lang attribute, text."""

    def __init__(self) -> None:
        super().__init__()
        self.lang: str | None = None
        self.links: list[dict[str, str | None]] = []
        self.sources: list[str] = []
        self.ids: list[str] = []
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.elements.append((tag, values))
        if tag == "html":
            self.lang = values.get("lang")
        if tag == "a" and values.get("href"):
            self.links.append(values)
        if tag in ("script", "img") and values.get("src"):
            self.sources.append(values["src"] or "")
        if tag == "link" and values.get("href"):
            self.sources.append(values["href"] or "")
        if values.get("id"):
            self.ids.append(values["id"] or "")

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    @property
    def hrefs(self) -> list[str]:
        return [str(link["href"]) for link in self.links]

    def all_text(self) -> str:
        return " ".join(" ".join(self.text).split())

    def having(self, tag: str, **wanted: str) -> list[dict[str, str | None]]:
        return [
            values
            for name, values in self.elements
            if name == tag and all(wanted[k] in (values.get(k) or "").split() for k in wanted)
        ]


def parse(response: TestResponse) -> Parsed:
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype == "text/html"
    parsed = Parsed()
    parsed.feed(response.get_data(as_text=True))
    return parsed


def api(client: FlaskClient, path: str) -> Any:
    response = client.get(path)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


# --- the layout and the languages --------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/tree", "/ljungby/id/ng-ks-3", "/dataset"])
def test_every_page_has_the_layout(client: FlaskClient, path: str) -> None:
    page = parse(client.get(path, headers=HTML))
    assert page.lang == "sv"
    skip = page.links[0]
    assert skip["href"] == "#main" and skip["class"] == "skip"
    assert "main" in page.ids
    # The main menu, in order (after the site name, which also leads to the start page).
    start = page.hrefs.index("/tree") - 1
    menu = ["/", "/tree", "/follow-up", "/coverage", "/validation", "/sparql"]
    assert page.hrefs[start : start + 6] == menu
    current = [link["href"] for link in page.links if link.get("aria-current") == "page"]
    assert current == ([path] if path in ("/", "/tree") else [])
    switch = page.having("a", **{"class": "lang-switch"})
    assert len(switch) == 1 and switch[0]["hreflang"] == "en"
    assert "lang=en" in str(switch[0]["href"])
    # Nothing from elsewhere: every script, stylesheet and icon is the service's own.
    assert page.sources and all(s.startswith("/") and not s.startswith("//") for s in page.sources)
    assert "/static/styrgraf.css" in page.sources and "/static/styrgraf.js" in page.sources


def test_the_language_is_asked_remembered_and_negotiated(app: Flask) -> None:
    client = app.test_client()
    english = client.get("/?lang=en", headers=HTML)
    assert parse(english).lang == "en"
    assert "lang=en" in english.headers["Set-Cookie"]
    assert {"Accept-Language", "Cookie"} <= set(english.vary)
    # Remembered: the next page, with no ?lang=, is in English too.
    tree = parse(client.get("/tree", headers=HTML))
    assert tree.lang == "en" and "Goal tree" in tree.all_text()
    assert parse(client.get("/tree?lang=sv", headers=HTML)).lang == "sv"
    # A fresh browser: Accept-Language decides, then the setting (Swedish).
    fresh = app.test_client()
    asked = {**HTML, "Accept-Language": "en-GB,en;q=0.9"}
    assert parse(fresh.get("/", headers=asked)).lang == "en"
    asked = {**HTML, "Accept-Language": "sv-SE,sv;q=0.9,en;q=0.5"}
    assert parse(fresh.get("/", headers=asked)).lang == "sv"
    assert parse(fresh.get("/", headers={**HTML, "Accept-Language": "de"})).lang == "sv"
    # A cookie that is no language tag is ignored; a ?lang= that is none is refused.
    fresh.set_cookie("lang", "<script>")
    assert parse(fresh.get("/", headers=HTML)).lang == "sv"
    refused = fresh.get("/?lang=%3Cscript%3E", headers=HTML)
    assert refused.status_code == 400 and refused.get_json()["parameter"] == "lang"


def test_the_static_files_are_served(client: FlaskClient) -> None:
    for path, media in (
        ("/static/styrgraf.css", "text/css"),
        ("/static/styrgraf.js", "text/javascript"),
        ("/static/favicon.svg", "image/svg+xml"),
    ):
        with client.get(path) as response:
            assert response.status_code == 200 and response.mimetype == media, path
            if path.endswith(".css"):
                css = response.get_data(as_text=True)
    assert "@media print" in css and ":focus-visible" in css
    assert "url(" not in css and "@import" not in css  # no fonts or images from elsewhere


# --- the start page ----------------------------------------------------------------------------


def test_the_start_page_shows_the_model(client: FlaskClient) -> None:
    page = parse(client.get("/", headers=HTML))
    text = page.all_text()
    assert "Ljungby kommuns styrmodell 2019–2022" in text
    assert "Mandatperiod 2019–2022" in text
    assert "I Ljungby kommun formar vi framtiden tillsammans" in text
    for area in ("tillvaxt", "kunskap", "livskvalitet", "sysselsattning", "larande"):
        assert f"/ljungby/id/{area}" in page.hrefs
    for focus in ("fokus-unga-vuxna", "fokus-vattenfragor", "fokus-berattartraditionen"):
        assert f"/ljungby/id/{focus}" in page.hrefs
    for value in ("karnvarde-oppna", "karnvarde-framat", "karnvarde-vi-vill"):
        assert f"/ljungby/id/{value}" in page.hrefs
    english = parse(client.get("/?lang=en", headers=HTML)).all_text()
    assert "Ljungby Municipality's governance model 2019–2022" in english
    assert "Quality of life" in english and "The model's health" in english


def test_the_start_page_is_for_browsers(client: FlaskClient) -> None:
    for headers in ({}, {"Accept": "*/*"}, {"Accept": "application/json"}):
        response = client.get("/", headers=headers)
        assert response.status_code == 404 and response.is_json
        assert "Accept" in response.vary
    assert "Accept" in client.get("/", headers=HTML).vary


def _health(client: FlaskClient, headers: dict[str, str]) -> dict[str, int]:
    body = client.get("/", headers={**HTML, **headers}).get_data(as_text=True)
    found = re.findall(r'<a href="(/coverage#\w+)"><span class="number">(\d+)</span>', body)
    return {href: int(number) for href, number in found}


def test_the_health_figures_are_the_coverage_reports(tmp_path: Path) -> None:
    client = _defective(tmp_path).test_client()
    figures = _health(client, {})
    summary = api(client, "/api/coverage")["summary"]
    # The goal cut loose, its plan and the plan's activities.
    assert figures["/coverage#orphans"] == summary["orphans"] == 5
    assert figures["/coverage#uncovered"] == summary["uncovered"]
    unmeasurable = api(client, "/api/queries/unmeasurable-goals")["results"]["bindings"]
    assert figures["/coverage#unmeasurable"] == len(unmeasurable) == 1
    sound = _health(create_app({"TESTING": True}).test_client(), {})
    assert sound == {"/coverage#orphans": 0, "/coverage#uncovered": 0, "/coverage#unmeasurable": 0}


def _defective(tmp_path: Path) -> Flask:
    """The bundled model with two defects: a board goal cut loose from its övergripande mål,
    and another stripped of its indicators."""
    data = ox.Store()
    for path in sample_data_files():
        data.load(path=str(path), format=ox.RdfFormat.TRIG)
    data.update(
        f"""PREFIX sg: <{SG}> PREFIX lj: <{LJ}>
        DELETE WHERE {{ GRAPH ?g {{ lj:ng-ks-3 sg:supports ?goal }} }} ;
        DELETE WHERE {{ GRAPH ?g {{ lj:ng-ks-4 sg:hasIndicator ?indicator }} }}"""
    )
    target = tmp_path / "defective.trig"
    data.dump(output=str(target), format=ox.RdfFormat.TRIG)
    # Not about the deadline: on a loaded machine the validation once took more than 10 s.
    return create_app({"TESTING": True, "data": [str(target)], "query_timeout": 60.0})


# --- the goal tree -----------------------------------------------------------------------------


def _tree_rows(client: FlaskClient, query: dict[str, str]) -> list[dict[str, str]]:
    """The rows of the tree's CSV in Swedish (read with ";" after the byte-order mark, as
    Swedish Excel reads it), each by the keys of its columns."""
    response = client.get("/tree?" + urlencode({**query, "format": "csv"}))
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeffDjup;Överordnad (IRI);IRI;")
    keys = [column.key for column in GOAL_TREE]
    return list(csv.DictReader(io.StringIO(text[1:]), fieldnames=keys, delimiter=";"))[1:]


def test_the_tree_holds_every_node_that_reaches_the_vision(client: FlaskClient) -> None:
    page = parse(client.get("/tree", headers=HTML))
    nodes = page.having("li", **{"class": "node"})
    rows = _tree_rows(client, {})
    assert len(nodes) == len(rows) > 100
    summary = api(client, "/api/coverage")["summary"]
    kinds = ("Vision", "StrategicArea", "OverarchingGoal", "BoardGoal", "ActionPlan", "Activity")
    distinct = {r["iri"] for r in rows}
    assert all(r["type"].removeprefix(SG) in kinds for r in rows)
    assert len(distinct) < summary["nodes"]  # focus areas and sub-areas are filters instead
    # Every node links to its own page, and the first is the vision.
    assert rows[0]["iri"] == LJ + "vision" and rows[0]["depth"] == "0"
    for iri in distinct:
        assert iri.replace("https://w3id.org/styrgraf", "") in page.hrefs
    # Indicators and status where known.
    goal = next(r for r in rows if r["iri"] == LJ + "ng-ks-3")
    assert set(goal["indicators"].split()) == {
        b["indicator"]["value"]
        for b in api(client, f"/api/queries/indicators-of-goal?goal={quote(LJ + 'ng-ks-3')}")[
            "results"
        ]["bindings"]
    }
    activity = next(r for r in rows if r["iri"] == LJ + "akt-2021-hr-1")
    assert activity["status"] == SG + "InProgress" and activity["status_label"] == "pågående"
    # The latest assessment counts: the årsredovisning 2022's (uppfyllt in 2019–2021).
    assessed = next(r for r in rows if r["iri"] == LJ + "ng-ks-4")
    assert assessed["status"] == SG + "NotFulfilled"
    # Unfiltered, the upper levels are open and the lower ones closed.
    details = [v for t, v in page.elements if t == "details"]
    assert any("open" in d for d in details) and any("open" not in d for d in details)


def test_the_tree_filters_by_board_unit_area_focus_and_words(client: FlaskClient) -> None:
    board = LJ + "barn-och-utbildningsnamnden"
    rows = _tree_rows(client, {"board": board})
    goals = [r for r in rows if r["type"] == SG + "BoardGoal"]
    expected = api(client, f"/api/queries/goals-of-board?board={quote(board)}")
    wanted = {
        b["goal"]["value"]
        for b in expected["results"]["bindings"]
        if b.get("type", {}).get("value") == SG + "BoardGoal"
    }
    assert goals and {r["iri"] for r in goals} == wanted
    assert all(r["board"] == board for r in goals)
    # The path up to the vision is kept as context; another board's goals are not shown.
    assert rows[0]["iri"] == LJ + "vision"
    assert all(r["board"] in ("", board) for r in rows if r["type"] != SG + "OverarchingGoal")
    unit = LJ + "enhet-hr"
    shown = _tree_rows(client, {"unit": unit})
    activities = [r for r in shown if r["type"] == SG + "Activity"]
    assert activities and all(unit in r["units"].split() for r in activities)
    area = _tree_rows(client, {"area": LJ + "kunskap"})
    assert {r["area"] for r in area} - {""} == {LJ + "kunskap"}
    focus = _tree_rows(client, {"focus": LJ + "fokus-unga-vuxna"})
    aimed = {
        b["goal"]["value"]
        for b in api(
            client, f"/api/queries/goals-by-focus-area?focusArea={quote(LJ + 'fokus-unga-vuxna')}"
        )["results"]["bindings"]
    }
    assert aimed <= {r["iri"] for r in focus}
    assert all(
        LJ + "fokus-unga-vuxna" in r["focus_areas"].split() for r in focus if r["iri"] in aimed
    )
    words = _tree_rows(client, {"q": "Ledarutvecklingsprogram"})
    assert LJ + "akt-2021-hr-1" in {r["iri"] for r in words}
    assert len(words) < 10
    # The page says how many match and marks the rest as context; hidden ones are not shown.
    page = parse(client.get("/tree?" + urlencode({"board": board}), headers=HTML))
    assert "matchar filtren" in page.all_text()
    selected = [v for t, v in page.elements if t == "option" and "selected" in v]
    assert [v["value"] for v in selected] == [board]


@pytest.mark.parametrize(
    "query",
    [{"board": LJ + "finns-inte"}, {"unit": "x"}, {"area": LJ + "vision"}, {"format": "pdf"}],
)
def test_a_bad_filter_is_a_clear_error(client: FlaskClient, query: dict[str, str]) -> None:
    # A person gets the error as a page that names the parameter; a program, the JSON shape.
    page = client.get("/tree?" + urlencode(query), headers=HTML)
    assert page.status_code == 400 and page.mimetype == "text/html"
    assert f"<code>{next(iter(query))}</code>" in page.get_data(as_text=True)
    response = client.get("/tree?" + urlencode(query), headers={"Accept": "*/*"})
    assert response.status_code == 400
    body = response.get_json()
    assert body["status"] == 400 and body["parameter"] == next(iter(query))


# --- resource pages ----------------------------------------------------------------------------


def test_the_resource_page_draws_the_trace(client: FlaskClient) -> None:
    iri = LJ + "akt-2021-hr-1"
    page = parse(client.get("/ljungby/id/akt-2021-hr-1", headers=HTML))
    paths = api(client, f"/api/trace?iri={quote(iri)}")["paths"]
    hops = {h["iri"] for path in paths for h in path}
    body = client.get("/ljungby/id/akt-2021-hr-1", headers=HTML).get_data(as_text=True)
    start = body.index('<svg class="trace-drawing"')
    drawing = body[start : body.index("</svg>", start) + 6]
    drawn = set(re.findall(r'<a href="([^"]+)" class="(?:start|vision|step)"', drawing))
    assert drawn == {h.replace("https://w3id.org/styrgraf", "") for h in hops}
    assert "<title" in drawing
    # The SVG to download is the same drawing, a file of its own.
    download = client.get(f"/trace.svg?iri={quote(iri)}")
    assert download.status_code == 200 and download.mimetype == "image/svg+xml"
    document = xml.dom.minidom.parseString(download.data).documentElement
    assert document.tagName == "svg"
    links = {a.getAttribute("href") for a in document.getElementsByTagName("a")}
    assert links == {"http://localhost" + h.replace("https://w3id.org/styrgraf", "") for h in hops}
    assert f"/trace.svg?iri={quote(iri)}" in page.hrefs
    assert client.get(f"/trace.svg?iri={quote(LJ + 'finns-inte')}").status_code == 404
    assert client.get("/trace.svg?iri=not%20an%20iri").status_code == 400


def test_the_resource_page_lists_the_indicators(client: FlaskClient) -> None:
    page = parse(client.get("/ljungby/id/ng-ks-3", headers=HTML))
    text = page.all_text()
    rows = api(client, f"/api/queries/indicators-of-goal?goal={quote(LJ + 'ng-ks-3')}")
    assert rows["results"]["bindings"]
    for row in rows["results"]["bindings"]:
        assert row["indicator"]["value"].replace("https://w3id.org/styrgraf", "") in page.hrefs
        assert row["label"]["value"] in text
        assert row["target"]["value"] in text
    assert "Inga fynd" in text
    # The table's CSV is the named query's.
    download = next(h for h in page.hrefs if h.startswith("/api/queries/indicators-of-goal?"))
    table = client.get(download)
    assert table.status_code == 200 and table.mimetype == "text/csv"
    lines = table.get_data(as_text=True).strip().splitlines()
    assert len(lines) == 1 + len(rows["results"]["bindings"])
    assert lines[0].startswith("\ufeffIndikator (IRI);Namn;")
    workbook = download.replace("format=csv", "format=xlsx")
    assert workbook in page.hrefs and client.get(workbook).status_code == 200


def test_the_resource_page_shows_the_findings_about_the_node(tmp_path: Path) -> None:
    client = _defective(tmp_path).test_client()
    cut = parse(client.get("/ljungby/id/ng-ks-3", headers=HTML))
    findings = cut.having("li", **{"class": "finding"})
    assert len(findings) >= 2
    text = cut.all_text()
    orphan = next(f for f in api(client, "/api/coverage")["orphans"] if f["iri"] == LJ + "ng-ks-3")
    assert orphan["reason"] in text
    assert "board-goal-without-overarching-goal" not in text  # the code, not the query name
    assert "no-overarching-goal" in text or "Föräldralös" in text
    assert "/coverage#orphans" in cut.hrefs and "/validation" in cut.hrefs
    # Every rule the node breaks is there, as the validation says it, in the page's language.
    for name, lang in (("ng-ks-3", "sv"), ("ng-ks-4", "sv"), ("ng-ks-4", "en")):
        shown = parse(client.get(f"/ljungby/id/{name}?lang={lang}", headers=HTML)).all_text()
        report = api(client, f"/api/validate?lang={lang}")
        about = [f for r in report["rules"] for f in r["findings"] if f["iri"] == LJ + name]
        assert about, name
        for finding in about:
            assert finding["message"] in shown, (name, lang, finding["message"])
            assert finding["rule"].replace(SG, "sg:") in shown
    unmeasured = parse(client.get("/ljungby/id/ng-ks-4?lang=sv", headers=HTML)).all_text()
    assert "no-indicator" in unmeasured and "Täckning" in unmeasured and "Regelbrott" in unmeasured


def test_the_same_page_answers_by_path_and_by_iri(client: FlaskClient) -> None:
    direct = client.get("/ljungby/id/og-ks-kunskap-1", headers=HTML)
    by_iri = client.get(f"/resource?iri={quote(LJ + 'og-ks-kunskap-1')}", headers=HTML)
    assert direct.data == by_iri.data
    switch = parse(by_iri).having("a", **{"class": "lang-switch"})[0]
    assert switch["href"] == "/ljungby/id/og-ks-kunskap-1?lang=en"


def test_no_page_reveals_personal_data(client: FlaskClient) -> None:
    from test_linked import private_words

    secrets = private_words()
    assert LJ + "iup-2021-2" in secrets
    paths = ["/", "/?lang=en", "/tree", "/tree?format=csv", "/ljungby/id/ng-sn-2"]
    paths += [f"/trace.svg?iri={quote(LJ + 'ng-sn-2')}"]
    for path in paths:
        response = client.get(path, headers=HTML)
        assert response.status_code == 200, path
        body = response.get_data(as_text=True)
        assert [s for s in secrets if s in body] == [], path
    hidden = client.get(f"/trace.svg?iri={quote(LJ + 'iup-2021-2')}")
    assert hidden.status_code == 404


BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.mark.parametrize(
    ("url", "status", "heading"),
    [
        ("/ljungby/id/finns-inte", 404, "Sidan finns inte"),
        ("/ljungby/id/finns-inte?lang=en", 404, "There is no such page"),
        ("/tree?board=urn:x", 400, "Frågan gick inte att besvara"),
    ],
)
def test_a_person_gets_an_error_as_a_page_and_a_program_the_json_shape(
    client: FlaskClient, url: str, status: int, heading: str
) -> None:
    page = client.get(url, headers={"Accept": BROWSER})
    assert page.status_code == status and page.mimetype == "text/html"
    text = page.get_data(as_text=True)
    assert f"<h1>{heading}</h1>" in text and 'href="/"' in text
    assert "Accept" in page.headers["Vary"]
    for accept in ("*/*", "text/turtle", ""):
        program = client.get(url, headers={"Accept": accept} if accept else {})
        assert program.status_code == status and program.mimetype == "application/json"
        assert program.json is not None and program.json["status"] == status


@pytest.mark.parametrize(
    ("url", "parameter"),
    [("/api/coverage?lang=z_z", "lang"), ("/api/trace", "iri"), ("/store?graph=x", "graph")],
)
def test_routes_for_programs_answer_errors_in_json_even_to_a_browser(
    client: FlaskClient, url: str, parameter: str
) -> None:
    response = client.get(url, headers={"Accept": BROWSER})
    assert response.status_code == 400 and response.mimetype == "application/json"
    body = response.get_json()
    assert body["status"] == 400 and body["error"] and body["parameter"] == parameter


def test_an_error_page_that_cannot_be_made_falls_back_to_json(client: FlaskClient) -> None:
    # A ?lang= that is no language tag is refused, and the refusal cannot be a page in it.
    response = client.get("/?lang=-bad-", headers={"Accept": BROWSER})
    assert response.status_code == 400 and response.mimetype == "application/json"
    assert response.json is not None and response.json["parameter"] == "lang"


@pytest.mark.parametrize("url", ["/ljungby/id/kommunstyrelsen", "/dataset", "/ontology"])
def test_every_link_of_a_page_leads_somewhere_real(client: FlaskClient, url: str) -> None:
    text = client.get(url, headers=HTML).get_data(as_text=True)
    links = {h.replace("&amp;", "&") for h in re.findall(r'href="([^"#]+)', text)}
    inside = sorted(h for h in links if h.startswith("/"))
    assert inside
    broken = []
    for href in inside:
        with client.get(href, headers=HTML) as answer:
            if answer.status_code != 200:
                broken.append((href, answer.status_code))
    assert broken == []
    # Terms described elsewhere are linked to where they are described, not to a page here.
    outside = {h for h in links if h.startswith("http")}
    assert "http://purl.org/dc/terms/creator" in outside or url != "/ljungby/id/kommunstyrelsen"
    assert not any("/resource?iri=http%3A%2F%2Fpurl.org" in h for h in links)


@pytest.mark.parametrize(
    ("name", "parameter"),
    [
        ("kommunstyrelsen", "board"),
        ("val-och-demokratinamnden", "board"),  # exempt: no goals, so nothing matches
        ("tillvaxt", "area"),
        ("enhet-hr", "unit"),
    ],
)
def test_a_board_unit_or_area_page_leads_to_its_part_of_the_tree(
    client: FlaskClient, name: str, parameter: str
) -> None:
    text = client.get(f"/ljungby/id/{name}", headers=HTML).get_data(as_text=True)
    (href,) = re.findall(r'class="explore"><a class="button" href="([^"]+)"', text)
    assert href == "/tree?" + urlencode({parameter: LJ + name})
    tree = client.get(href, headers=HTML)
    assert tree.status_code == 200
    matching = re.search(r"(\d+) av (\d+) noder matchar", tree.get_data(as_text=True))
    assert matching is not None
    assert (int(matching.group(1)) == 0) == (name == "val-och-demokratinamnden")
