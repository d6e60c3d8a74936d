"""The web service: ``create_app(config)`` builds the Flask app over a store.

Its settings are :data:`styrgraf.settings.SETTINGS`, read from the defaults, then the
environment (``STYRGRAF_<NAME>``), then the ``config`` given to :func:`create_app` (the command
line's options, or a test's override). The routes are one blueprint per concern
(:mod:`styrgraf.web.routes`); what they share sits beneath them: :mod:`~styrgraf.web.service`
(the store and the computed answers), :mod:`~styrgraf.web.errors` (the one error shape),
:mod:`~styrgraf.web.layout` (the pages' layout and language), :mod:`~styrgraf.web.negotiation`
and :mod:`~styrgraf.web.formats` (formats), :mod:`~styrgraf.web.addresses` (local URLs). The
templates and static files are beside this module.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask, Response, request
from werkzeug.middleware.proxy_fix import ProxyFix

from styrgraf.execution.consistency import hold_reads
from styrgraf.settings import resolve
from styrgraf.web import errors, layout
from styrgraf.web.routes import (
    api,
    follow_up,
    fulfilment,
    graph_store,
    imports,
    linked,
    pages,
    quality,
    reports,
    sparql,
    workbook,
    workbook_import,
    workbook_upload,
)
from styrgraf.web.service import Service

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
"""Every answer's Content-Security-Policy: scripts only from the service's own files (no
inline script or handler runs), nothing embedded from elsewhere, no framing. Styles may be
inline: the drawings carry their own ``<style>`` so they stand alone as downloads."""


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app: settings, the store, the blueprints, the error handlers."""
    values = resolve(config)
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = values["max_body"]
    app.json.sort_keys = False  # type: ignore[attr-defined]
    for name, value in (config or {}).items():
        if name.upper() == name:
            app.config[name] = value
    app.extensions["styrgraf"] = Service(values)
    hold_reads(app, app.extensions["styrgraf"].consistency)
    if values["behind_proxy"]:
        # The URLs the service writes (the endpoint in its description, dumps, Location) are
        # then the ones the clients used, not the proxy's view of the service.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)  # type: ignore[method-assign]

    # Block tags leave no blank lines behind, so the pages stay small.
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    errors.install(app, values)
    layout.install(app)
    # linked last: its catch-all /<path> answers only what no other route does.
    for routes in (
        sparql,
        api,
        fulfilment,
        graph_store,
        imports,
        workbook_import,
        workbook_upload,
        pages,
        quality,
        follow_up,
        reports,
        workbook,
        linked,
    ):
        app.register_blueprint(routes.blueprint)

    @app.after_request
    def headers(response: Response) -> Response:
        # Open for reading from any origin, never with credentials.
        if request.method in ("GET", "HEAD", "OPTIONS") or request.path == "/sparql":
            response.headers["Access-Control-Allow-Origin"] = "*"
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        # What a request with a token is answered is never kept by a cache (valid token or
        # not: the answer may differ), and every answer says that it depends on the header.
        if "Authorization" in request.headers:
            response.headers["Cache-Control"] = "private, no-store"
        response.vary.add("Authorization")
        return response

    return app
