"""The follow-up pages through Flask's test client, over a small model with known numbers (the
example model of tests/data/base.ttl with results and assessments in three periods): the
follow-up page's statuses, reasons, counts, findings, period picker, CSV and errors; a goal's
status over time and its indicators' charts and tables; the vision's distance to its number; the
start page's summary. Swedish and English, each with its own number forms. (The browser suite,
test_follow_up_browser.py, renders them in chromium.)"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from flask.testing import FlaskClient

from styrgraf.render.fulfilment_table import COLUMNS
from styrgraf.web.app import create_app

DATA = Path(__file__).parent / "data"
EX = "https://example.org/exempelkommun/"
HTML = {"Accept": "text/html"}
NBSP = "\xa0"

#: Results and assessments over tests/data/base.ttl, whose nämndsmål ex:nm-1 (indicator ex:ind-1:
#: baseline 88,5 in 2022, target 95 in 2026, higher is better) already has 91,2 for 2024 and is
#: judged delvis uppfyllt in the annual report 2024.
#:
#: - helår 2024: nm-1 91,2 is better than the baseline but behind the path (91,75): delvis;
#:   nm-2 78,5 against 90, no better than the baseline 82: ej uppfyllt, judged uppfyllt (two
#:   steps apart: a disagreement); its other indicator says no direction. Rolled up: om-a and
#:   om-kommun delvis (om-kommun judged uppfyllt, one step), om-b ej uppfyllt; om-a is judged
#:   with a status of the municipality's own ("grön") that is on no step of the scale.
#: - delår 2024: nm-1 95,5 reaches the target: uppfyllt (om-a, om-kommun too); om-b is judged
#:   delvis while none of its nämndsmål is judged: a finding.
#: - helår 2023: nm-1 90,0, behind the path (90,125) but better than the baseline: delvis.
#: - The vision's number: 27 940 in 2018 to 35 000 in 2035; 28 440 in 2023, 28 540 in 2024.
FOLLOW_UP = """
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix ex: <https://example.org/exempelkommun/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix sg: <https://w3id.org/styrgraf#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

ex:ar2023 a sg:BudgetYear ; rdfs:label "Budgetåret 2023"@sv ; sg:year "2023"^^xsd:gYear ;
    sg:startDate "2023-01-01"^^xsd:date ; sg:endDate "2023-12-31"^^xsd:date .
ex:delarsrapport-2024 a sg:InterimReport ; rdfs:label "Delårsrapport 2024"@sv ;
    sg:period ex:ar2024 .

ex:utfall-ind-1-2023 a sg:Value ; sg:indicator ex:ind-1 ; sg:period ex:ar2023 ;
    sg:numericValue 90.0 .
ex:utfall-ind-1-2024-delar a sg:Value ; sg:indicator ex:ind-1 ; sg:period ex:ar2024 ;
    sg:periodPart sg:Interim ; sg:numericValue 95.5 .
ex:utfall-ind-1-2024-kvinnor a sg:Value ; sg:indicator ex:ind-1 ; sg:period ex:ar2024 ;
    sg:gender sg:Women ; sg:numericValue 93.4 .
ex:utfall-ind-1-2024-man a sg:Value ; sg:indicator ex:ind-1 ; sg:period ex:ar2024 ;
    sg:gender sg:Men ; sg:numericValue 89.1 .

ex:utfall-ind-2-2024 a sg:Value ; sg:indicator ex:ind-2 ; sg:period ex:ar2024 ;
    sg:numericValue 78.5 .
ex:ind-3 a sg:Indicator ; rdfs:label "Nöjda elever"@sv ; sg:targetValue 80 ;
    sg:measurementUnit "procent"@sv .
ex:nm-2 sg:hasIndicator ex:ind-3 .
ex:utfall-ind-3-2024 a sg:Value ; sg:indicator ex:ind-3 ; sg:period ex:ar2024 ;
    sg:numericValue 75 .

ex:bedomning-nm-2 a sg:Assessment ; sg:assesses ex:nm-2 ; sg:status sg:Fulfilled ;
    sg:inReport ex:arsredovisning-2024 ; sg:period ex:ar2024 ;
    dcterms:description "Skolan bedömer att målet är nått."@sv .
