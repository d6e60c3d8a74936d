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
from collections.abc import Iterator
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

_SKOLEM = "urn:styrgraf:blank:"
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


def _rdf_list(graph: Graph, head: Node) -> list[Node]:
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


def _sparql_path(shapes: Graph, path: Node) -> str:
    """A SHACL path as a SPARQL property path."""
    if isinstance(path, URIRef):
        return f"<{path}>"
    if (path, RDF.first, None) in shapes:
        return "(" + "/".join(_sparql_path(shapes, p) for p in _rdf_list(shapes, path)) + ")"
    alternatives = shapes.value(path, SH.alternativePath)
    if alternatives is not None:
        return (
            "(" + "|".join(_sparql_path(shapes, p) for p in _rdf_list(shapes, alternatives)) + ")"
        )
    for predicate, suffix in (
        (SH.zeroOrMorePath, "*"),
        (SH.oneOrMorePath, "+"),
        (SH.zeroOrOnePath, "?"),
    ):
        inner = shapes.value(path, predicate)
        if inner is not None:
            return f"({_sparql_path(shapes, inner)}){suffix}"
    inverse = shapes.value(path, SH.inversePath)
    if inverse is not None:
        return f"^({_sparql_path(shapes, inverse)})"
    raise ValueError(f"not a SHACL path: {path!r}")


def _severity(shapes: Graph, shape: Node) -> URIRef:
    severity = shapes.value(shape, SH.severity)
    return severity if isinstance(severity, URIRef) else SH.Violation


def _messages(shapes: Graph, shape: Node, source: Node) -> list[Literal]:
    own = [m for m in shapes.objects(shape, SH.message) if isinstance(m, Literal)]
    return own or [m for m in shapes.objects(source, SH.message) if isinstance(m, Literal)]


def _is_deactivated(shapes: Graph, node: Node) -> bool:
    return shapes.value(node, SH.deactivated) == Literal(True)


def _evaluable_shapes(shapes: Graph) -> set[Node]:
    """Shapes whose focus nodes are known: targeted ones and their sh:property shapes."""
    targeted: set[Node] = set()
    for predicate in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf):
        targeted.update(shapes.subjects(predicate, None))
    for cls in (RDFS.Class, OWL.Class):
        targeted.update(
            s for s in shapes.subjects(RDF.type, cls) if (s, RDF.type, SH.NodeShape) in shapes
        )
    nested = {p for shape in targeted for p in shapes.objects(shape, SH.property)}
    return targeted | nested


