"""The pages for people: server-rendered HTML from the Jinja2 templates in ``templates/``.

Every page shares one layout (``templates/base.html``): the site name, the main menu (Start,
Målträd, Täckning, Validering, SPARQL), a language switch, a skip link, and a footer that names
the page's other formats. The stylesheet and the little script are the service's own
(``static/``), so the pages work on a network with no way out.

Language: ``?lang=`` (any language tag; ``en`` is English, anything else Swedish words with
labels in that language where the model has them) is remembered in the ``lang`` cookie;
without it the cookie, then the browser's ``Accept-Language`` (Swedish or English), then the
``lang`` setting decide. ``<html lang>`` is the language the page is written in. All words
come from :mod:`styrgraf.i18n.words`.

The web layer holds no domain logic: it lays out what the library computes (``trace``,
``coverage``, ``hierarchy``, ``validate``, the named queries).

A page is a route that reads the library and hands the result to :func:`render`:

    @blueprint.route("/example")
    def example() -> Response:
        def answer() -> Response:
            lang, graphs = language(), scope()      # a bad ?lang= is a 400
            ...                                     # the library does the work
            return render("example.html", Words(lang)("example.title"), rows=rows,
                          alternates=[Alternate("text/csv", "CSV", csv_url)])
        return guarded(answer)                      # store failures become the JSON error

The template extends ``base.html`` and fills ``{% block main %}``; it has ``t`` for the words
(``t("nav.start")``), ``iri_url(iri)`` for the link to a resource's page, ``root`` (the script
root), ``lang`` and ``ui`` (the page's language tag and its sv/en). ``macros.html`` has
``rows`` (a table of triples), ``hop`` (a node of the hierarchy as a link) and ``beneath`` (a
tree as lists).

Routes: ``/`` (the start page, for browsers), ``/tree`` (the goal tree, ``?format=csv``),
``/trace.svg?iri=`` (the drawing of a node's paths up to the vision), and the HTML side of
dereferencing (:func:`resource_page`, :func:`graph_page`, :func:`dataset_page`), which
:mod:`styrgraf.web.linked` calls for ``text/html``.
"""

from __future__ import annotations

import itertools
import urllib.parse
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox
from flask import Blueprint, Response, render_template, request

from styrgraf.analysis.coverage import orphans as find_orphans
from styrgraf.analysis.hierarchy import CLASSES, Hierarchy, labels
from styrgraf.analysis.trace import NodeError, trace, tree
from styrgraf.analysis.trace import hop as trace_hop
from styrgraf.execution.workers import Timeout
from styrgraf.i18n.words import LANGUAGES, WORDS, ui_language, word
from styrgraf.render import output
from styrgraf.render.heatmap import wrap
from styrgraf.render.links import anchor, href
from styrgraf.sparql.queries import ParameterError, get_query, to_term
from styrgraf.vocabulary import SG
from styrgraf.web.app import error, service
from styrgraf.web.linked import (
    FORMAT_NAMES,
    FORMATS,
    PREFIXES,
    RDF,
    RDF_TYPE,
    TITLES,
    XSD,
    Described,
    Refused,
    asked_iri,
    guarded,
    link_to,
    local_url,
    root,
    scope,
)

blueprint = Blueprint("pages", __name__)


@blueprint.record_once
def _templates(state: Any) -> None:
    # Block tags leave no blank lines behind, so the pages stay small.
    state.app.jinja_env.trim_blocks = True
    state.app.jinja_env.lstrip_blocks = True


#: The properties that say what a resource is, in words, in order of preference.
DESCRIPTIONS = (
    "http://purl.org/dc/terms/description",
    "http://www.w3.org/2004/02/skos/core#definition",
    "http://www.w3.org/2000/01/rdf-schema#comment",
)
#: The most nodes a page shows of the tree beneath a node.
TREE_NODES = 1000
#: How long the language cookie is kept (a year, in seconds).
COOKIE_AGE = 365 * 24 * 3600

