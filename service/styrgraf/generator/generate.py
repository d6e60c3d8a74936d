"""Deterministic synthetic governance models, for scale and acceptance tests.

``generate(n)`` invents ``n`` municipalities shaped like the bundled Ljungby model (see
:mod:`styrgraf.generator.build`), from the tables of ``municipal.toml``. It is all invented and
marked ``sg:illustrative true``. The same arguments give byte-identical TriG and manifest: the
only source of chance is ``random.Random(seed)``.

With ``defects=False`` every model conforms to the bundled shapes with no warnings. With
``defects=True`` each municipality gets a handful of planted defects of every kind a coverage
check reports (:mod:`styrgraf.generator.defects`), and the manifest lists exactly what a correct
coverage check finds, as the generator's own oracle computes it by walking the graphs as written
(:mod:`styrgraf.generator.oracle`, independent of the analysis code on purpose). See
docs/generator.md.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from styrgraf.generator.build import SPAN, Municipality
from styrgraf.generator.defects import plant_defects
from styrgraf.generator.graph import PREFIXES
from styrgraf.generator.oracle import REASONS, findings
from styrgraf.generator.tables import TABLES

__all__ = ["REASONS", "Generated", "generate"]


@dataclass
class Generated:
    """Synthetic models: the triples of each named graph, and the manifest that describes them.

    The manifest (JSON-serialisable) holds ``generator`` ("styrgraf generate"), ``version`` (1),
    ``seed``, ``municipalities``, ``defects_planted``, ``graphs`` (``iri``, ``municipality``,
    ``label``, ``private``, ``triples``, in the order written), ``triples`` (the total),
    ``defects`` (every finding, sorted by graph, category, reason, IRI and area: ``graph``,
    ``iri``, ``category``, ``reason``, plus ``link`` and ``at`` for an orphan and ``area`` for a
    board's area) and ``counts`` (category → reason → number, every reason listed).
    """

    graphs: dict[str, list[ox.Triple]]
    manifest: dict[str, Any]
    prefixes: dict[str, str] = field(default_factory=dict)

    @property
    def triple_count(self) -> int:
        return sum(len(triples) for triples in self.graphs.values())

    def quads(self) -> list[ox.Quad]:
        """Every triple in its named graph, graph by graph, in the order generated."""
        return [
            ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(graph))
            for graph, triples in self.graphs.items()
            for t in triples
        ]

    def write_trig(self, path: str | Path) -> None:
        """Write every graph to one TriG file (the same bytes for the same arguments)."""
        ox.serialize(self.quads(), str(path), ox.RdfFormat.TRIG, prefixes=self.prefixes)

    def write_manifest(self, path: str | Path) -> None:
        """Write the manifest as JSON (indented, keys sorted, UTF-8 text)."""
        text = json.dumps(self.manifest, indent=2, sort_keys=True, ensure_ascii=False)
        Path(path).write_text(text + "\n", encoding="utf-8")


def _name(names: list[str], index: int) -> str:
    """The invented name of municipality ``index``: the names in turn, then the names again with
    each quarter ("Norra Björkby"), then with a number as well ("Norra Björkby 2")."""
    quarters = TABLES.quarters
    turn, position = divmod(index - 1, len(names))
    name = names[position]
    if turn:
        name = f"{quarters[(turn - 1) % len(quarters)]} {name}"
        if turn > len(quarters):
            name += f" {turn // len(quarters) + 1}"
    return name


def generate(
    municipalities: int, *, seed: int = 1, defects: bool = True, private: bool = True
) -> Generated:
    """Generate ``municipalities`` synthetic models; see the module docstring for what they hold.

    The same arguments give the same graphs, in the same order; municipality ``k`` is the same
    whatever the number generated, and the model beneath the defects is the same with or
    without them. With ``private`` false there are no people, development plans or private
    graphs. Raises ``ValueError`` for fewer than one municipality.
    """
    if municipalities < 1:
        raise ValueError("at least one municipality must be generated")
    master = random.Random(seed)
    names = [p + s.lower() for p in TABLES.place_prefixes for s in TABLES.place_suffixes]
    master.shuffle(names)
    graphs: dict[str, list[ox.Triple]] = {}
    described: list[dict[str, Any]] = []
    found: list[dict[str, Any]] = []
    prefixes = dict(PREFIXES)
    for index in range(1, municipalities + 1):
        model_rng = random.Random(master.getrandbits(64))
        defect_rng = random.Random(master.getrandbits(64))
        name = _name(names, index)
        town = Municipality(index, name, model_rng, private)
        town.build()
        if defects:
            plant_defects(town, defect_rng)
        listed = findings(town.graphs)
        if defects:
            missing = {r for rs in REASONS.values() for r in rs} - {f["reason"] for f in listed}
            if missing:
                raise RuntimeError(f"{town.slug}: no {sorted(missing)} planted")
        found.extend(listed)
        prefixes[f"k{index:03d}"] = town.ns
        for graph in town.graphs:
            graphs[graph.iri] = graph.triples()
            private_graph = graph is town.private
            label = TABLES.labels.private_graph if private_graph else TABLES.labels.graph
            described.append(
                {
                    "iri": graph.iri,
                    "municipality": town.municipality,
                    "label": label.fill(name=name, span=SPAN).sv,
                    "private": private_graph,
                    "triples": len(graphs[graph.iri]),
                }
            )
    found.sort(key=lambda f: (f["graph"], f["category"], f["reason"], f["iri"], f.get("area", "")))
    counts = {
        category: {reason: sum(1 for f in found if f["reason"] == reason) for reason in reasons}
        for category, reasons in REASONS.items()
    }
    manifest = {
        "generator": "styrgraf generate",
        "version": 1,
        "seed": seed,
        "municipalities": municipalities,
        "defects_planted": defects,
        "graphs": described,
        "triples": sum(len(t) for t in graphs.values()),
        "defects": found,
        "counts": counts,
    }
    return Generated(graphs=graphs, manifest=manifest, prefixes=prefixes)
