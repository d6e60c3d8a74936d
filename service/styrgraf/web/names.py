"""What a page calls the resources it shows: their labels in the page's language, read from the
graphs in scope once per page, with the prefixed name or the IRI itself where none is given.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import pyoxigraph as ox

from styrgraf.analysis.hierarchy import labels
from styrgraf.i18n.languages import UNTAGGED, label_rank
from styrgraf.vocabulary import PREFIXES, RDF, RDF_TYPE, XSD
from styrgraf.web.addresses import link_to
from styrgraf.web.describe import TITLES
from styrgraf.web.service import service


class Names:
    """The labels of the IRIs a page shows, in its language, and how to write any term."""

    def __init__(self, lang: str, iris: Iterable[str], graphs: Sequence[str]) -> None:
        self.lang = lang
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

    def link(self, iri: str, text: str | None = None) -> dict[str, Any]:
        return {"kind": "link", "href": link_to(iri), "text": text or self.name(iri), "iri": iri}

    def value(
        self, term: Any, closure: dict[Any, list[ox.Triple]], seen: frozenset[Any]
    ) -> dict[str, Any]:
        """A term as the templates write it: a link, a literal, or a nested table."""
        if isinstance(term, ox.NamedNode):
            return self.link(term.value)
        if isinstance(term, ox.BlankNode):
            if term in seen or term not in closure:
                return {"kind": "empty"}
            return {"kind": "table", "rows": self.rows(closure[term], closure, seen | {term})}
        datatype = None
        if term.datatype.value not in (XSD + "string", RDF + "langString"):
            datatype = self.name(term.datatype.value)
        return {"kind": "literal", "text": term.value, "lang": term.language, "datatype": datatype}

    def rows(
        self,
        triples: Sequence[ox.Triple],
        closure: dict[Any, list[ox.Triple]],
        seen: frozenset[Any],
    ) -> list[dict[str, Any]]:
        """A resource's triples as rows: each property once, with its values."""
        grouped: dict[str, list[Any]] = {}
        for triple in triples:
            grouped.setdefault(triple.predicate.value, []).append(triple.object)
        first = (RDF_TYPE, *TITLES)
        order = sorted(
            grouped,
            key=lambda p: (first.index(p) if p in first else len(first), self.name(p).lower()),
        )
        return [
            {
                "property": self.link(predicate),
                "values": [
                    self.value(v, closure, seen)
                    for v in sorted(grouped[predicate], key=self.value_order)
                ],
            }
            for predicate in order
        ]

    def value_order(self, term: Any) -> tuple[int, str]:
        if isinstance(term, ox.Literal):
            # In the page's language or untagged first, then the others (the language rule).
            other = label_rank(term.language, self.lang) > UNTAGGED
            return (1 if other else 0, term.value)
        return (2, self.name(term.value) if isinstance(term, ox.NamedNode) else "")


def iris_in(triples: Iterable[ox.Triple]) -> set[str]:
    found: set[str] = set()
    for triple in triples:
        for term in (triple.subject, triple.predicate, triple.object):
            if isinstance(term, ox.NamedNode):
                found.add(term.value)
            elif isinstance(term, ox.Literal):
                found.add(term.datatype.value)
    return found


def title_of(names: Names, iri: str, triples: Sequence[ox.Triple]) -> str:
    if iri in names.labels:
        return names.labels[iri]
    own = [
        t.object
        for t in triples
        if t.subject == ox.NamedNode(iri)
        and t.predicate.value in TITLES
        and isinstance(t.object, ox.Literal)
    ]
    own.sort(key=names.value_order)
    return own[0].value if own else iri
