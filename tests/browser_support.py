"""The pages in a real browser: Debian's chromium driven by Playwright, over a real
``styrgraf serve`` subprocess, with axe-core injected for the accessibility audit.

The fixtures (imported by ``conftest.py``, so every test module can ask for them):

- ``served``: the base URL of one ``styrgraf serve`` over the bundled model, for the session.
- ``browser``: one headless chromium for the session.
- ``page``: a fresh browser page (Swedish locale) that records console errors and uncaught
  exceptions; the test fails at teardown if any were recorded (``page.errors`` lists them;
  a test that provokes one on purpose clears it). :func:`recorded_page` makes one of another
  service, for a module that serves a model of its own (:func:`serving_pages`).

Helpers: :func:`audit` runs axe-core on the page and returns the serious and critical
violations; :func:`screenshot` saves a full-page PNG under the session's temporary folder.

Nothing is fetched at run time: chromium is ``/usr/bin/chromium`` (``tools/test-peers.sh``
installs it with apt) and axe-core is ``.peers/node_modules/axe-core`` (npm, pinned there).
A test that needs either fails with a message naming what is missing.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from oxigraph_server import ServerError

from tests_support import serving

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path(os.environ.get("STYRGRAF_CHROMIUM", "/usr/bin/chromium"))
AXE = ROOT / ".peers" / "node_modules" / "axe-core" / "axe.min.js"
#: Headless, and nothing that reaches out of the machine on its own.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: The axe-core impacts that fail a page.
FAILING_IMPACTS = ("serious", "critical")


@contextmanager
def serving_pages(folder: Path, *options: str, **env: str) -> Iterator[str]:
    """``styrgraf serve`` with ``options`` (``tests_support.serving``) and four workers, as
    the pages' tests serve; ``env`` adds to its environment. Yields its URL; fails the test
    when it does not start."""
    try:
        with serving(folder, *options, env={"STYRGRAF_WORKERS": "4", **env}) as url:
            yield url
    except ServerError as problem:
        pytest.fail(str(problem))


@pytest.fixture(scope="session")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``styrgraf serve`` over the bundled model on a free loopback port; yields its URL."""
    with serving_pages(tmp_path_factory.mktemp("pages-serve")) as url:
        yield url


@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """One headless chromium for the session. Playwright starts it on a fresh temporary
    profile (its own user-data-dir), and each test gets its own context (no shared cookies)."""
    if not CHROMIUM.exists():
        pytest.fail(f"chromium is missing at {CHROMIUM}: tools/test-peers.sh installs it (apt)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("the Python package playwright is missing: pip install -e '.[dev]'")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield launched
        finally:
            launched.close()


class RecordedPage:
    """A browser page and the console errors and uncaught exceptions it has seen."""

    def __init__(self, page: Any, base: str) -> None:
        self.page = page
        self.base = base
        self.errors: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda exception: self.errors.append(f"uncaught: {exception}"))

    def _console(self, message: Any) -> None:
        if message.type == "error":
            self.errors.append(f"console: {message.text} ({message.location.get('url')})")

    def open(self, path: str, status: int = 200) -> Any:
        """Go to a path of the service; assert the status; return the response."""
        response = self.page.goto(self.base + path, wait_until="load")
        assert response is not None, path
        assert response.status == status, (path, response.status)
        return response


@contextmanager
def recorded_page(browser: Any, base: str, **options: Any) -> Iterator[RecordedPage]:
    """A page of the service at ``base`` in a fresh context of ``browser`` (Swedish locale,
    1280 × 900, no cookies; ``options`` for the context beside those), closed after; fails the
    test if the console saw errors."""
    context = browser.new_context(
        locale="sv-SE", viewport={"width": 1280, "height": 900}, **options
    )
    recorded = RecordedPage(context.new_page(), base)
    try:
        yield recorded
    finally:
        context.close()
    assert recorded.errors == [], recorded.errors


@pytest.fixture
def page(browser: Any, served: str) -> Iterator[RecordedPage]:
    """A fresh page in a fresh context of the session's browser (Swedish locale, no cookies);
    fails the test if the console saw errors."""
    with recorded_page(browser, served) as recorded:
        yield recorded


def audit(page: RecordedPage) -> list[dict[str, Any]]:
    """axe-core's serious and critical violations on the page as it is now."""
    if not AXE.exists():
        pytest.fail(f"axe-core is missing at {AXE}: tools/test-peers.sh installs it (npm)")
    # Evaluated by the browser's tools rather than added as a <script>: the pages' policy
    # (script-src 'self') refuses an inline script, and that refusal fails the test.
    page.page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    result: dict[str, Any] = page.page.evaluate(
        "async () => await axe.run(document, {resultTypes: ['violations']})"
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
        if v["impact"] in FAILING_IMPACTS
    ]


def screenshot(page: RecordedPage, folder: Path, name: str) -> Path:
    """A full-page screenshot, saved as ``<folder>/<name>.png``."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    page.page.screenshot(path=str(path), full_page=True)
    return path


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder the session's screenshots go to."""
    return tmp_path_factory.mktemp("screenshots")
