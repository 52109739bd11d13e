"""The files the last ingest that read them could not take, and why, kept in the data dir.

A file that fails never becomes an article, so the store cannot say it exists; yet the people who
keep the collection need to see it beside the articles (the library page lists it as "failed" with
the reason) until a later ingest reads it, or it is gone. Every ingest updates the list for the files
it read: their failures now replace what was kept, a file read fine leaves it. The list is small and
written whole to a new file moved into place, so a kill leaves the old list or the new one.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import tempfile
from pathlib import Path
from typing import Iterable

log = logging.getLogger(__name__)

FILE = "ingest-failures.json"


def note(data_dir: Path, read: Iterable[Path], failed: list[dict[str, str]]) -> None:
    """Keep the ``failed`` entries ({"path", "error"}) of a run that read the files ``read``."""
    kept = load(data_dir)
    for path in read:
        kept.pop(str(path), None)
    now = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    for failure in failed:
        if Path(failure["path"]).exists():  # a name given by mistake is no file to keep watch on
            kept[failure["path"]] = {"error": failure["error"], "at": now}
    kept = {path: entry for path, entry in kept.items() if Path(path).exists()}
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{FILE}.", suffix=".tmp", dir=data_dir)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(kept, handle, ensure_ascii=False)
            os.replace(temp, data_dir / FILE)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    except OSError as exc:  # the ingest itself succeeded: only the library's list of failures is stale
        log.warning("cannot keep the list of failed files in %s: %s", data_dir, exc)


def load(data_dir: Path) -> dict[str, dict[str, str]]:
    """{path: {"error", "at"}} for the files whose last ingest failed and that are still there."""
    try:
        kept = json.loads((data_dir / FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(kept, dict):
        return {}
    return {
        path: entry
        for path, entry in kept.items()
        if isinstance(entry, dict) and isinstance(entry.get("error"), str) and Path(path).exists()
    }
