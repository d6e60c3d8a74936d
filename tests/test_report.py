"""``styrgraf report`` and ``GET /report``: the goal section of a delårsrapport or an
årsredovisning, over a small model whose follow-up is known by hand (:mod:`report_model`),
in every format, in Swedish and English, with its exit codes and its errors."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, get_type_hints

import pytest
from flask import Flask

from report_model import BOARD_1, BOARD_2, EX, write_model
from styrgraf.cli import main
from styrgraf.render.fulfilment_report import FollowUpReport, ReportTitle
from styrgraf.web.app import create_app


@pytest.fixture(scope="module")
def model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_model(tmp_path_factory.mktemp("report-model"))


def _run(capsys: pytest.CaptureFixture[str], model: Path, *argv: str) -> tuple[int, str, str]:
    code = main(["report", "--data", str(model), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def _json(capsys: pytest.CaptureFixture[str], model: Path, *argv: str) -> dict[str, Any]:
    code, out, err = _run(capsys, model, "--format", "json", *argv)
    assert code in (0, 1), err
    document: dict[str, Any] = json.loads(out)
    return document


def _goals(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {g["iri"].removeprefix(EX): g for g in document["goals"]}


# -- text ------------------------------------------------------------------------------------


def test_the_text_report_in_swedish(capsys: pytest.CaptureFixture[str], model: Path) -> None:
    code, out, err = _run(capsys, model, "--period", "2021")
    assert code == 1, err  # two disagreements
    lines = out.splitlines()
    assert lines[:5] == [
        "Testby kommun",
        "Årsredovisning 2021: Måluppfyllelse",
        "Period: helår 2021",
        "Uppgifterna per: 15 mars 2022",
        "Skala: Tre steg: uppfyllt, delvis uppfyllt, ej uppfyllt",
    ]
    assert "  ✓ uppfyllt · ◐ delvis uppfyllt · ✗ ej uppfyllt · ? ej bedömt" in lines
    # The roll-up: og-2 computed ej uppfyllt, judged uppfyllt, marked; og-1 not judged.
    assert re.search(r"^  ✗ ej uppfyllt +✓ uppfyllt +! Rent vatten för alla$", out, re.M)
    assert re.search(r"^  ✓ uppfyllt +ingen bedömning +Fler går vidare till studier$", out, re.M)
    area = out[out.index("\nLivskvalitet\n") : out.index("\nTillväxt\n")]
    assert "  Beräknat: 1 ej uppfyllt\n  Bedömt: 1 uppfyllt\n" in area
    # Each nämndsmål with its statuses side by side and why, numbers in Swedish.
    board = out[out.index("Tekniska nämnden\n---") : out.index("Utbildningsnämnden\n---")]
    assert (
        "Beräknat: 1 delvis uppfyllt, 1 ej uppfyllt\nBedömt: 1 uppfyllt, 1 delvis uppfyllt" in board
    )
    leak = board[board.index("Läckaget minskar !") :]
    assert "Beräknat: ✗ ej uppfyllt" in leak and "Bedömt:   ✓ uppfyllt" in leak
    assert "Läckage: 21,5 procent mot målvärdet 10 procent" in leak
    water = board[board.index("Fler hushåll har rent vatten") :]
    assert "66 procent mot målvärdet 70 procent, i takt (väntat 65 procent)" in water
    assert "Bedömt:   ◐ delvis uppfyllt" in water
    pupils = out[out.index("Fler elever är behöriga\n") :]
    assert "Källa: Årsredovisning 2021" in pupils and "92 procent är behöriga." in pupils
    assert "Fler elever är behöriga !" not in out
    findings = out[out.index("Att se över\n") :].splitlines()[2:]
    assert findings == [
        "! Läckaget minskar: bedömt ”uppfyllt” men beräknat ”ej uppfyllt” för helår 2021: "
        "2 steg ifrån varandra",
        "! Rent vatten för alla: bedömt ”uppfyllt” men beräknat ”ej uppfyllt” för helår "
        "2021: 2 steg ifrån varandra",
    ]


def test_the_text_report_in_english(capsys: pytest.CaptureFixture[str], model: Path) -> None:
    code, out, _ = _run(capsys, model, "--period", "2021", "--lang", "en")
    assert code == 1
    assert out.splitlines()[:4] == [
        "Testby Municipality",
        "Annual report 2021: Goal fulfilment",
        "Period: full year 2021",
        "Data as of: March 15, 2022",
    ]
    assert re.search(r"^  ✗ not fulfilled +✓ fulfilled +! Clean water for all$", out, re.M)
    assert "Leakage: 21.5 procent against the target 10 procent" in out
    assert "Source: Annual report 2021" in out and "92 per cent are eligible." in out
    assert "To look into\n" in out


def test_the_latest_period_by_default_and_no_findings_exit_zero(
    capsys: pytest.CaptureFixture[str], model: Path
) -> None:
    code, out, err = _run(capsys, model)
    assert (code, err) == (0, "")
    assert out.splitlines()[1:4] == [
        "Årsredovisning 2022: Måluppfyllelse",
        "Period: helår 2022",
        "Uppgifterna per: –",
    ]
    assert "Inget att se över." in out


def test_the_interim_report(capsys: pytest.CaptureFixture[str], model: Path) -> None:
    code, out, _ = _run(capsys, model, "--interim")
    assert code == 1  # og-2 is judged in the delår while neither of its nämndsmål is
    assert out.splitlines()[1:3] == ["Delårsrapport 2021: Måluppfyllelse", "Period: delår 2021"]
    # In the delår ng-1 is better than its baseline but behind its path: delvis uppfyllt.
    assert "Behöriga elever: 85 procent mot målvärdet 90 procent, bättre än utgångsvärdet" in out
    assert "! Rent vatten för alla: bedömt för delår 2021 fast inget av dess 2 nämndsmål" in out


# -- json and csv ----------------------------------------------------------------------------


def test_the_json_document(capsys: pytest.CaptureFixture[str], model: Path) -> None:
    document = _json(capsys, model, "--period", "2021")
    assert set(document) == set(get_type_hints(FollowUpReport))
    assert set(document["title"]) == set(get_type_hints(ReportTitle))
    assert document["title"] == {
        "municipality": "Testby kommun",
        "municipalities": [EX + "kommun"],
        "kind": "annual",
        "report": "Årsredovisning 2021",
        "period": {"year": 2021, "part": "full", "label": "helår 2021"},
        "generated": "2022-03-15T09:30:00+01:00",
        "date": "2022-03-15",
    }
    goals = _goals(document)
    statuses = {
        name: (g["computed"]["step"]["key"], g["judged"] and g["judged"]["step"]["key"])
        for name, g in goals.items()
    }
    assert statuses == {
        "ng-1": ("fulfilled", "fulfilled"),
        "ng-2": ("not-fulfilled", "fulfilled"),
        "ng-3": ("partly-fulfilled", "partly-fulfilled"),
        "og-1": ("fulfilled", None),
        "og-2": ("not-fulfilled", "fulfilled"),
    }
    assert {n for n, g in goals.items() if g["disagreement"]} == {"ng-2", "og-2"}
    assert goals["og-2"]["computed"]["score"] == 0.25
    # The vision's number up to the report's year only: 2022's value is not yet known.
    (distance,) = document["distances"]
    assert distance["indicator"] == EX + "ind-pop"
    assert distance["series"] == [[2020.0, 10200.0], [2021.0, 10300.0]]
    assert distance["latest"] == 10300.0 and distance["target"] == 12000.0
    assert [f["code"] for f in document["findings"]] == ["disagreement", "disagreement"]


def test_csv_has_one_goal_a_row(capsys: pytest.CaptureFixture[str], model: Path) -> None:
    code, out, _ = _run(capsys, model, "--period", "2021", "--format", "csv")
    assert code == 1
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 5
    by_goal = {r["goal"].removeprefix(EX): r for r in rows}
    assert by_goal["ng-2"]["computed"] == "not-fulfilled"
    assert by_goal["ng-2"]["judged"] == "fulfilled"
    assert by_goal["ng-2"]["disagreement"] == "true"
    assert by_goal["ng-1"]["disagreement"] == "false"
    assert {r["year"] for r in rows} == {"2021"} and {r["part"] for r in rows} == {"full"}


def test_board_restricts_the_report(capsys: pytest.CaptureFixture[str], model: Path) -> None:
    code, out, _ = _run(capsys, model, "--period", "2021", "--board", BOARD_1)
    assert code == 0  # the Education Board's goal agrees with its judgement
    assert "Nämnd: Utbildningsnämnden" in out
    assert "Tekniska nämnden" not in out and "Läckaget minskar" not in out
    assert "Fler elever är behöriga" in out and "Fler går vidare till studier" in out
    document = _json(capsys, model, "--period", "2021", "--board", BOARD_2)
    assert set(_goals(document)) == {"ng-2", "ng-3", "og-2"}
    assert document["board"] == BOARD_2


def test_the_five_step_profile_is_a_switch(capsys: pytest.CaptureFixture[str], model: Path) -> None:
    code, out, _ = _run(capsys, model, "--period", "2021", "--follow-up-profile", "five-step")
    assert code == 1
    assert "Skala: Fem steg: uppnått, bedöms kunna uppnås, osäkert" in out
    # ng-3 on track scores 0,75: bedöms kunna uppnås; og-2 (0 + 0,75) / 2: bedöms inte kunna
    # uppnås; the judged three-step statuses count as their close matches.
    assert "Beräknat: + bedöms kunna uppnås" in out
    assert re.search(
        "^  \N{MINUS SIGN} bedöms inte kunna uppnås +✓ uppnått +! Rent vatten för alla$",
        out,
        re.M,
    )
    assert "Bedömt:   ◐ osäkert" in out
    document = _json(capsys, model, "--period", "2021", "--follow-up-profile", "five-step")
    assert document["profile"]["name"] == "five-step"
    assert _goals(document)["ng-3"]["computed"]["step"]["key"] == "likely"


def test_output_writes_the_file(
    capsys: pytest.CaptureFixture[str], model: Path, tmp_path: Path
) -> None:
    for kind in ("text", "json", "csv", "html"):
        written = tmp_path / f"report.{kind}"
        code, out, _ = _run(capsys, model, "--format", kind, "-o", str(written))
        assert (code, out) == (0, "")
        assert written.read_text(encoding="utf-8") == _run(capsys, model, "--format", kind)[1]


# -- errors ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["--period", "2019"],
            "styrgraf report: no values or assessments for full year 2019 (periods with data: "
            "full year 2020, interim 2021, full year 2021, full year 2022)\n",
        ),
        (
            ["--period", "2022", "--interim"],
            "styrgraf report: no values or assessments for interim 2022 (periods with data: "
            "full year 2020, interim 2021, full year 2021, full year 2022)\n",
        ),
        (
            ["--board", EX + "board-9"],
            f"styrgraf report: no goals of a board <{EX}board-9> here (boards with goals: "
            f"<{BOARD_1}>, <{BOARD_2}>)\n",
        ),
        (
            ["--follow-up-profile", "seven-step"],
            "styrgraf report: --follow-up-profile: no follow-up profile 'seven-step': the "
            "bundled ones are five-step, three-step, or give the path of a Turtle file\n",
        ),
    ],
)
def test_what_cannot_be_reported_exits_two_saying_why(
    capsys: pytest.CaptureFixture[str], model: Path, argv: list[str], message: str
) -> None:
    assert _run(capsys, model, *argv) == (2, "", message)


def test_a_broken_profile_file_is_named(
    capsys: pytest.CaptureFixture[str], model: Path, tmp_path: Path
) -> None:
    profile = tmp_path / "mine.ttl"
    profile.write_text("@prefix sg: <https://w3id.org/styrgraf#> .\n<p> a sg:FollowUpProfile .\n")
    code, out, err = _run(capsys, model, "--follow-up-profile", str(profile))
    assert (code, out) == (2, "")
    assert err.startswith(f"styrgraf report: --follow-up-profile: {profile}: ")


def test_a_period_that_is_no_year_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], model: Path
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["report", "--data", str(model), "--period", "20x1"])
    assert exited.value.code == 2
    assert "--period': a year such as 2022, not '20x1'" in capsys.readouterr().err


# -- html ------------------------------------------------------------------------------------


class Outline(HTMLParser):
    """What the report's HTML holds: its elements with their attributes and text."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.texts: dict[str, list[str]] = {}
        self.style = ""
        self._open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        if tag not in ("meta", "link", "br", "img", "input"):
            self._open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        while self._open and self._open.pop() != tag:
            pass

    def handle_data(self, data: str) -> None:
        if self._open and self._open[-1] == "style":
            self.style += data
        for tag in self._open:
            self.texts.setdefault(tag, []).append(data)

    def all(self, tag: str, **wanted: str) -> list[dict[str, str | None]]:
        return [
            attrs
            for name, attrs in self.elements
            if name == tag and all(attrs.get(k) == v for k, v in wanted.items())
        ]