ex:bedomning-om-kommun a sg:Assessment ; sg:assesses ex:om-kommun ; sg:status sg:Fulfilled ;
    sg:inReport ex:arsredovisning-2024 ; sg:period ex:ar2024 .
ex:bedomning-om-a a sg:Assessment ; sg:assesses ex:om-a ; sg:status ex:gron ;
    sg:inReport ex:arsredovisning-2024 ; sg:period ex:ar2024 .
ex:bedomning-om-b-delar a sg:Assessment ; sg:assesses ex:om-b ;
    sg:status sg:PartlyFulfilled ; sg:inReport ex:delarsrapport-2024 ; sg:period ex:ar2024 .

ex:ind-vision a sg:Indicator ; rdfs:label "Invånare"@sv , "Inhabitants"@en ;
    sg:targetValue 35000 ; sg:targetYear "2035"^^xsd:gYear ;
    sg:baselineValue 27940 ; sg:baselineYear "2018"^^xsd:gYear ;
    sg:measurementUnit "invånare"@sv ; sg:direction sg:HigherIsBetter .
ex:vision sg:hasIndicator ex:ind-vision .
ex:invanare-2023 a sg:Value ; sg:indicator ex:ind-vision ; sg:period ex:ar2023 ;
    sg:numericValue 28440 .
ex:invanare-2024 a sg:Value ; sg:indicator ex:ind-vision ; sg:period ex:ar2024 ;
    sg:numericValue 28540 .
"""

#: A model with goals and no results or assessments at all.
NOTHING_YET = """
@prefix ex: <https://example.org/tom/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix sg: <https://w3id.org/styrgraf#> .

ex:kommun a sg:Municipality ; rdfs:label "Tomkommun"@sv .
ex:vision a sg:Vision ; rdfs:label "Ännu inget mätt"@sv ; sg:municipality ex:kommun .
ex:omrade a sg:StrategicArea ; rdfs:label "Området"@sv ; sg:servesVision ex:vision .
ex:om a sg:OverarchingGoal ; rdfs:label "Ett mål"@sv ; sg:inStrategicArea ex:omrade .
"""


class Node:
    """An element of a parsed page: its tag, attributes, children and text."""

    def __init__(self, tag: str, attrs: dict[str, str]) -> None:
        self.tag, self.attrs = tag, attrs
        self.children: list[Node | str] = []

    @property
    def text(self) -> str:
        parts = [c if isinstance(c, str) else c.text for c in self.children]
        # Spaces collapsed, but not the no-break space a Swedish number is written with.
        return re.sub(r"[ \t\r\n]+", " ", " ".join(parts)).strip()

    def all(self, tag: str | None = None, **wanted: str) -> Iterator[Node]:
        """Every element beneath this one with the tag and the attribute values (a class
        among its classes)."""
        for child in self.children:
            if isinstance(child, str):
                continue
            if (tag is None or child.tag == tag) and all(
                (value in child.attrs.get("class", "").split())
                if name == "class_"
                else child.attrs.get(name) == value
                for name, value in wanted.items()
            ):
                yield child
            yield from child.all(tag, **wanted)

    def one(self, tag: str | None = None, **wanted: str) -> Node:
        found = list(self.all(tag, **wanted))
        assert len(found) == 1, (tag, wanted, len(found))
        return found[0]

    def hrefs(self) -> list[str]:
        return [a.attrs["href"] for a in self.all("a") if "href" in a.attrs]


VOID = {"br", "hr", "img", "input", "link", "meta", "source", "wbr", "col", "area", "base"}


class Tree(HTMLParser):
    def __init__(self, text: str) -> None:
        super().__init__()
        self.root = Node("#document", {})
        self.stack = [self.root]
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Node(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def page(client: FlaskClient, url: str, status: int = 200) -> Node:
    """The page at ``url`` as a tree (in the language it asks for: the cookie is forgotten)."""
    client.delete_cookie("lang")
    response = client.get(url, headers=HTML)
    assert response.status_code == status, (url, response.get_data(as_text=True)[:500])
    assert response.mimetype == "text/html"
    return Tree(response.get_data(as_text=True)).root


def main(tree: Node) -> Node:
    return tree.one("main")


def resource(iri: str) -> str:
    return f"/resource?iri={quote(iri, safe='')}"


@pytest.fixture(scope="module")
def model(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    folder = tmp_path_factory.mktemp("follow-up-pages")
    extra = folder / "follow-up.ttl"
    extra.write_text(FOLLOW_UP, encoding="utf-8")
    return [str(DATA / "base.ttl"), str(extra)]


@pytest.fixture(scope="module")
def client(model: list[str]) -> FlaskClient:
    return create_app({"TESTING": True, "data": model, "query_processes": 0}).test_client()


@pytest.fixture(scope="module")
def empty(tmp_path_factory: pytest.TempPathFactory) -> FlaskClient:
    path = tmp_path_factory.mktemp("follow-up-empty") / "model.ttl"
    path.write_text(NOTHING_YET, encoding="utf-8")
    return create_app({"TESTING": True, "data": [str(path)], "query_processes": 0}).test_client()


def _rows(table: Node) -> dict[str, Node]:
    """A goals' table by the IRI its row links to."""
    found = {}
    for row in table.one("tbody").all("tr"):
        link = row.one("th").one("a").attrs["href"]
        found[parse_qs(urlsplit(link).query)["iri"][0]] = row
    return found


