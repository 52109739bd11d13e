"""The retrieval trace (issue 26) on the real corpus: it agrees with the answer the assistant gives, its
fused ranks are the retrieval's order, and it says why an answer abstained."""

from __future__ import annotations

import json

import pytest

from assistant import BaselineAssistant, build_assistant
from assistant.explain import explain
from assistant.retrieval import Filters
from otsqa.errors import ConfigError


@pytest.fixture(scope="module")
def grounded(ingested, embedder):
    return build_assistant("grounded", ingested.store, embedder, ingested.lexical)


def _cited(trace: dict) -> list[tuple]:
    """The sentences the trace says the answer cites, in citation order."""
    rows = sorted((r for r in trace["candidates"]["rows"] if r["cited"] is not None), key=lambda r: r["cited"])
    return [(r["cited"], r["doc_id"], r["start"], r["end"], r["text"], r["role"]) for r in rows]


def _citations(answer: dict) -> list[tuple]:
    return [(c["n"], c["doc_id"], c["start"], c["end"], c["quote"], c["role"]) for c in answer["citations"]]


@pytest.mark.slow
@pytest.mark.parametrize(
    "question",
    [
        "What share of Uzbekistan's border is covered by video surveillance?",
        # Compound: each part's lead is chosen by its own scores; the trace lists them all the same.
        "What did the Shusha Declaration do, and which exercises show the Azerbaijan–Kazakhstan relationship?",
        "What did Iran say about the Gabala summit?",  # abstained: cites what comes closest
    ],
)
def test_the_chosen_sentences_are_the_answers_citations(grounded, question):
    trace = explain(grounded, question)
    assert trace["kind"]["kind"] == "fact" and trace["confidence"]["applies"]
    assert trace["answer"]["citations"] and _cited(trace) == _citations(trace["answer"])
    assert trace["agrees"] is True
    assert trace["confidence"]["abstained"] == trace["answer"]["abstained"]
    assert trace["confidence"]["value"] == pytest.approx(trace["answer"]["confidence"], abs=1e-4)
    assert all(r["chosen"] for r in trace["candidates"]["rows"] if r["cited"] is not None)
    if not trace["answer"]["abstained"]:  # an abstention cites only the two closest of them
        assert all(r["cited"] is not None for r in trace["candidates"]["rows"] if r["chosen"])


@pytest.mark.slow
def test_the_fused_ranks_reproduce_the_retrievals_passage_order(grounded):
    question = "Which countries took part in the Birlestik-2024 counterterrorism exercise?"
    trace = explain(grounded, question)
    kept = sorted((p for p in trace["passages"] if p["rank"] is not None), key=lambda p: p["fused_rank"])
    retrieved = grounded.retriever.retrieve(question, grounded.k).passages
    assert [p["chunk_id"] for p in kept] == [p.chunk_id for p in retrieved]
    assert [p["rank"] for p in kept] == list(range(1, len(retrieved) + 1))
    assert [p["fused"] for p in kept] == [round(p.score, 4) for p in retrieved]
    # Fused scores never rise down the order; a chunk passed over says why and has no rank.
    fused = [p["fused"] for p in trace["passages"]]
    assert fused == sorted(fused, reverse=True)
    assert all((p["rank"] is None) == (p["passed_over"] is not None) for p in trace["passages"])
    # Every kept passage was found by at least one ranking; the answer's order is the re-ranked one.
    assert all(p["dense_rank"] or p["lexical_rank"] or p["sentence_rank"] for p in kept)
    by_answer = sorted((p for p in kept if p["answer_rank"] is not None), key=lambda p: p["answer_rank"])
    assert [p["chunk_id"] for p in by_answer] == [p["chunk_id"] for p in trace["answer"]["passages"]]
    assert all(p["title"] and p["text"] and p["end"] > p["start"] >= 0 for p in kept)


