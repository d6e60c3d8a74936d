"""Every setting of styrgraf, declared once as data, and the one place the environment is read.

Each :class:`Setting` has a name, a default, a type and a help text. Its value comes from the
default, then the environment (``STYRGRAF_<NAME>``), then what the caller gives (the command
line's options, or the ``config`` a test hands to :func:`styrgraf.web.app.create_app`). The
command line builds its options from this table, defaults, types and help included, so a
setting means the same from either side; ``docs/settings.md`` is generated from it. No other
module reads the environment.

Flags read ``1``, ``true``, ``yes`` and ``on`` as true and ``0``, ``false``, ``no``, ``off`` and
the empty text as false, in any case; anything else is an error that names the variable, not a
guess.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from styrgraf.i18n.languages import LANGUAGES
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
    """Reads the text of the environment or of a command line option as the value."""
    group: str = "service"
    """``service`` (styrgraf serve), ``source`` (where any command reads the model from),
    ``import`` (styrgraf import)."""
    secret: bool = False
    """Read from the environment only, never from a command line others can see."""
    metavar: str | None = None
    """What its value is called on the command line (PATH, URL, ...); by default its type."""
    aliases: tuple[str, ...] = ()
    """Other spellings of its command line option, kept for those who already use them."""
    choices: tuple[str, ...] = ()
    """The only values it takes, when there are a few."""
    accumulates: bool = False
    """A list that a command line adds to, rather than replaces: the graphs kept private,
    which no command line may take away from what the environment names."""

    @property
    def env(self) -> str:
        return PREFIX + self.name.upper()

    @property
    def option(self) -> str | None:
        """The command line option that sets it (none for a secret)."""
        return None if self.secret else "--" + self.name.replace("_", "-")

    @property
    def shown_default(self) -> str:
        """The default as help and docs show it: empty when there is none.

        >>> BY_NAME["port"].shown_default, BY_NAME["admission"].shown_default
        ('8000', 'on')
        >>> BY_NAME["store"].shown_default, BY_NAME["data"].shown_default
        ('', '')
        """
        if isinstance(self.default, bool):
            return "on" if self.default else "off"
        if self.default is None or self.default == []:
            return ""
        return str(self.default)

    def read(self, text: str) -> Any:
        """The value a text stands for; ValueError saying why when it is none this can take.

        >>> BY_NAME["lang"].read("de")
        Traceback (most recent call last):
        ...
        ValueError: 'de' is not one of sv, en
        """
        value = self.kind(text)
        if self.choices and value not in self.choices:
            raise ValueError(f"{text!r} is not one of {', '.join(self.choices)}")
        return value


SETTINGS: tuple[Setting, ...] = (
    # Where the model comes from: every command reads these.
    Setting(
        "data",
        [],
        "an RDF file or folder of the model (Turtle, TriG, N-Triples, N-Quads, JSON-LD, "
        "RDF/XML); repeatable, separated by os.pathsep in the environment. With no data, store "
        "or endpoint: the bundled Ljungby model",
        paths,
        group="source",
        metavar="PATH",
    ),
    Setting(
        "store",
        None,
        "a persisted embedded store (a directory), filled by styrgraf load; it survives "
        "restarts. One process at a time holds it: to share a model between processes, serve "
        "it from a remote store",
        group="source",
        metavar="DIR",
    ),
    Setting(
        "endpoint",
        None,
        "the SPARQL 1.1 query endpoint of a remote store (Oxigraph server, Fuseki, GraphDB, "
        "Virtuoso, ...)",
        group="source",
        metavar="URL",
    ),
    Setting(
        "update_endpoint",
        None,
        "its SPARQL 1.1 update endpoint (needed to load or write)",
        group="source",
        metavar="URL",
    ),
    Setting(
        "store_endpoint",
        None,
        "its Graph Store Protocol endpoint (optional: loading is faster through it)",
        group="source",
        metavar="URL",
    ),
    Setting(
        "endpoint_user",
        None,
        "user for HTTP Basic authentication at the remote store's endpoints (the password "
        "only from the environment: STYRGRAF_ENDPOINT_PASSWORD)",
        group="source",
        metavar="NAME",
        aliases=("--user",),
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
        "--union-default-graph, Fuseki unionDefaultGraph, GraphDB): a query over every graph "
        "then need not name them all, which is much faster with many graphs",
        flag,
        group="source",
    ),
    Setting(
        "private_graphs",
        [],
        "a graph kept private (personal data) whatever the data declares; repeatable, separated "
        "by whitespace or os.pathsep in the environment. Added to those the data and the "
        "store's configuration graph declare, and a command line adds to the environment's",
        parse_iris,
        group="source",
        metavar="IRI",
        aliases=("--private-graph",),
        accumulates=True,
    ),
    Setting(
        "lang",
        "sv",
        "the language of labels and messages",
        group="source",
        choices=LANGUAGES,
    ),
    # Importing results.
    Setting(
        "kolada_api",
        "https://api.kolada.se/v3/",
        "the address of Kolada's API v3, which styrgraf import kolada --fetch asks (a mirror, "
        "or a local server in tests); the values keep Kolada's own addresses as their source",
        group="import",
        metavar="URL",
    ),
    # The service.
    Setting(
        "follow_up_profile",
        "three-step",
        "the follow-up profile by which goal fulfilment is computed: a bundled one "
        "(three-step: uppfyllt, delvis uppfyllt, ej uppfyllt; five-step: uppnått ... inte "
        "uppnått) or the path of a Turtle file holding an sg:FollowUpProfile (docs/follow-up.md)",
        metavar="PROFILE",
    ),
    Setting("host", "127.0.0.1", "the address to listen on"),
    Setting("port", 8000, "the port to listen on", int),
    Setting(
        "workers",
        8,
        "light requests served at once (threads; serve adds one for each place of the heavy "
        "classes)",
        int,
    ),
    Setting(
        "base_iri",
        "https://w3id.org/styrgraf/",
        "the IRI that the service's root stands for, so a municipality can serve its own "
        "domain: a request for /ljungby/id/x describes this IRI followed by ljungby/id/x",
        metavar="IRI",
    ),
    Setting(
        "write_token",
        None,
        "the bearer token that writes at /store need (better given in the environment than on "
        "a command line others can see); without one, writes are off",
        metavar="TOKEN",
    ),
    Setting(
        "max_body",
        10 * 1024 * 1024,
        "the largest request body accepted, in bytes (413 beyond, naming the limit; serve "
        "stops reading a body at twice this, chunked or not)",
        int,
    ),
    Setting(
        "max_query",
        256 * 1024,
        "the longest query or update text accepted, in bytes (413 beyond, naming the parameter "
        "and the limit, before anything reads it: a POST body from its Content-Length alone)",
        int,
    ),
    Setting(
        "query_timeout",
        10.0,
        "seconds a query may run: the client gets a 503 with Retry-After at the deadline, and "
        "the query is stopped",
        float,
    ),
    Setting(
        "query_processes",
        2,
        "worker processes that evaluate public queries on the embedded store, each stopped at "
        "its deadline (0: threads in the service's own process, where a query that computes "
        "before its first answer cannot be stopped)",
        int,
    ),
    Setting(
        "query_memory",
        2048,
        "MiB of memory each query worker process may take; a query that needs more ends its "
        "process, which is replaced, and is refused (400); 0: no limit",
        int,
    ),
    Setting(
        "parse_timeout",
        20.0,
        "seconds a request body may take to parse before its parser process is stopped (422)",
        float,
    ),
    Setting(
        "parse_memory",
        1024,
        "MiB of memory a request body's parser process may take (422 when it runs out; the "
        "service goes on)",
        int,
    ),
    Setting(
        "query_queue",
        6,
        "public queries that may wait for a query process: beyond query_processes + "
        "query_queue in progress, a query is refused at once (503, Retry-After)",
        int,
    ),
    Setting(
        "compute_limit",
        4,
        "requests that may wait at once for a whole-model answer being computed (coverage, "
        "validation, traces); more are refused at once (503)",
        int,
    ),
    Setting(
        "write_limit",
        2,
        "writes at /store and imports in progress at once (one validates and stores, the others "
        "wait); more are refused at once (503)",
        int,
    ),
    Setting(
        "admission",
        True,
        "limit the requests in progress of each heavy class (query, compute, write), on "
        "threads of their own; off: every request waits for one of the workers (the behaviour "
        "before admission control, for comparison)",
        flag,
    ),
    Setting(
        "max_results",
        10_000,
        "the most rows or triples one response holds (cut, with the header "
        "Styrgraf-Results-Truncated)",
        int,
    ),
    Setting(
        "behind_proxy",
        False,
        "trust one reverse proxy's X-Forwarded-For, -Proto and -Host headers, so the URLs the "
        "service writes are the ones clients use",
        flag,
    ),
)

BY_NAME: dict[str, Setting] = {s.name: s for s in SETTINGS}


class SettingError(ValueError):
    """A setting with a value it cannot take; the message names the variable or setting."""


def from_environment(
    environ: Mapping[str, str] | None = None, *, only: Iterable[str] | None = None
) -> dict[str, Any]:
    """Every setting's value (or those named in ``only``) from its default and the environment
    (``os.environ`` unless given). An empty variable counts as unset.

    >>> from_environment({"STYRGRAF_PORT": "9001"}, only=["port", "host"])
    {'host': '127.0.0.1', 'port': 9001}
    """
    source = os.environ if environ is None else environ
    wanted = None if only is None else set(only)
    values: dict[str, Any] = {}
    for setting in SETTINGS:
        if wanted is not None and setting.name not in wanted:
            continue
        value = setting.default
        raw = source.get(setting.env)
        if raw is not None and raw != "":
            try:
                value = setting.read(raw)
            except ValueError as problem:
                raise SettingError(f"{setting.env}={raw!r}: {problem}") from None
        values[setting.name] = value
    if wanted is not None and wanted - values.keys():
        raise SettingError(f"unknown setting {sorted(wanted - values.keys())[0]!r}")
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
