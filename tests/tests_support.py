"""Small helpers shared by tests."""

from __future__ import annotations


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
