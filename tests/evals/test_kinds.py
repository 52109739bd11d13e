# ruff: noqa: E501 (table rows read best one per line)
"""Questions beyond single facts, judged by kind (evals/kinds.py): each measure on answers built here,
and a collection's kinds.jsonl loaded and checked."""

from __future__ import annotations

import json

import pytest

from evals.collections import load_collection
from evals.dataset import Evidence, Item, KeyFact
from evals.kinds import in_order, judge, kind_of, summarise
from otsqa.errors import DatasetError
from tests.evals.test_collections import ITEMS, write_collection

TEXTS = {
    "a.txt": "Alpha met in Tbilisi on 2 May 2022. Alpha agreed a fund. Alpha chose a chair.",
    "b.txt": "Beta said the fund was too small. Beta met in Riyadh in 2024.",
}


def cite(n: int, source: str, quote: str) -> dict:
    start = TEXTS[source].index(quote)
    return {"n": n, "source": source, "quote": quote, "start": start, "end": start + len(quote)}


def answer(text: str, citations: list[dict], abstained: bool = False) -> dict:
    return {"answer": text, "citations": citations, "abstained": abstained, "timings_ms": {"total": 12.0}}


def item(kind: str, facts: tuple[str, ...], sources: tuple[str, ...]) -> Item:
    return Item(
        id=f"t/{kind}",
        question="?",
        answerable=True,
        reference_answer="",
        key_facts=tuple(KeyFact(f) for f in facts),
        evidence=tuple(Evidence(s, "x") for s in sources),
        tags=(f"kind:{kind}",),
    )


A1, A2, A3 = (
    cite(1, "a.txt", "Alpha met in Tbilisi on 2 May 2022."),
    cite(2, "a.txt", "Alpha agreed a fund."),
    cite(3, "a.txt", "Alpha chose a chair."),
)
B1 = cite(4, "b.txt", "Beta met in Riyadh in 2024.")
SUMMARY = item("summary", ("Tbilisi", "fund", "chair"), ("a.txt",))
COMPARISON = item("comparison", ("fund", "too small"), ("a.txt", "b.txt"))
TIMELINE = item("timeline", ("2 May 2022", "2024"), ("a.txt", "b.txt"))
COLLECTION = item("collection", ("Alpha", "Tbilisi"), ("a.txt",))
NO_SUCH = Item("t/none", "Who wrote the report on Arctic shipping?", False, "", (), (), ("kind:collection",))


@pytest.mark.parametrize(
    "it, got, met, problem",
    [
        (SUMMARY, answer("Tbilisi [1] fund [2] chair [3]", [A1, A2, A3]), True, ""),
        (SUMMARY, answer("Tbilisi [1] fund [2] Riyadh [4]", [A1, A2, B1]), False, "not about: b.txt"),
        (SUMMARY, answer("Tbilisi [1] fund [2]", [A1, A2]), False, "2 citations"),
        (SUMMARY, answer("Tbilisi [1] x [2] y [3]", [A1, A2, A3]), False, "33% of the key facts"),
        (COMPARISON, answer("fund [2] too small [4]", [A2, B1]), True, ""),
        (COMPARISON, answer("fund [2] too small", [A2]), False, "does not cite: b.txt"),
        (TIMELINE, answer("2 May 2022 — Alpha [1]\n2024 — Beta [4]", [A1, B1]), True, ""),
        (TIMELINE, answer("2024 — Beta [4]\n2 May 2022 — Alpha [1]", [A1, B1]), False, "out of order"),
        (COLLECTION, answer("Alpha, Tbilisi [1]", [A1]), True, ""),
        (COLLECTION, answer("Alpha [1]", [A1]), False, "missing: Tbilisi"),
        (COLLECTION, answer("Alpha, Tbilisi", [A1], abstained=True), False, "abstained"),
        (COLLECTION, answer("Alpha, Tbilisi [1]", [dict(A1, start=A1["start"] + 1)]), False, "not the article text"),
        # an unanswerable collection question is met by saying what the records lack, never by an answer
        (NO_SUCH, answer("No article matches 'the report on Arctic shipping'; the collection has: …", []), True, ""),
        (NO_SUCH, answer("“Alpha” names no author [1].", [A1]), True, ""),
        (NO_SUCH, answer("The articles do not answer this question.", [], abstained=True), True, ""),
        (NO_SUCH, answer("“Alpha” was written by Beta [1].", [A1]), False, "answered though"),
    ],
)
def test_each_kind_is_judged_by_its_own_measure(it, got, met, problem):
    result = judge(it, got, TEXTS)
    assert result.met is met and result.kind == kind_of(it)
    assert (problem in "; ".join(result.problems)) if problem else result.problems == []


