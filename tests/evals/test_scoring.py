"""Scoring one answered item: which spans make a passage relevant and which ones recall counts."""

from __future__ import annotations

from evals.dataset import Evidence, Item, KeyFact
from evals.report import losses_table
from evals.runner import ItemResult, check_citations, precision_lost, score_item

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


def _result(item_id: str, hit5: float, cited: list[tuple[str, bool]]) -> ItemResult:
    precision = sum(ok for _, ok in cited) / len(cited)
    return ItemResult(
        item_id, "grounded", "q", True, False, [], "a", False, len(cited),
        {"hit@5": hit5, "citation_precision": precision}, {},
        cited=[{"n": n, "role": role, "correct": ok} for n, (role, ok) in enumerate(cited, 1)],
    )  # fmt: skip


def test_a_wrong_citation_is_named_with_its_role_and_checked_one_by_one():
    other = "Beta hosted the summit."
    start = ARTICLE.index(other)
    first = {"source": "a.txt", "passage": ARTICLE[:30], "quote": ARTICLE[:30], "start": 0, "end": 30, "role": "lead"}
    second = {"source": "a.txt", "passage": other, "quote": other, "start": start, "end": start + len(other), "role": "extra"}
    answer = _answer([{"source": "a.txt", "text": ARTICLE[:30]}], [first, second])
    scores, problems = score_item(_item(), answer, {"a.txt": ARTICLE})
    assert scores["citation_precision"] == 0.5
    assert "citations without gold evidence: [2] (extra)" in problems
    checks = check_citations(_item(), answer, {"a.txt": ARTICLE})
    assert checks == [{"n": 1, "role": "lead", "correct": True}, {"n": 2, "role": "extra", "correct": False}]


def test_precision_lost_by_cause_adds_up_to_what_precision_misses():
    results = [
        _result("a", 1.0, [("lead", True), ("next", True), ("extra", False)]),  # loses 1/3 to extra
        _result("b", 1.0, [("lead", False), ("next", False)]),  # loses 1/2 to lead, 1/2 to next
        _result("c", 0.0, [("lead", False)]),  # nothing relevant retrieved: retrieval's loss
        _result("d", 1.0, [("lead", True)]),
    ]
    lost = precision_lost(results)
    assert lost["lead"] == {"citations": 3, "wrong": 1, "lost": (1 / 2) / 4}
    assert lost["retrieval"] == {"citations": 1, "wrong": 1, "lost": 1 / 4}
    assert abs(lost["extra"]["lost"] - (1 / 3) / 4) < 1e-12 and lost["next"]["wrong"] == 1
    precision = sum(r.scores["citation_precision"] for r in results) / len(results)
    assert abs(sum(e["lost"] for e in lost.values()) - (1 - precision)) < 1e-12
    assert list(lost) == ["retrieval", "lead", "next", "extra"]  # largest loss first


def test_precision_lost_is_empty_for_answers_without_roles():
    assert precision_lost([_result("a", 1.0, [("", False), ("", True)])]) == {}


def test_the_report_names_each_cause_and_renders_nothing_without_roles():
    results = [_result("a", 1.0, [("lead", True), ("extra", False)]), _result("c", 0.0, [("lead", False)])]
    summary = {"metrics": {"citation_precision": 0.25}, "precision_lost": precision_lost(results)}
    lines = losses_table("grounded", summary)
    assert lines[0] == "### Where citation precision is lost: grounded"
    rows = [line for line in lines if line.startswith("| ") and not line.startswith("| cause")]
    assert rows == [
        "| retrieval: no passage with gold evidence in the top 5 | 1 | 1 | 0.500 |",
        "| extra: more evidence scoring close to the lead | 1 | 1 | 0.250 |",
        "| lead: the sentence chosen as the best answer | 1 | 0 | 0.000 |",
    ]
    assert losses_table("naive", {"metrics": {"citation_precision": 0.4}}) == []
