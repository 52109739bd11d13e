"""`python -m tools.bench.startup`: how long `otsqa serve` takes to be ready, and its first answer.

Starts the server as a user does (a process of its own, on a free port, the store of OTSQA_DATA_DIR),
polls `/api/health` until it says ready, then asks one question; repeats ``--runs`` times
and prints each figure's median, min and max (issue 24, point 5: ready ≤ 3 s; issue 25, point 6).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

import httpx

from tools.bench.web import _free_port, _wait


def once(question: str, env: dict[str, str]) -> tuple[float, float]:
    port = _free_port()
    started = time.perf_counter()
    command = [sys.executable, "-m", "cli.main", "serve", "--port", str(port)]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        ready = _wait(lambda: httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=1).json().get("ready"), server) - started
        asked = time.perf_counter()
        reply = httpx.post(f"http://127.0.0.1:{port}/api/ask", json={"question": question}, timeout=120)
        reply.raise_for_status()
        return ready, time.perf_counter() - asked
    finally:
        server.terminate()
        server.wait(30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--question", default="Where was the 12th OTS summit held?")
    args = parser.parse_args()
    env = dict(os.environ)
    runs = [once(args.question, env) for _ in range(args.runs)]
    for name, values in (("ready s", [r for r, _ in runs]), ("first answer s", [a for _, a in runs])):
        middle, low, high = statistics.median(values), min(values), max(values)
        print(f"{name:<15} median {middle:.2f}  min {low:.2f}  max {high:.2f}  (n {len(values)})")


if __name__ == "__main__":
    main()
