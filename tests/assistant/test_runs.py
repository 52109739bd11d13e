"""Sentence runs over a made-up article in a real store (the real model): a conclusion brings the reason
it is drawn from, and a short verdict brings the sentence that explains it."""

from __future__ import annotations

import pytest

from tests.helpers import ingest_in_process

ARTICLE = "\n\n".join(
    [
        "Port security on the Gulf coast",
        "By Layla Haddad",
        "Published: 3 March 2025",
        "The harbour authorities of Saudi Arabia and Oman have met twice a year since 2019 to compare notes on "
        "cargo checks at their container terminals. So far the two authorities have shared data only on request.",
        "Smugglers no longer hide fuel in the holds of old tankers. They reach the terminals through forged "
        "manifests sent over messaging apps, often from offices in third countries. So port security has become, "
        "in part, a software problem. The harbour authorities have started to share their manifest data for that reason.",
        "On paper the new plan is modest. It creates no joint fleet, no shared warehouse and no common budget; it "
        "is a channel between port control rooms that already exist. That is not a weakness. In the first hours "
        "after a spill or a seizure, what costs most is confusion over who sends what, and a single channel "
        "could remove much of it. The real test will come with the first large seizure after the plan takes effect.",
    ]
)


@pytest.fixture(scope="module")
def runs(tmp_path_factory, embedder):
    from assistant.grounded.params import GroundedParams
    from assistant.grounded.runs import SentenceRuns
    from assistant.quoting import ArticleTexts

    store, _ = ingest_in_process(tmp_path_factory.mktemp("runs"), {"gulf_ports.txt": ARTICLE}, embedder)
    doc_id = store.articles()[0].doc_id
    return store, doc_id, SentenceRuns(store, ArticleTexts(store), GroundedParams())


def _sentence(store, doc_id: str, opening: str):
    from assistant.grounded import Candidate
    from assistant.retrieval import passage_from_record

    sentence, vector = next((s, v) for s, v in store.sentences.vectors_of(doc_id) if s.text.startswith(opening))
    return Candidate(sentence, vector, passage_from_record(store.passages.get([sentence.chunk_id])[0], 1))


@pytest.mark.slow
def test_a_conclusion_brings_the_reason_it_is_drawn_from(runs):
    store, doc_id, sentence_runs = runs
    lead = _sentence(store, doc_id, "So port security has become")
    before = sentence_runs.leans_on(lead, [], store.article(doc_id).text)
    assert before is not None and before.hit.text.startswith("They reach the terminals through forged manifests")
    # "So far" draws no conclusion
    so_far = _sentence(store, doc_id, "So far the two authorities")
    assert sentence_runs.leans_on(so_far, [], store.article(doc_id).text) is None


@pytest.mark.slow
def test_a_short_verdict_brings_the_sentence_that_explains_it(runs):
    store, doc_id, sentence_runs = runs
    lead = _sentence(store, doc_id, "On paper the new plan is modest.")
    texts = [c.hit.text for c in sentence_runs.continuation(lead, [], store.article(doc_id).text)]
    # follow = 2 counts "It creates …" and the explanation; "That is not a weakness." comes along uncounted
    assert texts[0].startswith("It creates no joint fleet") and texts[1] == "That is not a weakness."
    assert any(t.startswith("In the first hours after a spill") for t in texts)
