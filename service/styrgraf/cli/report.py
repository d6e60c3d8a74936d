"""``styrgraf report``: the goal section of a delårsrapport or an årsredovisning, for one
period, as text, JSON, CSV or a standalone HTML document to print
(:mod:`styrgraf.render.fulfilment_report`).

Exit codes: 0 when the report has no findings, 1 when it has (a judged status more than one
step from the computed one, an övergripande mål judged while none of its nämndsmål is, a judged
status on no step of the scale), 2 when it cannot be made as asked: a period without values or
assessments (the message names the periods that have them), a board without goals, a
follow-up profile that cannot be read, a model that cannot be read.
"""

from __future__ import annotations

from typing import Any

import click

from styrgraf.analysis.follow_up_data import read
from styrgraf.analysis.fulfilment import evaluate, periods_in
from styrgraf.cli.options import (
    CONTEXT,
    EXIT_FINDINGS,
    EXIT_OK,
    CommandError,
    output_option,
    setting_options,
    source_options,
)
from styrgraf.cli.source import Source, profile_named, write
from styrgraf.render import writers
from styrgraf.render.fulfilment_report import (
    ReportError,
    check_board,
    choose_period,
    has_findings,
    names,
    report_document,
    report_text,
    vision_distances,
)
from styrgraf.render.fulfilment_report_html import report_html
from styrgraf.render.fulfilment_table import fulfilment_table
from styrgraf.render.tables import table_csv


class Year(click.ParamType[int]):
    """A budget year, written with four digits."""

    name = "year"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            return value
        text = str(value).strip()
        if not (len(text) == 4 and text.isdigit()):
            self.fail(f"a year such as 2022, not {value!r}", param, ctx)
        return int(text)


@click.command(
    "report",
    context_settings=CONTEXT,
    short_help="the goal section of a delårsrapport or an årsredovisning",
)
@click.option(
    "--period",
    "year",
    type=Year(),
    metavar="YEAR",
    default=None,
    help="the budget year. Default: the latest with values or assessments",
)
@click.option(
    "--interim",
    is_flag=True,
    help="the delår (delårsrapport) instead of the full year (årsredovisning)",
)
@click.option(
    "--board",
    metavar="IRI",
    default=None,
    help="only this board's nämndsmål and the övergripande mål they support",
)
@source_options()
@setting_options(["follow_up_profile", "lang"])
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "csv", "html"]),
    default="text",
    show_default=True,
    help="text for people, html to read and print (A4), or json, csv for machines",
)
@output_option()
def report(
    year: int | None,
    interim: bool,
    board: str | None,
    follow_up_profile: str,
    lang: str,
    output_format: str,
    output: str | None,
    **options: Any,
) -> int:
    """The goal section of a delårsrapport (--interim) or an årsredovisning: each nämndsmål's
    status computed from its indicators beside the status its board judged, the roll-up to the
    övergripande mål per strategic area, and what differs. html is a standalone document to
    print on A4, one board to a page. Exit 0 when there are no findings, 1 when judged and
    computed lie more than one step apart (or an övergripande mål is judged without its
    nämndsmål), 2 when the period, the board or the profile is not there."""
    profile = profile_named(follow_up_profile)
    store, graphs = Source.from_options(options).open()
    data = read(store, graphs, lang)
    try:
        period = choose_period(periods_in(data), year, interim)
        fulfilment = evaluate(
            data, period=period, profile=profile, store=store, graphs=graphs, lang=lang
        )
        check_board(fulfilment, board)
    except ReportError as problem:
        raise CommandError(str(problem)) from None
    found = vision_distances(fulfilment)
    labels = names(store, fulfilment, found, lang, graphs)
    document = report_document(fulfilment, lang, board=board, found=found, labels=labels)
    text = {
        "text": lambda: report_text(document, lang),
        "json": lambda: writers.to_json(document),
        "csv": lambda: table_csv(fulfilment_table(document)),
        "html": lambda: report_html(document, fulfilment, lang),
    }[output_format]()
    write(text, output)
    return EXIT_FINDINGS if has_findings(document) else EXIT_OK
