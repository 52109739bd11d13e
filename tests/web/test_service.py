"""The answering service (web/service.py) as the settings shape it: how often it asks the store whether
another process changed it, and how many answers it remembers for feedback. (How many it computes at
once is in test_server.py, through a real server.)"""

from __future__ import annotations

from assistant.watch import StoreWatch
from otsqa.settings import load_settings
from store.memory import MemoryStore
from tests.web.conftest import CountingAssistant
from web.service import AssistantService


def _service(tmp_path, assistant, **env: str) -> AssistantService:
    settings = load_settings(env={"OTSQA_DATA_DIR": str(tmp_path / "data")} | {f"OTSQA_{k.upper()}": v for k, v in env.items()})
    return AssistantService(settings, assistant)


def _watched(store: MemoryStore) -> CountingAssistant:
    counting = CountingAssistant(seconds=0)
    counting.watch = StoreWatch(store)
    return counting


def test_a_changed_store_is_followed_at_the_check_interval_set(tmp_path):
    often, seldom = MemoryStore(), MemoryStore()
    asking_often = _service(tmp_path / "often", _watched(often), store_check_seconds="0")
    asking_seldom = _service(tmp_path / "seldom", _watched(seldom), store_check_seconds="3600")
    for store in (often, seldom):
        store._written = "written by another process"  # as `otsqa ingest` elsewhere stamps it
    for service in (asking_often, asking_seldom):
        service.ask("Where was the 12th OTS summit held?", None)
    assert often.seen == "written by another process"  # read again before the answer
    assert seldom.seen == ""  # not asked yet: the hour has not passed


def test_feedback_can_be_given_on_as_many_recent_answers_as_set(tmp_path):
    service = _service(tmp_path, CountingAssistant(seconds=0), recent_answers="2")
    ids = [service.ask(f"Question {n}?", None)[1] for n in range(3)]
    assert service.recalled(ids[0]) is None
    assert [service.recalled(i)["question"] for i in ids[1:]] == ["Question 1?", "Question 2?"]
