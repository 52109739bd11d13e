"""The library's uploads where things go wrong or live elsewhere (issue 26, point 3): a real `otsqa serve`
killed with SIGKILL in the middle of an upload's ingest leaves no half-written file under a real name and
a store that one `otsqa ingest` brings to a clean state; and uploads, answers and removal work the same
on a real `chroma run` server as on the embedded store."""

from __future__ import annotations

import json
import random
import signal
import time

import httpx
import pytest

from tests.conftest import make_settings
from tests.helpers import otsqa
from tests.resilience.procs import ChromaServer, Served, check_consistent, otsqa_env, store_snapshot
from tests.web.conftest import served
from web.server import build_app

pytestmark = pytest.mark.slow

TOKEN = "admin-token-for-the-fault-tests"
ADMIN = {"Authorization": f"Bearer {TOKEN}"}


def long_article() -> bytes:
    """~120 KB of distinct sentences: its embedding takes long enough on one thread to be cut into."""
    lines = ["Patrols of the Caspian: a long report", "", "By Test Writer", ""]
    places = ["Aktau", "Baku", "Turkmenbashi", "Atyrau", "Kuryk", "Alat"]
    for n in range(900):
        lines.append(
            f"In week {n} of the exercise the patrol from {places[n % 6]} logged {n * 7 % 97} contacts and "
            f"{n % 13} boardings, and its commander reported item {n} to the joint staff."
        )
    return "\n".join(lines).encode()


def test_a_server_killed_mid_upload_leaves_no_half_file_and_one_ingest_settles_the_store(tmp_path, small_corpus):
    seed = int(time.time_ns() % 1_000_000)
    rng = random.Random(seed)
    settings = make_settings(tmp_path, small_corpus, admin_token=TOKEN)
    env = otsqa_env(settings.data_dir, small_corpus, admin_token=TOKEN, rate_limit_per_minute=0)
    # In other processes only: an embedded store opened here would keep its vector index from before the
    # server wrote, and the snapshot at the end must read the store as it is.
    first = otsqa("ingest", "--json", env_extra={k: v for k, v in env.items() if k.startswith("OTSQA_")}, timeout=900)
    assert first.returncode == 0, first.stderr
    data = long_article()
    server = Served(env, tmp_path / "serve.log").start()
    try:
        import threading

        def upload() -> None:
            try:
                httpx.post(server.url + "/api/admin/upload", files={"files": ("long.txt", data)}, headers=ADMIN, timeout=600)
            except httpx.HTTPError:
                pass  # the server is killed under it

        threading.Thread(target=upload, daemon=True).start()
        lock = settings.data_dir / "ingest.lock"
        deadline = time.monotonic() + 120
        while not (lock.exists() and lock.read_text().strip() == str(server.process.pid)):
            assert time.monotonic() < deadline, f"the upload's ingest never started:\n{server.log()}"
            time.sleep(0.02)
        pause = rng.uniform(0.0, 3.0)
        time.sleep(pause)
        server.process.send_signal(signal.SIGKILL)
        server.process.wait(30)
    finally:
        server.stop()
    note = f"seed {seed}, killed {pause:.2f} s into the ingest"

    uploads = settings.uploads_dir
    named = [p for p in uploads.iterdir() if not p.name.startswith(".")]
    assert [p.name for p in named] in ([], ["long.txt"]), note
    assert all(p.read_bytes() == data for p in named), f"a half-written file under a real name: {note}"

    done = otsqa("ingest", "--json", env_extra={k: v for k, v in env.items() if k.startswith("OTSQA_")}, timeout=900)
    assert done.returncode == 0, f"{done.stderr}\n{note}"
    snapshot = store_snapshot(settings)
    check_consistent(snapshot)  # nothing pending, nothing orphaned, BM25 level with the store
    assert ("long" in snapshot["articles"]) == bool(named), note
    if named:
        assert json.loads(done.stdout)["failed"] == []


def test_uploads_answers_and_removal_on_a_chroma_server(tmp_path, small_corpus, embedder):
    from assistant import open_assistant
    from ingest import ingest_paths
    from tests.web.test_admin_api import ARTICLE, QUESTION

    chroma = ChromaServer(tmp_path / "chroma-data").start()
    try:
        settings = make_settings(
            tmp_path, small_corpus, chroma_url=chroma.url, admin_token=TOKEN, rate_limit_per_minute=0, store_check_seconds=0
        )
        ingest_paths(settings, embedder=embedder)
        app = build_app(settings, open_assistant(settings, embedder=embedder))
        with served(app) as url, httpx.Client(base_url=url, timeout=180) as client:
            reply = client.post("/api/admin/upload", files={"files": ("cyber.txt", ARTICLE.encode())}, headers=ADMIN)
            assert reply.status_code == 200 and reply.json()["files"][0]["status"] == "added", reply.text
            doc_id = reply.json()["files"][0]["doc_id"]
            answer = client.post("/api/ask", json={"question": QUESTION}).json()
            assert "Tashkent" in answer["answer"] and any(c["doc_id"] == doc_id for c in answer["citations"]), answer
            listed = {a["doc_id"]: a for a in client.get("/api/admin/articles", headers=ADMIN).json()["articles"]}
            assert listed[doc_id]["status"] == "complete" and len(listed) == 3
            removed = client.request("DELETE", f"/api/admin/articles/{doc_id}", json={"confirm": doc_id}, headers=ADMIN)
            assert removed.status_code == 200, removed.text
            after = client.post("/api/ask", json={"question": QUESTION}).json()
            assert all(c["doc_id"] != doc_id for c in after["citations"])
        assert not (settings.data_dir / "chroma").exists()  # everything went to the server
    finally:
        chroma.stop()
