"""The goal hierarchy as the vocabulary declares it: its classes from the top down, and the upward
links between them. The one place the code learns them; everything else asks here.

An *upward link* is a property declared ``rdfs:subPropertyOf sg:contributesTo`` (directly), with
an ``rdfs:domain`` (a class, or an ``owl:unionOf`` classes: ``sg:servesVision`` serves for both
strategic areas and focus areas) and an ``rdfs:range``. The hierarchy's classes are the domains
and ranges of the upward links. Their order is not stated apart from the links, so it cannot
disagree with them: a class stands below every class its links lead to, at the length of the
longest chain of upward links from it to the top (a class with no upward link of its own, the
vision); classes at the same height are ordered by name.

>>> schema = hierarchy_schema()
>>> schema.classes
('Vision', 'FocusArea', 'StrategicArea', 'OverarchingGoal', 'StrategicSubArea',
 'BoardGoal', 'ActionPlan', 'Activity', 'DevelopmentPlan')
>>> schema.upward("DevelopmentPlan")
(('supportsActivity', 'Activity'), ('supportsGoal', 'BoardGoal'))
>>> schema.top
('Vision',)

A copy of the vocabulary with another upward link is read with :func:`read_hierarchy_schema`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from rdflib import OWL, RDFS, BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from styrgraf.model.bundled import ontology_files
from styrgraf.model.load import InputError, read_graph
from styrgraf.vocabulary import SG

UPWARD_PROPERTY = "contributesTo"
"""The local name of the property every upward link is a sub-property of (``sg:contributesTo``)."""


class HierarchySchemaError(InputError):
    """The vocabulary does not declare a hierarchy the code can follow: names the file and,
    where it can, the line that declares the term at fault."""


@dataclass(frozen=True)
class UpwardLink:
    """One upward link for one class: ``source`` ``name`` ``target``, all ``sg:`` local names."""

    name: str
    source: str
    target: str

    @property
    def iri(self) -> str:
        """The link's IRI.

        >>> UpwardLink("partOfPlan", "Activity", "ActionPlan").iri
        'https://w3id.org/styrgraf#partOfPlan'
        """
        return SG + self.name


@dataclass(frozen=True)
class HierarchySchema:
    """The hierarchy's classes from the top down, its upward links, and each class's
    superclasses (full IRIs, as the vocabulary states them: ``sg:Goal``, ``prov:Plan``)."""

    classes: tuple[str, ...]
    links: tuple[UpwardLink, ...]
    superclasses: Mapping[str, frozenset[str]]

    @functools.cached_property
    def _by_class(self) -> dict[str, tuple[tuple[str, str], ...]]:
        found: dict[str, list[tuple[str, str]]] = {kind: [] for kind in self.classes}
        for link in self.links:
            found[link.source].append((link.name, link.target))
        return {kind: tuple(sorted(pairs)) for kind, pairs in found.items()}

    @functools.cached_property
    def _ranks(self) -> dict[str, int]:
        return {kind: index for index, kind in enumerate(self.classes)}

    def upward(self, kind: str) -> tuple[tuple[str, str], ...]:
        """(link, target class) for each upward link of a class, sorted; none for a class
        outside the hierarchy.

        >>> hierarchy_schema().upward("BoardGoal")
        (('supports', 'OverarchingGoal'),)
        >>> hierarchy_schema().upward("Municipality")
        ()
        """
        return self._by_class.get(kind, ())

    def holds(self, kind: str, link: str, target: str) -> bool:
        """Whether ``link`` from a node of class ``kind`` to one of class ``target`` is an
        upward link of the hierarchy.

        >>> hierarchy_schema().holds("Activity", "partOfPlan", "ActionPlan")
        True
        >>> hierarchy_schema().holds("Activity", "partOfPlan", "BoardGoal")
        False
        """
        return (link, target) in self._by_class.get(kind, ())

    def rank(self, kind: str) -> int:
        """A class's place from the top (0 for the vision); past the last for any other class.

        >>> schema = hierarchy_schema()
        >>> schema.rank("Vision") < schema.rank("BoardGoal") < schema.rank("Municipality")
        True
        """
        return self._ranks.get(kind, len(self.classes))

    @property
    def top(self) -> tuple[str, ...]:
        """The classes with no upward link of their own: where every path ends."""
        return tuple(kind for kind in self.classes if not self.upward(kind))

    @property
    def link_names(self) -> tuple[str, ...]:
        """Every upward link's local name, once each, in the order of the classes they lead
        up from."""
        return tuple(dict.fromkeys(link.name for link in self.links))

    @property
    def contributed_to(self) -> tuple[str, ...]:
        """The classes some upward link leads to, from the top down: those a node can have
        other nodes beneath.

        >>> hierarchy_schema().contributed_to
        ('Vision', 'StrategicArea', 'OverarchingGoal', 'BoardGoal', 'ActionPlan', 'Activity')
        """
        targets = {link.target for link in self.links}
        return tuple(kind for kind in self.classes if kind in targets)

    def kinds_under(self, *superclasses: str) -> tuple[str, ...]:
        """The hierarchy's classes declared subclasses of any of ``superclasses`` (full IRIs),
        from the top down.

        >>> hierarchy_schema().kinds_under(SG + "Goal")
        ('OverarchingGoal', 'BoardGoal')
        """
        wanted = set(superclasses)
        return tuple(k for k in self.classes if self.superclasses.get(k, frozenset()) & wanted)


@functools.cache
def hierarchy_schema() -> HierarchySchema:
    """The hierarchy the bundled vocabulary declares, read once."""
    return read_hierarchy_schema(ontology_files())


def read_hierarchy_schema(paths: Iterable[str | Path]) -> HierarchySchema:
    """The hierarchy declared by the vocabulary in the files ``paths``.

    Raises :class:`~styrgraf.model.load.InputError` for a file that cannot be read, and
    :class:`HierarchySchemaError`, naming the file and line, for an upward link whose domain or
    range is not ``sg:`` classes, for links that go round in a circle, and when no upward link
    is declared at all.
    """
    files = [Path(p) for p in paths]
    graphs = {path: read_graph([path]) for path in files}
    vocabulary = Graph()
    for graph in graphs.values():
        vocabulary += graph
    upward = URIRef(SG + UPWARD_PROPERTY)

    def refused(term: Node, message: str) -> HierarchySchemaError:
        """The error for ``term``, naming the file that declares it an upward link and the
        line where it does."""
        for path, graph in graphs.items():
            if (term, RDFS.subPropertyOf, upward) in graph:
                return HierarchySchemaError(str(path), message, _line_of(path, term))
        return HierarchySchemaError(", ".join(map(str, files)), message)

    links: list[UpwardLink] = []
    for term in sorted(vocabulary.subjects(RDFS.subPropertyOf, upward), key=str):
        name = _local(term)
        if name is None:
            raise refused(term, f"{term} is declared an upward link but is no sg: term")
        domains = [c for d in vocabulary.objects(term, RDFS.domain) for c in _union(vocabulary, d)]
        sources = [_local(c) for c in domains]
        targets = [_local(r) for r in vocabulary.objects(term, RDFS.range)]
        if not sources or None in sources:
            raise refused(
                term,
                f"the upward link sg:{name} needs an rdfs:domain of sg: classes "
                "(one, or an owl:unionOf of them)",
            )
        if len(targets) != 1 or targets[0] is None:
            raise refused(
                term, f"the upward link sg:{name} needs exactly one rdfs:range, an sg: class"
            )
        links += [UpwardLink(name, source, targets[0]) for source in sources if source]
    if not links:
        raise HierarchySchemaError(
            ", ".join(map(str, files)) or "(no files)",
            f"no upward link (rdfs:subPropertyOf sg:{UPWARD_PROPERTY}) is declared",
        )
    classes = _ordered(links, files)
    superclasses = {
        kind: frozenset(
            str(c)
            for c in vocabulary.objects(URIRef(SG + kind), RDFS.subClassOf)
            if isinstance(c, URIRef)
        )
        for kind in classes
    }
    order = {kind: index for index, kind in enumerate(classes)}
    links.sort(key=lambda link: (order[link.source], link.name, order[link.target]))
    return HierarchySchema(tuple(classes), tuple(links), superclasses)


def _local(term: Node) -> str | None:
    """The local name of an ``sg:`` IRI, else None.

    >>> _local(URIRef(SG + "Vision")), _local(URIRef("http://www.w3.org/ns/prov#Plan"))
    ('Vision', None)
    """
    if isinstance(term, URIRef) and term.startswith(SG) and len(term) > len(SG):
        return str(term)[len(SG) :]
    return None


def _union(graph: Graph, term: Node) -> list[Node]:
    """A class, or the members of a class that is an ``owl:unionOf`` (a blank node)."""
    members = graph.value(term, OWL.unionOf) if isinstance(term, BNode) else None
    return list(Collection(graph, members)) if members is not None else [term]


def _line_of(path: Path, term: Node) -> int | None:
    """The first line of a Turtle file that starts with ``term`` (as ``sg:name`` or in full):
    where it is declared."""
    forms = [re.escape(f"<{term}>")]
    if str(term).startswith(SG):
        forms.append(re.escape("sg:" + str(term)[len(SG) :]))
    declared = re.compile(rf"^({'|'.join(forms)})(\s|$)")
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeError):
        return None
    return next((n for n, line in enumerate(lines, 1) if declared.match(line)), None)


def _ordered(links: list[UpwardLink], files: list[Path]) -> list[str]:
    """The classes from the top down: by the longest chain of links up to the top, then name."""
    above: dict[str, set[str]] = {}
    for link in links:
        above.setdefault(link.source, set()).add(link.target)
        above.setdefault(link.target, set())
    height: dict[str, int] = {}

    def measure(kind: str, path: tuple[str, ...]) -> int:
        if kind in path:
            circle = " → ".join(f"sg:{k}" for k in (*path[path.index(kind) :], kind))
            raise HierarchySchemaError(
                ", ".join(map(str, files)), f"the upward links go round in a circle: {circle}"
            )
        if kind not in height:
            height[kind] = max((measure(t, (*path, kind)) + 1 for t in above[kind]), default=0)
        return height[kind]

    return sorted(above, key=lambda kind: (measure(kind, ()), kind))
