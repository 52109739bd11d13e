"""The CLI with the generative configuration: streaming and the fallback note through a real process,
the missing-model message, and evals that leave the slow configuration out unless it is named."""

from __future__ import annotations

import socket

import pytest

from assistant.configs import CONFIGS, default_config, default_configs
from otsqa.settings import load_settings
from tests.helpers import otsqa


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_generative_runs_only_when_named_and_when_a_generator_is_set():
    assert "generative" in CONFIGS and "generative" not in default_configs()
    assert default_configs() == ["naive", "dense", "grounded", "grounded-no-rerank"]
    assert default_config(load_settings(env={})) == "grounded"
    assert default_config(load_settings(env={"OTSQA_GENERATOR": "llamacpp"})) == "generative"


@pytest.mark.slow
def test_ask_with_an_unreachable_model_server_gives_the_quoted_answer_with_a_note(tmp_path, small_corpus):
    env = {"OTSQA_DATA_DIR": str(tmp_path / "data"), "OTSQA_CORPUS_DIR": str(small_corpus)}
    assert otsqa("ingest", env_extra=env).returncode == 0
    server = {
        "OTSQA_GENERATOR": "openai",
        "OTSQA_LLM_BASE_URL": f"http://127.0.0.1:{_free_port()}/v1",
        "OTSQA_LLM_MODEL": "m",
        "OTSQA_LLM_API_KEY": "sk-never-shown-0123456789",
        "OTSQA_LLM_TIMEOUT": "3",
    }
    done = otsqa("ask", "Where was the 12th OTS summit held?", env_extra=env | server)
    assert done.returncode == 0, done.stderr
    assert "(The language model could not answer: Cannot reach the model server" in done.stdout
    assert "Gabala" in done.stdout and "Sources:" in done.stdout
    assert "sk-never-shown" not in done.stdout + done.stderr

    missing = {"OTSQA_LLM_MODEL_PATH": str(tmp_path / "none.gguf")}
    done = otsqa("ask", "--config", "generative", "Where was the 12th OTS summit held?", env_extra=env | missing)
    assert done.returncode == 1 and "make llm" in done.stderr
