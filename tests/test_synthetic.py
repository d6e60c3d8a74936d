"""Coverage on synthetic models it has never seen: every planted defect, nothing else.

The generator lists what it planted in a manifest, computed from the structure it built; coverage
must find exactly those findings with the same reasons, on both backends, and nothing in a model
generated without defects.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from styrgraf.analysis.coverage import coverage
from styrgraf.cli import main
from styrgraf.generator.generate import Generated, generate
from styrgraf.sparql.queries import get_query
from styrgraf.store.base import Store
from styrgraf.store.embedded import EmbeddedStore

Key = tuple[str, str, str, str | None, str | None, str | None]


def _stored(generated: Generated, store: Store | None = None) -> Store:
    store = store or EmbeddedStore()
    store.replace_graphs(generated.graphs)
    return store


def _found(store: Store, graphs: list[str] | None = None) -> set[Key]:
    report = coverage(store, graphs=graphs)
    return {
        (f.category, f.code, f.iri, f.at, f.link, f.area) for f in report.orphans + report.uncovered
    }


def _planted(defects: list[dict[str, Any]]) -> set[Key]:
    return {
        (
            d["category"],
            d["reason"],
            d["iri"],
            d.get("at"),
            d.get("link"),
            d.get("area"),
        )
        for d in defects
    }


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_planted_defect_is_found_and_nothing_else(seed: int) -> None:
    generated = generate(3, seed=seed)
    store = _stored(generated)
    assert _found(store) == _planted(generated.manifest["defects"])
    rows = store.select(get_query("orphans").text, {"lang": ox.Literal("sv")})
    orphans = {d["iri"] for d in generated.manifest["defects"] if d["category"] == "orphan"}
    assert {row["node"].value for row in rows} == orphans


def test_a_sound_synthetic_model_has_nothing_loose() -> None:
    assert _found(_stored(generate(3, seed=7, defects=False))) == set()


def test_coverage_scoped_to_one_municipality() -> None:
    generated = generate(3, seed=4)
    store = _stored(generated)
    second = [g["iri"] for g in generated.manifest["graphs"] if "kommun-002" in g["iri"]]
    expected = [d for d in generated.manifest["defects"] if d["graph"] in second]
    assert _found(store, second) == _planted(expected)


def test_both_backends_find_the_same(backend: Callable[[], Store]) -> None:
    generated = generate(2, seed=5)
    remote = _stored(generated, backend())
    assert coverage(remote).to_json() == coverage(_stored(generated)).to_json()
    assert _found(remote) == _planted(generated.manifest["defects"])


def test_generate_command_and_coverage_of_its_output(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    model, manifest = tmp_path / "model.trig", tmp_path / "manifest.json"
    args = ["generate", "2", "--seed", "9", "--output", str(model), "--manifest", str(manifest)]
    assert main(args) == 0
    first = model.read_bytes()
    assert main(args) == 0
    assert model.read_bytes() == first
    capsys.readouterr()
    planted = json.loads(manifest.read_text(encoding="utf-8"))
    assert main(["coverage", "--data", str(model), "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    found = {(f["category"], f["code"], f["iri"]) for f in report["orphans"] + report["uncovered"]}
    assert found == {(d["category"], d["reason"], d["iri"]) for d in planted["defects"]}
    assert main(["generate", "0", "--output", str(model)]) == 2
