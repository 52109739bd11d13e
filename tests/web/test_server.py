"""The app as `web/server.py` assembles and serves it: what the settings change in it (title, example
questions, how many answers run at once, the warm-up question) and `otsqa serve`'s usage errors."""

from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from fastapi.testclient import TestClient

from cli.main import main as otsqa_main
from otsqa.settings import load_settings
from tests.web.conftest import LOCAL, CountingAssistant, served
from web.server import build_app, warm_up
from web.service import AssistantService


def _env_settings(tmp_path, **env: str):
    """Settings as an operator sets them: from OTSQA_* variables."""
    return load_settings(env={"OTSQA_DATA_DIR": str(tmp_path / "data")} | {f"OTSQA_{k.upper()}": v for k, v in env.items()})


def _blocks(app):
    """The Gradio Blocks mounted at `/`."""
    return app.state.chat.app.get_blocks()


def test_the_title_and_example_questions_come_from_the_settings(tmp_path):
    settings = _env_settings(tmp_path, title="Intranet helper", chat_examples="Who chairs it?|Where, and when?")
    client = TestClient(build_app(settings), base_url=LOCAL)
    assert client.get("/openapi.json").json()["info"]["title"] == "Intranet helper"
    page = client.get("/").text
    assert "Intranet helper" in page
    config = client.get("/config").json()
    assert config["title"] == "Intranet helper"
    markdown = [c["props"]["value"] for c in config["components"] if c["type"] == "markdown"]
    assert markdown[0].startswith("## Intranet helper\n") and "OTS security assistant" not in page
    buttons = [c["props"]["value"] for c in config["components"] if c["type"] == "button"]
    assert buttons[:2] == ["Who chairs it?", "Where, and when?"] and "Where was the 12th OTS summit held?" not in buttons


def test_the_chat_runs_as_many_answer_events_at_once_as_set(tmp_path):
    blocks = _blocks(build_app(_env_settings(tmp_path, chat_concurrency="3")))
    assert blocks._queue.default_concurrency_limit == 3
    answering = {fn.name: fn.concurrency_limit for fn in blocks.fns.values() if fn.concurrency_id == "answer"}
    assert answering == {"respond": 3, "chat": 3}


@pytest.mark.parametrize("threads, slots, peak", [("1", "4", 1), ("4", "2", 2), ("4", "4", 4)])
def test_answer_threads_and_slots_bound_the_answers_computed_at_once(tmp_path, threads, slots, peak):
    counting = CountingAssistant(seconds=1.0)  # long enough for the four questions to meet
    settings = _env_settings(tmp_path, answer_threads=threads, answer_slots=slots, rate_limit_per_minute="0")
    with served(build_app(settings, counting)) as url:
        with ThreadPoolExecutor(4) as pool:
            replies = list(pool.map(lambda i: httpx.post(f"{url}/api/ask", json={"question": f"Q{i}?"}, timeout=60), range(4)))
    assert [r.status_code for r in replies] == [200] * 4
    assert counting.peak == peak


def test_the_warm_up_asks_the_question_set(tmp_path, caplog):
    counting = CountingAssistant(seconds=0)
    service = AssistantService(_env_settings(tmp_path, warm_up_question="Who founded the organization?"), counting)
    with caplog.at_level(logging.INFO, logger="web.server"):
        warm_up(service)
    assert counting.asked == ["Who founded the organization?"]
    assert "Who founded the organization?" in caplog.text


def test_the_server_says_ready_only_once_the_warm_up_question_is_answered(tmp_path):
    """`otsqa serve` warms up while the app is built; whoever waits for ready (a load balancer, `make
    run`) must then get a first answer at full speed, so ready waits for the warm-up's answer."""
    slow = CountingAssistant(seconds=1.5)
    service = AssistantService(_env_settings(tmp_path), slow)
    service.warming = threading.Event()
    with served(build_app(service.settings, service=service)) as url:
        warming = threading.Thread(target=warm_up, args=(service,))
        warming.start()
        time.sleep(0.3)
        early = httpx.get(f"{url}/api/health", timeout=10).json()
        warming.join()
        late = httpx.get(f"{url}/api/health", timeout=10).json()
    assert early["ready"] is False and "warming up" in early["error"]
    assert late["ready"] is True and slow.asked == [service.settings.warm_up_question]


def test_a_question_asked_during_the_warm_up_waits_for_it(tmp_path):
    """`otsqa serve` answers from its first moments: a question that comes while the warm-up's is being
    answered waits for it rather than run beside it, cold (two at once took ~25 MiB more memory)."""
    slow = CountingAssistant(seconds=1.0)
    service = AssistantService(_env_settings(tmp_path), slow)
    service.warming = threading.Event()
    warming = threading.Thread(target=warm_up, args=(service,))
    warming.start()
    deadline = time.monotonic() + 30
    while not slow.asked:  # the warm-up's question is being answered
        assert time.monotonic() < deadline
        time.sleep(0.01)
    service.ask("Asked at once?", [])
    warming.join()
    assert slow.asked == [service.settings.warm_up_question, "Asked at once?"] and slow.peak == 1


def test_a_failed_warm_up_never_leaves_the_server_warming(tmp_path):
    service = AssistantService(_env_settings(tmp_path))  # nothing ingested: the warm-up cannot open the store
    service.warming = threading.Event()
    warm_up(service)
    assert service.warming.is_set()
    ready, problem = service.health()
    assert ready is False and "otsqa ingest" in problem


def test_serve_and_export_usage(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("OTSQA_DATA_DIR", str(tmp_path / "data"))
    assert otsqa_main(["serve", "--port", "0"]) == 2
    assert "--port" in capsys.readouterr().err
    assert otsqa_main(["feedback", "export"]) == 0  # nothing rated yet: nothing written, still fine
    captured = capsys.readouterr()
    assert captured.out == "" and "Exported 0" in captured.err
    with pytest.raises(SystemExit) as exit_:
        otsqa_main(["serve", "--port", "many"])
    assert exit_.value.code == 2
