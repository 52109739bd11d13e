"""Files the people who keep the collection upload through the library page (web/admin_api.py), made
into articles by the same ingest as `otsqa ingest`.

Uploads live in <data dir>/uploads/, a folder of the library's own: the corpus folder may be shared,
read-only or a checkout of something else, and the library writes only among files it owns. `otsqa
ingest` with no path reads the folder too (`ingest.default_targets`), so a rebuild keeps the uploads,
and a file deleted from it leaves the store at the next ingest, as in any ingested folder.

A file is checked whole, in memory, before anything is written: its name (a plain file name of a type
ingest reads; never a path, a hidden name or one a link stands at), its size, and that it reads and
cleans into an article as ingest would read it (not empty, not binary, not an archive). Only then is
it written, to a hidden temporary file in the folder (hidden: no ingest reads it), flushed to disk and
moved into place with os.replace: the folder never holds half a file. An upload that replaces a file
of the same name keeps the old one aside (hidden, a second link to it) until the ingest has taken the
new one; if the ingest fails the new one, the old file is put back, or the new one removed. What a
killed server leaves (temporary and kept-aside files) is hidden, and `sweep` clears it at start.
"""

from __future__ import annotations

import logging
import os
import secrets
import stat
from dataclasses import dataclass
from pathlib import Path

from ingest.clean import clean_article
from ingest.loaders import FORMATS, format_of, load
from otsqa.errors import DocumentError, UploadError
from otsqa.settings import Settings

log = logging.getLogger(__name__)

TEMP_PREFIX = ".upload-"  # a file being written
ASIDE_PREFIX = ".previous-"  # the file an upload replaces, until the new one is ingested
REMOVING_PREFIX = ".removing-"  # an uploaded article's file while the article is being removed
MAX_NAME_BYTES = 200  # file systems allow 255; the rest is room for the hidden prefixes
ARCHIVES = (".zip", ".tar", ".gz", ".tgz", ".bz2", ".xz", ".7z", ".rar", ".jar", ".docx", ".odt", ".epub")
_ARCHIVE_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"\x1f\x8b", b"7z\xbc\xaf\x27\x1c", b"Rar!", b"BZh")


@dataclass
class Placed:
    """An uploaded file written into the uploads folder, and the file it replaced (kept aside) if any."""

    name: str
    path: Path
    aside: Path | None = None


def types_taken() -> str:
    return ", ".join(FORMATS)


def check_name(name: str) -> str:
    """``name`` when it is a plain file name of a type ingest reads; else UploadError saying why."""
    shown = repr(name[:80])
    if not name or not name.strip():
        raise UploadError("A file without a name: give the file a name ending in its type, such as article.txt.")
    if "/" in name or "\\" in name or name in (".", ".."):
        raise UploadError(f"{shown} is a path, not a file name: upload the file itself; the library chooses where it is kept.")
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in name):
        raise UploadError(f"{shown} has control characters in its name: rename the file.")
    if name.startswith("."):
        raise UploadError(f"{shown} is a hidden name (it starts with '.'), which ingest never reads: rename the file.")
    if len(name.encode("utf-8")) > MAX_NAME_BYTES:
        raise UploadError(f"The name {shown}… is too long (over {MAX_NAME_BYTES} bytes): give the file a shorter name.")
    suffix = Path(name).suffix.lower()
    if suffix in ARCHIVES:
        raise UploadError(f"{shown} is an archive or office file, which is not unpacked: upload the articles in it one by one.")
    if format_of(Path(name)) is None:
        raise UploadError(
            f"{shown} is of a type ingest does not read ({suffix or 'no type'}): the library takes {types_taken()}, "
            "as `otsqa ingest` does."
        )
    return name


def check_upload(name: str, data: bytes, limit: int, size: int | None = None) -> None:
    """Raise UploadError unless ``data`` under ``name`` would become an article: the name (check_name),
    at most ``limit`` bytes (``size``: the whole file's, when only its start was read), not empty, and
    read and cleaned into some text as ingest reads it."""
    check_name(name)
    size = len(data) if size is None else size
    if size > limit or len(data) > limit:
        shown = _size(max(size, len(data)))
        raise UploadError(f"{name} is over the upload limit of {_size(limit)} ({shown}; OTSQA_UPLOAD_MAX_BYTES on the server).")
    if not data.strip():
        raise UploadError(f"{name} is empty: nothing to make an article of.")
    if data.startswith(_ARCHIVE_MAGIC) and format_of(Path(name)) != "pdf":
        raise UploadError(f"{name} is an archive (by its content), not an article: upload the articles in it one by one.")
    try:
        loaded = load(Path(name), data)
        article = clean_article(loaded.text, loaded.hints)
    except DocumentError as exc:
        raise UploadError(f"{name}: {exc}.") from None
    except Exception as exc:  # a reader's bug must refuse one file, never fail the request
        log.exception("unexpected error reading the upload %r", name)
        raise UploadError(f"{name} could not be read ({type(exc).__name__}): it is not an article ingest can read.") from None
    if not article.text.strip():
        raise UploadError(f"{name}: no article text is left after cleaning (only furniture such as share lines or captions).")


