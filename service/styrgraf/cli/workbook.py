"""``styrgraf workbook``: a board's reporting workbook for one period, as .xlsx
(:mod:`styrgraf.render.workbook`), to fill in and bring back with ``styrgraf import workbook``.

Exit codes: 0 when the workbook is written, 2 when it cannot be made as asked: a board that is
not one, a year the model knows nothing of, a follow-up profile or a model that cannot be read,
a file that cannot be written. The workbook is made whole before the file is written, so a
refusal leaves no file behind.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from styrgraf.analysis.fulfilment import Period
from styrgraf.cli.options import CONTEXT, EXIT_OK, CommandError, setting_options, source_options
from styrgraf.cli.report import Year
from styrgraf.cli.source import Source, profile_named
from styrgraf.render.workbook import period_words, workbook_bytes
from styrgraf.results.board_sheet import SheetError, board_sheet


@click.command(
    "workbook",
    context_settings=CONTEXT,
    short_help="a board's reporting workbook for a period, as .xlsx",
)
@click.option("--board", metavar="IRI", required=True, help="the board (nämnd or styrelse)")
@click.option(
    "--period", "year", type=Year(), metavar="YEAR", required=True, help="the budget year"
)
@click.option(
    "--interim",
    is_flag=True,
    help="the delår (delårsrapport) instead of the full year (årsredovisning)",
)
@source_options()
@setting_options(["follow_up_profile", "lang"])
@click.option(
    "--output", "-o", "output", required=True, metavar="FILE", help="the .xlsx file to write"
)
def workbook(
    board: str,
    year: int,
    interim: bool,
    follow_up_profile: str,
    lang: str,
    output: str,
    **options: Any,
) -> int:
    """A board's reporting workbook for a period (the full year, or the delår with --interim):
    a sheet of the board's nämndsmål, one row per indicator with its unit, baseline, target
    and latest value, and a sheet of its handlingsplaner's aktiviteter, with the period's
    value, status (a drop-down list of the follow-up profile's scale) and comment to fill in.
    What the store already holds for the period is filled in. Hidden columns and a hidden
    sheet match it back to the model; the other cells are locked. Words in --lang."""
    profile = profile_named(follow_up_profile)
    store, graphs = Source.from_options(options).open()
    period = Period(year, "interim" if interim else "full")
    try:
        sheet = board_sheet(store, board, period, profile=profile, lang=lang, graphs=graphs)
    except SheetError as problem:
        raise CommandError(f"--{problem.parameter}: {problem}") from None
    _write(Path(output), workbook_bytes(sheet, datetime.now(UTC)))
    click.echo(
        f"{output}: {sheet.board_label}, {period_words(period, 'en')}: "
        f"{len({row.goal for row in sheet.goals})} nämndsmål in {len(sheet.goals)} rows, "
        f"{len(sheet.activities)} activities"
    )
    return EXIT_OK


def _write(path: Path, data: bytes) -> None:
    """``data`` to ``path`` whole or not at all: written beside it, then put in its place, with
    the permissions a new file gets."""
    if not path.parent.is_dir():
        raise CommandError(f"{path}: no folder {path.parent} to write it in")
    temporary = path.parent / f".{path.name}.{os.getpid()}.part"
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except OSError:
        temporary.unlink(missing_ok=True)
        raise
