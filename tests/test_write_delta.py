"""A write is judged by what it changes (styrgraf.store.replacement): on a store that already
breaks a rule, a write that adds no violation goes ahead, and one that takes some away; one
that adds a violation is refused, the new one under ``added`` apart from those there before
(``existing``) and those it would take away (``resolved``), nothing written. The same for a
write at /store, ``styrgraf load``, and the Kolada and workbook imports over HTTP and on the
command line. Personal data outside a private graph refuses a write whatever the store held.

The store: the small model the imports' tests use, and beside it a graph of two defects, each
a second Swedish label (ex:ind-1 and ex:ind-2), and a graph of a third (ex:ind-3): a model under
construction."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from flask import Flask

from kolada_support import KOLADA, small_model
from styrgraf.analysis.fulfilment import Period
from styrgraf.cli import main
from styrgraf.results.workbook_layout import Sheet
from styrgraf.vocabulary import SG
from styrgraf.web.app import create_app
from test_openapi import Document
from workbook_support import (
    EX,
    GRAPH,
    blank,
    dump,
    fill,
    folder_contents,
    quads_in,
    rows_of,
    store_folder,
)

TOKEN = {"Authorization": "Bearer test-token"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DEFECTS = EX + "graph-defects"
PREFIXES = (
    "@prefix ex: <https://example.org/exempelkommun/> .\n"
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
)
ONE = 'ex:ind-1 rdfs:label "Andra etiketten"@sv .\n'
TWO = 'ex:ind-2 rdfs:label "Andra etiketten"@sv .\n'
THREE = 'ex:ind-3 rdfs:label "Andra etiketten"@sv .\n'
NEW = 'ex:nm-1 rdfs:label "Andra etiketten"@sv .\n'
"""Each a second Swedish label: a violation of sg:Node-swedishLabel at its node."""
REMOVABLE = EX + "graph-third-defect"
LABELS = SG + "Node-swedishLabel"
NOTES = EX + "graph-notes"
UNRELATED = "<https://example.org/anteckning> <http://www.w3.org/2000/01/rdf-schema#comment> 'x' ."
EMPLOYEE = (
    "<https://example.org/p> a <https://w3id.org/styrgraf#Employee> ;"
    " <http://www.w3.org/ns/org#memberOf> <https://example.org/exempelkommun/enhet1> ."
)


@pytest.fixture(scope="module")
def unsound(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small model, the graph of two defects and the graph of a third, as TriG."""
    quads = [
        *quads_in(small_model(), GRAPH),
        *quads_in(PREFIXES + ONE + TWO, DEFECTS),
        *quads_in(PREFIXES + THREE, REMOVABLE),
    ]
    path = tmp_path_factory.mktemp("unsound") / "model.trig"
    data = ox.serialize(quads, format=ox.RdfFormat.TRIG)
    assert isinstance(data, bytes)
    path.write_bytes(data)
    return path


@pytest.fixture(scope="module")
def app(unsound: Path) -> Flask:
    """One app over the unsound store for the module: its writes that go ahead add no
    violation, and the one that takes one away takes the graph of the third defect."""
    settings = {"TESTING": True, "write_token": "test-token", "query_processes": 0}
    return create_app({**settings, "data": [str(unsound)], "lang": "en"})


@pytest.fixture(scope="module")
def served(app: Flask) -> Document:
    return Document(app.test_client().get("/openapi.json").get_json())


def _put(app: Flask, graph: str, turtle: str) -> Any:
    return app.test_client().put(
        "/store",
        query_string={"graph": graph},
        data=turtle,
        content_type="text/turtle",
        headers=TOKEN,
    )


