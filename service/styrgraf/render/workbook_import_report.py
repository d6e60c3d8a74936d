"""A workbook import's report as text for people, in Swedish or English: which board and period,
each value added, revised (old → new) and unchanged, each status given to a nämndsmål or an
activity, every line with the sheet and cell it came from, and what was written."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from styrgraf.i18n.words import N_, exact, plural, word
from styrgraf.results.workbook_shapes import (
    WorkbookCountsJson,
    WorkbookReportJson,
    WorkbookStatusJson,
    WorkbookValueJson,
)

SECTIONS = {
    "added": N_("workbook-import.text.added"),
    "revised": N_("workbook-import.text.revised"),
    "unchanged": N_("workbook-import.text.unchanged"),
}
"""The heading of the values in each state."""


def number(text: str, unit: str | None, lang: str) -> str:
    """A value brought in as its language writes it, every decimal kept, with its unit.

    >>> number("28304.5", "antal", "sv"), number("7.2", None, "en")
    ('28\\xa0304,5 antal', '7.2')
    """
    try:
        shown = exact(Decimal(text), lang)
    except (InvalidOperation, ValueError):
        shown = text
    return f"{shown} {unit}" if unit else shown


def text(report: WorkbookReportJson, lang: str) -> str:
    """The report as lines of text."""
    counts = report["counts"]
    lines = [
        word(
            "workbook-import.text.heading",
            lang,
            file=report["file"],
            board=report["board"]["label"],
            period=report["period"]["label"],
            by=report["by"],
        ),
        "  "
        + word(
            "workbook-import.text.counts",
            lang,
            filled=plural("workbook-import.count.filled", counts["filled"], lang),
            **_counted(counts, lang),
        ),
    ]
    for state, key in SECTIONS.items():
        shown = [v for v in report["values"] if v["state"] == state]
        if shown:
            lines += ["", word(key, lang), *(_value(v, lang) for v in shown)]
    for key, statuses in (
        (N_("workbook-import.text.statuses"), report["statuses"]),
        (N_("workbook-import.text.activities"), report["activities"]),
    ):
        if statuses:
            lines += ["", word(key, lang), *(_status(s) for s in statuses)]
    lines += ["", _outcome(report, lang)]
    return "\n".join(lines) + "\n"


def _value(value: WorkbookValueJson, lang: str) -> str:
    new = number(value["value"], value["unit"], lang)
    if value["old"]:
        old = ", ".join(number(o, value["unit"], lang) for o in value["old"])
        new = f"{old} → {new}"
    return f"  {value['place']}  {value['indicator']['label']}: {new}"


def _status(status: WorkbookStatusJson) -> str:
    given = status["status"]["label"]
    if status["before"] is not None and status["before"]["iri"] != status["status"]["iri"]:
        given = f"{status['before']['label']} → {given}"
    comment = f" ({status['comment']})" if status["comment"] else ""
    return f"  {status['place']}  {status['node']['label']}: {given}{comment}"


def _outcome(report: WorkbookReportJson, lang: str) -> str:
    if report["empty"]:
        return word("workbook-import.text.empty", lang)
    if not report["plan"]["changes"]:
        return word("workbook-import.text.nothing", lang)
    key = (
        N_("workbook-import.text.written")
        if report["written"]
        else N_("workbook-import.text.dry-run")
    )
    counted = _counted(report["counts"], lang, revised=N_("workbook-import.count.revisions"))
    return word(key, lang, **counted)


def _counted(
    counts: WorkbookCountsJson, lang: str, revised: str = N_("workbook-import.count.changed")
) -> dict[str, str]:
    """The counts of a report in words, each in the form that suits its number (``revised``:
    the word for the values changed)."""
    return {
        "added": plural("workbook-import.count.added", counts["added"], lang),
        "revised": plural(revised, counts["revised"], lang),
        "unchanged": plural("workbook-import.count.unchanged", counts["unchanged"], lang),
        "statuses": plural("workbook-import.count.goal-statuses", counts["statuses_changed"], lang),
        "activities": plural(
            "workbook-import.count.activity-statuses", counts["activities_changed"], lang
        ),
    }
