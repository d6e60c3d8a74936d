"""What the Kolada import's tests share: the bundled Ljungby model with the additions its
responses need (tests/data/kolada/model-additions.ttl), or the workbook tests' small model
made ready for them (:func:`small_model`), the store dumped to compare, and an oracle that says
from the response files themselves and the store what the import must report, computed
independently of styrgraf.results."""

from __future__ import annotations

import json
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from styrgraf.analysis.follow_up_data import read
from styrgraf.model.bundled import sample_data_files
from styrgraf.store.base import Store
from workbook_support import model_text

KOLADA = Path(__file__).parent / "data" / "kolada"
RESPONSES = sorted(KOLADA.glob("*.json"))
"""The response files: two pages of municipality data and one of unit data."""
LJUNGBY_GRAPH = "https://w3id.org/styrgraf/ljungby/graph/2019-2022"
LJ = "https://w3id.org/styrgraf/ljungby/id/"
SG = "https://w3id.org/styrgraf#"
GENDERS = {"T": "total", "K": "women", "M": "men"}


SMALL_ADDITIONS = """
ex:ind-1 sg:koladaKpi "N01951" .
ex:enhet2 sg:koladaOu "V15E078100101" .

ex:ar2021
    a sg:BudgetYear ;
    rdfs:label "Budgetåret 2021"@sv ;
    sg:year "2021"^^xsd:gYear ;
    sg:startDate "2021-01-01"^^xsd:date ;
    sg:endDate "2021-12-31"^^xsd:date .

ex:utfall-ind-1-2022
    a sg:Value ;
    sg:indicator ex:ind-1 ;
    sg:period ex:ar2022 ;
    sg:numericValue 28300 .

ex:utfall-ind-2-2021
    a sg:Value ;
    sg:indicator ex:ind-2 ;
    sg:period ex:ar2021 ;
    sg:numericValue 86.8 .
"""
"""What the small model needs for the responses: Ljungby's kommunkod, the KPI N01951 on
ex:ind-1 and N15428 on ex:ind-2, the school ex:enhet2 as a Kolada unit, a budget year for
2021 (2019 and 2020 have none: an import adds them), one value Kolada revises (28300 for
28302) and one it repeats (86.8)."""


def small_model() -> str:
    """The workbook tests' small model (:func:`workbook_support.model_text`), with
    :data:`SMALL_ADDITIONS`: a model of a few hundred triples that validates in a moment."""
    text = model_text()
    for old, new in (('"9999"', '"0781"'), ('"N15419"', '"N15428"')):
        assert old in text
        text = text.replace(old, new)
    return text + SMALL_ADDITIONS


def add_turtle(store: Store, turtle: str) -> None:
    """Add triples to the Ljungby model's public graph."""
    added = [q.triple for q in ox.parse(turtle.encode(), format=ox.RdfFormat.TURTLE)]
    held = [q.triple for q in store.quads([LJUNGBY_GRAPH])]
    store.replace_graphs({LJUNGBY_GRAPH: held + added})


def fill(store: Store, *more: str) -> Store:
    """The bundled model, the additions the responses need, and any ``more`` Turtle."""
    store.load(sample_data_files())
    add_turtle(store, (KOLADA / "model-additions.ttl").read_text(encoding="utf-8"))
    for turtle in more:
        add_turtle(store, turtle)
    return store


def dump(store: Store) -> set[ox.Quad]:
    return set(store.quads())


def _column(store: Store, predicate: str) -> list[tuple[str, str]]:
    rows = store.select(f"SELECT ?s ?o WHERE {{ ?s <{predicate}> ?o }}")
    return [(row["s"].value, row["o"].value) for row in rows]


def rows(files: list[Path]) -> list[dict[str, Any]]:
    """Every value of the files: KPI, level, area, year, gender and number (None: missing)."""
    found = []
    for path in files:
        for row in json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)["values"]:
            level = "ou" if "ou" in row else "municipality"
            for value in row["values"]:
                number = value["value"]
                found.append(
                    {
                        "kpi": row["kpi"],
                        "level": level,
                        "area": row[level],
                        "period": row["period"],
                        "gender": value["gender"],
                        "value": None if number is None else Decimal(number),
                    }
                )
    return found


def expected(store: Store, files: list[Path]) -> dict[str, int]:
    """The counts the import of ``files`` into ``store`` must report, read from the files and
    the store: each value is for an area the model holds or not, of a KPI some indicator names
    or not, and for each such indicator added, unchanged, revised or missing against the
    values stored for its key that no other revises."""
    codes = {code for _, code in _column(store, SG + "municipalityCode")}
    units: dict[str, list[str]] = {}
    for unit, ou in _column(store, SG + "koladaOu"):
        units.setdefault(ou, []).append(unit)
    users: dict[str, list[str]] = {}
    for indicator, kpi in _column(store, SG + "koladaKpi"):
        users.setdefault(kpi, []).append(indicator)
    values = read(store, None, "sv").values
    revised = {old for v in values for old in v.revises}
    stored: dict[tuple[Any, ...], list[Decimal]] = {}
    for v in values:
        if v.iri in revised or v.part != "full" or v.written is None:
            continue
        area = None if v.area is None or v.area_is_municipality else v.area
        stored.setdefault((v.indicator, area, v.year, v.gender), []).append(Decimal(v.written))
    counts: Counter[str] = Counter()
    for value in rows(files):
        counts["values"] += 1
        if value["level"] == "municipality":
            areas: list[str | None] = [None] if value["area"] in codes else []
        else:
            areas = list(units.get(value["area"], []))
        if not areas:
            counts["not_in_model"] += 1
            continue
        if value["kpi"] not in users:
            counts["unused"] += 1
            continue
        counts["matched"] += 1
        for area in areas:
            for indicator in users[value["kpi"]]:
                counts["readings"] += 1
                key = (indicator, area, value["period"], GENDERS[value["gender"]])
                if value["value"] is None:
                    counts["missing"] += 1
                elif value["value"] in stored.get(key, []):
                    counts["unchanged"] += 1
                elif key in stored:
                    counts["revised"] += 1
                else:
                    counts["added"] += 1
    names = ("values", "matched", "unused", "not_in_model", "repeated", "readings")
    return {name: counts[name] for name in (*names, "added", "unchanged", "revised", "missing")}
