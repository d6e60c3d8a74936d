"""The ``styrgraf`` command line: one entry point, a subcommand per task.

Exit codes: 0 ok, 1 findings (such as rule violations), 2 bad usage or unreadable input. A
usage error (an unknown option, a value an option cannot take) prints the usage and the error
and exits with 2 (``SystemExit``), as ``--help`` exits with 0; a request that a command cannot
carry out (an unreadable file, an unknown graph, a store that cannot be reached) is a message
on stderr naming the command, and :func:`main` returns 2.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import NoReturn

import click
from click.exceptions import NoArgsIsHelpError

from styrgraf import __version__
from styrgraf.analysis.trace import NodeError
from styrgraf.cli.generate import generate
from styrgraf.cli.import_commands import import_group
from styrgraf.cli.model_commands import coverage, query, trace_command, validate
from styrgraf.cli.options import CONTEXT, EXIT_USAGE, CommandError
from styrgraf.cli.report import report
from styrgraf.cli.serve import serve
from styrgraf.cli.store_commands import export, load, private_graphs
from styrgraf.cli.workbook import workbook
from styrgraf.model.load import InputError
from styrgraf.model.validation import ValidationError
from styrgraf.sparql.queries import ParameterError, QueryError
from styrgraf.store.base import StoreError

REFUSED = (
    InputError,
    ValidationError,
    CommandError,
    StoreError,
    QueryError,
    ParameterError,
    NodeError,
    # A file that cannot be written (no such folder, no permission), a store in use.
    OSError,
)
"""What a command cannot carry out as asked: exit 2, with the message."""


@click.group(context_settings=CONTEXT)
@click.version_option(
    __version__, "--version", prog_name="styrgraf", message="%(prog)s %(version)s"
)
def styrgraf() -> None:
    """A municipality's governance model (styrmodell) as a checked knowledge graph."""


for command in (
    validate,
    trace_command,
    coverage,
    report,
    workbook,
    query,
    load,
    import_group,
    private_graphs,
    export,
    generate,
    serve,
):
    styrgraf.add_command(command)


def _refuse(error: click.UsageError) -> NoReturn:
    """Say what was wrong with how the command was called, under its usage; exit 2."""
    ctx = error.ctx
    where = ctx.command_path if ctx is not None else "styrgraf"
    if ctx is not None:
        sys.stderr.write(ctx.get_usage() + "\n")
        sys.stderr.write(f"Try '{where} --help' for help.\n")
    message = error.format_message()
    if isinstance(error, NoArgsIsHelpError):
        message = f"give a command: {', '.join(styrgraf.list_commands(error.ctx))}"
    sys.stderr.write(f"{where}: error: {message}\n")
    raise SystemExit(EXIT_USAGE)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line (``argv``, or the process's arguments); returns the exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        with styrgraf.make_context("styrgraf", args) as ctx:
            try:
                code: int = styrgraf.invoke(ctx)
            except REFUSED as error:
                sys.stderr.write(f"styrgraf {ctx.invoked_subcommand}: {error}\n")
                return EXIT_USAGE
            return code
    except click.UsageError as error:
        _refuse(error)
    except click.exceptions.Exit as done:  # --help and --version
        raise SystemExit(done.exit_code) from None


if __name__ == "__main__":
    sys.exit(main())
