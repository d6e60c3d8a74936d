"""The follow-up page for people: måluppfyllelse in one period (``/follow-up``).

- ``GET /follow-up?period=2021&interim=false`` — a period picker (a GET form that works
  without the script); per strategic area its övergripande mål, each with its computed status
  (rolled up from its nämndsmål) beside the judged one and the reason, and how many are at each
  status; per board its nämndsmål the same way; the findings (judged and computed more than one
  step apart, and the rest) marked with a symbol and words; a link to each goal's page, to the
  printable report of the period and to the table as CSV and as a workbook: ``?format=csv`` and
  ``?format=xlsx`` (:mod:`styrgraf.web.downloads`).

The latest period with data by default. A model with no values or assessments, or a period
with none, is a page that says so; a period or interim that cannot be read is a 400 naming it.
Nothing is computed here: the page lays out :func:`styrgraf.analysis.fulfilment.compute` as
the service keeps it, in the words of :mod:`styrgraf.analysis.fulfilment_json`.
"""

from __future__ import annotations

import urllib.parse

from flask import Blueprint, Response, request

from styrgraf.analysis.fulfilment import Period
from styrgraf.analysis.fulfilment_json import period_label, to_json
from styrgraf.analysis.fulfilment_shapes import FulfilmentReport
from styrgraf.render.fulfilment_table import fulfilment_table
from styrgraf.web.addresses import scope
from styrgraf.web.arguments import args, asked_period
from styrgraf.web.downloads import download
from styrgraf.web.errors import Problem, guarded
from styrgraf.web.follow_up_view import FLAG, overview
from styrgraf.web.formats import XLSX_MEDIA
from styrgraf.web.layout import Alternate, Words, language, render
from styrgraf.web.service import service

blueprint = Blueprint("follow_up", __name__)


def period_query(period: Period, **more: str) -> str:
    """The query string that asks for ``period``: ``period=2021`` (and ``interim=true`` for
    the delår), then ``more``."""
    values = {"period": str(period.year)}
    if period.part == "interim":
        values["interim"] = "true"
    return urllib.parse.urlencode({**values, **more})


def _table(
    report: FulfilmentReport, period: Period, has_data: bool, kind: str, lang: str
) -> Response:
    """The goals of the page as a table (none for a period with no data)."""
    if not has_data:
        report["goals"] = []
    name = f"follow-up-{period.year}-{period.part}" if period.year else "follow-up"
    response = download(fulfilment_table(report), kind, lang, name)
    response.vary.update(("Accept-Language", "Cookie"))
    return response


@blueprint.get("/follow-up")
def follow_up_page() -> Response:
    """Måluppfyllelse in one period: computed beside judged, per strategic area and board."""

    def answer() -> Response:
        values = args(("period", "interim", "lang", "format"))
        # A form's empty field asks for nothing: the latest period.
        asked = asked_period({k: v for k, v in values.items() if v.strip()})
        kind = values.get("format") or "html"
        if kind not in ("html", "csv", "xlsx"):
            raise Problem(
                400, f"format must be html, csv or xlsx, not {kind!r}", parameter="format"
            )
        lang = language()
        t = Words(lang)
        result = service().fulfilment(period=asked, graphs=scope(), lang=lang)
        chosen = result.period
        has_data = chosen in result.periods
        report = to_json(result, lang)
        if kind != "html":
            return _table(report, chosen, has_data, kind, lang)
        script = request.script_root
        csv_url = f"{script}/follow-up?{period_query(chosen, lang=lang, format='csv')}"
        xlsx_url = f"{script}/follow-up?{period_query(chosen, lang=lang, format='xlsx')}"
        json_url = f"{script}/api/fulfilment?{period_query(chosen, lang=t.ui)}"
        alternates = []
        if has_data:
            alternates = [
                Alternate("text/csv", "CSV", csv_url),
                Alternate(XLSX_MEDIA, "Excel", xlsx_url),
                Alternate("application/json", "JSON", json_url),
            ]
        return render(
            "follow_up.html",
            t("followup.page.title"),
            alternates=alternates,
            has_data=has_data,
            period=period_label(chosen, lang),
            chosen=chosen,
            periods=[
                {
                    "label": period_label(p, lang),
                    "query": period_query(p),
                    "current": p == chosen and has_data,
                }
                for p in result.periods
            ],
            years=sorted({p.year for p in result.periods}, reverse=True),
            profile=result.profile.label(lang),
            view=overview(report, result.profile, lang) if has_data else None,
            flag=FLAG,
            csv_url=csv_url,
            xlsx_url=xlsx_url,
            # The printable report of the period (styrgraf report's page).
            report_query=period_query(chosen),
        )

    return guarded(answer)
