"""The pages for people: server-rendered HTML from the Jinja2 templates in ``templates/``.

Every page shares one layout (``templates/base.html``): the site name, the main menu (Start,
Målträd, Uppföljning, Täckning, Validering, SPARQL), a language switch, a skip link, and a footer
that names the page's other formats. The stylesheet and the little script are the service's own
(``static/``), so the pages work on a network with no way out.

Language: see :mod:`styrgraf.web.layout`: ``?lang=`` (any language tag), the ``lang`` cookie,
``Accept-Language``, the ``lang`` setting, each answered by the one rule of
:mod:`styrgraf.i18n.languages`. ``<html lang>`` is the language the page is written in.

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
root), ``lang`` and ``ui`` (the page's language tag and the language its words are in).
``macros.html`` has ``rows`` (a table of triples), ``hop`` (a node of the hierarchy as a link)
and ``beneath`` (a tree as lists).

Routes: ``/`` (the start page, for browsers), ``/tree`` (the goal tree; its rows as a table,
``?format=csv`` or ``?format=xlsx``, :mod:`styrgraf.web.downloads`) and
``/trace.svg?iri=`` (the drawing of a node's paths up to the vision). The HTML side of
dereferencing is :mod:`styrgraf.web.resource_pages`; the shared layout is
:mod:`styrgraf.web.layout`.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterable, Sequence
from typing import Any

import pyoxigraph as ox
from flask import Blueprint, Response, request

from styrgraf.analysis.fulfilment_json import period_label
from styrgraf.analysis.trace import NodeError
from styrgraf.execution.jobs import Timeout
from styrgraf.i18n.languages import label_rank
from styrgraf.render.trace_drawing import trace_svg as draw_trace
from styrgraf.render.trace_report import goal_tree_table
from styrgraf.sparql.queries import get_query
from styrgraf.web.addresses import link_to, scope
from styrgraf.web.downloads import download
from styrgraf.web.errors import Problem, error, guarded
from styrgraf.web.follow_up_view import latest_counts
from styrgraf.web.formats import XLSX_MEDIA
from styrgraf.web.goal_tree import (
    FILTER_CLASSES,
    STATUS_TONES,
    TREE_FILTERS,
    TREE_OPEN,
    GoalTree,
    TreeNode,
    by_label,
    goal_tree,
    narrow,
    one_of,
)
from styrgraf.web.layout import Alternate, Words, absolute, language, render
from styrgraf.web.names import Names
from styrgraf.web.negotiation import asked_iri
from styrgraf.web.resource_pages import trace_of
from styrgraf.web.service import service

blueprint = Blueprint("pages", __name__)


# --- language ----------------------------------------------------------------------------------


# --- names and values --------------------------------------------------------------------------


# --- resource pages (the HTML side of dereferencing) -------------------------------------------


@blueprint.route("/trace.svg")
def trace_svg() -> Response:
    """The drawing of a node's paths up to the vision, as an SVG file (``?iri=``)."""

    def answer() -> Response:
        iri = asked_iri()
        lang = language()
        try:
            up = trace_of(iri, scope(), lang)
        except NodeError as problem:
            raise Problem(404, str(problem), iri=iri) from None
        if not up["paths"]:
            raise Problem(404, f"no path leads from <{iri}> up to the vision", iri=iri)
        body = draw_trace(
            up["paths"],
            up["node"].get("label") or iri,
            lambda target: absolute(link_to(target)),
            lang,
            standalone=True,
        )
        response = Response(body, mimetype="image/svg+xml")
        response.headers["Content-Type"] = "image/svg+xml; charset=utf-8"
        response.headers["Content-Disposition"] = 'attachment; filename="spar.svg"'
        response.vary.update(("Accept-Language", "Cookie"))
        return response

    return guarded(answer)


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
        summary = service().coverage(graphs=graphs, lang=lang)["summary"]
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
            fulfilment=_fulfilment_summary(graphs, lang),
        )
        page.vary.add("Accept")
        return page

    return guarded(answer)


def _fulfilment_summary(graphs: Sequence[str], lang: str) -> dict[str, Any]:
    """Måluppfyllelse at a glance: how many goals are computed at each status in the latest
    period with data (none where the model has no values or assessments; pending while the
    service computes it)."""
    try:
        found = service().fulfilment(period=None, graphs=graphs, lang=lang)
    except Timeout:
        return {"pending": True}
    if not found.periods:
        return {"empty": True}
    return {"period": period_label(found.period, lang), "rows": latest_counts(found, lang)}


def _texts(rows: Sequence[dict[str, Any]], variable: str, lang: str) -> dict[str, str]:
    """Per model, the value of ``variable`` in the page's language where there is one."""
    found: dict[str, list[ox.Literal]] = {}
    for row in rows:
        value = row.get(variable)
        if isinstance(value, ox.Literal):
            found.setdefault(row["model"].value, []).append(value)

    def rank(literal: ox.Literal) -> tuple[int, str]:
        return (label_rank(literal.language, lang), literal.value)

    return {model: min(values, key=rank).value for model, values in found.items()}


# --- the goal tree -----------------------------------------------------------------------------


@blueprint.route("/tree")
def goal_tree_page() -> Response:
    """The goal tree, from the vision to the activities, filterable; ``?format=csv`` (or
    ``xlsx``) for the rows of the tree as shown."""

    def answer() -> Response:
        lang, graphs = language(), scope()
        asked = request.args.get("format")
        if asked not in (None, "", "html", "csv", "xlsx"):
            raise Problem(400, f"unknown format {asked!r}: html, csv or xlsx", parameter="format")
        tree = goal_tree(lang, graphs)
        chosen: dict[str, str] = {}
        for name, _ in TREE_FILTERS:
            value = request.args.get(name, "").strip()
            if not value:
                continue
            if value not in {iri for iri, _ in tree.choices[name]}:
                if not one_of(value, FILTER_CLASSES[name], graphs):
                    raise Problem(400, f"{name}={value!r} is not one to choose", parameter=name)
                # A board (unit, area) with nothing in the tree: chosen, and nothing matches.
                label = Names(lang, {value}, graphs).name(value)
                tree.choices[name] = sorted([*tree.choices[name], (value, label)], key=by_label)
            chosen[name] = value
        text = request.args.get("q", "").strip()
        narrow(tree, chosen, text)
        shown = [n for n in tree.walk() if n.shown]
        if asked in ("csv", "xlsx"):
            return _tree_table(shown, tree, asked, lang)
        t = Words(lang)
        filtered = bool(chosen or text)
        query = urllib.parse.urlencode({**chosen, **({"q": text} if text else {})})
        csv_url = f"{request.script_root}/tree?{query + '&' if query else ''}format=csv"
        xlsx_url = f"{request.script_root}/tree?{query + '&' if query else ''}format=xlsx"
        return render(
            "tree.html",
            t("tree.title"),
            alternates=[
                Alternate("text/csv", "CSV", csv_url),
                Alternate(XLSX_MEDIA, "Excel", xlsx_url),
            ],
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
            xlsx_url=xlsx_url,
        )

    return guarded(answer)


def _tree_table(nodes: Sequence[TreeNode], tree: GoalTree, kind: str, lang: str) -> Response:
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
    response = download(goal_tree_table(rows), kind, lang, "maltrad")
    response.vary.update(("Accept-Language", "Cookie"))
    return response
