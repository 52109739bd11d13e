"""A damaged embedded store is said, with its fix, instead of crashing anything (issue #22, item 4).

Found by a red-team: garbage in Chroma's vector index files made `otsqa ask` die of a segmentation
fault and `otsqa serve` some seconds after it started, while `otsqa status` said all was well; a
damaged chroma.sqlite3 gave tracebacks, `otsqa ingest --rebuild` failed on it and `/api/health`
answered 500. For each kind of damage, on a store made by the real CLI and damaged on disk:
`otsqa status` exits 1 naming `otsqa ingest --rebuild` (and its JSON says `damaged`), `otsqa ask`
exits 1 with that message (no traceback, no signal), `otsqa ingest --rebuild` exits 0 and then
`otsqa ask` answers; and a real `otsqa serve` on each damaged store stays up past 25 s, answering
its health check and questions with 503 and the message.

Chroma writes a collection's records into its vector index files only once 1,000 of them wait in
its write log; a two-article store (22 passages, 119 sentences) keeps them all in the log, and damage
to the files does nothing. The store made here has that threshold lowered before it is damaged, so
its index files hold every record, as those of a store of more than ~1,000 sentences do.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import struct
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import CORPUS_FILES
from tests.helpers import passages_index
from tests.resilience.procs import Served, otsqa_command, otsqa_env

QUESTION = "Where was the 12th OTS summit held?"
FIX = "otsqa ingest --rebuild"
UP_FOR = 25  # seconds a server on a damaged store must stay up (the red-team's died after ~20)

_SAVE_INDEXES = """
import sys
import chromadb
from chromadb.config import Settings
client = chromadb.PersistentClient(sys.argv[1], settings=Settings(anonymized_telemetry=False))
for listed in client.list_collections():
    collection = client.get_collection(listed.name)
    collection.modify(configuration={"hnsw": {"sync_threshold": 10, "batch_size": 10}})
    collection.count()  # Chroma applies its write log, and now saves the index files
