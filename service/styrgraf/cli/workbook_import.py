"""``styrgraf import workbook``: a board's filled reporting workbook read back into a store, all
or nothing: every problem of the workbook listed with its sheet and cell (exit 2), the store as
the import would leave it validated first (exit 1 with the findings), and nothing written
unless both pass. Importing the same workbook twice changes nothing, and says so."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from styrgraf.analysis.fulfilment import Period
from styrgraf.cli.import_commands import TARGET, carry_out
from styrgraf.cli.options import CONTEXT, EXIT_USAGE, CommandError, setting_options
from styrgraf.cli.report import Year
from styrgraf.cli.source import STORE, Source, profile_named
from styrgraf.render import writers
from styrgraf.render.workbook_import_report import text
from styrgraf.results.workbook_file import MAX_BYTES
from styrgraf.results.workbook_import import importer, prepare, report
from styrgraf.results.workbook_problems import WorkbookRefused
from styrgraf.results.workbook_reader import Expected
from styrgraf.store.private_graphs import declared_in_store
from styrgraf.vocabulary import parse_iris


@click.command(
    "workbook",
    context_settings=CONTEXT,
    short_help="import a board's filled reporting workbook (.xlsx) into a store",
)
@click.argument("path", metavar="FILE.xlsx", help="the workbook, as styrgraf workbook made it")
@click.option(
    "--by", "by", required=True, metavar="NAME", help="who makes the import, recorded with it"
)
@setting_options([*TARGET, "union_default_graph", "private_graphs"])
@click.option(
    "--board",
    metavar="IRI",
    default=None,
    help="refuse a workbook that is not for this board",
)
@click.option(
    "--period",
    "year",
    type=Year(),
    metavar="YEAR",
    default=None,
    help="refuse a workbook that is not for this budget year (with --interim: its delår)",
)
@click.option("--interim", is_flag=True, help="with --period: the delår, not the full year")
@click.option("--dry-run", is_flag=True, help="say what the import would do, and write nothing")
@click.option("--json", "as_json", is_flag=True, help="the report (or the problems) as JSON")
@setting_options(["follow_up_profile", "lang"])
def workbook(
    path: str,
    by: str,
    board: str | None,
    year: int | None,
    interim: bool,
    dry_run: bool,
    as_json: bool,
    follow_up_profile: str,
    lang: str,
    private_graphs: list[str],
    **options: Any,
) -> int:
    """Import a board's filled reporting workbook (made by styrgraf workbook) into --store DIR
    or a remote --endpoint: each value entered for an indicator, each status and comment given
    to a nämndsmål or an activity, with who imported it and from which file. Decimal commas,
    percent signs and spaces in numbers are understood. A workbook for another board or
    period, or made from an older state of the model, is refused saying which; every other
    problem is named with its sheet and cell, and one is enough to refuse the whole workbook
    (exit 2). A value the store holds is left alone, a different one is added as a revision
    of it; an empty workbook, or the same one twice, changes nothing."""
    if interim and year is None:
        raise click.UsageError("--interim goes with --period YEAR")
    try:
        name = importer(by)
    except ValueError as problem:
        raise click.BadParameter(str(problem), param_hint="'--by'") from None
    try:
        expected = _expected(board, year, interim)
    except ValueError as problem:
        raise click.BadParameter(str(problem), param_hint="'--board'") from None
    profile = profile_named(follow_up_profile)
    source = Source.from_options({**options, "data": []}, alternatives=STORE)
    if not source.names_a_store:
        raise CommandError("say where to import into: --store DIR or --endpoint URL")
    if source.store is not None and source.endpoint is None and not Path(source.store).is_dir():
        raise CommandError(f"{source.store}: no store there: load a model with styrgraf load")
    data = _read(Path(path))
    store = source.open_store()
    try:
        started = datetime.now(UTC).replace(microsecond=0)
        try:
            imported = prepare(
                store,
                data,
                file=Path(path).name,
                by=name,
                started=started,
                profile=profile,
                lang=lang,
                expected=expected,
            )
        except WorkbookRefused as refused:
            return _refused(refused, path, as_json)
        private = declared_in_store(store) | set(private_graphs)
        return carry_out(
            store,
            imported,
            command="workbook",
            lang=lang,
            private=private,
            dry_run=dry_run,
            as_json=as_json,
            report=report,
            text=text,
        )
    finally:
        store.close()


def _expected(board: str | None, year: int | None, interim: bool) -> Expected | None:
    if board is None and year is None:
        return None
    period = Period(year, "interim" if interim else "full") if year is not None else None
    return Expected(board=parse_iris([board])[0] if board else None, period=period)


def _read(path: Path) -> bytes:
    """The workbook's bytes, no more than the largest a workbook may be (and one more, to
    tell)."""
    try:
        with path.open("rb") as handle:
            return handle.read(MAX_BYTES + 1)
    except OSError as problem:
        raise CommandError(f"{path}: {problem.strerror or problem}") from None


def _refused(refused: WorkbookRefused, path: str, as_json: bool) -> int:
    """Every problem of the workbook, on standard output; exit 2."""
    if as_json:
        body = {"file": Path(path).name, "problems": refused.as_dicts()}
        sys.stdout.write(writers.to_json(body) + "\n")
    else:
        sys.stdout.write("".join(f"{message}\n" for message in refused.messages()))
    count = len(refused.problems)
    sys.stderr.write(
        f"styrgraf import workbook: {path}: {count} problem{'s' if count != 1 else ''} in the "
        "workbook; nothing was written\n"
    )
    return EXIT_USAGE
