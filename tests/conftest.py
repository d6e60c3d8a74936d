from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import oxigraph_server as server
import pytest
import virtuoso_server
from flask import Flask
from flask.testing import FlaskClient
from rdflib import Graph

from styrgraf.model.validation import load_ontology, load_shapes
from styrgraf.store.base import Store
from styrgraf.web.app import create_app
from tests_support import BACKENDS, Wire, backend_factory, write_lean_model


@pytest.fixture(scope="session")
def shapes() -> Graph:
    return load_shapes()


@pytest.fixture(scope="session")
def ontology() -> Graph:
    return load_ontology()


@pytest.fixture(scope="session")
def lean_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled model with one year of its follow-up (tests_support.write_lean_model), as
    a file: half its size, for the tests over the wire and the writes that need a model like
    it, not its own content."""
    return write_lean_model(tmp_path_factory.mktemp("lean") / "ljungby-lean.nq")


# --- A real Oxigraph server for the remote backend -------------------------------------------


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An Oxigraph server on a free loopback port for the whole session; yields its base URL."""
    try:
        # The server's default graph is the union of its named graphs, so that the stores
        # below can be tried both ways: naming every graph in each request, or leaving it to
        # the server (a request that names graphs is answered over those alone either way).
        folder = tmp_path_factory.mktemp("oxigraph")
        with server.oxigraph_server(folder, union_default_graph=True) as base:
            yield base
    except server.ServerError as error:
        pytest.fail(str(error))


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[virtuoso_server.Virtuoso]:
    """A Virtuoso Open Source server (Debian's package) with a fresh database on free loopback
    ports for the whole session: a second engine behind the remote store. It reads at
    ``/sparql``, and its user writes at ``/sparql-auth`` and ``/sparql-graph-crud-auth``
    (HTTP Digest), as in a deployment."""
    try:
        with virtuoso_server.virtuoso_server(tmp_path_factory.mktemp("virtuoso")) as running:
            yield running
    except server.ServerError as error:
        pytest.fail(str(error))


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> Callable[[], Store]:
    """A factory for empty stores of one backend; every store test runs on each: embedded, and
    remote naming every graph, leaving them to the server's union, or loading without a Graph
    Store endpoint."""
    return backend_factory(request)


@pytest.fixture(scope="module", params=BACKENDS)
def module_backend(request: pytest.FixtureRequest) -> Callable[[], Store]:
    """``backend`` for a module that fills one store of each backend and shares it between
    its tests that only read: pytest runs the module's tests of one backend together. (A
    remote store empties the one test server: a test that takes ``backend`` in such a module
    runs before or after that backend's tests, never among them.)"""
    return backend_factory(request)


# --- The web service ---------------------------------------------------------------------------

APP_SETTINGS = {
    "TESTING": True,
    "write_token": "test-token",
    "query_processes": 0,
    "query_timeout": 60.0,
}
"""The settings of the apps below. Public queries run in threads (``query_processes`` 0):
starting worker processes for each of hundreds of apps would cost minutes; the W3C protocol
tests, the tests of query evaluation and every test over the wire use the worker processes,
the service's default. The deadline is a minute, not ten seconds: none of the tests that take
these apps is about the deadline (those that are make apps of their own), and on two cores
shared by four workers, and whatever else the machine runs, a first validation of the whole
bundled model with its private graph once took longer than ten seconds: a 503."""


@pytest.fixture
def app() -> Flask:
    """A fresh app over the bundled Ljungby model in memory, with a write token."""
    return create_app(APP_SETTINGS)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def lean_app(lean_model: Path) -> Flask:
    """A fresh app with a write token, as ``app``, over the lean model (``lean_model``): for
    the tests that write, where what is written, not the model, is what they are about."""
    return create_app({**APP_SETTINGS, "data": [str(lean_model)]})


@pytest.fixture(scope="session")
def shared_app() -> Iterator[Flask]:
    """One app over the bundled model for the whole session (of each xdist worker), for the
    tests that only read: what it computes of the whole model (validation, coverage, the
    follow-up), it computes once, not once a test. A test that writes takes ``app``."""
    shared = create_app(APP_SETTINGS)
    with shared.app_context():
        before = set(shared.extensions["styrgraf"].store.quads())
    yield shared
    with shared.app_context():
        after = set(shared.extensions["styrgraf"].store.quads())
    assert after == before, "a test wrote through shared_app: it should take app"


@pytest.fixture
def reader(shared_app: Flask) -> FlaskClient:
    """A client of ``shared_app``, with cookies of its own: for a test that only reads."""
    return shared_app.test_client()


# --- The pages in a real browser (see browser_support) -----------------------------------------

from browser_support import browser, page, screenshots, served  # noqa: E402, F401


@pytest.fixture
def wire(server: str) -> Iterator[Wire]:
    """A client over the wire to the module's own ``server`` fixture (the URL of a real
    ``styrgraf serve`` that the module starts with the settings it needs)."""
    client = Wire(server)
    yield client
    client.close()
