"""An embedded Chroma store's files: checked before Chroma reads them, and set aside when damaged.

Chroma trusts its files. Garbage in a vector index file (the HNSW files in <data dir>/chroma/<segment
id>/) made it follow links out of bounds and kill the whole process: `otsqa ask` died of a
segmentation fault and `otsqa serve` some seconds after it started, while `otsqa status` said the
store was fine. A damaged chroma.sqlite3 surfaced as Chroma's tracebacks. So every open of an embedded
store first reads what Chroma would trust (`check_files`) and raises StoreDamagedError, with the fix,
instead of letting Chroma near it.

What is read, and why it is cheap enough for every open: the SQLite header (magic, page size, length)
and the catalogue rows naming each collection's vector index; then for each index that holds records,
its 100-byte header, the sizes of its files against that header, and every link in its graph (the
links are what Chroma follows blindly; the vectors are never read). `thorough` adds SQLite's own
`PRAGMA quick_check`, which reads every page of the database: for `otsqa status` and `--rebuild`.

The layout read here is hnswlib's as Chroma's fork saves it (chroma-core/hnswlib, `persistHeader`,
`persistDirty`); Chroma writes its own `index_metadata.pickle` beside it once the index holds records.
"""

from __future__ import annotations

import bisect
import json
import logging
import os
import sqlite3
import struct
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import NamedTuple

import numpy as np

from otsqa.errors import StoreDamagedError, StoreError

log = logging.getLogger(__name__)

DATABASE = "chroma.sqlite3"
INDEX_FILES = ("header.bin", "data_level0.bin", "length.bin", "link_lists.bin")
ID_MAP = "index_metadata.pickle"  # Chroma's id ↔ label maps, written once the index holds records
SET_ASIDE_PREFIX = "chroma.damaged-"  # <data dir>/chroma.damaged-<UTC time>: a damaged store, moved aside whole

_SQLITE_MAGIC = b"SQLite format 3\x00"
# version, offsetLevel0, capacity, elements, stride, label offset, data offset, max level, entry point,
# maxM, maxM0, M, mult, ef_construction: native byte order (little-endian on every machine we run on).
_HEADER = struct.Struct("<iQQQQQQiIQQQdQ")
_PERSISTENCE_VERSION = 1
_LABEL_BYTES = 8
_ROWS_PER_READ = 32_768  # level-0 rows checked at a time: bounded memory for an index of any size
_SETTLE_SECONDS = 1.0  # files found wrong are looked at again after this: a save in progress changes them


def check_files(chroma_dir: Path, *, thorough: bool = False) -> None:
    """StoreDamagedError when the store's files are not what Chroma wrote; nothing when there is no
    store yet. Files caught half-way through a save are not damage: a writer in another process (it
    holds the writer lock), or a reader's Chroma saving the records an ingest left in its write log
    (the files change while they are looked at). That is a StoreError saying to ask again."""
    problem = find_damage(chroma_dir, thorough=thorough)
    if problem is None:
        return
    before = _file_states(chroma_dir)
    time.sleep(_SETTLE_SECONDS)
    if _another_writer(chroma_dir.parent) or _file_states(chroma_dir) != before:
        raise StoreError(f"The store at {chroma_dir} is being written ({problem}). Ask again once that has finished.")
    problem = find_damage(chroma_dir, thorough=thorough)  # a save may have finished in the meantime
    if problem is not None:
        raise StoreDamagedError(damaged_message(chroma_dir, problem))


def damaged_message(chroma_dir: Path, problem: str) -> str:
    return (
        f"The store at {chroma_dir} is damaged: {problem}. Chroma cannot be trusted to read it (it could crash "
        "or answer from part of the articles). Rebuild it from the article files with `otsqa ingest --rebuild` "
        "(name the folders it was built from if they are not OTSQA_CORPUS_DIR); the damaged files are moved "
        f"aside to {chroma_dir.parent / (SET_ASIDE_PREFIX + '…')}, not deleted."
    )


