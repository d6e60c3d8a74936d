"""The command line: ``styrgraf`` and its commands (a click group)."""

from styrgraf.cli.main import main, styrgraf

__all__ = ["main", "styrgraf"]
