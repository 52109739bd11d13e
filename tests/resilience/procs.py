"""Real processes for the resilience tests: `otsqa` commands, `otsqa serve`, `chroma run`, all on
127.0.0.1 with their own data dirs; and a snapshot of everything a store holds, to compare stores."""

from __future__ import annotations

import hashlib
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import httpx

BIN = Path(sys.executable).parent
START_TIMEOUT = 240  # seconds for `otsqa serve` to load its models on a busy 2-core machine


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def otsqa_env(data_dir: Path, corpus_dir: Path | None = None, **settings: object) -> dict[str, str]:
    """The environment of an `otsqa` process: this one's, minus any OTSQA_* of the caller's, plus ours."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("OTSQA_")}
    env["OTSQA_DATA_DIR"] = str(data_dir)
    if corpus_dir is not None:
        env["OTSQA_CORPUS_DIR"] = str(corpus_dir)
    env |= {f"OTSQA_{k.upper()}": str(v) for k, v in settings.items()}
    return env


def otsqa_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "cli", *args]


def wait_for_port(port: int, timeout: float, process: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the process exited with {process.returncode} before listening on {port}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port} after {timeout} s")


class ChromaServer:
    """`chroma run --path PATH --host 127.0.0.1 --port PORT`, stoppable and restartable on the same port."""

    def __init__(self, path: Path, port: int | None = None):
        self.path = path
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def start(self) -> "ChromaServer":
        self.process = subprocess.Popen(
            [str(BIN / "chroma"), "run", "--path", str(self.path), "--host", "127.0.0.1", "--port", str(self.port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=os.environ | {"ANONYMIZED_TELEMETRY": "False"},
        )
        wait_for_port(self.port, 60, self.process)
        return self

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)  # a paused server cannot act on SIGTERM
            _terminate(self.process, 15)
        self.process = None

    def pause(self) -> None:
        self.process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        self.process.send_signal(signal.SIGCONT)


class Served:
    """A real `otsqa serve` on 127.0.0.1:PORT; its output goes to a log file shown when a check fails."""

    def __init__(self, env: dict[str, str], log_path: Path, port: int | None = None):
        self.env = env
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        self.process: subprocess.Popen | None = None

    def start(self, ready: bool = True) -> "Served":
        log = open(self.log_path, "wb")
        self.process = subprocess.Popen(
            otsqa_command("serve", "--host", "127.0.0.1", "--port", str(self.port)),
            stdout=log,
            stderr=subprocess.STDOUT,
            env=self.env,
        )
        log.close()
        wait_for_port(self.port, START_TIMEOUT, self.process)
        if ready:
            self.wait_ready()
        return self

    def wait_ready(self, timeout: float = START_TIMEOUT) -> dict:
        deadline = time.monotonic() + timeout
        health: dict = {}
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"otsqa serve exited with {self.process.returncode}:\n{self.log()}"
            try:
                health = httpx.get(self.url + "/api/health", timeout=timeout).json()
            except httpx.HTTPError:
                health = {}
            if health.get("ready") and health.get("chat") == "ready":  # the chat comes after the first answer
                return health
            time.sleep(0.5)
        raise TimeoutError(f"otsqa serve not ready after {timeout} s (last health {health}):\n{self.log()}")

    def rss_kib(self) -> int:
        """Resident memory of the server process (VmRSS), in KiB."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        raise RuntimeError("no VmRSS line")

    def log(self) -> str:
        text = self.log_path.read_text(encoding="utf-8", errors="replace")
        return text[-4000:]

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            _terminate(self.process, 30)

    def __enter__(self) -> "Served":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


# -- what a store holds ---------------------------------------------------------------------------


