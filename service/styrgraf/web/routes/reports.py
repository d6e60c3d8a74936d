"""The goal section of a delårsrapport or an årsredovisning as a page: ``GET /report``.

- ``GET /report?period=2021&interim=true&board=IRI&lang=en`` — the report of
  :mod:`styrgraf.render.fulfilment_report` for the period (the latest with data by default,
  ``interim`` for the delår: the latest delår without a year), of one board's goals with
  ``board``. A browser gets the standalone HTML document that ``styrgraf report --format html``
  writes, with links to the start page, the report in the other languages and its other
  formats above it on a screen (left out in print); ``?format=csv`` and ``?format=xlsx`` (one
  goal a row, :mod:`styrgraf.web.downloads`) are for spreadsheets, ``?format=json`` (the
  document as ``styrgraf report --format json`` writes it) for programs, as is ``Accept``.

The document stands alone, so it is served as it is rather than in the site's layout: its
print style (A4, a page per board) is its own ``<style>``, which the service's
Content-Security-Policy allows (``style-src 'unsafe-inline'``), and it holds no script. The
language is the pages' (``?lang=``, remembered in the ``lang`` cookie, then the cookie,
``Accept-Language`` and the setting: :func:`styrgraf.web.layout.language`). Answers are over
the public graphs (every graph with the write token), as the pages are.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Mapping

from flask import Blueprint, Response, request

from styrgraf.analysis.fulfilment import Period
from styrgraf.i18n.languages import LANGUAGES, catalogue_language
from styrgraf.i18n.words import word
from styrgraf.render import writers
from styrgraf.render.fulfilment_report import (
    ReportError,
    check_board,
    choose_period,
    names,
    report_document,
    vision_distances,
)
from styrgraf.render.fulfilment_report_html import report_html
from styrgraf.render.fulfilment_table import fulfilment_table
from styrgraf.settings import flag
from styrgraf.sparql.queries import to_term as checked_term
from styrgraf.web.addresses import scope
from styrgraf.web.arguments import answer, args, negotiate
from styrgraf.web.downloads import download
from styrgraf.web.errors import Problem, guarded
from styrgraf.web.formats import HTML, JSON, TABLES
from styrgraf.web.layout import COOKIE_AGE, lang_url, language
from styrgraf.web.service import service

blueprint = Blueprint("reports", __name__)

#: What ``/report`` answers in: the document for people first, then the formats for programs.
OFFERED = {HTML: "html", **JSON, **TABLES}


def _asked(values: Mapping[str, str]) -> tuple[int | None, bool]:
    """The year of ``period`` and the flag ``interim``, each checked."""
    year = values.get("period")
    if year is not None and not (year.isdigit() and len(year) == 4):
        raise Problem(400, f"period must be a year such as 2022, not {year!r}", parameter="period")
    interim = values.get("interim")
    try:
        part = flag(interim) if interim is not None else False
    except ValueError as problem:
        raise Problem(400, f"interim: {problem}", parameter="interim") from None
    return (int(year) if year is not None else None), part


def _url(**changes: str) -> str:
    """This report's URL with some of its arguments changed."""
    pairs = [(k, v) for k, v in request.args.items(multi=True) if k not in changes]
    pairs += list(changes.items())
    return request.script_root + request.path + "?" + urllib.parse.urlencode(pairs)


def _links(lang: str) -> list[dict[str, str]]:
    """The links above the document on a screen: the start page, the report in each other
    language (in that language's own words), and its other formats."""
    ui = catalogue_language(lang)
    return [
        {"href": request.script_root + "/", "text": word("nav.start", ui)},
        *(
            {"href": lang_url(code), "text": word("lang.name", code), "lang": code}
            for code in LANGUAGES
            if code != ui
        ),
        {"href": _url(format="csv"), "text": "CSV"},
        {"href": _url(format="xlsx"), "text": "Excel"},
        {"href": _url(format="json"), "text": "JSON"},
    ]


@blueprint.get("/report")
def report_page() -> Response:
    """The goal section of a delårsrapport or an årsredovisning, to read and to print."""

    def respond() -> Response:
        values = args(("period", "interim", "board", "lang", "format"))
        lang = language()
        kind, media = negotiate(values, OFFERED)
        year, interim = _asked(values)
        board = values.get("board")
        if board is not None:
            checked_term("board", "iri", board)
        graphs = scope()
        current = service()
        latest = current.fulfilment(period=None, graphs=graphs, lang=lang)
        try:
            period: Period = choose_period(latest.periods, year, interim)
        except ReportError as problem:
            raise Problem(404, str(problem), parameter="period") from None
        fulfilment = (
            latest
            if period == latest.period
            else current.fulfilment(period=period, graphs=graphs, lang=lang)
        )
        try:
            check_board(fulfilment, board)
        except ReportError as problem:
            raise Problem(404, str(problem), parameter="board") from None
        found = vision_distances(fulfilment)
        labels = names(current.store, fulfilment, found, lang, graphs)
        document = report_document(fulfilment, lang, board=board, found=found, labels=labels)
        if kind in TABLES.values():
            name = f"report-{period.year}-{period.part}"
            page = download(fulfilment_table(document), kind, lang, name)
        elif kind == "json":
            page = answer(writers.to_json(document), media)
        else:
            html = report_html(
                document,
                fulfilment,
                lang,
                navigation=_links(lang),
                root=request.script_root,
            )
            page = answer(html, media)
            page.headers["Content-Type"] = "text/html; charset=utf-8"
        # The language may come from the cookie or Accept-Language, as on the other pages.
        given = request.args.get("lang")
        if given:
            page.set_cookie(
                "lang", given, max_age=COOKIE_AGE, samesite="Lax", path=request.script_root or "/"
            )
        page.vary.update(("Accept-Language", "Cookie"))
        return page

    return guarded(respond)
