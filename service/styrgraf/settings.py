"""Every setting of styrgraf, declared once as data, and the one place the environment is read.

Each :class:`Setting` has a name, a default, a type and a help text. Its value comes from the
default, then the environment (``STYRGRAF_<NAME>``), then what the caller gives (the command
line's options, or the ``config`` a test hands to :func:`styrgraf.web.app.create_app`). The
command line builds its options from this table, defaults and help included, so a setting means
the same from either side; ``docs/settings.md`` is generated from it.

Flags read ``1``, ``true``, ``yes`` and ``on`` as true and ``0``, ``false``, ``no``, ``off`` and
the empty text as false, in any case; anything else is an error that names the variable, not a
guess.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from styrgraf.vocabulary import parse_iris

PREFIX = "STYRGRAF_"

_TRUE = ("1", "true", "yes", "on")
_FALSE = ("", "0", "false", "no", "off")


def flag(value: str) -> bool:
    """A setting that is on or off.

    >>> flag("off"), flag("On"), flag("0"), flag("yes")
    (False, True, False, True)
    >>> flag("maybe")
    Traceback (most recent call last):
    ...
    ValueError: 'maybe' is neither on (1, true, yes, on) nor off (0, false, no, off)
    """
    word = value.strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise ValueError(
        f"{value!r} is neither on ({', '.join(_TRUE)}) nor off ({', '.join(_FALSE[1:])})"
    )


def paths(value: str) -> list[str]:
    """Paths separated by ``os.pathsep``.

    >>> paths(os.pathsep.join(["a.ttl", "", "models"]))
    ['a.ttl', 'models']
    """
    return [part for part in value.split(os.pathsep) if part]


@dataclass(frozen=True)
class Setting:
    """One setting: its name, default, type, what it does, and where it applies."""

    name: str
    default: Any
    help: str
    kind: Callable[[str], Any] = str
    group: str = "service"
    """``service`` (styrgraf serve), ``source`` (where any command reads the model from)."""
    secret: bool = False
    """Read from the environment only, never from a command line others can see."""

    @property
    def env(self) -> str:
        return PREFIX + self.name.upper()

    @property
    def option(self) -> str:
        """The command line option that sets it (none for a secret)."""
        return "--" + self.name.replace("_", "-")


SETTINGS: tuple[Setting, ...] = (
    # Where the model comes from: every command reads these.
    Setting(
        "data",
        [],
        "RDF files or folders to serve (os.pathsep-separated in the environment)",
        paths,
        group="source",
    ),
    Setting("store", None, "a persisted embedded store directory", group="source"),
    Setting("endpoint", None, "the query endpoint of a remote SPARQL 1.1 store", group="source"),
    Setting("update_endpoint", None, "its SPARQL 1.1 update endpoint", group="source"),
    Setting("store_endpoint", None, "its Graph Store Protocol endpoint", group="source"),
    Setting(
        "endpoint_user",
        None,
        "user for HTTP Basic authentication at the remote store's endpoints",
        group="source",
    ),
    Setting(
        "endpoint_password",
        None,
        "the password of endpoint_user",
        group="source",
        secret=True,
    ),
    Setting(
        "endpoint_token",
        None,
        "a bearer token for the remote store's endpoints (instead of a user and password)",
        group="source",
        secret=True,
    ),
    Setting(
        "union_default_graph",
        False,
        "the remote store's default graph is the union of its named graphs (Oxigraph "
        "--union-default-graph, Fuseki unionDefaultGraph, GraphDB)",
        flag,
        group="source",
    ),
    Setting(
        "private_graphs",
        [],
        "graphs kept private whatever the data declares (IRIs separated by whitespace or "
        "os.pathsep); added to those the data and the store's configuration graph declare",
        parse_iris,
        group="source",
    ),
    Setting("lang", "sv", "the default language of labels and messages", group="source"),
    # The service.
    Setting("host", "127.0.0.1", "the address to listen on"),
    Setting("port", 8000, "the port to listen on", int),
    Setting("workers", 8, "how many requests are served at once (threads)", int),
    Setting(
        "base_iri",
        "https://w3id.org/styrgraf/",
        "the IRI that the service's root stands for: a request for /ljungby/id/x dereferences "
        "<BASE_IRI>ljungby/id/x",
    ),
    Setting("write_token", None, "the bearer token that writes need; without one, no writes"),
    Setting("max_body", 10 * 1024 * 1024, "the largest request body accepted, in bytes", int),
    Setting(
        "max_query",
        256 * 1024,
        "the longest query or update text accepted, in bytes (413 beyond, before it is read)",
        int,
    ),
    Setting("query_timeout", 10.0, "seconds a query may run before it is stopped", float),
    Setting(
        "query_processes",
        2,
        "worker processes that evaluate public queries on the embedded store, each stopped at "
        "its deadline (0: threads in the service's own process, which cannot be stopped)",
        int,
    ),
    Setting(
        "query_memory",
        2048,
        "MiB of memory each query worker process may take; a query that needs more ends its "
        "process and is refused (400); 0: no limit",
        int,
    ),
    Setting(
        "parse_timeout",
        20.0,
        "seconds a request body may take to parse before its parser process is stopped",
        float,
    ),
    Setting("parse_memory", 1024, "MiB of memory a request body's parser process may use", int),
    Setting(
        "query_queue",
        6,
        "public queries that may wait for a query process: beyond query_processes + "
        "query_queue in progress, a query is refused at once (503)",
        int,
    ),
    Setting(
        "compute_limit",
        4,
        "requests that may wait at once for a whole-model answer being computed (coverage, "
        "validation, traces); more are refused at once (503)",
        int,
    ),
    Setting("write_limit", 2, "writes at /store in progress at once; more are refused (503)", int),
    Setting(
        "admission",
        True,
        "limit the requests in progress of each heavy class (query, compute, write), on "
        "threads of their own; off: every request waits for one of the workers",
        flag,
    ),
    Setting("max_results", 10_000, "the most rows or triples one response holds", int),
    Setting(
        "behind_proxy",
        False,
        "trust one reverse proxy's X-Forwarded-For, -Proto and -Host headers",
        flag,
    ),
)

BY_NAME: dict[str, Setting] = {s.name: s for s in SETTINGS}


class SettingError(ValueError):
    """A setting with a value it cannot take; the message names the variable or setting."""


def from_environment(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Every setting's value from its default and the environment (``os.environ`` unless
    given). An empty variable counts as unset."""
    source = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    for setting in SETTINGS:
        value = setting.default
        raw = source.get(setting.env)
        if raw is not None and raw != "":
            try:
                value = setting.kind(raw)
            except ValueError as problem:
                raise SettingError(f"{setting.env}={raw!r}: {problem}") from None
        values[setting.name] = value
    return values


def resolve(
    given: Mapping[str, Any] | None = None, *, environ: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """Defaults, then the environment, then ``given``. Names in upper case (Flask's own
    settings: ``TESTING``, ...) are passed over; any other name that is not a setting is an
    error."""
    values = from_environment(environ)
    for name, value in (given or {}).items():
        if name.upper() == name:
            continue
        if name not in values:
            raise SettingError(f"unknown setting {name!r}")
        values[name] = value
    return values
