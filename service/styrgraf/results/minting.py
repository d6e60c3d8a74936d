"""The triples an import adds, and their IRIs: minted in the namespace of the indicator, goal
or activity they are about, from their content, so the same import twice mints the same IRIs.
Every node points to the import (an ``sg:Import``) that brought it."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from decimal import Decimal

import pyoxigraph as ox

from styrgraf.results.holdings import Holdings
from styrgraf.results.records import INTERIM, TOTAL, ActivityReport, Judgement, Reading, Run
from styrgraf.vocabulary import DCT, PROV, RDF_TYPE, RDFS, SG, XSD

_KINDS = {
    "kolada": ("Import från Kolada", "Import from Kolada"),
    "workbook": ("Import av arbetsbok", "Import of a workbook"),
}
_PARTS = {INTERIM: ("delår", "interim"), SG + "FullYear": ("helår", "full year")}


def _node(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _text(value: str, lang: str | None = None) -> ox.Literal:
    return ox.Literal(value, language=lang) if lang else ox.Literal(value)


def _typed(value: str, datatype: str) -> ox.Literal:
    return ox.Literal(value, datatype=ox.NamedNode(XSD + datatype))


def namespace(iri: str) -> str:
    """The IRI up to its last ``/`` or ``#``: where nodes beside it are minted."""
    return iri[: max(iri.rfind("/"), iri.rfind("#")) + 1]


def local(iri: str) -> str:
    """The IRI after its namespace."""
    return iri[len(namespace(iri)) :] or "node"


def digest(*parts: object) -> str:
    """A short digest of the parts, to keep minted IRIs apart."""
    text = "\x1f".join(str(part) for part in parts)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]


