"""The connection guard (web/connections.py) in uvicorn, in a thread, around a tiny app: deadlines for a
request's head and body, kept-alive connections left alone between requests, the per-client cap and its
exemption for trusted proxies. The same against a real `otsqa serve`: tests/resilience/test_client_limits.py."""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from contextlib import contextmanager
from typing import Iterator

import uvicorn

from web.connections import ConnectionLimits, guarded_protocol
from web.server import listen

# Deadlines short enough for a quick test; the bounds below leave 2 s for a busy machine (never early, though).
HEAD = 0.6
BODY = 0.8


async def echo_length(scope, receive, send):
    """Reads the whole body and answers with its length; notes a disconnect."""
    if scope["type"] != "http":
        return
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return
        size += len(message.get("body", b""))
        if not message.get("more_body"):
            break
    body = str(size).encode()
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


@contextmanager
def guarded(limits: ConnectionLimits) -> Iterator[int]:
    """``echo_length`` served with ``limits`` on a free port of 127.0.0.1; yields the port."""
    sock = listen("127.0.0.1", 0)
    config = uvicorn.Config(echo_length, log_level="warning", access_log=False, http=guarded_protocol(limits), lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the test server did not start"
        time.sleep(0.02)
    try:
        yield sock.getsockname()[1]
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


def connect(port: int, address: str = "127.0.0.1") -> socket.socket:
    return socket.create_connection(("127.0.0.1", port), timeout=5, source_address=(address, 0))


def read_until_closed(sock: socket.socket, timeout: float = 5) -> tuple[bytes, float]:
    """Everything the server sends until it closes, and how long that took."""
    started, data = time.monotonic(), b""
    sock.settimeout(timeout)
    try:
        while chunk := sock.recv(65536):
            data += chunk
    except ConnectionResetError:
        pass
    return data, time.monotonic() - started


def read_response(sock: socket.socket) -> bytes:
    """One response with a Content-Length, from a connection that stays open."""
    data = b""
    while b"\r\n\r\n" not in data:
        data += sock.recv(65536)
    head, _, body = data.partition(b"\r\n\r\n")
    length = int(next(line.split(b":")[1] for line in head.split(b"\r\n") if line.lower().startswith(b"content-length")))
    while len(body) < length:
        body += sock.recv(65536)
    return head.split(b"\r\n")[0] + b" " + body


LIMITS = ConnectionLimits(head_seconds=HEAD, body_seconds=BODY, per_client=3)
GET = b"GET / HTTP/1.1\r\nHost: t\r\n\r\n"


def test_a_kept_alive_connection_asking_now_and_then_outlives_the_head_deadline():
    with guarded(LIMITS) as port, connect(port) as sock:
        for _ in range(6):  # 6 x 0.3 s: three head deadlines, each request's head sent whole
            sock.sendall(GET)
            assert read_response(sock) == b"HTTP/1.1 200 OK 0"
            time.sleep(0.3)


def test_a_trickled_head_is_closed_with_a_408_at_its_deadline_also_on_a_kept_alive_connection():
    with guarded(LIMITS) as port:
        with connect(port) as sock:
            sock.sendall(b"GET / HTTP/1.1\r\nHo")
            reply, seconds = read_until_closed(sock)
            assert reply.startswith(b"HTTP/1.1 408 ") and b"head" in reply and HEAD - 0.1 <= seconds <= HEAD + 2
        with connect(port) as sock:
            sock.sendall(GET)
            assert read_response(sock) == b"HTTP/1.1 200 OK 0"
            sock.sendall(b"GET / HTTP/1.1\r\n")  # the next request starts, and never ends
            reply, seconds = read_until_closed(sock)
            assert reply.startswith(b"HTTP/1.1 408 ") and seconds <= HEAD + 2
        with connect(port) as sock:  # sends nothing at all: closed without a word
            reply, seconds = read_until_closed(sock)
            assert reply == b"" and HEAD - 0.1 <= seconds <= HEAD + 2


def test_a_trickled_body_is_closed_with_a_408_and_a_prompt_one_is_answered():
    head = b"POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\n"
    with guarded(LIMITS) as port:
        with connect(port) as sock:
            sock.sendall(head + b"12345")
            reply, seconds = read_until_closed(sock)
            assert reply.startswith(b"HTTP/1.1 408 ") and b"body" in reply and BODY - 0.1 <= seconds <= BODY + 2
        with connect(port) as sock:
            sock.sendall(head + b"12345")
            time.sleep(BODY / 2)
            sock.sendall(b"67890")
            assert read_response(sock) == b"HTTP/1.1 200 OK 10"


def test_connections_over_the_per_client_cap_are_refused_and_a_trusted_proxy_is_not_capped():
    with guarded(LIMITS) as port:
        held = [connect(port, "127.0.0.5") for _ in range(3)]
        extra = connect(port, "127.0.0.5")
        reply, seconds = read_until_closed(extra)
        assert reply.startswith(b"HTTP/1.1 429 ") and b"127.0.0.5" in reply and seconds < 2
        with connect(port, "127.0.0.6") as other:  # another address is not affected
            other.sendall(GET)
            assert read_response(other) == b"HTTP/1.1 200 OK 0"
        for sock in held:
            sock.close()
        time.sleep(0.2)
        with connect(port, "127.0.0.5") as again:  # closed connections no longer count
            again.sendall(GET)
            assert read_response(again) == b"HTTP/1.1 200 OK 0"
    proxy = ConnectionLimits(HEAD, BODY, per_client=3, trusted=(ipaddress.ip_network("127.0.0.0/24"),))
    with guarded(proxy) as port:
        held = [connect(port, "127.0.0.5") for _ in range(6)]
        with held[-1] as last:
            last.sendall(GET)
            assert read_response(last) == b"HTTP/1.1 200 OK 0"
        for sock in held:
            sock.close()


def test_websocket_upgrades_are_refused():
    upgrade = b"GET / HTTP/1.1\r\nHost: t\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
    upgrade += b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"
    with guarded(LIMITS) as port, connect(port) as sock:
        sock.sendall(upgrade)
        reply, _ = read_until_closed(sock)
        assert reply.startswith(b"HTTP/1.1 400 ") and b"WebSocket" in reply


def test_a_request_head_over_64_kib_is_refused_with_431_and_a_large_body_is_not():
    with guarded(LIMITS) as port:
        with connect(port) as sock:  # many header fields (the red team sent 200 MiB of them in 0.4 s)
            try:
                sock.sendall(
                    b"GET / HTTP/1.1\r\nHost: t\r\n" + b"".join(b"X-Pad-%d: %s\r\n" % (n, b"a" * 1000) for n in range(200))
                )
                sock.sendall(b"\r\n")
            except (BrokenPipeError, ConnectionResetError):
                pass
            reply, _ = read_until_closed(sock)
            assert reply.startswith(b"HTTP/1.1 431 ") and b"64 KiB" in reply, reply[:200]
        with connect(port) as sock:  # one endless header line, which the parser would buffer whole
            sock.sendall(b"GET / HTTP/1.1\r\nHost: t\r\nX-Pad: ")
            sent = 0
            try:
                while sent < 8 * 1024 * 1024:
                    sock.sendall(b"a" * 65536)
                    sent += 65536
            except (BrokenPipeError, ConnectionResetError):
                pass
            assert sent < 8 * 1024 * 1024, "the server read 8 MiB of one header line"
        with connect(port) as sock:  # a body is not a head: 200 KiB sent in one go with its head
            body = b"b" * 200_000
            sock.sendall(b"POST / HTTP/1.1\r\nHost: t\r\nContent-Length: %d\r\n\r\n" % len(body) + body)
            assert read_response(sock) == b"HTTP/1.1 200 OK 200000"
