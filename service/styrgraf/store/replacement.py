"""A store as a write would leave it, checked against the rules before anything is written: a
development plan in a private graph may point at a goal in a public graph stored before it.

Every way in checks it here, in one way: a write at ``/store``, ``styrgraf load`` and the
imports (``styrgraf import``, ``POST /api/import/...``) all call :func:`check_write`.

A write is judged by what it changes. The rule of personal data is absolute: any personal data
outside a private graph refuses it, whatever the store held before (docs/security.md). The
shapes' violations after the write are compared with those of the store before it
(:func:`compare`), and the write is refused only when it adds one: on a store that is not yet
sound (a model under construction, a generated model with its defects) a write that adds none,
or removes some, goes ahead. Warnings never refuse.

A violation is the same one before and after when its rule (``sh:sourceShape``), constraint
component, focus node, path, value and message (in the language of the check) are the same,
the numbers in the message left out: a violation that counts something ("the board has 4
övergripande mål in the area") is the same one when its count changes, so a write that makes a
broken rule no better and no worse is not refused for it. A blank node
has no name that lasts: a graph written anew, or read again from a remote store, names its
blank nodes afresh. A violation at a blank node (focus, value or rule) is therefore identified
by the rest alone, and counted: the write adds one when after it there are more violations
alike in everything but their blank nodes than before.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from typing import TypedDict

import pyoxigraph as ox
from rdflib import SH, BNode

from styrgraf.model.bundled import is_model
from styrgraf.model.privacy import Finding, check, declared
from styrgraf.model.validation import Finding as Violation
from styrgraf.model.validation import Report, validate_quads
from styrgraf.model.validation_shapes import Severity, ValidationFinding
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


def store_report(store: Store, *, lang: str, private: Collection[str]) -> Report:
    """The shapes' report on the store as it is: its model graphs, as :func:`check_write`
    validates them after a write (``private``: the graphs the store keeps private besides
    those it declares)."""
    model = [g for g in store.named_graphs() if is_model(g)]
    return validate_quads(store.quads(model), lang=lang, private=private)


class Comparison(TypedDict):
    """The violations of a refused write, told apart (``added``, ``existing``, ``resolved``),
    each as a validation report gives it."""

    added: list[ValidationFinding]
    """The violations the write would add: what refuses it."""
    existing: list[ValidationFinding]
    """The violations that were there before the write and would remain after it."""
    resolved: list[ValidationFinding]
    """The violations that were there before the write and would be gone after it."""


@dataclass(frozen=True)
class Delta:
    """The violations after a write compared with those before it (:func:`compare`)."""

    added: list[Violation]
    existing: list[Violation]
    resolved: list[Violation]

    def as_dict(self) -> Comparison:
        return {
            "added": [f.as_dict() for f in self.added],
            "existing": [f.as_dict() for f in self.existing],
            "resolved": [f.as_dict() for f in self.resolved],
        }


Identity = tuple[str | None, str | None, str | None, str | None, str | None, str]
"""What makes a violation the same before and after a write: rule, constraint component, focus
node, path, value and message with its numbers left out, each blank node as None."""

_NUMBER = re.compile(r"\d+(?:[.,\s\u00a0]\d+)*")


def compare(before: Report, after: Report) -> Delta:
    """The violations of ``after`` (the store as a write would leave it) against those of
    ``before`` (the store as it is): ``added`` those after that were not there before, counted
    by their identity (the module's rule); ``existing`` the others after; ``resolved`` those
    before that are not there after. Warnings are left out. Both reports must be in one
    language."""
    earlier = _identities(before)
    left = Counter(identity for _, identity in earlier)
    added: list[Violation] = []
    existing: list[Violation] = []
    for finding, identity in _identities(after):
        if left[identity] > 0:
            left[identity] -= 1
            existing.append(finding)
        else:
            added.append(finding)
    resolved: list[Violation] = []
    for finding, identity in earlier:
        if left[identity] > 0:
            left[identity] -= 1
            resolved.append(finding)
    return Delta(added, existing, resolved)


def _identities(report: Report) -> list[tuple[Violation, Identity]]:
    """Each violation of the report with its identity."""
    blank = {
        str(term)
        for predicate in (SH.focusNode, SH.value, SH.sourceShape)
        for term in report.graph.objects(None, predicate)
        if isinstance(term, BNode)
    }

    def named(term: str | None) -> str | None:
        return None if term is None or term in blank else term

    return [
        (
            finding,
            (
                named(finding.rule),
                finding.component,
                named(finding.iri),
                finding.path,
                named(finding.value),
                _NUMBER.sub("#", finding.message),
            ),
        )
        for finding in report.findings
        if finding.severity is Severity.VIOLATION
    ]


@dataclass(frozen=True)
class WriteCheck:
    """A write checked before anything is written: the ``findings`` of the rule of personal
    data, and, when there are none and the shapes were asked for, their ``report`` and, when
    it has violations, the ``delta`` of those against the store's before the write."""

    findings: list[Finding]
    """Personal data in a graph that is not private, or a private graph's declaration taken
    away (:func:`styrgraf.model.privacy.check`): any one refuses the write."""
    report: Report | None
    """The shapes' report on the store as the write would leave it; None when the rule of
    personal data refused the write already, or the shapes were not asked for."""
    declaring: frozenset[str]
    """The graphs the written content declares ``sg:PrivateGraph``."""
    delta: Delta | None = None
    """The violations of :attr:`report` against those of the store before the write
    (:func:`compare`); None when the report has none (or there is no report)."""

    @property
    def conforms(self) -> bool:
        """Whether the write may go ahead: no finding of personal data, and no violation
        added to those the store had before it."""
        return not self.findings and not self.added

    @property
    def added(self) -> list[Violation]:
        """The violations the write would add: any one refuses it."""
        return self.delta.added if self.delta is not None else []

    @property
    def existing(self) -> list[Violation]:
        """The violations the store had before the write that would remain after it."""
        return self.delta.existing if self.delta is not None else []

    @property
    def resolved(self) -> list[Violation]:
        """The violations the store had before the write that it would take away."""
        return self.delta.resolved if self.delta is not None else []


def check_write(
    store: Store,
    incoming: Iterable[ox.Quad],
    written: Iterable[str],
    *,
    private: Collection[str],
    lang: str = "sv",
    shapes: bool = True,
    before: Callable[[], Report] | None = None,
) -> WriteCheck:
    """Check the store as a write would leave it: ``incoming`` the new content of the
    ``written`` graphs (each quad in its graph; a written graph with none is emptied), every
    other model graph as it is (:func:`replacement_quads`). First the rule of personal data,
    with ``private`` the graphs the store keeps private and, for each written graph, the
    private graphs it declared before and would not after; then, only when that finds nothing
    and ``shapes`` is true, the shapes (their messages in ``lang``), and, only when they find
    a violation, the store as it is before the write, to tell the violations the write adds
    from those it leaves (:func:`compare`). ``before`` gives the store's own report in
    ``lang`` (a service keeps it per state of its store); by default it is computed
    (:func:`store_report`). Nothing is written."""
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
    report = validate_quads(after, lang=lang, private=private)
    if report.conforms:
        return WriteCheck([], report, declaring)  # a sound store after: nothing to compare
    baseline = before() if before is not None else store_report(store, lang=lang, private=private)
    return WriteCheck([], report, declaring, compare(baseline, report))
