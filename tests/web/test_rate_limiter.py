"""The rate limiter's table of clients under many addresses (issue #22): past 10,000 clients each check
used to scan the whole table under the one lock (cheap requests fell from 313/s to 120/s)."""

from __future__ import annotations

from collections import OrderedDict

from web.security import RateLimiter


class CountingTable(OrderedDict):
    """The limiter's table, counting every entry a check looks at (iterating over keys, values or items)."""

    looked_at = 0

    def _count(self, entries):
        for entry in entries:
            CountingTable.looked_at += 1
            yield entry

    def __iter__(self):
        return self._count(super().__iter__())

    def keys(self):
        return self._count(super().keys())

    def values(self):
        return self._count(super().values())

    def items(self):
        return self._count(super().items())


def test_twenty_thousand_clients_cost_each_check_the_same():
    """Counted, not timed: a check looks at a bounded number of entries however many clients there are."""
    now = [0.0]
    limiter = RateLimiter(3, clock=lambda: now[0])
    limiter._seen = CountingTable()
    for n in range(10_000):  # all asked within the minute: none may be forgotten
        limiter.retry_after(f"10.0.{n // 256}.{n % 256}")
    CountingTable.looked_at = 0
    for n in range(20_000):
        now[0] += 0.001
        assert limiter.retry_after(f"10.1.{n // 256}.{n % 256}") == 0
    # A scan per check looks at 10,000+ entries each time (hundreds of millions in all); the oldest-first
    # table looks at one entry per check, plus one per client it forgets.
    assert CountingTable.looked_at <= 2 * 20_000, f"{CountingTable.looked_at:,} entries looked at for 20,000 checks"
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
