"""A finding of the red-team review (issue #22): the feedback a real `otsqa serve` keeps (people's
questions, the answers and their comments) was readable by every user of the machine. The database and
SQLite's -wal and -shm files beside it must be the owner's alone.

The article is invented here at run time; nothing is copied into the repository."""

from __future__ import annotations

import stat

import httpx
import pytest

from tests.conftest import make_settings
from tests.resilience.procs import Served, otsqa_env

pytestmark = pytest.mark.slow

ARTICLE = """Harbour patrols on the Caspian
By Lena Ortiz

Kazakhstan and Azerbaijan agreed in March 2025 to run joint harbour patrols at Aktau and Baku, with four boats from each navy.
The first joint patrol sailed from Aktau on 14 April 2025, and the two navies will review the patrols in October 2025.
"""


def test_the_feedback_database_of_a_server_is_readable_by_its_owner_only(tmp_path, embedder):
    from ingest import ingest_paths

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "harbour.txt").write_text(ARTICLE, encoding="utf-8")
    settings = make_settings(tmp_path, corpus)
    assert len(ingest_paths(settings, embedder=embedder).added) == 1

    with Served(otsqa_env(settings.data_dir, corpus), tmp_path / "serve.log").start() as served:
        with httpx.Client(base_url=served.url, timeout=120) as http:
            answer_id = http.post("/api/ask", json={"question": "Where do the joint harbour patrols run?"}).headers["x-answer-id"]
            given = {"answer_id": answer_id, "rating": "down", "comment": "a private remark"}
            assert http.post("/api/feedback", json=given).json() == {"status": "recorded"}
        files = sorted(settings.data_dir.glob("feedback.sqlite3*"))  # read while the server holds them open
        modes = {path.name: stat.S_IMODE(path.stat().st_mode) for path in files}
    assert "feedback.sqlite3" in modes and "feedback.sqlite3-wal" in modes, modes
    assert {name: oct(mode) for name, mode in modes.items() if mode & 0o077} == {}, served.log()
