"""The HTML side of dereferencing: the page of a resource (its description, its place in the
goal hierarchy, the paths up to the vision, its indicators, its follow-up over time and the
rules it breaks), of a whole graph, and of the dataset description.
:mod:`styrgraf.web.routes.linked` calls these for ``text/html``.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import pyoxigraph as ox
from flask import Response, request

from styrgraf.analysis.hierarchy import Direction
from styrgraf.analysis.trace import NodeError
from styrgraf.execution.jobs import Timeout
from styrgraf.i18n.languages import catalogue_language, primary
from styrgraf.i18n.words import N_
from styrgraf.model.hierarchy_schema import hierarchy_schema
from styrgraf.render.links import href
from styrgraf.render.trace_drawing import trace_svg
from styrgraf.results.board_sheet import model_years
from styrgraf.sparql.queries import get_query
from styrgraf.vocabulary import RDF_TYPE, SG
from styrgraf.web.addresses import link_to, local_url, root, scope
from styrgraf.web.describe import Described
from styrgraf.web.formats import FORMAT_NAMES, FORMATS
from styrgraf.web.goal_follow_up import follow_up_of
from styrgraf.web.goal_tree import FILTER_CLASSES
from styrgraf.web.layout import Alternate, language, render
from styrgraf.web.names import Names, iris_in, title_of
from styrgraf.web.service import service

#: The properties that say what a resource is, in words, in order of preference.
DESCRIPTIONS = (
    "http://purl.org/dc/terms/description",
    "http://www.w3.org/2004/02/skos/core#definition",
    "http://www.w3.org/2000/01/rdf-schema#comment",
)


#: The most nodes a page shows of the tree beneath a node.
TREE_NODES = 1000


def _rdf_alternates(url: Callable[[str], str]) -> list[Alternate]:
    """The URL of each RDF format of what a page shows."""
    return [
        Alternate(media, FORMAT_NAMES[media], url(suffix))
        for media, (suffix, kind) in FORMATS.items()
        if kind is not None
    ]


def _closure(triples: Iterable[ox.Triple]) -> dict[Any, list[ox.Triple]]:
    closure: dict[Any, list[ox.Triple]] = {}
    for triple in triples:
        closure.setdefault(triple.subject, []).append(triple)
    return closure


def _outward(iri: str) -> str | None:
    """The IRI as a link when it is a web address (never a ``javascript:`` one)."""
    found = href(iri)
    return found if found and not found.startswith(("/", "mailto:")) else None


def resource_page(described: Described) -> Response:
    """A resource: what it is, its place in the hierarchy, its properties and its links."""
    if described.graph:
        return graph_page(described)
    lang, graphs = language(), scope()
    iri = described.iri
    triples = described.triples
    node = ox.NamedNode(iri)
    types = sorted(
        t.object.value
        for t in triples
        if t.subject == node
        and t.predicate.value == RDF_TYPE
        and isinstance(t.object, ox.NamedNode)
    )
    names = Names(lang, iris_in(triples + described.incoming) | {iri}, graphs)
    title = title_of(names, iri, triples)
    closure = _closure(triples)
    own = closure.get(node, [])
    classes = hierarchy_schema().classes
    in_hierarchy = any(t.startswith(SG) and t.removeprefix(SG) in classes for t in types)
    incoming = [
        {"subject": names.link(t.subject.value), "property": names.link(t.predicate.value)}
        for t in described.incoming
        if isinstance(t.subject, ox.NamedNode)
    ]
    # What it is, in words: its description in the page's language where there is one.
    described_by = sorted(
        (
            (names.value_order(t.object), DESCRIPTIONS.index(t.predicate.value), t.object)
            for t in own
            if t.predicate.value in DESCRIPTIONS and isinstance(t.object, ox.Literal)
        ),
        key=lambda found: found[:2],
    )
    description = [term for _, _, term in described_by]
    place = _hierarchy(names, iri, title) if in_hierarchy else None
    vision = bool(place and place["is_vision"])
    return render(
        "resource.html",
        title,
        description=description[0].value if description else None,
        description_lang=description[0].language if description else None,
        alternates=_rdf_alternates(lambda suffix: local_url(iri, suffix)),
        here=local_url(iri),
        iri=iri,
        outward=_outward(iri),
        kinds=[names.link(t) for t in types],
        explore=[
            {
                "href": request.script_root + "/tree?" + urllib.parse.urlencode({name: iri}),
                "key": key,
            }
            for kind, (name, key) in EXPLORE.items()
            if kind in types
        ][:1],
        place=place,
        # A goal's status over time and its indicators' charts; the vision's distance to its
        # number (web.goal_follow_up).
        follow_up=follow_up_of(iri, graphs, lang, vision=vision) if in_hierarchy else None,
        sdgs=_sdgs(lang, graphs, iri) if {SG + "Board", SG + "Council"} & set(types) else [],
        workbooks=_workbooks(lang, graphs, iri) if SG + "Board" in types else [],
        properties=names.rows(own, closure, frozenset({node})) if own else [],
        incoming=incoming,
        truncated=described.truncated,
    )


_EXPLORE_WORDS = {
    "board": N_("resource.explore.board"),
    "unit": N_("resource.explore.unit"),
    "area": N_("resource.explore.area"),
    "focus": N_("resource.explore.focus"),
}
EXPLORE = {
    SG + kind: (name, _EXPLORE_WORDS[name])
    for name, kinds in FILTER_CLASSES.items()
    for kind in kinds
}
"""The goal tree filtered to a board, unit, strategic area or focus area, from its page: a
resource of a class the tree's filters take."""