def find_damage(chroma_dir: Path, *, thorough: bool = False) -> str | None:
    """What is wrong with the store's files, in words, or None."""
    database = chroma_dir / DATABASE
    if not database.exists():
        return None
    problem = _database_problem(database)
    if problem is not None:
        return problem
    try:
        indexes = _vector_indexes(database, thorough)
    except _Unreadable as exc:
        return str(exc)
    except _Busy:
        return None  # a writer holds the database: Chroma waits for it, and reads it whole after
    for index in indexes:
        folder = chroma_dir / index.segment
        try:
            problem = _index_problem(folder, index)
        except (OSError, ValueError) as exc:  # a file gone or shorter since it was looked at, or unreadable
            problem = f"cannot be read ({exc})"
        if problem is not None:
            return f"the vector index of the collection {index.collection!r} ({folder}) {problem}"
    return None


def _another_writer(data_dir: Path) -> bool:
    """An ingest or remove at work in another process. (The writer itself checks the store when it
    opens it, and must hear that it is damaged: `--rebuild` moves it aside then.)"""
    from store.writer_lock import LOCK_FILE, writer_running

    try:
        own = int((data_dir / LOCK_FILE).read_text(encoding="utf-8").strip() or 0) == os.getpid()
    except (OSError, ValueError):
        own = False
    return not own and writer_running(data_dir)


def _file_states(chroma_dir: Path) -> dict[str, tuple[int, int]]:
    """Size and modification time of every file in the store: what a save in progress changes."""
    states = {}
    for path in chroma_dir.glob("**/*"):
        try:
            stat = path.stat()
        except OSError:  # removed while listed: that too is a change
            continue
        states[str(path)] = (stat.st_size, stat.st_mtime_ns)
    return states


