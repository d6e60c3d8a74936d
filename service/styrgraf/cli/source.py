"""Where a command reads its model from: files, a store directory, or a remote store.

The command line wins over the environment as a whole: once it names data, a store or an
endpoint, the data, store and endpoints that the environment names are set aside, so a
``STYRGRAF_STORE`` meant for the service does not turn ``styrgraf validate model.ttl`` into an
error. (For ``load`` the files are what is loaded, not an alternative to the store: there only
a store or endpoint on the command line sets aside the environment's.)
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from styrgraf.cli.options import CommandError, given_on_command_line
from styrgraf.model.bundled import ONTOLOGY_GRAPH, sample_data_files, vocabulary_graphs
from styrgraf.model.follow_up_profile import Profile, ProfileError, load_profile
from styrgraf.settings import BY_NAME, from_environment
from styrgraf.store import open_store
from styrgraf.store.base import Store
from styrgraf.store.embedded import EmbeddedStore

MODEL = ("data", "store", "endpoint", "update_endpoint", "store_endpoint")
"""The settings that say where a reading command finds the model: files, or a store."""
STORE = ("store", "endpoint", "update_endpoint", "store_endpoint")
"""The settings that say which store a command fills or keeps: a directory, or a server."""


def where_from_the_command_line(
    ctx: click.Context, values: Mapping[str, Any], alternatives: Sequence[str] = MODEL
) -> dict[str, Any]:
    """``values`` with the environment's ``alternatives`` set aside (back to their defaults)
    when the command line names any of them itself (``paths``, the positional files, count as
    data)."""
    named = [*alternatives, *(["paths"] if "data" in alternatives else [])]
    if not any(given_on_command_line(ctx, name) for name in named if name in values):
        return dict(values)
    return {
        name: (
            BY_NAME[name].default
            if name in alternatives and not given_on_command_line(ctx, name)
            else value
        )
        for name, value in values.items()
    }


@dataclass(frozen=True)
class Source:
    """Where one command reads its model, and which named graphs (none: every graph)."""

    data: list[str]
    store: str | None = None
    endpoint: str | None = None
    update_endpoint: str | None = None
    store_endpoint: str | None = None
    endpoint_user: str | None = None
    union_default_graph: bool = False
    graphs: tuple[str, ...] = ()

    @classmethod
    def from_options(
        cls,
        options: Mapping[str, Any],
        paths: Sequence[str] = (),
        alternatives: Sequence[str] = MODEL,
    ) -> Source:
        """The source the current command's options name; ``paths`` are files as ``--data``.
        ``alternatives``: the settings of which the command line, naming one, sets aside the
        environment's (:data:`MODEL` for a command that reads a model, :data:`STORE` for one
        that fills a store with files)."""
        ctx = click.get_current_context()
        values = where_from_the_command_line(ctx, {**options, "paths": list(paths)}, alternatives)
        return cls(
            data=[*values["paths"], *values["data"]],
            store=values["store"],
            endpoint=values["endpoint"],
            update_endpoint=values["update_endpoint"],
            store_endpoint=values["store_endpoint"],
            endpoint_user=values["endpoint_user"],
            union_default_graph=values["union_default_graph"],
            graphs=tuple(values.get("graphs", ())),
        )

    @property
    def names_a_store(self) -> bool:
        return self.store is not None or self.endpoint is not None

    def files(self) -> list[Path]:
        """The files named, or the bundled model's."""
        return [Path(p) for p in self.data] or sample_data_files()

    def open_store(self) -> Store:
        """The store named: a remote store (its secrets from the environment) or a directory."""
        secrets = from_environment(only=["endpoint_password", "endpoint_token"])
        return open_store(
            store=self.store,
            endpoint=self.endpoint,
            update_endpoint=self.update_endpoint,
            store_endpoint=self.store_endpoint,
            user=self.endpoint_user,
            password=secrets["endpoint_password"],
            token=secrets["endpoint_token"],
            union_default_graph=self.union_default_graph,
        )

    def open(self) -> tuple[Store, list[str] | None]:
        """The store a reading command works on, and the graphs in scope (None: all)."""
        if self.names_a_store:
            if self.data:
                raise CommandError("give --data, or --store / --endpoint, not both")
            if self.store is not None and self.endpoint is None and not Path(self.store).is_dir():
                raise CommandError(f"{self.store}: no store there: load one with styrgraf load")
            store = self.open_store()
            present = store.named_graphs()
            if not present:
                raise CommandError(
                    f"the {store.description} holds no model: load one with styrgraf load"
                )
        else:
            store = EmbeddedStore()
            store.load(self.files(), file_graphs=True)
            for graph, files in vocabulary_graphs().items():
                store.load(files, graph=graph)
            present = store.named_graphs()
        if not self.graphs:
            return store, None
        for graph in self.graphs:
            if graph not in present:
                raise CommandError(f"no named graph <{graph}> (there are: {', '.join(present)})")
        return store, [*self.graphs, *([ONTOLOGY_GRAPH] if ONTOLOGY_GRAPH in present else [])]


def write(text: str, output: str | None) -> None:
    """Text to standard output, or to the file ``--output`` names."""
    if output is None:
        sys.stdout.write(text)
    else:
        Path(output).write_text(text, encoding="utf-8")


def profile_named(name: str) -> Profile:
    """The follow-up profile ``name`` (bundled, or a file's path), or exit 2 saying why not."""
    try:
        return load_profile(name)
    except ProfileError as problem:
        raise CommandError(f"--follow-up-profile: {problem}") from None
