"""SHACL-SPARQL constraints evaluated once per constraint, on pyoxigraph.

pySHACL runs a SPARQL-based constraint once per focus node, on rdflib's engine: fine for a few
hundred nodes, quadratic and slow for a large model. Here each constraint runs as one query over
all its focus nodes at once (pre-bound through ``VALUES ?this``) on an in-memory pyoxigraph store,
and its solutions become ordinary ``sh:ValidationResult`` s. pySHACL still evaluates every core
constraint; the shapes graph it gets has the SPARQL constraints taken out. A number a message
names (``{?number}``) is written as the message's language writes numbers.

Supported: ``sh:sparql`` SELECT constraints and SPARQL-based constraint components (a
``sh:ConstraintComponent`` with a ``sh:validator``, ``sh:nodeValidator`` or
``sh:propertyValidator`` that is a ``sh:SPARQLSelectValidator``), on shapes that have targets or
are the ``sh:property`` of a shape that has them. Anything else is left to pySHACL.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

import pyoxigraph as ox
from babel.numbers import format_decimal
from rdflib import OWL, RDF, RDFS, SH, BNode, Graph, Literal, URIRef
from rdflib.term import Node

from styrgraf.i18n.languages import catalogue_language
from styrgraf.i18n.words import locale
from styrgraf.model.load import to_rdflib
from styrgraf.vocabulary import NUMBER_TYPES

SKOLEM = "urn:styrgraf:blank:"
_PLACEHOLDER = re.compile(r"\{[?$]([A-Za-z_][A-Za-z0-9_]*)\}")


@dataclass
class SparqlConstraint:
    """One SELECT to run for one shape: its text with parameters and path already in place."""

    shape: URIRef | BNode
    source: Node
    component: URIRef
    select: str
    messages: list[Literal]
    severity: URIRef
    path: Node | None
    bindings: dict[str, Node] = field(default_factory=dict)


def rdf_list(graph: Graph, head: Node) -> list[Node]:
    return list(graph.items(head)) if head is not None else []


def _prefixes(shapes: Graph, source: Node) -> str:
    lines = []
    for owner in shapes.objects(source, SH.prefixes):
        for declaration in shapes.objects(owner, SH.declare):
            prefix = shapes.value(declaration, SH.prefix)
            namespace = shapes.value(declaration, SH.namespace)
            if prefix is not None and namespace is not None:
                lines.append(f"PREFIX {prefix}: <{namespace}>")
    return "\n".join(sorted(set(lines)))


def sparql_path(shapes: Graph, path: Node) -> str:
    """A SHACL path as a SPARQL property path."""
    if isinstance(path, URIRef):
        return f"<{path}>"
    if (path, RDF.first, None) in shapes:
        return "(" + "/".join(sparql_path(shapes, p) for p in rdf_list(shapes, path)) + ")"
    alternatives = shapes.value(path, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(sparql_path(shapes, p) for p in rdf_list(shapes, alternatives)) + ")"
    for predicate, suffix in (
        (SH.zeroOrMorePath, "*"),
        (SH.oneOrMorePath, "+"),
        (SH.zeroOrOnePath, "?"),
    ):
        inner = shapes.value(path, predicate)
        if inner is not None:
            return f"({sparql_path(shapes, inner)}){suffix}"
    inverse = shapes.value(path, SH.inversePath)
    if inverse is not None:
        return f"^({sparql_path(shapes, inverse)})"
    raise ValueError(f"not a SHACL path: {path!r}")


def severity_of(shapes: Graph, shape: Node) -> URIRef:
    severity = shapes.value(shape, SH.severity)
    return severity if isinstance(severity, URIRef) else SH.Violation


def _messages(shapes: Graph, shape: Node, source: Node) -> list[Literal]:
    own = [m for m in shapes.objects(shape, SH.message) if isinstance(m, Literal)]
    return own or [m for m in shapes.objects(source, SH.message) if isinstance(m, Literal)]


def is_deactivated(shapes: Graph, node: Node) -> bool:
    return shapes.value(node, SH.deactivated) == Literal(True)


TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)


def targeted_shapes(shapes: Graph) -> set[URIRef | BNode]:
    """The shapes validation starts from: those with a target, or that are a class themselves
    (an implicit class target)."""
    found: set[Node] = set()
    for predicate in TARGETS:
        found.update(shapes.subjects(predicate, None))
    for cls in (RDFS.Class, OWL.Class):
        found.update(
            s for s in shapes.subjects(RDF.type, cls) if (s, RDF.type, SH.NodeShape) in shapes
        )
    return {s for s in found if isinstance(s, URIRef | BNode)}


def _evaluable_shapes(shapes: Graph) -> set[Node]:
    """Shapes whose focus nodes are known: targeted ones and their sh:property shapes."""
    targeted = targeted_shapes(shapes)
    nested = {p for shape in targeted for p in shapes.objects(shape, SH.property)}
    return targeted | nested


def extract(shapes: Graph) -> tuple[Graph, list[SparqlConstraint]]:
    """Split the shapes: a copy for pySHACL without the SPARQL constraints, and the constraints."""
    core = Graph()
    core += shapes
    for prefix, namespace in shapes.namespaces():
        core.bind(prefix, namespace)  # pySHACL writes them into messages of its own
    constraints: list[SparqlConstraint] = []
    evaluable = _evaluable_shapes(shapes)
    for shape in evaluable:
        if not isinstance(shape, URIRef | BNode) or is_deactivated(shapes, shape):
            continue
        path = shapes.value(shape, SH.path)
        for source in list(shapes.objects(shape, SH.sparql)):
            select = shapes.value(source, SH.select)
            if select is None or is_deactivated(shapes, source):
                continue
            text = str(select)
            if path is not None:
                text = text.replace("$PATH", sparql_path(shapes, path))
            constraints.append(
                SparqlConstraint(
                    shape=shape,
                    source=source,
                    component=SH.SPARQLConstraintComponent,
                    select=_prefixes(shapes, source) + "\n" + text,
                    messages=_messages(shapes, source, source) or _messages(shapes, shape, shape),
                    severity=severity_of(shapes, shape),
                    path=path,
                )
            )
            core.remove((shape, SH.sparql, source))
        constraints.extend(_component_constraints(shapes, core, shape, path))
    return core, constraints


def _component_constraints(
    shapes: Graph, core: Graph, shape: URIRef | BNode, path: Node | None
) -> Iterator[SparqlConstraint]:
    for component in shapes.subjects(RDF.type, SH.ConstraintComponent):
        if not isinstance(component, URIRef):
            continue
        parameters = [shapes.value(p, SH.path) for p in shapes.objects(component, SH.parameter)]
        values = {p: shapes.value(shape, p) for p in parameters if p is not None}
        if not values or any(v is None for v in values.values()):
            continue
        kind = SH.propertyValidator if path is not None else SH.nodeValidator
        validator = shapes.value(component, kind) or shapes.value(component, SH.validator)
        select = shapes.value(validator, SH.select) if validator is not None else None
        if validator is None or select is None:
            continue
        text = str(select)
        if path is not None:
            text = text.replace("$PATH", sparql_path(shapes, path))
        bindings: dict[str, Node] = {}
        for parameter, value in values.items():
            name = str(parameter).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
            assert value is not None
            text = re.sub(rf"\${name}\b", value.n3(), text)
            bindings[name] = value
            core.remove((shape, parameter, value))
        yield SparqlConstraint(
            shape=shape,
            source=validator,
            component=component,
            select=_prefixes(shapes, validator) + "\n" + text,
            messages=_messages(shapes, shape, validator),
            severity=severity_of(shapes, shape),
            path=path,
            bindings=bindings,
        )


PREFIXES = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>"
"""What :func:`focus_pattern` needs declared in the query it stands in."""


def focus_pattern(shapes: Graph, shape: Node, *, owners: bool = True) -> str:
    """A SPARQL group that binds ``?this`` to each focus node of ``shape`` once: the targets of
    the shape and (unless not ``owners``) of the shapes whose sh:property it is."""
    branches: list[str] = []
    for owner in [shape, *(shapes.subjects(SH.property, shape) if owners else ())]:
        classes = set(shapes.objects(owner, SH.targetClass))
        # A shape that is itself a class targets its instances (implicit class target).
        if {RDFS.Class, OWL.Class} & set(shapes.objects(owner, RDF.type)):
            classes.add(owner)
        for cls in sorted(classes, key=str):
            branches.append(f"{{ ?class rdfs:subClassOf* {to_ox(cls)} . ?this a ?class }}")
        for node in sorted(shapes.objects(owner, SH.targetNode), key=str):
            branches.append(f"{{ VALUES ?this {{ {to_ox(node)} }} }}")
        for predicate in sorted(shapes.objects(owner, SH.targetSubjectsOf), key=str):
            branches.append(f"{{ ?this {to_ox(predicate)} ?object }}")
        for predicate in sorted(shapes.objects(owner, SH.targetObjectsOf), key=str):
            branches.append(f"{{ ?subject {to_ox(predicate)} ?this }}")
    if not branches:
        return "{ FILTER (false) }"
    return "{ SELECT DISTINCT ?this WHERE { " + " UNION ".join(branches) + " } }"


def focus_nodes(store: ox.Store, shapes: Graph, shape: Node) -> set[Node]:
    """Every focus node of ``shape`` in ``store``."""
    solutions = store.query(f"{PREFIXES}\nSELECT ?this WHERE {{ {focus_pattern(shapes, shape)} }}")
    assert isinstance(solutions, ox.QuerySolutions)
    return {from_ox(row["this"]) for row in solutions}


def to_ox(term: Node) -> ox.NamedNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.NamedNode(SKOLEM + str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"unsupported term {term!r}")


def from_ox(term: object) -> Node:
    """Back from the store: skolem IRIs become the blank nodes they stood for."""
    if isinstance(term, ox.NamedNode) and term.value.startswith(SKOLEM):
        return BNode(term.value[len(SKOLEM) :])
    return to_rdflib(term)


def store_for(*graphs: Graph) -> ox.Store:
    """An in-memory pyoxigraph store with the graphs' triples, all in its default graph (blank
    nodes made into IRIs, to be bound)."""
    store = ox.Store()
    for graph in graphs:
        store.extend(
            ox.Quad(to_ox(s), to_ox(p), to_ox(o), ox.DefaultGraph())  # type: ignore[arg-type]
            for s, p, o in graph
        )
    return store


def _with_focus_nodes(select: str, nodes: set[Node]) -> str:
    """The query with ``$this`` as ``?this``, pre-bound to the focus nodes by a VALUES block."""
    text = re.sub(r"\$this\b", "?this", select)
    match = re.search(r"\bSELECT\b", text, re.IGNORECASE)
    brace = text.index("{", match.end() if match else 0)
    values = " ".join(to_ox(n).__str__() for n in sorted(nodes, key=str))
    return f"{text[: brace + 1]}\n VALUES ?this {{ {values} }}\n{text[brace + 1 :]}"


def _filled(value: Node, lang: str | None) -> str:
    """A value as a message shows it: a well-formed number in the form of the message's language
    (``12,5`` and ``28 180`` in Swedish, ``12.5`` and ``28,180`` in English), every digit kept;
    anything else, a number that is not well formed included, as it is written."""
    number = value.value if isinstance(value, Literal) else None
    if (
        lang
        and isinstance(value, Literal)
        and str(value.datatype) in NUMBER_TYPES
        and isinstance(number, int | float | Decimal)
        and not isinstance(number, bool)
    ):
        where = locale(catalogue_language(lang))
        return str(format_decimal(number, locale=where, decimal_quantization=False))
    return str(value)


def _message(template: Literal, solution: dict[str, Node], bindings: dict[str, Node]) -> Literal:
    def fill(match: re.Match[str]) -> str:
        value = solution.get(match.group(1), bindings.get(match.group(1)))
        return _filled(value, template.language) if value is not None else match.group(0)

    return Literal(_PLACEHOLDER.sub(fill, str(template)), lang=template.language)


def evaluate(
    constraints: list[SparqlConstraint], shapes: Graph, store: ox.Store, report: Graph
) -> int:
    """Run the constraints on ``store`` (see :func:`store_for`) and add their results to
    ``report``; returns how many."""
    report_node = report.value(predicate=RDF.type, object=SH.ValidationReport)
    added = 0
    for constraint in constraints:
        nodes = focus_nodes(store, shapes, constraint.shape)
        if not nodes:
            continue
        solutions = store.query(_with_focus_nodes(constraint.select, nodes))
        assert isinstance(solutions, ox.QuerySolutions)
        names = [v.value for v in solutions.variables]
        seen: set[tuple[Node, Node | None, Node | None]] = set()
        for row in solutions:
            solution = {name: from_ox(row[name]) for name in names if row[name] is not None}
            focus = solution.get("this")
            if focus is None:
                continue
            path = solution.get("path", constraint.path)
            value = solution.get("value", focus if constraint.path is None else None)
            if (focus, path, value) in seen:
                continue
            seen.add((focus, path, value))
            result = add_result(
                report,
                report_node,
                Result(focus, constraint.shape, constraint.component, constraint.severity),
                path=path,
                value=value,
                messages=[_message(m, solution, constraint.bindings) for m in constraint.messages],
            )
            report.add((result, SH.sourceConstraint, constraint.source))
            added += 1
    return added


@dataclass(frozen=True)
class Result:
    """What every validation result says: its focus node, the shape, the component and the
    severity."""

    focus: Node
    shape: Node
    component: URIRef
    severity: URIRef


def add_result(
    report: Graph,
    report_node: Node | None,
    result: Result,
    *,
    path: Node | None,
    value: Node | None,
    messages: Iterable[Literal],
) -> BNode:
    """Write one ``sh:ValidationResult`` into ``report``, as pySHACL writes one; its node."""
    node = BNode()
    report.add((node, RDF.type, SH.ValidationResult))
    report.add((node, SH.focusNode, result.focus))
    report.add((node, SH.sourceShape, result.shape))
    report.add((node, SH.sourceConstraintComponent, result.component))
    report.add((node, SH.resultSeverity, result.severity))
    if path is not None:
        report.add((node, SH.resultPath, path))
    if value is not None:
        report.add((node, SH.value, value))
    for message in messages:
        report.add((node, SH.resultMessage, message))
    if report_node is not None:
        report.add((report_node, SH.result, node))
    return node
