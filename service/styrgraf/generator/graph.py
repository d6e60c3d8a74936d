"""The generator's RDF at its plainest: namespaces, literals, slugs, and a named graph under
construction that keeps its statements in the order they were made, so that the same seed writes
the same bytes."""

from __future__ import annotations

import unicodedata

import pyoxigraph as ox

from styrgraf.vocabulary import SG

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
ORG = "http://www.w3.org/ns/org#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
FOAF = "http://xmlns.com/foaf/0.1/"
TIME = "http://www.w3.org/2006/time#"
SDG = "http://metadata.un.org/sdg/"
BASE = "https://w3id.org/styrgraf/synthetic/"
TYPE, LABEL = RDF + "type", RDFS + "label"
# The prefixes the TriG is written with, beside one per municipality.
PREFIXES = {
    "sg": SG,
    "rdfs": RDFS,
    "xsd": XSD,
    "org": ORG,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "foaf": FOAF,
    "time": TIME,
    "sdg": SDG,
}

Term = ox.NamedNode | ox.Literal
Value = Term | str  # a string is an IRI


def slug(text: str) -> str:
    """A lower-case ASCII slug: 'Miljö- och byggnämnden' → 'miljo-och-byggnamnden'."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return "-".join("".join(c if c.isalnum() else " " for c in plain).split())


def in_sentence(name: str) -> str:
    """A unit's name inside a Swedish sentence: 'Förskola' → 'förskola', 'IT-avdelningen' kept."""
    return name if name[1:2].isupper() else name[0].lower() + name[1:]


def text(value: str, lang: str) -> ox.Literal:
    return ox.Literal(value, language=lang)


def typed(value: str, datatype: str = "string") -> ox.Literal:
    return ox.Literal(value, datatype=ox.NamedNode(XSD + datatype))


def number(value: float) -> ox.Literal:
    """An integer when the value is whole, else a decimal with one decimal place."""
    whole = float(value).is_integer()
    return typed(str(int(value)), "integer") if whole else typed(f"{value:.1f}", "decimal")


def predicate(name: str) -> str:
    """A full IRI as it is, a bare name as a term of the sg: namespace."""
    return name if "/" in name else SG + name


TRUE = typed("true", "boolean")


class Graph:
    """A named graph under construction: subjects in insertion order, each with its statements.

    Predicates are full IRIs, or names in the sg: namespace (``"supports"``).
    """

    def __init__(self, iri: str) -> None:
        self.iri = iri
        self.nodes: dict[str, list[tuple[str, Term]]] = {}

    def add(self, s: str, p: str, o: Value) -> None:
        """Add the statement, once."""
        statement = (predicate(p), ox.NamedNode(o) if isinstance(o, str) else o)
        statements = self.nodes.setdefault(s, [])
        if statement not in statements:
            statements.append(statement)

    def put(self, s: str, **values: Value | list[str] | list[ox.Literal]) -> None:
        """Add ``s sg:name value`` for each keyword (a list gives several values)."""
        for name, value in values.items():
            for one in value if isinstance(value, list) else [value]:
                self.add(s, name, one)

    def values(self, s: str, p: str) -> list[str]:
        p = predicate(p)
        return [o.value for q, o in self.nodes.get(s, []) if q == p]

    def subjects(self, p: str, o: str) -> list[str]:
        p = predicate(p)
        return [s for s, st in self.nodes.items() if any(q == p and v.value == o for q, v in st)]

    def remove(self, s: str, p: str, o: str | None = None) -> None:
        """Remove the statements of ``s`` with ``p`` (and value ``o``, if given)."""
        p = predicate(p)
        self.nodes[s] = [(q, v) for q, v in self.nodes[s] if q != p or o not in (None, v.value)]

    def triples(self) -> list[ox.Triple]:
        return [
            ox.Triple(ox.NamedNode(s), ox.NamedNode(p), o)
            for s, statements in self.nodes.items()
            for p, o in statements
        ]
