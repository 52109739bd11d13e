"""Each metric against values worked out by hand."""

from __future__ import annotations

import math

import pytest

from evals.metrics import (
    Cited,
    Retrieved,
    Span,
    abstention_scores,
    bootstrap_ci,
    citation_precision,
    citation_recall,
    followup_correct,
    hit_at,
    key_fact_recall,
    mean,
    mrr_at,
    ndcg_at,
    percentile,
    quote_valid,
    recall_at,
)

SPANS = [Span("a.txt", "Gabala on 7 October"), Span("b.txt", "42 percent of the border")]
# Ranks: 1 irrelevant, 2 holds span 0, 3 holds span 0 again, 4 holds span 1 but from the wrong file,
# 5 holds span 1.
PASSAGES = [
    Retrieved("/x/a.txt", "Leaders met in Baku."),
    Retrieved("/x/a.txt", "The summit met in Gabala on  7 October 2025."),
    Retrieved("/x/a.txt", "Again: Gabala on 7 October."),
    Retrieved("/x/a.txt", "42 percent of the border is watched."),
    Retrieved("/y/b.txt", "Now 42 percent of the border is covered."),
]


def test_hit_at_k():
    assert hit_at(PASSAGES, SPANS, 1) == 0.0
    assert hit_at(PASSAGES, SPANS, 2) == 1.0


def test_recall_at_k():
    assert recall_at(PASSAGES, SPANS, 3) == 0.5
    assert recall_at(PASSAGES, SPANS, 4) == 0.5  # right text, wrong article: not evidence
    assert recall_at(PASSAGES, SPANS, 5) == 1.0


def test_mrr_at_k():
    assert mrr_at(PASSAGES, SPANS, 10) == 0.5
    assert mrr_at(PASSAGES, SPANS, 1) == 0.0


def test_ndcg_at_k_counts_each_span_once():
    # Gains at ranks 2 and 5 (rank 3 repeats span 0): DCG = 1/log2(3) + 1/log2(6);
    # ideal = 1/log2(2) + 1/log2(3).
    expected = (1 / math.log2(3) + 1 / math.log2(6)) / (1 + 1 / math.log2(3))
    assert ndcg_at(PASSAGES, SPANS, 10) == pytest.approx(expected)
    assert expected == pytest.approx(0.6241, abs=1e-4)  # (0.6309 + 0.3869) / 1.6309
    assert ndcg_at(PASSAGES[1:2] + PASSAGES[4:5], SPANS, 10) == pytest.approx(1.0)


def test_key_fact_recall_with_aliases_and_typography():
    facts = [("October 7, 2025", ["7 October 2025"]), ("Türkiye’s drones", []), ("Gabala", [])]
    answer = "It met in GABALA on 7 October 2025; Türkiye's drones were discussed."
    assert key_fact_recall(answer, facts) == 1.0
    assert key_fact_recall("It met in Gabala.", facts) == pytest.approx(1 / 3)
    assert key_fact_recall(answer, facts, abstained=True) == 0.0


def test_citation_precision_and_recall():
    good = Cited("/x/a.txt", "The summit met in Gabala on 7 October 2025.", "The summit met in Gabala on 7 October 2025.", 10, 54)
    bad = Cited("/x/a.txt", "Leaders met in Baku.", "Leaders met in Baku.", 0, 20)
    assert citation_precision([good, bad], SPANS) == 0.5
    assert citation_precision([], SPANS) is None
    assert citation_recall([good, bad], SPANS) == 0.5  # span 1 is not quoted
    # With offsets known, overlap decides.
    spans = [Span("a.txt", "Gabala on 7 October", 28, 47)]
    assert citation_recall([good], spans) == 1.0
    assert citation_recall([bad], spans) == 0.0


def test_quote_validity():
    article = "Intro. The summit met in Gabala."
    assert quote_valid(Cited("a", "", "The summit met in Gabala.", 7, 32), article)
    assert not quote_valid(Cited("a", "", "The summit met in Gabala.", 6, 31), article)
    assert not quote_valid(Cited("a", "", "", 0, 0), article)


def test_abstention_scores():
    # (abstained, answerable): TP=2, FP=1, FN=1, TN=1.
    pairs = [(True, False), (True, False), (True, True), (False, False), (False, True)]
    scores = abstention_scores(pairs)
    assert scores["precision"] == pytest.approx(2 / 3)
    assert scores["recall"] == pytest.approx(2 / 3)
    assert scores["f1"] == pytest.approx(2 / 3)
    assert abstention_scores([(False, True)]) == {"precision": 0.0, "recall": 0.0, "f1": 0.0}


def test_followup_correctness():
    assert followup_correct(False, True, 0.0, None)
    assert not followup_correct(False, False, 0.0, 1.0)
    assert followup_correct(True, False, 0.5, 0.5)
    assert not followup_correct(True, False, 0.4, 1.0)
    assert not followup_correct(True, False, 1.0, 0.0)


def test_percentile_matches_linear_interpolation():
    assert percentile([1, 2, 3, 4], 50) == 2.5
    assert percentile([10, 20, 30, 40, 50], 95) == pytest.approx(48.0)
    assert percentile([], 50) == 0.0


def test_bootstrap_interval_brackets_the_mean_and_is_repeatable():
    rows = [0.0] * 20 + [1.0] * 80
    low, high = bootstrap_ci(rows, mean)
    assert low < 0.8 < high and 0.6 < low and high < 0.95
    assert bootstrap_ci(rows, mean) == (low, high)
    assert bootstrap_ci([1.0] * 10, mean) == (1.0, 1.0)


def test_best_threshold_separates_answerable_from_unanswerable_and_leave_one_out_is_honest():
    from evals.metrics import abstention_scores, best_threshold, leave_one_out

    # (confidence, answerable): unanswerable ones all below 0.5, answerable ones above.
    points = [(0.2, False), (0.3, False), (0.45, False), (0.6, True), (0.7, True), (0.9, True)]
    cut = best_threshold(points)
    assert 0.45 < cut < 0.6
    assert abstention_scores([(c < cut, a) for c, a in points])["f1"] == 1.0
    # One answerable question among the low ones: no cut is perfect, and leaving it out shows it.
    mixed = points + [(0.25, True)]
    assert leave_one_out(mixed)["f1"] < 1.0
