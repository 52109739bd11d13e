"""What one connection may hold, enforced under the app, in uvicorn's HTTP protocol: a deadline for each
request's head (request line and headers) and one for its body, and a cap on the connections one client
address has open at once.

A client trickling a request a byte every few seconds was never closed (uvicorn times out only idle
kept-alive connections), and each such connection holds about 330 KiB of the server's memory: a few
thousand, with no login, exhaust it. No middleware can see this: the app is called only once the
head is complete. So `serve` runs uvicorn with `guarded_protocol(...)` as its HTTP protocol.
"""

from __future__ import annotations

import asyncio
import ipaddress
import json
import logging
from collections import Counter
from dataclasses import dataclass
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from otsqa.settings import Settings

log = logging.getLogger(__name__)

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass(frozen=True)
class ConnectionLimits:
    head_seconds: float
    body_seconds: float
    per_client: int  # 0: no cap
    trusted: tuple[Network, ...] = ()  # proxies: many clients share their address, so they are not capped

    @classmethod
    def from_settings(cls, settings: Settings) -> "ConnectionLimits":
        return cls(
            head_seconds=settings.request_head_timeout,
            body_seconds=settings.request_body_timeout,
            per_client=settings.max_connections_per_client,
            trusted=tuple(ipaddress.ip_network(p) for p in settings.trusted_proxies),
        )

    def caps(self, host: str) -> bool:
        """Whether connections from ``host`` count against the per-client cap."""
        if not self.per_client:
            return False
        try:
            address = ipaddress.ip_address(host)
        except ValueError:
            return True
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:  # a dual-stack socket's IPv4 client
            address = address.ipv4_mapped
        return not any(address in network for network in self.trusted)


MAX_HEAD_BYTES = 64 * 1024  # a request's line and header fields; browsers send a few KiB
RAW_HEAD_BYTES = 1024 * 1024  # bytes received while no body is read: past the parser's own buffering


class HeadTooLarge(Exception):
    """Raised from a parser callback to stop reading a request head that is over MAX_HEAD_BYTES."""


def plain_response(status: int, reason: str, message: str, headers: list[tuple[bytes, bytes]] = ()) -> bytes:
    """A whole HTTP/1.1 response in the app's error shape ({"error": ...}) that closes the connection."""
    body = json.dumps({"error": message}).encode()
    lines = [f"HTTP/1.1 {status} {reason}".encode()]
    fields = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()), (b"connection", b"close")]
    lines += [name + b": " + value for name, value in [*headers, *fields]]
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


class GuardedProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with deadlines and a per-client cap; `guarded_protocol` binds it to
    its limits and to one table of open connections per client (one per server)."""

    limits: ConnectionLimits
    open_per_client: Counter[str]
    capped: set[str]  # addresses refused since they last had none open: warned about once

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._deadline: asyncio.TimerHandle | None = None
        self._counted: str | None = None  # the address this connection counts against
        self._refused = False
        self._in_head = False  # bytes of a request head arrived: a 408 is owed, not a silent close
        self._in_body = False
        self._head_bytes = 0  # of the request head being read, as parsed (its URL and header fields)
        self._raw_head_bytes = 0  # received while no body was being read: bounds one endless header line
        self._head_too_big = False

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        peer = transport.get_extra_info("peername")
        host = peer[0] if isinstance(peer, tuple) else None
        if host is not None and self.limits.caps(host):
            if self.open_per_client[host] >= self.limits.per_client:
                self._refuse(transport, host)
                return
            self.open_per_client[host] += 1
            self._counted = host
        super().connection_made(transport)
        self._arm(self.limits.head_seconds, "head")  # also bounds a connection that never sends a byte

    def _refuse(self, transport: asyncio.Transport, host: str) -> None:
        self._refused = True
        if host not in self.capped:  # once, not per connection: a flood would flood the log
            self.capped.add(host)
            log.warning("refusing connections from %s: over OTSQA_MAX_CONNECTIONS_PER_CLIENT (%d)", host, self.limits.per_client)
        message = f"Too many connections from {host} at once (the limit is {self.limits.per_client}); close some and try again."
        transport.write(plain_response(429, "Too Many Requests", message, [(b"retry-after", b"5")]))
        transport.close()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        if self._counted is not None:
            self.open_per_client[self._counted] -= 1
            if self.open_per_client[self._counted] <= 0:
                del self.open_per_client[self._counted]
                self.capped.discard(self._counted)
            self._counted = None
        if not self._refused:  # a refused connection never became uvicorn's
            super().connection_lost(exc)

    # The size of a request head. Time alone does not bound it: one connection sent 200 MiB of headers in
    # 0.4 s, and the server kept the memory. The parsed size is checked field by field; the bytes received
    # while no body is being read bound a single endless line, which the parser buffers whole before it
    # hands it over (a chunk may also hold the start of a body, hence the larger bound).
    def data_received(self, data: bytes) -> None:
        if not self._in_body:
            self._raw_head_bytes += len(data)
            if self._raw_head_bytes > RAW_HEAD_BYTES:
                self._head_too_big = True
                self.send_400_response("")
                return
        super().data_received(data)

    def on_url(self, url: bytes) -> None:
        self._count_head(len(url))
        super().on_url(url)

    def on_header(self, name: bytes, value: bytes) -> None:
        self._count_head(len(name) + len(value) + 4)
        super().on_header(name, value)

    def _count_head(self, size: int) -> None:
        self._head_bytes += size
        if self._head_bytes > MAX_HEAD_BYTES:
            self._head_too_big = True
            raise HeadTooLarge  # stops the parser; uvicorn then answers through send_400_response

    def send_400_response(self, msg: str) -> None:
        if not self._head_too_big:
            super().send_400_response(msg)
            return
        message = f"The request's line and headers are over {MAX_HEAD_BYTES // 1024} KiB; send less."
        if not self.transport.is_closing():
            self.transport.write(plain_response(431, "Request Header Fields Too Large", message))
            self.transport.close()

    # httptools' callbacks, as a request arrives
    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._in_head = True
        self._head_bytes = 0
        if self._deadline is None:  # the next request on a kept-alive connection
            self._arm(self.limits.head_seconds, "head")

    def on_headers_complete(self) -> None:
        self._in_head = False
        self._in_body = True
        self._arm(self.limits.body_seconds, "body")
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        self._disarm()
        self._in_body = False
        self._raw_head_bytes = 0
        super().on_message_complete()

    def handle_websocket_upgrade(self) -> None:
        # Nothing here speaks WebSocket, and an upgraded connection would leave this protocol's guard.
        self.send_400_response("This server takes no WebSocket connections.")

    def _arm(self, seconds: float, part: str) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(seconds, self._time_out, part, seconds)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _time_out(self, part: str, seconds: float) -> None:
        self._deadline = None
        if self.transport is None or self.transport.is_closing():
            return
        cycle = self.cycle
        in_flight = cycle is not None and not cycle.response_complete
        # A 408 only where no other response is on the wire: the head of a new request, with the previous
        # one answered; or a body whose request has no response yet.
        # (Pipelined requests are queued behind one in flight: no 408 for them either.)
        if part == "head":
            owed = self._in_head and not in_flight
        else:
            owed = cycle is not None and not cycle.response_started
        log.info("closing a connection from %s: its request's %s took over %g s", self.client and self.client[0], part, seconds)
        if owed and not self.pipeline:
            message = f"The request's {part} took over {seconds:g} s to arrive; send it again, whole."
            self.transport.write(plain_response(408, "Request Timeout", message))
        if in_flight:
            cycle.disconnected = True  # the app's next receive() is a disconnect, and its sends go nowhere
            cycle.message_event.set()
        self.transport.close()


def guarded_protocol(limits: ConnectionLimits) -> type[asyncio.Protocol]:
    """The protocol class to give uvicorn (`Config(http=...)`): GuardedProtocol with ``limits`` and a table
    of open connections of its own."""
    return type("Guarded", (GuardedProtocol,), {"limits": limits, "open_per_client": Counter(), "capped": set()})