def _hierarchy(names: Names, iri: str, title: str) -> dict[str, Any] | None:
    """A node's place in the goal hierarchy: the paths up to the vision (listed and drawn),
    the tree beneath it, its indicators, and the findings about it."""
    try:
        up = trace_of(iri, names.graphs, names.lang)
        down = trace_of(iri, names.graphs, names.lang, Direction.DOWN)
    except NodeError:
        return None
    budget = [TREE_NODES]

    def prune(node: Mapping[str, Any]) -> dict[str, Any]:
        children = []
        for child in node.get("children", []):
            if budget[0] <= 0:
                break
            budget[0] -= 1
            children.append(prune(child))
        return {**node, "children": children}

    beneath = prune(down)
    return {
        "paths": [path for path in up["paths"] if len(path) > 1],
        "drawing": trace_svg(up["paths"], title, link_to, names.lang) if up["paths"] else None,
        "is_vision": str(up["node"].get("type")).removeprefix(SG) in hierarchy_schema().top,
        "break": up["break"],
        "beneath": beneath["children"],
        "cut": budget[0] <= 0,
        "indicators": _indicators(names, iri),
        "findings": _findings(names, iri, up["reaches_vision"]),
    }


def trace_of(
    iri: str, graphs: Sequence[str], lang: str, direction: Direction = Direction.UP
) -> Mapping[str, Any]:
    """The paths up from a node (or the tree beneath it), kept by the service as for the API:
    a trace asked by a page or the API is computed once for each state of the store."""
    return service().trace(iri, direction, graphs=graphs, lang=lang)


def _indicators(names: Names, iri: str) -> list[dict[str, Any]]:
    """The indicators that measure a goal (or a vision), with targets and the latest value."""
    query = get_query("indicators-of-goal")
    # The query picks labels by langMatches: its language range is the tag's language (sv for
    # sv-SE); an indicator with no label in it is named by the page's rule.
    bound = query.bindings({"goal": iri, "lang": primary(names.lang)})
    rows = service().store.select(query.text, bound, names.graphs)
    found: dict[str, dict[str, Any]] = {}
    for row in rows:
        indicator = row["indicator"].value
        values = {k: v.value for k, v in row.items()}
        entry = found.setdefault(indicator, {"iri": indicator, **values})
        if row["measures"].value != iri:
            entry["via"] = row["measures"].value
    for entry in found.values():
        entry["name"] = entry.get("label") or names.name(entry["iri"])
        if "via" in entry:
            entry["via_name"] = names.name(entry["via"])
    return sorted(found.values(), key=lambda e: str(e["name"]).lower())


def _sdgs(lang: str, graphs: Sequence[str], board: str) -> list[dict[str, Any]]:
    """The UN Sustainable Development Goals that a board's goals claim (the named query
    ``board-sdgs``), each named as the vocabulary names it, with how many goals claim it."""
    query = get_query("board-sdgs")
    bound = query.bindings({"board": board, "lang": primary(lang)})
    rows = service().store.select(query.text, bound, graphs)
    names = Names(lang, [row["sdg"].value for row in rows], graphs)
    return [
        {
            "iri": row["sdg"].value,
            "name": names.name(row["sdg"].value),
            "goals": int(row["goals"].value),
        }
        for row in rows
    ]


