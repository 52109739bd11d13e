"""The check of an embedded store's files before Chroma reads them (`store.chroma_files`), on a real
store written in-process: a sound store passes; each kind of damage is named with its file; a writer
at work is not called damage; `delete_store` (what `--rebuild` begins with) moves a damaged store
aside whole. The CLI and the server on damaged stores: tests/resilience/test_damaged_store.py."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import numpy as np
import pytest

from otsqa.errors import StoreDamagedError, StoreError
from store.base import PassageRecord
from store.chroma import delete_store, open_store
from store.chroma_files import SET_ASIDE_PREFIX, check_files, find_damage
from store.writer_lock import LOCK_FILE
from tests.conftest import make_settings
from tests.helpers import passages_index

N = 1100  # passages: more than the 1,000 Chroma keeps in its write log before it saves the index files


def _forget_open_stores() -> None:
    """Chroma keeps one client per path in a process; drop it so that the files are complete on disk."""
    from chromadb.api.client import SharedSystemClient

    SharedSystemClient.clear_system_cache()


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    settings = make_settings(tmp_path_factory.mktemp("saved"))
    store = open_store(settings, {"otsqa_schema": "t"}, create=True)
    vectors = np.random.default_rng(5).normal(size=(N, 384)).astype(np.float32)
    store.passages.upsert([PassageRecord(f"a#{i}", "a", f"passage {i}", index=i) for i in range(N)], vectors)
    _forget_open_stores()
    return settings


def _copy(settings, where: Path):
    shutil.copytree(settings.data_dir, where / "data")
    return make_settings(where)


def _overwrite(path: Path, at: int = 0, size: int | None = None) -> None:
    data = bytearray(path.read_bytes())
    size = len(data) - at if size is None else size
    data[at : at + size] = np.random.default_rng(at).integers(0, 256, size, dtype=np.uint8).tobytes()
    path.write_bytes(bytes(data))


def test_a_sound_saved_store_passes(saved):
    assert (passages_index(saved.chroma_dir) / "index_metadata.pickle").exists(), "the index was saved to disk"
    assert find_damage(saved.chroma_dir) is None
    assert find_damage(saved.chroma_dir, thorough=True) is None


@pytest.mark.parametrize(
    "damage, named",
    [
        (lambda index: _overwrite(index / "header.bin"), "header.bin"),
        (lambda index: _overwrite(index / "data_level0.bin"), "data_level0.bin"),
        (lambda index: _overwrite(index / "data_level0.bin", at=0, size=4), "data_level0.bin"),  # one node's link count
        (lambda index: _overwrite(index / "length.bin"), "length.bin"),
        (lambda index: _overwrite(index / "link_lists.bin"), "link_lists.bin"),
        (lambda index: os.truncate(index / "link_lists.bin", 8), "link_lists.bin"),
        (lambda index: os.truncate(index / "index_metadata.pickle", 100), "index_metadata.pickle"),
        (lambda index: (index / "length.bin").unlink(), "length.bin"),
        (lambda index: shutil.rmtree(index), "folder is gone"),
    ],
)
def test_each_kind_of_damage_to_a_vector_index_is_named(saved, tmp_path, damage, named):
    settings = _copy(saved, tmp_path)
    damage(passages_index(settings.chroma_dir))
    with pytest.raises(StoreDamagedError) as raised:
        check_files(settings.chroma_dir)
    assert named in str(raised.value) and "'ots-articles'" in str(raised.value)
    assert "otsqa ingest --rebuild" in str(raised.value)
    with pytest.raises(StoreDamagedError):
        open_store(settings)  # refused before Chroma reads a byte


def test_a_damaged_database_is_named_and_damage_inside_it_is_found_by_the_thorough_check(saved, tmp_path):
    settings = _copy(saved, tmp_path / "head")
    _overwrite(settings.chroma_dir / "chroma.sqlite3", size=100)
    assert "not a SQLite database" in find_damage(settings.chroma_dir)

    settings = _copy(saved, tmp_path / "cut")
    database = settings.chroma_dir / "chroma.sqlite3"
    os.truncate(database, database.stat().st_size // 2)
    assert "cut off" in find_damage(settings.chroma_dir)

    settings = _copy(saved, tmp_path / "inside")
    database = settings.chroma_dir / "chroma.sqlite3"
    db = sqlite3.connect(database)
    (root,) = db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'embeddings'").fetchone()
    (page,) = db.execute("PRAGMA page_size").fetchone()
    db.close()
    _overwrite(database, at=(root - 1) * page, size=page)  # the records' table, which opening never reads
    assert find_damage(settings.chroma_dir) is None, "the check on every open reads only the catalogue"
    assert "integrity check" in find_damage(settings.chroma_dir, thorough=True)


def test_a_writer_at_work_is_not_called_damage(saved, tmp_path):
    settings = _copy(saved, tmp_path)
    _overwrite(passages_index(settings.chroma_dir) / "header.bin")
    writer = subprocess.Popen(["sleep", "60"])  # another live process holds the writer lock
    try:
        (settings.data_dir / LOCK_FILE).write_text(str(writer.pid))
        with pytest.raises(StoreError, match="being written") as raised:
            check_files(settings.chroma_dir)
        assert not isinstance(raised.value, StoreDamagedError)
        (settings.data_dir / LOCK_FILE).write_text(str(os.getpid()))  # the writer itself asks: damage
        with pytest.raises(StoreDamagedError):
            check_files(settings.chroma_dir)
    finally:
        writer.kill()
        writer.wait()


def test_delete_store_moves_a_damaged_store_aside_and_a_new_one_is_made(saved, tmp_path):
    settings = _copy(saved, tmp_path)
    _overwrite(passages_index(settings.chroma_dir) / "data_level0.bin")
    aside = delete_store(settings)
    assert aside is not None and aside.name.startswith(SET_ASIDE_PREFIX) and (aside / "chroma.sqlite3").exists()
    assert not settings.chroma_dir.exists()
    fresh = open_store(settings, {"otsqa_schema": "t"}, create=True)
    assert fresh.count() == 0

    sound = _copy(saved, tmp_path / "sound")
    assert delete_store(sound) is None, "a sound store's collections are dropped in place"
    assert sound.chroma_dir.exists() and not list(sound.data_dir.glob(SET_ASIDE_PREFIX + "*"))
    _forget_open_stores()