def extract(shapes: Graph) -> tuple[Graph, list[SparqlConstraint]]:
    """Split the shapes: a copy for pySHACL without the SPARQL constraints, and the constraints."""
    core = Graph()
    core += shapes
    constraints: list[SparqlConstraint] = []
    evaluable = _evaluable_shapes(shapes)
    for shape in evaluable:
        if not isinstance(shape, URIRef | BNode) or _is_deactivated(shapes, shape):
            continue
        path = shapes.value(shape, SH.path)
        for source in list(shapes.objects(shape, SH.sparql)):
            select = shapes.value(source, SH.select)
            if select is None or _is_deactivated(shapes, source):
                continue
            text = str(select)
            if path is not None:
                text = text.replace("$PATH", _sparql_path(shapes, path))
            constraints.append(
                SparqlConstraint(
                    shape=shape,
                    source=source,
                    component=SH.SPARQLConstraintComponent,
                    select=_prefixes(shapes, source) + "\n" + text,
                    messages=_messages(shapes, source, source) or _messages(shapes, shape, shape),
                    severity=_severity(shapes, shape),
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
            text = text.replace("$PATH", _sparql_path(shapes, path))
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
            severity=_severity(shapes, shape),
            path=path,
            bindings=bindings,
        )


def _focus_nodes(shapes: Graph, data: Graph, shape: Node) -> set[Node]:
    owners = [shape, *shapes.subjects(SH.property, shape)]
    nodes: set[Node] = set()
    for owner in owners:
        classes_targeted = set(shapes.objects(owner, SH.targetClass))
        # A shape that is itself a class targets its instances (implicit class target).
        if {RDFS.Class, OWL.Class} & set(shapes.objects(owner, RDF.type)):
            classes_targeted.add(owner)
        for cls in classes_targeted:
            classes = set(data.transitive_subjects(RDFS.subClassOf, cls)) | {cls}
            for each in classes:
                nodes.update(data.subjects(RDF.type, each))
        nodes.update(shapes.objects(owner, SH.targetNode))
        for predicate in shapes.objects(owner, SH.targetSubjectsOf):
            nodes.update(data.subjects(predicate, None))
        for predicate in shapes.objects(owner, SH.targetObjectsOf):
            nodes.update(data.objects(None, predicate))
    return nodes


def _to_ox(term: Node) -> ox.NamedNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.NamedNode(_SKOLEM + str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"unsupported term {term!r}")


def _from_ox(term: object) -> Node:
    """Back from the store: skolem IRIs become the blank nodes they stood for."""
    if isinstance(term, ox.NamedNode) and term.value.startswith(_SKOLEM):
        return BNode(term.value[len(_SKOLEM) :])
    return to_rdflib(term)


def store_for(data: Graph) -> ox.Store:
    """An in-memory pyoxigraph store with the data (blank nodes made into IRIs, to be bound)."""
    store = ox.Store()
    store.extend(
        ox.Quad(_to_ox(s), _to_ox(p), _to_ox(o), ox.DefaultGraph())  # type: ignore[arg-type]
        for s, p, o in data
    )
    return store


def _with_focus_nodes(select: str, nodes: set[Node]) -> str:
    """The query with ``$this`` as ``?this``, pre-bound to the focus nodes by a VALUES block."""
    text = re.sub(r"\$this\b", "?this", select)
    match = re.search(r"\bSELECT\b", text, re.IGNORECASE)
    brace = text.index("{", match.end() if match else 0)
    values = " ".join(_to_ox(n).__str__() for n in sorted(nodes, key=str))
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


def evaluate(constraints: list[SparqlConstraint], shapes: Graph, data: Graph, report: Graph) -> int:
    """Run the constraints on ``data`` and add their results to ``report``; returns how many."""
    store = store_for(data)
    report_node = report.value(predicate=RDF.type, object=SH.ValidationReport)
    added = 0
    for constraint in constraints:
        nodes = _focus_nodes(shapes, data, constraint.shape)
        if not nodes:
            continue
        solutions = store.query(_with_focus_nodes(constraint.select, nodes))
        assert isinstance(solutions, ox.QuerySolutions)
        names = [v.value for v in solutions.variables]
        seen: set[tuple[Node, Node | None, Node | None]] = set()
        for row in solutions:
            solution = {name: _from_ox(row[name]) for name in names if row[name] is not None}
            focus = solution.get("this")
            if focus is None:
                continue
            path = solution.get("path", constraint.path)
            value = solution.get("value", focus if constraint.path is None else None)
            if (focus, path, value) in seen:
                continue
            seen.add((focus, path, value))
            result = BNode()
            report.add((result, RDF.type, SH.ValidationResult))
            report.add((result, SH.focusNode, focus))
            report.add((result, SH.sourceShape, constraint.shape))
            report.add((result, SH.sourceConstraintComponent, constraint.component))
            report.add((result, SH.sourceConstraint, constraint.source))
            report.add((result, SH.resultSeverity, constraint.severity))
            if path is not None:
                report.add((result, SH.resultPath, path))
            if value is not None:
                report.add((result, SH.value, value))
            for template in constraint.messages:
                report.add(
                    (result, SH.resultMessage, _message(template, solution, constraint.bindings))
                )
            if report_node is not None:
                report.add((report_node, SH.result, result))
            added += 1
    return added
