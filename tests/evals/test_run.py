"""`otsqa ask --batch` and `otsqa evals run` end to end: real processes, real store, real model."""

from __future__ import annotations

import json

import pytest

from cli.main import main
from evals.dataset import DEFAULT_PATH, load_items
from tests.helpers import otsqa


@pytest.fixture
def env(tmp_path, small_corpus):
    return {"OTSQA_DATA_DIR": str(tmp_path / "data"), "OTSQA_CORPUS_DIR": str(small_corpus)}


@pytest.mark.slow
def test_ask_batch_answers_each_line_with_its_id_and_reports_bad_lines(tmp_path, env):
    assert otsqa("ingest", "--json", env_extra=env).returncode == 0
    batch = tmp_path / "questions.jsonl"
    batch.write_text(
        json.dumps({"id": "a", "question": "Where was the 12th OTS summit held?", "history": []})
        + "\n"
        + "{broken\n"
        + json.dumps({"id": "c", "question": "  ", "history": []})
        + "\n"
        + json.dumps({"id": "d", "question": "Who described the OTS as a key geopolitical center?"})
        + "\n",
        encoding="utf-8",
    )
    done = otsqa("ask", "--batch", str(batch), "--json", env_extra=env)
    assert done.returncode == 1  # some lines failed, the others were answered
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert [line.get("id") for line in lines] == ["a", None, "c", "d"]
    assert "Gabala" in lines[0]["answer"] and lines[0]["citations"]
    assert lines[1]["line"] == 2 and "error" in lines[1]
    assert "empty" in lines[2]["error"]
    assert "Aliyev" in lines[3]["answer"]


@pytest.mark.slow
def test_ask_prints_the_answer_with_numbered_sources(env):
    assert otsqa("ingest", env_extra=env).returncode == 0
    done = otsqa("ask", "How many countries does Azerbaijan supply natural gas to?", env_extra=env)
    assert done.returncode == 0, done.stderr
    assert "14 countries" in done.stdout and "Sources:" in done.stdout and "[1]" in done.stdout


def test_ask_without_a_store_says_to_ingest(env):
    done = otsqa("ask", "Where was the summit?", env_extra=env)
    assert done.returncode == 1 and "otsqa ingest" in done.stderr


def test_ask_rejects_an_overlong_question_before_loading_models(env):
    done = otsqa("ask", "x" * 2001, env_extra=env)
    assert done.returncode == 2 and "2000" in done.stderr


@pytest.mark.slow
def test_evals_run_writes_reports_and_the_gate_names_failing_metrics(tmp_path, env, monkeypatch, capsys):
    items = [i for i in load_items() if i.id in ("q001", "q003")]
    dataset = tmp_path / "qa.jsonl"
    source = {json.loads(line)["id"]: line for line in open(DEFAULT_PATH, encoding="utf-8")}
    dataset.write_text("".join(source[i.id] for i in items), encoding="utf-8")
    strict = tmp_path / "baseline.json"
    strict.write_text(json.dumps({"config": "dense", "allowed_drop": 0.0, "floors": {"hit@5": 0.0, "abstention_f1": 0.99}}))
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    out = tmp_path / "report"
    status = main(
        ["evals", "run", "--config", "dense", "--dataset", str(dataset), "--out", str(out), "--gate", "--baseline", str(strict)]
    )
    printed = capsys.readouterr()
    assert status == 1 and "abstention_f1" in printed.err and "hit@5" not in printed.err
    assert "| hit@5 |" in printed.out
    report = json.loads((out / "report.json").read_text())
    summary = report["configs"]["dense"]["summary"]
    assert summary["items"] == 2 and set(summary["ci95"]) == set(summary["metrics"])
    assert [r["id"] for r in report["configs"]["dense"]["items"]] == ["q001", "q003"]
    assert report["info"]["embedding_model"] == "sentence-transformers/all-MiniLM-L6-v2"
    assert report["gate"]["passed"] is False
    assert (out / "report.md").read_text().startswith("# Evaluation report")
    assert (out / "metrics.png").read_bytes()[:4] == b"\x89PNG" and (out / "latency.png").stat().st_size > 1000


def test_a_malformed_dataset_stops_the_run_before_any_work(tmp_path, env, monkeypatch, capsys):
    dataset = tmp_path / "qa.jsonl"
    dataset.write_text('{"id": "x", "question": "Q?"}\n')
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert main(["evals", "run", "--dataset", str(dataset), "--out", str(tmp_path / "out")]) == 1
    assert "line 1: field 'history' is missing" in capsys.readouterr().err
    assert not (tmp_path / "data").exists() and not (tmp_path / "out").exists()


def test_unknown_configuration_is_refused(env, monkeypatch, capsys):
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert main(["evals", "run", "--config", "magic"]) == 2
    assert "naive, dense, grounded" in capsys.readouterr().err
