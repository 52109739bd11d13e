"""The web server under load, from the outside: each run starts `otsqa serve` as a fresh process on
the evals' store and measures cold start to a served page (and to a first answer), `POST /api/ask`
latency over the evaluation questions one at a time, and a load run of concurrent clients (20
clients × 10 questions by default) that must see no errors and lose nothing. Reports each run and
the median over runs (the machines are shared and noisy).

    python -m tools.bench.web [--runs 3] [--clients 20] [--questions 10] [--out DIR]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from evals.metrics import percentile
from otsqa import offline
from otsqa.settings import load_settings
from tools.bench.report import write_bench


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--questions", type=int, default=10, help="questions per client in the load run")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    settings = load_settings()
    offline.apply(settings)

    from evals.dataset import load_items
    from evals.runner import eval_settings, prepare

    prepare(settings)  # the evals' own store, ingested if needed
    data_dir = eval_settings(settings).data_dir
    items = load_items()
    asks = [{"question": i.question, "history": list(i.history)} for i in items]
    runs = [one_run(data_dir, asks, args.clients, args.questions) for _ in range(args.runs)]
    summary = {
        key: statistics.median(run[key] for run in runs)
        for key in runs[0]
        if isinstance(runs[0][key], (int, float)) and not isinstance(runs[0][key], bool)
    }
    report = {
        "when": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "cpus": os.cpu_count(),
        "load_average": os.getloadavg(),
        "questions": len(asks),
        "clients": args.clients,
        "questions_per_client": args.questions,
        "runs": runs,
        "median": summary,
    }
    table = _table(report)
    write_bench("web", report, table, args.out)
    return 0 if all(run["load_errors"] == 0 and run["load_lost"] == 0 for run in runs) else 1


def one_run(data_dir: Path, asks: list[dict], clients: int, per_client: int) -> dict:
    import httpx

    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("OTSQA_")}
    env |= {"OTSQA_DATA_DIR": str(data_dir), "OTSQA_RATE_LIMIT_PER_MINUTE": "0"}
    started = time.perf_counter()
    server = subprocess.Popen(
        [sys.executable, "-m", "cli", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        page_s = _wait(lambda: httpx.get(url + "/", timeout=5).status_code == 200, server) - started
        first = httpx.post(url + "/api/ask", json=asks[0], timeout=300)
        first_answer_s = time.perf_counter() - started
        first.raise_for_status()

        # One client, one question at a time: the latency a person sees.
        sequential = []
        for ask in asks:
            t = time.perf_counter()
            httpx.post(url + "/api/ask", json=ask, timeout=300).raise_for_status()
            sequential.append((time.perf_counter() - t) * 1000)

        load = _load(url, asks, clients, per_client)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {
        "cold_start_page_s": round(page_s, 2),
        "cold_start_first_answer_s": round(first_answer_s, 2),
        "ask_p50_ms": round(percentile(sequential, 50), 1),
        "ask_p95_ms": round(percentile(sequential, 95), 1),
    } | load


def _load(url: str, asks: list[dict], clients: int, per_client: int) -> dict:
    """``clients`` threads, each with its own connection, asking ``per_client`` questions in turn."""
    import httpx

    from assistant.answer import check_question

    latencies: list[float] = []
    errors: list[str] = []
    answered = 0
    lock = threading.Lock()
    gate = threading.Barrier(clients)

    def client(number: int) -> None:
        nonlocal answered
        with httpx.Client(base_url=url, timeout=600) as http:
            gate.wait()  # all clients start together
            for k in range(per_client):
                ask = asks[(number * per_client + k) % len(asks)]
                t = time.perf_counter()
                try:
                    reply = http.post("/api/ask", json=ask)
                    ok = reply.status_code == 200 and reply.json()["question"] == check_question(ask["question"])
                    problem = None if ok else f"{reply.status_code}: {reply.text[:200]}"
                except httpx.HTTPError as exc:
                    problem = f"{type(exc).__name__}: {exc}"
                with lock:
                    latencies.append((time.perf_counter() - t) * 1000)
                    if problem:
                        errors.append(problem)
                    else:
                        answered += 1

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    sent = clients * per_client
    return {
        "load_sent": sent,
        "load_answered": answered,
        "load_errors": len(errors),
        "load_lost": sent - answered - len(errors),
        "load_p50_ms": round(percentile(latencies, 50), 1),
        "load_p95_ms": round(percentile(latencies, 95), 1),
        "load_wall_s": round(wall, 1),
        "load_answers_per_s": round(answered / wall, 2),
        "load_error_samples": errors[:5],
    }


def _wait(ready, process, timeout: float = 180) -> float:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited: {process.stderr.read().decode()[-2000:]}")
        try:
            if ready():
                return time.perf_counter()
        except httpx.TransportError:
            pass
        time.sleep(0.05)
    raise RuntimeError(f"the server did not serve within {timeout} s")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _table(report: dict) -> str:
    rows = [
        ("cold start → page served", "cold_start_page_s", "s"),
        ("cold start → first answer", "cold_start_first_answer_s", "s"),
        (f"POST /api/ask p50 ({report['questions']} questions, one at a time)", "ask_p50_ms", "ms"),
        ("POST /api/ask p95", "ask_p95_ms", "ms"),
        (f"load p50 ({report['clients']} clients × {report['questions_per_client']} questions)", "load_p50_ms", "ms"),
        ("load p95", "load_p95_ms", "ms"),
        ("load wall time", "load_wall_s", "s"),
        ("load answers per second", "load_answers_per_s", "/s"),
        ("load errors", "load_errors", ""),
        ("load lost", "load_lost", ""),
    ]
    runs = report["runs"]
    head = "| measure | " + " | ".join(f"run {i + 1}" for i in range(len(runs))) + " | median |"
    lines = [
        f"Web server: {len(runs)} runs, each a fresh `otsqa serve`; {report['cpus']} CPUs.",
        "",
        head,
        "|---|" + "---:|" * (len(runs) + 1),
    ]
    for label, key, unit in rows:
        cells = " | ".join(f"{run[key]}" for run in runs)
        lines.append(f"| {label} | {cells} | {report['median'][key]}{(' ' + unit) if unit else ''} |")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
