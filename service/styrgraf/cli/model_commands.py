"""The commands that read a model and report on it: validate, trace, coverage and query."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click
import pyoxigraph as ox

from styrgraf.analysis.coverage import coverage as coverage_of
from styrgraf.analysis.follow_up_checks import with_follow_up
from styrgraf.analysis.trace import impact, trace, tree
from styrgraf.cli.options import (
    CONTEXT,
    EXIT_FINDINGS,
    EXIT_OK,
    CommandError,
    format_option,
    output_option,
    setting_options,
    source_options,
)
from styrgraf.cli.source import Source, profile_named, write
from styrgraf.model.bundled import is_model
from styrgraf.model.validation import validate_paths, validate_quads
from styrgraf.render import coverage_report, query_results, trace_report, writers
from styrgraf.render.tables import table_csv
from styrgraf.render.validation_report import ReportFormat, render
from styrgraf.sparql.queries import get_query, load_queries, parse_query


@click.command(
    context_settings=CONTEXT,
    short_help="check a model against the rules of the styrmodell (SHACL)",
)
@click.argument(
    "paths", nargs=-1, metavar="[PATH]...", help="RDF files or folders to read (as --data)"
)
@source_options()
@click.option(
    "--shapes",
    multiple=True,
    metavar="PATH",
    help="a SHACL profile (file or folder) instead of the bundled rules; repeatable",
)
@setting_options(["follow_up_profile", "lang"])
@format_option(["text", "json", "turtle"])
@click.option(
    "--fail-on",
    type=click.Choice(["violation", "warning"]),
    default="violation",
    show_default=True,
    help="exit 1 on violations only, or on warnings too",
)
def validate(
    paths: tuple[str, ...],
    shapes: tuple[str, ...],
    follow_up_profile: str,
    lang: str,
    output_format: str,
    fail_on: str,
    **options: Any,
) -> int:
    """Check a model against the rules of the styrmodell, and its judged statuses against those
    the follow-up profile computes. Exit 0 when it conforms (warnings allowed), 1 when a rule
    is violated, 2 when the input cannot be read."""
    source = Source.from_options(options, paths)
    profile = [Path(p) for p in shapes] or None
    follow_up = profile_named(follow_up_profile)
    if source.names_a_store or source.graphs:
        store, graphs = source.open()
        model = [g for g in (graphs or store.named_graphs()) if is_model(g)]
        report = validate_quads(store.quads(model), shapes_paths=profile, lang=lang)
    else:
        # Read and checked first (a file that does not parse is named with its line), then
        # put in a store for the follow-up to compute over.
        report = validate_paths(source.files(), shapes_paths=profile, lang=lang)
        store, _every = source.open()
        model = [g for g in store.named_graphs() if is_model(g)]
    report = with_follow_up(report, store, graphs=model, profile=follow_up)
    sys.stdout.write(render(report, ReportFormat(output_format)))
    failed = not report.conforms or (fail_on == "warning" and report.warnings > 0)
    return EXIT_FINDINGS if failed else EXIT_OK


@click.command(
    "trace", context_settings=CONTEXT, short_help="every path from a node up to the vision"
)
@click.argument("iri", metavar="IRI", help="the node to trace")
@click.option("--down", is_flag=True, help="the tree of everything under the node instead")
@click.option(
    "--impact",
    "withdrawn",
    is_flag=True,
    help="what would be orphaned if the node were withdrawn, instead",
)
@source_options()
@setting_options(["lang"])
@format_option(["text", "json", "csv", "turtle"])
@output_option()
def trace_command(
    iri: str,
    down: bool,
    withdrawn: bool,
    lang: str,
    output_format: str,
    output: str | None,
    **options: Any,
) -> int:
    """Every path from a node (aktivitet, handlingsplan, nämndsmål, övergripande mål,
    development plan, focus area, ...) up to the vision, each step with its type, label, board
    and unit. Exit 0 when the node reaches the vision, 1 when it does not (the output says where
    the path breaks), 2 when the IRI is not a node of the hierarchy."""
    if down and withdrawn:
        raise click.UsageError("give --down or --impact, not both")
    store, graphs = Source.from_options(options).open()
    if withdrawn:
        result = impact(store, iri, graphs=graphs, lang=lang)
        text = {
            "text": lambda: trace_report.impact_text(result, lang),
            "json": lambda: writers.to_json(result),
            "csv": lambda: table_csv(trace_report.impact_table(result)),
            "turtle": lambda: trace_report.hops_turtle(result["orphaned"], lang),
        }[output_format]()
        write(text, output)
        return EXIT_OK
    if down:
        below = tree(store, iri, graphs=graphs, lang=lang)
        text = {
            "text": lambda: trace_report.tree_text(below, lang),
            "json": lambda: writers.to_json(below),
            "csv": lambda: table_csv(trace_report.tree_table(below)),
            "turtle": lambda: trace_report.tree_turtle(below, lang),
        }[output_format]()
        write(text, output)
        return EXIT_OK
    paths = trace(store, iri, graphs=graphs, lang=lang)
    text = {
        "text": lambda: trace_report.trace_text(paths, lang),
        "json": lambda: writers.to_json(paths),
        "csv": lambda: table_csv(trace_report.trace_table(paths)),
        "turtle": lambda: trace_report.trace_turtle(paths, lang),
    }[output_format]()
    write(text, output)
    return EXIT_OK if paths["paths"] else EXIT_FINDINGS


@click.command(
    context_settings=CONTEXT,
    short_help="orphans, uncovered goals and the board x strategic area matrix",
)
@source_options()
@setting_options(["lang"])
@format_option(["text", "json", "csv", "turtle"])
@click.option(
    "--matrix", is_flag=True, help="with --format csv: the matrix cells rather than the findings"
)
@output_option()
def coverage(
    lang: str, output_format: str, matrix: bool, output: str | None, **options: Any
) -> int:
    """Everything that hangs loose, each with the reason: orphans (no path to the vision) and
    uncovered goals, boards, units and focus areas; the boards x strategic areas matrix, and a
    summary with percentages. Exit 1 when there are findings."""
    store, graphs = Source.from_options(options).open()
    report = coverage_of(store, graphs=graphs, lang=lang).to_json()
    if output_format == "text":
        text = coverage_report.coverage_text(report, lang)
    elif output_format == "json":
        text = writers.to_json(report)
    elif output_format == "csv":
        text = (
            table_csv(coverage_report.matrix_table(report))
            if matrix
            else table_csv(coverage_report.findings_table(report["orphans"] + report["uncovered"]))
        )
    else:
        text = coverage_report.coverage_turtle(report, lang)
    write(text, output)
    return EXIT_FINDINGS if report["orphans"] or report["uncovered"] else EXIT_OK


@click.command(
    context_settings=CONTEXT, short_help="run a named query from queries/ (or an .rq file)"
)
@click.argument("name", required=False, metavar="[NAME]", help="a named query, or an .rq file")
@click.option(
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="a parameter value; repeatable",
)
@click.option("--list", "listing", is_flag=True, help="list the named queries")
@source_options()
@setting_options(["lang"])
@format_option(["text", "json", "csv"])
@output_option()
def query(
    name: str | None,
    params: tuple[str, ...],
    listing: bool,
    lang: str,
    output_format: str,
    output: str | None,
    **options: Any,
) -> int:
    """Run a named query with its parameters bound as typed values. With no NAME, or --list,
    list the named queries. A *-violation query exits 1 when it finds rows."""
    if listing or name is None:
        for named in load_queries().values():
            described = " ".join(
                f"{p.name}:{p.type}{'' if p.required else '?'}" for p in named.parameters
            )
            sys.stdout.write(
                f"{named.name:<40} {named.summary}"
                + (f"  [{described}]" if described else "")
                + "\n"
            )
        return EXIT_OK
    path = Path(name)
    if name.endswith(".rq"):
        if not path.is_file():
            raise CommandError(f"{name}: no such query file")
        named = parse_query(path.stem, path.read_text(encoding="utf-8"), path)
    else:
        named = get_query(name)
    values: dict[str, str] = {}
    for item in params:
        key, separator, value = item.partition("=")
        if not separator or not key:
            raise CommandError(f"--param {item!r}: write it as NAME=VALUE")
        values[key] = value
    bindings = named.bindings(values)
    if "lang" in {p.name for p in named.parameters} and "lang" not in values:
        bindings["lang"] = ox.Literal(lang)
    store, graphs = Source.from_options(options).open()
    rows = store.select(named.text, bindings, graphs)
    variables = rows.variables or sorted({k for row in rows for k in row})
    text = {
        "text": lambda: query_results.rows_text(variables, rows, lang),
        "json": lambda: query_results.rows_json(variables, rows),
        "csv": lambda: query_results.rows_csv(variables, rows),
    }[output_format]()
    write(text, output)
    return EXIT_FINDINGS if named.is_violation and rows else EXIT_OK
