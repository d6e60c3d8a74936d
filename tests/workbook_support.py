"""What the workbook import's tests share: a small model (the shapes' base model without its
personal data, with a second indicator in another unit, the next budget year and one outside the
mandate period), stores of it, the board's workbook as styrgraf writes it, and cells filled in with
openpyxl as a person fills them."""

from __future__ import annotations

import io
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path

import openpyxl
import pyoxigraph as ox

from styrgraf.analysis.fulfilment import Period
from styrgraf.model.bundled import vocabulary_graphs
from styrgraf.model.follow_up_profile import load_profile
from styrgraf.render.workbook import workbook_bytes
from styrgraf.results.board_sheet import board_sheet
from styrgraf.results.workbook_layout import META_SHEET, Sheet, column
from styrgraf.store.base import Store
from styrgraf.store.embedded import EmbeddedStore

DATA = Path(__file__).parent / "data"
EX = "https://example.org/exempelkommun/"
GRAPH = EX + "graph"
BOARD = EX + "namnd"
OTHER_BOARD = EX + "valnamnd"
YEAR = 2024
PERIOD = Period(YEAR, "full")
PROFILE = load_profile()
MADE = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)

ADDED = """
ex:modell
    a sg:GovernanceModel ;
    rdfs:label "Styrmodell"@sv ;
    sg:municipality ex:kommun ;
    sg:period ex:mandatperiod ;
    sg:hasVision ex:vision .

ex:nm-1 sg:hasIndicator ex:ind-3 .

ex:ind-3
    a sg:Indicator ;
    rdfs:label "Inskrivna barn"@sv ;
    rdfs:label "Enrolled children"@en ;
    sg:measurementUnit "antal" ;
    sg:targetValue 30000 ;
    sg:baselineValue 27000 ;
    sg:baselineYear "2022"^^xsd:gYear ;
    sg:targetYear "2026"^^xsd:gYear ;
    sg:direction sg:HigherIsBetter .

ex:ar2025
    a sg:BudgetYear ;
    rdfs:label "Budgetåret 2025"@sv ;
    sg:year "2025"^^xsd:gYear ;
    sg:startDate "2025-01-01"^^xsd:date ;
    sg:endDate "2025-12-31"^^xsd:date .

ex:ar2022
    a sg:BudgetYear ;
    rdfs:label "Budgetåret 2022"@sv ;
    sg:year "2022"^^xsd:gYear ;
    sg:startDate "2022-01-01"^^xsd:date ;
    sg:endDate "2022-12-31"^^xsd:date .
"""


def model_text() -> str:
    """The model as Turtle: the base model, its personal data left out, with :data:`ADDED`."""
    base = (DATA / "base.ttl").read_text(encoding="utf-8")
    return base.split("# --- Personal data ---")[0] + ADDED


def model_file(folder: Path) -> Path:
    path = folder / "model.ttl"
    path.write_text(model_text(), encoding="utf-8")
    return path


def fill_store(store: Store, model: Path) -> Store:
    """``store`` holding the model in :data:`GRAPH`, and the vocabulary."""
    store.load([model], graph=GRAPH)
    for graph, files in vocabulary_graphs().items():
        store.load(files, graph=graph)
    return store


def new_store(model: Path) -> Store:
    """A store in memory holding the model."""
    return fill_store(EmbeddedStore(), model)


def quads_in(turtle: str, graph: str) -> list[ox.Quad]:
    """The triples of ``turtle``, each in ``graph``."""
    name = ox.NamedNode(graph)
    parsed = ox.parse(turtle.encode("utf-8"), format=ox.RdfFormat.TURTLE)
    return [ox.Quad(q.subject, q.predicate, q.object, name) for q in parsed]


def store_folder(folder: Path, data: Path, graph: str | None = GRAPH) -> Path:
    """A store directory holding ``data`` (what is in no graph in ``graph``; None: TriG, each
    in its own graph) and the vocabulary, closed: for the command line to open."""
    store = EmbeddedStore(folder)
    store.load([data], graph=graph)
    for graph, files in vocabulary_graphs().items():
        store.load(files, graph=graph)
    store.close()
    return folder


def folder_contents(folder: Path) -> set[ox.Quad]:
    """Everything the store directory holds."""
    store = EmbeddedStore(folder)
    try:
        return dump(store)
    finally:
        store.close()


def dump(store: Store) -> set[ox.Quad]:
    """Everything the store holds, to compare before and after."""
    return set(store.quads())


def blank(
    store: Store,
    *,
    board: str = BOARD,
    period: Period = PERIOD,
    lang: str = "sv",
) -> bytes:
    """The board's workbook as styrgraf writes it."""
    sheet = board_sheet(store, board, period, profile=PROFILE, lang=lang)
    return workbook_bytes(sheet, MADE)


def rows_of(data: bytes, sheet: Sheet, lang: str = "sv") -> dict[str, int]:
    """The row of each goal's indicator (``nm-1 ind-3``; a goal alone for its first row:
    ``nm-1``) or activity (``akt-1``) on a sheet, by the ends of their hidden IRIs."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    found: dict[str, int] = {}
    sheet_name = book.sheetnames[0 if sheet is Sheet.GOALS else 1]
    cells = book[sheet_name]
    for row in range(2, cells.max_row + 1):
        if sheet is Sheet.GOALS:
            goal = str(cells.cell(row, column(sheet, "goal-iri")).value).rsplit("/", 1)[-1]
            indicator = cells.cell(row, column(sheet, "indicator-iri")).value or ""
            found[f"{goal} {str(indicator).rsplit('/', 1)[-1]}".strip()] = row
            found.setdefault(goal, row)
        else:
            activity = str(cells.cell(row, column(sheet, "activity-iri")).value)
            found[activity.rsplit("/", 1)[-1]] = row
    return found


def fill(
    data: bytes,
    cells: Mapping[tuple[Sheet, str, int], object],
    *,
    meta: Mapping[str, object] | None = None,
) -> bytes:
    """The workbook with ``cells`` (sheet, column key, row) set as a person types them (a
    value None empties the cell), and ``meta`` (a key of the hidden sheet: its value) changed."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    for (sheet, key, row), value in cells.items():
        name = book.sheetnames[0 if sheet is Sheet.GOALS else 1]
        book[name].cell(row, column(sheet, key)).value = value
    for key, value in (meta or {}).items():
        hidden = book[META_SHEET]
        for row in range(1, hidden.max_row + 1):
            if hidden.cell(row, 1).value == key:
                hidden.cell(row, 2).value = value
    written = io.BytesIO()
    book.save(written)
    return written.getvalue()
