"""The workbook import over HTTP (``POST /api/import/workbook``) and the upload page with its
preview (``/workbook/import``), with the Flask test client over a small model: the write token
as at /store, every problem with its sheet and cell (422), the rules validated (422 with the
report), a dry run writing nothing, answers of the OpenAPI document's shapes; the page's form,
preview, apply (once, as previewed) in Swedish and English, with no inline script."""

from __future__ import annotations

import io
import re
from pathlib import Path
from urllib.parse import quote

import pytest
from flask import Flask
from flask.testing import FlaskClient

from routes_support import Anchors
from styrgraf.analysis.fulfilment import Period
from styrgraf.results.workbook_layout import Sheet
from styrgraf.vocabulary import SG
from styrgraf.web.app import create_app
from styrgraf.web.pending_uploads import PendingUploads, Upload
from test_openapi import Document
from workbook_support import BOARD, EX, blank, dump, fill, model_file, rows_of

G, A = Sheet.GOALS, Sheet.ACTIVITIES
TOKEN = "workbook-token"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BEARER = {"Authorization": f"Bearer {TOKEN}"}
URL = "/api/import/workbook"


@pytest.fixture(scope="module")
def model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return model_file(tmp_path_factory.mktemp("workbook-web"))


def _app(model: Path, token: str | None = TOKEN) -> Flask:
    return create_app(
        {"TESTING": True, "write_token": token, "query_processes": 0, "data": [str(model)]}
    )


@pytest.fixture(scope="module")
def app(model: Path) -> Flask:
    """An app the tests that write nothing share."""
    return _app(model)


@pytest.fixture(scope="module")
def workbook(app: Flask) -> bytes:
    return blank(app.extensions["styrgraf"].store)


@pytest.fixture(scope="module")
def rows(workbook: bytes) -> dict[str, int]:
    return {**rows_of(workbook, G), **rows_of(workbook, A)}


@pytest.fixture(scope="module")
def served(app: Flask) -> Document:
    return Document(app.test_client().get("/openapi.json").get_json())


def _filled(workbook: bytes, rows: dict[str, int]) -> bytes:
    return fill(
        workbook,
        {
            (G, "value", rows["nm-1 ind-1"]): "93,1 %",
            (G, "value", rows["nm-1 ind-3"]): "28 304",
            (G, "status", rows["nm-2"]): "ej uppfyllt",
        },
    )


def _post(client: FlaskClient, data: bytes, query: str = "?by=Anna", **headers: str) -> object:
    return client.post(URL + query, data=data, headers={"Content-Type": XLSX, **headers})


def test_the_write_token_is_needed_as_at_the_store(
    app: Flask, model: Path, workbook: bytes
) -> None:
    client = app.test_client()
    missing = client.post(URL + "?by=Anna", data=workbook, content_type=XLSX)
    assert missing.status_code == 401 and missing.headers["WWW-Authenticate"].startswith("Bearer")
    wrong = client.post(
        URL + "?by=Anna", data=workbook, content_type=XLSX, headers={"Authorization": "Bearer x"}
    )
    assert wrong.status_code == 403
    closed = _app(model, token=None).test_client()
    off = closed.post(URL + "?by=Anna", data=workbook, content_type=XLSX, headers=BEARER)
    assert off.status_code == 403 and "no write token" in off.get_json()["error"]


def test_what_the_request_lacks_is_named(app: Flask, workbook: bytes, served: Document) -> None:
    client = app.test_client()
    before = dump(app.extensions["styrgraf"].store)
    nobody = client.post(URL, data=workbook, content_type=XLSX, headers=BEARER)
    assert nobody.status_code == 400 and nobody.get_json()["parameter"] == "by"
    text = client.post(URL + "?by=Anna", data="a,b", content_type="text/csv", headers=BEARER)
    assert text.status_code == 415 and XLSX in text.get_json()["accepted"]
    empty = client.post(URL + "?by=Anna", data=b"", content_type=XLSX, headers=BEARER)
    assert empty.status_code == 400
    no_file = client.post(
        URL + "?by=Anna", data={"by": "Anna"}, content_type="multipart/form-data", headers=BEARER
    )
    assert no_file.status_code == 400 and "no file" in no_file.get_json()["error"]
    unknown = client.post(
        URL + "?by=Anna&colour=red", data=workbook, content_type=XLSX, headers=BEARER
    )
    assert unknown.status_code == 400 and unknown.get_json()["parameter"] == "colour"
    period = client.post(
        URL + "?by=Anna&period=24", data=workbook, content_type=XLSX, headers=BEARER
    )
    assert period.status_code == 400 and period.get_json()["parameter"] == "period"
    for response in (nobody, text, empty, no_file, unknown, period):
        assert served.problems(response, URL, "post") == []  # type: ignore[arg-type]
    assert dump(app.extensions["styrgraf"].store) == before


