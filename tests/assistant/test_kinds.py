"""The kind of answer is told from the question's wording alone (assistant/kinds.py): the first
answerer that recognises a question takes it, and a single fact falls through to the grounded one."""

from __future__ import annotations

import pytest

from assistant.collection_questions import recognise as collection_question
from assistant.comparisons import recognise as comparison_question
from assistant.kinds import KINDS
from assistant.summaries import recognise as summary_question
from assistant.timelines import recognise as timeline_question

RECOGNISERS = (
    ("collection", collection_question),
    ("timeline", timeline_question),
    ("summary", summary_question),
    ("comparison", comparison_question),
)


def told(question: str) -> str:
    """The kind the assistant tries first for ``question``, by wording only (no store, no model)."""
    return next((kind for kind, recognise in RECOGNISERS if recognise(question)), "fact")


@pytest.mark.parametrize(
    "question, kind",
    [
        ("What articles are there?", "collection"),
        ("Who wrote 'Rivers of the Steppe'?", "collection"),
        ("When was the grain corridors article published?", "collection"),
        ("Give me a timeline of the OTS summits.", "timeline"),
        ("What happened in 2025?", "timeline"),
        ("Summarise the article on the Helsinki talks.", "summary"),
        ("Give an overview of drone cooperation.", "summary"),
        ("How do the articles differ on Russia's role?", "comparison"),
        ("Compare what the articles say about the investment fund.", "comparison"),
        ("When was the Gabala summit held?", "fact"),
        ("What did Aliyev propose at the Gabala summit?", "fact"),
        ("How many drones will Ankara deliver?", "fact"),
        ("Who chaired the Tbilisi talks?", "fact"),
    ],
)
def test_the_kind_is_told_from_the_wording(question, kind):
    assert told(question) == kind
    assert kind in KINDS


def test_the_assistant_tries_the_kinds_in_the_documented_order(ingested, embedder):
    from assistant.configs import grounded

    assistant = grounded(ingested.store, embedder, ingested.lexical, rerank=False)
    assert [kind for kind, _ in assistant.kinds] == [kind for kind, _ in RECOGNISERS] == list(KINDS[:-1])
