"""Which graphs a store keeps private, as the store records it: the ``sg:PrivateGraph``
declarations its graphs hold and the service's configuration graph
(:data:`~styrgraf.model.bundled.SERVICE_GRAPH`). The rule itself (what personal data is and
where it may be) is :mod:`styrgraf.model.privacy`, which knows no store.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

import pyoxigraph as ox

from styrgraf.model.bundled import SERVICE_GRAPH
from styrgraf.model.privacy import PRIVATE_GRAPH, RDF_TYPE, personal_nodes, record
from styrgraf.sparql.queries import get_query
from styrgraf.store.base import Store


def declared_in_store(store: Store, graphs: Collection[str] | None = None) -> set[str]:
    """The graphs declared ``sg:PrivateGraph`` in ``graphs`` of the store (None: all of them,
    the configuration graph included)."""
    scope = None if graphs is None else list(graphs)
    if scope is not None and not scope:
        return set()
    rows = store.select(get_query("private-graphs").text, None, scope)
    return {row["g"].value for row in rows if isinstance(row["g"], ox.NamedNode)}


def establish(store: Store, configured: Iterable[str], writable: bool) -> frozenset[str]:
    """The private graphs at start: the setting, the declarations the store holds (in the data
    and in the configuration graph), all together; written to the configuration graph when the
    store can be written and it does not record them all yet."""
    found = declared_in_store(store)
    private = frozenset(found | set(configured))
    if writable:
        present = SERVICE_GRAPH in store.named_graphs()
        recorded = declared_in_store(store, [SERVICE_GRAPH]) if present else set()
        if recorded != private:
            store.replace_graphs({SERVICE_GRAPH: record(private)})
    return private


def make_public(store: Store, graph: str) -> list[str]:
    """Make ``graph`` public again: take it out of the configuration graph and take its
    ``sg:PrivateGraph`` declarations out of every graph, in one transaction. Refused (ValueError)
    while the graph holds personal data. Returns the graphs its declaration was taken from."""
    target = ox.NamedNode(graph)
    if graph not in declared_in_store(store):
        raise ValueError(f"<{graph}> is not recorded as private in this store")
    held = list(store.quads([graph])) if graph in store.named_graphs() else []
    personal = sorted(personal_nodes(held), key=str)
    if personal:
        shown = ", ".join(f"<{node.value}>" for node in personal[:5])
        more = f" and {len(personal) - 5} more" if len(personal) > 5 else ""
        raise ValueError(
            f"<{graph}> holds personal data ({shown}{more}): take it out of the graph before "
            "the graph is made public"
        )
    rows = store.select(
        "SELECT DISTINCT ?where WHERE { GRAPH ?where { ?g a ?class } }",
        {"g": target, "class": PRIVATE_GRAPH},
    )
    holders = sorted(row["where"].value for row in rows if isinstance(row["where"], ox.NamedNode))
    replaced: dict[str, list[ox.Triple]] = {}
    for holder in holders:
        kept = [
            q.triple
            for q in store.quads([holder])
            if not (q.subject == target and q.predicate == RDF_TYPE and q.object == PRIVATE_GRAPH)
        ]
        replaced[holder] = kept
    store.replace_graphs(replaced)
    return [h for h in holders if h != SERVICE_GRAPH]
