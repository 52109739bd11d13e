"""A real `otsqa serve` against clients that hold or spend more than their share (issue #22): requests
trickled a byte at a time, more connections from one address than it may hold, `X-Forwarded-For`
headers that would buy a fresh rate-limit budget, and empty questions that used to spend it.

Two servers on copies of one small store: `direct` trusts no proxy, `proxied` trusts 127.0.0.1 as a
reverse proxy. Each check uses loopback addresses of its own (127.0.0.x) so that budgets and
connection counts do not mix between checks."""

from __future__ import annotations

import json
import shutil
import socket
import threading
import time
from dataclasses import dataclass
from typing import NamedTuple

import httpx
import pytest

from tests.conftest import CORPUS_FILES, make_settings
from tests.resilience.procs import Served, otsqa_env

pytestmark = pytest.mark.slow

RATE_LIMIT = 3  # questions per client per minute on both servers
HEAD_SECONDS = 4.0  # OTSQA_REQUEST_HEAD_TIMEOUT on both servers
BODY_SECONDS = 6.0  # OTSQA_REQUEST_BODY_TIMEOUT
PER_CLIENT = 8  # OTSQA_MAX_CONNECTIONS_PER_CLIENT
MARGIN = 3.0  # seconds a timed-out connection may outlive its deadline on a busy 2-core machine
QUESTION = "Where was the 12th OTS summit held?"


class Sites(NamedTuple):
    direct: Served
    proxied: Served


@pytest.fixture(scope="module")
def sites(tmp_path_factory, corpus_dir, embedder):
    from ingest import ingest_paths

    root = tmp_path_factory.mktemp("client-limits")
    corpus = root / "articles"
    corpus.mkdir()
    for key in ("samedov", "gabala"):
        shutil.copy(corpus_dir / CORPUS_FILES[key], corpus / CORPUS_FILES[key])
    settings = make_settings(root, corpus)
    assert ingest_paths(settings, embedder=embedder).failed == []
    proxied_data = root / "proxied-data"  # one embedded store per process
    shutil.copytree(settings.data_dir, proxied_data)
    limits = {
        "rate_limit_per_minute": RATE_LIMIT,
        "request_head_timeout": HEAD_SECONDS,
        "request_body_timeout": BODY_SECONDS,
        "max_connections_per_client": PER_CLIENT,
    }
    direct = Served(otsqa_env(settings.data_dir, corpus, **limits), root / "direct.log")
    proxied = Served(otsqa_env(proxied_data, corpus, trusted_proxies="127.0.0.1", **limits), root / "proxied.log")
    try:
        for served in (direct, proxied):
            served.start(ready=False)  # both load their models at once
        for served in (direct, proxied):
            served.wait_ready()
        yield Sites(direct, proxied)
    finally:
        direct.stop()
        proxied.stop()


def client_from(served: Served, address: str) -> httpx.Client:
    return httpx.Client(base_url=served.url, transport=httpx.HTTPTransport(local_address=address), timeout=120)


# -- raw connections -------------------------------------------------------------------------------


@dataclass
class Raw:
    """A connection driven by hand: what it still has to send (a byte at a time), when its deadline's
    clock started, when the server closed it and what the server said."""

    sock: socket.socket
    pending: bytes
    started: float
    closed: float | None = None
    reply: bytes = b""

    def read(self) -> None:
        while self.closed is None:
            try:
                data = self.sock.recv(65536)
            except BlockingIOError:
                return
            except OSError:  # reset: closed
                data = b""
            if not data:
                self.closed = time.monotonic()
                return
            self.reply += data

    def send_one(self) -> None:
        if self.closed is not None or not self.pending:
            return
        try:
            self.sock.send(self.pending[:1])
            self.pending = self.pending[1:]
        except BlockingIOError:
            pass
        except OSError:
            self.closed = time.monotonic()


