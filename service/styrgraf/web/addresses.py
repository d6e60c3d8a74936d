"""Where things are: this service's root, the graphs a request may read, and the local URL of
any IRI (its path under ``base_iri`` where that path reaches it, else ``/resource?iri=``).
"""

from __future__ import annotations

import urllib.parse

from flask import current_app, request
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

from styrgraf.model.bundled import ONTOLOGY_GRAPH, SHAPES_GRAPH_BASE
from styrgraf.render.links import href
from styrgraf.web.formats import SUFFIXES
from styrgraf.web.service import service


def split_suffix(rest: str) -> tuple[str, str | None]:
    stem, dot, suffix = rest.rpartition(".")
    if dot and stem and "/" not in suffix and suffix in SUFFIXES:
        return stem, suffix
    return rest, None


def root() -> str:
    """Where this service is reached: its URL with a closing slash."""
    return request.host_url.rstrip("/") + request.script_root + "/"


def scope() -> list[str]:
    """The graphs a request may read: the public ones, or with the token all of them."""
    current = service()
    return current.store.named_graphs() if current.authorised() else current.public_graphs()


def local_url(iri: str, suffix: str | None = None) -> str:
    """Where this service serves an IRI: its path under the base when that path reaches the
    resource, else ``/resource?iri=``; with ``suffix``, in that format. An IRI outside the base
    that no public graph describes is linked to as it is."""
    script = request.script_root
    base = str(service().settings["base_iri"])
    path: str | None = None
    if iri == ONTOLOGY_GRAPH:
        path = "/ontology"
    elif iri.startswith(SHAPES_GRAPH_BASE) and "/" not in iri[len(SHAPES_GRAPH_BASE) :]:
        path = "/shapes/" + urllib.parse.quote(iri[len(SHAPES_GRAPH_BASE) :], safe="")
    elif iri.startswith(base) and len(iri) > len(base):
        rest = iri[len(base) :]
        if split_suffix(rest)[1] is None:
            candidate = "/" + urllib.parse.quote(rest, safe="/:@!$&'()*+,;=-._~")
            if _reaches_catch_all(candidate):
                path = candidate
    if path is None and suffix is None and iri.startswith(root()):
        return iri[len(request.host_url.rstrip("/")) :]  # one of this service's own URLs
    if path is None and suffix is None and not iri.startswith(base):
        if iri == ONTOLOGY_GRAPH + "#":
            return script + "/ontology"  # the vocabulary's namespace is the vocabulary
        if iri not in service().described():
            # A term described elsewhere (Dublin Core, ORG, PROV, a media type): the link
            # leads there, not to a page here that could only say it is not described.
            return iri
    if path is None:
        query = {"iri": iri, **({"format": suffix} if suffix else {})}
        return f"{script}/resource?{urllib.parse.urlencode(query)}"
    return script + path + (f".{suffix}" if suffix else "")


def link_to(iri: str) -> str | None:
    """Where a page links a term to (:func:`local_url`), or None when that is no link a page
    may have (:func:`styrgraf.render.links.href`): a ``javascript:`` IRI no public graph describes
    is shown as text."""
    return href(local_url(iri))


def _reaches_catch_all(path: str) -> bool:
    """Whether a path is answered by :func:`dereference` rather than by another route."""
    adapter = current_app.url_map.bind("localhost")
    try:
        endpoint, _ = adapter.match(path, method="GET")
    except (HTTPException, RequestRedirect):
        return False
    return bool(endpoint == "linked.dereference")


def answered_elsewhere(path: str) -> list[str]:
    """The methods besides GET that another route than :func:`dereference` answers at
    ``path`` (``POST`` for ``/api/import/kolada``): there a GET is not a resource to describe
    but a method the route does not allow."""
    adapter = current_app.url_map.bind("localhost")
    methods = []
    for method in ("POST", "PUT", "DELETE", "PATCH"):
        try:
            endpoint, _ = adapter.match(path, method=method)
        except (HTTPException, RequestRedirect):
            continue
        if endpoint != "linked.dereference":
            methods.append(method)
    return methods
