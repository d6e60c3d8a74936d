"""Virtuoso Open Source behind the remote store, past the store tests (tests/test_store.py runs
those on it too): the whole bundled model loaded and validated, what its answers needed repaired,
and the service over it. Virtuoso's differences are listed in docs/deploy.md."""

from __future__ import annotations

from collections.abc import Iterator

import pyoxigraph as ox
import pytest
from flask import Flask
from virtuoso_server import Virtuoso

from styrgraf.model.bundled import sample_data_files
from styrgraf.model.validation import validate_quads
from styrgraf.store.base import StoreError
from styrgraf.store.embedded import EmbeddedStore
from styrgraf.store.remote import ENGINE_GRAPHS, RemoteStore
from styrgraf.web.app import create_app
from tests_support import LJ, PLANTED_FOLLOW_UP, PRIVATE, PUBLIC, virtuoso_store

SG = "https://w3id.org/styrgraf#"


@pytest.fixture(scope="module")
def loaded(virtuoso: Virtuoso) -> RemoteStore:
    """The bundled model in the session's Virtuoso server, loaded once for this module."""
    store = virtuoso_store(virtuoso)
    store.load(sample_data_files())
    return store


def test_the_bundled_model_comes_back_as_it_was_loaded(loaded: RemoteStore) -> None:
    """Every quad, term for term: validation reads the quads in styrgraf's own process, so
    it finds on Virtuoso what it finds on the embedded store (shared_app's report)."""
    expected = EmbeddedStore()
    expected.load(sample_data_files())
    assert set(loaded.quads()) == set(expected.quads())


def test_the_bundled_model_validates_from_virtuoso(loaded: RemoteStore) -> None:
    """The bundled model conforms, with the planted warning its shapes find (docs/model.md;
    the other planted findings are the follow-up's, computed beside validation)."""
    report = validate_quads(loaded.quads([PUBLIC, PRIVATE]), private=[PRIVATE])
    found = {(finding.rule, finding.iri) for finding in report.findings}
    judged = {case for case in PLANTED_FOLLOW_UP if case[0].endswith("boardGoalsJudged")}
    assert report.conforms and judged and found == judged


def test_virtuosos_own_graphs_are_not_the_stores(loaded: RemoteStore) -> None:
    """Virtuoso holds graphs of its own from the start (its RDF views' metadata, ...): they
    are there, but never among the store's graphs."""
    rows = loaded.select("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g", graphs=None)
    assert ENGINE_GRAPHS & {row["g"].value for row in rows} == set()  # named: only the store's
    engine = RemoteStore(loaded.endpoint, union_default_graph=True)
    held = engine.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s a ?t } }")
    assert "http://www.openlinksw.com/schemas/virtrdf#" in {row["g"].value for row in held}
    assert loaded.named_graphs() == [PUBLIC, PRIVATE]


def test_booleans_are_read_as_loaded(loaded: RemoteStore) -> None:
    """Virtuoso answers ``true`` as ``"1"^^xsd:boolean`` in its SPARQL results."""
    rows = loaded.select(
        "SELECT ?flag WHERE { ?goal sg:illustrative ?flag } LIMIT 1".replace(
            "sg:illustrative", f"<{SG}illustrative>"
        )
    )
    true = ox.Literal("true", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean"))
    assert [row["flag"] for row in rows] == [true]


def test_a_wrong_password_is_a_clear_error_and_writes_nothing(virtuoso: Virtuoso) -> None:
    store = RemoteStore(virtuoso.query, virtuoso.update, user=virtuoso.user, password="fel")
    before = store.named_graphs()
    with pytest.raises(StoreError, match=r"sparql-auth answered 401"):
        store.update("INSERT DATA { GRAPH <https://example.org/g> { <urn:a> <urn:b> <urn:c> } }")
    assert store.named_graphs() == before


@pytest.fixture(scope="module")
def service(
    virtuoso: Virtuoso, loaded: RemoteStore, monkeypatch_module: pytest.MonkeyPatch
) -> Iterator[Flask]:
    monkeypatch_module.setenv("STYRGRAF_ENDPOINT_PASSWORD", virtuoso.password)
    settings = {
        "TESTING": True,
        "query_processes": 0,
        "endpoint": virtuoso.query,
        "update_endpoint": virtuoso.update,
        "store_endpoint": virtuoso.store,
        "endpoint_user": virtuoso.user,
    }
    app = create_app(settings)
    yield app
    app.extensions["styrgraf"].evaluator.close()


@pytest.fixture(scope="module")
def monkeypatch_module() -> Iterator[pytest.MonkeyPatch]:
    with pytest.MonkeyPatch.context() as patch:
        yield patch


def test_the_service_answers_sparql_from_virtuoso(service: Flask) -> None:
    """The service opened on Virtuoso's endpoints from its settings (the password from the
    environment) answers a query at /sparql from it. (Its resource pages do not yet: see
    docs/deploy.md.)"""
    answer = service.test_client().post(
        "/sparql",
        data={"query": f"SELECT ?label WHERE {{ <{LJ}kommunstyrelsen> ?p ?label }}"},
        headers={"Accept": "application/sparql-results+json"},
    )
    assert answer.status_code == 200, answer.get_data(as_text=True)
    labels = {b["label"]["value"] for b in answer.json["results"]["bindings"]}
    assert "Kommunstyrelsen" in labels
