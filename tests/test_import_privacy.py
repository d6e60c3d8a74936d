"""Every import is checked as a write at /store and ``styrgraf load`` are, in the same step
(styrgraf.store.replacement.check_write): personal data outside a private graph first, then
the rules. On the command line and over HTTP, a privacy finding refuses an import as it
refuses a write to /store: exit 1 with the findings in words or as JSON, 422 with the same
``findings``; nothing is written.

What an import writes is bounded: new nodes, in the graph that describes the indicator, goal
or activity they are about, naming what the model matched. A workbook's rows are matched, by
their hidden IRIs, only to the board's own goals, indicators and activities. Kolada's values
are matched to every node that names a Kolada unit (``sg:koladaOu``), whatever it is: a
one-person unit kept as personal data in the private graph (a dagbarnvårdare, say) gets its
values written with ``sg:refArea`` the person, in the indicator's public graph."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from flask import Flask

from kolada_support import KOLADA, small_model
from styrgraf.cli import main
from styrgraf.results.workbook_layout import Sheet
from styrgraf.vocabulary import SG
from styrgraf.web.app import create_app
from workbook_support import (
    ADDED,
    DATA,
    EX,
    GRAPH,
    blank,
    dump,
    fill,
    folder_contents,
    new_store,
    quads_in,
    rows_of,
    store_folder,
)

TOKEN = {"Authorization": "Bearer test-token"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PRIVATE = EX + "graph-private"
PERSON = EX + "dagbarnvardare-1"
UNIT_IS_A_PERSON = f"""
<{PRIVATE}> a <{SG}PrivateGraph> .
<{PERSON}> a <{SG}Employee> ;
    <http://www.w3.org/2000/01/rdf-schema#label> "Dagbarnvårdare Exempel"@sv ;
    <http://www.w3.org/ns/org#memberOf> <{EX}enhet1> ;
    <{SG}koladaOu> "V15E078199999" .
"""
"""The private graph: a person who is a unit of her own, with her Kolada unit."""
FINDING = {
    "code": "personal-data",
    "graph": GRAPH,
    "node": PERSON,
    "type": SG + "Employee",
    "message": f"<{PERSON}> is personal data (Employee) and <{GRAPH}> is not a private graph",
}


@pytest.fixture(scope="module")
def with_the_person(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small model ready for Kolada in its public graph and the person in the private
    graph, as TriG."""
    quads = [*quads_in(small_model(), GRAPH), *quads_in(UNIT_IS_A_PERSON, PRIVATE)]
    path = tmp_path_factory.mktemp("import-privacy") / "model.trig"
    data = ox.serialize(quads, format=ox.RdfFormat.TRIG)
    assert isinstance(data, bytes)
    path.write_bytes(data)
    return path


def _app(data: Path) -> Flask:
    settings = {"TESTING": True, "write_token": "test-token", "query_processes": 0}
    return create_app({**settings, "data": [str(data)]})


def test_kolada_values_of_a_unit_that_is_a_person_are_refused_as_personal_data(
    capsys: pytest.CaptureFixture[str], with_the_person: Path, tmp_path: Path
) -> None:
    folder = store_folder(tmp_path / "store", with_the_person)
    before = folder_contents(folder)
    argv = ["import", "kolada", str(KOLADA / "ou.json"), "--store", str(folder)]
    assert main(argv) == 1
    out, err = capsys.readouterr()
    assert out == FINDING["message"] + "\n"
    assert err == (
        "styrgraf import kolada: the import would show personal data in a graph that is not "
        "private; nothing was written\n"
    )
    assert main([*argv, "--json"]) == 1
    answer = json.loads(capsys.readouterr().out)
    assert answer == {"error": FINDING["message"] + "; nothing was stored", "findings": [FINDING]}
    assert folder_contents(folder) == before

    # Over HTTP the import is refused with the findings that /store gives a write putting the
    # person in the same graph.
    app = _app(with_the_person)
    client, store = app.test_client(), app.extensions["styrgraf"].store
    before = dump(store)
    body = (KOLADA / "ou.json").read_bytes()
    imported = client.post(
        "/api/import/kolada", data=body, content_type="application/json", headers=TOKEN
    )
    assert imported.status_code == 422 and "report" not in imported.get_json()
    named = f"<{EX}value> <{SG}refArea> <{PERSON}> ."
    written = client.post(
        f"/store?graph={GRAPH}", data=named, content_type="text/turtle", headers=TOKEN
    )
    assert written.status_code == 422
    assert imported.get_json()["findings"] == written.get_json()["findings"] == [FINDING]
    assert imported.get_json()["error"] == written.get_json()["error"]
    assert dump(store) == before


@pytest.fixture(scope="module")
def public_person(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small model with the base model's employee and development plan left in, and no
    graph declared private: a store can be given that (a service's files at start, a remote
    store others write), though neither /store nor load lets a write add to it."""
    path = tmp_path_factory.mktemp("public-person") / "model.ttl"
    path.write_text((DATA / "base.ttl").read_text(encoding="utf-8") + ADDED, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def filled(public_person: Path) -> bytes:
    data = blank(new_store(public_person))
    row = rows_of(data, Sheet.GOALS)["nm-1 ind-3"]
    return fill(data, {(Sheet.GOALS, "value", row): "28 304"})


def test_a_workbook_import_is_refused_where_every_other_write_is(
    capsys: pytest.CaptureFixture[str], public_person: Path, filled: bytes, tmp_path: Path
) -> None:
    # Personal data outside a private graph refuses every write, whatever it writes: once an
    # import went through (200, written) where /store refused.
    app = _app(public_person)
    client, store = app.test_client(), app.extensions["styrgraf"].store
    before = dump(store)
    (graph,) = {q.graph_name.value for q in before if q.subject.value == EX + "medarbetare"}
    findings = [
        {
            "code": "personal-data",
            "graph": graph,
            "node": EX + node,
            "type": SG + kind,
            "message": f"<{EX}{node}> is personal data ({kind}) and <{graph}> is not a private "
            "graph",
        }
        for node, kind in (("iup", "DevelopmentPlan"), ("medarbetare", "Employee"))
    ]
    written = client.put(
        f"/store?graph={EX}other",
        data="<a:b> <a:c> <a:d> .",
        content_type="text/turtle",
        headers=TOKEN,
    )
    assert written.status_code == 422 and written.get_json()["findings"] == findings
    imported = client.post(
        "/api/import/workbook?by=Anna", data=filled, headers={"Content-Type": XLSX, **TOKEN}
    )
    assert imported.status_code == 422 and imported.get_json()["findings"] == findings
    assert imported.get_json()["error"] == written.get_json()["error"]
    fields = {"file": (io.BytesIO(filled), "n.xlsx"), "by": "Anna", "token": "test-token"}
    page = client.post("/workbook/import?lang=en", data=fields, content_type="multipart/form-data")
    assert page.status_code == 422
    assert f"&lt;{EX}medarbetare&gt; is personal data" in page.get_data(as_text=True)
    assert dump(store) == before

    folder = store_folder(tmp_path / "store", public_person)
    before = folder_contents(folder)
    workbook = tmp_path / "filled.xlsx"
    workbook.write_bytes(filled)
    argv = ["import", "workbook", str(workbook), "--by", "Anna", "--store", str(folder)]
    assert main([*argv, "--json"]) == 1
    answer = json.loads(capsys.readouterr().out)
    assert [(f["node"], f["graph"]) for f in answer["findings"]] == [
        (EX + "iup", GRAPH),
        (EX + "medarbetare", GRAPH),
    ]
    assert folder_contents(folder) == before
