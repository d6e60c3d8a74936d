"""The coverage, validation and query pages through Flask's test client: what each shows comes
from the library (the coverage report, the validation report, the named queries), complete and
linked, and their downloads say the same as the API."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from rdflib import SH, URIRef

from styrgraf.analysis.coverage import ORPHAN_REASONS, UNCOVERED_REASONS
from styrgraf.generator.generate import generate
from styrgraf.i18n.words import word
from styrgraf.model.validation import describe_rules, load_shapes
from styrgraf.sparql.queries import load_queries
from styrgraf.web.app import create_app

BASE = "https://w3id.org/styrgraf/"
HTML = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
DATA = Path(__file__).parent / "data"
#: Patches over tests/data/base.ttl that break rules (each adds what it needs).
BROKEN = [
    "invalid/Activity-no-plan.trig",
    "invalid/Board-three-goals-in-area.trig",
    "invalid/ActionPlan-realises-class-overarching-goal.trig",
    "invalid/FocusArea-addressed-by-no-goal.trig",
]


class Page(HTMLParser):
    """The parts of a page the tests look at: elements by id, links, and each element's
    attributes in document order."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.text_parts: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}))

    def handle_data(self, data: str) -> None:
        self.text_parts.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.text_parts).split())

    @property
    def ids(self) -> set[str]:
        return {a["id"] for _, a in self.elements if "id" in a}

    @property
    def hrefs(self) -> list[str]:
        return [a["href"] for tag, a in self.elements if tag == "a" and "href" in a]

    def having(self, attribute: str) -> list[dict[str, str]]:
        return [a for _, a in self.elements if attribute in a]


def _local(iri: str) -> str:
    """Where the service serves a resource of the model (its path under the base IRI)."""
    if iri.startswith(BASE):
        return "/" + iri.removeprefix(BASE)
    return f"/resource?iri={quote(iri, safe='')}"


def page(client: FlaskClient, url: str, status: int = 200) -> Page:
    """The page at ``url``, in the language it asks for (the clients are shared, so the
    language a page before chose is forgotten)."""
    client.delete_cookie("lang")
    response = client.get(url, headers=HTML)
    assert response.status_code == status, (url, response.get_data(as_text=True)[:300])
    assert response.mimetype == "text/html"
    return Page(response.get_data(as_text=True))


