"""The HTTP API's routes through FastAPI's test client, on the real corpus ingested with the real model:
answers, follow-ups, streaming, and errors with their status codes."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.conftest import make_settings
from tests.helpers import sse_events
from tests.web.conftest import LOCAL, QUESTION
from web.reader_messages import EMPTY
from web.server import build_app


def test_health_says_ready(client):
    reply = client.get("/api/health")
    assert reply.status_code == 200
    assert reply.json() == {"status": "ok", "ready": True, "chat": "ready", "config": "grounded"}


def test_ask_returns_the_answer_json_with_quotes_inside_their_passages(client):
    reply = client.post("/api/ask", json={"question": QUESTION})
    assert reply.status_code == 200
    answer = reply.json()
    assert set(answer) >= {"question", "answer", "abstained", "citations", "passages", "timings_ms", "config"}
    assert not answer["abstained"] and "Gabala" in answer["answer"]
    assert answer["citations"] and all(c["quote"] in c["passage"] for c in answer["citations"])
    assert f"[{answer['citations'][0]['n']}]" in answer["answer"]
    assert reply.headers["x-answer-id"]


def test_follow_up_uses_the_history(client):
    first = client.post("/api/ask", json={"question": "What is the Turkic Investment Fund?"}).json()
    history = [{"question": first["question"], "answer": first["answer"]}]
    follow_up = "How large is its authorized capital, and when is it supposed to start operating?"
    reply = client.post("/api/ask", json={"question": follow_up, "history": history})
    assert reply.status_code == 200
    assert "600 million" in reply.json()["answer"]


def test_stream_sends_passages_deltas_answer_and_done(client):
    reply = client.post("/api/ask/stream", json={"question": QUESTION})
    assert reply.status_code == 200 and reply.headers["content-type"].startswith("text/event-stream")
    events = sse_events(reply.text)
    names = [name for name, _ in events]
    assert names[0] == "passages" and names[-2:] == ["answer", "done"]
    deltas = "".join(data["text"] for name, data in events if name == "delta")
    answer = events[-2][1]
    assert deltas == answer["answer"] and answer["citations"]
    assert events[-1][1]["answer_id"]


@pytest.mark.parametrize(
    "body, fragment",
    [
        ({"question": ""}, "empty"),
        ({"question": "   "}, "empty"),
        ({"question": "x" * 2001}, "limit is 2000"),
        ({"question": "Why?", "history": "not a list"}, "history"),
        ({"history": []}, "question"),
    ],
)
def test_bad_questions_are_400_with_a_message(client, body, fragment):
    for path in ("/api/ask", "/api/ask/stream"):
        reply = client.post(path, json=body)
        assert reply.status_code == 400, (path, reply.text)
        assert fragment in reply.json()["error"]


def test_unknown_api_paths_and_wrong_methods_get_json_errors(client):
    for method, path in (("GET", "/api/nothing"), ("POST", "/api/ask/nothing"), ("DELETE", "/api")):
        reply = client.request(method, path)
        assert reply.status_code == 404 and "/docs" in reply.json()["error"], (method, path, reply.text)
    reply = client.get("/api/ask")
    assert reply.status_code == 405 and "GET is not allowed on /api/ask" in reply.json()["error"]
    assert reply.headers["allow"] == "POST"
    assert client.options("/api/ask").status_code == 405  # no Origin: not a CORS preflight
    assert client.get("/api/health").status_code == 200 and client.get("/").status_code == 200
    assert client.head("/api/health").status_code == 200


def test_a_body_that_is_not_a_json_object_is_told_to_send_one(client):
    for content, content_type in (("question=hi", "application/x-www-form-urlencoded"), ('"hi"', "application/json")):
        reply = client.post("/api/ask", content=content, headers={"content-type": content_type})
        assert reply.status_code == 400 and "must be a JSON object" in reply.json()["error"], reply.text


def test_not_json_is_400(client):
    reply = client.post("/api/ask", content=b"question=hi", headers={"content-type": "application/json"})
    assert reply.status_code == 400 and "error" in reply.json()


def test_empty_store_is_503_naming_otsqa_ingest(tmp_path):
    client = TestClient(build_app(make_settings(tmp_path)), base_url=LOCAL)
    assert client.get("/api/health").json()["ready"] is False
    for path in ("/api/ask", "/api/ask/stream"):
        reply = client.post(path, json={"question": QUESTION})
        assert reply.status_code == 503, reply.text
        assert "otsqa ingest" in reply.json()["error"]  # for the operator and scripts
        assert reply.json()["message"] == EMPTY  # for the person asking (the widget shows this one)
        assert "otsqa" not in EMPTY and "/" not in EMPTY
    assert client.get("/").status_code == 200  # the page is still served


def test_widget_script_and_openapi_docs_are_served(client):
    script = client.get("/widget.js")
    assert script.status_code == 200 and script.headers["content-type"].startswith("text/javascript")
    assert "attachShadow" in script.text and "/api/ask/stream" in script.text
    spec = client.get("/openapi.json").json()
    assert {"/api/health", "/api/ask", "/api/ask/stream", "/api/feedback"} <= set(spec["paths"])
    assert client.get("/docs").status_code == 200


GABALA = "001-9d64fbbbf1f74134"
CORRIDORS = "003-fd6da9354cc4b937"


def test_articles_lists_the_ids_and_titles_filters_choose_from(client):
    reply = client.get("/api/articles")
    assert reply.status_code == 200
    articles = reply.json()["articles"]
    assert len(articles) == 4 and {GABALA, CORRIDORS} <= {a["doc_id"] for a in articles}
    assert all(set(a) == {"doc_id", "title", "author", "date"} and a["title"] for a in articles)
    assert [a["date"] for a in articles] == sorted((a["date"] for a in articles), reverse=True)  # newest first


def test_filters_narrow_the_answer_and_its_scope_says_how_far(client):
    filters = {"doc_ids": [CORRIDORS]}
    answer = client.post("/api/ask", json={"question": QUESTION, "filters": filters}).json()
    assert {c["doc_id"] for c in answer["citations"]} <= {CORRIDORS}
    assert {p["doc_id"] for p in answer["passages"]} == {CORRIDORS}
    assert answer["scope"] == {"searched": 1, "total": 4, "filters": {"doc_ids": [CORRIDORS], "date_from": "", "date_to": ""}}
    streamed = sse_events(client.post("/api/ask/stream", json={"question": QUESTION, "filters": filters}).text)
    assert streamed[-2][0] == "answer" and streamed[-2][1]["scope"] == answer["scope"]

    dated = client.post("/api/ask", json={"question": QUESTION, "filters": {"date_from": "2030-01-01"}}).json()
    assert dated["abstained"] and "No article matches the filters" in dated["answer"]
    assert dated["scope"]["searched"] == 0 and dated["scope"]["total"] == 4
    assert "scope" not in client.post("/api/ask", json={"question": QUESTION}).json()  # unfiltered: as before
    assert "scope" not in client.post("/api/ask", json={"question": QUESTION, "filters": {}}).json()


@pytest.mark.parametrize(
    "filters, fragment",
    [
        ({"doc_ids": ["no-such-article"]}, "no article with the id 'no-such-article'"),
        ({"date_from": "12/01/2025"}, "date_from must be a date like 2025-12-31"),
        ({"date_from": "2026-01-01", "date_to": "2025-01-01"}, "swap them"),
        ({"doc_ids": GABALA}, "filters.doc_ids"),
        ({"articles": [GABALA]}, "filters.articles"),  # a misnamed filter is refused, not ignored
    ],
)
def test_bad_filters_are_400_naming_the_fix(client, filters, fragment):
    for path in ("/api/ask", "/api/ask/stream"):
        reply = client.post(path, json={"question": QUESTION, "filters": filters})
        assert reply.status_code == 400, (path, reply.text)
        assert fragment in reply.json()["error"], reply.json()
    if "no-such" in fragment:
        assert "/api/articles" in reply.json()["error"]
