"""The web service: ``create_app(config)`` builds the Flask app over a store.

Settings are declared as data (:data:`SETTINGS`): each has a name, a default and a help text,
and is read from the defaults, then the environment (``STYRGRAF_<NAME>``), then the ``config``
given to :func:`create_app` (the tests' override). One blueprint per concern: ``sparql`` (the
SPARQL 1.1 Protocol endpoint), ``api`` (trace, coverage, validation, named queries, OpenAPI,
health), ``linked`` (dereferencing and the dataset description), ``pages`` (the HTML pages for
people; templates and static files beside this module), ``dashboards`` (the coverage and
validation pages) and ``graphstore`` (writes).

Every error, on every route, is one JSON shape built by :func:`error`:
``{"error": message, "status": code, ...details}``.
"""

from __future__ import annotations

import os
import secrets
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from flask import Flask, Response, current_app, jsonify, request
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix

from styrgraf.queries import get_query
from styrgraf.resources import ONTOLOGY_GRAPH, sample_data_files, vocabulary_graphs
from styrgraf.store import Store, open_store

SG = "https://w3id.org/styrgraf#"


@dataclass(frozen=True)
class Setting:
    """One setting of the service: its name, default, type and what it does."""

    name: str
    default: Any
    help: str
    kind: Callable[[str], Any] = str

    @property
    def env(self) -> str:
        return f"STYRGRAF_{self.name.upper()}"


def _flag(value: str) -> bool:
    return value.strip().lower() not in ("", "0", "false", "no", "off")


def _paths(value: str) -> list[str]:
    return [part for part in value.split(os.pathsep) if part]


SETTINGS: tuple[Setting, ...] = (
    Setting("host", "127.0.0.1", "the address to listen on"),
    Setting("port", 8000, "the port to listen on", int),
    Setting("workers", 8, "how many requests are served at once (threads)", int),
    Setting("data", [], "RDF files or folders to serve (os.pathsep-separated)", _paths),
    Setting("store", None, "a persisted embedded store directory"),
    Setting("endpoint", None, "the query endpoint of a remote SPARQL 1.1 store"),
    Setting("update_endpoint", None, "its update endpoint"),
    Setting("store_endpoint", None, "its Graph Store Protocol endpoint"),
    Setting("union_default_graph", False, "the remote store's default graph is the union", _flag),
    Setting(
        "base_iri",
        "https://w3id.org/styrgraf/",
        "the IRI that the service's root stands for: a request for /ljungby/id/x dereferences "
        "<BASE_IRI>ljungby/id/x",
    ),
    Setting("write_token", None, "the bearer token that writes need; without one, no writes"),
    Setting("max_body", 10 * 1024 * 1024, "the largest request body accepted, in bytes", int),
    Setting("query_timeout", 10.0, "seconds a query may run before it is stopped", float),
    Setting("max_results", 10_000, "the most rows or triples one response holds", int),
    Setting("lang", "sv", "the default language of labels and messages"),
    Setting(
        "behind_proxy",
        False,
        "trust one reverse proxy's X-Forwarded-For, -Proto and -Host headers",
        _flag,
    ),
)