def _status(cell: Node) -> str:
    badges = list(cell.all("span", class_="step"))
    return badges[0].attrs["data-status"] if badges else "none"


def _group(tree: Node, heading: str) -> Node:
    """The section of one strategic area or board, by its heading's text."""
    for section in tree.all("section", class_="group"):
        if section.one("h3").text == heading:
            return section
    raise AssertionError(f"no group {heading!r}")


# --- the follow-up page ------------------------------------------------------------------------


def test_the_latest_period_by_area_and_board_computed_beside_judged(client: FlaskClient) -> None:
    tree = main(page(client, "/follow-up"))
    assert tree.one("h1").text == "Uppföljning: helår 2024"
    # Per strategic area its övergripande mål: the roll-up beside the judged status.
    growth = _rows(_group(tree, "Tillväxt").one("table"))
    assert list(growth) == [EX + "om-a"]
    assert _status(next(growth[EX + "om-a"].all("td"))) == "partly-fulfilled"
    life = _rows(_group(tree, "Livskvalitet").one("table"))
    assert sorted(life) == [EX + "om-b", EX + "om-kommun"]
    computed, judged, reason = list(life[EX + "om-kommun"].all("td"))
    assert (_status(computed), _status(judged)) == ("partly-fulfilled", "fulfilled")
    assert "Årsredovisning 2024" in judged.text
    assert reason.text == "av 1 nämndsmål med status: 1 delvis uppfyllt"
    computed, judged, reason = list(life[EX + "om-b"].all("td"))
    assert (_status(computed), _status(judged)) == ("not-fulfilled", "none")
    assert judged.text == "ingen bedömning"
    # Per board its nämndsmål, the reason in words with the numbers in Swedish form.
    board = _rows(_group(tree, "Exempelnämnden").one("table"))
    computed, judged, reason = list(board[EX + "nm-1"].all("td"))
    assert (_status(computed), _status(judged)) == ("partly-fulfilled", "partly-fulfilled")
    assert reason.text == (
        "0 av 1 indikatorer har nått sitt målvärde; Andel barn i förskola: 91,2 procent mot "
        "målvärdet 95 procent, bättre än utgångsvärdet 88,5 procent men efter takten (väntat "
        "91,75 procent)"
    )
    computed, judged, reason = list(board[EX + "nm-2"].all("td"))
    assert (_status(computed), _status(judged)) == ("not-fulfilled", "fulfilled")
    assert "Elever med godkända betyg: 78,5 procent mot målvärdet 90 procent" in reason.text
    assert "Nöjda elever: målvärdet saknar riktning" in reason.text
    # Every status is a symbol and a word, not colour alone.
    badge = computed.one("span", class_="step")
    assert badge.one("span", class_="symbol").text == "✗" and "ej uppfyllt" in badge.text


