"""Both imports into a remote store (``--endpoint``): a real Oxigraph server holding a small
model, loaded with ``styrgraf load --endpoint``. Kolada's responses (tests/data/kolada) and a
filled workbook land on the server as the files say and the report tells, the budget years the
model lacks added with their dates, and a second import changes nothing; a refused import
leaves the server as it was."""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest

from kolada_support import KOLADA, RESPONSES, dump, expected, rows, small_model
from styrgraf.cli import main
from styrgraf.results.workbook_layout import Sheet
from styrgraf.store.remote import RemoteStore
from styrgraf.vocabulary import DCT, PROV, SG
from tests_support import remote_args, remote_store
from workbook_support import BOARD, EX, GRAPH, fill, rows_of

RETRIEVED = "2026-03-02T09:30:00+01:00"
KPIS = {"N01951": EX + "ind-1", "N15428": EX + "ind-2"}
"""The indicator that names each KPI in the small model."""
AREAS = {"0781": EX + "kommun", "V15E078100101": EX + "enhet2"}
"""The area of each Kolada id that the small model holds."""
GENDERS = {"T": SG + "Total", "K": SG + "Women", "M": SG + "Men"}
PREFIXES = f"PREFIX sg: <{SG}>\nPREFIX prov: <{PROV}>\nPREFIX dcterms: <{DCT}>\n"

Imported = tuple[str, str | None, int, str, Decimal]
"""A value as an import writes it: indicator, area, year, gender and number."""


@pytest.fixture(scope="module")
def loaded(oxigraph_server: str, tmp_path_factory: pytest.TempPathFactory) -> set[ox.Quad]:
    """The session's server emptied and the small model loaded into it by ``styrgraf load
    --endpoint``; what the server held then."""
    model = tmp_path_factory.mktemp("remote-import") / "model.ttl"
    model.write_text(small_model(), encoding="utf-8")
    store = remote_store(oxigraph_server)
    assert main(["load", str(model), "--into", GRAPH, *remote_args(oxigraph_server)]) == 0
    return dump(store)


@pytest.fixture
def store(oxigraph_server: str, loaded: set[ox.Quad]) -> Iterator[RemoteStore]:
    """A client of the server, which holds what ``loaded`` left, whatever a test before
    wrote."""
    client = remote_store(oxigraph_server)
    graphs: dict[str, list[ox.Triple]] = {}
    for quad in loaded:
        assert isinstance(quad.graph_name, ox.NamedNode)
        graphs.setdefault(quad.graph_name.value, []).append(quad.triple)
    client.replace_graphs(graphs)
    yield client
    client.close()


def _run(capsys: pytest.CaptureFixture[str], base: str, *argv: str) -> tuple[int, str, str]:
    code = main([*argv, *remote_args(base)])
    out, err = capsys.readouterr()
    return code, out, err


def _imported(store: RemoteStore) -> dict[Imported, str]:
    """Every value on the server that an import brought, with its source."""
    query = PREFIXES + (
        "SELECT ?indicator ?area ?year ?gender ?number ?source WHERE { "
        "?value a sg:Value ; prov:wasGeneratedBy ?run ; sg:indicator ?indicator ; "
        "sg:period/sg:year ?year ; sg:gender ?gender ; sg:numericValue ?number ; "
        "dcterms:source ?source . ?run a sg:Import . OPTIONAL { ?value sg:refArea ?area } }"
    )
    found: dict[Imported, str] = {}
    for row in store.select(query):
        area = row.get("area")
        key = (
            row["indicator"].value,
            area.value if area is not None else None,
            int(row["year"].value),
            row["gender"].value,
            Decimal(row["number"].value),
        )
        found[key] = row["source"].value
    return found


def _from_the_files() -> dict[Imported, str]:
    """What the responses bring for the areas and KPIs of the small model, read from the files
    alone, with the address each value has at Kolada."""
    found: dict[Imported, str] = {}
    for value in rows(RESPONSES):
        if value["area"] not in AREAS or value["kpi"] not in KPIS or value["value"] is None:
            continue
        path = "data" if value["level"] == "municipality" else "oudata"
        key = (
            KPIS[value["kpi"]],
            AREAS[value["area"]],
            value["period"],
            GENDERS[value["gender"]],
            value["value"],
        )
        found[key] = (
            f"https://api.kolada.se/v3/{path}/kpi/{value['kpi']}/{value['level']}/{value['area']}/"
            f"year/{value['period']}"
        )
    return found


def _objects(store: RemoteStore, subject: str, predicate: str) -> set[str]:
    rows_found = store.select(
        "SELECT ?o WHERE { ?s ?p ?o }",
        {"s": ox.NamedNode(subject), "p": ox.NamedNode(predicate)},
    )
    return {row["o"].value for row in rows_found}


