"""Print docs/settings.md: every setting of styrgraf, its variable, default, option and meaning.

The table is :data:`styrgraf.settings.SETTINGS`; the options are those the commands of
``styrgraf.cli`` build from it. Run through `make docs`; a test checks that the committed file
is what this prints.
"""

from __future__ import annotations

import sys

from cli_doc import cell, commands

from styrgraf.cli.options import SettingOption
from styrgraf.settings import SETTINGS, Setting

INTRO = """# Settings

Generated from `styrgraf.settings.SETTINGS` by `tools/settings_doc.py` (`make docs`); a test
keeps it current.

Every setting's value comes from its default, then its environment variable, then the command
line option (or the `config` that `styrgraf.web.app.create_app(config)` is given). An empty
variable counts as unset. Flags read `1`, `true`, `yes` and `on` as on and `0`, `false`, `no`
and `off` as off, in any case; a value a setting cannot take is an error that names the
variable (exit 2), not a guess. The settings are read nowhere else: `styrgraf.settings` is the
only module that reads the environment. The options of each command are in [cli.md](cli.md).
"""

GROUPS = (
    (
        "source",
        "Where the model comes from",
        "Every command that reads a model, and the service, find it with these.",
    ),
    ("service", "The service", "`styrgraf serve` and `create_app`."),
    ("import", "Importing results", "`styrgraf import` ([import.md](import.md))."),
)


def options_of(setting: Setting) -> str:
    """The option that sets it, and the commands that have it; or that it has none."""
    if setting.secret:
        return "none: the environment only"
    spelling = ""
    having = []
    for name, command, ctx in commands():
        for param in command.params:
            if isinstance(param, SettingOption) and param.setting == setting:
                spelling = param.get_help_spec(ctx)
                having.append(name)
    if not having:
        return "none"
    return f"`{cell(spelling)}` ({', '.join(having)})"


def render() -> str:
    parts = [INTRO]
    for group, title, about in GROUPS:
        rows = [
            f"## {title}\n",
            about + "\n",
            "| setting | environment | default | command line | what it does |",
            "|---|---|---|---|---|",
        ]
        for setting in (s for s in SETTINGS if s.group == group):
            default = f"`{cell(setting.shown_default)}`" if setting.shown_default else "none"
            rows.append(
                f"| `{setting.name}` | `{setting.env}` | {default} | {options_of(setting)} "
                f"| {cell(setting.help)} |"
            )
        parts.append("\n".join(rows) + "\n")
    return "\n".join(parts)


if __name__ == "__main__":
    sys.stdout.write(render())
