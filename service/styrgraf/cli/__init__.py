"""The command line: ``styrgraf`` and its commands."""

from styrgraf.cli.main import build_parser, main

__all__ = ["build_parser", "main"]
