"""The generative configuration with a scripted FakeGenerator on the real ingested corpus: streaming,
verification verdicts, exact citations, and the fallbacks to the quoted answer."""

from __future__ import annotations

import re

import pytest

from assistant.configs import generative
from assistant.generative import ANSWER_CUE, REFUSAL, SYSTEM_PROMPT, UNVERIFIED, format_passage
from assistant.llm import FakeGenerator
from otsqa.errors import GeneratorError

QUESTION = "What share of Uzbekistan's border is covered by video surveillance?"


def _passage(messages, n: int) -> str:
    """Passage [n] of the prompt, without its label."""
    match = re.search(rf"^\[{n}\] \([^)]*\) (.*?)(?=\n\n\[\d+\] |\n\n(?:Task|Question): )", messages[-1]["content"], re.S | re.M)
    return match.group(1)


def _copy_first_sentence(messages) -> str:
    """A faithful model: the sentence of passage [1] that answers, cited."""
    text = _passage(messages, 1)
    sentence = next(s for s in re.split(r"(?<=[.!?])\s+", text) if "percent" in s)
    return f"{sentence} [1]"


@pytest.fixture(scope="module")
def build(ingested, embedder):
    def make(*outputs):
        fake = FakeGenerator(outputs)
        return generative(ingested.store, embedder, ingested.lexical, settings=ingested.settings, generator=fake), fake

    return make


def _exact(answer, store) -> None:
    for c in answer.citations:
        assert store.article(c.passage.doc_id).text[c.start : c.end] == c.quote
        assert c.quote in c.passage.text and f"[{c.n}]" in answer.answer


@pytest.mark.slow
def test_a_supported_generated_answer_streams_and_cites_exact_quotes(build, ingested):
    assistant, fake = build(_copy_first_sentence)
    events = list(assistant.stream(QUESTION))
    kinds = [e["event"] for e in events]
    assert kinds[0] == "passages" and kinds[-1] == "answer" and kinds.count("delta") > 3  # token by token
    answer = events[-1]["answer"]
    data = answer.to_json()
    assert data["config"] == "generative" and not data["abstained"]
    assert "42 percent" in data["answer"] and UNVERIFIED not in data["answer"]
    assert data["sentences"] == [{"text": data["sentences"][0]["text"], "citations": [1], "verdict": "supported"}]
    assert [c.n for c in answer.citations] == [1] and "42 percent" in answer.citations[0].quote
    _exact(answer, ingested.store)
    assert {"first_token", "generate", "verify", "total"} <= set(data["timings_ms"])
    assert "".join(e["text"] for e in events if e["event"] == "delta").strip() == _copy_first_sentence(fake.calls[0])
    system, user = fake.calls[0]
    assert system == {"role": "system", "content": SYSTEM_PROMPT}
    assert user["content"].endswith(f"Question: {QUESTION}\n{ANSWER_CUE}")


@pytest.mark.slow
def test_an_unsupported_sentence_is_marked_and_kept_when_most_are_supported(build, ingested):
    def two_good_one_bad(messages):
        return f"{_copy_first_sentence(messages)} {_copy_first_sentence(messages)} Ankara pays for 90 percent of it [1]."

    assistant, _ = build(two_good_one_bad)
    answer = assistant.ask(QUESTION)
    verdicts = [s["verdict"] for s in answer.sentences]
    assert verdicts == ["supported", "supported", "unsupported"]
    assert "Ankara" in answer.sentences[2]["reason"] or "90" in answer.sentences[2]["reason"]
    assert answer.answer.endswith(f"[1] {UNVERIFIED}") and answer.answer.count(UNVERIFIED) == 1
    _exact(answer, ingested.store)


@pytest.mark.slow
def test_an_answer_that_mostly_fails_falls_back_to_the_quoted_one(build, ingested):
    assistant, _ = build("The border is watched by drones from Paris since 1999 [1]. Nobody knows more.")
    answer = assistant.ask(QUESTION)
    assert answer.answer.startswith("(Only 0 of 2 generated sentences could be checked")
    assert "42 percent" in answer.answer and not answer.abstained  # the quoted answer
    assert [s["verdict"] for s in answer.sentences] == ["unsupported", "unsupported"]
    _exact(answer, ingested.store)


@pytest.mark.slow
def test_a_model_error_or_time_out_falls_back_with_a_note(build):
    assistant, _ = build(GeneratorError("The model server at http://127.0.0.1:9/v1/chat/completions did not answer within 5 s."))
    events = list(assistant.stream(QUESTION))
    answer = events[-1]["answer"]
    assert answer.answer.startswith("(The language model could not answer: The model server") and "42 percent" in answer.answer
    assert answer.sentences == [] and answer.citations


@pytest.mark.slow
def test_a_refusal_is_not_streamed_and_gives_the_quoted_answer(build):
    assistant, _ = build(REFUSAL)
    events = list(assistant.stream(QUESTION))
    assert not any(REFUSAL in e.get("text", "") for e in events if e["event"] == "delta")
    assert events[-1]["answer"].answer.startswith("(The language model found no answer")


@pytest.mark.slow
def test_when_the_articles_do_not_answer_the_model_is_not_asked(build):
    assistant, fake = build("Should not be asked [1].")
    answer = assistant.ask("What is the annual budget of the OTS peacekeeping brigade in euros?")
    assert answer.abstained and fake.calls == [] and answer.sentences is None


@pytest.mark.slow
def test_the_prompt_keeps_to_the_token_budget(build):
    assistant, fake = build(_copy_first_sentence)
    quoted = assistant.quoted.ask(QUESTION)
    for budget in (50, 200, 400, 800):
        assistant.budget_tokens = budget
        chosen = assistant.prompt_passages(quoted)
        cost = sum(fake.count_tokens(format_passage(n, p)) for n, p in enumerate(chosen, 1))
        assert 1 <= len(chosen) <= assistant.max_passages
        assert cost <= budget or len(chosen) == 1  # the first passage goes in even when it alone is over
        assert chosen[0].chunk_id == quoted.citations[0].passage.chunk_id  # the quoted evidence comes first
    assert len(assistant.prompt_passages(quoted)) > 1  # 800 tokens hold more than one
    assistant.budget_tokens = 50
    assert len(assistant.prompt_passages(quoted)) == 1


@pytest.mark.slow
def test_summaries_are_written_from_the_chosen_quotes_and_collection_questions_need_no_model(build, ingested):
    def faithful_summary(messages):
        # A model that retells each of the first three quotes in one sentence, cited.
        user = messages[-1]["content"]
        quotes = re.findall(r"^\[(\d+)\] \([^)]*\) (.*?)$", user, re.M)
        return " ".join(f"{text} [{n}]" for n, text in quotes[:3])

    assistant, fake = build(faithful_summary)
    quoted = assistant.quoted.ask("Summarise Brokers on the Bloc.")
    answer = assistant.ask("Summarise Brokers on the Bloc.")
    assert answer.kind == quoted.kind == "summary" and not answer.abstained
    user = fake.calls[-1][-1]["content"]
    assert "Task: Write a summary" in user
    # the prompt's passages are exactly the quotes the quoted summary chose
    assert [_passage(fake.calls[-1], c.n) for c in quoted.citations] == [c.quote for c in quoted.citations]
    assert [s["verdict"] for s in answer.sentences] == ["supported"] * 3
    _exact(answer, ingested.store)
    calls = len(fake.calls)
    listing = assistant.ask("What articles are there?")
    assert listing.kind == "collection" and len(fake.calls) == calls  # the records answer it: no model call
