"""What following an ingest costs a running server: the stamp check made before answers, and a reopen
of the store (a new client reading the vector indexes, the BM25 index brought level, the first passage
and sentence queries) with the memory it holds right after and once the old client is stopped.

    python -m tools.bench.reopen [--data-dir DIR] [--runs 5] [--settle 7] [--out DIR]

DIR is a data dir (`OTSQA_DATA_DIR`; default: the configured one), e.g. a store of `make bench-scale`
under /tmp/otsqa-bench-scale/. Figures are medians over the runs; the machines are shared and noisy.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

from otsqa import offline
from otsqa.settings import load_settings
from tools.bench.report import write_bench


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, help="the store's data dir (default: OTSQA_DATA_DIR or .otsqa)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--settle", type=float, default=7.0, help="seconds to wait after each reopen (the old client stops after 5)"
    )
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    settings = load_settings(data_dir=str(args.data_dir)) if args.data_dir else load_settings()
    offline.apply(settings)

    from otsqa.errors import OtsqaError
    from store.chroma import open_store
    from store.lexical import LexicalIndex

    try:
        store = open_store(settings)
    except OtsqaError as exc:
        print(f"{exc} Or name a data dir that holds a store with --data-dir.", file=sys.stderr)
        return 2
    lexical = LexicalIndex(settings.lexical_path)
    vector = store.passages.vectors_of(store.articles()[0].doc_id)[0][1].tolist()

    def queries() -> None:
        store.passages.nearest(vector, 5)
        store.sentences.nearest(vector, 5)

    queries()
    opened_mib = _rss_mib()
    checks = []
    for _ in range(50):
        started = time.perf_counter()
        store.written()
        checks.append((time.perf_counter() - started) * 1000)
    runs = []
    for _ in range(args.runs):
        started = time.perf_counter()
        store.reopen()
        lexical.sync(store)
        queries()
        seconds = time.perf_counter() - started
        right_after = _rss_mib()
        time.sleep(args.settle)
        runs.append({"reopen_s": round(seconds, 3), "rss_right_after_mib": right_after, "rss_settled_mib": _rss_mib()})

    report = {
        "when": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "store": store.location,
        "passages": store.count(),
        "cpus": os.cpu_count(),
        "load_average": os.getloadavg(),
        "stamp_check_ms_median": round(statistics.median(checks), 2),
        "rss_opened_mib": opened_mib,
        "runs": runs,
        "median": {key: statistics.median(run[key] for run in runs) for key in runs[0]},
    }
    write_bench("reopen", report, _table(report), args.out)
    return 0


def _rss_mib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) // 1024
    return -1


def _table(report: dict) -> str:
    median = report["median"]
    return "\n".join(
        [
            f"Reopening {report['store']} ({report['passages']:,} passages): {len(report['runs'])} runs, medians; "
            f"{report['cpus']} CPUs, load average {report['load_average'][0]:.1f}.",
            "",
            "| stamp check ms | reopen + BM25 sync + first queries s | RSS opened MiB | right after | settled |",
            "|---:|---:|---:|---:|---:|",
            f"| {report['stamp_check_ms_median']:.2f} | {median['reopen_s']:.2f} | {report['rss_opened_mib']} "
            f"| {median['rss_right_after_mib']:.0f} | {median['rss_settled_mib']:.0f} |",
        ]
    )


if __name__ == "__main__":
    sys.exit(main())
