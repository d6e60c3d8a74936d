"""Which graphs hold personal data, and the rule that keeps it out of every other graph.

The service owns the list of private graphs: the ``private_graphs`` setting, every graph the
data declares an ``sg:PrivateGraph``, and what the store's configuration graph
(:data:`~styrgraf.model.bundled.SERVICE_GRAPH`) already records. The list only grows: a write may
declare a new private graph, but no write can make a private graph public again, and dropping a
declaration from the data changes nothing. Only an operator, on a store no service holds, makes
a graph public again (``styrgraf private-graphs --make-public IRI``).

Personal data is every employee (``sg:Employee``; the model types the persons holding manager
posts so too), holder of a post (the object of ``org:heldBy``, which the model keeps in the
private graph) and individual development plan (``sg:DevelopmentPlan``). A graph that is not
private may not mention any of them, as subject or as object. A ``foaf:Person`` alone is not
taken for personal data: a public model may name people in public office.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Literal, TypedDict

import pyoxigraph as ox
from rdflib import RDF, SH, BNode, Dataset, Graph, URIRef
from rdflib import Literal as RDFLiteral
from rdflib.term import Node

from styrgraf.model.bundled import is_model
from styrgraf.vocabulary import SG

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
PRIVATE_GRAPH = ox.NamedNode(SG + "PrivateGraph")
HELD_BY = ox.NamedNode("http://www.w3.org/ns/org#heldBy")
PERSONAL_CLASSES = (SG + "Employee", SG + "DevelopmentPlan")
"""The classes whose instances are personal data."""
HOLDER = SG + "Employee"
"""What a node is taken for when all that is known of it is that it holds a post: in the model
the holders of the manager posts are the municipality's employees."""


# --- what the store records -------------------------------------------------------------------


def record(private: Collection[str]) -> list[ox.Triple]:
    """The configuration graph's content for the list of private graphs."""
    return [ox.Triple(ox.NamedNode(g), RDF_TYPE, PRIVATE_GRAPH) for g in sorted(private)]


# --- the rule ---------------------------------------------------------------------------------


def declared(quads: Iterable[ox.Quad]) -> set[str]:
    """The graphs that ``quads`` declare ``sg:PrivateGraph``."""
    return {
        q.subject.value
        for q in quads
        if q.predicate == RDF_TYPE
        and q.object == PRIVATE_GRAPH
        and isinstance(q.subject, ox.NamedNode)
    }


def personal_nodes(quads: Iterable[ox.Quad | ox.Triple]) -> dict[ox.NamedNode | ox.BlankNode, str]:
    """Every node that is personal data, with the class that makes it so."""
    found: dict[ox.NamedNode | ox.BlankNode, str] = {}
    for q in quads:
        if q.predicate == RDF_TYPE and isinstance(q.object, ox.NamedNode):
            if q.object.value in PERSONAL_CLASSES and not isinstance(q.subject, ox.Triple):
                known = found.get(q.subject)
                rank = PERSONAL_CLASSES.index(q.object.value)
                if known is None or PERSONAL_CLASSES.index(known) > rank:
                    found[q.subject] = q.object.value
        elif q.predicate == HELD_BY and isinstance(q.object, ox.NamedNode | ox.BlankNode):
            found.setdefault(q.object, HOLDER)
    return found


PrivacyCode = Literal["personal-data", "declaration-removed"]
"""Personal data in a graph that is not private, or a private graph's declaration taken away."""


class PrivacyFinding(TypedDict):
    """Why a write is refused, as a refusal lists it."""

    code: PrivacyCode
    graph: str
    node: str
    type: str | None
    message: str


@dataclass(frozen=True)
class Finding:
    """Why a write is refused: personal data in a graph that is not private, or a private
    graph's declaration taken away."""

    code: PrivacyCode
    graph: str
    """The graph that would show the node, or that the declaration was taken from."""
    node: str
    """The personal node, or the private graph whose declaration was taken away."""
    type: str | None
    message: str

    def as_dict(self) -> PrivacyFinding:
        return {
            "code": self.code,
            "graph": self.graph,
            "node": self.node,
            "type": self.type,
            "message": self.message,
        }


def _term(node: ox.NamedNode | ox.BlankNode) -> str:
    return node.value if isinstance(node, ox.NamedNode) else str(node)