def test_the_disagreement_is_marked_and_listed(client: FlaskClient) -> None:
    tree = main(page(client, "/follow-up"))
    board = _rows(_group(tree, "Exempelnämnden").one("table"))
    flagged = board[EX + "nm-2"]
    assert flagged.attrs["class"] == "flagged"
    flag = flagged.one("span", class_="flag")
    assert flag.attrs["data-finding"] == "disagreement"
    assert flag.text == "⚠ Bedömt och beräknat skiljer sig"
    assert "class" not in board[EX + "nm-1"].attrs
    findings = list(tree.one("section", **{"aria-labelledby": "findings"}).all("li"))
    assert sorted(f.attrs["data-finding"] for f in findings) == ["disagreement", "off-scale"]
    findings.sort(key=lambda f: f.attrs["data-finding"])
    assert findings[0].one("span", class_="tag").text == "⚠ Bedömt och beräknat skiljer sig"
    assert findings[0].one("a").text == "Högre måluppfyllelse i skolan"
    assert findings[0].text.endswith(
        ": bedömt ”uppfyllt” men beräknat ”ej uppfyllt” för helår 2024: 2 steg ifrån varandra"
    )
    assert resource(EX + "nm-2") in findings[0].hrefs()
    # A judged status on no step of the scale is flagged too, and said as it is.
    assert findings[1].one("span", class_="tag").text == "⚠ Bedömt utanför skalan"
    assert f"<{EX}gron> finns inte på skalan" in findings[1].text
    growth = _rows(_group(tree, "Tillväxt").one("table"))
    judged = list(growth[EX + "om-a"].all("td"))[1]
    assert (_status(judged), judged.one("span", class_="step").text) == (
        "off-scale",
        "? utanför skalan: gron",
    )


def test_counts_per_status_for_the_period_each_area_and_each_board(client: FlaskClient) -> None:
    tree = main(page(client, "/follow-up"))
    summary = {
        _status(row.one("th")): [td.text for td in row.all("td")]
        for row in tree.one("table", class_="summary").one("tbody").all("tr")
    }
    assert summary == {
        "fulfilled": ["0", "2"],
        "partly-fulfilled": ["3", "1"],
        "not-fulfilled": ["2", "0"],
        "not-assessed": ["0", "0"],
        "off-scale": ["0", "1"],
        "none": ["0", "1"],
    }

    def counts(heading: str) -> dict[str, list[tuple[str, str]]]:
        found = {}
        for side in _group(tree, heading).one("dl", class_="counts").all("div"):
            found[side.one("dt").text] = [
                (item.one("strong").text, item.one("span", class_="step").attrs["data-status"])
                for item in side.all("li")
            ]
        return found

    assert counts("Livskvalitet") == {
        "Beräknat": [("1", "partly-fulfilled"), ("1", "not-fulfilled")],
        "Bedömt": [("1", "fulfilled"), ("1", "none")],
    }
    assert counts("Exempelnämnden") == {
        "Beräknat": [("1", "partly-fulfilled"), ("1", "not-fulfilled")],
        "Bedömt": [("1", "fulfilled"), ("1", "partly-fulfilled")],
    }


def test_every_goal_links_to_its_page_and_the_page_to_the_report_and_csv(
    client: FlaskClient,
) -> None:
    tree = main(page(client, "/follow-up"))
    hrefs = tree.hrefs()
    for goal in ("om-a", "om-b", "om-kommun", "nm-1", "nm-2"):
        assert resource(EX + goal) in hrefs
        assert client.get(resource(EX + goal), headers=HTML).status_code == 200
    assert "/report?period=2024" in hrefs
    assert "/follow-up?period=2024&lang=sv&format=csv" in hrefs
    assert "/follow-up?period=2024&lang=sv&format=xlsx" in hrefs
    assert "/follow-up?period=2024&interim=true" in hrefs  # a period with data, one click
    interim = main(page(client, "/follow-up?period=2024&interim=true"))
    assert "/report?period=2024&interim=true" in interim.hrefs()


