"""Print docs/cli.md: every command of ``styrgraf``, its synopsis, arguments and options.

Everything comes from the click objects themselves (the help of each command, parameter and
option, the defaults and variables each option's help shows), so the page says what
``styrgraf COMMAND --help`` says. Run through `make docs`; a test checks that the committed file
is what this prints, and that each command's options are those its ``--help`` prints.
"""

from __future__ import annotations

import inspect
import sys

import click

from styrgraf.cli import styrgraf

INTRO = """# The command line

Generated from the click commands of `styrgraf.cli` by `tools/cli_doc.py` (`make docs`); a test
keeps it current and checks each command's options against what `styrgraf COMMAND --help`
prints.

One entry point, `styrgraf`, with `--help` (or `-h`) on every command. Exit codes: 0 ok, 1
findings (rule violations, orphans, rows of a `*-violation` query, a load or an import refused
by the rules), 2 bad usage or unreadable input (the message names the file and line, the
parameter, the graph, the endpoint or the environment variable; a workbook's sheet and cell).

An option whose table row names an environment variable sets the [setting](settings.md) of that
name: the variable gives its default, and the option on the command line wins over it. Where the
model comes from is said on one side or the other: once the command line names data, a store or
an endpoint, the data, store and endpoints of the environment are set aside (for `load` and
`private-graphs`, where the files are what is loaded, only a store or an endpoint does). The
remote store's password and token have no option: they are read only from the environment
(`STYRGRAF_ENDPOINT_PASSWORD`, `STYRGRAF_ENDPOINT_TOKEN`).
"""


def cell(text: str) -> str:
    """Text for a Markdown table cell: pipes and angle brackets escaped, on one line."""
    return " ".join(text.split()).replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")


def synopsis(command: click.Command, ctx: click.Context) -> str:
    """The usage line without its ``Usage:``, as ``--help`` starts."""
    return " ".join([ctx.command_path, *command.collect_usage_pieces(ctx)])


def option_rows(command: click.Command, ctx: click.Context) -> list[str]:
    """One table row per option: spellings and value, meaning, default, variable."""
    rows = ["| option | meaning | default | environment |", "|---|---|---|---|"]
    for param in command.get_params(ctx):
        if not isinstance(param, click.Option) or param.get_help_record(ctx) is None:
            continue
        extra = param.get_help_extra(ctx)
        default = extra.get("required", extra.get("default", ""))
        variables = ", ".join(f"`{v}`" for v in extra.get("envvars", ()))
        rows.append(
            f"| `{cell(param.get_help_spec(ctx))}` | {cell(param.help or '')} "
            f"| {f'`{cell(default)}`' if default else ''} | {variables} |"
        )
    return rows


def argument_rows(command: click.Command, ctx: click.Context) -> list[str]:
    rows = ["| argument | meaning |", "|---|---|"]
    for param in command.get_params(ctx):
        if isinstance(param, click.Argument):
            metavar, meaning = param.get_help_record(ctx)
            rows.append(f"| `{cell(metavar)}` | {cell(meaning)} |")
    return rows if len(rows) > 2 else []


def section(command: click.Command, ctx: click.Context) -> str:
    parts = [
        f"## `{ctx.command_path}`\n",
        f"```\n{synopsis(command, ctx)}\n```\n",
        inspect.cleandoc(command.help or "") + "\n",
    ]
    arguments = argument_rows(command, ctx)
    if arguments:
        parts.append("\n".join(arguments) + "\n")
    parts.append("\n".join(option_rows(command, ctx)) + "\n")
    return "\n".join(parts)


def commands() -> list[tuple[str, click.Command, click.Context]]:
    """Every command under ``styrgraf``, a group's subcommands after it (``import``, then
    ``import kolada``), each named by its words after ``styrgraf`` and with a context as it
    makes it (its help options, ...), without parsing anything."""
    top = click.Context(styrgraf, info_name="styrgraf", **styrgraf.context_settings)
    found: list[tuple[str, click.Command, click.Context]] = []

    def walk(group: click.Group, parent: click.Context, words: list[str]) -> None:
        for name, command in group.commands.items():
            ctx = click.Context(command, parent, name, **command.context_settings)
            found.append((" ".join([*words, name]), command, ctx))
            if isinstance(command, click.Group):
                walk(command, ctx, [*words, name])

    walk(styrgraf, top, [])
    return found


def render() -> str:
    top = click.Context(styrgraf, info_name="styrgraf", **styrgraf.context_settings)
    contexts = commands()
    listing = ["| command | what it does |", "|---|---|"]
    for name, command, _ in contexts:
        summary = cell(command.get_short_help_str(200))
        anchor = name.replace(" ", "-")
        listing.append(f"| [`styrgraf {name}`](#styrgraf-{anchor}) | {summary} |")
    parts = [INTRO, "\n".join(listing) + "\n", section(styrgraf, top)]
    parts += [section(command, ctx) for _, command, ctx in contexts]
    return "\n".join(parts)


if __name__ == "__main__":
    sys.stdout.write(render())
