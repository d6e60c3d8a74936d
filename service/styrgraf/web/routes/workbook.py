"""A board's reporting workbook to download: ``GET /workbook``.

- ``GET /workbook?board=IRI&period=2022&interim=true&lang=en`` — the workbook that
  ``styrgraf workbook`` writes (:mod:`styrgraf.render.workbook`), for the board and the budget
  year (its delår with ``interim``), in the language asked (the catalogue language of the tag:
  ``sv-SE`` gives Swedish), else the page's (``?lang=``, the cookie, ``Accept-Language``, the
  setting), over the public graphs (every graph with the write token), the statuses from the
  service's follow-up profile. The board's page links to it for every budget year of the model.

``board`` and ``period`` are required. A parameter that is missing, unknown, given twice or not
of its type is a 400 naming it; a board that is not one, or a year the model knows nothing of
(no budget year, outside every mandate period), is a 404 naming it.
"""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, Response

from styrgraf.i18n.languages import catalogue_language
from styrgraf.render.workbook import MEDIA_TYPE, workbook_bytes, workbook_file_name
from styrgraf.results.board_sheet import SheetError, board_sheet
from styrgraf.sparql.queries import to_term as checked_term
from styrgraf.web.addresses import scope
from styrgraf.web.arguments import args, asked_period
from styrgraf.web.errors import Problem, guarded
from styrgraf.web.layout import language
from styrgraf.web.service import service

blueprint = Blueprint("workbook", __name__)


@blueprint.get("/workbook")
def workbook_download() -> Response:
    """A board's reporting workbook for a period, as .xlsx."""

    def answer() -> Response:
        values = args(("board", "period", "interim", "lang"))
        for name in ("board", "period"):
            if not values.get(name):
                raise Problem(400, f"give {name}", parameter=name)
        checked_term("board", "iri", values["board"])
        period = asked_period(values)
        assert period is not None  # the period is required, so asked_period gives one
        lang = catalogue_language(language())
        current = service()
        with current.admission.compute.admit():
            try:
                sheet = board_sheet(
                    current.store,
                    values["board"],
                    period,
                    profile=current.profile,
                    lang=lang,
                    graphs=scope(),
                )
            except SheetError as problem:
                raise Problem(404, str(problem), parameter=problem.parameter) from None
        response = Response(workbook_bytes(sheet, datetime.now(UTC)), mimetype=MEDIA_TYPE)
        name = workbook_file_name(sheet)
        response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
        response.vary.update(("Accept-Language", "Cookie"))
        return response

    return guarded(answer)
