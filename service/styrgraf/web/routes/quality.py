"""The pages a quality checker opens: coverage (``/coverage``) and validation (``/validation``).

- ``GET /coverage`` — the boards x strategic areas heat map (:mod:`styrgraf.render.heatmap`) with a
  table of the same matrix, the orphans and uncovered findings grouped by reason, and the
  findings per board and area. Each cell links to ``/coverage/cell?board=IRI&area=IRI``, the
  goals behind it.
- ``GET /coverage.svg`` — the heat map as a drawing of its own; ``GET /coverage/matrix.csv``
  and ``GET /coverage/matrix.xlsx`` the matrix as CSV and as a workbook. The findings are
  ``/api/coverage?format=csv`` (``xlsx``).
- ``GET /validation`` — the findings of the rules (:mod:`styrgraf.model.validation`) grouped by
  rule, each rule named and explained from its shape; every rule of the profile is listed below. The
  findings are ``/api/validate?format=csv`` (``xlsx``).

Every table is in the page's language (:mod:`styrgraf.web.downloads`).

Nothing is computed here that the library does not compute: the pages lay out
:func:`styrgraf.analysis.coverage.coverage`, the named query ``goals-of-board`` and
:func:`styrgraf.model.validation.validate_quads`.
"""

from __future__ import annotations

import urllib.parse
from collections import Counter
from collections.abc import Mapping
from functools import lru_cache
from typing import Any, cast

from flask import Blueprint, Response, request, url_for

from styrgraf.analysis.coverage import ORPHAN_REASONS, UNCOVERED_REASONS
from styrgraf.analysis.hierarchy import Direction, class_labels, labels
from styrgraf.analysis.trace import NodeError, TreeNode
from styrgraf.i18n.languages import primary
from styrgraf.model.hierarchy_schema import hierarchy_schema
from styrgraf.model.validation import RuleText, describe_rules, load_shapes
from styrgraf.render import coverage_report, heatmap
from styrgraf.sparql.queries import ParameterError, get_query, to_term
from styrgraf.vocabulary import SG
from styrgraf.web.addresses import link_to, scope
from styrgraf.web.downloads import download
from styrgraf.web.errors import error
from styrgraf.web.formats import XLSX_MEDIA
from styrgraf.web.layout import Alternate, Words, absolute, language, render
from styrgraf.web.service import service

blueprint = Blueprint("dashboards", __name__)


UNMEASURABLE = ("no-indicator", "no-target")
"""The uncovered reasons that make a nämndsmål unmeasurable (the start page links to them)."""


def _api(endpoint: str, lang: str, **args: Any) -> str:
    return url_for(endpoint, lang=lang, **args)


def _cell_url(cell: Mapping[str, Any], external: bool = False) -> str:
    args: dict[str, Any] = {"board": cell["board"], "area": cell["area"]}
    return url_for("dashboards.cell", _external=external, **args)


def _report(lang: str) -> Mapping[str, Any]:
    return service().coverage(graphs=scope(), lang=lang)


def _grouped(findings: list[dict[str, Any]], order: tuple[str, ...]) -> list[dict[str, Any]]:
    """Findings by reason code, in the order the codes are listed, each group sorted by name.

    Each group has an ``id`` to link to: ``reason-<code>``, except that the first group of a
    nämndsmål that cannot be measured is ``unmeasurable`` (the start page links there)."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for finding in findings:
        groups.setdefault(finding["code"], []).append(finding)
    found: list[dict[str, Any]] = []
    for code in order:
        if code not in groups:
            continue
        first = code in UNMEASURABLE and not any(g["id"] == "unmeasurable" for g in found)
        found.append(
            {
                "code": code,
                "id": "unmeasurable" if first else f"reason-{code}",
                "findings": sorted(
                    groups[code], key=lambda f: ((f.get("label") or f["iri"]).lower(), f["iri"])
                ),
            }
        )
    return found


def _per_area(report: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Per strategic area: the findings that name it, and its cells with one or two goals."""
    findings = report["orphans"] + report["uncovered"]
    counted = Counter(f["area"] for f in findings if f.get("area"))
    judged = [c for c in report["matrix"]["cells"] if c["status"] in ("ok", "empty", "overfull")]
    return [
        {
            "iri": a["iri"],
            "label": a.get("label") or a["iri"],
            "count": counted[a["iri"]],
            "ok": sum(1 for c in judged if c["area"] == a["iri"] and c["status"] == "ok"),
            "judged": sum(1 for c in judged if c["area"] == a["iri"]),
        }
        for a in report["matrix"]["areas"]
    ]


