"""Feedback on answers (web/feedback.py): given through the API, stored, and exported as eval lines."""

from __future__ import annotations

import json
import sqlite3
import stat

from fastapi.testclient import TestClient

from cli.main import main as otsqa_main
from evals.dataset import load_items
from tests.web.conftest import LOCAL, QUESTION
from web.feedback import FeedbackStore
from web.server import build_app


def test_feedback_is_stored_and_thumbs_down_export_as_eval_lines(ingested, assistant, tmp_path, monkeypatch, capsys):
    settings = ingested.settings.model_copy(update={"data_dir": tmp_path / "data", "rate_limit_per_minute": 0})
    client = TestClient(build_app(settings, assistant), base_url=LOCAL)
    first = client.post("/api/ask", json={"question": QUESTION})
    second = client.post(
        "/api/ask",
        json={"question": "And who spoke there?", "history": [{"question": QUESTION, "answer": first.json()["answer"]}]},
    )
    good, bad = first.headers["x-answer-id"], second.headers["x-answer-id"]
    assert client.post("/api/feedback", json={"answer_id": good, "rating": "up"}).status_code == 200
    reply = client.post("/api/feedback", json={"answer_id": bad, "rating": "down", "comment": "Names no speaker."})
    assert reply.json() == {"status": "recorded"}
    assert client.post("/api/feedback", json={"answer_id": bad, "rating": "meh"}).status_code == 400
    for comment, fragment in (("nice \ud800", "broken encoding"), ("bad\u0000\u001b[31m", "control characters")):
        # Raw JSON: a lone surrogate is valid JSON text but cannot be stored as UTF-8.
        body = '{"answer_id": %s, "rating": "up", "comment": %s}' % (json.dumps(good), json.dumps(comment))
        refused = client.post("/api/feedback", content=body, headers={"content-type": "application/json"})
        assert refused.status_code == 400 and fragment in refused.json()["error"], refused.text
    assert client.post("/api/feedback", json={"answer_id": "unknown", "rating": "up"}).status_code == 404

    out = tmp_path / "down.jsonl"
    monkeypatch.setenv("OTSQA_DATA_DIR", str(settings.data_dir))
    assert otsqa_main(["feedback", "export", "--out", str(out)]) == 0
    assert "Exported 1 thumbs-down" in capsys.readouterr().err
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 1
    case = lines[0]
    assert case["question"] == "And who spoke there?" and case["history"][0]["question"] == QUESTION
    assert case["answerable"] is None and case["evidence"] == [] and case["key_facts"] == []  # labels wait for a person
    assert case["feedback"]["comment"] == "Names no speaker." and case["feedback"]["config"] == "grounded"
    assert case["feedback"]["answer"] == second.json()["answer"] and case["feedback"]["citations"]

    labelled = tmp_path / "labelled.jsonl"
    labelled.write_text(json.dumps(case | {"answerable": False, "reference_answer": "Not said."}) + "\n", encoding="utf-8")
    assert load_items(labelled)[0].question == "And who spoke there?"  # the eval loader takes it once labelled

    assert otsqa_main(["feedback", "export"]) == 0
    assert json.loads(capsys.readouterr().out.splitlines()[0])["id"] == case["id"]


def test_a_feedback_database_left_readable_by_an_earlier_version_is_made_private(tmp_path):
    path = tmp_path / "feedback.sqlite3"
    sqlite3.connect(path).close()
    path.chmod(0o644)
    (tmp_path / "feedback.sqlite3-wal").write_bytes(b"")
    (tmp_path / "feedback.sqlite3-wal").chmod(0o644)
    store = FeedbackStore(path)
    assert list(store.rows()) == []
    modes = {p.name: oct(stat.S_IMODE(p.stat().st_mode)) for p in tmp_path.glob("feedback.sqlite3*")}
    assert set(modes.values()) == {"0o600"}, modes
