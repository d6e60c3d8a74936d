"""The dataset description: DCAT and VoID of the public models, for a data portal.

A ``dcat:Catalog`` (``<root>dataset#catalog``, where ``<root>`` is where this service is
reached, as are the endpoint and the dumps); one ``dcat:Dataset`` and ``void:Dataset`` per
public model graph, named by the graph's IRI (the ontology and shapes graphs are not models),
with title, description and publisher from its ``sg:GovernanceModel``, licence CC BY 4.0,
``void:triples``, ``void:classes``, ``void:properties``, the namespaces of the properties and
classes it uses as ``void:vocabulary``, the base as ``void:uriSpace``, the SPARQL endpoint
(``void:sparqlEndpoint`` and a ``dcat:DataService``) and a dump per RDF format as
``dcat:Distribution``; and a ``void:Linkset`` per link property and target: links are IRIs
outside the base and outside the graph's vocabularies (not web pages or licences), grouped by
namespace (the UN SDGs), and ``sg:koladaKpi`` ids counted as links to Kolada.

The description is public whatever the token: it neither counts nor names a private graph.
The routes that serve it (``/dataset``, ``/.well-known/void``) are in
:mod:`styrgraf.web.routes.linked`.
"""

from __future__ import annotations

import re
from typing import Any

import pyoxigraph as ox
from flask import request

from styrgraf.model.bundled import is_vocabulary
from styrgraf.sparql.queries import get_query
from styrgraf.store.base import Store
from styrgraf.vocabulary import DCAT, DCT, FOAF, RDF_TYPE, SG, VOID, XSD
from styrgraf.web.addresses import local_url, root
from styrgraf.web.formats import FORMAT_NAMES, FORMATS
from styrgraf.web.service import service

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


def catalog() -> str:
    return root() + "dataset#catalog"


def _model_graphs() -> list[str]:
    return [g for g in service().public_graphs() if not is_vocabulary(g)]


def _namespace(iri: str) -> str:
    return re.sub(r"[^/#]*$", "", iri)


def description() -> list[ox.Triple]:
    """DCAT and VoID for each public model graph, the SPARQL endpoint and the linksets."""
    current = service()
    store = current.store
    base = str(current.settings["base_iri"])
    sparql = _n(root() + "sparql")
    catalog_node = _n(catalog())
    license_ = _n(CC_BY)
    out: list[ox.Triple] = [
        _t(catalog_node, RDF_TYPE, _n(DCAT + "Catalog")),
        _t(
            catalog_node,
            DCT + "title",
            _lit("styrgraf: kommunala styrmodeller som länkade data", "sv"),
        ),
        _t(
            catalog_node,
            DCT + "title",
            _lit("styrgraf: municipal governance models as linked data", "en"),
        ),
        _t(catalog_node, DCT + "license", license_),
        _t(catalog_node, DCAT + "service", sparql),
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
            _t(catalog_node, DCAT + "dataset", node),
            _t(sparql, DCAT + "servesDataset", node),
            _t(node, RDF_TYPE, _n(DCAT + "Dataset")),
            _t(node, RDF_TYPE, _n(VOID + "Dataset")),
            _t(node, DCT + "license", license_),
            _t(node, VOID + "sparqlEndpoint", sparql),
            _t(node, VOID + "uriSpace", _lit(base)),
            _t(node, VOID + "triples", _integer(store.graph_size(graph))),
        ]
        out += _about_model(store, graph, node, catalog_node)
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


CC_BY = "https://creativecommons.org/licenses/by/4.0/"
