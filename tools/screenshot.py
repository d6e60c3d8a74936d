"""Take docs/screenshot.png, the README's picture: the goal tree of the bundled model, served.

A real `styrgraf serve` of the bundled Ljungby model is started on a free loopback port, and
Debian's chromium (`/usr/bin/chromium`, or `STYRGRAF_CHROMIUM`), driven by the `playwright`
wheel as the browser tests drive it, opens the page and saves what a window of 1200 × 760
pixels shows, quantised to a palette of 256 colours (Pillow) so that it stays near 40 KB.
Nothing is fetched from outside: the page is the service's own. Run it with `make screenshot`
after a change to the pages; the picture is committed, and `make docs` does not take it, since
a browser does not draw the same bytes twice.

    python tools/screenshot.py [--path /coverage?lang=en] [--output docs/screenshot.png]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from io import BytesIO
from pathlib import Path

from oxigraph_server import free_port, stop, wait_for_port
from PIL import Image
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path(os.environ.get("STYRGRAF_CHROMIUM", "/usr/bin/chromium"))
WIDTH, HEIGHT = 1200, 760
"""The window the picture shows: wide enough for the page's layout, small enough to stay light."""
COLOURS = 256
"""The palette: the pages have few colours besides the shades of their anti-aliased text."""
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
ARGS += ["--disable-background-networking", "--disable-component-update", "--disable-sync"]


def take(path: str, output: Path) -> None:
    """Serve the bundled model, open ``path`` on it in chromium and save the window as PNG."""
    if not CHROMIUM.exists():
        sys.exit(f"chromium is missing at {CHROMIUM}: tools/test-peers.sh installs it (apt)")
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="styrgraf-screenshot-") as folder:
        log = Path(folder) / "serve.log"
        # The environment's own settings would change what is served: the bundled model, always.
        env = {k: v for k, v in os.environ.items() if not k.startswith("STYRGRAF_")}
        command = [sys.executable, "-m", "styrgraf.cli", "serve", "--port", str(port)]
        with log.open("wb") as out:
            process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env)
            try:
                wait_for_port(port, process, log, 60.0)
                with sync_playwright() as playwright:
                    browser = playwright.chromium.launch(
                        executable_path=str(CHROMIUM), args=ARGS, headless=True
                    )
                    try:
                        context = browser.new_context(
                            locale="sv-SE", viewport={"width": WIDTH, "height": HEIGHT}
                        )
                        page = context.new_page()
                        response = page.goto(f"http://127.0.0.1:{port}{path}", wait_until="load")
                        if response is None or response.status != 200:
                            status = response.status if response else "no answer"
                            sys.exit(f"{path}: the service answered {status}")
                        picture = page.screenshot(full_page=False)
                    finally:
                        browser.close()
            finally:
                stop(process)
    output.parent.mkdir(parents=True, exist_ok=True)
    _save_small(picture, output)


def _save_small(png: bytes, output: Path) -> None:
    """Save a PNG with a palette of :data:`COLOURS` colours, without dithering (which would
    speckle flat backgrounds and cost bytes)."""
    with Image.open(BytesIO(png)) as image:
        quantised = image.convert("RGB").quantize(
            colors=COLOURS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
        )
        quantised.save(output, "PNG", optimize=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--path", default="/tree", help="the page to take (default: /tree)")
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "screenshot.png")
    arguments = parser.parse_args()
    if not arguments.path.startswith("/"):
        parser.error(f"--path must be a path on the service, starting with /: {arguments.path}")
    take(arguments.path, arguments.output)
    print(f"{arguments.output}: {arguments.output.stat().st_size} bytes")


if __name__ == "__main__":
    main()
