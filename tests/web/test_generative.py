"""The web API and the chat's HTML with the generative configuration (a scripted FakeGenerator): token
deltas, the final answer with sentence verdicts, unverified sentences marked, the fallback note."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from assistant.configs import generative
from assistant.generative import UNVERIFIED
from assistant.llm import FakeGenerator
from tests.helpers import sse_events
from tests.web.conftest import LOCAL
from web.render import render_transcript
from web.server import build_app

QUESTION = "What share of Uzbekistan's border is covered by video surveillance?"


def _answer(messages) -> str:
    passage = re.search(r"^\[1\] \([^)]*\) (.*?)(?=\n\n\[\d+\] |\n\nQuestion: )", messages[-1]["content"], re.S | re.M).group(1)
    fact = next(s for s in re.split(r"(?<=[.!?])\s+", passage) if "percent" in s)
    return f"{fact} [1] Paris pays for the cameras [1]. {fact} [1]"


@pytest.fixture(scope="module")
def client(ingested, embedder):
    assistant = generative(
        ingested.store, embedder, ingested.lexical, settings=ingested.settings, generator=FakeGenerator([_answer])
    )
    settings = ingested.settings.model_copy(update={"rate_limit_per_minute": 0})
    return TestClient(build_app(settings, assistant), base_url=LOCAL)


@pytest.mark.slow
def test_the_stream_carries_tokens_then_the_checked_answer(client):
    assert client.get("/api/health").json()["config"] == "generative"
    reply = client.post("/api/ask/stream", json={"question": QUESTION})
    events = sse_events(reply.text)
    names = [name for name, _ in events]
    assert names[0] == "passages" and names[-2:] == ["answer", "done"] and names.count("delta") > 5
    answer = events[-2][1]
    assert [s["verdict"] for s in answer["sentences"]] == ["supported", "unsupported", "supported"]
    assert answer["answer"].count(UNVERIFIED) == 1 and "Paris" in answer["sentences"][1]["reason"]
    assert answer["citations"] and all(c["quote"] in c["passage"] for c in answer["citations"])


@pytest.mark.slow
def test_the_chat_html_marks_the_unverified_sentence_and_links_citations(client):
    answer = client.post("/api/ask", json={"question": QUESTION}).json()
    html = render_transcript([{"question": QUESTION, "answer": answer}])
    assert UNVERIFIED in html and 'class="ots-cite"' in html and "Not in the articles" not in html
