"""Deterministic metrics computed from gold labels (no language-model judge).

Relevance does not depend on chunking: a retrieved passage is relevant when it is from the evidence's
article and contains a gold evidence span (whitespace-normalised). A span marked "alternative" in the
dataset restates a fact another span gives (a second article, a summary bullet): it makes a passage
relevant, but the runner leaves it out of the recall-type metrics (recall@k, nDCG@k, citation
recall), which count the facts to find, not every place they are written. With several spans:
- hit@k: some passage in the top k contains some span;
- recall@k: share of the spans contained in some top-k passage;
- MRR@k: 1 / rank of the first relevant passage (0 if none in the top k);
- nDCG@k: binary gains, a passage gains 1 when it contains a span no higher passage contained; the
  ideal ranking puts one passage per span first, so IDCG = Σ_{i=1..min(#spans, k)} 1/log2(i+1).
Answers:
- key-fact recall: share of key facts whose text or an alias is in the answer (case-, quote- and
  space-insensitive); an abstention recalls nothing;
- citation precision: share of an answer's citations whose passage holds a gold span;
- citation recall: share of gold spans that some citation's quote overlaps (offsets, else text);
- quote validity: share of citations whose quote equals the article text at [start, end);
- abstention precision / recall / F1, abstaining being the positive class and unanswerable the truth;
- follow-up accuracy: a follow-up turn is right when it is unanswerable and abstained, or answerable,
  answered, at least half its key facts present and at least one citation correct.
"""

from __future__ import annotations

import math
import random
import re
from dataclasses import dataclass
from pathlib import PurePath
from typing import Callable, Sequence

_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " "})


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text.translate(_QUOTES)).strip().casefold()


@dataclass(frozen=True)
class Span:
    source: str  # file name of the article
    text: str
    start: int = -1  # in the cleaned article, when known
    end: int = -1


@dataclass(frozen=True)
class Retrieved:
    source: str  # path or file name; compared by file name
    text: str


@dataclass(frozen=True)
class Cited:
    source: str
    passage: str
    quote: str
    start: int
    end: int


def _same_source(a: str, b: str) -> bool:
    return PurePath(a).name == PurePath(b).name


def contains(passage: Retrieved | Cited, span: Span) -> bool:
    text = passage.text if isinstance(passage, Retrieved) else passage.passage
    return _same_source(passage.source, span.source) and normalise(span.text) in normalise(text)


# -- retrieval ----------------------------------------------------------------------------------


def _covered(passage: Retrieved, spans: Sequence[Span]) -> set[int]:
    return {i for i, span in enumerate(spans) if contains(passage, span)}


def hit_at(passages: Sequence[Retrieved], spans: Sequence[Span], k: int) -> float:
    return float(any(_covered(p, spans) for p in passages[:k]))


def recall_at(passages: Sequence[Retrieved], spans: Sequence[Span], k: int) -> float:
    if not spans:
        return 0.0
    covered: set[int] = set()
    for p in passages[:k]:
        covered |= _covered(p, spans)
    return len(covered) / len(spans)


def mrr_at(passages: Sequence[Retrieved], spans: Sequence[Span], k: int) -> float:
    for rank, p in enumerate(passages[:k], 1):
        if _covered(p, spans):
            return 1.0 / rank
    return 0.0


def ndcg_at(passages: Sequence[Retrieved], spans: Sequence[Span], k: int) -> float:
    if not spans:
        return 0.0
    seen: set[int] = set()
    dcg = 0.0
    for rank, p in enumerate(passages[:k], 1):
        new = _covered(p, spans) - seen
        if new:
            dcg += 1.0 / math.log2(rank + 1)
            seen |= new
    ideal = sum(1.0 / math.log2(rank + 1) for rank in range(1, min(len(spans), k) + 1))
    return dcg / ideal


# -- answers ------------------------------------------------------------------------------------


def fact_present(answer: str, text: str, aliases: Sequence[str] = ()) -> bool:
    haystack = normalise(answer)
    return any(normalise(form) in haystack for form in (text, *aliases) if form.strip())


def key_fact_recall(answer: str, facts: Sequence[tuple[str, Sequence[str]]], abstained: bool = False) -> float:
    if not facts:
        return 0.0
    if abstained:
        return 0.0
    return sum(fact_present(answer, text, aliases) for text, aliases in facts) / len(facts)


