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
    hits = store.query(embedder.embed(["Where was the 12th OTS summit held?"])[0], 3)
    assert any("Gabala" in h.text for h in hits)
    again = ingest_paths(settings, embedder=embedder)
    assert len(again.unchanged) == 2 and again.embedded == 0


def test_an_unreachable_server_is_a_clear_error(tmp_path):
    settings = make_settings(tmp_path, chroma_url=f"http://127.0.0.1:{_free_port()}")
    with pytest.raises(StoreUnavailableError, match="Cannot reach the Chroma server"):
        open_store(settings)
