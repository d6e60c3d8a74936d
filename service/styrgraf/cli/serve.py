"""``styrgraf serve``: the service on the web, with a production WSGI server (waitress)."""

from __future__ import annotations

import contextlib
import signal
import sys
from typing import Any

import click
from flask import Flask
from waitress import serve as waitress_serve

from styrgraf.cli.options import (
    CONTEXT,
    EXIT_OK,
    SERVICE,
    setting_options,
    source_options,
)
from styrgraf.cli.source import where_from_the_command_line
from styrgraf.execution.admission import threads
from styrgraf.execution.workers import ProcessEvaluator
from styrgraf.web.app import create_app


@click.command(
    context_settings=CONTEXT,
    short_help="serve the model: SPARQL endpoint, linked data, API",
)
@source_options(scope=False, extra=["private_graphs", "lang"])
@setting_options(SERVICE)
def serve(**options: Any) -> int:
    """Serve the model on the web with a production WSGI server (waitress): the SPARQL 1.1
    endpoint at /sparql, every resource dereferenceable, the API under /api, writes at /store
    with the token. With no options, the bundled Ljungby model on the embedded store. Every
    option can also come from the environment (STYRGRAF_PORT, ...), and the secrets only from
    there."""
    config = where_from_the_command_line(click.get_current_context(), options)
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
        f"  open http://{shown}:{port}/ "
        "(the pages: start, goal tree, follow-up, coverage, validation)\n"
        f"  SPARQL 1.1 at http://{shown}:{port}/sparql; the API under /api (/openapi.json)\n"
        f"  {values['workers']} workers ({threads(values)} threads with the places of queries, "
        f"computing and writes), {evaluation}; writes {writes}\n"
    )
    sys.stdout.flush()
    # Stopped by a signal (systemd's SIGTERM, Ctrl+C), the service exits as Python does, so
    # its query processes end and its temporary store and snapshots are removed.
    signal.signal(signal.SIGTERM, lambda number, frame: sys.exit(0))
    with contextlib.suppress(KeyboardInterrupt):
        listen(app, host, port, values)
    return EXIT_OK


def listen(app: Flask, host: str, port: int, values: dict[str, Any]) -> None:
    """Serve ``app`` with waitress until stopped."""
    # waitress reads a whole body before the app sees it, up to its own limit (1 GB unless
    # told). A body up to twice max_body is read and answered with the app's JSON 413 that
    # names the limit; past that, waitress stops reading and answers 413 in its own words.
    waitress_serve(
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
