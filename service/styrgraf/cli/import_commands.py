"""``styrgraf import``: results brought into a store, one subcommand per way they come
(``kolada``: Kolada's API responses, from files or fetched), each validated like ``load``: the
store as the import would leave it is checked against the rules first, and nothing is written
unless it keeps them (exit 1 with the findings, as a refused load). Importing the same thing
twice changes nothing, and says so.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol, TypeVar

import click

from styrgraf.cli.options import (
    CONTEXT,
    EXIT_FINDINGS,
    EXIT_OK,
    CommandError,
    setting_options,
)
from styrgraf.cli.source import STORE, Source
from styrgraf.render import writers
from styrgraf.render.kolada_report import text
from styrgraf.render.write_refusal import refusal
from styrgraf.results.change import Plan, check, write
from styrgraf.results.kolada import prepare, report
from styrgraf.results.kolada_fetch import FetchError, fetch
from styrgraf.results.kolada_matching import read_model
from styrgraf.results.kolada_responses import Response, read_files
from styrgraf.store.base import Store
from styrgraf.store.private_graphs import declared_in_store

TARGET = ["store", "endpoint", "update_endpoint", "store_endpoint", "endpoint_user"]
"""The settings that name the store an import writes to, as options."""


@click.group("import", context_settings=CONTEXT, short_help="bring results into a store")
def import_group() -> None:
    """Bring results into a store (--store DIR or a remote --endpoint): Kolada's responses.
    Every import is compared with what the store holds, validated as the store would be after
    it, and written in one transaction or not at all (docs/import.md)."""


def _ids(values: Sequence[str]) -> list[str]:
    """Ids given repeated or separated by commas or spaces, each once."""
    return list(dict.fromkeys(i for v in values for i in v.replace(",", " ").split()))


def _years(values: Sequence[str]) -> list[int]:
    """Years given repeated, separated by commas, or as a span (2019-2022)."""
    years: list[int] = []
    for item in _ids(values):
        first, _, last = item.partition("-")
        try:
            span = range(int(first), int(last or first) + 1)
        except ValueError:
            raise click.BadParameter(
                f"{item!r} is not a year (2022) or a span of years (2019-2022)",
                param_hint="'--years'",
            ) from None
        if not span or not all(1000 <= y <= 9999 for y in (span[0], span[-1])):
            raise click.BadParameter(f"{item!r} is not a span of years", param_hint="'--years'")
        years += [y for y in span if y not in years]
    return years


def _moment(value: str | None) -> datetime | None:
    """A time given as ISO 8601 (a date alone is its midnight); without a zone, local time."""
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise click.BadParameter(
            f"{value!r} is not a date or time (2026-03-02 or 2026-03-02T09:30:00+01:00)",
            param_hint="'--retrieved'",
        ) from None
    return moment if moment.tzinfo is not None else moment.astimezone()


@import_group.command(
    "kolada",
    context_settings=CONTEXT,
    short_help="import Kolada's API responses (files or fetched) into a store",
)
@click.argument(
    "paths",
    nargs=-1,
    metavar="[FILE|DIR]...",
    help="Kolada API v3 responses (JSON), or folders of them (every .json file in them)",
)
@setting_options([*TARGET, "union_default_graph", "private_graphs"])
@click.option(
    "--fetch",
    "kpis",
    multiple=True,
    metavar="KPI",
    help="ask Kolada's API for these KPIs (repeatable, or separated by commas) rather than, or "
    "besides, reading files",
)
@click.option(
    "--years",
    multiple=True,
    metavar="YEAR",
    help="the years to fetch: 2022, 2019,2020 or 2019-2022 (repeatable)",
)
@click.option(
    "--municipality",
    "municipalities",
    multiple=True,
    metavar="ID",
    help="the municipality to fetch, by its kommunkod (0781); default: every municipality of "
    "the model",
)
@click.option(
    "--ou",
    "units",
    multiple=True,
    metavar="ID",
    help="the Kolada organisational units to fetch; default: every one the model's units name "
    "(sg:koladaOu)",
)
@setting_options(["kolada_api"])
@click.option(
    "--retrieved",
    metavar="TIME",
    help="when the files were retrieved from Kolada (ISO 8601: 2026-03-02 or "
    "2026-03-02T09:30+01:00); default: when each file was last written, or for --fetch when "
    "each page arrived",
)
@click.option("--by", "by", metavar="NAME", help="who makes the import, recorded with it")
@click.option("--dry-run", is_flag=True, help="say what the import would do, and write nothing")
@click.option("--json", "as_json", is_flag=True, help="the report as JSON")
@setting_options(["lang"])
def kolada(
    paths: tuple[str, ...],
    kpis: tuple[str, ...],
    years: tuple[str, ...],
    municipalities: tuple[str, ...],
    units: tuple[str, ...],
    kolada_api: str,
    retrieved: str | None,
    by: str | None,
    dry_run: bool,
    as_json: bool,
    lang: str,
    private_graphs: list[str],
    **options: Any,
) -> int:
    """Import Kolada's API v3 responses (data for municipalities, oudata for organisational
    units) into --store DIR or a remote --endpoint: each KPI's values to the indicators that
    name it (sg:koladaKpi), a municipality's by its kommunkod, a unit's by sg:koladaOu. A value
    the store already holds is left alone, a different one is added as a revision of it (both
    kept, both dated), a missing one is counted. The report accounts for every value read,
    with the KPIs, indicators and areas that matched nothing. Nothing is written when the
    import would add a violation of the rules to those the store has (exit 1, with the
    findings)."""
    moment = _moment(retrieved)
    wanted_years = _years(years)
    if not paths and not kpis:
        raise click.UsageError("give Kolada responses (FILE or DIR) or --fetch KPI --years YEAR")
    if kpis and not wanted_years:
        raise click.UsageError("--fetch needs the years to fetch: --years 2019-2022")
    if (years or municipalities or units) and not kpis:
        raise click.UsageError("--years, --municipality and --ou go with --fetch KPI")
    source = Source.from_options({**options, "data": []}, alternatives=STORE)
    if not source.names_a_store:
        raise CommandError("say where to import into: --store DIR or --endpoint URL")
    if source.store is not None and source.endpoint is None and not Path(source.store).is_dir():
        raise CommandError(f"{source.store}: no store there: load a model with styrgraf load")
    responses = read_files(paths, moment) if paths else []
    files = [response.name for response in responses]  # what was fetched is no file
    store = source.open_store()
    try:
        if kpis:
            asked = _ids(kpis)
            responses += _fetched(store, kolada_api, asked, wanted_years, municipalities, units)
        started = datetime.now(UTC).replace(microsecond=0)
        imported = prepare(store, responses, started=started, by=by, files=files, lang=lang)
        private = declared_in_store(store) | set(private_graphs)
        return carry_out(
            store,
            imported,
            command="kolada",
            lang=lang,
            private=private,
            dry_run=dry_run,
            as_json=as_json,
            report=report,
            text=text,
        )
    finally:
        store.close()


def _fetched(
    store: Store,
    base: str,
    kpis: list[str],
    years: list[int],
    municipalities: Sequence[str],
    units: Sequence[str],
) -> list[Response]:
    """What Kolada's API gives for the KPIs and years, for the municipalities and units named
    or, when none are, those of the model."""
    model = read_model(store, None)
    places = _ids(municipalities) or sorted(model.codes)
    ous = _ids(units) or ([] if municipalities else sorted(model.units))
    if not places and not ous:
        raise CommandError(
            "the model names no municipality code (sg:municipalityCode) to fetch: give "
            "--municipality ID"
        )
    try:
        found = fetch(base, "municipality", kpis, places, years) if places else []
        return found + (fetch(base, "ou", kpis, ous, years) if ous else [])
    except FetchError as problem:
        raise CommandError(str(problem)) from None


class Prepared(Protocol):
    """An import prepared: what it would change."""

    @property
    def plan(self) -> Plan: ...


_Imported = TypeVar("_Imported", bound=Prepared, contravariant=True)
_Report = TypeVar("_Report")
_Report_co = TypeVar("_Report_co", covariant=True)


class Reporter(Protocol[_Imported, _Report_co]):
    """Makes an import's report (``report`` of :mod:`styrgraf.results.kolada` and
    :mod:`styrgraf.results.workbook_import`)."""

    def __call__(
        self, imported: _Imported, *, lang: str, dry_run: bool, written: bool
    ) -> _Report_co: ...


def carry_out(
    store: Store,
    imported: _Imported,
    *,
    command: str,
    lang: str,
    private: set[str],
    dry_run: bool,
    as_json: bool,
    report: Reporter[_Imported, _Report],
    text: Callable[[_Report, str], str],
) -> int:
    """What every import does once prepared: check the store as its plan would leave it as
    every write is (exit 1 with the findings, as a refused load, nothing written: personal data
    outside a private graph, else the violations it would add to those the store has), write it
    unless it is a dry run, and
    print its ``report`` as JSON (``as_json``) or as ``text``."""
    planned = imported.plan
    if planned.changes():
        checked = check(store, planned, lang=lang, private=private)
        if not checked.conforms:
            sys.stdout.write(refusal(checked, as_json))
            why = (
                "the import would show personal data in a graph that is not private"
                if checked.findings
                else "the import would add a violation of the rules to those the store has"
            )
            sys.stderr.write(f"styrgraf import {command}: {why}; nothing was written\n")
            return EXIT_FINDINGS
    written = bool(planned.changes() and not dry_run)
    if written:
        write(store, planned)
    done = report(imported, lang=lang, dry_run=dry_run, written=written)
    sys.stdout.write(writers.to_json(done) + "\n" if as_json else text(done, lang))
    return EXIT_OK