def test_the_period_picker_is_a_form_that_works_without_script(client: FlaskClient) -> None:
    tree = main(page(client, "/follow-up"))
    form = tree.one("form")
    assert (form.attrs["method"], form.attrs["action"]) == ("get", "/follow-up")
    years = form.one("select", name="period")
    assert [o.attrs["value"] for o in years.all("option")] == ["2024", "2023"]
    assert [o.attrs["value"] for o in years.all("option") if "selected" in o.attrs] == ["2024"]
    part = form.one("select", name="interim")
    assert [(o.attrs["value"], "selected" in o.attrs) for o in part.all("option")] == [
        ("false", True),
        ("true", False),
    ]
    for select in (years, part):
        assert tree.one("label", **{"for": select.attrs["id"]}).text
    # What the form sends is a page of its own: the delår 2024.
    interim = main(page(client, "/follow-up?period=2024&interim=true"))
    assert interim.one("h1").text == "Uppföljning: delår 2024"
    life = _rows(_group(interim, "Livskvalitet").one("table"))
    computed, judged, _ = list(life[EX + "om-b"].all("td"))
    assert (_status(computed), _status(judged)) == ("not-assessed", "partly-fulfilled")
    flag = life[EX + "om-b"].one("span", class_="flag")
    assert flag.attrs["data-finding"] == "judged-without-board-goals"
    board = _rows(_group(interim, "Exempelnämnden").one("table"))
    assert _status(next(board[EX + "nm-1"].all("td"))) == "fulfilled"
    # The helår 2023, and an empty field asks for the latest.
    earlier = main(page(client, "/follow-up?period=2023&interim=false"))
    assert earlier.one("h1").text == "Uppföljning: helår 2023"
    assert main(page(client, "/follow-up?period=&interim=")).one("h1").text.endswith("2024")


def test_a_period_with_no_data_is_a_clear_page(client: FlaskClient) -> None:
    tree = main(page(client, "/follow-up?period=2030"))
    assert tree.one("p", id="no-data").text == (
        "Det finns inga utfall eller bedömningar för helår 2030. Välj en period som har det."
    )
    assert not list(tree.all("table"))
    assert "/follow-up?period=2024" in tree.hrefs()
    table = client.get("/follow-up?period=2030&format=csv").text.removeprefix("\ufeff")
    rows = list(csv.reader(io.StringIO(table), delimiter=";"))
    assert len(rows) == 1 and rows[0][:2] == ["År", "Del av året"]


def test_a_model_with_nothing_to_follow_up_is_a_clear_page(empty: FlaskClient) -> None:
    tree = main(page(empty, "/follow-up"))
    assert tree.one("p", id="no-data").text.startswith("Modellen har inga utfall eller bedömningar")
    assert not list(tree.all("form")) and not list(tree.all("table"))
    start = main(page(empty, "/"))
    summary = start.one("section", class_="fulfilment-summary")
    assert "Modellen har inga utfall eller bedömningar än." in summary.text
    assert "/follow-up" in summary.hrefs()


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("period=20x4", "period"),
        ("period=12345", "period"),
        ("period=2024&interim=maybe", "interim"),
        ("interim=true", "period"),
        ("format=pdf", "format"),
        ("period=2024&period=2023", "period"),
        ("year=2024", "year"),
    ],
)
def test_a_bad_parameter_is_a_400_page_naming_it(
    client: FlaskClient, query: str, parameter: str
) -> None:
    client.delete_cookie("lang")
    response = client.get(f"/follow-up?{query}", headers=HTML)
    assert response.status_code == 400 and response.mimetype == "text/html"
    tree = main(Tree(response.text).root)
    assert f"Parametern: {parameter}" in tree.text
    # A program gets the one error shape, naming the same parameter.
    answer = client.get(f"/follow-up?{query}", headers={"Accept": "application/json"})
    assert answer.status_code == 400 and answer.get_json()["parameter"] == parameter


