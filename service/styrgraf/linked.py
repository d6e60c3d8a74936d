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
- ``/dataset`` and ``/.well-known/void``: the DCAT and VoID description of the public models.

Formats: Turtle (the default, also for ``*/*`` and no Accept), HTML, JSON-LD, N-Triples and
RDF/XML, chosen by the Accept header (q-values honoured); another type is a 406. A suffix
(``.ttl``, ``.jsonld``, ``.nt``, ``.rdf``, ``.html``) on a path, or ``?format=`` with the same
names, picks the format instead. HTML is in Swedish unless ``?lang=`` says otherwise (``en``).

What a resource's description holds: its triples as subject, with the triples of every blank
node they lead to (its concise bounded description), and the triples that point to it from
named resources (its incoming links), except ``rdf:type``: a class's instances are a query,
not a description. Each part is cut at ``max_results`` (``Styrgraf-Results-Truncated``).
An IRI that names a graph in scope (the ontology, a shapes profile, a model) dereferences to
the whole graph, which is also the dump that the dataset description offers.

Links in HTML go to the path under the base when that path reaches the resource (a path that
another route answers, such as ``<base>sparql``, does not), else to ``/resource?iri=``.

The dataset description: a ``dcat:Catalog`` (``<root>dataset#catalog``, where ``<root>`` is
where this service is reached, as are the endpoint and the dumps); one ``dcat:Dataset`` and
``void:Dataset`` per public model graph, named by the graph's IRI (the ontology and shapes
graphs are not models), with title, description and publisher from its ``sg:GovernanceModel``,
licence CC BY 4.0, ``void:triples``, ``void:classes``, ``void:properties``, the namespaces of
the properties and classes it uses as ``void:vocabulary``, the base as ``void:uriSpace``, the
SPARQL endpoint (``void:sparqlEndpoint`` and a ``dcat:DataService``) and a dump per RDF
format as ``dcat:Distribution``; and a ``void:Linkset`` per link property and target: links
are IRIs outside the base and outside the graph's vocabularies (not web pages or licences),
grouped by namespace (the UN SDGs), and ``sg:koladaKpi`` ids counted as links to Kolada.

Personal data: everything is read from the public graphs only (:meth:`Service.public_graphs`);
the write token (``Authorization: Bearer``) opens every graph. An IRI with no triples in scope
is a 404, the same as one that names nothing, so an employee or a development plan does not
exist for the public; the dataset description is public whatever the token, and neither counts
nor names a private graph.
"""

from __future__ import annotations

import html
import re
import urllib.parse
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, request
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

from styrgraf.app import SG, error, service
from styrgraf.hierarchy import CLASSES, labels
from styrgraf.queries import ParameterError, QueryError, get_query, to_term
from styrgraf.resources import ONTOLOGY_GRAPH, SHAPES_GRAPH_BASE, is_vocabulary
from styrgraf.store import Store, StoreError
from styrgraf.trace import NodeError, trace, tree

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

#: The label-like properties a page takes a title from, in order.
TITLES = (RDFS + "label", SKOS + "prefLabel", DCT + "title", "http://www.w3.org/ns/shacl#name")
#: Blank nodes are followed this deep (an RDF list of this many members).
MAX_DEPTH = 24
#: The most nodes a page shows of the tree beneath a node.
TREE_NODES = 1000

#: Targets of links to other datasets that have a name (namespace -> titles).
KNOWN_TARGETS = {
    "http://metadata.un.org/sdg/": (
        "FN:s globala mål för hållbar utveckling",
        "UN Sustainable Development Goals",
    ),
}
KOLADA = "https://www.kolada.se/"
#: Links to web pages, licences and the like, which are not links between datasets.
NOT_LINKS = frozenset(
    {
        RDF_TYPE,
        FOAF + "page",
        FOAF + "homepage",
        FOAF + "isPrimaryTopicOf",
        FOAF + "depiction",
        DCT + "license",
        DCT + "rights",
        DCT + "conformsTo",
        "http://www.w3.org/2002/07/owl#imports",
    }
)


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
    # Which graphs are in scope depends on the token, so a cache must keep the two apart.
    response.vary.update(("Accept", "Authorization"))
    if "Authorization" in request.headers:
        response.headers["Cache-Control"] = "private, no-store"
    return response


@blueprint.route("/<path:rest>")
def dereference(rest: str) -> Response:
    """The resource ``<base_iri><rest>``."""
    base = str(service().settings["base_iri"])
    stem, suffix = _split_suffix(rest)
    if suffix is None:
        return _guarded(lambda: _resource(base + rest, None, local=True))

    def either() -> Response:
        # A suffix names a format, unless the IRI with the suffix is what is described.
        try:
            return _resource(base + stem, SUFFIXES[suffix], local=True)
        except Refused as refused:
            if refused.response.status_code != 404:
                raise
            return _resource(base + rest, None, local=True)

    return _guarded(either)


@blueprint.route("/resource")
def resource() -> Response:
    """Any resource, named by ``?iri=``."""

    def answer() -> Response:
        values = request.args.getlist("iri")
        if len(values) != 1 or not values[0].strip():
            raise Refused(error(400, "give one IRI as ?iri=", parameter="iri"))
        try:
            iri = to_term("iri", "iri", values[0].strip())
        except ParameterError as problem:
            raise Refused(error(400, str(problem), parameter="iri")) from None
        return _resource(iri.value, None, local=False)

    return _guarded(answer)


# One endpoint per rule, so that every rule has its own name (the OpenAPI document's ids).
@blueprint.route("/ontology")
@blueprint.route("/ontology.<suffix>", endpoint="ontology_in_format")
def ontology(suffix: str | None = None) -> Response:
    """The vocabulary: the graph ``https://w3id.org/styrgraf``."""
    return _guarded(lambda: _fixed_graph(ONTOLOGY_GRAPH, suffix))


@blueprint.route("/shapes/<name>")
def shapes(name: str) -> Response:
    """A SHACL profile: the graph ``https://w3id.org/styrgraf/shapes/<name>``."""
    stem, suffix = _split_suffix(name)
    return _guarded(lambda: _fixed_graph(SHAPES_GRAPH_BASE + stem, suffix))


@blueprint.route("/dataset")
@blueprint.route("/dataset.<suffix>", endpoint="dataset_in_format")
@blueprint.route("/.well-known/void", endpoint="void")
def dataset(suffix: str | None = None) -> Response:
    """The DCAT and VoID description of the public models."""

    def answer() -> Response:
        media = _media(_forced(suffix))
        document = _dataset_description()
        return _respond(media, Described(_catalog(), document), _dataset_page)

    return _guarded(answer)


# --- answering ---------------------------------------------------------------------------------


def _guarded(answer: Callable[[], Response]) -> Response:
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
    value = request.args.get("lang") or str(service().settings["lang"])
    try:
        to_term("lang", "language", value)
    except ParameterError as problem:
        raise Refused(error(400, str(problem), parameter="lang")) from None
    return value


def _scope() -> list[str]:
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
    graphs = _scope()
    store = service().store
    if iri in graphs:
        described = Described(iri, _graph_triples(store, iri), graph=True)
    else:
        described = _describe(store, node, graphs)
    if not described.triples and not described.incoming:
        raise Refused(error(404, f"<{iri}> is not described here", iri=iri))
    return _respond(media, described, _resource_page)


def _fixed_graph(graph: str, suffix: str | None) -> Response:
    media = _media(_forced(suffix))
    if media == "text/html":
        _lang()
    if graph not in _scope():
        raise Refused(error(404, f"the graph <{graph}> is not served here", iri=graph))
    triples = _graph_triples(service().store, graph)
    return _respond(media, Described(graph, triples, graph=True), _resource_page)


def _respond(media: str, described: Described, page: Callable[[Described], str]) -> Response:
    kind = FORMATS[media][1]
    if kind is None:
        response = Response(page(described), mimetype="text/html")
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


# --- the dataset description -------------------------------------------------------------------


def _root() -> str:
    return request.host_url.rstrip("/") + request.script_root + "/"


def _catalog() -> str:
    return _root() + "dataset#catalog"


def _model_graphs() -> list[str]:
    return [g for g in service().public_graphs() if not is_vocabulary(g)]


def _namespace(iri: str) -> str:
    return re.sub(r"[^/#]*$", "", iri)


def _dataset_description() -> list[ox.Triple]:
    """DCAT and VoID for each public model graph, the SPARQL endpoint and the linksets."""
    current = service()
    store = current.store
    base = str(current.settings["base_iri"])
    root = _root()
    sparql = _n(root + "sparql")
    catalog = _n(_catalog())
    license_ = _n(CC_BY)
    out: list[ox.Triple] = [
        _t(catalog, RDF_TYPE, _n(DCAT + "Catalog")),
        _t(catalog, DCT + "title", _lit("styrgraf: kommunala styrmodeller som länkade data", "sv")),
        _t(
            catalog,
            DCT + "title",
            _lit("styrgraf: municipal governance models as linked data", "en"),
        ),
        _t(catalog, DCT + "license", license_),
        _t(catalog, DCAT + "service", sparql),
        _t(sparql, RDF_TYPE, _n(DCAT + "DataService")),
        _t(sparql, DCT + "title", _lit("SPARQL-ändpunkt", "sv")),
        _t(sparql, DCT + "title", _lit("SPARQL endpoint", "en")),
        _t(sparql, DCAT + "endpointURL", sparql),
        _t(sparql, DCAT + "endpointDescription", sparql),
        _t(sparql, DCT + "conformsTo", _n("https://www.w3.org/TR/sparql11-protocol/")),
        _t(sparql, DCT + "license", license_),
    ]
    targets: set[str] = set()
    for graph in _model_graphs():
        node = _n(graph)
        out += [
            _t(catalog, DCAT + "dataset", node),
            _t(sparql, DCAT + "servesDataset", node),
            _t(node, RDF_TYPE, _n(DCAT + "Dataset")),
            _t(node, RDF_TYPE, _n(VOID + "Dataset")),
            _t(node, DCT + "license", license_),
            _t(node, VOID + "sparqlEndpoint", sparql),
            _t(node, VOID + "uriSpace", _lit(base)),
            _t(node, VOID + "triples", _integer(store.graph_size(graph))),
        ]
        out += _about_model(store, graph, node, catalog)
        vocabularies, namespaces = _vocabularies(store, graph, node)
        out += vocabularies
        out += _distributions(graph, node, sparql)
        links, found = _linksets(store, graph, node, base, namespaces)
        out += links
        targets |= found
    for target in sorted(targets):
        out.append(_t(_n(target), RDF_TYPE, _n(VOID + "Dataset")))
        if target == KOLADA:
            out += [
                _t(_n(target), DCT + "title", _lit("Kolada")),
                _t(_n(target), FOAF + "homepage", _n(KOLADA)),
            ]
        elif target in KNOWN_TARGETS:
            sv, en = KNOWN_TARGETS[target]
            out += [
                _t(_n(target), DCT + "title", _lit(sv, "sv")),
                _t(_n(target), DCT + "title", _lit(en, "en")),
            ]
        if target != KOLADA:
            out.append(_t(_n(target), VOID + "uriSpace", _lit(target)))
    # Belt and braces: nothing here may name a private graph.
    private = {_n(g) for g in current.private_graphs()}
    return [t for t in out if t.subject not in private and t.object not in private]


def _about_model(
    store: Store, graph: str, node: ox.NamedNode, catalog: ox.NamedNode
) -> list[ox.Triple]:
    """Title, description and publisher from the governance model the graph holds."""
    rows = store.select(get_query("governance-model").text, None, [graph])
    out: set[ox.Triple] = set()
    for row in rows:
        out.add(_t(node, VOID + "rootResource", row["model"]))
        if "label" in row:
            out.add(_t(node, DCT + "title", row["label"]))
        if "description" in row:
            out.add(_t(node, DCT + "description", row["description"]))
        if isinstance(row.get("municipality"), ox.NamedNode):
            agent = row["municipality"]
            out |= {
                _t(node, DCT + "publisher", agent),
                _t(catalog, DCT + "publisher", agent),
                _t(agent, RDF_TYPE, _n(FOAF + "Agent")),
            }
            if "name" in row:
                out.add(_t(agent, FOAF + "name", row["name"]))
    if not any(t.predicate.value == DCT + "title" for t in out):
        out.add(_t(node, DCT + "title", _lit(graph)))
    return sorted(out, key=str)


def _vocabularies(store: Store, graph: str, node: ox.NamedNode) -> tuple[list[ox.Triple], set[str]]:
    """The vocabularies of the properties and classes used, how many of each are used, and
    the namespaces they come from."""
    rows = store.select(get_query("used-terms").text, None, [graph])
    properties = [r["term"].value for r in rows if r["kind"].value == "property"]
    classes = [r["term"].value for r in rows if r["kind"].value == "class"]
    used = {*properties, *classes}
    namespaces = {_namespace(iri) for iri in used} - {""}
    triples = [
        _t(node, VOID + "properties", _integer(len(properties))),
        _t(node, VOID + "classes", _integer(len(classes))),
        *(_t(node, VOID + "vocabulary", _n(ns)) for ns in sorted(namespaces)),
    ]
    return triples, namespaces


def _distributions(graph: str, node: ox.NamedNode, sparql: ox.NamedNode) -> list[ox.Triple]:
    """The SPARQL endpoint and a dump in each RDF format, as DCAT distributions."""
    endpoint = ox.BlankNode()
    out = [
        _t(node, DCAT + "distribution", endpoint),
        _t(endpoint, RDF_TYPE, _n(DCAT + "Distribution")),
        _t(endpoint, DCT + "title", _lit("SPARQL")),
        _t(endpoint, DCAT + "accessURL", sparql),
        _t(endpoint, DCAT + "accessService", sparql),
        _t(endpoint, DCT + "license", _n(CC_BY)),
    ]
    host = request.host_url.rstrip("/")
    for media, (suffix, kind) in FORMATS.items():
        if kind is None:
            continue
        url = _n(host + local_url(graph, suffix))
        dump = ox.BlankNode()
        if media == "text/turtle":
            out.append(_t(node, VOID + "dataDump", url))
        out += [
            _t(node, DCAT + "distribution", dump),
            _t(dump, RDF_TYPE, _n(DCAT + "Distribution")),
            _t(dump, DCT + "title", _lit(FORMAT_NAMES[media])),
            _t(dump, DCAT + "accessURL", url),
            _t(dump, DCAT + "downloadURL", url),
            _t(
                dump,
                DCAT + "mediaType",
                _n("https://www.iana.org/assignments/media-types/" + media),
            ),
            _t(dump, DCT + "license", _n(CC_BY)),
        ]
    return out


def _linksets(
    store: Store, graph: str, node: ox.NamedNode, base: str, vocabularies: set[str]
) -> tuple[list[ox.Triple], set[str]]:
    """A void:Linkset per link property and other dataset linked to, with its size.

    A link is a triple whose object is an http(s) IRI outside the base and outside the
    vocabularies the graph uses; links to web pages and licences do not count. Kolada KPIs are
    ids (``sg:koladaKpi`` literals), counted as a linkset to Kolada all the same.
    """
    rows = store.select(get_query("linksets").text, {"base": ox.Literal(base)}, [graph])
    found: list[tuple[str, str, int]] = []
    for row in rows:
        predicate, namespace, count = row["p"].value, row["ns"].value, int(row["n"].value)
        if predicate == SG + "koladaKpi" and not namespace:
            found.append((predicate, KOLADA, count))
        elif predicate not in NOT_LINKS and namespace not in vocabularies:
            found.append((predicate, namespace, count))
    out: list[ox.Triple] = []
    for predicate, target, n in found:
        linkset = ox.BlankNode()
        out += [
            _t(node, VOID + "subset", linkset),
            _t(linkset, RDF_TYPE, _n(VOID + "Linkset")),
            _t(linkset, VOID + "subjectsTarget", node),
            _t(linkset, VOID + "objectsTarget", _n(target)),
            _t(linkset, VOID + "linkPredicate", _n(predicate)),
            _t(linkset, VOID + "triples", _integer(n)),
        ]
    return out, {target for _, target, _ in found}


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _lit(value: str, language: str | None = None) -> ox.Literal:
    return ox.Literal(value, language=language) if language else ox.Literal(value)


def _t(subject: Any, predicate: str, obj: Any) -> ox.Triple:
    return ox.Triple(subject, ox.NamedNode(predicate), obj)


def _integer(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "integer"))


# --- links -------------------------------------------------------------------------------------


def local_url(iri: str, suffix: str | None = None) -> str:
    """Where this service serves an IRI: its path under the base when that path reaches the
    resource, else ``/resource?iri=``; with ``suffix``, in that format."""
    root = request.script_root
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
    if path is None and suffix is None and iri.startswith(_root()):
        return iri[len(request.host_url.rstrip("/")) :]  # one of this service's own URLs
    if path is None:
        query = {"iri": iri, **({"format": suffix} if suffix else {})}
        return f"{root}/resource?{urllib.parse.urlencode(query)}"
    return root + path + (f".{suffix}" if suffix else "")


def _reaches_catch_all(path: str) -> bool:
    """Whether a path is answered by :func:`dereference` rather than by another route."""
    adapter = current_app.url_map.bind("localhost")
    try:
        endpoint, _ = adapter.match(path, method="GET")
    except (HTTPException, RequestRedirect):
        return False
    return bool(endpoint == "linked.dereference")


# --- HTML --------------------------------------------------------------------------------------

WORDS = {
    "sv": {
        "properties": "Egenskaper",
        "incoming": "Länkar hit",
        "up": "Vägar upp till visionen",
        "down": "Under",
        "formats": "Andra format",
        "triples": "tripplar",
        "resources": "Resurser",
        "truncated": "Listan är avkortad.",
        "none": "Ingen väg når visionen.",
        "dataset": "Datamängder",
    },
    "en": {
        "properties": "Properties",
        "incoming": "Links here",
        "up": "Paths up to the vision",
        "down": "Beneath",
        "formats": "Other formats",
        "triples": "triples",
        "resources": "Resources",
        "truncated": "The list is cut short.",
        "none": "No path reaches the vision.",
        "dataset": "Datasets",
    },
}


STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:60rem;margin:auto;padding:1rem}"
    "table{border-collapse:collapse}th,td{text-align:left;vertical-align:top;padding:.2rem .5rem}"
    "th{font-weight:normal;color:#555}small{color:#666}"
)


class Page:
    """What rendering needs: the language, the labels, and the words in that language."""

    def __init__(self, lang: str, iris: Iterable[str], graphs: Sequence[str]) -> None:
        self.lang = lang
        self.words = WORDS["en" if lang.split("-")[0].lower() == "en" else "sv"]
        self.graphs = graphs
        self.labels = labels(service().store, iris, lang, graphs)

    def name(self, iri: str) -> str:
        found = self.labels.get(iri)
        if found:
            return found
        for prefix, namespace in PREFIXES.items():
            if iri.startswith(namespace) and len(iri) > len(namespace):
                return f"{prefix}:{iri[len(namespace) :]}"
        return iri

    def link(self, iri: str, text: str | None = None) -> str:
        return f'<a href="{_e(local_url(iri))}">{_e(text or self.name(iri))}</a>'

    def document(self, title: str, alternates: dict[str, str], body: str) -> str:
        links = "".join(
            f'<link rel="alternate" type="{m}" href="{_e(url)}">' for m, url in alternates.items()
        )
        names = " · ".join(
            f'<a href="{_e(url)}" type="{m}">{FORMAT_NAMES[m]}</a>' for m, url in alternates.items()
        )
        return (
            f'<!doctype html>\n<html lang="{_e(self.lang)}"><head><meta charset="utf-8">'
            f"<title>{_e(title)} – styrgraf</title>"
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<style>{STYLE}</style>{links}</head><body><main>{body}"
            f"<p>{self.words['formats']}: {names}</p></main></body></html>"
        )

    def value(self, term: Any, closure: dict[Any, list[ox.Triple]], seen: frozenset[Any]) -> str:
        if isinstance(term, ox.NamedNode):
            return self.link(term.value)
        if isinstance(term, ox.BlankNode):
            if term in seen or term not in closure:
                return "[ ]"
            return self.table(closure[term], closure, seen | {term})
        text = (
            f'<span lang="{_e(term.language)}">{_e(term.value)}</span>'
            if term.language
            else _e(term.value)
        )
        if term.datatype.value not in (XSD + "string", RDF + "langString"):
            text += f" <small>{_e(self.name(term.datatype.value))}</small>"
        return text

    def table(
        self,
        triples: Sequence[ox.Triple],
        closure: dict[Any, list[ox.Triple]],
        seen: frozenset[Any],
    ) -> str:
        grouped: dict[str, list[Any]] = {}
        for triple in triples:
            grouped.setdefault(triple.predicate.value, []).append(triple.object)
        first = (RDF_TYPE, *TITLES)
        order = sorted(
            grouped,
            key=lambda p: (first.index(p) if p in first else len(first), self.name(p).lower()),
        )
        rows = []
        for predicate in order:
            values = sorted(grouped[predicate], key=self._value_order)
            cells = "<br>".join(self.value(v, closure, seen) for v in values)
            rows.append(f"<tr><th>{self.link(predicate)}</th><td>{cells}</td></tr>")
        return f"<table>{''.join(rows)}</table>"

    def _value_order(self, term: Any) -> tuple[int, str]:
        if isinstance(term, ox.Literal):
            tag = (term.language or "").split("-")[0].lower()
            other = bool(tag) and tag != self.lang.split("-")[0].lower()
            return (1 if other else 0, term.value)
        return (2, self.name(term.value) if isinstance(term, ox.NamedNode) else "")


def _alternates(url: Callable[[str], str]) -> dict[str, str]:
    """The URL of each RDF format of what a page shows."""
    return {m: url(suffix) for m, (suffix, kind) in FORMATS.items() if kind is not None}


def _outward(iri: str) -> str:
    """The IRI itself, linked when it is a web address (never a ``javascript:`` one)."""
    code = f"<code>{_e(iri)}</code>"
    return f'<a href="{_e(iri)}">{code}</a>' if re.match(r"https?://", iri) else code


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _iris(triples: Iterable[ox.Triple]) -> set[str]:
    found: set[str] = set()
    for triple in triples:
        for term in (triple.subject, triple.predicate, triple.object):
            if isinstance(term, ox.NamedNode):
                found.add(term.value)
            elif isinstance(term, ox.Literal):
                found.add(term.datatype.value)
    return found


def _title(page: Page, iri: str, triples: Sequence[ox.Triple]) -> str:
    if iri in page.labels:
        return page.labels[iri]
    own = [
        t.object
        for t in triples
        if t.subject == ox.NamedNode(iri)
        and t.predicate.value in TITLES
        and isinstance(t.object, ox.Literal)
    ]
    own.sort(key=page._value_order)
    return own[0].value if own else iri


def _resource_page(described: Described) -> str:
    if described.graph:
        return _graph_page(described)
    lang, graphs = _lang(), _scope()
    iri = described.iri
    triples = described.triples
    types = sorted(
        t.object.value
        for t in triples
        if t.subject == ox.NamedNode(iri)
        and t.predicate.value == RDF_TYPE
        and isinstance(t.object, ox.NamedNode)
    )
    page = Page(lang, _iris(triples + described.incoming) | {iri}, graphs)
    title = _title(page, iri, triples)
    closure: dict[Any, list[ox.Triple]] = {}
    for triple in triples:
        closure.setdefault(triple.subject, []).append(triple)
    words = page.words
    kinds = " · ".join(page.link(t) for t in types)
    body = [
        f"<p>{kinds}</p>" if kinds else "",
        f"<h1>{_e(title)}</h1>",
        f"<p>{_outward(iri)}</p>",
    ]
    if any(t.removeprefix(SG) in CLASSES and t.startswith(SG) for t in types):
        body.append(_hierarchy(page, iri))
    own = closure.get(ox.NamedNode(iri), [])
    if own:
        body.append(f"<section><h2>{words['properties']}</h2>")
        body.append(page.table(own, closure, frozenset({ox.NamedNode(iri)})) + "</section>")
    if described.incoming:
        rows = "".join(
            f"<tr><td>{page.link(t.subject.value)}</td><th>{page.link(t.predicate.value)}</th></tr>"
            for t in described.incoming
            if isinstance(t.subject, ox.NamedNode)
        )
        body.append(f"<section><h2>{words['incoming']}</h2><table>{rows}</table></section>")
    if described.truncated:
        body.append(f"<p>{words['truncated']}</p>")
    return page.document(title, _alternates(lambda suffix: local_url(iri, suffix)), "\n".join(body))


def _hierarchy(page: Page, iri: str) -> str:
    """The paths up to the vision and the tree beneath a node of the goal hierarchy."""
    store = service().store
    try:
        up = trace(store, iri, page.graphs, page.lang)
        down = tree(store, iri, page.graphs, page.lang)
    except NodeError:
        return ""

    def hop(node: dict[str, Any]) -> str:
        label = node.get("label") or page.name(node["iri"])
        kind = node.get("type_label")
        suffix = f" <small>{_e(kind)}</small>" if kind else ""
        return f'<a href="{_e(local_url(node["iri"]))}">{_e(label)}</a>{suffix}'

    paths = "".join(
        "<li><ol>" + "".join(f"<li>{hop(h)}</li>" for h in path[1:]) + "</ol></li>"
        for path in up["paths"]
        if len(path) > 1
    )
    parts = [f"<section><h2>{page.words['up']}</h2>"]
    is_vision = up["node"].get("type") == SG + "Vision"
    if paths:
        parts.append(f"<ol>{paths}</ol>")
    elif not is_vision:
        parts.append(f"<p>{page.words['none']}</p>")
    parts.append("</section>")
    budget = [TREE_NODES]

    def grow(node: dict[str, Any]) -> str:
        items = []
        for child in node.get("children", []):
            if budget[0] <= 0:
                items.append("<li>…</li>")
                break
            budget[0] -= 1
            items.append(f"<li>{hop(child)}{grow(child)}</li>")
        return f"<ul>{''.join(items)}</ul>" if items else ""

    beneath = grow(down)
    if beneath:
        parts.append(f"<section><h2>{page.words['down']}</h2>{beneath}</section>")
    return "".join(parts)


def _graph_page(described: Described) -> str:
    """A whole graph: its title, size and downloads, and its named resources listed."""
    lang, graphs = _lang(), _scope()
    iri, triples = described.iri, described.triples
    subjects: dict[str, list[str]] = {}
    for triple in triples:
        if isinstance(triple.subject, ox.NamedNode):
            types = subjects.setdefault(triple.subject.value, [])
            if triple.predicate.value == RDF_TYPE and isinstance(triple.object, ox.NamedNode):
                types.append(triple.object.value)
    kinds = {t for types in subjects.values() for t in types}
    page = Page(lang, set(subjects) | kinds | {iri}, graphs)
    title = _title(page, iri, triples)
    model = next(
        (
            s
            for s, types in subjects.items()
            if SG + "GovernanceModel" in types and s in page.labels
        ),
        None,
    )
    if title == iri and model is not None:
        title = page.labels[model]
    limit = int(service().settings["max_results"])
    ordered = sorted(
        subjects, key=lambda s: (sorted(page.name(t) for t in subjects[s]), page.name(s))
    )
    items = "".join(
        f"<li>{page.link(s)} <small>{_e(' · '.join(page.name(t) for t in sorted(subjects[s])))}"
        "</small></li>"
        for s in ordered[:limit]
    )
    size = f"{len(triples)} {page.words['triples']}"
    body = [
        f"<h1>{_e(title)}</h1>",
        f"<p>{_outward(iri)} – {size}</p>",
        f"<section><h2>{page.words['resources']}</h2><ul>{items}</ul></section>",
    ]
    if len(ordered) > limit:
        body.append(f"<p>{page.words['truncated']}</p>")
    return page.document(title, _alternates(lambda suffix: local_url(iri, suffix)), "\n".join(body))


def _dataset_page(described: Described) -> str:
    """The dataset description as a page: the catalogue, then each dataset and the service."""
    triples = described.triples
    # Public whatever the token: the description is the same for everyone.
    page = Page(_lang(), _iris(triples), service().public_graphs())
    closure: dict[Any, list[ox.Triple]] = {}
    for triple in triples:
        closure.setdefault(triple.subject, []).append(triple)
    catalog = ox.NamedNode(described.iri)
    named = [s for s in closure if isinstance(s, ox.NamedNode) and s != catalog]
    named.sort(key=lambda s: (s.value != _root() + "sparql", s.value))
    title = _title(page, described.iri, triples)
    sections = [f"<h1>{_e(title)}</h1>"]
    sections.append(page.table(closure.get(catalog, []), closure, frozenset({catalog})))
    sections.append(f"<h2>{page.words['dataset']}</h2>")
    for subject in named:
        heading = _title(page, subject.value, triples)
        sections.append(
            f"<section><h3>{page.link(subject.value, heading)}</h3>"
            f"{page.table(closure[subject], closure, frozenset({subject}))}</section>"
        )
    own = request.script_root + "/dataset"
    return page.document(title, _alternates(lambda suffix: f"{own}.{suffix}"), "\n".join(sections))
