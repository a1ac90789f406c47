"""Atomic file writes: a crash leaves the old file or the new one, never half of either.

The one way the package replaces a file: answer files and the profile (``newslit.answers.store``), a
student's hand-in (``AnswerStore.export``), the chart cache (``newslit.notebook.charts``) and the class report's
HTML and CSV (``newslit.classroom.report``)::

    write_atomically(path, text_or_bytes)                 # 0600, fsynced
    with open_atomically(path, newline="") as handle:     # for writers that stream (the CSV)
        ...

The data goes into a temporary file in the target's folder (``.<name>.<random>.tmp``: hidden, so the
class report passes over it), which is flushed, fsynced, given its mode, renamed over the target, and
then the folder is fsynced. On any error the temporary file is removed, the target is untouched, and
the error is raised as it came. Standard library only (the answers must not import pandas).
"""
from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

PRIVATE = 0o600


def temp_prefix(path: Path) -> str:
    """The start of the temporary files' names for ``path`` (``AnswerStore`` removes stale ones)."""
    return f".{path.name}."


@contextmanager
def open_atomically(path: str | os.PathLike, *, binary: bool = False, encoding: str = "utf-8",
                    newline: str | None = None, mode: int = PRIVATE, keep_mode: bool = False, durable: bool = True):
    """A handle to write ``path`` through; the file is replaced only when the block ends without error.

    ``mode`` is the new file's permissions (0600: every writer here holds students' answers or their
    names). ``keep_mode=True`` keeps the permissions of a file already at ``path`` instead. ``durable=False``
    skips both fsyncs, for a cache whose torn entry is simply rebuilt; the rename stays atomic.
    """
    target = Path(path)
    if keep_mode:
        try:
            mode = os.stat(target).st_mode & 0o777
        except OSError:
            pass
    text = {} if binary else {"encoding": encoding, "newline": newline}
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=temp_prefix(target), suffix=".tmp")
    try:
        with os.fdopen(fd, "wb" if binary else "w", **text) as handle:
            yield handle
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.chmod(temp, mode)
        os.replace(temp, target)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise
    if durable:
        fsync_folder(target.parent)


def write_atomically(path: str | os.PathLike, data: str | bytes, *, encoding: str = "utf-8", mode: int = PRIVATE,
                     keep_mode: bool = False, durable: bool = True) -> Path:
    """Replace ``path`` with ``data`` (text is encoded as ``encoding``); see ``open_atomically``."""
    payload = data.encode(encoding) if isinstance(data, str) else data
    with open_atomically(path, binary=True, mode=mode, keep_mode=keep_mode, durable=durable) as handle:
        handle.write(payload)
    return Path(path)


def fsync_folder(folder: str | os.PathLike) -> None:
    """Make a rename in ``folder`` durable (POSIX; Windows cannot open a folder, and needs no such step)."""
    if os.name == "nt":  # pragma: no cover - exercised on Windows only
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
