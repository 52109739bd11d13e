"""The rate limiter's table of clients under many addresses (issue #22): past 10,000 clients each check
used to scan the whole table under the one lock (cheap requests fell from 313/s to 120/s)."""

from __future__ import annotations

import time

from web.security import RateLimiter


def test_twenty_thousand_clients_cost_each_check_the_same():
    now = [0.0]
    limiter = RateLimiter(3, clock=lambda: now[0])
    for n in range(10_000):  # all asked within the minute: none may be forgotten
        limiter.retry_after(f"10.0.{n // 256}.{n % 256}")
    started = time.perf_counter()
    for n in range(20_000):
        now[0] += 0.001
        assert limiter.retry_after(f"10.1.{n // 256}.{n % 256}") == 0
    elapsed = time.perf_counter() - started
    # A scan of the table per check takes seconds here; a constant cost takes tens of milliseconds.
    assert elapsed < 1.5, f"20,000 checks past 10,000 clients took {elapsed:.2f} s"
    assert len(limiter._seen) == 30_000


def test_the_table_forgets_clients_idle_for_a_minute_and_keeps_their_budgets_until_then():
    now = [0.0]
    limiter = RateLimiter(2, clock=lambda: now[0])
    for n in range(5_000):
        limiter.retry_after(f"a{n}")
    limiter.retry_after("busy")
    assert limiter.retry_after("busy") == 0 and limiter.retry_after("busy") > 0
    now[0] = 59.9
    assert limiter.retry_after("busy") > 0 and len(limiter._seen) == 5_001  # not idle for a minute yet
    now[0] = 60.0
    assert limiter.retry_after("fresh") == 0
    assert set(limiter._seen) == {"fresh"}  # everyone else last asked a minute ago
    now[0] = 60.5
    assert limiter.retry_after("busy") == 0 and set(limiter._seen) == {"fresh", "busy"}


def test_a_refused_question_does_not_keep_a_client_remembered_longer():
    now = [0.0]
    limiter = RateLimiter(1, clock=lambda: now[0])
    assert limiter.retry_after("a") == 0
    now[0] = 30.0
    assert limiter.retry_after("a") == 31  # refused: not counted
    assert limiter.retry_after("b") == 0
    now[0] = 60.0
    assert limiter.retry_after("c") == 0
    assert set(limiter._seen) == {"b", "c"}