def test_a_refused_workbook_names_every_cell_in_the_language_asked(
    app: Flask, workbook: bytes, rows: dict[str, int], served: Document
) -> None:
    client = app.test_client()
    before = dump(app.extensions["styrgraf"].store)
    wrong = fill(
        workbook,
        {(G, "value", rows["nm-1 ind-3"]): "ca 28 000", (A, "status", rows["akt-1"]): "klar"},
    )
    for lang, first in (
        ("en", "'ca 28 000' is not a number"),
        ("sv", "'ca 28 000' är inte ett tal"),
    ):
        refused = client.post(
            f"{URL}?by=Anna&lang={lang}",
            data={"file": (io.BytesIO(wrong), "nämnden.xlsx")},
            content_type="multipart/form-data",
            headers=BEARER,
        )
        assert refused.status_code == 422
        problems = refused.get_json()["problems"]
        assert [(p["sheet"], p["cell"], p["code"]) for p in problems] == [
            ("Nämndsmål", f"H{rows['nm-1 ind-3']}", "not-a-number"),
            ("Aktiviteter", f"F{rows['akt-1']}", "status-not-listed"),
        ]
        assert problems[0]["message"] == f"Nämndsmål!H{rows['nm-1 ind-3']}: {first}"
        assert served.problems(refused, URL, "post") == []
    other = _post(client, workbook, "?by=Anna&lang=en&period=2024&interim=true", **BEARER)
    assert other.status_code == 422  # type: ignore[attr-defined]
    assert other.get_json()["problems"][0]["message"] == (  # type: ignore[attr-defined]
        "styrgraf!B4: the workbook is for another period: full year 2024, not interim 2024"
    )
    assert dump(app.extensions["styrgraf"].store) == before


def test_an_import_that_would_break_a_rule_is_refused_with_the_report(
    app: Flask, served: Document
) -> None:
    store = app.extensions["styrgraf"].store
    before = dump(store)
    outside = blank(store, period=Period(2022, "full"))  # a budget year outside the mandate
    rows = rows_of(outside, G)
    judged = fill(outside, {(G, "status", rows["nm-1"]): "uppfyllt"})
    refused = _post(app.test_client(), judged, **BEARER)
    assert refused.status_code == 422  # type: ignore[attr-defined]
    report = refused.get_json()["report"]  # type: ignore[attr-defined]
    assert not report["conforms"]
    assert SG + "Assessment-periodInMandate" in {rule["rule"] for rule in report["rules"]}
    assert served.problems(refused, URL, "post") == []  # type: ignore[arg-type]
    assert dump(store) == before


def test_a_dry_run_writes_nothing_and_an_import_writes_once(
    model: Path, rows: dict[str, int], served: Document
) -> None:
    app = _app(model)
    client, store = app.test_client(), app.extensions["styrgraf"].store
    filled = _filled(blank(store), rows)
    before = dump(store)
    dry = _post(client, filled, "?by=Anna%20Berg&dry_run=1", **BEARER)
    assert dry.status_code == 200 and dump(store) == before  # type: ignore[attr-defined]
    answer = dry.get_json()  # type: ignore[attr-defined]
    assert answer["dry_run"] and not answer["written"] and answer["plan"]["changes"]
    assert served.problems(dry, URL, "post") == []  # type: ignore[arg-type]
    done = client.post(
        URL + "?by=Anna%20Berg",
        data=filled,
        headers={
            **BEARER,
            "Content-Type": "application/octet-stream",
            "Content-Disposition": 'attachment; filename="nämnden 2024.xlsx"',
        },
    )
    assert done.status_code == 200
    answer = done.get_json()
    assert (
        answer["written"] and answer["file"] == "nämnden 2024.xlsx" and answer["by"] == "Anna Berg"
    )
    assert [(v["indicator"]["iri"], v["state"], v["old"]) for v in answer["values"]] == [
        (EX + "ind-1", "revised", ["91.2"]),
        (EX + "ind-3", "added", []),
    ]
    assert served.problems(done, URL, "post") == []
    after = dump(store)
    assert after != before
    again = _post(client, filled, **BEARER)
    assert again.status_code == 200 and not again.get_json()["plan"]["changes"]  # type: ignore[attr-defined]
    assert dump(store) == after


