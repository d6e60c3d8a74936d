"""One language rule for every word the service says: a regional tag (``sv-SE``, ``en-GB``) is
answered as its language is, and a language with no catalogue (``fi``) as the default one,
Swedish, on every page, in the API, in the drawings and in the text the command line prints;
the labels of the model follow the same rule, so a page never mixes its languages."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from flask.testing import FlaskClient

from styrgraf.analysis.coverage import coverage
from styrgraf.generator.generate import generate
from styrgraf.model.validation import validate_paths
from styrgraf.render import coverage_report, heatmap
from styrgraf.render.validation_report import render as validation_text
from styrgraf.store.embedded import EmbeddedStore
from styrgraf.web.app import create_app

HTML = {"Accept": "text/html"}

#: A language tag as asked, and the language whose words (and labels) answer it.
ANSWERED_AS = [("sv-SE", "sv"), ("SV", "sv"), ("en-GB", "en"), ("en-us", "en"), ("fi", "sv")]


class Text(HTMLParser):
    """What a person reads on a page: its text, and the language each element says it is in."""

    def __init__(self, body: str) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.langs: list[str] = []
        self.feed(body)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.langs.extend(f"{tag}:{value}" for name, value in attrs if name == "lang" and value)

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.parts).split())


@pytest.fixture(scope="module")
def model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A synthetic model with defects of every kind planted: it has findings of every reason."""
    path = tmp_path_factory.mktemp("languages") / "model.trig"
    generate(1).write_trig(path)
    return path


@pytest.fixture(scope="module")
def client(model: Path) -> FlaskClient:
    return create_app({"TESTING": True, "data": [str(model)], "query_processes": 0}).test_client()


@pytest.fixture(scope="module")
def store(model: Path) -> EmbeddedStore:
    store = EmbeddedStore()
    store.load([model], file_graphs=True)
    return store


def _get(client: FlaskClient, url: str, **headers: str) -> Any:
    client.delete_cookie("lang")
    response = client.get(url, headers=headers)
    assert response.status_code == 200, (url, response.get_data(as_text=True)[:300])
    return response


def _page(client: FlaskClient, url: str, **headers: str) -> Text:
    return Text(_get(client, url, **HTML, **headers).get_data(as_text=True))


@pytest.mark.parametrize(("tag", "language"), ANSWERED_AS)
def test_the_coverage_page_speaks_one_language(
    client: FlaskClient, tag: str, language: str
) -> None:
    asked, expected = (
        _page(client, f"/coverage?lang={tag}"),
        _page(client, f"/coverage?lang={language}"),
    )
    assert asked.text == expected.text
    assert asked.langs == expected.langs
    assert f"html:{language}" in asked.langs


@pytest.mark.parametrize(("tag", "language"), [("sv-SE", "sv"), ("en-GB", "en"), ("fi", "sv")])
def test_the_browsers_language_is_answered_by_the_same_rule(
    client: FlaskClient, tag: str, language: str
) -> None:
    asked = _page(client, "/coverage", **{"Accept-Language": tag})
    assert asked.text == _page(client, f"/coverage?lang={language}").text


@pytest.mark.parametrize(("tag", "language"), ANSWERED_AS)
def test_the_heat_map_speaks_one_language(client: FlaskClient, tag: str, language: str) -> None:
    asked = _get(client, f"/coverage.svg?lang={tag}").get_data()
    assert asked == _get(client, f"/coverage.svg?lang={language}").get_data()
    assert f'lang="{language}"'.encode() in asked


@pytest.mark.parametrize(("tag", "language"), ANSWERED_AS)
def test_the_coverage_api_answers_a_tag_as_its_language(
    client: FlaskClient, tag: str, language: str
) -> None:
    asked = _get(client, f"/api/coverage?lang={tag}").get_json()
    expected = _get(client, f"/api/coverage?lang={language}").get_json()
    assert asked["orphans"] and asked["uncovered"]
    assert asked == expected
    # The findings as Turtle tag their reasons with the language they are in.
    turtle = _get(client, f"/api/coverage?lang={tag}&format=turtle").get_data(as_text=True)
    assert set(re.findall(r'"@([\w-]+)', turtle)) == {language}