def test_kolada_responses_land_in_a_remote_store_once(
    capsys: pytest.CaptureFixture[str], oxigraph_server: str, store: RemoteStore
) -> None:
    want = expected(store, RESPONSES)
    assert want["added"] and want["revised"] == want["unchanged"] == 1 and want["missing"]
    base = ["import", "kolada", str(KOLADA), "--retrieved", RETRIEVED, "--json"]
    code, out, err = _run(capsys, oxigraph_server, *base, "--by", "Controller")
    report = json.loads(out)
    assert (code, err) == (0, "") and report["written"] and report["counts"] == want

    # Every number of the files for the model's areas and KPIs is on the server, with its
    # source, but the one the model held already (86.8), which is not written again.
    brought = _from_the_files()
    unchanged = (EX + "ind-2", EX + "kommun", 2021, SG + "Total", Decimal("86.8"))
    assert unchanged in brought
    del brought[unchanged]
    assert _imported(store) == brought
    assert len(brought) == want["added"] + want["revised"]
    (revision,) = report["revisions"]
    assert _objects(store, revision["iri"], PROV + "wasRevisionOf") == {EX + "utfall-ind-1-2022"}
    assert _objects(store, EX + "utfall-ind-1-2022", SG + "numericValue") == {"28300"}
    # The budget years the model lacked are added beside the values, each a calendar year.
    for year in (2019, 2020):
        assert _objects(store, EX + f"budgetar-{year}", SG + "startDate") == {f"{year}-01-01"}
        assert _objects(store, EX + f"budgetar-{year}", SG + "endDate") == {f"{year}-12-31"}
    runs = store.select(PREFIXES + "SELECT ?run WHERE { ?run a sg:Import }")
    assert len(runs) == 1
    assert _objects(store, runs[0]["run"].value, SG + "importedBy") == {"Controller"}

    after = dump(store)
    code, out, _ = _run(capsys, oxigraph_server, *base)
    again = json.loads(out)
    assert code == 0 and not again["written"] and not again["plan"]["changes"]
    assert again["counts"]["unchanged"] == want["added"] + want["revised"] + 1
    assert dump(store) == after


def test_a_filled_workbook_lands_in_a_remote_store_once(
    capsys: pytest.CaptureFixture[str],
    oxigraph_server: str,
    store: RemoteStore,
    tmp_path: Path,
) -> None:
    blank = tmp_path / "blank.xlsx"
    code, _, _ = _run(
        capsys, oxigraph_server, "workbook", "--board", BOARD, "--period", "2024", "-o", str(blank)
    )
    assert code == 0
    data = blank.read_bytes()
    goals, activities = rows_of(data, Sheet.GOALS), rows_of(data, Sheet.ACTIVITIES)
    filled = tmp_path / "filled.xlsx"
    cells = {
        (Sheet.GOALS, "value", goals["nm-1 ind-3"]): "28 304",
        (Sheet.GOALS, "status", goals["nm-2"]): "ej uppfyllt",
        (Sheet.ACTIVITIES, "status", activities["akt-2"]): "pågående",
    }
    filled.write_bytes(fill(data, cells))
    argv = ["import", "workbook", str(filled), "--by", "Anna Berg", "--json"]
    code, out, _ = _run(capsys, oxigraph_server, *argv)
    report = json.loads(out)
    assert code == 0 and report["written"]

    assert _imported(store) == {
        (EX + "ind-3", None, 2024, SG + "Total", Decimal(28304)): report["plan"]["run"]
    }
    assessed = store.select(
        PREFIXES + "SELECT ?status ?run WHERE { ?a sg:assesses ?goal ; sg:status ?status ; "
        "prov:wasGeneratedBy ?run }",
        {"goal": ox.NamedNode(EX + "nm-2")},
    )
    assert [(r["status"].value, r["run"].value) for r in assessed] == [
        (SG + "NotFulfilled", report["plan"]["run"])
    ]
    # The activity's status is replaced on the server, the one before kept in its follow-up.
    assert _objects(store, EX + "akt-2", SG + "activityStatus") == {SG + "InProgress"}
    (follow_up,) = [a["iri"] for a in report["plan"]["activities"]]
    assert _objects(store, follow_up, SG + "previousStatus") == {SG + "Planned"}

    after = dump(store)
    code, out, _ = _run(capsys, oxigraph_server, *argv)
    assert code == 0 and not json.loads(out)["written"]
    assert dump(store) == after


def test_a_refused_import_leaves_the_remote_store_as_it_was(
    capsys: pytest.CaptureFixture[str], oxigraph_server: str, store: RemoteStore
) -> None:
    ou = str(KOLADA / "ou.json")
    before = dump(store)
    # Without an update endpoint the server is read-only here: said, and nothing written.
    code = main(["import", "kolada", ou, "--endpoint", f"{oxigraph_server}/query"])
    assert code == 2 and "read-only here: give an update endpoint" in capsys.readouterr().err
    assert dump(store) == before

    # A one-person unit, kept as personal data in a private graph, is a Kolada unit: its
    # values would name the person in the indicator's public graph.
    private, person = EX + "graph-private", EX + "dagbarnvardare-1"
    turtle = (
        f"<{private}> a <{SG}PrivateGraph> . "
        f'<{person}> a <{SG}Employee> ; <{SG}koladaOu> "V15E078199999" .'
    )
    triples = [q.triple for q in ox.parse(turtle.encode(), format=ox.RdfFormat.TURTLE)]
    store.replace_graphs({private: triples})
    before = dump(store)
    code, out, err = _run(capsys, oxigraph_server, "import", "kolada", ou)
    assert code == 1 and dump(store) == before
    assert out == f"<{person}> is personal data (Employee) and <{GRAPH}> is not a private graph\n"
    assert "personal data in a graph that is not private; nothing was written" in err