@pytest.fixture(scope="module")
def defects(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A synthetic model with defects of every kind planted (one municipality)."""
    path = tmp_path_factory.mktemp("pages-reports") / "model.trig"
    generate(1).write_trig(path)
    return path


@pytest.fixture(scope="module")
def planted(defects: Path) -> FlaskClient:
    return create_app({"TESTING": True, "data": [str(defects)], "query_processes": 0}).test_client()


@pytest.fixture(scope="module")
def broken() -> FlaskClient:
    files = [str(DATA / "base.ttl"), *(str(DATA / name) for name in BROKEN)]
    return create_app({"TESTING": True, "data": files, "query_processes": 0}).test_client()


@pytest.fixture(scope="module")
def sound(tmp_path_factory: pytest.TempPathFactory) -> FlaskClient:
    """A synthetic model with no defect planted: it follows every rule and recommendation
    (the bundled one warns of its planted follow-up cases)."""
    path = tmp_path_factory.mktemp("pages-reports-sound") / "model.trig"
    generate(1, seed=3, defects=False).write_trig(path)
    return create_app({"TESTING": True, "data": [str(path)], "query_processes": 0}).test_client()


@pytest.fixture(scope="module")
def ljungby(shared_app: Flask) -> FlaskClient:
    """The bundled model, read only: the session's one app (conftest)."""
    return shared_app.test_client()


def _report(client: FlaskClient, lang: str = "sv") -> dict[str, Any]:
    found: dict[str, Any] = client.get(f"/api/coverage?lang={lang}").get_json()
    return found


def _cells(elements: list[dict[str, str]]) -> dict[tuple[str, str], dict[str, str]]:
    return {(a["data-board"], a["data-area"]): a for a in elements if "data-status" in a}


def _same_cells(drawn: dict[tuple[str, str], dict[str, str]], report: dict[str, Any]) -> None:
    cells = report["matrix"]["cells"]
    assert len(drawn) == len(cells)
    for cell in cells:
        shown = drawn[(cell["board"], cell["area"])]
        assert shown["data-status"] == cell["status"]
        assert int(shown["data-goals"]) == cell["overarching_goals"]
        assert int(shown["data-board-goals"]) == cell["board_goals"]
        assert int(shown["data-activities"]) == cell["activities"]


# --- the coverage page ---


def test_coverage_map_cells_are_the_api_matrix(planted: FlaskClient) -> None:
    report = _report(planted)
    assert {c["status"] for c in report["matrix"]["cells"]} >= {"empty", "overfull", "ok"}
    shown = page(planted, "/coverage")
    drawn = [a for tag, a in shown.elements if tag == "a" and "hm-c" in a.get("class", "")]
    _same_cells(_cells(drawn), report)
    # Each cell links to the goals behind it.
    for link in drawn:
        query = parse_qs(urlsplit(link["href"]).query)
        assert urlsplit(link["href"]).path == "/coverage/cell"
        assert query == {"board": [link["data-board"]], "area": [link["data-area"]]}
    # Each board and area heading links to its page.
    svg_links = [a["href"] for tag, a in shown.elements if tag == "a" and "class" not in a]
    for entry in report["matrix"]["boards"] + report["matrix"]["areas"]:
        assert _local(entry["iri"]) in svg_links or _local(entry["iri"]) in shown.hrefs
    # The table equivalent holds the same cells.
    table = [a for tag, a in shown.elements if tag == "td" and "data-status" in a]
    _same_cells(_cells(table), report)


def test_coverage_lists_every_finding_with_its_reason_and_links(planted: FlaskClient) -> None:
    for lang in ("sv", "en"):
        report = _report(planted, lang)
        shown = page(planted, f"/coverage?lang={lang}")
        assert report["orphans"] and report["uncovered"]
        for finding in report["orphans"] + report["uncovered"]:
            assert finding["reason"] in shown.text
            assert _local(finding["iri"]) in shown.hrefs, finding["iri"]
        codes = {f["code"] for f in report["orphans"] + report["uncovered"]}
        for code in codes:
            assert (f"reason-{code}" in shown.ids) or (
                code in ("no-indicator", "no-target") and "unmeasurable" in shown.ids
            )
        assert {"orphans", "uncovered", "unmeasurable", "map", "counts"} <= shown.ids
        assert f"({len(report['orphans'])})" in shown.text
        for board in report["summary"]["findings_by_board"]:
            assert board["label"] in shown.text


def test_coverage_of_a_sound_model_says_so(ljungby: FlaskClient) -> None:
    shown = page(ljungby, "/coverage")
    report = _report(ljungby)
    assert not report["orphans"] and not report["uncovered"]
    assert f"Inga föräldralösa noder: alla {report['summary']['nodes']} noder når visionen." in (
        shown.text
    )
    assert {"orphans", "uncovered", "unmeasurable"} <= shown.ids
    english = page(ljungby, "/coverage?lang=en")
    assert "No orphans" in english.text
    assert ("html", {"lang": "en"}) in english.elements


def test_every_reason_code_has_words_in_both_languages() -> None:
    for code in ORPHAN_REASONS + UNCOVERED_REASONS:
        for key in (f"reason.{code}", f"reason.{code}.help"):
            swedish, english = word(key, "sv"), word(key, "en")
            assert swedish and english and swedish != english


def test_coverage_svg_is_the_same_drawing(planted: FlaskClient) -> None:
    response = planted.get("/coverage.svg")
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    root = ET.fromstring(response.get_data())
    drawn = [{k: v for k, v in e.attrib.items()} for e in root.iter() if "data-status" in e.attrib]
    drawn = [a for a in drawn if "data-board" in a]
    _same_cells(_cells(drawn), _report(planted))
    links = [e for e in root.iter("{http://www.w3.org/2000/svg}a")]
    cells = [e.get("href") or "" for e in links if e.get("class") == "hm-c"]
    assert cells and all(link.startswith("http://localhost/coverage/cell?") for link in cells)
    # The headings link to the boards' and areas' pages, absolute as in a file of its own.
    headings = [e.get("href") or "" for e in links if e.get("class") != "hm-c"]
    report = _report(planted)["matrix"]
    assert sorted(headings) == sorted(
        "http://localhost" + _local(entry["iri"]) for entry in report["boards"] + report["areas"]
    )


def test_matrix_csv_is_the_matrix(planted: FlaskClient) -> None:
    response = planted.get("/coverage/matrix.csv?lang=en")
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).removeprefix("\ufeff"))))
    cells = _report(planted)["matrix"]["cells"]
    assert [(r["board"], r["area"], r["status"]) for r in rows] == [
        (c["board"], c["area"], c["status"]) for c in cells
    ]
    assert [int(r["overarching_goals"]) for r in rows] == [c["overarching_goals"] for c in cells]