def _outline(html: str) -> Outline:
    outline = Outline()
    outline.feed(html)
    return outline


def test_the_html_document(capsys: pytest.CaptureFixture[str], model: Path) -> None:
    code, html, _ = _run(capsys, model, "--period", "2021", "--format", "html")
    assert code == 1
    assert html.startswith('<!doctype html>\n<html lang="sv">')
    page = _outline(html)
    title = " ".join("".join(page.texts["header"]).split())
    for said in ("Testby kommun", "Årsredovisning 2021", "helår 2021", "15 mars 2022"):
        assert said in title, said
    assert page.all("time", datetime="2022-03-15")
    # One chart per indicator, each with its numbers in a table; the vision's chart.
    indicators = page.all("svg", **{"data-chart": "indicator"})
    assert len(indicators) == 3
    assert len(page.all("svg", **{"data-chart": "distance"})) == 1
    assert len(page.all("figure")) == 4 and len(page.all("caption")) == 4
    assert "Hushåll med rent vatten: värdena" in "".join(page.texts["caption"])
    # Print: A4, each board's section on a new page, no break inside a goal.
    style = " ".join(page.style.split())
    assert re.search(r"@page\{size:A4;margin:[^}]+\}", style)
    assert re.search(r"\.board\{[^}]*break-before:page", style)
    assert re.search(r"\.goal\{[^}]*break-inside:avoid", style)
    assert len(page.all("section", **{"class": "board"})) == 2
    # Statuses by symbol and words, not colour alone; the disagreements marked in words.
    symbol = '<span class="symbol" aria-hidden="true">{}</span> {}</span>'
    # The legend's, then og-2's and ng-2's computed; ng-3's computed and judged.
    assert html.count(symbol.format("✗", "ej uppfyllt")) == 1 + 2
    assert html.count(symbol.format("◐", "delvis uppfyllt")) == 1 + 2
    marked = ' <span class="mark">! bedömt och beräknat skiljer sig åt</span>'
    assert html.count(marked) == 2
    assert "Rent vatten för alla" + marked in html and "Läckaget minskar" + marked in html
    # Stands alone: no script, nothing fetched.
    assert not page.all("script") and not page.all("link") and not page.all("img")
    assert not re.search(r"(src|href)=\"https?:", html)
    assert "url(http" not in html and "@import" not in html