# The main menu: (endpoint path, word key).
MENU = (
    ("/", "nav.start"),
    ("/tree", "nav.tree"),
    ("/coverage", "nav.coverage"),
    ("/validation", "nav.validation"),
    ("/sparql", "nav.sparql"),
)


# --- language ----------------------------------------------------------------------------------


def language() -> str:
    """The language of the request's page: ``?lang=``, the cookie, ``Accept-Language``, the
    setting. A ``?lang=`` that is no language tag is refused (400)."""
    given = request.args.get("lang")
    if given:
        try:
            to_term("lang", "language", given)
        except ParameterError as problem:
            raise Refused(error(400, str(problem), parameter="lang")) from None
        return given
    remembered = request.cookies.get("lang", "")
    if remembered:
        try:
            to_term("lang", "language", remembered)
            return remembered
        except ParameterError:
            pass  # a cookie that is no language tag is ignored
    if request.headers.get("Accept-Language", "").strip():
        best = request.accept_languages.best_match(LANGUAGES)
        if best:
            return best
    return str(service().settings["lang"])


class Words:
    """The page's words: ``t("nav.start")``."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.ui = ui_language(lang)

    def __call__(self, key: str, **values: object) -> str:
        return word(key, self.ui, **values)


def lang_url(code: str, here: str | None = None) -> str:
    """This page in another language: its URL (``here``, else the request's) with ``lang=``
    replaced."""
    if here is None:
        path, args = request.script_root + request.path, request.args.items(multi=True)
    else:
        path, _, query = here.partition("?")
        args = iter(urllib.parse.parse_qsl(query))
    pairs = [(k, v) for k, v in args if k != "lang"]
    pairs.append(("lang", code))
    return path + "?" + urllib.parse.urlencode(pairs)


@dataclass(frozen=True)
class Alternate:
    """Another format of what a page shows."""

    media: str
    name: str
    url: str


def render(
    template: str,
    title: str,
    *,
    alternates: Sequence[Alternate] = (),
    here: str | None = None,
    status: int = 200,
    **context: Any,
) -> Response:
    """A page in the shared layout, in the request's language. ``here`` is the page's own URL
    when several lead to it (a resource's path and ``/resource?iri=``): the language switch
    leads there, so the page is the same whichever URL was asked."""
    lang = language()
    t = Words(lang)
    current = request.path
    menu = [
        {
            "href": request.script_root + path,
            "text": t(key),
            # A page under a menu entry (/coverage/cell under /coverage) is shown as in it.
            "current": path == current or (path != "/" and current.startswith(path + "/")),
        }
        for path, key in MENU
    ]
    body = render_template(
        template,
        lang=lang,
        ui=t.ui,
        t=t,
        title=title,
        menu=menu,
        other_lang=t("lang.other.code"),
        switch_url=lang_url(t("lang.other.code"), here),
        # Every link a template makes of a term goes through styrgraf.render.links: iri_url is None,
        # and link() and iri_link() write text, where the term is no link to have.
        iri_url=link_to,
        link=anchor,
        iri_link=lambda iri, text, **attributes: anchor(link_to(iri), text, **attributes),
        alternates=list(alternates),
        root=request.script_root,
        **context,
    )
    response = Response(body, status=status, mimetype="text/html")
    response.headers["Content-Type"] = "text/html; charset=utf-8"
    given = request.args.get("lang")
    if given:
        response.set_cookie(
            "lang", given, max_age=COOKIE_AGE, samesite="Lax", path=request.script_root or "/"
        )
    response.vary.update(("Accept-Language", "Cookie"))
    return response


def error_page(status: int, message: str, parameter: str | None) -> Response:
    """An error as a page, for a person in a browser; programs get the JSON error shape."""
    t = Words(language())
    key = f"error.{status}"
    title = t(key) if key in WORDS else t("error.other")
    explained = f"error.text.{status}"
    page = render(
        "error.html",
        title,
        status=status,
        status_code=status,
        # The service's own messages are in English; the page says in its language what they mean.
        explanation=t(explained) if explained in WORDS else t("error.text.other"),
        message=message,
        parameter=parameter,
    )
    page.vary.add("Accept")
    return page


def _rdf_alternates(url: Callable[[str], str]) -> list[Alternate]:
    """The URL of each RDF format of what a page shows."""
    return [
        Alternate(media, FORMAT_NAMES[media], url(suffix))
        for media, (suffix, kind) in FORMATS.items()
        if kind is not None
    ]


# --- names and values --------------------------------------------------------------------------


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
            tag = (term.language or "").split("-")[0].lower()
            other = bool(tag) and tag != self.lang.split("-")[0].lower()
            return (1 if other else 0, term.value)
        return (2, self.name(term.value) if isinstance(term, ox.NamedNode) else "")


def _iris(triples: Iterable[ox.Triple]) -> set[str]:
    found: set[str] = set()
    for triple in triples:
        for term in (triple.subject, triple.predicate, triple.object):
            if isinstance(term, ox.NamedNode):
                found.add(term.value)
            elif isinstance(term, ox.Literal):
                found.add(term.datatype.value)
    return found


def _title(names: Names, iri: str, triples: Sequence[ox.Triple]) -> str:
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


def _closure(triples: Iterable[ox.Triple]) -> dict[Any, list[ox.Triple]]:
    closure: dict[Any, list[ox.Triple]] = {}
    for triple in triples:
        closure.setdefault(triple.subject, []).append(triple)
    return closure


def _outward(iri: str) -> str | None:
    """The IRI as a link when it is a web address (never a ``javascript:`` one)."""
    found = href(iri)
    return found if found and not found.startswith(("/", "mailto:")) else None


def absolute(url: str | None) -> str | None:
    """A link as a drawing to download writes it: a path on this service with the host."""
    if url is not None and url.startswith("/"):
        return request.host_url.rstrip("/") + url
    return url


# --- resource pages (the HTML side of dereferencing) -------------------------------------------


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
    names = Names(lang, _iris(triples + described.incoming) | {iri}, graphs)
    title = _title(names, iri, triples)
    closure = _closure(triples)
    own = closure.get(node, [])
    in_hierarchy = any(t.startswith(SG) and t.removeprefix(SG) in CLASSES for t in types)
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
        place=_hierarchy(names, iri) if in_hierarchy else None,
        properties=names.rows(own, closure, frozenset({node})) if own else [],
        incoming=incoming,
        truncated=described.truncated,
    )


EXPLORE = {
    SG + "Board": ("board", "resource.explore.board"),
    SG + "JointBoard": ("board", "resource.explore.board"),
    SG + "Council": ("board", "resource.explore.board"),
    SG + "OrganisationalUnit": ("unit", "resource.explore.unit"),
    SG + "StrategicArea": ("area", "resource.explore.area"),
    SG + "FocusArea": ("focus", "resource.explore.focus"),
}
"""The goal tree filtered to a board, unit, strategic area or focus area, from its page."""


def _hierarchy(names: Names, iri: str) -> dict[str, Any] | None:
    """A node's place in the goal hierarchy: the paths up to the vision (listed and drawn),
    the tree beneath it, its indicators, and the findings about it."""
    try:
        up = _trace(iri, names.graphs, names.lang)
        down = _trace(iri, names.graphs, names.lang, "down")
    except NodeError:
        return None
    budget = [TREE_NODES]

    def prune(node: dict[str, Any]) -> dict[str, Any]:
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
        "drawing": trace_drawing(up["paths"]) if up["paths"] else None,
        "is_vision": up["node"].get("type") == SG + "Vision",
        "break": up["break"],
        "beneath": beneath["children"],
        "cut": budget[0] <= 0,
        "indicators": _indicators(names, iri),
        "findings": _findings(names, iri, up["reaches_vision"]),
    }


def _trace(iri: str, graphs: Sequence[str], lang: str, direction: str = "up") -> dict[str, Any]:
    """The paths up from a node (or the tree beneath it), kept as the API keeps them: a trace
    asked by a page or the API is computed once for each state of the store."""
    current = service()
    walk = trace if direction == "up" else tree
    return current.computed(
        ("trace", direction, iri, tuple(graphs), lang),
        lambda: walk(current.store, iri, graphs, lang),
    )


def _indicators(names: Names, iri: str) -> list[dict[str, Any]]:
    """The indicators that measure a goal (or a vision), with targets and the latest value."""
    query = get_query("indicators-of-goal")
    bound = query.bindings({"goal": iri, "lang": names.lang})
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


def _findings(names: Names, iri: str, reaches: bool) -> list[dict[str, Any]] | None:
    """What the coverage check and the rules say about one node (where its path to the vision
    breaks is on the trace): taken from the coverage and validation reports the service keeps
    for the store as it is, so a page costs no queries for them once they are computed. None
    while they are still being computed (the page says so)."""
    current = service()
    try:
        coverage_report = current.coverage(names.graphs, names.lang)
        validation = current.validation(names.graphs, ui_language(names.lang))
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


#: The drawing of a trace: box size and spacing, in SVG user units.
BOX_WIDTH, BOX_GAP, ROW_GAP, LINE, CHARS = 280, 28, 44, 18, 34


def trace_drawing(paths: Sequence[Sequence[dict[str, Any]]]) -> dict[str, Any]:
    """The paths up to the vision laid out as boxes in rows, one row per class of the
    hierarchy, the vision on top, with an arrow for each upward link."""
    order = {name: index for index, name in enumerate(CLASSES)}
    hops: dict[str, dict[str, Any]] = {}
    for path in paths:
        for hop in path:
            hops.setdefault(hop["iri"], hop)
    start = paths[0][0]["iri"]

    def level(hop: dict[str, Any]) -> int:
        return order.get(str(hop.get("type") or "").removeprefix(SG), len(CLASSES))

    levels = sorted({level(h) for h in hops.values()})
    rows: list[list[str]] = [[] for _ in levels]
    for path in paths:
        for hop in reversed(path):
            row = rows[levels.index(level(hop))]
            if hop["iri"] not in row:
                row.append(hop["iri"])
    widest = max(len(row) for row in rows)
    width = widest * BOX_WIDTH + (widest - 1) * BOX_GAP + 8
    boxes: dict[str, dict[str, Any]] = {}
    y = 4
    for row in rows:
        texts = {iri: wrap(str(hops[iri].get("label") or iri), CHARS, 4) for iri in row}
        height = 26 + LINE * max(len(t) for t in texts.values()) + 8
        span = len(row) * BOX_WIDTH + (len(row) - 1) * BOX_GAP
        x = (width - span) / 2
        for iri in row:
            hop = hops[iri]
            kind = str(hop.get("type") or "").removeprefix(SG)
            boxes[iri] = {
                "iri": iri,
                "x": x,
                "y": y,
                "width": BOX_WIDTH,
                "height": height,
                "lines": texts[iri],
                "kind": hop.get("type_label") or kind,
                "role": "start" if iri == start else "vision" if kind == "Vision" else "step",
                "lang": hop.get("label_lang"),
            }
            x += BOX_WIDTH + BOX_GAP
        y += height + ROW_GAP
    arrows = []
    seen: set[tuple[str, str]] = set()
    for path in paths:
        for lower, upper in itertools.pairwise(path):
            pair = (lower["iri"], upper["iri"])
            if pair in seen:
                continue
            seen.add(pair)
            a, b = boxes[lower["iri"]], boxes[upper["iri"]]
            arrows.append(
                {
                    "x1": a["x"] + a["width"] / 2,
                    "y1": a["y"],
                    "x2": b["x"] + b["width"] / 2,
                    "y2": b["y"] + b["height"] + 2,
                    "link": lower.get("link"),
                }
            )
    return {
        "width": width,
        "height": y - ROW_GAP + 4,
        "boxes": list(boxes.values()),
        "arrows": arrows,
    }


@blueprint.route("/trace.svg")
def trace_svg() -> Response:
    """The drawing of a node's paths up to the vision, as an SVG file (``?iri=``)."""

    def answer() -> Response:
        iri = asked_iri()
        lang = language()
        try:
            up = _trace(iri, scope(), lang)
        except NodeError as problem:
            raise Refused(error(404, str(problem), iri=iri)) from None
        if not up["paths"]:
            raise Refused(error(404, f"no path leads from <{iri}> up to the vision", iri=iri))
        t = Words(lang)
        body = render_template(
            "trace.svg",
            drawing=trace_drawing(up["paths"]),
            t=t,
            ui=t.ui,
            lang=lang,
            standalone=True,
            title=t("resource.drawing", label=up["node"].get("label") or iri),
            href=lambda target: absolute(link_to(target)),
        )
        response = Response(body, mimetype="image/svg+xml")
        response.headers["Content-Type"] = "image/svg+xml; charset=utf-8"
        response.headers["Content-Disposition"] = 'attachment; filename="spar.svg"'
        response.vary.update(("Accept-Language", "Cookie"))
        return response

    return guarded(answer)


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
    title = _title(names, iri, triples)
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
    names = Names(language(), _iris(triples), service().public_graphs())
    closure = _closure(triples)
    catalog = ox.NamedNode(described.iri)
    named = [s for s in closure if isinstance(s, ox.NamedNode) and s != catalog]
    named.sort(key=lambda s: (s.value != root() + "sparql", s.value))
    title = _title(names, described.iri, triples)
    sections = [
        {
            "heading": names.link(s.value, _title(names, s.value, triples)),
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


# --- the start page ----------------------------------------------------------------------------


def wants_html() -> bool:
    """Whether the request asks for a page: ``text/html`` is what ``Accept`` prefers."""
    accept = request.accept_mimetypes
    best = accept.best_match(["application/json", "text/html"])
    return best == "text/html" and accept["text/html"] > 0 and "text/html" in accept.values()


#: The roles of the parts of a model (the named query ``model-overview``), in page order.
ROLES = ("period", "vision", "focus-area", "strategic-area", "sub-area", "value-base", "core-value")


@blueprint.route("/")
def start() -> Response:
    """The start page: each model at a glance and a summary of its health."""
    if not wants_html():
        refused = error(404, "this is the start page for browsers; ask for text/html")
        refused.vary.add("Accept")
        return refused

    def answer() -> Response:
        lang, graphs = language(), scope()
        store = service().store
        parts = store.select(get_query("model-overview").text, None, graphs)
        about = store.select(get_query("governance-model").text, None, graphs)
        models: dict[str, dict[str, Any]] = {}
        iris: set[str] = set()
        for row in parts:
            model = models.setdefault(row["model"].value, {r: [] for r in ROLES})
            part = row["part"].value
            iris.add(part)
            model[row["role"].value].append(
                {
                    "iri": part,
                    "parent": row["parent"].value if "parent" in row else None,
                    "start": row["start"].value if "start" in row else None,
                    "end": row["end"].value if "end" in row else None,
                }
            )
        for row in about:
            models.setdefault(row["model"].value, {r: [] for r in ROLES})
        names = Names(lang, iris | set(models), graphs)
        descriptions = _texts(about, "description", lang)
        for iri, model in models.items():
            model["iri"] = iri
            model["label"] = names.name(iri)
            model["description"] = descriptions.get(iri)
            for role in ROLES:
                for part in model[role]:
                    part["label"] = names.name(part["iri"])
                model[role].sort(key=lambda p: p["label"].lower())
            for area in model["strategic-area"]:
                area["subs"] = [s for s in model["sub-area"] if s["parent"] == area["iri"]]
            for base in model["value-base"]:
                base["values"] = [v for v in model["core-value"] if v["parent"] == base["iri"]]
        summary = service().coverage(graphs, lang)["summary"]
        unmeasurable = sum(
            summary["uncovered_by_reason"].get(code, 0) for code in ("no-indicator", "no-target")
        )
        t = Words(lang)
        title = t("start.title")
        if len(models) == 1:
            title = next(iter(models.values()))["label"]
        page = render(
            "start.html",
            title,
            models=sorted(models.values(), key=lambda m: str(m["label"])),
            summary=summary,
            unmeasurable=unmeasurable,
        )
        page.vary.add("Accept")
        return page

    return guarded(answer)


def _texts(rows: Sequence[dict[str, Any]], variable: str, lang: str) -> dict[str, str]:
    """Per model, the value of ``variable`` in the page's language where there is one."""
    found: dict[str, list[ox.Literal]] = {}
    for row in rows:
        value = row.get(variable)
        if isinstance(value, ox.Literal):
            found.setdefault(row["model"].value, []).append(value)
    wanted = lang.split("-")[0].lower()

    def rank(literal: ox.Literal) -> tuple[int, str]:
        tag = (literal.language or "").split("-")[0].lower()
        return (0 if tag == wanted else 1 if not tag else 2, literal.value)

    return {model: sorted(values, key=rank)[0].value for model, values in found.items()}


# --- the goal tree -----------------------------------------------------------------------------

#: The levels the goal tree shows, from the top; a level not listed (focus areas, sub-areas,
#: development plans) is a filter or a page of its own instead.
TREE_LEVELS = ("Vision", "StrategicArea", "OverarchingGoal", "BoardGoal", "ActionPlan", "Activity")
#: The levels open when the tree is first shown (unfiltered).
TREE_OPEN = ("Vision", "StrategicArea", "OverarchingGoal")
#: How a status reads at a glance (its words come from the model): good, partial, poor.
STATUS_TONES = {
    "Fulfilled": "good",
    "Completed": "good",
    "PartlyFulfilled": "partial",
    "InProgress": "partial",
    "Planned": "neutral",
    "NotAssessed": "neutral",
    "NotFulfilled": "poor",
    "Postponed": "poor",
    "Cancelled": "poor",
}
#: The filters of the tree: query parameter -> word key of its label.
TREE_FILTERS = (
    ("board", "tree.board"),
    ("unit", "tree.unit"),
    ("area", "tree.area"),
    ("focus", "tree.focus"),
)


FILTER_CLASSES = {
    "board": ("Board", "JointBoard", "Council"),
    "unit": ("OrganisationalUnit",),
    "area": ("StrategicArea",),
    "focus": ("FocusArea",),
}
"""The classes a tree filter's value may be of, though nothing in the tree has it."""


def _one_of(iri: str, classes: Sequence[str], graphs: Sequence[str]) -> bool:
    """Whether ``iri`` is of one of the ``sg:`` classes named."""
    try:
        node = ox.NamedNode(iri)
    except ValueError:
        return False
    types = " ".join(f"<{SG}{c}>" for c in classes)
    return service().store.ask(
        f"ASK {{ VALUES ?c {{ {types} }} ?node a ?c }}", {"node": node}, graphs
    )


def _by_label(choice: tuple[str, str]) -> str:
    return choice[1].lower()


@dataclass
class TreeNode:
    """A node of the goal tree as the page shows it."""

    hop: dict[str, Any]
    depth: int
    parent: str | None
    area: str | None = None
    focus: list[str] = field(default_factory=list)
    indicators: list[str] = field(default_factory=list)
    status: str | None = None
    children: list[TreeNode] = field(default_factory=list)
    matches: bool = True
    shown: bool = True

    @property
    def kind(self) -> str:
        return str(self.hop["type"] or "").removeprefix(SG)


@dataclass
class GoalTree:
    """The whole goal tree, what it can be filtered by, and the nodes outside it."""

    roots: list[TreeNode]
    choices: dict[str, list[tuple[str, str]]]
    outside: list[dict[str, Any]]
    names: dict[str, str]

    def walk(self) -> Iterable[TreeNode]:
        stack = list(reversed(self.roots))
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))


def goal_tree(lang: str, graphs: Sequence[str]) -> GoalTree:
    """Read the goal tree: the hierarchy beneath each vision, with each node's details."""
    store = service().store
    hierarchy = Hierarchy.from_store(store, graphs, lang)
    details = store.select(get_query("node-details").text, None, graphs)
    facts: dict[str, dict[str, list[Any]]] = {}
    for row in details:
        if not isinstance(row.get("node"), ox.NamedNode):
            continue
        facts.setdefault(row["node"].value, {}).setdefault(row["what"].value, []).append(row)
    extra = {r["value"].value for r in details if isinstance(r.get("value"), ox.NamedNode)}
    extra |= {i for i, n in hierarchy.nodes.items() if n.kind in ("FocusArea", "StrategicArea")}
    names = labels(store, extra, lang, graphs)

    def status(iri: str) -> str | None:
        found = facts.get(iri, {})
        if found.get("activity-status"):
            return str(found["activity-status"][0]["value"].value)
        assessments = found.get("assessment", [])
        if not assessments:
            return None

        # The latest assessment; of two for the same period, the annual report's.
        def when(row: dict[str, Any]) -> tuple[str, bool]:
            annual = "reportType" in row and row["reportType"].value == SG + "AnnualReport"
            return (row["end"].value if "end" in row else "", annual)

        return str(max(assessments, key=when)["value"].value)

    def grow(
        iri: str,
        depth: int,
        parent: str | None,
        area: str | None,
        focus: list[str],
        seen: frozenset[str],
    ) -> TreeNode:
        node = TreeNode(trace_hop(hierarchy, iri), depth, parent)
        if node.kind == "StrategicArea":
            area = iri
        own = facts.get(iri, {})
        node.area = area
        node.focus = sorted({*focus, *(r["value"].value for r in own.get("focus-area", []))})
        node.indicators = sorted({r["value"].value for r in own.get("indicator", [])})
        node.status = status(iri)
        for _, source in hierarchy.downward(iri):
            child = hierarchy.nodes.get(source)
            if source in seen or child is None or child.kind not in TREE_LEVELS:
                continue
            node.children.append(grow(source, depth + 1, iri, area, node.focus, seen | {iri}))
        node.children.sort(key=lambda c: (str(c.hop["label"] or "").lower(), c.hop["iri"]))
        return node

    roots = [grow(v, 0, None, None, [], frozenset()) for v in hierarchy.visions()]
    tree = GoalTree(roots, {}, [], {**hierarchy.labels, **names})
    boards = {n.hop["board"]["iri"] for n in tree.walk() if n.hop["board"]}
    units = {u["iri"] for n in tree.walk() for u in n.hop["units"]}
    areas = {n.area for n in tree.walk() if n.area}
    focus = {i for i, n in hierarchy.nodes.items() if n.kind == "FocusArea"}

    def choices(iris: set[str]) -> list[tuple[str, str]]:
        return sorted(((i, tree.names.get(i, i)) for i in iris), key=lambda c: c[1].lower())

    tree.choices = {
        "board": choices(boards),
        "unit": choices(units),
        "area": choices(areas),
        "focus": choices(focus),
    }
    listed = {n.hop["iri"] for n in tree.walk()}
    tree.outside = [
        {**trace_hop(hierarchy, f.iri), "reason": f.reason}
        for f in find_orphans(hierarchy)
        if f.iri not in listed
    ]
    return tree


def _filter(tree: GoalTree, chosen: dict[str, str], text: str) -> None:
    """Mark each node: whether it matches the filters, and whether it is shown (it matches,
    lies beneath a match, or leads to one)."""
    words = text.casefold().split()

    def matches(node: TreeNode) -> bool:
        hop = node.hop
        board = hop["board"]["iri"] if hop["board"] else None
        units = [u["iri"] for u in hop["units"]]
        label = str(hop["label"] or "").casefold()
        return (
            chosen.get("board") in (None, board)
            and ("unit" not in chosen or chosen["unit"] in units)
            and chosen.get("area") in (None, node.area)
            and ("focus" not in chosen or chosen["focus"] in node.focus)
            and all(w in label for w in words)
        )

    def mark(node: TreeNode, above: bool) -> bool:
        node.matches = matches(node)
        beneath = [mark(child, above or node.matches) for child in node.children]
        node.shown = above or node.matches or any(beneath)
        return node.shown

    for top in tree.roots:
        mark(top, False)


@blueprint.route("/tree")
def goal_tree_page() -> Response:
    """The goal tree, from the vision to the activities, filterable; ``?format=csv`` for the
    rows of the tree as shown."""

    def answer() -> Response:
        lang, graphs = language(), scope()
        asked = request.args.get("format")
        if asked not in (None, "", "html", "csv"):
            raise Refused(error(400, f"unknown format {asked!r}: html or csv", parameter="format"))
        tree = goal_tree(lang, graphs)
        chosen: dict[str, str] = {}
        for name, _ in TREE_FILTERS:
            value = request.args.get(name, "").strip()
            if not value:
                continue
            if value not in {iri for iri, _ in tree.choices[name]}:
                if not _one_of(value, FILTER_CLASSES[name], graphs):
                    raise Refused(
                        error(400, f"{name}={value!r} is not one to choose", parameter=name)
                    )
                # A board (unit, area) with nothing in the tree: chosen, and nothing matches.
                label = Names(lang, {value}, graphs).name(value)
                tree.choices[name] = sorted([*tree.choices[name], (value, label)], key=_by_label)
            chosen[name] = value
        text = request.args.get("q", "").strip()
        _filter(tree, chosen, text)
        shown = [n for n in tree.walk() if n.shown]
        if asked == "csv":
            return _tree_csv(shown, tree)
        t = Words(lang)
        filtered = bool(chosen or text)
        query = urllib.parse.urlencode({**chosen, **({"q": text} if text else {})})
        csv_url = f"{request.script_root}/tree?{query + '&' if query else ''}format=csv"
        return render(
            "tree.html",
            t("tree.title"),
            alternates=[Alternate("text/csv", "CSV", csv_url)],
            tree=tree,
            chosen=chosen,
            text=text,
            filters=[(name, t(key), tree.choices[name]) for name, key in TREE_FILTERS],
            filtered=filtered,
            shown=sum(1 for n in shown if n.matches),
            total=sum(1 for _ in tree.walk()),
            open_levels=TREE_OPEN,
            tones=STATUS_TONES,
            csv_url=csv_url,
        )

    return guarded(answer)


def _tree_csv(nodes: Sequence[TreeNode], tree: GoalTree) -> Response:
    names = tree.names

    def joined(iris: Iterable[str]) -> str:
        return " ".join(iris)

    rows = [
        {
            **node.hop,
            "depth": node.depth,
            "parent": node.parent,
            "status": node.status,
            "status_label": names.get(node.status or ""),
            "indicators": joined(node.indicators),
            "focus_areas": joined(node.focus),
            "area": node.area,
        }
        for node in nodes
    ]
    response = Response(output.goal_tree_csv(rows), mimetype="text/csv")
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = 'attachment; filename="maltrad.csv"'
    return response
