"""The report's verdict at the top (issue 25, point 13): commit, corpus, and each figure of the default
configuration against its floor and its target, said plainly."""

from __future__ import annotations

import subprocess

from evals.report import verdict_lines
from evals.runner import RunResult

BASELINE = {
    "config": "grounded",
    "allowed_drop": 0.02,
    "floors": {"hit@5": 0.9, "abstention_f1": 0.8, "false_refusals": 0.05},
}


def _run(metrics: dict) -> RunResult:
    info = {"corpus_hash": "abcdef0123456789", "dataset_items": 3}
    return RunResult(["grounded"], {"grounded": []}, {"grounded": {"metrics": metrics}}, info, 1.0)


def test_the_verdict_names_the_commit_and_marks_each_figure():
    lines = verdict_lines(_run({"hit@5": 0.95, "abstention_f1": 0.79, "false_refusals": 0.2}), BASELINE)
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    assert head in lines[0] and "corpus hash `abcdef012345`" in lines[0]
    text = "\n".join(lines)
    assert "**Gate FAILED** for `grounded` on the seed set" in text
    rows = {line.split(" | ")[0].strip("| "): line for line in lines if line.startswith("| ") and "---" not in line}
    assert rows["abstention_f1"].endswith("within the allowed drop |")  # 0.79 against 0.80 − 0.02
    assert rows["false_refusals"].endswith("**below floor** |")  # lower is better: 0.20 above 0.05 + 0.02
    assert rows["hit@5"].endswith("|  |")  # held, and the seed set has no targets


def test_without_a_baseline_the_verdict_is_only_where_the_run_comes_from():
    lines = verdict_lines(_run({"hit@5": 1.0}), None)
    assert lines[0].startswith("Run ") and len([line for line in lines if line]) == 1
