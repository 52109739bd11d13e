"""Small helpers shared by tests: builders for input files, the CLI run as a user runs it, SSE parsing."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path


def otsqa(*args, env_extra: dict, timeout=300) -> subprocess.CompletedProcess:
    """`otsqa ARGS` in a real process, with the caller's OTSQA_* settings only."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("OTSQA_")} | env_extra
    return subprocess.run([sys.executable, "-m", "cli", *args], capture_output=True, text=True, env=env, timeout=timeout)


def ingest_e5_store(tmp_path_factory, files: dict[str, str]) -> tuple[dict[str, str], Path]:
    """``files`` (name → text) written to a corpus folder and ingested by `otsqa ingest` into a fresh data
    dir with the multilingual e5 model; returns the settings (env) and the folder."""
    folder = tmp_path_factory.mktemp("articles")
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    env = {
        "OTSQA_DATA_DIR": str(tmp_path_factory.mktemp("data")),
        "OTSQA_CORPUS_DIR": str(folder),
        "OTSQA_EMBEDDING_MODEL": "e5",
    }
    done = otsqa("ingest", "--json", env_extra=env)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["added"] == len(files)
    return env, folder


def ingest_in_process(root: Path, files: dict[str, str], embedder):
    """``files`` (name → text) written to ``root``/articles and ingested with ``embedder`` into a data dir
    under ``root``, in process: returns the store and its BM25 index (the real parts, as answerers use them)."""
    from ingest import ingest_paths, store_fingerprint
    from store.chroma import open_store
    from store.lexical import LexicalIndex
    from tests.conftest import make_settings

    folder = root / "articles"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    settings = make_settings(root, folder)
    ingest_paths(settings, embedder=embedder)
    return open_store(settings, store_fingerprint(settings, embedder)), LexicalIndex(settings.lexical_path)


def timeline_answerer(store, lexical, embedder):
    """The timeline answerer over a store ingested by `ingest_in_process`."""
    from assistant.hybrid import HybridRetriever
    from assistant.quoting import ArticleTexts
    from assistant.timelines import TimelineAnswerer

    return TimelineAnswerer(store, ArticleTexts(store), HybridRetriever(store, embedder, lexical))


def sse_events(text: str) -> list[tuple[str, dict]]:
    """A text/event-stream body as (event, data) pairs."""
    events = []
    for block in text.strip().split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.splitlines())
        events.append((lines["event"], json.loads(lines["data"])))
    return events


def make_pdf(pages: list[list[str]], title: str | None = None) -> bytes:
    """A minimal but valid PDF: one Helvetica text line per string, one page per list."""
    objects: list[bytes] = []

    def add(body: str | bytes) -> int:
        objects.append(body.encode("latin-1") if isinstance(body, str) else body)
        return len(objects)

    catalog = add("")  # filled once the page tree's number is known
    pages_obj = add("")
    font = add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    kids = []
    for lines in pages:
        ops = ["BT", "/F1 11 Tf", "14 TL", "72 760 Td"]
        for line in lines:
            escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            ops.append(f"({escaped}) Tj T*")
        ops.append("ET")
        stream = "\n".join(ops).encode("latin-1")
        content = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        kids.append(
            add(
                f"<< /Type /Page /Parent {pages_obj} 0 R /MediaBox [0 0 612 792] "
                f"/Resources << /Font << /F1 {font} 0 R >> >> /Contents {content} 0 R >>"
            )
        )
    objects[catalog - 1] = f"<< /Type /Catalog /Pages {pages_obj} 0 R >>".encode()
    objects[pages_obj - 1] = f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>".encode()
    info = add(f"<< /Title ({title}) >>") if title else None
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    trailer = f"<< /Size {len(objects) + 1} /Root {catalog} 0 R" + (f" /Info {info} 0 R" if info else "") + " >>"
    out += b"trailer\n" + trailer.encode() + b"\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def passages_index(chroma: Path) -> Path:
    """The folder of the passages' vector index in an embedded store (named after its vector segment)."""
    db = sqlite3.connect(f"file:{chroma / 'chroma.sqlite3'}?mode=ro", uri=True)
    try:
        (segment,) = db.execute(
            "SELECT s.id FROM segments s JOIN collections c ON s.collection = c.id"
            " WHERE c.name = 'ots-articles' AND s.scope = 'VECTOR'"
        ).fetchone()
    finally:
        db.close()
    return chroma / segment


def assert_spans_in_seed(items, corpus_dir: Path) -> None:
    """Every evidence span of ``items`` occurs in its seed article, raw and as cleaned."""
    from ingest.clean import clean_article

    raw = {p.name: p.read_text(encoding="utf-8") for p in corpus_dir.iterdir()}
    cleaned = {name: clean_article(text).text for name, text in raw.items()}
    for item in items:
        for evidence in item.evidence:
            assert evidence.source in raw, f"{item.id}: unknown source {evidence.source}"
            # The raw file may wrap words of the span in markdown emphasis (*Caspian Breeze 2025*).
            assert evidence.span in raw[evidence.source].replace("*", ""), f"{item.id}: span not in {evidence.source}"
            assert evidence.span in cleaned[evidence.source], f"{item.id}: span lost in cleaning"


def embedding_begun(client, headers: dict[str, str], timeout: float = 120) -> None:
    """Wait until the library's write under way says its ingest has begun embedding: the store is open by
    then and the model loaded, and nothing is written until the embedding is done (`/api/admin/writing`)."""
    import time

    deadline = time.monotonic() + timeout
    while True:
        writing = client.get("/api/admin/writing", headers=headers).json()["writing"] or {}
        if writing.get("progress", {}).get("stage") == "embedding":
            return
        assert time.monotonic() < deadline, f"the ingest never began embedding ({writing})"
        time.sleep(0.01)