def set_aside(chroma_dir: Path) -> Path:
    """Move a damaged store out of the way in one rename, so Chroma makes a new one in its place and
    a kill leaves either the old store where it was or none there; the files are kept for a look."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S.%fZ")
    aside = chroma_dir.parent / f"{SET_ASIDE_PREFIX}{stamp}"
    os.rename(chroma_dir, aside)
    _sync_folder(chroma_dir.parent)
    log.warning("moved the damaged store %s aside to %s", chroma_dir, aside)
    return aside


def _sync_folder(folder: Path) -> None:
    """Make a rename survive a power cut (the folder's entry is what changed)."""
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


# -- the SQLite database ------------------------------------------------------------------------


class _Unreadable(Exception):
    """The database cannot be read as Chroma's: damage."""


class _Busy(Exception):
    """Another process holds the database for a write: no verdict."""


def _database_problem(path: Path) -> str | None:
    """The 100-byte SQLite header against the file's length (https://sqlite.org/fileformat.html)."""
    size = path.stat().st_size
    with open(path, "rb") as handle:
        head = handle.read(100)
    if len(head) < 100 or not head.startswith(_SQLITE_MAGIC):
        return f"{path.name} is not a SQLite database (its first bytes are not SQLite's header)"
    page_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        return f"{path.name} has a damaged header (page size {page_size})"
    if size % page_size:
        return f"{path.name} is cut off ({size} bytes, not a whole number of {page_size}-byte pages)"
    pages = int.from_bytes(head[28:32], "big")
    header_counts = head[24:28] == head[92:96]  # SQLite's rule for when the page count is current
    # A journal or write-ahead log beside it means SQLite has a write to finish or undo: its length may differ.
    pending = any(path.with_name(path.name + suffix).exists() for suffix in ("-journal", "-wal"))
    if header_counts and not pending and size < pages * page_size:
        return f"{path.name} is cut off ({size} bytes of the {pages * page_size} its header counts)"
    return None


class _Index(NamedTuple):
    segment: str
    collection: str
    dimension: int | None
    saved: bool  # Chroma recorded saving it with records (and has since dropped them from its write log)
    cosine: bool  # vectors normalised on the way in, their lengths kept in length.bin


def _vector_indexes(path: Path, thorough: bool) -> list[_Index]:
    """Every collection's vector index, from Chroma's catalogue, read-only."""
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
    except sqlite3.Error as exc:
        raise _Busy() from exc  # cannot even open (permissions, a lock): Chroma will say what it is
    try:
        if thorough:
            verdict = db.execute("PRAGMA quick_check(1)").fetchone()
            if verdict != ("ok",):
                raise _Unreadable(f"{path.name} fails SQLite's integrity check ({verdict[0] if verdict else 'no answer'})")
        # The distance space is in the collection's schema (Chroma 1.x); a store without one is not checked for it.
        has_schema = any(row[1] == "schema_str" for row in db.execute("PRAGMA table_info(collections)"))
        rows = db.execute(
            "SELECT s.id, c.name, c.dimension, (SELECT m.seq_id FROM max_seq_id m WHERE m.segment_id = s.id), "
            + ("c.schema_str" if has_schema else "NULL")
            + " FROM segments s JOIN collections c ON c.id = s.collection WHERE s.scope = 'VECTOR'"
        ).fetchall()
    except sqlite3.OperationalError as exc:
        if any(word in str(exc) for word in ("locked", "busy")):
            raise _Busy() from exc
        raise _Unreadable(f"{path.name} cannot be read as Chroma's catalogue ({exc})") from None
    except sqlite3.DatabaseError as exc:  # "file is not a database", "database disk image is malformed"
        raise _Unreadable(f"{path.name} cannot be read ({exc})") from None
    finally:
        db.close()
    return [_Index(str(s), str(name), dim, _seq(seq) > 0, _space(schema) == "cosine") for s, name, dim, seq, schema in rows]


def _space(schema: str | None) -> str | None:
    try:
        return json.loads(schema)["keys"]["#embedding"]["float_list"]["vector_index"]["config"]["space"]
    except (TypeError, ValueError, KeyError):
        return None


def _seq(value) -> int:
    """A sequence number as Chroma stores it: an integer, or big-endian bytes in older stores."""
    if value is None:
        return 0
    return int.from_bytes(value, "big") if isinstance(value, bytes) else int(value)


# -- a vector index -------------------------------------------------------------------------------


def _index_problem(folder: Path, index: _Index) -> str | None:
    """What is wrong with one HNSW index folder, or None."""
    saved = index.saved
    if not folder.is_dir():
        return "is missing (its folder is gone)" if saved else None
    present = [name for name in INDEX_FILES if (folder / name).is_file()]
    has_map = (folder / ID_MAP).is_file()
    if not present and not has_map and not saved:
        return None  # never saved: Chroma builds it from its write log
    missing = [name for name in INDEX_FILES if name not in present] + ([] if has_map or not saved else [ID_MAP])
    if missing:
        return f"lacks {', '.join(missing)}"
    if has_map:
        problem = _id_map_problem(folder / ID_MAP)
        if problem is not None:
            return problem
    return _graph_problem(folder, index, holds_records=has_map)


def _id_map_problem(path: Path) -> str | None:
    """Chroma's id map is a pickle: it must open with the protocol marker and end with STOP. (Not
    unpickled here: a pickle can run code, and Chroma reads it with a parser that cannot.)"""
    size = path.stat().st_size
    with open(path, "rb") as handle:
        first = handle.read(1)
        handle.seek(max(size - 1, 0))
        last = handle.read(1)
    if size < 3 or first != b"\x80" or last != b".":
        return f"has a damaged {path.name}"
    return None


def _graph_problem(folder: Path, index: _Index, holds_records: bool) -> str | None:
    header_path = folder / "header.bin"
    raw = header_path.read_bytes()
    if len(raw) != _HEADER.size:
        return f"has a header.bin of {len(raw)} bytes, not {_HEADER.size}"
    fields = _HEADER.unpack(raw)
    version, offset0, capacity, elements, stride, label_at, data_at, max_level, entry, max_m, max_m0, m = fields[:12]
    vector_bytes = label_at - data_at
    if (
        version != _PERSISTENCE_VERSION
        or offset0 != 0
        or not 0 < m <= max_m <= max_m0 < 1 << 16  # a node's level-0 degree is kept in 16 bits
        or capacity >= 1 << 32  # node numbers are 32-bit
        or elements > capacity
        or data_at != 4 + 4 * max_m0
        or vector_bytes <= 0
        or vector_bytes % 4
        or (index.dimension is not None and vector_bytes != 4 * index.dimension)
        or stride != label_at + _LABEL_BYTES
        or (elements > 0 and not (0 <= max_level < 64 and entry < elements))
    ):
        return "has a damaged header.bin (its fields contradict each other or the collection)"
    if elements and not holds_records:
        return f"holds {elements} records but lacks {ID_MAP}"
    sizes = {name: (folder / name).stat().st_size for name in INDEX_FILES}
    if sizes["data_level0.bin"] % stride or sizes["data_level0.bin"] < elements * stride:
        return f"has a data_level0.bin of {sizes['data_level0.bin']} bytes, too short for its {elements} records or cut off"
    if sizes["length.bin"] % 4 or sizes["length.bin"] < elements * 4:
        return f"has a length.bin of {sizes['length.bin']} bytes, too short for its {elements} records"
    if sizes["data_level0.bin"] // stride != sizes["length.bin"] // 4:
        # Chroma writes both for the same nodes, always: one was cut off or overwritten.
        return "has a data_level0.bin and a length.bin for different numbers of records"
    if sizes["link_lists.bin"] % 4:
        return "has a link_lists.bin cut off mid-number"
    if elements == 0:
        return None
    if index.cosine:
        lengths = np.fromfile(folder / "length.bin", dtype="<f4", count=elements)
        if not (np.isfinite(lengths) & (lengths >= 0)).all():  # each the norm of a stored vector
            return "has a length.bin with impossible vector lengths (garbage)"
    problem = _level0_problem(folder / "data_level0.bin", elements, stride, label_at, max_m0)
    if problem is not None:
        return problem
    return _upper_levels_problem(folder / "link_lists.bin", elements, max_level, entry, max_m)


def _level0_problem(path: Path, elements: int, stride: int, label_at: int, max_m0: int) -> str | None:
    """Every node's level-0 links: at most maxM0 of them, each to an existing node; labels distinct."""
    words = stride // 4
    rows = np.memmap(path, dtype="<u4", mode="r", shape=(elements, words))
    labels = np.empty(elements, dtype=np.uint64)
    slots = np.arange(max_m0, dtype=np.uint32)
    for at in range(0, elements, _ROWS_PER_READ):
        block = np.array(rows[at : at + _ROWS_PER_READ, : 1 + max_m0])
        degree = block[:, 0] & 0xFFFF  # the upper half holds the "deleted" mark
        if (degree > max_m0).any():
            return "has a data_level0.bin with impossible link counts (garbage where links should be)"
        used = slots[None, :] < degree[:, None]
        if (block[:, 1:][used] >= elements).any():
            return "has a data_level0.bin whose links point past its last record (garbage where links should be)"
        label_words = np.array(rows[at : at + _ROWS_PER_READ, label_at // 4 : label_at // 4 + 2])
        labels[at : at + len(block)] = label_words.view("<u8").ravel()
    del rows
    if len(np.unique(labels)) != elements:
        return "has a data_level0.bin in which two records share a label"
    return None


def _upper_levels_problem(path: Path, elements: int, max_level: int, entry: int, max_m: int) -> str | None:
    """link_lists.bin holds, node after node, the byte count of its links above level 0 (most nodes
    have none: a zero) followed by one block of maxM links per level. Walk it, jumping over runs of
    zeros, then check every block's links at once."""
    words = np.fromfile(path, dtype="<u4")
    block_words = 1 + max_m
    block_bytes = 4 * block_words
    nonzero = np.flatnonzero(words).tolist()
    seen = 0  # nonzero words before ``position``: the walk only goes forward
    starts: list[int] = []  # the word where each level's block begins
    entry_levels = 0
    node = position = 0
    while node < elements:
        if position >= len(words):
            return f"has a link_lists.bin that ends at node {node} of {elements}"
        seen = bisect.bisect_left(nonzero, position, seen)
        next_nonzero = nonzero[seen] if seen < len(nonzero) else len(words)
        if next_nonzero > position:  # nodes with no upper levels, one zero word each
            skipped = min(next_nonzero - position, elements - node)
            node += skipped
            position += skipped
            continue
        size = int(words[position])
        levels = size // block_bytes
        if size % block_bytes or levels > max_level or position + 1 + levels * block_words > len(words):
            return f"has a link_lists.bin with an impossible entry for node {node}"
        starts.extend(range(position + 1, position + 1 + levels * block_words, block_words))
        if node == entry:
            entry_levels = levels
        node += 1
        position += 1 + levels * block_words
    if entry_levels < max_level:
        # Searches start at the entry point on the top level: without links there they read past its memory.
        return "has a link_lists.bin that gives its entry point fewer levels than its header"
    if starts:
        blocks = words[np.asarray(starts)[:, None] + np.arange(block_words)]
        degree = blocks[:, 0]
        if (degree > max_m).any():
            return "has a link_lists.bin with impossible link counts"
        used = np.arange(max_m)[None, :] < degree[:, None]
        if (blocks[:, 1:][used] >= elements).any():
            return "has a link_lists.bin whose links point past its last record"
    return None
