"""The write token on every route: its scheme is read in any case, and whatever is answered to
a request that carries an ``Authorization`` header is kept from shared caches, with every
answer of the service saying ``Vary: Authorization``. The routes come from the app's own
``url_map`` (routes_support), so a new route is held to this without a test naming it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from routes_support import PLAN, PRIVATE, TOKEN, sample_urls
from styrgraf.web.app import create_app
from styrgraf.web.service import bearer_token

HEADERS = {
    "none": {},
    "token": {"Authorization": f"Bearer {TOKEN}"},
    "lowercase token": {"Authorization": f"bearer {TOKEN}"},
    "wrong token": {"Authorization": "Bearer not-the-token"},
    "other scheme": {"Authorization": "Basic dXNlcjpwYXNz"},
    "empty": {"Authorization": ""},
}


@pytest.mark.parametrize(
    ("header", "token"),
    [
        ("Bearer abc", "abc"),
        ("bearer abc", "abc"),
        ("BEARER abc", "abc"),
        ("BeArEr abc", "abc"),
        ("  Bearer    abc  ", "abc"),
        ("Bearer\tabc", "abc"),
        ("Bearer", None),
        ("Bearer ", None),
        ("Bearerabc", None),
        ("Basic abc", None),
        ("Token abc", None),
        ("", None),
        (None, None),
    ],
)
def test_the_bearer_scheme_is_read_in_any_case(header: str | None, token: str | None) -> None:
    assert bearer_token(header) == token


@pytest.mark.parametrize("scheme", ["Bearer", "bearer", "BEARER", "bEaReR"])
def test_the_token_opens_private_resources_whatever_the_case_of_its_scheme(
    reader: FlaskClient, scheme: str
) -> None:
    opened = reader.get(
        f"/resource?iri={PLAN}",
        headers={"Authorization": f"{scheme}  {TOKEN} ", "Accept": "application/n-triples"},
    )
    assert opened.status_code == 200, opened.get_data(as_text=True)
    assert PLAN in opened.get_data(as_text=True)


@pytest.mark.parametrize("header", ["Basic dGVzdC10b2tlbg==", f"Bearer{TOKEN}", f"Token {TOKEN}"])
def test_other_schemes_open_nothing(reader: FlaskClient, header: str) -> None:
    refused = reader.get(f"/resource?iri={PLAN}", headers={"Authorization": header})
    assert refused.status_code == 404


def test_a_write_with_a_lowercase_scheme_is_allowed() -> None:
    app = create_app({"TESTING": True, "write_token": TOKEN, "query_processes": 0})
    client = app.test_client()
    body = '<urn:x:a> <http://www.w3.org/2000/01/rdf-schema#label> "a"@sv .\n'
    written = client.put(
        "/store?graph=urn:x:lowercase",
        data=body,
        headers={"Content-Type": "application/n-triples", "Authorization": f"bearer {TOKEN}"},
    )
    assert written.status_code == 201, written.get_data(as_text=True)
    other = client.put(
        "/store?graph=urn:x:lowercase",
        data=body,
        headers={"Content-Type": "application/n-triples", "Authorization": f"Basic {TOKEN}"},
    )
    assert other.status_code == 401
    assert other.get_json()["status"] == 401


def _answers(client: FlaskClient, headers: dict[str, str]) -> Iterator[tuple[str, TestResponse]]:
    for rule, url in sample_urls(client.application):
        for accept in ("text/html", "*/*"):
            response = client.get(url, headers={**headers, "Accept": accept}, buffered=True)
            response.close()
            yield f"{rule.rule} {url} (Accept: {accept})", response


@pytest.mark.parametrize("name", [n for n in HEADERS if n != "none"])
def test_every_answer_to_a_request_with_a_token_is_kept_from_caches(
    reader: FlaskClient, name: str
) -> None:
    problems = []
    statuses: set[int] = set()
    for what, response in _answers(reader, HEADERS[name]):
        statuses.add(response.status_code)
        headers = response.headers
        if response.status_code >= 500:
            problems.append(f"{what}: {response.status_code}")
        if headers.get("Cache-Control") != "private, no-store":
            problems.append(f"{what}: Cache-Control {headers.get('Cache-Control')!r}")
        if "authorization" not in {v.strip().lower() for v in headers.get("Vary", "").split(",")}:
            problems.append(f"{what}: Vary {headers.get('Vary')!r}")
    assert not problems, "\n".join(problems)
    assert 200 in statuses


def test_every_answer_says_it_varies_with_the_token_and_keeps_its_other_vary(
    reader: FlaskClient,
) -> None:
    problems = []
    for what, response in _answers(reader, {}):
        headers = response.headers
        vary = {v.strip().lower() for v in headers.get("Vary", "").split(",")}
        if "authorization" not in vary:
            problems.append(f"{what}: Vary {headers.get('Vary')!r}")
        if "private" in headers.get("Cache-Control", ""):
            problems.append(f"{what}: Cache-Control {headers.get('Cache-Control')!r}")
    assert not problems, "\n".join(problems)
    # Vary: Authorization is added to what a route says, never in place of it.
    negotiated = reader.get("/sparql?query=SELECT%20%2A%20%7B%7D", headers={"Accept": "text/csv"})
    assert {"Accept", "Authorization"} <= {v.strip() for v in negotiated.headers["Vary"].split(",")}
    page = reader.get("/tree", headers={"Accept": "text/html"})
    assert {"Accept-Language", "Cookie", "Authorization"} <= set(
        v.strip() for v in page.headers["Vary"].split(",")
    )


def test_the_answers_the_issue_named_are_uncacheable_with_the_token(reader: FlaskClient) -> None:
    token = HEADERS["token"]
    drawing = reader.get(f"/trace.svg?iri={PLAN}", headers=token)
    assert drawing.status_code == 200 and drawing.mimetype == "image/svg+xml"
    named = reader.get(
        "/sparql?named=described-resources&run=1", headers={**token, "Accept": "text/html"}
    )
    assert named.status_code == 200
    graph = reader.get(f"/store?graph={PRIVATE}", headers=token)
    assert graph.status_code == 200
    for response in (drawing, named, graph):
        assert response.headers["Cache-Control"] == "private, no-store"
        assert "Authorization" in response.headers["Vary"]
