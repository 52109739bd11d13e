"""Which files an ingest of a folder reads, and which it leaves out and why.

A folder is walked without following symbolic links, to files or to folders. One that leads out of
the folder would bring whatever the ingesting user can read (/etc/passwd, ~/.ssh) into the store,
and from there into answers and onto the web page. One that stays inside is not followed either:
its target is walked under its own name already, so following it would only store one article twice,
and a folder link could loop. Each is listed as skipped, saying where it leads. A link named on the
command line is different: the user pointed at it, so the ingest follows it and says so.

Hidden files and folders (a name starting with ".") are neither read nor listed, as before.
"""

from __future__ import annotations

import os
from pathlib import Path

from ingest.loaders import format_of, not_regular


def walk_folder(folder: Path) -> tuple[list[Path], list[dict[str, str]]]:
    """The files under ``folder`` (a resolved path) to read, sorted, and the entries left out as
    ``{"path", "reason"}``: links, files of unsupported types, and FIFOs, sockets and devices (listed,
    never opened)."""
    files: list[Path] = []
    skipped: list[dict[str, str]] = []
    for root, dirs, names in os.walk(folder):  # os.walk lists a linked folder in dirs but never enters it
        here = Path(root)
        dirs[:] = [d for d in dirs if not d.startswith(".") and not _skip_link(here / d, folder, skipped)]
        for name in names:
            path = here / name
            if name.startswith(".") or _skip_link(path, folder, skipped):
                continue
            try:
                reason = not_regular(path.lstat().st_mode)
            except OSError:  # gone since the folder was listed: nothing to read or report
                continue
            if reason is None and format_of(path) is None:
                reason = f"unsupported file type {path.suffix or '(none)'}"
            if reason is None:
                files.append(path)
            else:
                skipped.append({"path": str(path), "reason": reason})
    return sorted(files), sorted(skipped, key=lambda s: s["path"])


def _skip_link(path: Path, folder: Path, skipped: list[dict[str, str]]) -> bool:
    """Whether ``path`` is a symbolic link; if so it is added to ``skipped`` with where it leads."""
    if not path.is_symlink():
        return False
    target = Path(os.path.realpath(path))  # never raises, even for a loop or a missing target
    kind = "folder" if target.is_dir() else "file" if target.exists() else "missing file"
    where = "inside" if target.is_relative_to(folder) else "outside"
    reason = f"a symbolic link to a {kind} {where} {folder} ({target}): not followed"
    if kind != "missing file":
        reason += (
            " (so no article is stored twice; the target is read under its own name if it is an article)"
            if where == "inside"
            else "; name it on the command line to ingest it"
        )
    skipped.append({"path": str(path), "reason": reason})
    return True


def through_link(path: Path) -> bool:
    """Whether reaching ``path`` (an absolute path stored as resolved) now passes through a symbolic
    link: a stored article's file replaced by a link since it was ingested."""
    return os.path.realpath(path) != str(path)