# --- the upload page ----------------------------------------------------------------------------


def _page(client: FlaskClient, fields: dict[str, object], lang: str = "en") -> tuple[int, str]:
    response = client.post(
        f"/workbook/import?lang={lang}", data=fields, content_type="multipart/form-data"
    )
    return response.status_code, response.get_data(as_text=True)


def _safe(html: str) -> None:
    """No inline script or handler: the page keeps the Content-Security-Policy."""
    parser = Anchors()
    parser.feed(html)
    assert all(script.get("src") for script in parser.scripts) and parser.handlers == []


def test_the_form_asks_for_the_file_a_name_and_the_token(app: Flask) -> None:
    client = app.test_client()
    for lang, title, asked in (
        ("sv", "Läs in en arbetsbok", "Exempelnämnden</a>, helår 2024"),
        ("en", "Import a workbook", "The example board</a>, full year 2024"),
    ):
        page = client.get(f"/workbook/import?lang={lang}&board={BOARD}&period=2024")
        html = page.get_data(as_text=True)
        assert page.status_code == 200 and f"<h1>{title}</h1>" in html
        assert 'type="file"' in html and 'name="by"' in html
        assert '<input id="token" name="token" type="password"' in html
        assert 'method="post"' in html and 'enctype="multipart/form-data"' in html
        assert f'<input type="hidden" name="board" value="{BOARD}">' in html
        # The board asked for is named, and linked to its page, with the period.
        assert f'<a href="/resource?iri={quote(BOARD, safe="")}">{asked}' in html
        _safe(html)
    assert client.get("/workbook/import?period=24").status_code == 400


def test_the_form_is_refused_without_the_token_a_name_or_a_file(
    app: Flask, workbook: bytes
) -> None:
    client = app.test_client()
    file = (io.BytesIO(workbook), "n.xlsx")
    status, html = _page(client, {"file": file, "by": "Anna"})
    assert status == 401 and "Give the write token." in html
    status, html = _page(
        client, {"file": (io.BytesIO(workbook), "n.xlsx"), "by": "Anna", "token": "x"}, "sv"
    )
    assert status == 403 and "Skrivnyckeln stämmer inte." in html
    status, html = _page(client, {"file": (io.BytesIO(workbook), "n.xlsx"), "token": TOKEN})
    assert status == 400 and "Give your name" in html
    status, html = _page(client, {"by": "Anna", "token": TOKEN})
    assert status == 400 and "Choose the workbook to upload." in html
    assert TOKEN not in html


def test_a_file_over_the_body_limit_is_refused_on_the_page(model: Path, workbook: bytes) -> None:
    small = create_app(
        {
            "TESTING": True,
            "write_token": TOKEN,
            "query_processes": 0,
            "data": [str(model)],
            "max_body": 1000,
        }
    )
    fields = {"file": (io.BytesIO(workbook), "n.xlsx"), "by": "Anna", "token": TOKEN}
    status, html = _page(small.test_client(), fields)
    assert status == 413 and "The file is too large: at most 1,000 bytes are taken." in html


def test_a_refused_workbook_lists_every_cell_on_the_page(
    app: Flask, workbook: bytes, rows: dict[str, int]
) -> None:
    wrong = fill(workbook, {(G, "value", rows["nm-1 ind-3"]): "7,2 procent"})
    fields = {"file": (io.BytesIO(wrong), "n.xlsx"), "by": "Anna", "token": TOKEN}
    status, html = _page(app.test_client(), fields, "sv")
    assert status == 422 and "Arbetsboken kan inte läsas in" in html
    cell = f"Nämndsmål!H{rows['nm-1 ind-3']}"
    # The reason beside its cell, without saying the cell again.
    assert (
        f'<td data-label="Cell"><code>{cell}</code></td>'
        '<td data-label="Varför">&#39;7,2 procent&#39; är inte ett tal</td>' in html
    )
    assert 'name="upload"' not in html
    _safe(html)