def check(
    after: Iterable[ox.Quad],
    private: Collection[str],
    removed: Mapping[str, Collection[str]] | None = None,
) -> list[Finding]:
    """The findings that refuse a write: ``after`` is every model graph as it would be after
    it, ``private`` the graphs the service keeps private, ``removed`` for each written graph
    the private graphs whose declaration it held before the write and would not after.

    Graphs that ``after`` itself declares private count as private (a write may declare a new
    one); the vocabulary and the configuration graph are not looked at.
    """
    quads = [
        q for q in after if isinstance(q.graph_name, ox.NamedNode) and is_model(q.graph_name.value)
    ]
    kept = set(private) | declared(quads)
    findings = [
        Finding(
            "declaration-removed",
            graph,
            gone,
            SG + "PrivateGraph",
            f"<{gone}> is private in this service and stays private: the write would take its "
            f"sg:PrivateGraph declaration out of <{graph}>",
        )
        for graph, graphs in sorted((removed or {}).items())
        for gone in sorted(g for g in graphs if g in private)
    ]
    personal = personal_nodes(quads)
    if not personal:
        return findings
    shown: dict[tuple[str, ox.NamedNode | ox.BlankNode], None] = {}
    for q in quads:
        graph = q.graph_name.value  # type: ignore[union-attr]
        if graph in kept:
            continue
        for node in (q.subject, q.object):
            if isinstance(node, ox.NamedNode | ox.BlankNode) and node in personal:
                shown[(graph, node)] = None
    for graph, node in sorted(shown, key=lambda pair: (pair[0], str(pair[1]))):
        kind = personal[node]
        findings.append(
            Finding(
                "personal-data",
                graph,
                _term(node),
                kind,
                f"<{_term(node)}> is personal data ({kind.rsplit('#', 1)[-1].rsplit('/', 1)[-1]}) "
                f"and <{graph}> is not a private graph",
            )
        )
    return findings


def summary(findings: list[Finding]) -> str:
    """One sentence for the refusal: the first finding, and how many more."""
    first = next((f for f in findings if f.code == "declaration-removed"), findings[0])
    more = len(findings) - 1
    tail = f" (and {more} more finding{'s' if more > 1 else ''})" if more else ""
    return f"{first.message}{tail}; nothing was stored"


# --- the rule in a validation report -----------------------------------------------------------


def personal_data_results(
    dataset: Dataset, shapes: Graph, results: Graph, kept: Collection[str]
) -> None:
    """Add to the validation ``results`` one for each personal node (an employee, the holder
    of a post, a development plan) found in a graph of ``dataset`` that is not private: not
    declared ``sg:PrivateGraph`` there, nor among the ``kept`` ones. Nothing when the profile
    ``shapes`` has no rule ``sg:PersonalData-privateGraph``."""
    rule = URIRef(SG + "PersonalData-privateGraph")
    if (rule, RDF.type, SH.NodeShape) not in shapes:
        return
    private = {
        s for g in dataset.graphs() for s in g.subjects(RDF.type, URIRef(SG + "PrivateGraph"))
    } | {URIRef(g) for g in kept}
    # Data with no private graph declared (a plain Turtle file, say) has not said where its
    # personal data belongs; that is decided when it is loaded into a store.
    if not private:
        return
    personal = {
        node
        for g in dataset.graphs()
        for cls in PERSONAL_CLASSES
        for node in g.subjects(RDF.type, URIRef(cls))
    } | {
        node
        for g in dataset.graphs()
        for node in g.objects(None, URIRef(HELD_BY.value))
        if not isinstance(node, RDFLiteral)
    }
    # One pass over the statements, not a look-up of every personal node in every graph (that
    # grew with the square of the model: 340 public graphs × 10,000 personal nodes).
    found: set[tuple[Node, Node]] = set()
    for s, _p, o, context in dataset.quads((None, None, None, None)):
        if context is not None and context not in private:
            found.update((node, context) for node in (s, o) if node in personal)
    report = results.value(predicate=RDF.type, object=SH.ValidationReport)
    for node, graph_name in sorted(found, key=lambda pair: (str(pair[1]), str(pair[0]))):
        result = BNode()
        results.add((result, RDF.type, SH.ValidationResult))
        results.add((result, SH.focusNode, node))
        results.add((result, SH.value, graph_name))
        results.add((result, SH.sourceShape, rule))
        results.add((result, SH.resultSeverity, SH.Violation))
        for message in shapes.objects(rule, SH.message):
            results.add((result, SH.resultMessage, message))
        if report is not None:
            results.add((report, SH.result, result))
