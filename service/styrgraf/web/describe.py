"""What a resource's description holds, and the description written in the asked format.

A resource's triples as subject, with the triples of every blank node they lead to (its concise
bounded description), and the triples that point to it from named resources (its incoming
links), except ``rdf:type``: a class's instances are a query, not a description. Each part is
cut at ``max_results`` (``Styrgraf-Results-Truncated``). An IRI that names a graph in scope is
the whole graph.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox
from flask import Response

from styrgraf.sparql.queries import get_query
from styrgraf.store.base import Store
from styrgraf.vocabulary import DCT, PREFIXES, RDFS, SKOS
from styrgraf.web.errors import Problem
from styrgraf.web.formats import FORMAT_NAMES, FORMATS
from styrgraf.web.service import service

#: The label-like properties a page takes a title from, in order (see :mod:`styrgraf.web.names`).
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


def respond(media: str, described: Described, page: Callable[[Described], Response]) -> Response:
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
            raise Problem(
                406,
                f"this cannot be written as {FORMAT_NAMES[media]}: {problem}",
                offered=others,
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


def describe(store: Store, node: ox.NamedNode, graphs: Sequence[str]) -> Described:
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


def graph_triples(store: Store, graph: str) -> list[ox.Triple]:
    """Every triple of a named graph."""
    result = store.execute("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", [graph], [])
    return list(result.triples)
