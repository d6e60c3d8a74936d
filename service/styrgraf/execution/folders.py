"""Folders that belong to one running service, and the removal of those a dead one left.

The service makes folders of its own: a temporary store (``styrgraf-store-*``, when it serves
a model from files) and the snapshots its query processes read (``styrgraf-snapshots-*`` in
the temporary directory, ``.styrgraf-snapshots-*`` beside a persisted store). It removes them
when it stops; a process that is killed (``kill -9``, the machine's memory running out) cannot.

So each such folder holds a lock file, ``.styrgraf-owner``, with the owner's process id, on
which the owner holds an exclusive ``flock`` for as long as it lives. The kernel lets go of
the lock when the process ends, however it ends. At its start a service removes every such
folder whose lock it can take: the folders of dead processes, never those of a service that
still runs (their lock is held). A folder is made under a name no sweep looks at, locked, and
only then renamed into place, so no sweep can find it before its lock is held.
"""

from __future__ import annotations

import fcntl
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

LOCK = ".styrgraf-owner"
"""The lock file inside each folder, held by the owning process."""
STORE_PREFIX = "styrgraf-store-"
SNAPSHOTS_PREFIX = "styrgraf-snapshots-"
SIBLING_SNAPSHOTS_PREFIX = ".styrgraf-snapshots-"
PREFIXES = (STORE_PREFIX, SNAPSHOTS_PREFIX, SIBLING_SNAPSHOTS_PREFIX)
_MAKING = ".styrgraf-making-"
_MAKING_GRACE = 3600.0
"""Seconds after which a folder still being made (no lock yet) is taken for a dead one's."""

log = logging.getLogger("styrgraf")

_held: dict[str, int] = {}
"""The lock file descriptors of this process's folders, by folder."""


def owned_folder(prefix: str, parent: str | Path | None = None) -> Path:
    """A new, empty folder ``<parent>/<prefix><random>`` (``parent``: the temporary directory
    by default), locked to this process until :func:`release`."""
    making = Path(tempfile.mkdtemp(prefix=_MAKING, dir=parent))
    descriptor = os.open(making / LOCK, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        os.write(descriptor, f"{os.getpid()}\n".encode())
        folder = making.with_name(prefix + making.name.removeprefix(_MAKING))
        os.rename(making, folder)
    except BaseException:
        os.close(descriptor)
        shutil.rmtree(making, ignore_errors=True)
        raise
    _held[str(folder)] = descriptor
    return folder


def release(folder: str | Path) -> None:
    """Remove one of this process's folders and let go of its lock."""
    shutil.rmtree(folder, ignore_errors=True)
    descriptor = _held.pop(str(folder), None)
    if descriptor is not None:
        os.close(descriptor)


def sweep(parents: Iterable[str | Path | None]) -> list[Path]:
    """Remove the folders that dead processes left in ``parents`` (None: the temporary
    directory); returns those removed."""
    removed: list[Path] = []
    for parent in {Path(p) if p is not None else Path(tempfile.gettempdir()) for p in parents}:
        try:
            entries = list(parent.iterdir())
        except OSError:
            continue
        for folder in entries:
            owned = folder.name.startswith(PREFIXES) and _left_behind(folder)
            if owned or (folder.name.startswith(_MAKING) and _abandoned(folder)):
                removed.append(folder)
    for folder in removed:
        log.info("removed %s, left behind by a service that did not stop", folder)
    return removed


def _left_behind(folder: Path) -> bool:
    """Whether ``folder`` belonged to a process that has ended; if so it is removed."""
    if str(folder) in _held:
        return False
    try:
        descriptor = os.open(folder / LOCK, os.O_RDWR)
    except OSError:
        return False  # not a folder with an owner (or not one of ours): left alone
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False  # its owner lives
        shutil.rmtree(folder, ignore_errors=True)
        return True
    finally:
        os.close(descriptor)


def _abandoned(folder: Path) -> bool:
    """Whether ``folder``, still being made, was abandoned long ago; if so it is removed."""
    try:
        if time.time() - folder.stat().st_mtime <= _MAKING_GRACE:
            return False
    except OSError:
        return False
    if (folder / LOCK).exists():
        return _left_behind(folder)
    shutil.rmtree(folder, ignore_errors=True)
    return True


def snapshot_folder(store: Path) -> Path:
    """A new folder for the snapshots of the store in ``store``, on the store's own file
    system, where a snapshot is hard links to the store's files rather than a copy of them.

    A store in the temporary directory (the one a service makes for a model read from files)
    has its snapshots there too; a persisted store has them in a hidden folder beside it. When
    that cannot be made, or lies on another file system (the store's directory is a mount
    point), the temporary directory is used if it is on the store's file system, and if
    neither is, the temporary directory with a warning: each snapshot is then a full copy.
    """
    temporary = Path(tempfile.gettempdir())
    device = _device(store)
    beside = store.resolve().parent
    if beside == temporary.resolve():
        return owned_folder(SNAPSHOTS_PREFIX)
    if _device(beside) == device:
        try:
            return owned_folder(SIBLING_SNAPSHOTS_PREFIX, beside)
        except OSError as problem:
            reason = f"cannot make a folder beside the store: {problem}"
    else:
        reason = f"{beside} lies on another file system than the store"
    if _device(temporary) != device:
        log.warning(
            "snapshots of %s are kept in %s, on another file system than the store, so each "
            "is a full copy of it (%s)",
            store,
            temporary,
            reason,
        )
    return owned_folder(SNAPSHOTS_PREFIX)


def _device(path: Path) -> int | None:
    try:
        return path.stat().st_dev
    except OSError:
        return None