def test_the_preview_shows_what_would_change_and_the_apply_does_it_once(
    model: Path, rows: dict[str, int]
) -> None:
    app = _app(model)
    client, store = app.test_client(), app.extensions["styrgraf"].store
    filled = _filled(blank(store), rows)
    before = dump(store)
    fields = {"file": (io.BytesIO(filled), "nämnden.xlsx"), "by": "Anna", "token": TOKEN}
    status, html = _page(client, fields, "sv")
    assert status == 200 and dump(store) == before
    assert "<h1>Förhandsgranskning av importen</h1>" in html
    assert "nämnden.xlsx för Exempelnämnden, helår 2024, inläst av Anna." in html
    cell = f"Nämndsmål!H{rows['nm-1 ind-1']}"
    assert f'<td data-label="Cell"><code>{cell}</code></td>' in html
    assert '<td class="number" data-label="Tidigare">91,2 procent</td>' in html
    assert "→ </span>93,1 procent" in html
    assert "28\u00a0304 antal" in html
    assert TOKEN not in html
    _safe(html)
    upload = re.findall(r'name="upload" value="([^"]+)"', html)
    assert len(upload) == 1 and len(upload[0]) >= 40

    applied = client.post("/workbook/import/apply?lang=en", data={"upload": upload[0]})
    text = applied.get_data(as_text=True)
    assert applied.status_code == 200 and "<h1>The import is carried out</h1>" in text
    # Each count in the form its number takes: one new value, one changed.
    assert "The import is written: 1 new value, 1 changed (0 unchanged), " in text
    after = dump(store)
    assert after != before
    again = client.post("/workbook/import/apply", data={"upload": upload[0]})
    assert again.status_code == 410 and dump(store) == after
    unknown = client.post("/workbook/import/apply", data={"upload": "made-up"})
    assert unknown.status_code == 410


def test_a_preview_is_not_applied_once_the_store_has_changed(
    model: Path, rows: dict[str, int]
) -> None:
    app = _app(model)
    client, store = app.test_client(), app.extensions["styrgraf"].store
    workbook = blank(store)
    mine = fill(workbook, {(G, "value", rows["nm-1 ind-3"]): "28 304"})
    fields = {"file": (io.BytesIO(mine), "a.xlsx"), "by": "Anna", "token": TOKEN}
    _, html = _page(client, fields)
    upload = re.findall(r'name="upload" value="([^"]+)"', html)[0]
    theirs = fill(workbook, {(G, "value", rows["nm-1 ind-3"]): "28 000"})
    assert _post(client, theirs, **BEARER).status_code == 200  # type: ignore[attr-defined]
    between = dump(store)
    applied = client.post("/workbook/import/apply?lang=en", data={"upload": upload})
    text = applied.get_data(as_text=True)
    assert applied.status_code == 200 and dump(store) == between
    assert "The model has changed since the preview" in text
    assert "28,000 antal" in text and "→ </span>28,304 antal" in text
    fresh = re.findall(r'name="upload" value="([^"]+)"', text)
    assert fresh and fresh[0] != upload
    # A new write token makes the kept uploads useless.
    app.extensions["styrgraf"].settings["write_token"] = "another-token"
    refused = client.post("/workbook/import/apply", data={"upload": fresh[0]})
    assert refused.status_code == 403 and dump(store) == between


def test_kept_uploads_are_bounded_and_taken_once() -> None:
    kept = PendingUploads(entries=2, total=10)
    first = kept.keep(Upload(b"12345", "a.xlsx", "Anna", "t", "p"))
    second = kept.keep(Upload(b"12345", "b.xlsx", "Anna", "t", "p"))
    assert len(kept) == 2 and first != second
    third = kept.keep(Upload(b"1", "c.xlsx", "Anna", "t", "p"))  # over 10 bytes: the oldest goes
    assert kept.take(first) is None and len(kept) == 2
    taken = kept.take(second)
    assert taken is not None and taken.file == "b.xlsx" and kept.take(second) is None
    assert kept.take(third) is not None and len(kept) == 0
    lapsing = PendingUploads(seconds=0)
    key = lapsing.keep(Upload(b"1", "d.xlsx", "Anna", "t", "p"))
    assert lapsing.take(key) is None