def test_the_html_in_english_with_the_five_steps(
    capsys: pytest.CaptureFixture[str], model: Path
) -> None:
    argv = ("--period", "2021", "--format", "html", "--lang", "en")
    _, html, _ = _run(capsys, model, *argv, "--follow-up-profile", "five-step")
    page = _outline(html)
    assert html.startswith('<!doctype html>\n<html lang="en">')
    assert "Annual report 2021" in "".join(page.texts["h1"])
    assert "March 15, 2022" in "".join(page.texts["time"])
    words = " ".join("".join(page.texts["main"]).split())
    assert "likely to be achieved" in words and "not achieved" in words


# -- the page --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def app(model: Path) -> Iterator[Flask]:
    yield create_app({"TESTING": True, "data": [str(model)], "query_processes": 0})


def test_the_page_is_the_report(
    app: Flask, capsys: pytest.CaptureFixture[str], model: Path
) -> None:
    client = app.test_client()
    page = client.get("/report?period=2021", headers={"Accept": "text/html"})
    assert page.status_code == 200 and page.mimetype == "text/html"
    text = page.get_data(as_text=True)
    outline = _outline(text)
    assert outline.all("html", lang="sv")
    assert len(outline.all("svg", **{"data-chart": "indicator"})) == 3
    links = {a["href"] for a in outline.all("a")}
    assert "/report?period=2021&lang=en" in links
    assert "/report?period=2021&format=csv" in links
    assert "/report?period=2021&format=xlsx" in links
    # The same document as the command writes, but for the links above it and its icon.
    _, written, _ = _run(capsys, model, "--period", "2021", "--format", "html")
    assert outline.all("link", rel="icon", href="/static/favicon.svg")
    served = re.sub(r"<nav class=\"links\".*?</nav>\n", "", text, flags=re.S)
    assert re.sub(r"<link rel=\"icon\"[^>]*>\n", "", served) == written
    # JSON and CSV: the command's document; the CSV in English (the keys, "," and ".") is the
    # command's with the byte-order mark a spreadsheet needs.
    document = client.get("/report?period=2021&format=json").get_json()
    assert document == _json(capsys, model, "--period", "2021")
    table = client.get("/report?period=2021&lang=en", headers={"Accept": "text/csv"})
    assert table.mimetype == "text/csv"
    assert (
        table.get_data(as_text=True)
        == "\ufeff" + _run(capsys, model, "--period", "2021", "--format", "csv", "--lang", "en")[1]
    )