def test_the_csv_is_the_table_shown(client: FlaskClient) -> None:
    """In Swedish for Swedish Excel (";", a flag "ja"), in English for programs (the keys,
    "true"); each the same as the API's table of the period in the same language."""
    keys = [column.key for column in COLUMNS]
    for lang, separator, disagrees in (("sv", ";", "ja"), ("en", ",", "true")):
        response = client.get(f"/follow-up?period=2024&format=csv&lang={lang}")
        assert response.mimetype == "text/csv"
        assert "follow-up-2024-full.csv" in response.headers["Content-Disposition"]
        text = response.text.removeprefix("\ufeff")
        read = csv.DictReader(io.StringIO(text), fieldnames=keys, delimiter=separator)
        header, *found = list(read)
        assert (header["year"], header["part"]) == (
            ("År", "Del av året") if lang == "sv" else ("year", "part")
        )
        rows = {row["goal"]: row for row in found}
        wanted = ("om-a", "om-b", "om-kommun", "nm-1", "nm-2")
        assert sorted(rows) == sorted(EX + g for g in wanted)
        nm2 = rows[EX + "nm-2"]
        assert (nm2["computed"], nm2["judged"], nm2["steps_apart"], nm2["disagreement"]) == (
            "not-fulfilled",
            "fulfilled",
            "2",
            disagrees,
        )
        assert {row["year"] + row["part"] for row in rows.values()} == {"2024full"}
        # The same rows as the API's table of the period.
        api = client.get(f"/api/fulfilment?period=2024&format=csv&lang={lang}")
        assert response.text == api.text


def test_the_page_in_english(client: FlaskClient) -> None:
    tree = page(client, "/follow-up?lang=en")
    assert tree.one("html").attrs["lang"] == "en"
    body = main(tree)
    assert body.one("h1").text == "Follow-up: full year 2024"
    board = _rows(_group(body, "The example board").one("table"))
    computed, _, reason = list(board[EX + "nm-1"].all("td"))
    assert "91.2 procent" in reason.text and "88.5 procent" in reason.text
    assert computed.one("span", class_="step").text.endswith("partly fulfilled")
    flag = board[EX + "nm-2"].one("span", class_="flag")
    assert flag.text == "⚠ Judged and computed differ"
    assert body.one("form").one("button").text == "Show"


# --- a goal's page -----------------------------------------------------------------------------


def _history(tree: Node) -> dict[str, Node]:
    section = tree.one("section", **{"aria-labelledby": "history"})
    return {row.attrs["data-period"]: row for row in section.one("tbody").all("tr")}


def test_a_goals_status_over_time(client: FlaskClient) -> None:
    tree = main(page(client, resource(EX + "nm-1")))
    rows = _history(tree)
    assert list(rows) == ["2023-full", "2024-interim", "2024-full"]
    statuses = {
        period: [_status(td) for td in list(row.all("td"))[:2]] for period, row in rows.items()
    }
    assert statuses == {
        "2023-full": ["partly-fulfilled", "none"],
        "2024-interim": ["fulfilled", "none"],
        "2024-full": ["partly-fulfilled", "partly-fulfilled"],
    }
    assert rows["2024-interim"].one("th").one("a").attrs["href"] == (
        "/follow-up?period=2024&interim=true"
    )
    assert "1 av 1 indikatorer har nått sitt målvärde" in rows["2024-interim"].text
    # The sections that were there stay: the path to the vision, and the findings.
    for section in ("up", "history", "charts", "findings"):
        assert tree.one("section", **{"aria-labelledby": section})


def test_a_disagreement_is_marked_in_the_goals_history(client: FlaskClient) -> None:
    rows = _history(main(page(client, resource(EX + "nm-2"))))
    full = rows["2024-full"]
    assert full.attrs["class"] == "flagged"
    assert [_status(td) for td in list(full.all("td"))[:2]] == ["not-fulfilled", "fulfilled"]
    assert full.one("span", class_="flag").text == "⚠ Bedömt och beräknat skiljer sig"
    assert "2 steg ifrån varandra" in full.one("span", class_="flag-text").text
    assert "Skolan bedömer att målet är nått." in full.text
    assert "class" not in rows["2024-interim"].attrs


def _chart_table(figure: Node) -> tuple[list[str], list[list[str]]]:
    table = figure.one("table")
    headings = [th.text for th in table.one("thead").all("th")]
    rows = [
        [cell.text for cell in row.children if not isinstance(cell, str)]
        for row in table.one("tbody").all("tr")
    ]
    return headings, rows


