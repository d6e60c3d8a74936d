"""The embedded store: named graphs, atomic replacement, persistence, nothing half-loaded."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from styrgraf.load import InputError
from styrgraf.resources import sample_data_files
from styrgraf.store import EmbeddedStore

PUBLIC = "https://w3id.org/styrgraf/ljungby/graph/2019-2022"
PRIVATE = "https://w3id.org/styrgraf/ljungby/graph/2019-2022-private"
GRAPH = "https://example.org/graph/model"


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _labels(store: EmbeddedStore) -> set[str]:
    query = "SELECT ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label }"
    solutions = store.query(query)
    assert isinstance(solutions, ox.QuerySolutions)
    return {row["label"].value for row in solutions}  # type: ignore[union-attr]


def test_the_bundled_model_loads_into_its_two_graphs() -> None:
    store = EmbeddedStore()
    counts = store.load(sample_data_files())
    assert store.named_graphs() == [PUBLIC, PRIVATE]
    assert counts == {PUBLIC: store.graph_size(PUBLIC), PRIVATE: store.graph_size(PRIVATE)}
    assert counts[PUBLIC] > 2000 and counts[PRIVATE] > 50


def test_a_turtle_file_needs_a_graph_name(tmp_path: Path) -> None:
    path = _write(tmp_path, "a.ttl", '<http://example.org/a> <http://example.org/p> "1" .\n')
    with pytest.raises(InputError, match="name the graph") as caught:
        EmbeddedStore().load([path])
    assert caught.value.path == str(path)


def test_a_graph_name_is_an_iri_never_text(tmp_path: Path) -> None:
    """A hostile graph name cannot add an operation to the update that replaces the graph."""
    store = EmbeddedStore()
    store.load(sample_data_files())
    path = _write(tmp_path, "a.nt", '<http://example.org/a> <http://example.org/p> "1" .\n')
    with pytest.raises(InputError, match="not a valid graph IRI"):
        store.load([path], graph="http://example.org/g> ; DROP ALL ; INSERT DATA { <a> <b> <c> }#")
    with pytest.raises(InputError, match="not a valid graph IRI"):
        store.drop("http://example.org/g> ; DROP ALL ; <x")
    assert store.named_graphs() == [PUBLIC, PRIVATE]


def test_blank_nodes_of_two_files_stay_two_nodes(tmp_path: Path) -> None:
    store = EmbeddedStore()
    one = _write(tmp_path, "one.nt", '_:x <http://example.org/p> "1" .\n')
    two = _write(tmp_path, "two.nt", '_:x <http://example.org/p> "2" .\n')
    store.load([one, two], graph=GRAPH)
    solutions = store.query("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }")
    assert isinstance(solutions, ox.QuerySolutions)
    assert [row["n"].value for row in solutions] == ["2"]  # type: ignore[union-attr]


def test_reloading_replaces_the_graph(tmp_path: Path) -> None:
    store = EmbeddedStore()
    label = "<http://www.w3.org/2000/01/rdf-schema#label>"
    first = _write(tmp_path, "first.ttl", f'<http://example.org/a> {label} "gammal" .\n')
    second = _write(tmp_path, "second.ttl", f'<http://example.org/b> {label} "ny" .\n')
    store.load([first], graph=GRAPH)
    store.load([second], graph=GRAPH)
    assert _labels(store) == {"ny"}
    assert store.named_graphs() == [GRAPH]


def test_a_file_that_does_not_parse_changes_nothing(tmp_path: Path) -> None:
    store = EmbeddedStore()
    label = "<http://www.w3.org/2000/01/rdf-schema#label>"
    good = _write(tmp_path, "good.ttl", f'<http://example.org/a> {label} "kvar" .\n')
    store.load([good], graph=GRAPH)
    bad = _write(tmp_path, "bad.ttl", f'<http://example.org/b> {label} "trasig .\n')
    with pytest.raises(InputError) as caught:
        store.load([good, bad], graph=GRAPH)
    assert caught.value.path == str(bad) and caught.value.line == 1
    assert _labels(store) == {"kvar"}
    assert store.named_graphs() == [GRAPH]


def test_a_persisted_store_survives_a_restart(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    store = EmbeddedStore(folder)
    counts = store.load(sample_data_files())
    store.flush()
    del store
    reopened = EmbeddedStore(folder)
    assert reopened.named_graphs() == [PUBLIC, PRIVATE]
    assert {g: reopened.graph_size(g) for g in (PUBLIC, PRIVATE)} == counts


def test_an_empty_file_empties_the_graph(tmp_path: Path) -> None:
    store = EmbeddedStore()
    label = "<http://www.w3.org/2000/01/rdf-schema#label>"
    store.load([_write(tmp_path, "a.nt", f'<http://example.org/a> {label} "x" .\n')], graph=GRAPH)
    store.replace_graphs({GRAPH: []})
    assert store.named_graphs() == []


def test_query_binds_parameters_as_terms() -> None:
    store = EmbeddedStore()
    store.load(sample_data_files())
    solutions = store.query(
        "SELECT ?node ?label WHERE { ?node <http://www.w3.org/2000/01/rdf-schema#label> ?label "
        'FILTER (LANG(?label) = "sv") }',
        {"node": ox.NamedNode("https://w3id.org/styrgraf/ljungby/id/kommunstyrelsen")},
    )
    assert isinstance(solutions, ox.QuerySolutions)
    assert [row["label"].value for row in solutions] == ["Kommunstyrelsen"]  # type: ignore[union-attr]