def test_each_cell_page_lists_the_goals_the_matrix_counts(planted: FlaskClient) -> None:
    report = _report(planted)
    for cell in report["matrix"]["cells"]:
        url = f"/coverage/cell?board={quote(cell['board'])}&area={quote(cell['area'])}"
        shown = page(planted, url)
        overarching = [a for a in shown.having("data-iri") if a.get("href")]
        lists = [a for tag, a in shown.elements if tag == "ul" and "data-kind" in a]
        kinds = [a["data-kind"] for a in lists]
        counted = {"OverarchingGoal": cell["overarching_goals"], "BoardGoal": cell["board_goals"]}
        for kind, count in counted.items():
            assert (kind in kinds) == (count > 0), (url, kind)
        assert len(overarching) == cell["overarching_goals"] + cell["board_goals"], url
        assert cell["board_label"] in shown.text and cell["area_label"] in shown.text
        # Beneath each övergripande mål: the board's nämndsmål that support it, and more.
        listed = [a["href"] for a in shown.having("data-iri")]
        if cell["overarching_goals"] and not cell["council"]:
            trees = shown.hrefs[shown.hrefs.index(listed[0], 1) :]
            assert all(href in trees for href in listed[cell["overarching_goals"] :]), url


def test_cell_page_refuses_what_it_cannot_show(planted: FlaskClient) -> None:
    board = _report(planted)["matrix"]["cells"][0]["board"]
    for url, status, parameter in (
        ("/coverage/cell", 400, "board"),
        (f"/coverage/cell?board={quote(board)}", 400, "area"),
        (f"/coverage/cell?board=not-an-iri&area={quote(board)}", 400, "board"),
        ("/coverage/cell?board=urn:x:nothing&area=urn:x:nothing", 404, None),
    ):
        page = planted.get(url, headers=HTML)
        assert page.status_code == status and page.mimetype == "text/html", url
        if parameter is not None:
            assert f"<code>{parameter}</code>" in page.get_data(as_text=True)
        response = planted.get(url, headers={"Accept": "*/*"})
        assert response.status_code == status, url
        body = response.get_json()
        assert body["status"] == status and body["error"]
        assert body.get("parameter") == parameter


# --- the validation page ---


def test_validation_page_groups_findings_by_rule_with_explanations(broken: FlaskClient) -> None:
    rules = {r.iri: r for r in describe_rules(load_shapes(), "sv")}
    report = broken.get("/api/validate").get_json()
    assert not report["conforms"] and len(report["rules"]) >= 3
    shown = page(broken, "/validation")
    for rule in report["rules"]:
        anchor = "rule-" + rule["rule"].removeprefix("https://w3id.org/styrgraf#")
        assert anchor in shown.ids
        assert f"#{anchor}" in shown.hrefs  # the list of broken rules links to it
        assert rule["name"] in shown.text
        assert rules[rule["rule"]].explanation in shown.text
        for finding in rule["findings"]:
            assert finding["message"] in shown.text
            assert _local(finding["iri"]) in shown.hrefs
    assert "Modellen bryter mot styrmodellens regler." in shown.text
    english = page(broken, "/validation?lang=en")
    assert "The model breaks the rules of the governance model." in english.text
    for rule in broken.get("/api/validate?lang=en").get_json()["rules"]:
        assert rule["name"] in english.text


def test_validation_csv_has_every_finding(broken: FlaskClient) -> None:
    report = broken.get("/api/validate?lang=en").get_json()
    response = broken.get("/api/validate?format=csv&lang=en")
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).removeprefix("\ufeff"))))
    expected = [(r["rule"], f["iri"], f["message"]) for r in report["rules"] for f in r["findings"]]
    assert [(r["rule"], r["iri"], r["message"]) for r in rows] == expected
    assert {r["rule_name"] for r in rows} == {r["name"] for r in report["rules"]}
    shown = page(broken, "/validation")
    assert "/api/validate?lang=sv&format=csv" in shown.hrefs
    assert "/api/validate?lang=sv&format=xlsx" in shown.hrefs
    assert broken.get("/api/validate", headers={"Accept": "text/csv"}).mimetype == "text/csv"


