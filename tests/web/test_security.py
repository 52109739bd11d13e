"""What guards the app (web/security.py): the body limit, the rate limit, the API token and the origin
rules (CORS, framing, refusals), through FastAPI's test client on the real corpus."""

from __future__ import annotations

import json

from tests.web.conftest import INTRANET, QUESTION, client_for
from web.security import RateLimiter


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
    # The list of articles is the collection's content too.
    assert client.get("/api/articles").status_code == 401
    assert client.get("/api/articles", headers={"X-API-Token": token}).status_code == 200


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
    same = client.post("/api/ask", json={"question": QUESTION}, headers={"Origin": "http://localhost"})
    assert same.status_code == 200
    assert client.post("/api/ask", json={"question": QUESTION}, headers={"Origin": INTRANET}).status_code == 403


def test_a_wrong_token_at_sign_in_spends_the_clients_question_budget(ingested, assistant):
    token = "sign-in-token-0123456789"
    client = client_for(ingested, assistant, api_token=token, rate_limit_per_minute=2)
    replies = [client.post("/sign-in", data={"token": f"guess-number-{n}-xxxxxxxx"}) for n in range(3)]
    assert [r.status_code for r in replies] == [401, 401, 429]
    assert "the limit is 2 a minute" in replies[-1].text and "set-cookie" not in replies[-1].headers
    assert client.post("/api/ask", json={"question": QUESTION}, headers={"X-API-Token": token}).status_code == 429
