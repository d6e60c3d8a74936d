"""The options the commands share, and the options built from :data:`styrgraf.settings.SETTINGS`.

A setting's option takes its spelling, help, type and default from the setting: the default is
read from the environment (through :func:`styrgraf.settings.from_environment`, the only reader
of it) when the command runs, while help and docs show the declared default and the variable,
never what the environment holds (a token, say). A secret setting has no option at all.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import click
from click.core import ParameterSource
from click.types import OptionHelpExtra

from styrgraf.settings import BY_NAME, SETTINGS, Setting, SettingError, flag, from_environment
from styrgraf.settings import paths as path_list
from styrgraf.vocabulary import parse_iris

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
"""How every command reads its help option and lays out its help."""

Function = TypeVar("Function", bound=Callable[..., Any])


class CommandError(Exception):
    """A request the command cannot carry out as given: exit 2, the message on stderr."""


class Iri(click.ParamType[list[str]]):
    """An absolute IRI, or several separated by whitespace."""

    name = "iri"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> list[str]:
        try:
            return parse_iris(value if isinstance(value, str) else [value])
        except ValueError as problem:
            self.fail(str(problem), param, ctx)


def value_type(setting: Setting) -> click.ParamType[Any]:
    """The click type of a setting's option, from its kind; a new kind must be named here."""
    if setting.choices:
        return click.Choice(setting.choices)
    types: dict[Callable[[str], Any], click.ParamType[Any]] = {
        str: click.STRING,
        int: click.INT,
        float: click.FLOAT,
        path_list: click.STRING,
        parse_iris: Iri(),
    }
    if setting.kind not in types:
        raise TypeError(f"setting {setting.name!r}: no command line type for {setting.kind!r}")
    return types[setting.kind]


class SettingOption(click.Option):
    """A command line option that sets a :class:`~styrgraf.settings.Setting`: its spellings,
    type, help and default all come from the setting (``click.option(cls=SettingOption,
    setting=...)``)."""

    def __init__(self, param_decls: Sequence[str] = (), *, setting: Setting) -> None:
        if setting.option is None:
            raise TypeError(f"setting {setting.name!r} is secret: it has no option")
        self.setting = setting
        if setting.kind is flag:
            negative = "--no-" + setting.option[2:]
            super().__init__(
                [*param_decls, f"{setting.option}/{negative}", setting.name],
                default=setting.default,
                help=setting.help,
            )
            return
        super().__init__(
            [*param_decls, setting.option, *setting.aliases, setting.name],
            type=value_type(setting),
            multiple=isinstance(setting.default, list),
            metavar=setting.metavar,
            default=setting.default,
            help=setting.help,
        )

    def get_default(self, ctx: click.Context, call: bool = True) -> Any:
        """The setting's value from its default and the environment, read when needed."""
        try:
            return from_environment(only=[self.setting.name])[self.setting.name]
        except SettingError as problem:
            raise click.BadParameter(str(problem), ctx=ctx, param=self) from None

    def get_help_extra(self, ctx: click.Context) -> OptionHelpExtra:
        """The variable and the declared default, never the environment's value."""
        extra: OptionHelpExtra = {"envvars": (self.setting.env,)}
        if self.setting.shown_default:
            extra["default"] = self.setting.shown_default
        return extra

    def process_value(self, ctx: click.Context, value: Any) -> Any:
        """A list setting's items, each read as the setting reads its text, in one list;
        a setting that accumulates keeps the environment's items before those given."""
        value = super().process_value(ctx, value)
        if not self.multiple:
            return value
        items = [item for part in value for item in (part if isinstance(part, list) else [part])]
        if self.setting.accumulates and given_on_command_line(ctx, self.setting.name):
            before = self.get_default(ctx)
            items = [*before, *(item for item in items if item not in before)]
        return items


def given_on_command_line(ctx: click.Context, name: str) -> bool:
    """Whether the command line gave this parameter (rather than a default or the environment)."""
    return ctx.get_parameter_source(name) is ParameterSource.COMMANDLINE


def setting_options(names: Sequence[str]) -> Callable[[Function], Function]:
    """A decorator that adds the options of these settings to a command, in this order."""

    def decorate(function: Function) -> Function:
        for name in reversed(names):
            function = click.option(cls=SettingOption, setting=BY_NAME[name])(function)
        return function

    return decorate


SOURCE = [s.name for s in SETTINGS if s.group == "source" and not s.secret]
"""The settings that say where a command reads the model from, as options."""
SERVICE = [s.name for s in SETTINGS if s.group == "service" and not s.secret]
"""The settings of the service, as options of ``styrgraf serve``."""
READING = [name for name in SOURCE if name not in ("private_graphs", "lang")]
"""Where a command that reads the model finds it (without the privacy and language)."""


def source_options(
    *, scope: bool = True, extra: Sequence[str] = ()
) -> Callable[[Function], Function]:
    """Where the model comes from (files, a store directory or a server), ``extra`` settings
    after them, and with ``scope`` the named graphs to read."""
    settings = setting_options([*READING, *extra])
    graph = click.option(
        "--graph",
        "graphs",
        multiple=True,
        metavar="IRI",
        help="only this named graph (a municipality and period); repeatable. Default: all",
    )

    def decorate(function: Function) -> Function:
        function = graph(function) if scope else function
        return settings(function)

    return decorate


def format_option(choices: Sequence[str]) -> Callable[[Function], Function]:
    """``--format``: the first choice, for people, is the default."""
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(list(choices)),
        default=choices[0],
        show_default=True,
        help=f"{choices[0]} for people, or {', '.join(choices[1:])} for machines",
    )


def output_option(
    *, required: bool = False, help: str = "write here instead of stdout"
) -> Callable[[Function], Function]:
    """``--output``/``-o``: the file to write."""
    return click.option(
        "--output", "-o", "output", required=required, metavar="FILE", default=None, help=help
    )
