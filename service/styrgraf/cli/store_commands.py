"""The commands that fill a store, keep its private graphs, and write a model out: load,
private-graphs and export."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click
import pyoxigraph as ox

from styrgraf.analysis.hierarchy import Hierarchy
from styrgraf.cli.options import (
    CONTEXT,
    EXIT_FINDINGS,
    EXIT_OK,
    CommandError,
    format_option,
    given_on_command_line,
    output_option,
    setting_options,
    source_options,
)
from styrgraf.cli.progress import Progress
from styrgraf.cli.source import STORE, Source
from styrgraf.model.bundled import SERVICE_GRAPH, is_vocabulary, vocabulary_graphs
from styrgraf.model.load import InputError, parse_files
from styrgraf.model.privacy import record
from styrgraf.render import writers
from styrgraf.render.write_refusal import refusal
from styrgraf.store.private_graphs import declared_in_store, make_public
from styrgraf.store.replacement import check_write
from styrgraf.vocabulary import parse_iris

EXPORT_FORMATS = {
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}


@click.command(
    context_settings=CONTEXT,
    short_help="load models into a store directory or a remote store",
)
@click.argument(
    "paths", nargs=-1, metavar="[PATH]...", help="RDF files or folders to load (as --data)"
)
@source_options(scope=False, extra=["private_graphs"])
@click.option(
    "--into",
    metavar="IRI",
    help="the named graph for triples outside any graph (Turtle, N-Triples, ...)",
)
@click.option(
    "--no-validate",
    is_flag=True,
    help="load even a model that breaks the rules (personal data in a public graph is "
    "refused all the same)",
)
@click.option(
    "--progress/--no-progress",
    default=None,
    help="show a progress bar (default: when the output is a terminal)",
)
@setting_options(["lang"])
def load(
    paths: tuple[str, ...],
    private_graphs: list[str],
    into: str | None,
    no_validate: bool,
    progress: bool | None,
    lang: str,
    **options: Any,
) -> int:
    """Load RDF files into --store DIR or a remote --endpoint, each model into its named graph,
    the bundled ontology and shapes alongside. Every file is parsed and the model validated
    before anything is written: a load that would add a violation of the rules to those the
    store has is refused; a reload replaces its graphs in one transaction."""
    source = Source.from_options(options, paths, alternatives=STORE)
    if not source.names_a_store:
        raise CommandError("say where to load into: --store DIR or --endpoint URL")
    files = source.files()
    store = source.open_store()
    incoming, targets = _incoming(files, into)
    # Personal data stays out of public graphs even with --no-validate: that is the store's
    # rule, not a rule of the model (styrgraf.model.privacy).
    private = declared_in_store(store) | set(private_graphs)
    checked = check_write(
        store, incoming, targets, private=private, lang=lang, shapes=not no_validate
    )
    if checked.findings:
        sys.stdout.write(refusal(checked))
        sys.stderr.write(
            "styrgraf load: the load would show personal data in public or make a private "
            "graph public; nothing was loaded\n"
        )
        return EXIT_FINDINGS
    if not checked.conforms:
        sys.stdout.write(refusal(checked))
        sys.stderr.write(
            "styrgraf load: the load would add a violation of the rules to those the store "
            "has; nothing was loaded (--no-validate loads it anyway)\n"
        )
        return EXIT_FINDINGS
    shown = progress if progress is not None else sys.stderr.isatty()
    bar = Progress(sys.stderr) if shown else None
    try:
        counts = store.load(files, graph=into, progress=bar.update if bar else None)
    finally:
        if bar is not None:
            bar.finish()
    for graph, vocabulary in vocabulary_graphs().items():
        store.load(vocabulary, graph=graph)
    kept = private | checked.declaring
    if kept != declared_in_store(store, [SERVICE_GRAPH]):
        store.replace_graphs({SERVICE_GRAPH: record(kept)})
    store.close()
    for graph, count in sorted(counts.items()):
        sys.stdout.write(f"{graph}\t{count}\n")
    return EXIT_OK


def _incoming(paths: list[Path], into: str | None) -> tuple[list[ox.Quad], set[str]]:
    """The quads a load brings, each in the graph it goes to, and the graphs it fills."""
    incoming = parse_files(paths)
    targets = {q.graph_name.value for q in incoming if isinstance(q.graph_name, ox.NamedNode)}
    if any(isinstance(q.graph_name, ox.DefaultGraph) for q in incoming):
        if into is None:
            raise InputError(
                ", ".join(str(p) for p in paths),
                "has triples outside a named graph: name the graph to load them into "
                "(styrgraf load --into IRI)",
            )
        name = ox.NamedNode(into)
        incoming = [
            q
            if isinstance(q.graph_name, ox.NamedNode)
            else ox.Quad(q.subject, q.predicate, q.object, name)
            for q in incoming
        ]
        targets.add(name.value)
    for target in targets:
        if target == SERVICE_GRAPH:
            raise CommandError(f"<{target}> is the service's configuration graph: not loaded into")
    return incoming, targets


@click.command(
    "private-graphs",
    context_settings=CONTEXT,
    short_help="list the graphs a store keeps private, or make one public again",
)
@source_options(scope=False)
@click.option(
    "--make-public",
    "public",
    metavar="IRI",
    help="take the graph out of the private ones, and its declarations out of the data",
)
def private_graphs(public: str | None, **options: Any) -> int:
    """List the graphs the store keeps private (personal data that no public route shows):
    those its configuration graph records and those the data declares sg:PrivateGraph.
    --make-public IRI makes one public again, on a store no service holds, and only once the
    graph holds no personal data: no write through the service can."""
    source = Source.from_options(options, alternatives=STORE)
    if not source.names_a_store:
        raise CommandError("say which store: --store DIR or --endpoint URL")
    if given_on_command_line(click.get_current_context(), "data"):
        raise CommandError("private graphs are kept by a store: --store or --endpoint, not --data")
    if source.store is not None and source.endpoint is None and not Path(source.store).is_dir():
        raise CommandError(f"{source.store}: no store there")
    store = source.open_store()
    try:
        if public is None:
            for graph in sorted(declared_in_store(store)):
                sys.stdout.write(f"{graph}\n")
            return EXIT_OK
        try:
            graph = parse_iris([public])[0]
            holders = make_public(store, graph)
        except ValueError as problem:
            raise CommandError(str(problem)) from None
    finally:
        store.close()
    sys.stdout.write(
        f"<{graph}> is public now: its declaration was taken out of the service's "
        "configuration graph" + "".join(f" and <{h}>" for h in holders) + "\n"
    )
    sys.stderr.write(
        "styrgraf private-graphs: a service whose private_graphs setting "
        "(STYRGRAF_PRIVATE_GRAPHS) names it still keeps it private; a running service over a "
        "remote store keeps it private until it is restarted\n"
    )
    return EXIT_OK


@click.command(
    context_settings=CONTEXT,
    short_help="write the model out as RDF, or the goal hierarchy as GraphML",
)
@source_options()
@format_option(["trig", *list(EXPORT_FORMATS)[1:], "graphml"])
@click.option(
    "--vocabulary", is_flag=True, help="include the ontology and shapes graphs of a store"
)
@setting_options(["lang"])
@output_option()
def export(
    output_format: str, vocabulary: bool, lang: str, output: str | None, **options: Any
) -> int:
    """Write the named graphs out (TriG by default), or the goal hierarchy as GraphML for Gephi
    or yEd."""
    store, graphs = Source.from_options(options).open()
    if output_format == "graphml":
        hierarchy = Hierarchy.from_store(store, graphs=graphs, lang=lang)
        if output is None:
            hierarchy.write_graphml(sys.stdout.buffer)
        else:
            with open(output, "wb") as handle:
                hierarchy.write_graphml(handle)
        return EXIT_OK
    everything = graphs if graphs is not None else store.named_graphs()
    scope = [g for g in everything if g != SERVICE_GRAPH and (vocabulary or not is_vocabulary(g))]
    quads = list(store.quads(scope))
    rdf_format = EXPORT_FORMATS[output_format]
    if rdf_format.supports_datasets:
        data = ox.serialize(quads, format=rdf_format, prefixes=writers.PREFIXES)
    else:
        triples = sorted({q.triple for q in quads}, key=str)
        prefixes = {"prefixes": writers.PREFIXES} if rdf_format != ox.RdfFormat.N_TRIPLES else {}
        data = ox.serialize(triples, format=rdf_format, **prefixes)  # type: ignore[arg-type]
    assert isinstance(data, bytes)
    if output is None:
        sys.stdout.buffer.write(data)
    else:
        Path(output).write_bytes(data)
    return EXIT_OK
