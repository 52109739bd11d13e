"""The HTTP API through FastAPI's test client, on the real corpus ingested with the real model:
answers, streaming, errors with their status codes, the origin rules, the token, the rate limit,
feedback and its export, and the HTML the chat renders (escaped, with working citation links)."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from cli.main import main as otsqa_main
from evals.dataset import load_items
from otsqa.settings import load_settings
from tests.conftest import make_settings
from tests.helpers import sse_events
from web.render import highlight, link_markers, render_transcript
from web.security import RateLimiter
from web.server import build_app

QUESTION = "Where was the 12th OTS summit held?"
INTRANET = "http://intranet.example:8080"


@pytest.fixture(scope="module")
def assistant(ingested, embedder):
    from assistant import open_assistant

    return open_assistant(ingested.settings, embedder=embedder)


def client_for(ingested, assistant, **overrides) -> TestClient:
    settings = ingested.settings.model_copy(update=overrides)
    return TestClient(build_app(settings, assistant))


@pytest.fixture(scope="module")
def client(ingested, assistant) -> TestClient:
    return client_for(ingested, assistant, allowed_origins=[INTRANET], rate_limit_per_minute=0)


def test_health_says_ready(client):
    reply = client.get("/api/health")
    assert reply.status_code == 200
    assert reply.json() == {"status": "ok", "ready": True, "config": "grounded"}


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


def test_oversized_body_is_413_declared_or_streamed(client):
    big = json.dumps({"question": "hi", "history": [{"question": "q", "answer": "a" * 300_000}]}).encode()
    assert client.post("/api/ask", content=big, headers={"content-type": "application/json"}).status_code == 413

    def chunks():  # no Content-Length: the server must count as it reads
        for start in range(0, len(big), 16_384):
            yield big[start : start + 16_384]

    reply = client.post("/api/ask", content=chunks(), headers={"content-type": "application/json"})
    assert reply.status_code == 413 and "KiB" in reply.json()["error"]


def test_rate_limit_is_per_client_with_retry_after(ingested, assistant):
    client = client_for(ingested, assistant, rate_limit_per_minute=2)
    assert [client.post("/api/ask", json={"question": QUESTION}).status_code for _ in range(2)] == [200, 200]
    reply = client.post("/api/ask/stream", json={"question": QUESTION})
    assert reply.status_code == 429 and int(reply.headers["retry-after"]) >= 1
    assert "limit is 2 a minute" in reply.json()["error"]
    assert client.get("/api/health").status_code == 200  # only questions count


def test_rate_limiter_window_slides():
    now = [0.0]
    limiter = RateLimiter(2, clock=lambda: now[0])
    assert [limiter.retry_after("a"), limiter.retry_after("a"), limiter.retry_after("b")] == [0, 0, 0]
    assert limiter.retry_after("a") > 0
    now[0] = 60.0
    assert limiter.retry_after("a") == 0
    assert RateLimiter(0).retry_after("a") == 0


def test_empty_store_is_503_naming_otsqa_ingest(tmp_path):
    client = TestClient(build_app(make_settings(tmp_path)))
    assert client.get("/api/health").json()["ready"] is False
    for path in ("/api/ask", "/api/ask/stream"):
        reply = client.post(path, json={"question": QUESTION})
        assert reply.status_code == 503, reply.text
        assert "otsqa ingest" in reply.json()["error"]
    assert client.get("/").status_code == 200  # the page is still served


def test_token_is_required_in_a_header_never_in_the_url(ingested, assistant):
    token = "s3cret-token-for-tests"
    client = client_for(ingested, assistant, api_token=token)
    assert client.post("/api/ask", json={"question": QUESTION}).status_code == 401
    wrong = client.post("/api/ask", json={"question": QUESTION}, headers={"Authorization": "Bearer wrong-token-xxxxxxx"})
    assert wrong.status_code == 401 and "wrong" in wrong.json()["error"]
    in_url = client.post(f"/api/ask?token={token}", json={"question": QUESTION})
    assert in_url.status_code == 401 and "URL" in in_url.json()["error"]
    ok = client.post("/api/ask", json={"question": QUESTION}, headers={"Authorization": f"Bearer {token}"})
    assert ok.status_code == 200
    assert client.get("/api/health").status_code == 200


def test_allowed_origin_gets_cors_and_may_frame(client):
    preflight = client.options(
        "/api/ask/stream",
        headers={"Origin": INTRANET, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"},
    )
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == INTRANET
    reply = client.post("/api/ask", json={"question": QUESTION}, headers={"Origin": INTRANET})
    assert reply.status_code == 200 and reply.headers["access-control-allow-origin"] == INTRANET
    for path in ("/", "/api/health"):
        assert client.get(path).headers["content-security-policy"] == f"frame-ancestors 'self' {INTRANET}"


def test_other_origins_get_no_grant_and_are_refused(client):
    evil = "http://evil.example"
    preflight = client.options(
        "/api/ask",
        headers={"Origin": evil, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"},
    )
    assert preflight.status_code == 403 and "access-control-allow-origin" not in preflight.headers
    reply = client.post("/api/ask", json={"question": QUESTION}, headers={"Origin": evil})
    assert reply.status_code == 403 and "OTSQA_ALLOWED_ORIGINS" in reply.json()["error"]
    assert "access-control-allow-origin" not in reply.headers
    gradio = client.post("/gradio_api/call/chat", json={"data": [QUESTION]}, headers={"Origin": evil})
    assert gradio.status_code == 403


def test_default_allows_only_the_apps_own_origin(ingested, assistant):
    client = client_for(ingested, assistant)
    assert client.get("/").headers["content-security-policy"] == "frame-ancestors 'self'"
    same = client.post("/api/ask", json={"question": QUESTION}, headers={"Origin": "http://testserver"})
    assert same.status_code == 200
    assert client.post("/api/ask", json={"question": QUESTION}, headers={"Origin": INTRANET}).status_code == 403


def test_widget_script_and_openapi_docs_are_served(client):
    script = client.get("/widget.js")
    assert script.status_code == 200 and script.headers["content-type"].startswith("text/javascript")
    assert "attachShadow" in script.text and "/api/ask/stream" in script.text
    spec = client.get("/openapi.json").json()
    assert {"/api/health", "/api/ask", "/api/ask/stream", "/api/feedback"} <= set(spec["paths"])
    assert client.get("/docs").status_code == 200


def test_feedback_is_stored_and_thumbs_down_export_as_eval_lines(ingested, assistant, tmp_path, monkeypatch, capsys):
    settings = ingested.settings.model_copy(update={"data_dir": tmp_path / "data", "rate_limit_per_minute": 0})
    client = TestClient(build_app(settings, assistant))
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


def test_settings_for_access_name_the_variable():
    settings = load_settings(env={"OTSQA_ALLOWED_ORIGINS": "https://intranet.example, http://10.0.0.5:8080/"})
    assert settings.allowed_origins == ["https://intranet.example", "http://10.0.0.5:8080"]
    assert load_settings(env={}).allowed_origins == [] and load_settings(env={}).api_token is None
    from otsqa.errors import SettingsError

    for env, name in [
        ({"OTSQA_ALLOWED_ORIGINS": "intranet.example"}, "OTSQA_ALLOWED_ORIGINS"),
        ({"OTSQA_ALLOWED_ORIGINS": "https://intranet.example/page"}, "OTSQA_ALLOWED_ORIGINS"),
        ({"OTSQA_API_TOKEN": "short"}, "OTSQA_API_TOKEN"),
        ({"OTSQA_RATE_LIMIT_PER_MINUTE": "lots"}, "OTSQA_RATE_LIMIT_PER_MINUTE"),
    ]:
        with pytest.raises(SettingsError, match=name):
            load_settings(env=env)


def test_transcript_html_escapes_everything_from_people_and_articles():
    hostile = "<img src=x onerror=alert(1)> {{value}} ${alert(2)} `x`"
    answer = {
        "answer": f"{hostile} [1] and [7]",
        "abstained": False,
        "citations": [
            {
                "n": 1,
                "title": "<b>T</b>",
                "author": "A & B",
                "date": "2025",
                "quote": hostile,
                "passage": f"Before. {hostile} After.",
            }
        ],
    }
    html = render_transcript([{"question": hostile, "answer": answer, "id": "abc"}])
    assert "<img" not in html and "<b>" not in html and "{{" not in html and "${" not in html and "`" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html and "&lt;b&gt;T&lt;/b&gt;" in html
    assert 'href="#ots-t0-s1"' in html and 'id="ots-t0-s1"' in html and "[7]" in html and "#ots-t0-s7" not in html
    assert '<mark id="ots-t0-s1">&lt;img' in html


def test_highlight_and_links():
    quote = [{"n": 2, "quote": "Two."}]
    assert highlight("One. Two. Three.", quote, "t") == 'One. <mark id="t-s2">Two.</mark> Three.'
    assert highlight("One.", [{"n": 1, "quote": "Elsewhere."}], "t") == 'One. <mark id="t-s1">Elsewhere.</mark>'
    assert link_markers("a [1] b [2]", "t", {2}) == 'a [1] b <a class="ots-cite" href="#t-s2" data-target="t-s2">[2]</a>'


def test_a_passage_quoted_twice_is_shown_once_with_both_quotes_marked():
    passage = "One. Two. Three."
    cited = [
        {"n": 1, "chunk_id": "a#0", "title": "A", "quote": "Three.", "passage": passage},
        {"n": 2, "chunk_id": "b#4", "title": "B", "quote": "Four.", "passage": "Four."},
        {"n": 3, "chunk_id": "a#0", "title": "A", "quote": "One.", "passage": passage},
    ]
    answer = {"answer": "Three. [1] Four. [2] One. [3]", "abstained": False, "citations": cited}
    html = render_transcript([{"question": "Q?", "answer": answer}])
    assert html.count('class="ots-source"') == 2 and "Sources (2)" in html and "[1][3]" in html
    assert '<mark id="ots-t0-s3">One.</mark> Two. <mark id="ots-t0-s1">Three.</mark>' in html
    for n in (1, 2, 3):
        assert f'data-target="ots-t0-s{n}"' in html and f'id="ots-t0-s{n}"' in html


def test_abstention_looks_different():
    answer = {"answer": "The articles do not answer this question.", "abstained": True, "citations": []}
    html = render_transcript([{"question": "Who won the 1998 World Cup?", "answer": answer, "id": "x"}])
    assert "ots-abstained" in html and "Not in the articles" in html


def test_serve_and_export_usage(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("OTSQA_DATA_DIR", str(tmp_path / "data"))
    assert otsqa_main(["serve", "--port", "0"]) == 2
    assert "--port" in capsys.readouterr().err
    assert otsqa_main(["feedback", "export"]) == 0  # nothing rated yet: nothing written, still fine
    captured = capsys.readouterr()
    assert captured.out == "" and "Exported 0" in captured.err
    with pytest.raises(SystemExit) as exit_:
        otsqa_main(["serve", "--port", "many"])
    assert exit_.value.code == 2
