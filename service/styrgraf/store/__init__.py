"""The store layer: one interface (:class:`styrgraf.store.base.Store`) over the embedded
Oxigraph store (:mod:`styrgraf.store.embedded`) and a remote SPARQL 1.1 server
(:mod:`styrgraf.store.remote`), and :func:`open_store`, which picks one of them.

:func:`open_store` lives here, in the package itself, because it is the one place that knows
both backends: neither backend module imports the other, and callers that only choose a store
write ``from styrgraf.store import open_store``.
"""

from __future__ import annotations

from pathlib import Path

from styrgraf.store.base import Store, StoreError
from styrgraf.store.embedded import EmbeddedStore
from styrgraf.store.remote import RemoteStore


def open_store(
    *,
    store: str | Path | None = None,
    endpoint: str | None = None,
    update_endpoint: str | None = None,
    store_endpoint: str | None = None,
    user: str | None = None,
    password: str | None = None,
    token: str | None = None,
    union_default_graph: bool = False,
) -> Store:
    """The store a command names: a remote endpoint, a store directory, or memory."""
    if endpoint is not None:
        if store is not None:
            raise StoreError("give either a store directory or an endpoint, not both")
        return RemoteStore(
            endpoint,
            update_endpoint,
            store_endpoint,
            user=user,
            password=password,
            token=token,
            union_default_graph=union_default_graph,
        )
    if update_endpoint is not None or store_endpoint is not None:
        raise StoreError("an update or store endpoint needs --endpoint as well")
    return EmbeddedStore(store)