@pytest.mark.parametrize(
    "text, ordered",
    [
        ("Title line\n6 November 2024 — a\n21 May 2025 — b\n7 October 2025 — c", True),
        ("2022 — a\nMay 2022 — b", False),  # a year sorts after that year's months
        ("7 October 2025 — a\nnot dated\n6 November 2024 — b", False),
        ("no dates at all", True),
    ],
)
def test_a_timeline_is_in_order_when_its_dated_lines_never_go_back(text, ordered):
    assert in_order(text) is ordered


def test_summaries_count_what_met_per_kind():
    results = [
        judge(SUMMARY, answer("Tbilisi [1] fund [2] chair [3]", [A1, A2, A3]), TEXTS),
        judge(TIMELINE, answer("", []), TEXTS),
    ]
    summary = summarise(results)
    assert summary["summary"]["met"] == 1.0 and summary["timeline"]["met"] == 0.0 and summary["summary"]["n"] == 1
    assert "comparison" not in summary


def test_a_collection_keeps_its_kind_items_apart_and_checks_them(tmp_path):
    folder = write_collection(tmp_path, "academies", ITEMS)
    kind_item = dict(ITEMS[0], id="k-1", tags=["kind:timeline"])
    (folder / "kinds.jsonl").write_text(json.dumps(kind_item) + "\n", encoding="utf-8")
    collection = load_collection(folder)
    assert [i.id for i in collection.kind_items] == ["academies/k-1"] and len(collection.items) == len(ITEMS)
    (folder / "kinds.jsonl").write_text(json.dumps(dict(kind_item, tags=["fact"])) + "\n", encoding="utf-8")
    with pytest.raises(DatasetError, match="has no kind"):
        load_collection(folder)
    wrong = dict(kind_item, evidence=[{"source": "elsewhere.txt", "span": "x"}])
    (folder / "kinds.jsonl").write_text(json.dumps(wrong) + "\n", encoding="utf-8")
    with pytest.raises(DatasetError, match="elsewhere.txt"):
        load_collection(folder)


def test_the_gate_holds_each_kinds_held_out_share_to_its_floor():
    from evals.report import check_gate
    from evals.runner import RunResult

    run = RunResult(
        configs=["grounded"],
        results={"grounded": []},
        summaries={"grounded": {"metrics": {}}},
        info={},
        seconds=0.0,
        by_collection={"grounded": {"x": {"metrics": {}}}},
        held_out={"grounded": {"collections": ["x"], "summary": {"metrics": {"mrr@10": 0.9}}}},
        kinds={"grounded": {"held-out": {"summary": {"timeline": {"met": 0.5, "n": 4}}}}},
    )
    baseline = {"config": "grounded", "floors": {}, "held_out_floors": {"mrr@10": 0.8}, "allowed_drop": 0.02}
    assert check_gate(run, baseline | {"kind_floors": {"timeline": 0.5}})["passed"]
    failed = check_gate(run, baseline | {"kind_floors": {"timeline": 0.75, "summary": 0.5}})
    assert failed["failures"] == ["timeline questions 0.500 < 0.750 − 0.020", "no held-out summary questions were answered"]
