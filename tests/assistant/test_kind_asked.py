# ruff: noqa: E501  (a made-up article is written as it stands)
"""A candidate sentence holding the kind of thing a question asks for (a date for "when", a number for "how
many") scores `GroundedParams.kind_weight` more, as one naming an actor does for "who" (`actor_weight`); a
sentence without it, and a question asking for no kind in particular, are scored as before. Candidates of a
made-up article in a real store, scored with the weight and without it."""

from __future__ import annotations

import pytest

from assistant.configs import build_assistant
from tests.conftest import make_settings
from tests.helpers import ingest_in_process

REGISTERS = """Gulf coast guards learn to share

By Layla Haddad

14 April 2025

The coast guards of the Gulf have been sharing their registers of vessels with one another, and ministers praise the arrangement as a model for the region.

The exchange of registers began on 3 March 2024, after a year of talks between the four services.

The shared registers now list 4,200 vessels, according to the Omani service.
"""


@pytest.fixture(scope="module")
def assistant(tmp_path_factory, embedder):
    root = tmp_path_factory.mktemp("kinds")
    store, lexical = ingest_in_process(root, {"registers.txt": REGISTERS}, embedder)
    return build_assistant("grounded", store, embedder, lexical, make_settings(root, root / "articles"))


@pytest.mark.slow
@pytest.mark.parametrize(
    "question, holding, lacking",
    [
        (
            "When did the Gulf coast guards start sharing their vessel registers?",
            "The exchange of registers began on 3 March 2024",
            "The coast guards of the Gulf have been sharing their registers of vessels with one another",
        ),
        (
            "How many vessels are in the shared registers?",
            "The shared registers now list 4,200 vessels",
            "The coast guards of the Gulf have been sharing their registers of vessels with one another",
        ),
    ],
)
def test_a_sentence_holding_the_kind_asked_scores_the_kind_weight_more(assistant, question, holding, lacking):
    retriever = assistant.retriever
    shipped = assistant.answerer
    weight = shipped.params.kind_weight
    assert weight > 0

    def scored(answerer):
        candidates, _, _ = answerer.scorer.candidates(question, retriever.retrieve(question, 10))
        # (the cross-encoder's part is left out: its batch-mates may move it, `assistant/rerank.py`)
        return {c.hit.text: c.score - (c.relevance or 0.0) * answerer.params.rerank_weight for c in candidates}

    with_weight, without = scored(shipped), scored(shipped.with_params(kind_weight=0.0))
    date_or_number = next(text for text in with_weight if text.startswith(holding))
    other = next(text for text in with_weight if text.startswith(lacking))
    assert with_weight[date_or_number] - without[date_or_number] == pytest.approx(weight)
    assert with_weight[other] == pytest.approx(without[other])


@pytest.mark.slow
def test_a_question_asking_for_no_kind_is_scored_as_before(assistant):
    question = "What do ministers think of the coast guards' arrangement?"
    retriever = assistant.retriever
    shipped = assistant.answerer
    before = {
        c.hit.text: c.score
        for c in shipped.with_params(kind_weight=0.0).scorer.candidates(question, retriever.retrieve(question, 10))[0]
    }
    after = {c.hit.text: c.score for c in shipped.scorer.candidates(question, retriever.retrieve(question, 10))[0]}
    assert before.keys() == after.keys() and before
    assert all(after[t] == pytest.approx(before[t]) for t in before)
