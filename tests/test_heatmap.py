"""The heat map of the coverage matrix: one linked cell per matrix cell, readable in black and
white (each status its own pattern or fill and its own symbol and word)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from styrgraf.analysis.coverage import coverage
from styrgraf.generator.generate import generate
from styrgraf.i18n.words import word
from styrgraf.render import heatmap
from styrgraf.store.embedded import EmbeddedStore

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def matrix(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The matrix of a synthetic model with planted defects: every status occurs in it."""
    path = Path(tmp_path_factory.mktemp("heatmap")) / "model.trig"
    generate(1).write_trig(path)
    store = EmbeddedStore()
    store.load([path], file_graphs=True)
    found: dict[str, Any] = coverage(store).to_json()["matrix"]
    return found


def _link(cell: Mapping[str, Any]) -> str:
    return f"/cell?board={cell['board']}&area={cell['area']}"


def _cells(svg: str) -> list[ET.Element]:
    root = ET.fromstring(svg)
    return [e for e in root.iter() if "hm-c" in (e.get("class") or "").split()]


def _text(element: ET.Element) -> str:
    return " ".join(t.strip() for t in element.itertext() if t.strip())


def test_every_status_occurs_in_the_model(matrix: dict[str, Any]) -> None:
    assert {c["status"] for c in matrix["cells"]} == set(heatmap.STATUSES)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_one_linked_cell_per_matrix_cell_with_its_counts(matrix: dict[str, Any], lang: str) -> None:
    svg = heatmap.render(matrix, lang, href=_link)
    drawn = {(e.get("data-board"), e.get("data-area")): e for e in _cells(svg)}
    assert len(drawn) == len(matrix["cells"])
    for cell in matrix["cells"]:
        element = drawn[(cell["board"], cell["area"])]
        assert element.tag == f"{SVG}a"
        assert element.get("href") == _link(cell)
        assert element.get("data-status") == cell["status"]
        count = element.find(f"{SVG}text[@class='hm-count']")
        assert count is not None and count.text == str(cell["overarching_goals"])
        text = _text(element)
        assert f"{cell['board_goals']} {word('heatmap.board_goals', lang)}" in text
        assert f"{cell['activities']} {word('heatmap.activities', lang)}" in text
        # The status is said in words and with a symbol, not by colour alone.
        assert heatmap.status_word(cell["status"], lang) in text
        assert heatmap.symbol(cell["status"]) in text
        title = element.find(f"{SVG}title")
        assert title is not None and title.text
        assert cell["board_label"] in title.text and cell["area_label"] in title.text


def test_rows_and_columns_follow_the_matrix(matrix: dict[str, Any]) -> None:
    svg = heatmap.render(matrix, "sv", href=_link)
    root = ET.fromstring(svg)
    texts = [_text(t) for t in root.iter(f"{SVG}text")]
    for area in matrix["areas"]:
        assert area["label"] in texts
    drawn = _cells(svg)
    rows = sorted({float(e.find(f"{SVG}rect").get("y")) for e in drawn})  # type: ignore[union-attr,arg-type]
    columns = sorted({float(e.find(f"{SVG}rect").get("x")) for e in drawn})  # type: ignore[union-attr,arg-type]
    assert len(rows) == len(matrix["boards"])
    assert len(columns) == len(matrix["areas"])


def test_statuses_differ_in_black_and_white(matrix: dict[str, Any]) -> None:
    """Printed without colour, each status still has a pattern or a plain fill of its own and
    a symbol of its own; empty and overfull cells are patterned."""
    svg = heatmap.render(matrix, "en", href=_link)
    root = ET.fromstring(svg)
    patterns = {p.get("id") for p in root.iter(f"{SVG}pattern")}
    looks: dict[str, tuple[str, str]] = {}
    for element in _cells(svg):
        rect = element.find(f"{SVG}rect")
        assert rect is not None
        fill = rect.get("fill") or ""
        symbol = heatmap.symbol(element.get("data-status") or "")
        looks.setdefault(element.get("data-status") or "", (fill, symbol))
    assert len({symbol for _, symbol in looks.values()}) == len(heatmap.STATUSES)
    for status in ("empty", "overfull", "exempt"):
        fill = looks[status][0]
        assert fill.startswith("url(#") and fill[5:-1] in patterns
    assert len({fill for fill, _ in looks.values()}) == len(heatmap.STATUSES)
    # The legend shows every status with the same fill and symbol.
    keys = [e for e in root.iter() if e.get("class") == "hm-key"]
    assert {k.get("data-status") for k in keys} == set(heatmap.STATUSES)
    for key in keys:
        rect = key.find(f"{SVG}rect")
        assert rect is not None
        assert rect.get("fill") == looks[key.get("data-status") or ""][0]


def test_accessible_names(matrix: dict[str, Any]) -> None:
    svg = heatmap.render(matrix, "sv", href=_link)
    root = ET.fromstring(svg)
    assert root.get("role") == "group"
    assert root.get("lang") == "sv"
    assert root.get("aria-labelledby") == "hm-title hm-desc"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and title.get("id") == "hm-title"
    assert desc is not None and desc.get("id") == "hm-desc"
    empty = sum(1 for c in matrix["cells"] if c["status"] == "empty")
    assert f"{empty} saknar mål" in (desc.text or "")


def test_without_links_and_standalone(matrix: dict[str, Any]) -> None:
    svg = heatmap.render(matrix, "en", standalone=True)
    assert svg.startswith("<?xml")
    drawn = _cells(svg)
    assert drawn and all(e.tag == f"{SVG}g" for e in drawn)


def test_labels_are_escaped() -> None:
    cell = {
        "board": "urn:b",
        "board_label": "A & <B>",
        "area": "urn:a",
        "area_label": 'Ö "x"',
        "council": False,
        "exempt": False,
        "overarching_goals": 3,
        "board_goals": 0,
        "activities": 0,
        "status": "overfull",
    }
    matrix = {
        "boards": [{"iri": "urn:b", "label": "A & <B>"}],
        "areas": [{"iri": "urn:a", "label": 'Ö "x"'}],
        "cells": [cell],
    }
    svg = heatmap.render(matrix, "sv", href=lambda c: "/c?a=1&b=2")
    root = ET.fromstring(svg)
    (element,) = _cells(svg)
    assert element.get("href") == "/c?a=1&b=2"
    assert "A & <B>" in [_text(t) for t in root.iter(f"{SVG}text")]


def test_headings_link_to_boards_and_areas(matrix: dict[str, Any]) -> None:
    svg = heatmap.render(
        matrix,
        "sv",
        href=_link,
        board_href=lambda b: f"/board?iri={b['iri']}",
        area_href=lambda a: f"/area?iri={a['iri']}",
    )
    root = ET.fromstring(svg)
    headings = {e.get("href"): _text(e) for e in root.iter(f"{SVG}a") if e.get("class") != "hm-c"}
    expected = {f"/board?iri={b['iri']}": b["label"] for b in matrix["boards"]} | {
        f"/area?iri={a['iri']}": a["label"] for a in matrix["areas"]
    }
    assert headings == expected
