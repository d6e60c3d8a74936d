from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from rdflib import Graph

from styrgraf.store import EmbeddedStore, Store

sys.path.insert(0, str(Path(__file__).parent.parent / "tools"))

import oxigraph_server as server

from styrgraf.validate import load_ontology, load_shapes
from tests_support import remote_store


@pytest.fixture(scope="session")
def shapes() -> Graph:
    return load_shapes()


@pytest.fixture(scope="session")
def ontology() -> Graph:
    return load_ontology()


# --- A real Oxigraph server for the remote backend -------------------------------------------


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An Oxigraph server on a free loopback port for the whole session; yields its base URL."""
    try:
        with server.oxigraph_server(tmp_path_factory.mktemp("oxigraph")) as base:
            yield base
    except server.ServerError as error:
        pytest.fail(str(error))


@pytest.fixture(params=["embedded", "remote"])
def backend(request: pytest.FixtureRequest) -> Callable[[], Store]:
    """A factory for empty stores of one backend; every store test runs on both."""
    if request.param == "embedded":
        return EmbeddedStore
    base = request.getfixturevalue("oxigraph_server")
    return lambda: remote_store(base)
