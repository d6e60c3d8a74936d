"""Linked data: every resource IRI dereferences, and the dataset describes itself (DCAT, VoID).

Routes (all GET and HEAD, all content-negotiated, all answering ``Vary: Accept, Authorization``):

- ``/<path>``: the resource ``<base_iri><path>`` (``base_iri`` is a setting, so a municipality
  can serve its own domain). A low-priority catch-all: every other blueprint's routes win.
- ``/resource?iri=IRI``: the same for any IRI, whatever its base.
- ``/ontology``: the vocabulary, the graph ``https://w3id.org/styrgraf``. Its terms are hash
  IRIs (``https://w3id.org/styrgraf#BoardGoal``), so the ontology document is what the IRI of
  each term dereferences to; ``/resource?iri=`` describes one term.
- ``/shapes/rules``, ``/shapes/recommendations``: the SHACL profiles, the graphs
  ``https://w3id.org/styrgraf/shapes/<name>`` (with the default base the catch-all maps these
  paths to the same IRIs).
- ``/dataset`` and ``/.well-known/void``: the DCAT and VoID description of the public models
  (built by :mod:`styrgraf.web.dataset`).

Formats: Turtle (the default, also for ``*/*`` and no Accept), HTML, JSON-LD, N-Triples and
RDF/XML, chosen by the Accept header (q-values honoured); another type is a 406. A suffix
(``.ttl``, ``.jsonld``, ``.nt``, ``.rdf``, ``.html``) on a path, or ``?format=`` with the same
names, picks the format instead. The HTML pages are rendered by :mod:`styrgraf.web.pages` (which
also picks their language).

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

:mod:`styrgraf.web.dataset` and :mod:`styrgraf.web.pages` build on this module, so it imports them
where it uses them (inside the routes), not at the top.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, request
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

from styrgraf.model.bundled import ONTOLOGY_GRAPH, SHAPES_GRAPH_BASE
from styrgraf.render.links import href
from styrgraf.sparql.queries import ParameterError, QueryError, get_query, to_term
from styrgraf.store.base import Store, StoreError
from styrgraf.vocabulary import SG
from styrgraf.web.app import error, service

blueprint = Blueprint("linked", __name__)

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
DCT = "http://purl.org/dc/terms/"
DCAT = "http://www.w3.org/ns/dcat#"
VOID = "http://rdfs.org/ns/void#"
FOAF = "http://xmlns.com/foaf/0.1/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
CC_BY = "https://creativecommons.org/licenses/by/4.0/"
RDF_TYPE = RDF + "type"

PREFIXES = {
    "dcat": DCAT,
    "dcterms": DCT,
    "foaf": FOAF,
    "org": "http://www.w3.org/ns/org#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "prov": "http://www.w3.org/ns/prov#",
    "qb": "http://purl.org/linked-data/cube#",
    "rdf": RDF,
    "rdfs": RDFS,
    "sdg": "http://metadata.un.org/sdg/",
    "sg": SG,
    "sh": "http://www.w3.org/ns/shacl#",
    "skos": SKOS,
    "time": "http://www.w3.org/2006/time#",
    "void": VOID,
    "xsd": XSD,
}

# Media type -> (suffix, pyoxigraph format; None for HTML). The order breaks ties in the
# Accept header, so ``*/*`` gets Turtle.
FORMATS: dict[str, tuple[str, ox.RdfFormat | None]] = {
    "text/turtle": ("ttl", ox.RdfFormat.TURTLE),
    "text/html": ("html", None),
    "application/ld+json": ("jsonld", ox.RdfFormat.JSON_LD),
    "application/n-triples": ("nt", ox.RdfFormat.N_TRIPLES),
    "application/rdf+xml": ("rdf", ox.RdfFormat.RDF_XML),
}
SUFFIXES = {suffix: media for media, (suffix, _) in FORMATS.items()}
FORMAT_NAMES = {
    "text/turtle": "Turtle",
    "text/html": "HTML",
    "application/ld+json": "JSON-LD",
    "application/n-triples": "N-Triples",
    "application/rdf+xml": "RDF/XML",
}

#: The label-like properties a page takes a title from, in order (see :mod:`styrgraf.web.pages`).
TITLES = (RDFS + "label", SKOS + "prefLabel", DCT + "title", "http://www.w3.org/ns/shacl#name")
#: Blank nodes are followed this deep (an RDF list of this many members).
MAX_DEPTH = 24


@dataclass
class Described:
    """What a request shows: triples, and what the HTML page needs to lay them out."""

    iri: str
    triples: list[ox.Triple]
    incoming: list[ox.Triple] = field(default_factory=list)
    graph: bool = False
    truncated: bool = False


class Refused(Exception):
    """A request that is answered with an error (the response is ready)."""

    def __init__(self, response: Response) -> None:
        super().__init__(response.status)
        self.response = response


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
    base = str(service().settings["base_iri"])
    stem, suffix = _split_suffix(rest)
    if suffix is None:
        return guarded(lambda: _resource(base + rest, None, local=True))

    def either() -> Response:
        # A suffix names a format, unless the IRI with the suffix is what is described.
        try:
            return _resource(base + stem, SUFFIXES[suffix], local=True)
        except Refused as refused:
            if refused.response.status_code != 404:
                raise
            return _resource(base + rest, None, local=True)

    return guarded(either)


def asked_iri() -> str:
    """The one IRI a request names as ``?iri=``; refused with a 400 naming it otherwise."""
    values = request.args.getlist("iri")
    if len(values) != 1 or not values[0].strip():
        raise Refused(error(400, "give one IRI as ?iri=", parameter="iri"))
    try:
        return to_term("iri", "iri", values[0].strip()).value
    except ParameterError as problem:
        raise Refused(error(400, str(problem), parameter="iri")) from None


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
    stem, suffix = _split_suffix(name)
    return guarded(lambda: _fixed_graph(SHAPES_GRAPH_BASE + stem, suffix))


@blueprint.route("/dataset")
@blueprint.route("/dataset.<suffix>", endpoint="dataset_in_format")
@blueprint.route("/.well-known/void", endpoint="void")
def dataset(suffix: str | None = None) -> Response:
    """The DCAT and VoID description of the public models."""

    from styrgraf.web import dataset as described
    from styrgraf.web import pages

    def answer() -> Response:
        media = _media(_forced(suffix))
        document = described.description()
        return _respond(media, Described(described.catalog(), document), pages.dataset_page)

    return guarded(answer)


# --- answering ---------------------------------------------------------------------------------


def guarded(answer: Callable[[], Response]) -> Response:
    """The answer, or the error response it was refused with; a store that fails is a 502."""
    try:
        return answer()
    except Refused as refused:
        return refused.response
    except StoreError as problem:
        return error(502, str(problem))
    except QueryError as problem:
        return error(400, str(problem))


def _split_suffix(rest: str) -> tuple[str, str | None]:
    stem, dot, suffix = rest.rpartition(".")
    if dot and stem and "/" not in suffix and suffix in SUFFIXES:
        return stem, suffix
    return rest, None


def _forced(suffix: str | None) -> str | None:
    """The media type a suffix or ``?format=`` names (None: negotiate); a 400 or 404 when
    neither names a format."""
    name = request.args.get("format")
    if name:
        if name not in SUFFIXES:
            raise Refused(
                error(
                    400,
                    f"unknown format {name!r}: one of {', '.join(SUFFIXES)}",
                    parameter="format",
                )
            )
        return SUFFIXES[name]
    if suffix is not None:
        if suffix not in SUFFIXES:
            raise Refused(error(404, f"no format {suffix!r}: one of {', '.join(SUFFIXES)}"))
        return SUFFIXES[suffix]
    return None


def _media(forced: str | None) -> str:
    """The media type to answer with, by Accept when no format is forced; else a 406."""
    if forced is not None:
        return forced
    accept = request.accept_mimetypes
    if not accept or not request.headers.get("Accept", "").strip():
        return "text/turtle"
    best: str | None = accept.best_match(list(FORMATS))
    if best is None:
        offered = list(FORMATS)
        raise Refused(
            error(
                406,
                f"none of the accepted types is offered here: {', '.join(offered)}",
                offered=offered,
            )
        )
    return best


def _lang() -> str:
    """The language of an HTML answer (a bad ``?lang=`` is refused before any work)."""
    from styrgraf.web.pages import language

    return language()


def root() -> str:
    """Where this service is reached: its URL with a closing slash."""
    return request.host_url.rstrip("/") + request.script_root + "/"


def scope() -> list[str]:
    """The graphs a request may read: the public ones, or with the token all of them."""
    current = service()
    return current.store.named_graphs() if current.authorised() else current.public_graphs()


def _resource(iri: str, forced: str | None, *, local: bool) -> Response:
    media = _media(forced or _forced(None))
    if media == "text/html":
        _lang()
    try:
        node = ox.NamedNode(iri)
    except ValueError:
        if local:
            raise Refused(error(404, f"{request.path} names no resource here")) from None
        raise Refused(error(400, f"{iri!r} is not a valid IRI", parameter="iri")) from None
    graphs = scope()
    store = service().store
    if iri in graphs:
        described = Described(iri, _graph_triples(store, iri), graph=True)
    else:
        described = _describe(store, node, graphs)
    if not described.triples and not described.incoming:
        raise Refused(error(404, f"<{iri}> is not described here", iri=iri))
    from styrgraf.web.pages import resource_page

    return _respond(media, described, resource_page)


def _fixed_graph(graph: str, suffix: str | None) -> Response:
    media = _media(_forced(suffix))
    if media == "text/html":
        _lang()
    if graph not in scope():
        raise Refused(error(404, f"the graph <{graph}> is not served here", iri=graph))
    triples = _graph_triples(service().store, graph)
    from styrgraf.web.pages import resource_page

    return _respond(media, Described(graph, triples, graph=True), resource_page)


def _respond(media: str, described: Described, page: Callable[[Described], Response]) -> Response:
    kind = FORMATS[media][1]
    if kind is None:
        response = page(described)
    else:
        # Turtle writes a subject once only when its triples come together.
        bysubject: dict[Any, list[ox.Triple]] = {}
        for triple in described.triples + described.incoming:
            bysubject.setdefault(triple.subject, []).append(triple)
        triples = [t for group in bysubject.values() for t in group]
        try:
            data = ox.serialize(triples, format=kind, prefixes=_prefixes(triples, kind))
        except (ValueError, OSError) as problem:
            others = [m for m in FORMATS if m != media]
            raise Refused(
                error(
                    406,
                    f"this cannot be written as {FORMAT_NAMES[media]}: {problem}",
                    offered=others,
                )
            ) from None
        assert isinstance(data, bytes)
        response = Response(data, mimetype=media)
    if media.startswith("text/"):
        response.headers["Content-Type"] = f"{media}; charset=utf-8"
    if described.truncated:
        response.headers["Styrgraf-Results-Truncated"] = str(service().settings["max_results"])
    return response


def _prefixes(triples: Sequence[ox.Triple], kind: ox.RdfFormat) -> dict[str, str] | None:
    """The known prefixes the triples use (for Turtle and RDF/XML)."""
    if kind not in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML):
        return None
    used: set[str] = set()
    for triple in triples:
        for term in (triple.subject, triple.predicate, triple.object):
            if isinstance(term, ox.NamedNode):
                used.add(term.value)
            elif isinstance(term, ox.Literal):
                used.add(term.datatype.value)
    return {
        name: namespace
        for name, namespace in PREFIXES.items()
        if any(iri.startswith(namespace) for iri in used)
    }


# --- descriptions ------------------------------------------------------------------------------


def _describe(store: Store, node: ox.NamedNode, graphs: Sequence[str]) -> Described:
    """The concise bounded description of a resource, and the named resources linking to it."""
    limit = int(service().settings["max_results"])
    depth = 1
    while True:
        rows = store.select(_bounded_query(depth, limit + 1), {"node": node}, graphs)
        deeper = any(
            isinstance(r["o"], ox.BlankNode) and r["level"].value == str(depth) for r in rows
        )
        if not deeper or depth == MAX_DEPTH or len(rows) > limit:
            break
        depth += 1
    truncated = len(rows) > limit
    triples = list(
        dict.fromkeys(
            ox.Triple(r["s"], r["p"], r["o"])
            for r in rows[:limit]
            if not isinstance(r["s"], ox.Literal) and isinstance(r["p"], ox.NamedNode)
        )
    )
    rows = store.select(
        get_query("incoming-links").text + f"LIMIT {int(limit) + 1}", {"node": node}, graphs
    )
    truncated = truncated or len(rows) > limit
    incoming = sorted(
        {
            ox.Triple(r["s"], r["p"], node)
            for r in rows[:limit]
            if isinstance(r["s"], ox.NamedNode)
            and isinstance(r["p"], ox.NamedNode)
            and r["s"] != node
        },
        key=str,
    )
    return Described(node.value, triples, incoming, truncated=truncated)


def _bounded_query(depth: int, limit: int) -> str:
    """A resource's triples and those of the blank nodes it leads to, ``depth`` deep.

    Blank nodes cannot be named in a query, so each level is reached from the resource by a
    chain of blank nodes; all levels are asked in one query, because a server may name the
    same blank node differently in two answers.
    """
    levels = ["{ ?node ?p ?o . BIND(?node AS ?s) BIND(0 AS ?level) }"]
    for level in range(1, depth + 1):
        chain = " ".join(
            f"?{'node' if i == 1 else f'b{i - 1}'} ?p{i} ?b{i} . FILTER(isBlank(?b{i}))"
            for i in range(1, level + 1)
        )
        levels.append(
            f"{{ {chain} ?b{level} ?p ?o . BIND(?b{level} AS ?s) BIND({level} AS ?level) }}"
        )
    return f"SELECT ?s ?p ?o ?level WHERE {{ {' UNION '.join(levels)} }} LIMIT {limit}"


def _graph_triples(store: Store, graph: str) -> list[ox.Triple]:
    """Every triple of a named graph."""
    result = store.execute("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", [graph], [])
    return list(result.triples)


# --- links -------------------------------------------------------------------------------------


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
        if _split_suffix(rest)[1] is None:
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