def test_a_board_goals_indicators_are_charted_with_their_numbers(client: FlaskClient) -> None:
    tree = main(page(client, resource(EX + "nm-1")))
    charts = tree.one("section", **{"aria-labelledby": "charts"})
    figure = charts.one("figure", id="indicator-1-figure")
    svg = figure.one("svg")
    assert (svg.attrs["role"], svg.attrs["id"]) == ("img", "indicator-1")
    assert svg.one("title", id="indicator-1-title").text == "Andel barn i förskola"
    headings, rows = _chart_table(figure)
    assert headings == [
        "År",
        "Del av året",
        "Totalt (procent)",
        "Kvinnor (procent)",
        "Män (procent)",
        "Utgångsvärde (procent)",
        "Målvärde (procent)",
        "Bedömning",
    ]
    assert rows == [
        ["2022", "helår", "", "", "", "88,5", "", ""],
        ["2023", "helår", "90", "", "", "", "", "delvis uppfyllt"],
        ["2024", "delår", "95,5", "", "", "", "", "uppfyllt"],
        ["2024", "helår", "91,2", "93,4", "89,1", "", "", "delvis uppfyllt"],
        ["2026", "helår", "", "", "", "", "95", ""],
    ]
    words = figure.one("p", class_="chart-words").text
    assert words.startswith("Senaste utfall 2024: 91,2 procent mot målvärdet 95 procent till 2026")
    # The indicator's distance to its target, beside the chart, in numbers.
    distance = dict(_figures(charts.one("section", class_="distance")))
    assert distance["Där värdet är 2024"] == "91,2 procent"
    assert distance["Förändring per år som behövs härifrån för att nå målet 2026"] == "+1,9 procent"
    assert distance["Förändring per år hittills, sedan 2022"] == "+1,4 procent"
    assert distance["Året då målet nås i nuvarande takt"] == "2027"


def test_an_indicator_without_a_direction_has_its_table_and_no_chart(client: FlaskClient) -> None:
    tree = main(page(client, resource(EX + "nm-2")))
    charts = tree.one("section", **{"aria-labelledby": "charts"})
    figures = {f.attrs["id"]: f for f in charts.all("figure")}
    assert sorted(figures) == ["indicator-1-figure", "indicator-2-figure"]
    drawn = figures["indicator-1-figure"]  # Elever med godkända betyg
    assert drawn.one("title", id="indicator-1-title").text == "Elever med godkända betyg"
    undrawn = figures["indicator-2-figure"]  # Nöjda elever
    assert not list(undrawn.all("svg"))
    assert "inget diagram ritas" in undrawn.one("p", class_="notice").text
    assert _chart_table(undrawn)[1] == [
        ["2023", "helår", "", "ej bedömt"],
        ["2024", "delår", "", "ej bedömt"],
        ["2024", "helår", "75", "ej uppfyllt"],
    ]


def _figures(section: Node) -> list[tuple[str, str]]:
    return [
        (item.one("dt").text, item.one("dd").text)
        for item in section.one("dl", class_="distance-figures").all("div")
    ]


def test_an_overarching_goal_has_its_history_and_no_charts(client: FlaskClient) -> None:
    tree = main(page(client, resource(EX + "om-b")))
    rows = _history(tree)
    assert [_status(td) for td in list(rows["2024-interim"].all("td"))[:2]] == [
        "not-assessed",
        "partly-fulfilled",
    ]
    assert rows["2024-interim"].one("span", class_="flag").attrs["data-finding"] == (
        "judged-without-board-goals"
    )
    assert not list(tree.all("section", **{"aria-labelledby": "charts"}))


# --- the vision's page -------------------------------------------------------------------------


