"""Server mode: a real `chroma run` on 127.0.0.1, ingested and queried through OTSQA_CHROMA_URL."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ingest import ingest_paths
from otsqa.errors import StoreUnavailableError
from store.chroma import open_store
from tests.conftest import make_settings


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def chroma_server(tmp_path):
    port = _free_port()
    chroma = Path(sys.executable).parent / "chroma"
    process = subprocess.Popen(
        [str(chroma), "run", "--path", str(tmp_path / "server-data"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=os.environ | {"ANONYMIZED_TELEMETRY": "False"},
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail("chroma run did not start within 30 s")
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=10)


@pytest.mark.slow
def test_ingest_and_query_through_a_chroma_server(tmp_path, small_corpus, embedder, chroma_server):
    settings = make_settings(tmp_path, small_corpus, chroma_url=chroma_server)
    report = ingest_paths(settings, embedder=embedder)
    assert len(report.added) == 2 and report.failed == []
    store = open_store(settings)
    assert store.backend == "server" and store.location == chroma_server
    assert store.count() == report.chunks
    assert not (settings.data_dir / "chroma").exists()  # nothing written to the embedded location
    hits = store.passages.nearest(embedder.embed(["Where was the 12th OTS summit held?"])[0], 3)
    assert any("Gabala" in h.record.text for h in hits)
    again = ingest_paths(settings, embedder=embedder)
    assert len(again.unchanged) == 2 and again.embedded == 0


def test_an_unreachable_server_is_a_clear_error(tmp_path):
    settings = make_settings(tmp_path, chroma_url=f"http://127.0.0.1:{_free_port()}")
    with pytest.raises(StoreUnavailableError, match="Cannot reach the Chroma server"):
        open_store(settings)


@pytest.mark.slow
def test_a_server_answers_from_articles_ingested_on_another_machine(tmp_path, small_corpus, embedder, chroma_server):
    """Two machines share a Chroma server, each with its own data dir (and so its own BM25 index). One
    ingests a new article; the other's web service sees the store's stamp, reads the store again and
    brings its BM25 index level, so the new article is found by words as well as by meaning."""
    from assistant import open_assistant
    from store.lexical import LexicalIndex
    from web.service import AssistantService

    writer = make_settings(tmp_path / "writer", small_corpus, chroma_url=chroma_server)
    ingest_paths(writer, embedder=embedder)
    reader = make_settings(tmp_path / "reader", small_corpus, chroma_url=chroma_server)
    service = AssistantService(reader, assistant=open_assistant(reader, embedder=embedder), check_every=0)
    question = "Where did the Turkic Coast Guard Forum meet in November 2025?"
    assert service.ask(question, None)[0]["abstained"]

    late = tmp_path / "late"
    late.mkdir()
    (late / "late.txt").write_text(
        "Late news on the Caspian\n\nThe Turkic Coast Guard Forum met in Aktau in November 2025 and agreed on joint "
        "patrols of the northern Caspian Sea by the coast guards of Kazakhstan and Azerbaijan.\n",
        encoding="utf-8",
    )
    assert len(ingest_paths(writer, [late / "late.txt"], embedder=embedder).added) == 1

    answer, _ = service.ask(question, None)
    assert not answer["abstained"] and "Aktau" in answer["answer"]
    assert any(c["source"].endswith("late.txt") for c in answer["citations"])
    bm25 = LexicalIndex(reader.lexical_path).search("Turkic Coast Guard Forum Aktau", 3)
    assert bm25 and bm25[0][0].startswith("late")