@blueprint.get("/coverage")
def coverage_page() -> Response:
    """The coverage map and the lists of what hangs loose, each finding with its reason."""
    lang = language()
    t = Words(lang)
    report = _report(lang)
    matrix = report["matrix"]
    svg = heatmap.render(
        matrix,
        t.ui,
        href=lambda c: _cell_url(c),
        board_href=lambda b: link_to(b["iri"]),
        area_href=lambda a: link_to(a["iri"]),
    )
    counts = Counter(c["status"] for c in matrix["cells"])
    return render(
        "coverage.html",
        t("coverage.title"),
        alternates=[
            Alternate("application/json", "JSON", _api("api.coverage_report", t.ui)),
            Alternate(
                "text/csv",
                t("coverage.findings.csv"),
                _api("api.coverage_report", t.ui, format="csv"),
            ),
            Alternate(
                XLSX_MEDIA,
                t("coverage.findings.xlsx"),
                _api("api.coverage_report", t.ui, format="xlsx"),
            ),
            Alternate("text/turtle", "Turtle", _api("api.coverage_report", t.ui, format="turtle")),
            Alternate("image/svg+xml", "SVG", url_for("dashboards.coverage_svg", lang=lang)),
        ],
        svg=svg,
        matrix=matrix,
        cells={(c["board"], c["area"]): c for c in matrix["cells"]},
        cell_url=_cell_url,
        counts=counts,
        symbol=heatmap.symbol,
        status_word=lambda s: heatmap.status_word(s, t.ui),
        summary=report["summary"],
        orphans=_grouped(report["orphans"], ORPHAN_REASONS),
        uncovered=_grouped(report["uncovered"], UNCOVERED_REASONS),
        orphan_count=len(report["orphans"]),
        uncovered_count=len(report["uncovered"]),
        unmeasurable=sum(1 for f in report["uncovered"] if f["code"] in UNMEASURABLE),
        per_area=_per_area(report),
        labels_of=labels(
            service().store, {f["at"] for f in report["orphans"] if f.get("at")}, lang, scope()
        ),
        svg_url=url_for("dashboards.coverage_svg", lang=lang),
        matrix_csv_url=url_for("dashboards.matrix_csv", lang=lang),
        matrix_xlsx_url=url_for("dashboards.matrix_xlsx", lang=lang),
        findings_csv_url=_api("api.coverage_report", t.ui, format="csv"),
        findings_xlsx_url=_api("api.coverage_report", t.ui, format="xlsx"),
    )


@blueprint.get("/coverage.svg")
def coverage_svg() -> Response:
    """The heat map of the coverage page as an SVG document of its own."""
    lang = language()
    report = _report(lang)
    ui = Words(lang).ui
    svg = heatmap.render(
        report["matrix"],
        ui,
        href=lambda c: _cell_url(c, external=True),
        board_href=lambda b: absolute(link_to(b["iri"])),
        area_href=lambda a: absolute(link_to(a["iri"])),
        standalone=True,
    )
    response = Response(svg, mimetype="image/svg+xml")
    response.headers["Content-Type"] = "image/svg+xml; charset=utf-8"
    response.headers["Content-Disposition"] = 'inline; filename="coverage.svg"'
    response.vary.update(("Accept-Language", "Cookie"))
    return response


def _matrix(kind: str) -> Response:
    lang = language()
    response = download(coverage_report.matrix_table(_report(lang)), kind, lang, "coverage-matrix")
    response.vary.update(("Accept-Language", "Cookie"))
    return response


@blueprint.get("/coverage/matrix.csv")
def matrix_csv() -> Response:
    """The cells of the coverage matrix as CSV, one row per board and area."""
    return _matrix("csv")


@blueprint.get("/coverage/matrix.xlsx")
def matrix_xlsx() -> Response:
    """The cells of the coverage matrix as a workbook, one row per board and area."""
    return _matrix("xlsx")


def _iri_argument(name: str) -> str | Response:
    given = request.args.getlist(name)
    if len(given) != 1 or not given[0]:
        return error(400, f"give one {name}: ?{name}=IRI", parameter=name)
    try:
        to_term(name, "iri", given[0])
    except ParameterError as problem:
        return error(400, str(problem), parameter=name)
    return given[0]