def _workbooks(lang: str, graphs: Sequence[str], board: str) -> list[dict[str, Any]]:
    """The board's reporting workbook for each budget year of the model: the full year's and
    the delår's, in the page's language."""
    words = catalogue_language(lang)

    def link(year: int, interim: bool) -> str:
        """The query string of ``/workbook`` for the year (the template writes the path)."""
        asked = {"board": board, "period": str(year), **({"interim": "true"} if interim else {})}
        return urllib.parse.urlencode({**asked, "lang": words})

    return [
        {"year": year, "full": link(year, False), "interim": link(year, True)}
        for year in model_years(service().store, graphs)
    ]


def _findings(names: Names, iri: str, reaches: bool) -> list[dict[str, Any]] | None:
    """What the coverage check and the rules say about one node (where its path to the vision
    breaks is on the trace): taken from the coverage and validation reports the service keeps
    for the store as it is, so a page costs no queries for them once they are computed. None
    while they are still being computed (the page says so)."""
    current = service()
    try:
        coverage_report = current.coverage(graphs=names.graphs, lang=names.lang)
        validation = current.validation(graphs=names.graphs, lang=catalogue_language(names.lang))
    except Timeout:
        return None
    found: list[dict[str, Any]] = []
    if reaches:
        for finding in coverage_report["uncovered"]:
            if finding["iri"] == iri:
                found.append(
                    {
                        "kind": "coverage",
                        "code": finding["code"],
                        "text": finding["reason"],
                        "href": "coverage",
                    }
                )
    for result in validation.findings:
        if result.iri == iri:
            found.append(
                {
                    "kind": "rule" if result.severity == "Violation" else "recommendation",
                    "code": result.rule.replace(SG, "sg:"),
                    "text": result.message,
                    "href": "validation",
                }
            )
    return found


def graph_page(described: Described) -> Response:
    """A whole graph: its title, size and downloads, and its named resources listed."""
    lang, graphs = language(), scope()
    iri, triples = described.iri, described.triples
    subjects: dict[str, list[str]] = {}
    for triple in triples:
        if isinstance(triple.subject, ox.NamedNode):
            types = subjects.setdefault(triple.subject.value, [])
            if triple.predicate.value == RDF_TYPE and isinstance(triple.object, ox.NamedNode):
                types.append(triple.object.value)
    kinds = {t for types in subjects.values() for t in types}
    names = Names(lang, set(subjects) | kinds | {iri}, graphs)
    title = title_of(names, iri, triples)
    model = next(
        (
            s
            for s, types in subjects.items()
            if SG + "GovernanceModel" in types and s in names.labels
        ),
        None,
    )
    if title == iri and model is not None:
        title = names.labels[model]
    limit = int(service().settings["max_results"])
    ordered = sorted(
        subjects, key=lambda s: (sorted(names.name(t) for t in subjects[s]), names.name(s))
    )
    items = [
        {"link": names.link(s), "kinds": [names.name(t) for t in sorted(subjects[s])]}
        for s in ordered[:limit]
    ]
    return render(
        "graph.html",
        title,
        alternates=_rdf_alternates(lambda suffix: local_url(iri, suffix)),
        here=local_url(iri),
        iri=iri,
        outward=_outward(iri),
        size=len(triples),
        items=items,
        truncated=len(ordered) > limit,
    )


def dataset_page(described: Described) -> Response:
    """The dataset description as a page: the catalogue, then each dataset and the service."""
    triples = described.triples
    # Public whatever the token: the description is the same for everyone.
    names = Names(language(), iris_in(triples), service().public_graphs())
    closure = _closure(triples)
    catalog = ox.NamedNode(described.iri)
    named = [s for s in closure if isinstance(s, ox.NamedNode) and s != catalog]
    named.sort(key=lambda s: (s.value != root() + "sparql", s.value))
    title = title_of(names, described.iri, triples)
    sections = [
        {
            "heading": names.link(s.value, title_of(names, s.value, triples)),
            "rows": names.rows(closure[s], closure, frozenset({s})),
        }
        for s in named
    ]
    own = request.script_root + "/dataset"
    return render(
        "dataset.html",
        title,
        alternates=_rdf_alternates(lambda suffix: f"{own}.{suffix}"),
        catalog=names.rows(closure.get(catalog, []), closure, frozenset({catalog})),
        sections=sections,
    )
