"""The OpenAPI 3.1 document of the service, served by the API at ``/openapi.json``.

Every route of the app is described: the API's (:mod:`.api_paths`, one path per named query
generated from its ``#+`` header), the protocols' and linked data's (:mod:`.protocol_paths`)
and the pages' (:mod:`.page_paths`); a route that has no description yet still appears, marked
``x-undescribed``, and a test fails until it is described. The schemas of the JSON answers are
generated from the ``TypedDict`` shapes that the code building them is checked against
(:mod:`.schemas`).
"""

from __future__ import annotations

import re
from typing import Any

from flask import current_app, request

from styrgraf import __version__
from styrgraf.i18n.languages import DEFAULT, LANGUAGES
from styrgraf.sparql.queries import load_queries
from styrgraf.web.formats import JSON
from styrgraf.web.openapi.api_paths import api_paths
from styrgraf.web.openapi.follow_up_paths import follow_up_paths
from styrgraf.web.openapi.import_paths import import_paths
from styrgraf.web.openapi.operations import VALUE_TYPES, content, operation, param
from styrgraf.web.openapi.page_paths import page_paths
from styrgraf.web.openapi.protocol_paths import protocol_paths
from styrgraf.web.openapi.schemas import Schemas
from styrgraf.web.openapi.workbook_import_paths import workbook_import_paths
from styrgraf.web.shapes import Error, OpenApiDocument

TAGS = ("model", "follow-up", "import", "queries", "sparql", "linked data", "pages", "service")


def document() -> OpenApiDocument:
    """The OpenAPI 3.1 document: the routes of every blueprint, one path per named query, and
    the schemas of every JSON answer."""
    shapes = Schemas()
    paths: dict[str, Any] = {
        **api_paths(shapes, load_queries()),
        **follow_up_paths(shapes),
        **import_paths(shapes),
        **workbook_import_paths(shapes),
        **protocol_paths(shapes),
        **page_paths(),
    }
    _undescribed(paths)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "styrgraf",
            "version": __version__,
            "description": "A municipality's governance model (styrmodell) as a checked "
            "linked-data knowledge graph. Answers are over the public graphs; the write token "
            "opens the private graphs (individual development plans) too.",
            "license": {"name": "MIT", "identifier": "MIT"},
        },
        "servers": [{"url": request.host_url.rstrip("/")}],
        "tags": [{"name": name} for name in TAGS],
        "paths": paths,
        "components": _components(shapes),
    }


def _undescribed(paths: dict[str, Any]) -> None:
    """Add a plain entry for any route of the app that the document does not describe yet, so
    the document lists every route there is."""
    for rule in current_app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        template = re.sub(r"<(?:[^<>:]+:)?([^<>]+)>", r"{\1}", rule.rule)
        names = sorted(rule.arguments)
        entry = paths.setdefault(template, {})
        view = current_app.view_functions[rule.endpoint]
        summary = (view.__doc__ or rule.endpoint).strip().splitlines()[0]
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            if method.lower() in entry:
                continue
            described = operation(
                summary,
                {"description": "the answer"},
                tag="service",
                parameters=[
                    param(n, n, {"type": "string"}, where="path", required=True) for n in names
                ],
                operationId=f"{rule.endpoint}-{method.lower()}",
            )
            # Marked, so that a test can insist that every route is described by hand.
            entry[method.lower()] = {**described, "x-undescribed": True}


def _components(shapes: Schemas) -> dict[str, Any]:
    """The schemas of the answers, the one error response, the shared parameters and the
    write token."""
    responses = {
        "Error": {
            "description": "the one error shape of every route",
            "content": content(JSON, shapes.ref(Error)),
        }
    }
    format_names = {"type": "string", "enum": ["json", "csv", "xlsx", "turtle"]}
    return {
        # Last: every shape the paths and responses refer to has been gathered by now.
        "responses": responses,
        "parameters": {
            "graph": param("graph", "only this named graph", VALUE_TYPES["iri"]),
            "lang": param(
                "lang",
                "language of labels and messages: a language tag, its messages in "
                f"{', '.join(LANGUAGES)} by its language (sv for sv-SE), else {DEFAULT}",
                VALUE_TYPES["language"],
            ),
            "format": param("format", "the format; overrides Accept", format_names),
            "resultFormat": param(
                "format",
                "the format; overrides Accept",
                {"type": "string", "enum": ["json", "csv", "xlsx"]},
            ),
        },
        "securitySchemes": {
            "token": {
                "type": "http",
                "scheme": "bearer",
                "description": "the write token: needed for writes, and opens the private graphs",
            }
        },
        "schemas": dict(sorted(shapes.named.items())),
    }