def test_validation_of_a_sound_model_shows_every_rule_followed(sound: FlaskClient) -> None:
    shown = page(sound, "/validation")
    rules = describe_rules(load_shapes(), "sv")
    assert "Modellen följer alla regler." in shown.text
    violations = sum(r.severity == "Violation" for r in rules)
    assert f"{violations} regler och {len(rules) - violations} rekommendationer" in shown.text
    for rule in rules:
        assert rule.name in shown.text and rule.explanation in shown.text
    assert shown.text.count("följs") >= len(rules)


def test_every_rule_is_explained_in_plain_words() -> None:
    shapes = load_shapes()
    for lang in ("sv", "en"):
        rules = describe_rules(shapes, lang)
        named = {s for s in shapes.subjects(SH.name, None) if isinstance(s, URIRef)}
        assert {r.iri for r in rules} == {str(s) for s in named}
        for rule in rules:
            assert rule.explanation, rule.iri
            # A placeholder belongs in a finding's message, never in a rule's explanation.
            assert "{" not in rule.explanation, rule.iri
            assert rule.name != rule.iri


# --- the query page ---


def test_query_page_lists_every_named_query(ljungby: FlaskClient) -> None:
    shown = page(ljungby, "/sparql")
    named = [a["data-named"] for a in shown.having("data-named")]
    assert sorted(named) == sorted(load_queries())
    for query in load_queries().values():
        assert query.summary in shown.text
    assert "query" in shown.ids and ("label", {"for": "query", "class": "editor-label"}) in (
        shown.elements
    )
    data = next(
        a for tag, a in shown.elements if tag == "script" and a.get("id") == "named-queries"
    )
    assert data["type"] == "application/json"


def test_query_page_runs_a_named_query_without_script(ljungby: FlaskClient) -> None:
    expected = ljungby.get("/api/queries/boards").get_json()
    shown = page(ljungby, "/sparql?named=boards&run=1")
    rows = len(expected["results"]["bindings"])
    assert rows > 0 and f"{rows} rader" in shown.text
    for binding in expected["results"]["bindings"]:
        assert binding["label"]["value"] in shown.text
    csv_link = next(a for a in shown.having("id") if a["id"] == "csv-link")
    assert "hidden" not in csv_link
    download = ljungby.get(csv_link["href"])
    assert download.mimetype == "text/csv"
    assert len(list(csv.reader(io.StringIO(download.get_data(as_text=True))))) == rows + 1


def test_query_page_with_a_parameter(ljungby: FlaskClient) -> None:
    board = "https://w3id.org/styrgraf/ljungby/id/kommunstyrelsen"
    expected = ljungby.get(f"/api/queries/goals-of-board?board={quote(board)}").get_json()
    shown = page(ljungby, f"/sparql?named=goals-of-board&board={quote(board)}&run=1")
    assert f"{len(expected['results']['bindings'])} rader" in shown.text
    missing = page(ljungby, "/sparql?named=goals-of-board&run=1", 400)
    assert "parameter 'board': required by goals-of-board" in missing.text
    unknown = ljungby.get("/sparql?named=no-such-query", headers=HTML)
    assert unknown.status_code == 404 and unknown.get_json()["parameter"] == "named"


def test_query_page_runs_a_query_through_the_endpoint(ljungby: FlaskClient) -> None:
    text = (
        "PREFIX sg: <https://w3id.org/styrgraf#> "
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
        "SELECT ?board ?label WHERE { ?board a sg:Board ; rdfs:label ?label } ORDER BY ?label"
    )
    expected = ljungby.get("/sparql", query_string={"query": text}).get_json()
    shown = page(ljungby, "/sparql?" + f"query={quote(text)}")
    assert f"{len(expected['results']['bindings'])} rader" in shown.text
    # The CSV download is the endpoint's own CSV, whatever the browser's Accept.
    download = ljungby.get("/sparql", query_string={"query": text, "format": "csv"}, headers=HTML)
    assert download.mimetype == "text/csv"
    assert "attachment" in download.headers["Content-Disposition"]
    direct = ljungby.get("/sparql", query_string={"query": text}, headers={"Accept": "text/csv"})
    assert download.get_data() == direct.get_data()
    # A download link is followed with whatever Accept the browser sends for downloads.
    for accept in ("*/*", "application/json"):
        linked = ljungby.get(
            "/sparql", query_string={"query": text, "format": "csv"}, headers={"Accept": accept}
        )
        assert linked.mimetype == "text/csv" and linked.get_data() == direct.get_data()