def uploads_folder(settings: Settings) -> Path:
    """The uploads folder, made if missing; UploadError when something other than a folder of its own
    is there (a symbolic link could lead the library's writes anywhere)."""
    folder = settings.uploads_dir
    if folder.is_symlink():
        raise UploadError(f"{folder} is a symbolic link; the library writes only into a folder of its own: make it a folder.")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        why = exc.strerror or exc
        raise UploadError(f"Cannot make the uploads folder {folder} ({why}): make the data dir writable.") from None
    if not folder.is_dir():
        raise UploadError(f"{folder} is not a folder: move it away so the library can keep uploads there.")
    return folder


def place(settings: Settings, name: str, data: bytes) -> Placed:
    """Write a checked upload into the uploads folder atomically (see the module docstring)."""
    folder = uploads_folder(settings)
    path = folder / name
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode):
        kind = "a symbolic link" if stat.S_ISLNK(mode) else "something other than a file"
        raise UploadError(f"{name}: {kind} stands at uploads/{name} on the server and is not replaced; remove it there first.")
    temp = folder / f"{TEMP_PREFIX}{secrets.token_hex(8)}"
    aside = None
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            aside = folder / f"{ASIDE_PREFIX}{secrets.token_hex(8)}"
            os.link(path, aside)  # the old file stays where it is until the new one takes its name at once
        os.replace(temp, path)
        _sync_folder(folder)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        if aside is not None:
            aside.unlink(missing_ok=True)
        raise UploadError(f"{name} could not be written to {folder} ({exc.strerror or exc}).") from None
    return Placed(name, path, aside)


def settle(placed: list[Placed], failed: set[str]) -> None:
    """After the ingest: a file it failed is taken out again (the one it replaced put back); the files
    kept aside for the ones it took are deleted."""
    for item in placed:
        try:
            if str(item.path) in failed:
                if item.aside is not None:
                    os.replace(item.aside, item.path)
                else:
                    item.path.unlink(missing_ok=True)
            elif item.aside is not None:
                item.aside.unlink(missing_ok=True)
        except OSError as exc:
            log.warning("could not tidy the upload %s: %s", item.path, exc)
    if placed:
        _sync_folder(placed[0].path.parent)


def is_upload(settings: Settings, source: str) -> bool:
    """Whether an article's file is one the library keeps (and so may delete with the article)."""
    return Path(source).parent == settings.uploads_dir


def set_aside_for_removal(path: Path) -> Path | None:
    """Hide an uploaded file (a hidden name no ingest reads) while its article is removed; where it went,
    or None when it is gone already."""
    hidden = path.parent / f"{REMOVING_PREFIX}{secrets.token_hex(8)}"
    try:
        os.replace(path, hidden)
    except FileNotFoundError:
        return None
    return hidden


def sweep(settings: Settings) -> list[str]:
    """Delete what a killed server left in the uploads folder (hidden temporary and kept-aside files);
    the names deleted."""
    folder = settings.uploads_dir
    if folder.is_symlink() or not folder.is_dir():
        return []
    swept = []
    for entry in folder.iterdir():
        if entry.name.startswith((TEMP_PREFIX, ASIDE_PREFIX, REMOVING_PREFIX)) and not entry.is_symlink() and entry.is_file():
            entry.unlink(missing_ok=True)
            swept.append(entry.name)
    if swept:
        log.info("cleared %d file(s) an earlier server left half-done in %s", len(swept), folder)
    return swept


def _sync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (a power cut after it must not bring back the old name)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _size(count: int) -> str:
    if count >= 1024 * 1024:
        return f"{count / (1024 * 1024):.1f} MiB".replace(".0 ", " ")
    if count >= 1024:
        return f"{count / 1024:.0f} KiB"
    return f"{count} bytes"