def test_the_page_speaks_the_language_asked_and_remembers_it(app: Flask) -> None:
    client = app.test_client()
    english = client.get("/report?lang=en&interim=true", headers={"Accept": "text/html"})
    assert english.status_code == 200
    assert "lang=en" in english.headers["Set-Cookie"]
    assert '<html lang="en">' in english.get_data(as_text=True)
    assert "Interim report 2021" in english.get_data(as_text=True)
    again = client.get("/report", headers={"Accept": "text/html"})
    assert '<html lang="en">' in again.get_data(as_text=True)  # the cookie
    assert "Cookie" in again.headers["Vary"] and "Accept-Language" in again.headers["Vary"]


@pytest.mark.parametrize(
    ("query", "status", "parameter", "message"),
    [
        (
            "period=2019",
            404,
            "period",
            "no values or assessments for full year 2019 (periods "
            "with data: full year 2020, interim 2021, full year 2021, full year 2022)",
        ),
        ("period=21", 400, "period", "period must be a year such as 2022, not '21'"),
        ("interim=maybe", 400, "interim", None),
        ("board=" + EX + "board-9", 404, "board", None),
        ("board=not%20an%20iri", 400, "board", None),
        ("format=pdf", 400, "format", None),
        ("colour=red", 400, "colour", None),
    ],
)
def test_the_page_refuses_what_it_cannot_report(
    app: Flask, query: str, status: int, parameter: str, message: str | None
) -> None:
    answer = app.test_client().get("/report?" + query, headers={"Accept": "application/json"})
    assert answer.status_code == status
    body = answer.get_json()
    assert body["parameter"] == parameter
    if message is not None:
        assert body["error"] == message
