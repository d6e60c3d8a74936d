"""The Kolada import's report as text for people, in Swedish or English: every value read
accounted for, each revision with both numbers and both dates, the missing values, the KPIs and
areas that matched nothing, and what was written."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from styrgraf.i18n.words import N_, exact, plural, word
from styrgraf.results.kolada_shapes import KoladaIndicatorJson, KoladaReportJson

GENDERS = {"T": N_("kolada.gender.T"), "K": N_("kolada.gender.K"), "M": N_("kolada.gender.M")}
"""Kolada's genders in words."""
LEVELS = {"municipality": N_("kolada.level.municipality"), "ou": N_("kolada.level.ou")}
"""A municipality or an organisational unit, with its id, in words."""


def _number(text: str | None, lang: str) -> str:
    if text is None:
        return "–"
    try:
        return exact(Decimal(text), lang)
    except (InvalidOperation, ValueError):
        return text


def _day(moment: str | None) -> str:
    """The date of a timestamp, as ISO 8601 writes it in both languages."""
    return (moment or "")[:10] or "?"


def _key(kpi: str, area: str, period: int, gender: str, lang: str) -> str:
    return f"{kpi} {area} {period} {word(GENDERS[gender], lang)}"


def _name(indicator: KoladaIndicatorJson) -> str:
    """An indicator's label, and the end of its IRI (two indicators may share a label)."""
    iri = indicator["iri"]
    end = iri[max(iri.rfind("/"), iri.rfind("#")) + 1 :]
    return f"{indicator['label']} ({end})" if end and end != indicator["label"] else end or iri


def _names(indicators: list[KoladaIndicatorJson]) -> str:
    return "; ".join(dict.fromkeys(_name(i) for i in indicators))


def text(report: KoladaReportJson, lang: str) -> str:
    """The report as lines of text."""
    counts = report["counts"]
    values = plural("kolada.values", counts["values"], lang)
    if report["files"]:
        files = plural("kolada.files", len(report["files"]), lang)
        lines = [word("kolada.heading", lang, values=values, files=files)]
    else:
        lines = [word("kolada.heading.fetched", lang, values=values)]
    lines.append(
        "  "
        + word(
            "kolada.matched",
            lang,
            values=plural("kolada.values", counts["matched"], lang),
            readings=counts["readings"],
            added=counts["added"],
            unchanged=counts["unchanged"],
            revised=counts["revised"],
            missing=counts["missing"],
        )
    )
    for key, count in (
        (N_("kolada.unused.count"), counts["unused"]),
        (N_("kolada.outside.count"), counts["not_in_model"]),
        (N_("kolada.repeated.count"), counts["repeated"]),
    ):
        if count:
            lines.append("  " + word(key, lang, values=plural("kolada.values", count, lang)))
    lines += _revisions(report, lang)
    lines += _missing(report, lang)
    if report["unused_kpis"]:
        lines += ["", word("kolada.unused", lang)]
        lines += [
            f"  {u['kpi']}: {plural('kolada.values', u['values'], lang)}"
            for u in report["unused_kpis"]
        ]
    if report["absent_kpis"]:
        lines += ["", word("kolada.absent", lang)]
        lines += [f"  {a['kpi']}: {_names(a['indicators'])}" for a in report["absent_kpis"]]
    if report["not_in_model"]:
        lines += ["", word("kolada.outside", lang)]
        lines += [
            f"  {word(LEVELS[o['level']], lang, area=o['area'])}: "
            f"{plural('kolada.values', o['values'], lang)}"
            for o in report["not_in_model"]
        ]
    lines += ["", _outcome(report, lang)]
    return "\n".join(lines) + "\n"


def _revisions(report: KoladaReportJson, lang: str) -> list[str]:
    if not report["revisions"]:
        return []
    lines = ["", word("kolada.revisions", lang)]
    for revision in report["revisions"]:
        old = ", ".join(
            f"{_number(o['value'], lang)} ({_day(o['generated'])})" for o in revision["old"]
        )
        new = f"{_number(revision['value'], lang)} ({_day(revision['retrieved'])})"
        key = _key(revision["kpi"], revision["area"], revision["period"], revision["gender"], lang)
        lines.append(f"  {key}, {_name(revision['indicator'])}: {old} → {new}")
    return lines


def _missing(report: KoladaReportJson, lang: str) -> list[str]:
    if not report["missing"]:
        return []
    lines = ["", word("kolada.missing", lang)]
    for missing in report["missing"]:
        key = _key(missing["kpi"], missing["area"], missing["period"], missing["gender"], lang)
        lines.append(f"  {key}: {_names(missing['indicators'])}")
    return lines


def _outcome(report: KoladaReportJson, lang: str) -> str:
    counts = report["counts"]
    if not report["plan"]["changes"]:
        return word("kolada.done.nothing", lang)
    key = N_("kolada.done.written") if report["written"] else N_("kolada.done.dry-run")
    return word(key, lang, added=counts["added"], revised=counts["revised"])
