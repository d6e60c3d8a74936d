"""SHACL core constraints compiled to SPARQL and evaluated on pyoxigraph, all focus nodes at once.

pySHACL evaluates a core constraint focus node by focus node, value node by value node, in Python
over rdflib's graph: fine for a few thousand nodes, and most of the cost of validating a large
model. Here each (shape, path, component) of a targeted shape becomes one SELECT over all the
shape's focus nodes (found by the query itself, from its targets), run on the same pyoxigraph store
as the SHACL-SPARQL constraints (:mod:`styrgraf.model.constraints`); each solution becomes the
``sh:ValidationResult`` pySHACL would have made: the focus node, the path, the value, the source
shape, its constraint component, its severity and its own messages.

Compiled components: ``sh:minCount``, ``sh:maxCount``, ``sh:class``, ``sh:datatype``,
``sh:nodeKind``, ``sh:in`` (of IRIs), ``sh:pattern`` (without ``sh:flags``), ``sh:minLength``,
``sh:maxLength`` and ``sh:or`` of shapes that say only ``sh:class``, ``sh:in``, ``sh:nodeKind`` or
``sh:property`` with ``sh:minCount`` 1. Where pySHACL's test is a Python one (a pattern, a length,
a literal that is ill-typed for its datatype, a node kind) the query finds the candidates and the
test itself is pySHACL's, on the same rdflib terms.

A targeted shape is compiled whole, with its ``sh:property`` shapes, or not at all: a shape that
uses anything else, has no ``sh:message`` of its own (pySHACL would write a generic one) or is
named by another shape's ``sh:or``, ``sh:and``, ``sh:not``, ``sh:xone``, ``sh:node`` or
``sh:qualifiedValueShape`` is left to pySHACL, that shape only.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from itertools import count

import pyoxigraph as ox
from rdflib import RDF, RDFS, SH, XSD, BNode, Graph, Literal, URIRef
from rdflib.term import Node

from styrgraf.model.constraints import (
    PREFIXES,
    SKOLEM,
    TARGETS,
    Result,
    add_result,
    focus_pattern,
    from_ox,
    is_deactivated,
    rdf_list,
    severity_of,
    sparql_path,
    targeted_shapes,
    to_ox,
)

# What a shape may say besides its constraints: none of it changes which results it has.
_DESCRIPTIVE = {
    RDF.type,
    RDFS.label,
    RDFS.comment,
    SH.name,
    SH.description,
    SH.message,
    SH.severity,
    SH.path,
    SH.deactivated,
    SH.order,
    SH.group,
    SH.defaultValue,
    *TARGETS,
}
# A shape named here is evaluated inside another one: it must stay active for pySHACL.
_SHAPE_REFERENCES = (SH["or"], SH["and"], SH["xone"], SH["not"], SH.node, SH.qualifiedValueShape)


@dataclass
class CoreCheck:
    """One SELECT for one constraint of one shape: solutions ``?this`` and ``?value`` (the latter
    absent for the counts), and, where pySHACL's test is Python's, that test on each value."""

    shape: Node
    component: URIRef
    select: str
    messages: list[Literal]
    severity: URIRef
    path: Node | None
    conforms: Callable[[Node], bool] | None = None
    values: bool = True


class _Unsupported(Exception):
    """The shape uses something this compiler does not: pySHACL evaluates it."""


def compile_shapes(shapes: Graph, core: Graph) -> tuple[list[CoreCheck], set[Node]]:
    """The checks for every targeted shape of ``core`` that can be compiled, and those shapes.

    ``core`` is the shapes graph as pySHACL would get it (the SPARQL constraints taken out by
    :func:`styrgraf.model.constraints.extract`); ``shapes`` is the whole profile.
    """
    referenced = _referenced_shapes(shapes)
    parameters = {
        shapes.value(p, SH.path)
        for component in shapes.subjects(RDF.type, SH.ConstraintComponent)
        for p in shapes.objects(component, SH.parameter)
    } - {None}
    checks: list[CoreCheck] = []
    compiled: set[Node] = set()
    for root in sorted(targeted_shapes(core), key=str):
        if is_deactivated(core, root) or root in referenced:
            continue
        try:
            focus = focus_pattern(core, root, owners=False)
            found = _shape_checks(shapes, core, root, focus, parameters, nested=False)
            for child in core.objects(root, SH.property):
                if not is_deactivated(core, child):
                    found += _shape_checks(shapes, core, child, focus, parameters, nested=True)
        except _Unsupported:
            continue
        checks += found
        compiled.add(root)
    return checks, compiled


def _referenced_shapes(shapes: Graph) -> set[Node]:
    found: set[Node] = set()
    for predicate in _SHAPE_REFERENCES:
        for value in shapes.objects(None, predicate):
            found.add(value)
            if (value, RDF.first, None) in shapes:
                found.update(rdf_list(shapes, value))
    return found


def _n3(term: Node) -> str:
    return str(to_ox(term))


def _shape_checks(
    shapes: Graph,
    core: Graph,
    shape: Node,
    focus: str,
    parameters: set[Node | None],
    *,
    nested: bool,
) -> list[CoreCheck]:
    path_node = core.value(shape, SH.path)
    path = sparql_path(core, path_node) if path_node is not None else None
    values = f"?this {path} ?value ." if path else "BIND (?this AS ?value)"
    messages = [m for m in core.objects(shape, SH.message) if isinstance(m, Literal)]
    severity = severity_of(core, shape)
    checks: list[CoreCheck] = []

    def check(
        component: URIRef,
        where: str,
        conforms: Callable[[Node], bool] | None = None,
        *,
        values: bool = True,
    ) -> None:
        select = f"{PREFIXES}\n{where}"
        checks.append(
            CoreCheck(shape, component, select, messages, severity, path_node, conforms, values)
        )

    def each_value(condition: str = "") -> str:
        condition = f"FILTER ({condition})" if condition else ""
        return f"SELECT DISTINCT ?this ?value WHERE {{ {focus} {values} {condition} }}"

    for predicate, value in core.predicate_objects(shape):
        if predicate in _DESCRIPTIVE:
            continue
        if predicate == SH.property and not nested:
            continue  # the caller compiles the property shapes
        if predicate in (SH.minCount, SH.maxCount):
            limit = _whole_number(value)
            if path is None:
                raise _Unsupported(shape)
            if predicate == SH.minCount:
                if limit > 0:
                    check(
                        SH.MinCountConstraintComponent,
                        f"SELECT ?this WHERE {{ {focus} OPTIONAL {{ ?this {path} ?value }} }}"
                        f" GROUP BY ?this HAVING (COUNT(DISTINCT ?value) < {limit})",
                        values=False,
                    )
            else:
                check(
                    SH.MaxCountConstraintComponent,
                    f"SELECT ?this WHERE {{ {focus} ?this {path} ?value }}"
                    f" GROUP BY ?this HAVING (COUNT(DISTINCT ?value) > {limit})",
                    values=False,
                )
        elif predicate == SH["class"]:
            check(SH.ClassConstraintComponent, each_value(f"!{_instance_of('?value', value)}"))
        elif predicate == SH.datatype:
            if not isinstance(value, URIRef) or value in (RDFS.Literal, RDFS.Datatype):
                raise _Unsupported(shape)
            passes = f"isLiteral(?value) && DATATYPE(?value) = {_n3(value)}"
            # A string is never ill-typed: only other datatypes need pySHACL's own test.
            condition = f"!({passes})" if value in (XSD.string, RDF.langString) else ""
            check(SH.DatatypeConstraintComponent, each_value(condition), _datatype_test(value))
        elif predicate == SH.nodeKind:
            check(SH.NodeKindConstraintComponent, each_value(), _node_kind_test(value, shape))
        elif predicate == SH["in"]:
            check(SH.InConstraintComponent, each_value(f"!({_in('?value', core, value, shape)})"))
        elif predicate == SH.pattern:
            if (shape, SH.flags, None) in core or not isinstance(value, Literal):
                raise _Unsupported(shape)
            check(SH.PatternConstraintComponent, each_value(), _pattern_test(value))
        elif predicate in (SH.minLength, SH.maxLength):
            limit = _whole_number(value)
            if predicate == SH.minLength:
                check(SH.MinLengthConstraintComponent, each_value(), _length_test(limit, None))
            else:
                check(SH.MaxLengthConstraintComponent, each_value(), _length_test(None, limit))
        elif predicate == SH["or"]:
            members = rdf_list(shapes, value)
            if not members:
                raise _Unsupported(shape)
            counter = count()
            either = " || ".join(_conforms(shapes, m, "?value", counter) for m in members)
            check(SH.OrConstraintComponent, each_value(f"!({either})"))
        elif str(predicate).startswith(str(SH)) or predicate in parameters:
            raise _Unsupported(shape)
    if checks and not messages:
        raise _Unsupported(shape)  # pySHACL would write a generic message of its own
    return checks


def _whole_number(value: Node) -> int:
    number = value.value if isinstance(value, Literal) else None
    if not isinstance(number, int) or isinstance(number, bool) or number < 0:
        raise _Unsupported(value)
    return number


def _instance_of(variable: str, cls: Node) -> str:
    return f"EXISTS {{ {variable} a ?type . ?type rdfs:subClassOf* {_n3(cls)} }}"


def _in(variable: str, shapes: Graph, head: Node, shape: Node) -> str:
    members = rdf_list(shapes, head)
    # Only IRIs: the store writes a literal in its canonical form ("01" as 1), rdflib does not.
    if not members or not all(isinstance(m, URIRef) for m in members):
        raise _Unsupported(shape)
    return " || ".join(f"sameTerm({variable}, {_n3(m)})" for m in members)


def _is_blank(variable: str) -> str:
    return f'(isIRI({variable}) && STRSTARTS(STR({variable}), "{SKOLEM}"))'


_NODE_KINDS: dict[Node, tuple[bool, bool, bool]] = {
    # (a blank node, an IRI, a literal) passes
    SH.BlankNode: (True, False, False),
    SH.IRI: (False, True, False),
    SH.Literal: (False, False, True),
    SH.BlankNodeOrIRI: (True, True, False),
    SH.BlankNodeOrLiteral: (True, False, True),
    SH.IRIOrLiteral: (False, True, True),
}


def _node_kind_test(kind: Node, shape: Node) -> Callable[[Node], bool]:
    if kind not in _NODE_KINDS:
        raise _Unsupported(shape)
    blank, iri, literal = _NODE_KINDS[kind]

    def conforms(value: Node) -> bool:
        if isinstance(value, BNode):
            return blank
        return literal if isinstance(value, Literal) else iri

    return conforms


def _node_kind_expression(kind: Node, variable: str, shape: Node) -> str:
    if kind not in _NODE_KINDS:
        raise _Unsupported(shape)
    blank, iri, literal = _NODE_KINDS[kind]
    parts = [
        _is_blank(variable) if blank else "",
        f"(isIRI({variable}) && !{_is_blank(variable)})" if iri else "",
        f"isLiteral({variable})" if literal else "",
    ]
    return "(" + " || ".join(p for p in parts if p) + ")"


def _conforms(shapes: Graph, shape: Node, variable: str, counter: count[int]) -> str:
    """A SPARQL expression true when ``variable`` conforms to ``shape`` (of an ``sh:or``)."""
    if is_deactivated(shapes, shape):
        return "true"
    tests: list[str] = []
    for predicate, value in shapes.predicate_objects(shape):
        if predicate in _DESCRIPTIVE - {SH.path} or predicate in TARGETS:
            continue
        if predicate == SH["class"]:
            tests.append(_instance_of(variable, value))
        elif predicate == SH["in"]:
            tests.append(f"({_in(variable, shapes, value, shape)})")
        elif predicate == SH.nodeKind:
            tests.append(_node_kind_expression(value, variable, shape))
        elif predicate == SH.property:
            tests.append(_has_some_value(shapes, value, variable, counter))
        else:
            raise _Unsupported(shape)
    return "(" + " && ".join(tests or ["true"]) + ")"


def _has_some_value(shapes: Graph, shape: Node, variable: str, counter: count[int]) -> str:
    """A property shape that says only ``sh:minCount`` 1 (or 0), as an expression."""
    if is_deactivated(shapes, shape):
        return "true"
    path = shapes.value(shape, SH.path)
    said = {p for p in shapes.predicates(shape, None)} - _DESCRIPTIVE
    minimum = shapes.value(shape, SH.minCount)
    if path is None or said - {SH.minCount} or minimum is None:
        raise _Unsupported(shape)
    limit = _whole_number(minimum)
    if limit > 1:
        raise _Unsupported(shape)
    if limit == 0:
        return "true"
    return f"EXISTS {{ {variable} {sparql_path(shapes, path)} ?some{next(counter)} }}"


# --- pySHACL's own tests, for what a query cannot decide the same way -------------------------

_PYTHON_TYPES: dict[URIRef, type | tuple[type, ...]] = {
    XSD.string: (str, bytes),
    RDF.langString: (str, bytes),
    XSD.integer: int,
    XSD.float: float,
    XSD.decimal: Decimal,
    XSD.boolean: bool,
    XSD.date: date,
    XSD.time: time,
    XSD.dateTime: datetime,
}


def _datatype_test(datatype: URIRef) -> Callable[[Node], bool]:
    """pySHACL's DatatypeConstraintComponent, for one rule that is not rdfs:Literal/Datatype."""

    def conforms(value: Node) -> bool:
        if not isinstance(value, Literal):
            return False
        if value.datatype == datatype:
            if getattr(value, "ill_typed", None) is True:
                return False
            expected = _PYTHON_TYPES.get(datatype)
            return expected is None or isinstance(value.value, expected)
        if value.datatype is None and value.language is None and datatype == XSD.string:
            return isinstance(value.value, str | bytes)
        if datatype == RDF.langString and value.language:
            return isinstance(value.value, str | bytes)
        return False

    return conforms


