"""POST /api/import/kolada on the real Flask app over the bundled model: the write token as at
/store, bodies refused with the line and part named, the import validated (422, nothing
written), the report accounting for every value, a dry run and a second import changing
nothing, and the write lock shared with /store."""

from __future__ import annotations

import io
import threading
import time
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from kolada_support import KOLADA, LJ, RESPONSES, SG, add_turtle, dump, expected
from styrgraf.web.app import create_app

TOKEN = {"Authorization": "Bearer test-token"}
URL = "/api/import/kolada"


def _app(**settings: Any) -> Flask:
    app = create_app(
        {"TESTING": True, "write_token": "test-token", "query_processes": 0, **settings}
    )
    service = app.extensions["styrgraf"]
    add_turtle(service.store, (KOLADA / "model-additions.ttl").read_text(encoding="utf-8"))
    service.forget()
    return app


@pytest.fixture(scope="module")
def app() -> Flask:
    """One app for the tests that write nothing."""
    return _app(max_body=64 * 1024)


@pytest.fixture(scope="module")
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def _files() -> dict[str, tuple[io.BytesIO, str]]:
    return {p.stem: (io.BytesIO(p.read_bytes()), p.name) for p in RESPONSES}


def test_an_import_needs_the_write_token_as_a_write_to_the_store_does(
    client: FlaskClient,
) -> None:
    body = (KOLADA / "ou.json").read_bytes()
    refused = client.post(URL, data=body, content_type="application/json")
    assert refused.status_code == 401 and refused.headers["WWW-Authenticate"].startswith("Bearer")
    wrong = client.post(
        URL,
        data=body,
        content_type="application/json",
        headers={"Authorization": "Bearer nope"},
    )
    assert wrong.status_code == 403 and wrong.get_json()["error"] == (
        "the token does not allow writes"
    )
    closed = create_app({"TESTING": True, "query_processes": 0}).test_client()
    answer = closed.post(URL, data=body, content_type="application/json", headers=TOKEN)
    assert answer.status_code == 403 and "no write token" in answer.get_json()["error"]


@pytest.mark.parametrize(
    ("body", "media", "status", "said", "where"),
    [
        (b'{"values": [\n  {"kpi": }\n]}', "application/json", 400, "is not JSON", {"line": 2}),
        (b'{"vals": []}', "application/json", 400, 'it has no "values"', {}),
        (b"[]", "application/json", 400, "is a list, not a Kolada response", {}),
        (b"kpi;value\nN01951;28302\n", "text/csv", 415, "application/json", {}),
        (b"", "", 415, "not an unnamed type", {}),
    ],
)
def test_a_body_that_is_not_a_kolada_response_is_refused_naming_the_place(
    client: FlaskClient, body: bytes, media: str, status: int, said: str, where: dict[str, int]
) -> None:
    answer = client.post(URL, data=body, content_type=media or None, headers=TOKEN)
    found = answer.get_json()
    assert answer.status_code == status and found["status"] == status
    assert said in found["error"]
    assert {k: found[k] for k in where} == where


def test_a_part_that_is_no_response_is_named_and_a_large_body_refused(
    client: FlaskClient,
) -> None:
    parts = {
        "good": (io.BytesIO((KOLADA / "ou.json").read_bytes()), "ou.json"),
        "bad": (io.BytesIO(b'{"values": [{"kpi": "N01951"}]}'), "trasig.json"),
    }
    answer = client.post(URL, data=parts, content_type="multipart/form-data", headers=TOKEN)
    assert answer.status_code == 400
    assert answer.get_json()["part"] == "trasig.json"
    assert 'values[0] names no area ("municipality" or "ou")' in answer.get_json()["error"]
    large = b'{"values": [], "padding": "' + b"x" * 70_000 + b'"}'
    answer = client.post(URL, data=large, content_type="application/json", headers=TOKEN)
    assert answer.status_code == 413 and answer.get_json()["limit"] == 64 * 1024


def test_an_import_accounts_for_every_value_and_a_dry_run_or_a_second_import_writes_nothing() -> (
    None
):
    app = _app()
    client, store = app.test_client(), app.extensions["styrgraf"].store
    want = expected(store, RESPONSES)
    before = dump(store)
    dry = client.post(
        URL + "?dry_run=1&lang=en",
        data=_files(),
        content_type="multipart/form-data",
        headers=TOKEN,
    )
    assert dry.status_code == 200 and dry.get_json()["counts"] == want
    assert dry.get_json()["dry_run"] and not dry.get_json()["written"]
    assert dump(store) == before

    done = client.post(
        URL + "?retrieved=2026-03-02T09:30:00%2B01:00&by=Controller",
        data=_files(),
        content_type="multipart/form-data",
        headers=TOKEN,
    )
    report = done.get_json()
    assert done.status_code == 200 and report["written"] and report["counts"] == want
    assert report["files"] == [p.name for p in RESPONSES]
    assert {r["retrieved"] for r in report["revisions"]} == {"2026-03-02T09:30:00+01:00"}
    after = dump(store)
    assert after > before
    # The pages read the new state: the follow-up of the revised year counts the revision.
    revision = report["revisions"][0]
    fulfilment = client.get(f"/api/fulfilment?period={revision['period']}").get_json()
    counted = [
        indicator
        for goal in fulfilment["goals"]
        for indicator in goal["indicators"]
        if indicator["iri"] == revision["indicator"]["iri"]
    ]
    assert counted and all(i["problem"] is None for i in counted)
    assert {i["value"]["iri"] for i in counted} == {revision["iri"]}

    again = client.post(
        URL, data=_files(), content_type="multipart/form-data", headers=TOKEN
    ).get_json()
    assert not again["written"] and not again["plan"]["changes"]
    assert again["counts"]["unchanged"] == want["unchanged"] + want["added"] + want["revised"]
    assert dump(store) == after


def test_an_import_that_would_break_a_rule_is_422_and_writes_nothing() -> None:
    app = _app()
    store = app.extensions["styrgraf"].store
    add_turtle(store, f'<{LJ}kommunstyrelsen> <{SG}koladaOu> "V15E078100101" .')
    app.extensions["styrgraf"].forget()
    before = dump(store)
    answer = app.test_client().post(
        URL, data=(KOLADA / "ou.json").read_bytes(), content_type="application/json", headers=TOKEN
    )
    found = answer.get_json()
    assert answer.status_code == 422 and "nothing was stored" in found["error"]
    broken = {rule["rule"] for rule in found["report"]["rules"] if rule["severity"] == "Violation"}
    assert broken == {SG + "Value-refArea"}
    assert dump(store) == before


def test_an_import_waits_for_the_write_lock_that_the_store_holds() -> None:
    app = _app()
    service = app.extensions["styrgraf"]
    answers: list[int] = []

    def post() -> None:
        body = (KOLADA / "municipality-page-2.json").read_bytes()
        answer = app.test_client().post(
            URL, data=body, content_type="application/json", headers=TOKEN
        )
        answers.append(answer.status_code)

    service.writes.acquire()  # a write at /store in the middle of validating and storing
    try:
        waiting = threading.Thread(target=post, daemon=True)
        waiting.start()
        deadline = time.monotonic() + 30
        while service.admission.write.in_progress < 1 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert service.admission.write.in_progress == 1 and answers == []
    finally:
        service.writes.release()
    waiting.join(60)
    assert answers == [200]
