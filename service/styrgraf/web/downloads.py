"""A table as the file a person downloads: CSV in the form of its language
(:func:`styrgraf.render.tables.download_form`: in Swedish ``;``, a decimal comma and Swedish
headings, with a byte-order mark, as Swedish Excel opens it on a double-click; in English the
keys, ``,`` and ``.``) or an Excel workbook (:mod:`styrgraf.render.spreadsheet`). Every route
that answers with a table answers through :func:`download`, the pages' downloads and the API's
alike, so that a table reads the same wherever it is asked for; the query page's workbook of a
query's solutions is made from the endpoint's JSON by :func:`solutions_workbook`."""

from __future__ import annotations

import json

from flask import Response

from styrgraf.render.query_results import SparqlResults, results_table
from styrgraf.render.spreadsheet import table_xlsx
from styrgraf.render.tables import Table, download_form, table_csv
from styrgraf.web.errors import error
from styrgraf.web.formats import TABLES

MEDIA = {name: media for media, name in TABLES.items()}
"""The media type of each table format by its name: ``csv``, ``xlsx``."""
RESULTS_JSON = "application/sparql-results+json"


def download(written: Table, kind: str, lang: str, name: str) -> Response:
    """``written`` in the format ``kind`` (``csv`` or ``xlsx``) and the language ``lang``, as
    the file ``name.csv`` or ``name.xlsx``."""
    media = MEDIA[kind]
    if kind == "xlsx":
        response = Response(table_xlsx(written, lang), mimetype=media)
    else:
        response = Response(table_csv(written, download_form(lang)), mimetype=media)
        response.headers["Content-Type"] = f"{media}; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
    response.vary.add("Accept")
    return response


def solutions_workbook(answer: Response, lang: str) -> Response:
    """The SPARQL endpoint's ``answer`` (SPARQL JSON) to a SELECT as a workbook, its
    variables as the headings; a refusal as it is; a 406 naming ``format`` for the answer of
    another form, which is no table."""
    if answer.status_code not in (200, 406):
        return answer
    solutions: SparqlResults | None = None
    if answer.status_code == 200 and answer.mimetype == RESULTS_JSON:
        solutions = json.loads(answer.get_data(as_text=True))
    if solutions is None or "boolean" in solutions:
        return error(
            406,
            "a workbook holds the solutions of a SELECT query, not the answer of an ASK, "
            "CONSTRUCT or DESCRIBE",
            parameter="format",
        )
    return download(results_table(solutions, words=False), "xlsx", lang, "results")
