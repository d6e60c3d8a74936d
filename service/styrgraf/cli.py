"""The ``styrgraf`` command line: one entry point, a subcommand per task.

Exit codes: 0 ok, 1 findings (such as rule violations), 2 bad usage or unreadable input.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from styrgraf import __version__
from styrgraf.load import InputError
from styrgraf.report import render
from styrgraf.resources import sample_data_files
from styrgraf.validate import ValidationError, validate_paths

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors exit with code 2 and say which command failed."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def _add_data_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="RDF files or folders to read (Turtle, TriG, N-Triples, N-Quads, JSON-LD, RDF/XML)",
    )
    parser.add_argument(
        "--data",
        action="append",
        default=[],
        metavar="PATH",
        help="an RDF file or folder to read; repeatable. With no data, the bundled Ljungby model",
    )


def _data_paths(args: argparse.Namespace) -> list[Path]:
    named = [Path(p) for p in [*args.paths, *args.data]]
    return named or sample_data_files()


def _validate(args: argparse.Namespace) -> int:
    report = validate_paths(_data_paths(args), shapes_paths=args.shapes or None, lang=args.lang)
    sys.stdout.write(render(report, args.format))
    failed = not report.conforms or (args.fail_on == "warning" and report.warnings > 0)
    return EXIT_FINDINGS if failed else EXIT_OK


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
    _add_data_options(validate)
    validate.add_argument(
        "--shapes",
        action="append",
        default=[],
        metavar="PATH",
        help="a SHACL profile (file or folder) instead of the bundled rules; repeatable",
    )
    validate.add_argument(
        "--lang", choices=["sv", "en"], default="sv", help="language of messages (default: sv)"
    )
    validate.add_argument(
        "--format",
        choices=["text", "json", "turtle"],
        default="text",
        help="text for people, json, or turtle (an sh:ValidationReport)",
    )
    validate.add_argument(
        "--fail-on",
        choices=["violation", "warning"],
        default="violation",
        help="exit 1 on violations only (default), or on warnings too",
    )
    validate.set_defaults(handler=_validate)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = build_parser().parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except (InputError, ValidationError) as error:
        sys.stderr.write(f"styrgraf {args.command}: {error}\n")
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
