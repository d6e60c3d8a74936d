"""docs/cli.md and docs/settings.md are generated, current, and say what ``--help`` prints."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import cli_doc
import click
import pytest
import settings_doc

ROOT = Path(__file__).parent.parent

CLI = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")


def test_the_cli_document_is_current() -> None:
    assert cli_doc.render() == CLI


def test_the_settings_document_is_current() -> None:
    assert (ROOT / "docs" / "settings.md").read_text(encoding="utf-8") == settings_doc.render()


def _unescaped(text: str) -> str:
    return text.replace("\\|", "|").replace("&lt;", "<").replace("&gt;", ">")


def _documented(command: str) -> tuple[str, list[tuple[str, str, str, str]]]:
    """The synopsis and the option rows (spelling, meaning, default, variable) of a command's
    section of docs/cli.md."""
    heading = f"## `styrgraf {command}`\n"
    assert heading in CLI, f"no section for styrgraf {command}"
    section = CLI.split(heading, 1)[1].split("\n## ", 1)[0]
    synopsis = section.split("```\n", 1)[1].split("\n```", 1)[0]
    rows = []
    for line in section.splitlines():
        if not line.startswith("| `-"):
            continue
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]
        spelling, meaning, default, variable = (_unescaped(c).strip("`") for c in cells)
        rows.append((spelling, meaning, default, variable))
    return synopsis, rows


def _help_options(text: str) -> dict[str, str]:
    """The entries of the Options section of ``--help``, each on one line, by spelling."""
    options = text.split("\nOptions:\n", 1)[1]
    entries: list[list[str]] = []
    for line in options.splitlines():
        if re.match(r"^  -", line):
            entries.append([line])
        elif line.startswith("   ") and entries:
            entries[-1].append(line)
        else:
            break
    joined = [" ".join(" ".join(lines).split()) for lines in entries]
    return {entry.split("  ")[0]: entry for entry in joined}


def _squeezed(text: str) -> str:
    return "".join(text.split())


COMMANDS = {name: command for name, command, _ in cli_doc.commands()}
"""Every command by its words after ``styrgraf``, a group's subcommands too."""


@pytest.mark.parametrize("command", list(COMMANDS))
def test_each_command_section_is_what_its_help_prints(command: str) -> None:
    script = Path(sys.executable).parent / "styrgraf"
    done = subprocess.run(
        [str(script), *command.split(), "--help"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    synopsis, rows = _documented(command)
    usage = done.stdout.split("\n\n", 1)[0]
    assert " ".join(usage.split()) == f"Usage: {synopsis}"
    printed = [_squeezed(entry) for entry in _help_options(done.stdout).values()]
    documented = []
    for spelling, meaning, default, variable in rows:
        extra = [f"env var: {variable}"] if variable else []
        # A required option has no default: the document says "required" where --help does.
        extra += (
            ["required"] if default == "required" else [f"default: {default}"] if default else []
        )
        shown = f"{spelling} {meaning}" + (f" [{'; '.join(extra)}]" if extra else "")
        documented.append(_squeezed(shown))
    # Every option the command prints, in its order, with its meaning, default and variable.
    assert documented == printed
    options = [p for p in COMMANDS[command].params if isinstance(p, click.Option)]
    assert len(rows) == len(options) + 1  # and --help


def test_every_command_and_setting_option_is_in_the_cli_document() -> None:
    for name, command in COMMANDS.items():
        if isinstance(command, click.Group):
            continue  # a group's options are its subcommands'
        _, rows = _documented(name)
        spellings = " ".join(spelling for spelling, *_ in rows)
        options = [o for p in command.params for o in [*p.opts, *p.secondary_opts]]
        assert [o for o in options if o.startswith("-") and o not in spellings] == [], name
        assert [p for p in command.params if isinstance(p, click.Option)], name