def store_snapshot(settings) -> dict:
    """Every observable part of a store, opened in this process (no other process may write to it):
    article records, chunks (id → the whole record, text included), sentence ids, what the vector index
    returns, and the BM25 index's rows."""
    from store.chroma import open_store

    store = open_store(settings)
    records = sorted(store.articles(), key=lambda r: r.doc_id)
    articles = {r.doc_id: {"source": r.source, "hash": r.content_hash, "chunks": r.chunks, "status": r.status} for r in records}
    chunks, sentences = {}, set()
    for record in records:
        chunks |= {chunk.id: chunk for chunk in store.passages.of_article(record.doc_id)}
        sentences |= set(store.sentences.ids_of(record.doc_id))
    count = store.count()
    # The vector index must hold exactly the chunks the records list: a query for all of them finds them all.
    dimension = next((len(v) for r in records for _, v in store.passages.vectors_of(r.doc_id)[:1]), 384)
    probe = [1.0] + [0.0] * (dimension - 1)
    indexed = {h.id for h in store.passages.nearest(probe, count)} if count else set()
    return {
        "articles": articles,
        "chunks": chunks,
        "count": count,
        "indexed": indexed,
        "sentences": sentences,
        "lexical": lexical_rows(settings.lexical_path),
    }


def lexical_rows(path: Path) -> dict:
    """The BM25 index as data: {doc_id: content hash} and the sorted (chunk_id, doc_id) rows."""
    if not path.exists():
        return {"articles": {}, "rows": []}
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        articles = dict(db.execute("SELECT doc_id, content_hash FROM articles"))
        rows = sorted(db.execute("SELECT chunk_id, doc_id FROM chunks"))
    finally:
        db.close()
    return {"articles": articles, "rows": rows}


def check_consistent(snapshot: dict) -> None:
    """What must hold inside any store a finished ingest leaves: no duplicates, nothing orphaned, the
    counts agree, and BM25 mirrors the complete articles."""
    articles, chunks = snapshot["articles"], snapshot["chunks"]
    assert all(a["status"] == "complete" for a in articles.values()), articles
    sources = [a["source"] for a in articles.values()]
    assert len(sources) == len(set(sources)), "one file stored under two article ids"
    assert snapshot["count"] == len(chunks) == sum(a["chunks"] for a in articles.values())
    missing, ghosts = sorted(set(chunks) - snapshot["indexed"]), sorted(snapshot["indexed"] - set(chunks))
    assert not missing and not ghosts, f"the vector index and the records disagree: not found {missing}, not recorded {ghosts}"
    for chunk_id, chunk in chunks.items():
        assert chunk.doc_id in articles and chunk_id.startswith(chunk.doc_id), chunk_id
    assert all(s.split("@")[0] in articles for s in snapshot["sentences"])
    lexical = snapshot["lexical"]
    assert lexical["articles"] == {d: a["hash"] for d, a in articles.items()}
    assert lexical["rows"] == sorted((chunk_id, chunk.doc_id) for chunk_id, chunk in chunks.items())


def store_rows(data_dir: Path) -> dict:
    """An embedded store's records as Chroma's SQLite holds them (each record's id and write sequence
    number, and every metadata row), and the BM25 rows. Unlike the files' bytes, this ignores Chroma
    writing its vector index back when a process opens the store, which it does even to read."""
    db = sqlite3.connect(f"file:{data_dir / 'chroma' / 'chroma.sqlite3'}?mode=ro", uri=True)
    try:
        records = sorted(db.execute("SELECT segment_id, embedding_id, seq_id FROM embeddings"))
        metadata = hashlib.sha256(repr(sorted(db.execute("SELECT * FROM embedding_metadata"), key=repr)).encode()).hexdigest()
    finally:
        db.close()
    lexical = [lexical_rows(p) for p in sorted((data_dir / "lexical").glob("*.sqlite3"))]
    return {"records": records, "metadata": metadata, "lexical": lexical}


def files_digest(folder: Path) -> dict[str, str]:
    """sha256 of every file under ``folder`` (relative path → digest)."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def _terminate(process: subprocess.Popen, timeout: float) -> None:
    """SIGTERM, then SIGKILL if it has not exited within ``timeout`` seconds."""
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=timeout)
