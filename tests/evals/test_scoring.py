"""Scoring one answered item: which spans make a passage relevant and which ones recall counts."""

from __future__ import annotations

from evals.dataset import Evidence, Item, KeyFact
from evals.runner import score_item

ARTICLE = "Alpha proposed drills in 2026. Beta hosted the summit. The drills were proposed for 2026 by Alpha."
SECOND = ARTICLE.index("The drills")


def _answer(passages, citations):
    return {"answer": " ".join(c["quote"] for c in citations), "abstained": False, "passages": passages, "citations": citations}


def _item():
    return Item(
        "t1",
        "What did Alpha propose?",
        True,
        "Drills in 2026.",
        key_facts=(KeyFact("2026"),),
        evidence=(
            Evidence("a.txt", "Alpha proposed drills in 2026."),
            Evidence("a.txt", "The drills were proposed for 2026 by Alpha.", alternative=True),
        ),
    )


def test_an_alternative_span_makes_its_passage_relevant_but_is_not_counted_by_recall():
    passage = ARTICLE[SECOND:]
    quote = {"source": "a.txt", "passage": passage, "quote": passage, "start": SECOND, "end": len(ARTICLE)}
    answer = _answer([{"source": "a.txt", "text": "Beta hosted the summit."}, {"source": "a.txt", "text": passage}], [quote])
    scores, problems = score_item(_item(), answer, {"a.txt": ARTICLE})
    assert scores["hit@1"] == 0.0 and scores["hit@5"] == 1.0 and scores["mrr@10"] == 0.5
    assert scores["citation_precision"] == 1.0
    # The one fact to find was found only in its restatement: recall counts the listed span, not the copy.
    assert scores["recall@10"] == 0.0 and scores["citation_recall"] == 0.0
    assert problems == []


def test_a_citation_of_an_unrelated_passage_is_named_in_the_problems():
    other = "Beta hosted the summit."
    start = ARTICLE.index(other)
    cited = {"source": "a.txt", "passage": other, "quote": other, "start": start, "end": start + len(other)}
    scores, problems = score_item(_item(), _answer([{"source": "a.txt", "text": other}], [cited]), {"a.txt": ARTICLE})
    assert scores["citation_precision"] == 0.0 and scores["quote_validity"] == 1.0
    assert "citations without gold evidence: [1]" in problems and "missing key facts: 2026" in problems