def decimal_literal(value: Decimal | None) -> ox.Literal:
    """A number as an ``xsd:decimal``, or as an ``xsd:integer`` when it is whole."""
    text = format(Decimal(value or 0), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return _typed(text, "decimal" if "." in text else "integer")


class Minter:
    """The additions and removals of one import, graph by graph."""

    def __init__(self, run: Run, held: Holdings) -> None:
        self.run = run
        self.held = held
        first = min(held.homes) if held.homes else ""
        stamp = run.started.strftime("%Y%m%dT%H%M%S")
        self.run_iri = f"{namespace(first)}import-{stamp}-{digest(run)}" if first else ""
        self._additions: dict[str, list[ox.Triple]] = {}
        self.removals: dict[str, list[ox.Triple]] = {}
        self._minted_periods: dict[int, str] = {}
        self._minted_reports: dict[tuple[int, str], str] = {}

    @property
    def additions(self) -> dict[str, list[ox.Triple]]:
        """The triples to add to each graph, the import's description in each graph that gets
        any."""
        return {
            graph: [*triples, *self._run_triples()] for graph, triples in self._additions.items()
        }

    def _add(
        self, graph: str, subject: str, predicate: str, obj: ox.NamedNode | ox.Literal
    ) -> None:
        self._additions.setdefault(graph, []).append(
            ox.Triple(_node(subject), _node(predicate), obj)
        )

    def _run_triples(self) -> list[ox.Triple]:
        run, iri = self.run, _node(self.run_iri)
        sv, en = _KINDS[run.kind]
        when = run.started.strftime("%Y-%m-%d %H:%M")
        triples = [
            ox.Triple(iri, _node(RDF_TYPE), _node(SG + "Import")),
            ox.Triple(iri, _node(RDFS + "label"), _text(f"{sv} {when}", "sv")),
            ox.Triple(iri, _node(RDFS + "label"), _text(f"{en} {when}", "en")),
            ox.Triple(
                iri, _node(PROV + "startedAtTime"), _typed(run.started.isoformat(), "dateTime")
            ),
        ]
        if run.by:
            triples.append(ox.Triple(iri, _node(SG + "importedBy"), _text(run.by)))
        triples += [ox.Triple(iri, _node(SG + "sourceFile"), _text(name)) for name in run.files]
        return triples

    def _provenance(self, graph: str, subject: str, generated: str) -> None:
        self._add(graph, subject, PROV + "generatedAtTime", _typed(generated, "dateTime"))
        self._add(graph, subject, PROV + "wasGeneratedBy", _node(self.run_iri))

    def period(self, year: int, graph: str) -> str:
        """The budget year of ``year``: the model's, or one minted beside the node."""
        if year in self.held.periods:
            return self.held.periods[year][0]
        if year not in self._minted_periods:
            iri = f"{namespace(min(self.held.homes))}budgetar-{year}"
            self._minted_periods[year] = iri
            self._add(graph, iri, RDF_TYPE, _node(SG + "BudgetYear"))
            self._add(graph, iri, RDFS + "label", _text(f"Budgetår {year}", "sv"))
            self._add(graph, iri, RDFS + "label", _text(f"Budget year {year}", "en"))
            self._add(graph, iri, SG + "year", _typed(str(year), "gYear"))
            # A municipality's budget year is the calendar year; the rules ask every period
            # for its first and last day.
            self._add(graph, iri, SG + "startDate", _typed(f"{year:04d}-01-01", "date"))
            self._add(graph, iri, SG + "endDate", _typed(f"{year:04d}-12-31", "date"))
            self._add(graph, iri, PROV + "wasGeneratedBy", _node(self.run_iri))
        return self._minted_periods[year]

    def value(self, reading: Reading, revises: Sequence[str]) -> str:
        """Mint the value of a reading, revising ``revises``; returns its IRI."""
        graph = self.held.homes[reading.indicator]
        iri = (
            f"{namespace(reading.indicator)}varde-{reading.year}-{local(reading.indicator)}-"
            + digest(
                reading.indicator,
                reading.area,
                reading.year,
                reading.part,
                reading.gender,
                reading.value,
                sorted(revises),
            )
        )
        period = self.period(reading.year, graph)
        self._add(graph, iri, RDF_TYPE, _node(SG + "Value"))
        self._add(graph, iri, SG + "indicator", _node(reading.indicator))
        self._add(graph, iri, SG + "period", _node(period))
        self._add(graph, iri, SG + "periodPart", _node(reading.part))
        self._add(graph, iri, SG + "gender", _node(reading.gender or TOTAL))
        if reading.area is not None:
            self._add(graph, iri, SG + "refArea", _node(reading.area))
        self._add(graph, iri, SG + "numericValue", decimal_literal(reading.value))
        if reading.unit:
            self._add(graph, iri, SG + "measurementUnit", _text(reading.unit))
        self._add(graph, iri, DCT + "source", _node(reading.source or self.run_iri))
        if self.run.citation:
            self._add(graph, iri, DCT + "bibliographicCitation", _text(self.run.citation))
        if reading.comment:
            self._add(graph, iri, RDFS + "comment", _text(reading.comment, self.run.language))
        for old in revises:
            self._add(graph, iri, PROV + "wasRevisionOf", _node(old))
        when = reading.retrieved or self.run.started
        self._provenance(graph, iri, when.isoformat())
        return iri

    def _report(self, judgement: Judgement, graph: str) -> str:
        part = "interim" if judgement.part == INTERIM else "full"
        found = self.held.reports.get((judgement.year, part))
        if found is not None:
            return found
        key = (judgement.year, part)
        if key not in self._minted_reports:
            kind = "delarsrapport" if part == "interim" else "arsredovisning"
            iri = f"{namespace(judgement.goal)}{kind}-{judgement.year}"
            self._minted_reports[key] = iri
            sv, en = (
                ("Delårsrapport", "Interim report")
                if part == "interim"
                else ("Årsredovisning", "Annual report")
            )
            report_class = "InterimReport" if part == "interim" else "AnnualReport"
            self._add(graph, iri, RDF_TYPE, _node(SG + report_class))
            self._add(graph, iri, RDFS + "label", _text(f"{sv} {judgement.year}", "sv"))
            self._add(graph, iri, RDFS + "label", _text(f"{en} {judgement.year}", "en"))
            self._add(graph, iri, SG + "period", _node(self.period(judgement.year, graph)))
            if judgement.board:
                self._add(graph, iri, DCT + "creator", _node(judgement.board))
            self._add(graph, iri, PROV + "wasGeneratedBy", _node(self.run_iri))
        return self._minted_reports[key]

    def assessment(self, judgement: Judgement, revises: Sequence[str]) -> str:
        """Mint the assessment of a judged status, revising ``revises``; returns its IRI."""
        graph = self.held.homes[judgement.goal]
        iri = (
            f"{namespace(judgement.goal)}bedomning-{judgement.year}-{local(judgement.goal)}-"
            + digest(
                judgement.goal,
                judgement.year,
                judgement.part,
                judgement.status,
                judgement.comment,
                sorted(revises),
            )
        )
        sv_part, en_part = _PARTS.get(judgement.part, _PARTS[SG + "FullYear"])
        self._add(graph, iri, RDF_TYPE, _node(SG + "Assessment"))
        self._add(graph, iri, RDFS + "label", _text(f"Bedömning {judgement.year}, {sv_part}", "sv"))
        self._add(
            graph, iri, RDFS + "label", _text(f"Assessment {judgement.year}, {en_part}", "en")
        )
        self._add(graph, iri, SG + "assesses", _node(judgement.goal))
        self._add(graph, iri, SG + "status", _node(judgement.status))
        self._add(graph, iri, SG + "inReport", _node(self._report(judgement, graph)))
        self._add(graph, iri, SG + "period", _node(self.period(judgement.year, graph)))
        self._add(graph, iri, SG + "periodPart", _node(judgement.part))
        if judgement.comment:
            self._add(graph, iri, DCT + "description", _text(judgement.comment, self.run.language))
        for old in revises:
            self._add(graph, iri, PROV + "wasRevisionOf", _node(old))
        self._provenance(graph, iri, self.run.started.isoformat())
        return iri

    def follow_up(self, report: ActivityReport, before: Sequence[str]) -> str:
        """Mint an activity's follow-up and set its status; returns the follow-up's IRI."""
        graph = self.held.homes[report.activity]
        iri = (
            f"{namespace(report.activity)}uppfoljning-{report.year}-{local(report.activity)}-"
            + digest(
                report.activity,
                report.year,
                report.part,
                report.status,
                report.comment,
                sorted(before),
            )
        )
        self._add(graph, iri, RDF_TYPE, _node(SG + "ActivityFollowUp"))
        self._add(graph, iri, SG + "followsUp", _node(report.activity))
        self._add(graph, iri, SG + "reportedStatus", _node(report.status))
        for status in before:
            self._add(graph, iri, SG + "previousStatus", _node(status))
        self._add(graph, iri, SG + "period", _node(self.period(report.year, graph)))
        self._add(graph, iri, SG + "periodPart", _node(report.part))
        if report.comment:
            self._add(graph, iri, DCT + "description", _text(report.comment, self.run.language))
        self._provenance(graph, iri, self.run.started.isoformat())
        if tuple(before) != (report.status,):
            status = SG + "activityStatus"
            for old in before:
                self.removals.setdefault(graph, []).append(
                    ox.Triple(_node(report.activity), _node(status), _node(old))
                )
            self._add(graph, report.activity, status, _node(report.status))
        return iri
