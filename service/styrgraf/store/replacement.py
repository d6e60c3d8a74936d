"""A store as a write would leave it, checked against the rules before anything is written: a
development plan in a private graph may point at a goal in a public graph stored before it."""

from __future__ import annotations

from collections.abc import Collection, Iterable

import pyoxigraph as ox

from styrgraf.model.bundled import is_model
from styrgraf.model.validation import Report, validate_quads
from styrgraf.store.base import Store


def replacement_quads(
    store: Store, incoming: Iterable[ox.Quad], replaced: Iterable[str]
) -> list[ox.Quad]:
    """The model graphs of the store as they would be after a write: the incoming quads
    together with every model graph the write leaves alone. ``replaced`` names the graphs the
    write fills."""
    targets = set(replaced)
    others = [g for g in store.named_graphs() if g not in targets and is_model(g)]
    return [*incoming, *store.quads(others)]


def validate_replacement(
    store: Store,
    incoming: Iterable[ox.Quad],
    replaced: Iterable[str],
    lang: str = "sv",
    private: Collection[str] | None = None,
) -> Report:
    """Validate the store as it would be after a write (:func:`replacement_quads`): a
    development plan in a private graph may point at a goal in a public graph stored before
    it."""
    return validate_quads(replacement_quads(store, incoming, replaced), lang=lang, private=private)
