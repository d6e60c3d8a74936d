"""Small helpers shared by tests."""

from __future__ import annotations

from styrgraf.store import RemoteStore


def remote_args(base: str) -> list[str]:
    """The options that point a command at the test Oxigraph server's three endpoints."""
    return [
        "--endpoint",
        f"{base}/query",
        "--update-endpoint",
        f"{base}/update",
        "--store-endpoint",
        f"{base}/store",
    ]


def remote_store(
    base: str, union_default_graph: bool = False, graph_store: bool = True
) -> RemoteStore:
    """A client for the test server, emptied first so each test starts from nothing."""
    store = RemoteStore(
        f"{base}/query",
        f"{base}/update",
        f"{base}/store" if graph_store else None,
        union_default_graph=union_default_graph,
    )
    store._update("DROP SILENT ALL")
    return store