def _as_string(value: Node) -> str:
    """pySHACL's string of a value node, for patterns and lengths."""
    if (
        isinstance(value, Literal)
        and value.value is not None
        and value.datatype in (None, RDF.langString, XSD.string)
    ):
        return str(value.value)
    return str(value)


def _pattern_test(pattern: Literal) -> Callable[[Node], bool]:
    text = (
        str(pattern.value) if pattern.value is not None and len(pattern.value) > 1 else str(pattern)
    )
    matcher = re.compile(text)

    def conforms(value: Node) -> bool:
        return not isinstance(value, BNode) and matcher.search(_as_string(value)) is not None

    return conforms


def _length_test(minimum: int | None, maximum: int | None) -> Callable[[Node], bool]:
    def conforms(value: Node) -> bool:
        if minimum == 0:
            return True
        if isinstance(value, BNode):
            return False
        length = len(_as_string(value))
        return (minimum is None or length >= minimum) and (maximum is None or length <= maximum)

    return conforms


# --- running them ------------------------------------------------------------------------------


def evaluate(checks: list[CoreCheck], store: ox.Store, report: Graph) -> int:
    """Run the checks on ``store`` and add their results to ``report``; returns how many."""
    report_node = report.value(predicate=RDF.type, object=SH.ValidationReport)
    added = 0
    for check in checks:
        solutions = store.query(check.select)
        assert isinstance(solutions, ox.QuerySolutions)
        for row in solutions:
            focus = from_ox(row["this"])
            value = from_ox(row["value"]) if check.values else None
            if value is not None and check.conforms is not None and check.conforms(value):
                continue
            result = Result(focus, check.shape, check.component, check.severity)
            add_result(
                report, report_node, result, path=check.path, value=value, messages=check.messages
            )
            added += 1
    return added
