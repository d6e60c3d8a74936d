"""Linked data: every resource IRI dereferences, and the dataset describes itself (DCAT, VoID).

Routes (all GET and HEAD, all content-negotiated, all answering ``Vary: Accept, Authorization``):

- ``/<path>``: the resource ``<base_iri><path>`` (``base_iri`` is a setting, so a municipality
  can serve its own domain). A low-priority catch-all: every other blueprint's routes win, and
  a GET of a path that another route answers for other methods only (``/api/import/kolada``)
  is a 405 naming them in ``Allow``.
- ``/resource?iri=IRI``: the same for any IRI, whatever its base.
- ``/ontology``: the vocabulary, the graph ``https://w3id.org/styrgraf``. Its terms are hash
  IRIs (``https://w3id.org/styrgraf#BoardGoal``), so the ontology document is what the IRI of
  each term dereferences to; ``/resource?iri=`` describes one term.
- ``/shapes/rules``, ``/shapes/recommendations``: the SHACL profiles, the graphs
  ``https://w3id.org/styrgraf/shapes/<name>`` (with the default base the catch-all maps these
  paths to the same IRIs).
- ``/dataset`` and ``/.well-known/void``: the DCAT and VoID description of the public models
  (built by :mod:`styrgraf.web.catalog`).

Formats: Turtle (the default, also for ``*/*`` and no Accept), HTML, JSON-LD, N-Triples and
RDF/XML, chosen by the Accept header (q-values honoured); another type is a 406. A suffix
(``.ttl``, ``.jsonld``, ``.nt``, ``.rdf``, ``.html``) on a path, or ``?format=`` with the same
names, picks the format instead. The HTML pages are rendered by :mod:`styrgraf.web.resource_pages`
(in the language :func:`styrgraf.web.layout.language` picks).

What a resource's description holds: its triples as subject, with the triples of every blank
node they lead to (its concise bounded description), and the triples that point to it from
named resources (its incoming links), except ``rdf:type``: a class's instances are a query,
not a description. Each part is cut at ``max_results`` (``Styrgraf-Results-Truncated``).
An IRI that names a graph in scope (the ontology, a shapes profile, a model) dereferences to
the whole graph, which is also the dump that the dataset description offers.

Links in HTML go to the path under the base when that path reaches the resource (a path that
another route answers, such as ``<base>sparql``, does not), else to ``/resource?iri=``
(:func:`local_url`).

Personal data: everything is read from the public graphs only (:meth:`Service.public_graphs`);
the write token (``Authorization: Bearer``) opens every graph. An IRI with no triples in scope
is a 404, the same as one that names nothing, so an employee or a development plan does not
exist for the public; the dataset description is public whatever the token, and neither counts
nor names a private graph.

What a description holds is :mod:`styrgraf.web.describe`; where a term links to,
:mod:`styrgraf.web.addresses`.
"""

from __future__ import annotations

import pyoxigraph as ox
from flask import Blueprint, Response, request

from styrgraf.model.bundled import ONTOLOGY_GRAPH, SHAPES_GRAPH_BASE
from styrgraf.web import catalog
from styrgraf.web.addresses import answered_elsewhere, scope, split_suffix
from styrgraf.web.describe import Described, describe, graph_triples, respond
from styrgraf.web.errors import Problem, error, guarded
from styrgraf.web.formats import SUFFIXES
from styrgraf.web.layout import language
from styrgraf.web.negotiation import asked_iri, chosen_media, forced_format
from styrgraf.web.resource_pages import dataset_page, resource_page
from styrgraf.web.service import service

blueprint = Blueprint("linked", __name__)


# --- routes ------------------------------------------------------------------------------------


@blueprint.after_request
def _vary(response: Response) -> Response:
    # Which graphs are in scope depends on the token: create_app's hook adds Vary:
    # Authorization and keeps what the token opens from caches.
    response.vary.add("Accept")
    return response


@blueprint.route("/<path:rest>")
def dereference(rest: str) -> Response:
    """The resource ``<base_iri><rest>``."""
    others = answered_elsewhere(request.path)
    if others:
        refused = error(405, f"{request.path} answers {', '.join(others)} only")
        refused.headers["Allow"] = ", ".join(others)
        return refused
    base = str(service().settings["base_iri"])
    stem, suffix = split_suffix(rest)
    if suffix is None:
        return guarded(lambda: _resource(base + rest, None, local=True))

    def either() -> Response:
        # A suffix names a format, unless the IRI with the suffix is what is described.
        try:
            return _resource(base + stem, SUFFIXES[suffix], local=True)
        except Problem as problem:
            if problem.status != 404:
                raise
            return _resource(base + rest, None, local=True)

    return guarded(either)


@blueprint.route("/resource")
def resource() -> Response:
    """Any resource, named by ``?iri=``."""

    def answer() -> Response:
        return _resource(asked_iri(), None, local=False)

    return guarded(answer)


# One endpoint per rule, so that every rule has its own name (the OpenAPI document's ids).
@blueprint.route("/ontology")
@blueprint.route("/ontology.<suffix>", endpoint="ontology_in_format")
def ontology(suffix: str | None = None) -> Response:
    """The vocabulary: the graph ``https://w3id.org/styrgraf``."""
    return guarded(lambda: _fixed_graph(ONTOLOGY_GRAPH, suffix))


@blueprint.route("/shapes/<name>")
def shapes(name: str) -> Response:
    """A SHACL profile: the graph ``https://w3id.org/styrgraf/shapes/<name>``."""
    stem, suffix = split_suffix(name)
    return guarded(lambda: _fixed_graph(SHAPES_GRAPH_BASE + stem, suffix))


@blueprint.route("/dataset")
@blueprint.route("/dataset.<suffix>", endpoint="dataset_in_format")
@blueprint.route("/.well-known/void", endpoint="void")
def dataset(suffix: str | None = None) -> Response:
    """The DCAT and VoID description of the public models."""

    def answer() -> Response:
        media = chosen_media(forced_format(suffix))
        document = catalog.description()
        return respond(media, Described(catalog.catalog(), document), dataset_page)

    return guarded(answer)


# --- answering ---------------------------------------------------------------------------------


def _resource(iri: str, forced: str | None, *, local: bool) -> Response:
    media = chosen_media(forced or forced_format(None))
    if media == "text/html":
        language()  # a bad ?lang= is refused before any work
    try:
        node = ox.NamedNode(iri)
    except ValueError:
        if local:
            raise Problem(404, f"{request.path} names no resource here") from None
        raise Problem(400, f"{iri!r} is not a valid IRI", parameter="iri") from None
    graphs = scope()
    store = service().store
    if iri in graphs:
        described = Described(iri, graph_triples(store, iri), graph=True)
    else:
        described = describe(store, node, graphs)
    if not described.triples and not described.incoming:
        raise Problem(404, f"<{iri}> is not described here", iri=iri)
    return respond(media, described, resource_page)


def _fixed_graph(graph: str, suffix: str | None) -> Response:
    media = chosen_media(forced_format(suffix))
    if media == "text/html":
        language()  # a bad ?lang= is refused before any work
    if graph not in scope():
        raise Problem(404, f"the graph <{graph}> is not served here", iri=graph)
    triples = graph_triples(service().store, graph)
    return respond(media, Described(graph, triples, graph=True), resource_page)
