"""One writer at a time per data dir: a second ingest (or remove) is refused at once with a clear message.
It lives with the store because it guards the store: ingest and remove take it, and a reader (the
server following a store, `assistant.watch`) only looks at it, never imports ingest to do so.

The lock file also tells whether the last writer was cut off. A writer puts its pid in the file and
empties it when it has done its whole job; a pid left behind means it died or stopped (SIGKILL, power
loss, Ctrl-C, an error) while it may have been writing. Chroma's embedded store saves its vector index in several
files that a kill can leave out of step with its records, so the next writer checks that index
(see `store.chroma.ChromaStore.repair_vector_index`).
"""

from __future__ import annotations

import fcntl
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from otsqa.errors import IngestLockedError

LOCK_FILE = "ingest.lock"  # in the data dir


@contextmanager
def ingest_lock(data_dir: Path) -> Iterator[bool]:
    """Hold the data dir's writer lock; yields whether the previous writer was cut off."""
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / LOCK_FILE
    # The OS drops a flock when its holder dies (even by SIGKILL), so a crashed run never blocks.
    with open(path, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "unknown"
            raise IngestLockedError(
                f"Another ingest is running on {data_dir} (pid {holder}). Wait for it to finish and run `otsqa ingest` again."
            ) from None
        handle.seek(0)
        interrupted = bool(handle.read().strip())
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        os.fsync(handle.fileno())  # a power cut right after must still leave the pid for the next run
        try:
            yield interrupted
            # Only a writer that did its whole job leaves the file empty. One that raised (a damaged
            # store, a full disk) may have stopped between Chroma's writes: the next run checks too.
            handle.seek(0)
            handle.truncate()
            handle.flush()
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def writer_running(data_dir: Path) -> bool:
    """Whether an ingest or remove is writing to this data dir now: its pid is in the lock file and alive
    (a dead one was cut off). Read, not locked: taking the lock to test it would make a writer starting
    at that moment think another ingest was running."""
    try:
        pid = int((data_dir / LOCK_FILE).read_text(encoding="utf-8").strip() or 0)
    except (OSError, ValueError):
        return False
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # alive, another user's
    return True
