"""A store as a write would leave it, checked against the rules before anything is written: a
development plan in a private graph may point at a goal in a public graph stored before it.

Every way in checks it here, in one way: a write at ``/store``, ``styrgraf load`` and the
imports (``styrgraf import``, ``POST /api/import/...``) all call :func:`check_write`.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from styrgraf.model.bundled import is_model
from styrgraf.model.privacy import Finding, check, declared
from styrgraf.model.validation import Report, validate_quads
from styrgraf.store.base import Store
from styrgraf.store.private_graphs import declared_in_store


def replacement_quads(
    store: Store, incoming: Iterable[ox.Quad], replaced: Iterable[str]
) -> list[ox.Quad]:
    """The model graphs of the store as they would be after a write: the incoming quads
    together with every model graph the write leaves alone. ``replaced`` names the graphs the
    write fills."""
    targets = set(replaced)
    others = [g for g in store.named_graphs() if g not in targets and is_model(g)]
    return [*incoming, *store.quads(others)]


@dataclass(frozen=True)
class WriteCheck:
    """A write checked before anything is written: the ``findings`` of the rule of personal
    data, and, when there are none and the shapes were asked for, their ``report``."""

    findings: list[Finding]
    """Personal data in a graph that is not private, or a private graph's declaration taken
    away (:func:`styrgraf.model.privacy.check`): any one refuses the write."""
    report: Report | None
    """The shapes' report on the store as the write would leave it; None when the rule of
    personal data refused the write already, or the shapes were not asked for."""
    declaring: frozenset[str]
    """The graphs the written content declares ``sg:PrivateGraph``."""

    @property
    def conforms(self) -> bool:
        """Whether the write may go ahead: no finding of either kind."""
        return not self.findings and (self.report is None or self.report.conforms)


def check_write(
    store: Store,
    incoming: Iterable[ox.Quad],
    written: Iterable[str],
    *,
    private: Collection[str],
    lang: str = "sv",
    shapes: bool = True,
) -> WriteCheck:
    """Check the store as a write would leave it: ``incoming`` the new content of the
    ``written`` graphs (each quad in its graph; a written graph with none is emptied), every
    other model graph as it is (:func:`replacement_quads`). First the rule of personal data,
    with ``private`` the graphs the store keeps private and, for each written graph, the
    private graphs it declared before and would not after; then, only when that finds nothing
    and ``shapes`` is true, the shapes (their messages in ``lang``). Nothing is written."""
    quads = list(incoming)
    targets = sorted(set(written))
    after = replacement_quads(store, quads, targets)
    present = set(store.named_graphs())
    removed = {
        target: declared_in_store(store, [target])
        - declared(q for q in quads if q.graph_name == ox.NamedNode(target))
        for target in targets
        if target in present
    }
    declaring = frozenset(declared(quads))
    findings = check(after, private, removed)
    if findings or not shapes:
        return WriteCheck(findings, None, declaring)
    return WriteCheck([], validate_quads(after, lang=lang, private=private), declaring)
