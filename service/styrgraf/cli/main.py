"""The ``styrgraf`` command line: one entry point, a subcommand per task.

Exit codes: 0 ok, 1 findings (such as rule violations), 2 bad usage or unreadable input.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from styrgraf import __version__
from styrgraf.analysis.coverage import coverage
from styrgraf.analysis.hierarchy import Hierarchy
from styrgraf.analysis.trace import NodeError, impact, trace, tree
from styrgraf.cli.progress import Progress
from styrgraf.model.bundled import (
    ONTOLOGY_GRAPH,
    SERVICE_GRAPH,
    is_model,
    is_vocabulary,
    sample_data_files,
    vocabulary_graphs,
)
from styrgraf.model.load import InputError, parse_files
from styrgraf.model.privacy import (
    check,
    declared,
    declared_in_store,
    make_public,
    record,
)
from styrgraf.model.validation import (
    ValidationError,
    replacement_quads,
    validate_paths,
    validate_quads,
)
from styrgraf.render import output
from styrgraf.render.validation_report import render
from styrgraf.settings import BY_NAME
from styrgraf.sparql.queries import ParameterError, QueryError, get_query, load_queries, parse_query
from styrgraf.store.base import EmbeddedStore, Store, StoreError, open_store
from styrgraf.vocabulary import parse_iris

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors exit with code 2 and say which command failed."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def _add_data_options(parser: argparse.ArgumentParser, *, scope: bool = True) -> None:
    """The options every command reads its model with: files, a store directory, or a server."""
    source = parser.add_argument_group("where the model comes from")
    source.add_argument(
        "--data",
        action="append",
        default=[],
        metavar="PATH",
        help="an RDF file or folder (Turtle, TriG, N-Triples, N-Quads, JSON-LD, RDF/XML); "
        "repeatable. With no --data, --store or --endpoint: the bundled Ljungby model",
    )
    source.add_argument(
        "--store",
        metavar="DIR",
        default=os.environ.get("STYRGRAF_STORE"),
        help="a persisted embedded store (a directory; env STYRGRAF_STORE)",
    )
    source.add_argument(
        "--endpoint",
        metavar="URL",
        default=os.environ.get("STYRGRAF_ENDPOINT"),
        help="a SPARQL 1.1 query endpoint of a remote store (env STYRGRAF_ENDPOINT)",
    )
    source.add_argument(
        "--update-endpoint",
        metavar="URL",
        default=os.environ.get("STYRGRAF_UPDATE_ENDPOINT"),
        help="its SPARQL 1.1 update endpoint, for load (env STYRGRAF_UPDATE_ENDPOINT)",
    )
    source.add_argument(
        "--store-endpoint",
        metavar="URL",
        default=os.environ.get("STYRGRAF_STORE_ENDPOINT"),
        help="its Graph Store Protocol endpoint, for faster loading (env STYRGRAF_STORE_ENDPOINT)",
    )
    source.add_argument(
        "--user",
        metavar="NAME",
        default=os.environ.get("STYRGRAF_ENDPOINT_USER"),
        help="user for HTTP Basic authentication at the endpoints (env STYRGRAF_ENDPOINT_USER; "
        "the password only from env STYRGRAF_ENDPOINT_PASSWORD)",
    )
    source.add_argument(
        "--union-default-graph",
        action="store_true",
        default=BY_NAME["union_default_graph"].kind(
            os.environ.get("STYRGRAF_UNION_DEFAULT_GRAPH", "")
        ),
        help="the remote store's default graph is the union of its named graphs (Oxigraph "
        "--union-default-graph, Fuseki unionDefaultGraph, GraphDB): queries over every graph "
        "need not name them (env STYRGRAF_UNION_DEFAULT_GRAPH)",
    )
    if scope:
        source.add_argument(
            "--graph",
            action="append",
            default=[],
            metavar="IRI",
            help="only this named graph (a municipality and period); repeatable. Default: all",
        )


def _add_lang(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--lang", choices=["sv", "en"], default="sv", help="language of labels and messages"
    )


def _add_format(parser: argparse.ArgumentParser, choices: Sequence[str]) -> None:
    parser.add_argument(
        "--format",
        choices=list(choices),
        default=choices[0],
        help=f"{choices[0]} for people, or {', '.join(choices[1:])} for machines",
    )


def _data_paths(args: argparse.Namespace) -> list[Path]:
    named = [Path(p) for p in [*getattr(args, "paths", []), *args.data]]
    return named or sample_data_files()


def _remote(args: argparse.Namespace) -> dict[str, Any]:
    return {
        "union_default_graph": args.union_default_graph,
        "endpoint": args.endpoint,
        "update_endpoint": args.update_endpoint,
        "store_endpoint": args.store_endpoint,
        "user": args.user,
        "password": os.environ.get("STYRGRAF_ENDPOINT_PASSWORD"),
        "token": os.environ.get("STYRGRAF_ENDPOINT_TOKEN"),
    }


def _open(args: argparse.Namespace) -> tuple[Store, list[str] | None]:
    """The store a reading command works on, and the graphs in scope (None: all)."""
    if args.store is not None or args.endpoint is not None:
        if args.data or getattr(args, "paths", []):
            raise UsageError("give --data, or --store / --endpoint, not both")
        if args.store is not None and args.endpoint is None and not Path(args.store).is_dir():
            raise UsageError(f"{args.store}: no store there: load one with styrgraf load")
        store = open_store(store=args.store, **_remote(args))
        present = store.named_graphs()
        if not present:
            raise UsageError(f"the {store.description} holds no model: load one with styrgraf load")
    else:
        store = EmbeddedStore()
        store.load(_data_paths(args), file_graphs=True)
        for graph, files in vocabulary_graphs().items():
            store.load(files, graph=graph)
        present = store.named_graphs()
    if not args.graph:
        return store, None
    for graph in args.graph:
        if graph not in present:
            raise UsageError(f"no named graph <{graph}> (there are: {', '.join(present)})")
    return store, [*args.graph, *([ONTOLOGY_GRAPH] if ONTOLOGY_GRAPH in present else [])]


class UsageError(Exception):
    """A request the command cannot carry out as given."""


def _write(text: str, output: str | None) -> None:
    if output is None:
        sys.stdout.write(text)
    else:
        Path(output).write_text(text, encoding="utf-8")


# --- commands ---


def _validate(args: argparse.Namespace) -> int:
    if args.store is not None or args.endpoint is not None or args.graph:
        store, graphs = _open(args)
        model = [g for g in (graphs or store.named_graphs()) if is_model(g)]
        report = validate_quads(
            store.quads(model), shapes_paths=args.shapes or None, lang=args.lang
        )
    else:
        report = validate_paths(_data_paths(args), shapes_paths=args.shapes or None, lang=args.lang)
    sys.stdout.write(render(report, args.format))
    failed = not report.conforms or (args.fail_on == "warning" and report.warnings > 0)
    return EXIT_FINDINGS if failed else EXIT_OK


def _trace(args: argparse.Namespace) -> int:
    store, graphs = _open(args)
    if args.impact:
        result = impact(store, args.iri, graphs, args.lang)
        text = {
            "text": lambda: output.impact_text(result, args.lang),
            "json": lambda: output.to_json(result),
            "csv": lambda: output.impact_csv(result),
            "turtle": lambda: output.hops_turtle(result["orphaned"], args.lang),
        }[args.format]()
        _write(text, args.output)
        return EXIT_OK
    if args.down:
        below = tree(store, args.iri, graphs, args.lang)
        text = {
            "text": lambda: output.tree_text(below, args.lang),
            "json": lambda: output.to_json(below),
            "csv": lambda: output.tree_csv(below),
            "turtle": lambda: output.tree_turtle(below, args.lang),
        }[args.format]()
        _write(text, args.output)
        return EXIT_OK
    result = trace(store, args.iri, graphs, args.lang)
    text = {
        "text": lambda: output.trace_text(result, args.lang),
        "json": lambda: output.to_json(result),
        "csv": lambda: output.trace_csv(result),
        "turtle": lambda: output.trace_turtle(result, args.lang),
    }[args.format]()
    _write(text, args.output)
    return EXIT_OK if result["paths"] else EXIT_FINDINGS


def _coverage(args: argparse.Namespace) -> int:
    store, graphs = _open(args)
    report = coverage(store, graphs, args.lang).to_json()
    if args.format == "text":
        text = output.coverage_text(report, args.lang)
    elif args.format == "json":
        text = output.to_json(report)
    elif args.format == "csv":
        text = (
            output.matrix_csv(report)
            if args.matrix
            else output.findings_csv(report["orphans"] + report["uncovered"])
        )
    else:
        text = output.coverage_turtle(report, args.lang)
    _write(text, args.output)
    return EXIT_FINDINGS if report["orphans"] or report["uncovered"] else EXIT_OK


def _query(args: argparse.Namespace) -> int:
    if args.list or args.name is None:
        for query in load_queries().values():
            params = " ".join(
                f"{p.name}:{p.type}{'' if p.required else '?'}" for p in query.parameters
            )
            sys.stdout.write(
                f"{query.name:<40} {query.summary}" + (f"  [{params}]" if params else "") + "\n"
            )
        return EXIT_OK
    path = Path(args.name)
    if args.name.endswith(".rq"):
        if not path.is_file():
            raise UsageError(f"{args.name}: no such query file")
        named = parse_query(path.stem, path.read_text(encoding="utf-8"), path)
    else:
        named = get_query(args.name)
    values: dict[str, str] = {}
    for item in args.param:
        key, separator, value = item.partition("=")
        if not separator or not key:
            raise UsageError(f"--param {item!r}: write it as NAME=VALUE")
        values[key] = value
    bindings = named.bindings(values)
    if "lang" in {p.name for p in named.parameters} and "lang" not in values:
        bindings["lang"] = ox.Literal(args.lang)
    store, graphs = _open(args)
    rows = store.select(named.text, bindings, graphs)
    variables = rows.variables or sorted({k for row in rows for k in row})
    text = {
        "text": lambda: output.rows_text(variables, rows, args.lang),
        "json": lambda: output.rows_json(variables, rows),
        "csv": lambda: output.rows_csv(variables, rows),
    }[args.format]()
    _write(text, args.output)
    return EXIT_FINDINGS if named.is_violation and rows else EXIT_OK


def _load(args: argparse.Namespace) -> int:
    if args.store is None and args.endpoint is None:
        raise UsageError("say where to load into: --store DIR or --endpoint URL")
    paths = _data_paths(args)
    try:
        private_graphs = [
            *parse_iris(os.environ.get("STYRGRAF_PRIVATE_GRAPHS", "")),
            *parse_iris(args.private_graph),
        ]
    except ValueError as problem:
        raise UsageError(f"--private-graph: {problem}") from None
    store = open_store(store=args.store, **_remote(args))
    incoming, targets = _incoming(paths, args.into)
    after = replacement_quads(store, incoming, targets)
    # Personal data stays out of public graphs even with --no-validate: that is the store's
    # rule, not a rule of the model (styrgraf.model.privacy).
    private = declared_in_store(store) | set(private_graphs)
    present = set(store.named_graphs())
    removed = {
        target: declared_in_store(store, [target])
        - declared(q for q in incoming if q.graph_name == ox.NamedNode(target))
        for target in targets
        if target in present
    }
    findings = check(after, private, removed)
    if findings:
        for finding in findings:
            sys.stdout.write(f"{finding.message}\n")
        sys.stderr.write(
            "styrgraf load: the load would show personal data in public or make a private "
            "graph public; nothing was loaded\n"
        )
        return EXIT_FINDINGS
    if not args.no_validate:
        report = validate_quads(after, lang=args.lang, private=private)
        if not report.conforms:
            sys.stdout.write(render(report, "text"))
            sys.stderr.write(
                "styrgraf load: the model breaks the rules; nothing was loaded "
                "(--no-validate loads it anyway)\n"
            )
            return EXIT_FINDINGS
    bar = (
        Progress(sys.stderr)
        if args.progress or (args.progress is None and sys.stderr.isatty())
        else None
    )
    try:
        counts = store.load(paths, graph=args.into, progress=bar.update if bar else None)
    finally:
        if bar is not None:
            bar.finish()
    for graph, files in vocabulary_graphs().items():
        store.load(files, graph=graph)
    kept = private | declared(incoming)
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
            raise UsageError(f"<{target}> is the service's configuration graph: not loaded into")
    return incoming, targets


def _private_graphs(args: argparse.Namespace) -> int:
    """List the graphs a store keeps private, or make one public again."""
    if args.store is None and args.endpoint is None:
        raise UsageError("say which store: --store DIR or --endpoint URL")
    if args.data:
        raise UsageError("private graphs are kept by a store: --store or --endpoint, not --data")
    if args.store is not None and args.endpoint is None and not Path(args.store).is_dir():
        raise UsageError(f"{args.store}: no store there")
    store = open_store(store=args.store, **_remote(args))
    try:
        if args.make_public is None:
            for graph in sorted(declared_in_store(store)):
                sys.stdout.write(f"{graph}\n")
            return EXIT_OK
        try:
            graph = parse_iris([args.make_public])[0]
            holders = make_public(store, graph)
        except ValueError as problem:
            raise UsageError(str(problem)) from None
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


EXPORT_FORMATS = {
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}


def _export(args: argparse.Namespace) -> int:
    store, graphs = _open(args)
    if args.format == "graphml":
        hierarchy = Hierarchy.from_store(store, graphs, args.lang)
        if args.output is None:
            hierarchy.write_graphml(sys.stdout.buffer)
        else:
            with open(args.output, "wb") as handle:
                hierarchy.write_graphml(handle)
        return EXIT_OK
    everything = graphs if graphs is not None else store.named_graphs()
    scope = [
        g for g in everything if g != SERVICE_GRAPH and (args.vocabulary or not is_vocabulary(g))
    ]
    quads = list(store.quads(scope))
    rdf_format = EXPORT_FORMATS[args.format]
    if rdf_format.supports_datasets:
        data = ox.serialize(quads, format=rdf_format, prefixes=output.PREFIXES)
    else:
        triples = sorted({q.triple for q in quads}, key=str)
        options = {"prefixes": output.PREFIXES} if rdf_format != ox.RdfFormat.N_TRIPLES else {}
        data = ox.serialize(triples, format=rdf_format, **options)  # type: ignore[arg-type]
    assert isinstance(data, bytes)
    if args.output is None:
        sys.stdout.buffer.write(data)
    else:
        Path(args.output).write_bytes(data)
    return EXIT_OK


def _generate(args: argparse.Namespace) -> int:
    from styrgraf.generator.generate import generate  # only this command needs the generator

    if args.municipalities < 1:
        raise UsageError("the number of municipalities must be at least 1")
    generated = generate(
        args.municipalities,
        seed=args.seed,
        defects=not args.no_defects,
        private=not args.no_private,
    )
    for target in (args.output, args.manifest):
        if target is not None and not Path(target).resolve().parent.is_dir():
            raise UsageError(f"{target}: cannot write there: no such folder")
    generated.write_trig(args.output)
    if args.manifest:
        generated.write_manifest(args.manifest)
    sys.stderr.write(
        f"{args.output}: {args.municipalities} municipalities, {generated.triple_count} triples, "
        f"{len(generated.manifest['defects'])} planted defects\n"
    )
    return EXIT_OK


def _serve(args: argparse.Namespace) -> int:
    from styrgraf.execution.admission import threads
    from styrgraf.execution.workers import ProcessEvaluator
    from styrgraf.web.app import create_app

    config: dict[str, Any] = {
        name: value
        for name, value in (
            ("host", args.host),
            ("port", args.port),
            ("workers", args.workers),
            ("query_processes", args.query_processes),
            ("write_token", args.write_token),
            ("base_iri", args.base_iri),
            ("store", args.store),
            ("endpoint", args.endpoint),
            ("update_endpoint", args.update_endpoint),
            ("store_endpoint", args.store_endpoint),
            ("data", [str(p) for p in args.data] or None),
        )
        if value is not None
    }
    if args.union_default_graph:
        config["union_default_graph"] = True
    app = create_app(config)
    service = app.extensions["styrgraf"]
    service.evaluator.start()  # the query processes start now, not at the first query
    values = service.settings
    host, port = values["host"], values["port"]
    shown = f"[{host}]" if ":" in host else host
    what = "the bundled Ljungby model" if not values["data"] else ", ".join(values["data"])
    if values["store"] or values["endpoint"]:
        what = values["store"] or values["endpoint"]
    if values["endpoint"]:
        # How the served store reads the remote dataset: a wrong guess either misses the
        # graphs (a union assumed where there is none) or names hundreds of them per query.
        what += (
            " (its default graph read as the union of its named graphs)"
            if service.store.union_default_graph
            else " (each query names its graphs)"
        )
    writes = "need the token" if values["write_token"] else "are off"
    evaluation = (
        f"{service.evaluator.processes} query processes"
        if isinstance(service.evaluator, ProcessEvaluator)
        else "queries in threads"
    )
    sys.stdout.write(
        f"styrgraf serves {what}\n"
        f"  open http://{shown}:{port}/ (the pages: start, goal tree, coverage, validation)\n"
        f"  SPARQL 1.1 at http://{shown}:{port}/sparql; the API under /api (/openapi.json)\n"
        f"  {values['workers']} workers ({threads(values)} threads with the places of queries, "
        f"computing and writes), {evaluation}; writes {writes}\n"
    )
    sys.stdout.flush()
    # Stopped by a signal (systemd's SIGTERM, Ctrl+C), the service exits as Python does, so
    # its query processes end and its temporary store and snapshots are removed.
    signal.signal(signal.SIGTERM, lambda number, frame: sys.exit(0))
    with contextlib.suppress(KeyboardInterrupt):
        _listen(app, host, port, values)
    return EXIT_OK


def _listen(app: Any, host: str, port: int, values: dict[str, Any]) -> None:
    from waitress import serve  # only this command needs the server

    from styrgraf.execution.admission import threads

    # waitress reads a whole body before the app sees it, up to its own limit (1 GB unless
    # told). A body up to twice max_body is read and answered with the app's JSON 413 that
    # names the limit; past that, waitress stops reading and answers 413 in its own words.
    serve(
        app,
        host=host,
        port=port,
        # workers for light requests, and a thread for each place of the heavy classes.
        threads=threads(values),
        # Reading ahead on a connection is how waitress sees a client leave while its request
        # waits (for a query process, a computed answer, the write lock).
        channel_request_lookahead=1,
        ident="styrgraf",
        max_request_body_size=2 * int(values["max_body"]),
        # Each open connection holds a place, idle keep-alive ones too, until it has been
        # idle for two minutes; past waitress's default of 100 places a new client waits that
        # long. Connections cost waitress little; poll() watches more than select() can.
        connection_limit=1000,
        asyncore_use_poll=True,
    )


def build_parser() -> argparse.ArgumentParser:
    """The parser for every command, so that tests and docs can walk it."""
    parser = _Parser(
        prog="styrgraf",
        description="A municipality's governance model (styrmodell) as a checked knowledge graph.",
    )
    parser.add_argument("--version", action="version", version=f"styrgraf {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True

    validate = commands.add_parser(
        "validate",
        help="check a model against the rules of the styrmodell (SHACL)",
        description=(
            "Check a model against the rules of the styrmodell. Exit 0 when it conforms "
            "(warnings allowed), 1 when a rule is violated, 2 when the input cannot be read."
        ),
    )
    validate.add_argument(
        "paths", nargs="*", metavar="PATH", help="RDF files or folders to read (as --data)"
    )
    _add_data_options(validate)
    validate.add_argument(
        "--shapes",
        action="append",
        default=[],
        metavar="PATH",
        help="a SHACL profile (file or folder) instead of the bundled rules; repeatable",
    )
    _add_lang(validate)
    _add_format(validate, ["text", "json", "turtle"])
    validate.add_argument(
        "--fail-on",
        choices=["violation", "warning"],
        default="violation",
        help="exit 1 on violations only (default), or on warnings too",
    )
    validate.set_defaults(handler=_validate)

    trace_cmd = commands.add_parser(
        "trace",
        help="every path from a node up to the vision",
        description=(
            "Every path from a node (aktivitet, handlingsplan, nämndsmål, övergripande mål, "
            "development plan, focus area, ...) up to the vision, each step with its type, label, "
            "board and unit. Exit 0 when the node reaches the vision, 1 when it does not (the "
            "output says where the path breaks), 2 when the IRI is not a node of the hierarchy."
        ),
    )
    trace_cmd.add_argument("iri", metavar="IRI", help="the node to trace")
    direction = trace_cmd.add_mutually_exclusive_group()
    direction.add_argument(
        "--down", action="store_true", help="the tree of everything under the node instead"
    )
    direction.add_argument(
        "--impact",
        action="store_true",
        help="what would be orphaned if the node were withdrawn, instead",
    )
    _add_data_options(trace_cmd)
    _add_lang(trace_cmd)
    _add_format(trace_cmd, ["text", "json", "csv", "turtle"])
    _add_output(trace_cmd)
    trace_cmd.set_defaults(handler=_trace)

    coverage_cmd = commands.add_parser(
        "coverage",
        help="orphans, uncovered goals and the board x strategic area matrix",
        description=(
            "Everything that hangs loose, each with the reason: orphans (no path to the vision) "
            "and uncovered goals, boards, units and focus areas; the boards x strategic areas "
            "matrix, and a summary with percentages. Exit 1 when there are findings."
        ),
    )
    _add_data_options(coverage_cmd)
    _add_lang(coverage_cmd)
    _add_format(coverage_cmd, ["text", "json", "csv", "turtle"])
    coverage_cmd.add_argument(
        "--matrix",
        action="store_true",
        help="with --format csv: the matrix cells rather than the findings",
    )
    _add_output(coverage_cmd)
    coverage_cmd.set_defaults(handler=_coverage)

    query_cmd = commands.add_parser(
        "query",
        help="run a named query from queries/ (or an .rq file)",
        description=(
            "Run a named query with its parameters bound as typed values. With no NAME, or "
            "--list, list the named queries. A *-violation query exits 1 when it finds rows."
        ),
    )
    query_cmd.add_argument("name", nargs="?", metavar="NAME", help="a named query, or an .rq file")
    query_cmd.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a parameter value; repeatable",
    )
    query_cmd.add_argument("--list", action="store_true", help="list the named queries")
    _add_data_options(query_cmd)
    _add_lang(query_cmd)
    _add_format(query_cmd, ["text", "json", "csv"])
    _add_output(query_cmd)
    query_cmd.set_defaults(handler=_query)

    load_cmd = commands.add_parser(
        "load",
        help="load models into a store directory or a remote store",
        description=(
            "Load RDF files into --store DIR or a remote --endpoint, each model into its named "
            "graph, the bundled ontology and shapes alongside. Every file is parsed and the "
            "model validated before anything is written; a reload replaces its graphs in one "
            "transaction."
        ),
    )
    load_cmd.add_argument(
        "paths", nargs="*", metavar="PATH", help="RDF files or folders to load (as --data)"
    )
    _add_data_options(load_cmd, scope=False)
    load_cmd.add_argument(
        "--into",
        metavar="IRI",
        help="the named graph for triples outside any graph (Turtle, N-Triples, ...)",
    )
    load_cmd.add_argument(
        "--no-validate",
        action="store_true",
        help="load even a model that breaks the rules (personal data in a public graph is "
        "refused all the same)",
    )
    load_cmd.add_argument(
        "--private-graph",
        action="append",
        default=[],
        metavar="IRI",
        help="a graph the store keeps private (personal data), besides those the data "
        "declares sg:PrivateGraph; repeatable (env STYRGRAF_PRIVATE_GRAPHS)",
    )
    load_cmd.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="show a progress bar (default: when the output is a terminal)",
    )
    _add_lang(load_cmd)
    load_cmd.set_defaults(handler=_load)

    private_cmd = commands.add_parser(
        "private-graphs",
        help="list the graphs a store keeps private, or make one public again",
        description=(
            "List the graphs the store keeps private (personal data that no public route "
            "shows): those its configuration graph records and those the data declares "
            "sg:PrivateGraph. --make-public IRI makes one public again, on a store no service "
            "holds, and only once the graph holds no personal data: no write through the "
            "service can."
        ),
    )
    _add_data_options(private_cmd, scope=False)
    private_cmd.add_argument(
        "--make-public",
        metavar="IRI",
        help="take the graph out of the private ones, and its declarations out of the data",
    )
    private_cmd.set_defaults(handler=_private_graphs)

    export_cmd = commands.add_parser(
        "export",
        help="write the model out as RDF, or the goal hierarchy as GraphML",
        description=(
            "Write the named graphs out (TriG by default), or the goal hierarchy as GraphML "
            "for Gephi or yEd."
        ),
    )
    _add_data_options(export_cmd)
    _add_format(export_cmd, ["trig", *list(EXPORT_FORMATS)[1:], "graphml"])
    export_cmd.add_argument(
        "--vocabulary",
        action="store_true",
        help="include the ontology and shapes graphs of a store",
    )
    _add_lang(export_cmd)
    _add_output(export_cmd)
    export_cmd.set_defaults(handler=_export)

    generate_cmd = commands.add_parser(
        "generate",
        help="write a synthetic model of N municipalities, with planted defects",
        description=(
            "Write a deterministic synthetic model of N municipalities shaped like the bundled "
            "one, with defects of every kind that coverage reports planted and listed in a "
            "manifest, for scale tests."
        ),
    )
    generate_cmd.add_argument("municipalities", type=int, metavar="N", help="how many")
    generate_cmd.add_argument("--seed", type=int, default=1, help="the random seed (default 1)")
    generate_cmd.add_argument(
        "--output", "-o", required=True, metavar="FILE", help="the TriG file to write"
    )
    generate_cmd.add_argument(
        "--manifest", metavar="FILE", help="write the planted defects here (JSON)"
    )
    generate_cmd.add_argument(
        "--no-defects", action="store_true", help="a sound model, with nothing planted"
    )
    generate_cmd.add_argument(
        "--no-private", action="store_true", help="leave out the private graphs"
    )
    generate_cmd.set_defaults(handler=_generate)

    serve_cmd = commands.add_parser(
        "serve",
        help="serve the model: SPARQL endpoint, linked data, API",
        description=(
            "Serve the model on the web with a production WSGI server (waitress): the SPARQL "
            "1.1 endpoint at /sparql, every resource dereferenceable, the API under /api, "
            "writes at /store with the token. With no options, the bundled Ljungby model on "
            "the embedded store. Every setting can also come from the environment "
            "(STYRGRAF_PORT, ...)."
        ),
    )
    _add_data_options(serve_cmd, scope=False)
    serve_cmd.add_argument("--host", help="the address to listen on (default 127.0.0.1)")
    serve_cmd.add_argument("--port", type=int, help="the port to listen on (default 8000)")
    serve_cmd.add_argument(
        "--workers", type=int, help="requests served at once, as threads (default 8)"
    )
    serve_cmd.add_argument(
        "--query-processes",
        type=int,
        help="worker processes that evaluate public SPARQL queries, each stopped at its "
        "deadline (default 2; 0: threads, which cannot be stopped)",
    )
    serve_cmd.add_argument(
        "--write-token",
        help="the bearer token that writes need (better: env STYRGRAF_WRITE_TOKEN); "
        "without one, writes are off",
    )
    serve_cmd.add_argument(
        "--base-iri",
        help="the IRI the service's root stands for, so a municipality can serve its own "
        "domain (default https://w3id.org/styrgraf/)",
    )
    serve_cmd.set_defaults(handler=_serve)
    return parser


def _add_output(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--output", "-o", metavar="FILE", help="write here instead of stdout")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = build_parser().parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except (
        InputError,
        ValidationError,
        UsageError,
        StoreError,
        QueryError,
        ParameterError,
        NodeError,
    ) as error:
        sys.stderr.write(f"styrgraf {args.command}: {error}\n")
        return EXIT_USAGE
    except OSError as error:
        # A file that cannot be written (no such folder, no permission), a store in use.
        sys.stderr.write(f"styrgraf {args.command}: {error}\n")
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