def connect(served: Served, address: str, first: bytes = b"", rest: bytes = b"") -> Raw:
    """A connection from ``address`` that sends ``first`` at once and then ``rest`` a byte per tick."""
    sock = socket.create_connection(("127.0.0.1", served.port), timeout=10, source_address=(address, 0))
    if first:
        sock.sendall(first)
    sock.setblocking(False)
    return Raw(sock, rest, time.monotonic())


def watch(connections: list[Raw], seconds: float, send_every: float | None = None) -> None:
    """Read from every connection for ``seconds`` (or until all are closed), sending each one more byte
    every ``send_every`` seconds."""
    deadline, next_send = time.monotonic() + seconds, time.monotonic()
    while time.monotonic() < deadline and any(c.closed is None for c in connections):
        for c in connections:
            c.read()
        if send_every is not None and time.monotonic() >= next_send:
            for c in connections:
                c.send_one()
            next_send += send_every
        time.sleep(0.1)


def close_all(connections: list[Raw]) -> None:
    for c in connections:
        c.sock.close()


# -- slow requests and the per-client cap ----------------------------------------------------------


def test_trickled_heads_and_bodies_are_closed_at_their_deadlines_while_others_get_answers(sites):
    """50 connections send a byte a second, well inside any idle timeout: 25 never finish their headers,
    25 send whole headers and then trickle a body. Each is closed with a 408 once its head (or body) is
    past its deadline, counted from the start, not from the last byte; a normal client is answered meanwhile."""
    served = sites.direct
    head_first = b"GET /api/health HTTP/1.1\r\n"
    head_rest = b"Host: 127.0.0.1\r\nX-Slow: " + b"a" * 1000
    body_first = b"POST /api/ask HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n"
    body_rest = b'{"question": "' + b"a" * 980
    heads, bodies = [], []
    for n in range(25):
        address = f"127.0.3.{1 + n % 10}"  # five connections per address: under the per-client cap
        heads.append(connect(served, address, head_first, head_rest))
        bodies.append(connect(served, address, body_first, body_rest))
    slow = heads + bodies
    answers: list[int] = []

    def normal_client() -> None:
        with client_from(served, "127.0.0.20") as http:
            answers.append(http.get("/api/health").status_code)
            answers.append(http.post("/api/ask", json={"question": QUESTION}).status_code)

    asker = threading.Thread(target=normal_client)
    asker.start()
    seconds = BODY_SECONDS + MARGIN + 2
    try:
        watch(slow, seconds, send_every=1.0)
        asker.join(timeout=180)
    finally:
        close_all(slow)
    still_open = [c for c in slow if c.closed is None]
    assert not still_open, f"{len(still_open)} of {len(slow)} slow connections still open after {seconds:.0f} s (a byte a second)"
    for kind, group, limit in (("head", heads, HEAD_SECONDS), ("body", bodies, BODY_SECONDS)):
        lived = sorted(round(c.closed - c.started, 1) for c in group)
        assert limit - 0.5 <= lived[0] and lived[-1] <= limit + MARGIN, f"{kind}s closed after {lived} s; deadline {limit} s"
        replies = {c.reply.split(b"\r\n", 1)[0] for c in group}
        assert replies == {b"HTTP/1.1 408 Request Timeout"}, (kind, replies)
    assert answers == [200, 200], f"a normal client got {answers} while slow ones held connections"
    assert served.process.poll() is None, served.log()


def test_connections_over_the_per_client_cap_are_refused_at_once_and_other_addresses_still_connect(sites):
    served = sites.direct
    address = "127.0.0.3"
    idle = [connect(served, address) for _ in range(PER_CLIENT + 4)]
    try:
        watch(idle, 1.5)  # well inside the head deadline: only the cap closes anything this early
        closed = [c for c in idle if c.closed is not None]
        assert len(closed) == 4, f"{len(closed)} of {len(idle)} idle connections from {address} closed in 1.5 s; cap {PER_CLIENT}"
        assert all(c.reply.startswith(b"HTTP/1.1 429 ") and b"at once" in c.reply for c in closed), [c.reply for c in closed]
        with client_from(served, "127.0.0.2") as http:  # another address, meanwhile
            assert http.get("/api/health").status_code == 200
    finally:
        close_all(idle)
    time.sleep(0.5)
    with client_from(served, address) as http:  # closed connections no longer count
        assert http.get("/api/health").status_code == 200