def test_the_visions_distance_to_its_number(client: FlaskClient) -> None:
    tree = main(page(client, resource(EX + "vision")))
    section = tree.one("section", **{"aria-labelledby": "distance"})
    assert section.one("h3").text == "Invånare"
    assert _figures(section) == [
        ("Där värdet borde vara 2024 enligt raka vägen", f"30{NBSP}432 invånare"),
        ("Där värdet är 2024", f"28{NBSP}540 invånare"),
        ("Avstånd till raka vägen", f"-1{NBSP}892 invånare (efter raka vägen)"),
        ("Förändring per år som behövs härifrån för att nå målet 2035", "+587 invånare"),
        ("Förändring per år hittills, sedan 2018", "+100 invånare"),
        ("Året då målet nås i nuvarande takt", "2089"),
    ]
    figure = section.one("figure")
    assert figure.one("svg").attrs["id"] == "distance-1"
    words = figure.one("p", class_="chart-words").text
    assert f"borde värdet 2024 vara 30{NBSP}432 invånare" in words
    assert "I nuvarande takt, 100 invånare per år, nås målet 2089." in words
    headings, rows = _chart_table(figure)
    assert headings == ["År", "Del av året", "Utfall (invånare)", "Enligt raka vägen (invånare)"]
    assert rows[0] == ["2018", "helår", "", f"27{NBSP}940"]
    assert rows[-1] == ["2035", "helår", "", f"35{NBSP}000"]
    assert ["2024", "helår", f"28{NBSP}540", f"30{NBSP}432"] in rows
    # What lies beneath the vision is still there, after the distance.
    assert tree.one("section", **{"aria-labelledby": "down"})


def test_the_visions_page_in_english(client: FlaskClient) -> None:
    tree = main(page(client, resource(EX + "vision") + "&lang=en"))
    section = tree.one("section", **{"aria-labelledby": "distance"})
    assert section.one("h2").text == "The way to the vision's target"
    figures = dict(_figures(section))
    assert figures["Where the value should be in 2024 by the straight path"] == ("30,432 invånare")
    assert figures["Change a year needed from here to reach the target in 2035"] == "+587 invånare"
    assert figures["The year the target is reached at the present pace"] == "2089"
    _, rows = _chart_table(section.one("figure"))
    assert rows[-1] == ["2035", "full year", "", "35,000"]


def test_a_node_that_is_no_goal_has_no_follow_up(client: FlaskClient) -> None:
    tree = main(page(client, resource(EX + "akt-1")))
    for section in ("history", "charts", "distance"):
        assert not list(tree.all("section", **{"aria-labelledby": section}))


# --- the start page ----------------------------------------------------------------------------


def test_the_start_page_counts_the_latest_periods_statuses(client: FlaskClient) -> None:
    summary = main(page(client, "/")).one("section", class_="fulfilment-summary")
    assert "helår 2024" in summary.text
    counted = [
        (
            item.one("span", class_="number").text,
            item.one("span", class_="step").attrs["data-status"],
        )
        for item in summary.one("ul").all("li")
    ]
    assert counted == [("3", "partly-fulfilled"), ("2", "not-fulfilled")]
    assert "/follow-up" in summary.hrefs()


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_bundled_model_has_its_follow_up_pages(reader: FlaskClient, lang: str) -> None:
    """The bundled Ljungby model's pages render (what they show depends on its data, which
    grows; the numbers are checked above, over a model of known numbers)."""
    ljungby = reader
    for path in ("/follow-up", "/ljungby/id/ng-tn-4", "/ljungby/id/og-tn-livskvalitet-1"):
        tree = page(ljungby, f"{path}?lang={lang}")
        assert tree.one("section", **{"aria-labelledby": "history" if "id/" in path else "summary"})
    vision = main(page(ljungby, f"/ljungby/id/vision?lang={lang}"))
    assert vision.one("section", **{"aria-labelledby": "distance"}).one("svg", role="img")
    assert main(page(ljungby, f"/?lang={lang}")).one("section", class_="fulfilment-summary")


def test_the_follow_up_is_in_the_menu(client: FlaskClient) -> None:
    menu = page(client, "/follow-up").one("nav", class_="menu")
    current = [a for a in menu.all("a") if a.attrs.get("aria-current") == "page"]
    assert [(a.attrs["href"], a.text) for a in current] == [("/follow-up", "Uppföljning")]
    assert "Follow-up" in page(client, "/?lang=en").one("nav", class_="menu").text
