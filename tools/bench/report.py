"""Where a benchmark's results go: `evals/reports/bench-<name>-<UTC time>/bench.json` (every figure)
and `bench.md` (the table a person reads), also printed."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from otsqa.settings import REPO_ROOT


def write_bench(name: str, report: dict[str, Any], table: str, out: Path | None = None) -> Path:
    out = out or REPO_ROOT / "evals" / "reports" / f"bench-{name}-{dt.datetime.now(dt.timezone.utc):%Y%m%dT%H%M%SZ}"
    out.mkdir(parents=True, exist_ok=True)
    (out / "bench.json").write_text(json.dumps(report, indent=1), encoding="utf-8")
    (out / "bench.md").write_text(table + "\n", encoding="utf-8")
    print(table)
    print(f"\nWrote {out / 'bench.json'} and {out / 'bench.md'}")
    return out
