"""Answer latency, in process, after warm-up: every evaluation question through each configuration,
several times; per-stage p50/p95 for each run, and the median of those over the runs (the machines
are shared and noisy, so one run proves little).

    python -m tools.bench.answer [--runs 3] [--config grounded ...] [--out DIR]

Targets for the default configuration on a 2-core CPU: p50 ≤ 250 ms and p95 ≤ 600 ms per answer.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import statistics
import sys
import time
from pathlib import Path

from evals.metrics import percentile
from otsqa import offline
from otsqa.settings import load_settings
from tools.bench.report import write_bench


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--config", action="append", help="configuration(s) to time (default: grounded)")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    settings = load_settings()
    offline.apply(settings)

    from assistant.configs import build_assistant
    from evals.dataset import load_items
    from evals.runner import prepare

    items = load_items()
    ready = prepare(settings)
    configs = args.config or ["grounded"]
    results: dict[str, dict] = {}
    for config in configs:
        started = time.perf_counter()
        assistant = build_assistant(config, ready.store, ready.embedder, ready.lexical, settings)
        for item in items[:3]:
            assistant.ask(item.question, list(item.history))  # warm-up: models, caches, first queries
        warm_s = time.perf_counter() - started
        runs = []
        for _ in range(args.runs):
            timings = [assistant.ask(i.question, list(i.history)).timings_ms for i in items]
            stages = sorted({s for t in timings for s in t})
            runs.append(
                {
                    s: {
                        "p50": percentile([t[s] for t in timings if s in t], 50),
                        "p95": percentile([t[s] for t in timings if s in t], 95),
                    }
                    for s in stages
                }
            )
        medians = {stage: {q: statistics.median(run[stage][q] for run in runs) for q in ("p50", "p95")} for stage in runs[0]}
        results[config] = {"setup_and_warmup_s": round(warm_s, 2), "runs": runs, "median": medians}

    report = {
        "when": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "questions": len(items),
        "runs": args.runs,
        "cpus": os.cpu_count(),
        "load_average": os.getloadavg(),
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "results": results,
    }
    table = _table(report)
    write_bench("answer", report, table, args.out)
    return 0


def _table(report: dict) -> str:
    lines = [
        f"Answer latency: {report['questions']} questions × {report['runs']} runs, after warm-up; "
        f"{report['cpus']} CPUs; peak RSS {report['peak_rss_mib']} MiB. Medians over runs of each run's p50/p95.",
        "",
        "| configuration | stage | p50 ms | p95 ms |",
        "|---|---|---:|---:|",
    ]
    for config, result in report["results"].items():
        for stage, q in result["median"].items():
            lines.append(f"| {config} | {stage} | {q['p50']:.0f} | {q['p95']:.0f} |")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
