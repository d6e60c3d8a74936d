"""A progress bar on a terminal for loading large files."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TextIO


class Progress:
    """Draws ``file [#####.....] 45 % 12.3 / 27.0 MB`` on one line, at most ten times a second."""

    def __init__(self, stream: TextIO, width: int = 30) -> None:
        self.stream = stream
        self.width = width
        self._last = 0.0
        self._drawn = False

    def update(self, path: Path, done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - self._last < 0.1:
            return
        self._last = now
        share = done / total if total else 1.0
        filled = int(self.width * share)
        bar = "#" * filled + "." * (self.width - filled)
        line = (
            f"\r{path.name[:30]:<30}  [{bar}] {share * 100:5.1f} %  "
            f"{done / 1e6:.1f} / {total / 1e6:.1f} MB"
        )
        self.stream.write(line)
        self.stream.flush()
        self._drawn = True

    def finish(self) -> None:
        if self._drawn:
            self.stream.write("\n")
            self.stream.flush()
