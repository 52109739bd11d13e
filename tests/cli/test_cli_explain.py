"""`otsqa explain` as a maintainer runs it: a real process over the ingested corpus."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.helpers import otsqa


def test_explain_help_says_what_it_shows():
    done = subprocess.run([sys.executable, "-m", "cli", "explain", "--help"], capture_output=True, text=True)
    assert done.returncode == 0
    for words in ("--json", "--after", "cross-encoder", "single-fact path"):
        assert words in done.stdout


@pytest.mark.slow
def test_explain_prints_the_trace_as_tables_and_as_json(ingested):
    env = {"OTSQA_DATA_DIR": str(ingested.settings.data_dir), "OTSQA_CORPUS_DIR": str(ingested.settings.corpus_dir)}
    done = otsqa("explain", "Who is the OTS ambassador to Brazil?", env_extra=env)
    assert done.returncode == 0, done.stderr
    text = done.stdout
    for heading in ("Question:  Who is the OTS ambassador to Brazil?", "\nPassages: 10 kept", "\nSentences: ", "\nConfidence: "):
        assert heading in text
    assert "Answer:    abstained: The articles do not answer this question." in text
    assert "  why: confidence " in text and "'Brazil'" in text and "lead [1]" in text
    earlier = "Which joint exercises illustrate the Azerbaijan–Kazakhstan defense relationship?"
    as_json = otsqa("explain", "--json", "--after", earlier, "Which of them was a naval exercise?", env_extra=env)
    assert as_json.returncode == 0, as_json.stderr
    trace = json.loads(as_json.stdout)
    assert trace["retrieval_query"] == f"Which of them was a naval exercise? {earlier}" and trace["follow_up"]
    assert trace["answer"]["question"] == "Which of them was a naval exercise?" and trace["passages"]
    bad = otsqa("explain", "--json", "   ", env_extra=env)
    assert bad.returncode == 2 and json.loads(bad.stdout)["status"] == 2