def test_query_page_shows_the_endpoints_refusals(ljungby: FlaskClient) -> None:
    service = "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"
    shown = page(ljungby, f"/sparql?query={quote(service)}", 400)
    assert "federated queries (SERVICE) are not answered here" in shown.text
    broken = page(ljungby, f"/sparql?query={quote('SELECT * WHERE {')}", 400)
    assert "(400)" in broken.text
    bad = ljungby.get("/sparql?query=ASK%7B%7D&format=pdf", headers=HTML)
    assert bad.status_code == 400 and bad.get_json()["parameter"] == "format"
    # A workbook holds a SELECT's solutions: an ASK's or a CONSTRUCT's answer is none.
    for query in ("ASK {}", "CONSTRUCT WHERE { ?s ?p ?o }"):
        refused = ljungby.get("/sparql", query_string={"query": query, "format": "xlsx"})
        assert refused.status_code == 406 and refused.get_json()["parameter"] == "format"


def test_machines_still_get_results_from_the_endpoint(ljungby: FlaskClient) -> None:
    """Only a browser gets the page: a client that asks for results, or anything, gets them."""
    text = "SELECT * WHERE { ?s ?p ?o } LIMIT 2"
    for accept in ("*/*", "application/sparql-results+json", ""):
        response = ljungby.get("/sparql", query_string={"query": text}, headers={"Accept": accept})
        assert response.status_code == 200
        assert len(json.loads(response.get_data())["results"]["bindings"]) == 2
    # SPARQLWrapper adds format=json and output=json to its GETs (a regression: a 400 once).
    wrapped = ljungby.get(
        "/sparql",
        query_string={"query": text, "format": "json", "output": "json"},
        headers={"Accept": "application/sparql-results+json"},
    )
    assert wrapped.status_code == 200
    assert len(wrapped.get_json()["results"]["bindings"]) == 2


def test_a_language_that_is_no_language_tag_is_refused(planted: FlaskClient) -> None:
    """A regression: a malformed ?lang= on these pages was a 500."""
    board = _report(planted)["matrix"]["cells"][0]
    cell = f"/coverage/cell?board={quote(board['board'])}&area={quote(board['area'])}"
    for path in ("/coverage", "/coverage.svg", "/coverage/matrix.csv", cell, "/validation"):
        for url in (f"{path}{'&' if '?' in path else '?'}lang=x_y", "/sparql?lang=x_y"):
            response = planted.get(url, headers=HTML)
            assert response.status_code == 400, url
            assert response.get_json() == {
                "error": response.get_json()["error"],
                "status": 400,
                "parameter": "lang",
            }


def test_downloads_answer_in_any_page_language(planted: FlaskClient, broken: FlaskClient) -> None:
    """A regression: the download links of a page in a language the API has no words for
    (?lang=de: German labels where the model has them, Swedish words) were 400s."""
    cell = _report(planted)["matrix"]["cells"][0]
    cell_url = f"/coverage/cell?board={quote(cell['board'])}&area={quote(cell['area'])}"
    for client, path in (
        (planted, "/coverage?lang=de"),
        (planted, cell_url + "&lang=de"),
        (broken, "/validation?lang=de"),
    ):
        shown = page(client, path)
        downloads = [
            a["href"]
            for tag, a in shown.elements
            if tag in ("a", "link")
            and "href" in a
            and (a["href"].startswith(("/api/", "/coverage.")) or a.get("type") == "text/csv")
        ]
        assert downloads, path
        for href in sorted(set(downloads)):
            assert client.get(href).status_code == 200, (path, href)


def test_query_page_keeps_the_dataset_of_the_request(ljungby: FlaskClient) -> None:
    text = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    for graph in ("https://w3id.org/styrgraf/ljungby/graph/2019-2022", "urn:x:no-such-graph"):
        args = {"query": text, "default-graph-uri": graph}
        direct = ljungby.get("/sparql", query_string=args, headers={"Accept": "text/csv"})
        linked = ljungby.get("/sparql", query_string={**args, "format": "csv"}, headers=HTML)
        assert linked.get_data() == direct.get_data()
        shown = page(ljungby, "/sparql?" + "&".join(f"{k}={quote(v)}" for k, v in args.items()))
        count = list(csv.reader(io.StringIO(direct.get_data(as_text=True))))[1][0]
        assert f">{count}<" in "".join(f">{p}<" for p in shown.text_parts), graph
