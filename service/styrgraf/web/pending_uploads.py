"""Workbooks uploaded for a preview, kept until they are applied: each under a random id, for
a short time, a few at once and a bounded number of bytes in all.

The upload page shows what a workbook would change before it is applied. The file is kept
here between the two, rather than sent again, so that what is applied is exactly what was
previewed; the id, 256 random bits in the preview's form (never in a URL), is all the apply
needs. It is given only to the holder of the write token, is taken once (a second apply
finds nothing), lapses after :data:`SECONDS`, and is refused if the service's write token has
changed since. Nothing is written to disk: a restart forgets every upload.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

SECONDS = 15 * 60
"""How long an uploaded workbook is kept for its apply."""
ENTRIES = 8
"""How many uploaded workbooks are kept at once; a new one pushes out the oldest."""
TOTAL_BYTES = 48 * 1024 * 1024
"""How many bytes the kept workbooks take in all; a new one pushes out the oldest."""


def token_digest(token: str) -> str:
    """What is kept of the write token an upload was made with: its digest, not the token."""
    return hashlib.sha256(token.encode("utf-8", "surrogateescape")).hexdigest()


@dataclass(frozen=True)
class Upload:
    """A workbook uploaded for a preview: the file, who brought it, the digest of the write
    token it came with and of the plan the preview showed."""

    data: bytes
    file: str
    by: str
    token: str
    plan: str
    expires: float = 0.0


class PendingUploads:
    """The uploads of one app, bounded in number, bytes and time."""

    def __init__(
        self, *, seconds: float = SECONDS, entries: int = ENTRIES, total: int = TOTAL_BYTES
    ) -> None:
        self.seconds, self.entries, self.total = seconds, entries, total
        self._kept: OrderedDict[str, Upload] = OrderedDict()
        self._lock = threading.Lock()

    def keep(self, upload: Upload) -> str:
        """Keep an upload; its id, to take it with."""
        key = secrets.token_urlsafe(32)
        kept = Upload(
            upload.data,
            upload.file,
            upload.by,
            upload.token,
            upload.plan,
            time.monotonic() + self.seconds,
        )
        with self._lock:
            self._lapse()
            self._kept[key] = kept
            while len(self._kept) > self.entries or (
                len(self._kept) > 1 and sum(len(u.data) for u in self._kept.values()) > self.total
            ):
                self._kept.popitem(last=False)
        return key

    def take(self, key: str) -> Upload | None:
        """The upload kept under ``key``, removed; None when there is none (never kept, taken
        already, lapsed or pushed out)."""
        with self._lock:
            self._lapse()
            return self._kept.pop(key, None)

    def __len__(self) -> int:
        with self._lock:
            self._lapse()
            return len(self._kept)

    def _lapse(self) -> None:
        now = time.monotonic()
        for key in [k for k, u in self._kept.items() if u.expires <= now]:
            del self._kept[key]