@blueprint.get("/coverage/cell")
def cell() -> Response:
    """The goals behind one cell of the coverage map: a board's övergripande mål in a strategic
    area and the nämndsmål that support them."""
    board, area = _iri_argument("board"), _iri_argument("area")
    if isinstance(board, Response):
        return board
    if isinstance(area, Response):
        return area
    lang = language()
    t = Words(lang)
    graphs = scope()
    store = service().store
    rows = store.select(
        get_query("goals-of-board").text,
        get_query("goals-of-board").bindings({"board": board, "lang": primary(lang)}),
        graphs,
    )
    # Every name by the one language rule, not by the query's langMatches (which has no
    # Swedish label to fall back on for ?lang=fi).
    names = labels(store, {board, area} | {row["goal"].value for row in rows}, lang, graphs)
    if board not in names or area not in names:
        return error(404, "no such board and strategic area here", board=board, area=area)
    goals: dict[str, list[dict[str, Any]]] = {
        k: [] for k in hierarchy_schema().kinds_under(SG + "Goal")
    }
    seen: set[str] = set()
    for row in rows:
        if "area" not in row or row["area"].value != area or row["goal"].value in seen:
            continue
        kind = row["type"].value.removeprefix(SG)
        if kind in goals:
            seen.add(row["goal"].value)
            label = names.get(row["goal"].value, row["goal"].value)
            goals[kind].append({"iri": row["goal"].value, "label": label})
    for listed in goals.values():
        listed.sort(key=lambda g: (g["label"].lower(), g["iri"]))
    # What lies beneath each övergripande mål: a handful of goals, one tree each.
    beneath: dict[str, list[TreeNode]] = {}
    for goal in goals["OverarchingGoal"]:
        try:
            below = service().trace(goal["iri"], Direction.DOWN, graphs=graphs, lang=lang)
            beneath[goal["iri"]] = cast(TreeNode, below)["children"]  # down is a tree
        except NodeError:
            beneath[goal["iri"]] = []
    title = t("cell.title", board=names[board], area=names[area])
    query = urllib.parse.urlencode({"board": board, "lang": t.ui})
    return render(
        "coverage_cell.html",
        title,
        alternates=[
            Alternate(
                "text/csv",
                t("cell.goals.csv"),
                f"{url_for('api.run_query', name='goals-of-board')}?{query}&format=csv",
            ),
            Alternate(
                XLSX_MEDIA,
                t("cell.goals.xlsx"),
                f"{url_for('api.run_query', name='goals-of-board')}?{query}&format=xlsx",
            ),
        ],
        board={"iri": board, "label": names[board]},
        area={"iri": area, "label": names[area]},
        overarching=goals["OverarchingGoal"],
        board_goals=goals["BoardGoal"],
        beneath=beneath,
    )


# --- validation ---


@lru_cache(maxsize=8)
def _rules(lang: str) -> tuple[RuleText, ...]:
    """Every rule of the bundled profile, as people read it (the shapes are read once)."""
    return tuple(describe_rules(load_shapes(), lang))


@blueprint.get("/validation")
def validation_page() -> Response:
    """The findings of the rules, grouped by rule, each rule explained."""
    lang = language()
    t = Words(lang)
    report = service().validation(graphs=scope(), lang=t.ui).as_dict()
    rules = {r.iri: r for r in _rules(t.ui)}
    groups = [
        {
            **rule,
            "explanation": rules[rule["rule"]].explanation if rule["rule"] in rules else "",
            "short": _short(rule["rule"]),
            "anchor": _anchor(rule["rule"]),
        }
        for rule in report["rules"]
    ]
    broken = {g["rule"] for g in groups}
    kinds = class_labels(t.ui)
    return render(
        "validation.html",
        t("validation.title"),
        alternates=[
            Alternate("application/json", "JSON", _api("api.validation_report", t.ui)),
            Alternate(
                "text/csv",
                t("validation.csv"),
                _api("api.validation_report", t.ui, format="csv"),
            ),
            Alternate(
                XLSX_MEDIA,
                t("validation.xlsx"),
                _api("api.validation_report", t.ui, format="xlsx"),
            ),
            Alternate(
                "text/turtle", "Turtle", _api("api.validation_report", t.ui, format="turtle")
            ),
        ],
        report=report,
        groups=groups,
        violations=[g for g in groups if g["severity"] == "Violation"],
        warnings=[g for g in groups if g["severity"] != "Violation"],
        rules=[
            {"rule": r, "short": _short(r.iri), "anchor": _anchor(r.iri), "broken": r.iri in broken}
            for r in rules.values()
        ],
        rule_counts=Counter(r.severity for r in rules.values()),
        csv_url=_api("api.validation_report", t.ui, format="csv"),
        xlsx_url=_api("api.validation_report", t.ui, format="xlsx"),
        kind_label=lambda iri: kinds.get((iri or "").removeprefix(SG), "") if iri else "",
    )


def _short(iri: str) -> str:
    return "sg:" + iri.removeprefix(SG) if iri.startswith(SG) else iri


def _anchor(iri: str) -> str:
    """The id of a rule's section on the validation page."""
    short = _short(iri)
    return "rule-" + (
        short.removeprefix("sg:") if short.startswith("sg:") else urllib.parse.quote(iri, safe="")
    )