@pytest.mark.slow
def test_an_unanswerable_question_shows_the_abstention_and_names_the_feature(grounded):
    trace = explain(grounded, "Who is the OTS ambassador to Brazil?")
    confidence = trace["confidence"]
    assert confidence["abstained"] and trace["answer"]["abstained"]
    assert confidence["value"] < confidence["threshold"]
    assert confidence["unknown_words"] == ["Brazil"] and confidence["contributions"]["unknown"] < 0
    assert confidence["why"].startswith(
        f"confidence {confidence['value']:.2f} below the threshold {confidence['threshold']:.2f}: "
    )
    assert "'Brazil'" in confidence["why"] and "(unknown -" in confidence["why"]
    # The contributions add up to the confidence, one per feature.
    assert sum(confidence["contributions"].values()) == pytest.approx(confidence["value"], abs=1e-3)
    assert set(confidence["contributions"]) <= set(confidence["features"])


@pytest.mark.slow
def test_a_name_the_evidence_lacks_is_named_in_the_why(grounded):
    confidence = explain(grounded, "What did Iran say about the Gabala summit?")["confidence"]
    assert confidence["abstained"] and confidence["absent_names"] == ["Iran"]
    assert "does not name 'Iran'" in confidence["why"] and "missing -" in confidence["why"]


@pytest.mark.slow
def test_a_follow_up_shows_the_resolved_retrieval_query(grounded):
    earlier = "Which joint exercises illustrate the Azerbaijan–Kazakhstan defense relationship?"
    history = [{"question": earlier, "answer": "Caspian Breeze 2025, Birlestik-2024 and Altyn Kyran-2024."}]
    trace = explain(grounded, "Which of them was a naval exercise?", history)
    assert trace["follow_up"] and trace["retrieval_query"] == f"Which of them was a naval exercise? {earlier}"
    assert "Caspian Breeze 2025" in trace["answer"]["answer"]
    assert _cited(trace) == _citations(trace["answer"])
    alone = explain(grounded, earlier)
    assert not alone["follow_up"] and alone["retrieval_query"] == earlier


@pytest.mark.slow
def test_another_kind_is_named_and_the_trace_is_the_single_fact_path(grounded):
    trace = explain(grounded, "What happened in 2025?")
    assert trace["answer"]["kind"] == "timeline"
    assert trace["kind"]["kind"] == "timeline" and trace["kind"]["by"] == "pattern"
    assert "single-fact path" in trace["kind"]["trace"] and not trace["confidence"]["applies"]
    assert trace["agrees"] is None  # the timeline's citations are not the single-fact path's
    assert trace["passages"] and trace["candidates"]["rows"]


@pytest.mark.slow
def test_the_trace_is_json_and_times_its_stages(grounded):
    trace = explain(grounded, "Where was the 12th OTS summit held?")
    assert json.loads(json.dumps(trace, allow_nan=False)) == trace
    assert set(trace) == {
        "question",
        "asked_as",
        "retrieval_query",
        "follow_up",
        "language",
        "config",
        "traced",
        "kind",
        "parts",
        "passages",
        "candidates",
        "confidence",
        "answer",
        "agrees",
        "timings_ms",
    }
    assert trace["language"] == "en" and trace["config"] == trace["traced"] == "grounded"
    assert {"answer", "route", "retrieve", "retrieve_embed", "compose", "total"} <= set(trace["timings_ms"])
    rows = trace["candidates"]["rows"]
    assert 1 <= trace["candidates"]["shown"] == len(rows) and trace["candidates"]["considered"] >= 15
    assert [r["rank"] for r in rows[:15]] == list(range(1, 16))
    scores = [r["score"] for r in rows if r["rank"] is not None]
    assert scores == sorted(scores, reverse=True)
    assert any(r["relevance"] is not None for r in rows)  # the cross-encoder read the leaders


@pytest.mark.slow
def test_filters_that_match_nothing_say_so(grounded):
    trace = explain(grounded, "What did Aliyev propose?", filters=Filters(date_from="1990-01-01", date_to="1990-12-31"))
    assert trace["passages"] == [] and trace["answer"]["abstained"]
    assert trace["confidence"]["why"] == "no article matches the filters"
    assert trace["kind"]["why"].startswith("a filtered question")


def test_a_baseline_has_no_stages_to_trace():
    dense = BaselineAssistant("dense", retriever=None, answerer=None)
    with pytest.raises(ConfigError, match="'dense' configuration has no grounded stages to trace"):
        explain(dense, "Where was the 12th OTS summit held?")