@pytest.mark.parametrize(("tag", "language"), ANSWERED_AS)
def test_the_validation_api_and_page_answer_a_tag_as_its_language(
    client: FlaskClient, tag: str, language: str
) -> None:
    asked = _get(client, f"/api/validate?lang={tag}").get_json()
    expected = _get(client, f"/api/validate?lang={language}").get_json()
    assert asked["rules"] and asked["rules"] == expected["rules"]
    page = _page(client, f"/validation?lang={tag}")
    assert page.text == _page(client, f"/validation?lang={language}").text


def test_the_goals_of_a_cell_are_named_in_the_pages_language(client: FlaskClient) -> None:
    cell = _get(client, "/api/coverage?lang=sv").get_json()["matrix"]["cells"][0]
    url = f"/coverage/cell?board={quote(cell['board'])}&area={quote(cell['area'])}"
    for tag, language in ANSWERED_AS:
        assert (
            _page(client, f"{url}&lang={tag}").text == _page(client, f"{url}&lang={language}").text
        )


def test_a_trace_answers_a_tag_as_its_language(client: FlaskClient) -> None:
    finding = _get(client, "/api/coverage?lang=sv").get_json()["uncovered"][0]
    for tag, language in ANSWERED_AS:
        url = f"/api/trace?iri={quote(finding['iri'])}&lang="
        assert _get(client, url + tag).get_json() == _get(client, url + language).get_json()


def test_a_malformed_tag_is_refused_naming_lang(client: FlaskClient) -> None:
    for url in ("/api/coverage?lang=x_y", "/api/validate?lang=-", "/api/trace?iri=urn:x&lang=!"):
        response = client.get(url)
        assert response.status_code == 400, url
        assert response.get_json()["parameter"] == "lang"
        assert "language tag" in response.get_json()["error"]


@pytest.mark.parametrize(("tag", "language"), ANSWERED_AS)
def test_the_library_speaks_one_language(store: EmbeddedStore, tag: str, language: str) -> None:
    asked, expected = coverage(store, lang=tag).to_json(), coverage(store, lang=language).to_json()
    assert asked == expected
    # The drawing and the text the command line prints, made from the report.
    assert heatmap.render(asked["matrix"], tag) == heatmap.render(expected["matrix"], language)
    assert coverage_report.coverage_text(asked, tag) == coverage_report.coverage_text(
        expected, language
    )
    assert coverage_report.coverage_turtle(asked, tag) == coverage_report.coverage_turtle(
        expected, language
    )


@pytest.mark.parametrize(("tag", "language"), [("sv-SE", "sv"), ("en-GB", "en"), ("fi", "sv")])
def test_a_validation_report_speaks_one_language(model: Path, tag: str, language: str) -> None:
    asked, expected = validate_paths([model], lang=tag), validate_paths([model], lang=language)
    assert not asked.conforms
    assert validation_text(asked, "text") == validation_text(expected, "text")


def test_numbers_are_written_as_the_language_writes_them(
    client: FlaskClient, store: EmbeddedStore
) -> None:
    # A share on the coverage page: "92 %" (a no-break space) in Swedish, "92%" in English.
    swedish = _get(client, "/coverage?lang=sv-SE", **HTML).get_data(as_text=True)
    english = _get(client, "/coverage?lang=en-GB", **HTML).get_data(as_text=True)
    assert re.search(r"<strong>\d+\xa0%</strong>", swedish)
    assert re.search(r"<strong>\d+%</strong>", english)
    assert not re.search(r"<strong>\d+ ?%</strong>", swedish)
    # The summary the command line prints: a decimal comma in Swedish, a point in English.
    report = coverage(store, lang="sv").to_json()
    assert re.search(r"\(\d+,\d\xa0%\)", coverage_report.coverage_text(report, "sv"))
    assert re.search(r"\(\d+\.\d%\)", coverage_report.coverage_text(report, "en"))