def citation_correct(citation: Cited, spans: Sequence[Span]) -> bool:
    return any(contains(citation, span) for span in spans)


def citation_precision(citations: Sequence[Cited], spans: Sequence[Span]) -> float | None:
    """None when there is nothing cited (the answer abstained): precision is undefined, not 0."""
    if not citations:
        return None
    return sum(citation_correct(c, spans) for c in citations) / len(citations)


def quote_overlaps(citation: Cited, span: Span) -> bool:
    if not _same_source(citation.source, span.source):
        return False
    if citation.start >= 0 and span.start >= 0:
        return citation.start < span.end and span.start < citation.end
    quote, gold = normalise(citation.quote), normalise(span.text)
    return bool(quote) and (quote in gold or gold in quote)


def citation_recall(citations: Sequence[Cited], spans: Sequence[Span]) -> float:
    if not spans:
        return 0.0
    return sum(any(quote_overlaps(c, s) for c in citations) for s in spans) / len(spans)


def quote_valid(citation: Cited, article_text: str) -> bool:
    return (
        bool(citation.quote)
        and 0 <= citation.start < citation.end
        and article_text[citation.start : citation.end] == citation.quote
    )


def abstention_scores(pairs: Sequence[tuple[bool, bool]]) -> dict[str, float]:
    """``pairs`` of (abstained, answerable). Abstaining on an unanswerable question is a true positive."""
    tp = sum(1 for abstained, answerable in pairs if abstained and not answerable)
    fp = sum(1 for abstained, answerable in pairs if abstained and answerable)
    fn = sum(1 for abstained, answerable in pairs if not abstained and not answerable)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def followup_correct(answerable: bool, abstained: bool, fact_recall: float, precision: float | None) -> bool:
    if not answerable:
        return abstained
    return not abstained and fact_recall >= 0.5 and (precision or 0.0) > 0.0


# -- aggregation --------------------------------------------------------------------------------


def percentile(values: Sequence[float], q: float) -> float:
    """Linear-interpolated percentile (q in 0..100), like numpy's default."""
    if not values:
        return 0.0
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def bootstrap_ci(
    rows: Sequence, statistic: Callable[[Sequence], float], samples: int = 1000, seed: int = 7
) -> tuple[float, float]:
    """95% percentile-bootstrap interval of ``statistic`` over ``rows`` resampled with replacement."""
    if not rows:
        return (0.0, 0.0)
    rng = random.Random(seed)
    n = len(rows)
    stats = [statistic([rows[rng.randrange(n)] for _ in range(n)]) for _ in range(samples)]
    return (percentile(stats, 2.5), percentile(stats, 97.5))


# -- abstention thresholds --------------------------------------------------------------------------


def best_threshold(points: Sequence[tuple[float, bool]], max_false_refusals: float | None = None) -> float:
    """``points``: (confidence, answerable). Abstain below the returned value: the cut with the best
    abstention F1 (fewest false refusals among equals). ``max_false_refusals``: only cuts that refuse at
    most this share of the answerable questions count (issue 21's bound, 0.05): where the confidence
    barely separates the two, the best F1 alone is "abstain on everything"."""
    values = sorted({c for c, _ in points})
    cuts = [values[0] - 1e-6] + [(a + b) / 2 for a, b in zip(values, values[1:])] + [values[-1] + 1e-6]
    answerable_count = sum(1 for _, answerable in points if answerable) or 1

    def refused(cut: float) -> int:
        return sum(1 for c, answerable in points if answerable and c < cut)

    if max_false_refusals is not None:
        cuts = [cut for cut in cuts if refused(cut) <= max_false_refusals * answerable_count] or cuts[:1]

    def quality(cut: float) -> tuple[float, int]:
        pairs = [(c < cut, answerable) for c, answerable in points]
        return abstention_scores(pairs)["f1"], -refused(cut)

    return max(cuts, key=quality)


def leave_one_out(points: Sequence[tuple[float, bool]]) -> dict[str, float]:
    pairs = []
    for i, (confidence, answerable) in enumerate(points):
        cut = best_threshold([p for j, p in enumerate(points) if j != i])
        pairs.append((confidence < cut, answerable))
    return abstention_scores(pairs)