def _labels(findings: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return sorted((f["rule"], f["iri"].removeprefix(EX)) for f in findings)


def _defects(app: Flask, *graphs: str) -> list[tuple[str, str]]:
    """The defects the store holds in ``graphs``, read from the store itself: the third is
    gone once its graph is taken away."""
    store = app.extensions["styrgraf"].store
    present = store.named_graphs()
    nodes = {q.subject.value for g in graphs if g in present for q in store.quads([g])}
    return sorted((LABELS, node.removeprefix(EX)) for node in nodes)


def test_a_write_that_adds_no_violation_goes_ahead_and_personal_data_is_refused_still(
    app: Flask,
) -> None:
    store = app.extensions["styrgraf"].store
    assert _put(app, NOTES, UNRELATED).status_code == 201
    assert {q.graph_name.value for q in store.quads([NOTES])} == {NOTES}
    # The rule of personal data knows no before: an employee in a public graph is refused, on
    # a store that breaks other rules as on any other.
    before = dump(store)
    refused = _put(app, NOTES, EMPLOYEE)
    assert refused.status_code == 422
    assert [f["code"] for f in refused.get_json()["findings"]] == ["personal-data"]
    assert "added" not in refused.get_json()
    assert dump(store) == before


def test_a_write_that_takes_a_violation_away_goes_ahead(app: Flask) -> None:
    client = app.test_client()
    taken = client.delete("/store", query_string={"graph": REMOVABLE}, headers=TOKEN)
    assert taken.status_code == 204
    assert REMOVABLE not in app.extensions["styrgraf"].store.named_graphs()


def test_a_violation_that_counts_is_the_same_one_whatever_its_count(app: Flask) -> None:
    # ex:ind-2 has two Swedish labels; a third makes the message count three, and taking it
    # away again two: the same broken rule at the same node each time, neither write refused.
    store = app.extensions["styrgraf"].store
    more = EX + "graph-another-label"
    third = 'ex:ind-2 rdfs:label "Tredje etiketten"@sv .\n'
    assert _put(app, more, PREFIXES + third).status_code == 201
    assert more in store.named_graphs()
    taken = app.test_client().delete("/store", query_string={"graph": more}, headers=TOKEN)
    assert taken.status_code == 204
    assert more not in store.named_graphs()


def test_a_write_that_adds_a_violation_is_refused_naming_it_apart_from_those_before(
    app: Flask, served: Document
) -> None:
    store = app.extensions["styrgraf"].store
    before = dump(store)
    # It takes the defect at ex:ind-1 away, keeps the one at ex:ind-2, and adds one at ex:nm-1.
    refused = _put(app, DEFECTS, PREFIXES + TWO + NEW)
    assert refused.status_code == 422
    answer = refused.get_json()
    existing = _defects(app, DEFECTS, REMOVABLE)[1:]
    assert answer["error"] == (
        f"the write would add 1 violation of the rules to the {len(existing)} the store "
        "already has; nothing was stored"
    )
    assert _labels(answer["added"]) == [(LABELS, "nm-1")]
    assert _labels(answer["existing"]) == existing
    assert _labels(answer["resolved"]) == [(LABELS, "ind-1")]
    assert answer["graph"] == DEFECTS and answer["report"]["violations"] == len(existing) + 1
    assert served.problems(refused, "/store", "put") == []
    assert dump(store) == before


def test_the_imports_go_ahead_over_http_on_a_store_that_breaks_a_rule(app: Flask) -> None:
    client = app.test_client()
    body = (KOLADA / "ou.json").read_bytes()
    imported = client.post(
        "/api/import/kolada", data=body, content_type="application/json", headers=TOKEN
    )
    assert imported.status_code == 200 and imported.get_json()["written"]
    workbook = blank(app.extensions["styrgraf"].store)
    row = rows_of(workbook, Sheet.GOALS)["nm-1 ind-3"]
    filled = fill(workbook, {(Sheet.GOALS, "value", row): "28 304"})
    done = client.post(
        "/api/import/workbook?by=Anna", data=filled, headers={"Content-Type": XLSX, **TOKEN}
    )
    assert done.status_code == 200 and done.get_json()["written"]


def test_an_import_that_adds_a_violation_is_refused_with_those_before_apart(
    app: Flask, served: Document
) -> None:
    client, store = app.test_client(), app.extensions["styrgraf"].store
    before = dump(store)
    # A workbook of a budget year outside the mandate: its assessment breaks a rule.
    outside = blank(store, period=Period(2022, "full"))
    goal = rows_of(outside, Sheet.GOALS)["nm-1"]
    judged = fill(outside, {(Sheet.GOALS, "status", goal): "uppfyllt"})
    refused = client.post(
        "/api/import/workbook?by=Anna", data=judged, headers={"Content-Type": XLSX, **TOKEN}
    )
    assert refused.status_code == 422
    answer = refused.get_json()
    existing = _defects(app, DEFECTS, REMOVABLE)
    assert {f["rule"] for f in answer["added"]} == {SG + "Assessment-periodInMandate"}
    assert _labels(answer["existing"]) == existing
    assert served.problems(refused, "/api/import/workbook", "post") == []
    fields = {"file": (io.BytesIO(judged), "n.xlsx"), "by": "Anna", "token": "test-token"}
    page = client.post("/workbook/import?lang=en", data=fields, content_type="multipart/form-data")
    assert page.status_code == 422
    html = page.get_data(as_text=True)
    assert "Rules the import would break (1)" in html
    assert f"Rules the model already breaks (they do not stop the import) ({len(existing)})" in html
    assert dump(store) == before


def test_load_and_the_kolada_import_go_ahead_and_load_refuses_a_new_violation(
    capsys: pytest.CaptureFixture[str], unsound: Path, tmp_path: Path
) -> None:
    folder = store_folder(tmp_path / "store", unsound, graph=None)
    notes = tmp_path / "notes.ttl"
    notes.write_text(UNRELATED, encoding="utf-8")
    assert main(["load", str(notes), "--into", NOTES, "--store", str(folder)]) == 0
    capsys.readouterr()
    before = folder_contents(folder)
    argv = ["import", "kolada", str(KOLADA / "ou.json"), "--store", str(folder), "--json"]
    assert main(argv) == 0
    assert json.loads(capsys.readouterr().out)["written"]
    assert folder_contents(folder) > before
    before = folder_contents(folder)
    broken = tmp_path / "broken.ttl"
    broken.write_text(PREFIXES + NEW, encoding="utf-8")
    argv = ["load", str(broken), "--into", EX + "graph-more", "--store", str(folder)]
    for lang, added, existing in (
        (
            "en",
            "The change would add 1 violation of the rules of the governance model; nothing "
            "was written.",
            "Already there before the change, and not what stops it: 3 violations.",
        ),
        (
            "sv",
            "Ändringen skulle lägga till 1 fel mot styrmodellens regler; inget skrevs.",
            "Fanns redan före ändringen, och är inte det som stoppar den: 3 fel.",
        ),
    ):
        assert main([*argv, "--lang", lang]) == 1
        out, err = capsys.readouterr()
        told, there = out.split("\n\n" + existing + "\n")
        assert told.splitlines()[0] == added
        assert f"  - {EX}nm-1 «" in told and EX + "ind-" not in told
        for node in ("ind-1", "ind-2", "ind-3"):
            assert f"  - {EX}{node} «" in there
        assert "nm-1" not in there
        assert "nothing was loaded" in err
    assert folder_contents(folder) == before
