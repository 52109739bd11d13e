"""`python -m tools.bench.startup`: how long `otsqa serve` takes to answer, and to serve the chat.

Starts the server as a user does (a process of its own, on a free port, the store of OTSQA_DATA_DIR,
ingested already), and from the moment the process starts measures:

- **first answer**: a `POST /api/ask` sent at once (and again while the port refuses) returns an answer;
  and the server's CPU time (all threads) by then, which a busy machine inflates less than the wall time;
- **ready**: `/api/health` says ready (answers at full speed: the warm-up's question is answered);
- **chat page**: `GET /` as a browser asks for it returns the chat page (200);
- **peak memory**: the server's peak resident memory (VmHWM) once all of that is done.

Repeats ``--runs`` times and reports each figure's median, min and max (issue 24, point 5: ready ≤ 3 s)
in `evals/reports/bench-startup-<UTC time>/`.
``--against DIR`` runs the server from another checkout too (its code on PYTHONPATH, e.g. main's),
alternating with this one run by run, so both see the same machine load.

    python -m tools.bench.startup [--runs 5] [--code DIR] [--against /work/main] [--json]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tools.bench.report import write_bench
from tools.bench.web import _free_port

HERE = Path(__file__).resolve().parents[2]
FIGURES = ("first_answer_s", "first_answer_cpu_s", "ready_s", "chat_page_s", "peak_rss_mib")
BROWSER = {"Accept": "text/html,application/xhtml+xml"}


def once(code: Path, question: str, env: dict[str, str], deadline: float = 120.0) -> dict[str, float]:
    """One start of `otsqa serve` from the checkout ``code``: the seconds to each milestone, and its peak memory."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = env | {"PYTHONPATH": str(code)}
    started = time.perf_counter()
    command = [sys.executable, "-m", "cli.main", "serve", "--port", str(port)]
    server = subprocess.Popen(command, cwd=code, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    seen: dict[str, float] = {}
    try:
        with httpx.Client(timeout=deadline) as client:
            seen["first_answer_s"] = _poll(server, started, deadline, lambda: _answers(client, base, question))
            seen["first_answer_cpu_s"] = _cpu_seconds(server.pid)
            seen["ready_s"] = _poll(server, started, deadline, lambda: client.get(base + "/api/health").json().get("ready"))
            chat_page = lambda: client.get(base + "/", headers=BROWSER).status_code == 200  # noqa: E731
            seen["chat_page_s"] = _poll(server, started, deadline, chat_page)
        seen["peak_rss_mib"] = _peak_rss_mib(server.pid)
        return seen
    finally:
        server.terminate()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _answers(client: httpx.Client, base: str, question: str) -> bool:
    reply = client.post(f"{base}/api/ask", json={"question": question})
    if reply.status_code == 503 and "otsqa ingest" in reply.text:
        # An empty store never answers: say so now, not after the deadline.
        raise RuntimeError(f"the server has no articles to answer from: {reply.json().get('message') or reply.text}")
    return reply.status_code == 200 and bool(reply.json().get("answer"))


def _poll(server: subprocess.Popen, started: float, deadline: float, check) -> float:
    """Seconds from ``started`` to the first time ``check()`` is true (a refused connection is false)."""
    while time.perf_counter() - started < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server exited ({server.returncode}): {server.stderr.read().decode()[-2000:]}")
        try:
            if check():
                return time.perf_counter() - started
        except (httpx.TransportError, ValueError):
            pass
        time.sleep(0.02)
    raise RuntimeError(f"not there after {deadline:.0f} s")


def _cpu_seconds(pid: int) -> float:
    """The process's CPU time so far (user + system, all its threads): what a busy machine inflates least."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _peak_rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc: peak memory is measured on Linux only")


def summary(runs: list[dict[str, float]]) -> dict[str, dict[str, float]]:
    values = {name: [r[name] for r in runs] for name in FIGURES}
    return {name: {"median": statistics.median(v), "min": min(v), "max": max(v)} for name, v in values.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--question", default="Where was the 12th OTS summit held?")
    parser.add_argument("--code", type=Path, default=HERE, help="the checkout whose server is measured (default: this one)")
    parser.add_argument("--against", type=Path, help="another checkout to run alternately with it (e.g. main's)")
    parser.add_argument("--json", action="store_true", help="print the runs and medians as JSON (and write no report)")
    parser.add_argument("--out", type=Path, help="the report's folder (default evals/reports/bench-startup-<UTC time>/)")
    args = parser.parse_args(argv)
    env = dict(os.environ)
    checkouts = {"this": args.code.resolve()} | ({"against": args.against.resolve()} if args.against else {})
    runs: dict[str, list[dict[str, float]]] = {name: [] for name in checkouts}
    for _ in range(args.runs):
        for name, code in checkouts.items():
            runs[name].append(once(code, args.question, env))
    result = {name: {"code": str(checkouts[name]), "runs": runs[name], "summary": summary(runs[name])} for name in checkouts}
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    report = {"when": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), "load_average": os.getloadavg()} | result
    write_bench("startup", report, table(result, args.runs), args.out)
    return 0


def table(result: dict, runs: int) -> str:
    """Medians (min–max) per figure and checkout; with two, the ratio of their medians."""
    names = list(result)
    head = "| figure | " + " | ".join(f"{n}: {Path(result[n]['code']).name}" for n in names)
    head += " | ratio |\n" if len(names) == 2 else " |\n"
    rule = "|---" + "|---:" * (len(names) + (len(names) == 2)) + "|\n"
    rows = []
    for figure in FIGURES:
        cells = [result[n]["summary"][figure] for n in names]
        row = f"| {figure} | " + " | ".join(f"{c['median']:.2f} ({c['min']:.2f}–{c['max']:.2f})" for c in cells)
        if len(names) == 2:
            row += f" | {cells[0]['median'] / cells[1]['median']:.2f}" if cells[1]["median"] else " | –"
        rows.append(row + " |")
    return f"`otsqa serve` start-up, medians (min–max) over {runs} runs\n\n" + head + rule + "\n".join(rows)


if __name__ == "__main__":
    sys.exit(main())
