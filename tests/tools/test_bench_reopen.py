"""The reopen benchmark on a real store of its own (a reopen stops the old client a few seconds later,
so it must not touch a store other tests share)."""

from __future__ import annotations

import json

from ingest import ingest_paths
from tests.conftest import make_settings
from tools.bench.reopen import main


def test_the_reopen_benchmark_times_the_check_and_the_reopen_and_reads_memory(tmp_path, small_corpus, embedder, capsys):
    settings = make_settings(tmp_path, small_corpus)
    ingest_paths(settings, embedder=embedder)
    assert main(["--data-dir", str(settings.data_dir), "--runs", "2", "--settle", "0", "--out", str(tmp_path / "out")]) == 0
    report = json.loads((tmp_path / "out" / "bench.json").read_text(encoding="utf-8"))
    assert report["passages"] > 0 and len(report["runs"]) == 2
    assert 0 < report["stamp_check_ms_median"] < 1000 and 0 < report["median"]["reopen_s"] < 60
    assert report["rss_opened_mib"] > 50 and all(run["rss_right_after_mib"] > 50 for run in report["runs"])
    assert "| stamp check ms |" in (tmp_path / "out" / "bench.md").read_text(encoding="utf-8")

    assert main(["--data-dir", str(tmp_path / "nothing-here"), "--runs", "1"]) == 2
    assert "--data-dir" in capsys.readouterr().err