def settings(config: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Defaults, then the environment, then ``config``."""
    values: dict[str, Any] = {}
    for setting in SETTINGS:
        value = setting.default
        raw = os.environ.get(setting.env)
        if raw is not None and raw != "":
            value = setting.kind(raw)
        values[setting.name] = value
    for name, value in (config or {}).items():
        if name.upper() == name:
            continue  # Flask's own settings (TESTING, ...) are passed through untouched
        if name not in values:
            raise ValueError(f"unknown setting {name!r}")
        values[name] = value
    return values


class Service:
    """What the routes share: the store, the settings, and which graphs are public."""

    def __init__(self, values: dict[str, Any]) -> None:
        self.settings = values
        self.store: Store = open_store(
            store=values["store"],
            endpoint=values["endpoint"],
            update_endpoint=values["update_endpoint"],
            store_endpoint=values["store_endpoint"],
            union_default_graph=values["union_default_graph"],
        )
        if values["endpoint"] is None and values["store"] is None:
            self.store.load(values["data"] or sample_data_files(), file_graphs=True)
        present = self.store.named_graphs()
        if ONTOLOGY_GRAPH not in present and self._writable_store():
            for graph, files in vocabulary_graphs().items():
                self.store.load(files, graph=graph)
        self._private: tuple[float, frozenset[str]] | None = None

    def _writable_store(self) -> bool:
        return self.settings["endpoint"] is None or self.settings["update_endpoint"] is not None

    def private_graphs(self) -> frozenset[str]:
        """The graphs declared ``sg:PrivateGraph``: personal data, never shown in public.

        Asked of the store at most once a second; this service's own writes forget it.
        """
        now = time.monotonic()
        if self._private is None or now - self._private[0] > 1.0:
            rows = self.store.select(get_query("private-graphs").text)
            self._private = (now, frozenset(r["g"].value for r in rows))
        return self._private[1]

    def forget(self) -> None:
        """Drop what is cached about the store's graphs (after a write)."""
        self._private = None

    def public_graphs(self) -> list[str]:
        """Every named graph but the private ones."""
        private = self.private_graphs()
        return [g for g in self.store.named_graphs() if g not in private]

    def authorised(self) -> bool:
        """Whether the request carries the write token (compared in constant time)."""
        token = self.settings["write_token"]
        header = request.headers.get("Authorization", "")
        if not token or not header.startswith("Bearer "):
            return False
        return secrets.compare_digest(header.removeprefix("Bearer ").strip(), token)


def service() -> Service:
    """The service of the current app."""
    found: Service = current_app.extensions["styrgraf"]
    return found


def error(status: int, message: str, **details: Any) -> Response:
    """The one JSON error shape: ``{"error", "status", ...details}``."""
    response = jsonify({"error": message, "status": status, **details})
    response.status_code = status
    return response


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app: settings, the store, the blueprints, the error handlers."""
    values = settings(config)
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = values["max_body"]
    app.json.sort_keys = False  # type: ignore[attr-defined]
    for name, value in (config or {}).items():
        if name.upper() == name:
            app.config[name] = value
    app.extensions["styrgraf"] = Service(values)
    if values["behind_proxy"]:
        # The URLs the service writes (the endpoint in its description, dumps, Location) are
        # then the ones the clients used, not the proxy's view of the service.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)  # type: ignore[method-assign]

    # Imported here: the blueprints use this module's helpers.
    from styrgraf.api import blueprint as api_routes
    from styrgraf.dashboards import blueprint as dashboard_routes
    from styrgraf.graphstore import blueprint as graph_store_routes
    from styrgraf.linked import blueprint as linked_routes
    from styrgraf.pages import blueprint as page_routes
    from styrgraf.sparql import blueprint as sparql_routes

    app.register_blueprint(sparql_routes)
    app.register_blueprint(api_routes)
    app.register_blueprint(graph_store_routes)
    app.register_blueprint(page_routes)
    app.register_blueprint(dashboard_routes)
    app.register_blueprint(linked_routes)

    @app.errorhandler(HTTPException)
    def http_error(exception: HTTPException) -> Response:
        status = exception.code or 500
        return error(status, exception.description or exception.name)

    @app.errorhandler(Exception)
    def unexpected(exception: Exception) -> Response:
        current_app.logger.exception("unexpected error")
        return error(500, "the service failed to answer; the error is logged")

    @app.after_request
    def headers(response: Response) -> Response:
        # Open for reading from any origin, never with credentials.
        if request.method in ("GET", "HEAD", "OPTIONS") or request.path == "/sparql":
            response.headers["Access-Control-Allow-Origin"] = "*"
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        return response

    return app