"""


def _run(env: dict[str, str], *args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run(otsqa_command(*args), env=env, capture_output=True, text=True, timeout=timeout)


def _garbage(path: Path) -> None:
    """Random bytes over the whole file, its length kept (what `dd conv=notrunc` of /dev/urandom does)."""
    path.write_bytes(random.Random(path.name).randbytes(path.stat().st_size))


def _cut(path: Path) -> None:
    os.truncate(path, path.stat().st_size // 2)


DAMAGES = {
    "garbage-header.bin": lambda chroma: _garbage(passages_index(chroma) / "header.bin"),
    "garbage-data_level0.bin": lambda chroma: _garbage(passages_index(chroma) / "data_level0.bin"),
    "garbage-length.bin": lambda chroma: _garbage(passages_index(chroma) / "length.bin"),
    "garbage-link_lists.bin": lambda chroma: _garbage(passages_index(chroma) / "link_lists.bin"),
    "truncated-data_level0.bin": lambda chroma: _cut(passages_index(chroma) / "data_level0.bin"),
    "garbage-chroma.sqlite3": lambda chroma: _garbage(chroma / "chroma.sqlite3"),
    "truncated-chroma.sqlite3": lambda chroma: _cut(chroma / "chroma.sqlite3"),
    "missing-index-folder": lambda chroma: shutil.rmtree(passages_index(chroma)),
}


@pytest.fixture(scope="module")
def saved_store(tmp_path_factory, corpus_dir) -> tuple[Path, Path]:
    """(data dir, articles folder): two articles ingested by `otsqa ingest`, their vector indexes on disk."""
    root = tmp_path_factory.mktemp("saved-store")
    articles = root / "articles"
    articles.mkdir()
    for key in ("samedov", "gabala"):
        shutil.copy(corpus_dir / CORPUS_FILES[key], articles / CORPUS_FILES[key])
    data = root / "data"
    ingested = _run(otsqa_env(data, articles), "ingest")
    assert ingested.returncode == 0, ingested.stderr
    saved = subprocess.run(
        [otsqa_command()[0], "-c", _SAVE_INDEXES, str(data / "chroma")], capture_output=True, text=True, timeout=300
    )
    assert saved.returncode == 0, saved.stderr
    elements = struct.unpack_from("<Q", (passages_index(data / "chroma") / "header.bin").read_bytes(), 20)[0]
    assert elements == 22, f"the passages' index holds {elements} records on disk, not all 22"
    return data, articles


def _damaged_copy(saved_store: tuple[Path, Path], where: Path, damage: str) -> Path:
    data = where / "data"
    shutil.copytree(saved_store[0], data)
    DAMAGES[damage](data / "chroma")
    return data


@pytest.mark.slow
@pytest.mark.parametrize("damage", list(DAMAGES))
def test_the_cli_says_a_damaged_store_and_ingest_rebuild_mends_it(saved_store, tmp_path, damage):
    data = _damaged_copy(saved_store, tmp_path, damage)
    env = otsqa_env(data, saved_store[1])

    status = _run(env, "status", "--json")
    assert status.returncode == 1, (status.returncode, status.stdout, status.stderr)
    assert FIX in status.stderr and "Traceback" not in status.stderr, status.stderr
    reply = json.loads(status.stdout)
    assert reply["status"] == 1 and "is damaged" in reply["damaged"] and FIX in reply["damaged"], reply

    asked = _run(env, "ask", QUESTION)
    assert asked.returncode == 1, (asked.returncode, asked.stderr[-2000:])  # a signal would be negative
    assert asked.stderr.startswith("otsqa: The store at") and "is damaged" in asked.stderr and FIX in asked.stderr
    assert "Traceback" not in asked.stderr and not asked.stdout, asked.stderr

    rebuilt = _run(env, "ingest", "--rebuild")
    assert rebuilt.returncode == 0, rebuilt.stderr[-2000:]
    (aside,) = data.glob("chroma.damaged-*")  # kept for a look, not deleted
    assert str(aside) in rebuilt.stderr and (aside / "chroma.sqlite3").exists()

    answered = _run(env, "ask", QUESTION)
    assert answered.returncode == 0 and "Gabala" in answered.stdout, answered.stderr[-2000:]
    sound = _run(env, "status", "--json")
    assert sound.returncode == 0 and json.loads(sound.stdout)["damaged"] is None, sound.stderr


def _after_warm_up(served: Served) -> httpx.Response:
    """The health check once the warm-up is over: the server answers it from its first moments, and
    says "warming up" (ready false, 200) until its warm-up has found the damage."""
    deadline = time.monotonic() + 240
    while True:
        health = httpx.get(served.url + "/api/health", timeout=240)
        if health.status_code != 200 or "warming up" not in health.json().get("error", "") or time.monotonic() > deadline:
            return health
        time.sleep(0.1)


@pytest.mark.slow
def test_otsqa_serve_on_a_damaged_store_stays_up_and_answers_503(saved_store, tmp_path):
    """One server per kind of damage, all at once (each must outlive UP_FOR seconds: waiting for them
    one after another would take minutes)."""
    servers: dict[str, Served] = {}
    try:
        for damage in DAMAGES:
            data = _damaged_copy(saved_store, tmp_path / damage, damage)
            env = otsqa_env(data, saved_store[1], rate_limit_per_minute=0)
            servers[damage] = Served(env, tmp_path / f"{damage}.log").start(ready=False)
        started = time.monotonic()
        for damage, served in servers.items():
            health = _after_warm_up(served)
            assert health.status_code == 503, (damage, health.status_code, health.text, served.log())
            assert health.json()["ready"] is False and FIX in health.json()["error"], (damage, health.text)
            asked = httpx.post(served.url + "/api/ask", json={"question": QUESTION}, timeout=240)
            assert asked.status_code == 503 and FIX in asked.json()["error"], (damage, asked.status_code, asked.text)
        time.sleep(max(0.0, UP_FOR + 1 - (time.monotonic() - started)))
        for damage, served in servers.items():
            exited = served.process.poll()
            assert exited is None, f"{damage}: otsqa serve exited with {exited}:\n{served.log()}"
            again = httpx.post(served.url + "/api/ask/stream", json={"question": QUESTION}, timeout=240)
            assert again.status_code == 503 and FIX in again.json()["error"], (damage, again.status_code, again.text)
            assert httpx.head(served.url + "/api/health", timeout=240).status_code == 503, damage
            assert "Traceback" not in served.log() and "Segmentation" not in served.log(), (damage, served.log())
    finally:
        for served in servers.values():
            served.stop()