# -- who the client is: forwarded addresses --------------------------------------------------------


def ask_as(http: httpx.Client, forwarded_for: str) -> httpx.Response:
    return http.post("/api/ask", json={"question": QUESTION}, headers={"X-Forwarded-For": forwarded_for})


def test_forwarded_for_from_an_untrusted_peer_does_not_buy_a_new_budget(sites):
    """uvicorn believed X-Forwarded-For from 127.0.0.1 unless told otherwise: a local script (or anything
    on the server's own machine) got a fresh budget per invented address."""
    with client_from(sites.direct, "127.0.0.1") as http:
        statuses = [ask_as(http, f"10.9.0.{n}").status_code for n in range(1, 6)]
    assert statuses == [200] * RATE_LIMIT + [429] * (5 - RATE_LIMIT), statuses


def test_a_trusted_proxy_gets_a_budget_per_forwarded_client_and_no_connection_cap(sites):
    served = sites.proxied
    with client_from(served, "127.0.0.1") as http:
        for forwarded in ("10.9.0.1", "10.9.0.2"):
            assert [ask_as(http, forwarded).status_code for _ in range(RATE_LIMIT)] == [200] * RATE_LIMIT
        over = ask_as(http, "10.9.0.1")
        assert over.status_code == 429 and "10.9.0.1" in over.json()["error"], over.text
        # Only the proxy appends the client's address: an address the client wrote before it is not believed.
        spoofed = ask_as(http, "10.9.0.50, 10.9.0.1")
        assert spoofed.status_code == 429 and "10.9.0.1" in spoofed.json()["error"], spoofed.text
    with client_from(served, "127.0.0.7") as http:  # not the proxy: its header is ignored
        statuses = [ask_as(http, f"10.9.1.{n}").status_code for n in range(1, RATE_LIMIT + 2)]
        assert statuses == [200] * RATE_LIMIT + [429], statuses
    through_proxy = [connect(served, "127.0.0.1") for _ in range(PER_CLIENT + 4)]  # a proxy carries many clients
    try:
        watch(through_proxy, 1.5)
        assert all(c.closed is None for c in through_proxy), "the trusted proxy's connections were capped"
    finally:
        close_all(through_proxy)


# -- empty questions --------------------------------------------------------------------------------


def chat(http: httpx.Client, message: str) -> tuple[str, object]:
    """Gradio's `/chat` endpoint over plain HTTP: (event, data) of its final event."""
    started = http.post("/gradio_api/call/chat", json={"data": [message]})
    assert started.status_code == 200, started.text
    events = http.get(f"/gradio_api/call/chat/{started.json()['event_id']}").text
    last = [block for block in events.strip().split("\n\n") if block.startswith("event:")][-1]
    fields = dict(line.split(": ", 1) for line in last.splitlines() if ": " in line)
    return fields["event"], json.loads(fields.get("data", "null"))


def test_empty_questions_get_400_without_spending_the_budget(sites):
    with client_from(sites.direct, "127.0.0.6") as http:
        for path, question in (("/api/ask", ""), ("/api/ask/stream", "   "), ("/api/ask", "\n\t ")):
            reply = http.post(path, json={"question": question})
            assert reply.status_code == 400 and "empty" in reply.json()["error"], (path, reply.status_code, reply.text)
        for message in ("", "  "):
            event, data = chat(http, message)
            assert event == "error" and "empty" in str(data), (event, data)
        real = [http.post("/api/ask", json={"question": QUESTION}).status_code for _ in range(RATE_LIMIT)]
        assert real == [200] * RATE_LIMIT, f"after 5 empty questions, {RATE_LIMIT} real ones got {real}"
